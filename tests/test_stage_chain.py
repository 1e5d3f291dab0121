"""Several stages in one job (``STAGE ... --then STAGE ...``), as the workflow's rules run them."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from extract.cli import main as cli

ITALIAN = ("La molecola CD38 è diventata un bersaglio per la terapia mediata da anticorpi del "
           "mieloma multiplo, con risultati clinici favorevoli.")


def _plain_pdf(path: Path) -> Path:
    canvas = Canvas(str(path), pagesize=A4)
    canvas.drawString(60, 780, ITALIAN[:90])
    canvas.drawString(60, 766, ITALIAN[90:])
    canvas.showPage()
    canvas.save()
    return path


def test_the_stages_of_a_job_run_in_order_with_the_job_options(tmp_path: Path) -> None:
    pdf = _plain_pdf(tmp_path / "plain.pdf")
    layout, located = tmp_path / "layout.json", tmp_path / "table.json"
    grid, long = tmp_path / "table.csv", tmp_path / "table_long.csv"
    grid.write_text("left over from an earlier run\n", encoding="utf-8")
    code = cli(["--time-limit", "60", "--languages", "it", "en", "--paper", "plain",
                "parse", "--inputs", str(pdf), "--outputs", str(layout),
                "--then", "locate-table", "--label", "Tabella 1", "--inputs", str(layout),
                "--outputs", str(located),
                "--then", "table", "--inputs", str(located), str(tmp_path / "blocks.csv"),
                "--outputs", str(grid), str(long)])
    assert code == 0
    assert '"found": false' in located.read_text(encoding="utf-8")
    # no table: no table files, not even one from before (table.json says why)
    assert not grid.exists() and not long.exists()


def test_the_first_failing_stage_ends_the_job_in_one_line(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a PDF at all\n", encoding="utf-8")
    layout, located = tmp_path / "layout.json", tmp_path / "table.json"
    code = cli(["--paper", "broken", "parse", "--inputs", str(bad), "--outputs", str(layout),
                "--then", "locate-table", "--inputs", str(layout), "--outputs", str(located)])
    assert code == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("broken: ") and "not a PDF" in lines[0]
    assert not located.exists()
