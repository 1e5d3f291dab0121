"""The bundled paper end to end through Snakemake, in a temporary copy of the workflow.

The copy holds the repository's Snakefile, workflow/ and the bundled paper, with a config of
that one paper; Snakemake runs there (never in the repository itself). The outputs are compared
with the gold in ``tests/data/isatuximab-2022``.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from scoring import character_error_rate_bound, from_first_heading, normalise_space
from testdata import REPO, gold

PAPER = "isatuximab-2022"
SECOND = "rsp-2011-2708"
GOLD = gold(PAPER)
LANGUAGES = ("it", "en")
LIGATURE_CHARS = re.compile("[ﬁﬂﬀﬃﬄ]")


def _snakemake(root: Path, *options: str, cores: int = 2) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "snakemake", "--cores", str(cores), "--snakefile",
               str(root / "Snakefile"), "--directory", str(root), *options]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def first_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A copy of the workflow with the bundled paper, built once (one core, so that jobs wait
    for it; Snakemake's debug output names each scheduling pass)."""
    root = tmp_path_factory.mktemp("workflow")
    shutil.copy(REPO / "Snakefile", root / "Snakefile")
    shutil.copytree(REPO / "workflow", root / "workflow")
    entry = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))["papers"][PAPER]
    for key in ("pdf", "curated"):  # the files the paper's entry names, at the same paths
        if key in entry:
            (root / entry[key]).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / entry[key], root / entry[key])
    # a second paper, so that changing one paper's PDF can be seen to rebuild that paper alone
    second = {"pdf": f"resources/papers/{SECOND}/source.pdf", "languages": ["pt", "en"]}
    (root / second["pdf"]).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / second["pdf"], root / second["pdf"])
    config = {"results": "results", "papers": {PAPER: entry, SECOND: second}}
    (root / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    run = _snakemake(root, "--verbose", cores=1)
    if run.returncode != 0:
        pytest.fail(f"snakemake failed ({run.returncode}):\n{run.stderr[-3000:]}")
    return root, run


@pytest.fixture(scope="module")
def workflow_copy(first_run) -> Path:
    return first_run[0]


@pytest.fixture(scope="module")
def results(workflow_copy) -> Path:
    return workflow_copy / "results" / PAPER


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _header_and_footer_texts(results: Path) -> list[tuple[str, str, str]]:
    with (results / "blocks.csv").open(encoding="utf-8", newline="") as handle:
        return [(row["page"], row["role"], row["text"]) for row in csv.DictReader(handle)
                if row["role"] in ("header", "footer")]


def test_every_text_output_is_built(results):
    names = ["blocks.csv", "captions.csv", "layout.json", "table.csv", "table_long.csv", "done"]
    names += [f"{kind}.{lang}.{ext}" for lang in LANGUAGES
              for kind, ext in (("text", "md"), ("abstract", "txt"), ("keywords", "txt"))]
    missing = [name for name in names if not (results / name).is_file()]
    assert not missing
    for name in names[:2] + names[6:]:
        assert _read(results / name).strip(), f"{name} is empty"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_abstract_equals_gold(results, lang):
    built = _read(results / f"abstract.{lang}.txt")
    assert normalise_space(built) == normalise_space(_read(GOLD / f"abstract.{lang}.txt"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keywords_equal_gold(results, lang):
    built = _read(results / f"keywords.{lang}.txt").splitlines()
    assert built == _read(GOLD / f"keywords.{lang}.txt").splitlines()


def test_italian_text_from_first_heading_within_half_a_percent_of_gold(results):
    # (the gold opens with its first heading).
    built = normalise_space(from_first_heading(_read(results / "text.it.md")))
    gold = normalise_space(from_first_heading(_read(GOLD / "text.it.md")))
    assert built.startswith("## ") and gold.startswith("## ")
    assert character_error_rate_bound(built, gold) <= 0.005


def test_running_heads_and_page_numbers_found_on_every_page(results):
    margins = _header_and_footer_texts(results)
    pages = {int(page) for page, _, _ in margins}
    layout_pages = len(_read(results / "layout.json").split('"number":')) - 1
    assert pages == set(range(1, layout_pages + 1))
    numbers = [(int(page), int(text)) for page, role, text in margins
               if role == "footer" and text.strip().isdigit()]
    assert [page for page, _ in numbers] == list(range(1, layout_pages + 1))
    assert {int(page) for page, role, _ in margins if role == "header"} == pages


@pytest.mark.parametrize("lang", LANGUAGES)
def test_text_has_no_running_head_page_number_or_ligature(results, lang):
    text = _read(results / f"text.{lang}.md")
    lines = text.splitlines()
    for _, _, margin in _header_and_footer_texts(results):
        assert margin.strip() not in lines
    assert not any(re.fullmatch(r"\s*\d+\s*", line) for line in lines)
    assert "Recenti Progressi in Medicina" not in text
    # the running head of the odd pages repeats the start of the title: never in the body
    assert "Ricerca di base nello sviluppo di isatuximab" not in from_first_heading(text)
    assert not LIGATURE_CHARS.search(text)


def test_table_equals_gold(results):
    assert (results / "table.csv").read_bytes() == (GOLD / "table.csv").read_bytes()


def test_a_scheduling_pass_follows_each_finished_job_not_a_timer(first_run):
    """While jobs wait for the core, Snakemake's default job rate limiter would add a pass a
    second and one more chain of them per finished job (common.smk says why it is dropped)."""
    output = first_run[1].stdout + first_run[1].stderr
    passes = output.count("Resources before job selection")
    finished = output.count("Finished jobid")
    assert finished >= 5  # 2 jobs a paper and the summary at least
    assert finished - 1 <= passes <= finished + 1  # the first pass, then one after each job


def test_second_run_has_nothing_to_do(workflow_copy, results):
    before = {path: path.stat().st_mtime_ns for path in results.iterdir()}
    dry = _snakemake(workflow_copy, "--dry-run")
    assert dry.returncode == 0, dry.stderr[-2000:]
    assert "Nothing to be done" in dry.stdout + dry.stderr
    again = _snakemake(workflow_copy)
    assert again.returncode == 0, again.stderr[-2000:]
    assert {path: path.stat().st_mtime_ns for path in results.iterdir()} == before


def test_changing_one_pdf_rebuilds_only_that_paper(workflow_copy, results):
    # Snakemake (>= 9.18) compares input checksums, so the PDF's bytes must change, not only its
    # time: a comment after %%EOF changes the file and not the document
    pdf = workflow_copy / "resources" / "papers" / SECOND / "source.pdf"
    pdf.chmod(0o644)
    pdf.write_bytes(pdf.read_bytes() + b"\n% edited\n")
    dry = _snakemake(workflow_copy, "--dry-run")
    assert dry.returncode == 0, dry.stderr[-2000:]
    planned = dry.stdout + dry.stderr
    assert f"paper={SECOND}" in planned
    assert f"paper={PAPER}" not in planned


def test_the_summary_takes_more_papers_than_a_shell_argument_holds(tmp_path):
    """Every paper and its languages reach the summary however many there are: a shell command
    is one argument of at most 128 KiB (Linux), and these papers' ids and languages alone are
    more. The papers are done (their flag and layout.json, the files the summary needs) and only
    the summary rule may run."""
    shutil.copy(REPO / "Snakefile", tmp_path / "Snakefile")
    shutil.copytree(REPO / "workflow", tmp_path / "workflow")
    papers = {f"{'p' * 100}-{number:04d}": {"pdf": "absent.pdf", "languages": ["it", "en"]}
              for number in range(1300)}
    languages = {paper: entry["languages"] for paper, entry in papers.items()}
    assert len(str(languages)) > 128 * 1024  # more than one argument of a command may hold
    for paper in papers:
        (tmp_path / "results" / paper).mkdir(parents=True)
        (tmp_path / "results" / paper / "done").touch()
        (tmp_path / "results" / paper / "layout.json").write_text('{"pages": [{}]}', encoding="utf-8")
    (tmp_path / "config.yaml").write_text(yaml.safe_dump({"papers": papers}), encoding="utf-8")
    run = _snakemake(tmp_path, "--allowed-rules", "summary")
    assert run.returncode == 0, run.stderr[-2000:]
    with (tmp_path / "results" / "summary.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["paper"] for row in rows] == sorted(papers)
    assert {(row["status"], row["pages"]) for row in rows} == {("ok", "1")}
    assert (tmp_path / "results" / "index.html").read_text(encoding="utf-8").count(f"{'p' * 100}-") >= 1300
