"""Accuracy of bilingua on a corpus of real articles with gold (a benchmark, not a test).

Runs the workflow as a user runs it (Snakemake, one config listing every paper of the corpus with
its languages and table label from its ``gold/meta.json``) and scores each paper against its gold:

- status (``ok``, or the error of ``summary.csv``);
- per language: abstract exact and its character error rate, keywords exact, title exact;
- the table (where the gold has ``table.csv``): cells exact (share of the gold's cells equal at
  the same row and column) and shape right.

It prints one row per paper and the totals, writes everything to a JSON file, and says which
papers got worse than the baseline (``bench/accuracy-baseline.json``). With ``--check`` it exits 1
on a regression against the baseline: a paper lost, or an abstract, keyword list, title or table
that was exact and no longer is. ``--update-baseline`` writes the baseline from this run.

    .venv/bin/python bench/accuracy.py                       # ../shared/papers
    .venv/bin/python bench/accuracy.py --corpus DIR --cores 2 --out accuracy.json
    .venv/bin/python bench/accuracy.py --rescore WORKDIR     # score a finished run again

Gold conventions (``../shared/papers/README.md``): abstracts NFC, one paragraph per line, without
their label; a translated title at the head of an abstract (``abstract_prefix_in_pdf``) may be
there or not; keywords one per line without label and closing full stop. Comparison folds runs
of white space only: everything else must be equal.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the measures the tests and benchmarks share

from scoring import character_error_rate  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "papers"
BASELINE = REPO / "bench" / "accuracy-baseline.json"
# A corpus paper with one abstract still needs two configured languages: the second is the one a
# user of that journal would most likely name, English (French for an English paper).
FILLER_LANGUAGE = {"en": "fr"}


def corpus_papers(corpus: Path) -> dict[str, dict]:
    """Every paper of the corpus that has gold, with its meta.json."""
    papers = {}
    for meta_path in sorted(corpus.glob("*/gold/meta.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        paper_dir = meta_path.parent.parent
        if (paper_dir / "source.pdf").is_file():
            papers[paper_dir.name] = meta
    return papers


def paper_config(corpus: Path, paper: str, meta: dict) -> dict:
    languages = list(meta["languages"])[:2]
    if len(languages) == 1:
        languages.append(FILLER_LANGUAGE.get(languages[0], "en"))
    entry = {"pdf": str((corpus / paper / "source.pdf").resolve()), "languages": languages}
    if meta.get("table_label"):
        entry["table"] = meta["table_label"]
    return entry


def run_workflow(corpus: Path, papers: dict[str, dict], workdir: Path, cores: int) -> float:
    """The workflow on every paper in a copy of the repository's workflow; its wall seconds."""
    for name in ("Snakefile", "workflow", "resources"):
        source = REPO / name
        target = workdir / name
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target)
    config = {"results": "results",
              "papers": {paper: paper_config(corpus, paper, meta) for paper, meta in papers.items()}}
    (workdir / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=True),
                                         encoding="utf-8")
    started = time.monotonic()
    with (workdir / "snakemake.log").open("w", encoding="utf-8") as log:
        subprocess.run([sys.executable, "-m", "snakemake", "--cores", str(cores), "--keep-going"],
                       cwd=workdir, stdout=log, stderr=subprocess.STDOUT, check=False)
    return time.monotonic() - started


def normalise(text: str) -> list[str]:
    """Non-empty lines, NFC, runs of white space folded."""
    text = unicodedata.normalize("NFC", text)
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def read_lines(path: Path) -> list[str] | None:
    return normalise(path.read_text(encoding="utf-8")) if path.is_file() else None


def without_prefix(lines: list[str], prefix: str | None) -> list[str]:
    """The abstract with a translated title at its head removed (gold: either form is right)."""
    if not prefix or not lines:
        return lines
    prefix = " ".join(unicodedata.normalize("NFC", prefix).split())
    head = lines[0]
    if head == prefix or head.rstrip(".") == prefix.rstrip("."):
        return lines[1:]
    if head.startswith(prefix):
        rest = head[len(prefix):].lstrip(" .:")
        return ([rest] if rest else []) + lines[1:]
    return lines


def score_abstract(gold: list[str], got: list[str] | None, prefix: str | None) -> dict:
    got = without_prefix(got or [], prefix)
    gold_text, got_text = "\n".join(gold), "\n".join(got)
    cer = character_error_rate(got_text, gold_text)
    return {"exact": got == gold, "cer": round(cer, 4)}


def clean_keywords(lines: list[str]) -> list[str]:
    return [line.rstrip(".").strip() for line in lines]


def text_title(path: Path) -> str | None:
    """The title line (``# ...``) of a text.<lang>.md."""
    if not path.is_file():
        return None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return " ".join(unicodedata.normalize("NFC", line[2:]).split())
    return None


def read_grid(path: Path) -> list[list[str]] | None:
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        return [[" ".join(unicodedata.normalize("NFC", cell).split()) for cell in row]
                for row in csv.reader(handle)]


def score_table(gold: list[list[str]], got: list[list[str]] | None) -> dict:
    cells = sum(len(row) for row in gold)
    exact = 0
    for r, row in enumerate(gold):
        for c, cell in enumerate(row):
            if got and r < len(got) and c < len(got[r]) and got[r][c] == cell:
                exact += 1
    shape = bool(got) and len(got) == len(gold) and all(
        len(a) == len(b) for a, b in zip(got, gold, strict=False))
    return {"cells": cells, "cells_exact": exact, "shape": shape, "exact": got == gold}


def summary_rows(results: Path) -> dict[str, dict]:
    path = results / "summary.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["paper"]: row for row in csv.DictReader(handle)}


def score_paper(corpus: Path, paper: str, meta: dict, results: Path, summary: dict) -> dict:
    gold_dir = corpus / paper / "gold"
    out_dir = results / paper
    row = summary.get(paper, {})
    scored: dict = {"paper": paper, "status": row.get("status") or "missing",
                    "error": row.get("error", ""), "abstracts": {}, "keywords": {}, "titles": {}}
    prefixes = meta.get("abstract_prefix_in_pdf") or {}
    for gold_file in sorted(gold_dir.glob("abstract.*.txt")):
        lang = gold_file.name.split(".")[1]
        scored["abstracts"][lang] = score_abstract(
            normalise(gold_file.read_text(encoding="utf-8")),
            read_lines(out_dir / f"abstract.{lang}.txt"), prefixes.get(lang))
    for gold_file in sorted(gold_dir.glob("keywords.*.txt")):
        lang = gold_file.name.split(".")[1]
        got = read_lines(out_dir / f"keywords.{lang}.txt")
        scored["keywords"][lang] = {"exact": got is not None and clean_keywords(got) == clean_keywords(
            normalise(gold_file.read_text(encoding="utf-8")))}
    for gold_file in sorted(gold_dir.glob("title.*.txt")):
        lang = gold_file.name.split(".")[1]
        gold_title = " ".join(normalise(gold_file.read_text(encoding="utf-8")))
        scored["titles"][lang] = {"exact": text_title(out_dir / f"text.{lang}.md") == gold_title}
    gold_table = read_grid(gold_dir / "table.csv")
    if gold_table is not None:
        scored["table"] = score_table(gold_table, read_grid(out_dir / "table.csv"))
    return scored


def totals(scores: list[dict]) -> dict:
    def share(kind: str) -> tuple[int, int]:
        flags = [item["exact"] for s in scores for item in s[kind].values()]
        return sum(flags), len(flags)

    tables = [s["table"] for s in scores if "table" in s]
    cers = [item["cer"] for s in scores for item in s["abstracts"].values()]
    return {
        "papers": len(scores),
        "papers_ok": sum(s["status"] == "ok" for s in scores),
        "abstracts_exact": share("abstracts"),
        "abstract_mean_cer": round(sum(cers) / max(1, len(cers)), 4),
        "keywords_exact": share("keywords"),
        "titles_exact": share("titles"),
        "table_cells_exact": (sum(t["cells_exact"] for t in tables), sum(t["cells"] for t in tables)),
        "table_shapes_right": (sum(t["shape"] for t in tables), len(tables)),
        "tables_exact": (sum(t["exact"] for t in tables), len(tables)),
    }


def regressions(scores: list[dict], baseline: dict) -> list[str]:
    """What was right in the baseline and is not now: a paper lost, an exact output no longer so."""
    before = {s["paper"]: s for s in baseline.get("papers", [])}
    found = []
    for now in scores:
        old = before.get(now["paper"])
        if old is None:
            continue
        if old["status"] == "ok" and now["status"] != "ok":
            found.append(f"{now['paper']}: lost ({now['error'] or now['status']})")
        for kind in ("abstracts", "keywords", "titles"):
            for lang, item in old[kind].items():
                if item["exact"] and not now[kind].get(lang, {}).get("exact"):
                    found.append(f"{now['paper']}: {kind[:-1]} {lang} no longer exact")
        if old.get("table", {}).get("exact") and not now.get("table", {}).get("exact"):
            found.append(f"{now['paper']}: table no longer exact")
    return found


def mark(flag: bool | None) -> str:
    return "-" if flag is None else ("✓" if flag else "✗")


def print_rows(scores: list[dict]) -> None:
    print(f"{'paper':42} {'status':7} {'abstracts (cer)':34} {'keywords':14} {'titles':12} table")
    for s in scores:
        abstracts = " ".join(f"{lang}{mark(a['exact'])}({a['cer']:.2f})"
                             for lang, a in s["abstracts"].items())
        keywords = " ".join(f"{lang}{mark(k['exact'])}" for lang, k in s["keywords"].items())
        titles = " ".join(f"{lang}{mark(t['exact'])}" for lang, t in s["titles"].items())
        table = ""
        if "table" in s:
            t = s["table"]
            table = f"{t['cells_exact']}/{t['cells']} shape {mark(t['shape'])}"
        status = s["status"] if s["status"] == "ok" else f"{s['status']}: {s['error'][:60]}"
        print(f"{s['paper']:42} {status:7} {abstracts:34} {keywords:14} {titles:12} {table}")


def print_totals(summed: dict) -> None:
    def ratio(pair: tuple[int, int]) -> str:
        done, total = pair
        return f"{done}/{total} ({100 * done / max(1, total):.0f} %)"

    print(f"\npapers ok        {summed['papers_ok']}/{summed['papers']}")
    print(f"abstracts exact  {ratio(summed['abstracts_exact'])}, mean CER {summed['abstract_mean_cer']}")
    print(f"keywords exact   {ratio(summed['keywords_exact'])}")
    print(f"titles exact     {ratio(summed['titles_exact'])}")
    print(f"table cells      {ratio(summed['table_cells_exact'])}; shapes right "
          f"{ratio(summed['table_shapes_right'])}; tables exact {ratio(summed['tables_exact'])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="folder of papers, each with source.pdf and gold/ (default ../shared/papers)")
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--workdir", type=Path, help="where the workflow runs (default: a temporary folder)")
    parser.add_argument("--rescore", type=Path, metavar="WORKDIR", help="score a finished run, do not run")
    parser.add_argument("--papers", nargs="*", help="only these papers of the corpus")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "accuracy.json")
    parser.add_argument("--baseline", type=Path, default=BASELINE)
    parser.add_argument("--check", action="store_true", help="exit 1 on a regression against the baseline")
    parser.add_argument("--update-baseline", action="store_true")
    args = parser.parse_args(argv)

    corpus = args.corpus.resolve()
    if not corpus.is_dir():
        print(f"accuracy: no corpus at {corpus}", file=sys.stderr)
        return 2
    papers = corpus_papers(corpus)
    if args.papers:
        papers = {paper: meta for paper, meta in papers.items() if paper in args.papers}
    seconds = None
    if args.rescore:
        workdir = args.rescore
    else:
        workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bilingua-accuracy-"))
        workdir.mkdir(parents=True, exist_ok=True)
        seconds = run_workflow(corpus, papers, workdir, args.cores)
    results = workdir / "results"
    summary = summary_rows(results)
    scores = [score_paper(corpus, paper, meta, results, summary) for paper, meta in papers.items()]
    summed = totals(scores)
    print_rows(scores)
    print_totals(summed)
    print(f"\nworkflow: {workdir}" + (f", {seconds:.0f} s with --cores {args.cores}" if seconds else ""))

    report = {"corpus": str(corpus), "seconds": seconds, "totals": summed, "papers": scores}
    args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                        encoding="utf-8")
    found = []
    if args.baseline.is_file():
        found = regressions(scores, json.loads(args.baseline.read_text(encoding="utf-8")))
        print("\nworse than the baseline:" if found else "\nnothing worse than the baseline")
        for line in found:
            print(f"  {line}")
    if args.update_baseline:
        args.baseline.write_text(json.dumps({"totals": summed, "papers": scores}, indent=1,
                                            ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        print(f"baseline written: {args.baseline}")
    return 1 if args.check and found else 0


if __name__ == "__main__":
    sys.exit(main())
