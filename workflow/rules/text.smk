rule blocks:
    """Blocks in reading order with their roles (title, abstract, body, caption...) and languages."""
    input:
        f"{RESULTS}/{{paper}}/layout.json",
    output:
        blocks=f"{RESULTS}/{{paper}}/blocks.csv",
        captions=f"{RESULTS}/{{paper}}/captions.csv",
    params:
        cli=CLI,
        languages=paper_languages,
    log:
        "logs/{paper}/blocks.log",
    benchmark:
        "benchmarks/{paper}/blocks.tsv"
    conda:
        "../envs/bilingua.yaml"
    shell:
        "{params.cli} blocks --paper {wildcards.paper} --languages {params.languages} "
        "--inputs {input:q} --outputs {output.blocks:q} 2> {log}"


rule text:
    """The clean running text, abstract and keywords of one language."""
    input:
        f"{RESULTS}/{{paper}}/blocks.csv",
    output:
        text=f"{RESULTS}/{{paper}}/text.{{lang}}.md",
        abstract=f"{RESULTS}/{{paper}}/abstract.{{lang}}.txt",
        keywords=f"{RESULTS}/{{paper}}/keywords.{{lang}}.txt",
    params:
        cli=CLI,
        languages=paper_languages,
    priority: ON_CHECKS_CHAIN
    log:
        "logs/{paper}/text.{lang}.log",
    benchmark:
        "benchmarks/{paper}/text.{lang}.tsv"
    conda:
        "../envs/bilingua.yaml"
    shell:
        "{params.cli} text --paper {wildcards.paper} --lang {wildcards.lang} "
        "--languages {params.languages} --inputs {input:q} --outputs {output.text:q} 2> {log}"
