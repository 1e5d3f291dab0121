"""The `wording` check: a sentence that states significance or its absence ("statistically
significant", "non significativo", "no difference", "significativo in tutti i sottogruppi")
against the numbers it governs.

A sentence governs its own ratios with a confidence interval and its own p-values. A sentence
without such numbers that extends its statement to every subgroup ("in tutti i sottogruppi",
"regardless of", "irrespective of") governs every subgroup ratio of the paper (a claim with a
`population`) of its trial (or of no named trial): the trial its own claims state, else the
last trial stated before it in its abstract. A ratio is significant
when its interval excludes 1, a p-value when it is below alpha (resources/claims/wording.yaml).
A disagreement is a `warn` naming the numbers and their subgroups; an agreement is a `pass`;
a statement with no number to judge gives no row.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from extract.attributes import RATIO_KINDS
from extract.records import Record
from extract.resources import RESOURCES, read_yaml

WORDING_FILE = RESOURCES / "claims" / "wording.yaml"
EXCERPT_CHARS = 90


@dataclass(frozen=True)
class Cues:
    significant: re.Pattern[str] | None
    not_significant: re.Pattern[str] | None
    every_subgroup: re.Pattern[str] | None
    clinical: re.Pattern[str] | None
    statistical: re.Pattern[str] | None
    alpha: float


def _stems(words: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({" ".join(str(w).split()) for w in words}, key=len, reverse=True)
    if not words:
        return None
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"(?<![\w\-])(?:{body})[\w\-]*", re.IGNORECASE)


@lru_cache
def cues(lang: str) -> Cues:
    data = read_yaml(WORDING_FILE)

    def words(name: str) -> list[str]:
        by_lang = data.get(name) or {}
        return [*(by_lang.get("all") or []), *(by_lang.get(lang) or [])]

    return Cues(_stems(words("significant")), _stems(words("not_significant")),
                _stems(words("every_subgroup")), _stems(words("clinical")),
                _stems(words("statistical")), float(data.get("alpha", 0.05)))


def _number(cell: object) -> float | None:
    try:
        value = float(cell)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def statement(text: str, lang: str) -> str:
    """`significant`, `not significant`, or "" for a sentence that states neither."""
    found = cues(lang)
    statistical = bool(found.statistical and found.statistical.search(text))
    for pattern, said in ((found.not_significant, "not significant"),
                          (found.significant, "significant")):
        for match in pattern.finditer(text) if pattern else ():
            before = text[: match.start()].split()[-1:]
            clinical = bool(before and found.clinical and found.clinical.fullmatch(before[0]))
            if statistical or not clinical:
                return said
    return ""


def significant(claim: Record, alpha: float) -> bool | None:
    """Whether a ratio's interval excludes 1 or a p-value is below `alpha`; None for any other
    number."""
    value, low, high = (_number(claim.get(k)) for k in ("value", "low", "high"))
    if claim["kind"] in RATIO_KINDS and low is not None and high is not None:
        return not low <= 1.0 <= high
    if claim["kind"] == "p_value" and value is not None:
        comparator = claim.get("comparator") or "="
        if comparator in ("<", "<="):
            return value <= alpha
        if comparator in (">", ">="):
            return False if value >= alpha else None
        return value < alpha
    return None


def _excerpt(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…"


def _describe(claim: Record) -> str:
    where = f" in {claim['population']}" if claim.get("population") else ""
    return f"{claim['span']}{where} (page {claim['page']})"


def _sentences(claims: list[Record], sentences: list[Record] | None) -> list[tuple[str, str, str]]:
    """(lang, name, text) of every sentence to read, in order: the abstracts' sentences (named
    `abstract:<sent>`), then those of the claims (`claim:<its first claim>`)."""
    seen: dict[tuple[str, str], str] = {}
    for row in sentences or []:
        seen.setdefault((row["lang"], row["text"]), f"abstract:{row.get('sent', '')}")
    for claim in claims:
        seen.setdefault((claim["lang"], claim["sentence"]), f"claim:{claim['claim']}")
    return [(lang, name, text) for (lang, text), name in seen.items()]


def _trial_before(text: str, lang: str, claims: list[Record],
                  sentences: list[Record] | None) -> str:
    """The trial a sentence's claims state, else the last one stated before it in its abstract
    (sentences.csv order)."""
    own = [c["trial"] for c in claims if c["sentence"] == text and c.get("trial")]
    if own:
        return own[-1]
    ordered = [row["text"] for row in sentences or [] if row["lang"] == lang]
    if text not in ordered:
        return ""
    earlier = set(ordered[: ordered.index(text)])
    stated = [c["trial"] for c in claims
              if c["lang"] == lang and c["sentence"] in earlier and c.get("trial")]
    return stated[-1] if stated else ""


def check_wording(claims: list[Record], sentences: list[Record] | None) -> list[Record]:
    """checks.csv rows (kind `wording`) for the sentences of the abstracts (sentences.csv rows)
    and of the claims (claims.csv rows) that state significance or its absence."""
    rows: list[Record] = []
    for lang, name, text in _sentences(claims, sentences):
        said = statement(text, lang)
        if not said:
            continue
        found = cues(lang)
        governed = [c for c in claims if c["lang"] == lang and c["sentence"] == text
                    and significant(c, found.alpha) is not None]
        scope = "its own numbers"
        if not governed and found.every_subgroup and found.every_subgroup.search(text):
            trial = _trial_before(text, lang, claims, sentences)
            governed = [c for c in claims if c["kind"] in RATIO_KINDS and c.get("population")
                        and (not trial or c.get("trial", "") in (trial, ""))
                        and significant(c, found.alpha) is not None]
            scope = f"the subgroup ratios of {trial}" if trial else "the subgroup ratios"
        if not governed:
            continue
        wanted = said == "significant"
        against = [c for c in governed if significant(c, found.alpha) != wanted]
        page = next((c["page"] for c in claims if c["sentence"] == text), "")
        rule = "interval excluding 1 or p below alpha" if wanted else "interval including 1"
        observed = "; ".join(_describe(c) for c in (against or governed))
        if against:
            message = (f"The sentence says {said} (“{_excerpt(text)}”), but {len(against)} of the "
                       f"{len(governed)} {scope.removeprefix('the ')} say otherwise: {observed}.")
        else:
            message = f"The sentence says {said}, as {scope} do: {observed}."
        rows.append({
            "check": f"wording:{lang}:{name}", "kind": "wording",
            "status": "warn" if against else "pass",
            "claims": ";".join(str(c["claim"]) for c in (against or governed)),
            "expected": f"{said} ({rule})", "observed": observed, "message": message,
            "page": page, "lang": lang,
            "sentence": text,
        })
    return rows
