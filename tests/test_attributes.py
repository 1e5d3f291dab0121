"""What each claim is about (extract.attributes): the paper's own names learned from its text,
the rules on small sentences in each language, and two papers' claims against a hand
annotation (tests/data/attributes/claims.*.csv, written by reading the articles)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from extract.attributes import ATTRIBUTES, CLAIMS_DIR, learn_names
from extract.claims import claims_pipeline, extract_claims
from extract.records import Record, read_records

DATA = Path(__file__).parent / "data" / "attributes"
BUNDLED = Path(__file__).parent / "data" / "isatuximab-2022"  # the bundled article's gold text
SRC = Path(__file__).resolve().parents[1] / "src" / "extract"


def bundled_blocks() -> list[Record]:
    """The bundled article's annotated part as blocks: both abstracts, and the body from the
    heading `Unmet medical need...` to its end (the text before it has few numbers)."""
    rows = [{"page": "1", "role": "abstract", "lang": lang, "text": line, "marks": ""}
            for lang in ("it", "en")
            for line in (BUNDLED / f"abstract.{lang}.txt").read_text(encoding="utf-8").splitlines()]
    body = (BUNDLED / "text.it.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(body) if line.startswith("## Unmet medical need"))
    for line in body[start:]:
        if line.strip():
            role = "heading" if line.startswith("## ") else "body"
            rows.append({"page": "2", "role": role, "lang": "it",
                         "text": line.removeprefix("## "), "marks": ""})
    return rows


def abstract_blocks(paper: str, languages: list[str]) -> list[Record]:
    return [{"page": "1", "role": "abstract", "lang": lang, "text": line, "marks": ""}
            for lang in languages
            for line in (DATA / f"{paper}.abstract.{lang}.txt").read_text(
                encoding="utf-8").splitlines()]


@cache
def found_claims(paper: str) -> tuple[dict, ...]:
    if paper == "isatuximab-2022":
        return tuple(extract_claims(bundled_blocks(), ["it", "en"], fields=["oncology"]))
    return tuple(extract_claims(abstract_blocks(paper, ["pt", "en"]), ["pt", "en"],
                                fields=["epidemiology"]))


def _key(row: dict) -> tuple:
    value = row["value"]
    value = None if value in ("", None) else round(float(value), 4)
    return row["lang"], row["kind"], value


def agreement(paper: str) -> dict[str, tuple[int, int]]:
    """(equal, annotated) per attribute over the annotated claims the workflow finds, each
    annotated claim matched to the first unmatched found claim of its language, kind, value."""
    gold = read_records(DATA / f"claims.{paper}.csv")
    unmatched = list(found_claims(paper))
    counts = {name: [0, 0] for name in ATTRIBUTES}
    for row in gold:
        match = next((c for c in unmatched if _key(c) == _key(row)), None)
        if match is None:
            continue
        unmatched.remove(match)
        for name in ATTRIBUTES:
            counts[name][1] += 1
            counts[name][0] += (match[name] or "") == row[name]
    return {name: (equal, total) for name, (equal, total) in counts.items()}


@pytest.mark.parametrize("paper", ["isatuximab-2022", "rsp-45-05-0854"])
def test_attributes_agree_with_the_annotation(paper: str) -> None:
    counts = agreement(paper)
    shares = {name: equal / total for name, (equal, total) in counts.items()}
    print(paper, {name: f"{equal}/{total}" for name, (equal, total) in counts.items()})
    assert counts["endpoint"][1] >= 20
    assert shares["endpoint"] >= 0.9
    for name in ("population", "arm", "trial"):
        assert shares[name] >= 0.8, (name, counts[name])
    assert shares["statistic"] >= 0.9


def test_names_are_learned_from_the_text() -> None:
    texts = [(block["lang"], block["text"]) for block in bundled_blocks()]
    names = learn_names(texts, ("oncology",))
    assert {"ICARIA-MM", "IKEMA", "ENDEAVOR", "CASTOR", "OPTIMISMM"} <= names.trials
    assert {"IsaPd", "Pd", "Isa-Kd", "Kd", "DaraVd", "Vd"} <= names.arms
    # single agents and statistics are not arms; a run-in label is not a trial
    assert not {"Dex", "Len", "Pom", "Isa", "HR", "CI", "PFS"} & (names.arms | names.trials)
    assert names.endpoints["mPFS"] == ("PFS", "median")
    assert names.populations["IR"] == "renal impairment"
    labelled = learn_names([("en", "METHODS: A cross-sectional study was carried out.")])
    assert not labelled.trials
    # an abbreviation the paper defines as something else is no trial; one defined as a trial is
    defined = learn_names([("en", "Human immunodeficiency virus (HIV) was common. The HIV study "
                                  "enrolled 300 people. The Evaluation of Mortality trial (REMO) "
                                  "was large, as the REMO study showed.")])
    assert defined.trials == {"REMO"}
    # no arm from a sentence-initial article, a cited author or a person's name, and no
    # population from an abbreviation whose long form only ends in one
    other = learn_names([
        ("en", "The group that was knowledgeable comprised 14 people (11%)."),
        ("en", "Growth was slower in China and Brazil (Xi, 2017), as Xi Jinping said, than in "
               "India (Xu and Liu, 2018)."),
        ("es", "Se calculó el índice de viviendas (IV) en 187 casas."),
    ], ("epidemiology",))
    assert not other.arms and not other.populations and not other.trials


def test_default_data_names_no_trial_arm_or_drug_of_the_bundled_paper() -> None:
    texts = [(block["lang"], block["text"]) for block in bundled_blocks()]
    names = learn_names(texts, ("oncology",))
    own = names.trials | names.arms | {"ICARIA", "isatuximab", "pomalidomide", "lenalidomide",
                                       "daratumumab", "carfilzomib", "bortezomib", "Len"}
    files = [*CLAIMS_DIR.glob("*.yaml"), *(CLAIMS_DIR / "fields").glob("*.yaml"),
             SRC / "attributes.py", SRC / "evidence.py", SRC / "wording.py"]
    for path in files:
        words = set(re.findall(r"[\w+\-]+", path.read_text(encoding="utf-8")))
        assert not own & words, (path.name, own & words)


def attributes(text: str, lang: str, fields: tuple[str, ...] = ("oncology",)) -> list[tuple]:
    doc = claims_pipeline(lang, fields=fields)(text)
    return [(c.text, *(getattr(c._, name) for name in ATTRIBUTES)) for c in doc.spans["claims"]]


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("it", "Nello studio ALFA-1 la PFS mediana è stata di 10,2 mesi nel braccio AbCd rispetto a "
           "6,1 mesi nel braccio Cd (HR: 0,55; 95% CI: 0,40-0,75).",
     [("10,2 mesi", "PFS", "median", "", "AbCd", "", "ALFA-1"),
      ("6,1 mesi", "PFS", "median", "", "Cd", "", "ALFA-1"),
      ("HR: 0,55; 95% CI: 0,40-0,75", "PFS", "hazard ratio", "", "AbCd", "Cd", "ALFA-1")]),
    ("en", "In the BETA trial, median overall survival was 20.1 vs 15.3 months in the XyZ and "
           "Zy arms, respectively, among patients with renal impairment.",
     [("20.1 vs 15.3 months", "OS", "median", "renal impairment", "XyZ", "", "BETA"),
      ("15.3 months", "OS", "median", "renal impairment", "Zy", "", "BETA")]),
    ("pt", "No estudo GAMA, a sobrevida global mediana foi de 12,0 meses no grupo AbC e de "
           "9,0 meses no grupo Bc.",
     [("12,0 meses", "OS", "median", "", "AbC", "", "GAMA"),
      ("9,0 meses", "OS", "median", "", "Bc", "", "GAMA")]),
    ("es", "En el estudio DELTA, la supervivencia libre de progresión mediana fue de 8,5 meses "
           "en los pacientes sin insuficiencia renal.",
     [("8,5 meses", "PFS", "median", "without renal impairment", "", "", "DELTA")]),
    ("fr", "Dans l'essai EPSILON, le taux de réponse global était de 61,0 % chez les patients "
           "réfractaires au Abc.",
     [("61,0 %", "ORR", "rate", "Abc-refractory", "", "", "EPSILON")]),
])
def test_rules_on_small_sentences(lang: str, text: str, expected: list[tuple]) -> None:
    assert attributes(text, lang) == expected


def test_abbreviation_the_paper_defines_is_its_endpoint() -> None:
    """`DR` is no word of the vocabulary: the paper defines it as a duration of response."""
    text = ("La durata della risposta (DR) è stata di 9,0 mesi; la DR nei pazienti anziani era "
            "di 7,0 mesi.")
    assert [(c[0], c[1], c[3]) for c in attributes(text, "it")] == [
        ("9,0 mesi", "DOR", ""), ("7,0 mesi", "DOR", "elderly")]


def test_trial_and_arms_hold_for_the_paragraph_and_heading() -> None:
    def body(text: str) -> Record:
        return {"page": "1", "role": "body", "lang": "en", "marks": "", "text": text}

    blocks = [
        {"page": "1", "role": "heading", "lang": "en", "text": "Results", "marks": ""},
        body("The OMEGA-2 study compared the AbCd arm with the Cd arm. Median PFS was 10.1 "
             "months with AbCd and 6.2 months with Cd. Overall, HR 0.55 (95% CI 0.40-0.75)."),
        body("In frail patients: HR 0.60 (95% CI 0.41-0.88)."),
        {"page": "1", "role": "heading", "lang": "en", "text": "Safety", "marks": ""},
        body("Adverse events occurred in 30% of patients."),
    ]
    rows = extract_claims(blocks, ["en"], fields=["oncology"])
    got = [(r["value"], r["endpoint"], r["population"], r["arm"], r["versus"], r["trial"])
           for r in rows]
    assert got == [
        (10.1, "PFS", "", "AbCd", "", "OMEGA-2"),
        (6.2, "PFS", "", "Cd", "", "OMEGA-2"),
        # a ratio without its endpoint or arms in its sentence: those of its paragraph
        (0.55, "PFS", "", "AbCd", "Cd", "OMEGA-2"),
        # another paragraph under the same heading: only the trial holds
        (0.6, "", "frail", "", "", "OMEGA-2"),
        # under another heading the trial is no longer said
        (30.0, "TEAE", "", "", "", ""),
    ]


def test_unknown_field_vocabulary_is_named() -> None:
    with pytest.raises(ValueError, match="no vocabulary 'astrology'.*oncology"):
        claims_pipeline("en", fields=["astrology"])("Median PFS was 10.1 months.")


@pytest.mark.parametrize(("lang", "text", "expected"), [
    # a share of the people it names: not the people of an item listed before it
    ("it", "Lo studio comprendeva soggetti con insufficienza renale, circa un terzo dei pazienti "
           "aveva ricevuto tre linee.", ""),
    ("en", "In frail patients, 30% of patients responded.", "frail"),
    # a share of people with a quality: the quality is what it measures
    ("it", "Con una quota maggiore di pazienti fragili nel braccio AbCd (31,2%).", ""),
    ("pt", "Foram avaliadas 1.489 puérperas.", "postpartum women"),
])
def test_population_of_a_share(lang: str, text: str, expected: str) -> None:
    fields = ("epidemiology",) if lang == "pt" else ("oncology",)
    assert attributes(text, lang, fields)[0][3] == expected


def test_config_chooses_vocabularies_per_paper_or_corpus() -> None:
    from snakemake.exceptions import WorkflowError
    from snakemake.utils import validate

    schema = str(Path(__file__).resolve().parents[1] / "workflow" / "schemas"
                 / "config.schema.yaml")
    paper = {"pdf": "x.pdf", "languages": ["pt", "en"]}
    validate({"vocabularies": ["epidemiology"],
              "papers": {"a": {**paper, "vocabularies": ["oncology", "my/field.yaml"]}}}, schema)
    with pytest.raises(WorkflowError, match="vocabularies"):
        validate({"papers": {"a": {**paper, "vocabularies": "oncology"}}}, schema)


def test_claims_stage_names_an_unknown_vocabulary(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture) -> None:
    from extract.cli import main
    from extract.records import write_records

    write_records(tmp_path / "blocks.csv", ["page", "role", "lang", "text", "marks"],
                  [{"page": "1", "role": "abstract", "lang": "en", "text": "PFS was 10 months.",
                    "marks": ""}])
    assert main(["claims", "--paper", "p1", "--languages", "en", "--vocabularies", "astrology",
                 "--inputs", str(tmp_path / "blocks.csv"),
                 "--outputs", str(tmp_path / "claims.csv")]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("p1: no vocabulary 'astrology'") and "\n" not in error


def test_a_population_holds_where_the_paragraph_refers_back_to_it() -> None:
    blocks = [{"page": "1", "role": "body", "lang": lang, "marks": "", "text": text}
              for lang, text in [
                  ("en", "Patients with renal impairment were 55. In this subgroup, median PFS "
                         "was 9.5 months. Overall, median PFS was 11.5 months."),
                  ("it", "Erano 55 i pazienti con insufficienza renale. In questo sottogruppo la "
                         "PFS mediana era di 9,5 mesi.")]]
    rows = extract_claims(blocks, ["en", "it"], fields=["oncology"])
    assert [(r["value"], r["population"]) for r in rows if r["kind"] == "duration"] == [
        (9.5, "renal impairment"), (11.5, ""), (9.5, "renal impairment")]
