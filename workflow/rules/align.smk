rule sentences:
    """The abstracts split into sentences."""
    input:
        abstracts,
    output:
        f"{RESULTS}/{{paper}}/sentences.csv",
    params:
        cli=CLI,
        languages=paper_languages,
    priority: ON_CHECKS_CHAIN
    log:
        "logs/{paper}/sentences.log",
    benchmark:
        "benchmarks/{paper}/sentences.tsv"
    conda:
        "../envs/bilingua.yaml"
    shell:
        "{params.cli} sentences --paper {wildcards.paper} --languages {params.languages} "
        "--inputs {input:q} --outputs {output:q} 2> {log}"


rule align:
    """The two abstracts aligned sentence by sentence."""
    input:
        f"{RESULTS}/{{paper}}/sentences.csv",
    output:
        f"{RESULTS}/{{paper}}/alignment.csv",
    params:
        cli=CLI,
        languages=paper_languages,
    priority: ON_CHECKS_CHAIN
    log:
        "logs/{paper}/align.log",
    benchmark:
        "benchmarks/{paper}/align.tsv"
    conda:
        "../envs/bilingua.yaml"
    shell:
        "{params.cli} align --paper {wildcards.paper} --languages {params.languages} "
        "--inputs {input:q} --outputs {output:q} 2> {log}"
