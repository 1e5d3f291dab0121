"""A workflow stage run as the workflow runs it: in a fresh interpreter, which reports the heavy
modules the stage imported (each costs a job 0.15-0.8 s before any work)."""

from __future__ import annotations

import subprocess
import sys

HEAVY_MODULES = ("jsonschema", "pandas", "pdfplumber", "spacy")


def run_stage(argv: list[str]) -> tuple[int, set[str]]:
    """The stage's exit status and which of HEAVY_MODULES it imported."""
    script = ("import sys; from extract.cli import main; status = main(sys.argv[1:]); "
              f"print(status, *sorted(set({HEAVY_MODULES!r}) & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True,
                          check=True)
    status, *imported = done.stdout.split()
    return int(status), set(imported)
