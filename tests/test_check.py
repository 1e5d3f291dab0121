"""Checks (extract.check) on the bundled paper: the unaltered paper gives only its two real
discrepancies, and altering a claim, a table cell, an English number or a curated value makes
the right check fail with a message that says what and where."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest
import yaml

from extract.check import (
    CHECK_COLUMNS,
    grim_consistent,
    load_curated,
    p_altman_bland,
    p_from_ci,
    run_checks,
    summary_counts,
)
from extract.cli import main as cli

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "resources" / "papers" / "isatuximab-2022" / "source.pdf"
CURATED = ROOT / "resources" / "curated" / "isatuximab-2022.yaml"
LANGUAGES = ["it", "en"]
# The paper's two discrepancies with the primary publications (see the closing note of issue 6).
REAL_FAILURES = {
    "curated:castor-median-pfs-40-mo-update-dvd-lenalidomide-refractory-n-60",
    "curated:optimismm-patients-randomised-pvd-itt",
}


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, na_values=[""], dtype={"raw": str})


@pytest.fixture(scope="module")
def paper(tmp_path_factory) -> dict:
    """The workflow's stage outputs for the bundled paper, read as the check stage reads them."""
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
        ["claims", "--inputs", str(out / "blocks.csv"), "--outputs", str(out / "claims.csv")],
    ]
    for step in steps:
        assert cli([*step, *langs]) == 0, step
    return {
        "claims": read_csv(out / "claims.csv"),
        "alignment": read_csv(out / "alignment.csv"),
        "sentences": read_csv(out / "sentences.csv"),
        "table_long": read_csv(out / "table_long.csv"),
        "table": pd.read_csv(out / "table.csv", dtype=str, keep_default_na=False),
        "curated": load_curated(CURATED),
        "languages": LANGUAGES,
    }


@pytest.fixture(scope="module")
def checks(paper) -> pd.DataFrame:
    return run_checks(**paper)


def altered(paper: dict, **changes) -> pd.DataFrame:
    inputs = {name: (value.copy() if isinstance(value, pd.DataFrame) else copy.deepcopy(value))
              for name, value in paper.items()}
    for name, change in changes.items():
        change(inputs[name])
    return run_checks(**inputs)


def row(checks: pd.DataFrame, check: str) -> pd.Series:
    found = checks[checks["check"] == check]
    assert len(found) == 1, f"{check}: {len(found)} rows"
    return found.iloc[0]


def claim_index(claims: pd.DataFrame, span_start: str) -> int:
    found = claims.index[claims["span"].str.startswith(span_start)]
    assert len(found) >= 1, span_start
    return found[0]


# ---------------------------------------------------------------------------------------------
# the unaltered paper


def test_every_check_kind_runs_on_the_paper(checks):
    assert list(checks.columns) == CHECK_COLUMNS
    assert set(checks["kind"]) == {"curated", "cross_language", "interval", "p_from_ci",
                                   "text_table", "grim"}
    assert set(checks["status"]) <= {"pass", "fail", "warn", "missing"}
    assert checks["check"].is_unique


def test_only_the_real_discrepancies_fail(checks):
    failing = set(checks.loc[checks["status"].isin(["fail", "warn"]), "check"])
    assert failing == REAL_FAILURES


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
    p_check = checks[checks["kind"] == "p_from_ci"].iloc[0]
    assert p_check["status"] == "pass" and "p=0,001" in p_check["message"]
    assert (checks.loc[checks["kind"].isin(["interval", "grim", "cross_language",
                                             "text_table"]), "status"] == "pass").all()
    summary = summary_counts(checks)
    assert summary["fail"] == len(REAL_FAILURES) and summary["pass"] > 50


# ---------------------------------------------------------------------------------------------
# altered inputs


def test_an_altered_claim_fails_its_curated_value_interval_and_p(paper):
    def change(claims):
        at = claim_index(claims, "HR: 0,596")
        claims.loc[at, ["value", "span"]] = [0.9, "HR: 0,9; 95% CI: 0,44-0,81"]

    checks = altered(paper, claims=change)
    at = claim_index(paper["claims"], "HR: 0,596")
    ref = str(paper["claims"].loc[at, "claim"])
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
        cell = (table_long["row"].str.startswith("PFS mediana")
                & table_long["column"].str.startswith("ICARIA"))
        table_long.loc[cell, ["raw", "value"]] = ["12,4", 12.4]
        share = (table_long["row"] == "Len (%)") & table_long["column"].str.startswith("ICARIA")
        table_long.loc[share, ["raw", "value"]] = ["93,6", 93.6]

    checks = altered(paper, table_long=change)
    text_table = checks[(checks["kind"] == "text_table") & checks["check"].str.contains("PFS")]
    assert list(text_table["status"]) == ["fail"]
    assert "is 12,4, but the text says 11,4" in text_table.iloc[0]["message"]
    grim = row(checks, "grim:[Len (%) | ICARIA47 Isa-Pom-Dex (n=154)]")
    assert grim["status"] == "fail"
    assert "144/154 = 93.5%" in grim["message"] and "145/154" in grim["message"]


def test_an_altered_english_number_fails_cross_language(paper):
    def change(alignment):
        at = alignment.index[alignment["tgt_text"].str.contains("two anti-CD38")][0]
        alignment.loc[at, "tgt_text"] = alignment.loc[at, "tgt_text"].replace("two", "three")

    checks = altered(paper, alignment=change)
    failed = checks[(checks["kind"] == "cross_language") & (checks["status"] == "fail")]
    assert len(failed) == 1
    message = failed.iloc[0]["message"]
    assert "only the it sentence" in message and "has 2" in message and "has 3" in message


def test_an_unaligned_sentence_with_numbers_warns(paper):
    def change(alignment):
        at = alignment.index[alignment["tgt_text"].str.contains("two anti-CD38")][0]
        alignment.loc[at, ["src_text", "type"]] = ["", "0-1"]

    checks = altered(paper, alignment=change)
    warned = checks[(checks["kind"] == "cross_language") & (checks["status"] == "warn")]
    assert len(warned) == 1 and "no aligned sentence" in warned.iloc[0]["message"]


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
    claims = pd.DataFrame([
        [0, "en", "body", 3, "HR 0.60 (95% CI 0.43-0.82), p<0.05.", "HR 0.60 (95% CI 0.43-0.82)",
         "hr", 0.6, 0.43, 0.82, "", "=", "HR", ""],
        [1, "en", "body", 3, "HR 0.60 (95% CI 0.43-0.82), p<0.05.", "p<0.05", "p_value", 0.05,
         None, None, "", "<", "HR", ""],
        [2, "en", "body", 3, "HR 0.76 (95% CI 0.30-1.92), p=0.01.", "HR 0.76 (95% CI 0.30-1.92)",
         "hr", 0.76, 0.3, 1.92, "", "=", "HR", ""],
        [3, "en", "body", 3, "HR 0.76 (95% CI 0.30-1.92), p=0.01.", "p=0.01", "p_value", 0.01,
         None, None, "", "=", "HR", ""],
    ], columns=["claim", "lang", "section", "page", "sentence", "span", "kind", "value", "low",
                "high", "unit", "comparator", "endpoint", "context"])
    checks = run_checks(claims, None, None, None, None, None, ["en", "it"])
    statuses = dict(zip(checks.loc[checks["kind"] == "p_from_ci", "check"],
                        checks.loc[checks["kind"] == "p_from_ci", "status"], strict=True))
    assert statuses == {"p_from_ci:0": "pass", "p_from_ci:2": "fail"}


def test_grim_on_a_sentence():
    assert grim_consistent(71.9, 32, 0.05)  # 23/32 = 71.875
    assert not grim_consistent(72.0, 32, 0.05)  # 71.875 or 75.000
    claims = pd.DataFrame([
        [0, "it", "body", 6, "Risposta nel 72,0% dei pazienti (n=32).", "72,0%", "percent", 72.0,
         None, None, "%", "=", "", ""],
        [1, "it", "body", 6, "Risposta nel 72,0% dei pazienti (n=32).", "n=32", "count", 32.0,
         None, None, "", "=", "", ""],
    ], columns=["claim", "lang", "section", "page", "sentence", "span", "kind", "value", "low",
                "high", "unit", "comparator", "endpoint", "context"])
    grim = run_checks(claims, None, None, None, None, None, ["it", "en"])
    grim = grim[grim["kind"] == "grim"].iloc[0]
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
