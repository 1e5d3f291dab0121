"""Small article PDFs for the layout tests (tests/test_layout.py), drawn with reportlab.

Three documents:

- ``write_onecol_pdf``: one page, one column, a Portuguese article with an English abstract
  (labels on lines of their own: ``Resumo``, ``Palavras-chave:``, ``Abstract``, ``Keywords:``),
  a figure with its ``Figure 1.`` caption, and ligatures the text layer split (``Unifi ed``).
- ``write_article_pdf``: three pages, an Italian article with an English summary: a full-width
  title, a shaded two-column abstract box (``Riassunto.`` / ``Summary.``, ``Parole chiave.`` /
  ``Key words.``), a two-column body, a running head and a page number on every page, line-end
  hyphens, ligature characters (ﬁ ﬂ), superscript citation markers and non-citation
  superscripts (``NAD⁺``, ``Ca²⁺``), and a ``Figura 1.`` caption;
- ``write_hyphen_pdf``: one Italian paragraph with line-end hyphens inside ordinary words whose
  pieces are words too (``rapida-``/``mente``, ``Nono-``/``stante``).

Every text is written with a small markup so the tests can derive what the clean text must be:

- ``^{...}``  a superscript (smaller type, raised baseline): removed from the clean text when it is
  a citation marker (digits, commas, dashes), kept inline otherwise;
- ``-\\n``    a line-end hyphen that only splits a word: drawn, gone in the clean text;
- ``=\\n``    a line-end hyphen that belongs to the word: drawn as ``-``, kept in the clean text;
- ``\\n``     a forced line end (a space in the clean text);
- ``~``       a space the text layer wrongly puts inside a word after a ligature (``Uniﬁ~ed``):
  drawn as a space, absent from the clean text.

The font is Bitstream Vera (shipped with reportlab), which has the ﬁ and ﬂ glyphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import reportlab
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONTS = Path(reportlab.__file__).parent / "fonts"
REGULAR, BOLD = "Vera", "Vera-Bold"
pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "Vera.ttf")))
pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "VeraBd.ttf")))

WIDTH, HEIGHT = A4
LIGATURES = {"ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl"}
SUPERSCRIPT = re.compile(r"\^\{([^}]*)\}")
CITATION = re.compile(r"[\d,;\-–]+")


def clean(markup: str) -> str:
    """The text a reader sees, as the extraction must give it, from the markup of a block."""
    text = SUPERSCRIPT.sub(lambda m: "" if CITATION.fullmatch(m.group(1)) else m.group(1), markup)
    text = text.replace("-\n", "").replace("=\n", "-").replace("\n", " ").replace("~", "")
    for ligature, letters in LIGATURES.items():
        text = text.replace(ligature, letters)
    return text


def citation_marks(markup: str) -> list[tuple[str, str]]:
    """(clean text before the mark, mark) of every citation superscript of a block's markup."""
    marks = []
    for match in SUPERSCRIPT.finditer(markup):
        if CITATION.fullmatch(match.group(1)):
            marks.append((clean(markup[: match.start()]), match.group(1)))
    return marks


@dataclass
class Column:
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class Writer:
    """Flows headings, paragraphs and figures down columns, page after page."""

    path: Path
    running_head: str = ""
    first_page_number: int = 1
    canvas: Canvas = field(init=False)
    columns: list[Column] = field(default_factory=list)
    column: int = 0
    y: float = 0.0
    page: int = 0

    def __post_init__(self) -> None:
        self.canvas = Canvas(str(self.path), pagesize=A4, invariant=1)

    # pages and columns -------------------------------------------------------------------

    def new_page(self, columns: list[Column]) -> None:
        if self.page:
            self.canvas.showPage()
        self.page += 1
        if self.running_head:
            self._draw(50, 36, self.running_head, REGULAR, 8)
            number = str(self.first_page_number + self.page - 1)
            self._draw((WIDTH - pdfmetrics.stringWidth(number, REGULAR, 8)) / 2, 815, number,
                       REGULAR, 8)
        self.start_columns(columns)

    def start_columns(self, columns: list[Column]) -> None:
        self.columns, self.column, self.y = columns, 0, columns[0].top

    def _room(self, height: float) -> Column:
        """The column the next ``height`` points go in (moving on when this one is full)."""
        col = self.columns[self.column]
        if self.y + height > col.bottom:
            if self.column + 1 >= len(self.columns):
                raise ValueError(f"page {self.page} is full")
            self.column += 1
            col = self.columns[self.column]
            self.y = col.top
        return col

    def gap(self, points: float) -> None:
        self.y += points

    def to_last_line(self, leading: float) -> None:
        """Go down to the column's last line, so that only one line of what follows fits."""
        last = self.columns[self.column].bottom - leading
        if self.y > last:
            raise ValueError("the column is already full")
        self.y = last

    def save(self) -> None:
        self.canvas.showPage()
        self.canvas.save()

    # drawing -----------------------------------------------------------------------------

    def _draw(self, x: float, baseline: float, text: str, font: str, size: float) -> None:
        self.canvas.setFont(font, size)
        self.canvas.drawString(x, HEIGHT - baseline, text)

    def _token_width(self, token: str, font: str, size: float) -> float:
        width = 0.0
        for index, part in enumerate(SUPERSCRIPT.split(token)):
            shown = part.replace("~", " ")
            width += pdfmetrics.stringWidth(shown, font, size * (0.62 if index % 2 else 1))
        return width

    def _draw_token(self, x: float, baseline: float, token: str, font: str, size: float) -> float:
        for index, part in enumerate(SUPERSCRIPT.split(token)):
            shown = part.replace("~", " ")
            if index % 2:  # a superscript: smaller, its baseline raised by a third of the size
                self._draw(x, baseline - size * 0.36, shown, font, size * 0.62)
                x += pdfmetrics.stringWidth(shown, font, size * 0.62)
            else:
                self._draw(x, baseline, shown, font, size)
                x += pdfmetrics.stringWidth(shown, font, size)
        return x

    def _lines(self, markup: str, font: str, size: float, width: float, indent: float,
               ) -> list[list[str]]:
        drawn = markup.replace("=\n", "-\n")
        space = pdfmetrics.stringWidth(" ", font, size)
        lines: list[list[str]] = []
        for forced in drawn.split("\n"):
            line: list[str] = []
            used = indent if not lines else 0.0
            for token in forced.split():
                token_width = self._token_width(token, font, size)
                if line and used + space + token_width > width:
                    lines.append(line)
                    line, used = [], 0.0
                used += (space if line else 0.0) + token_width
                line.append(token)
            lines.append(line)
        return lines

    def text(self, markup: str, font: str = REGULAR, size: float = 9.5, leading: float = 12.0,
             indent: float = 0.0, after: float = 0.0) -> None:
        """A block of text: lines filled to the column width, the first set in by ``indent``."""
        col = self.columns[self.column]
        space = pdfmetrics.stringWidth(" ", font, size)
        for number, line in enumerate(self._lines(markup, font, size, col.x1 - col.x0, indent)):
            col = self._room(leading)
            self.y += leading
            x = col.x0 + (indent if number == 0 else 0.0)
            for token in line:
                x = self._draw_token(x, self.y, token, font, size) + space
        self.y += after

    def figure(self, height: float, caption: str) -> None:
        col = self._room(height + 40)
        self.y += 6
        self.canvas.setFillGray(0.85)
        self.canvas.rect(col.x0 + 20, HEIGHT - self.y - height, col.x1 - col.x0 - 40, height,
                         stroke=1, fill=1)
        self.canvas.setFillGray(0)
        self.y += height + 4
        self.text(caption, size=8, leading=10, after=8)

    def box(self, top: float, bottom: float, x0: float, x1: float) -> None:
        self.canvas.setFillGray(0.93)
        self.canvas.rect(x0, HEIGHT - bottom, x1 - x0, bottom - top, stroke=0, fill=1)
        self.canvas.setFillGray(0)


def two_columns(top: float, bottom: float, inset: float = 0.0) -> list[Column]:
    return [Column(50 + inset, 287 - inset / 2, top, bottom),
            Column(308 + inset / 2, 545 - inset, top, bottom)]


# ---------------------------------------------------------------------------------------------
# the one-column Portuguese / English article

ONECOL_TITLE = "Custos da assistência hospitalar no sistema público de saúde de uma capital brasileira"
ONECOL_ABSTRACT_PT = (
    "O objetivo deste estudo foi estimar os custos das internações hospitalares pagas pelo "
    "sistema público de saúde em uma capital brasileira. Foram analisados os registros de todas "
    "as internações do ano de 2010 e os valores pagos a cada hospital. Os custos foram maiores "
    "nos hospitais de ensino e nas internações de longa permanência."
)
ONECOL_KEYWORDS_PT = "Custos hospitalares. Sistema Único de Saúde. Economia da saúde."
ONECOL_ABSTRACT_EN = (
    "The aim of this study was to estimate the costs of hospital admissions paid by the "
    "Uniﬁ~ed Health System in a Brazilian state capital. All admissions of the year 2010 and "
    "the amounts paid to each hospital were analysed by the hospital staff with the scientiﬁ~c "
    "methods of health economics. Costs were higher in teaching hospitals and in long stays."
)
ONECOL_KEYWORDS_EN = "Hospital costs. Unified Health System. Health economics."
ONECOL_HEADING = "Introdução"
ONECOL_BODY = [
    "O financiamento da assistência hospitalar é um dos maiores desafios dos sistemas públicos "
    "de saúde em todo o mundo. No Brasil, as internações consomem uma parte importante dos "
    "recursos federais destinados aos estados e aos municípios, e o seu custo cresce a cada ano.",
    "Os hospitais de ensino recebem os pacientes mais graves e realizam os procedimentos mais "
    "complexos, o que explica uma parte da diferença de custos. A literatura científica sobre o "
    "tema ainda é escassa nas capitais do nordeste do país.",
    "Este estudo descreve os custos das internações pagas pelo sistema público em uma capital "
    "brasileira e compara os hospitais segundo o seu tipo, o seu porte e a duração média das "
    "internações realizadas no período estudado.",
]
ONECOL_CAPTION = (
    "Figure 1. Hospital costs by type of hospital and length of stay, as in the scientific "
    "literature."
)
ONECOL_HEADING_2 = "Métodos"
ONECOL_BODY_2 = (
    "Foram incluídas todas as internações registradas no sistema de informações hospitalares "
    "durante o ano de 2010, com os valores pagos a cada hospital e o número de dias de cada "
    "internação."
)


def write_onecol_pdf(path: Path) -> Path:
    writer = Writer(path)
    writer.new_page([Column(60, 535, 80, 800)])
    writer.text(ONECOL_TITLE, font=BOLD, size=16, leading=20, after=16)
    for label, abstract, keywords_label, keywords in (
        ("Resumo", ONECOL_ABSTRACT_PT, "Palavras-chave:", ONECOL_KEYWORDS_PT),
        ("Abstract", ONECOL_ABSTRACT_EN, "Keywords:", ONECOL_KEYWORDS_EN),
    ):
        writer.text(label, font=BOLD, size=10, leading=13, after=2)
        writer.text(abstract, size=10, leading=13, after=6)
        writer.text(f"{keywords_label} {keywords}", size=10, leading=13, after=14)
    writer.text(ONECOL_HEADING, font=BOLD, size=11, leading=14, after=4)
    for paragraph in ONECOL_BODY:
        writer.text(paragraph, size=10, leading=13, indent=14)
    writer.figure(80, ONECOL_CAPTION)
    writer.text(ONECOL_HEADING_2, font=BOLD, size=11, leading=14, after=4)
    writer.text(ONECOL_BODY_2, size=10, leading=13, indent=14)
    writer.save()
    return path


# ---------------------------------------------------------------------------------------------
# the two-column Italian / English article

RUNNING_HEAD = "Rivista di Medicina Sperimentale 2024; 12: 101-103"
TITLE = "Un nuovo anticorpo monoclonale nella terapia del mieloma multiplo recidivato"
RIASSUNTO = (
    "Riassunto. La terapia con anticorpi monoclonali ha cambiato la cura dei tumori del "
    "sangue negli ultimi venti anni. Questo lavoro descrive le caratteristiche di un nuovo "
    "anticorpo diretto contro una molecola della superficie delle plasmacellule. I risultati "
    "degli studi preclinici sono discussi in una prospettiva traslazionale, insieme con i dati "
    "dei primi studi clinici nei pazienti già trattati con altre linee di terapia."
)
PAROLE_CHIAVE = "Parole chiave. Anticorpo terapeutico, mieloma multiplo, plasmacellule."
TITLE_EN = "A new monoclonal antibody in the therapy of relapsed multiple myeloma"
SUMMARY = (
    "Summary. Therapy with monoclonal antibodies has changed the treatment of blood cancers "
    "over the last twenty years. This note describes the features of a new antibody directed "
    "against a molecule on the surface of plasma cells. The results of preclinical studies "
    "are discussed in a translational perspective, together with the data of the first "
    "clinical trials in patients who had received other lines of therapy."
)
KEY_WORDS = "Key words. Antibody, myeloma, plasma cells."  # under 40 letters

INTRODUZIONE = "Introduzione"
BODY_PAGE_1 = [
    "Negli ultimi venti anni la terapia con anticorpi monoclonali ha cambiato in modo profondo "
    "la cura dei tumori del sangue. Gli anticorpi riconoscono una molecola presente sulla "
    "superficie delle cellule malate e richiamano contro di esse le difese del paziente. La "
    "scelta del bersaglio è quindi il primo passo di ogni nuovo progetto di ricerca.",
    "Questo lavoro ha lo scopo di esami-\nnare le caratteristiche di un nuovo anticorpo anti=\n"
    "CD38 alla luce delle ricerche precedenti. Il gruppo di studio ha raccolto i dati di "
    "laboratorio e quelli clinici in un unico archivio, che permette di confrontare i "
    "risultati ottenuti nei diversi centri italiani ed europei.",
    "La molecola bersaglio è un ectoenzima che metabolizza NAD^{+} extracellulare e regola il "
    "livello di Ca^{2+} nella cellula. Le cellule di mieloma la esprimono a livelli molto "
    "alti, e la densità della molecola sulla superficie condiziona la risposta^{12} al "
    "trattamento. L’associazione con il desametasone (Pd^{27,43}) è stata valutata in due "
    "studi di fase tre, con risultati favorevoli in entrambi.",
    "I risultati sono stati signiﬁcativi in tutti i sottogruppi di pazienti. Il ﬂusso dei "
    "pazienti verso i centri specializzati è cresciuto, e per deﬁnire la dose migliore sono "
    "stati necessari studi condotti su gruppi ampi e seguiti per molti mesi dopo la fine "
    "della terapia. Nei pazienti anziani gli effetti collaterali compaiono frequentemente, ma "
    "l’effetto del farmaco resta dose-dipendente e quindi prevedibile dal medico curante.",
    "La malattia si ripresenta frequente-\nmente dopo la prima linea di terapia, e per questo "
    "motivo la scelta della seconda linea è molto importante per il paziente. La risposta al "
    "farmaco è dose=\ndipendente nella maggior parte dei casi osservati. La concentrazione di "
    "IL=\n6 nel plasma cresce con il progredire della malattia e si riduce durante il "
    "trattamento con l’anticorpo.",
]
RISULTATI = "Risultati"
BODY_PAGE_2 = [
    "Gli studi condotti in laboratorio hanno mostrato che l’anticorpo uccide le cellule di "
    "mieloma attraverso diversi meccanismi, tra i quali la citotossicità mediata dalle "
    "cellule e l’attivazione del complemento. L’anticorpo è inoltre in grado di bloccare "
    "l’attività enzimatica della molecola bersaglio.",
]
FIGURE_CAPTION = (
    "Figura 1. Rappresentazione schematica del legame tra l’anticorpo e la molecola bersaglio "
    "sulla superficie della cellula di mieloma."
)
BODY_PAGE_2_AFTER = [
    "Nello studio di fase tre i pazienti sono stati divisi in due gruppi di numero simile, "
    "con caratteristiche demografiche e cliniche equilibrate al momento dell’inclusione. La "
    "sopravvivenza libera da progressione è stata più lunga nel gruppo trattato con "
    "l’anticorpo, e il vantaggio è stato osservato anche nei pazienti con insufficienza renale.",
    "Gli eventi avversi più frequenti sono stati le reazioni all’infusione, quasi sempre "
    "lievi e limitate alla prima somministrazione del farmaco. Le infezioni delle vie "
    "respiratorie sono state più comuni nel gruppo sperimentale, ma non hanno richiesto "
    "l’interruzione del trattamento nella maggior parte dei pazienti seguiti.",
    "La qualità della vita dei pazienti è rimasta stabile per tutta la durata dello studio, "
    "secondo i questionari compilati a ogni visita di controllo presso il centro di cura.",
    "Un secondo studio ha valutato l’anticorpo in associazione con altri due farmaci nei "
    "pazienti che avevano ricevuto da una a tre linee di terapia. Anche in questo caso la "
    "sopravvivenza libera da progressione è stata più lunga nel gruppo sperimentale, senza un "
    "aumento importante degli eventi avversi gravi rispetto al gruppo di controllo.",
    "Le analisi dei sottogruppi hanno confermato il beneficio nei pazienti con anomalie "
    "cromosomiche ad alto rischio, che rappresentano circa un quinto della popolazione "
    "studiata. Questi pazienti hanno di solito una prognosi peggiore e poche opzioni di "
    "trattamento dopo la seconda ricaduta della malattia.",
    "La risposta completa è stata raggiunta da un numero maggiore di pazienti nel gruppo "
    "trattato con l’anticorpo, e in molti di essi la malattia residua minima non era più "
    "rilevabile con i metodi più sensibili oggi disponibili nei laboratori di riferimento.",
    "Il costo della terapia resta elevato e richiede una valutazione attenta da parte dei "
    "servizi sanitari regionali, che devono garantire l’accesso al farmaco a tutti i pazienti "
    "che ne possono trarre un beneficio reale e duraturo nel tempo.",
]
CONCLUSIONI = "Conclusioni"
BODY_PAGE_3 = [
    "Il nuovo anticorpo rappresenta una opzione efficace per i pazienti con mieloma multiplo "
    "recidivato, in particolare per quelli già esposti ad altre linee di terapia. Gli studi in "
    "corso chiariranno il suo ruolo nelle prime fasi della malattia.",
]


def write_article_pdf(path: Path) -> Path:
    writer = Writer(path, running_head=RUNNING_HEAD, first_page_number=101)
    writer.new_page([Column(50, 545, 70, 800)])
    writer.text(TITLE, font=BOLD, size=16, leading=20)
    writer.box(120, 330, 50, 545)
    writer.start_columns(two_columns(128, 325, inset=8))
    writer.text(RIASSUNTO, size=9, leading=11.5, after=6)
    writer.text(PAROLE_CHIAVE, size=9, leading=11.5)
    writer.start_columns(two_columns(128, 325, inset=8)[1:])
    writer.text(TITLE_EN, font=BOLD, size=9, leading=11.5, after=6)
    writer.text(SUMMARY, size=9, leading=11.5, after=6)
    writer.text(KEY_WORDS, size=9, leading=11.5)
    writer.start_columns(two_columns(350, 782))
    writer.text(INTRODUZIONE, font=BOLD, size=10, leading=13, after=3)
    for paragraph in BODY_PAGE_1:
        writer.text(paragraph, indent=10)
    writer.new_page(two_columns(60, 782))
    writer.text(RISULTATI, font=BOLD, size=10, leading=13, after=3)
    for paragraph in BODY_PAGE_2:
        writer.text(paragraph, indent=10)
    writer.figure(90, FIGURE_CAPTION)
    for paragraph in BODY_PAGE_2_AFTER[:-2]:
        writer.text(paragraph, indent=10)
    writer.to_last_line(12)  # the next paragraph opens at the foot of the left column
    for paragraph in BODY_PAGE_2_AFTER[-2:]:
        writer.text(paragraph, indent=10)
    writer.new_page(two_columns(60, 782))
    writer.text(CONCLUSIONI, font=BOLD, size=10, leading=13, after=3)
    for paragraph in BODY_PAGE_3:
        writer.text(paragraph, indent=10)
    writer.save()
    return path


# ---------------------------------------------------------------------------------------------
# line-end hyphens that split a word whose pieces are words of their own

HYPHEN_PARAGRAPH = (
    "Le infezioni delle vie respiratorie sono state più comuni nel gruppo sperimentale, ma si "
    "sono risolte rapida-\nmente e senza conseguenze per i pazienti. Nono-\nstante questo, il "
    "trattamento è stato interrotto in pochi casi, sempre su decisione del medico curante."
)


def write_hyphen_pdf(path: Path) -> Path:
    """One Italian paragraph whose line-end hyphens split ``rapidamente`` and ``Nonostante``:
    neither joined nor hyphenated form occurs elsewhere, and both pieces are words (``rapida``,
    ``mente``; ``nono``, ``stante``)."""
    writer = Writer(path)
    writer.new_page([Column(60, 535, 80, 800)])
    writer.text(HYPHEN_PARAGRAPH, size=10, leading=13)
    writer.save()
    return path
