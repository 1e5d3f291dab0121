"""Checks of a paper's numbers: against curated reference values, between the two abstracts,
within the statistics themselves, and between the text and the table.

Every check gives `checks.csv` rows (SPEC: `check, kind, status, claims, expected, observed,
message`, plus `page, lang, sentence`); every message is one sentence saying what was expected,
what was found and where.

Rounding is judged as statcheck does: a printed number stands for every value that rounds to it
(`11,5` for 11.45 to 11.55), so a difference is a failure only when no such value agrees.
Nothing here knows a paper: which words locate a curated value, and which words name the same
trial or arm, come from the curated YAML (validated by workflow/schemas/curated.schema.yaml).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from statistics import NormalDist
from typing import Any

import fastjsonschema
import yaml

from extract.align import function_words
from extract.numbers import confidence_spans, number_mentions, numbers_in
from extract.records import Record
from extract.resources import SCHEMAS, read_yaml
from extract.wording import check_wording

CURATED_SCHEMA = SCHEMAS / "curated.schema.yaml"
CHECK_COLUMNS = ["check", "kind", "status", "claims", "expected", "observed", "message",
                 "page", "lang", "sentence"]
# Claim kinds a table cell can be, by the unit its row or column names.
TIME_UNITS = {"months", "weeks", "days", "years"}
# Kinds of a unitless table cell (a count, a phase) and of the claims that may state it.
UNITLESS_KINDS = {"count", "phase"}
RATIO_KINDS = {"hr", "odds_ratio", "risk_ratio", "prevalence_ratio"}
# How much of a sentence a message quotes.
EXCERPT_CHARS = 90
# A float's own noise: differences below this are no difference.
EPSILON = 1e-9
# Two words are the same word when they share a beginning this long, covering this share of the
# shorter one (`refrattari`/`refrattarietà`, `Len-refrattari`/`Len-refractory`).
SAME_WORD_PREFIX = 5
SAME_WORD_SHARE = 0.6
# A row label word must be this rare among the paper's sentences to be required in a sentence
# that states the row (common words such as `patients` or `months` are not).
RARE_WORD_SHARE = 0.25
# A sample size printed as `n=154`, `(N = 32)`: the notation is the same in every language.
DENOMINATOR = re.compile(r"^\W*n\s*=", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# what the paper states: claims and table cells alike


@dataclass(frozen=True)
class Stated:
    """One number the paper states, from claims.csv or a table cell, with its printed
    precision: `half[field]` is half a unit of the last printed digit of that field."""

    ref: str
    kind: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    comparator: str
    text: str  # the words a curated value's `where` is looked for in
    printed: str
    lang: str
    page: str
    sentence: str
    half: dict[str, float] = field(default_factory=dict)
    in_table: bool = False
    order: int = 0
    section: str = ""

    def field(self, name: str) -> float | None:
        return {"value": self.value, "low": self.low, "high": self.high}[name]

    def where(self) -> str:
        if self.in_table:
            return f"the table cell {self.ref}"
        return f"page {self.page}, “{excerpt(self.sentence)}”"


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _number(cell: str | None) -> float | None:
    """The number a CSV cell holds, or None for an empty or non-numeric cell."""
    try:
        value = float(cell)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def _decimals(printed: str, value: float) -> int:
    """Digits after the decimal separator of `printed`, a number whose value is `value`
    (`0,596` → 3, `1.234` read as 1234 → 0)."""
    digits = re.sub(r"\D", "", printed)
    tail = re.search(r"[.,](\d+)$", printed.strip())
    if not digits or not tail:
        return 0
    places = len(tail.group(1))
    return places if round(abs(value) * 10**places) == int(digits) else 0


def half_unit(printed: str, value: float | None, lang: str) -> float:
    """Half a unit of the last digit `printed` shows for `value` (`11,5` → 0.05); a number that
    cannot be found in `printed` counts as printed whole."""
    if value is None:
        return 0.0
    for mention in number_mentions(printed, lang):
        if abs(mention.value - value) < EPSILON:
            return 0.5 * 10 ** -_decimals(mention.text, value)
    return 0.5


def stated_claims(claims: list[Record]) -> list[Stated]:
    """The rows of claims.csv as stated numbers."""
    stated = []
    for row in claims:
        values = {name: _number(row[name]) for name in ("value", "low", "high")}
        span, lang = row["span"], row["lang"]
        context = row["context"].replace(";", " ; ")
        stated.append(Stated(
            ref=row["claim"], kind=row["kind"], **values, unit=row["unit"],
            comparator=row["comparator"] or "=", text=f"{row['sentence']} {context}",
            printed=span, lang=lang, page=row["page"], sentence=row["sentence"],
            half={name: half_unit(span, v, lang) for name, v in values.items()},
            order=int(row["claim"]), section=row.get("section", ""),
        ))
    return stated


def _cell_kind(unit: str) -> str:
    if unit == "%":
        return "percent"
    return "duration" if unit in TIME_UNITS else "count"


_CITATION_DIGITS = re.compile(r"(?<=[^\W\d_]{3})\d+\b")


def strip_markers(text: str) -> str:
    """A table label without the citation numbers set against its words (`TRIAL47`)."""
    return _CITATION_DIGITS.sub("", text)


def header_counts(headers: Iterable[str], lang: str) -> dict[str, list[tuple[str, float]]]:
    """The sample sizes each column header prints (`(n=154)`), as (printed, value)."""
    found: dict[str, list[tuple[str, float]]] = {}
    for header in headers:
        for match in re.finditer(r"\bn\s*=\s*[\d.,\u00a0]+", header, re.IGNORECASE):
            values = numbers_in(match.group().split("=", 1)[1], lang)
            if values:
                found.setdefault(header, []).append((match.group(), values[0]))
    return found


def stated_cells(table_long: list[Record] | None, headers: list[str], lang: str) -> list[Stated]:
    """Table cells (rows of table_long.csv) and the sample sizes of the column headers as stated
    numbers; a cell is located by its row label, its group and its column header without the
    header's numbers."""
    if not table_long:
        return []
    counts = header_counts(headers, lang)
    stated = []
    for header, sizes in counts.items():
        for printed, value in sizes:
            stated.append(Stated(
                ref=f"[{header}]", kind="count", value=value, low=None, high=None, unit="",
                comparator="=", text=strip_markers(header), printed=printed, lang=lang, page="",
                sentence=header, half={"value": 0.5}, in_table=True,
            ))
    for row in table_long:
        values = {name: _number(row[name]) for name in ("value", "low", "high")}
        if values["value"] is None:
            continue
        label, column, raw, unit = row["row"], row["column"], row["raw"], row["unit"]
        bare_column = strip_markers(column)
        for printed, _ in counts.get(column, []):
            bare_column = bare_column.replace(printed, "")
        stated.append(Stated(
            ref=f"[{label} | {column}]", kind=_cell_kind(unit), **values, unit=unit,
            comparator="=", text=f"{label} | {row['group']} | {bare_column}",
            printed=raw, lang=lang, page="", sentence=f"{label}: {raw}",
            half={name: half_unit(raw, v, lang) for name, v in values.items()}, in_table=True,
        ))
    return stated


def table_headers(table: list[Record] | None, table_long: list[Record] | None) -> list[str]:
    """The column headers of the table after its row labels: table.csv's header row (without
    its empty cells), else the columns table_long.csv names."""
    if table and len(table[0]) > 1:
        return [header for header in list(table[0])[1:] if header]
    return list(dict.fromkeys(row["column"] for row in table_long or []))


# ---------------------------------------------------------------------------------------------
# check rows


def _row(check: str, kind: str, status: str, message: str, stated: Iterable[Stated] = (),
         expected: str = "", observed: str = "", **where: str) -> Record:
    stated = list(stated)
    first = stated[0] if stated else None
    return {
        "check": check, "kind": kind, "status": status,
        "claims": ";".join(s.ref for s in stated), "expected": expected, "observed": observed,
        "message": message,
        "page": where.get("page", first.page if first else ""),
        "lang": where.get("lang", first.lang if first else ""),
        "sentence": where.get("sentence", first.sentence if first else ""),
    }


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _with_interval(value: float | None, low: float | None, high: float | None) -> str:
    bounds = f" [{_fmt(low)}-{_fmt(high)}]" if low is not None and high is not None else ""
    return f"{_fmt(value)}{bounds}"


# ---------------------------------------------------------------------------------------------
# curated values


@cache
def _curated_schema() -> dict:
    return read_yaml(CURATED_SCHEMA)


@cache
def _curated_validator() -> Callable[[Any], Any]:
    # The schema compiled to Python code: it accepts a paper's few hundred values in ~10 ms,
    # where jsonschema took ~0.1 s to import and ~0.1 s to validate, in every check job.
    # Defaults are not filled in: validating leaves the data as it was read.
    return fastjsonschema.compile(_curated_schema(), use_default=False)


def _schema_error(data: Any, rejected: fastjsonschema.JsonSchemaValueException) -> str:
    """The bad key of `data` and what is wrong with it, as jsonschema's best match tells it
    (it names the deepest bad key, where the compiled schema names the first object that fails)."""
    import jsonschema  # only to explain a file the compiled schema rejects: a slow import

    validator = jsonschema.Draft202012Validator(_curated_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is None:  # should the two ever disagree, the compiled schema's own words
        return rejected.message
    key = "/".join(str(part) for part in error.absolute_path) or "(top level)"
    return f"{key}: {error.message}"


def validate_curated(data: Any, name: str = "curated values") -> dict:
    """`data` if it follows the curated schema, else ValueError naming the first bad key."""
    try:
        _curated_validator()(data)
    except fastjsonschema.JsonSchemaValueException as rejected:
        raise ValueError(f"{name}: {_schema_error(data, rejected)}") from rejected
    ids = Counter(value["id"] for value in data["values"])
    duplicates = sorted(i for i, count in ids.items() if count > 1)
    if duplicates:
        raise ValueError(f"{name}: values: duplicate id {duplicates[0]!r}")
    return data


def load_curated(path: str | Path) -> dict:
    """The curated reference values of a paper, validated against curated.schema.yaml."""
    path = Path(path)
    try:
        data = read_yaml(path)
    except (OSError, yaml.YAMLError) as error:
        raise ValueError(f"{path}: cannot read curated values: {' '.join(str(error).split())}"
                         ) from error
    return validate_curated(data, str(path))


@lru_cache(maxsize=4096)
def _word_pattern(word: str) -> re.Pattern[str]:
    """A `where` word: case ignored, at the start of a word (a hyphenated name is one word),
    any ending (`refratt` finds `refrattari`)."""
    body = r"\s+".join(map(re.escape, word.split()))
    start = r"(?<![\w\-])" if word[:1].isalnum() else ""
    return re.compile(start + body, re.IGNORECASE)


@lru_cache(maxsize=65536)
def _has(text: str, words: tuple[str, ...]) -> bool:
    # Remembered: every curated value is looked for in every claim, and most values share their
    # `where` and `unless` words.
    return any(_word_pattern(word).search(text) for word in words)


def _locates(value: dict, stated: Stated) -> bool:
    return (all(_has(stated.text, (item,) if isinstance(item, str) else tuple(item))
                for item in value["where"])
            and not _has(stated.text, tuple(value.get("unless", ()))))


def _kind_fits(value: dict, stated: Stated) -> bool:
    name = value.get("field", "value")
    if stated.field(name) is None:
        return False
    if name != "value":
        return True
    if stated.kind != value["kind"]:
        return False
    if value["kind"] == "duration" and stated.unit and value.get("unit"):
        return stated.unit == value["unit"]
    return True


def _tolerance(value: dict) -> float:
    if "rel_tolerance" in value:
        return value["rel_tolerance"] * abs(value["value"])
    return value["tolerance"]


def agrees(expected: float, stated: float, half: float, tolerance: float = 0.0,
           comparator: str = "=") -> bool:
    """True when a number printed as `stated` (± `half`) can be `expected` (± `tolerance`);
    `<`/`>` claims hold every value beyond their bound."""
    slack = half + tolerance + EPSILON
    if comparator in ("<", "<="):
        return expected <= stated + slack
    if comparator in (">", ">="):
        return expected >= stated - slack
    return abs(expected - stated) <= slack


def _value_agrees(value: dict, stated: Stated) -> bool:
    name = value.get("field", "value")
    return agrees(value["value"], stated.field(name), stated.half.get(name, 0.5),
                  _tolerance(value), stated.comparator)


def _ci_agrees(value: dict, stated: Stated) -> bool:
    if "ci_low" not in value or stated.low is None or stated.high is None:
        return True
    tolerance = _tolerance(value)
    return (agrees(value["ci_low"], stated.low, stated.half["low"], tolerance)
            and agrees(value["ci_high"], stated.high, stated.half["high"], tolerance))


def _expected(value: dict) -> str:
    unit = value.get("unit", "")
    number = _with_interval(value["value"], value.get("ci_low"), value.get("ci_high"))
    bound = {"low": " (lower bound)", "high": " (upper bound)"}.get(value.get("field", ""), "")
    return f"{number}{bound} {unit}".strip()


def _observed(stated: Stated, name: str = "value") -> str:
    if name != "value":
        return f"{_fmt(stated.field(name))} ({stated.printed})"
    return f"{_with_interval(stated.value, stated.low, stated.high)} {stated.unit}".strip()


def _short_source(source: str) -> str:
    bracketed = re.search(r"\[([^\]]+)\]", source)
    return excerpt(bracketed.group(1) if bracketed else source, 70)


def check_curated(curated: dict, stated: list[Stated]) -> list[Record]:
    """Each curated value against the claims and cells its `where` words locate: `pass` when
    one states it, else `fail` (verified) or `warn` (recalled) against the nearest one, else
    `missing`. A number that another curated value explains is no evidence against this one
    (one sentence often states both arms, or several endpoints)."""
    values = curated.get("values", [])
    of_kind: dict[str, list[Stated]] = {}
    for s in stated:
        of_kind.setdefault(s.kind, []).append(s)
    located = {}
    for v in values:
        # A claim's own value can state only a value of the claim's kind (see _kind_fits).
        candidates = of_kind.get(v["kind"], []) if v.get("field", "value") == "value" else stated
        located[v["id"]] = [s for s in candidates if _kind_fits(v, s) and _locates(v, s)]
    agreeing = {v["id"]: [s for s in located[v["id"]] if _value_agrees(v, s)] for v in values}
    explained = {s.ref for found in agreeing.values() for s in found}
    rows = []
    for value in values:
        label = value.get("label", value["id"])
        check = f"curated:{value['id']}"
        expected = _expected(value)
        source = f"{_short_source(value['source'])}, {value['confidence']}"
        name = value.get("field", "value")
        fitting = [s for s in agreeing[value["id"]] if _ci_agrees(value, s)]
        if fitting:
            found = fitting[0]
            rows.append(_row(check, "curated", "pass",
                             f"{label}: {expected} ({source}) is stated as {found.printed} "
                             f"in {found.where()}.", fitting, expected, _observed(found, name)))
            continue
        against = agreeing[value["id"]] or [
            s for s in located[value["id"]] if s.ref not in explained
        ]
        if not against:
            rows.append(_row(check, "curated", "missing",
                             f"{label}: {expected} ({source}) is stated by no claim or table "
                             f"cell that has the words {_describe_where(value)}.",
                             expected=expected))
            continue
        nearest = min(against, key=lambda s: abs(s.field(name) - value["value"]))
        status = "fail" if value["confidence"] == "verified" else "warn"
        what = "its interval" if agreeing[value["id"]] else "the value"
        rows.append(_row(check, "curated", status,
                         f"{label}: expected {expected} ({source}), but {what} printed in "
                         f"{nearest.where()} is {nearest.printed}.",
                         [nearest], expected, _observed(nearest, name)))
    return rows


def _describe_where(value: dict) -> str:
    items = ["/".join(item) if isinstance(item, list) else item for item in value["where"]]
    return " + ".join(items)


# ---------------------------------------------------------------------------------------------
# the two abstracts


def _multiset_difference(a: list[float], b: list[float]) -> list[float]:
    rest = list(b)
    missing = []
    for number in a:
        match = next((i for i, other in enumerate(rest) if abs(other - number) < EPSILON), None)
        if match is None:
            missing.append(number)
        else:
            rest.pop(match)
    return missing


def _numbers_text(numbers: list[float]) -> str:
    return ", ".join(f"{n:g}" for n in numbers) or "none"


def check_cross_language(alignment: list[Record] | None, languages: list[str]) -> list[Record]:
    """Every aligned abstract pair (row of alignment.csv) states the same numbers in both
    languages (digits and number words alike); a sentence left unaligned that carries numbers
    is a `warn`."""
    if not alignment or len(languages) < 2:
        return []
    src_lang, tgt_lang = languages[:2]
    rows = []
    for pair in alignment:
        src_text, tgt_text = pair["src_text"], pair["tgt_text"]
        src, tgt = numbers_in(src_text, src_lang), numbers_in(tgt_text, tgt_lang)
        if not src and not tgt:
            continue
        check = f"cross_language:pair-{pair['pair']}"
        expected = f"{src_lang}: {_numbers_text(src)}"
        observed = f"{tgt_lang}: {_numbers_text(tgt)}"
        where = {"page": "", "lang": f"{src_lang};{tgt_lang}",
                 "sentence": f"{src_text} || {tgt_text}"}
        if not src_text or not tgt_text:
            lang, text = (src_lang, src_text) if src_text else (tgt_lang, tgt_text)
            numbers = src or tgt
            rows.append(_row(check, "cross_language", "warn",
                             f"The {lang} abstract sentence “{excerpt(text)}” states "
                             f"{_numbers_text(numbers)} but has no aligned sentence in the "
                             f"other language.", expected=expected, observed=observed, **where))
            continue
        only_src, only_tgt = _multiset_difference(src, tgt), _multiset_difference(tgt, src)
        if not only_src and not only_tgt:
            rows.append(_row(check, "cross_language", "pass",
                             f"Abstract pair {pair['pair']} states {_numbers_text(src)} in both "
                             f"languages.", expected=expected, observed=observed, **where))
            continue
        rows.append(_row(check, "cross_language", "fail",
                         f"Abstract pair {pair['pair']} should state the same numbers in both "
                         f"languages, but only the {src_lang} sentence “{excerpt(src_text, 60)}”"
                         f" has {_numbers_text(only_src)} and only the {tgt_lang} sentence "
                         f"“{excerpt(tgt_text, 60)}” has {_numbers_text(only_tgt)}.",
                         expected=expected, observed=observed, **where))
    return rows


# ---------------------------------------------------------------------------------------------
# statistics: intervals, p from CI, GRIM


def check_intervals(stated: list[Stated]) -> list[Record]:
    """An interval runs from low to high, and an estimate lies inside its own interval (each
    number read as anything that rounds to it)."""
    rows = []
    for s in stated:
        if s.low is None or s.high is None:
            continue
        check = f"interval:{s.ref}"
        shown = _with_interval(s.value, s.low, s.high)
        if s.low >= s.high:
            rows.append(_row(check, "interval", "fail",
                             f"The interval of {s.printed} should run from a lower to a higher "
                             f"bound, but it runs from {_fmt(s.low)} to {_fmt(s.high)} in "
                             f"{s.where()}.", [s], "low < high", shown))
            continue
        if s.value is None or s.comparator not in ("=", "~"):
            rows.append(_row(check, "interval", "pass",
                             f"The interval {_fmt(s.low)}-{_fmt(s.high)} runs from low to high "
                             f"in {s.where()}.", [s], "low < high", shown))
            continue
        slack = s.half["value"] + EPSILON
        inside = (s.value + slack >= s.low - s.half["low"]
                  and s.value - slack <= s.high + s.half["high"])
        if inside:
            rows.append(_row(check, "interval", "pass",
                             f"{_fmt(s.value)} lies inside its interval {_fmt(s.low)}-"
                             f"{_fmt(s.high)} in {s.where()}.", [s], "low <= value <= high",
                             shown))
        else:
            rows.append(_row(check, "interval", "fail",
                             f"The estimate {_fmt(s.value)} should lie inside its interval "
                             f"{_fmt(s.low)}-{_fmt(s.high)}, but it lies outside in "
                             f"{s.where()}.", [s], "low <= value <= high", shown))
    return rows


def _ci_level(span: str, lang: str) -> float:
    """The confidence level printed with an interval (`95% CI`, `IC 99%`), else 95."""
    for start, end in confidence_spans(span, lang):
        found = re.search(r"\d+(?:[.,]\d+)?", span[start:end])
        if found:
            return float(found.group().replace(",", "."))
    return 95.0


def p_from_ci(estimate: float, low: float, high: float, level: float = 95.0) -> float:
    """The two-sided p of a ratio from its confidence interval, exactly from the normal
    distribution: SE = (ln U − ln L)/(2·z), z = |ln estimate|/SE."""
    critical = NormalDist().inv_cdf(1 - (1 - level / 100) / 2)
    se = (math.log(high) - math.log(low)) / (2 * critical)
    return math.erfc(abs(math.log(estimate)) / se / math.sqrt(2))


def p_altman_bland(estimate: float, low: float, high: float) -> float:
    """Altman & Bland (BMJ 2011): p = exp(−0.717·z − 0.416·z²), the documented cross-check."""
    z = abs(math.log(estimate)) / ((math.log(high) - math.log(low)) / (2 * 1.96))
    return math.exp(-0.717 * z - 0.416 * z * z)


def p_range(s: Stated, level: float) -> tuple[float, float]:
    """The smallest and largest p the printed ratio and interval allow (each ± half a unit)."""
    h, hl, hh = s.half["value"], s.half["low"], s.half["high"]
    lowest, highest = s.value - h, s.value + h
    nearest_one = 1.0 if lowest <= 1.0 <= highest else min((lowest, highest),
                                                             key=lambda e: abs(math.log(e)))
    farthest = max((lowest, highest), key=lambda e: abs(math.log(e)))
    widest = (max(s.low - hl, EPSILON), s.high + hh)
    narrowest = (s.low + hl, max(s.high - hh, s.low + hl + EPSILON))
    return (p_from_ci(farthest, *narrowest, level), p_from_ci(nearest_one, *widest, level))


def _p_agrees(reported: Stated, lowest: float, highest: float) -> bool:
    p, half = reported.value, reported.half["value"]
    if reported.comparator in ("<", "<="):
        return lowest < p + (EPSILON if reported.comparator == "<=" else 0)
    if reported.comparator in (">", ">="):
        return highest > p
    return lowest <= p + half + EPSILON and highest >= p - half - EPSILON


def check_p_from_ci(stated: list[Stated]) -> list[Record]:
    """A reported p against the p its sentence's ratio and 95% CI imply: the nearest ratio with
    an interval before the p in the same sentence."""
    rows = []
    claims = sorted((s for s in stated if not s.in_table), key=lambda s: s.order)
    for reported in (s for s in claims if s.kind == "p_value" and s.value is not None):
        ratios = [s for s in claims if s.kind in RATIO_KINDS and s.order < reported.order
                  and s.sentence == reported.sentence and s.page == reported.page
                  and None not in (s.value, s.low, s.high) and 0 < s.low < s.high]
        if not ratios or ratios[-1].value <= 0:
            continue
        ratio = ratios[-1]
        level = _ci_level(ratio.printed, ratio.lang)
        exact = p_from_ci(ratio.value, ratio.low, ratio.high, level)
        cross = p_altman_bland(ratio.value, ratio.low, ratio.high)
        lowest, highest = p_range(ratio, level)
        recomputed = (f"p={exact:.2g} (rounding allows {lowest:.2g}-{highest:.2g}; "
                      f"Altman-Bland {cross:.2g})")
        stated_p = f"p{reported.comparator}{_fmt(reported.value)}"
        check = f"p_from_ci:{ratio.ref}"
        if _p_agrees(reported, lowest, highest):
            rows.append(_row(check, "p_from_ci", "pass",
                             f"{ratio.printed} implies {recomputed}, which agrees with the "
                             f"reported {reported.printed} on page {reported.page}.",
                             [ratio, reported], recomputed, stated_p))
        else:
            rows.append(_row(check, "p_from_ci", "fail",
                             f"{ratio.printed} implies {recomputed}, but {ratio.where()} "
                             f"reports {reported.printed}.", [ratio, reported], recomputed,
                             stated_p))
    return rows


def grim_consistent(percent: float, n: int, half: float) -> bool:
    """True when some whole k out of n gives `percent` at its printed precision (GRIM)."""
    if n <= 0:
        return False
    centre = percent * n / 100
    return any(0 <= k <= n and abs(100 * k / n - percent) <= half + EPSILON
               for k in (math.floor(centre), math.ceil(centre)))


def _grim_pairs(stated: list[Stated], headers: list[str], lang: str,
                ) -> list[tuple[Stated, Stated | None, float, str]]:
    """(percentage, its denominator claim or None for a table column, n, where n is printed)."""
    pairs = []
    claims = sorted((s for s in stated if not s.in_table), key=lambda s: s.order)
    for index, s in enumerate(claims):
        if s.kind != "count" or s.value is None or not DENOMINATOR.match(s.printed):
            continue
        before = [c for c in claims[:index] if c.sentence == s.sentence and c.page == s.page]
        # The percentage right before the sample size, with no other sample size between.
        for earlier in reversed(before):
            if earlier.kind == "count" and DENOMINATOR.match(earlier.printed):
                break
            if earlier.kind == "percent" and earlier.comparator == "=":
                pairs.append((earlier, s, s.value, s.printed))
                break
    sizes = header_counts(headers, lang)
    for s in stated:
        if not s.in_table or s.kind != "percent" or s.value is None:
            continue
        column = s.ref.rsplit(" | ", 1)[-1].rstrip("]")
        for printed, n in sizes.get(column, [])[:1]:
            pairs.append((s, None, n, f"{printed} of the column {strip_markers(column)}"))
    return pairs


def check_grim(stated: list[Stated], headers: list[str], lang: str) -> list[Record]:
    rows = []
    for percent, denominator, n, printed_n in _grim_pairs(stated, headers, lang):
        if not float(n).is_integer():
            continue
        n = int(n)
        half = percent.half["value"]
        k = round(percent.value * n / 100)
        involved = [percent] + ([denominator] if denominator else [])
        check = f"grim:{percent.ref}"
        expected = f"k/{n} for a whole k"
        observed = f"{_fmt(percent.value)}%"
        if grim_consistent(percent.value, n, half):
            rows.append(_row(check, "grim", "pass",
                             f"{_fmt(percent.value)}% of {n} is {k}/{n} in {percent.where()}.",
                             involved, expected, observed))
        else:
            options = ", ".join(f"{k}/{n} = {100 * k / n:.{_places(half)}f}%"
                                for k in (math.floor(percent.value * n / 100),
                                          math.ceil(percent.value * n / 100)))
            rows.append(_row(check, "grim", "fail",
                             f"{percent.printed} should be a whole number out of {n} "
                             f"({printed_n}), but the nearest are {options}, in "
                             f"{percent.where()}.", involved, expected, observed))
    return rows


def _places(half: float) -> int:
    return max(0, round(-math.log10(2 * half)))


# ---------------------------------------------------------------------------------------------
# text against table


def _words(text: str, stop: frozenset[str]) -> list[str]:
    found = re.findall(r"\w[\w\-]*", text.lower())
    return [w.strip("-") for w in found
            if len(w.strip("-")) > 1 and not w.strip("-").isdigit() and w not in stop]


def same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    common = len(_common_prefix(a, b))
    return common >= SAME_WORD_PREFIX and common >= SAME_WORD_SHARE * min(len(a), len(b))


def _common_prefix(a: str, b: str) -> str:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return a[:size]


def _with_aliases(words: Iterable[str], aliases: list[list[str]]) -> set[str]:
    found = set(words)
    for group in aliases:
        lowered = [name.lower() for name in group]
        if any(same_word(word, name) for word in list(found) for name in lowered):
            found |= set(lowered)
    return found


def _by_beginning(words: Iterable[str]) -> dict[str, set[str]]:
    """`words` grouped by their first SAME_WORD_PREFIX letters: a word can be the same word
    only as the words of its own group (a shorter word only as itself)."""
    groups: dict[str, set[str]] = {}
    for word in words:
        groups.setdefault(word[:SAME_WORD_PREFIX], set()).add(word)
    return groups


def _any_same(words: Iterable[str], sentence_words: dict[str, set[str]]) -> bool:
    """True when a sentence (its words `_by_beginning`) has the same word as one of `words`."""
    return any(same_word(word, other) for word in words
               for other in sentence_words.get(word[:SAME_WORD_PREFIX], ()))


def _distinct(own: list[str], others: list[list[str]]) -> list[str]:
    return [w for w in own if not any(same_word(w, o) for words in others for o in words)]


def _cell_fits(cell: Stated, claim: Stated) -> bool:
    if cell.kind == "count":  # a cell without a unit is a count only when it is a whole number
        whole = cell.value is not None and float(cell.value).is_integer()
        return whole and claim.kind in UNITLESS_KINDS
    if claim.kind != cell.kind:
        return False
    return cell.kind != "duration" or not claim.unit or claim.unit == cell.unit


def check_text_table(stated: list[Stated], table_long: list[Record] | None, headers: list[str],
                     languages: list[str], aliases: list[list[str]]) -> list[Record]:
    """A number the text states for a table row and column must equal the cell. A sentence
    states a cell when it names the column (a word only that column header has, or one of its
    aliases) and the row (every row-label word no other row has and few sentences use); the
    cell agrees when one of that sentence's claims of the cell's kind equals it."""
    if not table_long:
        return []
    stop = frozenset().union(*(function_words(lang) or frozenset() for lang in languages))
    # a caption describes the table: it does not state its cells
    claims = [s for s in stated if not s.in_table and s.section != "caption"]
    sentences = {s.sentence for s in claims}
    sentence_words = {text: _by_beginning(_words(text, stop)) for text in sentences}
    sizes = header_counts(headers, languages[0])
    column_words = {}
    for header in headers:
        bare = strip_markers(header)
        for printed, _ in sizes.get(header, []):
            bare = bare.replace(printed, "")
        column_words[header] = _words(bare, stop)
    labels = list(dict.fromkeys(row["row"] for row in table_long))
    row_words = {label: _words(strip_markers(label), stop) for label in labels}

    @cache
    def rare(word: str) -> bool:
        using = sum(1 for words in sentence_words.values() if _any_same([word], words))
        return using <= RARE_WORD_SHARE * max(1, len(sentences))

    rows = []
    cells = [s for s in stated if s.in_table and " | " in s.ref]
    refs = Counter(cell.ref for cell in cells)
    table_values = [cell.value for cell in cells if cell.value is not None]
    for cell in cells:
        if refs[cell.ref] > 1:  # a row and column label that name several cells name none
            continue
        label, column = cell.ref[1:-1].rsplit(" | ", 1)
        names = _with_aliases(
            _distinct(column_words.get(column, []),
                      [w for h, w in column_words.items() if h != column]), aliases)
        own = row_words.get(label, [])
        required = [w for w in _distinct(own, [w for lab, w in row_words.items() if lab != label])
                    if rare(w)] or own
        if not names or not required:
            continue
        stating = [
            text for text, words in sentence_words.items()
            if _any_same(names, words)
            and all(_any_same(_with_aliases([w], aliases), words) for w in required)
        ]
        fitting = [c for c in claims if c.sentence in stating and _cell_fits(cell, c)]
        if not fitting:
            continue
        check = f"text_table:{cell.ref}"
        agreeing = [c for c in fitting
                    if agrees(cell.value, c.value, c.half["value"] + cell.half["value"])]
        if agreeing:
            found = agreeing[0]
            rows.append(_row(check, "text_table", "pass",
                             f"The table cell {cell.ref} ({cell.printed}) is stated as "
                             f"{found.printed} on page {found.page}.", [found, cell],
                             cell.printed, found.printed, page=found.page, lang=found.lang,
                             sentence=found.sentence))
            continue
        nearest = min(fitting, key=lambda c: abs(c.value - cell.value))
        if any(agrees(value, nearest.value, nearest.half["value"]) for value in table_values):
            continue  # the sentence states another cell of the table
        rows.append(_row(check, "text_table", "fail",
                         f"The table cell {cell.ref} is {cell.printed}, but the text says "
                         f"{nearest.printed} on page {nearest.page}, “{excerpt(nearest.sentence)}”.",
                         [nearest, cell], cell.printed, nearest.printed, page=nearest.page,
                         lang=nearest.lang, sentence=nearest.sentence))
    return rows


# ---------------------------------------------------------------------------------------------
# all checks


def run_checks(claims: list[Record], alignment: list[Record] | None,
               sentences: list[Record] | None, table_long: list[Record] | None,
               table: list[Record] | None, curated: dict | None,
               languages: list[str]) -> list[Record]:
    """checks.csv rows (CHECK_COLUMNS: SPEC columns plus page, lang, sentence) for one paper,
    from the rows of its CSV files (`sentences`: the abstracts' sentences, read by the wording
    check)."""
    headers = table_headers(table, table_long)
    claimed = stated_claims(claims)
    cells = stated_cells(table_long, headers, languages[0])
    everything = claimed + cells
    aliases = (curated or {}).get("aliases", [])
    rows = []
    if curated:
        rows += check_curated(curated, everything)
    rows += check_cross_language(alignment, languages)
    rows += check_intervals(everything)
    rows += check_p_from_ci(everything)
    rows += check_text_table(everything, table_long, headers, languages, aliases)
    rows += check_grim(everything, headers, languages[0])
    # The checks of the reported statistics (modules that import this one, hence here).
    from extract.consistency import check_consistency
    from extract.statcheck import check_statcheck

    rows += check_statcheck(everything) + check_consistency(everything)
    rows += check_wording(claims, sentences)
    return rows
