"""Lines, segments, gutters and bands of a page: the geometry the blocks and the table stages share.

Pure functions over the layout's words (``extract.pdf.Word``); every threshold comes from
``extract.params.LayoutParams``, relative to the type size of what is compared.

- ``segments(words)``: words → lines → segments (a line cut wherever a gap is wider than a word
  gap could be), superscripts in the line of the word they touch;
- ``lines_of(segments)``: segments side by side on one line, as ``Line`` objects;
- ``coverage(spans, lo, hi)`` and ``runs(values, keep)``: how many spans cover each point of an
  axis, and the stretches where a condition holds (gutters are stretches of low coverage);
- ``gutters(segments)``: the x intervals between columns of a region;
- ``bands(items, cuts)``: items cut into horizontal bands at y positions;
- ``reading_order(segments, graphics)``: the recursive XY cut, column pieces in reading order.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from extract.params import DEFAULT, LayoutParams
from extract.pdf import Graphic, Word


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

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Line(SegmentGroup):
    """Segments side by side on one line, left to right."""

    segments: list[Segment]

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]

    @property
    def parts(self) -> list[Segment]:
        return self.segments


class _Box(Protocol):
    top: float
    bottom: float


def _overlapping(a: _Box, b: _Box, share: float) -> bool:
    """Whether two boxes overlap vertically by more than ``share`` of the lower one's height."""
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap > share * min(a.bottom - a.top, b.bottom - b.top)


# ---------------------------------------------------------------------------------------------
# lines and segments


def _word_lines(words: list[Word], params: LayoutParams) -> list[list[Word]]:
    """Group words whose boxes overlap vertically by more than ``line_overlap`` into lines."""
    lines: list[list[Word]] = []
    for word in sorted((w for w in words if not w.sup), key=lambda w: (w.top, w.x0)):
        for line in reversed(lines[-6:]):
            if _overlapping(line[0], word, params.line_overlap):
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


def segments(words: list[Word], params: LayoutParams = DEFAULT) -> list[Segment]:
    """The page's lines, each cut into segments at gaps wider than ``segment_gap``."""
    lines = _word_lines(words, params)
    _attach_superscripts(lines, [w for w in words if w.sup])
    result = []
    for line in lines:
        line.sort(key=lambda w: w.x0)
        current = [line[0]]
        for word in line[1:]:
            gap = word.x0 - current[-1].x1
            if gap > params.segment_gap * max(word.size, current[-1].size) and not word.sup:
                result.append(Segment.of(current))
                current = []
            current.append(word)
        result.append(Segment.of(current))
    return result


def lines_of(segs: Iterable[Segment], params: LayoutParams = DEFAULT) -> list[Line]:
    """Segments whose boxes overlap vertically by more than ``line_overlap``, as lines top to
    bottom, each left to right."""
    lines: list[Line] = []
    for seg in sorted(segs, key=lambda s: (s.top, s.x0)):
        for line in reversed(lines[-4:]):
            if _overlapping(line, seg, params.line_overlap):
                line.segments.append(seg)
                break
        else:
            lines.append(Line([seg]))
    for line in lines:
        line.segments.sort(key=lambda s: s.x0)
    return lines


# ---------------------------------------------------------------------------------------------
# coverage, gutters and bands


def coverage(spans: Iterable[tuple[float, float]], lo: int, hi: int) -> list[int]:
    """How many of the x ``spans`` cover each whole point from ``lo - 1`` to ``hi``: index
    ``i`` is x = ``lo + i - 1`` (a span covers the points strictly inside its ends)."""
    delta = [0] * (hi - lo + 2)
    for x0, x1 in spans:
        delta[int(x0) - lo + 1] += 1
        delta[int(x1) - lo] -= 1
    cover, running = [], 0
    for step in delta:
        running += step
        cover.append(running)
    return cover


def runs(values: Sequence[int], keep: Callable[[int], bool]) -> list[tuple[int, int]]:
    """Maximal [start, end) index runs of ``values`` where ``keep`` holds."""
    found, start = [], None
    for index, value in enumerate(values):
        if keep(value):
            start = index if start is None else start
        elif start is not None:
            found.append((start, index))
            start = None
    if start is not None:
        found.append((start, len(values)))
    return found


def gutters(segs: list[Segment], params: LayoutParams = DEFAULT) -> list[tuple[float, float]]:
    """Gutters of a region: x intervals that few segments cross, with columns of text on both sides.

    A few crossings are allowed (a title, a caption, a stretched justified line): the crossing
    segments become horizontal cuts. Within a stretch of low coverage the gutter is where the
    coverage is (nearly) least, so a short column beside a full one still has its gutter. A
    gutter needs lines on both sides that stand beside each other, so the gaps of one stretched
    line never make a column.
    """
    lo, hi = int(min(s.x0 for s in segs)), int(max(s.x1 for s in segs)) + 1
    narrow = [s for s in segs if s.x1 - s.x0 < params.narrow_share * (hi - lo)]
    if len(narrow) < 2 * params.min_column_lines:
        return []
    size = statistics.median(s.size for s in narrow)
    cover = coverage(((s.x0, s.x1) for s in narrow), lo, hi)
    allowed = max(2, int(params.max_crossing_share * len(narrow)))
    floor = max(1, int(params.gutter_floor_share * len(narrow)))
    found = []
    for start, end in runs(cover, lambda count: count <= allowed):
        least = min(cover[start:end]) + floor
        for low, high in runs(cover[start:end], lambda count, least=least: count <= least):
            gutter = _trimmed(narrow, (lo + start + low - 1, lo + start + high - 1), size, params)
            if gutter[1] - gutter[0] >= params.min_gutter * size:
                found.append(gutter)
    supported = [g for g in found if _supported(narrow, g, size, params)]
    return supported or _clear_gutters(segs, params)


def _clear_gutters(segs: list[Segment], params: LayoutParams) -> list[tuple[float, float]]:
    """Gutters no line crosses at all, with columns on both sides: a narrow side column (a label
    and a title) beside a wide column of text, whose lines are too wide to be found among the
    narrow ones."""
    lo, hi = int(min(s.x0 for s in segs)), int(max(s.x1 for s in segs)) + 1
    size = statistics.median(s.size for s in segs)
    cover = coverage(((s.x0, s.x1) for s in segs), lo, hi)
    found = [(lo + start - 1, lo + end - 1) for start, end in runs(cover, lambda count: count == 0)]
    return [g for g in found if g[1] - g[0] >= params.min_gutter * size
            and _supported(segs, g, size, params)]


def _aligned(starts: Counter, x: float, tolerance: float) -> int:
    """How many of the counted line starts lie within ``tolerance`` of ``x``."""
    return sum(n for y, n in starts.items() if abs(x - y) <= tolerance)


def _trimmed(segs: list[Segment], gutter: tuple[float, float], size: float,
             params: LayoutParams) -> tuple[float, float]:
    """End the gutter where the first column edge inside it starts (a short column's left edge)."""
    tolerance = params.edge_tolerance * size
    starts = Counter(round(s.x0) for s in segs
                     if gutter[0] + params.min_gutter * size <= s.x0 <= gutter[1] + tolerance)
    edges = [x for x in starts if _aligned(starts, x, tolerance) >= params.min_aligned_starts]
    return (gutter[0], min(min(edges), gutter[1])) if edges else gutter


def _supported(segs: list[Segment], gutter: tuple[float, float], size: float,
               params: LayoutParams) -> bool:
    """Lines on both sides, standing beside each other, and a column edge that lines start at."""
    tolerance = params.edge_tolerance * size
    left = [s for s in segs if s.x1 <= gutter[0] + tolerance / 2]
    right = [s for s in segs if s.x0 >= gutter[1] - tolerance / 2]
    starts = Counter(round(s.x0) for s in right
                     if s.x0 - gutter[1] < params.column_start_reach * s.size)
    aligned = max((_aligned(starts, x0, tolerance) for x0 in starts), default=0)
    if min(len(left), len(right)) < params.min_column_lines or aligned < params.min_aligned_starts:
        return False
    left_span = (min(s.top for s in left), max(s.bottom for s in left))
    right_span = (min(s.top for s in right), max(s.bottom for s in right))
    return min(left_span[1], right_span[1]) > max(left_span[0], right_span[0])


def crosses(x0: float, x1: float, gaps: list[tuple[float, float]]) -> bool:
    """Whether the x range [x0, x1] spans one of the gutters."""
    return any(x0 < g0 and x1 > g1 for g0, g1 in gaps)


B = TypeVar("B", bound=_Box)


def bands(items: Iterable[B], cuts: Iterable[float]) -> list[list[B]]:
    """Items cut into horizontal bands at the y positions ``cuts`` (by each item's middle),
    top to bottom; empty bands are left out."""
    ordered = sorted(cuts)
    found: dict[int, list[B]] = {}
    for item in items:
        middle = (item.top + item.bottom) / 2
        found.setdefault(sum(1 for y in ordered if y <= middle), []).append(item)
    return [found[k] for k in sorted(found)]


def blocker_cuts(blockers: Iterable[tuple[float, float]], params: LayoutParams = DEFAULT,
                 ) -> list[float]:
    """The y cuts of blocking ranges (a title across the gutter, a full-width rule): the edges of
    the ranges, those nearer than ``band_merge`` of a range's height merged first."""
    merged: list[list[float]] = []
    for top, bottom in sorted(blockers):
        if merged and top <= merged[-1][1] + params.band_merge * (bottom - top):
            merged[-1][1] = max(merged[-1][1], bottom)
        else:
            merged.append([top, bottom])
    return sorted({y for top, bottom in merged for y in (top, bottom)})


def _cut_at_rules(segs: list[Segment], graphics: list[Graphic], params: LayoutParams,
                  ) -> list[tuple[int, list[Segment]]] | None:
    """A region without gutters cut into bands at the rules that span it, where that shows
    columns in a band (a page whose abstract and title column stand above a boxed notice);
    None when it does not."""
    x0, x1 = min(s.x0 for s in segs), max(s.x1 for s in segs)
    cuts = [(g.top + g.bottom) / 2 for g in graphics
            if g.kind == "rule" and g.bottom - g.top < g.x1 - g.x0
            and min(g.x1, x1) - max(g.x0, x0) > params.rule_span_share * (x1 - x0)]
    cut = bands(segs, cuts)
    if len(cut) < 2:
        return None
    pieces = [piece for band in cut for piece in reading_order(band, graphics, params)]
    return pieces if any(column > 1 for column, _ in pieces) else None


def reading_order(segs: list[Segment], graphics: list[Graphic], params: LayoutParams = DEFAULT,
                  ) -> list[tuple[int, list[Segment]]]:
    """Column pieces in reading order, each as (column number, segments top to bottom)."""
    if not segs:
        return []
    gaps = gutters(segs, params)
    if not gaps:
        return _cut_at_rules(segs, graphics, params) or [(1, sorted(segs, key=lambda s: (s.top, s.x0)))]
    blockers = [(s.top, s.bottom) for s in segs if crosses(s.x0, s.x1, gaps)]
    blockers += [(g.top, g.bottom) for g in graphics if crosses(g.x0, g.x1, gaps)]
    cut = bands(segs, blocker_cuts(blockers, params)) if blockers else [segs]
    if len(cut) > 1:
        inside = [g for g in graphics if not crosses(g.x0, g.x1, gaps)]
        return [piece for band in cut for piece in reading_order(band, inside, params)]
    if any(crosses(s.x0, s.x1, gaps) for s in segs):  # a line across the gutter, in no band
        return [(1, sorted(segs, key=lambda s: (s.top, s.x0)))]
    edges = [lo for lo, _ in gaps]
    columns: dict[int, list[Segment]] = {}
    for seg in segs:
        columns.setdefault(sum(1 for x in edges if x < seg.x0), []).append(seg)
    size = statistics.median(s.size for s in segs)
    reach = params.edge_tolerance * size
    pieces = []
    for number in sorted(columns):
        col = columns[number]
        x0, x1 = min(s.x0 for s in col), max(s.x1 for s in col)
        inner = [g for g in graphics if g.x0 >= x0 - reach and g.x1 <= x1 + reach]
        pieces += [(number + 1, part) for _, part in reading_order(col, inner, params)]
    return pieces
