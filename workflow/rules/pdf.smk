rule parse_pdf:
    """Read the PDF once into its layout: words, superscripts, rules and boxes."""
    input:
        paper_pdf,
    output:
        f"{RESULTS}/{{paper}}/layout.json",
    params:
        cli=CLI,
        pdf=paper_pdf_path,
    log:
        "logs/{paper}/parse_pdf.log",
    benchmark:
        "benchmarks/{paper}/parse_pdf.tsv"
    conda:
        "../envs/bilingua.yaml"
    shell:
        "{params.cli} parse --paper {wildcards.paper} --inputs {params.pdf:q} --outputs {output:q} 2> {log}"
