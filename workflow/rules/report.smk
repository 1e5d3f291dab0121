# The cross-paper summary runs where Snakemake runs, not as a cluster job: it is cheap, and it
# waits for every paper.
localrules:
    summary,


rule summary:
    """One row per paper (its counts, or the error that stopped it), and the page listing them."""
    input:
        expand(f"{RESULTS}/{{paper}}/done", paper=sorted(PAPERS)),
    output:
        summary=report(
            f"{RESULTS}/summary.csv",
            caption="../report/summary.rst",
            category="Summary",
            labels={"paper": "all", "file": "summary.csv"},
        ),
        index=report(
            f"{RESULTS}/index.html",
            caption="../report/index.rst",
            category="Reports",
            labels={"paper": "all", "file": "index.html"},
        ),
    params:
        papers={paper: {"languages": entry["languages"]} for paper, entry in PAPERS.items()},
    log:
        "logs/summary.log",
    benchmark:
        "benchmarks/summary.tsv"
    conda:
        "../envs/bilingua.yaml"
    # a script, not a shell command: the papers would not fit in one (128 KiB at most)
    script:
        "../scripts/summary.py"
