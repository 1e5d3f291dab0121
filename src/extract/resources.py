"""Where the workflow's data files live and how they are read.

The language and field knowledge (``resources/`` in the repository) is the package
``extract.data``, the schemas (``workflow/schemas/``) the package ``extract.schemas``: pyproject.toml
maps those folders into the package, so they are found through importlib.resources whether the
package is installed (``pip install .``) or editable (the folders of the repository itself).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml


def package_folder(package: str) -> Path:
    """The folder of a data package on disk (pip installs a package as files, never zipped)."""
    folder = files(package)
    if not isinstance(folder, Path):
        raise RuntimeError(f"the data of {package} is not a folder on disk ({folder!r})")
    return folder


RESOURCES = package_folder("extract.data")
SCHEMAS = package_folder("extract.schemas")
# libyaml's parser is ~10x faster than PyYAML's pure-Python one: the curated values and the
# language data are read by every job, so the pure-Python loader showed in each job's time.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """The data of a YAML file, read with the safe loader (libyaml's when it is installed)."""
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
