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


def detect(text: str, languages: Sequence[str]) -> tuple[str | None, float]:
    """The most probable of ``languages`` for ``text`` and its probability (None when unsure)."""
    letters = sum(ch.isalpha() for ch in text)
    words = [w for w in text.split() if w[:1].isalpha()]
    # a list of names and acronyms (authors, sponsors) says little of its language
    if letters < MIN_CHARS or sum(w[:1].islower() for w in words) < MIN_LOWERCASE_SHARE * len(words):
        return None, 0.0
    detector = _factory(tuple(languages)).create()
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None, 0.0
    return best.lang, round(best.prob, 4)


def assign_languages(texts: Sequence[str], groups: Sequence[object], languages: Sequence[str],
                     ) -> list[tuple[str, float]]:
    """Language and probability per text; unsure texts follow the nearest sure one of their group.

    ``groups`` says which texts stand together (a column piece of a page): a short block takes its
    language from its neighbours in the same group first, then from anywhere before or after it.
    """
    detected = [detect(text, languages) for text in texts]
    sure = [lang if prob >= MIN_PROB else None for lang, prob in detected]
    result = []
    for index, (lang, prob) in enumerate(detected):
        if sure[index] is None:
            lang = _nearest(sure, groups, index) or languages[0]
        result.append((lang, prob))
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
