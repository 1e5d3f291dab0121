"""Speed and memory of bilingua against the budget of issue 9 (a script, not a test).

Reports, on the bundled paper and on the papers beside the repository (``../shared/papers``):

1. per page, our whole extraction stage (``parse_pdf`` + ``read_blocks``) against pdfplumber's
   bare ``page.extract_words()`` over the same pages in this process (median of --runs, after one
   warm-up run that fills the lexicon cache and imports everything);
2. the whole workflow on the bundled paper (``snakemake --cores 2`` from scratch in a temporary
   copy, --runs times): wall time, peak memory, the time and memory of every rule from its
   ``benchmark:`` file, the ratio to one bare pdfplumber pass plus one interpreter start (one
   process, interleaved with the runs), and what Snakemake alone costs a run;
3. a corpus of --copies papers (copies of the bundled paper and of the other papers, each with its
   own id) with ``--cores 1`` and ``--cores 2``: wall time and speed-up, beside the speed-up two
   CPU-bound processes get on this machine at that moment;
4. the fixed cost of a job: interpreter start and the imports of every stage, and which stages
   load spaCy;
5. peak memory of the parse and blocks stages on a generated PDF of --large-pages pages.

Snakemake never runs in the repository: every run gets its own copy of Snakefile, workflow/ and
resources/ under a temporary directory, with a generated config.yaml.

    .venv/bin/python bench/benchmark.py                    # everything (several minutes)
    .venv/bin/python bench/benchmark.py --skip-corpus --out /tmp/bench.md
"""

from __future__ import annotations

import argparse
import ast
import csv
import inspect
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import pdfplumber  # noqa: E402

from extract.document import read_blocks  # noqa: E402
from extract.pdf import parse_pdf  # noqa: E402

PAPERS_DIR = REPO.parent / "shared" / "papers"
PYTHON = sys.executable
GNU_TIME = Path("/usr/bin/time")
# The papers beside the repository that config.yaml does not list: their languages (body first)
# and table label, as the shared papers' README gives them.
OTHER_PAPERS = {
    "acta-amazonica-2023": {"languages": ["en", "pt"]},
    "rsp-2011-2708": {"languages": ["pt", "en"], "table": "Tabela 1"},
}
# Issue 9's budget.
EXTRACTION_RATIO_MAX = 1.5
WORKFLOW_RATIO_MAX = 3.0
SPEEDUP_MIN = 1.7
PEAK_MIB_MAX = 1024
SECTIONS = ["per-page", "workflow", "corpus", "fixed", "large"]


@dataclass
class Measured:
    """One command run as a child process: wall seconds, peak resident memory, exit status."""

    seconds: float
    peak_mib: float
    cpu_seconds: float  # user + system time of the command and all its descendants
    returncode: int
    stderr: str


def measure(command: Sequence[str], cwd: Path | None = None) -> Measured:
    """Run `command`; its peak memory is the largest resident set of it and its descendants
    (GNU time's, or getrusage(RUSAGE_CHILDREN) of a fresh wrapper process when time is missing)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        if GNU_TIME.is_file():
            wrapped = [str(GNU_TIME), "-v", "-o", report.name, *command]
        else:
            wrapper = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[2:]); "
                       "usage = resource.getrusage(resource.RUSAGE_CHILDREN); "
                       "open(sys.argv[1], 'w').write('User time (seconds): %f\\nSystem time "
                       "(seconds): 0\\nMaximum resident set size (kbytes): %d\\n' % "
                       "(usage.ru_utime + usage.ru_stime, usage.ru_maxrss)); sys.exit(code)")
            wrapped = [PYTHON, "-c", wrapper, report.name, *command]
        start = time.perf_counter()
        run = subprocess.run(wrapped, cwd=cwd, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        text = Path(report.name).read_text()
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    peak = int(found.group(1)) / 1024 if found else float("nan")
    cpu = sum(float(value) for value in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", text))
    return Measured(seconds, peak, cpu, run.returncode, run.stderr)


def median_seconds(function: Callable[[], object], runs: int) -> float:
    """Median wall time of `runs` calls, after one warm-up call."""
    function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_command(command: Sequence[str], runs: int) -> float:
    return median_seconds(lambda: subprocess.run(command, capture_output=True, check=True), runs)


# ---------------------------------------------------------------------------------------------
# papers and workflow copies


@dataclass
class Paper:
    id: str
    pdf: Path
    entry: dict  # its config.yaml entry, paths relative to the repository


def papers() -> list[Paper]:
    """The bundled paper (from config.yaml) first, then the other papers found beside the repo."""
    config = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    found = [Paper(pid, REPO / entry["pdf"], entry) for pid, entry in config["papers"].items()]
    for pid, entry in OTHER_PAPERS.items():
        pdf = PAPERS_DIR / pid / "source.pdf"
        if pdf.is_file() and pid not in config["papers"]:
            found.append(Paper(pid, pdf, {"pdf": f"resources/papers/{pid}/source.pdf", **entry}))
    return found


def workflow_copy(corpus: dict[str, Paper], prefix: str) -> Path:
    """A temporary copy of the workflow whose config lists `corpus` (id → paper), each paper with
    its own copy of its PDF."""
    root = Path(tempfile.mkdtemp(prefix=f"bilingua-{prefix}-", dir="/tmp"))
    shutil.copy(REPO / "Snakefile", root / "Snakefile")
    shutil.copytree(REPO / "workflow", root / "workflow")
    shutil.copytree(REPO / "resources", root / "resources")
    entries = {}
    for pid, paper in corpus.items():
        pdf = Path("resources") / "papers" / pid / "source.pdf"
        (root / pdf).parent.mkdir(parents=True, exist_ok=True)
        if not (root / pdf).is_file():
            shutil.copy(paper.pdf, root / pdf)
        entries[pid] = {**paper.entry, "pdf": str(pdf)}
    config = {"results": "results", "papers": entries}
    (root / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return root


def snakemake(root: Path, cores: int, *options: str) -> Measured:
    return measure([PYTHON, "-m", "snakemake", "--cores", str(cores), "--keep-going",
                    "--snakefile", str(root / "Snakefile"), "--directory", str(root), *options],
                   cwd=root)


def failed_papers(root: Path) -> list[str]:
    summary = root / "results" / "summary.csv"
    if not summary.is_file():
        return ["all (no summary.csv)"]
    with summary.open(encoding="utf-8", newline="") as handle:
        return [f"{row['paper']} ({row['error'] or row['status']})"
                for row in csv.DictReader(handle) if row["status"] != "ok"]


def rule_benchmarks(root: Path, paper: str) -> list[tuple[str, float, float]]:
    """(rule, seconds, max_rss MiB) of every job of `paper` with a benchmark file."""
    rows = []
    for tsv in sorted((root / "benchmarks" / paper).glob("*.tsv")):
        with tsv.open(encoding="utf-8", newline="") as handle:
            row = next(csv.DictReader(handle, delimiter="\t"))
        rss = float(row["max_rss"]) if row["max_rss"] not in ("", "NA", "-") else float("nan")
        rows.append((tsv.stem, float(row["s"]), rss))
    return rows


# ---------------------------------------------------------------------------------------------
# 1. per page


def bare_pass(pdf: Path) -> int:
    """pdfplumber's bare pass: extract_words on every page; the number of pages."""
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            page.extract_words()
            page.close()
        return len(document.pages)


def per_page(paper: Paper, runs: int) -> dict:
    """Seconds per page of the bare pass and of our two steps, their runs interleaved so that a
    change of the machine's load falls on all three alike."""
    languages = paper.entry["languages"]
    layout = parse_pdf(paper.pdf)
    steps = {"bare": lambda: bare_pass(paper.pdf), "parse": lambda: parse_pdf(paper.pdf),
             "blocks": lambda: read_blocks(layout, languages)}
    times: dict[str, list[float]] = {name: [] for name in steps}
    for run in range(runs + 1):  # the first run warms up (imports, lexicon cache)
        for name, step in steps.items():
            start = time.perf_counter()
            step()
            if run:
                times[name].append(time.perf_counter() - start)
    pages = len(layout)
    bare, parse, blocks = (statistics.median(times[name]) for name in steps)
    return {"paper": paper.id, "pages": pages, "bare": bare / pages, "parse": parse / pages,
            "blocks": blocks / pages, "ours": (parse + blocks) / pages,
            "ratio": (parse + blocks) / bare}


# ---------------------------------------------------------------------------------------------
# 2. one paper through the workflow


# One process that imports pdfplumber and runs its bare pass: "the bare pdfplumber pass plus one
# interpreter start" of issue 9, measured as such.
BARE_PROCESS = ("import sys, pdfplumber\n"
                "with pdfplumber.open(sys.argv[1]) as document:\n"
                "    for page in document.pages:\n"
                "        page.extract_words()\n")


def whole_workflow(paper: Paper, runs: int) -> dict:
    """The paper from scratch through `snakemake --cores 2`, `runs` times (each in a fresh copy,
    interleaved with the bare process so that the machine's load falls on both alike)."""
    walls, bares, run, rules = [], [], None, []
    for _ in range(runs):
        root = workflow_copy({paper.id: paper}, "one")
        run = snakemake(root, 2)
        if run.returncode != 0:
            raise SystemExit(f"snakemake failed in {root}:\n{run.stderr[-3000:]}")
        walls.append(run.seconds)
        bares.append(measure([PYTHON, "-c", BARE_PROCESS, str(paper.pdf)]).seconds)
        rules = rule_benchmarks(root, paper.id)
        dry = snakemake(root, 2, "--forceall", "--dry-run", "--quiet")
        shutil.rmtree(root)
    wall, bare = statistics.median(walls), statistics.median(bares)
    return {"wall": wall, "walls": walls, "peak": run.peak_mib, "cpu": run.cpu_seconds,
            "rules": rules, "dry_run": dry.seconds, "bare": bare,
            "snakemake_floor": snakemake_floor(runs),
            "bare_in_process": median_seconds(lambda: bare_pass(paper.pdf), runs),
            "ratio": wall / bare}


def snakemake_floor(runs: int) -> float:
    """Wall time of Snakemake running a workflow of one job that does nothing: its own start (read
    the workflow, build the DAG) and finish, which every run pays whatever its jobs cost."""
    times = []
    for _ in range(runs):
        root = Path(tempfile.mkdtemp(prefix="bilingua-floor-", dir="/tmp"))
        (root / "Snakefile").write_text('rule nothing:\n    output: "done"\n    shell: "touch {output}"\n',
                                        encoding="utf-8")
        times.append(snakemake(root, 2).seconds)
        shutil.rmtree(root)
    return statistics.median(times)


# ---------------------------------------------------------------------------------------------
# 3. the corpus


def corpus(found: list[Paper], copies: int) -> dict:
    papers_by_id = {f"{found[i % len(found)].id}-c{i + 1:02d}": found[i % len(found)]
                    for i in range(copies)}
    result = {"copies": copies, "mix": {p.id: sum(q is p for q in papers_by_id.values())
                                        for p in found}}
    for cores in (1, 2):
        root = workflow_copy(papers_by_id, f"corpus{cores}")
        if cores == 1:
            result["dry_run"] = snakemake(root, cores, "--dry-run", "--quiet").seconds
        load = os.getloadavg()[0]
        run = snakemake(root, cores)
        result[cores] = {"wall": run.seconds, "peak": run.peak_mib, "cpu": run.cpu_seconds,
                         "load_before": load,
                         "load_after": os.getloadavg()[0], "returncode": run.returncode,
                         "failed": failed_papers(root)}
        shutil.rmtree(root)
    result["speedup"] = result[1]["wall"] / result[2]["wall"]
    result["machine"] = machine_speedup()
    return result


# A CPU-bound child process: the same work alone and two at once says how much two processes
# can gain on this machine at this moment (virtual cores may share a physical one, or a busy host).
SPIN = "x = 0\nfor i in range(20_000_000):\n    x += i * i\n"


def machine_speedup(rounds: int = 3) -> dict:
    """The best speed-up two processes can have here: the median over `rounds` of the time of one
    spin alone against two spins at once (the slower of the two)."""
    ratios = []
    for _ in range(rounds):
        alone = measure([PYTHON, "-c", SPIN]).seconds
        start = time.perf_counter()
        both = [subprocess.Popen([PYTHON, "-c", SPIN]) for _ in range(2)]
        for child in both:
            child.wait()
        ratios.append(2 * alone / (time.perf_counter() - start))
    return {"speedup": statistics.median(ratios), "ratios": ratios}


# ---------------------------------------------------------------------------------------------
# 4. fixed cost per job


def stage_imports(function: Callable) -> str:
    """The import statements in a stage's body (the cli imports what a stage needs lazily)."""
    tree = ast.parse(inspect.cleandoc("\n" + inspect.getsource(function)))
    return "\n".join(ast.unparse(node) for node in ast.walk(tree)
                     if isinstance(node, ast.Import | ast.ImportFrom))


def fixed_costs(runs: int) -> dict:
    from extract.cli import STAGES

    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    commands = {
        "python -c pass": [PYTHON, "-c", "pass"],
        "import extract.cli": [PYTHON, "-c", "import extract.cli"],
        "python -m extract.cli --help": [PYTHON, "-m", "extract.cli", "--help"],
        "import pdfplumber": [PYTHON, "-c", "import pdfplumber"],
        "import pandas": [PYTHON, "-c", "import pandas"],
        "import spacy": [PYTHON, "-c", "import spacy"],
    }
    cheap = {name: median_command(command, runs) for name, command in commands.items()}
    stages = {}
    for name, function in sorted(STAGES.items()):
        code = f"import extract.cli\n{stage_imports(function)}\nimport sys\nprint('spacy' in sys.modules)"
        check = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, env=env, check=True)
        stages[name] = {"seconds": median_command([PYTHON, "-c", code], runs),
                        "spacy": check.stdout.strip() == "True"}
    return {"cheap": cheap, "stages": stages}


# ---------------------------------------------------------------------------------------------
# 5. a long PDF


def long_pdf(path: Path, pages: int, paragraphs: dict[str, list[str]]) -> None:
    """A two-column article of `pages` pages: a title and abstracts in both languages, then a few
    paragraphs of body text per column, with a heading now and then (the texts are the bundled
    paper's own blocks, so the language detector sees real prose)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate, Paragraph

    styles = getSampleStyleSheet()
    width, height = A4
    margin, gutter = 50, 20
    column = (width - 2 * margin - gutter) / 2
    frames = [Frame(margin + i * (column + gutter), margin, column, height - 2 * margin,
                    id=f"col{i}") for i in range(2)]
    document = BaseDocTemplate(str(path), pagesize=A4)
    document.addPageTemplates([PageTemplate(id="two", frames=frames)])
    body_lang, other_lang = list(paragraphs)
    body, other = paragraphs[body_lang], paragraphs[other_lang]
    story = [Paragraph("A long synthetic article", styles["Title"]),
             Paragraph(other[0], styles["BodyText"])]
    for index in range(pages * 2 - 1):  # one frame break per column
        for k in range(3):
            text = body[(3 * index + k) % len(body)] if index % 7 else other[index % len(other)]
            story.append(Paragraph(text[:600], styles["BodyText"]))
        if index % 5 == 0:
            story.append(Paragraph(f"{index // 5 + 1}. {body[index % len(body)][:40]}",
                                   styles["Heading3"]))
        story.append(FrameBreak())
    document.build(story)


def large_pdf(paper: Paper, pages: int) -> dict:
    languages = paper.entry["languages"]
    found = read_blocks(parse_pdf(paper.pdf), languages)
    paragraphs = {lang: [b.text for b in found if b.lang == lang and b.role in ("body", "abstract")
                         and len(b.text) > 200] for lang in languages}
    workdir = Path(tempfile.mkdtemp(prefix="bilingua-large-", dir="/tmp"))
    pdf = workdir / "long.pdf"
    long_pdf(pdf, pages, paragraphs)
    printed = bare_pass(pdf)
    cli = [PYTHON, "-m", "extract.cli", "--paper", "long"]
    parse = measure([*cli[:3], "parse", *cli[3:], "--inputs", str(pdf),
                     "--outputs", str(workdir / "layout.json")], cwd=REPO)
    blocks = measure([*cli[:3], "blocks", *cli[3:], "--languages", *languages,
                      "--inputs", str(workdir / "layout.json"),
                      "--outputs", str(workdir / "blocks.csv")], cwd=REPO)
    layout_mib = (workdir / "layout.json").stat().st_size / 2**20
    shutil.rmtree(workdir)
    return {"pages": printed, "parse": parse, "blocks": blocks, "layout_mib": layout_mib}


# ---------------------------------------------------------------------------------------------
# report


def machine() -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) / 2**20 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), float("nan"))
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    return [f"- date: {date.today().isoformat()}",
            f"- CPU: {cpu}, `nproc` = {os.cpu_count()}, RAM {memory:.1f} GiB",
            f"- Python {platform.python_version()}, pdfplumber {pdfplumber.__version__}",
            f"- load average (1/5/15 min) at the start: {load}"]


def verdict(met: bool) -> str:
    return "**met**" if met else "**NOT met**"


def format_per_page(rows: list[dict]) -> list[str]:
    lines = ["## 1. Extraction per page (ms/page, median)", "",
             "| paper | pages | bare extract_words | parse_pdf | read_blocks | ours (both) | ratio |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['paper']} | {r['pages']} | {1000 * r['bare']:.1f} | {1000 * r['parse']:.1f} "
                     f"| {1000 * r['blocks']:.1f} | {1000 * r['ours']:.1f} | {r['ratio']:.2f}× |")
    worst = max(r["ratio"] for r in rows)
    lines += ["", f"Target ≤ {EXTRACTION_RATIO_MAX}×: worst {worst:.2f}×, "
              f"{verdict(worst <= EXTRACTION_RATIO_MAX)}.", ""]
    return lines


def format_workflow(paper: Paper, w: dict) -> list[str]:
    lines = [f"## 2. Whole workflow on {paper.id} (`--cores 2`)", "",
             f"- wall {w['wall']:.1f} s, CPU {w['cpu']:.1f} s (all processes), peak memory "
             f"(largest process) {w['peak']:.0f} MiB",
             f"- wall of each run: {', '.join(f'{s:.1f}' for s in w['walls'])} s (median "
             f"{w['wall']:.1f} s)",
             f"- bare pdfplumber pass plus one interpreter start (one process: `import pdfplumber`, "
             f"`extract_words` on every page) {w['bare']:.2f} s (the pass alone, in a warm process: "
             f"{w['bare_in_process']:.2f} s) → ratio {w['ratio']:.1f}× (target ≤ "
             f"{WORKFLOW_RATIO_MAX}×: {verdict(w['ratio'] <= WORKFLOW_RATIO_MAX)})",
             f"- Snakemake alone (`--forceall --dry-run`: parse the workflow, build the DAG): "
             f"{w['dry_run']:.1f} s; Snakemake running a workflow of one empty job (its start and "
             f"finish, paid by every run): {w['snakemake_floor']:.1f} s = "
             f"{w['snakemake_floor'] / w['bare']:.1f}× the bare pass; the workflow without it: "
             f"({w['wall']:.1f} − {w['snakemake_floor']:.1f}) / {w['bare']:.2f} = "
             f"{(w['wall'] - w['snakemake_floor']) / w['bare']:.1f}×", "",
             "| rule | s | max_rss MiB |", "|---|---:|---:|"]
    total = 0.0
    for rule, seconds, rss in sorted(w["rules"], key=lambda row: -row[1]):
        lines.append(f"| {rule} | {seconds:.2f} | {rss:.0f} |")
        total += seconds
    lines += [f"| **sum of jobs** | {total:.2f} | |", ""]
    return lines


def format_corpus(c: dict) -> list[str]:
    mix = ", ".join(f"{count} × {pid}" for pid, count in c["mix"].items())
    lines = [f"## 3. Corpus of {c['copies']} papers ({mix})", "",
             "| cores | wall s | CPU s (all processes) | CPU / wall | peak MiB | load before → after "
             "| failed papers |",
             "|---:|---:|---:|---:|---:|---|---|"]
    for cores in (1, 2):
        r = c[cores]
        lines.append(f"| {cores} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['cpu'] / r['wall']:.2f} "
                     f"| {r['peak']:.0f} | {r['load_before']:.2f} → "
                     f"{r['load_after']:.2f} | {', '.join(r['failed']) or 'none'} |")
    lines += ["", f"Speed-up {c['speedup']:.2f}× (target ≥ {SPEEDUP_MIN}×: "
              f"{verdict(c['speedup'] >= SPEEDUP_MIN)}). Snakemake alone on this corpus "
              f"(`--dry-run`): {c['dry_run']:.1f} s. CPU / wall near 2 with `--cores 2` means both "
              "cores were ours; well under 2, other processes had them or jobs waited.", "",
              f"The machine's own ceiling at the time: two CPU-bound processes at once ran "
              f"{c['machine']['speedup']:.2f}× faster than one after the other (rounds: "
              f"{', '.join(f'{r:.2f}' for r in c['machine']['ratios'])}); the corpus got "
              f"{c['speedup'] / c['machine']['speedup']:.0%} of it.", ""]
    return lines


def format_fixed(f: dict) -> list[str]:
    lines = ["## 4. Fixed cost per job (fresh interpreter, median)", "",
             "| command | s |", "|---|---:|"]
    lines += [f"| `{name}` | {seconds:.3f} |" for name, seconds in f["cheap"].items()]
    lines += ["", "| stage | its imports (s, with the interpreter) | loads spaCy |", "|---|---:|---|"]
    lines += [f"| {name} | {s['seconds']:.3f} | {'yes' if s['spacy'] else 'no'} |"
              for name, s in f["stages"].items()]
    spacy_stages = sorted(name for name, s in f["stages"].items() if s["spacy"])
    lines += ["", f"Stages that load spaCy: {', '.join(spacy_stages) or 'none'}.", ""]
    return lines


def format_large(large: dict) -> list[str]:
    lines = [f"## 5. A generated PDF of {large['pages']} pages", "",
             "| stage | wall s | peak MiB | exit |", "|---|---:|---:|---:|"]
    for name in ("parse", "blocks"):
        m = large[name]
        lines.append(f"| {name} | {m.seconds:.1f} | {m.peak_mib:.0f} | {m.returncode} |")
    peak = max(large["parse"].peak_mib, large["blocks"].peak_mib)
    lines += ["", f"layout.json {large['layout_mib']:.1f} MiB. Peak {peak:.0f} MiB "
              f"(target < {PEAK_MIB_MAX} MiB: {verdict(peak < PEAK_MIB_MAX)}).", ""]
    for name in ("parse", "blocks"):
        if large[name].returncode:
            lines += [f"{name} failed: `{large[name].stderr.strip()[-300:]}`", ""]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=20, help="papers in the corpus (default 20)")
    parser.add_argument("--skip-corpus", action="store_true", help="skip the corpus runs (3.)")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=SECTIONS,
                        help="run only these parts")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per median (default 3)")
    parser.add_argument("--large-pages", type=int, default=300, help="pages of the long PDF (5.)")
    parser.add_argument("--out", type=Path, help="also write the report (Markdown) to this file")
    args = parser.parse_args(argv)

    found = papers()
    lines = ["# bilingua benchmark", "", *machine(), ""]

    def section(title: str, produce: Callable[[], list[str]]) -> None:
        print(f"[bench] {title}...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        lines.extend(produce())
        print(f"[bench] {title}: {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)

    parts = {
        "per-page": lambda: format_per_page([per_page(p, args.runs) for p in found]),
        "workflow": lambda: format_workflow(found[0], whole_workflow(found[0], args.runs)),
        "corpus": lambda: format_corpus(corpus(found, args.copies)),
        "fixed": lambda: format_fixed(fixed_costs(args.runs)),
        "large": lambda: format_large(large_pdf(found[0], args.large_pages)),
    }
    for name in SECTIONS:
        if name in args.only and not (name == "corpus" and args.skip_corpus):
            section(name, parts[name])
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    lines += [f"Load average (1/5/15 min) at the end: {load}", ""]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
