"""Every threshold of the layout stages, relative to the document's own measures.

The way pdfminer's ``LAParams`` does it: each parameter is a multiple of a measure the document
itself gives, never a length in points, so the same rule holds for 8 pt and 12 pt type, for a
journal page and a conference paper. The measures are

- *size*: the type size of the glyphs, lines or segments being compared (the larger of two when
  two are compared), or the body size of the document (the size most running text is set in)
  where the text says so;
- *page*: the page's width or height;
- *share*: a share of a count (of lines, of segments) or of a region's width.

``LayoutParams()`` gives the defaults the workflow uses; every field is validated when the
object is made, and a bad value raises ``ValueError`` naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class LayoutParams:
    # --- text layer (pdf.py, glyphs.py) -------------------------------------------------------
    word_gap: float = 0.15
    """size: characters closer than this belong to one word."""
    spaceless_word_gap: float = 0.08
    """size: in a line without any space character (tight justification), a gap wider than this
    above the line's typical gap between letters separates words."""
    duplicate_shift: float = 0.1
    """size: a copy of a glyph (same text and size) that starts this close to it is a fake-bold
    double and is dropped."""
    superscript_size: float = 0.85
    """size: a superscript is set smaller than this share of its host word's size."""
    superscript_rise: float = 0.15
    """size: and its baseline is raised by at least this share of the host's size."""
    superscript_touch: float = 0.3
    """size: a superscript starts within this distance after its host (or ends within
    ``superscript_touch_before`` before it)."""
    superscript_touch_before: float = 0.05
    """size: the distance at which a superscript set before its host word touches it."""
    rule_thickness: float = 0.2
    """size (the page's median glyph size): a graphic no thicker than this is a rule, not a
    box."""
    # --- lines and segments (geometry.py) -----------------------------------------------------
    line_overlap: float = 0.5
    """share of the lower box height: words overlapping vertically by more are on one line."""
    segment_gap: float = 1.0
    """size: a gap wider than this within a line cannot be a space between words; the line is
    cut into segments there."""
    glued_superscript: float = 0.1
    """size: a superscript nearer than this to the word before it is glued to it."""
    spaced_word: float = 0.1
    """size: words of a segment farther apart than this are written with a space."""
    unspaced_letters: float = 0.5
    """share of the line's typical gap at its space characters: two letters with no space
    character between them and closer than this are one word the text layer cut (``o u``)."""
    # --- columns and bands (geometry.py) ------------------------------------------------------
    min_gutter: float = 0.4
    """size (median of the region): a gutter between columns is at least this wide."""
    narrow_share: float = 0.6
    """share of the region's width: columns are found among segments narrower than this."""
    max_crossing_share: float = 0.15
    """share of the narrow segments: at most this many may cross a gutter (they become cuts)."""
    gutter_floor_share: float = 0.05
    """share of the narrow segments: within a stretch of low coverage the gutter is where the
    coverage is within this of its least."""
    min_column_lines: int = 3
    """lines: a column has at least this many on each side of a gutter."""
    min_aligned_starts: int = 2
    """lines: a column's left edge is where at least this many lines start together."""
    edge_tolerance: float = 0.25
    """size: line starts (and box edges) this close together are aligned (2 pt in 8 pt
    type)."""
    column_start_reach: float = 3.0
    """size: a column's lines start within this distance right of its gutter."""
    rule_span_share: float = 0.8
    """share of the region's width: a region without gutters is cut at rules this wide, where
    that shows columns in a band."""
    band_merge: float = 0.5
    """share of a blocker's height: blockers nearer than this make one band cut."""
    # --- blocks (blocks.py) -------------------------------------------------------------------
    paragraph_gap: float = 0.6
    """size: a vertical gap between lines wider than this opens a new block."""
    overlap_gap: float = 0.5
    """size: a line that starts more than this above the end of the previous one opens a
    block (it is no line that follows)."""
    size_change: float = 0.06
    """size: lines whose sizes differ by more than this share are different blocks."""
    indent: float = 0.6
    """size: a first line set in by more than this is indented."""
    short_line: float = 2.0
    """size: a line ending a sentence this far short of its column's right edge ends the
    paragraph."""
    bold_share: float = 0.6
    """share of the letters: a line set mostly in bold has more than this share in bold."""
    same_line: float = 0.5
    """size: segments of one column piece overlapping vertically by more are one line."""
    # --- roles (blocks.py) --------------------------------------------------------------------
    margin_share: float = 0.075
    """page: running heads and page numbers stand in these top and bottom shares of the page."""
    caption_size_change: float = 0.03
    """size: a caption goes on in blocks whose size differs by less than this share."""
    caption_gap: float = 1.5
    """size: and that start within this distance under it."""
    small_type: float = 0.97
    """body size: type smaller than this share of the body size is small type (footnotes)."""
    footnote_type: float = 0.85
    """body size: small type this much smaller than the body at the foot of a page is a
    footnote without other cues."""
    footnote_rule_gap: float = 3.0
    """size: a footnote starts within this distance under its short rule."""
    short_rule_share: float = 0.6
    """page: a footnote rule is shorter than this share of the page width."""
    lower_half: float = 0.5
    """page: footnotes stand below this share of the page height."""

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if item.type == "int":
                if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                    raise ValueError(f"LayoutParams.{item.name} must be a whole number >= 1, "
                                     f"not {value!r}")
            elif not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"LayoutParams.{item.name} must be a positive number, "
                                 f"not {value!r}")
            elif (item.name.endswith("_share") or item.name in _AT_MOST_ONE) and value >= 1:
                raise ValueError(f"LayoutParams.{item.name} is a share: it must be below 1, "
                                 f"not {value!r}")


_AT_MOST_ONE = {"superscript_size", "line_overlap", "small_type", "footnote_type", "lower_half",
                "same_line", "band_merge", "unspaced_letters"}

DEFAULT = LayoutParams()
