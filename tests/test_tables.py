"""Table 1 as a grid (extract.tables): the bundled paper against its gold, generated PDFs."""

import csv
import io

import pytest
from table_pdfs import EXPECTED_GRID, FOOTNOTE, STYLES, write_table_pdf
from testdata import gold, pdf

from extract.pdf import Graphic, Page, Word, parse_pdf
from extract.tables import (
    cell_unit,
    find_table,
    parse_cell,
    table_long_rows,
    write_table_files,
)

GOLD_TABLE = gold("isatuximab-2022") / "table.csv"


@pytest.fixture(scope="module")
def bundled_table():
    return find_table(parse_pdf(pdf("isatuximab-2022")), "Tabella 1")


def test_bundled_table_equals_gold_cell_by_cell(bundled_table):
    gold_text = GOLD_TABLE.read_text(encoding="utf-8")
    gold = list(csv.reader(io.StringIO(gold_text)))
    assert bundled_table.grid() == gold


def test_written_files_match_gold(bundled_table, tmp_path):
    write_table_files(bundled_table, "it", tmp_path / "table.csv", tmp_path / "table_long.csv")
    gold = GOLD_TABLE.read_bytes()
    assert (tmp_path / "table.csv").read_bytes() == gold
    rows = list(csv.DictReader((tmp_path / "table_long.csv").open(encoding="utf-8")))
    assert len(rows) == 32  # 8 data rows x 4 trials
    assert rows[0]["row"] == "Fase di studio" and rows[0]["value"] == "3.0"
    assert [r["value"] for r in rows if r["raw"] == "NR"] == ["", "", ""]


def test_bundled_table_place_caption_and_footnote(bundled_table):
    assert bundled_table.page == 6
    assert bundled_table.caption.startswith("Tabella 1. Caratteristiche")
    assert bundled_table.footnote.startswith("*Len-refrattario; **PI-refrattario")
    assert bundled_table.ruled
    for row in bundled_table.cells:
        for left, right in zip(row, row[1:], strict=False):
            assert left.x1 <= right.x0 + 0.01 and left.page == 6


def test_default_label_finds_the_same_table(bundled_table):
    again = find_table(parse_pdf(pdf("isatuximab-2022")))
    assert again is not None and again.grid() == bundled_table.grid()


def test_bundled_long_rows(bundled_table):
    long = table_long_rows(bundled_table, "it")
    assert all(list(row)[:6] == ["row", "column", "raw", "value", "unit", "marks"] for row in long)
    cell = next(row for row in long if row["raw"] == "76,6**")
    assert (cell["value"], cell["marks"], cell["unit"]) == (76.6, "**", "%")
    assert cell["group"] == "Refrattarietà a:"
    ranged = next(row for row in long if row["raw"] == "3 (2-11)")
    assert (ranged["value"], ranged["low"], ranged["high"]) == (3, 2, 11)
    missing = [row for row in long if row["raw"] in ("NR", "-")]
    assert len(missing) == 5 and all(row["value"] is None for row in missing)
    pfs = [row for row in long if row["row"].startswith("PFS mediana")]
    assert {row["unit"] for row in pfs} == {"months"} and {row["group"] for row in pfs} == {""}
    assert [row["value"] for row in pfs] == [8.6, 9.3, 9.5, 11.4]
    # `Len` indented under `ultima linea precedente di terapia (%)` takes its unit
    assert {row["unit"] for row in long if row["row"] == "Len"} == {"%"}
    assert "Refrattarietà a:" not in {row["row"] for row in long}


@pytest.mark.parametrize("columns", [1, 2])
@pytest.mark.parametrize("caption", ["above", "below"])
@pytest.mark.parametrize("style", STYLES)
def test_generated_table_grid(tmp_path, style, caption, columns):
    pdf = write_table_pdf(tmp_path / "table.pdf", style, caption, columns)
    table = find_table(parse_pdf(pdf))
    assert table is not None
    assert table.page == 2 and table.label == "Table 1"
    assert table.grid() == EXPECTED_GRID
    assert table.ruled == (style == "ruled")
    if caption == "above":
        assert table.footnote == FOOTNOTE


def test_generated_long_rows_parse_english_cells(tmp_path):
    table = find_table(parse_pdf(write_table_pdf(tmp_path / "t.pdf", "booktabs")))
    long = table_long_rows(table, "en")
    assert len(long) == 15
    first = next(row for row in long if row["raw"] == "1(1-4)")
    assert (first["value"], first["low"], first["high"]) == (1, 1, 4)
    lenalidomide = [row for row in long if row["row"] == "Lenalidomide (%)"]
    assert [row["unit"] for row in lenalidomide] == ["%"] * 3
    assert {row["group"] for row in lenalidomide} == {"Refractory to:"}


def test_other_label_or_no_table_gives_none(tmp_path):
    pages = parse_pdf(write_table_pdf(tmp_path / "t.pdf", "plain"))
    assert find_table(pages, "Table 2") is None
    assert find_table(pages, "table  1") is not None
    assert find_table(pages[:1]) is None


def test_caption_without_table_beside_it_is_passed_over():
    words = [
        Word("Table", 60, 85, 100, 109, 9, "Helvetica-Bold"),
        Word("1.", 87, 95, 100, 109, 9, "Helvetica-Bold"),
        Word("Results", 97, 130, 100, 109, 9, "Helvetica"),
    ] + [Word(f"word{i}", 60 + 40 * i, 95 + 40 * i, 300, 309, 9, "Helvetica") for i in range(10)]
    page = Page(1, 595, 842, words, [Graphic("rule", 60, 535, 50, 50)])
    assert find_table([page]) is None


def test_rsp_paper_has_no_numbered_table():
    # its only table is captioned "Tabela." without a number
    pages = parse_pdf(pdf("rsp-2011-2708"))
    assert find_table(pages, "Tabela 1") is None
    assert find_table(pages) is None


def test_acta_amazonica_table_1():
    table = find_table(parse_pdf(pdf("acta-amazonica-2023")), "Table 1")
    assert table is not None and table.page == 5
    grid = table.grid()
    assert grid[-1][:3] == ["Total Species", "", "202"]
    assert all(len(row) == 14 for row in grid)
    assert ["Tree", "P (%)", "4.6", "5.3"] in [row[:4] for row in grid]


@pytest.mark.parametrize(
    ("raw", "lang", "expected"),
    [
        ("93,5", "it", (93.5, None, None, "")),
        ("76,6**", "it", (76.6, None, None, "**")),
        ("2 (1-2)", "it", (2.0, 1.0, 2.0, "")),
        ("11,5 [8,9–13,9]", "it", (11.5, 8.9, 13.9, "")),
        ("3 (2 to 11)", "en", (3.0, 2.0, 11.0, "")),
        ("1,234", "en", (1234.0, None, None, "")),
        ("NR", "it", (None, None, None, "")),
        ("—", "pt", (None, None, None, "")),
        ("n.d.*", "it", (None, None, None, "*")),
        ("Yes", "en", (None, None, None, "")),
    ],
)
def test_parse_cell(raw, lang, expected):
    assert parse_cell(raw, lang) == expected


@pytest.mark.parametrize(
    ("label", "unit"),
    [
        ("Len (%)", "%"),
        ("PFS mediana, mesi", "months"),
        ("Median OS, months", "months"),
        ("Sobrevida, meses", "months"),
        ("Età mediana, anni", "years"),
        ("Fase di studio", ""),
        ("Amostras (n)", ""),
    ],
)
def test_cell_unit(label, unit):
    assert cell_unit(label) == unit
