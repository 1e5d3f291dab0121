"""Repairs of a PDF's text layer, character by character, before words are built.

Each repair reads the document's own evidence, never a list of fonts or papers:

- **glyph codes** (``(cid:N)``): a simple font without a Unicode map whose glyphs are named by
  their code (``/G67``, ``/g97``, ``/G6C``) gives pdfminer no text. The name's number is the
  character's code in the producer's 8-bit encoding (Windows-1252), written in decimal or in
  hexadecimal; which one is decided once for the whole document: a number of three digits is
  decimal, a hexadecimal letter (``G6C``, ``GFA``) means every such name is hexadecimal;
- **C1 control characters** (U+0080–U+009F) are Windows-1252 bytes read as Latin-1 (curly
  quotes, dashes): they become the characters that encoding gives them, or are dropped;
- **zero-width characters** (zero-width space and joiners, word joiner, byte-order mark) are
  dropped; a soft hyphen is dropped (a line-end one becomes a hyphen where words are built);
- **doubled glyphs**: fake bold draws the same glyph several times, shifted by a fraction of a
  point (``6666622222`` for ``62``); a copy that starts within ``duplicate_shift`` of its size of
  a kept glyph with the same text, font and size is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from extract.params import LayoutParams

if TYPE_CHECKING:
    import pdfplumber

# A glyph named by its code: one or two letters, then the code in decimal or hexadecimal digits.
NUMERIC_NAME = re.compile(r"^([A-Za-z]{1,2})([0-9A-Fa-f]{2,3})$")
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
SOFT_HYPHEN = "\u00ad"

Char = dict[str, Any]


def teach_fonts(pdf: pdfplumber.PDF) -> int:
    """Give the fonts whose glyphs are named by their code the text of those glyphs.

    The fonts are made in the PDF's resource manager (which keeps them for every page) and
    their code-to-text table is filled in before any page is read, so words, spaces and line
    ends come out as for any other font. Returns how many glyphs were taught.
    """
    fonts: dict[object, tuple[Mapping, dict[int, str]]] = {}
    for page in pdf.pages:
        for ref, font in _fonts(page.page_obj.resources):
            differences = _differences(font)
            if differences and ref not in fonts:
                fonts[ref] = (font, differences)
    numbers = [m.group(2) for _, codes in fonts.values() for name in codes.values()
               if (m := NUMERIC_NAME.match(name))]
    hexadecimal = (not any(len(n) == 3 and n.isdigit() for n in numbers)
                   and any(not n.isdigit() for n in numbers))
    taught = 0
    for ref, (spec, codes) in fonts.items():
        texts = {code: text for code, name in codes.items()
                 if (text := numeric_glyph_text(name, hexadecimal)) is not None}
        font = pdf.rsrcmgr.get_font(ref, spec) if texts else None
        if font is not None and hasattr(font, "cid2unicode"):
            font.cid2unicode.update(texts)
            taught += len(texts)
    return taught


def numeric_glyph_text(name: str, hexadecimal: bool) -> str | None:
    """``G67`` → ``C`` (decimal), ``G6C`` → ``l`` (hexadecimal); None for other names."""
    match = NUMERIC_NAME.match(name)
    if match is None:
        return None
    digits = match.group(2)
    if not hexadecimal and not digits.isdigit():
        return None
    code = int(digits, 16 if hexadecimal else 10)
    return _byte_text(code) if code < 256 else None


def _byte_text(code: int) -> str | None:
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:
        return None


def _fonts(resources: object, depth: int = 0) -> Iterable[tuple[object, Mapping]]:
    """(object id, dictionary) of the fonts of a page's resources and of its forms' resources;
    only fonts stored as objects of their own (the resource manager keeps those)."""
    from pdfminer.pdftypes import PDFObjRef, resolve1

    resources = resolve1(resources)
    if not isinstance(resources, Mapping):
        return
    fonts = resolve1(resources.get("Font"))
    if isinstance(fonts, Mapping):
        for ref in fonts.values():
            font = resolve1(ref)
            if isinstance(ref, PDFObjRef) and isinstance(font, Mapping):
                yield ref.objid, font
    objects = resolve1(resources.get("XObject"))
    if depth < 2 and isinstance(objects, Mapping):
        for item in objects.values():
            attrs = getattr(resolve1(item), "attrs", None)
            if isinstance(attrs, Mapping) and "Resources" in attrs:
                yield from _fonts(attrs["Resources"], depth + 1)


def _differences(font: Mapping) -> dict[int, str]:
    """Code → glyph name of a simple font's ``/Differences``, for fonts without a Unicode map."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral

    if "ToUnicode" in font:
        return {}
    encoding = resolve1(font.get("Encoding"))
    if not isinstance(encoding, Mapping):
        return {}
    codes, code = {}, 0
    for item in resolve1(encoding.get("Differences")) or []:
        item = resolve1(item)
        if isinstance(item, int):
            code = item
        elif isinstance(item, PSLiteral):
            codes[code] = item.name
            code += 1
    return codes


def char_text(text: str) -> str:
    """A character's text with C1 controls and zero-width characters repaired."""
    if any("\x80" <= c <= "\x9f" for c in text):
        text = "".join(_byte_text(ord(c)) or "" if "\x80" <= c <= "\x9f" else c for c in text)
    return text if text == SOFT_HYPHEN else text.translate(ZERO_WIDTH)


def repair_chars(chars: list[Char], params: LayoutParams) -> list[Char]:
    """The page's characters with their text repaired and doubled glyphs dropped, in order."""
    kept: list[Char] = []
    cells: dict[tuple[str, str, float, int, int], list[Char]] = {}
    for char in chars:
        text = char_text(char["text"])
        if not text:
            continue
        if text != char["text"]:
            char = {**char, "text": text}
        if not text.isspace() and _doubled(char, cells, params.duplicate_shift):
            continue
        kept.append(char)
    return kept


def _doubled(char: Char, cells: dict, shift: float) -> bool:
    """Whether a glyph with the same text, font and size was kept within ``shift`` × size of ``char``
    (then ``char`` is a copy); otherwise ``char`` is recorded as kept."""
    size = float(char["size"]) or 1.0
    reach = shift * size
    col, row = int(char["x0"] // reach), int(char["top"] // reach)
    key = (char["text"], char["fontname"], round(size, 1))
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for other in cells.get((*key, col + dx, row + dy), ()):
                if abs(other["x0"] - char["x0"]) < reach and abs(other["top"] - char["top"]) < reach:
                    return True
    cells.setdefault((*key, col, row), []).append(char)
    return False
