"""Benchmark of the sentence aligner on 2 x 500 sentences (not a test; target: under 1 s).

The two documents are synthetic, so that their size and vocabulary are those of a long text
and the true alignment is known: a seeded random lexicon where some words have a cognate in the
other language (a letter or two changed), others an unrelated translation, plus numbers, names
and each language's function words; one side drops a few sentences and merges a few pairs.
Prints the time of `extract.align.align` (wall clock and CPU of this one process, which runs
on one core) and how many links it got right.

    .venv/bin/python bench/bench_align.py
"""

from __future__ import annotations

import random
import string
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from extract.align import align, function_words  # noqa: E402

SENTENCES = 500
SEED = 3
LEXICON = 4000
COGNATE_SHARE = 0.4
DROPPED = 5
MERGED = 5


def _word(rng: random.Random) -> str:
    return "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 11)))


def _cognate(word: str, rng: random.Random) -> str:
    position = rng.randrange(1, len(word))
    return word[:position] + rng.choice(string.ascii_lowercase) + word[position + 1 :]


def synthetic_pair(rng: random.Random) -> tuple[list[str], list[str], list[tuple]]:
    """Source and target sentences and the true links, as (src indices, tgt indices)."""
    src_function = sorted(function_words("it") or ())
    tgt_function = sorted(function_words("en") or ())
    lexicon = {}
    for _ in range(LEXICON):
        word = _word(rng)
        lexicon[word] = _cognate(word, rng) if rng.random() < COGNATE_SHARE else _word(rng)
    words = list(lexicon)
    pairs = []
    for _ in range(SENTENCES):
        src_words, tgt_words = [], []
        for _ in range(rng.randint(4, 30)):
            roll = rng.random()
            if roll < 0.35:
                src_words.append(rng.choice(src_function))
                tgt_words.append(rng.choice(tgt_function))
            elif roll < 0.40:
                number = rng.randint(2, 400)
                src_words.append(str(number))
                tgt_words.append(str(number))
            elif roll < 0.43:
                name = rng.choice(string.ascii_uppercase) + _word(rng)[:5]
                src_words.append(name)
                tgt_words.append(name)
            else:
                word = rng.choice(words)
                src_words.append(word)
                tgt_words.append(lexicon[word])
        rng.shuffle(tgt_words)  # word order changes in translation
        pairs.append((" ".join(src_words).capitalize() + ".",
                      " ".join(tgt_words).capitalize() + "."))

    dropped = set(rng.sample(range(SENTENCES), DROPPED))
    merged = set(rng.sample([k for k in range(SENTENCES - 1)
                             if k not in dropped and k + 1 not in dropped], MERGED))
    src = [s for s, _ in pairs]
    tgt: list[str] = []
    truth = []
    k = 0
    while k < SENTENCES:
        if k in dropped:
            truth.append(((k,), ()))
        elif k in merged and k + 1 not in dropped:
            tgt.append(pairs[k][1] + " " + pairs[k + 1][1])
            truth.append(((k, k + 1), (len(tgt) - 1,)))
            k += 1
        else:
            tgt.append(pairs[k][1])
            truth.append(((k,), (len(tgt) - 1,)))
        k += 1
    return src, tgt, truth


def main() -> None:
    src, tgt, truth = synthetic_pair(random.Random(SEED))
    start, start_cpu = time.perf_counter(), time.process_time()
    links = align(src, tgt, "it", "en")
    elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    found = {(link.src, link.tgt) for link in links}
    right = sum(link in found for link in truth)
    print(f"aligned {len(src)} x {len(tgt)} sentences in {elapsed:.3f} s ({cpu:.3f} s CPU); "
          f"{right}/{len(truth)} true links found, {len(links)} links")


if __name__ == "__main__":
    main()
