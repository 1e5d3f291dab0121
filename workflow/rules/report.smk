rule report:
    """The page a person reads: checks, aligned abstracts, table, page pictures, claims."""
    input:
        pdf=paper_pdf,
        results=paper_outputs,
        checks=f"{RESULTS}/{{paper}}/checks.csv",
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
    conda:
        "../envs/bilingua.yaml"
    shell:
        "{params.cli} report --paper {wildcards.paper} --languages {params.languages} {params.label} "
        "--inputs {input.pdf:q} --outputs {output:q} 2> {log}"


# summary and index are quick and read every paper: they run in Snakemake's own process
localrules:
    summary,
    index,
    paper_done,


rule summary:
    """One row per paper: its counts, or the error that stopped it."""
    input:
        expand(f"{RESULTS}/{{paper}}/done", paper=sorted(PAPERS)),
    output:
        report(
            f"{RESULTS}/summary.csv",
            caption="../report/summary.rst",
            category="Summary",
            labels={"paper": "all", "file": "summary.csv"},
        ),
    log:
        "logs/summary.log",
    run:
        write_summary(PAPERS, Path(RESULTS), Path(output[0]))


rule index:
    """The page that lists every paper with its status, linking each report."""
    input:
        f"{RESULTS}/summary.csv",
    output:
        report(
            f"{RESULTS}/index.html",
            caption="../report/index.rst",
            category="Reports",
            labels={"paper": "all", "file": "index.html"},
        ),
    log:
        "logs/index.log",
    run:
        from extract.report import write_index

        write_index(Path(input[0]), Path(RESULTS), Path(output[0]))
