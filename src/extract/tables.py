"""Table 1 of a paper as a grid of cells, found by its caption, from ruled or unruled layouts.

Steps, each a pure function over one page's words and graphics:

1. the caption: the first line that opens with the configured label in any of its printed forms
   (``Table 1``, ``TABELA 1``, ``Tableau I``, ``Tab.1``, ``CUADRO 1.``, ``Tabela.`` unnumbered),
   else any table label of resources/labels.yaml with that number; a caption beside a picture
   with no text is a table printed as an image (``table_search`` says so);
2. the region: within the text column the caption stands in, the lines next to it (below, or
   above) that read as table rows, taken line by line while the gaps stay small or rules bridge
   them and no running text comes; then the footnote under it; then the rows it continues with
   on the following pages (a repeated caption with ``(cont.)``, or a table that runs to the page
   foot and goes on at the next page's top, a repeated header left out);
3. columns: at the vertical rules where the table has them, else where the pieces of its
   horizontal rules meet (a table drawn cell by cell), else at the gutters between the x-ranges
   of the words of multi-cell lines; a cell that spans columns (a cut crosses a word of it) has
   its text in its first column: a spanning head, a full-width group row;
4. rows: the header (the lines above the first rule that also spans the row-label column, else
   the lines with an empty row-label cell or in the header's type), one row per printed header
   level, then the body, cut at full-width rules and shading edges; where a band holds several
   lines, a line without data joins the row it wraps from (a CI under its estimate), unless it
   opens a group (``Refractory to:``, a row-spanning line);
5. cells: the words of a row in a column, lines joined by a space, superscript markers kept
   inline (``TRIAL18``).

Every threshold is a field of ``TableParams``, relative to a type size or the table's extent.
``Table.grid`` gives the grid as printed, ``table_long_rows`` one parsed row per data cell.
"""

from __future__ import annotations

import csv
import json
import re
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from extract.blocks import Segment, segments
from extract.geometry import Line
from extract.labels import load_labels
from extract.numbers import parse_number
from extract.pdf import Graphic, Page, Word, is_bold, is_italic
from extract.records import write_records
from extract.resources import RESOURCES, read_yaml


@dataclass(frozen=True)
class TableParams:
    """Every threshold of the table finder. Lengths are multiples of a type size (a line's, the
    caption's, the table's own or the running text's), extents are shares of the table's or the
    page's size, so the same values hold for 8 pt and 12 pt type and any page format."""

    # A line belongs to the table while its gap to the previous one is below this multiple of
    # its size, or while rules and shading edges in the gap leave no larger empty stretch; the
    # first line may stand up to ``caption_table_gap`` away from the caption.
    row_gap: float = 1.2
    caption_table_gap: float = 2.5
    # A caption continues on lines set this close (multiple of its size).
    caption_gap: float = 0.8
    # Segments of at least this many words are running text; those beside the caption show the
    # text column it stands in, whose edges at least ``min_shared_edges`` lines share; paragraph
    # indents stand at most ``indent`` type sizes right of their column's edge.
    prose_words: int = 6
    min_shared_edges: int = 2
    indent: float = 3.0
    # A lone line this wide (share of the table's width) is running text or a footnote, and so
    # is a line with two cells each wider than ``prose_column_share`` (a page's text columns).
    prose_width_share: float = 0.7
    prose_column_share: float = 0.35
    # Horizontal rules (pieces on one y joined) covering this share of the table's width cut
    # rows; vertical rules covering this share of its height cut columns.
    rule_cover_share: float = 0.5
    # A column gutter is at least this wide (multiple of the table's type size), and at most
    # ``gutter_crossing_share`` of the multi-cell lines cross it (a spanning header cell).
    min_gutter: float = 0.375
    gutter_crossing_share: float = 0.15
    # Two positions closer than this multiple of the type size are the same rule or edge.
    same_position: float = 0.19
    # A column cut where the pieces of at least this many horizontal rules meet.
    min_joint_rules: int = 2
    # Running heads and page numbers stand in these top and bottom shares of the page height; a
    # table that leaves nothing in its type above the foot share runs to the page foot.
    top_margin_share: float = 0.075
    foot_margin_share: float = 0.075
    # Lines within ``size_slack`` of the table's size (share) are set in its type; within
    # ``same_size`` they are set in the same type as each other.
    size_slack: float = 0.1
    same_size: float = 0.035
    # A row label set in by this multiple of its size from the one above is indented under it.
    label_indent: float = 0.5
    # Words further apart than this multiple of the later one's size have a space between them.
    word_gap: float = 0.1
    # Bands holding a single line in at least this share mean the rules or shading cut every row.
    band_per_row_share: float = 0.6
    # A box lighter than this grey level (1 is white) is a page's background, not shading.
    background_grey: float = 0.95
    # A picture at least ``image_min_lines`` caption sizes high beside a table caption with
    # fewer than ``image_max_words`` words in it is the table printed as an image.
    image_min_lines: float = 2.0
    image_max_words: int = 3

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if value <= 0:
                raise ValueError(f"TableParams.{name} must be positive, not {value}")
        for name in ("prose_width_share", "prose_column_share", "rule_cover_share",
                     "gutter_crossing_share", "top_margin_share", "foot_margin_share",
                     "size_slack", "same_size", "band_per_row_share", "background_grey"):
            if getattr(self, name) >= 1:
                raise ValueError(f"TableParams.{name} is a share below 1, not {getattr(self, name)}")


PARAMS = TableParams()


@dataclass
class Cell:
    """One grid cell: its text as printed and its box on the page; ``text_x0`` is where its
    text starts (a row label's indent shows which group it belongs to)."""

    text: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    text_x0: float


@dataclass
class Extent:
    """Where a table stands on one page it continues on (its repeated header included)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class Table:
    """A table as printed: ``cells[0]`` is the header row, ``cells[r][0]`` the row labels; the box
    is the table's place on its first page, ``continued`` its place on each later page."""

    label: str
    caption: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    cells: list[list[Cell]]
    footnote: str = ""
    ruled: bool = False
    header_rows: int = 1
    continued: list[Extent] = field(default_factory=list)

    def grid(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.cells]

    def extents(self) -> list[Extent]:
        """The table's place on every page it stands on, first page first."""
        first = Extent(self.page, self.x0, self.top, self.x1, self.bottom)
        return [first, *self.continued]


@dataclass(frozen=True)
class _Vocabulary:
    missing: frozenset[str]
    marks: str
    range_pattern: str
    units: tuple[tuple[str, re.Pattern[str]], ...]
    continued: tuple[str, ...]


@cache
def _vocabulary(path: Path = RESOURCES / "tables.yaml") -> _Vocabulary:
    data = read_yaml(path)
    separators = sorted(data["range_separators"], key=len, reverse=True)
    range_pattern = "|".join(
        rf"\s+{re.escape(s)}\s+" if s.isalpha() else rf"\s*{re.escape(s)}\s*" for s in separators
    )
    units = []
    for unit, words in data["units"].items():
        forms = [
            re.escape(w) if not w[:1].isalnum() else rf"(?<![\w/]){re.escape(w)}(?![\w/])"
            for w in sorted(words, key=len, reverse=True)
        ]
        units.append((unit, re.compile("|".join(forms), re.IGNORECASE)))
    return _Vocabulary(
        frozenset(m.casefold() for m in data["missing"]),
        "".join(data["marks"]),
        range_pattern,
        tuple(units),
        tuple(data["continued"]),
    )


# ---------------------------------------------------------------------------------------------
# 1. the caption


def _lines(segs: list[Segment]) -> list[Line]:
    """Segments whose boxes overlap a line's first segment vertically by more than half, as lines
    top to bottom (measured against the first segment, so a taller line of a page's other column
    does not chain two table rows into one)."""
    lines: list[Line] = []
    for seg in sorted(segs, key=lambda s: (s.top, s.x0)):
        for line in reversed(lines[-4:]):
            seed = line.segments[0]
            overlap = min(seed.bottom, seg.bottom) - max(seed.top, seg.top)
            if overlap > 0.5 * min(seed.bottom - seed.top, seg.bottom - seg.top):
                line.segments.append(seg)
                break
        else:
            lines.append(Line([seg]))
    for line in lines:
        line.segments.sort(key=lambda s: s.x0)
    return lines


ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _number_value(text: str | None) -> str | None:
    """A table number as a comparable string: arabic as printed (``1``, ``2a``), roman as arabic
    (``IV`` → ``4``); None for no number."""
    if not text:
        return None
    upper = text.upper()
    if all(char in ROMAN for char in upper):
        values = [ROMAN[char] for char in upper]
        total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v
                    for i, v in enumerate(values))
        return str(total)
    return text.casefold()


@dataclass(frozen=True)
class CaptionLabel:
    """A table's label: the label word (``Tabela``, ``Tab.``) and its number (None: unnumbered)."""

    word: str
    number: str | None

    @property
    def key(self) -> tuple[str, str | None]:
        return (re.sub(r"[\s.]", "", self.word).casefold(), _number_value(self.number))

    def __str__(self) -> str:
        if self.number is None:
            return self.word
        return f"{self.word}{'' if self.word.endswith('.') else ' '}{self.number}"


def _label_pattern(words: list[str]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(w).replace(r"\ ", r"\s*")
                           for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\s*({alternation})(?![^\W\d_])\s*(\d+[A-Za-z]?\b|[IVXLC]+\b)?\s*(\S?)",
                      re.IGNORECASE)


def caption_label(text: str, words: list[str]) -> CaptionLabel | None:
    """The table label a caption line opens with, in any of its printed forms: ``Table 1.``,
    ``TABELA 1``, ``Tableau I :``, ``Tab.1 Esempio``, ``CUADRO 1.``, ``Tabela.`` (no number).

    After the number comes punctuation, the end, or a capital (a caption's text); ``Table 1
    shows`` opens a sentence, not a caption. A label without number needs its punctuation.
    """
    match = _label_pattern(words).match(text)
    if not match:
        return None
    word, number, after = match.groups()
    if number is not None:
        number_ok = after == "" or not after.isalnum() or after.isupper()
        if number_ok:
            return CaptionLabel(word, number)
        return None
    if after in (".", ":", "—", "–", "-", "|") and not word.endswith("."):
        return CaptionLabel(word, None)
    return None


def parse_label(label: str, words: list[str]) -> CaptionLabel:
    """The configured label as word and number (``Tab.1`` → ``Tab.``, ``1``)."""
    found = caption_label(label, words)
    if found is not None:
        return found
    match = re.fullmatch(r"\s*(.*?)[\s.]*(\d+[A-Za-z]?|[IVXLC]+)?\s*", label)
    return CaptionLabel(match.group(1).strip(), match.group(2))


def table_captions(pages: Sequence[Page], words: list[str]) -> list[tuple[int, CaptionLabel]]:
    """(page, label) of every line that opens with a table caption label, in reading order."""
    found = []
    for page in pages:
        for seg in sorted(segments(page.words), key=lambda s: (s.top, s.x0)):
            label = caption_label(_text([seg.words]), words)
            if label is not None:
                found.append((page.number, label))
    return found


def _caption_candidates(
    pages: list[Page], wanted: CaptionLabel | None, words: list[str], same_word: bool
) -> Iterator[tuple[Page, Segment, CaptionLabel]]:
    """(page, caption segment, label) of each caption line naming the table, in reading order:
    the configured label (any case, roman or arabic number), or with ``same_word`` off, any
    table label word with that number (default: number 1)."""
    starts = tuple(re.sub(r"[\s.]", "", w).casefold()[:3] for w in words)
    for page in pages:
        if not any(w.text.casefold().startswith(starts) for w in page.words):
            continue
        for seg in sorted(segments(page.words), key=lambda s: (s.top, s.x0)):
            found = caption_label(_text([seg.words]), words)
            if found is None:
                continue
            if wanted is None:
                if found.key[1] == "1":
                    yield page, seg, found
            elif found.key[1] == wanted.key[1] and (not same_word or found.key[0] == wanted.key[0]):
                yield page, seg, found


def table_search(pages: list[Page], label: str | None = None) -> tuple[Table | None, str]:
    """The table captioned ``label`` (default: any table label numbered 1), and when there is
    none, a message saying what was looked for and what was found instead.

    The configured label word is looked for first (any case; ``Tableau I`` is ``Tableau 1``),
    then any table label of resources/labels.yaml with the same number. A caption with no
    table of text beside it is passed over; one beside a picture is a table printed as an image.
    """
    words = load_labels().caption["table"]
    wanted = parse_label(label, words) if label else None
    seen: list[tuple[Page, Segment, CaptionLabel]] = []
    for same_word in (True, False) if wanted else (True,):
        for page, caption, found in _caption_candidates(pages, wanted, words, same_word):
            table = _table_at(pages, page, caption, str(found))
            if table is not None:
                return table, ""
            seen.append((page, caption, found))
    name = str(wanted) if wanted else "Table 1"
    if not seen:
        number = wanted.number if wanted and wanted.number else "1"
        return None, (f"no caption '{name}' found (looked for it in any case, with an arabic or "
                      f"roman number, and for any table label numbered {number}: "
                      f"{', '.join(words)})")
    page, caption, found = seen[0]
    if _image_beside(page, caption):
        return None, (f"'{found}' on page {page.number} is an image, not text: there are no "
                      "cells to read")
    return None, (f"caption '{found}' found on page {page.number}, but no table of aligned "
                  "cells stands above or below it")


def find_table(pages: list[Page], label: str | None = None) -> Table | None:
    """The table whose caption opens with ``label`` (see ``table_search``), or None."""
    return table_search(pages, label)[0]


def _image_beside(page: Page, caption: Segment) -> bool:
    """A picture (a box with no text in it) right above or below the caption, overlapping it."""
    reach = PARAMS.caption_table_gap * caption.size
    for g in page.graphics:
        if g.kind != "box" or g.x1 <= caption.x0 or g.x0 >= caption.x1:
            continue
        if g.bottom - g.top < PARAMS.image_min_lines * caption.size:
            continue
        near = -reach <= caption.top - g.bottom <= reach or -reach <= g.top - caption.bottom <= reach
        inside = [w for w in page.words if g.x0 <= w.x0 and w.x1 <= g.x1 and g.top <= w.top
                  and w.bottom <= g.bottom]
        if near and len(inside) < PARAMS.image_max_words:
            return True
    return False


# ---------------------------------------------------------------------------------------------
# 2. the region


def _caption_lines(lines: list[Line], caption: Segment, column: list[float]) -> list[Line]:
    """The caption's first line and the lines it continues on, within its own x-range: lines
    centred under it, or any line inside the text column while the line above runs to the
    column's (or the caption's) right edge: the caption wraps, with or without a hanging indent,
    and its paragraph ends with a short line."""
    band = [caption.x0, caption.x1]
    first = next(line for line in lines if caption in line.segments)
    result = [Line([caption])]
    for full in lines[lines.index(first) + 1:]:
        line, last = _line_in_band(full, band), result[-1]
        if line is None:
            continue
        centred = abs((line.x0 + line.x1) / 2 - (caption.x0 + caption.x1) / 2) < caption.size
        wraps = (last.x1 >= max(caption.x1, column[1]) - caption.size
                 and line.x0 >= column[0] - caption.size)
        continues = (
            len(line.segments) == 1
            and (centred or wraps)
            and abs(line.size - caption.size) < PARAMS.same_size * caption.size
            and line.top - last.bottom < PARAMS.caption_gap * caption.size
        )
        if not continues:
            break
        result.append(line)
    return result


def _horizontal_edges(graphics: list[Graphic]) -> list[tuple[float, float, float]]:
    """Every horizontal edge a rule or shaded box draws, as (y, x0, x1); a near-white box is a
    page's background, not shading."""
    edges = []
    for g in graphics:
        if _is_horizontal_rule(g):
            edges.append(((g.top + g.bottom) / 2, g.x0, g.x1))
        elif g.kind == "box" and g.shade is not None and g.shade < PARAMS.background_grey:
            edges += [(g.top, g.x0, g.x1), (g.bottom, g.x0, g.x1)]
    return edges


def _in_band(x0: float, x1: float, band: tuple[float, float]) -> bool:
    return x1 > band[0] and x0 < band[1]


def _widest_empty(edges, lo: float, hi: float, band: tuple[float, float]) -> float:
    """The widest stretch between lo and hi that no rule or shading edge in the band breaks."""
    stops = sorted([lo, hi, *(y for y, x0, x1 in edges if lo < y < hi and _in_band(x0, x1, band))])
    return max(b - a for a, b in zip(stops, stops[1:], strict=False))


def _grow(lines: list[Line], edge: float, step: int, band: list[float], edges,
          body_size: float) -> list[Line]:
    """Lines on one side of the caption that read as table rows, nearest first.

    A line is taken while its gap to the last one is small (or a rule bridges it) and it is no
    line of running text: set larger than the table in the running text's type (``body_size``),
    or a lone line nearly as wide as the table in that type.
    Only the part of a line inside the band counts (a page's other column stays out); each taken
    line widens the band, so a table wider than its caption is read whole.
    """
    ordered = sorted(lines, key=lambda line: step * line.top)
    taken: list[Line] = []
    for full in ordered:
        if step * (full.middle - edge) <= 0:
            continue
        line = _line_in_band(full, band)
        if line is None:
            continue
        lo, hi = sorted((edge, line.top if step > 0 else line.bottom))
        limit = (PARAMS.row_gap if taken else PARAMS.caption_table_gap) * line.size
        if _widest_empty(edges, lo, hi, (band[0], band[1])) > limit:
            break
        if _running_text(line, band, bool(taken), body_size):
            break
        if taken and line.size > (1 + PARAMS.size_slack) * max(t.size for t in taken) \
                and line.size >= (1 - PARAMS.size_slack / 2) * body_size:
            break
        taken.append(line)
        band[0], band[1] = min(band[0], line.x0), max(band[1], line.x1)
        edge = line.bottom if step > 0 else line.top
    return taken


def _running_text(line: Line, band: list[float], after_rows: bool, body_size: float) -> bool:
    """Columns of running text beside each other (two wide segments, the first at the band's
    left edge; or two segments of running text's length in its type), or (once rows were read)
    one line of it in the running text's type."""
    width = band[1] - band[0]
    wide = [s for s in line.segments if s.x1 - s.x0 > PARAMS.prose_column_share * width]
    prose = [s for s in line.segments
             if len(s.words) >= PARAMS.prose_words and s.size >= (1 - PARAMS.size_slack) * body_size]
    columns = len(prose) >= 2 or (len(line.segments) == 2 and len(wide) == 2
                                  and line.segments[0].x0 - band[0] < line.size)
    lone_wide = (len(line.segments) == 1 and line.x1 - line.x0 > PARAMS.prose_width_share * width
                 and line.size >= (1 - PARAMS.size_slack) * body_size)
    return columns or (after_rows and lone_wide)


def body_size(words: list[Word]) -> float:
    """The running text's type size: the size most characters are set in."""
    counts: dict[float, int] = {}
    for word in words:
        counts[round(word.size * 2) / 2] = counts.get(round(word.size * 2) / 2, 0) + len(word.text)
    return max(counts, key=lambda size: (counts[size], -size)) if counts else 0.0


def _line_in_band(line: Line, band: list[float]) -> Line | None:
    """The segments of a line that overlap the band (none: None)."""
    inside = [s for s in line.segments if _in_band(s.x0, s.x1, (band[0], band[1]))]
    return Line(inside) if inside else None


def _text_column(lines: list[Line], caption: Segment) -> list[float]:
    """The x-range of the page's text column(s) the caption stands in: its own x-range widened
    to the edges of the lines of running text (on the whole page) that overlap it, where two
    such lines share the edge (a column's edge; a lone running head is no column). The left edge
    is the nearest one left of the caption (or a paragraph indent further); the right edge the
    farthest one of the lines that start there (a line of another column that runs into this
    one does not start there)."""
    prose = [
        seg for line in lines for seg in line.segments
        if len(seg.words) >= PARAMS.prose_words and _in_band(seg.x0, seg.x1, (caption.x0, caption.x1))
    ]

    def shared(values: list[float]) -> list[float]:
        return [v for v in values
                if sum(1 for w in values if abs(w - v) <= caption.size) >= PARAMS.min_shared_edges]

    lefts = [x for x in shared([s.x0 for s in prose]) if x <= caption.x0 + caption.size]
    left = max(lefts, default=caption.x0)
    left = min(x for x in [left, *lefts] if x >= left - PARAMS.indent * caption.size)
    starting = [s for s in prose if left - caption.size <= s.x0 <= left + PARAMS.indent * caption.size]
    right = max(shared([s.x1 for s in starting]), default=caption.x1)
    return [min(caption.x0, left), max(caption.x1, right)]


def _widened(band: list[float], edge: float, step: int, edges, size: float) -> list[float]:
    """The caption's x-range widened to the rules that open the table right beside it."""
    near = [
        (x0, x1) for y, x0, x1 in edges
        if 0 <= step * (y - edge) <= PARAMS.caption_table_gap * size
        and _in_band(x0, x1, (band[0], band[1]))
    ]
    return [min([band[0], *(x0 for x0, _ in near)]), max([band[1], *(x1 for _, x1 in near)])]


def _table_at(pages: list[Page], page: Page, caption: Segment, label: str) -> Table | None:
    lines = _lines(segments(page.words))
    band = _text_column(lines, caption)
    caption_lines = _caption_lines(lines, caption, band)
    edges = _horizontal_edges(page.graphics)
    bottom, top = caption_lines[-1].bottom, caption_lines[0].top
    body = body_size([w for p in pages for w in p.words])
    below = _grow(lines, bottom, +1, _widened(band, bottom, +1, edges, caption.size), edges, body)
    above = _grow(lines, top, -1, _widened(band, top, -1, edges, caption.size), edges, body)
    step, region = (+1, below) if _multi_cell(below) >= _multi_cell(above) else (-1, above)
    if _multi_cell(region) < 2:
        return None
    region.sort(key=lambda line: line.top)
    x0, x1 = min(line.x0 for line in region), max(line.x1 for line in region)
    y0, y1 = region[0].top, region[-1].bottom
    margin = PARAMS.caption_gap * _type_size(region)
    graphics = [
        g for g in page.graphics
        if _in_band(g.x0, g.x1, (x0 - margin, x1 + margin))
        and g.bottom >= y0 - margin and g.top <= y1 + margin
    ]
    rows, footnote = _split_footnote(region, graphics)
    if step > 0:
        footnote += _footnote_after(footnote or rows, lines, (x0, x1))
    caption_text = " ".join(_text([line.words]) for line in caption_lines)
    table = _build(page, label, caption_text, rows, footnote, graphics)
    foot = (footnote or rows)[-1].bottom
    if step < 0 and caption_lines[-1].bottom > foot:
        foot = caption_lines[-1].bottom
    _continue(table, pages, (page, footnote, graphics), rows, foot, label, body)
    return table


def _runs_to_foot(page: Page, lines: list[Line], bottom: float, band: tuple[float, float],
                  size: float) -> bool:
    """Nothing in the table's type or larger stands under ``bottom`` in its band, above the
    page's foot margin (the table area runs to the page foot)."""
    foot = (1 - PARAMS.foot_margin_share) * page.height
    return not any(
        line.top > bottom and line.bottom < foot and line.size >= size - 0.5 * size * PARAMS.size_slack
        for full in lines if (line := _line_in_band(full, [band[0], band[1]])) is not None
    )


def _continue(table: Table, pages: list[Page],
              last: tuple[Page, list[Line], list[Graphic]], body: list[Line], foot: float,
              label: str, text_size: float) -> None:
    """Add to ``table`` the rows it continues with on the following pages.

    A page continues the table when it holds the table's caption again with a continuation word
    (``(cont.)``, ``(continua)``, resources/tables.yaml), or when the table ran to the foot of the
    page before and this page opens, in the table's band, with lines set in the table's type
    that fall into its columns (a repeated header is read as such and left out). The lines
    under the last row of a page it goes on from, set in the table's type and with no footnote
    mark, were rows (a group row at the page foot), not its footnote.
    """
    by_number = {p.number: p for p in pages}
    band = (table.x0, table.x1)
    size = statistics.median(line.size for line in body)
    header = [_text([line.words]) for line in body[: _header_count(table, body)]]
    cuts = [cell.x0 for cell in table.cells[0][1:]]
    previous, bottom = last[0], foot
    while previous.number + 1 in by_number:
        current = by_number[previous.number + 1]
        lines = _lines(segments(current.words))
        start = _continuation_start(lines, label)
        if start is None and not _runs_to_foot(previous, _lines(segments(previous.words)),
                                               bottom, band, size):
            return
        if start is None:
            start = _first_table_line(current, lines, band, size, cuts)
        if start is None:
            return
        edges = _horizontal_edges(current.graphics)
        part = _grow(lines, start, +1, [band[0], band[1]], edges, text_size)
        if _multi_cell(part) < 1:
            return
        part.sort(key=lambda line: line.top)
        repeated = 0
        while repeated < min(len(header), len(part)) and \
                _text([part[repeated].words]) == header[repeated]:
            repeated += 1
        rows_lines = part[repeated:]
        margin = PARAMS.caption_gap * size
        graphics = [g for g in current.graphics
                    if _in_band(g.x0, g.x1, (band[0] - margin, band[1] + margin))
                    and g.bottom >= part[0].top - margin and g.top <= part[-1].bottom + margin]
        rows_body, footnote = _split_footnote(rows_lines, graphics) \
            if _multi_cell(rows_lines) else (rows_lines, [])
        if not rows_body:
            return
        _rows_from_footnote(table, last, size)
        table.cells += _rows_cells(current, rows_body, graphics, table.cells[0])
        if footnote:
            table.footnote = "\n".join(
                [table.footnote, *(_text([line.words]) for line in footnote)]).strip()
        table.continued.append(Extent(current.number, min(line.x0 for line in part), part[0].top,
                                      max(line.x1 for line in part), part[-1].bottom))
        previous, bottom = current, (footnote or rows_body)[-1].bottom
        last = (current, footnote, graphics)


def _rows_from_footnote(table: Table, last: tuple[Page, list[Line], list[Graphic]],
                        size: float) -> None:
    """The footnote lines of the page a table goes on from that are rows after all."""
    page, footnote, graphics = last
    marks = _vocabulary().marks
    rows = []
    for line in footnote:
        if abs(line.size - size) > PARAMS.size_slack * size or line.words[0].text[:1] in marks:
            break
        rows.append(line)
    if rows:
        table.cells += _rows_cells(page, rows, graphics, table.cells[0])
        taken = {_text([line.words]) for line in rows}
        table.footnote = "\n".join(part for part in table.footnote.split("\n") if part not in taken)


def _header_count(table: Table, body: list[Line]) -> int:
    """How many of the table's lines its header rows hold."""
    header_bottom = max(cell.bottom for row in table.cells[: table.header_rows] for cell in row)
    return sum(1 for line in body if line.bottom <= header_bottom + 0.1)


def _continuation_start(lines: list[Line], label: str) -> float | None:
    """Under the caption that repeats the table's label with a continuation word, if the page
    has one; None if not."""
    words = load_labels().caption["table"]
    wanted = caption_label(label, words)
    marks = tuple(m.casefold() for m in _vocabulary().continued)
    for line in lines:
        text = _text([line.words])
        found = caption_label(text, words)
        if found is None or wanted is None or found.key != wanted.key:
            continue
        if any(mark in text.casefold() for mark in marks):
            return line.bottom
    return None


def _first_table_line(page: Page, lines: list[Line], band: tuple[float, float], size: float,
                      cuts: list[float]) -> float | None:
    """The top of the first line under the page's top margin, in the table's band and type, when
    it or the line under it has cells in at least two of the table's columns (a group row may
    open the page); None if the page opens otherwise."""
    head = PARAMS.top_margin_share * page.height
    opening = [line for full in lines
               if (line := _line_in_band(full, [band[0], band[1]])) is not None and line.top >= head]
    if not opening or abs(opening[0].size - size) > PARAMS.size_slack * size:
        return None
    for line in opening[:2]:
        columns = {sum(1 for x in cuts if x <= w.x0 + PARAMS.same_position * size)
                   for w in line.words}
        if len(line.segments) > 1 and len(columns) > 1:
            return opening[0].top - 0.1
    return None


def _type_size(lines: list[Line]) -> float:
    """The type size most of the lines are set in (their median)."""
    return statistics.median(line.size for line in lines)


def _multi_cell(lines: list[Line]) -> int:
    return sum(1 for line in lines if len(line.segments) > 1)


def _split_footnote(
    region: list[Line], graphics: list[Graphic]
) -> tuple[list[Line], list[Line]]:
    """The table's lines and the footnote lines under them.

    Lines after the last multi-cell row stay in the table while its rules still reach them, or,
    in an unruled table, while they continue the last row label (same type, within the label
    column, no footnote marker); the rest opens the footnote.
    """
    last = max(i for i, line in enumerate(region) if len(line.segments) > 1)
    body, rest = region[: last + 1], region[last + 1:]
    reach = body[-1].bottom + PARAMS.row_gap * body[-1].size
    rule_bottom = max((g.bottom for g in graphics if g.kind == "rule" and g.top <= reach),
                      default=None)
    label_right = _first_gutter_left(body)
    while rest:
        line = rest[0]
        if rule_bottom is not None:
            held = line.middle < rule_bottom
        else:
            held = (
                line.x1 < label_right
                and abs(line.size - body[-1].size) < PARAMS.same_size * body[-1].size
                and line.x0 >= body[-1].x0 - PARAMS.same_position * body[-1].size
                and line.words[0].text[:1] not in _vocabulary().marks
            )
        if not held:
            break
        body.append(rest.pop(0))
    return body, rest


def _footnote_after(
    last: list[Line], lines: list[Line], band: tuple[float, float]
) -> list[Line]:
    """Lines right under the table in its band, set no larger than the table, close together."""
    table_size = statistics.median(line.size for line in last)
    edge, footnote = last[-1].bottom, []
    for full in sorted(lines, key=lambda line: line.top):
        if full.middle <= edge:
            continue
        line = _line_in_band(full, [band[0], band[1]])
        if line is None:
            continue
        if line.top - edge > PARAMS.row_gap * line.size \
                or line.size > (1 + PARAMS.same_size) * table_size:
            break
        footnote.append(line)
        edge = line.bottom
    return footnote


def _first_gutter_left(lines: list[Line]) -> float:
    """Where the first data column starts: the least x0 of any second segment of a line."""
    return min((line.segments[1].x0 for line in lines if len(line.segments) > 1), default=0.0)


# ---------------------------------------------------------------------------------------------
# 3. columns


def _column_cuts(lines: list[Line], graphics: list[Graphic]) -> tuple[list[float], bool]:
    """x positions between columns, and whether they come from vertical rules: the vertical
    rules where the table has them, else the joints of its horizontal rules (a table drawn cell
    by cell draws each cell's border apart), else the gutters between the words' x-ranges."""
    top, bottom = min(line.top for line in lines), max(line.bottom for line in lines)
    words = [w for line in lines for w in line.words]
    tolerance = PARAMS.same_position * _type_size(lines)
    verticals = _merged_positions(
        [((g.x0 + g.x1) / 2, g.top, g.bottom) for g in _vertical_rules(graphics)],
        PARAMS.rule_cover_share * (bottom - top), tolerance,
    )

    def inner(positions: list[float]) -> list[float]:
        return [x for x in positions
                if any((w.x0 + w.x1) / 2 < x for w in words)
                and any((w.x0 + w.x1) / 2 > x for w in words)]

    if inner(verticals):
        return _without_empty_columns(inner(verticals), words), True
    joints = inner(_rule_joints(graphics, tolerance))
    if joints:
        return _without_empty_columns(joints, words), False
    return _gutter_cuts(lines), False


def _without_empty_columns(cuts: list[float], words: list[Word]) -> list[float]:
    """The cuts less those that bound a column no word stands in (a spacer between groups)."""
    kept = list(cuts)
    filled = {_column_of(w, kept) for w in words}
    for column in sorted(set(range(len(kept) + 1)) - filled, reverse=True):
        del kept[min(column, len(kept) - 1)]
    return kept


def _vertical_rules(graphics: list[Graphic]) -> list[Graphic]:
    return [g for g in graphics if g.kind == "rule" and g.x1 - g.x0 < g.bottom - g.top]


def _is_horizontal_rule(g: Graphic) -> bool:
    """A rule (thin for its page's type, as the parse stage decided) drawn across."""
    return g.kind == "rule" and g.x1 - g.x0 > g.bottom - g.top


def _horizontal_rules(graphics: list[Graphic], tolerance: float) -> list[list[Graphic]]:
    """The thin horizontal rules, as the pieces drawn on one y (within ``tolerance``), left to
    right."""
    rules = sorted((g for g in graphics if _is_horizontal_rule(g)),
                   key=lambda g: ((g.top + g.bottom) / 2, g.x0))
    groups: list[list[Graphic]] = []
    for rule in rules:
        y = (rule.top + rule.bottom) / 2
        if groups and y - (groups[-1][0].top + groups[-1][0].bottom) / 2 <= tolerance:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    for group in groups:
        group.sort(key=lambda g: g.x0)
    return groups


def _joints(pieces: list[Graphic], tolerance: float) -> list[float]:
    """Where the pieces of one rule meet (end to end, within ``tolerance``)."""
    return [(a.x1 + b.x0) / 2 for a, b in zip(pieces, pieces[1:], strict=False)
            if abs(b.x0 - a.x1) <= tolerance]


def _rule_joints(graphics: list[Graphic], tolerance: float) -> list[float]:
    """Positions where the pieces of at least two horizontal rules meet."""
    found: list[tuple[float, int]] = []
    for number, pieces in enumerate(_horizontal_rules(graphics, tolerance)):
        found += [(x, number) for x in _joints(pieces, tolerance)]
    positions: list[list[tuple[float, int]]] = []
    for x, number in sorted(found):
        if positions and x - positions[-1][-1][0] <= 2 * tolerance:
            positions[-1].append((x, number))
        else:
            positions.append([(x, number)])
    return [statistics.mean(x for x, _ in group) for group in positions
            if len({number for _, number in group}) >= PARAMS.min_joint_rules]


def _merged_positions(pieces: list[tuple[float, float, float]], min_cover: float,
                      tolerance: float) -> list[float]:
    """Positions of rule pieces on one line (within ``tolerance``) covering ``min_cover``."""
    groups: list[list[tuple[float, float, float]]] = []
    for piece in sorted(pieces):
        if groups and piece[0] - groups[-1][-1][0] <= tolerance:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    positions = []
    for group in groups:
        spans = sorted((lo, hi) for _, lo, hi in group)
        cover, reach = 0.0, float("-inf")
        for lo, hi in spans:
            cover += max(0.0, hi - max(lo, reach))
            reach = max(reach, hi)
        if cover >= min_cover:
            positions.append(statistics.mean(p for p, _, _ in group))
    return positions


def _gutter_cuts(lines: list[Line]) -> list[float]:
    """Middles of the x-gaps that (nearly) no cell of a multi-cell line crosses."""
    rows = [line for line in lines if len(line.segments) > 1]
    lo = int(min(line.x0 for line in lines))
    hi = int(max(line.x1 for line in lines)) + 1
    cover = [0] * (hi - lo + 2)
    for line in rows:
        for seg in line.segments:
            cover[int(seg.x0) - lo] += 1
            cover[int(seg.x1) - lo + 1] -= 1
    allowed = int(PARAMS.gutter_crossing_share * len(rows))
    min_gutter = PARAMS.min_gutter * _type_size(lines)
    cuts, start, running = [], None, 0
    for offset in range(hi - lo + 1):
        running += cover[offset]
        if running <= allowed:
            start = offset if start is None else start
            continue
        if start is not None and start > 0 and offset - start >= min_gutter:
            cuts.append(lo + (start + offset) / 2)
        start = None
    return cuts


def _column_of(word: Word, cuts: list[float]) -> int:
    middle = (word.x0 + word.x1) / 2
    return sum(1 for x in cuts if x < middle)


@dataclass
class _Columns:
    """The column cuts of a table and the column of each word: the one its middle falls in,
    or for the words of a cell spanning columns, the first column it spans (the gold convention:
    a spanning cell's text in its first column)."""

    cuts: list[float]
    spanning: dict[int, int]  # id(word) → column
    spans: dict[int, list[tuple[int, int]]]  # id(line) → (first, last) column of its spanning cells

    def of(self, word: Word) -> int:
        return self.spanning.get(id(word), _column_of(word, self.cuts))


def _columns(lines: list[Line], graphics: list[Graphic], cuts: list[float],
             extent: tuple[float, float] | None = None) -> _Columns:
    """A segment one of whose words a cut crosses is a cell spanning columns (see
    ``_cell_extent``); a segment a cut passes between two words of is first cut there (two
    cells set closer than a gutter). ``extent`` is the table's x-range (default: its lines')."""
    left, right = extent or (min(line.x0 for line in lines), max(line.x1 for line in lines))
    verticals = _vertical_rules(graphics)
    tolerance = PARAMS.same_position * _type_size(lines)
    rules = _horizontal_rules(graphics, tolerance)
    spanning: dict[int, int] = {}
    spans: dict[int, list[tuple[int, int]]] = {}
    for line in lines:
        pieces = [piece for seg in line.segments for piece in _pieces(seg, cuts)]
        for seg in pieces:
            if not any(w.x0 < x < w.x1 for w in seg.words for x in cuts):
                continue
            start, end = _cell_extent(seg, line, len(pieces) == 1, verticals, rules,
                                      (left, right))
            first = sum(1 for x in cuts if x < start + tolerance)
            last = max(first, sum(1 for x in cuts if x < end - tolerance))
            for word in seg.words:
                spanning[id(word)] = first
            spans.setdefault(id(line), []).append((first, last))
    return _Columns(cuts, spanning, spans)


def _pieces(seg: Segment, cuts: list[float]) -> list[Segment]:
    """The segment cut at the cuts that pass between two of its words."""
    pieces, current = [], [seg.words[0]]
    for word in seg.words[1:]:
        if any(current[-1].x1 <= x <= word.x0 for x in cuts):
            pieces.append(current)
            current = []
        current.append(word)
    return [Segment.of(words) for words in [*pieces, current]]


def _cell_extent(seg: Segment, line: Line, lone: bool, verticals: list[Graphic],
                 rules: list[list[Graphic]], table: tuple[float, float]) -> tuple[float, float]:
    """The x-range of the cell a spanning segment is in: between the vertical rules around it in
    a ruled table (none crossing its line: the whole row, a group row); else the partial rule
    right under it (the rule under a spanning head); else the piece of the rule right above it
    (a table drawn cell by cell); else the whole row for a ``lone`` segment on its line (a group
    row), the segment's own x-range for any other."""
    tolerance = PARAMS.same_position * line.size
    if verticals:
        crossing = [(g.x0 + g.x1) / 2 for g in verticals if g.top <= line.middle <= g.bottom]
        return (max([table[0], *(x for x in crossing if x <= seg.x0 + tolerance)]),
                min([table[1], *(x for x in crossing if x >= seg.x1 - tolerance)]))
    for pieces in rules:
        y = (pieces[0].top + pieces[0].bottom) / 2
        if 0 <= y - line.bottom <= line.size:
            runs: list[list[Graphic]] = [[pieces[0]]]
            for piece in pieces[1:]:
                if abs(piece.x0 - runs[-1][-1].x1) <= tolerance:
                    runs[-1].append(piece)
                else:
                    runs.append([piece])
            for run in runs:
                if run[0].x0 > table[0] + line.size and run[0].x0 <= seg.x1 \
                        and run[-1].x1 >= seg.x0:
                    return run[0].x0, run[-1].x1
    for pieces in rules:
        y = (pieces[0].top + pieces[0].bottom) / 2
        if 0 <= line.top - y <= line.size and len(pieces) > 1:
            return (max([table[0], *(p.x0 for p in pieces if p.x0 <= seg.x0 + tolerance)]),
                    min([table[1], *(p.x1 for p in pieces if p.x1 >= seg.x1 - tolerance)]))
    if lone:
        return table
    return seg.x0, seg.x1


# ---------------------------------------------------------------------------------------------
# 4. rows


def _row_cuts(lines: list[Line], graphics: list[Graphic], rules_only: bool) -> list[float]:
    """y positions of full-width rules (and shading edges) between the region's lines."""
    x0, x1 = min(line.x0 for line in lines), max(line.x1 for line in lines)
    edges = _horizontal_edges([g for g in graphics if g.kind == "rule" or not rules_only])
    cuts = _merged_positions([(y, a, b) for y, a, b in edges], PARAMS.rule_cover_share * (x1 - x0),
                             PARAMS.same_position * _type_size(lines))
    return [y for y in cuts if lines[0].middle < y < lines[-1].middle]


def _bands(lines: list[Line], cuts: list[float]) -> list[list[Line]]:
    bands: dict[int, list[Line]] = {}
    for line in lines:
        bands.setdefault(sum(1 for y in cuts if y < line.middle), []).append(line)
    return [bands[k] for k in sorted(bands)]


def _has_label(line: Line, columns: _Columns) -> bool:
    return any(columns.of(w) == 0 for w in line.words)


def _has_data(line: Line, columns: _Columns) -> bool:
    return any(columns.of(w) > 0 for w in line.words)


def _ruled_header(lines: list[Line], graphics: list[Graphic]) -> int | None:
    """How many lines stand above the first rule between lines that also spans the row-label
    column (a partial rule under a spanning head splits the header's levels instead); None
    when no such rule says it."""
    left, right = min(line.x0 for line in lines), max(line.x1 for line in lines)
    for pieces in _horizontal_rules(graphics, PARAMS.same_position * _type_size(lines)):
        y = (pieces[0].top + pieces[0].bottom) / 2
        cover = sum(p.x1 - p.x0 for p in pieces)
        starts_left = pieces[0].x0 <= left + lines[0].size
        if lines[0].middle < y < lines[-1].middle and starts_left \
                and cover >= PARAMS.rule_cover_share * (right - left):
            count = sum(1 for line in lines if line.middle < y)
            return count if 0 < count < len(lines) else None
    return None


def _header_lines(lines: list[Line], columns: _Columns) -> int:
    """How many lines at the top form the header of a table without a rule under its header:
    the leading lines with an empty row-label cell; else the first line and the lines under it
    with no row label or in its type (bold, italic) where the body's last line is not."""
    count = 0
    while count < len(lines) and not _has_label(lines[count], columns):
        count += 1
    if count:
        return count
    count = 1
    head_style = _style(lines[0])
    while count < len(lines) - 1 and (
        not _has_label(lines[count], columns)
        or _style(lines[count]) == head_style != _style(lines[-1])
    ):
        count += 1
    return count


def _header_rows(lines: list[Line], columns: _Columns) -> list[list[Line]]:
    """The header's lines as printed rows: one row, or where a head spans columns, the lines
    down to it (the upper level) and the lines under it. A column no spanning head covers has
    its text in the upper row (a head spanning both levels: its text in its first row)."""
    spanning = [i for i, line in enumerate(lines) if id(line) in columns.spans]
    if not spanning or spanning[-1] == len(lines) - 1:
        return [lines]
    upper, lower = lines[: spanning[-1] + 1], lines[spanning[-1] + 1:]
    covered = {c for line in upper for first, last in columns.spans.get(id(line), [])
               for c in range(first, last + 1)}
    moved = [w for line in lower for w in line.words if columns.of(w) not in covered]
    gone = {id(w) for w in moved}
    kept = [Line([Segment.of([w for w in seg.words if id(w) not in gone])])
            for line in lower for seg in line.segments if any(id(w) not in gone for w in seg.words)]
    rising = [Line([Segment.of(moved)])] if moved else []
    return [upper + rising, kept]


def _style(line: Line) -> tuple[bool, bool]:
    words = [w for w in line.words if not w.sup]
    return (all(is_bold(w) for w in words), all(is_italic(w) for w in words))


def _label_x0(line: Line, columns: _Columns) -> float:
    return min((w.x0 for w in line.words if columns.of(w) == 0), default=line.x0)


def _label_only_role(line: Line, previous: list[Line] | None, following: Line | None,
                     columns: _Columns) -> str:
    """What a line with a row label and no data is: ``group`` (it heads the rows under it),
    ``above`` (it continues the label of the row above: data on the first line), ``below`` (it
    opens the row below: data on the last line) or ``alone``.

    In this order: a closing colon or a cell spanning the row makes a group; a hanging indent
    continues the label above; rows indented under it, or a style unlike both neighbours, make a
    group; the same style as the row above continues it when that row is no farther than the
    row below.
    """
    size = line.size
    above = previous is not None and any(_has_data(x, columns) for x in previous)
    below = following is not None and _has_label(following, columns)
    if _text([line.words]).rstrip().endswith(":") or id(line) in columns.spans:
        return "group"
    if above and _label_x0(line, columns) > _label_x0(previous[0], columns) + PARAMS.label_indent * size:
        return "above"
    if below and _label_x0(following, columns) > _label_x0(line, columns) + PARAMS.label_indent * size:
        return "group"
    if below and _style(line) != _style(following) and (
        previous is None or _style(line) != _style(previous[0])
    ):
        return "group"
    gap_above = line.top - previous[-1].bottom if previous else float("inf")
    gap_below = following.top - line.bottom if following else float("inf")
    if above and _style(line) == _style(previous[0]) and gap_above <= gap_below:
        return "above"
    if following is not None and _has_data(following, columns):
        return "below"
    return "alone"


def _rows_by_alignment(lines: list[Line], columns: _Columns) -> list[list[Line]]:
    """Lines of one unruled band grouped into rows.

    A line with a row label and data opens a row, unless a label-only line just before it
    waits for its data; data without a label continues the row above (a cell on two lines).
    """
    rows: list[list[Line]] = []
    waiting = False  # the last row is a label-only line waiting for its data line
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        if _has_data(line, columns):
            continues = rows and not _has_label(line, columns) and _has_data(rows[-1][-1], columns)
            if waiting or continues:
                rows[-1].append(line)
            else:
                rows.append([line])
            waiting = False
            continue
        if waiting:
            rows[-1].append(line)
            continue
        role = _label_only_role(line, rows[-1] if rows else None, following, columns)
        if role == "above":
            rows[-1].append(line)
        else:
            rows.append([line])
            waiting = role == "below"
    return rows


def _body_rows(lines: list[Line], graphics: list[Graphic], columns: _Columns,
               grid: bool) -> list[list[Line]]:
    """Body lines grouped into rows: at rules and shading edges, then by alignment within a band.

    In a grid (vertical rules too), or when nearly every band holds one line, the rules or the
    shading cut every row, so a band with several lines is one row written over several lines.
    """
    if not lines:
        return []
    bands = _bands(lines, _row_cuts(lines, graphics, rules_only=False))
    single = sum(1 for band in bands if len(band) == 1)
    band_per_row = len(bands) >= 3 and (grid or single >= PARAMS.band_per_row_share * len(bands))
    if band_per_row:
        return bands
    return [row for band in bands for row in _rows_by_alignment(band, columns)]


# ---------------------------------------------------------------------------------------------
# 5. cells


def _text(lines: list[list[Word]]) -> str:
    """Words as printed: lines joined by a space (directly after a line-end hyphen), words by a
    space where there is a gap, superscripts glued to the word they touch."""
    text = ""
    for words in lines:
        if not words:
            continue
        line_text, previous = "", None
        for word in sorted(words, key=lambda w: w.x0):
            gap = word.x0 - previous.x1 if previous is not None else 0.0
            spaced = previous is not None and gap > PARAMS.word_gap * word.size
            line_text += (" " if spaced else "") + word.text
            previous = word
        joiner = "" if not text or text.endswith("-") else " "
        text += joiner + line_text
    return text


def _build(page: Page, label: str, caption: str, lines: list[Line], footnote: list[Line],
           graphics: list[Graphic]) -> Table:
    header = _ruled_header(lines, graphics)
    cuts, ruled = _column_cuts(lines[header or 0:], graphics)
    columns = _columns(lines, graphics, cuts)
    if header is None:
        header = _header_lines(lines, columns)
        if not ruled and _multi_cell(lines[header:]) >= 2:  # the body's columns, heads spanning
            cuts, ruled = _column_cuts(lines[header:], graphics)
            columns = _columns(lines, graphics, cuts)
    head_rows = _header_rows(lines[:header], columns)
    rows = head_rows + _body_rows(lines[header:], graphics, columns, ruled)
    x0, x1 = min(line.x0 for line in lines), max(line.x1 for line in lines)
    cells = _cells(page, rows, columns, [x0, *cuts, x1])
    return Table(
        label=label,
        caption=caption,
        page=page.number,
        x0=x0,
        top=lines[0].top,
        x1=x1,
        bottom=lines[-1].bottom,
        cells=cells,
        footnote="\n".join(_text([line.words]) for line in footnote),
        ruled=ruled,
        header_rows=len(head_rows),
    )


def _cells(page: Page, rows: list[list[Line]], columns: _Columns,
           edges: list[float]) -> list[list[Cell]]:
    cells = []
    for row in rows:
        top, bottom = min(line.top for line in row), max(line.bottom for line in row)
        cells.append([])
        for column in range(len(edges) - 1):
            words = [[w for w in line.words if columns.of(w) == column] for line in row]
            starts = [w.x0 for line_words in words for w in line_words]
            cells[-1].append(Cell(_text(words), page.number, edges[column], top,
                                  edges[column + 1], bottom, min(starts, default=edges[column])))
    return cells


def _rows_cells(page: Page, lines: list[Line], graphics: list[Graphic],
                head: list[Cell]) -> list[list[Cell]]:
    """The body rows a table continues with on a later page, in the columns of its header."""
    cuts = [cell.x0 for cell in head[1:]]
    ruled = bool(_vertical_rules(graphics))
    columns = _columns(lines, graphics, cuts, (head[0].x0, head[-1].x1))
    edges = [head[0].x0, *cuts, head[-1].x1]
    return _cells(page, _body_rows(lines, graphics, columns, ruled), columns, edges)


# ---------------------------------------------------------------------------------------------
# frames


LONG_COLUMNS = ["row", "column", "raw", "value", "unit", "marks", "low", "high", "group"]


def table_long_rows(table: Table, lang: str) -> list[dict[str, str | float | None]]:
    """One row per printed data cell: ``row`` and ``column`` labels, the ``raw`` text, its parsed
    ``value`` (empty for NR, dashes, words), ``unit``, footnote ``marks``, the ``low``/``high`` of
    a bracketed range, and the ``group`` row it is listed under.

    A row label indented under another belongs to it: its unit, when it names none, is the
    unit of the nearest label it is indented under, else the one its column header names.
    """
    header = [cell.text for cell in table.cells[0]]
    records = []
    parents: list[tuple[Cell, bool, str]] = []  # (label cell, is a group row, unit)
    line_height = min(row[0].bottom - row[0].top for row in table.cells)
    for row in table.cells[1:]:
        label = row[0]
        while parents and parents[-1][0].text_x0 >= label.text_x0 - PARAMS.same_position / 3 * line_height:
            parents.pop()
        is_group = not any(cell.text for cell in row[1:])
        inherited = next((unit for _, _, unit in reversed(parents) if unit), "")
        unit = cell_unit(label.text) or inherited
        group = next((cell.text for cell, grouping, _ in reversed(parents) if grouping), "")
        parents.append((label, is_group, unit))
        for column, cell in zip(header[1:], row[1:], strict=True):
            if not cell.text:
                continue
            value, low, high, marks = parse_cell(cell.text, lang)
            records.append({
                "row": label.text,
                "column": column,
                "raw": cell.text,
                "value": value,
                "unit": unit or cell_unit(column),
                "marks": marks,
                "low": low,
                "high": high,
                "group": group,
            })
    return records


def parse_cell(raw: str, lang: str) -> tuple[float | None, float | None, float | None, str]:
    """(value, low, high, marks) of one cell: ``76,6**`` it → (76.6, None, None, ``**``);
    ``2 (1-2)`` → (2, 1, 2, ``''``); ``NR`` → (None, None, None, ``''``)."""
    vocabulary = _vocabulary()
    marks_class = f"[{re.escape(vocabulary.marks)}]+"
    text = raw.strip()
    marks = ""
    for pattern in (rf"{marks_class}$", rf"^{marks_class}"):
        match = re.search(pattern, text)
        if match:
            marks += match.group()
            text = (text[: match.start()] + text[match.end():]).strip()
    if text.casefold() in vocabulary.missing:
        return None, None, None, marks
    number = r"[-−+]?\d[\d.,\u00a0\u202f]*"
    ranged = re.fullmatch(
        rf"({number})\s*[(\[]\s*({number})(?:{vocabulary.range_pattern})({number})\s*[)\]]", text
    )
    if ranged:
        value, low, high = (parse_number(ranged.group(i), lang) for i in (1, 2, 3))
        return value, low, high, marks
    return parse_number(text, lang), None, None, marks


def cell_unit(label: str) -> str:
    """The unit a row label or column header names (``Len (%)`` → ``%``), else empty."""
    for unit, pattern in _vocabulary().units:
        if pattern.search(label):
            return unit
    return ""


def write_table_files(table: Table, lang: str, grid_csv: Path, long_csv: Path) -> None:
    """``table.csv`` (the grid as printed: the header row, then one row per printed row) and
    ``table_long.csv`` (SPEC), UTF-8, byte-stable; numbers dot-decimal, as Python prints a float."""
    with Path(grid_csv).open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table.grid())
    write_records(long_csv, LONG_COLUMNS, table_long_rows(table, lang))


def save_table(table: Table | None, message: str, path: Path) -> None:
    """``table.json``: whether the table was found (and why not), with every cell's box."""
    data = {"found": table is not None, "message": message}
    if table is not None:
        data["table"] = asdict(table)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")


def load_table(path: Path) -> tuple[Table | None, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not data["found"]:
        return None, data["message"]
    fields = data["table"]
    cells = [[Cell(**cell) for cell in row] for row in fields.pop("cells")]
    continued = [Extent(**extent) for extent in fields.pop("continued", [])]
    return Table(**fields, cells=cells, continued=continued), data["message"]
