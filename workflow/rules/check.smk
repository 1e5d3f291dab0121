# A paper's second job: everything after its blocks that does not read the PDF. Its per-language
# files (text, abstract, keywords of each language) are outputs of this job, not of jobs of their
# own: a rule's outputs are patterns, and the languages of a paper come from the config, so there
# is one such rule per ordered pair of languages of the config, each for the papers of its pair
# (a wildcard constraint). A paper is then 2 jobs; one job per language cost each paper two more
# interpreter starts and Snakemake twice the bookkeeping (a dry run of 10 000 papers: 158 s). The
# cut after read_pdf stays: a rerun of the language stages (their data or code changed) never
# reads the PDF again.


for (_body, _other), _papers in sorted(LANGUAGE_PAIRS.items()):

    rule:
        """The text, abstract and keywords of each language (blocks.csv read by language); the
        abstracts split into sentences and aligned, every numeric claim read (both spaCy stages
        in one process, one spaCy import), every check of the paper's numbers, and the report a
        person reads, with the evidence table of the claims; then the flag the summary reads
        (every output of the paper is built). These stages read only the paper's own files."""
        name:
            f"check_paper_{_body}_{_other}"
        input:
            blocks=f"{RESULTS}/{{paper}}/blocks.csv",
            table=f"{RESULTS}/{{paper}}/table.json",
            pictures=f"{RESULTS}/{{paper}}/pictures.json",
            curated=curated_file,
        output:
            body_text=f"{RESULTS}/{{paper}}/text.{_body}.md",
            body_abstract=f"{RESULTS}/{{paper}}/abstract.{_body}.txt",
            body_keywords=f"{RESULTS}/{{paper}}/keywords.{_body}.txt",
            other_text=f"{RESULTS}/{{paper}}/text.{_other}.md",
            other_abstract=f"{RESULTS}/{{paper}}/abstract.{_other}.txt",
            other_keywords=f"{RESULTS}/{{paper}}/keywords.{_other}.txt",
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
        wildcard_constraints:
            paper=paper_constraint(_papers),
        # the pair as params, not in the command's text: Snakemake formats the command when the
        # job runs, after the loop, where the loop's variables hold the last pair
        params:
            paper=check_paper_options,
            body=_body,
            other=_other,
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
            "{params.paper[cli]} text --lang {params.body} {params.other} --inputs {input.blocks:q}"
            " --outputs {output.body_text:q} {output.other_text:q}"
            " --then sentences --inputs {output.body_abstract:q} {output.other_abstract:q}"
            " --outputs {output.sentences:q}"
            " --then align --inputs {output.sentences:q} --outputs {output.alignment:q}"
            " --then claims {params.paper[vocabularies]} --inputs {input.blocks:q} --outputs {output.claims:q}"
            " --then evidence --inputs {output.claims:q} --outputs {output.evidence:q}"
            " --then check {params.paper[curated]} --inputs {output.claims:q} {output.alignment:q}"
            " {output.sentences:q} {input.table:q} --outputs {output.checks:q}"
            " --then report {params.paper[label]} --inputs {input.pictures:q} --outputs {output.report:q}"
            " 2> {log} && touch {output.done:q}"
