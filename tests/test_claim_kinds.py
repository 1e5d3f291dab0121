"""Claim kinds of every field (resources/claims/patterns/): test statistics with their degrees of
freedom, correlations, ratios, means with SDs, intervals after any estimate, dates, years and
counts in prose, money and multiples, in each supported language; and the numbers that are
labels, not quantities."""

from __future__ import annotations

from functools import cache

import pytest

from extract.claims import claims_pipeline
from extract.numbers import label_spans, numbers_in


@cache
def pipeline(lang: str):
    return claims_pipeline(lang)


def readings(text: str, lang: str) -> list[tuple]:
    """(kind, value, low, high, unit) of each claim, rounded for comparison."""
    def rounded(number):
        return None if number is None else round(number, 4)

    doc = pipeline(lang)(text)
    return [(c._.kind, rounded(c._.value), rounded(c._.low), rounded(c._.high), c._.unit)
            for c in doc.spans["claims"]]


@pytest.mark.parametrize(("lang", "text", "expected"), [
    # Test statistics: the unit names the statistic and its df; the p is its own claim.
    ("en", "t(28) = 2.20, p = .036", [("test_statistic", 2.2, None, None, "t(28)"),
                                       ("p_value", 0.036, None, None, "")]),
    ("en", "F(2, 57) = 3.14", [("test_statistic", 3.14, None, None, "F(2,57)")]),
    ("es", "F(2; 57) = 3,14", [("test_statistic", 3.14, None, None, "F(2,57)")]),
    ("it", "F(2,57) = 3,14 e (0,38)", [("test_statistic", 3.14, None, None, "F(2,57)"),
                                       ("number", 0.38, None, None, "")]),
    ("en", "χ2(1, N = 100) = 4.5", [("test_statistic", 4.5, None, None, "χ²(1)"),
                                     ("count", 100.0, None, None, "")]),
    ("pt", "χ2 = 4,50; gl = 1", [("test_statistic", 4.5, None, None, "χ²(1)")]),
    ("fr", "U = 234", [("test_statistic", 234.0, None, None, "U")]),
    # Correlations, with df, bare where the sentence says it is one, R².
    ("en", "r(38) = -.45", [("correlation", -0.45, None, None, "r(38)")]),
    ("pt", "negativa com a idade (r = -0,62)", [("correlation", -0.62, None, None, "r")]),
    ("pt", "A correlação entre as escalas foi moderada (0,38).",
     [("correlation", 0.38, None, None, "r")]),
    ("es", "R² = 0,45", [("correlation", 0.45, None, None, "R²")]),
    # Ratios: the kind comes from the label.
    ("en", "OR = 1.52 (95% CI 1.10-2.09)", [("odds_ratio", 1.52, 1.1, 2.09, "")]),
    ("en", "an odds ratio of 2.1 (95% CI 1.2-3.4)", [("odds_ratio", 2.1, 1.2, 3.4, "")]),
    ("it", "il rischio relativo era 1,8 (IC al 95%: 1,2-2,7)",
     [("risk_ratio", 1.8, 1.2, 2.7, "")]),
    ("pt", "risco relativo (RR) = 2,1 (IC 95 %: 1,2 a 3,4)",
     [("risk_ratio", 2.1, 1.2, 3.4, "")]),
    ("pt", "RP = 1,52 (IC95%: 1,10-2,09)", [("prevalence_ratio", 1.52, 1.1, 2.09, "")]),
    ("de", "Das relative Risiko betrug 1,8 (95 %-KI 1,2-2,7).",
     [("risk_ratio", 1.8, 1.2, 2.7, "")]),
    ("en", "two or 3 patients", [("count", 2.0, None, None, ""),  # `or` is not OR
                                 ("count", 3.0, None, None, "")]),
    # Means with their SD: the SD is a claim of its own.
    ("en", "mean 12.4 ± 2.3 years", [("mean", 12.4, None, None, "years"),
                                      ("sd", 2.3, None, None, "years")]),
    ("pt", "A média de idade foi de 34,5 anos (DP = 5,2).",
     [("mean", 34.5, None, None, "years"), ("sd", 5.2, None, None, "years")]),
    ("es", "media 12,4 (DE 2,3)", [("mean", 12.4, None, None, ""), ("sd", 2.3, None, None, "")]),
    # An interval after a percentage or any estimate, in every written form.
    ("pt", "7,2% (IC95% 5,9-8,8)", [("percent", 7.2, 5.9, 8.8, "%")]),
    ("en", "7.2% (95% CI 5.9-8.8)", [("percent", 7.2, 5.9, 8.8, "%")]),
    ("it", "0,78 (IC 95 % 0,61-0,93)", [("estimate", 0.78, 0.61, 0.93, "")]),
    # Years, ranges of years and dates; counts in prose.
    ("pt", "212 artigos publicados de 1985 a 2019, com 47 citações",
     [("count", 212.0, None, None, ""), ("year", None, 1985.0, 2019.0, ""),
      ("count", 47.0, None, None, "")]),
    ("en", "Germaine de Staël (1766-1817)", [("year", None, 1766.0, 1817.0, "")]),
    ("it", "tra il 1949 e il 1979", [("year", None, 1949.0, 1979.0, "")]),
    ("en", "98 women", [("count", 98.0, None, None, "")]),
    ("pt", "Os números foram, respectivamente, 1998 e 3.507.",
     [("count", 1998.0, None, None, ""), ("count", 3507.0, None, None, "")]),
    ("es", "entre el 10 de febrero de 2000 y el 10 de enero de 2001",
     [("date", 2000.0, None, None, ""), ("date", 2001.0, None, None, "")]),
    ("pt", "entre 4-1 e 11-3-2005", [("date", 2005.0, None, None, "")]),
    ("en", "from January 4th to March 11th 2005", [("date", 2005.0, None, None, "")]),
    ("es", "De los 1 025 pacientes", [("count", 1025.0, None, None, "")]),
    ("fr", "plus de 7 millions de personnes", [("count", 7e6, None, None, "")]),
    ("es", "en el siglo 20", [("century", 20.0, None, None, "")]),
    # Money and multiples.
    ("pt", "foi de R$ 8,9 bilhões", [("money", 8.9e9, None, None, "BRL")]),
    ("pt", "foi 3,9 vezes maior", [("fold", 3.9, None, None, "×")]),
    ("en", "a 12-lead electrocardiogram", [("count", 12.0, None, None, "")]),
    # A number no pattern gives a kind is still a claim.
    ("es", "512 fueron asignados", [("number", 512.0, None, None, "")]),
])
def test_kinds(lang, text, expected):
    assert readings(text, lang) == expected


@pytest.mark.parametrize(("text", "labels"), [
    ("due to: 1) infectious diseases; 2) chronic diseases (n = 12); and 3) external", ["1", "2", "3"]),
    ("2.", ["2"]),
    ("accessible science (¶1). We present (¶2) platforms", ["1", "2"]),
    ("professional guidelines (ANAI, 2023), and", ["2023"]),
])
def test_labels_are_not_numbers(text, labels):
    assert [text[start:end].strip(" ).") for start, end in label_spans(text)] == labels
    assert not set(numbers_in(text, "en")) & {float(label) for label in labels}


def test_a_bracketed_count_is_not_a_list_item():
    assert numbers_in("chronic diseases (n = 12) and 3) external", "en") == [12.0]
