"""The language-specific labels of article parts (abstract, keywords, captions), from resources/."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from extract.resources import RESOURCES, read_yaml


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s*") for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Labels:
    abstract: dict[str, list[str]]
    keywords: dict[str, list[str]]
    caption: dict[str, list[str]]
    back_matter: list[str]

    def _label_at_start(self, table: dict[str, list[str]], text: str) -> tuple[str, str] | None:
        """(language, matched label with its punctuation) of a label that opens ``text``."""
        for lang, words in table.items():
            match = re.match(rf"\s*({_alternation(words)})\s*[.:—–-]?\s*", text, re.IGNORECASE)
            if match and (match.end() == len(text) or not text[match.end(1)].isalpha()):
                return lang, match.group()
        return None

    def abstract_label(self, text: str) -> tuple[str, str] | None:
        return self._label_at_start(self.abstract, text)

    def keywords_label(self, text: str) -> tuple[str, str] | None:
        return self._label_at_start(self.keywords, text)

    def caption_kind(self, text: str) -> str | None:
        """``figure`` or ``table`` when ``text`` opens with a caption label and its number."""
        for kind, words in self.caption.items():
            pattern = rf"\s*({_alternation(words)})\s*(\d+[A-Za-z]?|[IVX]+)\s*([.:|—–-]|$)"
            if re.match(pattern, text, re.IGNORECASE):
                return kind
        return None

    def caption_label(self, text: str) -> str | None:
        """The label with its number (``Figura 3``), normalised to one space."""
        if self.caption_kind(text) is None:
            return None
        words = [w for ws in self.caption.values() for w in ws]
        match = re.match(rf"\s*({_alternation(words)})\s*(\d+[A-Za-z]?|[IVX]+)", text, re.IGNORECASE)
        return f"{match.group(1)} {match.group(2)}"

    def is_back_matter(self, text: str) -> bool:
        pattern = rf"\s*({_alternation(self.back_matter)})\s*[.:]?\s*$"
        return re.match(pattern, text, re.IGNORECASE) is not None


@cache
def load_labels(path: Path = RESOURCES / "labels.yaml") -> Labels:
    data = read_yaml(path)
    return Labels(data["abstract"], data["keywords"], data["caption"], data["back_matter"])
