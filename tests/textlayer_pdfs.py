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


SIDE_TITLE = "Avaliação da qualidade da assistência pré-natal em uma capital brasileira"
SIDE_COLUMN = ["Carla Souza", "José Lima", "Programa de Pós-Graduação em Saúde Coletiva.",
               "Recebido: 10/7/2010", "Aprovado: 11/5/2011", "Financiamento: CNPq."]
SIDE_ABSTRACT = (
    "OBJETIVO: Avaliar a cobertura do programa de humanização do pré-natal segundo os seus "
    "requisitos mínimos. MÉTODOS: Estudo transversal com dados do pré-natal de mil puérperas "
    "internadas para o parto em quatro hospitais públicos da cidade entre os anos de 2008 e "
    "2009. RESULTADOS: A cobertura foi alta, mas os registros do sistema de informação foram "
    "incompletos em quase todos os municípios estudados. CONCLUSÕES: O sistema não foi uma "
    "fonte segura para avaliar a assistência na gestação."
)


def write_side_column_pdf(path: Path) -> Path:
    """A title across the page, then a narrow side column of authors, dates and funding whose
    lines stand beside the lines of the abstract."""
    writer = Writer(path)
    writer.new_page([Column(60, 535, 70, 800)])
    writer.text(SIDE_TITLE, size=16, leading=20, after=20)
    writer.start_columns([Column(40, 150, 140, 400)])
    for line in SIDE_COLUMN:
        writer.text(line, size=7.5, leading=9, after=9)
    writer.start_columns([Column(175, 545, 140, 400)])
    writer.text("RESUMO", size=10, leading=13, after=4)
    writer.text(SIDE_ABSTRACT, size=10, leading=13)
    writer.save()
    return path


RULED_TITLE = "The allocation of health care resources in a southern state: a contribution"
RULED_ABSTRACT = (
    "Objective. To describe the health situation in the municipalities of a southern state and "
    "to investigate how it correlated with federal health care funding in the following year. "
    "Methods. Multiple regression analysis was used to investigate the association between "
    "federal funding and proportional mortality, the supply of health services and the size of "
    "the population of each municipality. Results. The analysis showed an association between "
    "mortality due to infectious diseases and infant mortality, and between chronic diseases "
    "and the share of older people. Conclusions. Municipalities with a better health profile "
    "received more federal resources, and special strategies are needed to make it fair."
)
NOTICE = (
    "All scientific investigations are faced with the problem of eliminating unknown bias from "
    "test and control observations. Where the findings are based on the memories of the people "
    "who were asked, the difficulty is greater still, because what one remembers depends on "
    "what one looks for, and the questions asked of the two groups were never quite the same. "
    "Only a careful design can bring the two sets of answers near enough to compare them."
)


def write_ruled_abstract_pdf(path: Path, title: str = RULED_TITLE) -> Path:
    """An abstract between two rules that span the page, its title in a narrow column beside it,
    and under the second rule a boxed notice whose lines cross the gutter of the columns above."""
    writer = Writer(path)
    writer.new_page([Column(54, 570, 80, 800)])
    for y in (80, 330):
        writer.canvas.line(54, HEIGHT - y, 570, HEIGHT - y)
    writer.start_columns([Column(60, 210, 90, 320)])
    writer.text("ABSTRACT", size=9, leading=12, after=10)
    writer.text(title, size=12, leading=13)
    writer.start_columns([Column(231, 480, 90, 320)])
    writer.text(RULED_ABSTRACT, size=9, leading=10.5)
    writer.start_columns([Column(150, 400, 360, 600)])
    writer.text(NOTICE, size=9, leading=11)
    writer.save()
    return path


FOOT_BODY = (
    "The body of the article is set in ten point type. It runs over several lines at the top "
    "of the page, so that the page has running text above the abstract that follows it."
)
FOOT_ABSTRACT = (
    "This abstract is set in nine point type in the lower half of the page, with no rule above "
    "it and no marker before it: small type alone does not make it a footnote, whatever its "
    "place on the page."
)
FOOT_NOTE = "1 A real footnote, under a short rule, in eight point type."


def write_foot_abstract_pdf(path: Path) -> Path:
    writer = Writer(path)
    writer.new_page([Column(60, 535, 80, 800)])
    writer.text(FOOT_BODY, size=10, leading=13, after=330)
    writer.text(FOOT_ABSTRACT, size=9, leading=11.5, after=120)
    writer.canvas.line(60, HEIGHT - writer.y - 2, 180, HEIGHT - writer.y - 2)
    writer.text(FOOT_NOTE, size=8, leading=10)
    writer.save()
    return path
