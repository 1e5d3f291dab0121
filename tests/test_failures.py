"""Bad input costs nothing else: each gives one clear line, a summary row and no partial outputs.

One workflow run holds a good paper (the bundled one) beside every kind of bad input the tests
make themselves; the good paper must complete and each bad one must say why it failed.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from extract.cli import HARD_STOP_GRACE
from extract.cli import main as cli
from extract.config import DuplicateKeyError, check_unique_keys
from extract.repair import REPAIRED_WARNING
from extract.summary import paper_error, paper_row

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "resources" / "papers" / "isatuximab-2022" / "source.pdf"
ITALIAN = (
    "La molecola CD38 è diventata un bersaglio per la terapia mediata da anticorpi del mieloma "
    "multiplo, fornendo risultati clinici favorevoli e una tossicità gestibile per il paziente."
)


def _text_pdf(path: Path, pages: list[str], **options: object) -> Path:
    canvas = Canvas(str(path), pagesize=A4, **options)
    for text in pages:
        y = 780
        for start in range(0, len(text), 90):
            canvas.drawString(60, y, text[start:start + 90])
            y -= 14
        canvas.showPage()
    canvas.save()
    return path


def _image_pdf(path: Path) -> Path:
    picture = io.BytesIO()
    Image.new("RGB", (200, 100), "gray").save(picture, format="PNG")
    canvas = Canvas(str(path), pagesize=A4)
    canvas.drawImage(ImageReader(io.BytesIO(picture.getvalue())), 60, 600, 200, 100)
    canvas.showPage()
    canvas.save()
    return path


def _bad_inputs(folder: Path) -> dict[str, tuple[Path, str]]:
    """paper id → (pdf, the words its error must contain)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "not-a-pdf.pdf").write_text("just some text, not a PDF\n", encoding="utf-8")
    whole = BUNDLED.read_bytes()
    (folder / "truncated.pdf").write_bytes(whole[: len(whole) // 200])  # too little to mend
    return {
        "missing": (folder / "does-not-exist.pdf", "no such file"),
        "not-a-pdf": (folder / "not-a-pdf.pdf", "not a PDF"),
        "truncated": (folder / "truncated.pdf", "corrupt or"),
        "encrypted": (_text_pdf(folder / "encrypted.pdf", [ITALIAN], encrypt="secret"), "encrypted"),
        "image-only": (_image_pdf(folder / "image.pdf"), "no text layer; OCR it first"),
    }


def _fuzz():
    """bench/fuzz.py, whose mutants the tests make too."""
    spec = importlib.util.spec_from_file_location("fuzz", REPO / "bench" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz"] = module
    spec.loader.exec_module(module)
    return module


def _odd_inputs(folder: Path) -> dict[str, Path]:
    """Inputs that must complete: a PDF cut at 97 % (qpdf mends it), hostile text in the page
    and the metadata under a file name that is markup and shell."""
    whole = BUNDLED.read_bytes()
    (folder / "cut.pdf").write_bytes(whole[: len(whole) * 97 // 100])
    fuzz = _fuzz()
    hostile = folder / "<b onmouseover=alert(1)>x '$(touch pwned)\" & ; `id`.pdf"
    fuzz.synthetic_paper(hostile, inject=fuzz.HOSTILE + " \u202eevil\u202c \x01", font="unicode",
                         metadata=fuzz.HOSTILE)
    return {"repaired": folder / "cut.pdf", "hostile": hostile}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess, dict]:
    work = tmp_path_factory.mktemp("failures")
    shutil.copy(REPO / "Snakefile", work)
    shutil.copytree(REPO / "workflow", work / "workflow")
    shutil.copytree(REPO / "resources", work / "resources")
    bad = _bad_inputs(work / "bad")
    papers = {"good": {"pdf": str(BUNDLED), "languages": ["it", "en"], "table": "Tabella 1"}}
    papers |= {paper: {"pdf": str(pdf), "languages": ["it", "en"]} for paper, (pdf, _) in bad.items()}
    papers |= {paper: {"pdf": str(pdf), "languages": ["it", "en"]}
               for paper, pdf in _odd_inputs(work / "bad").items()}
    italian = _text_pdf(work / "bad" / "italian.pdf", [ITALIAN * 3])
    papers["one-language"] = {"pdf": str(italian), "languages": ["it", "en"]}
    (work / "config.yaml").write_text(yaml.safe_dump({"papers": papers}), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", "--keep-going", "--directory", str(work)],
        capture_output=True, text=True, cwd=work, timeout=900,
    )
    return work, done, bad


def _summary(work: Path) -> dict[str, dict[str, str]]:
    with (work / "results" / "summary.csv").open(encoding="utf-8") as handle:
        return {row["paper"]: row for row in csv.DictReader(handle)}


def test_good_paper_completes_beside_bad_ones(run) -> None:
    work, done, _ = run
    assert done.returncode != 0  # the run reports that some papers failed
    summary = _summary(work)
    assert summary["good"]["status"] == "ok"
    assert int(summary["good"]["claims"]) > 50
    assert (work / "results" / "good" / "report.html").is_file()


def test_each_bad_input_says_why_in_one_line(run) -> None:
    work, _, bad = run
    summary = _summary(work)
    for paper, (_, words) in bad.items():
        row = summary[paper]
        assert row["status"] == "failed", paper
        assert words in row["error"], (paper, row["error"])
        assert "\n" not in row["error"]
        assert re.fullmatch(f"read_pdf: .+ \\(see logs/{paper}/read_pdf.log\\)", row["error"]), row


def test_a_damaged_pdf_qpdf_mends_is_read_with_a_warning(run) -> None:
    work, _, _ = run
    row = _summary(work)["repaired"]
    assert row["status"] == "ok", row["error"]
    assert REPAIRED_WARNING in row["warnings"]
    assert int(row["pages"]) == 7 and int(row["claims"]) > 20


def test_hostile_text_and_file_names_never_become_markup(run) -> None:
    work, _, _ = run
    assert not (work / "pwned").exists()
    pages = [path.read_text(encoding="utf-8") for path in (work / "results").rglob("*.html")]
    assert len(pages) > 2
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "<b onmouseover" not in page
        assert "\u202e" not in page and "\x01" not in page
    report = (work / "results" / "hostile" / "report.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert" in report and re.search(r"\[U\+[0-9A-F]{4}\]", report)


def test_an_error_with_markup_controls_and_bidi_overrides_is_shown_as_text(tmp_path: Path) -> None:
    from extract.report import write_index

    summary = tmp_path / "summary.csv"
    error = "parse_pdf: corrupt \u202e<script>alert(1)</script>\x00\x1b[31m (see logs/p/parse_pdf.log)"
    with summary.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["paper", "status", "error"], ["p", "failed", error]])
    write_index(summary, tmp_path, tmp_path / "index.html")
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in index and "\u202e" not in index and "\x00" not in index
    assert "[U+202E]&lt;script&gt;alert(1)&lt;/script&gt;[U+0000][U+001B][31m" in index


def test_a_paper_without_one_of_its_languages_completes_with_a_warning_naming_it(run) -> None:
    work, _, _ = run
    row = _summary(work)["one-language"]
    assert row["status"] == "ok", row["error"]
    assert "no text in en found" in row["warnings"]
    assert (work / "results" / "one-language" / "report.html").is_file()


def test_failed_papers_keep_no_partial_outputs(run) -> None:
    work, _, bad = run
    for paper in bad:
        folder = work / "results" / paper
        assert not folder.exists() or not any(folder.iterdir()), paper


def test_index_lists_failed_papers_with_their_error(run) -> None:
    work, _, _ = run
    index = (work / "results" / "index.html").read_text(encoding="utf-8")
    assert "no text layer; OCR it first" in index
    assert 'href="good/report.html"' in index


def test_a_paper_without_its_table_warns_and_completes(tmp_path: Path) -> None:
    layout = tmp_path / "layout.json"
    pdf = _text_pdf(tmp_path / "plain.pdf", [ITALIAN * 2])
    assert cli(["parse", "--inputs", str(pdf), "--outputs", str(layout)]) == 0
    assert cli(["locate-table", "--paper", "plain", "--label", "Tabella 1", "--inputs", str(layout),
                "--outputs", str(tmp_path / "table.json")]) == 0
    assert '"found": false' in (tmp_path / "table.json").read_text(encoding="utf-8")


def test_an_empty_page_and_many_pages_parse(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    pdf = _text_pdf(tmp_path / "long.pdf", [ITALIAN, ""] + [f"Pagina {n}. {ITALIAN}" for n in range(300)])
    layout = tmp_path / "layout.json"
    assert cli(["parse", "--memory-limit", "1024", "--inputs", str(pdf), "--outputs", str(layout)]) == 0
    assert layout.stat().st_size > 0


def test_time_limit_stops_a_stage_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    pdf = _text_pdf(tmp_path / "long.pdf", [f"Pagina {n}. {ITALIAN}" for n in range(400)])
    code = cli(["parse", "--paper", "slow", "--time-limit", "1", "--inputs", str(pdf),
                "--outputs", str(tmp_path / "layout.json")])
    assert code == 1
    assert "slow: stopped after 1 s (time limit" in capsys.readouterr().err


@pytest.mark.parametrize(("change", "words"), [
    ({"papers": {"p": {"pdf": "x.pdf", "languages": ["it", "en"], "colour": "red"}}}, "colour"),
    ({"results": "../outside", "papers": {"p": {"pdf": "x.pdf", "languages": ["it", "en"]}}},
     "../outside"),
    ({"results": "/tmp/outside", "papers": {"p": {"pdf": "x.pdf", "languages": ["it", "en"]}}},
     "/tmp/outside"),
    ({"papers": {"p": {"pdf": "x.pdf", "languages": ["it", "english"]}}}, "english"),
    ({"papers": {"Bad Id": {"pdf": "x.pdf", "languages": ["it", "en"]}}}, "Bad Id"),
    ({"paper": {}}, "paper"),
])
def test_a_bad_config_names_the_key_before_anything_runs(tmp_path: Path, change: dict, words: str,
                                                          ) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text(yaml.safe_dump(change), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "snakemake", "-n", "--configfile", str(config), "--cores", "1"],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )
    assert done.returncode != 0
    assert words in done.stdout + done.stderr
    assert "Building DAG" not in done.stdout + done.stderr


def test_a_duplicate_paper_id_is_named(tmp_path: Path) -> None:
    config = tmp_path / "dup.yaml"
    config.write_text("papers:\n  a:\n    pdf: x.pdf\n  a:\n    pdf: y.pdf\n", encoding="utf-8")
    with pytest.raises(DuplicateKeyError, match="duplicate key 'a' \\(line 4\\)"):
        check_unique_keys(config)


# ---------------------------------------------------------------------------------------------
# every way a stage can end early gives its own reason


def _watched_stage(tmp_path: Path, body: str, *options: str) -> tuple[int, str, float]:
    """A stage ``body`` (Python lines, the stage's arguments in ``args``) run as the workflow runs
    a stage (``python -m extract.cli``: watched by its parent process); exit status, stderr,
    seconds."""
    script = tmp_path / "stage.py"
    script.write_text(
        "import os, signal, sys, time\nimport extract.cli as cli\n"
        "def odd(args):\n" + "".join(f"    {line}\n" for line in body.splitlines())
        + "cli.STAGES['odd'] = odd\nsys.exit(cli.supervise(sys.argv[1:]))\n", encoding="utf-8")
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(script), "odd", "--paper", "p", *options],
                          capture_output=True, text=True, timeout=120)
    return done.returncode, done.stderr, time.monotonic() - started


def _reason(stderr: str) -> str:
    """The line a stage wrote for its paper, as the summary reads it (not its notes)."""
    lines = [line for line in stderr.splitlines() if line.startswith("p: ") and ": note: " not in line]
    assert len(lines) == 1, stderr
    return lines[0]


def test_an_unexpected_exception_names_its_stage_type_and_message(tmp_path: Path) -> None:
    code, err, _ = _watched_stage(tmp_path, "raise TypeError('a list\\nis not a str')")
    assert code == 1
    assert _reason(err) == "p: odd stage failed: TypeError: a list is not a str"
    assert "Traceback (most recent call last)" in err  # the traceback stays in the log


def test_the_memory_bound_is_the_reason(tmp_path: Path) -> None:
    code, err, _ = _watched_stage(tmp_path, "hoard = [bytearray(2**20) for _ in range(4096)]",
                                  "--memory-limit", "300")
    assert code == 1
    assert _reason(err) == "p: stopped at 300 MiB (memory bound of a job; a pathological PDF?)"


def test_a_killed_stage_is_reported_by_its_watcher(tmp_path: Path) -> None:
    code, err, _ = _watched_stage(tmp_path, "os.kill(os.getpid(), signal.SIGKILL)")
    assert code == 1
    assert _reason(err).startswith("p: killed by SIGKILL at a peak of ")


def test_a_stage_deaf_to_its_time_bound_is_killed_soon_after(tmp_path: Path) -> None:
    body = "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})\ntime.sleep(60)"
    code, err, seconds = _watched_stage(tmp_path, body, "--time-limit", "1")
    assert code == 1
    assert _reason(err).startswith("p: stopped after 1 s (time limit of a job; it did not stop")
    assert seconds < 1 + HARD_STOP_GRACE + 5


def _logs(tmp_path: Path, logs: dict[str, str], succeeded: list[str]) -> tuple[Path, Path]:
    log_dir, bench_dir = tmp_path / "logs" / "p", tmp_path / "benchmarks" / "p"
    log_dir.mkdir(parents=True)
    bench_dir.mkdir(parents=True)
    for stage, text in logs.items():
        (log_dir / f"{stage}.log").write_text(text, encoding="utf-8")
    for stage in succeeded:
        (bench_dir / f"{stage}.tsv").write_text("s\tmax_rss\n0.5\t40\n", encoding="utf-8")
    return log_dir, bench_dir


def test_the_summary_never_takes_a_warning_for_the_error(tmp_path: Path) -> None:
    # what the corpus run met: blocks crashed, locate_table (sorted after it) only warned
    traceback = "Traceback (most recent call last):\n  File \"clean.py\", line 47\nTypeError: x\n"
    log_dir, bench_dir = _logs(tmp_path, {
        "parse_pdf": "",
        "blocks": traceback + "p: blocks stage failed: TypeError: descriptor 'lower'\n"
                  "p: note: the stage ran 1.0 s, peak memory 90 MiB\n",
        "locate_table": "p: warning: no table captioned 'Table 1' found; no table files\n",
    }, succeeded=["parse_pdf", "locate_table"])
    row = paper_row("p", ["fr", "es"], tmp_path / "results" / "p", log_dir, bench_dir)
    assert row["status"] == "failed"
    assert row["error"] == (f"blocks: blocks stage failed: TypeError: descriptor 'lower' "
                            f"(see {log_dir / 'blocks.log'})")
    assert row["warnings"] == "no table captioned 'Table 1' found; no table files"


def test_a_benchmark_of_an_earlier_run_does_not_hide_a_failure(tmp_path: Path) -> None:
    log_dir, bench_dir = _logs(tmp_path, {}, succeeded=["parse_pdf"])
    time.sleep(0.01)
    (log_dir / "parse_pdf.log").write_text("p: not a PDF (no %PDF header)\n", encoding="utf-8")
    assert paper_error("p", log_dir, bench_dir).startswith("parse_pdf: not a PDF")


def test_a_job_without_its_own_line_gives_its_log_last_line(tmp_path: Path) -> None:
    log_dir, bench_dir = _logs(tmp_path, {"parse_pdf": "", "text.en": "Traceback ...\nKeyError: 'x'\n",
                                          "claims": "some library's chatter\n"},
                               succeeded=["parse_pdf", "claims"])
    assert paper_error("p", log_dir, bench_dir) == f"text.en: KeyError: 'x' (see {log_dir / 'text.en.log'})"


def test_a_small_fixed_fuzz_sample_reads_or_says_why(tmp_path: Path) -> None:
    """A few mutants of the bundled paper (bench/fuzz.py, fixed seed) through the parse stage as
    the workflow runs it: each is read, or fails in one line of its own, within its bound."""
    fuzz = _fuzz()
    bundled = fuzz.Source("isatuximab-2022", BUNDLED, ["it", "en"])
    mutants = fuzz.generate_mutants(tmp_path / "mutants", [bundled], seed=20, count=1)
    kinds = {"flip", "truncate", "xref", "page-tree-loop", "page-count-huge", "page-size-zero",
             "nested-5000", "javascript", "control-chars", "empty-file", "rotate-90"}
    outcomes = {}
    for mutant in (m for m in mutants if m.kind in kinds):
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "extract.cli", "parse", "--paper", mutant.paper, "--time-limit",
             "300", "--memory-limit", "1536", "--inputs", mutant.pdf, "--outputs",
             str(tmp_path / f"{mutant.paper}.json")], capture_output=True, text=True, timeout=600)
        assert time.monotonic() - started < 300 + HARD_STOP_GRACE + 30, mutant.kind  # no hang
        own = [line for line in done.stderr.splitlines() if line.startswith(f"{mutant.paper}: ")]
        if done.returncode:
            reasons = [line for line in own if ": warning: " not in line and ": note: " not in line]
            assert len(reasons) == 1, (mutant.kind, done.stderr[-2000:])
        outcomes[mutant.kind] = reasons[0] if done.returncode else "read"
    assert set(outcomes) == kinds
    assert "not a PDF" in outcomes["empty-file"] and outcomes["javascript"] == "read"
    assert "the text runs sideways" in outcomes["rotate-90"]  # not "no text layer"
