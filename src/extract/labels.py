"""The language-specific labels of article parts (abstract, keywords, captions), from resources/."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from extract.resources import RESOURCES, read_yaml

# What may stand between a label and its text: a note mark (``ABSTRACT¹``, ``Abstract*``), a tag in
# brackets (``ABSTRACT (ITALIANO)``), then the label's punctuation.
LABEL_TAIL = r"[¹²³⁴⁵⁶⁷⁸⁹⁰*†]*(?:\s*\([^()\n]{1,24}\))?\s*[.:—–-]?\s*"
# A keywords label run into the end of a paragraph stands after its sentence stop, with a colon.
RUN_IN_STOP = r"(?<=[.!?])\s+"


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s*") for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Labels:
    abstract: dict[str, list[str]]
    keywords: dict[str, list[str]]
    caption: dict[str, list[str]]
    back_matter: list[str]
    keywords_any_language: tuple[str, ...] = ()

    def _label_at_start(self, table: dict[str, list[str]], text: str) -> tuple[str, str] | None:
        """(language, matched label with its mark, tag and punctuation) of a label that opens
        ``text``; the language is ``""`` for a label of no language (``Tags:``)."""
        for lang, words in table.items():
            match = re.match(rf"\s*({_alternation(words)}){LABEL_TAIL}", text, re.IGNORECASE)
            if match and (match.end() == len(text) or not text[match.end(1)].isalpha()):
                return lang, match.group()
        return None

    def abstract_label(self, text: str) -> tuple[str, str] | None:
        return self._label_at_start(self.abstract, text)

    def keywords_label(self, text: str) -> tuple[str, str] | None:
        return self._label_at_start({**self.keywords, "": list(self.keywords_any_language)}, text)

    def label_languages(self, label: str) -> set[str]:
        """Every language whose abstract or keywords labels include the word of ``label``."""
        found = set()
        for table in (self.abstract, self.keywords):
            for lang, words in table.items():
                if re.match(rf"\s*({_alternation(words)}){LABEL_TAIL}$", label, re.IGNORECASE):
                    found.add(lang)
        return found

    def keywords_run_in(self, text: str) -> int | None:
        """Where a keywords label run into the end of a paragraph starts (``... nel follow-up.
        Parole chiave: qualità di vita``), or None."""
        words = [w for ws in self.keywords.values() for w in ws] + list(self.keywords_any_language)
        match = re.search(rf"{RUN_IN_STOP}({_alternation(words)})\s*:", text, re.IGNORECASE)
        return match.start(1) if match else None

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
    return Labels(data["abstract"], data["keywords"], data["caption"], data["back_matter"],
                  tuple(data.get("keywords_any_language", [])))
