"""Sections of issue 13 on small PDFs drawn by tests/section_pdfs.py: abstract and keyword labels
in their many forms, the language of an abstract from its text, abstracts across a page break
and at the end of the article, keywords run into an abstract, translated titles, structured
abstracts, and a paper with one abstract only."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from section_pdfs import (
    ABSTRACT_EN,
    ABSTRACT_IT,
    BODY,
    BOTTOM,
    KEYWORDS_EN,
    KEYWORDS_IT,
    REFERENCES,
    TITLE_EN,
    TITLE_IT,
    Paragraph,
    para,
    write_pdf,
)

from extract import cli
from extract.clean import Vocabulary
from extract.document import read_blocks, read_text_blocks, write_blocks, write_language_outputs
from extract.labels import load_labels
from extract.pdf import parse_pdf, save_layout
from extract.sections import TextBlock, abstract_paragraphs, paragraphs

LANGUAGES = ["it", "en"]


def _front(title: str = TITLE_IT) -> list[Paragraph | float]:
    return [para((title, "bold"), size=16, after=12), para("Maria Rossi, Università di Esempio",
                                                         size=9, after=14)]


def _abstract(label: str, text: str, run_in: bool, title: str | None = None) -> list[Paragraph | float]:
    if run_in:
        return [para((label, "bold"), text)]
    head = [para((label, "bold"), size=10, after=2)]
    if title:
        head.append(para((title, "italic"), after=0))
    return head + [para(text)]


def _keywords(label: str, words: list[str], separator: str = "; ") -> Paragraph:
    return para((label, "bold"), separator.join(words), after=14)


def _italian_front() -> list[Paragraph | float]:
    """Title, authors, a run-in Italian abstract and its keywords."""
    abstract = _abstract("Riassunto:", ABSTRACT_IT, True)
    return _front() + abstract + [_keywords("Parole chiave:", KEYWORDS_IT)]


def _body() -> list[Paragraph | float]:
    return [para(("1. Introduzione", "bold"), size=11, after=4)] + [para(t) for t in BODY]


def _extract(folder: Path, content: list[Paragraph | float], languages: list[str] = LANGUAGES,
             ) -> dict[str, str]:
    """The text outputs of the drawn document, by file name."""
    blocks = read_blocks(parse_pdf(write_pdf(folder / "paper.pdf", content)), languages)
    write_blocks(blocks, folder)
    rows = read_text_blocks(folder / "blocks.csv")
    for lang in languages:
        write_language_outputs(rows, lang, languages, folder)
    outputs = [path for path in folder.glob("*.*") if path.suffix != ".pdf"]
    return {path.name: path.read_text(encoding="utf-8") for path in outputs}


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _title(markdown: str) -> str | None:
    return next((line[2:] for line in markdown.splitlines() if line.startswith("# ")), None)


@pytest.mark.parametrize(("label_it", "label_en", "run_in", "keywords_it", "keywords_en"), [
    ("ABSTRACT (ITALIANO)", "ABSTRACT (ENGLISH)", False, "Parole chiave:", "Keywords:"),
    ("ABSTRACT", "ABSTRACT", False, "Parole chiave:", "Keywords:"),
    ("Riassunto:", "Abstract:", True, "Parole-chiave:", "Key words:"),
    ("RIASSUNTO –", "SUMMARY –", True, "PAROLE CHIAVE:", "KEYWORDS:"),
    ("Sommario.", "Summary.", True, "Parole chiave.", "Key words."),
    ("Résumé :", "Abstract", False, "Parole chiave :", "Keywords :"),
])
def test_abstract_and_keyword_labels_in_their_forms(tmp_path, label_it, label_en, run_in,
                                                    keywords_it, keywords_en):
    content = _front()
    content += _abstract(label_it, ABSTRACT_IT, run_in) + [_keywords(keywords_it, KEYWORDS_IT)]
    content += _abstract(label_en, ABSTRACT_EN, run_in) + [_keywords(keywords_en, KEYWORDS_EN)]
    out = _extract(tmp_path, content + _body())
    assert _lines(out["abstract.it.txt"]) == [ABSTRACT_IT]
    assert _lines(out["abstract.en.txt"]) == [ABSTRACT_EN]
    assert _lines(out["keywords.it.txt"]) == KEYWORDS_IT
    assert _lines(out["keywords.en.txt"]) == KEYWORDS_EN
    assert _title(out["text.it.md"]) == TITLE_IT


def test_translated_title_under_the_label_is_the_title_not_the_abstract(tmp_path):
    content = _front() + _abstract("ABSTRACT (ITALIANO)", ABSTRACT_IT, False)
    content += [_keywords("Parole chiave:", KEYWORDS_IT)]
    content += _abstract("ABSTRACT (ENGLISH)", ABSTRACT_EN, False, title=TITLE_EN)
    content += [_keywords("Keywords:", KEYWORDS_EN)] + _body()
    out = _extract(tmp_path, content)
    assert _lines(out["abstract.en.txt"]) == [ABSTRACT_EN]
    assert _title(out["text.en.md"]) == TITLE_EN
    assert _title(out["text.it.md"]) == TITLE_IT


def test_abstract_across_a_page_break_is_one_paragraph(tmp_path):
    content = _italian_front()
    content += [BOTTOM - 40.0] + _abstract("Abstract", ABSTRACT_EN, False)
    content += [_keywords("Keywords:", KEYWORDS_EN)] + _body()
    out = _extract(tmp_path, content)
    blocks = [row for row in out["blocks.csv"].splitlines() if ",abstract,en," in row]
    assert {row.split(",")[0] for row in blocks} == {"1", "2"}  # the abstract runs over the break
    assert _lines(out["abstract.en.txt"]) == [ABSTRACT_EN]
    assert _lines(out["keywords.en.txt"]) == KEYWORDS_EN


def test_abstract_printed_at_the_end_after_the_references(tmp_path):
    content = _italian_front()
    content += _body() + [para(("Bibliografia", "bold"), size=11, after=4)]
    content += [para(r, size=8, after=2) for r in REFERENCES]
    content += [para("", after=20)] + _abstract("ABSTRACT", ABSTRACT_EN, False, title=TITLE_EN)
    content += [_keywords("Key words:", KEYWORDS_EN)]
    out = _extract(tmp_path, content)
    assert _lines(out["abstract.en.txt"]) == [ABSTRACT_EN]
    assert _lines(out["keywords.en.txt"]) == KEYWORDS_EN
    assert _title(out["text.en.md"]) == TITLE_EN
    assert BODY[0] in out["text.it.md"]
    assert not any(ref[:20] in out["text.it.md"] for ref in REFERENCES)


def test_keywords_run_into_the_end_of_the_abstract_are_cut_at_their_label(tmp_path):
    content = _front() + [para(("Riassunto:", "bold"), ABSTRACT_IT, ("Parole chiave:", "bold"),
                               ", ".join(KEYWORDS_IT))]
    content += _abstract("Abstract:", ABSTRACT_EN, True) + [_keywords("Keywords:", KEYWORDS_EN)]
    out = _extract(tmp_path, content + _body())
    assert _lines(out["abstract.it.txt"]) == [ABSTRACT_IT]
    assert _lines(out["keywords.it.txt"]) == KEYWORDS_IT


def test_keywords_label_over_prose_heads_an_abstract(tmp_path):
    content = _italian_front()
    content += _abstract("Keywords :", ABSTRACT_EN, True) + [_keywords("Keywords :", KEYWORDS_EN, ", ")]
    out = _extract(tmp_path, content + _body())
    assert _lines(out["abstract.en.txt"]) == [ABSTRACT_EN]
    assert _lines(out["keywords.en.txt"]) == KEYWORDS_EN


def test_structured_abstract_keeps_its_headings_on_lines_of_their_own(tmp_path):
    first, second = ABSTRACT_EN.split(". ", 1)
    content = _italian_front()
    content += [para(("Abstract", "bold"), after=4), para(("Objectives", "bold"), after=0),
                para(first + ".", after=2), para(("Methods", "bold"), after=0), para(second, after=8)]
    content += [_keywords("Keywords:", KEYWORDS_EN)] + _body()
    out = _extract(tmp_path, content)
    assert _lines(out["abstract.en.txt"]) == ["Objectives", first + ".", "Methods", second]


def test_paper_with_one_abstract_completes_with_a_warning_naming_the_missing_language(tmp_path,
                                                                                     capsys):
    content = _front() + _abstract("Riassunto:", ABSTRACT_IT, True)
    content += [_keywords("Tags:", KEYWORDS_IT, ", ")] + _body()
    layout = tmp_path / "layout.json"
    save_layout(parse_pdf(write_pdf(tmp_path / "paper.pdf", content)), layout)
    status = cli.main(["blocks", "--paper", "one", "--inputs", str(layout), "--outputs",
                       str(tmp_path / "blocks.csv"), "--languages", *LANGUAGES])
    assert status == 0
    warning = capsys.readouterr().err
    assert "one: warning: no text in en found" in warning
    for lang in LANGUAGES:
        assert cli.main(["text", "--paper", "one", "--inputs", str(tmp_path / "blocks.csv"),
                         "--outputs", str(tmp_path / f"text.{lang}.md"), "--languages", *LANGUAGES,
                         "--lang", lang]) == 0
    assert _lines((tmp_path / "abstract.it.txt").read_text(encoding="utf-8")) == [ABSTRACT_IT]
    assert _lines((tmp_path / "keywords.it.txt").read_text(encoding="utf-8")) == KEYWORDS_IT
    assert (tmp_path / "abstract.en.txt").read_text(encoding="utf-8") == ""


def test_body_paragraph_cut_after_a_colon_goes_on_when_the_next_part_opens_in_lower_case():
    cut = [TextBlock(1, "body", "it", "La sopravvivenza migliora (HR: 0,72; 95% CI:", False, False),
           TextBlock(2, "body", "it", "0,41-0,93) nei pazienti trattati.", True, True)]
    vocabulary = Vocabulary.of((b.text for b in cut), ["it"])
    assert paragraphs(cut, vocabulary, "it") == [
        ("body", "La sopravvivenza migliora (HR: 0,72; 95% CI: 0,41-0,93) nei pazienti trattati.")]
    before_capital = [cut[0], TextBlock(2, "body", "it", "Il risultato è chiaro.", True, True)]
    assert len(paragraphs(before_capital, vocabulary, "it")) == 2


def test_abstract_sentence_ending_at_a_full_line_before_a_page_break_goes_on():
    """A paragraph's last line stops short of the measure: a block that fills its last line before
    a page break goes on after it, although a sentence ends there; a label opens a paragraph."""
    labels = load_labels()
    before = TextBlock(1, "abstract", "en", "The index may be used to predict the weather.",
                       False, False, full_end=True)
    after = TextBlock(2, "abstract", "en", "Not only that, the accuracy of the forecast improves.",
                      False, False)
    assert abstract_paragraphs([before, after], "en", labels) == [
        "The index may be used to predict the weather. Not only that, the accuracy of the forecast "
        "improves."]
    short = replace(before, full_end=False)
    assert len(abstract_paragraphs([short, after], "en", labels)) == 2
    label = replace(after, text="Conclusions: the accuracy of the forecast improves.")
    assert len(abstract_paragraphs([before, label], "en", labels)) == 2
    same_page = replace(after, page=1)
    assert len(abstract_paragraphs([before, same_page], "en", labels)) == 2


@pytest.mark.parametrize(("under", "title_en"), [
    (TITLE_EN, TITLE_EN),  # the title in the other language, in large type under the first
    ("Mary Smith, John B. Brown, Paul C. Green, and Anne White", None),  # the authors
])
def test_large_block_under_the_title_is_its_translation_unless_a_list_of_names(tmp_path, under,
                                                                                title_en):
    content = [para((TITLE_IT, "bold"), size=16, after=6), para((under, "bold"), size=14, after=14)]
    content += _abstract("Riassunto:", ABSTRACT_IT, True) + [_keywords("Parole chiave:", KEYWORDS_IT)]
    content += _abstract("Summary:", ABSTRACT_EN, True) + [_keywords("Key words:", KEYWORDS_EN)]
    out = _extract(tmp_path, content + _body())
    assert _title(out["text.it.md"]) == TITLE_IT
    assert _title(out["text.en.md"]) == title_en
