"""Small article PDFs for the section tests (tests/test_sections.py), drawn with reportlab.

Each document is a list of paragraphs; a paragraph is a list of runs ``(text, face)`` with
``face`` one of ``regular``, ``bold``, ``italic``, so a label can be run into its text in bold
(``Riassunto:`` then the abstract on the same line). Paragraphs flow down one column, page after
page, under a running head and above a page number; a number moves the next paragraph down to
that height on the page (points from the top).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import reportlab
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONTS = Path(reportlab.__file__).parent / "fonts"
FACES = {"regular": "Vera", "bold": "Vera-Bold", "italic": "Vera-Italic"}
for _name, _file in (("Vera", "Vera.ttf"), ("Vera-Bold", "VeraBd.ttf"), ("Vera-Italic", "VeraIt.ttf")):
    pdfmetrics.registerFont(TTFont(_name, str(FONTS / _file)))

WIDTH, HEIGHT = A4
LEFT, RIGHT, TOP, BOTTOM = 60.0, 535.0, 80.0, 780.0
RUNNING_HEAD = "Quaderni di Studi Digitali 2025; 4: 11-14"


@dataclass
class Paragraph:
    runs: list[tuple[str, str]]
    size: float = 10.0
    after: float = 8.0


def para(*runs: tuple[str, str] | str, size: float = 10.0, after: float = 8.0) -> Paragraph:
    """A paragraph of runs; a bare string is a run in the regular face."""
    return Paragraph([(r, "regular") if isinstance(r, str) else r for r in runs], size, after)


def _tokens(paragraph: Paragraph) -> list[tuple[str, str]]:
    return [(word, face) for text, face in paragraph.runs for word in text.split()]


def write_pdf(path: Path, content: list[Paragraph | float]) -> Path:
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    page, y = 1, TOP

    def furniture() -> None:
        canvas.setFont(FACES["regular"], 7)
        canvas.drawString(LEFT, HEIGHT - 40, RUNNING_HEAD)
        canvas.drawString(WIDTH / 2, HEIGHT - 812, str(page))

    furniture()
    for item in content:
        if isinstance(item, float):
            y = item
            continue
        leading = item.size * 1.3
        x = LEFT
        y += leading
        for word, face in _tokens(item):
            font = FACES[face]
            width = pdfmetrics.stringWidth(word, font, item.size)
            if x + width > RIGHT:
                x, y = LEFT, y + leading
                if y > BOTTOM:
                    canvas.showPage()
                    page, y = page + 1, TOP + leading
                    furniture()
            canvas.setFont(font, item.size)
            canvas.drawString(x, HEIGHT - y, word)
            x += width + pdfmetrics.stringWidth(" ", font, item.size)
        y += item.after
    canvas.save()
    return path


TITLE_IT = "Archivi digitali e memoria delle comunità locali"
TITLE_EN = "Digital archives and the memory of local communities"
ABSTRACT_IT = (
    "Il contributo presenta un progetto di archivio digitale dedicato alla memoria delle "
    "comunità locali, costruito insieme con le biblioteche del territorio. Si descrivono le "
    "scelte di metodo, il modello dei dati e gli strumenti usati per la descrizione delle fonti, "
    "e si discutono i primi risultati della sperimentazione con gli utenti delle biblioteche."
)
ABSTRACT_EN = (
    "This paper presents a digital archive project devoted to the memory of local communities, "
    "built together with the libraries of the area. It describes the choices of method, the "
    "data model and the tools used to describe the sources, and it discusses the first results "
    "of the trial with the users of the libraries."
)
KEYWORDS_IT = ["archivi digitali", "biblioteche", "memoria locale"]
KEYWORDS_EN = ["digital archives", "libraries", "local memory"]
BODY = [
    "Le biblioteche del territorio conservano una parte importante della memoria delle comunità "
    "che le frequentano, spesso in forme che nessun catalogo descrive ancora in modo completo.",
    "Il progetto nasce da questa constatazione e propone un modello di descrizione condiviso, "
    "che le biblioteche possono adottare senza cambiare i propri strumenti di lavoro.",
]
REFERENCES = [
    "Rossi M. Archivi e comunità. Roma: Editrice Esempio; 2020.",
    "Bianchi L. La descrizione delle fonti locali. Bologna: Esempio; 2021.",
]
