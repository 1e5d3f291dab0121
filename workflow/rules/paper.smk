# a flag: touched in Snakemake's own process, no job of its own
localrules:
    paper_done,


rule paper_done:
    """Every output of one paper is built (the flag the summary reads)."""
    input:
        paper_outputs,
        f"{RESULTS}/{{paper}}/checks.csv",
        f"{RESULTS}/{{paper}}/report.html",
    output:
        touch(f"{RESULTS}/{{paper}}/done"),
    log:
        "logs/{paper}/done.log",
