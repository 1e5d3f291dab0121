"""One entry point per workflow stage: ``python -m extract.cli STAGE ...``.

Rules stay thin: each calls one stage here, which reads its inputs, calls the stage's pure
functions and writes its outputs. A bad input ends the stage with one line on stderr that names
the paper and the problem, and exit status 1.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

STAGES: dict[str, Callable[[argparse.Namespace], None]] = {}


class StageError(Exception):
    """A problem with one paper's input, reported in one line."""


def stage(function: Callable[[argparse.Namespace], None]) -> Callable[[argparse.Namespace], None]:
    STAGES[function.__name__.replace("_", "-")] = function
    return function


@stage
def parse(args: argparse.Namespace) -> None:
    """PDF → layout.json (the only stage that reads the PDF)."""
    from extract.pdf import PDFInputError, parse_pdf, save_layout

    try:
        pages = parse_pdf(args.inputs[0], workers=args.workers)
    except PDFInputError as err:
        raise StageError(str(err)) from err
    save_layout(pages, args.outputs[0])


@stage
def blocks(args: argparse.Namespace) -> None:
    """layout.json → blocks.csv, captions.csv."""
    from extract.document import read_blocks, write_blocks
    from extract.pdf import load_layout

    found = read_blocks(load_layout(args.inputs[0]), args.languages)
    langs = {b.lang for b in found if b.role in ("abstract", "body")}
    missing = [lang for lang in args.languages if lang not in langs]
    if missing:
        raise StageError(f"no text in {', '.join(missing)} found (configured languages: "
                         f"{', '.join(args.languages)})")
    write_blocks(found, Path(args.outputs[0]).parent)
    with_abstract = {b.lang for b in found if b.role == "abstract"}
    for lang in args.languages:
        if lang not in with_abstract:
            print(f"{args.paper}: warning: no abstract found in {lang} (no label of "
                  "resources/labels.yaml opens one)", file=sys.stderr)


@stage
def text(args: argparse.Namespace) -> None:
    """blocks.csv → text.<lang>.md, abstract.<lang>.txt, keywords.<lang>.txt for --lang."""
    from extract.document import read_text_blocks, write_language_outputs

    found = read_text_blocks(Path(args.inputs[0]))
    write_language_outputs(found, args.lang, args.languages, Path(args.outputs[0]).parent)


@stage
def sentences(args: argparse.Namespace) -> None:
    """abstract.<lang>.txt (one per language, in order) → sentences.csv."""
    from extract.records import write_records
    from extract.sentences import SENTENCE_COLUMNS, sentence_rows

    abstracts = {lang: Path(path).read_text(encoding="utf-8")
                 for lang, path in zip(args.languages, args.inputs, strict=True)}
    write_records(args.outputs[0], SENTENCE_COLUMNS, sentence_rows(abstracts, args.languages))


@stage
def align(args: argparse.Namespace) -> None:
    """sentences.csv → alignment.csv."""
    from extract.align import ALIGNMENT_COLUMNS, alignment_rows
    from extract.records import read_records, write_records

    rows = alignment_rows(read_records(args.inputs[0]), args.languages)
    write_records(args.outputs[0], ALIGNMENT_COLUMNS, rows)


@stage
def locate_table(args: argparse.Namespace) -> None:
    """layout.json → table.json: the configured table, or why there is none."""
    from extract.pdf import load_layout
    from extract.tables import find_table, save_table

    table = find_table(load_layout(args.inputs[0]), args.label)
    wanted = args.label or "Table 1"
    message = "" if table else f"no table captioned '{wanted}' found"
    save_table(table, message, Path(args.outputs[0]))
    if table is None:
        print(f"{args.paper}: warning: {message}; no table files", file=sys.stderr)


@stage
def table(args: argparse.Namespace) -> None:
    """table.json, blocks.csv → table.csv, table_long.csv (numbers read in the caption's language)."""
    from extract.records import read_records
    from extract.tables import load_table, write_table_files

    found, message = load_table(Path(args.inputs[0]))
    if found is None:
        raise StageError(message)
    captions = [block for block in read_records(args.inputs[1])
                if block["role"] == "caption" and block["text"].startswith(found.label)]
    lang = captions[0]["lang"] if captions else args.languages[0]
    write_table_files(found, lang, Path(args.outputs[0]), Path(args.outputs[1]))


@stage
def claims(args: argparse.Namespace) -> None:
    """blocks.csv → claims.csv."""
    from extract.claims import CLAIM_COLUMNS, extract_claims
    from extract.records import read_records, write_records

    try:
        claims = extract_claims(read_records(args.inputs[0]), args.languages, args.vocabularies)
    except ValueError as err:  # an unknown field vocabulary
        raise StageError(str(err)) from err
    write_records(args.outputs[0], CLAIM_COLUMNS, claims)


@stage
def evidence(args: argparse.Namespace) -> None:
    """claims.csv → evidence.csv."""
    from extract.evidence import EVIDENCE_COLUMNS, evidence_rows
    from extract.records import read_records, write_records

    write_records(args.outputs[0], EVIDENCE_COLUMNS, evidence_rows(read_records(args.inputs[0])))


@stage
def check(args: argparse.Namespace) -> None:
    """claims.csv, alignment.csv, sentences.csv[, table_long.csv, table.csv] → checks.csv."""
    from extract.check import CHECK_COLUMNS, load_curated, run_checks
    from extract.records import read_records, write_records

    claims, alignment, sentences, *table_files = args.inputs
    grid_csv, long_csv = sorted(table_files) if table_files else (None, None)  # table, table_long
    table_long = read_records(long_csv) if long_csv else None
    table = read_records(grid_csv) if grid_csv else None
    try:
        curated = load_curated(args.curated) if args.curated else None
    except ValueError as err:
        raise StageError(str(err)) from err
    checks = run_checks(read_records(claims), read_records(alignment), read_records(sentences),
                        table_long, table, curated, args.languages)
    write_records(args.outputs[0], CHECK_COLUMNS, checks)


@stage
def pictures(args: argparse.Namespace) -> None:
    """The paper's PDF, blocks.csv, table.json → pictures.json (page 1 and the table's page)."""
    from extract.pictures import render_pictures, save_pictures
    from extract.records import read_records
    from extract.tables import load_table

    pdf, blocks, table = args.inputs
    found, _ = load_table(Path(table))
    pictures, problems = render_pictures(Path(pdf), read_records(blocks), found)
    save_pictures(pictures, Path(args.outputs[0]))
    for problem in problems:
        print(f"{args.paper}: warning: {problem}", file=sys.stderr)


@stage
def report(args: argparse.Namespace) -> None:
    """The paper's results (in the directory of report.html) → report.html."""
    from extract.report import write_report

    out = Path(args.outputs[0])
    write_report(args.paper, out.parent, args.languages, args.label, out, Path("benchmarks") / args.paper)


@stage
def summary(args: argparse.Namespace) -> None:
    """The papers' results → summary.csv, index.html, both in the results directory (--papers: each
    paper id and its languages, as JSON)."""
    from extract.report import write_index
    from extract.summary import write_summary

    papers = {paper: {"languages": languages} for paper, languages in json.loads(args.papers).items()}
    summary_csv, index_html = (Path(path) for path in args.outputs)
    results = summary_csv.parent
    write_summary(papers, results, summary_csv)
    write_index(summary_csv, results, index_html)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract.cli", description=__doc__)
    parser.add_argument("stage", choices=sorted(STAGES))
    parser.add_argument("--paper", default="paper", help="paper id, for messages")
    parser.add_argument("--inputs", nargs="*", default=[])
    parser.add_argument("--outputs", nargs="*", default=[])
    parser.add_argument("--languages", nargs="*", default=[])
    parser.add_argument("--lang", default=None, help="the one language a stage writes")
    parser.add_argument("--label", default=None, help="caption label of the table")
    parser.add_argument("--curated", default=None, help="YAML file of curated reference values")
    parser.add_argument("--vocabularies", nargs="*", default=[],
                        help="field vocabularies of the claims (resources/claims/fields/ names)")
    parser.add_argument("--papers", default="{}", help="JSON: paper id → its languages (summary)")
    parser.add_argument("--time-limit", type=int, default=None, help="seconds the stage may take")
    parser.add_argument("--memory-limit", type=int, default=None,
                        help="MiB of memory each of its processes may use")
    parser.add_argument("--workers", type=int, default=1,
                        help="processes the stage may use (parse: the pages are shared among them)")
    args = parser.parse_args(argv)
    try:
        with _bounded(args.time_limit, args.memory_limit):
            STAGES[args.stage](args)
    except StageError as err:
        print(f"{args.paper}: {err}", file=sys.stderr)
        return 1
    except TimeLimit:
        print(f"{args.paper}: stopped after {args.time_limit} s (time limit of a job; "
              "a pathological PDF?)", file=sys.stderr)
        return 1
    except MemoryError:
        print(f"{args.paper}: stopped at {args.memory_limit} MiB (memory bound of a job; "
              "a pathological PDF?)", file=sys.stderr)
        return 1
    return 0


class TimeLimit(BaseException):
    """The stage ran past its time limit (an interrupt, like KeyboardInterrupt: no stage catches it)."""


@contextmanager
def _bounded(seconds: int | None, memory_mb: int | None) -> Iterator[None]:
    """Bound the stage: a pathological PDF (pdfminer can loop or explode) ends the job cleanly."""
    def expire(signum: int, frame: object) -> None:
        raise TimeLimit

    previous_handler = signal.signal(signal.SIGALRM, expire) if seconds else None
    previous_limit = resource.getrlimit(resource.RLIMIT_DATA)
    if seconds:
        signal.alarm(seconds)
    if memory_mb:
        resource.setrlimit(resource.RLIMIT_DATA, (memory_mb * 1024 * 1024, previous_limit[1]))
    try:
        yield
    finally:
        if seconds:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous_handler)
        resource.setrlimit(resource.RLIMIT_DATA, previous_limit)


if __name__ == "__main__":
    sys.exit(main())
