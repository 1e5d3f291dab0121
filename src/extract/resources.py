"""Where the workflow's data files live (``resources/``) and how they are read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
# libyaml's parser is ~10x faster than PyYAML's pure-Python one: the curated values and the
# language data are read by every job, so the pure-Python loader showed in each job's time.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """The data of a YAML file, read with the safe loader (libyaml's when it is installed)."""
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
