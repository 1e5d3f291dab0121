"""Locale-aware numbers: parse one number token, list every number a text states.

The language knowledge (decimal and grouping separators, number and fraction words, comparator
words, confidence-interval and figure labels) lives in resources/numbers/<lang>.yaml, so adding a
language is adding a file. This module does not import spaCy: the aligner calls it on every
sentence and it must stay light.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extract.resources import RESOURCES, read_yaml

NUMBERS_DIR = RESOURCES / "numbers"

# Signs a paper may print before a number: hyphen-minus and the unicode minus sign.
MINUS_SIGNS = "-\u2212"
# Characters that may separate digit groups or decimals in any configured language; which one
# means what is decided per language by parse_number.
SEPARATORS = ".,\u00a0\u202f"
DIGIT_RUN = rf"\d+(?:[{SEPARATORS}]\d+)*"
# Thousands grouped with a plain space (`1 025`, `10 000`), in a language whose `group` lists
# it: one to three digits, then groups of exactly three, not part of a longer number.
SPACE_GROUPED = r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d]|[.,]\d)"
# Two-digit decades ("anni '70", "the '90s") belong to the 1900s from this value up, else 2000s.
DECADE_PIVOT = 30


@dataclass(frozen=True)
class NumberConventions:
    """How one language writes numbers, as read from resources/numbers/<lang>.yaml."""

    lang: str
    decimal: str
    group: tuple[str, ...]
    cardinals: dict[str, float]
    fractions: dict[str, float]
    comparators: dict[str, str]  # phrase (lower case) -> SPEC comparator (<, <=, >, >=, ~)
    confidence_labels: tuple[str, ...]
    figure_labels: tuple[str, ...]
    not_numbers: tuple[str, ...]
    multipliers: dict[str, float]  # scale words after digits: `10 mil`, `8.9 billion`

    def word_value(self, phrase: str) -> float | None:
        """The value of a number or fraction word (`due`, `un terzo`), or None."""
        key = normal_phrase(phrase)
        return self.fractions.get(key, self.cardinals.get(key))


def normal_phrase(phrase: str) -> str:
    """Lower case, single spaces: the key form of number words and comparator phrases."""
    return " ".join(phrase.lower().split())


@lru_cache
def conventions(lang: str) -> NumberConventions:
    """Load the number conventions of `lang` (ISO 639-1) from resources/numbers/."""
    path = NUMBERS_DIR / f"{lang}.yaml"
    if not path.is_file():
        raise ValueError(f"no number conventions for language {lang!r}: expected {path}")
    data = read_yaml(path)
    comparators = {
        normal_phrase(phrase): symbol
        for symbol, phrases in data.get("comparators", {}).items()
        for phrase in phrases
    }
    return NumberConventions(
        lang=lang,
        decimal=data["decimal"],
        group=tuple(data.get("group", [])),
        cardinals={normal_phrase(k): float(v) for k, v in data.get("cardinals", {}).items()},
        fractions={normal_phrase(k): float(v) for k, v in data.get("fractions", {}).items()},
        comparators=comparators,
        confidence_labels=tuple(data.get("confidence_labels", [])),
        figure_labels=tuple(data.get("figure_labels", [])),
        not_numbers=tuple(data.get("not_numbers", [])),
        multipliers={normal_phrase(k): float(v) for k, v in data.get("multipliers", {}).items()},
    )


def _is_grouped(digits: str, separator: str) -> bool:
    """True when `digits` is a thousands-grouped integer with `separator` (1.234 / 12,345,678)."""
    head, *groups = digits.split(separator)
    return (
        bool(groups)
        and 1 <= len(head) <= 3
        and not head.startswith("0")
        and all(len(group) == 3 for group in groups)
    )


def _unsigned_value(digits: str, conv: NumberConventions) -> float | None:
    separators = [ch for ch in digits if not ch.isdigit()]
    if not separators:
        return float(digits)
    if conv.decimal in separators:
        whole, _, decimals = digits.rpartition(conv.decimal)
        if not decimals.isdigit():
            return None
        whole_value = _unsigned_value(whole, conv) if whole else 0.0
        if whole_value is None or not whole_value.is_integer():
            return None
        return float(f"{int(whole_value)}.{decimals}")
    kinds = set(separators)
    if len(kinds) != 1:
        return None
    separator = kinds.pop()
    if separator in conv.group and _is_grouped(digits, separator):
        return float(digits.replace(separator, ""))
    # A single '.' or ',' that cannot be a thousands group is a decimal written the other
    # language's way (Italian papers often print `p<0.05`; `0,596` is never 596).
    if len(separators) == 1 and separator in ".,":
        return float(digits.replace(separator, "."))
    return None


def parse_number(token: str, lang: str) -> float | None:
    """The value of one number token in `lang`, or None if it is not a number.

    `0,596` it -> 0.596, `11.5` en -> 11.5, `1.234` it -> 1234.0, `1,234` en -> 1234.0,
    `−3` -> -3.0; number and fraction words too (`due` -> 2.0, `un terzo` -> 0.3333).
    """
    conv = conventions(lang)
    text = token.strip()
    word = conv.word_value(text)
    if word is not None:
        return word
    sign = 1.0
    if text[:1] in MINUS_SIGNS:
        sign, text = -1.0, text[1:]
    elif text[:1] == "+":
        text = text[1:]
    if not re.fullmatch(DIGIT_RUN, text):
        return None
    value = _unsigned_value(text, conv)
    return None if value is None else sign * value


def _phrase_pattern(phrases: list[str]) -> str:
    """Alternation of phrases, longest first, spaces matching any whitespace."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in p.split()) for p in ordered)


@dataclass(frozen=True)
class NumberMention:
    """One number a text states: where, as printed, its value, and how it is written."""

    start: int
    end: int
    text: str
    value: float
    form: str  # digits, word (cardinal word), fraction (fraction word), decade ('70)


@dataclass(frozen=True)
class _Scanner:
    numbers: re.Pattern[str]
    identifiers: tuple[re.Pattern[str], ...]
    confidence: tuple[re.Pattern[str], ...]


@lru_cache
def _scanner(lang: str) -> _Scanner:
    conv = conventions(lang)
    words = _phrase_pattern([*conv.fractions, *conv.cardinals])
    spaced = f"{SPACE_GROUPED}|" if " " in conv.group else ""
    numbers = re.compile(
        rf"(?P<word>(?<!\w)(?:{words})(?![\w-]))"
        rf"|(?P<decade>(?<!\w)['‘’](?P<yy>\d{{2}})(?!\d))"
        # A leading decimal point after a space, a sign or a bracket: `p = .036`, `r = -.45`.
        # The first df of F(2,57), printed without a space: two numbers, not 2.57.
        rf"|(?P<sign>[{MINUS_SIGNS}])?(?P<digits>(?<=F\()\d{{1,3}}(?=,\d+\))|{spaced}{DIGIT_RUN}"
        rf"|(?<=[\s=<>≤≥({MINUS_SIGNS}])\.\d+)",
        re.IGNORECASE,
    )
    ci = _phrase_pattern(list(conv.confidence_labels))
    figures = _phrase_pattern(list(conv.figure_labels))
    identifiers = [
        # Digits inside a name: letters right before them (CD38, IgG1, p53, SAR650984), a
        # letter-hyphen before them (MOLP-8, TAK-079), or digit-letter-digit (1q21).
        re.compile(r"(?<=[^\W\d_])\d+|(?<=[^\W\d_]-)\d+|\d+[^\W\d_]+\d\w*"),
        # A parenthesised code right after a letter: t(4;14), del(17p), gain(1q21).
        re.compile(r"(?<=[^\W\d_])\((?=[^()]*[;A-Za-z])[^()\s]{1,15}\)"),
        # Figure and table numbers: figura 4, Table 1, fig. 2.
        re.compile(rf"(?<!\w)(?:{figures})\s*\d+", re.IGNORECASE),
    ]
    if conv.not_numbers:
        phrases = _phrase_pattern(list(conv.not_numbers))
        identifiers.append(re.compile(rf"(?<!\w)(?:{phrases})", re.IGNORECASE))
    # The level of a confidence interval: 95% CI, 95%-KI (a German compound), CI, IC 95%,
    # CI al 95%.
    confidence = (
        re.compile(rf"\d+(?:[.,]\d+)?\s*%[\s,:\-‐]*(?:{ci})(?!\w)", re.IGNORECASE),
        re.compile(rf"(?<!\w)(?:{ci})\s*(?:al\s+|at\s+|de\s+|à\s+)?\d+(?:[.,]\d+)?\s*%",
                   re.IGNORECASE),
    )
    return _Scanner(numbers=numbers, identifiers=tuple(identifiers), confidence=confidence)


# The number of an item in a list or a section sign: `1) infectious diseases; 2) ...`, a
# heading `2.` alone, `(¶3)`, `§ 4`.
_ITEM = re.compile(r"(?:^|(?<=[\s:;]))\d{1,2}(?=\)\s)")
_HEADING_NUMBER = re.compile(r"^\s*\d{1,2}\.(?=\s|$)")
_SECTION_SIGN = re.compile(r"(?<=[¶§])\s*\d+")
# The year of a citation by author and year: `(ANAI, 2023)`, `(Rossi et al. 2019; ...)`.
_AUTHOR_YEAR = re.compile(r"(?<=\()[A-Z][^\W\d_][\w.&'’\- ]{0,40}?,?\s+(\d{4})[a-z]?(?=[);,])")


def label_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of numbers that label, not quantify: list items (`1)` with no bracket
    open before it, `2.` opening the text), section signs (`¶3`, `§ 4`) and the years of
    author-year citations (`(ANAI, 2023)`)."""
    spans = [m.span() for m in (*_SECTION_SIGN.finditer(text), *_HEADING_NUMBER.finditer(text))]
    spans += [m.span(1) for m in _AUTHOR_YEAR.finditer(text)]
    items = {m.end(): m.start() for m in _ITEM.finditer(text)}
    depth = 0
    for at, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif char == ")" and at in items:
            spans.append((items[at], at + 1))
    return sorted(spans)


def confidence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Character spans of confidence-interval labels with their level (`95% CI`, `IC 95%`)."""
    return sorted(
        match.span() for pattern in _scanner(lang).confidence for match in pattern.finditer(text)
    )


def _masked_positions(text: str, lang: str) -> set[int]:
    scanner = _scanner(lang)
    spans = [m.span() for pattern in scanner.identifiers for m in pattern.finditer(text)]
    spans += confidence_spans(text, lang) + label_spans(text)
    return {pos for start, end in spans for pos in range(start, end) if text[pos].isalnum()}


def _decade_year(two_digits: str) -> float:
    yy = int(two_digits)
    return float(1900 + yy if yy >= DECADE_PIVOT else 2000 + yy)


def _is_negative(match: re.Match[str], text: str) -> bool:
    """A minus sign counts only where it is not a range dash or hyphen (`0,44-0,81`, `2-11`)."""
    return bool(match.group("sign")) and not text[match.start() - 1 : match.start()].isalnum()


def number_mentions(text: str, lang: str) -> list[NumberMention]:
    """Every number `text` states, in order, with its character span and written form.

    Digits inside identifiers (CD38, MOLP-8, t(4;14), gain(1q21)), the level of a confidence
    interval (95 of `95% CI`/`IC 95%`), figure/table numbers and list or section labels (`1)`,
    `¶3`) are left out.
    """
    conv = conventions(lang)
    scanner = _scanner(lang)
    masked = _masked_positions(text, lang)
    mentions: list[NumberMention] = []
    for match in scanner.numbers.finditer(text):
        if match.group("word"):
            form = "fraction" if normal_phrase(match.group("word")) in conv.fractions else "word"
            value = conv.word_value(match.group("word"))
            first_char = match.start()
        elif match.group("decade"):
            form, value, first_char = "decade", _decade_year(match.group("yy")), match.start("yy")
        else:
            form, first_char = "digits", match.start("digits")
            value = _unsigned_value(match.group("digits"), conv)
            if value is not None and _is_negative(match, text):
                value = -value
        if value is None or first_char in masked:
            continue
        start = match.start() if form != "digits" or _is_negative(match, text) else first_char
        mentions.append(NumberMention(start, match.end(), text[start : match.end()], value, form))
    return _scaled(mentions, text, conv)


def _scaled(mentions: list[NumberMention], text: str, conv: NumberConventions) -> list[NumberMention]:
    """`10 mil` is 10000 and `8,9 bilhões` 8.9e9: digits times the scale word right after them."""
    if not conv.multipliers:
        return mentions
    scale = re.compile(rf"\s+({_phrase_pattern(list(conv.multipliers))})(?!\w)", re.IGNORECASE)
    result: list[NumberMention] = []
    skip_until = -1
    for mention in mentions:
        if mention.start < skip_until:
            continue
        found = scale.match(text, mention.end) if mention.form == "digits" else None
        if found:
            factor = conv.multipliers[normal_phrase(found.group(1))]
            mention = NumberMention(mention.start, found.end(), text[mention.start:found.end()],
                                    mention.value * factor, mention.form)
            skip_until = found.end()
        result.append(mention)
    return result


def numbers_in(text: str, lang: str) -> list[float]:
    """Every number `text` states, in order: digits, number words and decades.

    Digits inside identifiers (CD38, MOLP-8, t(4;14), gain(1q21)), the level of a confidence
    interval (95 of `95% CI`/`IC 95%`) and figure/table numbers are left out.
    """
    return [mention.value for mention in number_mentions(text, lang)]
