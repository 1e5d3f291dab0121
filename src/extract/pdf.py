"""Parse a PDF once into a compact layout: words (with superscripts set apart), rules and boxes.

Everything later in the workflow reads this layout (``layout.json``), never the PDF again, except
the report's pictures.  The layout keeps what the text stages and the table stage need: every
word with its box, size and font, whether it is a raised superscript, and the page's graphics
(ruling lines and filled boxes).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pdfplumber is imported where a PDF is read: later stages only load layouts
    import pdfplumber

# A superscript is set smaller than its host word and its baseline is raised by at least this
# share of the host's size; the size ratio is what tells a marker from a word of a smaller font.
SUPERSCRIPT_SIZE_RATIO = 0.85
SUPERSCRIPT_RISE = 0.15
# Characters closer than this share of their size belong to the same word.
WORD_GAP_RATIO = 0.15
# Graphics thinner than this (points) are rules, not boxes.
RULE_THICKNESS = 2.0


class PDFInputError(ValueError):
    """The input cannot be read as a PDF with a text layer; the message says why in one line."""


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    sup: bool = False


@dataclass
class Graphic:
    """A ruling line (``kind='rule'``) or a filled/stroked box (``kind='box'``)."""

    kind: str
    x0: float
    x1: float
    top: float
    bottom: float
    shade: float | None = None


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    graphics: list[Graphic] = field(default_factory=list)


def _is_bold(font: str) -> bool:
    name = font.lower()
    return any(key in name for key in ("bold", "black", "heavy", "semibold", "demi"))


def is_bold(word: Word) -> bool:
    return _is_bold(word.font)


def is_italic(word: Word) -> bool:
    name = word.font.lower()
    return "italic" in name or "oblique" in name


def _shade(color: object) -> float | None:
    """A fill colour as one grey level (0 black, 1 white), whatever colour space it came in."""
    if color is None:
        return None
    values = color if isinstance(color, list | tuple) else [color]
    try:
        numbers = [float(v) for v in values]
    except (TypeError, ValueError):
        return None
    if len(numbers) == 4:  # CMYK
        c, m, y, k = numbers
        return round((1 - k) * (1 - (c + m + y) / 3), 3)
    return round(sum(numbers) / len(numbers), 3) if numbers else None


def _graphics(page: pdfplumber.page.Page) -> list[Graphic]:
    graphics = []
    for line in page.lines:
        graphics.append(Graphic("rule", line["x0"], line["x1"], line["top"], line["bottom"]))
    for rect in page.rects:
        width, height = rect["x1"] - rect["x0"], rect["bottom"] - rect["top"]
        kind = "rule" if min(width, height) <= RULE_THICKNESS else "box"
        shade = _shade(rect.get("non_stroking_color")) if rect.get("fill") else None
        graphics.append(Graphic(kind, rect["x0"], rect["x1"], rect["top"], rect["bottom"], shade))
    for image in page.images:
        graphics.append(Graphic("box", image["x0"], image["x1"], image["top"], image["bottom"]))
    return [_rounded(g) for g in graphics]


def _rounded(item: Word | Graphic) -> Word | Graphic:
    for name in ("x0", "x1", "top", "bottom", "size"):
        if hasattr(item, name):
            setattr(item, name, round(getattr(item, name), 2))
    return item


def _words(page: pdfplumber.page.Page) -> list[Word]:
    raw = page.extract_words(
        x_tolerance_ratio=WORD_GAP_RATIO,
        keep_blank_chars=False,
        use_text_flow=False,
        extra_attrs=["size", "fontname", "upright"],
        expand_ligatures=True,
    )
    words = [
        _rounded(Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["size"], w["fontname"]))
        for w in raw
        if w["upright"] and w["text"].strip()
    ]
    mark_superscripts(words)
    return words


def mark_superscripts(words: list[Word]) -> None:
    """Set ``sup`` on words that are raised and smaller than the word they touch.

    A superscript stands right after (or, rarely, right before) a host word on the same line;
    words are bucketed by line height so the search stays linear in the number of words.
    """
    buckets: dict[int, list[Word]] = {}
    for word in words:
        buckets.setdefault(int(word.bottom // 10), []).append(word)
    for word in words:
        key = int(word.bottom // 10)
        candidates = [w for k in (key - 1, key, key + 1) for w in buckets.get(k, ())]
        for host in candidates:
            if host is word or host.size * SUPERSCRIPT_SIZE_RATIO <= word.size:
                continue
            touches = abs(word.x0 - host.x1) < host.size * 0.3 or abs(host.x0 - word.x1) < 0.5
            raised = word.bottom < host.bottom - host.size * SUPERSCRIPT_RISE
            overlaps = word.bottom > host.top and word.top < host.bottom
            if touches and raised and overlaps:
                word.sup = True
                break


def parse_pdf(path: str | Path) -> list[Page]:
    """Read every page of the PDF at ``path``; raise PDFInputError for unreadable input."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    path = Path(path)
    if not path.is_file():
        raise PDFInputError(f"no such file: {path}")
    with path.open("rb") as handle:
        if handle.read(1024).find(b"%PDF") < 0:
            raise PDFInputError("not a PDF (no %PDF header)")
    try:
        with pdfplumber.open(path) as pdf:
            pages = []
            for page in pdf.pages:
                pages.append(
                    Page(page.page_number, float(page.width), float(page.height),
                         _words(page), _graphics(page))
                )
                page.close()  # frees pdfminer's layout objects: memory stays bounded
    except MemoryError:
        raise
    except Exception as err:  # pdfminer raises many kinds on damaged files, pdfplumber wraps them
        cause = err.args[0] if isinstance(err, PdfminerException) and err.args else err
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise PDFInputError("encrypted PDF: decrypt it first") from err
        if isinstance(cause, PDFSyntaxError):
            raise PDFInputError(f"corrupt or truncated PDF ({cause})") from err
        detail = f"{type(cause).__name__}: {cause}".rstrip(": ")
        raise PDFInputError(f"corrupt or unreadable PDF ({detail})") from err
    if not pages:
        raise PDFInputError("the PDF has no pages")
    if not any(page.words for page in pages):
        raise PDFInputError("no text layer; OCR it first")
    return pages


def save_layout(pages: list[Page], path: str | Path) -> None:
    data = {"pages": [asdict(page) for page in pages]}
    Path(path).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


def load_layout(path: str | Path) -> list[Page]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [
        Page(
            p["number"], p["width"], p["height"],
            [Word(**w) for w in p["words"]],
            [Graphic(**g) for g in p["graphics"]],
        )
        for p in data["pages"]
    ]
