import json
import sys
from pathlib import Path

from snakemake.utils import validate

from extract.config import check_unique_keys
from extract.summary import write_summary

validate(config, schema="../schemas/config.schema.yaml")
for configfile_path in workflow.configfiles:
    check_unique_keys(configfile_path)

RESULTS = config.get("results", "results")
PAPERS = config["papers"]
LIMITS = config.get("limits", {"seconds": 600, "memory_mb": 4096})
# Stages run with the interpreter that runs Snakemake, so the installed package is found; every
# job is bounded in time and memory.
CLI = (
    f"{sys.executable} -m extract.cli --time-limit {LIMITS['seconds']} "
    f"--memory-limit {LIMITS['memory_mb']}"
)

# When cores are short, a paper's jobs on the longest chain to its checks (text → sentences →
# align, and claims) run first, then its table (the checks need it too), then its pictures (only
# the report needs them).
ON_CHECKS_CHAIN = 2
BEFORE_PICTURES = 1


wildcard_constraints:
    paper="[a-z0-9-]+",
    lang="[a-z]{2}",


def paper_pdf(wildcards):
    """The paper's PDF as an input, or nothing when it does not exist, so that the parse stage
    fails for this paper alone ("no such file") instead of the whole workflow."""
    pdf = PAPERS[wildcards.paper]["pdf"]
    return [pdf] if Path(pdf).exists() else []


def paper_pdf_path(wildcards):
    return PAPERS[wildcards.paper]["pdf"]


def paper_languages(wildcards):
    return " ".join(PAPERS[wildcards.paper]["languages"])


def vocabularies_option(wildcards):
    """The paper's field vocabularies (its own list, else the corpus's) as a CLI option."""
    names = PAPERS[wildcards.paper].get("vocabularies", config.get("vocabularies", []))
    return f"--vocabularies {' '.join(json.dumps(name) for name in names)}" if names else ""


def table_label_option(wildcards):
    label = PAPERS[wildcards.paper].get("table")
    return f"--label {json.dumps(label)}" if label else ""


def curated_file(wildcards):
    curated = PAPERS[wildcards.paper].get("curated")
    return [curated] if curated else []


def curated_option(wildcards):
    curated = PAPERS[wildcards.paper].get("curated")
    return f"--curated {json.dumps(curated)}" if curated else ""


def abstracts(wildcards):
    langs = PAPERS[wildcards.paper]["languages"]
    return [f"{RESULTS}/{wildcards.paper}/abstract.{lang}.txt" for lang in langs]


def text_outputs(paper):
    langs = PAPERS[paper]["languages"]
    return (
        [f"{RESULTS}/{paper}/text.{lang}.md" for lang in langs]
        + [f"{RESULTS}/{paper}/abstract.{lang}.txt" for lang in langs]
        + [f"{RESULTS}/{paper}/keywords.{lang}.txt" for lang in langs]
        + [f"{RESULTS}/{paper}/blocks.csv", f"{RESULTS}/{paper}/captions.csv"]
    )


def table_files(wildcards):
    """table.csv and table_long.csv when the paper has the configured table, else nothing."""
    located = checkpoints.locate_table.get(paper=wildcards.paper).output[0]
    with open(located, encoding="utf-8") as handle:
        found = json.load(handle)["found"]
    paper_dir = f"{RESULTS}/{wildcards.paper}"
    return [f"{paper_dir}/table.csv", f"{paper_dir}/table_long.csv"] if found else []


def paper_outputs(wildcards):
    paper = wildcards.paper
    return text_outputs(paper) + table_files(wildcards) + [
        f"{RESULTS}/{paper}/sentences.csv",
        f"{RESULTS}/{paper}/alignment.csv",
        f"{RESULTS}/{paper}/claims.csv",
        f"{RESULTS}/{paper}/evidence.csv",
    ]


def all_outputs(wildcards):
    return [f"{RESULTS}/{paper}/done" for paper in PAPERS] + [f"{RESULTS}/index.html"]


def write_failure_summary():
    """After a failed run, summary.csv and index.html still list every paper, failed ones with
    their error, and a failed paper keeps no partial outputs."""
    from extract.report import write_index  # imported only when a run fails

    results = Path(RESULTS)
    for paper in PAPERS:
        paper_dir = results / paper
        if paper_dir.is_dir() and not (paper_dir / "done").is_file():
            for leftover in paper_dir.iterdir():
                if leftover.is_file():
                    leftover.unlink()
    write_summary(PAPERS, results, results / "summary.csv")
    write_index(results / "summary.csv", results, results / "index.html")
