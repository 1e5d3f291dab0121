"""statcheck parity: the p of a reported test statistic recomputed from its degrees of freedom.

statcheck (Nuijten et al., Behav Res 2016) reads `t(28) = 2.20, p = .036` in English APA style,
recomputes p and flags an inconsistency, and a decision error when the reported and the
recomputed p fall on two sides of α = .05. Here the statistics come from claims.csv in any
language the claim patterns read (`test_statistic` and `correlation` claims: the `unit` column
names the statistic and its degrees of freedom, `t(28)`, `F(2,57)`, `χ²(1)`, `r(38)`, `z`), and
the p is the next `p_value` claim of the same sentence.

Rounding is statcheck's: the printed statistic stands for every value that rounds to it
(`2.20` for 2.195 to 2.205), which gives a range of p; a reported `p = .036` is consistent when
that range, rounded to the reported p's decimals, holds it. `p < x` is consistent when some p
of the range is below x, `p > x` when some is above. A t, z or r test reported as one-tailed (the
paper's sentences say `one-tailed`, `unilaterale`, ...: resources/claims/checks.yaml) is also
read with half the two-tailed p, as statcheck does.

The distributions are computed here (the regularized incomplete beta and gamma functions of
Numerical Recipes, §6.2 and §6.4): the check stage does not import scipy.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from extract.check import EPSILON, Stated, _fmt, _places, _row
from extract.consistency import check_words
from extract.records import Record

ALPHA = 0.05
# Claim kinds whose unit names a test statistic with its degrees of freedom.
STATISTIC_KINDS = {"test_statistic", "correlation"}
# The `unit` of a statistic claim: its name, then its degrees of freedom in brackets.
STATISTIC_UNIT = re.compile(r"^(?P<name>[^\W\d_]+²?)(?:\((?P<df>[\d.,\s]+)\))?$")
_ITERATIONS = 300
_TINY = 1e-300


# ---------------------------------------------------------------------------------------------
# distributions


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _ITERATIONS):
        m2 = 2 * m
        for numerator in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                          -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            h *= d * c
        if abs(d * c - 1.0) < 1e-15:
            break
    return h


def beta_regularized(a: float, b: float, x: float) -> float:
    """I_x(a, b), the regularized incomplete beta function, for a, b > 0 and 0 <= x <= 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, 1.0 - x) / b


def gamma_upper_regularized(a: float, x: float) -> float:
    """Q(a, x) = Γ(a, x)/Γ(a), the regularized upper incomplete gamma function."""
    if x <= 0.0:
        return 1.0
    log_front = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1.0:  # the series of P(a, x)
        term = total = 1.0 / a
        for n in range(1, _ITERATIONS):
            term *= x / (a + n)
            total += term
            if abs(term) < abs(total) * 1e-15:
                break
        return 1.0 - total * math.exp(log_front)
    b = x + 1.0 - a  # the continued fraction of Q(a, x)
    c, d = 1.0 / _TINY, 1.0 / b
    h = d
    for n in range(1, _ITERATIONS):
        an = -n * (n - a)
        b += 2.0
        d = an * d + b
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = b + an / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        if abs(d * c - 1.0) < 1e-15:
            break
    return math.exp(log_front) * h


def p_t(t: float, df: float) -> float:
    """Two-tailed p of Student's t with `df` degrees of freedom."""
    return beta_regularized(df / 2.0, 0.5, df / (df + t * t))


def p_f(f: float, df1: float, df2: float) -> float:
    """Upper-tail p of Fisher's F(df1, df2)."""
    if f <= 0:
        return 1.0
    return beta_regularized(df2 / 2.0, df1 / 2.0, df2 / (df2 + df1 * f))


def p_chi2(x: float, df: float) -> float:
    """Upper-tail p of χ² with `df` degrees of freedom."""
    return gamma_upper_regularized(df / 2.0, x / 2.0)


def p_z(z: float) -> float:
    """Two-tailed p of a standard normal z."""
    return math.erfc(abs(z) / math.sqrt(2.0))


def p_r(r: float, df: float) -> float:
    """Two-tailed p of a Pearson correlation with `df` = n − 2: t = r·√(df / (1 − r²))."""
    if abs(r) >= 1.0:
        return 0.0
    return p_t(r * math.sqrt(df / (1.0 - r * r)), df)


@dataclass(frozen=True)
class Test:
    """A statistic with what it takes to recompute p: `p(|value|)` decreases with the value."""

    name: str
    df: tuple[float, ...]
    p: Callable[[float], float]
    two_tailed: bool  # t, z, r: a one-tailed p is half of it
    upper: float = math.inf  # the largest value the statistic can take (|r| < 1)


def _test(name: str, df: tuple[float, ...]) -> Test | None:
    """The recomputable test a statistic's name and degrees of freedom make, else None (U, H
    without df, a t without df)."""
    key = name.lower().replace("²", "2")
    if key == "t" and len(df) == 1:
        return Test("t", df, lambda v: p_t(v, df[0]), True)
    if key == "f" and len(df) == 2:
        return Test("F", df, lambda v: p_f(v, df[0], df[1]), False)
    if key in ("χ2", "chi2", "x2", "h") and len(df) == 1:  # Kruskal-Wallis H is χ²(k − 1)
        return Test(name, df, lambda v: p_chi2(v, df[0]), False)
    if key in ("r", "ρ", "rho") and len(df) == 1:
        return Test("r", df, lambda v: p_r(v, df[0]), True, upper=1.0)
    if key == "z" and not df:
        return Test("z", df, p_z, True)
    return None


def statistic_test(unit: str) -> Test | None:
    """The test a claim's `unit` names (`t(28)`, `F(2,57)`, `χ²(1)`, `r(38)`, `z`), or None."""
    found = STATISTIC_UNIT.match(unit.replace(" ", ""))
    if not found:
        return None
    df = tuple(float(part) for part in re.split(r",", found.group("df") or "") if part)
    return _test(found.group("name"), df)


# ---------------------------------------------------------------------------------------------
# the check


def p_bounds(test: Test, value: float, half: float) -> tuple[float, float]:
    """The smallest and the largest p of every statistic that rounds to `value` (± `half`)."""
    size = abs(value)
    largest = min(size + half, test.upper)
    smallest = max(size - half, 0.0)
    return test.p(largest), test.p(smallest)


def p_consistent(reported: float, comparator: str, half: float, lowest: float,
                 highest: float) -> bool:
    """A reported p (printed ± `half`) against the range of recomputed p, rounded as statcheck
    rounds: `p = .036` holds when the range rounded to three decimals holds .036."""
    if comparator in ("<", "<="):
        return lowest < reported + (EPSILON if comparator == "<=" else 0.0)
    if comparator in (">", ">="):
        return highest > reported - (EPSILON if comparator == ">=" else 0.0)
    if reported <= EPSILON:  # `p = .000`: statcheck reads it as p < .001
        return lowest < 2 * half
    places = _places(half)
    return round(lowest, places) - EPSILON <= reported <= round(highest, places) + EPSILON


def reported_significant(reported: float, comparator: str) -> bool | None:
    """Whether a reported p states significance at α (None when it does not say: `p < .10`)."""
    if comparator in (">", ">="):
        return False if reported >= ALPHA - EPSILON else None
    if comparator in ("<", "<="):
        return True if reported <= ALPHA + EPSILON else None
    return reported <= ALPHA + EPSILON


def decision_error(reported: float, comparator: str, lowest: float, highest: float) -> bool:
    """A reported p on the other side of α from every p its statistic allows."""
    significant = reported_significant(reported, comparator)
    if significant is None:
        return False
    return lowest > ALPHA + EPSILON if significant else highest <= ALPHA + EPSILON


def _one_tailed(stated: list[Stated]) -> set[tuple[str, str]]:
    """The (lang, sentence) pairs of the claims whose language's one-tailed words the paper
    prints in any of its sentences."""
    by_lang: dict[str, set[str]] = {}
    for s in stated:
        by_lang.setdefault(s.lang, set()).add(s.sentence)
    said = set()
    for lang, sentences in by_lang.items():
        words = check_words(lang, "one_tailed_words")
        if any(words.search(sentence) for sentence in sentences):
            said |= {(lang, sentence) for sentence in sentences}
    return said


def _pairs(stated: list[Stated]) -> list[tuple[Stated, Test, Stated]]:
    """(statistic, its test, its p): the first p claim after a statistic in its sentence, with
    no other statistic between."""
    claims = sorted((s for s in stated if not s.in_table), key=lambda s: s.order)
    pairs = []
    for index, s in enumerate(claims):
        if s.kind not in STATISTIC_KINDS or s.value is None:
            continue
        test = statistic_test(s.unit)
        if test is None:
            continue
        for later in claims[index + 1:]:
            if later.sentence != s.sentence or later.page != s.page:
                break
            if later.kind in STATISTIC_KINDS:
                break
            if later.kind == "p_value" and later.value is not None:
                pairs.append((s, test, later))
                break
    return pairs


def _p_text(lowest: float, highest: float) -> str:
    if abs(highest - lowest) < 0.5e-4:
        return f"p={lowest:.4f}"
    return f"p={lowest:.4f}-{highest:.4f}"


def check_statcheck(stated: list[Stated]) -> list[Record]:
    """statcheck rows: each reported test statistic with df and its p, recomputed."""
    rows = []
    one_tailed = _one_tailed(stated)
    for statistic, test, reported in _pairs(stated):
        half = statistic.half["value"]
        lowest, highest = p_bounds(test, statistic.value, half)
        p, comparator, p_half = reported.value, reported.comparator, reported.half["value"]
        recomputed = _p_text(lowest, highest)
        observed = f"p{comparator}{_fmt(p)}"
        check = f"statcheck:{statistic.ref}"
        involved = [statistic, reported]
        if p_consistent(p, comparator, p_half, lowest, highest):
            rows.append(_row(check, "statcheck", "pass",
                             f"{statistic.printed} gives {recomputed}, which agrees with the "
                             f"reported {reported.printed} on page {reported.page}.", involved,
                             recomputed, observed))
            continue
        if (test.two_tailed and (statistic.lang, statistic.sentence) in one_tailed
                and p_consistent(p, comparator, p_half, lowest / 2, highest / 2)):
            rows.append(_row(check, "statcheck", "pass",
                             f"{statistic.printed} gives a one-tailed {_p_text(lowest / 2, highest / 2)}"
                             f", which agrees with the reported {reported.printed} (the paper "
                             f"says its tests are one-tailed) on page {reported.page}.",
                             involved, recomputed, observed))
            continue
        if decision_error(p, comparator, lowest, highest):
            side = "significant" if reported_significant(p, comparator) else "not significant"
            message = (f"Decision error: {reported.printed} says the result is {side} at "
                       f"α = {ALPHA:g}, but {statistic.printed} gives {recomputed}, in "
                       f"{statistic.where()}.")
        else:
            message = (f"Inconsistent p: {statistic.printed} gives {recomputed}, not "
                       f"{reported.printed}, in {statistic.where()}.")
        rows.append(_row(check, "statcheck", "fail", message, involved, recomputed, observed))
    return rows
