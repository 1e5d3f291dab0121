rule paper_done:
    """Every output of one paper is built."""
    input:
        paper_outputs,
    output:
        touch(f"{RESULTS}/{{paper}}/done"),
    log:
        "logs/{paper}/done.log",
