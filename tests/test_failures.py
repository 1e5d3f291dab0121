"""Bad input costs nothing else: each gives one clear line, a summary row and no partial outputs.

One workflow run holds a good paper (the bundled one) beside every kind of bad input the tests
make themselves; the good paper must complete and each bad one must say why it failed.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from extract.cli import main as cli
from extract.config import DuplicateKeyError, check_unique_keys

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
    (folder / "truncated.pdf").write_bytes(whole[: len(whole) // 3])
    return {
        "missing": (folder / "does-not-exist.pdf", "no such file"),
        "not-a-pdf": (folder / "not-a-pdf.pdf", "not a PDF"),
        "truncated": (folder / "truncated.pdf", "corrupt"),
        "encrypted": (_text_pdf(folder / "encrypted.pdf", [ITALIAN], encrypt="secret"), "encrypted"),
        "image-only": (_image_pdf(folder / "image.pdf"), "no text layer; OCR it first"),
    }


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess, dict]:
    work = tmp_path_factory.mktemp("failures")
    shutil.copy(REPO / "Snakefile", work)
    shutil.copytree(REPO / "workflow", work / "workflow")
    shutil.copytree(REPO / "resources", work / "resources")
    bad = _bad_inputs(work / "bad")
    papers = {"good": {"pdf": str(BUNDLED), "languages": ["it", "en"], "table": "Tabella 1"}}
    papers |= {paper: {"pdf": str(pdf), "languages": ["it", "en"]} for paper, (pdf, _) in bad.items()}
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
