checkpoint locate_table:
    """Find the configured table by its caption; table.json says whether it is there."""
    input:
        f"{RESULTS}/{{paper}}/layout.json",
    output:
        f"{RESULTS}/{{paper}}/table.json",
    params:
        cli=CLI,
        label=table_label_option,
    log:
        "logs/{paper}/locate_table.log",
    benchmark:
        "benchmarks/{paper}/locate_table.tsv"
    conda:
        "../envs/bilingua.yaml"
    shell:
        "{params.cli} locate-table --paper {wildcards.paper} {params.label} "
        "--inputs {input:q} --outputs {output:q} 2> {log}"


rule table:
    """The table as printed (table.csv) and one parsed row per data cell (table_long.csv)."""
    input:
        table=f"{RESULTS}/{{paper}}/table.json",
        blocks=f"{RESULTS}/{{paper}}/blocks.csv",
    output:
        grid=f"{RESULTS}/{{paper}}/table.csv",
        long=f"{RESULTS}/{{paper}}/table_long.csv",
    params:
        cli=CLI,
        languages=paper_languages,
    priority: BEFORE_PICTURES
    log:
        "logs/{paper}/table.log",
    benchmark:
        "benchmarks/{paper}/table.tsv"
    conda:
        "../envs/bilingua.yaml"
    shell:
        "{params.cli} table --paper {wildcards.paper} --languages {params.languages} "
        "--inputs {input.table:q} {input.blocks:q} --outputs {output.grid:q} {output.long:q} 2> {log}"
