"""The per-language data of ``resources/lang/<lang>.yaml`` (abbreviations, function words,
hyphenated compound tails), read once per language."""

from __future__ import annotations

from functools import cache
from typing import Any

from extract.resources import RESOURCES, read_yaml

LANG_DIR = RESOURCES / "lang"


@cache
def language_data(lang: str) -> dict[str, Any] | None:
    """The data of ``lang``, or None when the language has no data file."""
    path = LANG_DIR / f"{lang}.yaml"
    if not path.is_file():
        return None
    return read_yaml(path) or {}
