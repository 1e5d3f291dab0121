"""One entry point per workflow stage: ``python -m extract.cli STAGE ...``.

Rules stay thin: each calls stages here, each of which reads its inputs, calls the stage's pure
functions and writes its outputs. Whatever ends a stage early ends it with one line on stderr
(the job's log) that names the paper and the problem, and exit status 1: a bad input, an
unexpected exception (its type and message; the traceback above it), the time or memory bound,
or a signal that killed the stage's process (told by the process that watches it, see
``supervise``). Warnings are lines ``<paper>: warning: ...``; the summary never takes one for
an error.

One job may run several consecutive stages of a paper in one process, each with its own inputs
and outputs: ``--paper P --languages A B STAGE ... --then STAGE ...``. The job pays one
interpreter start and each import once; the options given before the first stage (``--paper``,
``--languages``, the time and memory bounds) hold for every stage, and the bounds hold for the
whole job. The first stage that fails ends the job.
"""

from __future__ import annotations

import argparse
import faulthandler
import os
import resource
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

STAGES: dict[str, Callable[[argparse.Namespace], None]] = {}
THEN = "--then"  # separates the stages of one job
JOB_OPTIONS = ("paper", "languages", "time_limit", "memory_limit")  # given once, for every stage
TABLE_FILES = ("table.csv", "table_long.csv")  # written beside table.json when the table is found


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
        pages = parse_pdf(args.inputs[0], workers=args.workers,
                          warn=lambda message: print(f"{args.paper}: warning: {message}", file=sys.stderr))
    except PDFInputError as err:
        raise StageError(str(err)) from err
    save_layout(pages, args.outputs[0])


@stage
def blocks(args: argparse.Namespace) -> None:
    """layout.json → blocks.csv, captions.csv."""
    from extract.document import missing_languages, read_blocks, write_blocks
    from extract.pdf import load_layout

    found = read_blocks(load_layout(args.inputs[0]), args.languages)
    write_blocks(found, Path(args.outputs[0]).parent)
    for problem in missing_languages(found, args.languages):
        print(f"{args.paper}: warning: {problem}", file=sys.stderr)


@stage
def text(args: argparse.Namespace) -> None:
    """blocks.csv → text.<lang>.md, abstract.<lang>.txt, keywords.<lang>.txt for each --lang
    (--outputs: the text.<lang>.md of each, in the same directory)."""
    from extract.document import read_text_blocks, write_language_outputs

    found = read_text_blocks(Path(args.inputs[0]))
    for lang in args.lang:
        write_language_outputs(found, lang, args.languages, Path(args.outputs[0]).parent)


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
    from extract.tables import save_table, table_search

    table, message = table_search(load_layout(args.inputs[0]), args.label)
    save_table(table, message, Path(args.outputs[0]))
    if table is None:
        print(f"{args.paper}: warning: {message}; no table files", file=sys.stderr)


@stage
def table(args: argparse.Namespace) -> None:
    """table.json, blocks.csv → table.csv, table_long.csv (numbers read in the caption's language),
    or no table files when table.json says the table is not there."""
    from extract.records import read_records
    from extract.tables import load_table, write_table_files

    found, _ = load_table(Path(args.inputs[0]))
    if found is None:  # not a failure: no table files (locate-table warned), none left from before
        for path in args.outputs:
            Path(path).unlink(missing_ok=True)
        return
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
    """claims.csv, alignment.csv, sentences.csv[, table_long.csv, table.csv] → checks.csv. The table
    may also be given as table.json: then its table.csv and table_long.csv beside it are read when
    it says the table was found (the workflow knows that only once the job that locates it ran)."""
    from extract.check import CHECK_COLUMNS, load_curated, run_checks
    from extract.records import read_records, write_records
    from extract.tables import load_table

    claims, alignment, sentences, *table_files = args.inputs
    if table_files and table_files[0].endswith(".json"):
        located = Path(table_files[0])
        found, _ = load_table(located)
        table_files = [str(located.with_name(name)) for name in TABLE_FILES] if found else []
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
    """The paper's PDF, blocks.csv, table.json → pictures.json (page 1 and the table's pages)."""
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


# The one-line reason of an unexpected exception keeps this many characters of its message.
MESSAGE_CHARS = 300
# A stage still running this many seconds past its time bound (stuck in C code, where the
# interpreter cannot raise the time limit) is killed by the process that watches it.
HARD_STOP_GRACE = 5


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m extract.cli", description=__doc__)
    parser.add_argument("stage", choices=sorted(STAGES))
    parser.add_argument("--paper", default="paper", help="paper id, for messages")
    parser.add_argument("--inputs", nargs="*", default=[])
    parser.add_argument("--outputs", nargs="*", default=[])
    parser.add_argument("--languages", nargs="*", default=[])
    parser.add_argument("--lang", nargs="+", default=[], help="the languages a stage writes")
    parser.add_argument("--label", default=None, help="caption label of the table")
    parser.add_argument("--curated", default=None, help="YAML file of curated reference values")
    parser.add_argument("--vocabularies", nargs="*", default=[],
                        help="field vocabularies of the claims (resources/claims/fields/ names)")
    parser.add_argument("--time-limit", type=int, default=None, help="seconds the stage may take")
    parser.add_argument("--memory-limit", type=int, default=None,
                        help="MiB of memory each of its processes may use")
    parser.add_argument("--workers", type=int, default=1,
                        help="processes the stage may use (parse: the pages are shared among them)")
    return parser


def one_line(err: BaseException) -> str:
    """An exception as one line: its type and its message, whitespace folded, characters that
    do not print (NUL, controls, bidi overrides) as their escapes, cut to MESSAGE_CHARS."""
    message = "".join(char if char.isprintable() else ascii(char)[1:-1]
                      for char in " ".join(str(err).split()))
    if len(message) > MESSAGE_CHARS:
        message = message[:MESSAGE_CHARS] + "..."
    return f"{type(err).__name__}: {message}" if message else type(err).__name__


def _stage_commands(argv: list[str]) -> list[argparse.Namespace]:
    """The stages of one job, in order: ``argv`` split at each ``--then``."""
    parts: list[list[str]] = [[]]
    for arg in argv:
        if arg == THEN:
            parts.append([])
        else:
            parts[-1].append(arg)
    parser = _parser()
    first = parser.parse_args(parts[0])
    job = {name: getattr(first, name) for name in JOB_OPTIONS}
    return [first] + [parser.parse_args(part, argparse.Namespace(**job)) for part in parts[1:]]


def main(argv: list[str] | None = None) -> int:
    commands = _stage_commands(sys.argv[1:] if argv is None else argv)
    args = commands[0]
    try:
        with _bounded(args.time_limit, args.memory_limit):
            for args in commands:
                STAGES[args.stage](args)
    except StageError as err:
        print(f"{args.paper}: {err}", file=sys.stderr)
        return 1
    except TimeLimit:
        print(f"{args.paper}: stopped after {args.time_limit} s (time limit of a job; "
              "a pathological PDF?)", file=sys.stderr)
        traceback.print_exc()  # where the time went
        return 1
    except MemoryError:
        print(f"{args.paper}: stopped at {args.memory_limit} MiB (memory bound of a job; "
              "a pathological PDF?)", file=sys.stderr)
        return 1
    except Exception as err:  # a defect or an input no stage foresaw: its own reason, not another's
        traceback.print_exc()
        print(f"{args.paper}: {args.stage} stage failed: {one_line(err)}", file=sys.stderr)
        return 1
    return 0


def supervise(argv: list[str]) -> int:
    """Run the stage (``main``) in a child process and report how it ended when it could not
    say so itself: killed by a signal (SIGKILL from the kernel's out-of-memory killer or a
    person, SIGSEGV or SIGABRT from C code that ran out of memory), or stuck past its time bound
    plus HARD_STOP_GRACE, when it and its own children are killed. A stage that fails writes
    a note of its time and peak memory after its reason."""
    args = _stage_commands(argv)[0]
    started = time.monotonic()
    child = os.fork()
    if child == 0:  # the stage; a crash in C code still prints the Python stack to the log
        faulthandler.enable()
        code = 1
        try:
            code = main(argv)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    stuck = []

    def hard_stop(signum: int, frame: object) -> None:
        stuck.append(True)
        _kill_tree(child)

    def forward(signum: int, frame: object) -> None:  # Snakemake stopping the job: stop the stage
        with suppress(ProcessLookupError):
            os.kill(child, signum)

    signal.signal(signal.SIGTERM, forward)
    if args.time_limit:
        signal.signal(signal.SIGALRM, hard_stop)
        signal.alarm(args.time_limit + HARD_STOP_GRACE)
    _, status, usage = os.wait4(child, 0)
    signal.alarm(0)
    peak_mib = usage.ru_maxrss // 1024  # KiB on Linux
    if stuck:
        print(f"{args.paper}: stopped after {args.time_limit} s (time limit of a job; it did not "
              f"stop by itself within {HARD_STOP_GRACE} s more and was killed)", file=sys.stderr)
    elif os.WIFSIGNALED(status):
        name = signal.Signals(os.WTERMSIG(status)).name
        bound = f"; memory bound {args.memory_limit} MiB" if args.memory_limit else ""
        cause = {"SIGKILL": "out of memory? the kernel kills the largest process",
                 "SIGTERM": "stopped from outside", "SIGINT": "interrupted",
                 "SIGHUP": "its terminal closed"}.get(
            name, "a crash in compiled code, often memory running out")
        print(f"{args.paper}: killed by {name} at a peak of {peak_mib} MiB ({cause}{bound})",
              file=sys.stderr)
    code = os.waitstatus_to_exitcode(status)
    if code:
        print(f"{args.paper}: note: the stage ran {time.monotonic() - started:.1f} s, "
              f"peak memory {peak_mib} MiB", file=sys.stderr)
    return 1 if code else 0


def _kill_tree(pid: int) -> None:
    """SIGKILL a process and every process it started (the parse stage's page readers)."""
    import psutil

    try:
        parent = psutil.Process(pid)
        family = [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    for process in family:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass


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
    sys.exit(supervise(sys.argv[1:]))
