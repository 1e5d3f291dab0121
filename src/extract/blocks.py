"""From a page layout to text blocks in reading order, with their layout roles.

Steps, each a pure function over the layout's words and graphics:

1. words → lines → *segments* (a line cut wherever a gap is wider than a word gap could be);
2. recursive XY cut: split a region into columns at its gutters; where something crosses a
   gutter (a title, a full-width rule or box), first cut the region into horizontal bands;
3. segments of one column piece → blocks (paragraphs), broken at vertical gaps, indents,
   changes of size or weight, and caption labels;
4. layout roles: running heads and page numbers (repeated across pages, in the margins),
   captions (by their label), footnotes (small type at the foot of a column), the table region.

Text roles that need the language (title, abstract, keywords) are decided in ``sections``.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from extract.labels import Labels
from extract.pdf import Graphic, Page, Word, is_bold, is_italic

# A gap wider than this share of the font size cannot be a space between words.
SEGMENT_GAP_RATIO = 1.0
# A column gutter is at least this wide (points).
MIN_GUTTER = 4.0
# Columns are found among the narrow segments (narrower than this share of their region); at most
# this share of them may cross a gutter, and at least 3 lines stand on each side.
NARROW_SHARE = 0.6
MAX_CROSSING_SHARE = 0.15
MIN_COLUMN_LINES = 3
# A column's left edge: at least this many lines start within 2 points of each other.
MIN_ALIGNED_STARTS = 2
# Running heads and page numbers sit in these top and bottom shares of the page.
MARGIN_SHARE = 0.075
# A list item opens with a dash or bullet, a number or a roman numeral with its stop or bracket.
LIST_ITEM = re.compile(r"^\s*(?:[–•·▪\-]|\d{1,2}[.)]|[ivx]{1,4}\)|[a-z]\))\s")
# The citation part of a superscript: digits with their list and range punctuation, at its end.
CITATION_TAIL = re.compile(r"(?<![A-Za-z0-9])[\d][\d\s,;\-–−]*$|^[\-–−][\d][\d\s,;\-–−]*$")


@dataclass
class Segment:
    words: list[Word]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @classmethod
    def of(cls, words: list[Word]) -> Segment:
        main = [w for w in words if not w.sup] or words
        return cls(
            words,
            min(w.x0 for w in words),
            max(w.x1 for w in words),
            min(w.top for w in main),
            max(w.bottom for w in main),
            statistics.median(w.size for w in main),
        )


class SegmentGroup:
    """The box and type size of a group of segments: a block's lines, a table line's cells."""

    @property
    def parts(self) -> list[Segment]:
        raise NotImplementedError

    @property
    def x0(self) -> float:
        return min(s.x0 for s in self.parts)

    @property
    def x1(self) -> float:
        return max(s.x1 for s in self.parts)

    @property
    def top(self) -> float:
        return min(s.top for s in self.parts)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.parts)

    @property
    def size(self) -> float:
        return statistics.median(s.size for s in self.parts)


@dataclass
class Block(SegmentGroup):
    page: int
    column: int
    lines: list[Segment]
    piece: int = 0
    opens_piece: bool = False
    column_left: float = 0.0
    role: str = "body"
    text: str = ""
    marks: list[tuple[int, str]] = field(default_factory=list)
    lang: str = ""
    lang_prob: float = 0.0

    @property
    def indented(self) -> bool:
        """First line set in from the block's other lines (or, alone, from its column's edge)."""
        first = self.lines[0]
        others = [s.x0 for s in self.lines[1:]]
        left = min(others) if others else self.column_left
        return first.x0 - left > 0.6 * first.size

    @property
    def parts(self) -> list[Segment]:
        return self.lines

    @property
    def bold(self) -> bool:
        return mostly_bold([w for s in self.lines for w in s.words])


# ---------------------------------------------------------------------------------------------
# 1. lines and segments


def _lines(words: list[Word]) -> list[list[Word]]:
    """Group words whose boxes overlap vertically by more than half into lines."""
    lines: list[list[Word]] = []
    for word in sorted((w for w in words if not w.sup), key=lambda w: (w.top, w.x0)):
        for line in reversed(lines[-6:]):
            ref = line[0]
            overlap = min(ref.bottom, word.bottom) - max(ref.top, word.top)
            if overlap > 0.5 * min(ref.bottom - ref.top, word.bottom - word.top):
                line.append(word)
                break
        else:
            lines.append([word])
    return lines


def _attach_superscripts(lines: list[list[Word]], sups: list[Word]) -> None:
    """Put each superscript into the line of the word it touches."""
    for sup in sups:
        best, best_distance = None, float("inf")
        for line in lines:
            first = line[0]
            if sup.bottom < first.top - first.size or sup.top > first.bottom:
                continue
            distance = min(min(abs(sup.x0 - w.x1), abs(w.x0 - sup.x1)) for w in line)
            if distance < best_distance:
                best, best_distance = line, distance
        if best is not None:
            best.append(sup)


def segments(words: list[Word]) -> list[Segment]:
    lines = _lines(words)
    _attach_superscripts(lines, [w for w in words if w.sup])
    result = []
    for line in lines:
        line.sort(key=lambda w: w.x0)
        current = [line[0]]
        for word in line[1:]:
            gap = word.x0 - current[-1].x1
            if gap > SEGMENT_GAP_RATIO * max(word.size, current[-1].size) and not word.sup:
                result.append(Segment.of(current))
                current = []
            current.append(word)
        result.append(Segment.of(current))
    return result


# ---------------------------------------------------------------------------------------------
# 2. reading order: recursive XY cut


def _gutters(segs: list[Segment]) -> list[tuple[float, float]]:
    """Gutters of a region: x intervals that few segments cross, with columns of text on both sides.

    A few crossings are allowed (a title, a caption, a stretched justified line): the crossing
    segments become horizontal cuts. Within a stretch of low coverage the gutter is where the
    coverage is (nearly) least, so a short column beside a full one still has its gutter. A gutter needs
    lines on both sides that stand beside each other, so the gaps of one stretched line never
    make a column.
    """
    lo, hi = int(min(s.x0 for s in segs)), int(max(s.x1 for s in segs)) + 1
    narrow = [s for s in segs if s.x1 - s.x0 < NARROW_SHARE * (hi - lo)]
    if len(narrow) < 2 * MIN_COLUMN_LINES:
        return []
    delta = [0] * (hi - lo + 2)
    for seg in narrow:
        delta[int(seg.x0) - lo + 1] += 1
        delta[int(seg.x1) - lo] -= 1
    cover, running = [], 0
    for step in delta:
        running += step
        cover.append(running)
    allowed = max(2, int(MAX_CROSSING_SHARE * len(narrow)))
    gutters = []
    for start, end in _runs(cover, lambda count: count <= allowed):
        least = min(cover[start:end]) + max(1, int(0.05 * len(narrow)))
        for low, high in _runs(cover[start:end], lambda count, least=least: count <= least):
            gutter = _trimmed(narrow, (lo + start + low - 1, lo + start + high - 1))
            if gutter[1] - gutter[0] >= MIN_GUTTER:
                gutters.append(gutter)
    return [g for g in gutters if _supported(narrow, g)]


def _trimmed(segs: list[Segment], gutter: tuple[float, float]) -> tuple[float, float]:
    """End the gutter where the first column edge inside it starts (a short column's left edge)."""
    starts = Counter(round(s.x0) for s in segs if gutter[0] + MIN_GUTTER <= s.x0 <= gutter[1] + 2)
    edges = [x for x in starts if sum(n for y, n in starts.items() if abs(x - y) <= 2) >= MIN_ALIGNED_STARTS]
    return (gutter[0], min(min(edges), gutter[1])) if edges else gutter


def _runs(values: list[int], keep) -> list[tuple[int, int]]:
    """Maximal [start, end) index runs of ``values`` where ``keep`` holds."""
    runs, start = [], None
    for index, value in enumerate(values):
        if keep(value):
            start = index if start is None else start
        elif start is not None:
            runs.append((start, index))
            start = None
    if start is not None:
        runs.append((start, len(values)))
    return runs


def _supported(segs: list[Segment], gutter: tuple[float, float]) -> bool:
    """Lines on both sides, standing beside each other, and a column edge that lines start at."""
    left = [s for s in segs if s.x1 <= gutter[0] + 1]
    right = [s for s in segs if s.x0 >= gutter[1] - 1]
    starts = Counter(round(s.x0) for s in right if s.x0 - gutter[1] < 3 * s.size)
    aligned = max((sum(n for x, n in starts.items() if abs(x - x0) <= 2) for x0 in starts), default=0)
    if min(len(left), len(right)) < MIN_COLUMN_LINES or aligned < MIN_ALIGNED_STARTS:
        return False
    left_span = (min(s.top for s in left), max(s.bottom for s in left))
    right_span = (min(s.top for s in right), max(s.bottom for s in right))
    return min(left_span[1], right_span[1]) > max(left_span[0], right_span[0])


def _crosses(x0: float, x1: float, gutters: list[tuple[float, float]]) -> bool:
    return any(x0 < g0 and x1 > g1 for g0, g1 in gutters)


def _bands(segs: list[Segment], blockers: list[tuple[float, float]]) -> list[list[Segment]]:
    """Cut segments into horizontal bands at the edges of the blocking y ranges."""
    merged: list[list[float]] = []
    for top, bottom in sorted(blockers):
        if merged and top <= merged[-1][1] + 0.5 * (bottom - top):
            merged[-1][1] = max(merged[-1][1], bottom)
        else:
            merged.append([top, bottom])
    cuts = sorted({y for top, bottom in merged for y in (top, bottom)})
    bands: dict[int, list[Segment]] = {}
    for seg in segs:
        middle = (seg.top + seg.bottom) / 2
        index = sum(1 for y in cuts if y <= middle)
        bands.setdefault(index, []).append(seg)
    return [bands[k] for k in sorted(bands)]


def reading_order(segs: list[Segment], graphics: list[Graphic]) -> list[tuple[int, list[Segment]]]:
    """Column pieces in reading order, each as (column number, segments top to bottom)."""
    if not segs:
        return []
    gutters = _gutters(segs)
    if not gutters:
        return [(1, sorted(segs, key=lambda s: (s.top, s.x0)))]
    blockers = [(s.top, s.bottom) for s in segs if _crosses(s.x0, s.x1, gutters)]
    blockers += [(g.top, g.bottom) for g in graphics if _crosses(g.x0, g.x1, gutters)]
    if blockers:
        bands = _bands(segs, blockers)
        if len(bands) == 1:
            return [(1, sorted(segs, key=lambda s: (s.top, s.x0)))]
        inside = [g for g in graphics if not _crosses(g.x0, g.x1, gutters)]
        return [piece for band in bands for piece in reading_order(band, inside)]
    edges = [lo for lo, _ in gutters]
    columns: dict[int, list[Segment]] = {}
    for seg in segs:
        columns.setdefault(sum(1 for x in edges if x < seg.x0), []).append(seg)
    pieces = []
    for number in sorted(columns):
        col = columns[number]
        x0, x1 = min(s.x0 for s in col), max(s.x1 for s in col)
        inner = [g for g in graphics if g.x0 >= x0 - 2 and g.x1 <= x1 + 2]
        pieces += [(number + 1, part) for _, part in reading_order(col, inner)]
    return pieces


# ---------------------------------------------------------------------------------------------
# 3. blocks


def _starts_block(prev: Segment, seg: Segment, left: float, right: float, labels: Labels) -> bool:
    gap = seg.top - prev.bottom
    if gap > 0.6 * max(prev.size, seg.size) or gap < -0.5 * seg.size:
        return True
    if abs(seg.size - prev.size) > 0.6:
        return True
    if mostly_bold(prev.words) != mostly_bold(seg.words):
        return True
    if labels.caption_label(_plain(seg)):
        return True
    prev_end = _plain(prev).rstrip()[-1:]
    mid_sentence = prev_end == "-" or prev_end.islower() or prev_end in ",;"
    indented = seg.x0 - left > 0.6 * seg.size and prev.x0 - left <= 0.6 * seg.size
    # a short line ending a sentence ends its paragraph; a short line wholly in italics over a
    # line that is not (a translated title run into the first line of an abstract) too
    short = right - prev.x1 > 2 * seg.size
    short_prev = short and (prev_end in ".:!?" or (_italic_line(prev) and not _italic_line(seg)))
    list_item = LIST_ITEM.match(_plain(seg)) is not None and prev_end in ".:;!?"
    run_in = _opens_with_run_in_label(seg) and prev_end in ".:!?"
    return (indented and not mid_sentence) or short_prev or list_item or run_in


def _opens_with_run_in_label(seg: Segment) -> bool:
    """The line opens with a few bold words ending in ``.`` or ``:`` (``Methods.``) and goes on in
    another face: a run-in label, which opens a paragraph."""
    words = [w for w in seg.words if not w.sup]
    for count, word in enumerate(words[:3], start=1):
        if not is_bold(word):
            return False
        if word.text.endswith((".", ":")):
            return count < len(words) and not is_bold(words[count])
    return False


def _italic_line(seg: Segment) -> bool:
    return all(is_italic(w) for w in seg.words if not w.sup)


def mostly_bold(words: list[Word]) -> bool:
    """Most of the letters (superscripts aside) are set in a bold face."""
    main = [w for w in words if not w.sup]
    return sum(len(w.text) for w in main if is_bold(w)) > 0.6 * sum(len(w.text) for w in main)


def _plain(seg: Segment) -> str:
    return " ".join(w.text for w in seg.words if not w.sup)


def page_blocks(page: Page, labels: Labels, first_piece: int = 0) -> list[Block]:
    """Blocks of one page in reading order; pieces are numbered from ``first_piece``."""
    blocks: list[Block] = []
    pieces = reading_order(segments(page.words), page.graphics)
    for number, (column, piece) in enumerate(pieces, start=first_piece):
        left, right = min(s.x0 for s in piece), max(s.x1 for s in piece)
        current: list[Segment] = []
        lines = _merge_same_line(piece)
        for index, seg in enumerate(lines):
            current.append(seg)
            last = index == len(lines) - 1
            if last or _starts_block(seg, lines[index + 1], left, right, labels):
                opens = current[0] is lines[0]
                blocks.append(Block(page.number, column, current, number, opens, column_left=left))
                current = []
    return blocks


def _merge_same_line(piece: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for seg in piece:
        last = merged[-1] if merged else None
        if last and min(last.bottom, seg.bottom) - max(last.top, seg.top) > 0.5 * seg.size:
            merged[-1] = Segment.of(sorted(last.words + seg.words, key=lambda w: w.x0))
        else:
            merged.append(seg)
    return merged


# ---------------------------------------------------------------------------------------------
# 4. layout roles


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def mark_margins(pages: list[Page], blocks: list[Block]) -> None:
    """Running heads, running feet and page numbers become ``header`` / ``footer``.

    A margin block starts in the top band of its page or ends in the bottom band; it is a running
    head or foot when its text (digits folded) repeats on another page or is a bare number; in the
    top band also when it is a single line no larger than the running text (a journal's section
    label; a title is larger).
    """
    heights = {p.number: p.height for p in pages}
    shapes = Counter(_shape(b.text) for b in blocks)
    size = body_size(blocks)
    for block in blocks:
        height = heights[block.page]
        top_band = block.top < height * MARGIN_SHARE
        bottom_band = block.bottom > height * (1 - MARGIN_SHARE)
        if not (top_band or bottom_band) or len(block.lines) > 2:
            continue
        bare_number = re.fullmatch(r"[\divxlc]+", block.text.strip().lower()) is not None
        repeated = shapes[_shape(block.text)] > 1 and len(pages) > 1
        # a single small line above the text is a section label; below it, it can be the
        # first line of a paragraph that goes on in the next column
        small_label = top_band and len(block.lines) == 1 and block.size <= size
        if bare_number or repeated or small_label:
            block.role = "header" if top_band else "footer"


def mark_captions(blocks: list[Block], labels: Labels) -> None:
    """Blocks that open with a caption label, and the blocks that go on in the caption's type.

    A caption's later lines and its credit line (``Modified from ...``) can stand in blocks of
    their own when the caption's first line spans the page and the rest does not.
    """
    caption: Block | None = None
    for block in blocks:
        if block.role == "body" and labels.caption_label(block.text):
            block.role, caption = "caption", block
        elif caption is not None and block.role == "body" and _goes_on(caption, block):
            block.role, caption = "caption", block
        elif block.role not in ("header", "footer"):
            caption = None


def _goes_on(caption: Block, block: Block) -> bool:
    same_type = abs(block.size - caption.size) < 0.3
    near = 0 <= block.top - caption.bottom < 1.5 * caption.size
    overlapping = block.x0 < caption.x1 and block.x1 > caption.x0
    return block.page == caption.page and same_type and near and overlapping


def mark_footnotes(pages: list[Page], blocks: list[Block]) -> None:
    """Blocks in type smaller than the body that stand below the page's last running text (at
    the foot of the page), or right under a short rule in its lower half."""
    text_size = body_size(blocks)
    by_page = {p.number: p for p in pages}
    for page in pages:
        mine = [b for b in blocks if b.page == page.number and b.role == "body"]
        running = [b.bottom for b in mine if b.size >= text_size - 0.3]
        lowest_text = max(running, default=0.0)
        for block in mine:
            small = block.size < text_size - 0.3
            at_foot = block.top >= lowest_text and block.top > page.height / 2
            if small and (at_foot or _under_short_rule(by_page[block.page], block)):
                block.role = "footnote"


def _under_short_rule(page: Page, block: Block) -> bool:
    return block.top > page.height / 2 and any(
        g.kind == "rule" and g.bottom <= block.top + 1 and block.top - g.bottom < 3 * block.size
        and g.x0 <= block.x0 + 2 and (g.x1 - g.x0) < 0.6 * page.width
        for g in page.graphics
    )


def body_size(blocks: Sequence[Block]) -> float:
    """The type size of the running text: the size most letters of ``body`` blocks are set in."""
    sizes: Counter = Counter()
    for block in blocks:
        if block.role == "body":
            for seg in block.lines:
                sizes[round(seg.size, 1)] += sum(len(w.text) for w in seg.words)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def mark_region(blocks: list[Block], page: int, box: tuple[float, float, float, float],
                role: str) -> None:
    """Give ``role`` to the blocks of ``page`` whose centre lies inside ``box``."""
    x0, top, x1, bottom = box
    for block in blocks:
        centre_x, centre_y = (block.x0 + block.x1) / 2, (block.top + block.bottom) / 2
        if block.page == page and x0 <= centre_x <= x1 and top <= centre_y <= bottom:
            block.role = role


# ---------------------------------------------------------------------------------------------
# text of a block


def block_text(block: Block) -> tuple[str, list[tuple[int, str]]]:
    """The block's text with line-end hyphens kept (undone later) and citation marks set apart.

    Returns the text and the marks as (offset in text, mark). A superscript made only of digits,
    commas and dashes is a citation mark; any other superscript (``+``, ``2+``, ``high``) is part
    of the word it follows and stays inline.
    """
    text, marks = "", []
    for line_number, seg in enumerate(block.lines):
        if line_number:
            text += "\n"
        previous: Word | None = None
        for word in seg.words:
            if word.sup:
                inline, mark = _split_superscript(word.text)
                glued = previous is not None and word.x0 - previous.x1 < 1.0
                text += inline if glued or not inline else " " + inline
                if mark:
                    marks.append((len(text), mark))
            else:
                spaced = previous is not None and word.x0 - previous.x1 > 0.1 * word.size
                text += (" " if spaced else "") + word.text
            previous = word
    return text, marks


def _split_superscript(text: str) -> tuple[str, str]:
    """``'+22,23'`` → (``'+'``, ``'22,23'``); ``'2+'`` → (``'2+'``, ``''``); ``'-5'`` → (``''``, ``'-5'``)."""
    match = CITATION_TAIL.search(text)
    if match is None:
        return text, ""
    return text[: match.start()], match.group()
