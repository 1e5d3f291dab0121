"""Consistency of the statistics a paper states among themselves, beyond statcheck.

- `log_symmetry`: a ratio's confidence interval is symmetric around it on the log scale
  (ln HR − ln L = ln U − ln HR) within the rounding of the three printed numbers;
- `correlation_range`: a correlation lies in [-1, 1] (R² in [0, 1]);
- `percent_sum`: the percentages of a sentence that says they divide one whole (`distribuídos
  em`, `divided into`: resources/claims/checks.yaml `partition_words`) sum to 100 within
  their rounding;
- `subgroup_total`: the counts a sentence states after a total (`De los 1 025 pacientes, 512
  ... y 513 ...`, `a total of`, `sample of`: `total_words`) do not exceed it, nor does their sum
  when the sentence divides the total;
- `grimmer`: a mean of whole-number data (a score, a count: `integer_data_words`) with its SD
  and its n is possible (GRIM for the mean, then GRIMMER for the SD: Anaya 2016; Allard 2018):
  some whole sum S gives the mean, and some whole sum of squares Q of S's parity gives the SD.

Each number stands for every value that rounds to it, as in the other checks.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from extract.check import (
    DENOMINATOR,
    EPSILON,
    RATIO_KINDS,
    Stated,
    _fmt,
    _places,
    _row,
    excerpt,
)
from extract.records import Record
from extract.resources import RESOURCES, read_yaml

# GRIMMER tries every whole sum that gives the mean; beyond this n the mean says nothing.
GRIMMER_MAX_N = 10_000


@lru_cache
def check_words(lang: str, name: str) -> re.Pattern[str]:
    """A pattern of the words of list `name` of resources/claims/checks.yaml in `lang` (and
    `all`), whole words, case ignored."""
    lists = read_yaml(RESOURCES / "claims" / "checks.yaml").get(name, {})
    words = [*lists.get("all", []), *lists.get(lang, [])]
    if not words:
        return re.compile(r"(?!)")
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _by_sentence(stated: list[Stated]) -> list[list[Stated]]:
    """The claims (not table cells) grouped by sentence, in reading order."""
    groups: dict[tuple[str, str, str], list[Stated]] = {}
    for s in sorted((s for s in stated if not s.in_table), key=lambda s: s.order):
        groups.setdefault((s.lang, s.page, s.sentence), []).append(s)
    return list(groups.values())


def _saying(stated: list[Stated], words: str) -> list[list[Stated]]:
    """The claims of each sentence that says one of the checks.yaml list `words`."""
    return [group for group in _by_sentence(stated)
            if check_words(group[0].lang, words).search(group[0].sentence)]


# ---------------------------------------------------------------------------------------------
# ratios and correlations


def log_asymmetry(value: float, low: float, high: float, halves: tuple[float, float, float],
                  ) -> tuple[float, float]:
    """The range of 2·ln(value) − ln(low) − ln(high) over every value, low and high that round
    to the printed ones: it holds 0 when the interval can be symmetric on the log scale."""
    hv, hl, hh = halves
    smallest = 2 * math.log(max(value - hv, EPSILON)) - math.log(low + hl) - math.log(high + hh)
    largest = (2 * math.log(value + hv) - math.log(max(low - hl, EPSILON))
               - math.log(max(high - hh, EPSILON)))
    return smallest, largest


def check_log_symmetry(stated: list[Stated]) -> list[Record]:
    rows = []
    for s in stated:
        if (s.kind not in RATIO_KINDS or None in (s.value, s.low, s.high) or s.comparator != "="
                or not 0 < s.low < s.value < s.high):
            continue
        smallest, largest = log_asymmetry(s.value, s.low, s.high,
                                          (s.half["value"], s.half["low"], s.half["high"]))
        centre = math.exp((math.log(s.low) + math.log(s.high)) / 2)
        shown = f"{_fmt(s.value)} [{_fmt(s.low)}-{_fmt(s.high)}]"
        check = f"log_symmetry:{s.ref}"
        expected = f"√(low·high) = {centre:.3g}"
        if smallest - EPSILON <= 0 <= largest + EPSILON:
            rows.append(_row(check, "log_symmetry", "pass",
                             f"The interval {_fmt(s.low)}-{_fmt(s.high)} is symmetric around "
                             f"{_fmt(s.value)} on the log scale in {s.where()}.", [s], expected,
                             shown))
        else:
            rows.append(_row(check, "log_symmetry", "fail",
                             f"A ratio's interval should be symmetric around it on the log "
                             f"scale (centre {centre:.3g}), but {s.printed} is not, in "
                             f"{s.where()}.", [s], expected, shown))
    return rows


def check_correlation_range(stated: list[Stated]) -> list[Record]:
    rows = []
    for s in stated:
        if s.kind != "correlation" or s.value is None:
            continue
        squared = s.unit.startswith("R²")
        low, high = (0.0, 1.0) if squared else (-1.0, 1.0)
        values = [v for v in (s.value, s.low, s.high) if v is not None]
        check = f"correlation_range:{s.ref}"
        expected = f"{_fmt(low)} <= {'R²' if squared else 'r'} <= {_fmt(high)}"
        if all(low - EPSILON <= v <= high + EPSILON for v in values):
            rows.append(_row(check, "correlation_range", "pass",
                             f"{s.printed} lies in [{_fmt(low)}, {_fmt(high)}] in {s.where()}.",
                             [s], expected, _fmt(s.value)))
        else:
            rows.append(_row(check, "correlation_range", "fail",
                             f"A correlation lies in [{_fmt(low)}, {_fmt(high)}], but "
                             f"{s.printed} does not, in {s.where()}.", [s], expected,
                             _fmt(s.value)))
    return rows


# ---------------------------------------------------------------------------------------------
# wholes: percentages summing to 100, counts within their total


def check_percent_sum(stated: list[Stated]) -> list[Record]:
    rows = []
    for group in _saying(stated, "partition_words"):
        first = group[0]
        parts = [s for s in group if s.kind == "percent" and s.value is not None
                 and s.comparator == "=" and s.low is None]
        if len(parts) < 2:
            continue
        total = sum(s.value for s in parts)
        slack = sum(s.half["value"] for s in parts) + EPSILON
        check = f"percent_sum:{parts[0].ref}"
        shown = " + ".join(_fmt(s.value) for s in parts) + f" = {total:.{_places(slack)}f}"
        if abs(total - 100) <= slack:
            rows.append(_row(check, "percent_sum", "pass",
                             f"The parts of one whole sum to 100% ({shown}) in "
                             f"{first.where()}.", parts, "100", shown))
        else:
            rows.append(_row(check, "percent_sum", "fail",
                             f"The sentence divides one whole, so its percentages should sum "
                             f"to 100, but {shown}, in {first.where()}.", parts, "100", shown))
    return rows


def _printed_count(s: Stated) -> bool:
    """A count printed in digits that is not a sample size (`n=93` of one arm beside `n=88` of
    the other are two wholes, not a whole and its part)."""
    return (s.kind in ("count", "number") and s.value is not None
            and float(s.value).is_integer() and any(c.isdigit() for c in s.printed)
            and not DENOMINATOR.match(s.printed))


def _total_of(group: list[Stated]) -> Stated | None:
    """The whole of a sentence: its first count in digits, when a total word stands right before
    it (a later one is as often another whole of a list: `de un total de 21 en A, y de 25 en
    B`)."""
    counts = [s for s in group if _printed_count(s)]
    if not counts or counts[0].comparator != "=":
        return None
    total, sentence = counts[0], counts[0].sentence
    at = sentence.find(total.printed)
    before = sentence[max(0, at - 25):at] if at >= 0 else ""
    words = check_words(total.lang, "total_words")
    return total if re.search(rf"(?:{words.pattern})\s*$", before, re.IGNORECASE) else None


def check_subgroup_total(stated: list[Stated]) -> list[Record]:
    rows = []
    for group in _by_sentence(stated):
        total = _total_of(group)
        if total is None:
            continue
        parts = [s for s in group if _printed_count(s) and s.order > total.order
                 and s.comparator in ("=", "~", "<", "<=")]
        if not parts:
            continue
        check = f"subgroup_total:{total.ref}"
        divided = check_words(total.lang, "partition_words").search(total.sentence)
        over = [s for s in parts if s.value > total.value + EPSILON]
        size = sum(s.value for s in parts)
        shown = ", ".join(_fmt(s.value) for s in parts) + f" of {_fmt(total.value)}"
        where = f"page {total.page}, “{excerpt(total.sentence)}”"
        if over:
            rows.append(_row(check, "subgroup_total", "fail",
                             f"A subgroup cannot be larger than its whole, but {over[0].printed} "
                             f"exceeds {total.printed} in {where}.", [total, *parts],
                             f"<= {_fmt(total.value)}", shown))
        elif divided and size > total.value + EPSILON:
            rows.append(_row(check, "subgroup_total", "fail",
                             f"The sentence divides {total.printed} into parts, but they sum to "
                             f"{_fmt(size)}, in {where}.", [total, *parts],
                             f"sum <= {_fmt(total.value)}", shown))
        else:
            rows.append(_row(check, "subgroup_total", "pass",
                             f"The subgroups {shown} fit in their whole in {where}.",
                             [total, *parts], f"<= {_fmt(total.value)}", shown))
    return rows


# ---------------------------------------------------------------------------------------------
# GRIMMER


def grimmer_consistent(mean: float, sd: float, n: int, mean_half: float, sd_half: float) -> bool:
    """True when n whole numbers can have this mean and SD at their printed precision: a whole
    sum S within n·(mean ± half), and a whole sum of squares Q ≡ S (mod 2) within
    (n − 1)·(SD ± half)² + S²/n."""
    if n < 2 or n > GRIMMER_MAX_N:
        return True  # one value has no SD; a large n allows every mean
    for total in range(math.ceil(n * (mean - mean_half) - EPSILON),
                       math.floor(n * (mean + mean_half) + EPSILON) + 1):
        low = (n - 1) * max(sd - sd_half, 0.0) ** 2 + total * total / n
        high = (n - 1) * (sd + sd_half) ** 2 + total * total / n
        first = math.ceil(low - EPSILON)
        if first % 2 != total % 2:
            first += 1
        if first <= high + EPSILON:
            return True
    return False


def _grimmer_triples(stated: list[Stated]) -> list[tuple[Stated, Stated, Stated]]:
    """(mean, its SD, its n) for means of whole-number data with an SD and a sample size in
    their sentence."""
    triples = []
    for group in _saying(stated, "integer_data_words"):
        sizes = [s for s in group if s.kind == "count" and s.value is not None
                 and DENOMINATOR.match(s.printed) and float(s.value).is_integer()]
        for index, s in enumerate(group[:-1]):
            sd = group[index + 1]
            if s.kind == "mean" and sd.kind == "sd" and None not in (s.value, sd.value) and sizes:
                triples.append((s, sd, min(sizes, key=lambda c: abs(c.order - s.order))))
    return triples


def check_grimmer(stated: list[Stated]) -> list[Record]:
    rows = []
    for mean, sd, size in _grimmer_triples(stated):
        n = int(size.value)
        check = f"grimmer:{mean.ref}"
        shown = f"{_fmt(mean.value)} ± {_fmt(sd.value)}, n={n}"
        expected = "whole sums of values and squares"
        if grimmer_consistent(mean.value, sd.value, n, mean.half["value"], sd.half["value"]):
            rows.append(_row(check, "grimmer", "pass",
                             f"{n} whole numbers can have the mean {_fmt(mean.value)} and the "
                             f"SD {_fmt(sd.value)} in {mean.where()}.", [mean, sd, size],
                             expected, shown))
        else:
            rows.append(_row(check, "grimmer", "fail",
                             f"No {n} whole numbers have the mean {_fmt(mean.value)} with the "
                             f"SD {_fmt(sd.value)} at their printed precision (GRIM/GRIMMER), "
                             f"in {mean.where()}.", [mean, sd, size], expected, shown))
    return rows


def check_consistency(stated: list[Stated]) -> list[Record]:
    """Every check of this module, in the order of the module's docstring."""
    return (check_log_symmetry(stated) + check_correlation_range(stated)
            + check_percent_sum(stated) + check_subgroup_total(stated) + check_grimmer(stated))
