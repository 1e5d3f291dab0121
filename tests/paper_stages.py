"""A paper's stages called in this process as the workflow's rules call them, into a folder laid
out as ``results/<paper>/``."""

from __future__ import annotations

from pathlib import Path

from extract.cli import main as run_stage_here


def stage(name: str, inputs: list[Path], outputs: list[Path], *extra: str) -> None:
    argv = [name, "--inputs", *map(str, inputs), "--outputs", *map(str, outputs), *extra]
    assert run_stage_here(argv) == 0, name


def run_stages(pdf: Path, out: Path, languages: list[str], label: str | None) -> None:
    """Every stage of the paper before the checks (with no table label, the ones that need no
    table nor second abstract)."""
    out.mkdir(parents=True, exist_ok=True)
    langs = ["--languages", *languages]
    stage("parse", [pdf], [out / "layout.json"])
    stage("blocks", [out / "layout.json"], [out / "blocks.csv"], *langs)
    stage("text", [out / "blocks.csv"], [out / f"text.{lang}.md" for lang in languages],
          "--lang", *languages, *langs)
    stage("claims", [out / "blocks.csv"], [out / "claims.csv"], *langs)
    stage("locate-table", [out / "layout.json"], [out / "table.json"], *(["--label", label] if label else []))
    stage("pictures", [pdf, out / "blocks.csv", out / "table.json"], [out / "pictures.json"])
    if label is None:
        return
    abstracts = [out / f"abstract.{lang}.txt" for lang in languages]
    stage("sentences", abstracts, [out / "sentences.csv"], *langs)
    stage("align", [out / "sentences.csv"], [out / "alignment.csv"], *langs)
    stage("table", [out / "table.json", out / "blocks.csv"], [out / "table.csv",
          out / "table_long.csv"], *langs)
