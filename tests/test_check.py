"""Checks (extract.check) on the bundled paper: the unaltered paper gives only its two real
discrepancies, and altering a claim, a table cell, an English number or a curated value makes
the right check fail with a message that says what and where."""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

import pytest
import yaml
from stage_process import run_stage

from extract.check import (
    CHECK_COLUMNS,
    grim_consistent,
    load_curated,
    p_altman_bland,
    p_from_ci,
    run_checks,
    validate_curated,
)
from extract.cli import main as cli
from extract.records import Record, read_records

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "resources" / "papers" / "isatuximab-2022" / "source.pdf"
CURATED = ROOT / "resources" / "curated" / "isatuximab-2022.yaml"
LANGUAGES = ["it", "en"]
# The paper's two discrepancies with the primary publications (see the closing note of issue 6).
REAL_FAILURES = {
    "curated:castor-median-pfs-40-mo-update-dvd-lenalidomide-refractory-n-60",
    "curated:optimismm-patients-randomised-pvd-itt",
    # the summary's "significant in all subgroups" (both languages) against subgroup HRs whose
    # CI includes 1
    "wording:it:abstract:19",
    "wording:en:abstract:20",
}
CLAIM_COLUMNS = ["claim", "lang", "section", "page", "sentence", "span", "kind", "value", "low",
                 "high", "unit", "comparator", "endpoint", "context"]


@pytest.fixture(scope="module")
def stage_outputs(tmp_path_factory) -> Path:
    """The folder of the workflow's stage outputs for the bundled paper, up to the claims."""
    out = tmp_path_factory.mktemp("isatuximab-2022")
    langs = ["--languages", *LANGUAGES]
    steps = [
        ["parse", "--inputs", str(PDF), "--outputs", str(out / "layout.json")],
        ["blocks", "--inputs", str(out / "layout.json"), "--outputs", str(out / "blocks.csv")],
        *[["text", "--lang", lang, "--inputs", str(out / "blocks.csv"),
           "--outputs", str(out / f"text.{lang}.md")] for lang in LANGUAGES],
        ["sentences", "--inputs", *[str(out / f"abstract.{lang}.txt") for lang in LANGUAGES],
         "--outputs", str(out / "sentences.csv")],
        ["align", "--inputs", str(out / "sentences.csv"), "--outputs", str(out / "alignment.csv")],
        ["locate-table", "--label", "Tabella 1", "--inputs", str(out / "layout.json"),
         "--outputs", str(out / "table.json")],
        ["table", "--inputs", str(out / "table.json"), str(out / "blocks.csv"),
         "--outputs", str(out / "table.csv"), str(out / "table_long.csv")],
        ["claims", "--vocabularies", "oncology", "--inputs", str(out / "blocks.csv"),
         "--outputs", str(out / "claims.csv")],
    ]
    for step in steps:
        assert cli([*step, *langs]) == 0, step
    return out


@pytest.fixture(scope="module")
def paper(stage_outputs) -> dict:
    """The stage outputs of the bundled paper, read as the check stage reads them."""
    return {
        "claims": read_records(stage_outputs / "claims.csv"),
        "alignment": read_records(stage_outputs / "alignment.csv"),
        "sentences": read_records(stage_outputs / "sentences.csv"),
        "table_long": read_records(stage_outputs / "table_long.csv"),
        "table": read_records(stage_outputs / "table.csv"),
        "curated": load_curated(CURATED),
        "languages": LANGUAGES,
    }


@pytest.fixture(scope="module")
def checks(paper) -> list[Record]:
    return run_checks(**paper)


def altered(paper: dict, **changes) -> list[Record]:
    inputs = copy.deepcopy(paper)
    for name, change in changes.items():
        change(inputs[name])
    return run_checks(**inputs)


def row(checks: list[Record], check: str) -> Record:
    found = [r for r in checks if r["check"] == check]
    assert len(found) == 1, f"{check}: {len(found)} rows"
    return found[0]


def of_kind(checks: list[Record], kind: str, status: str | None = None) -> list[Record]:
    return [r for r in checks if r["kind"] == kind and status in (None, r["status"])]


def claim_at(claims: list[Record], span_start: str) -> Record:
    """The first claim whose span starts with `span_start`."""
    found = [claim for claim in claims if claim["span"].startswith(span_start)]
    assert found, span_start
    return found[0]


def claim_rows(*rows: list[object]) -> list[Record]:
    """claims.csv rows, as the check stage reads them, from lists of CLAIM_COLUMNS values."""
    return [{column: "" if value is None else str(value)
             for column, value in zip(CLAIM_COLUMNS, values, strict=True)} for values in rows]


# ---------------------------------------------------------------------------------------------
# the unaltered paper


def test_every_check_kind_runs_on_the_paper(checks):
    assert all(list(r) == CHECK_COLUMNS for r in checks)
    # The paper reports no test statistics, correlations, means with SDs or divided wholes.
    assert {r["kind"] for r in checks} == {"curated", "cross_language", "interval", "p_from_ci",
                                           "text_table", "grim", "log_symmetry",
                                           "wording"}
    assert {r["status"] for r in checks} <= {"pass", "fail", "warn", "missing"}
    assert len({r["check"] for r in checks}) == len(checks)


def test_only_the_real_discrepancies_fail(checks):
    failing = {r["check"] for r in checks if r["status"] in ("fail", "warn")}
    assert failing == REAL_FAILURES


def test_the_check_stage_writes_checks_csv_without_pandas(stage_outputs, checks, tmp_path):
    """The stage as the workflow runs it: its own process, which imports neither pandas nor
    jsonschema (a valid curated file needs only the compiled schema)."""
    out = tmp_path / "checks.csv"
    args = ["check", "--paper", "isatuximab-2022", "--languages", *LANGUAGES,
            "--curated", str(CURATED), "--inputs",
            *[str(stage_outputs / name) for name in ("claims.csv", "alignment.csv",
                                                      "sentences.csv", "table.csv",
                                                      "table_long.csv")],
            "--outputs", str(out)]
    assert run_stage(args) == (0, set())
    assert read_records(out) == checks
    assert out.read_text(encoding="utf-8").startswith(",".join(CHECK_COLUMNS) + "\n")


def test_the_real_discrepancies_say_what_and_where(checks):
    castor = row(checks, "curated:castor-median-pfs-40-mo-update-dvd-lenalidomide-refractory-n-60")
    assert castor["expected"] == "7.8 months"
    assert "9,3*" in castor["message"] and "CASTOR19 Dara-Bort-Dex" in castor["message"]
    optimismm = row(checks, "curated:optimismm-patients-randomised-pvd-itt")
    assert "expected 281" in optimismm["message"] and "n=282" in optimismm["message"]


def test_values_the_paper_states_pass(checks):
    for check in ["curated:icaria-median-pfs-irc-isapd-itt",
                  "curated:icaria-pfs-hazard-ratio-isapd-vs-pd-isapd-vs-pd-itt",
                  "curated:icaria-patients-randomised-isapd-itt",
                  "curated:castor-pfs-hazard-ratio-40-mo-update-dvd-vs-vd-itt"]:
        assert row(checks, check)["status"] == "pass", check
    # A value of an arm the paper never reports is missing, not failed.
    assert row(checks, "curated:icaria-overall-response-rate-pd-itt")["status"] == "missing"


def test_statistics_of_the_paper_agree(checks):
    p_check = of_kind(checks, "p_from_ci")[0]
    assert p_check["status"] == "pass" and "p=0,001" in p_check["message"]
    assert all(r["status"] == "pass" for r in checks
               if r["kind"] in ("interval", "grim", "cross_language", "text_table"))
    statuses = Counter(r["status"] for r in checks)
    assert statuses["fail"] + statuses["warn"] == len(REAL_FAILURES) and statuses["pass"] > 50


# ---------------------------------------------------------------------------------------------
# altered inputs


def test_an_altered_claim_fails_its_curated_value_interval_and_p(paper):
    def change(claims):
        claim_at(claims, "HR: 0,596").update(value="0.9", span="HR: 0,9; 95% CI: 0,44-0,81")

    checks = altered(paper, claims=change)
    ref = claim_at(paper["claims"], "HR: 0,596")["claim"]
    interval = row(checks, f"interval:{ref}")
    assert interval["status"] == "fail"
    assert "should lie inside its interval 0.44-0.81" in interval["message"]
    assert "page 5" in interval["message"]
    curated = row(checks, "curated:icaria-pfs-hazard-ratio-isapd-vs-pd-isapd-vs-pd-itt")
    assert curated["status"] == "fail" and "HR: 0,9" in curated["message"]
    p_check = row(checks, f"p_from_ci:{ref}")
    assert p_check["status"] == "fail" and "reports p=0,001" in p_check["message"]


def test_an_altered_table_cell_fails_text_table_and_grim(paper):
    def change(table_long):
        for cell in table_long:
            if cell["column"].startswith("ICARIA") and cell["row"].startswith("PFS mediana"):
                cell.update(raw="12,4", value="12.4")
            if cell["column"].startswith("ICARIA") and cell["row"] == "Len (%)":
                cell.update(raw="93,6", value="93.6")

    checks = altered(paper, table_long=change)
    text_table = [r for r in of_kind(checks, "text_table") if "PFS" in r["check"]]
    assert [r["status"] for r in text_table] == ["fail"]
    assert "is 12,4, but the text says 11,4" in text_table[0]["message"]
    grim = row(checks, "grim:[Len (%) | ICARIA47 Isa-Pom-Dex (n=154)]")
    assert grim["status"] == "fail"
    assert "144/154 = 93.5%" in grim["message"] and "145/154" in grim["message"]


def test_an_altered_english_number_fails_cross_language(paper):
    def change(alignment):
        pair = next(p for p in alignment if "two anti-CD38" in p["tgt_text"])
        pair["tgt_text"] = pair["tgt_text"].replace("two", "three")

    checks = altered(paper, alignment=change)
    failed = of_kind(checks, "cross_language", "fail")
    assert len(failed) == 1
    message = failed[0]["message"]
    assert "only the it sentence" in message and "has 2" in message and "has 3" in message


def test_an_unaligned_sentence_with_numbers_warns(paper):
    def change(alignment):
        next(p for p in alignment if "two anti-CD38" in p["tgt_text"]).update(src_text="",
                                                                               type="0-1")

    checks = altered(paper, alignment=change)
    warned = of_kind(checks, "cross_language", "warn")
    assert len(warned) == 1 and "no aligned sentence" in warned[0]["message"]


def test_an_altered_curated_value_fails_or_warns_by_confidence(paper):
    def change(curated):
        for value in curated["values"]:
            if value["id"] == "icaria-overall-response-rate-isapd-itt":
                value["value"] = 62.4  # verified
            if value["id"] == "icaria-median-pfs-isapd-egfr-lt-60-n-55":
                value["value"] = 10.5  # recalled

    checks = altered(paper, curated=change)
    verified = row(checks, "curated:icaria-overall-response-rate-isapd-itt")
    assert verified["status"] == "fail"
    assert "expected 62.4 %" in verified["message"] and "60,4%" in verified["message"]
    assert "page 5" in verified["message"]
    recalled = row(checks, "curated:icaria-median-pfs-isapd-egfr-lt-60-n-55")
    assert recalled["status"] == "warn" and "9,5 mesi" in recalled["message"]


# ---------------------------------------------------------------------------------------------
# the pieces


def test_p_from_ci_exact_and_altman_bland():
    assert p_from_ci(0.596, 0.44, 0.81) == pytest.approx(0.00089, abs=0.00002)
    assert p_altman_bland(0.596, 0.44, 0.81) == pytest.approx(p_from_ci(0.596, 0.44, 0.81),
                                                              rel=0.1)
    # A 99% interval is wider for the same standard error: the same bounds mean a smaller p.
    assert p_from_ci(0.596, 0.44, 0.81, 99.0) < p_from_ci(0.596, 0.44, 0.81)


def test_p_threshold_and_rounding():
    claims = claim_rows(
        [0, "en", "body", 3, "HR 0.60 (95% CI 0.43-0.82), p<0.05.", "HR 0.60 (95% CI 0.43-0.82)",
         "hr", 0.6, 0.43, 0.82, "", "=", "HR", ""],
        [1, "en", "body", 3, "HR 0.60 (95% CI 0.43-0.82), p<0.05.", "p<0.05", "p_value", 0.05,
         None, None, "", "<", "HR", ""],
        [2, "en", "body", 3, "HR 0.76 (95% CI 0.30-1.92), p=0.01.", "HR 0.76 (95% CI 0.30-1.92)",
         "hr", 0.76, 0.3, 1.92, "", "=", "HR", ""],
        [3, "en", "body", 3, "HR 0.76 (95% CI 0.30-1.92), p=0.01.", "p=0.01", "p_value", 0.01,
         None, None, "", "=", "HR", ""],
    )
    checks = run_checks(claims, None, None, None, None, None, ["en", "it"])
    statuses = {r["check"]: r["status"] for r in of_kind(checks, "p_from_ci")}
    assert statuses == {"p_from_ci:0": "pass", "p_from_ci:2": "fail"}


def test_grim_on_a_sentence():
    assert grim_consistent(71.9, 32, 0.05)  # 23/32 = 71.875
    assert not grim_consistent(72.0, 32, 0.05)  # 71.875 or 75.000
    claims = claim_rows(
        [0, "it", "body", 6, "Risposta nel 72,0% dei pazienti (n=32).", "72,0%", "percent", 72.0,
         None, None, "%", "=", "", ""],
        [1, "it", "body", 6, "Risposta nel 72,0% dei pazienti (n=32).", "n=32", "count", 32.0,
         None, None, "", "=", "", ""],
    )
    grim = of_kind(run_checks(claims, None, None, None, None, None, ["it", "en"]), "grim")[0]
    assert grim["status"] == "fail"
    assert "23/32 = 71.9%" in grim["message"] and "page 6" in grim["message"]


def test_a_bad_curated_file_names_the_key(tmp_path):
    data = yaml.safe_load(CURATED.read_text(encoding="utf-8"))
    del data["values"][3]["where"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ValueError, match=r"values/3: 'where' is a required property"):
        load_curated(bad)
    data = yaml.safe_load(CURATED.read_text(encoding="utf-8"))
    data["values"][0]["confidence"] = "guessed"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ValueError, match=r"values/0/confidence"):
        load_curated(bad)


@pytest.mark.parametrize(("change", "message"), [
    (lambda data: data["values"][0].update(rel_tolerance=0.1),
     r"values/0: .*is valid under each of"),
    (lambda data: data["values"][1].update(value=True), r"values/1/value: True is not of type"),
    (lambda data: data["values"][2].update(colour="red"), r"values/2: .*'colour' was unexpected"),
    (lambda data: data["values"][2]["where"].append([]), r"values/2/where/\d+: \[\] should be"),
    (lambda data: data["values"][5].update(id="Bad Id"), r"values/5/id: 'Bad Id' does not match"),
    (lambda data: data["values"][5].update(id=data["values"][4]["id"]),
     r"values: duplicate id 'icaria"),
    (lambda data: data.pop("values"), r"\(top level\): 'values' is a required property"),
])
def test_every_break_of_the_curated_schema_is_named(change, message):
    data = yaml.safe_load(CURATED.read_text(encoding="utf-8"))
    assert validate_curated(copy.deepcopy(data), "curated.yaml") == data
    change(data)
    with pytest.raises(ValueError, match=f"^curated.yaml: {message}"):
        validate_curated(data, "curated.yaml")
