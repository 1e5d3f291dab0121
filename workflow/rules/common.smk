import json
import sys

from snakemake.utils import validate

validate(config, schema="../schemas/config.schema.yaml")

RESULTS = config.get("results", "results")
PAPERS = config["papers"]
# Stages run with the interpreter that runs Snakemake, so the installed package is found.
CLI = f"{sys.executable} -m extract.cli"


wildcard_constraints:
    paper="[a-z0-9-]+",
    lang="[a-z]{2}",


def paper_pdf(wildcards):
    return PAPERS[wildcards.paper]["pdf"]


def paper_languages(wildcards):
    return " ".join(PAPERS[wildcards.paper]["languages"])


def table_label_option(wildcards):
    label = PAPERS[wildcards.paper].get("table")
    return f"--label {json.dumps(label)}" if label else ""


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
    ]


def all_outputs(wildcards):
    return [f"{RESULTS}/{paper}/done" for paper in PAPERS]
