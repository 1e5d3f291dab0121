"""Fixtures shared by the report and browser tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from paper_stages import run_stages
from testdata import pdf


@pytest.fixture(scope="session")
def bundled(tmp_path_factory) -> Path:
    """results/isatuximab-2022 as the workflow builds it, up to the checks (no checks.csv)."""
    out = tmp_path_factory.mktemp("results") / "isatuximab-2022"
    run_stages(pdf("isatuximab-2022"), out, ["it", "en"], "Tabella 1")
    return out
