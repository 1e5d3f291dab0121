"""Parse a PDF once into a compact layout: words (with superscripts set apart), rules and boxes.

Everything later in the workflow reads this layout (``layout.json``), never the PDF again, except
the report's pictures.  The layout keeps what the text stages and the table stage need: every
word with its box, size and font, whether it is a raised superscript, and the page's graphics
(ruling lines and filled boxes).
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from extract.repair import REPAIRED_WARNING, damage, repaired

if TYPE_CHECKING:  # pdfplumber is imported where a PDF is read: later stages only load layouts
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

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


class DamagedPDFError(PDFInputError):
    """The file is a PDF, damaged: worth a repair before giving up."""


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


def parse_pdf(path: str | Path, workers: int = 1,
              warn: Callable[[str], None] | None = None) -> list[Page]:
    """Read every page of the PDF at ``path``; raise PDFInputError for unreadable input.

    With ``workers`` > 1 the pages are shared among that many processes (this one included);
    the pages, and any error, are the same for every number of workers. A damaged PDF is read
    from its repaired copy when qpdf can mend it, and ``warn`` is told so.
    """
    path = Path(path)
    if not path.is_file():
        raise PDFInputError(f"no such file: {path}")
    with path.open("rb") as handle:
        if handle.read(1024).find(b"%PDF") < 0:
            raise PDFInputError("not a PDF (no %PDF header)")
    shares = _read_shares(path, max(1, workers))
    no_text = all(share.error is None for share in shares) and not any(
        page.words for share in shares for page in share.pages)
    # a damaged file: pdfminer failed on it, or read it through its own fallback and found no text
    if any(isinstance(share.error, DamagedPDFError) for share in shares) or (no_text and damage(path)):
        mended = repaired(path)
        again = _read_shares(mended, max(1, workers)) if mended is not None else []
        if again and all(share.error is None for share in again) and any(
                page.words for share in again for page in share.pages):
            shares = again  # else the damage the file itself shows is the reason
            if warn:
                warn(REPAIRED_WARNING)
    for share in shares:  # in page order: the first error is the one reading in order meets
        if share.error is not None:
            raise share.error
    pages = [page for share in shares for page in share.pages]
    if not pages or not any(page.words for page in pages):
        problem = damage(path)  # a damaged file, not a scan, when qpdf finds it so
        if problem:
            raise DamagedPDFError(f"corrupt or truncated PDF ({problem}): no text could be read")
        if pages and _sideways_text(path):
            raise PDFInputError("no upright text: the text runs sideways (rotated pages?)")
        raise PDFInputError("no text layer; OCR it first" if pages else "the PDF has no pages")
    return pages


def _sideways_text(path: Path) -> bool:
    """Whether the PDF has characters, all set sideways (only upright words are read)."""
    from extract.repair import open_pdf

    with open_pdf(path) as pdf:
        return any(pdf.pages[number].chars for number in range(min(len(pdf.pages), 3)))


@dataclass
class _Share:
    """The pages one process read, or the error (PDFInputError, MemoryError) that stopped it."""

    pages: list[Page] = field(default_factory=list)
    error: BaseException | None = None


def _read_share(path: Path | bytes, share: int, shares: int) -> _Share:
    """Read share number ``share`` of ``shares``: a run of consecutive pages, in order.

    Runs rather than every n-th page (both measured): the first page (title, abstract box,
    logos) is often the slowest of an article; floor division gives the share that holds it the
    fewest pages, where dealing pages out in turn gives it the most.
    """
    import pdfplumber

    found = _Share()
    try:
        with pdfplumber.open(io.BytesIO(path) if isinstance(path, bytes) else path) as pdf:
            every = pdf.pages
            for page in every[share * len(every) // shares:(share + 1) * len(every) // shares]:
                found.pages.append(Page(page.page_number, float(page.width), float(page.height),
                                        _words(page), _graphics(page)))
                page.close()  # frees pdfminer's layout objects: memory stays bounded
    except MemoryError as err:
        return _Share(error=err)  # without the pages read: they are of no use, memory is short
    except Exception as err:  # pdfminer raises many kinds on damaged files
        return _Share(error=_input_error(err))
    return found


def _input_error(err: Exception) -> PDFInputError:
    """The one-line reason for an exception raised while reading a PDF."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    cause = err.args[0] if isinstance(err, PdfminerException) and err.args else err
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return PDFInputError("encrypted PDF: decrypt it first")
    if isinstance(cause, PDFSyntaxError):
        return DamagedPDFError(f"corrupt or truncated PDF ({cause})")
    detail = f"{type(cause).__name__}: {cause}".rstrip(": ")
    return DamagedPDFError(f"corrupt or unreadable PDF ({detail})")


def _read_shares(path: Path | bytes, workers: int) -> list[_Share]:
    """The shares of the pages in order, up to the first that failed: this process reads the
    first share, one child process each other one.

    Children never outlive this call: whatever ends it (a failed share, whose error comes before
    any in later pages; the job's time limit, raised here by SIGALRM, which children do not
    inherit) terminates those still running.
    """
    if workers == 1:
        return [_read_share(path, 0, 1)]
    import multiprocessing

    import pdfplumber  # noqa: F401  (imported before the children fork: they need not import it)

    # fork starts a child in milliseconds with pdfplumber already imported; elsewhere (macOS,
    # Windows) the platform's own safe default
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    children = []
    try:
        for share in range(1, workers):
            receiver, sender = context.Pipe(duplex=False)
            child = context.Process(target=_send_share, args=(sender, path, share, workers),
                                    daemon=True)
            child.start()
            sender.close()  # only the child writes: its end closing tells a dead child
            children.append((child, receiver))
        shares = [_read_share(path, 0, workers)]
        for child, receiver in children:
            if shares[-1].error is not None:
                break
            shares.append(_receive_share(child, receiver))
    finally:
        for child, receiver in children:
            if child.is_alive():
                child.terminate()
            child.join()
            receiver.close()
    return shares


def _send_share(sender: Connection, path: Path | bytes, share: int, shares: int) -> None:
    sender.send(_read_share(path, share, shares))
    sender.close()


def _receive_share(child: BaseProcess, receiver: Connection) -> _Share:
    try:
        return receiver.recv()
    except EOFError:  # the child died before it could send (killed, or out of memory)
        child.join()
        error = PDFInputError(f"a page reader stopped without a result (exit code {child.exitcode})")
        return _Share(error=error)


def save_layout(pages: list[Page], path: str | Path) -> None:
    # vars() of these flat dataclasses is what asdict() gives, in the same key order, without
    # asdict's deep copy (most of the time of writing a layout)
    data = {"pages": [{**vars(page), "words": [vars(word) for word in page.words],
                       "graphics": [vars(graphic) for graphic in page.graphics]}
                      for page in pages]}
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
