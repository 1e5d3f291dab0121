rule check_paper:
    """The abstracts split into sentences and aligned, every numeric claim read (both spaCy stages
    in one process, one spaCy import), every check of the paper's numbers, and the report a person
    reads, with the evidence table of the claims; then the flag the summary reads (every output of the paper is built). One job: these
    stages read only the paper's own files, and a change of the language data reruns them all."""
    input:
        abstracts=abstracts,  # one file of each text job: with them, every text output is built
        blocks=f"{RESULTS}/{{paper}}/blocks.csv",
        table=f"{RESULTS}/{{paper}}/table.json",
        pictures=f"{RESULTS}/{{paper}}/pictures.json",
        curated=curated_file,
    output:
        sentences=f"{RESULTS}/{{paper}}/sentences.csv",
        alignment=f"{RESULTS}/{{paper}}/alignment.csv",
        claims=f"{RESULTS}/{{paper}}/claims.csv",
        evidence=report(
            f"{RESULTS}/{{paper}}/evidence.csv",
            caption="../report/evidence.rst",
            category="Claims",
            labels={"paper": "{paper}", "file": "evidence.csv"},
        ),
        checks=report(
            f"{RESULTS}/{{paper}}/checks.csv",
            caption="../report/checks.rst",
            category="Checks",
            labels={"paper": "{paper}", "file": "checks.csv"},
        ),
        report=report(
            f"{RESULTS}/{{paper}}/report.html",
            caption="../report/report.rst",
            category="Reports",
            labels={"paper": "{paper}", "file": "report.html"},
        ),
        done=f"{RESULTS}/{{paper}}/done",
    params:
        cli=paper_cli,
        curated=curated_option,
        label=table_label_option,
        vocabularies=vocabularies_option,
    priority: FINISH_STARTED_PAPERS
    resources:
        mem_mb=JOB_MEM_MB,
        runtime=JOB_MINUTES,
    group:
        PAPER_GROUP
    log:
        "logs/{paper}/check_paper.log",
    benchmark:
        "benchmarks/{paper}/check_paper.tsv"
    conda:
        "../envs/bilingua.yaml"
    shell:
        "{params.cli} sentences --inputs {input.abstracts:q} --outputs {output.sentences:q}"
        " --then align --inputs {output.sentences:q} --outputs {output.alignment:q}"
        " --then claims {params.vocabularies} --inputs {input.blocks:q} --outputs {output.claims:q}"
        " --then evidence --inputs {output.claims:q} --outputs {output.evidence:q}"
        " --then check {params.curated} --inputs {output.claims:q} {output.alignment:q}"
        " {output.sentences:q} {input.table:q} --outputs {output.checks:q}"
        " --then report {params.label} --inputs {input.pictures:q} --outputs {output.report:q}"
        " 2> {log} && touch {output.done:q}"
