"""``results/summary.csv``: one row per paper, with its counts, or the error that stopped it.

Built by the ``summary`` rule when every paper succeeded, and by the workflow's ``onerror``
handler otherwise, so a failed paper still has its row and its error.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from extract.records import read_records

COLUMNS = ["paper", "status", "error", "pages", "blocks", "sentences_src", "sentences_tgt",
           "pairs", "table_cells", "claims", "checks_pass", "checks_fail", "checks_warn",
           "checks_missing", "seconds", "warnings"]


def _log_lines(log: Path) -> list[str]:
    return [line.strip() for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
            if line.strip()]


def _is_remark(line: str, paper: str) -> bool:
    """A warning or a note a stage wrote for this paper: never an error."""
    return line.startswith((f"{paper}: warning: ", f"{paper}: note: "))


def paper_error(paper: str, log_dir: Path, bench_dir: Path) -> str:
    """Why the paper did not complete: for each job that failed, its stage (the log's name), the
    first reason it wrote for this paper (else its log's last line), and its log.

    A job failed when its log has no benchmark file in ``bench_dir`` written after it: Snakemake
    writes one when the job succeeds, and leaves an older one (of an earlier run) in place when
    it fails. Warnings and notes are never taken for the reason.
    """
    reasons = []
    for log in sorted(log_dir.glob("*.log")) if log_dir.is_dir() else []:
        bench = bench_dir / f"{log.stem}.tsv"
        if bench.is_file() and bench.stat().st_mtime_ns >= log.stat().st_mtime_ns:
            continue  # this job succeeded
        lines = [line for line in _log_lines(log) if not _is_remark(line, paper)]
        own = [line.removeprefix(f"{paper}: ") for line in lines if line.startswith(f"{paper}: ")]
        if own or lines:
            reasons.append(f"{log.stem}: {own[0] if own else lines[-1]} (see {log})")
    return "; ".join(reasons) or "did not complete (see the Snakemake log)"


def _warnings(paper: str, log_dir: Path) -> str:
    found = []
    for log in sorted(log_dir.glob("*.log")) if log_dir.is_dir() else []:
        for line in _log_lines(log):
            if line.startswith(f"{paper}: warning: "):
                found.append(line.removeprefix(f"{paper}: warning: "))
    return "; ".join(found)


def benchmark_seconds(bench_dir: Path | None) -> str | None:
    """Seconds a paper's jobs took, summed from their Snakemake benchmark files (None if none)."""
    files = sorted(bench_dir.glob("*.tsv")) if bench_dir and bench_dir.is_dir() else []
    total = 0.0
    for path in files:
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
        total += float(rows[-1]["s"]) if rows else 0.0
    return f"{total:.1f}" if files else None


def paper_row(paper: str, languages: Sequence[str], paper_dir: Path, log_dir: Path,
              bench_dir: Path) -> dict[str, str]:
    """The summary row of one paper from what its run left on disk."""
    row = dict.fromkeys(COLUMNS, "")
    row["paper"] = paper
    row["warnings"] = _warnings(paper, log_dir)
    if not (paper_dir / "done").is_file():
        row.update(status="failed", error=paper_error(paper, log_dir, bench_dir))
        return row
    layout = json.loads((paper_dir / "layout.json").read_text(encoding="utf-8"))
    sentences = read_records(paper_dir / "sentences.csv")
    checks = read_records(paper_dir / "checks.csv")
    table = read_records(paper_dir / "table_long.csv")
    row.update(
        status="ok",
        pages=str(len(layout["pages"])),
        blocks=str(len(read_records(paper_dir / "blocks.csv"))),
        sentences_src=str(sum(r["lang"] == languages[0] for r in sentences)),
        sentences_tgt=str(sum(r["lang"] == languages[1] for r in sentences)),
        pairs=str(len(read_records(paper_dir / "alignment.csv"))),
        table_cells=str(len(table)) if (paper_dir / "table.csv").is_file() else "",
        claims=str(len(read_records(paper_dir / "claims.csv"))),
        seconds=benchmark_seconds(bench_dir) or "",
    )
    for status in ("pass", "fail", "warn", "missing"):
        row[f"checks_{status}"] = str(sum(r["status"] == status for r in checks))
    return row


def write_summary(papers: Mapping[str, Mapping], results: Path, out: Path,
                  logs: Path = Path("logs"), benchmarks: Path = Path("benchmarks")) -> None:
    rows = [paper_row(paper, entry["languages"], results / paper, logs / paper, benchmarks / paper)
            for paper, entry in sorted(papers.items())]
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_summary_files(papers: Mapping[str, Mapping], summary_csv: Path, index_html: Path) -> None:
    """summary.csv and the index page listing its papers, both in the results directory."""
    from extract.report import write_index  # the page's imports only where it is written

    results = summary_csv.parent
    write_summary(papers, results, summary_csv)
    write_index(summary_csv, results, index_html)
