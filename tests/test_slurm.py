"""The check before a SLURM run: a job no node can ever run is an error with SLURM's reason."""

from extract.slurm import (
    Request,
    describe_jobs,
    largest_node,
    never_runnable,
    refusal_reason,
    sbatch_test_command,
)

# what sbatch 22.05 prints when a request exceeds every node (stderr)
REFUSED = "allocation failure: Requested node configuration is not available"
ACCEPTED = "sbatch: Job 62 to start at 2026-12-01T23:16:54 using 1 processors on nodes n1"


class FakeSlurm:
    """sbatch --test-only and sinfo of a partition whose nodes have `cpus` CPUs."""

    def __init__(self, cpus: int) -> None:
        self.cpus = cpus
        self.commands: list[list[str]] = []

    def __call__(self, command: list[str]) -> tuple[int, str]:
        self.commands.append(command)
        if command[0] == "sinfo":
            return 0, f"{self.cpus} 23081\n{self.cpus // 2} 8000+"
        asked = int(command[command.index("--cpus-per-task") + 1])
        return (1, REFUSED) if asked > self.cpus else (0, ACCEPTED)


def test_a_request_larger_than_every_node_is_named_with_slurms_reason():
    fits, too_big = Request("ci", 2, 4608, 36), Request("ci", 8, 4608, 36)
    slurm = FakeSlurm(cpus=2)
    jobs = describe_jobs([("read_pdf", 8), ("text", 1), ("check_paper", 1)], "paper", 3)
    messages = never_runnable({fits: "the small ones", too_big: jobs}, run=slurm)
    assert messages == [
        "SLURM can never run the job of group paper (check_paper 1 CPU, read_pdf 8 CPUs, "
        "text 1 CPU) for 3 papers: it asks for 8 CPUs, 4608 MB, 36 min of partition ci, and "
        "sbatch --test-only says 'allocation failure: Requested node configuration is not "
        "available'; the partition's largest node has 2 CPUs and 23081 MB"
    ]
    # nothing is submitted: every sbatch call is a test
    assert all("--test-only" in command for command in slurm.commands if command[0] == "sbatch")


def test_requests_every_node_can_run_give_no_message():
    slurm = FakeSlurm(cpus=4)
    assert never_runnable({Request(None, 4, None, None): "a job"}, run=slurm) == []
    assert slurm.commands == [["sbatch", "--test-only", "--cpus-per-task", "4", "--wrap", "true"]]


def test_the_test_command_asks_what_the_plugin_asks():
    command = sbatch_test_command(Request("long", 2, 4608, 12))
    assert command == [
        "sbatch",
        "--test-only",
        "--cpus-per-task",
        "2",
        "--partition",
        "long",
        "--mem",
        "4608",
        "--time",
        "12",
        "--wrap",
        "true",
    ]


def test_sinfo_and_sbatch_output_read():
    assert largest_node("2 23081\n16 64000+\nn/a\n") == (16, 64000)
    assert largest_node("") is None
    refused = (
        "sbatch: error: invalid partition specified: nope\n"
        "allocation failure: Invalid partition name specified"
    )
    assert refusal_reason(refused) == "allocation failure: Invalid partition name specified"
    assert refusal_reason("sbatch: error: Batch job submission failed\n") == "Batch job submission failed"
    assert refusal_reason("") == "refused without a reason"
