"""Small PDFs with one table set in the ways journals set them, for tests/test_tables.py.

The same table (split header cells with superscript reference markers, a wrapped row label, a
group row, indented sub-rows, footnote marks and a footnote) is drawn ruled, booktabs-style,
with zebra shading, or with no rules at all; its caption stands above or below it; the page has
one column of text, or two with the table in the left one. Running text stands above and below.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

STYLES = ("ruled", "booktabs", "zebra", "plain")

# (label lines, data cells or None for a group row, indent, font of the label)
ROWS = [
    (["Study phase"], ["3", "3", "2"], 0, "Helvetica"),
    (["Median number of prior", "lines of therapy"], ["2 (1-3)", "3 (2-11)", "1(1-4)"], 0,
     "Helvetica"),
    (["Refractory to:"], None, 0, "Helvetica-Oblique"),
    (["Lenalidomide (%)"], ["24", "93,5", "-"], 6, "Helvetica"),
    (["Bortezomib (%)"], ["NR", "76,6**", "5"], 6, "Helvetica"),
    (["Median PFS, months"], ["8,6", "9,3*", "11,4"], 0, "Helvetica"),
]
# Header cells: (name, superscript marker), then the lines under it.
HEADER = [
    (("ALPHA", "12"), ["Drug-A", "(n=120)"]),
    (("BETA", "7"), ["Drug-B", "(n=98)"]),
    (("GAMMA", "3"), ["Drug-C", "(n=64)"]),
]
FOOTNOTE = "*Len-refractory; **PI-refractory."
CAPTION = ("Table 1.", "Baseline characteristics of the trials.")

EXPECTED_GRID = [
    ["", "ALPHA12 Drug-A (n=120)", "BETA7 Drug-B (n=98)", "GAMMA3 Drug-C (n=64)"],
    ["Study phase", "3", "3", "2"],
    ["Median number of prior lines of therapy", "2 (1-3)", "3 (2-11)", "1(1-4)"],
    ["Refractory to:", "", "", ""],
    ["Lenalidomide (%)", "24", "93,5", "-"],
    ["Bortezomib (%)", "NR", "76,6**", "5"],
    ["Median PFS, months", "8,6", "9,3*", "11,4"],
]

PROSE = (
    "The trials enrolled patients with relapsed disease after at least one prior line of "
    "therapy and they differ in the share of patients refractory to lenalidomide which is "
    "why a direct comparison of their outcomes needs care and a look at the populations "
    "that each of them enrolled before any conclusion is drawn about the combinations"
).split()

SIZE = 8.0
LEADING = 10.0
PAD = 3.0
BODY_SIZE = 9.5


def prose(canvas: Canvas, x0: float, x1: float, top: float, lines: int) -> float:
    """Justified-looking running text from ``top``; returns the y under its last line."""
    canvas.setFont("Times-Roman", BODY_SIZE)
    words = iter(PROSE * 20)
    y = top
    for _ in range(lines):
        line: list[str] = []
        while stringWidth(" ".join(line), "Times-Roman", BODY_SIZE) < (x1 - x0) - 30:
            line.append(next(words))
        y += BODY_SIZE * 1.3
        canvas.drawString(x0, A4[1] - y, " ".join(line))
    return y


def _text(canvas: Canvas, x: float, baseline: float, text: str, font: str, size: float) -> None:
    canvas.setFont(font, size)
    canvas.drawString(x, A4[1] - baseline, text)


def _centered(canvas: Canvas, middle: float, baseline: float, text: str, font: str) -> None:
    _text(canvas, middle - stringWidth(text, font, SIZE) / 2, baseline, text, font, SIZE)


def _rule(canvas: Canvas, x0: float, y0: float, x1: float, y1: float, width: float) -> None:
    canvas.setLineWidth(width)
    canvas.line(x0, A4[1] - y0, x1, A4[1] - y1)


def caption_line(canvas: Canvas, x0: float, top: float,
                 caption: tuple[str, str] = CAPTION) -> float:
    """The caption's label in bold, then its text, from ``top``; returns the y under it."""
    label, text = caption
    baseline = top + 8.5
    _text(canvas, x0, baseline, label, "Helvetica-Bold", 8.5)
    _text(canvas, x0 + stringWidth(label + " ", "Helvetica-Bold", 8.5), baseline, text,
          "Helvetica", 8.5)
    return baseline + 3


def _table(canvas: Canvas, x0: float, top: float, widths: list[float], style: str) -> float:
    """Draw the table from ``top``; returns the y of its bottom edge."""
    edges = [x0]
    for width in widths:
        edges.append(edges[-1] + width)
    header_height = 3 * LEADING + 2 * PAD
    heights = [len(label) * LEADING + 2 * PAD for label, _, _, _ in ROWS]
    bounds = [top, top + header_height]
    for height in heights:
        bounds.append(bounds[-1] + height)
    if style == "zebra":
        canvas.setFillGray(0.88)
        for index in range(1, len(ROWS), 2):
            canvas.rect(edges[0], A4[1] - bounds[index + 2], edges[-1] - edges[0],
                        bounds[index + 2] - bounds[index + 1], stroke=0, fill=1)
        canvas.setFillGray(0)
    for column, ((name, marker), lines) in enumerate(HEADER):
        middle = (edges[column + 1] + edges[column + 2]) / 2
        baseline = top + PAD + SIZE
        width = stringWidth(name, "Helvetica-Bold", SIZE) + stringWidth(marker, "Helvetica", 5)
        _text(canvas, middle - width / 2, baseline, name, "Helvetica-Bold", SIZE)
        _text(canvas, middle - width / 2 + stringWidth(name, "Helvetica-Bold", SIZE),
              baseline - 3, marker, "Helvetica", 5)
        for number, line in enumerate(lines, start=1):
            _centered(canvas, middle, baseline + number * LEADING, line, "Helvetica")
    for index, (label, cells, indent, font) in enumerate(ROWS):
        baseline = bounds[index + 1] + PAD + SIZE
        for number, line in enumerate(label):
            _text(canvas, edges[0] + 3 + indent, baseline + number * LEADING, line, font, SIZE)
        for column, cell in enumerate(cells or []):
            _centered(canvas, (edges[column + 1] + edges[column + 2]) / 2, baseline, cell,
                      "Helvetica")
    if style == "ruled":
        for y in bounds:
            _rule(canvas, edges[0], y, edges[-1], y, 0.5)
        for x in edges:
            _rule(canvas, x, bounds[0], x, bounds[-1], 0.5)
    if style == "booktabs":
        for y, width in ((bounds[0], 1.0), (bounds[1], 0.5), (bounds[-1], 1.0)):
            _rule(canvas, edges[0], y, edges[-1], y, width)
    return bounds[-1]


def write_table_pdf(path: Path, style: str = "ruled", caption: str = "above",
                    columns: int = 1) -> Path:
    """A two-page PDF: running text on page 1, then on page 2 text, the table, text."""
    assert style in STYLES and caption in ("above", "below") and columns in (1, 2)
    canvas = Canvas(str(path), pagesize=A4)
    prose(canvas, 60, 535, 60, 40)
    canvas.showPage()
    if columns == 1:
        x0, x1, widths = 60.0, 535.0, [200.0, 90.0, 90.0, 90.0]
    else:
        x0, x1, widths = 50.0, 285.0, [112.0, 41.0, 41.0, 41.0]
        prose(canvas, 310, 545, 60, 45)
    y = prose(canvas, x0, x1, 60, 6) + 14
    if caption == "above":
        y = caption_line(canvas, x0, y) + 4
    y = _table(canvas, x0, y, widths, style)
    if caption == "below":
        y = caption_line(canvas, x0, y + 4)
    else:
        y += 2 + 7
        _text(canvas, x0, y, FOOTNOTE, "Helvetica", 7)
    prose(canvas, x0, x1, y + 14, 6)
    canvas.showPage()
    canvas.save()
    return path
