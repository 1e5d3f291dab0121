"""The evidence table (extract.evidence) and the wording check (extract.wording): on the
bundled article's claims and on small papers made here."""

from __future__ import annotations

from pathlib import Path

from test_attributes import found_claims

from extract.check import run_checks
from extract.claims import extract_claims
from extract.cli import main
from extract.evidence import EVIDENCE_COLUMNS, evidence_rows
from extract.records import Record, read_records, write_records
from extract.sentences import sentence_rows
from extract.wording import check_wording, statement

DATA = Path(__file__).parent / "data" / "attributes"
BUNDLED = Path(__file__).parent / "data" / "isatuximab-2022"  # the bundled article's gold text


def as_csv(rows: list[dict]) -> list[Record]:
    """Rows as read back from a CSV file: every cell a string, empty for None."""
    return [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]


def bundled_claims() -> list[Record]:
    return as_csv(list(found_claims("isatuximab-2022")))


def bundled_sentences() -> list[Record]:
    abstracts = {lang: (BUNDLED / f"abstract.{lang}.txt").read_text(encoding="utf-8")
                 for lang in ("it", "en")}
    return as_csv(sentence_rows(abstracts, ["it", "en"]))


def key(row: Record) -> tuple:
    return tuple(row[k] for k in ("trial", "population", "arm", "versus", "endpoint",
                                  "statistic", "value", "low", "high", "p"))


def test_evidence_of_the_bundled_article() -> None:
    rows = evidence_rows(bundled_claims())
    assert all(list(row) == EVIDENCE_COLUMNS for row in rows)
    keys = [key(row) for row in rows]
    assert ("ICARIA-MM", "", "IsaPd", "Pd", "PFS", "hazard ratio", "0.596", "0.44", "0.81",
            "0.001") in keys
    assert ("ICARIA-MM", "", "IsaPd", "", "PFS", "median", "11.5", "8.9", "13.9", "") in keys
    assert ("ICARIA-MM", "renal impairment", "IsaPd", "Pd", "PFS", "hazard ratio", "0.5",
            "0.3", "0.85", "") in keys
    assert ("ICARIA-MM", "≥75 years", "Pd", "", "TEAE", "rate", "75.0", "", "", "") in keys
    assert ("IKEMA", "amp(1q21)", "Isa-Kd", "Kd", "PFS", "hazard ratio", "0.53", "0.15",
            "1.878", "") in keys
    # the paper states two Len-refractory median PFS of each arm: both are kept
    refractory = [row["value"] for row in rows if row["population"] == "Len-refractory"
                  and row["arm"] == "IsaPd" and row["statistic"] == "median"]
    assert refractory == ["11.4", "11.6"]
    # bounds, sample sizes, counts and phases are no result
    assert not {row["statistic"] for row in rows} & {"cut-off", "n", "count", "phase"}
    assert len(rows) == len(set(keys))


def test_a_row_both_languages_state_appears_once() -> None:
    blocks = [
        {"page": "1", "role": "abstract", "lang": "it", "marks": "",
         "text": "Nello studio ALFA-1 la PFS mediana è stata di 10,2 mesi nel braccio AbCd."},
        {"page": "2", "role": "abstract", "lang": "en", "marks": "",
         "text": "In the ALFA-1 study, median PFS was 10.2 months in the AbCd arm."},
    ]
    rows = evidence_rows(as_csv(extract_claims(blocks, ["it", "en"], fields=["oncology"])))
    assert [(r["trial"], r["arm"], r["endpoint"], r["statistic"], r["value"], r["claims"],
             r["pages"], r["languages"], r["spans"]) for r in rows] == [
        ("ALFA-1", "AbCd", "PFS", "median", "10.2", "0;1", "1;2", "it;en",
         "10,2 mesi;10.2 months")]


def test_evidence_stage_writes_evidence_csv(tmp_path: Path) -> None:
    claims = tmp_path / "claims.csv"
    write_records(claims, list(bundled_claims()[0]), bundled_claims())
    assert main(["evidence", "--inputs", str(claims), "--outputs",
                 str(tmp_path / "evidence.csv")]) == 0
    written = read_records(tmp_path / "evidence.csv")
    assert written == as_csv(evidence_rows(bundled_claims()))


def test_wording_warns_on_the_bundled_summary_naming_the_subgroups() -> None:
    rows = check_wording(bundled_claims(), bundled_sentences())
    warned = [row for row in rows if row["status"] == "warn"]
    assert [row["lang"] for row in warned] == ["it", "en"]
    for row in warned:
        assert row["kind"] == "wording"
        for subgroup in ("del17p/t(4;14)/t(14;16)", "t(4;14)", "del17p", "0,66; 95% CI: 0,33-1,28"):
            assert subgroup in row["message"]
        assert "IKEMA" not in row["message"] and "amp(1q21)" not in row["message"]
    # `un vantaggio significativo ... [HR 95%, CI 0,31 (0,25-0,40)]` agrees with its CI
    assert [row["status"] for row in rows if row["lang"] == "it" and "0,31" in row["sentence"]
            ] == ["pass"]


def agreeing_paper() -> tuple[list[Record], list[Record]]:
    """A small paper whose every significance statement agrees with its numbers."""
    abstract = ("In the OMEGA trial, median PFS was significantly longer in the AbCd arm than in "
                "the Cd arm (HR 0.55; 95% CI 0.40-0.75; p<0.001). The benefit was significant "
                "in all subgroups. There was no difference in ORR (OR 0.95; 95% CI 0.70-1.30; "
                "p=0.70).")
    body = ("In frail patients the benefit held (HR 0.60; 95% CI 0.41-0.88), as in patients "
            "with renal impairment (HR 0.50; 95% CI 0.30-0.85).")
    blocks = [{"page": "1", "role": "abstract", "lang": "en", "marks": "", "text": abstract},
              {"page": "2", "role": "body", "lang": "en", "marks": "", "text": body}]
    claims = as_csv(extract_claims(blocks, ["en"], fields=["oncology"]))
    return claims, as_csv(sentence_rows({"en": abstract}, ["en"]))


def test_wording_is_silent_on_a_paper_whose_significance_claims_agree() -> None:
    claims, sentences = agreeing_paper()
    rows = check_wording(claims, sentences)
    assert rows and {row["status"] for row in rows} == {"pass"}
    every = [row for row in rows if "all subgroups" in row["sentence"]]
    assert len(every) == 1 and "frail" in every[0]["message"]


def test_wording_warns_when_not_significant_meets_a_ci_excluding_one() -> None:
    claims = as_csv(extract_claims([{
        "page": "3", "role": "body", "lang": "it", "marks": "",
        "text": "La differenza non era statisticamente significativa (HR 0,70; IC 95% "
                "0,55-0,89; p=0,004)."}], ["it"]))
    rows = check_wording(claims, [])
    assert [(row["status"], row["page"]) for row in rows] == [("warn", "3")]
    assert statement("nessuna differenza tra i bracci", "it") == "not significant"
    assert statement("sin diferencia entre los grupos", "es") == "not significant"
    assert statement("une différence statistiquement significative", "fr") == "significant"
    assert statement("diferença estatisticamente significativa", "pt") == "significant"


def test_run_checks_includes_the_wording_check() -> None:
    claims, sentences = agreeing_paper()
    rows = run_checks(claims, [], sentences, None, None, None, ["en", "it"])
    assert "wording" in {row["kind"] for row in rows}


def test_report_shows_the_evidence_table(tmp_path: Path) -> None:
    from extract.report import write_report

    claims = bundled_claims()
    write_records(tmp_path / "claims.csv", list(claims[0]), claims)
    write_records(tmp_path / "evidence.csv", EVIDENCE_COLUMNS, evidence_rows(claims))
    write_report("isatuximab-2022", tmp_path, ["it", "en"], None, tmp_path / "report.html")
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    table = page[page.index('id="evidence-table"'):page.index("</table>", page.index(
        'id="evidence-table"'))]
    assert table.count("<tr") == len(evidence_rows(claims)) + 1  # and the header row
    # the two Len-refractory sets and the two amp(1q21) ratios are marked
    assert table.count('<tr class="repeated"') == 8
    assert '<a href="#claim-' in table and "del17p/t(4;14)/t(14;16)" in table
    assert "evidence.csv is not built yet" not in page


def test_clinical_significance_is_no_test() -> None:
    assert statement("Clinically significant bleeding occurred in 4% of patients.", "en") == ""
    assert statement("Il beneficio era statisticamente e clinicamente significativo.",
                     "it") == "significant"
    assert statement("Sangramento clinicamente significativo em 4%.", "pt") == ""
