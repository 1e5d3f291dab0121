"""Table structures of real journals, on generated PDFs (tests/table_structure_pdfs.py): the grid
the extraction gives must be the one the PDF was drawn from, cell by cell."""

import pytest
from table_structure_pdfs import (
    HeaderCell,
    TableSpec,
    expected_grid,
    write_image_table_pdf,
    write_structure_pdf,
)

from extract.pdf import parse_pdf
from extract.pictures import render_pictures
from extract.tables import TableParams, find_table, table_search

H = HeaderCell
TWO_LEVELS = [
    [H("Arm\n(n)", rows=2), H("Season", span=2), H("Cost (%)")],
    [H(""), H("Rainy"), H("Dry"), H("")],
]
TWO_LEVEL_BODY = [
    ["Control", "12,1", "11,0", "3"],
    ["Treated", "10,4", "9,8", "4"],
    ["Follow-up", "9,9", "9,1", "5"],
]
GROUPED = [
    "INFORMAL",
    ["Courier", "Variable", "Simple", "Slow"],
    ["Fax", "10% to 3%", "Fast", "Costly"],
    "FORMAL",
    ["Banks", "High", "Safe", "Few branches"],
    ["Post office", "Low", "Good network", "Slow"],
]
TWO_LINE_CELLS = [
    ["Baseline (rainy)", "0,54\n(0,47-0,61)", "97,3\n(85,1-114,2)", "5,79\n(5,6-5,99)"],
    ["6 months (dry)", "0,41a\n(0,34-0,48)", "69,5b\n(54,0-84,0)", "5,86c\n(5,6-6,06)"],
    ["12 months", "0,38\n(0,30-0,45)", "60,2\n(50,1-70,3)", "5,90\n(5,7-6,10)"],
]
SIMPLE_HEADER = [[H("Sample"), H("Index A"), H("Index B"), H("Index C")]]


def _extracted(tmp_path, spec, label=None):
    pages = parse_pdf(write_structure_pdf(tmp_path / "t.pdf", spec))
    table = find_table(pages, label)
    assert table is not None
    if not spec.continued:  # ends above running text: it does not go on onto the next page
        assert table.continued == []
    return table


@pytest.mark.parametrize("rules", ["grid", "booktabs", "none"])
def test_two_level_header_one_row_per_printed_header_row(tmp_path, rules):
    spec = TableSpec(("Table 1.", "Costs by season."), TWO_LEVELS, TWO_LEVEL_BODY,
                     [150, 80, 80, 80], rules=rules)
    grid = expected_grid(spec)
    assert grid[:2] == [["Arm (n)", "Season", "", "Cost (%)"], ["", "Rainy", "Dry", ""]]
    assert _extracted(tmp_path, spec).grid() == grid


@pytest.mark.parametrize("rules", ["grid", "booktabs", "none"])
def test_full_width_group_rows_are_rows(tmp_path, rules):
    spec = TableSpec(("Tableau I :", "Les transferts."),
                     [[H("SYSTEM"), H("COST"), H("GAINS"), H("DRAWBACKS")]], GROUPED,
                     [110, 110, 110, 110], rules=rules)
    table = _extracted(tmp_path, spec, "Tableau I")
    assert table.grid() == expected_grid(spec)
    assert table.label == "Tableau I"


@pytest.mark.parametrize("rules", ["booktabs", "none"])
def test_second_line_of_a_cell_stays_in_its_cell(tmp_path, rules):
    spec = TableSpec(("CUADRO 1.", "Índices por muestreo."), SIMPLE_HEADER, TWO_LINE_CELLS,
                     [130, 90, 90, 90], rules=rules)
    grid = _extracted(tmp_path, spec, "CUADRO 1").grid()
    assert grid == expected_grid(spec)
    assert grid[1][1] == "0,54 (0,47-0,61)"


@pytest.mark.parametrize("label", ["Tab.1", "TABELA 1", "Tabela 1"])
def test_caption_below_under_other_label_forms(tmp_path, label):
    spec = TableSpec((label, "Esempio di output."), SIMPLE_HEADER, TWO_LEVEL_BODY,
                     [130, 90, 90, 90], caption_below=True)
    table = _extracted(tmp_path, spec, "Tabela 1" if label == "Tabela 1" else label)
    assert table.grid() == expected_grid(spec)
    assert table.caption.startswith(label)


def test_unnumbered_caption_is_found_by_its_word(tmp_path):
    spec = TableSpec(("Tabela.", "Dados da amostra."), SIMPLE_HEADER, TWO_LEVEL_BODY,
                     [130, 90, 90, 90])
    pages = parse_pdf(write_structure_pdf(tmp_path / "t.pdf", spec))
    assert find_table(pages, "Tabela 1") is None
    table = find_table(pages, "Tabela")
    assert table is not None and table.grid() == expected_grid(spec)


def test_near_white_background_box_adds_nothing(tmp_path):
    spec = TableSpec(("Table 1.", "Costs by season."), SIMPLE_HEADER, TWO_LEVEL_BODY,
                     [130, 90, 90, 90], rules="none", background=0.97)
    assert _extracted(tmp_path, spec).grid() == expected_grid(spec)


def test_table_printed_as_an_image_is_named_in_the_message(tmp_path):
    pages = parse_pdf(write_image_table_pdf(tmp_path / "t.pdf"))
    table, message = table_search(pages, "Tabella 1")
    assert table is None
    assert message == "'Tabella 1' on page 1 is an image, not text: there are no cells to read"


def test_missing_caption_message_names_what_was_looked_for(tmp_path):
    spec = TableSpec(("Table 1.", "Costs."), SIMPLE_HEADER, TWO_LEVEL_BODY, [130, 90, 90, 90])
    pages = parse_pdf(write_structure_pdf(tmp_path / "t.pdf", spec))
    table, message = table_search(pages, "Tabela 3")
    assert table is None
    assert message.startswith("no caption 'Tabela 3' found (looked for it in any case, with an "
                              "arabic or roman number, and for any table label numbered 3: ")
    assert "Tabella" in message and "Cuadro" in message


@pytest.mark.parametrize("marker", ["header", "caption", "plain"])
@pytest.mark.parametrize("rules", ["grid", "booktabs", "none"])
def test_table_continued_over_the_page_foot(tmp_path, rules, marker):
    # repeated header, a "(cont.)" caption, or nothing but a table that runs to the page foot
    head = [[H("SYSTEM"), H("COST"), H("GAINS"), H("DRAWBACKS")]]
    spec = TableSpec(("Table 1.", "Transfers."), head, GROUPED * 12, [110, 110, 110, 110],
                     rules=rules, prose_before=30,
                     continued=marker)
    table = _extracted(tmp_path, spec)
    assert table.grid() == expected_grid(spec)
    assert [extent.page for extent in table.extents()] == [2, 3, 4]
    assert {cell.page for row in table.cells for cell in row} == {2, 3, 4}
    assert table.continued[0].top < 100  # from the top of page 3


def test_pictures_show_every_page_the_table_stands_on(tmp_path):
    head = [[H("SYSTEM"), H("COST"), H("GAINS"), H("DRAWBACKS")]]
    spec = TableSpec(("Table 1.", "Transfers."), head, GROUPED * 12, [110, 110, 110, 110],
                     prose_before=30, continued="header")
    pdf = write_structure_pdf(tmp_path / "t.pdf", spec)
    table = find_table(parse_pdf(pdf))
    pictures, problems = render_pictures(pdf, [], table)
    assert problems == []
    assert [(p.page, p.what) for p in pictures] == [
        (1, "page 1"), (2, "the table's page"), (3, "the table's page"), (4, "the table's page")]


def test_table_params_are_validated():
    assert TableParams().row_gap == 1.2
    with pytest.raises(ValueError, match="row_gap must be positive"):
        TableParams(row_gap=0)
    with pytest.raises(ValueError, match="rule_cover_share is a share below 1"):
        TableParams(rule_cover_share=1.5)
