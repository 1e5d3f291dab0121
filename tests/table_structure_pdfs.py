"""Small PDFs with the table structures real journals print, for tests/test_table_structures.py.

One drawing routine sets a table from a ``TableSpec``: header rows whose cells span columns (and
both header levels), body rows with cells on two lines (an estimate over its CI), full-width group
rows, a caption above or below under any label (``Tableau I :``, ``CUADRO 1.``, ``Tab.1``), ruled
as a grid, booktabs-style or not at all, optionally on a near-white background box, optionally
running over the page foot onto the next page (with a repeated header or a ``(cont.)`` caption).
The grid the extraction must give is derived from the same spec (``expected_grid``), following
the gold convention: a spanning cell has its text in its first column (and its first row) and
empty strings in the cells it also covers.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from table_pdfs import caption_line, prose

WIDTH, HEIGHT = A4
SIZE, LEADING, PAD = 8.0, 10.0, 3.0
X0, RIGHT = 60.0, WIDTH - 60
FOOT = HEIGHT - 70  # nothing is drawn below this y (from the top)


@dataclass
class HeaderCell:
    text: str  # "\n" starts a second line; with rows=2 the second line stands in the lower level
    span: int = 1
    rows: int = 1


@dataclass
class TableSpec:
    caption: tuple[str, str]  # the label as printed (bold), the caption's text
    header: list[list[HeaderCell]]
    body: list[list[str] | str]  # a row of cells ("\n": a second line), or a full-width group row
    widths: list[float]
    rules: str = "booktabs"  # grid, booktabs or none
    caption_below: bool = False
    background: float | None = None  # grey level of a box behind the table and the text after it
    prose_before: int = 8  # lines of running text above the table
    continued: str = ""  # over the page foot: "" (no), "header" (repeated), "caption" (cont.), "plain"


def expected_grid(spec: TableSpec) -> list[list[str]]:
    columns = len(spec.widths)
    grid: list[list[str]] = []
    for level, row in enumerate(spec.header):
        cells: list[str] = []
        for cell in row:
            text = cell.text.replace("\n", " ") if level == 0 or cell.rows == 1 else ""
            cells += [text] + [""] * (cell.span - 1)
        grid.append(cells)
    for row in spec.body:
        if isinstance(row, str):
            grid.append([row] + [""] * (columns - 1))
        else:
            grid.append([cell.replace("\n", " ") for cell in row])
    return grid


def _draw(canvas: Canvas, x: float, baseline: float, text: str, font: str = "Helvetica",
          size: float = SIZE) -> None:
    canvas.setFont(font, size)
    canvas.drawString(x, HEIGHT - baseline, text)


def _centred(canvas: Canvas, left: float, right: float, baseline: float, text: str,
             font: str = "Helvetica") -> None:
    _draw(canvas, (left + right) / 2 - stringWidth(text, font, SIZE) / 2, baseline, text, font)


def _rule(canvas: Canvas, x0: float, x1: float, y: float, width: float = 0.5) -> None:
    canvas.setLineWidth(width)
    canvas.line(x0, HEIGHT - y, x1, HEIGHT - y)


def _vertical(canvas: Canvas, x: float, y0: float, y1: float) -> None:
    canvas.setLineWidth(0.5)
    canvas.line(x, HEIGHT - y0, x, HEIGHT - y1)


def _header(canvas: Canvas, spec: TableSpec, edges: list[float], top: float) -> float:
    """The header rows from ``top``; returns the y under them."""
    y = top
    levels = len(spec.header)
    for level, row in enumerate(spec.header):
        column, height = 0, LEADING + 2 * PAD
        lines_here = max(len(c.text.split("\n")) if c.rows == 1 else 1 for c in row)
        height = lines_here * LEADING + 2 * PAD
        for cell in row:
            left, right = edges[column], edges[column + cell.span]
            lines = cell.text.split("\n")
            shown = lines if cell.rows == 1 else lines[:1]
            for number, text in enumerate(shown):
                baseline = y + PAD + SIZE + number * LEADING
                if column == 0:
                    _draw(canvas, left + 3, baseline, text, "Helvetica-Bold")
                else:
                    _centred(canvas, left, right, baseline, text, "Helvetica-Bold")
            if cell.rows > 1:
                for number, text in enumerate(lines[1:]):
                    baseline = y + height + PAD + SIZE + number * LEADING
                    if column == 0:
                        _draw(canvas, left + 3, baseline, text, "Helvetica-Bold")
                    else:
                        _centred(canvas, left, right, baseline, text, "Helvetica-Bold")
            if cell.span > 1 and spec.rules == "booktabs" and level + 1 < levels:
                _rule(canvas, left + 2, right - 2, y + height, 0.4)
            if cell.span > 1 and spec.rules == "grid" and level + 1 < levels:
                _rule(canvas, left, right, y + height)
            if spec.rules == "grid":
                _vertical(canvas, right, y, y + height)
            column += cell.span
        if spec.rules == "grid":
            _vertical(canvas, edges[0], y, y + height)
        y += height
    return y


def _body_row(canvas: Canvas, spec: TableSpec, edges: list[float], y: float,
              row: list[str] | str) -> float:
    """One body row from ``y``; returns the y under it."""
    if isinstance(row, str):
        height = LEADING + 2 * PAD
        _centred(canvas, edges[0], edges[-1], y + PAD + SIZE, row, "Helvetica-Oblique")
        if spec.rules == "grid":
            _vertical(canvas, edges[0], y, y + height)
            _vertical(canvas, edges[-1], y, y + height)
        return y + height
    lines = max(len(cell.split("\n")) for cell in row)
    height = lines * LEADING + 2 * PAD
    for column, cell in enumerate(row):
        for number, text in enumerate(cell.split("\n")):
            baseline = y + PAD + SIZE + number * LEADING
            if column == 0:
                _draw(canvas, edges[0] + 3, baseline, text)
            else:
                _centred(canvas, edges[column], edges[column + 1], baseline, text)
    if spec.rules == "grid":
        for x in edges:
            _vertical(canvas, x, y, y + height)
    return y + height


def write_structure_pdf(path: Path, spec: TableSpec) -> Path:
    """Running text on page 1, then on page 2 text, the table (its caption above or below), text;
    a continued table runs from page 2's foot onto page 3."""
    canvas = Canvas(str(path), pagesize=A4)
    prose(canvas, X0, RIGHT, 60, 40)
    canvas.showPage()
    edges = [X0]
    for width in spec.widths:
        edges.append(edges[-1] + width)
    y = prose(canvas, X0, RIGHT, 60, spec.prose_before) + 14
    box_top = y - 6
    if spec.background is not None:
        canvas.setFillGray(spec.background)
        canvas.rect(X0 - 8, HEIGHT - (box_top + 400), edges[-1] - X0 + 16, 400, stroke=0, fill=1)
        canvas.setFillGray(0)
    if not spec.caption_below:
        y = caption_line(canvas, X0, y, spec.caption) + 4

    def rule(at: float, width: float = 0.5) -> None:
        _rule(canvas, edges[0], edges[-1], at, width)

    if spec.rules != "none":
        rule(y, 1.0 if spec.rules == "booktabs" else 0.5)
    y = _header(canvas, spec, edges, y)
    if spec.rules != "none":
        rule(y)
    for row in spec.body:
        lines = 1 if isinstance(row, str) else max(len(c.split("\n")) for c in row)
        if spec.continued and y + lines * LEADING + 2 * PAD > FOOT:
            if spec.rules != "none":
                rule(y, 1.0 if spec.rules == "booktabs" else 0.5)
            canvas.showPage()
            y = 60.0
            if spec.continued == "caption":
                y = caption_line(canvas, X0, y, (spec.caption[0].rstrip(".:"), "(cont.)")) + 4
            if spec.rules != "none":
                rule(y, 1.0 if spec.rules == "booktabs" else 0.5)
            if spec.continued == "header":
                y = _header(canvas, spec, edges, y)
                if spec.rules != "none":
                    rule(y)
        y = _body_row(canvas, spec, edges, y, row)
        if spec.rules == "grid":
            rule(y)
    if spec.rules == "booktabs":
        rule(y, 1.0)
    if spec.caption_below:
        y = caption_line(canvas, X0, y + 4, spec.caption)
    prose(canvas, X0, RIGHT, y + 14, 6)
    canvas.showPage()
    canvas.save()
    return path


def write_image_table_pdf(path: Path, caption: tuple[str, str] = ("Tabella 1.", "Rating")) -> Path:
    """A page of running text with a table printed as a picture, its caption under it."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (400, 160), "white")
    draw = ImageDraw.Draw(picture)
    for row in range(5):
        draw.line((0, 32 * row, 400, 32 * row), fill="black")
        draw.text((8, 32 * row + 10), f"App {row}   4.{row}   3.{row}", fill="black")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    buffer.seek(0)
    canvas = Canvas(str(path), pagesize=A4)
    y = prose(canvas, X0, RIGHT, 60, 10) + 14
    canvas.drawImage(ImageReader(buffer), X0, HEIGHT - (y + 160), width=400, height=160)
    y = caption_line(canvas, X0, y + 164, caption)
    prose(canvas, X0, RIGHT, y + 14, 8)
    canvas.showPage()
    canvas.save()
    return path
