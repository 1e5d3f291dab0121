"""The per-language data of ``resources/lang/<lang>.yaml`` (abbreviations, function words,
hyphenated compound tails), read once per language."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

LANG_DIR = Path(__file__).resolve().parents[2] / "resources" / "lang"


@cache
def language_data(lang: str) -> dict[str, Any] | None:
    """The data of ``lang``, or None when the language has no data file."""
    path = LANG_DIR / f"{lang}.yaml"
    if not path.is_file():
        return None
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
