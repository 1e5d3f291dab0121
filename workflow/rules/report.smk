rule pictures:
    """Page 1 and the table's page as pictures, with what the layout stage decided drawn over them."""
    input:
        pdf=paper_pdf,
        blocks=f"{RESULTS}/{{paper}}/blocks.csv",
        table=f"{RESULTS}/{{paper}}/table.json",
    output:
        f"{RESULTS}/{{paper}}/pictures.json",
    params:
        cli=CLI,
        pdf=paper_pdf_path,
    log:
        "logs/{paper}/pictures.log",
    benchmark:
        "benchmarks/{paper}/pictures.tsv"
    conda:
        "../envs/bilingua.yaml"
    shell:
        "{params.cli} pictures --paper {wildcards.paper} "
        "--inputs {params.pdf:q} {input.blocks:q} {input.table:q} --outputs {output:q} 2> {log}"


rule report:
    """The page a person reads: checks, aligned abstracts, table, page pictures, claims."""
    input:
        results=paper_outputs,
        checks=f"{RESULTS}/{{paper}}/checks.csv",
        pictures=f"{RESULTS}/{{paper}}/pictures.json",
    output:
        report(
            f"{RESULTS}/{{paper}}/report.html",
            caption="../report/report.rst",
            category="Reports",
            labels={"paper": "{paper}", "file": "report.html"},
        ),
    params:
        cli=CLI,
        languages=paper_languages,
        label=table_label_option,
    log:
        "logs/{paper}/report.log",
    benchmark:
        "benchmarks/{paper}/report.tsv"
    conda:
        "../envs/bilingua.yaml"
    shell:
        "{params.cli} report --paper {wildcards.paper} --languages {params.languages} {params.label} "
        "--inputs {input.pictures:q} --outputs {output:q} 2> {log}"


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
