"""Mend a damaged PDF before giving up on it.

qpdf (through pikepdf) rebuilds what a damaged file lost and a reader needs: a broken or missing
cross-reference table (it scans the file for its objects), a file cut short, a run of flipped
bytes in the table. The mended PDF is kept in memory, never written beside the input, so the
stage that reads it writes only its declared outputs. A PDF that qpdf cannot open either, or
that is encrypted, stays unreadable.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pdfplumber

REPAIRED_WARNING = "the PDF was damaged and was read from a copy repaired by qpdf"
# A damaged file's reason quotes this many of qpdf's warnings.
DAMAGE_WARNINGS = 2


def repaired(path: str | Path) -> bytes | None:
    """The PDF at ``path`` as qpdf rewrites it after repair, or None when qpdf cannot mend it."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:  # qpdf reconstructs a damaged file as it opens it
            if len(pdf.pages) == 0:
                return None
            mended = io.BytesIO()
            # the same bytes for the same input: the file's /ID is derived from its content
            pdf.save(mended, deterministic_id=True)
    except (pikepdf.PdfError, pikepdf.PasswordError, RuntimeError, ValueError):
        return None
    return mended.getvalue()


def damage(path: str | Path) -> str | None:
    """What qpdf finds wrong with the file's structure (its first warnings, or why it cannot open
    it), or None for a sound file: tells a damaged file from, say, a scan without text."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            found = [warning.removeprefix(f"{path}: ") for warning in pdf.get_warnings()]
    except (pikepdf.PdfError, pikepdf.PasswordError, RuntimeError, ValueError) as err:
        return " ".join(str(err).removeprefix(f"{path}: ").split())
    return "; ".join(found[:DAMAGE_WARNINGS]) or None


@contextmanager
def open_pdf(path: str | Path) -> Iterator[pdfplumber.PDF]:
    """The PDF opened with pdfplumber, from its repaired copy when the file itself cannot be."""
    try:
        document = _opened(path)
    except Exception:  # pdfminer raises many kinds on damaged files
        mended = repaired(path)
        if mended is None:
            raise
        document = _opened(io.BytesIO(mended))
    with document:
        yield document


def _opened(source: str | Path | io.BytesIO) -> pdfplumber.PDF:
    import pdfplumber

    document = pdfplumber.open(source)
    try:
        document.pages  # noqa: B018 - reading the page tree is what fails on a damaged file
    except BaseException:
        document.close()
        raise
    return document
