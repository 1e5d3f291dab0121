"""Measures shared by tests and benchmarks: character error rate and whitespace normalisation."""

from __future__ import annotations

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
    start = markdown.find("\n## ")
    return markdown[start + 1:] if start >= 0 else markdown
