"""The parse stage shares a PDF's pages among worker processes: same layout, same errors, and no
worker outlives the stage (an error, or the job's time limit)."""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import pytest
from layout_pdfs import write_article_pdf
from reportlab.pdfgen.canvas import Canvas

from extract import pdf as pdf_module
from extract.cli import main as cli
from extract.pdf import PDFInputError, parse_pdf, save_layout

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "resources" / "papers" / "isatuximab-2022" / "source.pdf"
FILTER = b"/Filter [ /ASCII85Decode /FlateDecode ]"


def _layout(pdf: Path, workers: int, folder: Path) -> bytes:
    out = folder / f"layout-{workers}.json"
    save_layout(parse_pdf(pdf, workers=workers), out)
    return out.read_bytes()


def _broken_pdf(path: Path, pages: int, broken: dict[int, bytes]) -> Path:
    """A PDF of `pages` text pages; page n of `broken` (1-based) names an unknown stream filter
    (12 bytes, as long as ``/FlateDecode``, so the cross-reference offsets stay right)."""
    canvas = Canvas(str(path))
    for number in range(1, pages + 1):
        canvas.drawString(60, 700, f"Page {number} of a document with a damaged page")
        canvas.showPage()
    canvas.save()
    data = path.read_bytes()
    contents = re.findall(rb"/Contents (\d+) 0 R", data)  # the page objects, in page order
    assert len(contents) == pages
    for number, name in broken.items():
        head = contents[number - 1] + b" 0 obj\n<<\n" + FILTER
        assert data.count(head) == 1 and len(name) == len(b"/FlateDecode")
        data = data.replace(head, head.replace(b"/FlateDecode", name))
    path.write_bytes(data)
    return path


def test_a_generated_article_has_the_same_layout_with_one_or_two_workers(tmp_path: Path) -> None:
    pdf = write_article_pdf(tmp_path / "article.pdf")
    pages = parse_pdf(pdf, workers=2)
    assert [page.number for page in pages] == [1, 2, 3]
    assert all(page.words for page in pages)
    assert _layout(pdf, 2, tmp_path) == _layout(pdf, 1, tmp_path)


def test_the_bundled_paper_has_the_same_layout_with_one_or_two_workers(tmp_path: Path) -> None:
    for workers in ("1", "2"):
        assert cli(["parse", "--workers", workers, "--inputs", str(BUNDLED),
                    "--outputs", str(tmp_path / f"layout-{workers}.json")]) == 0
    two = (tmp_path / "layout-2.json").read_bytes()
    assert two == (tmp_path / "layout-1.json").read_bytes()
    assert two.count(b'"number":') == 7


def test_a_damaged_page_of_a_worker_gives_the_same_one_line_error(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    pdf = _broken_pdf(tmp_path / "broken.pdf", 4, {4: b"/NoSuchFiltA"})  # the second worker's
    errors = []
    for workers in ("1", "2"):
        layout = tmp_path / f"layout-{workers}.json"
        assert cli(["parse", "--paper", "broken", "--workers", workers, "--inputs", str(pdf),
                    "--outputs", str(layout)]) == 1
        assert not layout.exists()
        errors.append(capsys.readouterr().err)
    assert errors[0] == errors[1]
    assert errors[1].startswith("broken: corrupt or unreadable PDF (")
    assert "NoSuchFiltA" in errors[1] and errors[1].count("\n") == 1


def test_the_error_of_the_first_damaged_page_wins_whoever_read_it(tmp_path: Path) -> None:
    # with 3 workers, page 4 is the second worker's and page 6 the third's
    pdf = _broken_pdf(tmp_path / "broken.pdf", 6, {4: b"/NoSuchFiltA", 6: b"/NoSuchFiltB"})
    for workers in (1, 2, 3):
        with pytest.raises(PDFInputError, match="NoSuchFiltA"):
            parse_pdf(pdf, workers=workers)


@pytest.mark.skipif(sys.platform != "linux", reason="the stand-in reader reaches workers by fork")
@pytest.mark.parametrize("ending", ["first share fails", "time limit"])
def test_no_worker_outlives_the_stage(ending: str, tmp_path: Path, capsys: pytest.CaptureFixture,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The second worker would take 5 s and then leave a mark; the stage ends well before, and
    by then the worker must be gone: stopped, not waited for, not left running."""
    started, finished = tmp_path / "started", tmp_path / "finished"

    def stand_in(path: Path, share: int, shares: int) -> pdf_module._Share:
        if share:
            pid = tmp_path / "pid"
            pid.write_text(str(os.getpid()))
            pid.rename(started)  # whole, or not at all
            time.sleep(5)
            finished.touch()
            return pdf_module._Share()
        while not started.exists():  # the first share ends once the second is under way
            time.sleep(0.01)
        error = PDFInputError("bad first page") if ending == "first share fails" else None
        return pdf_module._Share(error=error)

    monkeypatch.setattr(pdf_module, "_read_share", stand_in)
    code = cli(["parse", "--paper", "p", "--time-limit", "1", "--workers", "2",
                "--inputs", str(BUNDLED), "--outputs", str(tmp_path / "layout.json")])
    assert code == 1
    message = "p: bad first page" if ending == "first share fails" else "p: stopped after 1 s"
    assert capsys.readouterr().err.startswith(message)
    with pytest.raises(ProcessLookupError):
        os.kill(int(started.read_text()), 0)  # no such process (not even one left to reap)
    assert not finished.exists()
