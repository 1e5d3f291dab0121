"""evidence.csv: the extraction sheet of a paper, one row per (trial, population, arm, versus,
endpoint, statistic) and value, with its interval, its p-value and the claims it comes from.

A row is a claim that measures an endpoint (claims.csv `endpoint` set) with a statistic that is
a result (not a bound, a sample size, a count, a phase or a year). Its p-value is the p-value
claim right after it in the same sentence. Where both languages state the same row (same
attributes, value and interval) it appears once with both sources. Two rows that share their
attributes but not their value are both kept: the paper states two values for one thing.
"""

from __future__ import annotations

from extract.records import Record

EVIDENCE_COLUMNS = ["row", "trial", "population", "arm", "versus", "endpoint", "statistic",
                    "value", "low", "high", "unit", "p", "claims", "pages", "languages",
                    "spans"]
# Statistics that describe a study or bound a group, not a result.
NOT_RESULTS = frozenset({"", "cut-off", "n", "count", "phase", "year", "range", "p-value"})
KEY = ("trial", "population", "arm", "versus", "endpoint", "statistic")


def _p_value(claim: Record, following: Record | None) -> str:
    """The p-value claim right after `claim` in its sentence, as `<0.001` or `0.04`."""
    if not following or following["kind"] != "p_value" or following["sentence"] != claim["sentence"]:
        return ""
    comparator = following.get("comparator") or "="
    return f"{'' if comparator == '=' else comparator}{following['value']}"


def evidence_rows(claims: list[Record]) -> list[Record]:
    """evidence.csv rows (EVIDENCE_COLUMNS) from the rows of claims.csv, in the order of their
    first claim."""
    rows: dict[tuple, Record] = {}
    for position, claim in enumerate(claims):
        if not claim.get("endpoint") or claim.get("statistic", "") in NOT_RESULTS:
            continue
        following = claims[position + 1] if position + 1 < len(claims) else None
        p = _p_value(claim, following)
        identity = (*(claim.get(k, "") for k in KEY), claim["value"], claim["low"],
                    claim["high"], claim["unit"])
        row = rows.get(identity)
        if row is None:
            rows[identity] = {
                "row": len(rows), **{k: claim.get(k, "") for k in KEY},
                "value": claim["value"], "low": claim["low"], "high": claim["high"],
                "unit": claim["unit"], "p": p, "claims": [claim["claim"]],
                "pages": [claim["page"]], "languages": [claim["lang"]],
                "spans": [claim["span"]],
            }
            continue
        row["p"] = row["p"] or p
        for column, cell in (("claims", claim["claim"]), ("pages", claim["page"]),
                             ("languages", claim["lang"]), ("spans", claim["span"])):
            if cell not in row[column] or column == "claims":
                row[column].append(cell)
    return [{k: ";".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()}
            for row in rows.values()]
