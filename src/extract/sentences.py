"""Abstract sentences: spaCy's sentencizer plus the rules scientific prose needs.

The pipeline is `spacy.blank(lang)` + `sentencizer` + `sentence_rules`, a registered component
that takes back the sentencizer's splits that are not sentence ends: after an abbreviation
(`vs.`, `et al.`, `Fig.`; per language in resources/lang/<lang>.yaml), inside brackets, where no
space follows, and before a word in lower case. A split after a closing bracket or quote that
follows the final stop (`... (p<0.05.) Then`) is the sentencizer's own and stays. Each line of
the input is a paragraph: no sentence runs across a line end.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from extract.langdata import LANG_DIR, language_data

# spaCy's language-neutral tokenizer, for a language spaCy does not know.
FALLBACK_SPACY_LANG = "xx"
BRACKET_PAIRS = {")": "(", "]": "[", "}": "{"}
SENTENCE_COLUMNS = ["lang", "sent", "text"]

log = logging.getLogger(__name__)


@lru_cache
def abbreviations(lang: str) -> tuple[str, ...]:
    """The abbreviations of `lang` after which a sentence never ends (empty, with a warning,
    when resources/lang/<lang>.yaml does not exist)."""
    data = language_data(lang)
    if data is None:
        log.warning("no language data for %r (%s): splitting without abbreviations", lang,
                    LANG_DIR / f"{lang}.yaml")
        return ()
    return tuple(str(abbreviation) for abbreviation in data.get("abbreviations", []))


class SentenceRules:
    """Undo sentence starts that follow an abbreviation, fall inside brackets, follow a stop
    with no space after it, or begin with a lower-case word."""

    def __init__(self, abbreviations: Iterable[str]):
        # Longest first, so that `p. ex.` is tried before `ex.`.
        self.abbreviations = tuple(sorted(set(abbreviations), key=len, reverse=True))

    def __call__(self, doc: Doc) -> Doc:
        # `doc.text` joins every token anew on each access: read it once per doc.
        text = doc.text
        bracketed = _bracketed_offsets(text)
        for token in doc[1:]:
            if token.is_sent_start and self._continues_sentence(token, text, bracketed):
                token.is_sent_start = False
        return doc

    def _continues_sentence(self, token: Token, text: str, bracketed: set[int]) -> bool:
        previous = token.doc[token.i - 1]
        return (
            not previous.whitespace_
            or token.idx in bracketed
            or (token.is_alpha and token.is_lower)
            or self._ends_with_abbreviation(text[: token.idx].rstrip())
        )

    def _ends_with_abbreviation(self, before: str) -> bool:
        for abbreviation in self.abbreviations:
            if before.endswith(abbreviation):
                start = len(before) - len(abbreviation)
                # `ca.` must not match the end of `Africa.`
                if start == 0 or not before[start - 1].isalnum():
                    return True
        return False


@Language.factory("sentence_rules", default_config={"abbreviations": []})
def make_sentence_rules(nlp: Language, name: str, abbreviations: list[str]) -> SentenceRules:
    return SentenceRules(abbreviations)


def _bracketed_offsets(text: str) -> set[int]:
    """Character offsets strictly inside a matched pair of brackets. An unmatched bracket (a
    list marker `1)`, a lost line) is ignored, so it cannot swallow the rest of the text."""
    inside: set[int] = set()
    open_positions: list[tuple[str, int]] = []
    for pos, char in enumerate(text):
        if char in "([{":
            open_positions.append((char, pos))
        elif char in BRACKET_PAIRS and open_positions:
            if open_positions[-1][0] == BRACKET_PAIRS[char]:
                inside.update(range(open_positions.pop()[1] + 1, pos))
            elif any(opening == BRACKET_PAIRS[char] for opening, _ in open_positions):
                # Close the matching bracket; brackets opened after it were left open.
                while open_positions[-1][0] != BRACKET_PAIRS[char]:
                    open_positions.pop()
                inside.update(range(open_positions.pop()[1] + 1, pos))
    return inside


@lru_cache
def sentence_pipeline(lang: str) -> Language:
    """The sentence-splitting pipeline for `lang`, built once per language."""
    try:
        nlp = spacy.blank(lang)
    except ImportError:
        log.warning("spaCy has no language %r: using its language-neutral tokenizer", lang)
        nlp = spacy.blank(FALLBACK_SPACY_LANG)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("sentence_rules", config={"abbreviations": list(abbreviations(lang))})
    return nlp


def split_texts(texts: Iterable[str], lang: str) -> list[list[str]]:
    """The sentences of each text in `lang`, through one `nlp.pipe` over all their paragraphs."""
    paragraphs = [[line.strip() for line in text.splitlines() if line.strip()] for text in texts]
    docs = iter(sentence_pipeline(lang).pipe(p for text in paragraphs for p in text))
    result = []
    for text in paragraphs:
        sentences = []
        for _paragraph, doc in zip(text, docs, strict=False):
            sentences.extend(sentence.text.strip() for sentence in doc.sents)
        result.append(sentences)
    return result


def split_sentences(text: str, lang: str) -> list[str]:
    """The sentences of `text` (one paragraph per line) in language `lang` (ISO 639-1)."""
    return split_texts([text], lang)[0]


def sentence_rows(abstracts: dict[str, str], languages: list[str]) -> list[dict[str, str | int]]:
    """`sentences.csv` rows (SENTENCE_COLUMNS) for the abstract of each language, in the order
    of `languages`; `sent` counts from 0 within each language. A language without an abstract
    has no rows."""
    return [
        {"lang": lang, "sent": number, "text": sentence}
        for lang in languages
        if lang in abstracts
        for number, sentence in enumerate(split_sentences(abstracts[lang], lang))
    ]
