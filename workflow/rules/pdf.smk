rule parse_pdf:
    """Read the PDF once into its layout: words, superscripts, rules and boxes."""
    input:
        paper_pdf,
    output:
        f"{RESULTS}/{{paper}}/layout.json",
    params:
        cli=CLI,
        pdf=paper_pdf_path,
    # The pages are shared among the job's processes. The cores are divided among the papers:
    # one paper alone gets them all, a corpus parses its papers side by side, one process each
    # (extra processes would only add their overhead there), and past 4 processes a paper of a
    # few pages gains little.
    threads: max(1, min(4, (workflow.cores or 1) // len(PAPERS)))
    log:
        "logs/{paper}/parse_pdf.log",
    benchmark:
        "benchmarks/{paper}/parse_pdf.tsv"
    conda:
        "../envs/bilingua.yaml"
    shell:
        "{params.cli} parse --workers {threads} --paper {wildcards.paper} --inputs {params.pdf:q} "
        "--outputs {output:q} 2> {log}"
