"""Fuzz campaign: hundreds of damaged and hostile PDFs through the workflow in one run (a benchmark,
not a test; a few of its mutants run in tests/test_fuzz.py).

From the bundled paper and a few small PDFs of ``../shared/papers`` it makes mutants with a fixed
seed: flipped bytes, runs of random bytes, truncation at random offsets, a damaged
cross-reference table or object stream, content streams removed, a page tree that loops, absurd
page counts and sizes, rotated and zero-size pages, deeply nested objects, embedded JavaScript and
attachments, HTML and ``<script>`` in the metadata; and PDFs it writes itself (reportlab): a page
of 100 000 characters, a 2 000-page PDF, text with bidi overrides, NUL and control characters,
HTML and ``<script>`` in the text, a hostile file name. It runs them all, beside two good papers,
in ONE Snakemake run with small job bounds (``limits:``), then a run of the two good papers alone,
and records per mutant: outcome (``ok``, ``ok with warnings``, ``failed``), the reason, seconds and
peak memory of its jobs. It checks the acceptance of issue 20:

- no job ran past its time bound (plus the grace of ``extract.cli.HARD_STOP_GRACE``);
- the run did not crash: summary.csv has every paper;
- every failed mutant has its own reason: a stage, a reason written in that paper's own log (not
  a warning, no other paper's), and the log's path;
- the two good papers' outputs are byte-identical to their run alone (the report's "time taken"
  aside: it is a measurement);
- every mutant qpdf can repair into a PDF pdfplumber reads is read (not failed as corrupt).

    .venv/bin/python bench/fuzz.py --workdir /tmp/fuzz --out /tmp/fuzz.json
    .venv/bin/python bench/fuzz.py --count 20 --cores 2      # a quick sample
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "src"))

from accuracy import DEFAULT_CORPUS, corpus_papers, paper_config  # noqa: E402

from extract.cli import HARD_STOP_GRACE  # noqa: E402
from extract.repair import REPAIRED_WARNING, repaired  # noqa: E402

BUNDLED = REPO / "resources" / "papers" / "isatuximab-2022" / "source.pdf"
# Small corpus papers the byte-level mutants start from (besides the bundled one): quick to run.
CORPUS_SOURCES = ("rsp-38-02-0223", "aa-49-03-179", "sens-public-2015-1136")
# The good papers run beside the mutants, and alone.
GOOD = ("isatuximab-2022", "aa-49-03-179")
# Job bounds of the fuzz run: small, so that a pathological mutant costs little of 2 cores.
LIMITS = {"seconds": 60, "memory_mb": 1536}
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ITALIAN = ("La molecola CD38 è diventata un bersaglio per la terapia mediata da anticorpi del "
           "mieloma multiplo, fornendo risultati clinici favorevoli e una tossicità gestibile.")
ENGLISH = ("The CD38 molecule has become a target for antibody therapy of multiple myeloma, "
           "giving favourable clinical results and a toxicity the patient can manage.")
# A TrueType font that ships with reportlab: the text layer keeps any character, controls too.
UNICODE_FONT = Path(__import__("reportlab").__file__).parent / "fonts" / "Vera.ttf"


@dataclass
class Source:
    name: str
    pdf: Path
    languages: list[str]


@dataclass
class Mutant:
    paper: str
    kind: str
    source: str
    languages: list[str]
    pdf: str


# ---------------------------------------------------------------------------------------------
# mutations of a real PDF's bytes


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 10, 100))):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def random_run(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    start = rng.randrange(len(out))
    for index in range(start, min(len(out), start + rng.randint(16, 256))):
        out[index] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: int(len(data) * rng.uniform(0.02, 0.999))]


def damage_xref(data: bytes, rng: random.Random) -> bytes:
    """The cross-reference table's offsets scrambled, or startxref pointing nowhere."""
    out = bytearray(data)
    way = rng.choice(("offsets", "startxref", "keyword"))
    if way == "offsets":
        for found in re.finditer(rb"\d{10} \d{5} [nf]", data):
            if rng.random() < 0.5:
                out[found.start():found.start() + 10] = b"%010d" % rng.randrange(10**10)
    elif way == "startxref":
        for found in re.finditer(rb"startxref\s+(\d+)", data):
            digits = found.group(1)
            out[found.start(1):found.end(1)] = str(rng.randrange(10 ** len(digits))).zfill(
                len(digits)).encode()
    else:
        out = bytearray(data.replace(b"xref", b"xrf!"))
    return bytes(out)


def damage_streams(data: bytes, rng: random.Random) -> bytes:
    """Bytes flipped inside object streams (or, without any, inside other streams)."""
    spans = [m.end() for m in re.finditer(rb"/ObjStm", data)] or [m.end() for m in
                                                                   re.finditer(rb"stream\r?\n", data)]
    out = bytearray(data)
    for start in rng.sample(spans, min(len(spans), 3)):
        for _ in range(20):
            index = min(len(out) - 1, start + rng.randrange(400))
            out[index] = rng.randrange(256)
    return bytes(out)


BYTE_MUTATIONS: list[tuple[str, Callable[[bytes, random.Random], bytes], int]] = [
    ("flip", flip_bytes, 70),
    ("random-run", random_run, 20),
    ("truncate", truncate, 50),
    ("xref", damage_xref, 15),
    ("object-stream", damage_streams, 10),
]


# ---------------------------------------------------------------------------------------------
# structural mutations (pikepdf)


def _with_pikepdf(source: Path, out: Path, change: Callable) -> None:
    import pikepdf

    with pikepdf.open(source) as pdf:
        change(pdf, pikepdf)
        pdf.save(out, deterministic_id=True)


def streams_removed(pdf, pikepdf) -> None:
    for page in pdf.pages:
        if "/Contents" in page.obj:
            del page.obj["/Contents"]


def streams_emptied(pdf, pikepdf) -> None:
    for page in pdf.pages:
        page.obj.Contents = pdf.make_stream(b"")


def looping_tree(pdf, pikepdf) -> None:
    pages = pdf.Root.Pages
    pages.Kids.append(pages)  # the page tree holds itself


def absurd_count(count: int) -> Callable:
    def change(pdf, pikepdf) -> None:
        pdf.Root.Pages.Count = count
    return change


def page_box(box: list[float]) -> Callable:
    def change(pdf, pikepdf) -> None:
        for page in pdf.pages:
            page.obj.MediaBox = pikepdf.Array(box)
            if "/CropBox" in page.obj:
                del page.obj["/CropBox"]
    return change


def rotated(degrees: int) -> Callable:
    def change(pdf, pikepdf) -> None:
        for page in pdf.pages:
            page.obj.Rotate = degrees
    return change


def javascript(pdf, pikepdf) -> None:
    action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('x');"))
    pdf.Root.OpenAction = pdf.make_indirect(action)
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(
        Names=pikepdf.Array([pikepdf.String("x"), pdf.make_indirect(action)])))


def attachment(pdf, pikepdf) -> None:
    pdf.attachments["evil.html"] = pikepdf.AttachedFileSpec(pdf, HOSTILE.encode(),
                                                            mime_type="text/html")


def hostile_metadata(pdf, pikepdf) -> None:
    pdf.docinfo["/Title"] = HOSTILE
    pdf.docinfo["/Author"] = "\u202eevil\u202c \x00 " + HOSTILE
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = HOSTILE


STRUCTURAL: list[tuple[str, Callable]] = [
    ("streams-removed", streams_removed),
    ("streams-emptied", streams_emptied),
    ("page-tree-loop", looping_tree),
    ("page-count-huge", absurd_count(10**9)),
    ("page-count-negative", absurd_count(-5)),
    ("page-size-huge", page_box([0, 0, 10**7, 10**7])),
    ("page-size-negative", page_box([0, 0, -600, -800])),
    ("page-size-zero", page_box([0, 0, 0, 0])),
    ("rotate-90", rotated(90)),
    ("rotate-270", rotated(270)),
    ("rotate-45", rotated(45)),
    ("javascript", javascript),
    ("attachment", attachment),
    ("metadata-html", hostile_metadata),
]


def deeply_nested(source: bytes, depth: int) -> bytes:
    """An object nested ``depth`` arrays deep, added to the file by an incremental update that
    hangs it from the first page (the update's own xref section makes it valid)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(source)) as pdf:
        page = pdf.pages[0].obj
        number, generation = page.objgen
        body = page.unparse().decode("latin-1")
    nested = "[" * depth + "0" + "]" * depth
    updated = body.rstrip()[:-2] + f" /Deep {nested} >>"
    start = len(source) + 1
    addition = f"\n{number} {generation} obj\n{updated}\nendobj\n".encode("latin-1")
    xref_at = start - 1 + len(addition)
    previous = re.findall(rb"startxref\s+(\d+)", source)[-1].decode()
    size = max(int(n) for n in re.findall(rb"(\d+) \d+ obj", source)) + 1
    tail = (f"xref\n0 1\n0000000000 65535 f \n{number} 1\n{start:010d} {generation:05d} n \n"
            f"trailer\n<< /Size {size} /Prev {previous} /Root {_root(source)} >>\n"
            f"startxref\n{xref_at}\n%%EOF\n").encode("latin-1")
    return source + addition + tail


def _root(source: bytes) -> str:
    import pikepdf

    with pikepdf.open(io.BytesIO(source)) as pdf:
        number, generation = pdf.Root.objgen
    return f"{number} {generation} R"


# ---------------------------------------------------------------------------------------------
# PDFs written from scratch (reportlab): a short bilingual article with something in it


def synthetic_paper(path: Path, inject: str = "", pages: int = 1, font: str = "Helvetica",
                    huge_page: bool = False, metadata: str | None = None) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4)
    if font != "Helvetica":
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont("Unicode", str(UNICODE_FONT)))
        font = "Unicode"
    if metadata is not None:
        canvas.setTitle(metadata)
        canvas.setAuthor(metadata)
        canvas.setSubject(metadata)

    def paragraph(y: float, text: str, size: float = 10) -> float:
        canvas.setFont(font, size)
        words, line = text.split(" "), ""
        for word in words:
            if len(line) + len(word) > 85:
                canvas.drawString(60, y, line)
                y, line = y - size * 1.4, ""
            line = f"{line} {word}".strip()
        canvas.drawString(60, y, line)
        return y - size * 2.4

    y = paragraph(790, f"Anticorpi anti-CD38 nel mieloma multiplo {inject}", 16)
    y = paragraph(y, "Riassunto", 11)
    y = paragraph(y, f"{ITALIAN} {inject} {ITALIAN}")
    y = paragraph(y, "Summary", 11)
    y = paragraph(y, f"{ENGLISH} {inject} {ENGLISH}")
    y = paragraph(y, "Introduzione", 11)
    for _ in range(4):
        y = paragraph(y, f"{ITALIAN} {inject} {ITALIAN} {ITALIAN}")
    canvas.showPage()
    if huge_page:  # 100 000 characters on one page, in 1 pt type
        canvas.setFont(font, 1)
        text = (ITALIAN + " ") * (100_000 // (len(ITALIAN) + 1) + 1)
        for row in range(1000):
            canvas.drawString(10, 835 - row * 0.83, text[row * 100:(row + 1) * 100])
        canvas.showPage()
    for number in range(2, pages + 1):  # tiny pages: one line each
        canvas.setFont(font, 10)
        canvas.drawString(60, 790, f"Pagina {number}")
        canvas.showPage()
    canvas.save()
    return path


SYNTHETIC: list[tuple[str, dict]] = [
    ("page-100k-chars", {"huge_page": True}),
    ("pages-2000", {"pages": 2000}),
    ("bidi-override", {"inject": "\u202eesrever ni txet\u202c \u2066isolated\u2069 \u202dforced\u202c",
                       "font": "unicode"}),
    ("bidi-rlo-title", {"inject": "\u202e" + HOSTILE, "font": "unicode"}),
    ("control-chars", {"inject": "NUL\x00here \x01\x02\x07\x1b[31m escape \x7f", "font": "unicode"}),
    ("control-chars-unicode", {"inject": "NUL\x00 \x08\x0b\x0c \u0085 \u2028 \u2029",
                               "font": "unicode"}),
    ("html-text", {"inject": HOSTILE}),
    ("html-text-metadata", {"inject": '"><b onmouseover=alert(1)>x</b>', "metadata": HOSTILE}),
]


# ---------------------------------------------------------------------------------------------


def sources(corpus: Path) -> list[Source]:
    found = [Source("isatuximab-2022", BUNDLED, ["it", "en"])]
    papers = corpus_papers(corpus) if corpus.is_dir() else {}
    for name in CORPUS_SOURCES:
        if name in papers:
            entry = paper_config(corpus, name, papers[name])
            found.append(Source(name, Path(entry["pdf"]), entry["languages"]))
    return found


def generate_mutants(folder: Path, origins: list[Source], seed: int,
                     count: int | None = None) -> list[Mutant]:
    """The mutants, in a fixed order for a seed; ``count`` keeps the first few of each kind (the
    whole set when None)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    mutants: list[Mutant] = []

    def add(kind: str, origin: Source, write: Callable[[Path], None]) -> None:
        paper = f"fuzz-{len(mutants) + 1:03d}-{kind}"
        path = folder / f"{paper}.pdf"
        write(path)
        mutants.append(Mutant(paper, kind, origin.name, origin.languages, str(path)))

    for kind, mutate, times in BYTE_MUTATIONS:
        for index in range(times):
            origin = origins[index % len(origins)]
            data = origin.pdf.read_bytes()
            add(kind, origin, lambda path, data=data, mutate=mutate: path.write_bytes(mutate(data, rng)))
    for kind, change in STRUCTURAL:
        for origin in origins[:2]:
            add(kind, origin, lambda path, origin=origin, change=change:
                _with_pikepdf(origin.pdf, path, change))
    for depth in (100, 5000):
        origin = origins[0]
        add(f"nested-{depth}", origin, lambda path, depth=depth, origin=origin:
            path.write_bytes(deeply_nested(origin.pdf.read_bytes(), depth)))
    italian = Source("synthetic", Path(), ["it", "en"])
    for kind, options in SYNTHETIC:
        add(kind, italian, lambda path, options=options: synthetic_paper(path, **options))
    add("empty-file", origins[0], lambda path: path.write_bytes(b""))
    add("header-only", origins[0], lambda path: path.write_bytes(b"%PDF-1.7\n%%EOF\n"))
    # a file name that is markup and shell: quoted by the rules, escaped by the pages
    hostile_name = folder / "<b onmouseover=alert(1)>x '$(touch pwned)\" & ; `id`.pdf"
    synthetic_paper(hostile_name, inject="hostile file name")
    mutants.append(Mutant(f"fuzz-{len(mutants) + 1:03d}-file-name", "file-name", "synthetic",
                          ["it", "en"], str(hostile_name)))
    if count is not None:
        per_kind = Counter()
        kept = []
        for mutant in mutants:
            per_kind[mutant.kind] += 1
            if per_kind[mutant.kind] <= count:
                kept.append(mutant)
        mutants = kept
    return mutants


def prepare(workdir: Path, papers: dict[str, dict], limits: dict[str, int]) -> None:
    """A copy of the workflow and its package in ``workdir`` with a config of ``papers`` (a long
    run uses the code as it was when it started: see ``run_snakemake``)."""
    workdir.mkdir(parents=True, exist_ok=True)
    for name in ("Snakefile", "workflow", "resources", "src"):
        source, target = REPO / name, workdir / name
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target)
    config = {"results": "results", "limits": limits, "papers": papers}
    (workdir / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=True),
                                         encoding="utf-8")


def snapshot_environment(workdir: Path) -> dict[str, str]:
    """The environment that makes the workflow in ``workdir`` import its own copy of the package."""
    return {**os.environ, "PYTHONPATH": str(workdir / "src")}


def run_snakemake(workdir: Path, cores: int, log_name: str = "snakemake.log") -> int:
    with (workdir / log_name).open("w", encoding="utf-8") as log:
        # the greedy scheduler: the default ILP one spends most of a run on 2 000 jobs scheduling
        return subprocess.run([sys.executable, "-m", "snakemake", "--cores", str(cores),
                               "--keep-going", "--scheduler", "greedy"], cwd=workdir, stdout=log,
                              stderr=subprocess.STDOUT, check=False,
                              env=snapshot_environment(workdir)).returncode


def summary_rows(workdir: Path, papers: dict[str, dict] | None = None) -> dict[str, dict[str, str]]:
    """summary.csv's rows; for a run that was stopped before its end (``papers`` given), the rows
    the summary stage would write from what is on disk, a paper without any failed job being
    ``unfinished``."""
    path = workdir / "results" / "summary.csv"
    if path.is_file():
        with path.open(encoding="utf-8") as handle:
            return {row["paper"]: row for row in csv.DictReader(handle)}
    if not papers:
        return {}
    from extract.summary import paper_row

    rows = {}
    for paper, entry in papers.items():
        row = paper_row(paper, entry["languages"], workdir / "results" / paper,
                        workdir / "logs" / paper, workdir / "benchmarks" / paper)
        if row["error"].startswith("did not complete"):
            row["status"] = "unfinished"
        rows[paper] = row
    return rows


NOTE = re.compile(r": note: the stage ran ([\d.]+) s, peak memory (\d+) MiB")


def job_costs(workdir: Path, paper: str) -> list[tuple[str, float, float]]:
    """(job, seconds, peak MiB) of each of a paper's jobs: from its benchmark file when the job
    succeeded, from the note its log ends with when it failed."""
    costs = []
    for bench in sorted((workdir / "benchmarks" / paper).glob("*.tsv")):
        with bench.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
        if rows:
            rss = rows[-1]["max_rss"]
            costs.append((bench.stem, float(rows[-1]["s"]), float(rss) if rss != "-" else 0.0))
    for log in sorted((workdir / "logs" / paper).glob("*.log")):
        found = NOTE.search(log.read_text(encoding="utf-8", errors="replace"))
        if found:
            costs.append((log.stem, float(found.group(1)), float(found.group(2))))
    return costs


def own_reason(workdir: Path, mutant: Mutant, error: str, others: set[str]) -> str | None:
    """Why the failed mutant's error is not its own true reason, or None when it is."""
    if not error or error.startswith("did not complete"):
        return "no reason given"
    parts = list(re.finditer(r"(\w[\w.]*): (.+?) \(see (logs/[^)]+\.log)\)(?:; |$)", error))
    if not parts or "".join(part.group(0) for part in parts) != error:
        return f"not 'stage: reason (see log)': {error}"
    for part in parts:
        stage, reason, log = part.groups()
        if not log.startswith(f"logs/{mutant.paper}/") or Path(log).stem != stage:
            return f"another job's log: {log}"
        text = (workdir / log).read_text(encoding="utf-8", errors="replace")
        if reason not in text:
            return f"reason not in its own log: {reason}"
        if re.search(r"(^|: )warning: ", reason):
            return f"a warning as the error: {reason}"
    if any(other in error for other in others if other != mutant.paper):
        return "names another paper"
    return None


def readable_after_repair(pdf: Path) -> bool:
    """Whether qpdf mends the file into one pdfplumber reads in full (no page fails), with text."""
    import pdfplumber

    mended = repaired(pdf)
    if mended is None:
        return False
    try:  # every page, as the parse stage reads them
        with pdfplumber.open(io.BytesIO(mended)) as document:
            return any([bool(page.extract_words()) for page in document.pages])
    except Exception:
        return False


REPORT_TIME = re.compile(r"<div><dt>time taken \(s\)</dt><dd>[^<]*</dd></div>")


def same_outputs(first: Path, second: Path) -> list[str]:
    """Files that differ between two results folders of a paper (report.html compared without
    its time taken, a measurement); [] when they are the same."""
    names = sorted({p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file()}
                   | {p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()})
    differ = []
    for name in names:
        a, b = first / name, second / name
        if not (a.is_file() and b.is_file()):
            differ.append(f"{name} (only in one)")
            continue
        one, two = a.read_bytes(), b.read_bytes()
        if name.endswith("report.html"):
            one = REPORT_TIME.sub("", one.decode("utf-8")).encode("utf-8")
            two = REPORT_TIME.sub("", two.decode("utf-8")).encode("utf-8")
        if one != two:
            differ.append(name)
    return differ


def outcome(row: dict[str, str] | None) -> str:
    if row is None:
        return "missing"
    if row["status"] == "unfinished":
        return "unfinished"
    if row["status"] != "ok":
        return "failed"
    return "ok with warnings" if row["warnings"] else "ok"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bilingua-fuzz"))
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--count", type=int, default=None, help="at most this many mutants of each kind")
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--out", type=Path, default=None, help="JSON of the results (default: in workdir)")
    parser.add_argument("--rescore", action="store_true", help="score the runs already in --workdir")
    args = parser.parse_args()

    origins = sources(args.corpus)
    if args.workdir.exists() and not args.rescore:
        shutil.rmtree(args.workdir)
    mutants = generate_mutants(args.workdir / "mutants", origins, args.seed, args.count)
    good = {origin.name: {"pdf": str(origin.pdf.resolve()), "languages": origin.languages}
            for origin in origins if origin.name in GOOD}
    if "isatuximab-2022" in good:
        good["isatuximab-2022"]["table"] = "Tabella 1"
    papers = dict(good) | {m.paper: {"pdf": m.pdf, "languages": m.languages} for m in mutants}
    run_dir, alone_dir = args.workdir / "run", args.workdir / "alone"
    code, wall, alone_wall = None, None, None
    if not args.rescore:
        prepare(run_dir, papers, LIMITS)
        prepare(alone_dir, good, LIMITS)
        print(f"{len(mutants)} mutants and {len(good)} good papers in one run ...", flush=True)
        started = time.monotonic()
        code = run_snakemake(run_dir, args.cores)
        wall = round(time.monotonic() - started, 1)
        started = time.monotonic()
        run_snakemake(alone_dir, args.cores)
        alone_wall = round(time.monotonic() - started, 1)

    rows = summary_rows(run_dir, papers if args.rescore else None)
    records, problems = [], Counter()
    bound = LIMITS["seconds"] + HARD_STOP_GRACE
    for mutant in mutants:
        row = rows.get(mutant.paper)
        costs = job_costs(run_dir, mutant.paper)
        result = outcome(row)
        record = {**asdict(mutant), "outcome": result,
                  "reason": (row or {}).get("error") or (row or {}).get("warnings", ""),
                  "seconds": round(sum(c[1] for c in costs), 2),
                  "peak_mib": max((c[2] for c in costs), default=0.0),
                  "hang": [c[0] for c in costs if c[1] > bound],
                  "repaired": bool(row) and REPAIRED_WARNING in row.get("warnings", "")}
        if result == "failed":
            record["not_own_reason"] = own_reason(run_dir, mutant, row["error"], set(rows))
            record["repairable_but_failed"] = ("parse_pdf:" in row["error"] and "corrupt" in row["error"]
                                               and readable_after_repair(Path(mutant.pdf)))
        records.append(record)
        problems["hangs"] += bool(record["hang"])
        problems["not own reason"] += bool(record.get("not_own_reason"))
        problems["repairable but failed"] += bool(record.get("repairable_but_failed"))
        problems["missing from summary"] += result == "missing"
    differ = {paper: same_outputs(run_dir / "results" / paper, alone_dir / "results" / paper)
              for paper in good}
    outcomes = Counter(r["outcome"] for r in records)
    totals = {
        "mutants": len(mutants), "seed": args.seed, "limits": LIMITS, "cores": args.cores,
        "snakemake_exit": code, "wall_seconds": wall, "alone_wall_seconds": alone_wall,
        "outcomes": dict(outcomes), "recovered_by_repair": sum(r["repaired"] for r in records),
        "run_crashed": not rows or any(p not in rows for p in papers),
        "good_papers_ok": {p: (rows.get(p) or {}).get("status") for p in good},
        "good_papers_differ_from_alone": differ,
        "problems": {name: problems[name] for name in ("hangs", "not own reason",
                                                       "repairable but failed", "missing from summary")},
        "max_job_seconds": max((r["seconds"] for r in records), default=0),
        "max_peak_mib": max((r["peak_mib"] for r in records), default=0),
        "by_kind": {kind: dict(Counter(r["outcome"] for r in records if r["kind"] == kind))
                    for kind in sorted({r["kind"] for r in records})},
    }
    out = args.out or args.workdir / "fuzz.json"
    out.write_text(json.dumps({"totals": totals, "mutants": records}, indent=1, ensure_ascii=False),
                   encoding="utf-8")
    for record in records:
        print(f"{record['paper']:34} {record['outcome']:17} {record['seconds']:6.1f} s "
              f"{record['peak_mib']:6.0f} MiB  {record['reason'][:110]}")
    print(json.dumps(totals, indent=1, ensure_ascii=False))
    accepted = (not totals["run_crashed"] and not any(problems.values())
                and not any(differ.values())
                and all(status == "ok" for status in totals["good_papers_ok"].values()))
    print("acceptance:", "met" if accepted else "NOT met", f"(results in {out})")
    return 0 if accepted else 1


if __name__ == "__main__":
    sys.exit(main())
