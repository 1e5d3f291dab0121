from snakemake.utils import validate

validate(config, schema="../schemas/config.schema.yaml")

RESULTS = config.get("results", "results")
PAPERS = config["papers"]


wildcard_constraints:
    paper="[a-z0-9-]+",
    lang="[a-z]{2}",


def paper_pdf(wildcards):
    return PAPERS[wildcards.paper]["pdf"]


def paper_languages(wildcards):
    return PAPERS[wildcards.paper]["languages"]


def text_outputs(paper):
    langs = PAPERS[paper]["languages"]
    return (
        [f"{RESULTS}/{paper}/text.{lang}.md" for lang in langs]
        + [f"{RESULTS}/{paper}/abstract.{lang}.txt" for lang in langs]
        + [f"{RESULTS}/{paper}/keywords.{lang}.txt" for lang in langs]
        + [f"{RESULTS}/{paper}/captions.csv"]
    )


def all_outputs(wildcards):
    return [path for paper in PAPERS for path in text_outputs(paper)]
