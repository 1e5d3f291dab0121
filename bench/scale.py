"""How the workflow's cost grows with the number of papers, and the cost of one more paper.

A script, not a test (BENCHMARKS.md, "Scale"). Parts (``--only``):

- ``runs``: corpora of N copies of a 2-page bilingual paper made from the bundled PDF (pages 1-2:
  both abstracts), ``--cores 2``, from scratch: wall per paper, and Snakemake's own process apart
  from its jobs (its own CPU per job and per paper, its own peak memory, read from /proc while
  it runs); then a rerun with nothing to do, and a rerun after one PDF changed (the jobs it ran).
- ``dry``: the dry run from scratch at N up to 10 000.
- ``rerun``: the rerun with nothing to do at N=1000 (--rerun-size), on a corpus made by cloning
  the results and Snakemake's records of one finished paper (the largest ``runs`` corpus), so
  that no thousand papers have to run first.
- ``corpus``: the workflow on a real corpus (../shared/papers) at ``--cores 2`` against the bare
  pdfplumber pass (``extract_words`` on every page) over the same PDFs in 2 processes, in turns.

Every workflow runs in a temporary copy (/tmp/bilingua-scale-*), never in the repository.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from accuracy import DEFAULT_CORPUS, corpus_papers, paper_config

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "resources" / "papers" / "isatuximab-2022" / "source.pdf"
SNAKEMAKE = [sys.executable, "-m", "snakemake"]
TEMPLATE = "p00001"  # the first paper of a made corpus; clones take its results
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# The bare pass of one process over its share of the PDFs (the paths are its arguments).
BARE_PROCESS = ("import sys, pdfplumber\n"
                "for path in sys.argv[1:]:\n"
                "    with pdfplumber.open(path) as pdf:\n"
                "        for page in pdf.pages:\n"
                "            page.extract_words()\n")


@dataclass
class Run:
    """One Snakemake invocation: wall, its own CPU and peak memory, its jobs' CPU, jobs run."""
    wall: float
    own_cpu: float
    own_peak_mb: float
    jobs_cpu: float
    jobs: int
    returncode: int
    output: str


def run_snakemake(root: Path, *options: str, cores: int = 2, timeout: float | None = None) -> Run:
    """Snakemake in ``root``, its own process sampled from /proc every 0.1 s (its CPU without its
    children's, its peak resident memory); interrupted (SIGINT) after ``timeout`` seconds."""
    log = (root / "snakemake.out").open("w", encoding="utf-8")
    started = time.monotonic()
    process = subprocess.Popen([*SNAKEMAKE, "--cores", str(cores), *options], cwd=root,
                               stdout=log, stderr=subprocess.STDOUT,
                               # a background script's children would ignore SIGINT
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    own = jobs = peak = 0.0
    interrupted = False
    while process.poll() is None:
        if timeout and not interrupted and time.monotonic() - started > timeout:
            process.send_signal(signal.SIGINT)
            interrupted = True
        try:
            fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            status = Path(f"/proc/{process.pid}/status").read_text()
        except (FileNotFoundError, ProcessLookupError):
            break
        own = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
        jobs = (int(fields[13]) + int(fields[14])) / CLOCK_TICKS  # cutime, cstime
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]) / 1024)
        time.sleep(0.1)
    process.wait()
    wall = time.monotonic() - started
    log.close()
    output = (root / "snakemake.out").read_text(encoding="utf-8")
    return Run(wall, own, peak, jobs, output.count("Finished jobid"), process.returncode, output)


def small_pdf(path: Path, pages: int = 2) -> Path:
    """The bundled PDF's first pages (both abstracts are on page 1)."""
    import pypdfium2

    source = pypdfium2.PdfDocument(str(BUNDLED))
    made = pypdfium2.PdfDocument.new()
    made.import_pages(source, list(range(pages)))
    made.save(str(path))
    return path


def workflow_copy(prefix: str) -> Path:
    root = Path(tempfile.mkdtemp(prefix=f"bilingua-scale-{prefix}-"))
    shutil.copy2(REPO / "Snakefile", root / "Snakefile")
    for name in ("workflow", "resources"):
        shutil.copytree(REPO / name, root / name)
    return root


def paper_id(number: int) -> str:
    return f"p{number:05d}"


def made_corpus(root: Path, papers: int) -> None:
    """``papers`` hard links to one 2-page PDF, and their config (no table asked: a warning)."""
    pdfs = root / "pdfs"
    pdfs.mkdir(exist_ok=True)
    first = small_pdf(pdfs / f"{TEMPLATE}.pdf")
    for number in range(2, papers + 1):
        os.link(first, pdfs / f"{paper_id(number)}.pdf")
    config = {"results": "results", "papers": {
        paper_id(number): {"pdf": f"pdfs/{paper_id(number)}.pdf", "languages": ["it", "en"]}
        for number in range(1, papers + 1)}}
    (root / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def change_one_pdf(root: Path, paper: str) -> None:
    """New bytes for one paper's PDF (a comment after %%EOF: the document is the same)."""
    pdf = root / "pdfs" / f"{paper}.pdf"
    data = pdf.read_bytes() + b"\n% changed\n"
    pdf.unlink()
    pdf.write_bytes(data)


def runs_part(sizes: list[int], options: list[str], timeout: float | None) -> list[dict]:
    rows = []
    for papers in sizes:
        root = workflow_copy(f"n{papers}")
        made_corpus(root, papers)
        full = run_snakemake(root, "--keep-going", *options, timeout=timeout)
        row = {"papers": papers, "root": str(root), "ok": full.returncode == 0}
        if full.returncode == 0:  # the reruns need a finished corpus
            again = run_snakemake(root, *options)
            change_one_pdf(root, paper_id(papers))
            changed = run_snakemake(root, *options)
            row |= {"nothing_to_do_s": again.wall, "nothing_to_do_cpu": again.own_cpu,
                    "nothing_to_do_jobs": again.jobs,
                    "one_changed_s": changed.wall, "one_changed_jobs": changed.jobs}
        done = max(len(list((root / "results").glob("*/done"))), 1)  # fewer if interrupted
        row |= {"papers_done": done, "wall": full.wall, "wall_per_paper": full.wall / done,
                "own_cpu": full.own_cpu, "own_cpu_per_job": full.own_cpu / max(full.jobs, 1),
                "own_cpu_per_paper": full.own_cpu / done, "own_peak_mb": full.own_peak_mb,
                "jobs_cpu_per_paper": full.jobs_cpu / done, "jobs": full.jobs}
        rows.append(row)
        print(json.dumps(rows[-1]), flush=True)
    return rows


def dry_part(sizes: list[int], options: list[str]) -> list[dict]:
    rows = []
    for papers in sizes:
        root = workflow_copy(f"dry{papers}")
        made_corpus(root, papers)
        dry = run_snakemake(root, "--dry-run", *options)
        rows.append({"papers": papers, "ok": dry.returncode == 0, "wall": dry.wall,
                     "own_cpu": dry.own_cpu, "own_peak_mb": dry.own_peak_mb})
        print(json.dumps(rows[-1]), flush=True)
        shutil.rmtree(root)
    return rows


def _metadata_name(path: str) -> str:
    return base64.urlsafe_b64encode(path.encode()).decode()


def cloned_corpus(finished: Path, papers: int) -> Path:
    """A corpus of ``papers`` whose every paper is done: the results, logs, benchmarks and
    Snakemake's records (.snakemake/metadata) of the finished corpus's first paper, cloned."""
    root = workflow_copy(f"clone{papers}")
    made_corpus(root, papers)
    long_ago = time.time() - 86400  # the PDFs (hard links: one file) older than the cloned outputs
    os.utime(root / "pdfs" / f"{TEMPLATE}.pdf", (long_ago, long_ago))
    metadata = finished / ".snakemake" / "metadata"
    records = {}
    for record in metadata.iterdir():
        path = base64.urlsafe_b64decode(record.name.encode()).decode()
        if f"/{TEMPLATE}/" in path:
            records[path] = record.read_text(encoding="utf-8")
    target = root / ".snakemake" / "metadata"
    target.mkdir(parents=True)
    for number in range(1, papers + 1):
        paper = paper_id(number)
        for folder in ("results", "logs", "benchmarks"):
            shutil.copytree(finished / folder / TEMPLATE, root / folder / paper)
        for path, text in records.items():
            (target / _metadata_name(path.replace(TEMPLATE, paper))).write_text(
                text.replace(TEMPLATE, paper), encoding="utf-8")
    return root


def rerun_part(finished: Path, papers: int, options: list[str]) -> dict:
    root = cloned_corpus(finished, papers)
    built = run_snakemake(root, *options)  # only the summary of the cloned papers is missing
    again = run_snakemake(root, *options)
    change_one_pdf(root, paper_id(papers))
    changed = run_snakemake(root, *options)
    row = {"papers": papers, "summary_s": built.wall, "summary_jobs": built.jobs,
           "nothing_to_do_s": again.wall, "nothing_to_do_cpu": again.own_cpu,
           "nothing_to_do_jobs": again.jobs,
           "nothing_to_do_peak_mb": again.own_peak_mb, "one_changed_s": changed.wall,
           "one_changed_jobs": changed.jobs}
    print(json.dumps(row), flush=True)
    shutil.rmtree(root)
    return row


def bare_pass(pdfs: list[Path], processes: int = 2) -> tuple[float, float]:
    """Wall and CPU seconds of the bare pass over ``pdfs``, shared among ``processes`` processes
    (the largest first, each to the least loaded process)."""
    shares: list[list[Path]] = [[] for _ in range(processes)]
    loads = [0] * processes
    for pdf in sorted(pdfs, key=lambda p: p.stat().st_size, reverse=True):
        least = loads.index(min(loads))
        shares[least].append(pdf)
        loads[least] += pdf.stat().st_size
    started = time.monotonic()
    running = [subprocess.Popen([sys.executable, "-c", BARE_PROCESS, *map(str, share)])
               for share in shares if share]
    cpu = 0.0
    for process in running:
        _, _, usage = os.wait4(process.pid, 0)
        cpu += usage.ru_utime + usage.ru_stime
    return time.monotonic() - started, cpu


def corpus_part(corpus: Path, rounds: int, options: list[str]) -> dict:
    papers = corpus_papers(corpus)
    if not papers:
        raise SystemExit(f"no paper with gold in {corpus} (--corpus)")
    pdfs = [corpus / paper / "source.pdf" for paper in papers]
    walls, bares, cpus, bare_cpus = [], [], [], []
    for _ in range(rounds):
        bare, bare_cpu = bare_pass(pdfs)
        bares.append(bare)
        bare_cpus.append(bare_cpu)
        root = workflow_copy("corpus")
        config = {"results": "results", "papers": {
            paper: paper_config(corpus, paper, meta) for paper, meta in papers.items()}}
        (root / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True),
                                          encoding="utf-8")
        run = run_snakemake(root, "--keep-going", *options)
        walls.append(run.wall)
        cpus.append(run.own_cpu + run.jobs_cpu)
        print(json.dumps({"workflow": run.wall, "bare": bares[-1], "root": str(root),
                          "own_cpu": run.own_cpu, "jobs_cpu": run.jobs_cpu}), flush=True)
    bare, bare_cpu = bare_pass(pdfs)
    bares.append(bare)
    bare_cpus.append(bare_cpu)
    middle = len(walls) // 2
    row = {"papers": len(papers), "workflow_walls": walls, "bare_walls": bares,
           "workflow_cpus": cpus, "bare_cpus": bare_cpus,
           "ratio": sorted(walls)[middle] / sorted(bares)[len(bares) // 2],
           "cpu_ratio": sorted(cpus)[middle] / sorted(bare_cpus)[len(bare_cpus) // 2]}
    print(json.dumps(row), flush=True)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--only", nargs="+", default=["runs", "dry", "rerun", "corpus"],
                        choices=["runs", "dry", "rerun", "corpus"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[25, 100, 400])
    parser.add_argument("--dry-sizes", nargs="+", type=int, default=[25, 1000, 10000])
    parser.add_argument("--rerun-size", type=int, default=1000)
    parser.add_argument("--finished", type=Path, default=None,
                        help="a finished made corpus to clone for `rerun` (default: the last of `runs`)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=1, help="corpus runs, each between bare passes")
    parser.add_argument("--scheduler", default="greedy", help="Snakemake's --scheduler")
    parser.add_argument("--subsample", type=int, default=100,
                        help="Snakemake's --scheduler-subsample (0: none), as the profiles set it")
    parser.add_argument("--timeout", type=float, default=None,
                        help="seconds after which a `runs` run is interrupted (its figures so far)")
    parser.add_argument("--out", type=Path, default=None, help="also write the results as JSON")
    args = parser.parse_args()
    options = ["--scheduler", args.scheduler]
    if args.subsample:
        options += ["--scheduler-subsample", str(args.subsample)]
    results: dict[str, object] = {"scheduler": args.scheduler, "subsample": args.subsample}
    if "runs" in args.only:
        results["runs"] = runs_part(args.sizes, options, args.timeout)
    if "dry" in args.only:
        results["dry"] = dry_part(args.dry_sizes, options)
    if "rerun" in args.only:
        finished = args.finished or Path(results["runs"][-1]["root"])
        results["rerun"] = rerun_part(finished, args.rerun_size, options)
    if "corpus" in args.only:
        results["corpus"] = corpus_part(args.corpus, args.rounds, options)
    if args.out:
        args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
