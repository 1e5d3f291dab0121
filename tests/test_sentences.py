"""Sentence splitting (extract.sentences): the gold abstracts of the bundled paper, and the
hard cases of scientific prose in each configured language."""

from __future__ import annotations

import logging

import pytest
from stage_process import run_stage
from testdata import gold

from extract.records import read_records
from extract.sentences import SENTENCE_COLUMNS, sentence_rows, split_sentences, split_texts

GOLD_ABSTRACTS = gold("isatuximab-2022")
GOLD_ALIGNMENT = GOLD_ABSTRACTS / "alignment.csv"


def gold_abstract(lang: str) -> str:
    return (GOLD_ABSTRACTS / f"abstract.{lang}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("lang", "side"), [("it", "src"), ("en", "tgt")])
def test_gold_abstracts_split_into_the_gold_sentences(lang, side):
    sentences = split_sentences(gold_abstract(lang), lang)
    gold = read_records(GOLD_ALIGNMENT)
    numbered = [(row[side].split(";"), row[f"{side}_text"]) for row in gold]
    assert [" ".join(sentences[int(k)] for k in numbers) for numbers, _ in numbered] == [
        text for _, text in numbered
    ]
    assert sum(len(numbers) for numbers, _ in numbered) == len(sentences)


def test_gold_abstract_sentence_counts():
    assert len(split_sentences(gold_abstract("it"), "it")) == 20
    assert len(split_sentences(gold_abstract("en"), "en")) == 21


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "IsaPd vs. Pd prolonged mPFS in all subgroups."),
        ("en", "As shown by Attal et al. in the ICARIA-MM trial, the benefit held."),
        ("en", "The benefit is shown in Fig. 4 and in Figs. 5-6 of the appendix."),
        ("en", "Responses came after ca. 35 days of treatment."),
        ("en", "Immunomodulators, e.g. Pomalidomide, enhance the effect."),
        ("en", "The main endpoint, i.e. Progression-free survival, improved."),
        ("en", "Patients were referred by Dr. Smith to the centre."),
        ("it", "Il beneficio di IsaPd vs. Pd è stato confermato da Attal et al. nello studio."),
        ("it", "La risposta si osserva dopo ca. 35 giorni (cfr. Tabella 1)."),
        ("pt", "Medidas como a riqueza, p. ex. Fisher, foram usadas."),
        ("es", "Las medidas, p. ej. Shannon, se calcularon por separado."),
        ("fr", "Les mesures, p. ex. Shannon, ont été calculées (voir Fig. 2)."),
        ("de", "Die Maße, z. B. Shannon, wurden berechnet, d. h. Getrennt nach Schicht."),
    ],
)
def test_no_split_after_an_abbreviation(lang, text):
    assert split_sentences(text, lang) == [text]


def test_no_split_inside_numbers_and_a_split_after_a_final_p_value():
    text = "The HR was 0,596 (95% CI 0,44-0,81) with p=0.001. Overall survival was 11.5 months."
    assert split_sentences(text, "en") == [
        "The HR was 0,596 (95% CI 0,44-0,81) with p=0.001.",
        "Overall survival was 11.5 months.",
    ]


def test_no_split_inside_brackets():
    text = "Isa was active (in vitro. In vivo too) in every model. The effect was large."
    assert split_sentences(text, "en") == [
        "Isa was active (in vitro. In vivo too) in every model.",
        "The effect was large.",
    ]


def test_split_after_a_sentence_ending_in_a_closing_bracket_or_quote():
    text = ("The effect was large (p<0.05.) Then we tested it. "
            "They called it “the best option.” Nobody disagreed.")
    assert split_sentences(text, "en") == [
        "The effect was large (p<0.05.)",
        "Then we tested it.",
        "They called it “the best option.”",
        "Nobody disagreed.",
    ]


def test_unmatched_bracket_does_not_swallow_the_text():
    text = "Three points matter: 1) dose. Then the schedule. Then the endpoint."
    assert split_sentences(text, "en") == [
        "Three points matter: 1) dose.", "Then the schedule.", "Then the endpoint.",
    ]


def test_no_split_before_a_lower_case_word():
    # An abbreviation missing from the language data still does not end a sentence.
    assert split_sentences("The cohort incl. patients over 65 years.", "en") == [
        "The cohort incl. patients over 65 years."
    ]
    assert split_sentences("Doses were adj. for weight. Then we stopped.", "en") == [
        "Doses were adj. for weight.", "Then we stopped.",
    ]


def test_an_abbreviation_inside_a_word_is_not_an_abbreviation():
    # `ca.` is an Italian abbreviation, but not at the end of `Africa.`
    assert split_sentences("Lo studio è in Africa. Poi in Europa.", "it") == [
        "Lo studio è in Africa.", "Poi in Europa.",
    ]


def test_paragraphs_never_share_a_sentence():
    text = "First paragraph without a stop\nSecond paragraph. Its second sentence.\n\n"
    assert split_sentences(text, "en") == [
        "First paragraph without a stop", "Second paragraph.", "Its second sentence.",
    ]


def test_split_texts_matches_split_sentences():
    texts = [gold_abstract("it"), "Una frase. Un'altra frase.", ""]
    assert split_texts(texts, "it") == [split_sentences(text, "it") for text in texts]


def test_language_without_data_splits_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="extract.sentences"):
        sentences = split_sentences("Dit is een zin. Dit is er nog een.", "nl")
    assert sentences == ["Dit is een zin.", "Dit is er nog een."]
    assert "no language data for 'nl'" in caplog.text


def test_sentence_rows_number_sentences_per_language():
    rows = sentence_rows({"en": "One. Two.", "it": "Uno. Due. Tre."}, ["it", "en", "fr"])
    assert all(list(row) == SENTENCE_COLUMNS for row in rows)
    assert rows == [
        {"lang": "it", "sent": 0, "text": "Uno."},
        {"lang": "it", "sent": 1, "text": "Due."},
        {"lang": "it", "sent": 2, "text": "Tre."},
        {"lang": "en", "sent": 0, "text": "One."},
        {"lang": "en", "sent": 1, "text": "Two."},
    ]


def test_sentences_stage_writes_sentences_csv_without_pandas(tmp_path):
    """The stage reads each abstract and writes sentences.csv; pandas' import alone would cost
    more than its work."""
    abstracts = [tmp_path / "abstract.it.txt", tmp_path / "abstract.en.txt"]
    abstracts[0].write_text("Il 60,4% ha risposto. Poi, \"basta\".\n", encoding="utf-8")
    abstracts[1].write_text("60.4% responded.\n", encoding="utf-8")
    assert run_stage(["sentences", "--languages", "it", "en", "--inputs", *map(str, abstracts),
                      "--outputs", str(tmp_path / "sentences.csv")]) == (0, {"spacy"})
    assert (tmp_path / "sentences.csv").read_text(encoding="utf-8").splitlines() == [
        "lang,sent,text",
        'it,0,"Il 60,4% ha risposto."',
        'it,1,"Poi, ""basta""."',
        "en,0,60.4% responded.",
    ]
