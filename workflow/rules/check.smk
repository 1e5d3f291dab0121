rule check:
    """Every check of the paper's numbers: curated values, the two languages, the statistics, the table."""
    input:
        claims=f"{RESULTS}/{{paper}}/claims.csv",
        alignment=f"{RESULTS}/{{paper}}/alignment.csv",
        sentences=f"{RESULTS}/{{paper}}/sentences.csv",
        table=table_files,
        curated=curated_file,
    output:
        report(
            f"{RESULTS}/{{paper}}/checks.csv",
            caption="../report/checks.rst",
            category="Checks",
            labels={"paper": "{paper}", "file": "checks.csv"},
        ),
    params:
        cli=CLI,
        languages=paper_languages,
        curated=curated_option,
    log:
        "logs/{paper}/check.log",
    benchmark:
        "benchmarks/{paper}/check.tsv"
    conda:
        "../envs/bilingua.yaml"
    shell:
        "{params.cli} check --paper {wildcards.paper} --languages {params.languages} {params.curated} "
        "--inputs {input.claims:q} {input.alignment:q} {input.sentences:q} {input.table:q} "
        "--outputs {output:q} 2> {log}"
