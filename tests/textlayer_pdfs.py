"""Small PDFs with the text-layer traps of real journals (tests/test_textlayer.py).

- ``write_doubled_pdf``: a page number drawn four times a quarter point apart (fake bold);
- ``write_spaceless_pdf``: a line whose words are drawn one by one, without space characters,
  closer than an ordinary word gap (tight justification);
- ``write_glyph_code_pdf``: written by hand, a simple font without a Unicode map whose glyphs are
  named by their decimal code (``/G84`` is ``T``): pdfminer alone reads ``(cid:N)``.
"""

from __future__ import annotations

from pathlib import Path

from layout_pdfs import HEIGHT, REGULAR, Column, Writer
from reportlab.pdfbase import pdfmetrics

SPACELESS_WORDS = ["Tight", "justification", "leaves", "no", "space", "characters", "here."]
GLYPH_TEXT = "The cid text"


def write_doubled_pdf(path: Path) -> Path:
    writer = Writer(path)
    writer.new_page([Column(60, 535, 80, 800)])
    for dx, dy in ((0, 0), (0.25, 0), (0, 0.25), (0.25, 0.25)):
        writer.canvas.setFont(REGULAR, 9)
        writer.canvas.drawString(60 + dx, HEIGHT - 40 + dy, "62")
    writer.text("A line of running text under the page number.", size=10, leading=13)
    writer.save()
    return path


def write_spaceless_pdf(path: Path, gap: float = 0.12) -> Path:
    """Each word drawn on its own, ``gap`` × the size after the one before, no space drawn."""
    writer = Writer(path)
    writer.new_page([Column(60, 535, 80, 800)])
    size, x = 10.0, 60.0
    writer.canvas.setFont(REGULAR, size)
    for word in SPACELESS_WORDS:
        writer.canvas.drawString(x, HEIGHT - 100, word)
        x += pdfmetrics.stringWidth(word, REGULAR, size) + gap * size
    writer.save()
    return path


def write_glyph_code_pdf(path: Path) -> Path:
    """One line in Helvetica re-encoded with glyphs named ``/G<decimal code>``, no ToUnicode."""
    letters = sorted(set(GLYPH_TEXT))
    names = " ".join(f"/G{ord(c)}" for c in letters)
    codes = "".join(f"\\{letters.index(c) + 1:03o}" for c in GLYPH_TEXT)
    widths = " ".join("500" for _ in letters)
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        None,  # the content stream
        f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 1 "
        f"/LastChar {len(letters)} /Widths [{widths}] "
        f"/Encoding << /Type /Encoding /Differences [1 {names}] >> >>",
    ]
    content = f"BT /F1 12 Tf 72 700 Td ({codes}) Tj ET".encode("latin-1")
    body = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        if obj is None:
            body += (f"{number} 0 obj\n<< /Length {len(content)} >>\nstream\n".encode()
                     + content + b"\nendstream\nendobj\n")
        else:
            body += f"{number} 0 obj\n{obj}\nendobj\n".encode()
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    body += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
             .encode())
    path.write_bytes(body)
    return path
