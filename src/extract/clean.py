"""Text repairs decided from evidence: line-end hyphenation and ligatures split by the text layer.

The evidence is the document itself (does the joined or the hyphenated form occur elsewhere?)
and a vocabulary of the language (the word forms of spaCy's lemma lookup tables in
``spacy-lookups-data``), never a list of one article's words.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata, resources
from pathlib import Path

from extract.langdata import language_data

WORD = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*", re.UNICODE)
# A line that ends in a hyphen glued to a letter or a digit, then the next line's first word.
LINE_END_HYPHEN = re.compile(r"(\S*[^\W_])-\n(\S+)")
# A word broken after a ligature (fi, fl, ff, ffi, ffl) by a space the text layer put there.
LIGATURE_SPLIT = re.compile(r"(?<![\w-])([^\W\d_]*?(?:ffi|ffl|fi|fl|ff)) ([^\W\d_]+)")


@dataclass(frozen=True)
class SortedWords:
    """A word list as the sorted lines of one UTF-8 text, searched in place (a bisection over
    its lines): a list of 900 000 forms costs no time to load, where a set of them costs a third
    of a second, paid by every job that reads a Portuguese paper. UTF-8 keeps the order of code
    points, so the text's bytes sort as Python sorts the words."""

    text: bytes

    @classmethod
    def of(cls, words: Iterable[str]) -> SortedWords:
        return cls("\n".join(sorted(words)).encode("utf-8"))

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        key, text = word.encode("utf-8"), self.text
        low, high = 0, len(text)  # the key, if there, is a whole line in text[low:high]
        while low < high:
            start = text.rfind(b"\n", 0, (low + high) // 2) + 1
            end = text.find(b"\n", start)
            end = len(text) if end < 0 else end
            line = text[start:end]
            if line == key:
                return True
            if line < key:
                low = end + 1
            else:
                high = start
        return False


@cache
def lexicon(lang: str) -> SortedWords:
    """Known word forms of a language (lower case); empty when the tables have no such language.

    Reading the lookup table costs about a second for the larger languages, so the sorted word
    list is kept in a per-user cache, keyed by the tables' version, after the first read.
    """
    cached = _cache_dir() / f"lexicon-{lang}-{_tables_version()}.txt"
    if cached.is_file():
        return SortedWords(cached.read_bytes())
    try:
        table = resources.files("spacy_lookups_data") / "data" / f"{lang}_lemma_lookup.json.gz"
        with table.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
            lookup = json.load(handle)
    except (FileNotFoundError, ModuleNotFoundError):
        return SortedWords(b"")
    words = set(map(str.lower, lookup))
    for lemma in lookup.values():
        # Some languages' tables (French among them) give a list of lemmas for a form.
        words.update(lemma.lower() for lemma in ([lemma] if isinstance(lemma, str) else lemma))
    found = SortedWords.of(word for word in words if "\n" not in word)  # a word is a line
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(found.text)
        partial.replace(cached)  # atomic: parallel jobs never read half a file
    except OSError:
        pass  # a read-only home: the next job reads the table again
    return found


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "bilingua"


def _tables_version() -> str:
    try:
        return metadata.version("spacy-lookups-data")
    except metadata.PackageNotFoundError:
        return "none"


@dataclass
class Vocabulary:
    """Word counts of one document plus the lexicons of its languages."""

    languages: tuple[str, ...]
    counts: Counter = field(default_factory=Counter)

    @classmethod
    def of(cls, texts: Iterable[str], languages: Iterable[str]) -> Vocabulary:
        counts: Counter = Counter()
        for text in texts:
            whole_words = LINE_END_HYPHEN.sub(" ", text)  # the pieces of a broken word are no words
            counts.update(w.lower() for w in WORD.findall(whole_words))
        return cls(tuple(languages), counts)

    def in_document(self, word: str) -> bool:
        return self.counts[word.lower()] > 0

    def known(self, word: str, lang: str | None = None) -> bool:
        return self.counts[word.lower()] > 0 or self.in_lexicon(word, lang)

    def in_lexicon(self, word: str, lang: str | None = None) -> bool:
        """In the lexicon of ``lang``, or of any of the document's languages when it is not known."""
        return any(word.lower() in lexicon(code) for code in ([lang] if lang else self.languages))


def _core(token: str) -> str:
    match = WORD.search(token)
    return match.group() if match else token


def keeps_hyphen(head: str, tail: str, vocabulary: Vocabulary, lang: str | None = None) -> bool:
    """Whether ``head-`` at a line end and ``tail`` on the next line form a hyphenated word.

    ``head`` and ``tail`` are the two pieces without the hyphen. The hyphenated form wins when the
    document prints it whole elsewhere, or when the head ends in a digit (a hyphen after a digit
    never splits a syllable: ``T5-Base``, ``1990-2000``); the joined form when the document or the
    language knows it. A hyphen between two vowels stays in a language whose typography never
    breaks a word there (French: ``multi-échelle``; ``unsplit_vowels`` in
    ``resources/lang/<lang>.yaml``). Without such evidence the hyphen stays when the tail starts
    with a capital or a digit (``anti-CD38``, ``COVID-19``), when the head is a name the document
    uses but the language does not know (``Len-refrattari``), or when the tail is one the language
    forms hyphenated compounds with (``triplet-based``, from ``resources/lang/<lang>.yaml``);
    otherwise the hyphen only split the word (``rapida-mente``).
    """
    head_word, tail_word = _core(head.split("-")[-1]), _core(tail)
    joined = head_word + tail_word
    if vocabulary.counts[f"{head_word}-{tail_word}".lower()] > 0 or head[-1:].isdigit():
        return True
    if vocabulary.known(joined, lang):
        return False
    if _vowel(head_word[-1:]) and _vowel(tail_word[:1]) and unsplit_vowels(lang):
        return True
    if tail[:1].isupper() or tail[:1].isdigit():
        return True
    name_head = (head_word[:1].isupper() and vocabulary.counts[head_word.lower()] > 0
                 and not vocabulary.in_lexicon(head_word, lang))
    return name_head or tail_word.lower() in compound_tails(lang)


def _vowel(letter: str) -> bool:
    return unicodedata.normalize("NFD", letter.lower())[:1] in "aeiou" if letter else False


@cache
def unsplit_vowels(lang: str | None) -> bool:
    """The language's typography never breaks a word between two vowels at a line end."""
    data = language_data(lang) if lang else None
    return bool((data or {}).get("unsplit_vowels", False))


@cache
def compound_tails(lang: str | None) -> frozenset[str]:
    data = language_data(lang) if lang else None
    return frozenset(str(w).lower() for w in (data or {}).get("hyphen_compound_tails", []))


def join_lines(text: str, vocabulary: Vocabulary, lang: str | None = None) -> str:
    """Join a block's lines into one paragraph, undoing line-end hyphenation where it split a word."""

    def repair(match: re.Match) -> str:
        head, tail = match.group(1), match.group(2)
        return f"{head}-{tail}" if keeps_hyphen(head, tail, vocabulary, lang) else head + tail

    return LINE_END_HYPHEN.sub(repair, text).replace("/\n", "/").replace("\n", " ")


def repair_ligature_splits(text: str, vocabulary: Vocabulary, lang: str | None = None) -> str:
    """``Unifi ed`` → ``Unified`` when the joined form is known and a piece is not a word."""

    def repair(match: re.Match) -> str:
        head, tail = match.group(1), match.group(2)
        joined = head + tail
        pieces_known = vocabulary.in_lexicon(head, lang) and vocabulary.in_lexicon(tail, lang)
        if vocabulary.known(joined, lang) and not pieces_known:
            return joined
        return match.group()

    return LIGATURE_SPLIT.sub(repair, text)
