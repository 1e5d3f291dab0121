"""A damaged PDF that pdfminer reads without an error but only in part is read in full from the
copy qpdf repairs, with a warning."""

from __future__ import annotations

import re
from pathlib import Path

from testdata import pdf

from extract import pdf as parse
from extract.repair import REPAIRED_WARNING


def _scrambled_xref(source: Path, target: Path) -> Path:
    """Every other offset of the cross-reference table pointing at the same wrong byte."""
    data = source.read_bytes()
    damaged = bytearray(data)
    for number, entry in enumerate(re.finditer(rb"\d{10} \d{5} n", data)):
        if number % 2:
            damaged[entry.start():entry.start() + 10] = b"%010d" % 12345
    target.write_bytes(bytes(damaged))
    return target


def test_a_pdf_that_loses_pages_silently_is_read_from_its_repaired_copy(tmp_path: Path) -> None:
    damaged = _scrambled_xref(pdf("isatuximab-2022"), tmp_path / "damaged.pdf")
    # pdfminer alone reads it without an error, and without some of its pages
    alone = parse._read_shares(damaged, 1)
    assert all(share.error is None for share in alone)
    assert sum(len(share.pages) for share in alone) < 7
    warnings: list[str] = []
    pages = parse.parse_pdf(damaged, warn=warnings.append)
    assert len(pages) == 7 and all(page.words for page in pages)
    assert warnings == [REPAIRED_WARNING]


def test_a_sound_pdf_is_read_as_it_is(tmp_path: Path) -> None:
    warnings: list[str] = []
    assert len(parse.parse_pdf(pdf("isatuximab-2022"), warn=warnings.append)) == 7
    assert warnings == []
