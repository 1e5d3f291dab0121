"""Claims of the corpus abstracts: every digit sequence accounted for, every quantity read.

Runs the claims stage's pipeline (sentence split, then the claim pipeline of each language) on
the gold abstracts of ../shared/papers (`gold/abstract.<lang>.txt`, so the figure does not
depend on layout), and scores it against bench/data/claims_corpus.yaml, where each digit
sequence of each abstract is annotated as a quantity (a claim kind and its value) or as an
identifier, a label or a citation marker.

Per paper it reports:
- digits: the digit sequences of its abstracts, and how many the stage accounts for (inside a
  claim, or left out of the numbers as an identifier, label, marker or CI level);
- quantities: the annotated quantities, how many a claim reads with the right value (value, or
  low and high for a range), and how many with the right kind too;
- not claims: the identifiers, labels and markers, and how many no claim reads.

    .venv/bin/python bench/claims_corpus.py [--papers a b ...] [--corpus DIR] [--out FILE.json]
        [--verbose]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from extract.claims import claims_pipeline  # noqa: E402
from extract.numbers import number_mentions  # noqa: E402
from extract.sentences import sentence_pipeline, split_texts  # noqa: E402

PAPERS = ROOT.parent / "shared" / "papers"
ANNOTATION = ROOT / "bench" / "data" / "claims_corpus.yaml"
NOT_CLAIMS = {"identifier", "label", "marker"}
DIGITS = re.compile(r"\d+")


@dataclass
class Claim:
    start: int
    end: int
    kind: str
    value: float | None
    low: float | None
    high: float | None


@dataclass
class Score:
    digits: int = 0
    accounted: int = 0
    quantities: int = 0
    right_value: int = 0
    right_kind: int = 0
    not_claims: int = 0
    not_claimed: int = 0
    problems: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("digits", "accounted", "quantities", "right_value", "right_kind",
                     "not_claims", "not_claimed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.problems += other.problems

    def figures(self) -> dict[str, object]:
        share = self.right_value / self.quantities if self.quantities else 1.0
        return {"digits": self.digits, "accounted": self.accounted,
                "quantities": self.quantities, "right_value": self.right_value,
                "right_kind": self.right_kind, "not_claims": self.not_claims,
                "not_claimed": self.not_claimed, "value_share": round(share, 4)}


def abstract_claims(text: str, lang: str) -> list[Claim]:
    """The claims of an abstract (one paragraph a line) with their character offsets."""
    nlp = claims_pipeline(lang, vocab=sentence_pipeline(lang).vocab)
    claims = []
    offset = 0
    for line in text.split("\n"):
        for sentence in split_texts([line], lang)[0] if line.strip() else []:
            at = text.find(sentence, offset)
            doc = nlp(sentence)
            for span in doc.spans["claims"]:
                claims.append(Claim(at + span.start_char, at + span.end_char, span._.kind,
                                    span._.value, span._.low, span._.high))
            offset = at + len(sentence)
    return claims


def _same(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _reads(claim: Claim, value: float | list[float]) -> bool:
    if isinstance(value, list):
        return _same(claim.low, value[0]) and _same(claim.high, value[1])
    return _same(claim.value, value)


def score_abstract(text: str, lang: str, items: list[list], where: str) -> Score:
    score = Score()
    claims = abstract_claims(text, lang)
    numbers = number_mentions(text, lang)
    runs = [m.span() for m in DIGITS.finditer(text)]
    score.digits = len(runs)
    for start, end in runs:
        in_claim = any(c.start <= start and end <= c.end for c in claims)
        in_number = any(m.start <= start and end <= m.end for m in numbers)
        if in_claim or not in_number:
            score.accounted += 1
        else:
            score.problems.append(f"{where}: {text[start:end]!r} is a number no claim reads: "
                                  f"“…{text[max(0, start - 30):end + 20]}…”")
    annotated: set[tuple[int, int]] = set()
    cursor = 0
    for printed, kind, value in items:
        at = text.find(printed, cursor)
        if at < 0:
            raise ValueError(f"{where}: annotated {printed!r} not found after offset {cursor}")
        cursor = at + len(printed)
        inside = [(s, e) for s, e in runs if at <= s and e <= cursor]
        annotated |= set(inside)
        touching = [c for c in claims if any(c.start < e and s < c.end for s, e in inside)]
        if kind in NOT_CLAIMS:
            score.not_claims += 1
            if touching:
                score.problems.append(f"{where}: {printed!r} ({kind}) is read as "
                                      f"{[c.kind for c in touching]}")
            else:
                score.not_claimed += 1
            continue
        score.quantities += 1
        right = [c for c in touching if _reads(c, value)]
        if right:
            score.right_value += 1
            score.right_kind += any(c.kind == kind for c in right)
            if not any(c.kind == kind for c in right):
                score.problems.append(f"{where}: {printed!r} read as {right[0].kind}, "
                                      f"annotated {kind}")
        else:
            found = [(c.kind, c.value, c.low, c.high) for c in touching]
            score.problems.append(f"{where}: {printed!r} ({kind} {value}) read as {found}")
    missing = [text[s:e] for s, e in runs if (s, e) not in annotated]
    if missing:
        raise ValueError(f"{where}: digits not annotated: {missing}")
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", nargs="*", help="paper ids (default: every annotated one)")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    parser.add_argument("--corpus", type=Path, default=PAPERS,
                        help="folder of papers with gold/ (default ../shared/papers)")
    args = parser.parse_args(argv)
    annotation = yaml.safe_load(ANNOTATION.read_text(encoding="utf-8"))
    papers = args.papers or sorted(annotation)
    total = Score()
    report: dict[str, object] = {}
    print(f"{'paper':42s} {'digits':>11s} {'quantities':>13s} {'kind':>6s} {'not claims':>11s}")
    for paper in papers:
        score = Score()
        for lang, items in annotation[paper].items():
            path = args.corpus / paper / "gold" / f"abstract.{lang}.txt"
            score.add(score_abstract(path.read_text(encoding="utf-8"), lang, items,
                                     f"{paper} {lang}"))
        total.add(score)
        report[paper] = score.figures()
        print(f"{paper:42s} {score.accounted:4d}/{score.digits:<4d}   "
              f"{score.right_value:4d}/{score.quantities:<4d}  {score.right_kind:4d}   "
              f"{score.not_claimed:4d}/{score.not_claims:<4d}")
    figures = total.figures()
    report["total"] = figures
    print(f"{'total':42s} {total.accounted:4d}/{total.digits:<4d}   "
          f"{total.right_value:4d}/{total.quantities:<4d}  {total.right_kind:4d}   "
          f"{total.not_claimed:4d}/{total.not_claims:<4d}")
    print(f"quantities read with the right value: {figures['value_share']:.1%}; "
          f"digits accounted for: {total.accounted}/{total.digits}")
    if args.verbose:
        print("\n".join(total.problems))
    if args.out:
        args.out.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
