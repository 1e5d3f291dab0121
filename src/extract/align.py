"""Sentence alignment of two abstracts: a banded dynamic program over 1-1, 1-2, 2-1, 2-2, 1-0
and 0-1 links.

A link's cost is the sum of
- the prior of its type (Gale & Church 1993),
- the Gale–Church length cost, with the length ratio of the two languages estimated from the
  document itself,
- the evidence of the anchors that survive translation: numbers (`extract.numbers.numbers_in`,
  so `11,5` = `11.5` and `due` = `two`), names and codes (`CD38`, `IsaPd`, `PHASE-III`, `NAD+`,
  capitalised words), and words equal or near-cognate by normalised edit distance
  (`preclinici`/`preclinical`). Function words (resources/lang/<lang>.yaml) are not anchors.
  Each anchor of a link either finds a partner on the other side or not; how likely that is in
  a true link and in a chance pairing is estimated per anchor class from the document, and the
  log-likelihood ratio is the evidence (a naive Bayes model).

The score of a link is its posterior probability over all alignments in the band (forward–
backward over the same lattice), so a link the aligner is unsure about scores low.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from extract.langdata import LANG_DIR, language_data
from extract.numbers import numbers_in
from extract.records import Record

# Link types as (source sentences, target sentences) with their prior probabilities, as
# estimated by Gale & Church (1993) on parallel text.
PRIORS = {
    (1, 1): 0.89,
    (1, 0): 0.0099 / 2,
    (0, 1): 0.0099 / 2,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (2, 2): 0.011,
}
MOVE_COST = {move: -math.log(prior) for move, prior in PRIORS.items()}
# Variance of the target length per source character (Gale & Church 1993).
LENGTH_VARIANCE = 6.8
# Lower bound of -log(probability) of a length difference, so one extreme pair cannot dominate.
MIN_LENGTH_PROBABILITY = 1e-12
# Half-width of the band around the diagonal, in sentences; widened by the difference in
# sentence counts, which is how far a path with gaps can stray from the diagonal.
MIN_BAND = 10

# Anchor classes, each with its own match rates: a number, a name or code, an ordinary word.
NUMBER, NAME, WORD = 0, 1, 2
ANCHOR_CLASSES = (NUMBER, NAME, WORD)
# Bounds of the true-match rate the document may tell, per anchor class.
MATCH_RATE_BOUNDS = {NUMBER: (0.5, 0.95), NAME: (0.3, 0.95), WORD: (0.1, 0.9)}
# Both sides of a link count a matched pair of anchors; halve it so it is not counted twice.
MATCHED_WEIGHT = 0.5

# Words shorter than this are never compared as cognates, only for equality.
COGNATE_MIN_LENGTH = 4
COGNATE_MAX_DISTANCE = 0.34  # edit distance / length of the longer word
MIN_WORD_LENGTH = 3
MIN_NAME_LENGTH = 2

TOKEN = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*\+*")
HYPHENS = re.compile(r"[-\u2010\u2011]")
DIGIT = re.compile(r"\d")
ALIGNMENT_COLUMNS = ["pair", "src", "tgt", "src_text", "tgt_text", "type", "score"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Link:
    """One aligned pair: source and target sentence indices (both empty for no side), and the
    aligner's confidence in [0, 1]."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float

    @property
    def type(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"


@lru_cache
def function_words(lang: str) -> frozenset[str] | None:
    """The normalised function words of `lang`, or None (with a warning) when
    resources/lang/<lang>.yaml does not exist."""
    data = language_data(lang)
    if data is None:
        log.warning("no language data for %r (%s): aligning on lengths, numbers and shared "
                    "tokens only", lang, LANG_DIR / f"{lang}.yaml")
        return None
    return frozenset(_normalise(str(word)) for word in data.get("function_words", []))


@lru_cache
def _numbers_known(lang: str) -> bool:
    try:
        numbers_in("", lang)
    except ValueError:
        log.warning("no number conventions for %r: numbers are compared as written", lang)
        return False
    return True


@lru_cache(maxsize=1 << 16)
def _normalise(word: str) -> str:
    """Lower case, no accents, no hyphens: `Pre-clinical` -> `preclinical`."""
    decomposed = unicodedata.normalize("NFKD", HYPHENS.sub("", word).lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _is_name(token: str, sentence_initial: bool) -> bool:
    """A code or a name: digits or capitals inside (CD38, IsaPd, MM), a trailing `+` (NAD+),
    or a capital initial that is not just the sentence's first letter."""
    return (
        DIGIT.search(token) is not None
        or token[1:] != token[1:].lower()
        or token.endswith("+")
        or (token[0].isupper() and not sentence_initial)
    )


def sentence_anchors(text: str, lang: str, use_words: bool) -> list[tuple[int, str]]:
    """The anchors of one sentence as (class, normalised key), numbers first."""
    numbers_known = _numbers_known(lang)
    anchors = (
        [(NUMBER, f"#{value:.6g}") for value in numbers_in(text, lang)] if numbers_known else []
    )
    skip = function_words(lang) or frozenset()
    for position, match in enumerate(TOKEN.finditer(text)):
        token = match.group()
        if token.isdigit() and numbers_known:
            continue  # already read, locale-aware, by numbers_in
        key = _normalise(token)
        if _is_name(token, sentence_initial=position == 0):
            if len(key) >= MIN_NAME_LENGTH:
                anchors.append((NAME, key))
        elif use_words and len(key) >= MIN_WORD_LENGTH and key not in skip:
            anchors.append((WORD, key))
    return anchors


def _edit_distance_within(a: str, b: str, limit: int) -> bool:
    """True when the Levenshtein distance of a and b is at most `limit`."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


class _Side:
    """The anchors of one language's sentences, indexed for matching."""

    def __init__(self, sentences: list[str], lang: str, use_words: bool):
        self.lengths = [len(sentence) for sentence in sentences]
        self.keys: list[list[str]] = []
        self.class_masks: list[tuple[int, int, int]] = []
        self.key_masks: list[dict[str, int]] = []
        # Cognate candidates of a sentence by first letter: (key, bit mask of its positions).
        self.by_initial: list[dict[str, list[tuple[str, int]]]] = []
        for sentence in sentences:
            anchors = sentence_anchors(sentence, lang, use_words)
            class_masks = [0, 0, 0]
            key_masks: dict[str, int] = {}
            for bit, (anchor_class, key) in enumerate(anchors):
                class_masks[anchor_class] |= 1 << bit
                key_masks[key] = key_masks.get(key, 0) | 1 << bit
            by_initial: dict[str, list[tuple[str, int]]] = {}
            for key, mask in key_masks.items():
                if len(key) >= COGNATE_MIN_LENGTH and key.isalpha():
                    by_initial.setdefault(key[0], []).append((key, mask))
            self.keys.append([key for _, key in anchors])
            self.class_masks.append(tuple(class_masks))
            self.key_masks.append(key_masks)
            self.by_initial.append(by_initial)


@lru_cache(maxsize=1 << 18)
def near_cognates(a: str, b: str) -> bool:
    """True when two normalised words differ by at most COGNATE_MAX_DISTANCE of the longer's
    length in edits (`preclinici`/`preclinical`, `anemia`/`anaemia`)."""
    limit = int(COGNATE_MAX_DISTANCE * max(len(a), len(b)))
    # An edit changes at most two letters of the alphabet a word uses: a cheap test that
    # spares most pairs the full edit distance.
    return (
        abs(len(a) - len(b)) <= limit
        and len(set(a) ^ set(b)) <= 2 * limit
        and _edit_distance_within(a, b, limit)
    )


def _band(n: int, m: int) -> list[range]:
    """For each source position 0..n, the target positions of the band around the diagonal."""
    width = max(MIN_BAND, abs(n - m))
    return [
        range(max(0, math.floor(i * m / n - width) if n else 0),
              min(m, math.ceil(i * m / n + width) if n else m) + 1)
        for i in range(n + 1)
    ]


@dataclass(frozen=True)
class _Evidence:
    """The evidence each anchor of one side brings to a link: per sentence, the log-likelihood
    ratio when none of its anchors matches (`base`), and what each anchor adds if it matches."""

    base: list[float]
    gains: list[list[float]]


def _bits(mask: int) -> Iterable[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _estimate_evidence(
    src: _Side, tgt: _Side, matches: dict[tuple[int, int], tuple[int, int]]
) -> tuple[_Evidence, _Evidence]:
    """Weigh every anchor from the document itself, for both sides.

    Among the pairs the band compares, each sentence's best-matching sentence on the other side
    stands for its true partner, the others for chance pairings. The true-match rate is pooled
    per anchor class; the chance-match rate is per anchor, so a word found in every sentence
    (the topic of the abstract) weighs little when it matches.
    """
    def share(pair: tuple[int, int]) -> float:
        src_bits, tgt_bits = matches[pair]
        anchors = len(src.keys[pair[0]]) + len(tgt.keys[pair[1]])
        return (src_bits.bit_count() + tgt_bits.bit_count()) / max(1, anchors)

    src_pairings: list[list[tuple[int, int]]] = [[] for _ in src.keys]
    tgt_pairings: list[list[tuple[int, int]]] = [[] for _ in tgt.keys]
    for pair in matches:
        src_pairings[pair[0]].append(pair)
        tgt_pairings[pair[1]].append(pair)
    src_best = [max(pairings, key=share, default=None) for pairings in src_pairings]
    tgt_best = [max(pairings, key=share, default=None) for pairings in tgt_pairings]

    hits, totals = [0, 0, 0], [0, 0, 0]
    for pair in src_best:
        if pair is None:
            continue
        i, j = pair
        for c, (src_class, tgt_class) in enumerate(
            zip(src.class_masks[i], tgt.class_masks[j], strict=True)
        ):
            hits[c] += ((matches[pair][0] & src_class).bit_count()
                        + (matches[pair][1] & tgt_class).bit_count())
            totals[c] += src_class.bit_count() + tgt_class.bit_count()
    true_rate = [
        min(max(hits[c] / totals[c], MATCH_RATE_BOUNDS[c][0]), MATCH_RATE_BOUNDS[c][1])
        if totals[c] else MATCH_RATE_BOUNDS[c][1]
        for c in ANCHOR_CLASSES
    ]

    def weigh(side: _Side, pairings: list[list[tuple[int, int]]],
              best: list[tuple[int, int] | None], index: int) -> _Evidence:
        base, gains = [], []
        for k, class_masks in enumerate(side.class_masks):
            chance = [pair for pair in pairings[k] if pair != best[k]]
            chance_hits = [0] * len(side.keys[k])
            for pair in chance:
                for bit in _bits(matches[pair][index]):
                    chance_hits[bit] += 1
            sentence_base, sentence_gains = 0.0, []
            for bit, hit_count in enumerate(chance_hits):
                p_true = true_rate[next(c for c in ANCHOR_CLASSES if class_masks[c] >> bit & 1)]
                # Add-one-half smoothing: an anchor never seen by chance is rare, not impossible.
                p_chance = min((hit_count + 0.5) / (len(chance) + 1), p_true)
                matched = MATCHED_WEIGHT * math.log(p_true / p_chance)
                unmatched = math.log((1 - p_true) / (1 - p_chance))
                sentence_base += unmatched
                sentence_gains.append(matched - unmatched)
            base.append(sentence_base)
            gains.append(sentence_gains)
        return _Evidence(base, gains)

    return weigh(src, src_pairings, src_best, 0), weigh(tgt, tgt_pairings, tgt_best, 1)


def _sentence_pairs(band: list[range], n: int, m: int) -> list[tuple[int, int]]:
    """The (source, target) sentence pairs that some link ending in the band joins."""
    pairs = {
        (i - di, j - dj)
        for i, columns in enumerate(band)
        for j in columns
        for di in (1, 2)
        for dj in (1, 2)
        if di <= i <= n and dj <= j <= m
    }
    return sorted(pairs)


def _match(src: _Side, tgt: _Side, pairs: list[tuple[int, int]]) -> dict[tuple[int, int],
                                                                          tuple[int, int]]:
    """For each sentence pair, (bits of the source anchors that find a partner in the target
    sentence, bits of the target anchors that find one in the source sentence)."""
    matches = {}
    for i, j in pairs:
        src_bits = tgt_bits = 0
        tgt_keys, tgt_initials = tgt.key_masks[j], tgt.by_initial[j]
        for key, bits in src.key_masks[i].items():
            found = tgt_keys.get(key)
            if found:
                src_bits |= bits
                tgt_bits |= found
        for initial, keys in src.by_initial[i].items():
            for candidate, candidate_bits in tgt_initials.get(initial, ()):
                for key, bits in keys:
                    if key != candidate and near_cognates(key, candidate):
                        src_bits |= bits
                        tgt_bits |= candidate_bits
        matches[i, j] = (src_bits, tgt_bits)
    return matches


class _Costs:
    """The cost of any link the band allows."""

    def __init__(self, src: _Side, tgt: _Side, matches: dict[tuple[int, int], tuple[int, int]]):
        self.matches = matches
        self.evidence = _estimate_evidence(src, tgt, matches)
        self.src_ends = list(itertools.accumulate(src.lengths, initial=0))
        self.tgt_ends = list(itertools.accumulate(tgt.lengths, initial=0))
        total_src, total_tgt = self.src_ends[-1], self.tgt_ends[-1]
        self.ratio = total_tgt / total_src if total_src and total_tgt else 1.0
        self._sentence_evidence: tuple[dict, dict] = ({}, {})

    def _sentence(self, side: int, sentence: int, matched: int) -> float:
        """The evidence one sentence brings to a link, given the bits of its matched anchors."""
        cache = self._sentence_evidence[side]
        value = cache.get((sentence, matched))
        if value is None:
            evidence = self.evidence[side]
            gains = evidence.gains[sentence]
            value = evidence.base[sentence] + sum(gains[bit] for bit in _bits(matched))
            cache[sentence, matched] = value
        return value

    def length_cost(self, src_length: int, tgt_length: int) -> float:
        """Gale–Church: -log of the probability of so large a difference in length."""
        mean = (src_length + tgt_length / self.ratio) / 2
        if mean == 0:
            return 0.0
        delta = (tgt_length - src_length * self.ratio) / math.sqrt(mean * LENGTH_VARIANCE)
        probability = math.erfc(abs(delta) / math.sqrt(2))
        return -math.log(max(probability, MIN_LENGTH_PROBABILITY))

    def link(self, i: int, j: int, di: int, dj: int) -> float:
        """Cost of linking source sentences i-di..i-1 with target sentences j-dj..j-1."""
        cost = MOVE_COST[di, dj]
        if di == 0 or dj == 0:
            return cost  # a gap carries no length or anchor evidence
        cost += self.length_cost(self.src_ends[i] - self.src_ends[i - di],
                                 self.tgt_ends[j] - self.tgt_ends[j - dj])
        matches = self.matches
        if di == dj == 1:  # the common case, without the loops
            src_bits, tgt_bits = matches[i - 1, j - 1]
            return cost - self._sentence(0, i - 1, src_bits) - self._sentence(1, j - 1, tgt_bits)
        for s in range(i - di, i):
            matched = 0
            for t in range(j - dj, j):
                matched |= matches[s, t][0]
            cost -= self._sentence(0, s, matched)
        for t in range(j - dj, j):
            matched = 0
            for s in range(i - di, i):
                matched |= matches[s, t][1]
            cost -= self._sentence(1, t, matched)
        return cost


def _softmin(values: list[float]) -> float:
    """-log(sum(exp(-v))), computed stably."""
    low = min(values)
    return low - math.log(sum([math.exp(low - v) for v in values]))


def align(src: list[str], tgt: list[str], src_lang: str, tgt_lang: str) -> list[Link]:
    """Align two lists of sentences (translations of each other) in document order."""
    use_words = function_words(src_lang) is not None and function_words(tgt_lang) is not None
    src_side, tgt_side = _Side(src, src_lang, use_words), _Side(tgt, tgt_lang, use_words)
    n, m = len(src), len(tgt)
    band = _band(n, m)
    costs = _Costs(src_side, tgt_side, _match(src_side, tgt_side, _sentence_pairs(band, n, m)))

    # Every link of the lattice as (cell it starts from, cell it ends in, cost), grouped by
    # the cell it ends in; cells in row-major order, so a link's start comes before its end.
    incoming: dict[tuple[int, int], list[tuple[tuple[int, int], float]]] = {}
    for i, columns in enumerate(band):
        for j in columns:
            incoming[i, j] = [
                ((i - di, j - dj), costs.link(i, j, di, dj))
                for di, dj in MOVE_COST
                if i >= di and j - dj in band[i - di]
            ]
    # Viterbi for the best alignment, forward-backward for each link's posterior.
    best: dict[tuple[int, int], tuple[float, tuple[int, int]]] = {(0, 0): (0.0, (0, 0))}
    forward = {(0, 0): 0.0}
    for cell, links in incoming.items():
        if links:
            best[cell] = min([(best[start][0] + cost, start) for start, cost in links])
            forward[cell] = _softmin([forward[start] + cost for start, cost in links])
    backward = {(n, m): 0.0}
    outgoing: dict[tuple[int, int], list[float]] = {}
    for cell in reversed(incoming):
        if cell in outgoing:
            backward[cell] = _softmin(outgoing[cell])
        after = backward[cell]
        for start, cost in incoming[cell]:
            outgoing.setdefault(start, []).append(cost + after)

    def posterior(start: tuple[int, int], end: tuple[int, int], cost: float) -> float:
        return math.exp(forward[n, m] - forward[start] - cost - backward[end])

    links: list[Link] = []
    cell = (n, m)
    while cell != (0, 0):
        start = best[cell][1]
        di, dj = cell[0] - start[0], cell[1] - start[1]
        if dj == 0:
            # Where a gap sits against the other side is arbitrary (before or after a
            # neighbouring gap): its score is the probability that the sentence is left out.
            score = sum(posterior((start[0], j), (cell[0], j), MOVE_COST[1, 0])
                        for j in band[cell[0]] if j in band[start[0]])
        elif di == 0:
            score = sum(posterior((i, start[1]), (i, cell[1]), MOVE_COST[0, 1])
                        for i in range(n + 1) if start[1] in band[i] and cell[1] in band[i])
        else:
            score = posterior(start, cell, dict(incoming[cell])[start])
        links.append(Link(src=tuple(range(start[0], cell[0])),
                          tgt=tuple(range(start[1], cell[1])), score=min(1.0, score)))
        cell = start
    return links[::-1]


def _numbers(indices: tuple[int, ...]) -> str:
    return ";".join(str(index) for index in indices)


def alignment_rows(sentences: list[Record],
                   languages: list[str]) -> list[dict[str, str | int | float]]:
    """`alignment.csv` rows (ALIGNMENT_COLUMNS) from `sentences.csv` rows (lang, sent, text):
    the abstract of `languages[0]` (src) aligned with that of `languages[1]` (tgt)."""
    src_lang, tgt_lang = languages[:2]
    by_lang = {
        lang: [row["text"] for row in sorted((row for row in sentences if row["lang"] == lang),
                                             key=lambda row: int(row["sent"]))]
        for lang in (src_lang, tgt_lang)
    }
    src, tgt = by_lang[src_lang], by_lang[tgt_lang]
    return [
        {
            "pair": pair,
            "src": _numbers(link.src),
            "tgt": _numbers(link.tgt),
            "src_text": " ".join(src[i] for i in link.src),
            "tgt_text": " ".join(tgt[j] for j in link.tgt),
            "type": link.type,
            "score": round(link.score, 4),
        }
        for pair, link in enumerate(align(src, tgt, src_lang, tgt_lang))
    ]
