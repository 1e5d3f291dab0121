"""Before a SLURM run submits anything: a job that no node of its partition can ever run is an
error naming the job, what it asks for, SLURM's reason and what the nodes have.

Without this check such a job costs the user a night or a riddle: where the cluster enforces the
partition limits, sbatch refuses it and Snakemake 9.27 reports only "Error in group paper" (its
group jobs drop the executor's message); elsewhere sbatch accepts it and it waits in the queue
forever (reason `PartitionConfig`) while Snakemake waits for it. `sbatch --test-only` answers for
both, with SLURM's own words, without queueing anything.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# runs a command, gives its exit status and its output (stdout and stderr)
Runner = Callable[[list[str]], tuple[int, str]]


@dataclass(frozen=True)
class Request:
    """What one SLURM job of the run asks for (what the executor plugin passes to sbatch)."""

    partition: str | None
    cpus: int
    mem_mb: int | None
    minutes: int | None

    def describe(self) -> str:
        asks = [f"{self.cpus} CPU{'s' if self.cpus != 1 else ''}"]
        if self.mem_mb:
            asks.append(f"{self.mem_mb} MB")
        if self.minutes:
            asks.append(f"{self.minutes} min")
        where = f"partition {self.partition}" if self.partition else "the default partition"
        return f"{', '.join(asks)} of {where}"


def run_command(command: list[str]) -> tuple[int, str]:
    """The real runner: SLURM's commands answer at once (the controller is asked, nothing runs)."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return 1, str(error)
    return done.returncode, f"{done.stdout}\n{done.stderr}".strip()


def sbatch_test_command(request: Request) -> list[str]:
    """sbatch's own judgment of the request, without submitting a job."""
    command = ["sbatch", "--test-only", "--cpus-per-task", str(request.cpus)]
    if request.partition:
        command += ["--partition", request.partition]
    if request.mem_mb:
        command += ["--mem", str(request.mem_mb)]
    if request.minutes:
        command += ["--time", str(request.minutes)]
    return [*command, "--wrap", "true"]


def nodes_command(partition: str | None) -> list[str]:
    command = ["sinfo", "--noheader", "--format", "%c %m"]
    return [*command, "--partition", partition] if partition else command


def largest_node(sinfo_output: str) -> tuple[int, int] | None:
    """The most CPUs and the most memory (MB) a node of `sinfo --format "%c %m"` has."""
    sizes = []
    for line in sinfo_output.splitlines():
        fields = line.split()
        if len(fields) == 2 and all(field.rstrip("+").isdigit() for field in fields):
            sizes.append(tuple(int(field.rstrip("+")) for field in fields))
    if not sizes:
        return None
    return max(cpus for cpus, _ in sizes), max(memory for _, memory in sizes)


def refusal_reason(output: str) -> str:
    """SLURM's reason: its last line that says what failed (sbatch repeats it in two forms)."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in reversed(lines):
        if "failure" in line or "error" in line:
            return line.removeprefix("sbatch: error: ")
    return lines[-1] if lines else "refused without a reason"


def never_runnable(requests: dict[Request, str], run: Runner = run_command) -> list[str]:
    """One message for each request SLURM can never run; `requests` maps each distinct request to
    the jobs that make it, as `describe_jobs` names them."""
    messages = []
    for request, jobs in requests.items():
        status, output = run(sbatch_test_command(request))
        if status == 0:
            continue
        message = (
            f"SLURM can never run {jobs}: it asks for {request.describe()}, and "
            f"sbatch --test-only says '{refusal_reason(output)}'"
        )
        node_status, node_output = run(nodes_command(request.partition))
        largest = largest_node(node_output) if node_status == 0 else None
        if largest:
            message += f"; the partition's largest node has {largest[0]} CPUs and {largest[1]} MB"
        messages.append(message)
    return messages


def describe_jobs(rule_threads: Iterable[tuple[str, int]], group: str | None, papers: int) -> str:
    """How a message names a request's jobs: the group or rule, each rule's threads, the papers."""
    rules = ", ".join(
        f"{rule} {threads} CPU{'s' if threads != 1 else ''}" for rule, threads in sorted(set(rule_threads))
    )
    what = f"the job of group {group} ({rules})" if group else f"the job of rule {rules}"
    return f"{what} for {papers} paper{'s' if papers != 1 else ''}"
