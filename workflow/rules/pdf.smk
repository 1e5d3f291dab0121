# Why a job runs several stages: each job pays an interpreter start, its imports and Snakemake's
# own bookkeeping (which grows with the number of jobs of a run), and a paper's stages are cheap
# next to those costs. The stages stay separate modules with their own files; a job is a run of
# consecutive stages that need the same heavy imports, cut where a rerun would want to start.


rule read_pdf:
    """The PDF read once (layout), its blocks in reading order, the configured table located and
    written out, and the page pictures: every stage that needs the PDF or its layout, so
    pdfplumber is imported once. table.csv and table_long.csv are written beside table.json when the table
    is found, and are not declared: a paper without its table has no table files, and declared
    outputs would have to exist (a checkpoint per paper made the whole DAG re-evaluated as each
    one finished)."""
    input:
        paper_pdf,
    output:
        layout=f"{RESULTS}/{{paper}}/layout.json",
        blocks=f"{RESULTS}/{{paper}}/blocks.csv",
        captions=f"{RESULTS}/{{paper}}/captions.csv",
        table=f"{RESULTS}/{{paper}}/table.json",
        pictures=f"{RESULTS}/{{paper}}/pictures.json",
    params:
        paper=read_pdf_options,
        grid=f"{RESULTS}/{{paper}}/table.csv",
        long=f"{RESULTS}/{{paper}}/table_long.csv",
    # The parse shares the PDF's pages among its processes: a paper alone gets 4, two papers 2
    # each, a corpus one per paper (extra processes would only add their overhead there). Known
    # from the config alone, so a cluster run needs no --cores; `--set-threads read_pdf=N`.
    threads: PARSE_WORKERS
    resources:
        mem_mb=JOB_MEM_MB,
        runtime=JOB_MINUTES,
    group:
        PAPER_GROUP
    log:
        "logs/{paper}/read_pdf.log",
    benchmark:
        "benchmarks/{paper}/read_pdf.tsv"
    conda:
        "../envs/bilingua.yaml"
    shell:
        "{params.paper[cli]} parse --workers {threads} --inputs {params.paper[pdf]:q} --outputs {output.layout:q}"
        " --then blocks --inputs {output.layout:q} --outputs {output.blocks:q}"
        " --then locate-table {params.paper[label]} --inputs {output.layout:q} --outputs {output.table:q}"
        " --then table --inputs {output.table:q} {output.blocks:q} --outputs {params.grid:q} {params.long:q}"
        " --then pictures --inputs {params.paper[pdf]:q} {output.blocks:q} {output.table:q}"
        " --outputs {output.pictures:q} 2> {log}"
