"""Layout rules of issue 2 on small PDFs drawn by tests/layout_pdfs.py.

Each document is drawn, parsed and written out once per module (blocks.csv, captions.csv and
the text outputs of each language, in a temporary folder); the tests read what came out.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from layout_pdfs import BODY_PAGE_1 as PAGE_1
from layout_pdfs import BODY_PAGE_2 as PAGE_2
from layout_pdfs import BODY_PAGE_2_AFTER as PAGE_2_AFTER
from layout_pdfs import BODY_PAGE_3 as PAGE_3
from layout_pdfs import (
    CONCLUSIONI,
    FIGURE_CAPTION,
    HYPHEN_PARAGRAPH,
    INTRODUZIONE,
    KEY_WORDS,
    ONECOL_ABSTRACT_EN,
    ONECOL_ABSTRACT_PT,
    ONECOL_BODY,
    ONECOL_BODY_2,
    ONECOL_CAPTION,
    ONECOL_HEADING,
    ONECOL_HEADING_2,
    ONECOL_KEYWORDS_EN,
    ONECOL_KEYWORDS_PT,
    ONECOL_TITLE,
    PAROLE_CHIAVE,
    RIASSUNTO,
    RISULTATI,
    RUNNING_HEAD,
    SUMMARY,
    TITLE,
    TITLE_EN,
    citation_marks,
    clean,
    write_article_pdf,
    write_hyphen_pdf,
    write_onecol_pdf,
)

from extract.blocks import Block
from extract.document import read_blocks, read_text_blocks, write_blocks, write_language_outputs
from extract.pdf import parse_pdf

LIGATURE_CHARS = re.compile("[ﬁﬂﬀﬃﬄ]")


@dataclass
class Extracted:
    folder: Path
    blocks: list[Block]
    languages: list[str]

    def output(self, name: str) -> str:
        return (self.folder / name).read_text(encoding="utf-8")

    def lines(self, name: str) -> list[str]:
        return self.output(name).splitlines()

    def block(self, snippet: str) -> Block:
        found = [b for b in self.blocks if b.text == snippet] or [
            b for b in self.blocks if snippet in b.text]
        assert len(found) == 1, f"{len(found)} blocks contain {snippet!r}"
        return found[0]

    def csv_rows(self, name: str) -> list[dict[str, str]]:
        with (self.folder / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))


def _extract(folder: Path, pdf: Path, languages: list[str]) -> Extracted:
    blocks = read_blocks(parse_pdf(pdf), languages)
    write_blocks(blocks, folder)
    rows = read_text_blocks(folder / "blocks.csv")
    for lang in languages:
        write_language_outputs(rows, lang, languages, folder)
    return Extracted(folder, blocks, languages)


@pytest.fixture(scope="module")
def onecol(tmp_path_factory) -> Extracted:
    folder = tmp_path_factory.mktemp("onecol")
    return _extract(folder, write_onecol_pdf(folder / "onecol.pdf"), ["pt", "en"])


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> Extracted:
    folder = tmp_path_factory.mktemp("article")
    return _extract(folder, write_article_pdf(folder / "article.pdf"), ["it", "en"])


@pytest.fixture(scope="module")
def hyphens(tmp_path_factory) -> Extracted:
    folder = tmp_path_factory.mktemp("hyphens")
    return _extract(folder, write_hyphen_pdf(folder / "hyphens.pdf"), ["it", "en"])


def _without_label(markup: str) -> str:
    return clean(markup).split(". ", 1)[1]


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


# ---------------------------------------------------------------------------------------------
# columns and reading order


def test_one_column_page_blocks_in_order_with_intact_text(onecol):
    expected = [
        ONECOL_TITLE, "Resumo", ONECOL_ABSTRACT_PT, f"Palavras-chave: {ONECOL_KEYWORDS_PT}",
        "Abstract", clean(ONECOL_ABSTRACT_EN), f"Keywords: {ONECOL_KEYWORDS_EN}", ONECOL_HEADING,
        *ONECOL_BODY, ONECOL_CAPTION, ONECOL_HEADING_2, ONECOL_BODY_2,
    ]
    assert [b.text for b in onecol.blocks] == expected
    assert {b.column for b in onecol.blocks} == {1}
    assert [b.role for b in onecol.blocks][:8] == [
        "title", "abstract", "abstract", "keywords", "abstract", "abstract", "keywords", "heading"]


def test_two_column_page_title_first_then_abstract_box_then_body_by_column(article):
    page_1 = [b for b in article.blocks if b.page == 1 and b.role not in ("header", "footer")]
    titles = [b for b in page_1 if b.role == "title" and b.lang == "it"]
    assert " ".join(b.text for b in titles) == TITLE
    assert page_1[: len(titles)] == titles, "the full-width title comes first"
    rest = page_1[len(titles):]
    # the abstract box: its left column (Italian) top to bottom, then its right column (English)
    assert [b.text for b in rest[:5]] == [
        clean(RIASSUNTO), PAROLE_CHIAVE, TITLE_EN, clean(SUMMARY), KEY_WORDS]
    assert [b.column for b in rest[:5]] == [1, 1, 2, 2, 2]
    # the body: left column top to bottom, then the right one; a paragraph that runs on from the
    # foot of the left column to the head of the right one is cut there, never interleaved
    body = rest[5:]
    assert [b.column for b in body] == sorted(b.column for b in body)
    assert {b.column for b in body} == {1, 2}
    # (a hyphen at the foot of the left column stays in its block: only text.it.md rejoins it)
    joined = " ".join(b.text for b in body).replace("- ", "")
    assert joined == " ".join(clean(p) for p in [INTRODUZIONE, *PAGE_1])


def test_body_paragraphs_rejoined_across_columns_and_pages(article):
    text = article.lines("text.it.md")
    body = text[text.index(f"## {INTRODUZIONE}"):]
    assert body == [
        f"## {INTRODUZIONE}", *(clean(p) for p in PAGE_1),
        f"## {RISULTATI}", *(clean(p) for p in PAGE_2 + PAGE_2_AFTER),
        f"## {CONCLUSIONI}", *(clean(p) for p in PAGE_3),
    ]


def test_page_with_right_column_shorter_than_left_still_reads_left_first(article):
    page_2 = [b for b in article.blocks if b.page == 2 and b.role in ("body", "caption")]
    assert [b.column for b in page_2] == sorted(b.column for b in page_2)
    assert page_2[-1].column == 2, "the last paragraph of page 2 ends in the right column"


def test_paragraph_opening_on_the_last_line_of_a_column_is_body_not_footer(article):
    # the last but one paragraph of page 2 opens on the last line of the left column (its
    # bottom near the page's foot, as in journals that fill the page) and goes on at the head of
    # the right column
    opening = [b for b in article.blocks if b.page == 2 and b.column == 1][-1]
    assert len(opening.lines) == 1 and clean(PAGE_2_AFTER[-2]).startswith(opening.text)
    assert opening.role == "body"
    assert clean(PAGE_2_AFTER[-2]) in article.lines("text.it.md")


# ---------------------------------------------------------------------------------------------
# running heads and page numbers


def test_running_head_and_page_numbers_are_header_and_footer(article):
    heads = [b for b in article.blocks if b.text == RUNNING_HEAD]
    assert [(b.page, b.role) for b in heads] == [(1, "header"), (2, "header"), (3, "header")]
    numbers = [b for b in article.blocks if re.fullmatch(r"\d+", b.text)]
    assert [(b.page, b.text, b.role) for b in numbers] == [
        (1, "101", "footer"), (2, "102", "footer"), (3, "103", "footer")]
    rows = article.csv_rows("blocks.csv")
    assert [r["role"] for r in rows if r["text"] == RUNNING_HEAD] == ["header"] * 3


@pytest.mark.parametrize("name", ["text.it.md", "text.en.md", "abstract.it.txt", "abstract.en.txt"])
def test_no_running_head_or_page_number_in_text_outputs(article, name):
    text = article.output(name)
    assert "Rivista di Medicina" not in text
    assert not re.search(r"\b10[123]\b", text)
    assert text.strip(), f"{name} is empty"


# ---------------------------------------------------------------------------------------------
# line-end hyphens


def test_hyphen_that_splits_a_word_is_undone(article):
    text = article.block("Questo lavoro ha lo scopo").text
    assert "esaminare le caratteristiche" in text
    assert "esami-" not in text and "esami nare" not in text


def test_hyphen_before_capital_or_digit_is_kept(article):
    assert "anticorpo anti-CD38 alla luce" in article.block("Questo lavoro ha lo scopo").text
    assert "concentrazione di IL-6 nel plasma" in article.output("text.it.md")


def test_hyphen_kept_when_the_hyphenated_form_occurs_elsewhere(article):
    text = article.output("text.it.md")
    assert "è dose-dipendente nella maggior parte" in text
    assert "dosedipendente" not in text


def test_hyphen_undone_when_the_joined_form_occurs_elsewhere(article):
    # ``frequente`` and ``mente`` are both Italian words; the document prints ``frequentemente``
    text = article.output("text.it.md")
    assert "si ripresenta frequentemente dopo la prima linea" in text
    assert "frequente-mente" not in text


def test_hyphen_inside_an_ordinary_word_is_undone_without_other_evidence(hyphens):
    # Italian adverbs in -mente and words like ``nonostante`` are missing from the lexicon while
    # their pieces (``rapida``, ``mente``; ``nono``, ``stante``) are words of their own: the
    # hyphen at the line end is only the typesetter's, and the rule says to undo it
    # unless the hyphenated form occurs elsewhere or the tail is capitalised or a digit.
    [block] = hyphens.blocks
    assert block.text == clean(HYPHEN_PARAGRAPH)
    assert "risolte rapidamente e senza" in block.text
    assert "Nonostante questo" in block.text


# ---------------------------------------------------------------------------------------------
# ligatures


def test_ligature_characters_expanded(article):
    text = article.block("I risultati sono stati").text
    assert "significativi" in text and "Il flusso dei" in text and "per definire la dose" in text
    for block in article.blocks:
        assert not LIGATURE_CHARS.search(block.text), block.text
    for name in ("blocks.csv", "captions.csv", "text.it.md", "text.en.md"):
        assert not LIGATURE_CHARS.search(article.output(name)), name


def test_ligature_split_by_the_text_layer_repaired_when_the_joined_word_is_known(onecol):
    abstract = onecol.output("abstract.en.txt")
    # ``unified``: a word of the English lexicon; ``scientific``: printed whole in the caption
    assert "paid by the Unified Health System" in abstract
    assert "with the scientific methods" in abstract
    assert "Unifi ed" not in abstract and "scientifi c" not in abstract
    # two words that happen to follow a ligature stay two words
    assert "the hospital staff with the" in abstract


# ---------------------------------------------------------------------------------------------
# superscripts


def test_citation_superscripts_leave_the_text_and_become_marks(article):
    markup = PAGE_1[2]
    block = article.block("La molecola bersaglio")
    assert block.text == clean(markup)
    assert block.marks == [(len(before), mark) for before, mark in citation_marks(markup)]
    offsets = dict((mark, offset) for offset, mark in block.marks)
    assert block.text[: offsets["12"]].endswith("condiziona la risposta")
    assert block.text[offsets["12"]:].startswith(" al trattamento")
    assert block.text[: offsets["27,43"]].endswith("(Pd")
    assert "12" not in block.text and "27" not in block.text
    row = next(r for r in article.csv_rows("blocks.csv") if r["text"] == block.text)
    assert row["marks"] == f"{offsets['12']}:12;{offsets['27,43']}:27,43"


def test_non_citation_superscripts_stay_inline(article):
    block = article.block("La molecola bersaglio")
    assert "metabolizza NAD+ extracellulare" in block.text
    assert "livello di Ca2+ nella cellula" in block.text
    assert all(mark not in ("+", "2+") for _, mark in block.marks)
    assert "NAD+ extracellulare" in article.output("text.it.md")


def test_citation_marks_absent_from_text_outputs(article):
    text = article.output("text.it.md")
    assert "condiziona la risposta al trattamento" in text
    assert "desametasone (Pd) è stata" in text


# ---------------------------------------------------------------------------------------------
# captions


def test_figure_captions_are_captions_listed_and_kept_out_of_the_text(article, onecol):
    for extracted, caption, page, label, lang in (
        (article, FIGURE_CAPTION, "2", "Figura 1", "it"),
        (onecol, ONECOL_CAPTION, "1", "Figure 1", "en"),
    ):
        assert extracted.block(caption[:30]).role == "caption"
        assert extracted.csv_rows("captions.csv") == [
            {"page": page, "label": label, "lang": lang, "text": caption}]
        for other in extracted.languages:
            assert caption[10:40] not in extracted.output(f"text.{other}.md")


# ---------------------------------------------------------------------------------------------
# abstract and keywords by their labels


def test_abstracts_and_keywords_by_label_in_italian_and_english(article):
    assert article.lines("abstract.it.txt") == [_without_label(RIASSUNTO)]
    assert article.lines("abstract.en.txt") == [_without_label(SUMMARY)]
    assert article.lines("keywords.it.txt") == ["Anticorpo terapeutico", "mieloma multiplo",
                                                "plasmacellule"]
    assert article.lines("keywords.en.txt") == ["Antibody", "myeloma", "plasma cells"]


def test_abstracts_and_keywords_by_label_in_portuguese_and_english(onecol):
    assert onecol.lines("abstract.pt.txt") == [ONECOL_ABSTRACT_PT]
    assert onecol.lines("abstract.en.txt") == [clean(ONECOL_ABSTRACT_EN)]
    assert onecol.lines("keywords.pt.txt") == ["Custos hospitalares", "Sistema Único de Saúde",
                                               "Economia da saúde"]
    assert onecol.lines("keywords.en.txt") == ["Hospital costs", "Unified Health System",
                                               "Health economics"]


def test_text_outputs_open_with_title_abstract_and_keywords(article):
    assert article.lines("text.it.md")[:4] == [
        f"# {TITLE}", _without_label(RIASSUNTO),
        "Anticorpo terapeutico; mieloma multiplo; plasmacellule", f"## {INTRODUZIONE}"]
    assert article.lines("text.en.md") == [
        f"# {TITLE_EN}", _without_label(SUMMARY), "Antibody; myeloma; plasma cells"]


# ---------------------------------------------------------------------------------------------
# languages


def _expected_language(block: Block, english: set[str], default: str) -> str:
    return "en" if block.text in english else default


def test_language_of_every_long_block(article, onecol):
    cases = (
        (article, {TITLE_EN, clean(SUMMARY), KEY_WORDS}, "it"),
        (onecol, {clean(ONECOL_ABSTRACT_EN), f"Keywords: {ONECOL_KEYWORDS_EN}", ONECOL_CAPTION},
         "pt"),
    )
    checked = 0
    for extracted, english, default in cases:
        for block in extracted.blocks:
            if _letters(block.text) >= 40:
                assert block.lang == _expected_language(block, english, default), block.text
                assert block.lang_prob >= 0.8, block.text
                checked += 1
    assert checked >= 25


def test_short_blocks_follow_their_neighbours(article):
    for text in (INTRODUZIONE, RISULTATI, CONCLUSIONI, "mieloma multiplo recidivato"):
        assert article.block(text).lang == "it", text
    assert _letters(KEY_WORDS) < 40
    assert article.block(KEY_WORDS).lang == "en"


def test_heading_takes_the_language_of_the_text_it_opens(onecol):
    # ``Introdução`` follows the English keywords and ``Métodos`` an English caption: both open
    # Portuguese text, and belong in text.pt.md
    assert onecol.block(ONECOL_HEADING).lang == "pt"
    assert onecol.block(ONECOL_HEADING_2).lang == "pt"
    text = onecol.lines("text.pt.md")
    assert f"## {ONECOL_HEADING}" in text and f"## {ONECOL_HEADING_2}" in text
    assert not any(line.startswith("## ") for line in onecol.lines("text.en.md"))
