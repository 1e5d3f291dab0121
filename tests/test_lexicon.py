"""The word lists of every shipped language load from spaCy's lookup tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import clean

SHIPPED = sorted(path.stem for path in (Path(__file__).parents[1] / "resources" / "lang").glob("*.yaml"))
# One ordinary word of each language, and a lemma that some tables give only inside a list.
WORDS = {"de": "haus", "en": "house", "es": "casa", "fr": "maison", "it": "casa", "pt": "casa"}


@pytest.mark.parametrize("lang", SHIPPED)
def test_lexicon_of_every_shipped_language_loads(lang, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    clean.lexicon.cache_clear()
    try:
        words = clean.lexicon(lang)
        assert WORDS[lang] in words
        # The cached copy gives the same list.
        clean.lexicon.cache_clear()
        assert clean.lexicon(lang) == words
    finally:
        clean.lexicon.cache_clear()


def test_list_valued_lemmas_are_words_too(tmp_path, monkeypatch):
    # French forms such as "est" map to a list of lemmas (["être", "est"]) in the table.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    clean.lexicon.cache_clear()
    try:
        assert "être" in clean.lexicon("fr")
    finally:
        clean.lexicon.cache_clear()


def test_sorted_words_answer_as_the_set_of_their_words():
    # Accented and non-Latin forms sort by code point as their UTF-8 bytes do; the empty form,
    # prefixes of a word and forms past either end are the bisection's edge cases.
    words = {"", "a", "ab", "abc", "b", "ça", "être", "évaluation", "zèbre", "ωμέγα", "日本"}
    found = clean.SortedWords.of(words)
    probes = words | {"aa", "abd", "c", "çb", "e", "zz", "ω", "日", "本日", "ab\n", "A"}
    assert {word for word in probes if word in found} == words
    assert "a" not in clean.SortedWords(b"")
