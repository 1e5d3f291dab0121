"""From a page layout to text blocks in reading order, with their layout roles.

Steps, each a pure function over the layout's words and graphics (every threshold a field
of ``extract.params.LayoutParams``, relative to the type size or the page):

1. words → lines → *segments*, and the recursive XY cut into column pieces in reading order
   (``extract.geometry``, shared with the table stage): a side column beside the title and
   abstract lines (authors, dates, editor, funding) is a column piece of its own;
2. segments of one column piece → blocks (paragraphs), broken at vertical gaps, indents,
   changes of size or weight, and caption labels;
3. layout roles: running heads and page numbers (repeated across pages, in the margins),
   captions (by their label), footnotes (small type the document marks as footnotes), the
   table region.

Text roles that need the language (title, abstract, keywords) are decided in ``sections``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from extract.geometry import Segment, SegmentGroup, reading_order, segments
from extract.labels import Labels
from extract.params import DEFAULT, LayoutParams
from extract.pdf import Page, Word, is_bold, is_italic

# A list item opens with a dash or bullet, a number or a roman numeral with its stop or bracket.
LIST_ITEM = re.compile(r"^\s*(?:[–•·▪\-]|\d{1,2}[.)]|[ivx]{1,4}\)|[a-z]\))\s")
# A footnote opens with a number or a sign of its own (or a superscript marker).
FOOTNOTE_MARKER = re.compile(r"\d{1,3}|[*†‡§¶#]+")
# The citation part of a superscript: digits with their list and range punctuation, at its end.
CITATION_TAIL = re.compile(r"(?<![A-Za-z0-9])[\d][\d\s,;\-–−]*$|^[\-–−][\d][\d\s,;\-–−]*$")


@dataclass
class Block(SegmentGroup):
    page: int
    column: int
    lines: list[Segment]
    piece: int = 0
    opens_piece: bool = False
    column_left: float = 0.0
    column_right: float = 0.0
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
        return first.x0 - left > DEFAULT.indent * first.size

    @property
    def full_end(self) -> bool:
        """The last line fills the measure of its column piece: a paragraph's last line stops
        short of it, so a block cut there by a column or page break goes on after it."""
        last = self.lines[-1]
        return (len(self.lines) > 1 and self.column_right > self.column_left
                and self.column_right - last.x1 <= DEFAULT.short_line * last.size)

    @property
    def parts(self) -> list[Segment]:
        return self.lines

    @property
    def bold(self) -> bool:
        return mostly_bold([w for s in self.lines for w in s.words])


# ---------------------------------------------------------------------------------------------
# 3. blocks


def _starts_block(prev: Segment, seg: Segment, left: float, right: float, labels: Labels,
                  params: LayoutParams = DEFAULT) -> bool:
    gap = seg.top - prev.bottom
    size = max(prev.size, seg.size)
    if gap > params.paragraph_gap * size or gap < -params.overlap_gap * seg.size:
        return True
    if abs(seg.size - prev.size) > params.size_change * size:
        return True
    if mostly_bold(prev.words) != mostly_bold(seg.words):
        return True
    if labels.caption_label(_plain(seg)):
        return True
    prev_end = _plain(prev).rstrip()[-1:]
    mid_sentence = prev_end == "-" or prev_end.islower() or prev_end in ",;"
    indent = params.indent * seg.size
    indented = seg.x0 - left > indent and prev.x0 - left <= indent
    # a short line ending a sentence ends its paragraph; a short line wholly in italics over a
    # line that is not (a translated title run into the first line of an abstract) too
    short = right - prev.x1 > params.short_line * seg.size
    short_prev = short and (prev_end in ".:!?" or (_italic_line(prev) and not _italic_line(seg)))
    # a list item opens a paragraph after a line that stops short (a line that fills the
    # measure goes on: ``the following stages:`` | ``i) Analysis ..., ii) ...`` in one paragraph)
    list_item = LIST_ITEM.match(_plain(seg)) is not None and prev_end in ".:;!?" and short
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
    letters = sum(len(w.text) for w in main)
    return sum(len(w.text) for w in main if is_bold(w)) > DEFAULT.bold_share * letters


def _plain(seg: Segment) -> str:
    return " ".join(w.text for w in seg.words if not w.sup)


def page_blocks(page: Page, labels: Labels, first_piece: int = 0,
                params: LayoutParams = DEFAULT) -> list[Block]:
    """Blocks of one page in reading order; pieces are numbered from ``first_piece``."""
    blocks: list[Block] = []
    pieces = reading_order(segments(page.words, params), page.graphics, params)
    for number, (column, piece) in enumerate(pieces, start=first_piece):
        left, right = min(s.x0 for s in piece), max(s.x1 for s in piece)
        current: list[Segment] = []
        lines = _merge_same_line(piece, params)
        for index, seg in enumerate(lines):
            current.append(seg)
            last = index == len(lines) - 1
            if last or _starts_block(seg, lines[index + 1], left, right, labels, params):
                opens = current[0] is lines[0]
                blocks.append(Block(page.number, column, current, number, opens, column_left=left,
                                    column_right=right))
                current = []
    return blocks


def _merge_same_line(piece: list[Segment], params: LayoutParams) -> list[Segment]:
    merged: list[Segment] = []
    for seg in piece:
        last = merged[-1] if merged else None
        if last and min(last.bottom, seg.bottom) - max(last.top, seg.top) > params.same_line * seg.size:
            merged[-1] = Segment.of(sorted(last.words + seg.words, key=lambda w: w.x0))
        else:
            merged.append(seg)
    return merged


# ---------------------------------------------------------------------------------------------
# 4. layout roles


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def mark_margins(pages: list[Page], blocks: list[Block], params: LayoutParams = DEFAULT) -> None:
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
        top_band = block.top < height * params.margin_share
        bottom_band = block.bottom > height * (1 - params.margin_share)
        if not (top_band or bottom_band) or len(block.lines) > 2:
            continue
        bare_number = re.fullmatch(r"[\divxlc]+", block.text.strip().lower()) is not None
        repeated = shapes[_shape(block.text)] > 1 and len(pages) > 1
        # a single small line above the text is a section label; below it, it can be the
        # first line of a paragraph that goes on in the next column
        small_label = top_band and len(block.lines) == 1 and block.size <= size
        if bare_number or repeated or small_label:
            block.role = "header" if top_band else "footer"


def mark_captions(blocks: list[Block], labels: Labels, params: LayoutParams = DEFAULT) -> None:
    """Blocks that open with a caption label, and the blocks that go on in the caption's type.

    A caption's later lines and its credit line (``Modified from ...``) can stand in blocks of
    their own when the caption's first line spans the page and the rest does not.
    """
    caption: Block | None = None
    for block in blocks:
        if block.role == "body" and labels.caption_label(block.text):
            block.role, caption = "caption", block
        elif caption is not None and block.role == "body" and _goes_on(caption, block, params):
            block.role, caption = "caption", block
        elif block.role not in ("header", "footer"):
            caption = None


def _goes_on(caption: Block, block: Block, params: LayoutParams) -> bool:
    same_type = abs(block.size - caption.size) < params.caption_size_change * caption.size
    near = 0 <= block.top - caption.bottom < params.caption_gap * caption.size
    overlapping = block.x0 < caption.x1 and block.x1 > caption.x0
    return block.page == caption.page and same_type and near and overlapping


def mark_footnotes(pages: list[Page], blocks: list[Block], params: LayoutParams = DEFAULT) -> None:
    """Blocks of small type in the lower half of a page that the document marks as footnotes.

    Small type alone is no footnote: an abstract, a box or a side column can be set smaller than
    the body too. A footnote is small type in the lower half of its page and right under a short
    rule, or opening with a footnote marker (a superscript, a number, a sign such as ``*``), or
    set markedly smaller (``footnote_type``) below the page's last running text; the blocks
    that go on right under a footnote in its type are footnotes too.
    """
    text_size = body_size(blocks)
    by_page = {p.number: p for p in pages}
    for page in pages:
        mine = [b for b in blocks if b.page == page.number and b.role == "body"]
        running = [b.bottom for b in mine if b.size >= params.small_type * text_size]
        lowest_text = max(running, default=0.0)
        previous: Block | None = None
        for block in sorted(mine, key=lambda b: (b.column, b.top)):
            small = block.size < params.small_type * text_size
            lower = block.top > params.lower_half * page.height
            tiny_at_foot = (block.size <= params.footnote_type * text_size
                            and block.top >= lowest_text)
            cue = (_under_short_rule(by_page[block.page], block, params) or _opens_with_marker(block)
                   or tiny_at_foot or _goes_on_footnote(previous, block, params))
            if small and lower and cue:
                block.role = "footnote"
            previous = block


def _opens_with_marker(block: Block) -> bool:
    """The block's first word is a superscript, a bare number or a footnote sign."""
    first = block.lines[0].words[0]
    return first.sup or FOOTNOTE_MARKER.fullmatch(first.text) is not None


def _goes_on_footnote(previous: Block | None, block: Block, params: LayoutParams) -> bool:
    return (previous is not None and previous.role == "footnote"
            and abs(block.size - previous.size) < params.caption_size_change * previous.size
            and 0 <= block.top - previous.bottom < params.caption_gap * block.size)


def _under_short_rule(page: Page, block: Block, params: LayoutParams) -> bool:
    reach = params.edge_tolerance * block.size
    return any(
        g.kind == "rule" and g.bottom <= block.top + reach / 2
        and block.top - g.bottom < params.footnote_rule_gap * block.size
        and g.x0 <= block.x0 + reach and (g.x1 - g.x0) < params.short_rule_share * page.width
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
    params = DEFAULT
    for line_number, seg in enumerate(block.lines):
        if line_number:
            text += "\n"
        previous: Word | None = None
        space = _space_gap(seg)
        for word in seg.words:
            if word.sup:
                glued = (previous is not None
                         and word.x0 - previous.x1 < params.glued_superscript * word.size)
                # a negative exponent (min⁻¹) after a word; after a citation mark, a range's end;
                # any exponent of a lone symbol letter (χ², σ²): a citation follows a word
                exponent = (word.text[:1] in "-–−" and not (previous is not None and previous.sup)
                            or glued and previous is not None and _symbol_letter(previous.text))
                inline, mark = (word.text, "") if exponent else _split_superscript(word.text)
                text += inline if glued or not inline else " " + inline
                if mark:
                    marks.append((len(text), mark))
            else:
                gap = word.x0 - previous.x1 if previous is not None else 0.0
                # two letters with no space character between them, much closer than the line's
                # spaces, are one word the text layer cut (a loose letter pair: ``o u``)
                inside = (space is not None and gap < params.unspaced_letters * space
                          and previous is not None and previous.text[-1:].isalpha()
                          and word.text[:1].isalpha())
                spaced = previous is not None and (
                    word.spaced or gap > params.spaced_word * word.size and not inside)
                text += (" " if spaced else "") + word.text
            previous = word
    return text, marks


def _space_gap(seg: Segment) -> float | None:
    """The line's typical gap at its space characters (None: it has none to measure)."""
    words = [w for w in seg.words if not w.sup]
    gaps = sorted(b.x0 - a.x1 for a, b in zip(words, words[1:], strict=False)
                  if b.spaced and b.x0 > a.x1)
    return gaps[len(gaps) // 2] if gaps else None


def _symbol_letter(text: str) -> bool:
    """A lone Greek or mathematical letter (``χ``, ``σ``, ``𝑥``): a symbol, never a word of
    running text in a Latin script, so a superscript on it is its exponent."""
    if len(text) != 1 or not text.isalpha():
        return False
    name = unicodedata.name(text, "")
    return name.startswith(("GREEK", "MATHEMATICAL"))


def _split_superscript(text: str) -> tuple[str, str]:
    """``'+22,23'`` → (``'+'``, ``'22,23'``); ``'2+'`` → (``'2+'``, ``''``); ``'-5'`` → (``''``, ``'-5'``)."""
    match = CITATION_TAIL.search(text)
    if match is None:
        return text, ""
    return text[: match.start()], match.group()
