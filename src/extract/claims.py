"""Numeric claims: every quantity a sentence states, read by spaCy rules kept as data.

Per language the pipeline is `spacy.blank(lang)` with the registered `claims_tokenizer`, the
language's own tokenizer that also splits numbers from the signs around them (`p=0,001`,
`(n=55)`, `0,44-0,81`), then two registered components:

- `numeric_claims` marks numbers (extract.numbers), comparator words, confidence-interval labels
  and the vocabulary phrases of resources/claims/vocabulary.yaml, runs the Matcher patterns of
  resources/claims/patterns/*.jsonl (plus any pattern files named in its config) and puts every
  claim in `doc.spans["claims"]` with `kind, value, low, high, unit, comparator`;
- `claim_attributes` adds what each claim is about (extract.attributes: `endpoint`, `statistic`,
  `population`, `arm`, `versus`, `trial`, and `context` joining them) from the sentence alone;
  `extract_claims` reads them from the whole paper instead (names it defines, the paragraph and
  heading a sentence is under).

A pattern line is `{"id", "kind", "roles", "pattern", ...}`: `roles` names what the numbers of a
match are in order (`["value", "low", "high"]`), or is `"each"` for a list of values sharing one
unit (`11,4 vs 5,6 mesi`). See resources/claims/README.md for every field.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token
from spacy.util import (
    compile_infix_regex,
    compile_prefix_regex,
    compile_suffix_regex,
    filter_spans,
)
from spacy.vocab import Vocab

from extract.attributes import (
    ATTRIBUTES,
    ClaimSpan,
    Sentence,
    context_of,
    learn_names,
    read_attributes,
)
from extract.numbers import (
    NumberMention,
    confidence_spans,
    conventions,
    number_mentions,
    parse_number,
)
from extract.records import Record
from extract.resources import RESOURCES, read_yaml
from extract.sentences import sentence_pipeline, split_texts

CLAIMS_DIR = RESOURCES / "claims"
PATTERNS_DIR = CLAIMS_DIR / "patterns"
SECTION_OF_ROLE = {
    "abstract": "abstract",
    "body": "body",
    "heading": "body",
    "caption": "caption",
    "footnote": "footnote",
}
CLAIM_COLUMNS = [
    "claim", "lang", "section", "page", "sentence", "span", "kind", "value", "low", "high",
    "unit", "comparator", "endpoint", "context", *ATTRIBUTES[1:],
]
ROLES = ("value", "low", "high")
# Roles of a number that is not the claim's value: degrees of freedom, written into the unit
# (`t(28)`, `F(2,57)`), and parts of a printed date (its day), read but not a value.
DF_ROLE, PART_ROLE = "df", "part"
# Roles of a number that is a claim of its own beside the pattern's claim, by the kind it gets:
# the SD of a mean (`12,4 ± 2,3`), the sample size of a test (`χ2(1, N = 100)`).
COMPANION_KINDS = {"sd": "sd", "n": "count"}

# Tokenizer additions: split a number from a sign glued to it (`p=0,001`, `n=55`, `<60`,
# `≥75`), two numbers from the dash between them (`0,44-0,81`) and a unit from a number after a
# slash (`min/1,73`). Identifiers (CD38, MOLP-8) keep their digits: no rule splits letter-digit.
EXTRA_PREFIXES = [r"[=<>≤≥⩽⩾~≈∼]"]
# The 1970s; and the per cent and per mille signs after a number, which some languages' own
# suffix rules leave glued to it (spaCy's Spanish keeps `24,3%` one token); ordinals (`4th`);
# a significance letter after a decimal (`3.19a`: groups that differ).
EXTRA_SUFFIXES = [r"(?<=[0-9]{4})s", r"(?<=[0-9])[%‰]", r"(?<=[0-9])(?:st|nd|rd|th)",
                  r"(?<=[0-9][.,][0-9])[a-h]", r"(?<=[0-9][.,][0-9]{2})[a-h]"]
EXTRA_INFIXES = [
    r"(?<=\w)[=<>≤≥⩽⩾](?=[\w.\-−])",
    r"(?<=\d)[-–—‐‑](?=\d)",
    r"(?<=[^\W\d_])/(?=\d)",
    r"(?<=[=<>≤≥⩽⩾])(?=[\d.\-−])",
    # A statistic's degrees of freedom: t(28), F(2, 57), χ2(1, N = 100).
    r"(?<=[^\W\d_])\((?=\d)",
    r"(?<=[^\W\d_][2²])\((?=\d)",
    # The two df of F(2,57), printed without a space (numbers.py reads them as two numbers).
    r"(?<=F\(\d),(?=\d+$)",
    r"(?<=F\(\d\d),(?=\d+$)",
    r"(?<=F\(\d\d\d),(?=\d+$)",
]

for _name, _default in [("num", None), ("num_form", ""), ("cmp", ""), ("ci", False)]:
    if not Token.has_extension(_name):
        Token.set_extension(_name, default=_default)
for _name in ["kind", "value", "low", "high", "unit", "comparator", "context", *ATTRIBUTES]:
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)
if not Doc.has_extension("marks"):
    # Offsets in the text where a superscript marker (citation or lost exponent) was removed.
    Doc.set_extension("marks", default=())


@lru_cache
def _read_yaml(path: Path) -> Any:
    return read_yaml(path)


def vocabulary(lang: str) -> dict[str, dict[str, Any]]:
    """The word lists of resources/claims/vocabulary.yaml for `lang`, each as a mapping from the
    lower-cased printed word to what it stands for (the word itself for a plain list)."""
    lists: dict[str, dict[str, Any]] = {}
    for name, by_lang in _read_yaml(CLAIMS_DIR / "vocabulary.yaml").items():
        merged: dict[str, Any] = {}
        for key in ("all", lang):
            words = by_lang.get(key) or []
            items = words.items() if isinstance(words, dict) else ((w, w) for w in words)
            merged.update({str(word).lower(): value for word, value in items})
        # Papers print either apostrophe (l'80%, l’80%).
        lists[name] = {**merged, **{w.replace("'", "’"): v for w, v in merged.items()}}
    return lists


@dataclass(frozen=True)
class ClaimPattern:
    """One line of a pattern file: a Matcher pattern and how to read a claim from its match."""

    id: str
    kind: str
    roles: tuple[str, ...] | str
    pattern: list[dict[str, Any]]
    unit: str = ""
    numbers: str = ""
    ordered: bool = False
    value_range: tuple[float, float] | None = None
    priority: int = 0
    claim: bool = True  # false: the match takes its tokens but states no claim (`10-5`)


def _expand(token: str | dict[str, Any], macros: dict[str, Any]) -> dict[str, Any]:
    """A pattern token: a Matcher token spec, or `@NAME` / `@NAME?` from tokens.yaml."""
    if isinstance(token, dict):
        return token
    name, optional = token.lstrip("@").rstrip("?"), token.endswith("?")
    if not token.startswith("@") or name not in macros:
        raise ValueError(f"unknown token macro {token!r} (resources/claims/tokens.yaml)")
    return {**macros[name], "OP": "?"} if optional else dict(macros[name])


def _in_lists(spec: Any, lists: dict[str, dict[str, Any]]) -> Any:
    if isinstance(spec, dict):
        return {
            key: sorted(lists[value[1:]]) if key in ("IN", "NOT_IN") and isinstance(value, str)
            else _in_lists(value, lists)
            for key, value in spec.items()
        }
    if isinstance(spec, list):
        return [_in_lists(item, lists) for item in spec]
    return spec


def _pattern_files(extra: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for location in [PATTERNS_DIR, *map(Path, extra)]:
        files.extend(sorted(location.glob("*.jsonl")) if location.is_dir() else [location])
    return files


def load_patterns(lang: str, extra: Iterable[str | Path] = ()) -> list[ClaimPattern]:
    """The claim patterns for `lang`: resources/claims/patterns/*.jsonl, then `extra` files or
    folders of *.jsonl. A line with `"lang": [...]` applies only to those languages."""
    lists = vocabulary(lang)
    macros = _read_yaml(CLAIMS_DIR / "tokens.yaml")
    patterns = []
    for path in _pattern_files(extra):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            data = json.loads(line)
            if lang not in data.get("lang", [lang]):
                continue
            try:
                tokens = [_in_lists(_expand(t, macros), lists) for t in data["pattern"]]
            except (KeyError, ValueError) as error:
                raise ValueError(f"{path}:{number}: {error}") from error
            roles = data.get("roles", ["value"])
            if data["kind"].startswith("@") and data["kind"][1:] not in lists:
                raise ValueError(f"{path}:{number}: unknown kind list {data['kind']!r} "
                                 "(resources/claims/vocabulary.yaml)")
            value_range = data.get("value_range")
            patterns.append(ClaimPattern(
                id=data.get("id", f"{path.stem}-{number}"),
                kind=data["kind"],
                roles=roles if isinstance(roles, str) else tuple(roles),
                pattern=tokens,
                unit=data.get("unit", ""),
                numbers=data.get("numbers", "").lstrip("@"),
                ordered=bool(data.get("ordered", False)),
                value_range=tuple(value_range) if value_range else None,
                priority=int(data.get("priority", 0)),
                claim=bool(data.get("claim", True)),
            ))
    return patterns


@dataclass
class _Candidate:
    pattern: ClaimPattern
    start: int
    end: int


class NumericClaims:
    """Mark numbers, comparators and CI labels, then read claims with the Matcher patterns."""

    def __init__(self, nlp: Language, patterns: list[ClaimPattern]):
        self.lang = nlp.lang
        self.lists = vocabulary(self.lang)
        numbers = conventions(self.lang)
        self.comparators = {
            _folded(phrase): symbol
            for words in (self.lists["comparator_symbols"], self.lists["comparator_after"],
                          numbers.comparators)
            for phrase, symbol in words.items()
        }
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        for phrase in {w for words in self.lists.values() for w in words} | set(self.comparators):
            forms = _phrase_forms(nlp, phrase)
            if len(forms) > 1:
                self.phrases.add("PHRASE", [Doc(nlp.vocab, words=list(words))
                                            for words in itertools.product(*forms)])
        # Keyed by position: a user file may reuse an id of the bundled patterns.
        self.patterns = {f"{i}:{pattern.id}": pattern for i, pattern in enumerate(patterns)}
        self.matcher = Matcher(nlp.vocab)
        # The patterns that read a number from a word list (`più di uno`, `fase III`): the only
        # ones that can find a claim in a sentence without a marked number.
        self.word_matcher = Matcher(nlp.vocab)
        for key, pattern in self.patterns.items():
            try:
                self.matcher.add(key, [pattern.pattern])
                if self.lists.get(pattern.numbers):
                    self.word_matcher.add(key, [pattern.pattern])
            except ValueError as error:
                raise ValueError(f"claim pattern {pattern.id!r}: {error}") from error

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        numbers = self._stated_numbers(doc, text)
        # Every claim has a number (`_valid`): in a sentence without a marked number, as most
        # sentences of a body are, only the word-list patterns can find one. A Matcher of some
        # of the patterns lists their matches in the order the full one does, so ties in
        # `_rank` resolve alike.
        matcher = self.matcher if numbers else self.word_matcher
        if not len(matcher):
            doc.spans["claims"] = []
            return doc
        self._mark_tokens(doc, text, numbers)
        accepted: list[_Candidate] = []
        taken: set[int] = set()
        for candidate in sorted(self._candidates(doc, matcher), key=self._rank):
            tokens = set(range(candidate.start, candidate.end))
            if not tokens & taken:
                accepted.append(candidate)
                taken |= tokens
        claims = [span for c in sorted(accepted, key=lambda c: c.start) if c.pattern.claim
                  for span in self._claims(doc, c)]
        doc.spans["claims"] = claims
        return doc

    @staticmethod
    def _rank(candidate: _Candidate) -> tuple[int, int, int]:
        # The longest reading wins (an estimate with its CI over the bare estimate), then the
        # pattern's priority, then the earliest.
        return (candidate.start - candidate.end, -candidate.pattern.priority, candidate.start)

    def _stated_numbers(self, doc: Doc, text: str) -> dict[int, NumberMention]:
        """The numbers of the sentence by their first character."""
        marks = set(doc._.marks)
        return {
            m.start: m for m in number_mentions(text, self.lang)
            # Digits right before a removed superscript are a base with its exponent lost
            # (10⁻⁵ read as 10) or run into a reference: the printed digits are not the number.
            if m.end not in marks
        }

    def _mark_tokens(self, doc: Doc, text: str, numbers: dict[int, NumberMention]) -> None:
        """Merge multi-token numbers, CI labels and phrases, and set the token extensions
        (only where they differ from their defaults: each `token._` access costs)."""
        labels = {start: end for start, end in confidence_spans(text, self.lang)}
        spans = [doc.char_span(m.start, m.end, alignment_mode="expand") for m in numbers.values()]
        spans += [doc.char_span(start, end, alignment_mode="expand") for start, end in
                  labels.items()]
        spans += [doc[start:end] for _, start, end in self.phrases(doc)]
        with doc.retokenize() as retokenizer:
            for span in filter_spans([s for s in spans if s is not None and len(s) > 1]):
                retokenizer.merge(span)
        for token in doc:
            start, end = token.idx, token.idx + len(token.text)
            mention = numbers.get(start)
            if mention and end == mention.end:
                token._.num, token._.num_form = mention.value, mention.form
            if labels.get(start) == end:
                token._.ci = True
            comparator = self.comparators.get(_folded(token.lower_))
            if comparator:
                token._.cmp = comparator

    def _candidates(self, doc: Doc, matcher: Matcher) -> Iterable[_Candidate]:
        for match_id, start, end in matcher(doc):
            candidate = _Candidate(self.patterns[doc.vocab.strings[match_id]], start, end)
            if self._valid(doc, candidate):
                yield candidate

    def _numbers(self, doc: Doc, candidate: _Candidate) -> list[tuple[Token, float]]:
        words = self.lists.get(candidate.pattern.numbers, {})
        found = []
        for token in doc[candidate.start : candidate.end]:
            value = token._.num if token._.num is not None else words.get(token.lower_)
            if value is not None:
                found.append((token, float(value)))
        return found

    def _valid(self, doc: Doc, candidate: _Candidate) -> bool:
        """A match is a claim when it has a number for each role, a range runs low to high
        (`10-5` is 10⁻⁵ with its superscript lost, not a range) and a value is in range."""
        pattern, numbers = candidate.pattern, self._numbers(doc, candidate)
        if not numbers or (pattern.roles != "each" and len(numbers) < len(pattern.roles)):
            return False
        roles = pattern.roles if pattern.roles != "each" else ["value"] * len(numbers)
        read = list(zip(roles, (v for _, v in numbers), strict=False))
        values = dict(read)
        if pattern.ordered and values.get("low", 0) >= values.get("high", 0):
            return False
        # The range holds for the claim's own numbers, not a date's day or a test's df.
        low, high = pattern.value_range or (float("-inf"), float("inf"))
        return all(low <= v <= high for role, v in read if role in ROLES)

    def _claims(self, doc: Doc, candidate: _Candidate) -> list[Span]:
        pattern, numbers = candidate.pattern, self._numbers(doc, candidate)
        kind = self._kind(doc, candidate)
        if not kind:
            return []
        companions: list[tuple[str, Token, float]] = []
        df: list[float] = []
        if pattern.roles == "each":
            readings = [(token, {"value": v}) for token, v in numbers]
        else:
            roles = list(zip(pattern.roles, numbers, strict=False))
            values = {role: (token, v) for role, (token, v) in roles if role in ROLES}
            df = [v for role, (_, v) in roles if role == DF_ROLE]
            companions = [(role, token, v) for role, (token, v) in roles
                          if role in COMPANION_KINDS]
            anchor = values.get("value", values.get("low"))[0]
            readings = [(anchor, {role: v for role, (_, v) in values.items()})]
        spans = []
        for index, (token, values) in enumerate(readings):
            start = candidate.start if index == 0 else token.i
            span = Span(doc, start, candidate.end, label=kind)
            span._.kind = kind
            span._.value = values.get("value")
            span._.low, span._.high = values.get("low"), values.get("high")
            span._.unit = self._unit(doc, candidate, token) + _degrees_of_freedom(df)
            span._.comparator = self._comparator(doc, candidate, token)
            spans.append(span)
        for role, token, value in companions:
            span = Span(doc, token.i, token.i + 1, label=COMPANION_KINDS[role])
            span._.kind, span._.value = COMPANION_KINDS[role], value
            span._.unit = spans[0]._.unit if role == "sd" else ""
            span._.comparator = "="
            spans.append(span)
        return spans

    def _kind(self, doc: Doc, candidate: _Candidate) -> str:
        """The pattern's kind, or for `"@list"` the kind the list maps a matched word to
        (`OR` → odds_ratio), "" when no word of the match is in it."""
        kind = candidate.pattern.kind
        if not kind.startswith("@"):
            return kind
        words = self.lists[kind[1:]]
        found = (words.get(token.lower_) for token in doc[candidate.start : candidate.end])
        return str(next((word for word in found if word), ""))

    def _unit(self, doc: Doc, candidate: _Candidate, value_token: Token) -> str:
        unit = candidate.pattern.unit
        if unit == "after_value":
            tail = doc[value_token.i + 1 : candidate.end]
            return "".join(
                (_dot_decimal(t.text, self.lang) if t._.num is not None else t.text) + t.whitespace_
                for t in tail if not t._.cmp
            ).strip()
        if unit.startswith("@"):
            words = self.lists[unit[1:]]
            for token in doc[candidate.start : candidate.end]:
                if token.lower_ in words:
                    return str(words[token.lower_])
            return ""
        return unit

    def _comparator(self, doc: Doc, candidate: _Candidate, value_token: Token) -> str:
        """The comparator nearest before the value (`meno del 40%`), else one after it
        (`tre o più`), else `=`. In a list only the first value has the words before it."""
        first = candidate.pattern.roles != "each" or value_token.i == candidate.start
        before = [t._.cmp for t in doc[candidate.start : value_token.i] if t._.cmp and first]
        trailing = set(self.lists["comparator_after"].values())
        after = [t._.cmp for t in doc[value_token.i + 1 : candidate.end] if t._.cmp in trailing]
        return before[-1] if before else after[0] if after else "="


def _degrees_of_freedom(df: list[float]) -> str:
    """The degrees of freedom a unit carries after the statistic's name: `(28)`, `(2,57)`."""
    return f"({','.join(f'{v:g}' for v in df)})" if df else ""


def _folded(text: str) -> str:
    """Single spaces and straight apostrophes: the form vocabulary phrases are looked up in."""
    return " ".join(text.replace("’", "'").split())


def _phrase_forms(nlp: Language, phrase: str) -> list[tuple[str, ...]]:
    """The tokens of a vocabulary phrase, each as the lower-case forms it may take. A word
    ending in an apostrophe (`l'`, `dell'`) is one token before a word in running text but not
    at the end of a phrase, so it is matched whole, with either apostrophe."""
    forms: list[tuple[str, ...]] = []
    for word in phrase.split():
        if word.endswith(("'", "’")):
            stem = word[:-1].lower()
            forms.append((stem + "'", stem + "’"))
        else:
            forms.extend((token.lower_,) for token in nlp.make_doc(word))
    return forms


def _dot_decimal(token: str, lang: str) -> str:
    value = parse_number(token, lang)
    return token if value is None else f"{value:g}"


def _claim_spans(doc: Doc) -> list[ClaimSpan]:
    """The claims of a doc as extract.attributes reads them; the values of one list (spans
    of one match, which share their end) form a group."""
    claims = list(doc.spans.get("claims", []))
    ends = Counter(span.end for span in claims)
    return [
        ClaimSpan(span.start_char, span.end_char, span._.kind, span._.value,
                  span._.comparator or "=", span._.unit or "",
                  span.end if ends[span.end] > 1 else -1)
        for span in claims
    ]


def _set_attributes(doc: Doc, attributes: list[dict[str, str]]) -> None:
    for span, values in zip(doc.spans.get("claims", []), attributes, strict=True):
        for name in ATTRIBUTES:
            setattr(span._, name, values[name])
        span._.context = context_of(values)


class ClaimAttributes:
    """What each claim of a sentence is about, from that sentence alone (extract.attributes)."""

    def __init__(self, nlp: Language, fields: tuple[str, ...]):
        self.lang, self.fields = nlp.lang, fields

    def __call__(self, doc: Doc) -> Doc:
        names = learn_names([(self.lang, doc.text)], self.fields)
        sentence = Sentence(doc.text, self.lang, 0, 0, _claim_spans(doc))
        _set_attributes(doc, read_attributes([sentence], names, self.fields)[0])
        return doc


@Language.factory("numeric_claims", default_config={"patterns": []})
def make_numeric_claims(nlp: Language, name: str, patterns: list[str]) -> NumericClaims:
    """`patterns`: extra pattern files or folders of *.jsonl, read after the bundled ones."""
    return NumericClaims(nlp, load_patterns(nlp.lang, patterns))


@Language.factory("claim_attributes", default_config={"fields": []})
def make_claim_attributes(nlp: Language, name: str, fields: list[str]) -> ClaimAttributes:
    """`fields`: field vocabularies (resources/claims/fields/ names or YAML paths)."""
    return ClaimAttributes(nlp, tuple(fields))


@spacy.registry.tokenizers("claims_tokenizer")
def make_claims_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's tokenizer of the language with the claim affixes (EXTRA_*) tried before its own,
    built in one go: each change of a built tokenizer's affix rules reloads all its special
    cases, over a thousand for English."""
    def create(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        prefixes = EXTRA_PREFIXES + list(defaults.prefixes or [])
        suffixes = EXTRA_SUFFIXES + list(defaults.suffixes or [])
        # Less one Portuguese rule that keeps every hyphenated run one token (`0,44-0,81`).
        infixes = EXTRA_INFIXES + [rule for rule in defaults.infixes or []
                                   if not re.fullmatch(rule, "44-0")]
        return Tokenizer(
            nlp.vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=compile_prefix_regex(prefixes).search,
            suffix_search=compile_suffix_regex(suffixes).search,
            infix_finditer=compile_infix_regex(infixes).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return create


def claims_pipeline(lang: str, patterns: Iterable[str | Path] = (),
                    vocab: Vocab | bool = True, fields: Iterable[str] = ()) -> Language:
    """The claim pipeline for `lang`; `patterns` adds pattern files or folders of *.jsonl,
    `fields` field vocabularies (extract.attributes.field_file).
    `vocab`, the vocabulary of another pipeline of `lang`, is shared rather than made anew:
    each pipeline that tokenizes a text would otherwise make every word's lexeme again."""
    nlp = spacy.blank(lang, vocab=vocab,
                      config={"nlp": {"tokenizer": {"@tokenizers": "claims_tokenizer"}}})
    nlp.add_pipe("numeric_claims", config={"patterns": [str(p) for p in patterns]})
    nlp.add_pipe("claim_attributes", config={"fields": list(fields)})
    return nlp


def _mark_offsets(marks: str) -> list[int]:
    """Offsets of a blocks.csv `marks` cell (`57:3,4;120:12` -> [57, 120]; none for "")."""
    offsets = (item.partition(":")[0].strip() for item in marks.split(";"))
    return [int(offset) for offset in offsets if offset.isdigit()]


def _block_sentences(text: str, split: list[str],
                     marks: list[int]) -> list[tuple[str, tuple[int, ...], int]]:
    """The sentences of a block (``split``), each with the mark offsets that fall inside it and
    where it starts in the block."""
    sentences, cursor = [], 0
    for sentence in split:
        at = text.find(sentence, cursor)
        inside = () if at < 0 else tuple(m - at for m in marks if at <= m <= at + len(sentence))
        sentences.append((sentence, inside, max(at, cursor)))
        cursor = cursor if at < 0 else at + len(sentence)
    return sentences


def _places(blocks: list[Record]) -> list[tuple[int, int]]:
    """(paragraph, scope) of each block in reading order: a body block that goes on with a
    sentence the previous body block of its language left open (across a column or a page,
    captions and footnotes between) is the same paragraph; a heading, an abstract or a change of
    language opens a new scope (the part of the paper a trial named earlier holds for)."""
    places: list[tuple[int, int]] = []
    paragraph = scope = -1
    previous: Record | None = None
    open_body: dict[str, int] = {}  # language -> the paragraph its last body block left open
    for block in blocks:
        role, lang = block["role"], block["lang"]
        if role == "body" and lang in open_body:
            places.append((open_body.pop(lang), scope))
        else:
            if role not in ("caption", "footnote"):
                scope += (previous is None or role in ("heading", "abstract")
                          or previous["lang"] != lang or previous["role"] == "abstract")
            paragraph += 1
            places.append((paragraph, scope))
        if role in ("heading", "abstract", "body"):
            open_body.pop(lang, None)
        if role == "body" and block["text"].rstrip()[-1:] not in ".!?:":
            open_body[lang] = places[-1][0]
        if role not in ("caption", "footnote"):
            previous = block
    return places


def _paragraphs(blocks: list[Record], places: dict[int, tuple[int, int]]) -> list[list[Record]]:
    """The blocks of one language grouped by paragraph, in reading order of their first block:
    a sentence split across a column or a page is read whole."""
    groups: dict[int, list[Record]] = {}
    for block in blocks:
        groups.setdefault(places[id(block)][0], []).append(block)
    return list(groups.values())


def _joined(group: list[Record]) -> tuple[str, list[int], list[int]]:
    """A paragraph's text, where each block starts in it, and its marks' offsets in it."""
    text, starts, marks = "", [], []
    for block in group:
        if text:
            text += "" if text.endswith(("/", "-")) else " "
        starts.append(len(text))
        marks += [len(text) + m for m in _mark_offsets(block.get("marks") or "")]
        text += block["text"]
    return text, starts, marks


def extract_claims(blocks: list[Record], languages: list[str],
                   fields: Iterable[str] = ()) -> list[dict[str, object]]:
    """claims.csv rows (CLAIM_COLUMNS) for the abstract, body, caption and footnote blocks
    (rows of blocks.csv) of each language in `languages`, in that order and then in reading
    order; a value the sentence does not state is None. `fields` names the field vocabularies
    the attributes are read with (extract.attributes)."""
    fields = tuple(fields)
    readable = [block for block in blocks if block["role"] in SECTION_OF_ROLE and block["text"]]
    names = learn_names([(block["lang"], block["text"]) for block in blocks
                         if block["text"] and block["role"] in (*SECTION_OF_ROLE, "title")], fields)
    places = dict(zip(map(id, readable), _places(readable), strict=True))
    rows: list[dict[str, object]] = []
    for lang in languages:
        paragraphs = _paragraphs([b for b in readable if b["lang"] == lang], places)
        if not paragraphs:
            continue
        joined = [_joined(group) for group in paragraphs]
        splits = split_texts([text for text, _, _ in joined], lang)
        nlp = claims_pipeline(lang, vocab=sentence_pipeline(lang).vocab, fields=fields)
        where, docs = [], []
        for group, (text, starts, marks), split in zip(paragraphs, joined, splits, strict=True):
            for sentence, inside, at in _block_sentences(text, split, marks):
                doc = nlp.make_doc(sentence)
                doc._.marks = inside
                where.append((group, starts, at, places[id(group[0])]))
                docs.append(doc)
        read = list(nlp.pipe(docs, disable=["claim_attributes"]))
        sentences = [Sentence(doc.text, lang, paragraph, scope, _claim_spans(doc))
                     for doc, (_, _, _, (paragraph, scope)) in zip(read, where, strict=True)]
        for doc, attributes in zip(read, read_attributes(sentences, names, fields), strict=True):
            _set_attributes(doc, attributes)
        for (group, starts, at, _), doc in zip(where, read, strict=True):
            for span in doc.spans["claims"]:
                block = group[bisect.bisect_right(starts, at + span.start_char) - 1]
                rows.append({
                    "claim": len(rows), "lang": lang, "section": SECTION_OF_ROLE[block["role"]],
                    "page": block["page"], "sentence": doc.text, "span": span.text,
                    "kind": span._.kind, "value": span._.value, "low": span._.low,
                    "high": span._.high, "unit": span._.unit, "comparator": span._.comparator,
                    "endpoint": span._.endpoint, "context": span._.context,
                    **{name: getattr(span._, name) for name in ATTRIBUTES[1:]},
                })
    return rows
