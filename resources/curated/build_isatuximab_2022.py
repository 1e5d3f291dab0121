"""Build resources/curated/isatuximab-2022.yaml from the shared reference_values.csv.

Run once when the reference values change, then review the YAML by hand (the YAML is what is
committed and read by the checks):

    .venv/bin/python resources/curated/build_isatuximab_2022.py \
        ../shared/curated/reference_values.csv resources/curated/isatuximab-2022.yaml

The `where` words say how this paper prints each trial, arm, subgroup and quantity (Italian body,
English abstract); an item that is a list matches when any of its words does. Words match at the
start of a word (case ignored), so `refratt` covers `refrattari` and `refrattarietà`.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import yaml

TRIALS = {
    "ICARIA-MM": ["ICARIA", "IsaPd", "Isa-Pom-Dex"],
    "CASTOR": ["CASTOR", "DaraVd", "Dara-Bort-Dex", "DVd"],
    "ENDEAVOR": ["ENDEAVOR", "Carf-Dex", "Kd56"],
    "OPTIMISMM": ["OPTIMISMM", "PVd", "Pom-Bort-Dex"],
    "IKEMA": ["IKEMA", "Isa-Kd", "IsaKd"],
}
# The table prints the experimental arm of each trial in its column header; OPTIMISMM's column
# reads `Bort-Dex`.
ARMS = {
    "IsaPd": ["IsaPd", "Isa-Pom-Dex", "Isa-Pd"],
    "Pd": ["Pd"],
    "DVd": ["DaraVd", "DVd", "Dara-Bort-Dex"],
    "Vd": ["Vd"],
    "Kd56": ["Kd56", "Carf-Dex"],
    "PVd": ["PVd", "Pom-Bort-Dex", "Bort-Dex"],
    "Isa-Kd": ["Isa-Kd", "IsaKd"],
    "Kd": ["Kd"],
}
LEN = ["Len", "lenalidomide"]
REFRACTORY = ["refratt", "Refrattariet", "refract", "Len-refratt", "Len-refract"]
LEN_REFRACTORY = ["Len-refract", "Len-refratt", "Len refract", "refrattari a Len",
                  "refrattari alla Len", "lenalidomide-refract", "refractory to lenalidomide"]
PI = ["PI", "IP", "inibitori del proteasoma", "proteasome"]
SUBGROUPS = {
    "lenalidomide-refractory": [LEN_REFRACTORY],
    "age >=75": [["≥75", "≥ 75", ">=75"]],
    "age <65": [["<65", "< 65", "inferiore a 65"]],
    "age 65-74": [["65-74"]],
    "2-3 prior lines": [["2-3 linee", "2-3 prior"]],
    ">3 prior lines": [[">3 linee", "> 3 linee", ">3 prior"]],
    "eGFR <60": [["eGFR <60", "eGFR<60", "IR", "insufficienza renale", "renal impairment"]],
    "eGFR >=60": [["eGFR ≥60", "eGFR≥60", "senza IR", "without renal"]],
    "high-risk cytogenetics": [["alto rischio", "high-risk", "high risk", "del17p"]],
    "standard-risk cytogenetics": [["rischio standard", "standard-risk", "standard risk"]],
    "gain(1q21)": [["gain(1q21)"]],
    "1q21+": [["gain(1q21)", "1q21+"]],
    "baseline eGFR <50": [["risposta renale", "renal response"]],
    "renal impairment": [["insufficienza renale", "renal impairment", "IR", "eGFR <60"]],
    "1 prior line": [["una linea precedente", "1 prior line", "one prior line"]],
    "prior lenalidomide exposure": [["esposti a Len", "esposta a Len", "Len-exposed",
                                     "Len exposed", "lenalidomide-exposed"]],
}
# Words of a subgroup analysis: a whole-population (ITT) value is not looked for in a sentence
# or table row about a subgroup.
SUBGROUP_WORDS = ["Len-refract", "Len-refratt", "refrattari a", "refrattari alla", "esposti",
                  "esposta", "alto rischio", "high-risk", "rischio standard", "standard-risk",
                  "fragil", "frail", "≥75", "<65", "IR", "insufficienza renale", "eGFR",
                  "del17p", "t(4;14)", "gain(1q21)", "amp(1q21)", "sottogrupp", "subgroup"]
# Analyses the review does not cite for a quantity it states from another analysis of the same
# trial: their values are looked for only where the paper names that analysis.
ANALYSES = [
    (r"CASTOR.*\bprimary\b", ["analisi primaria", "primary analysis"]),
    (r"CASTOR.*19\.4-mo", ["19,4 mesi", "19.4 months", "19.4-month"]),
    (r"IKEMA (median |)(PFS|OS).*\b(final|long-term)\b", ["analisi finale", "final analysis",
                                                          "lungo termine", "long-term"]),
]
# Shares of a population that is itself a subgroup (refractory, high-risk, age groups): their
# words are subgroup words, so they are not kept apart from subgroup sentences as whole-trial
# values are.
SHARE = re.compile(r"refractory to|refractory patients|share|cytogenetic|high-risk|eGFR <60|"
                   r"prevalence|aged|median age|prior lines")
# Sentences that state a value without naming its trial, which the previous sentence names:
# (id, where items replacing the generated ones, why).
OVERRIDES = {
    "castor-overall-response-rate-40-mo-update-dvd-itt": (
        [["ORR"], ["RC", "CR"], ["MRD"]],
        "stated as “In questo studio l’ORR ... 85% ... 30% di RC ... 14% ... MRD”, the "
        "sentence after the DaraVd one"),
    "castor-cr-or-better-40-mo-update-dvd-itt": (
        [["ORR"], ["RC", "CR"], ["MRD"]], "as castor-overall-response-rate-40-mo-update-dvd-itt"),
    "castor-mrd-negativity-1e-5-40-mo-update-dvd-itt": (
        [["ORR"], ["RC", "CR"], ["MRD"]], "as castor-overall-response-rate-40-mo-update-dvd-itt"),
    "castor-mrd-negativity-1e-5-40-mo-update-vd-itt": (
        [["ORR"], ["RC", "CR"], ["MRD"], ["Vd"]], "as castor-overall-response-rate-40-mo-update-dvd-itt"),
    "ikema-1q21-ge-3-copies-prevalence-long-term-analysis-isa-kd-itt": (
        [["gain(1q21)"], ["entrambi", "both"]],
        "stated as “Il gain(1q21) è stato rilevato in circa il 42% di entrambi i bracci” in the "
        "IKEMA paragraph; prevalence at baseline does not change with follow-up"),
    "ikema-1q21-ge-3-copies-prevalence-long-term-analysis-kd-itt": (
        [["gain(1q21)"], ["entrambi", "both"]],
        "as ikema-1q21-ge-3-copies-prevalence-long-term-analysis-isa-kd-itt"),
}
QUANTITIES = [
    # (pattern on `quantity`, where words, unless words)
    (r"patients randomised|patients aged|refractory patients$", [["n="]], []),
    (r"follow-up", [["follow-up", "follow up"]], []),
    (r"median age", [["età mediana", "median age"]], []),
    (r"prior lines", [["line", "linee", "lines"]], []),
    (r"eGFR <60.*(baseline|rounded)", [["eGFR <60", "eGFR<60"]], []),
    (r"refractory to lenalidomide in last line", [LEN, REFRACTORY, ["ultima", "last"]], []),
    (r"refractory to (lenalidomide and PI|IMiD\+PI)", [LEN + ["IMiD"], ["bortezomib"] + PI,
                                                      REFRACTORY], []),
    (r"refractory to lenalidomide|lenalidomide-refractory share",
     [LEN, REFRACTORY], ["bortezomib", "PI", "IP", "ultima", "last"]),
    (r"refractory to (PI|proteasome)", [PI, REFRACTORY], LEN),
    (r"refractory to bortezomib", [["bortezomib"], REFRACTORY], LEN),
    (r"refractory to last", [["ultima linea", "last line", "last regimen"], REFRACTORY], LEN),
    (r"high-risk cytogenetics del17p|high cytogenetic risk", [["del17p", "del(17p)"]], []),
    (r"high-risk abnormality", [["alto rischio", "high-risk"]], []),
    (r"time to next treatment", [["tempo al trattamento successivo", "time to next"]], []),
    (r"overall response", [["ORR", "risposta complessiv", "overall response"]], []),
    (r"VGPR", [["VGPR"]], []),
    (r"CR or better", [["RC", "CR", "risposta completa", "complete response"]], []),
    (r"MRD", [["MRD"]], []),
    (r"time to first response", [["prima risposta", "first response"]], []),
    (r"duration of response", [["durata della risposta", "duration of response"]], []),
    (r"treatment duration", [["durata del trattamento", "durata di trattamento",
                              "treatment duration"]], []),
    (r"PFS2", [["PFS2"]], []),
    (r"12-month PFS rate", [["PFS", "mPFS"], ["12 mesi", "12-month", "12 months"]], []),
    (r"PFS", [["PFS", "mPFS"]], []),
    (r"\bOS\b", [["OS", "sopravvivenza globale", "overall survival"]], []),
    (r"grade >=3", [["grado ≥3", "grado 3", "grade ≥3", "grade 3"]], ["anni", "years", "età"]),
    (r"serious TEAE", [["gravi", "serious"], ["TEAE"]], []),
    (r"durable.*renal response", [["risposta renale completa", "complete renal response"],
                                  ["sostenut", "durable"]], []),
    (r"complete renal response", [["risposta renale completa", "complete renal response"]], []),
    (r"1q21\+ \(>=3 copies\) prevalence", [["gain(1q21)"], ["entrambi", "both"]], []),
    (r"exactly 3 copies", [["gain(1q21)"], ["esattamente tre", "exactly three", "3 copie"]], []),
    (r"amp\(1q21\) >=4 copies prevalence", [["amp(1q21)"], ["%"]], []),
]
KINDS = {"n": "count", "lines": "count", "%": "percent", "HR": "hr", "months": "duration",
         "days": "duration", "weeks": "duration", "years": "duration"}
# A median followed by an increment is not the median.
NOT_A_MEDIAN = ["incremento", "increment"]


def slug(text: str) -> str:
    for sign, word in ((">=", " ge "), ("<=", " le "), ("<", " lt "), (">", " gt ")):
        text = text.replace(sign, word)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def half_unit(printed: str) -> float:
    decimals = len(printed.partition(".")[2])
    return round(0.5 * 10 ** -decimals, decimals + 1)


def number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def subgroup_words(subgroup: str) -> tuple[list, list]:
    """(where items, unless words) for a subgroup column value such as `eGFR <60 (n=55)`."""
    name = re.sub(r"\s*\(n=\d+\)", "", subgroup).strip()
    if name in ("ITT", "safety", "responders"):
        return [], SUBGROUP_WORDS
    for key, items in SUBGROUPS.items():
        if name.startswith(key) or key in name:
            return items, []
    raise ValueError(f"no words for subgroup {subgroup!r}")


def entry(row: dict[str, str], ids: set[str]) -> dict:
    trial, quantity, arm, subgroup = row["trial"], row["quantity"], row["arm"], row["subgroup"]
    label = f"{trial} {quantity}, {arm}, {subgroup}"
    where: list = [TRIALS[trial]]
    unless: list[str] = []
    subgroup_unless: list[str] = []
    if arm in ARMS:
        where.append(ARMS[arm])
    elif arm in ("both", "total") and row["unit"] in ("%", "n") and "prior lines" not in quantity:
        # A whole-trial share or count is not what a one-arm sentence or table column states.
        unless += _trial_arm_words(trial)
    items, excluded = subgroup_words(subgroup)
    where += items
    if not SHARE.search(quantity):
        subgroup_unless += excluded
    for pattern, words, excluded in QUANTITIES:
        if re.search(pattern, quantity):
            where += words
            unless += excluded
            break
    else:
        raise ValueError(f"no words for quantity {quantity!r}")
    for pattern, words in ANALYSES:
        if re.search(pattern, f"{trial} {quantity}"):
            where.append(words)
    if "median" in quantity:
        unless += NOT_A_MEDIAN
    kind = KINDS[row["unit"]]
    value = float(row["value"])
    field = "value"
    if "range upper bound" in quantity:
        field = "high"
    base = slug(f"{trial.split('-')[0]} {quantity} {arm} {subgroup}")[:70].strip("-")
    value_id, n = base, 2
    while value_id in ids:
        value_id, n = f"{base}-{n}", n + 1
    ids.add(value_id)
    item = {
        "id": value_id,
        "label": label,
        "kind": kind,
        "value": int(value) if kind == "count" else value,
        "unit": "months" if row["unit"] == "months" else row["unit"],
    }
    if field != "value":
        item["field"] = field
    item["tolerance"] = 0 if kind == "count" else half_unit(row["value"])
    low, high = number(row["ci_low"]), number(row["ci_high"])
    if low is not None and high is not None:
        item["ci_low"], item["ci_high"] = low, high
    if row["p_value"]:
        item["p"] = row["p_value"]
    note = ""
    if value_id in OVERRIDES:
        where, note = OVERRIDES[value_id]
    item["where"] = where
    named = {word for words in where for word in ([words] if isinstance(words, str) else words)}
    unless = sorted(set(unless) | (set(subgroup_unless) - named))
    if unless:
        item["unless"] = unless
    item["source"] = row["source"]
    item["confidence"] = row["confidence"]
    if note:
        item["note"] = note
    return item


def _trial_arm_words(trial: str) -> list[str]:
    arms = {
        "ICARIA-MM": ["IsaPd", "Pd"], "CASTOR": ["DVd", "Vd"], "ENDEAVOR": ["Kd56", "Vd"],
        "OPTIMISMM": ["PVd", "Vd"], "IKEMA": ["Isa-Kd", "Kd"],
    }[trial]
    return [word for arm in arms for word in ARMS[arm]]


def subgroup_counts(row: dict[str, str], ids: set[str]) -> dict | None:
    """A subgroup printed with its size (`eGFR <60 (n=55)`) gives a count value too."""
    match = re.search(r"\(n=(\d+)\)", row["subgroup"])
    if not match or row["arm"] not in ARMS:
        return None
    name = re.sub(r"\s*\(n=\d+\)", "", row["subgroup"])
    count = dict(row, quantity="patients in subgroup", unit="n", value=match.group(1),
                 ci_low="", ci_high="", p_value="", subgroup=name)
    item = entry({**count, "quantity": "patients randomised"}, ids)
    item["id"] = slug(f"{row['trial'].split('-')[0]} n {row['arm']} {name}")
    item["label"] = f"{row['trial']} patients in subgroup, {row['arm']}, {name}"
    return item


def build(csv_path: Path) -> dict:
    ids: set[str] = set()
    values, seen_counts = [], set()
    with csv_path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            values.append(entry(row, ids))
            count = subgroup_counts(row, ids)
            if count and count["id"] not in seen_counts:
                seen_counts.add(count["id"])
                values.append(count)
    unused = set(OVERRIDES) - {value["id"] for value in values}
    if unused:
        raise ValueError(f"OVERRIDES name no value: {sorted(unused)}")
    return {
        "source": "Primary publications of ICARIA-MM, CASTOR, ENDEAVOR, OPTIMISMM and IKEMA "
                  "(../shared/curated/reference_values.csv)",
        "aliases": [
            TRIALS["ICARIA-MM"] + ["Isa-Pd"],
            TRIALS["CASTOR"],
            TRIALS["ENDEAVOR"],
            TRIALS["OPTIMISMM"],
            TRIALS["IKEMA"],
            ["PFS", "mPFS"],
        ],
        "values": values,
    }


class _PlainDumper(yaml.SafeDumper):
    """Writes repeated word lists out in full: a reviewer reads each value on its own."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def main() -> None:
    source, target = map(Path, sys.argv[1:3])
    text = yaml.dump(build(source), Dumper=_PlainDumper, sort_keys=False, allow_unicode=True,
                     width=100, default_flow_style=None)
    header = ("# Curated reference values for isatuximab-2022; built by build_isatuximab_2022.py"
              " from\n# ../shared/curated/reference_values.csv, then reviewed by hand.\n")
    target.write_text(header + text, encoding="utf-8")


if __name__ == "__main__":
    main()
