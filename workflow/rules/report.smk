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
        cli=CLI,
        papers=json.dumps({paper: entry["languages"] for paper, entry in PAPERS.items()}),
    log:
        "logs/summary.log",
    benchmark:
        "benchmarks/summary.tsv"
    conda:
        "../envs/bilingua.yaml"
    shell:
        "{params.cli} summary --papers {params.papers:q} "
        "--outputs {output.summary:q} {output.index:q} 2> {log}"
