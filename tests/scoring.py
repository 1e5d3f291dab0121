"""Measures shared by tests and benchmarks: character error rate and whitespace normalisation."""

from __future__ import annotations

import difflib
import re


def normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, row by row (memory linear in ``b``)."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def character_error_rate(hypothesis: str, reference: str) -> float:
    return edit_distance(hypothesis, reference) / max(1, len(reference))


def from_first_heading(markdown: str) -> str:
    start = ("\n" + markdown).find("\n## ")
    return markdown[start:] if start >= 0 else markdown


def character_error_rate_bound(hypothesis: str, reference: str) -> float:
    """An upper bound of character_error_rate, in a second instead of minutes.

    The texts are aligned word by word (difflib); only the spans that differ are compared
    character by character. Any alignment's cost bounds the edit distance from above, so a text
    within the bound is within the limit.
    """
    ours, theirs = hypothesis.split(" "), reference.split(" ")
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    cost = 0
    for tag, i0, i1, j0, j1 in matcher.get_opcodes():
        if tag != "equal":
            ours_span, theirs_span = " ".join(ours[i0:i1]), " ".join(theirs[j0:j1])
            cost += edit_distance(ours_span, theirs_span) + (not ours_span or not theirs_span)
    return cost / max(1, len(reference))
