"""Kill and rerun: SIGKILL the whole workflow at a random moment of a corpus run, rerun it, and
compare with a clean run (a benchmark, not a test).

The kill is what a crash or a power cut does: Snakemake and every job it started are frozen
(SIGSTOP, so none can start another) and then killed (SIGKILL), at a moment drawn with a fixed
seed between 5 % and 95 % of the clean run's time. The rerun is what a user types after that:

    snakemake --unlock
    snakemake --cores 2 --keep-going --rerun-incomplete

Each round passes when the rerun's ``results/`` holds exactly the clean run's files, byte for byte
(report.html without its "time taken", summary.csv and index.html without their ``seconds``:
measurements), and nothing else: no partial file left behind. The clean run also shows that no
job writes outside its declared outputs: every file under ``results/`` is one Snakemake lists as
an output (``snakemake --summary``), but for the table files, which exist only when the table was
found (Snakemake has no optional outputs, and a checkpoint would make the DAG unknown before the
run): the table stage of ``read_pdf`` writes them or removes any of an earlier run, and a paper
that fails keeps no files (the Snakefile's ``onerror``). They are listed apart as
``conditional_outputs``.

    .venv/bin/python bench/killrerun.py --corpus ../shared/papers --rounds 5 --out /tmp/kill.json
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from accuracy import DEFAULT_CORPUS, corpus_papers, paper_config  # noqa: E402
from fuzz import BUNDLED, REPORT_TIME, prepare, snapshot_environment  # noqa: E402

from extract.cli import TABLE_FILES  # noqa: E402

# A small paper of the corpus beside the bundled one: a run of a few minutes on 2 shared cores.
CORPUS_PAPERS = ("rsp-38-02-0223",)
SECONDS_CELL = re.compile(r'<td class="seconds[^"]*">[^<]*</td>')


def corpus_config(corpus: Path) -> dict[str, dict]:
    papers = {"isatuximab-2022": {"pdf": str(BUNDLED), "languages": ["it", "en"], "table": "Tabella 1"}}
    found = corpus_papers(corpus) if corpus.is_dir() else {}
    for name in CORPUS_PAPERS:
        if name in found:
            papers[name] = paper_config(corpus, name, found[name])
    return papers


def snakemake(workdir: Path, *options: str) -> subprocess.Popen:
    log = (workdir / "snakemake.log").open("a", encoding="utf-8")
    return subprocess.Popen([sys.executable, "-m", "snakemake", "--cores", "2", "--keep-going",
                             *options], cwd=workdir, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True, env=snapshot_environment(workdir))


def kill_everything(root: subprocess.Popen) -> int:
    """Freeze Snakemake and all its descendants, then SIGKILL them all; how many were killed."""
    import psutil

    frozen: dict[int, psutil.Process] = {}
    while True:
        try:
            family = [psutil.Process(root.pid), *psutil.Process(root.pid).children(recursive=True)]
        except psutil.NoSuchProcess:
            family = []
        new = [process for process in family if process.pid not in frozen]
        if not new:
            break
        for process in new:
            try:
                process.suspend()
                frozen[process.pid] = process
            except psutil.NoSuchProcess:
                pass
    for process in frozen.values():
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    root.wait()
    return len(frozen)


def normalised(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name == "report.html":
        return REPORT_TIME.sub("", data.decode("utf-8")).encode("utf-8")
    if path.name == "index.html":
        return SECONDS_CELL.sub("", data.decode("utf-8")).encode("utf-8")
    if path.name == "summary.csv":
        lines = data.decode("utf-8").splitlines()
        column = lines[0].split(",").index("seconds")
        import csv
        import io

        rows = [row[:column] + row[column + 1:] for row in csv.reader(io.StringIO("\n".join(lines)))]
        return json.dumps(rows).encode("utf-8")
    return data


def tree(results: Path) -> dict[str, bytes]:
    return {path.relative_to(results).as_posix(): normalised(path)
            for path in sorted(results.rglob("*")) if path.is_file()}


def differences(clean: dict[str, bytes], other: dict[str, bytes]) -> list[str]:
    names = sorted(set(clean) | set(other))
    return [name if name in clean and name in other else f"{name} (only in "
            f"{'the clean run' if name in clean else 'the rerun'})"
            for name in names if clean.get(name) != other.get(name)]


def undeclared(workdir: Path) -> tuple[list[str], list[str]]:
    """Files under results/ that no rule declares as an output: the table files (the workflow's
    one kind of conditional output, see extract.cli.TABLE_FILES) and any other (a defect)."""
    listed = subprocess.run([sys.executable, "-m", "snakemake", "--summary", "--cores", "1"],
                            cwd=workdir, capture_output=True, text=True, check=False).stdout
    declared = {line.split("\t")[0] for line in listed.splitlines()[1:] if line.strip()}
    files = sorted(path.relative_to(workdir).as_posix() for path in (workdir / "results").rglob("*")
                   if path.is_file() and path.relative_to(workdir).as_posix() not in declared)
    conditional = [name for name in files if Path(name).name in TABLE_FILES]
    return conditional, [name for name in files if name not in conditional]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bilingua-killrerun"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    papers = corpus_config(args.corpus)
    limits = {"seconds": 600, "memory_mb": 4096}
    if args.workdir.exists():
        shutil.rmtree(args.workdir)

    clean_dir = args.workdir / "clean"
    prepare(clean_dir, papers, limits)
    started = time.monotonic()
    snakemake(clean_dir).wait()
    clean_seconds = time.monotonic() - started
    clean = tree(clean_dir / "results")
    conditional, other = undeclared(clean_dir)
    report = {"papers": sorted(papers), "clean_seconds": round(clean_seconds, 1),
              "clean_files": len(clean), "conditional_outputs": conditional,
              "undeclared_outputs": other, "rounds": []}
    print(f"clean run: {clean_seconds:.0f} s, {len(clean)} files", flush=True)
    for number in range(1, args.rounds + 1):
        workdir = args.workdir / f"round-{number}"
        prepare(workdir, papers, limits)
        at = rng.uniform(0.05, 0.95) * clean_seconds
        run = snakemake(workdir)
        time.sleep(at)
        killed = kill_everything(run)
        left = sorted(p.relative_to(workdir).as_posix() for p in (workdir / "results").rglob("*")
                      if p.is_file()) if (workdir / "results").is_dir() else []
        incomplete = len(list((workdir / ".snakemake" / "incomplete").glob("*"))) \
            if (workdir / ".snakemake" / "incomplete").is_dir() else 0
        subprocess.run([sys.executable, "-m", "snakemake", "--unlock", "--cores", "1"], cwd=workdir,
                       capture_output=True, check=False)
        started = time.monotonic()
        code = snakemake(workdir, "--rerun-incomplete").wait()
        rerun_seconds = time.monotonic() - started
        differ = differences(clean, tree(workdir / "results"))
        record = {"round": number, "killed_at_seconds": round(at, 1), "processes_killed": killed,
                  "files_at_kill": len(left), "incomplete_marked_at_kill": incomplete,
                  "rerun_exit": code, "rerun_seconds": round(rerun_seconds, 1),
                  "identical": not differ, "differ": differ}
        report["rounds"].append(record)
        print(json.dumps(record), flush=True)
    report["all_identical"] = all(r["identical"] for r in report["rounds"])
    out = args.out or args.workdir / "killrerun.json"
    out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "rounds"}, indent=1))
    return 0 if report["all_identical"] and not report["undeclared_outputs"] else 1


if __name__ == "__main__":
    sys.exit(main())
