"""The summary rule's script: summary.csv and index.html from every paper's results.

A script rather than a command: Snakemake hands it the papers and their languages in a file it
writes (a shell command is one argument of at most 128 KiB, some 5000 papers' worth), and
runs it with the interpreter that runs Snakemake (the installed package is found). Its errors
go to the rule's log.
"""

import sys
import traceback
from pathlib import Path

from extract.summary import write_summary_files

with open(snakemake.log[0], "w", encoding="utf-8") as log:  # noqa: F821 - given by Snakemake
    try:
        write_summary_files(snakemake.params.papers, Path(snakemake.output.summary),  # noqa: F821
                            Path(snakemake.output.index))  # noqa: F821
    except Exception:
        traceback.print_exc(file=log)
        sys.exit(1)
