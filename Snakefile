# bilingua: bilingual article PDFs -> clean text, aligned abstracts, Table 1, numeric claims, checks.
from snakemake.utils import min_version

min_version("9.0")


configfile: "config.yaml"


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/pdf.smk"
include: "workflow/rules/check.smk"
include: "workflow/rules/report.smk"


rule all:
    input:
        all_outputs,
    default_target: True


onstart:
    keep_scheduling_passes_per_finished_job()
    refuse_jobs_slurm_cannot_run()


onerror:
    write_failure_summary()
