import json
import sys
from collections import defaultdict
from pathlib import Path

from snakemake.exceptions import WorkflowError
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

# A paper's later jobs go before other papers' first ones: started papers finish first, so an
# interrupted run leaves whole papers.
FINISH_STARTED_PAPERS = 1
# The parse's processes: 4 for a paper alone, 2 each for two papers, else one per paper (the
# config alone decides, so nothing depends on --cores being given, as on a cluster).
PARSE_WORKERS = max(1, 4 // len(PAPERS))
# What a job asks of a cluster, just above the config's own bounds, so that a pathological PDF
# meets the project's clean error before the scheduler kills its job: the memory bound holds for
# each process (RLIMIT_DATA; the interpreter's code and libraries come on top), the time bound
# for the whole job (Snakemake's start on the node comes on top).
JOB_MEM_MB = LIMITS["memory_mb"] + 512
JOB_MINUTES = -(-LIMITS["seconds"] // 60) + 2
# A paper's jobs form one group: on a cluster a paper costs one submission.
PAPER_GROUP = "paper"


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


def paper_cli(wildcards):
    """The CLI with the options every stage of the paper's job shares (--paper after the list of
    languages ends it, so the stage's name that follows is not taken for a language)."""
    return f"{CLI} --languages {paper_languages(wildcards)} --paper {wildcards.paper}"


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


def all_outputs(wildcards):
    """The index: the summary it comes with needs every paper's flag (one request of each)."""
    return [f"{RESULTS}/index.html"]


def refuse_jobs_slurm_cannot_run():
    """On SLURM, before anything is submitted: a job that no node of its partition can ever run
    stops the run with SLURM's reason (extract.slurm says why Snakemake alone does not)."""
    plugin = workflow.executor_plugin
    if plugin is None or plugin.cli_prefix != "slurm":
        return
    from extract.slurm import Request, describe_jobs, never_runnable

    dag = workflow.dag
    rules, groups, papers = defaultdict(set), {}, defaultdict(set)
    for job in dag.get_jobs_or_groups():
        members = list(job.jobs) if job.is_group() else [job]
        if job.is_local or not any(dag.needrun(member) for member in members):
            continue
        resources = job.resources
        request = Request(
            resources.get("slurm_partition"),
            job.threads,
            resources.get("mem_mb"),
            resources.get("runtime"),
        )
        rules[request].update((member.rule.name, member.threads) for member in members)
        groups[request] = job.groupid if job.is_group() else None
        papers[request].update(member.wildcards_dict.get("paper") for member in members)
    requests = {
        request: describe_jobs(rules[request], groups[request], len(papers[request]))
        for request in rules
    }
    refusals = never_runnable(requests)
    if refusals:
        raise WorkflowError(
            "\n".join(refusals)
            + "\nLower the request to fit the nodes (--set-threads RULE=N, or the config's "
            "limits: memory_mb and seconds) or name a partition whose nodes are larger."
        )


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
