"""statcheck parity and the consistency checks of reported statistics: the distributions against
their textbook critical values, then sentences in English, Italian, Portuguese, Spanish and
French read by the claims stage and checked, each inconsistency and decision error flagged and
no correct one."""

from __future__ import annotations

import math

import pytest

from extract.check import run_checks
from extract.claims import extract_claims
from extract.consistency import grimmer_consistent
from extract.statcheck import p_chi2, p_f, p_r, p_t, p_z, statistic_test

# ---------------------------------------------------------------------------------------------
# distributions: every critical value of a 5 % test gives p = .05


@pytest.mark.parametrize(("p", "expected"), [
    (lambda: p_t(2.228139, 10), 0.05),
    (lambda: p_t(2.048407, 28), 0.05),
    (lambda: p_t(12.7062, 1), 0.05),
    (lambda: p_f(3.098391, 3, 20), 0.05),
    (lambda: p_f(4.964603, 1, 10), 0.05),
    (lambda: p_chi2(3.841459, 1), 0.05),
    (lambda: p_chi2(5.991465, 2), 0.05),
    (lambda: p_chi2(18.307038, 10), 0.05),
    (lambda: p_chi2(6.634897, 1), 0.01),
    (lambda: p_z(1.959964), 0.05),
    (lambda: p_z(2.575829), 0.01),
    (lambda: p_r(0.3120, 38), 0.05),  # r = t/√(df + t²) with t(38) = 2.024
])
def test_distributions_give_the_critical_p(p, expected):
    assert math.isclose(p(), expected, rel_tol=2e-4)


def test_f_with_one_df_is_t_squared():
    assert math.isclose(p_f(2.5 ** 2, 1, 17), p_t(2.5, 17), rel_tol=1e-10)
    assert math.isclose(p_chi2(1.7 ** 2, 1), p_z(1.7), rel_tol=1e-10)


@pytest.mark.parametrize(("unit", "name", "df"), [
    ("t(28)", "t", (28.0,)), ("F(2,57)", "F", (2.0, 57.0)), ("χ²(1)", "χ²", (1.0,)),
    ("r(38)", "r", (38.0,)), ("z", "z", ()), ("H(2)", "H", (2.0,)),
])
def test_units_name_the_test(unit, name, df):
    test = statistic_test(unit)
    assert (test.name, test.df) == (name, df)


@pytest.mark.parametrize("unit", ["t", "U", "F(2)", "R²", "months", ""])
def test_a_statistic_without_its_df_is_not_recomputed(unit):
    assert statistic_test(unit) is None


# ---------------------------------------------------------------------------------------------
# sentences: (language, sentence, expected) with expected "pass", "inconsistent" or "decision"

SENTENCES = [
    # English, APA style.
    ("en", "The groups differed, t(28) = 2.20, p = .036.", "pass"),
    ("en", "The groups differed, t(28) = 2.20, p = .045.", "inconsistent"),
    ("en", "The groups differed, t(28) = 1.20, p = .03.", "decision"),
    ("en", "There was an effect of dose, F(2, 57) = 3.14, p = .051.", "pass"),
    ("en", "There was an effect of dose, F(1, 20) = 2.10, p < .05.", "decision"),
    ("en", "There was an effect of dose, F(2,57) = 3.14, p = .015.", "decision"),
    ("en", "Answers depended on sex, χ2(1, N = 100) = 4.50, p = .034.", "pass"),
    ("en", "Scores were correlated, r(38) = -.45, p = .004.", "pass"),
    ("en", "Scores were correlated, r(38) = .25, p = .004.", "decision"),
    ("en", "The trend was significant (z = 1.96, p = .05).", "pass"),
    ("en", "The trend was significant (z = 2.50, p < .01).", "inconsistent"),
    ("en", "As predicted, t(20) = 1.80, p = .04, one-tailed.", "pass"),
    ("en", "The difference was not significant, t(20) = 2.30, p = .09.", "decision"),
    # Italian: decimal commas, the statistic in the sentence's own words.
    ("it", "I gruppi differivano (t(28) = 2,20; p = 0,036).", "pass"),
    ("it", "I gruppi differivano (t(28) = 2,20; p = 0,36).", "decision"),
    ("it", "L'effetto della dose era F(2, 57) = 3,14, p = 0,051.", "pass"),
    ("it", "L'associazione era χ2(1) = 4,50, p = 0,021.", "inconsistent"),
    ("it", "La correlazione era r(38) = −0,45, p = 0,004.", "pass"),
    ("it", "Come atteso, t(20) = 1,80, p = 0,04 (test unilaterale).", "pass"),
    # Portuguese: degrees of freedom printed after the statistic, too.
    ("pt", "Houve diferença entre os grupos (χ2 = 4,50; gl = 1; p = 0,034).", "pass"),
    ("pt", "Houve diferença entre os grupos (χ2 = 4,50; gl = 1; p = 0,34).", "decision"),
    ("pt", "A média diferiu entre os sexos, t(28) = 2,20; p = 0,036.", "pass"),
    ("pt", "A média diferiu entre os sexos, t(28) = 2,20; p < 0,01.", "inconsistent"),
    # Spanish: a semicolon between the two df.
    ("es", "El efecto del tratamiento fue F(2; 57) = 3,14; p = 0,051.", "pass"),
    ("es", "El efecto del tratamiento fue F(2; 57) = 6,14; p = 0,051.", "decision"),
    ("es", "La asociación fue significativa (χ2(1) = 4,50; p = 0,20).", "decision"),
    ("es", "La tendencia fue z = 1,96, p = 0,05.", "pass"),
    # French: a space before the semicolon.
    ("fr", "Les groupes différaient (t(28) = 2,20 ; p = 0,036).", "pass"),
    ("fr", "L'association était χ2(1) = 4,50, p < 0,01.", "inconsistent"),
    ("fr", "L'association était χ2(1) = 4,50, p < 0,05.", "pass"),
    ("fr", "La corrélation était r(38) = 0,45, p = 0,04.", "inconsistent"),
]


def checks_of(lang: str, sentence: str, kind: str) -> list[dict]:
    """The check rows of `kind` for one abstract sentence on page 1, read by the claims stage."""
    blocks = [{"page": "1", "role": "abstract", "lang": lang, "text": sentence, "marks": ""}]
    claims = [{key: "" if value is None else str(value) for key, value in claim.items()}
              for claim in extract_claims(blocks, [lang])]
    return [row for row in run_checks(claims, None, None, None, None, None, [lang])
            if row["kind"] == kind]


def _statcheck_rows(lang: str, sentence: str) -> list[dict]:
    return checks_of(lang, sentence, "statcheck")


@pytest.mark.parametrize(("lang", "sentence", "expected"), SENTENCES)
def test_statcheck_sentences(lang, sentence, expected):
    rows = _statcheck_rows(lang, sentence)
    assert len(rows) == 1, rows
    row = rows[0]
    assert row["status"] == ("pass" if expected == "pass" else "fail"), row["message"]
    if expected == "decision":
        assert row["message"].startswith("Decision error"), row["message"]
    if expected == "inconsistent":
        assert row["message"].startswith("Inconsistent p"), row["message"]
    if expected != "pass":
        assert "page 1" in row["message"] and row["expected"].startswith("p=")


def test_every_language_has_a_wrong_sentence():
    wrong = {lang for lang, _, expected in SENTENCES if expected != "pass"}
    right = {lang for lang, _, expected in SENTENCES if expected == "pass"}
    assert wrong == right == {"en", "it", "pt", "es", "fr"}


def test_one_tailed_only_where_the_paper_says_so():
    assert _statcheck_rows("en", "As predicted, t(20) = 1.80, p = .04.")[0]["status"] == "fail"


def test_rounding_of_the_statistic_is_allowed():
    """t(28) = 2.0 stands for 1.95 to 2.05, p = .0498 to .0613, which rounds to .05 or .06:
    p = .06 is consistent; t(28) = 2.05 stands for p = .0493 to .0503, .05 only."""
    assert _statcheck_rows("en", "It was t(28) = 2.0, p = .06.")[0]["status"] == "pass"
    assert _statcheck_rows("en", "It was t(28) = 2.05, p = .06.")[0]["status"] == "fail"
    assert _statcheck_rows("en", "It was t(28) = 2.05, p = .05.")[0]["status"] == "pass"


# ---------------------------------------------------------------------------------------------
# the other consistency checks


@pytest.mark.parametrize(("lang", "sentence", "status"), [
    ("en", "Smoking raised the risk (OR = 2.10; 95% CI 1.40-3.15).", "pass"),
    ("en", "Smoking raised the risk (OR = 2.10; 95% CI 1.90-3.15).", "fail"),
    ("it", "Il rischio relativo (RR) era 1,50 (IC 95% 1,20-1,88).", "pass"),
    ("pt", "A razão de prevalência foi 1,50 (IC95%: 1,05-1,88).", "fail"),
    ("es", "El riesgo aumentó (HR 0,60; IC 95% 0,43-0,82).", "pass"),
])
def test_ratio_intervals_are_symmetric_on_the_log_scale(lang, sentence, status):
    rows = checks_of(lang, sentence, "log_symmetry")
    assert [row["status"] for row in rows] == [status]


def test_estimates_outside_their_interval_fail():
    rows = checks_of("en", "The odds ratio was 3.5 (95% CI 1.2-2.9).", "interval")
    assert [row["status"] for row in rows] == ["fail"]


@pytest.mark.parametrize(("lang", "sentence", "status"), [
    ("en", "Age and score were correlated (r = -0.62).", "pass"),
    ("pt", "A correlação foi forte (r = 1,62).", "fail"),
    ("es", "El modelo explicaba R² = 0,45 de la varianza.", "pass"),
    ("fr", "Le modèle expliquait R² = -0,12 de la variance.", "fail"),
])
def test_correlations_lie_in_their_range(lang, sentence, status):
    assert [row["status"] for row in checks_of(lang, sentence, "correlation_range")] == [status]


@pytest.mark.parametrize(("lang", "sentence", "status"), [
    ("pt", "Os 124 entrevistados foram divididos em três grupos: 14 (11%), 61 (49%) e 49 (40%).",
     "pass"),
    ("en", "The 124 people were divided into three groups: 11%, 49% and 44%.", "fail"),
])
def test_percentages_of_one_whole_sum_to_100(lang, sentence, status):
    assert [row["status"] for row in checks_of(lang, sentence, "percent_sum")] == [status]


@pytest.mark.parametrize(("lang", "sentence", "status"), [
    ("es", "De los 1 025 pacientes estudiados, 512 fueron asignados al grupo R.", "pass"),
    ("es", "De los 1 025 pacientes estudiados, 1 512 fueron asignados al grupo R.", "fail"),
    ("en", "A total of 124 interviews were divided into 70 visits and 64 calls.", "fail"),
])
def test_subgroups_do_not_exceed_their_total(lang, sentence, status):
    assert [row["status"] for row in checks_of(lang, sentence, "subgroup_total")] == [status]


def test_grimmer_on_whole_numbers():
    # 1, 2, 3, 4, 5 four times each: mean 3.00, SD 1.4510.
    assert grimmer_consistent(3.00, 1.45, 20, 0.005, 0.005)
    assert not grimmer_consistent(3.00, 1.46, 20, 0.005, 0.005)
    assert not grimmer_consistent(3.03, 1.45, 20, 0.005, 0.005)  # GRIM: 60.6 is not a sum


@pytest.mark.parametrize(("lang", "sentence", "status"), [
    ("en", "The mean score was 3.00 ± 1.45 (n = 20).", "pass"),
    ("en", "The mean score was 3.00 ± 1.46 (n = 20).", "fail"),
    ("it", "Il punteggio medio era 3,00 (DS 1,46) su 20 soggetti (n = 20).", "fail"),
])
def test_grimmer_on_sentences(lang, sentence, status):
    assert [row["status"] for row in checks_of(lang, sentence, "grimmer")] == [status]
