"""Pictures of the pages a reviewer checks the layout stage against: page 1 and every page the
table stands on, with the blocks (coloured by role), the extent of each text column and the
table's cells drawn over them.

A stage of its own, beside the claims and check stages rather than after them, so that the report
(a paper's last job) does not wait for the PDF to be opened and rendered. What a check says about
a cell is therefore not burnt into the picture: the report lays it over the picture, placed by
the page box kept here.
"""

from __future__ import annotations

import base64
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from extract.records import Record
from extract.tables import Table

if TYPE_CHECKING:
    import pdfplumber

PICTURE_RESOLUTION = 100
ROLE_COLOURS = {
    "title": (123, 31, 162),
    "abstract": (25, 118, 210),
    "keywords": (0, 137, 123),
    "heading": (239, 108, 0),
    "body": (56, 142, 60),
    "caption": (216, 27, 96),
    "table": (121, 85, 72),
    "footnote": (84, 110, 122),
    "header": (158, 158, 158),
    "footer": (158, 158, 158),
    "other": (33, 33, 33),
}
CELL_COLOUR = (229, 57, 53)
COLUMN_COLOUR = (0, 172, 193)
# Blocks that tell where the text columns run (running heads and footers span the page).
COLUMN_ROLES = ("abstract", "keywords", "heading", "body")


@dataclass
class PagePicture:
    """A page as a PNG, with the page's box (PDF points, pdfplumber's coordinates) that places
    anything laid over it."""

    page: int
    what: str
    bbox: tuple[float, float, float, float]
    png: str  # base64

    def place(self, x0: float, top: float, x1: float, bottom: float) -> tuple[float, ...]:
        """A box of the page as percentages of the picture: left, top, width, height."""
        left, upper, right, lower = self.bbox
        width, height = right - left, lower - upper
        return (100 * (x0 - left) / width, 100 * (top - upper) / height,
                100 * (x1 - x0) / width, 100 * (bottom - top) / height)


def _rgba(colour: tuple[int, int, int], alpha: int) -> tuple[int, int, int, int]:
    return (*colour, alpha)


def page_picture(pdf_page: pdfplumber.page.Page, blocks: list[Record], table: Table | None) -> bytes:
    """PNG of one page with its blocks, its text columns and the cells of the table that stand on
    it drawn over it."""
    image = pdf_page.to_image(resolution=PICTURE_RESOLUTION)
    number = pdf_page.page_number
    on_page = [block for block in blocks if block["page"] == str(number)]
    for block in on_page:
        colour = ROLE_COLOURS.get(block["role"], ROLE_COLOURS["other"])
        box = tuple(float(block[side]) for side in ("x0", "top", "x1", "bottom"))
        image.draw_rect(box, fill=_rgba(colour, 40), stroke=_rgba(colour, 230), stroke_width=2)
    columns: dict[int, list[Record]] = {}
    for block in on_page:
        if block["role"] in COLUMN_ROLES:
            columns.setdefault(int(block["column"]), []).append(block)
    for _, column in sorted(columns.items()):
        x0, x1 = min(float(b["x0"]) for b in column), max(float(b["x1"]) for b in column)
        top, bottom = min(float(b["top"]) for b in column), max(float(b["bottom"]) for b in column)
        image.draw_rect((x0 - 4, top - 4, x1 + 4, bottom + 4), fill=(0, 0, 0, 0),
                        stroke=_rgba(COLUMN_COLOUR, 200), stroke_width=1)
    if table is not None:
        for cell in (cell for row in table.cells for cell in row if cell.page == number):
            image.draw_rect((cell.x0, cell.top, cell.x1, cell.bottom), fill=(0, 0, 0, 0),
                            stroke=_rgba(CELL_COLOUR, 220), stroke_width=1)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def render_pictures(pdf: Path, blocks: list[Record], table: Table | None,
                    ) -> tuple[list[PagePicture], list[str]]:
    """Page 1 and every other page the table stands on; and why a page could not be drawn.

    A picture is an aid to the reviewer: a page the renderer fails on (an odd PDF the text
    stages read well) is reported, never the end of the paper's results.
    """
    from extract.repair import open_pdf  # only this stage opens the PDF again

    table_pages = [extent.page for extent in table.extents()] if table else []
    wanted = [1] + [number for number in table_pages if number != 1]
    pictures, problems = [], []
    with open_pdf(pdf) as document:
        for number in wanted:
            if number > len(document.pages):
                continue
            page = document.pages[number - 1]
            try:
                png = base64.b64encode(page_picture(page, blocks, table)).decode("ascii")
            except Exception as err:  # the renderer (pdfium, PIL) has many ways to fail
                problems.append(f"page {number} could not be drawn ({type(err).__name__}: "
                                f"{' '.join(str(err).split())})")
                continue
            what = "the table's page" if number in table_pages else "page 1"
            pictures.append(PagePicture(number, what, tuple(page.bbox), png))
    return pictures, problems


def save_pictures(pictures: list[PagePicture], path: Path) -> None:
    Path(path).write_text(json.dumps([asdict(picture) for picture in pictures]), encoding="utf-8")


def load_pictures(path: Path) -> list[PagePicture]:
    return [PagePicture(p["page"], p["what"], tuple(p["bbox"]), p["png"])
            for p in json.loads(Path(path).read_text(encoding="utf-8"))]
