"""Sentence alignment (extract.align): the bundled paper's abstracts against a hand-made gold
alignment, the pt/en paper, and altered abstracts (a dropped sentence, two merged sentences,
very different lengths, an unrelated sentence)."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

import pytest
from stage_process import run_stage
from testdata import gold

from extract.align import ALIGNMENT_COLUMNS, Link, align, alignment_rows
from extract.records import read_records, write_records
from extract.sentences import SENTENCE_COLUMNS, sentence_rows, split_sentences

GOLD_ALIGNMENT = gold("isatuximab-2022") / "alignment.csv"
PAPERS = {"isatuximab-2022": ("it", "en"), "acta-amazonica-2023": ("pt", "en")}

Pair = tuple[tuple[int, ...], tuple[int, ...]]


@cache
def abstracts(paper: str) -> tuple[list[str], list[str]]:
    return tuple(
        split_sentences((gold(paper) / f"abstract.{lang}.txt").read_text(encoding="utf-8"), lang)
        for lang in PAPERS[paper]
    )


def _indices(field: str) -> tuple[int, ...]:
    return tuple(int(k) for k in field.split(";")) if field else ()


@cache
def gold_links(paper: str) -> list[Pair]:
    if paper == "isatuximab-2022":
        return [(_indices(row["src"]), _indices(row["tgt"])) for row in read_records(GOLD_ALIGNMENT)]
    # The pt/en abstracts are translated sentence by sentence.
    src, tgt = abstracts(paper)
    assert len(src) == len(tgt) == 9
    return [((k,), (k,)) for k in range(len(src))]


def pairs(links: list[Link]) -> list[Pair]:
    return [(link.src, link.tgt) for link in links]


def aligned(paper: str, src: list[str], tgt: list[str]) -> list[Pair]:
    return pairs(align(src, tgt, *PAPERS[paper]))


def one_to_one(paper: str) -> list[int]:
    """Positions in the gold alignment of its 1-1 links."""
    return [k for k, (s, t) in enumerate(gold_links(paper)) if len(s) == len(t) == 1]


def _shift(indices: tuple[int, ...], removed: int) -> tuple[int, ...]:
    return tuple(k - (k > removed) for k in indices)


@pytest.mark.parametrize("paper", PAPERS)
def test_gold_alignment_is_reproduced(paper):
    src, tgt = abstracts(paper)
    assert aligned(paper, src, tgt) == gold_links(paper)


def test_gold_alignment_has_the_one_to_two_link():
    links = align(*abstracts("isatuximab-2022"), "it", "en")
    assert [link.type for link in links].count("1-1") == 19
    assert [(link.src, link.tgt) for link in links if link.type == "1-2"] == [((8,), (8, 9))]


@pytest.mark.parametrize("paper", PAPERS)
def test_scores_are_probabilities_and_high_on_the_gold(paper):
    links = align(*abstracts(paper), *PAPERS[paper])
    assert all(0.8 <= link.score <= 1.0 for link in links)


def _drop_cases() -> list[tuple[str, str, int]]:
    return [(paper, side, k) for paper in PAPERS for side in ("src", "tgt")
            for k in one_to_one(paper)]


@pytest.mark.parametrize(("paper", "side", "position"), _drop_cases())
def test_a_dropped_sentence_becomes_a_gap(paper, side, position):
    src, tgt = abstracts(paper)
    gold = gold_links(paper)
    dropped = gold[position][1 if side == "tgt" else 0][0]
    if side == "tgt":
        tgt = tgt[:dropped] + tgt[dropped + 1:]
        expected = [(s, _shift(t, dropped)) if k != position else (s, ())
                    for k, (s, t) in enumerate(gold)]
    else:
        src = src[:dropped] + src[dropped + 1:]
        expected = [(_shift(s, dropped), t) if k != position else ((), t)
                    for k, (s, t) in enumerate(gold)]
    links = align(src, tgt, *PAPERS[paper])
    assert pairs(links) == expected
    assert links[position].type == ("1-0" if side == "tgt" else "0-1")


def _merge_cases() -> list[tuple[str, str, int]]:
    return [(paper, side, k) for paper in PAPERS for side in ("src", "tgt")
            for k in one_to_one(paper) if k + 1 in one_to_one(paper)]


@pytest.mark.parametrize(("paper", "side", "position"), _merge_cases())
def test_two_merged_sentences_give_a_two_to_one_link(paper, side, position):
    src, tgt = abstracts(paper)
    gold = gold_links(paper)
    (s1,), (t1,) = gold[position]
    (s2,), (t2,) = gold[position + 1]
    if side == "src":
        src = src[:s1] + [src[s1] + " " + src[s2]] + src[s2 + 1:]
        merged = ((s1,), (t1, t2))
        expected = [(_shift(s, s1), t) for s, t in gold]
    else:
        tgt = tgt[:t1] + [tgt[t1] + " " + tgt[t2]] + tgt[t2 + 1:]
        merged = ((s1, s2), (t1,))
        expected = [(s, _shift(t, t1)) for s, t in gold]
    expected[position:position + 2] = [merged]
    assert aligned(paper, src, tgt) == expected


@pytest.mark.parametrize("drop_shortest", [False, True])
def test_sentences_of_very_different_lengths(drop_shortest):
    """The gold 1-1 pairs reordered so that the shortest and the longest alternate (62 to 230
    characters in Italian), with or without the shortest English sentence."""
    src, tgt = abstracts("isatuximab-2022")
    by_length = sorted((pair for pair in gold_links("isatuximab-2022") if len(pair[1]) == 1),
                       key=lambda pair: len(src[pair[0][0]]))
    order = [pair for short, long in zip(by_length, reversed(by_length), strict=True)
             for pair in (short, long)][: len(by_length)]
    new_src = [src[s[0]] for s, _ in order]
    new_tgt = [tgt[t[0]] for _, t in order]
    expected = [((k,), (k,)) for k in range(len(order))]
    if drop_shortest:
        del new_tgt[0]
        expected = [((0,), ())] + [((k,), (k - 1,)) for k in range(1, len(order))]
    assert max(map(len, new_src)) > 3 * min(map(len, new_src))
    assert pairs(align(new_src, new_tgt, "it", "en")) == expected


def test_an_unrelated_sentence_is_left_unaligned():
    src, tgt = abstracts("isatuximab-2022")
    unrelated = abstracts("acta-amazonica-2023")[1][6]
    altered = tgt[:14] + [unrelated] + tgt[15:]
    links = align(src, altered, "it", "en")
    gaps = sorted((link.src, link.tgt) for link in links if link.type in ("1-0", "0-1"))
    assert gaps == [((), (14,)), ((13,), ())]
    assert [pair for pair in pairs(links) if pair not in gaps] == [
        pair for pair in gold_links("isatuximab-2022") if pair != ((13,), (14,))
    ]


def test_an_empty_side_leaves_every_sentence_unaligned():
    src, _ = abstracts("acta-amazonica-2023")
    assert pairs(align(src, [], "pt", "en")) == [((k,), ()) for k in range(len(src))]
    assert pairs(align([], src, "en", "pt")) == [((), (k,)) for k in range(len(src))]
    assert align([], [], "pt", "en") == []


def test_language_without_data_aligns_on_lengths_and_shared_tokens(caplog):
    src, tgt = abstracts("isatuximab-2022")
    with caplog.at_level(logging.WARNING, logger="extract.align"):
        links = align(src, tgt, "nl", "sv")
    assert "no language data for 'nl'" in caplog.text
    assert [k for link in links for k in link.src] == list(range(len(src)))
    assert [k for link in links for k in link.tgt] == list(range(len(tgt)))


def sentence_records(abstracts: dict[str, str], languages: list[str]) -> list[dict[str, str]]:
    """sentences.csv rows as the align stage reads them: every cell a string."""
    return [{column: str(row[column]) for column in SENTENCE_COLUMNS}
            for row in sentence_rows(abstracts, languages)]


def test_alignment_rows_follow_the_spec():
    src, tgt = abstracts("isatuximab-2022")
    src = src[:3] + src[4:]  # the English sentence 3 is left without a partner
    rows = alignment_rows(sentence_records({"it": "\n".join(src), "en": "\n".join(tgt)},
                                           ["it", "en"]), ["it", "en"])
    assert all(list(row) == ALIGNMENT_COLUMNS for row in rows)
    assert [row["pair"] for row in rows] == list(range(len(rows)))
    gap = next(row for row in rows if row["type"] == "0-1")
    assert (gap["src"], gap["tgt"], gap["src_text"], gap["tgt_text"]) == ("", "3", "", tgt[3])
    split = next(row for row in rows if row["type"] == "1-2")
    assert (split["src"], split["tgt"]) == ("7", "8;9")
    assert split["tgt_text"] == f"{tgt[8]} {tgt[9]}"
    assert all(0 <= row["score"] <= 1 for row in rows)


def test_alignment_rows_order_sentences_by_number_not_file_order():
    """Rows of sentences.csv in any order, with sentence numbers past 9: each language's
    sentences are taken by number (10 after 9, not after 1)."""
    src, tgt = abstracts("isatuximab-2022")
    rows = sentence_records({"it": "\n".join(src), "en": "\n".join(tgt)}, ["it", "en"])
    shuffled = sorted(rows, key=lambda row: (row["sent"], row["lang"]))  # "10" < "2"
    assert alignment_rows(shuffled, ["it", "en"]) == alignment_rows(rows, ["it", "en"])
    assert [(row["src"], row["tgt"]) for row in alignment_rows(shuffled, ["it", "en"])] == [
        (";".join(map(str, s)), ";".join(map(str, t))) for s, t in gold_links("isatuximab-2022")]


def test_align_stage_reads_sentence_numbers_as_numbers(tmp_path: Path) -> None:
    """Through sentences.csv and the align stage, as the workflow runs it: sentence 10 comes
    after sentence 9, not after sentence 1; the stage does not import pandas."""
    abstracts = {lang: (gold("isatuximab-2022") / f"abstract.{lang}.txt").read_text(encoding="utf-8")
                 for lang in ("it", "en")}
    write_records(tmp_path / "sentences.csv", SENTENCE_COLUMNS,
                  sentence_rows(abstracts, ["it", "en"]))
    assert run_stage(["align", "--languages", "it", "en", "--inputs", str(tmp_path / "sentences.csv"),
                      "--outputs", str(tmp_path / "alignment.csv")]) == (0, set())
    written = read_records(tmp_path / "alignment.csv")
    expected = read_records(GOLD_ALIGNMENT)
    columns = ["src", "tgt", "src_text", "tgt_text"]
    assert [[row[c] for c in columns] for row in written] == \
        [[row[c] for c in columns] for row in expected]
    assert list(written[0]) == ALIGNMENT_COLUMNS
