rule evidence:
    """The extraction sheet: one row per trial, population, arm, comparator, endpoint and statistic."""
    input:
        f"{RESULTS}/{{paper}}/claims.csv",
    output:
        report(
            f"{RESULTS}/{{paper}}/evidence.csv",
            caption="../report/evidence.rst",
            category="Claims",
            labels={"paper": "{paper}", "file": "evidence.csv"},
        ),
    params:
        cli=CLI,
    log:
        "logs/{paper}/evidence.log",
    benchmark:
        "benchmarks/{paper}/evidence.tsv"
    conda:
        "../envs/bilingua.yaml"
    shell:
        "{params.cli} evidence --paper {wildcards.paper} --inputs {input:q} --outputs {output:q} 2> {log}"
