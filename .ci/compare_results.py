"""Two results folders of the workflow hold the same outputs, but for timings.

``python .ci/compare_results.py EXPECTED ACTUAL``: every file of either folder must be in both,
byte for byte, except the timings: the ``seconds`` column of summary.csv and index.html, and the
"time taken" fact of each report.html (the jobs' durations). Exit status 1, with the differing files named.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

TIMINGS = {
    "report.html": re.compile(rb"<dt>time taken \(s\)</dt><dd>[^<]*</dd>"),
    "index.html": re.compile(rb'<td class="seconds[^"]*">[^<]*</td>'),
}


def comparable(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name in TIMINGS:
        return TIMINGS[path.name].sub(b"", data)
    if path.name == "summary.csv":
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
        for row in rows:
            row.pop("seconds", None)
        return repr(rows).encode("utf-8")
    return data


def differences(expected: Path, actual: Path) -> list[str]:
    names = {path.relative_to(root) for root in (expected, actual)
             for path in root.rglob("*") if path.is_file()}
    problems = []
    for name in sorted(names):
        if not (expected / name).is_file() or not (actual / name).is_file():
            problems.append(f"{name}: only in {expected if (expected / name).is_file() else actual}")
        elif comparable(expected / name) != comparable(actual / name):
            problems.append(f"{name}: differs")
    return problems


def main(argv: list[str]) -> int:
    expected, actual = (Path(arg) for arg in argv)
    problems = differences(expected, actual)
    for problem in problems:
        print(problem)
    files = sum(path.is_file() for path in expected.rglob("*"))
    print(f"{files} files compared: {'equal' if not problems else f'{len(problems)} differ'}"
          " (timings aside)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
