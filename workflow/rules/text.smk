rule text:
    """The clean running text, abstract and keywords of one language. A job of its own per
    language: a rule's outputs are patterns, and the languages of a paper come from the config,
    so the per-language files cannot be outputs of the paper's read_pdf job."""
    input:
        f"{RESULTS}/{{paper}}/blocks.csv",
    output:
        text=f"{RESULTS}/{{paper}}/text.{{lang}}.md",
        abstract=f"{RESULTS}/{{paper}}/abstract.{{lang}}.txt",
        keywords=f"{RESULTS}/{{paper}}/keywords.{{lang}}.txt",
    params:
        cli=paper_cli,
    priority: FINISH_STARTED_PAPERS
    # The two languages' jobs of a paper run side by side in its cluster job, whose memory is
    # their sum: each asks half a job's (the stage holds one paper's blocks, a few MB).
    resources:
        mem_mb=JOB_MEM_MB // 2,
        runtime=JOB_MINUTES,
    group:
        PAPER_GROUP
    log:
        "logs/{paper}/text.{lang}.log",
    benchmark:
        "benchmarks/{paper}/text.{lang}.tsv"
    conda:
        "../envs/bilingua.yaml"
    shell:
        "{params.cli} text --lang {wildcards.lang} --inputs {input:q} --outputs {output.text:q} 2> {log}"
