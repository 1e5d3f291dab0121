import json
import sys
from collections import defaultdict
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

from extract.config import check_unique_keys
from extract.summary import write_summary_files

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

# The papers of each ordered pair of languages (body language first), for the rule of the pair
# (check.smk): a paper's per-language files are outputs of its check_paper job.
LANGUAGE_PAIRS = {}
for _paper, _entry in PAPERS.items():
    LANGUAGE_PAIRS.setdefault(tuple(_entry["languages"]), []).append(_paper)


def paper_constraint(papers):
    """The paper ids of a language pair (a wildcard constraint), or any id for a single pair."""
    if len(LANGUAGE_PAIRS) == 1:
        return "[a-z0-9-]+"
    return "|".join(sorted(papers))  # ids are [a-z0-9-]+ (the schema): nothing to escape


def paper_pdf(wildcards):
    """The paper's PDF as an input, or nothing when it does not exist, so that the parse stage
    fails for this paper alone ("no such file") instead of the whole workflow."""
    pdf = PAPERS[wildcards.paper]["pdf"]
    return [pdf] if Path(pdf).exists() else []


def _cli(paper, entry):
    """The CLI with the options every stage of the paper's job shares (--paper after the list of
    languages ends it, so the stage's name that follows is not taken for a language)."""
    return f"{CLI} --languages {' '.join(entry['languages'])} --paper {paper}"


def _label_option(entry):
    return f"--label {json.dumps(entry['table'])}" if entry.get("table") else ""


# Each rule's options of a paper come from one params function returning a dict (the shell
# command reads `{params.paper[cli]}`): Snakemake pays for every params function of every job,
# and a dict of strings is still compared between runs (a changed option reruns the job).
def read_pdf_options(wildcards):
    entry = PAPERS[wildcards.paper]
    return {"cli": _cli(wildcards.paper, entry), "pdf": entry["pdf"], "label": _label_option(entry)}


def check_paper_options(wildcards):
    """The options of the language stages: the table's label (the report), the curated values
    (the checks) and the field vocabularies of the claims (its own list, else the corpus's)."""
    entry = PAPERS[wildcards.paper]
    curated = entry.get("curated")
    names = entry.get("vocabularies", config.get("vocabularies", []))
    return {
        "cli": _cli(wildcards.paper, entry),
        "label": _label_option(entry),
        "curated": f"--curated {json.dumps(curated)}" if curated else "",
        "vocabularies": (
            f"--vocabularies {' '.join(json.dumps(name) for name in names)}" if names else ""
        ),
    }


def curated_file(wildcards):
    curated = PAPERS[wildcards.paper].get("curated")
    return [curated] if curated else []


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


# Snakemake's own submission limit when the user sets none (--max-jobs-per-timespan 100/1s).
DEFAULT_JOB_RATE = (100, 1)


def keep_scheduling_passes_per_finished_job():
    """Without a submission limit of the user's own, no job rate limiter. Snakemake 9's limiter
    re-arms a timer of its timespan (a new thread) at every scheduling pass that leaves jobs
    waiting, and each finished job's pass starts one more such chain (snakemake#3744): with a
    corpus waiting for the cores, the passes per second and the threads grow with the jobs
    finished, each pass over up to scheduler-subsample ready jobs, quadratic in the papers in all.
    Without it a pass follows each finished job. The cores bound a local run's submissions, and
    on SLURM the plugin's sbatch calls, one after the other, stay far below 100 a second."""
    limiter = workflow.scheduler.job_rate_limiter
    if limiter is not None and (limiter.max_jobs, limiter.timespan) == DEFAULT_JOB_RATE:
        workflow.scheduler.job_rate_limiter = None


def write_failure_summary():
    """After a failed run, summary.csv and index.html still list every paper, failed ones with
    their error, and a failed paper keeps no partial outputs."""
    results = Path(RESULTS)
    for paper in PAPERS:
        paper_dir = results / paper
        if paper_dir.is_dir() and not (paper_dir / "done").is_file():
            for leftover in paper_dir.iterdir():
                if leftover.is_file():
                    leftover.unlink()
    write_summary_files(PAPERS, results / "summary.csv", results / "index.html")
