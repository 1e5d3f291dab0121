"""Language of each block: langdetect, limited to the paper's languages, seeded, on long text only.

langdetect is unreliable on short strings (``Overall survival`` comes out Italian) and on lists of
names, so a block shorter than ``MIN_CHARS`` letters, one whose words are mostly capitalised, or
one the detector is unsure of, takes the language of its nearest confident neighbour in reading
order.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources

from langdetect.detector_factory import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

MIN_CHARS = 40
MIN_PROB = 0.8
MIN_LOWERCASE_SHARE = 0.4
SEED = 0


@cache
def _factory(languages: tuple[str, ...]) -> DetectorFactory:
    """A detector that only knows the paper's languages, so it never answers a third one."""
    factory = DetectorFactory()
    profiles = resources.files("langdetect") / "profiles"
    known = [lang for lang in languages if (profiles / lang).is_file()]
    factory.load_json_profile([(profiles / lang).read_text("utf-8") for lang in known])
    factory.set_seed(SEED)
    return factory


def probabilities(text: str, languages: Sequence[str]) -> dict[str, float]:
    """The probability of each of ``languages`` for ``text`` (empty for text without letters)."""
    if not any(ch.isalpha() for ch in text):
        return {}
    detector = _factory(tuple(languages)).create()
    detector.append(text)
    try:
        return {found.lang: round(found.prob, 4) for found in detector.get_probabilities()}
    except LangDetectException:
        return {}


def best_language(text: str, languages: Sequence[str]) -> tuple[str, float] | None:
    """The most probable of ``languages`` for ``text`` and its probability, even for short text
    (a title): None when the text has no letters."""
    probs = probabilities(text, languages)
    if not probs:
        return None
    best = max(probs, key=probs.get)
    return best, probs[best]


def trustworthy(text: str) -> bool:
    """Long enough, and running text rather than a list of names and acronyms (authors,
    sponsors), which says little of its language."""
    words = [w for w in text.split() if w[:1].isalpha()]
    lowercase = sum(w[:1].islower() for w in words)
    return sum(ch.isalpha() for ch in text) >= MIN_CHARS and lowercase >= MIN_LOWERCASE_SHARE * len(words)


def assign_languages(texts: Sequence[str], groups: Sequence[object], languages: Sequence[str],
                     ) -> list[tuple[str, float]]:
    """Language and its probability per text; unsure texts follow the nearest sure one.

    ``groups`` says which texts stand together (a column piece of a page): an unsure block takes
    its language from its neighbours in the same group first, then from anywhere near it. The
    probability is the detector's for the language given, whoever decided it.
    """
    detected = [probabilities(text, languages) for text in texts]
    sure = []
    for text, probs in zip(texts, detected, strict=True):
        best = max(probs, key=probs.get) if probs else None
        sure.append(best if best and trustworthy(text) and probs[best] >= MIN_PROB else None)
    result = []
    for index, probs in enumerate(detected):
        lang = sure[index] or _nearest(sure, groups, index) or languages[0]
        result.append((lang, probs.get(lang, 0.0)))
    return result


def _nearest(sure: Sequence[str | None], groups: Sequence[object], index: int) -> str | None:
    for same_group in (True, False):
        for distance in range(1, len(sure)):
            for i in (index + distance, index - distance):  # a heading opens what follows
                if 0 <= i < len(sure) and sure[i] is not None:
                    if not same_group or groups[i] == groups[index]:
                        return sure[i]
            if same_group and all(
                not (0 <= i < len(sure)) or groups[i] != groups[index]
                for i in (index - distance, index + distance)
            ):
                break
    return None
