"""Where the tests find their inputs: the repository's bundled PDFs and tests/data/."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAPERS = REPO / "resources" / "papers"
DATA = Path(__file__).resolve().parent / "data"


def pdf(paper: str) -> Path:
    """The bundled PDF of a paper (resources/papers/<paper>/source.pdf)."""
    return PAPERS / paper / "source.pdf"


def gold(paper: str) -> Path:
    """The folder of what a careful reader reads off the paper (tests/data/<paper>/)."""
    return DATA / paper
