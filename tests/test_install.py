"""The package installed the ordinary way, from a wheel into a fresh virtual environment (not the
editable checkout the tests run from), finds its data and schemas and runs its stages.

The wheel is built offline from a copy of the files it is made of; the fresh environment sees
the dependencies of this one through a path file, not the editable install of this repository.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from testdata import REPO, gold

from extract.claims import CLAIM_COLUMNS
from extract.records import write_records

# What `pip install .` reads: the project file, the code and the folders mapped into the package.
SOURCES = ("pyproject.toml", "src", "resources", "workflow/schemas")
NOT_PACKAGE_DATA = ("papers", "curated")  # inputs a config names, not what the code reads


def _run(*command: str | Path, cwd: Path) -> str:
    done = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True,
                          text=True, check=False, timeout=300)
    assert done.returncode == 0, f"{command}:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with the package installed from its wheel; its python."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"
    source.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns(
                "__pycache__", "*.egg-info", *NOT_PACKAGE_DATA))
        else:
            shutil.copy(REPO / name, source / name)
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check")
    _run(*pip, "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
         "--wheel-dir", root / "wheel", source, cwd=root)
    (wheel,) = (root / "wheel").glob("*.whl")
    venv = root / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=root)
    python = venv / "bin" / "python"
    _run(*pip, "--python", python, "install", "--quiet", "--no-deps", "--no-index", wheel, cwd=root)
    purelib = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                        cwd=root).strip())
    (purelib / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return python


def test_the_installed_package_reads_its_data_from_where_it_is_installed(installed, tmp_path):
    found = _run(installed, "-c", "import extract, extract.resources as r, extract.check as c; "
                 "print(extract.__file__, r.RESOURCES, c.CURATED_SCHEMA, sep='\\n')",
                 cwd=tmp_path).splitlines()
    venv = installed.parent.parent
    assert all(Path(path).is_relative_to(venv) for path in found), found
    package, data, schema = map(Path, found)
    shipped = sorted(path.relative_to(REPO / "resources").as_posix()
                     for path in (REPO / "resources").rglob("*") if path.is_file()
                     and path.parts[len((REPO / "resources").parts)] not in NOT_PACKAGE_DATA
                     and "__pycache__" not in path.parts and path.name != "__init__.py")
    installed_data = sorted(path.relative_to(data).as_posix() for path in data.rglob("*")
                            if path.is_file() and "__pycache__" not in path.parts
                            and path.name != "__init__.py")
    assert installed_data == shipped  # every data file the code may read, nothing else
    assert schema.is_file() and data.parent == package.parent


def test_the_installed_cli_runs_stages_that_read_package_data(installed, tmp_path):
    assert "usage" in _run(installed, "-m", "extract.cli", "--help", cwd=tmp_path)
    abstracts = [gold("isatuximab-2022") / f"abstract.{lang}.txt" for lang in ("it", "en")]
    stage = (installed, "-m", "extract.cli")
    _run(*stage, "sentences", "--languages", "it", "en", "--inputs", *abstracts, "--outputs",
         "sentences.csv", cwd=tmp_path)  # each language's abbreviations
    _run(*stage, "align", "--languages", "it", "en", "--inputs", "sentences.csv", "--outputs",
         "alignment.csv", cwd=tmp_path)  # function words
    write_records(tmp_path / "claims.csv", CLAIM_COLUMNS, [])
    _run(*stage, "check", "--paper", "isatuximab-2022", "--languages", "it", "en", "--curated",
         REPO / "resources" / "curated" / "isatuximab-2022.yaml", "--inputs", "claims.csv",
         "alignment.csv", "sentences.csv", "--outputs", "checks.csv", cwd=tmp_path)  # the schema
    pairs = (tmp_path / "alignment.csv").read_text(encoding="utf-8").splitlines()
    expected = (gold("isatuximab-2022") / "alignment.csv").read_text(encoding="utf-8").splitlines()
    assert len(pairs) == len(expected)
    checks = (tmp_path / "checks.csv").read_text(encoding="utf-8")
    assert ",curated,missing," in checks and ",cross_language,pass," in checks
