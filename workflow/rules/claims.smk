rule claims:
    """Every numeric claim of the abstracts, body and captions, read by spaCy rules."""
    input:
        f"{RESULTS}/{{paper}}/blocks.csv",
    output:
        f"{RESULTS}/{{paper}}/claims.csv",
    params:
        cli=CLI,
        languages=paper_languages,
        vocabularies=vocabularies_option,
    priority: ON_CHECKS_CHAIN
    log:
        "logs/{paper}/claims.log",
    benchmark:
        "benchmarks/{paper}/claims.tsv"
    conda:
        "../envs/bilingua.yaml"
    shell:
        "{params.cli} claims --paper {wildcards.paper} --languages {params.languages} "
        "{params.vocabularies} --inputs {input:q} --outputs {output:q} 2> {log}"
