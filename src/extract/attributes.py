"""What each claim is about: its endpoint, statistic, population, arm, comparator arm and trial.

Two steps, both over plain text:

1. `learn_names` reads the paper's own names from all its text: abbreviations it defines in
   parentheses (`PFS mediana (mPFS)`, `insufficienza renale (IR; ...)`, `A/B (AB)`), trials
   (a capitalised name right after `studio`/`study` or before `trial`, or a list after `studi
   clinici, tra cui`), and arms (a name after `braccio`, before `arm`, or on both sides of
   `vs`/`rispetto a`, or an abbreviation defined as a combination of agents).
2. `read_attributes` gives each claim of a sentence its attributes, from the sentence and what
   came before it in the same paragraph or under the same heading:

   - `endpoint`: the measure named right after the number (`31,8% di VGPR`), else the last one
     named before it in its clause, else in its sentence; a bound (`eGFR <60`, `età ≥75 anni`)
     measures the word right before it; a ratio or p-value without one in its sentence measures
     the last endpoint its paragraph named (a ratio compares arms on what the paragraph is about);
   - `statistic`: by kind (resources/claims/context.yaml `statistics`), or a cue before the number
     (`mediana`, `incremento di`), or `cut-off` for a bound;
   - `population`, `arm`: the one named nearest the number in its clause (an arm after the number
     and before a comparison word, else before it), else in its sentence; values listed with as
     many arms or populations (`11,4 vs 5,6 mesi nel braccio A e B`, `respectively`) are paired
     in order;
   - `versus`: for a ratio or a difference, the arm it is compared with (`A vs B`, or the pair the
     paragraph compared last);
   - `trial`: named in the sentence, else the last trial named alone in the paragraph, else
     under the same heading.

A field's words (endpoints, populations) come from the vocabulary files the config names; the
cue words of each language from resources/claims/context.yaml. Nothing here knows a paper.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from extract.langdata import language_data
from extract.numbers import number_mentions
from extract.resources import RESOURCES, read_yaml

CLAIMS_DIR = RESOURCES / "claims"
FIELDS_DIR = CLAIMS_DIR / "fields"
ATTRIBUTES = ("endpoint", "statistic", "population", "arm", "versus", "trial")
# Kinds whose numbers describe the study rather than measure an endpoint.
UNMEASURED_KINDS = frozenset({"count", "phase", "year", "date", "century", "range"})
RATIO_KINDS = frozenset({"hr", "odds_ratio", "risk_ratio", "prevalence_ratio", "rate_ratio", "or", "rr"})
BOUNDS = frozenset({"<", "<=", ">", ">="})
# Labels of statistics and intervals: never a trial or an arm.
NOT_NAMES = frozenset({"HR", "CI", "IC", "OR", "RR", "SD", "DP", "DE", "IQR", "ITT", "NS", "ET"})
# A name a paper gives a trial (`ALFA-1`, `BETA-MM2`): capitals, digits, hyphens.
TRIAL_SHAPE = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*")
# A name a paper gives an arm (`AbCd`, `Ab-Cd`, `Cd`, `ABC`): a capital, then letters, digits,
# joined by hyphens or plus signs.
ARM_SHAPE = re.compile(r"[A-Z][A-Za-z0-9]*(?:[-+][A-Za-z0-9]+)*")
# A parenthesised abbreviation and what follows it in the brackets (`(IR; eGFR <60 ...)`).
DEFINED = re.compile(r"\((?P<abbr>[A-Za-z][\w+\-]{0,13})(?:[;,][^()]*)?\)")
NAME_MAX = 14
# How much text before a parenthesised abbreviation its long form may take.
LONG_FORM_CHARS = 80
# How far (in words) a name may stand from the cue that makes it a trial or an arm.
TRIAL_CUE_WORDS = 6
COMPARISON_WORDS = 6
COMBINATION_WORDS = 4
# Words between a number and the endpoint named right after it (`31,8% di VGPR`).
AFTER_GAP_WORDS = 3
# A population named after a number counts when a head noun stands this close before it.
HEAD_CHARS = 25
WORD = re.compile(r"[^\W_][\w’'+\-/]*|[;:,()\[\]]")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    label: str
    statistic: str = ""
    unit: str = ""  # the only unit of the claims it can measure (`age`: years), if any


@dataclass
class Terms:
    """Printed terms of named things, matched case-sensitively when a term has a capital."""

    exact: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    folded: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    compiled: tuple[re.Pattern[str] | None, re.Pattern[str] | None] | None = None

    def add(self, term: str, label: str, statistic: str = "", unit: str = "") -> None:
        term = " ".join(str(term).split())
        if term == term.lower():
            self.folded.setdefault(term, (label, statistic, unit))
        else:
            self.exact.setdefault(term, (label, statistic, unit))
        self.compiled = None

    @property
    def pattern(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        if self.compiled is None:
            self.compiled = (_alternation(self.exact, 0), _alternation(self.folded, re.IGNORECASE))
        return self.compiled

    def find(self, text: str) -> list[Mention]:
        found = []
        for regex, table, fold in zip(self.pattern, (self.exact, self.folded), (False, True),
                                      strict=True):
            if regex is None:
                continue
            for match in regex.finditer(text):
                key = " ".join(match.group(1).split())
                label, statistic, unit = table[key.lower() if fold else key]
                found.append(Mention(match.start(1), match.end(1), label, statistic, unit))
        return _longest(found)


def _alternation(terms: dict[str, Any], flags: int) -> re.Pattern[str] | None:
    if not terms:
        return None
    body = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(terms, key=len, reverse=True))
    # A lookahead finds every match, overlapping ones too (`tasso di risposta` and `risposta
    # renale completa` in `tasso di risposta renale completa`); `_longest` keeps the longer.
    return re.compile(rf"(?<![\w\-])(?=((?:{body}))(?![\w\-]))", flags)


def _longest(mentions: Iterable[Mention]) -> list[Mention]:
    """Non-overlapping mentions, the longer first, then in text order."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def _words_of(by_lang: dict[str, Any] | None, lang: str) -> list[str]:
    by_lang = by_lang or {}
    return [str(w) for key in ("all", lang) for w in (by_lang.get(key) or [])]


def _cue(words: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({" ".join(w.split()) for w in words}, key=len, reverse=True)
    if not words:
        return None
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"(?<![\w\-])(?:{body})(?![\w\-])", re.IGNORECASE)


def field_file(name: str) -> Path:
    """A vocabulary named in the config: a field of resources/claims/fields/, or a YAML path."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml"):
        return path
    found = FIELDS_DIR / f"{name}.yaml"
    if not found.is_file():
        known = ", ".join(sorted(p.stem for p in FIELDS_DIR.glob("*.yaml")))
        raise ValueError(f"no vocabulary {name!r} (resources/claims/fields/: {known})")
    return found


@dataclass
class Vocabulary:
    """The words of one language: field terms and the cue words of context.yaml."""

    lang: str
    endpoints: Terms
    populations: Terms
    arms: Terms
    population_patterns: list[tuple[re.Pattern[str], str]]
    cues: dict[str, re.Pattern[str] | None]
    statistics: dict[str, str]
    statistic_cues: dict[str, re.Pattern[str] | None]


def _add_entries(terms: Terms, entries: dict[str, Any] | None) -> None:
    for label, entry in (entries or {}).items():
        if isinstance(entry, dict):
            for term in entry.get("terms", []):
                terms.add(term, str(entry.get("endpoint", label)), str(entry.get("statistic", "")),
                          str(entry.get("unit", "")))
        else:
            for term in entry:
                terms.add(term, str(label))


NAME_SLOT = (r"(?:(?P<x>[A-Z][\w+]*(?:-[A-Z0-9][\w+]*)*)"
             r"|[^\W\d_][\w’'\-]*(?:\s+[^\W\d_][\w’'\-]*){0,3}\s+\((?P<y>[A-Z][\w+\-]*)\))")


@lru_cache
def vocabulary(lang: str, fields: tuple[str, ...] = ()) -> Vocabulary:
    """The vocabulary of `lang`: resources/claims/endpoints.yaml and context.yaml, then each
    field file of `fields` (names of resources/claims/fields/ or YAML paths)."""
    context = read_yaml(CLAIMS_DIR / "context.yaml")
    endpoints, populations, arms = Terms(), Terms(), Terms()
    _add_entries(endpoints, read_yaml(CLAIMS_DIR / "endpoints.yaml"))
    _add_entries(populations, context.get("populations"))
    _add_entries(arms, context.get("arms"))
    patterns: list[tuple[re.Pattern[str], str]] = []
    sources = [context] + [read_yaml(field_file(name)) or {} for name in fields]
    for number, data in enumerate(sources):
        if number:
            _add_entries(endpoints, data.get("endpoints"))
            _add_entries(populations, data.get("populations"))
        for template, by_lang in (data.get("population_patterns") or {}).items():
            for regex in _words_of(by_lang, lang):
                patterns.append((re.compile(rf"(?<![\w\-])(?:{regex.replace('{NAME}', NAME_SLOT)})"
                                            rf"(?![\w\-])"), str(template)))
    cues = {name: _cue(_words_of(by_lang, lang)) for name, by_lang in context["cues"].items()}
    statistic_cues = {name: _cue(_words_of(by_lang, lang))
                      for name, by_lang in context.get("statistic_cues", {}).items()}
    return Vocabulary(lang, endpoints, populations, arms, patterns, cues,
                      dict(context.get("statistics", {})), statistic_cues)


# ---------------------------------------------------------------------------------------------
# names a paper gives its trials, arms and abbreviations


@dataclass
class Names:
    """What a paper's own text names: trials, arms, and abbreviations of endpoints and
    populations it defines."""

    trials: set[str] = field(default_factory=set)
    arms: set[str] = field(default_factory=set)
    endpoints: dict[str, tuple[str, str]] = field(default_factory=dict)
    populations: dict[str, str] = field(default_factory=dict)
    defined: set[str] = field(default_factory=set)  # abbreviations of anything but a trial


def _tokens(text: str) -> list[re.Match[str]]:
    return list(WORD.finditer(text))


def _matches(cue: re.Pattern[str] | None, text: str) -> list[re.Match[str]]:
    return list(cue.finditer(text)) if cue else []


def _word_at(tokens: list[re.Match[str]], offset: int, step: int) -> int | None:
    """The index of the first token starting at/after `offset` (step 1) or ending at/before it
    (step -1)."""
    if step > 0:
        return next((i for i, t in enumerate(tokens) if t.start() >= offset), None)
    return next((i for i in range(len(tokens) - 1, -1, -1) if tokens[i].end() <= offset), None)


def _is_arm_shape(word: str) -> bool:
    if len(word) < 2 or len(word) > NAME_MAX or not ARM_SHAPE.fullmatch(word) or word in NOT_NAMES:
        return False
    letters = [c for c in word if c.isalpha()]
    mixed = any(c.isupper() for c in letters[1:]) and any(c.islower() for c in letters)
    return mixed or word.isupper() or (len(word) <= 3 and letters[0].isupper())


def _is_regimen_shape(word: str) -> bool:
    """A name of a combination of agents (`AbCd`, `Ab-Cd`, `Cd`, `ABC`), not of one agent
    (`Abc`): two capitals, or two characters."""
    return _is_arm_shape(word) and (sum(c.isupper() for c in word) >= 2 or len(word) <= 2)


def _is_trial_shape(word: str) -> bool:
    return (TRIAL_SHAPE.fullmatch(word) is not None and word not in NOT_NAMES
            and sum(c.isalpha() for c in word) >= 3 and len(word) <= NAME_MAX + 4)


def learn_names(texts: Sequence[tuple[str, str]], fields: tuple[str, ...] = ()) -> Names:
    """The names a paper's text (`(lang, text)` pairs: its paragraphs) gives its trials, arms and
    abbreviations."""
    names = Names()
    for lang, text in texts:
        _learn_abbreviations(text, vocabulary(lang, fields), names)
    for lang, text in texts:
        vocab = vocabulary(lang, fields)
        _learn_trials(text, vocab, names)
    for lang, text in texts:
        _learn_arms(text, vocabulary(lang, fields), names)
    names.arms -= names.trials | set(names.endpoints) | set(names.populations)
    return names


def _learn_abbreviations(text: str, vocab: Vocabulary, names: Names) -> None:
    for match in DEFINED.finditer(text):
        abbr = match.group("abbr")
        if (not any(c.isupper() for c in abbr) or abbr in NOT_NAMES
                or re.search(r"\b(?:1[89]|20)\d\d\b", match.group(0))):
            continue  # `(Xi, 2017)` cites an author
        before = text[max(0, match.start() - LONG_FORM_CHARS) : match.start()].rstrip()
        if not (vocab.cues.get("trial") and vocab.cues["trial"].search(before[-LONG_FORM_CHARS:])):
            names.defined.add(abbr)  # `Human Immunodeficiency Virus (HIV)`: not a trial
        endpoint = [m for m in vocab.endpoints.find(before) if m.end == len(before)
                    and _initial(abbr, before[m.start :])]
        population = [m for m in _populations(before, vocab, Names()) if m.end == len(before)
                      and _initial(abbr, before[m.start :])]
        if endpoint:
            names.endpoints.setdefault(abbr, (endpoint[0].label, endpoint[0].statistic))
        elif population:
            names.populations.setdefault(abbr, population[0].label)
        elif _is_regimen_shape(abbr) and not abbr.isupper() and _combination(before, vocab):
            names.arms.add(abbr)


def _initial(abbreviation: str, long_form: str) -> bool:
    """An abbreviation begins with the initial of a word of its long form (`PFS mediana
    (mPFS)`, `sopravvivenza libera da progressione (PFS)`; not `índice de viviendas (IV)`)."""
    return abbreviation[:1].lower() in {word[:1].lower() for word in long_form.split()}


def _combination(before: str, vocab: Vocabulary) -> bool:
    """The few words before a parenthesised abbreviation join agents (`A/B`, `con X e Y`)."""
    words = before.split()[-COMBINATION_WORDS:]
    tail = " ".join(words)
    joined = vocab.cues.get("combination")
    return any(sign in tail for sign in "/+") or bool(joined and joined.search(tail))


def _learn_trials(text: str, vocab: Vocabulary, names: Names) -> None:
    tokens = _tokens(text)
    known = set(names.endpoints) | set(names.populations) | names.defined

    def take(index: int | None) -> bool:
        if index is None or not 0 <= index < len(tokens):
            return False
        word = tokens[index].group(0)
        label = text[tokens[index].end() : tokens[index].end() + 1] == ":"  # `METHODS:`
        if (_is_trial_shape(word) and not label and word not in known
                and not vocab.endpoints.find(word)):
            names.trials.add(word)
            return True
        return False

    for cue in _matches(vocab.cues.get("trial"), text):
        after = _word_at(tokens, cue.end(), 1)
        before = _word_at(tokens, cue.start(), -1)
        if not take(after):
            take(before)
        # `ALFA-1 è il primo studio`: the sentence's first word, a few words before the cue.
        sentence_start = max(text.rfind(". ", 0, cue.start()) + 2, 0) if ". " in text[: cue.start()] else 0
        first = _word_at(tokens, sentence_start, 1)
        if first is not None and before is not None and before - first < TRIAL_CUE_WORDS:
            take(first)
    for cue in _matches(vocab.cues.get("trials"), text):
        index = _word_at(tokens, cue.end(), 1)
        rest = text[tokens[index].start():] if index is not None else ""
        including = vocab.cues.get("including")
        lead = including.match(rest.lstrip(", ")) if including else None
        offset = cue.end() + (len(rest) - len(rest.lstrip(", ")) + lead.end() if lead else 0)
        index = _word_at(tokens, offset, 1)
        while index is not None and index < len(tokens) and take(index):
            index += 1
            while index < len(tokens) and tokens[index].group(0).lower() in {",", "e", "and", "y",
                                                                             "et", "und"}:
                index += 1


def _learn_arms(text: str, vocab: Vocabulary, names: Names) -> None:
    tokens = _tokens(text)
    excluded = names.trials | set(names.endpoints) | set(names.populations)
    function_words = {str(w).lower() for w in (language_data(vocab.lang) or {}).get(
        "function_words", [])}

    def arm(index: int | None, shape: Callable[[str], bool] = _is_arm_shape) -> str:
        if index is None or not 0 <= index < len(tokens):
            return ""
        word = tokens[index].group(0)
        ok = (shape(word) and word not in excluded and word.lower() not in function_words
              and not vocab.endpoints.find(word))
        return word if ok else ""

    def capitalised(index: int) -> bool:
        return 0 <= index < len(tokens) and tokens[index].group(0)[:1].isupper()

    def regimen(index: int) -> str:
        # a word of a person's or place's name (`Xi Jinping`) is no regimen
        alone = not capitalised(index - 1) and not capitalised(index + 1)
        return arm(index, _is_regimen_shape) if alone else ""

    for cue in _matches(vocab.cues.get("arm_before"), text):
        found = arm(_word_at(tokens, cue.end(), 1))
        if found:
            names.arms.add(found)
    for cue in _matches(vocab.cues.get("arm_after"), text):
        index = _word_at(tokens, cue.start(), -1)
        found = arm(index)
        if found and index is not None:
            names.arms.add(found)
            # `the XyZ and Zy arms`: the name before a joiner too
            if index >= 2 and vocab.cues["combination"] and vocab.cues["combination"].fullmatch(
                    tokens[index - 1].group(0)) and arm(index - 2):
                names.arms.add(arm(index - 2))
    for cue in _matches(vocab.cues.get("comparison"), text):
        first, last = _word_at(tokens, cue.start(), -1), _word_at(tokens, cue.end(), 1)
        if first is None or last is None:
            continue
        left = next((regimen(i) for i in range(first, max(first - COMPARISON_WORDS, -1), -1)
                     if regimen(i)), "")
        right = next((regimen(i) for i in range(last, min(last + COMPARISON_WORDS, len(tokens)))
                      if regimen(i)), "")
        if left and right and left != right:
            names.arms |= {left, right}


# ---------------------------------------------------------------------------------------------
# the attributes of each claim


@dataclass(frozen=True)
class ClaimSpan:
    """A claim of a sentence: where its span is (character offsets) and what it states.
    `group` is shared by the values of one list (`11,4 vs 5,6 mesi`), else -1."""

    start: int
    end: int
    kind: str
    value: float | None
    comparator: str = "="
    unit: str = ""
    group: int = -1


@dataclass
class Sentence:
    """A sentence with its claims; `paragraph` and `scope` (the heading it is under) number the
    paragraphs and headings of the paper."""

    text: str
    lang: str
    paragraph: int
    scope: int
    claims: list[ClaimSpan]


@dataclass
class _Found:
    endpoints: list[Mention]
    populations: list[Mention]
    arms: list[Mention]
    trials: list[Mention]


@dataclass
class _State:
    """What the paragraph and the heading named so far."""

    paragraph: int = -1
    scope: int = -1
    trial_paragraph: str = ""
    trial_scope: str = ""
    endpoint: str = ""
    pair: tuple[str, str] = ("", "")
    population: str = ""


def _names_terms(names: dict[str, Any] | set[str]) -> Terms:
    terms = Terms()
    for name in names:
        value = names[name] if isinstance(names, dict) else name
        label, statistic = value if isinstance(value, tuple) else (value, "")
        terms.add(name, label, statistic)
    return terms


def _populations(text: str, vocab: Vocabulary, names: Names) -> list[Mention]:
    found = vocab.populations.find(text) + _names_terms(names.populations).find(text)
    for regex, template in vocab.population_patterns:
        for match in regex.finditer(text):
            groups = match.groupdict()
            slot = groups.get("x") or groups.get("y") or ""
            found.append(Mention(match.start(), match.end(), template.replace("{x}", slot)))
    return _longest(found)


def _anchor(sentence: str, claim: ClaimSpan, lang: str) -> int:
    """Where the claim's value is printed: the first number of its span equal to its value."""
    span = sentence[claim.start : claim.end]
    for mention in number_mentions(span, lang):
        if claim.value is not None and abs(mention.value - claim.value) < 1e-9:
            return claim.start + mention.start
    return claim.start


def _clauses(text: str) -> list[tuple[int, int]]:
    """Top-level `;`-separated parts of a sentence (a `;` inside brackets separates nothing)."""
    bounds, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += char in "([" and 1 or (char in ")]" and -1 or 0)
        if char == ";" and depth <= 0:
            bounds.append((start, i))
            start = i + 1
    bounds.append((start, len(text)))
    return bounds


class _Reader:
    """Reads the attributes of the claims of one sentence."""

    def __init__(self, sentence: Sentence, vocab: Vocabulary, names: Names, state: _State):
        self.s, self.text, self.vocab, self.state = sentence, sentence.text, vocab, state
        text, lang = self.text, sentence.lang
        self.claims = sorted(sentence.claims, key=lambda c: (c.start, c.end))
        self.anchors = {c: _anchor(text, c, lang) for c in self.claims}
        self.claims.sort(key=lambda c: self.anchors[c])
        self.extent = self._extents()
        self.clauses = _clauses(text)
        endpoints = _longest(vocab.endpoints.find(text) + _names_terms(names.endpoints).find(text))
        self.cutoff_measure: dict[ClaimSpan, Mention] = {}
        for claim in self.claims:
            measure = self._measure(claim, endpoints)
            if measure:
                self.cutoff_measure[claim] = measure
        # A measure named right before its bound (`età ≥75 anni`, `(eGFR <60`) defines a group,
        # not what other numbers measure; one the bound defines in brackets after it (`risposta
        # sostenuta (≥60 giorni) del 31,3%`) or names after it (`seis ou mais consultas`)
        # stays an endpoint.
        measures = {m for c, m in self.cutoff_measure.items() if m.end <= self.anchors[c]
                    and "(" not in self.text[m.end : self.anchors[c]]}
        self.paired: list[list[Mention]] = []
        populations = _populations(text, vocab, names) + self._age_groups()
        self.found = _Found(
            endpoints=[m for m in endpoints if m not in measures],
            populations=self._negated(self._lists(_longest(populations))),
            arms=_longest(_names_terms(names.arms).find(text) + vocab.arms.find(text)),
            trials=_names_terms(names.trials).find(text),
        )
        self.arms = self._own_arms()

    # -- geometry ------------------------------------------------------------------------------
    def _extents(self) -> dict[ClaimSpan, tuple[int, int]]:
        """Each claim's own stretch of text; a list's values split its span between them."""
        extent = {}
        for claim in self.claims:
            members = [c for c in self.claims if claim.group >= 0 and c.group == claim.group]
            if len(members) > 1:
                at = members.index(claim)
                start = claim.start if at == 0 else self.anchors[claim]
                end = self.anchors[members[at + 1]] if at + 1 < len(members) else claim.end
                extent[claim] = (start, end)
            else:
                extent[claim] = (claim.start, claim.end)
        return extent

    def _clause(self, offset: int) -> tuple[int, int]:
        return next((c for c in self.clauses if c[0] <= offset <= c[1]), (0, len(self.text)))

    def _measured(self, claim: ClaimSpan) -> bool:
        """A number that measures something of people (not a bound, a phase or a count of
        things): it has a population and an arm. A sample size (`n=55`) has them too."""
        if claim in self.cutoff_measure:
            return False
        return claim.kind not in UNMEASURED_KINDS or self._sample_size(claim) or (
            claim.kind == "count" and self._counts_people(claim))

    def _counts_people(self, claim: ClaimSpan) -> bool:
        """`1.489 puérperas`: a count whose span ends in a population."""
        span = self.text[self.anchors[claim] : claim.end]
        return bool(_populations(span, self.vocab, Names()))

    def _sample_size(self, claim: ClaimSpan) -> bool:
        return claim.kind == "count" and bool(
            re.match(r"\W*n\s*=", self.text[claim.start : claim.end], re.IGNORECASE))

    # -- what the sentence names ---------------------------------------------------------------
    def _measure(self, claim: ClaimSpan, endpoints: list[Mention]) -> Mention | None:
        """The measure a bound or an age range is on (`eGFR <60`, `età ≥75 anni`); in a list of
        bounds (`età (≥75 anni, 65-74 anni e <65 anni)`) the one the first is on."""
        if claim.comparator not in BOUNDS and claim.kind != "range":
            return None
        anchor = self.anchors[claim]
        age = self.vocab.cues.get("age")
        candidates = [m for m in endpoints if not m.unit or m.unit == claim.unit]
        candidates += [Mention(m.start(), m.end(), "age") for m in _matches(age, self.text)
                       if claim.unit == "years"]
        for mention in sorted(candidates, key=lambda m: -m.end):
            gap = self.text[mention.end : anchor]
            if mention.end <= anchor and len(gap.split()) <= 3 and not re.search(r"\d", gap):
                return mention
        after = [m for m in candidates if m.start >= claim.end]  # `seis ou mais consultas`
        if after and len(self.text[claim.end : after[0].start].split()) <= 1:
            return after[0]
        earlier = [c for c in self.cutoff_measure if self.anchors[c] < anchor]
        if earlier:
            gap = self.text[earlier[-1].end : claim.start]
            if len(gap.split()) <= 2 and not re.search(r"[\d()]", gap):
                return self.cutoff_measure[earlier[-1]]
        return None

    def _age_groups(self) -> list[Mention]:
        """An age bound or range (`età ≥75 anni`, `65-74 anni`) names an age group."""
        groups = []
        signs = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}
        for claim, measure in self.cutoff_measure.items():
            if measure.label != "age" or claim.unit != "years":
                continue
            if claim.kind == "range":
                bounds = re.findall(r"\d+", self.text[claim.start : claim.end])
                label = f"{bounds[0]}-{bounds[-1]} years" if len(bounds) >= 2 else ""
            else:
                label = f"{signs.get(claim.comparator, '')}{claim.value:g} years"
            if label:
                groups.append(Mention(min(measure.start, claim.start), claim.end, label))
        return groups

    def _lists(self, populations: list[Mention]) -> list[Mention]:
        """Populations listed together (`del17p, t(4;14) o t(14;16)`) are one population,
        unless as many values follow to pair with them (`gain(1q21) e amp(1q21) (HR 0,569 e
        0,462)`): those are kept apart, and remembered in `paired`."""
        merged: list[list[Mention]] = []
        for mention in populations:
            if merged and self._joined(merged[-1][-1], mention):
                merged[-1].append(mention)
            else:
                merged.append([mention])
        result = []
        for group in merged:
            following = [c for c in self.claims if self.anchors[c] > group[-1].end]
            if len(group) == 1:
                result += group
            elif following and self._clause(self.anchors[following[0]]) == self._clause(
                    group[-1].end) and len(self._list_of(following[0])) == len(group):
                result += group
                self.paired.append(group)
            else:
                result.append(Mention(group[0].start, group[-1].end,
                                      "/".join(dict.fromkeys(m.label for m in group))))
        return result

    def _joined(self, first: Mention, second: Mention) -> bool:
        gap = self.text[first.end : second.start]
        words = [w for w in re.split(r"[\s,]+", gap) if w]
        return len(words) <= 2 and not re.search(r"[\d;()]", gap) and bool(
            "," in gap or any(len(w) <= 2 for w in words))

    def _list_of(self, claim: ClaimSpan) -> list[ClaimSpan]:
        """The values listed with `claim`, itself first: the values of its match (`11,4 vs 5,6
        mesi`), or the values of its kind right before `respectively` (ratios and p-values
        between them aside), else `claim` alone."""
        if claim.group >= 0:
            return [c for c in self.claims if c.group == claim.group]
        cue = self.vocab.cues.get("respectively")
        _, high = self._clause(self.anchors[claim])
        match = cue.search(self.text, self.anchors[claim], high) if cue else None
        if not match:
            return [claim]
        between = [c for c in self.claims if self.anchors[claim] <= self.anchors[c] < match.start()
                   and c.kind not in RATIO_KINDS and c.kind != "p_value"]
        alike = all(c.kind == claim.kind and c.group < 0 for c in between)
        return between if alike else [claim]

    def _negated(self, populations: list[Mention]) -> list[Mention]:
        negation = self.vocab.cues.get("negation")
        result = []
        for mention in populations:
            before = self.text[max(0, mention.start - 12) : mention.start]
            match = negation.search(before) if negation else None
            if match and not before[match.end():].strip():
                mention = Mention(mention.start - len(before) + match.start(), mention.end,
                                  f"without {mention.label}")
            result.append(mention)
        return result

    # -- the attributes ------------------------------------------------------------------------
    def read(self) -> list[dict[str, str]]:
        rows = {claim: self._attributes(claim) for claim in self.claims}
        self._pair_lists(rows)
        self._from_to(rows)
        for claim in self.claims:
            self._compare(claim, rows)
        self._remember(rows)
        return [rows[claim] for claim in self.s.claims]

    def _attributes(self, claim: ClaimSpan) -> dict[str, str]:
        endpoint = self._endpoint(claim)
        measured = self._measured(claim)
        return {
            "endpoint": endpoint.label if endpoint else "",
            "statistic": self._statistic(claim, endpoint),
            "population": self._population(claim) if measured else "",
            "arm": self.arms.get(claim, (0, ""))[1] if measured else "",
            "versus": "",
            "trial": self._trial(claim),
        }

    def _endpoint(self, claim: ClaimSpan) -> Mention | None:
        if claim in self.cutoff_measure:
            return self.cutoff_measure[claim]
        if claim.kind in UNMEASURED_KINDS:
            return None
        anchor, (_, end) = self.anchors[claim], self.extent[claim]
        endpoints = [m for m in self.found.endpoints if not m.unit or m.unit == claim.unit]
        after = [m for m in endpoints if m.start >= end]
        if after:
            gap = self.text[end : after[0].start]
            if len(gap.split()) <= AFTER_GAP_WORDS and not re.search(r"[\d;()\[\],.]", gap):
                return after[0]
        low, _ = self._clause(anchor)
        before = [m for m in endpoints if m.end <= anchor]
        in_clause = [m for m in before if m.start >= low]
        if in_clause or before:
            return (in_clause or before)[-1]
        if (claim.kind in RATIO_KINDS or claim.kind == "p_value") and self.state.endpoint:
            return Mention(0, 0, self.state.endpoint)
        return None

    def _statistic(self, claim: ClaimSpan, endpoint: Mention | None) -> str:
        kind = claim.kind
        if claim in self.cutoff_measure:
            return "cut-off"
        if self._sample_size(claim):
            return "n"
        named = self.vocab.statistics.get(kind, kind.replace("_", " "))
        if kind in UNMEASURED_KINDS or kind in RATIO_KINDS or kind == "p_value":
            return named
        anchor = self.anchors[claim]
        cues = self.vocab.statistic_cues
        difference = cues.get("difference")
        low, _ = self._clause(anchor)
        if difference and any(not self.text[m.end() : anchor].strip()
                              for m in difference.finditer(self.text, low, anchor)):
            return "difference"
        if endpoint is None:
            return named
        if endpoint.statistic:
            return endpoint.statistic
        # `tempo mediano alla prima risposta di 35 giorni`: a cue from the endpoint on.
        for name in ("median", "mean"):
            cue = cues.get(name)
            if cue and endpoint.end and cue.search(self.text, endpoint.start, anchor):
                return name
        return named

    def _population(self, claim: ClaimSpan) -> str:
        anchor, end = self.anchors[claim], self.extent[claim][1]
        low, high = self._clause(anchor)
        mentions = [m for m in self.found.populations if not self._measured_share(m)]
        closing = self._closing(anchor)
        head = self.vocab.cues.get("population_head")
        if closing is not None and head:
            # `(mediana ... 19 mesi per B) nei soggetti con X`: the brackets' people
            lead = head.match(self.text, closing + 1 + len(self.text[closing + 1 :])
                              - len(self.text[closing + 1 :].lstrip()))
            words = self.text[closing + 1 : closing + 1 + HEAD_CHARS]
            if lead is None:
                first = re.match(r"\s*[^\W\d_]+\s+", words)
                lead = head.match(self.text, closing + 1 + first.end()) if first else None
            after = [m for m in mentions if lead and lead.end() <= m.start <= lead.end()
                     + HEAD_CHARS]
            if after:
                return after[0].label
        right_after = [m for m in mentions if m.start >= end or (claim.kind == "count"
                                                                  and m.start > anchor)]
        if right_after:
            gap = self.text[end : right_after[0].start]
            if len(gap.split()) <= 1 and not re.search(r"[\d;()\[\],.]", gap):
                # `16,7 mesi dell'intera popolazione`; a count of people: `1.489 puérperas`
                return right_after[0].label
        head = self.vocab.cues.get("population_head")
        own = head.search(self.text, end, end + HEAD_CHARS) if head else None
        gap = self.text[end : own.start()].split() if own else []
        if own and len(gap) <= 2 and all(w.isalpha() and w.islower() for w in gap):
            # `circa un terzo dei pazienti`, `il 28% della popolazione`: a share of the people
            # it names; their own qualifier (`dei pazienti fragili`) is its population
            after = [m for m in mentions if own.end() <= m.start <= own.end() + HEAD_CHARS // 2]
            if after:
                return after[0].label
            if self._anaphora():
                return self.state.population
            # people named before it hold across a comma only when they open the sentence
            # (`In frail patients, 30% of patients`), not as an item of a list
            earlier = [m for m in self.found.populations if m.end <= claim.start and (
                m.start < HEAD_CHARS or "," not in self.text[m.end : claim.start])]
            return earlier[-1].label if earlier else ""
        before = [m for m in self.found.populations if m.end <= anchor]
        in_clause = [m for m in before if m.start >= low]
        if in_clause or before:
            nearest = (in_clause or before)[-1]
            # the people a share counts (`quota di pazienti fragili (31,2%)`) are its subject
            return "" if self._measured_share(nearest) else nearest.label
        listed = self._list_of(claim)
        following = [self.anchors[c] for c in self.claims if self.anchors[c] > anchor
                     and not self._sample_size(c) and c not in listed]
        limit = min([high, *following])
        after = [m for m in mentions if end <= m.start <= limit]
        if after and head and head.search(self.text, max(end, after[0].start - HEAD_CHARS),
                                          after[0].start):
            return after[0].label  # `(n=93) nel sottogruppo di soggetti refrattari a X`
        return self.state.population if self._anaphora() else ""

    def _anaphora(self) -> bool:
        """`In questo sottogruppo`: the sentence is about the people its paragraph named last."""
        cue = self.vocab.cues.get("anaphora")
        return bool(cue and cue.search(self.text) and not self.found.populations)

    def _closing(self, offset: int) -> int | None:
        """Where the brackets around `offset` close, if it is inside brackets."""
        depth = 0
        for i in range(offset, len(self.text)):
            char = self.text[i]
            if char in "([":
                depth += 1
            elif char in ")]":
                if depth == 0:
                    return i
                depth -= 1
        return None

    def _measured_share(self, mention: Mention) -> bool:
        """`una quota di pazienti fragili (31,2%)`: the people a share counts are what it
        measures, not the people it is about."""
        share = self.vocab.cues.get("share")
        head = self.vocab.cues.get("population_head")
        before = self.text[max(0, mention.start - 2 * HEAD_CHARS) : mention.start]
        cue = list(share.finditer(before)) if share else []
        return bool(cue and head and head.search(before, cue[-1].end()))

    def _from_to(self, rows: dict[ClaimSpan, dict[str, str]]) -> None:
        """`un incremento della ORR da 16,7% a 50% nei pazienti X`, `Comparato con B, A`: the
        first value is the compared arm's, the second the other arm's, both in the same people."""
        pattern = self.vocab.cues.get("from_to")
        comparison = self.vocab.cues.get("comparison")
        named = list(dict.fromkeys(m.label for m in self.found.arms))
        for first, second in zip(self.claims, self.claims[1:], strict=False):
            gap = self.text[self.extent[first][1] : self.anchors[second]]
            before = self.text[max(0, self.anchors[first] - 8) : self.anchors[first]]
            if (first.kind != second.kind or not pattern or not pattern.fullmatch(gap.strip())
                    or not re.search(r"\w+\s*$", before)):
                continue
            for a, b in ((first, second), (second, first)):
                rows[a]["population"] = rows[a]["population"] or rows[b]["population"]
            compared = [m.label for m in self.found.arms if comparison and any(
                all(w.islower() for w in self.text[c.end() : m.start].split())
                for c in comparison.finditer(self.text, max(0, m.start - HEAD_CHARS), m.start))]
            if len(named) == 2 and len(compared) == 1 and not any(
                    rows[c]["arm"] for c in (first, second)):
                rows[first]["arm"] = compared[0]
                rows[second]["arm"] = next(a for a in named if a != compared[0])

    def _own_arms(self) -> dict[ClaimSpan, tuple[int, str]]:
        """The arm each claim states, with how closely: 0 an arm right before the number
        (`nel braccio B (75,0%`), 1 one inside its span or after it and before a comparison
        word (`11,5 mesi per il braccio A rispetto a`), 2 one before it after a comparison word
        (`rispetto al braccio B (24,8%)`) or a few words before it, 3 the arm of the value it is
        compared with (`il 93,8% ... rispetto a pazienti più giovani (85,2%)`)."""
        owners = [c for c in self.claims if self._measured(c)]
        comparison = self.vocab.cues.get("comparison")
        found: dict[ClaimSpan, tuple[int, str]] = {}

        def take(claim: ClaimSpan, rank: int, label: str) -> None:
            if claim not in found or rank < found[claim][0]:
                found[claim] = (rank, label)

        for arm in self.found.arms:
            clause = self._clause(arm.start)
            same = [c for c in owners if self._clause(self.anchors[c]) == clause]
            inside = [c for c in same if self.anchors[c] < arm.start and arm.end <= self.extent[c][1]]
            if inside:
                take(inside[0], 1, arm.label)
                continue
            before = [c for c in same if self.extent[c][1] <= arm.start]
            after = [c for c in same if self.extent[c][0] >= arm.end
                     and c.kind not in RATIO_KINDS and c.kind != "p_value"]
            first, second = (before[-1] if before else None), (after[0] if after else None)
            gap_first = self.text[self.extent[first][1] : arm.start] if first else ""
            gap_second = self.text[arm.end : self.extent[second][0]] if second else ""
            compared = bool(comparison and comparison.search(gap_first)) if first else True
            adjacent = second is not None and not gap_second.strip(" ([:")
            if second is not None and adjacent:
                take(second, 0, arm.label)
                if first and not compared and not re.search(r"[),;]", gap_first):
                    take(first, 1, arm.label)
            elif first is not None and not compared:
                take(first, 1, arm.label)
            elif second is not None and self._few_words(arm.end, second):
                take(second, 2, arm.label)
        named = list(dict.fromkeys(m.label for m in self.found.arms))
        for claim in owners:
            if claim in found or not comparison:
                continue
            earlier = [c for c in owners if self.anchors[c] < self.anchors[claim]
                       and c.kind == claim.kind and c in found]
            later = [c for c in owners if self.anchors[c] > self.anchors[claim]
                     and c.kind == claim.kind]
            if earlier and comparison.search(self.text, self.extent[earlier[-1]][1],
                                             self.anchors[claim]):
                take(claim, 3, found[earlier[-1]][1])
            elif (later and later[0] in found and len(named) == 2
                  and not any(self.anchors[claim] < self.anchors[c] < self.anchors[later[0]]
                              and c.kind == claim.kind for c in owners)
                  and self._compared(claim, later[0], owners)):
                # `il 31,3% rispetto al 19% del braccio B`: the other arm of the sentence
                take(claim, 4, next(a for a in named if a != found[later[0]][1]))
        return found

    def _compared(self, claim: ClaimSpan, later: ClaimSpan, owners: list[ClaimSpan]) -> bool:
        """A comparison word stands between the two values, with no other value between it and
        the later one (`9,5 mesi (n=55) rispetto a 3,7 mesi`)."""
        comparison = self.vocab.cues.get("comparison")
        cues = list(comparison.finditer(self.text, self.extent[claim][1], self.anchors[later]))
        return bool(comparison and cues) and not any(
            cues[-1].end() <= self.anchors[c] < self.anchors[later] for c in owners)

    def _few_words(self, start: int, claim: ClaimSpan) -> bool:
        """Only a few words, bounds aside, stand between `start` and the claim."""
        gap = self.text[start : self.extent[claim][0]]
        for bound in self.cutoff_measure:
            if start <= bound.start and bound.end <= self.extent[claim][0]:
                gap = gap.replace(self.text[bound.start : bound.end], " ")
        return len(re.findall(r"\w+", gap)) <= 4

    def _trial(self, claim: ClaimSpan) -> str:
        trials = self.found.trials
        if trials:
            before = [m for m in trials if m.end <= self.anchors[claim]]
            return (before or trials)[-1].label
        return self.state.trial_paragraph or self.state.trial_scope

    def _pair_lists(self, rows: dict[ClaimSpan, dict[str, str]]) -> None:
        """Values listed with as many arms or populations get them in order."""
        done: set[ClaimSpan] = set()
        for claim in self.claims:
            members = self._list_of(claim)
            if claim in done or len(members) < 2 or not self._measured(claim):
                continue
            done |= set(members)
            size = len(members)
            arms = self._names_near(self.found.arms, members, mixed=True)
            own = self.arms.get(members[0], (1, ""))
            stated = [self.arms.get(m, (9, ""))[0] <= 1 for m in members]
            if all(stated):  # each value names its own arm (`35 giorni per A vs 58 per B`)
                pass
            elif own[0] == 0:  # `nel braccio B (75,0 e 64,7%)`: the list is of one arm
                for member in members:
                    rows[member]["arm"] = rows[member]["arm"] or own[1]
            elif len(arms) == size:
                for member, arm in zip(members, arms, strict=True):
                    rows[member]["arm"] = arm
            elif not any(rows[m]["arm"] for m in members) and size == 2 and self.state.pair[1]:
                for member, arm in zip(members, self.state.pair, strict=True):
                    rows[member]["arm"] = arm
            populations = self._paired_populations(members)
            for member, population in zip(members, populations, strict=False):
                rows[member]["population"] = population

    def _names_near(self, mentions: list[Mention], members: list[ClaimSpan],
                    mixed: bool = False) -> list[str]:
        """The names of a list of values: as many right after it in its clause (`nel braccio A
        (n=1) e B`), else as many before it in its sentence, else (`mixed`) those before and
        after together."""
        size = len(members)
        _, high = self._clause(self.anchors[members[0]])
        end = self.extent[members[-1]][1]
        after = list(dict.fromkeys(m.label for m in mentions if end <= m.start <= high))
        before = list(dict.fromkeys(m.label for m in mentions
                                    if m.end <= self.anchors[members[0]]))
        both = list(dict.fromkeys(before + after))
        for names in (after, before[-size:] if len(before) >= size else [], both if mixed else []):
            if len(names) == size:
                return names
        return []

    def _paired_populations(self, members: list[ClaimSpan]) -> list[str]:
        """Populations a list of values is paired with: a list of as many right before it, or
        as many named before `respectively`."""
        start = self.anchors[members[0]]
        groups = [g for g in self.paired if g[-1].end <= start and len(g) == len(members)]
        if groups:
            return [m.label for m in groups[-1]]
        if members[0].group >= 0 and len(self._list_of_respectively(members)) < 2:
            return []
        before = list(dict.fromkeys(m.label for m in self.found.populations if m.end <= start))
        return before[-len(members):] if len(before) >= len(members) else []

    def _list_of_respectively(self, members: list[ClaimSpan]) -> list[ClaimSpan]:
        cue = self.vocab.cues.get("respectively")
        _, high = self._clause(self.anchors[members[0]])
        return members if cue and cue.search(self.text, self.anchors[members[-1]], high) else []

    def _compare(self, claim: ClaimSpan, rows: dict[ClaimSpan, dict[str, str]]) -> None:
        """A ratio or a difference says which arm against which: the two arms its clause's (else
        its sentence's) values state, the one after a comparison word second; else one of them
        with the other of the pair the paragraph compared last."""
        row = rows[claim]
        if claim.kind == "p_value":  # the p of the comparison before it
            earlier = [c for c in self.claims if self.anchors[c] < self.anchors[claim]
                       and rows[c]["versus"]]
            if earlier:
                row["arm"], row["versus"] = rows[earlier[-1]]["arm"], rows[earlier[-1]]["versus"]
            return
        if claim.kind not in RATIO_KINDS and row["statistic"] != "difference":
            return
        clause = self._clause(self.anchors[claim])
        stated = [(c, rows[c]["arm"]) for c in self.claims
                  if rows[c]["arm"] and c.kind not in RATIO_KINDS and c.kind != "p_value"]
        in_clause = [(c, a) for c, a in stated if self._clause(self.anchors[c]) == clause]
        named = [(None, m.label) for m in self.found.arms]
        arms: list[str] = []
        for candidates in (in_clause, stated, named):
            arms = list(dict.fromkeys(a for _, a in candidates))
            if arms:
                break
        if len(arms) >= 2:
            row["arm"], row["versus"] = arms[0], arms[1]
            return
        remembered = self.state.pair
        if not arms:
            row["arm"], row["versus"] = remembered
            return
        arm = arms[0]
        partners = [m.label for m in self.found.arms if m.label != arm] + [
            a for a in remembered if a and a != arm]
        other = partners[0] if partners else ""
        owner = next((c for c, a in in_clause or stated if a == arm), None)
        comparison = self.vocab.cues.get("comparison")
        earlier = [c for c in self.claims if owner and self.anchors[c] < self.anchors[owner]]
        against = bool(owner and earlier and comparison and comparison.search(
            self.text, self.extent[earlier[-1]][1], self.anchors[owner]))
        row["arm"], row["versus"] = (other, arm) if against else (arm, other)

    def _remember(self, rows: dict[ClaimSpan, dict[str, str]]) -> None:
        pairs = [(rows[c]["arm"], rows[c]["versus"]) for c in self.claims if rows[c]["versus"]]
        distinct = list(dict.fromkeys(rows[c]["arm"] for c in self.claims if rows[c]["arm"]))
        if pairs and all(pairs):
            self.state.pair = pairs[-1]
        elif len(distinct) == 2:
            self.state.pair = (distinct[0], distinct[1])
        endpoints = [rows[c]["endpoint"] for c in self.claims if rows[c]["endpoint"]]
        if endpoints:
            self.state.endpoint = endpoints[-1]
        elif self.found.endpoints:
            self.state.endpoint = self.found.endpoints[-1].label
        trials = list(dict.fromkeys(m.label for m in self.found.trials))
        if len(trials) == 1:
            self.state.trial_paragraph = self.state.trial_scope = trials[0]
        populations = [m.label for m in self.found.populations if not self._measured_share(m)]
        if populations:
            self.state.population = populations[-1]


def read_attributes(sentences: Sequence[Sentence], names: Names,
                    fields: tuple[str, ...] = ()) -> list[list[dict[str, str]]]:
    """The attributes (ATTRIBUTES) of every claim of `sentences`, in reading order, one list per
    sentence in the order of its claims."""
    state = _State()
    result = []
    for sentence in sentences:
        if sentence.scope != state.scope:
            state = _State(paragraph=sentence.paragraph, scope=sentence.scope)
        elif sentence.paragraph != state.paragraph:
            state.paragraph, state.trial_paragraph = sentence.paragraph, ""
            state.endpoint, state.pair, state.population = "", ("", ""), ""
        reader = _Reader(sentence, vocabulary(sentence.lang, fields), names, state)
        result.append(reader.read())
    return result


def context_of(attributes: dict[str, str]) -> str:
    """claims.csv `context`: the trial, arms and population of a claim, `;`-joined."""
    parts = [attributes[k] for k in ("trial", "arm", "versus", "population") if attributes[k]]
    return ";".join(dict.fromkeys(parts))
