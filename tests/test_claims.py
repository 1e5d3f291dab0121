"""Numeric claims (extract.claims): the hard cases in Italian and English, the bundled paper
against its hand-annotated gold claims, user-added patterns, and the claims.csv rows."""

from __future__ import annotations

import math
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from spacy.tokens import Span
from stage_process import run_stage
from testdata import gold

from extract.claims import CLAIM_COLUMNS, claims_pipeline, extract_claims
from extract.cli import main
from extract.records import Record, read_records, write_records
from extract.sentences import sentence_pipeline, split_texts

GOLD_TEXT = gold("isatuximab-2022")
GOLD_CLAIMS = GOLD_TEXT / "claims.csv"
SCORED_KINDS = ["percent", "duration", "hr", "p_value"]


@cache
def pipeline(lang: str):
    return claims_pipeline(lang)


def claims_of(text: str, lang: str) -> list[Span]:
    doc = pipeline(lang)(text)
    return list(doc.spans["claims"])


def readings(text: str, lang: str) -> list[tuple]:
    """(kind, value, low, high, unit, comparator) of each claim, rounded for comparison."""
    def rounded(number):
        return None if number is None else round(number, 4)

    return [
        (c._.kind, rounded(c._.value), rounded(c._.low), rounded(c._.high), c._.unit,
         c._.comparator)
        for c in claims_of(text, lang)
    ]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # An estimate followed by its CI in brackets, with or without a CI label.
        ("La PFS mediana è stata di 11,5 mesi (95% CI: 8,9-13,9) con IsaPd.", "it",
         [("duration", 11.5, 8.9, 13.9, "months", "=")]),
        ("Median PFS was 11.5 months (95% CI: 8.9-13.9) with IsaPd.", "en",
         [("duration", 11.5, 8.9, 13.9, "months", "=")]),
        ("rispetto a 6,5 mesi (4,5-8,3) nel braccio Pd", "it",
         [("duration", 6.5, 4.5, 8.3, "months", "=")]),
        ("versus 6.5 months (4.5-8.3) in the Pd arm", "en",
         [("duration", 6.5, 4.5, 8.3, "months", "=")]),
        # A hazard ratio with its CI, then a p-value.
        ("(HR: 0,596; 95% CI: 0,44-0,81; p=0,001)", "it",
         [("hr", 0.596, 0.44, 0.81, "", "="), ("p_value", 0.001, None, None, "", "=")]),
        ("(HR 0.596; 95% CI 0.44-0.81; P<0.001)", "en",
         [("hr", 0.596, 0.44, 0.81, "", "="), ("p_value", 0.001, None, None, "", "<")]),
        ("(hazard ratio, 0.60; 95% CI, 0.43 to 0.82; P = .001)", "en",
         [("hr", 0.6, 0.43, 0.82, "", "="), ("p_value", 0.001, None, None, "", "=")]),
        # IC 95%: the Italian label after the level.
        ("(HR 0,53; IC 95% 0,150-1,878)", "it", [("hr", 0.53, 0.15, 1.878, "", "=")]),
        ("(HR 0.53; CI 95% 0.150-1.878)", "en", [("hr", 0.53, 0.15, 1.878, "", "=")]),
        # A unit shared by a list: one claim per value.
        ("11,4 vs 5,6 mesi", "it",
         [("duration", 11.4, None, None, "months", "="), ("duration", 5.6, None, None, "months",
                                                           "=")]),
        ("11.4 vs 5.6 months", "en",
         [("duration", 11.4, None, None, "months", "="), ("duration", 5.6, None, None, "months",
                                                           "=")]),
        ("(75,0 e 64,7%, rispettivamente)", "it",
         [("percent", 75.0, None, None, "%", "="), ("percent", 64.7, None, None, "%", "=")]),
        ("(75.0 and 64.7%, respectively)", "en",
         [("percent", 75.0, None, None, "%", "="), ("percent", 64.7, None, None, "%", "=")]),
        # Comparator words on both ends of a span of percentages.
        ("ha indotto incremento da meno del 40% a oltre l’80% dell’ADCC", "it",
         [("percent", 40.0, None, None, "%", "<"), ("percent", 80.0, None, None, "%", ">")]),
        ("increased ADCC from less than 40% to more than 80%", "en",
         [("percent", 40.0, None, None, "%", "<"), ("percent", 80.0, None, None, "%", ">")]),
        # 10⁻⁵ with its superscript lost reads 10-5: low above high is not a range.
        ("una negatività MRD a 10-5 del 5,2% per IsaPd", "it",
         [("percent", 5.2, None, None, "%", "=")]),
        ("MRD negativity at 10-5 in 5.2% of IsaPd patients", "en",
         [("percent", 5.2, None, None, "%", "=")]),
        # The 95 of a confidence level is never a percent claim.
        ("[HR 95%, CI 0,31 (0,25-0,40)]", "it", [("hr", 0.31, 0.25, 0.4, "", "=")]),
        ("[HR 95%, CI 0.31 (0.25-0.40)]", "en", [("hr", 0.31, 0.25, 0.4, "", "=")]),
        ("con un intervallo di confidenza al 95%", "it", []),
        ("with a 95% confidence interval", "en", []),
        # Identifiers with digits are never claims.
        ("CD38, MOLP-8, t(4;14), gain(1q21), TAK-079, SAR650984, IgG1, CD4+, p53, del17p", "it",
         []),
        ("the CD38 antibodies TAK-079 and SAR650984 in MOLP-8 cells with t(4;14)", "en", []),
        # Figure and table numbers are not claims.
        ("come mostrato (figura 4) e in tabella 1", "it", []),
        ("as shown in Figure 4 and Table 1", "en", []),
        # A labelled range.
        ("un numero mediano di tre linee (range 2-11)", "it",
         [("count", 3.0, None, None, "", "="), ("range", None, 2.0, 11.0, "", "=")]),
        ("a median of three lines (range 2-11)", "en",
         [("count", 3.0, None, None, "", "="), ("range", None, 2.0, 11.0, "", "=")]),
        # A measurement with a compound unit and a comparator.
        ("insufficienza renale (eGFR <60 mL/min/1,73 m2)", "it",
         [("measurement", 60.0, None, None, "mL/min/1.73 m2", "<")]),
        ("renal impairment (eGFR <60 mL/min/1.73 m2)", "en",
         [("measurement", 60.0, None, None, "mL/min/1.73 m2", "<")]),
        # Counts, fractions, phases, years, ages.
        ("due anticorpi; circa un terzo dei pazienti; studio di fase 3", "it",
         [("count", 2.0, None, None, "", "="), ("fraction", 0.3333, None, None, "", "~"),
          ("phase", 3.0, None, None, "", "=")]),
        ("two antibodies; approximately one third of patients; a phase III trial", "en",
         [("count", 2.0, None, None, "", "="), ("fraction", 0.3333, None, None, "", "~"),
          ("phase", 3.0, None, None, "", "=")]),
        ("Negli anni ‘70, nel 1980, in pazienti di 65-74 anni (n=154)", "it",
         [("year", 1970.0, None, None, "", "="), ("year", 1980.0, None, None, "", "="),
          ("range", None, 65.0, 74.0, "years", "="), ("count", 154.0, None, None, "", "=")]),
        ("In the 1970s, in 1980, in patients aged 65-74 years (n=154)", "en",
         [("year", 1970.0, None, None, "", "="), ("year", 1980.0, None, None, "", "="),
          ("range", None, 65.0, 74.0, "years", "="), ("count", 154.0, None, None, "", "=")]),
        ("in presenza di opportuno pH (circa 5,5)", "it",
         [("measurement", 5.5, None, None, "pH", "~")]),
        ("at a suitable pH (about 5.5)", "en", [("measurement", 5.5, None, None, "pH", "~")]),
    ],
)
def test_hard_cases(text: str, lang: str, expected: list[tuple]) -> None:
    assert readings(text, lang) == expected


@pytest.mark.parametrize(("lang", "text"), [
    ("es", "La mortalidad fue del 24,3% frente al 16,1‰."),
    ("fr", "La mortalité était de 24,3 % contre 16,1‰."),
    ("de", "Die Mortalität betrug 24,3 % gegenüber 16,1‰."),
    ("pt", "A mortalidade foi de 24,3% contra 16,1‰."),
])
def test_every_language_reads_its_percentages(lang: str, text: str) -> None:
    """Whatever the language's own tokenizer does with `24,3%` (spaCy's Spanish keeps it one
    token), the claim tokenizer splits the sign off the number."""
    assert [(kind, value) for kind, value, *_ in readings(text, lang)][:1] == [("percent", 24.3)]


def test_tokenizer_splits_numbers_from_signs() -> None:
    doc = pipeline("it")("HR: 0,596; 95% CI: 0,44-0,81; p=0,001 (n=55)")
    words = [token.text for token in doc]
    assert words == ["HR", ":", "0,596", ";", "95% CI", ":", "0,44", "-", "0,81", ";", "p", "=",
                     "0,001", "(", "n", "=", "55", ")"]


def test_claim_context_and_endpoint() -> None:
    """Endpoint, statistic, arms and trial of each claim (extract.attributes), and `context`
    joining them; the field vocabulary (oncology) names PFS."""
    sentence = ("La PFS mediana nello studio ALFA-1 è stata di 11,5 mesi (95% CI: 8,9-13,9) per "
                "il braccio AbCd rispetto a 6,5 mesi (4,5-8,3) nel braccio Cd (HR: 0,596; 95% CI: "
                "0,44-0,81; p=0,001).")
    doc = claims_pipeline("it", fields=["oncology"])(sentence)
    claims = list(doc.spans["claims"])
    assert [c._.endpoint for c in claims] == ["PFS"] * 4
    assert [c._.statistic for c in claims] == ["median", "median", "hazard ratio", "p-value"]
    assert [(c._.arm, c._.versus) for c in claims] == [("AbCd", ""), ("Cd", ""), ("AbCd", "Cd"),
                                                       ("AbCd", "Cd")]
    assert [c._.context for c in claims] == ["ALFA-1;AbCd", "ALFA-1;Cd", "ALFA-1;AbCd;Cd",
                                             "ALFA-1;AbCd;Cd"]
    assert [c._.endpoint for c in claims_of("con il 31,8% di VGPR", "it")] == [""]
    oncology = claims_pipeline("it", fields=["oncology"])("con il 31,8% di VGPR")
    assert [c._.endpoint for c in oncology.spans["claims"]] == ["VGPR"]


def test_number_before_a_removed_superscript_is_not_read() -> None:
    """A removed superscript right after digits (10⁻⁵ printed as 10 + superscript) leaves
    digits that are not the printed number: no claim is read from them."""
    nlp = pipeline("it")
    text = "una soglia di 10 cellule"
    plain = nlp(text)
    assert [c._.value for c in plain.spans["claims"]] == [10.0]
    marked = nlp.make_doc(text)
    marked._.marks = (text.index("10") + 2,)
    assert list(nlp(marked).spans["claims"]) == []


BLOCK_COLUMNS = ["page", "role", "lang", "text", "marks"]


def blocks_records(rows: list[tuple[int, str, str, str, str]]) -> list[Record]:
    """Rows of blocks.csv as the stage reads them: every cell a string."""
    return [dict(zip(BLOCK_COLUMNS, map(str, row), strict=True)) for row in rows]


def test_extract_claims_rows() -> None:
    blocks = blocks_records([
        (1, "title", "it", "Studio di fase 3 su 200 pazienti", ""),
        (1, "abstract", "it", "Il 60,4% ha risposto. La PFS era di 11,5 mesi.", ""),
        (2, "heading", "it", "Risultati in 2 bracci", ""),
        (2, "body", "it", "La risposta era del 30% (figura 4) e HR 0,6.", "44:12"),
        (2, "table", "it", "ORR 60,4%", ""),
        (3, "caption", "it", "Figura 2. PFS a 12 mesi.", ""),
        (3, "footnote", "it", "Dati al 2020.", ""),
        (1, "abstract", "en", "60.4% responded.", ""),
        (1, "abstract", "de", "60,4% sprachen an.", ""),
    ])
    claims = extract_claims(blocks, ["it", "en"])
    assert all(list(claim) == CLAIM_COLUMNS for claim in claims)
    assert [claim["claim"] for claim in claims] == list(range(len(claims)))
    assert [[c["lang"], c["section"], c["page"], c["kind"], c["value"]] for c in claims] == [
        ["it", "abstract", "1", "percent", 60.4],
        ["it", "abstract", "1", "duration", 11.5],
        ["it", "body", "2", "count", 2.0],
        ["it", "body", "2", "percent", 30.0],
        ["it", "body", "2", "hr", 0.6],
        ["it", "caption", "3", "duration", 12.0],
        ["it", "footnote", "3", "year", 2020.0],
        ["en", "abstract", "1", "percent", 60.4],
    ]
    assert claims[1]["sentence"] == "La PFS era di 11,5 mesi."
    assert (claims[0]["low"], claims[0]["high"], claims[0]["unit"]) == (None, None, "%")


def test_extract_claims_reads_marks_per_sentence() -> None:
    """Block marks are offsets in the block text; they reach the right sentence."""
    text = "Il 60,4% ha risposto. La soglia era di 10 cellule."
    mark = text.index("10 cellule") + 2
    blocks = blocks_records([(1, "body", "it", text, f"{mark}:5"), (1, "body", "it", text, "")])
    claims = extract_claims(blocks, ["it"])
    assert [[c["kind"], c["value"]] for c in claims] == [
        ["percent", 60.4], ["percent", 60.4], ["count", 10.0]
    ]


def test_claims_stage_writes_claims_csv(tmp_path: Path) -> None:
    blocks = blocks_records([(1, "abstract", "it", "Il 60,4% ha risposto (p<0,05).", ""),
                             (1, "abstract", "it", "", "")])  # a block without text is skipped
    write_records(tmp_path / "blocks.csv", BLOCK_COLUMNS, blocks)
    assert main(["claims", "--inputs", str(tmp_path / "blocks.csv"),
                 "--outputs", str(tmp_path / "claims.csv"), "--languages", "it", "en"]) == 0
    written = (tmp_path / "claims.csv").read_text(encoding="utf-8")
    # Text cells keep the paper's decimal commas (quoted), numbers are dot-decimal, and a
    # bound the sentence does not state is an empty cell.
    assert written.splitlines() == [
        ",".join(CLAIM_COLUMNS),
        '0,it,abstract,1,"Il 60,4% ha risposto (p<0,05).","60,4%",percent,60.4,,,%,=,,,rate,,,,',
        '1,it,abstract,1,"Il 60,4% ha risposto (p<0,05).","p<0,05",p_value,0.05,,,,<,,,p-value,,,,',
    ]


def test_claims_stage_does_not_import_pandas(tmp_path: Path) -> None:
    """pandas' import alone costs more than the stage's work on a short paper."""
    blocks = blocks_records([(1, "abstract", "it", "Il 60,4% ha risposto.", "")])
    write_records(tmp_path / "blocks.csv", BLOCK_COLUMNS, blocks)
    assert run_stage(["claims", "--inputs", str(tmp_path / "blocks.csv"), "--outputs",
                      str(tmp_path / "claims.csv"), "--languages", "it"]) == (0, {"spacy"})
    assert len(read_records(tmp_path / "claims.csv")) == 1


def test_claims_tokenizer_keeps_the_language_rules() -> None:
    """The claim tokenizer is the language's own (special cases, URLs) plus the number rules."""
    words = [token.text for token in pipeline("en").make_doc(
        "See e.g. https://example.org/x=1 where n=55 and p<0.05 in the 1970s only")]
    assert words == ["See", "e.g.", "https://example.org/x=1", "where", "n", "=", "55", "and",
                     "p", "<", "0.05", "in", "the", "1970", "s", "only"]


def test_word_number_claims_in_a_sentence_without_digits() -> None:
    """A sentence without a marked number still gives the claims of the word-list patterns."""
    assert readings("A phase III trial confirmed it.", "en") == [
        ("phase", 3.0, None, None, "", "=")]
    assert readings("Pazienti con più di una linea di terapia.", "it") == [
        ("count", 1.0, None, None, "", ">")]
    assert readings("Nessun numero in questa frase.", "it") == []


def test_shared_vocabulary_gives_the_same_claims() -> None:
    """The claims stage shares the sentence pipeline's vocabulary with the claim pipeline."""
    sentences = split_texts([(GOLD_TEXT / "text.it.md").read_text(encoding="utf-8")], "it")[0]
    shared = claims_pipeline("it", vocab=sentence_pipeline("it").vocab)
    assert shared.vocab is sentence_pipeline("it").vocab
    found = [[(c.text, c._.kind, c._.value) for c in doc.spans["claims"]]
             for doc in shared.pipe(sentences)]
    assert found == [[(c.text, c._.kind, c._.value) for c in claims_of(s, "it")]
                     for s in sentences]
    assert sum(map(len, found)) > 50


def test_user_pattern_file_adds_a_claim_kind(tmp_path: Path) -> None:
    """A pattern file dropped into a folder named in the config adds a kind, no code change."""
    text = "Il NNT è stato 12 (IC 95% 8-20)."
    assert [kind for kind, *_ in readings(text, "it")] == ["estimate"]  # an unnamed estimate
    (tmp_path / "nnt.jsonl").write_text(
        '{"id": "nnt", "kind": "nnt", "roles": ["value", "low", "high"], '
        '"pattern": [{"ORTH": "NNT"}, {"LOWER": "è", "OP": "?"}, '
        '{"LOWER": "stato", "OP": "?"}, "@NUM", "@OPEN", "@CI", "@NUM", "@TO", "@NUM", '
        '"@CLOSE"]}\n',
        encoding="utf-8",
    )
    doc = claims_pipeline("it", [tmp_path])(text)
    claims = list(doc.spans["claims"])
    assert [(c._.kind, c._.value, c._.low, c._.high) for c in claims] == [("nnt", 12, 8, 20)]
    assert claims[0].text == "NNT è stato 12 (IC 95% 8-20)"


def test_bad_pattern_names_its_file(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text('{"kind": "x", "pattern": ["@NOPE"]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:1.*@NOPE"):
        claims_pipeline("it", [tmp_path])


def gold_blocks() -> list[Record]:
    """The annotated part of the bundled paper as blocks: both abstracts, and the body from the
    heading `Unmet medical need...` to its end."""
    rows = [
        (1, "abstract", lang, line, "")
        for lang in ("it", "en")
        for line in (GOLD_TEXT / f"abstract.{lang}.txt").read_text(encoding="utf-8").splitlines()
    ]
    body = (GOLD_TEXT / "text.it.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(body) if line.startswith("## Unmet medical need"))
    for line in body[start:]:
        if line.strip():
            role = "heading" if line.startswith("## ") else "body"
            rows.append((2, role, "it", line.removeprefix("## "), ""))
    return blocks_records(rows)


def _number(cell: object) -> float | None:
    """A claim's number: a float of extract_claims, or a gold CSV cell ("" for none)."""
    return None if cell is None or cell == "" else float(cell)


def _key(row: dict) -> tuple:
    value = _number(row["value"])
    return (row["lang"], row["kind"], None if value is None else round(value, 4))


def _matches(gold: dict, found: dict) -> bool:
    """Same kind, value and language, and the same interval where the gold gives one."""
    if _key(gold) != _key(found):
        return False
    return all(
        _number(gold[bound]) is None
        or (_number(found[bound]) is not None
            and math.isclose(_number(gold[bound]), _number(found[bound]), abs_tol=1e-6))
        for bound in ("low", "high")
    )


def score(gold: list[dict], found: list[dict]) -> dict[str, tuple[int, int, int]]:
    """(matched, found, gold) per kind and overall ("all"), each gold claim matched once."""
    unmatched = list(gold)
    matched: Counter[str] = Counter()
    for claim in found:
        for position, candidate in enumerate(unmatched):
            if _matches(candidate, claim):
                matched[claim["kind"]] += 1
                del unmatched[position]
                break
    found_kinds = Counter(claim["kind"] for claim in found)
    gold_kinds = Counter(claim["kind"] for claim in gold)
    counts = {kind: (matched[kind], found_kinds[kind], gold_kinds[kind])
              for kind in found_kinds | gold_kinds}
    counts["all"] = (sum(matched.values()), len(found), len(gold))
    return counts


def test_gold_claims_of_the_bundled_paper() -> None:
    gold = read_records(GOLD_CLAIMS)
    found = extract_claims(gold_blocks(), ["it", "en"])
    counts = score(gold, found)
    report = {kind: (m / f if f else 1.0, m / g if g else 1.0) for kind, (m, f, g) in
              counts.items()}
    print("precision, recall per kind:", report)
    for kind in ["all", *SCORED_KINDS]:
        precision, recall = report[kind]
        assert precision >= 0.95 and recall >= 0.95, (kind, counts[kind])
