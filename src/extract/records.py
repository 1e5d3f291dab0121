"""The workflow's CSV files as plain records: one ``dict`` of strings per row.

Stages on the workflow's critical path read and write their CSV files through these two
functions instead of pandas, whose import alone (~0.4 s) cost more than most of those stages'
work. The files are the same: a header row, ``,``, minimal quoting, ``\\n`` line ends.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

Record = dict[str, str]


def read_records(path: Path | str) -> list[Record]:
    """Every row of a CSV file as a mapping from column to text ("" for an empty cell); an absent
    file has no rows."""
    path = Path(path)
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_records(path: Path | str, columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> None:
    """A CSV file of ``columns`` with one line per row (a missing or None value is written empty)."""
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows({column: "" if row.get(column) is None else row[column] for column in columns}
                         for row in rows)
