"""The text stage: layout → blocks with roles and languages → the text outputs of SPEC.md."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from extract.blocks import (
    Block,
    block_text,
    mark_captions,
    mark_footnotes,
    mark_margins,
    mark_region,
    page_blocks,
)
from extract.clean import Vocabulary, join_lines, repair_ligature_splits
from extract.labels import Labels, load_labels
from extract.language import assign_languages
from extract.pdf import Page
from extract.records import read_records
from extract.sections import TextBlock, abstract_paragraphs, assign_sections, keywords, markdown
from extract.tables import caption_label, find_table, table_captions

# Stands for a removed citation mark while the text is repaired, so mark offsets follow the repairs.
MARK = "\ue000"
BLOCK_COLUMNS = ["page", "block", "column", "x0", "top", "x1", "bottom", "role", "lang",
                 "lang_prob", "text", "marks", "opens_piece", "indented", "full_end"]


def read_blocks(pages: Sequence[Page], languages: Sequence[str], labels: Labels | None = None,
                ) -> list[Block]:
    """Every block of the document in reading order, with clean text, role and language."""
    labels = labels or load_labels()
    blocks: list[Block] = []
    for page in pages:
        first_piece = blocks[-1].piece + 1 if blocks else 0
        blocks += page_blocks(page, labels, first_piece)
    raw = [block_text(block) for block in blocks]
    vocabulary = Vocabulary.of((text for text, _ in raw), languages)
    rough = [text.replace("-\n", "").replace("\n", " ") for text, _ in raw]
    detected = assign_languages(rough, [b.piece for b in blocks], languages)
    for block, (text, marks), (lang, prob) in zip(blocks, raw, detected, strict=True):
        block.lang, block.lang_prob = lang, prob
        block.text, block.marks = _repaired(text, marks, vocabulary, lang)
    mark_margins(pages, blocks)
    mark_captions(blocks, labels)
    mark_footnotes(pages, blocks)
    mark_tables(pages, blocks, labels)
    assign_sections(blocks, languages, labels)
    return blocks


def missing_languages(blocks: Sequence[Block], languages: Sequence[str]) -> list[str]:
    """What the paper lacks of its configured languages, one line each: no abstract in a language
    (its outputs are then empty), or no text in it at all. A paper with one abstract only, or with
    an abstract in a language the configuration does not name, still completes."""
    problems = []
    with_text = {b.lang for b in blocks if b.role in ("abstract", "body")}
    with_abstract = {b.lang for b in blocks if b.role == "abstract"}
    for lang in languages:
        if lang not in with_text:
            problems.append(f"no text in {lang} found (configured languages: {', '.join(languages)}); "
                            f"its outputs are empty")
        elif lang not in with_abstract:
            problems.append(f"no abstract in {lang} found (no label of resources/labels.yaml opens "
                            "one); its abstract, keywords and alignment are empty")
    return problems


def mark_tables(pages: Sequence[Page], blocks: list[Block], labels: Labels) -> None:
    """The region of every table whose caption is found (not only the configured one) is
    ``table`` on every page the table stands on, the table's own footnote is ``footnote``. The
    captions are looked for in the pages' lines, so a caption that shares its block with another
    (two tables side by side) counts too; a block that opens with the caption of a found table
    is ``caption`` (also for label forms the caption marking does not know, ``Tab.1 Esempio``)."""
    words = labels.caption["table"]
    found: set[tuple[int, str]] = set()
    for number, label in table_captions(pages, words):
        table = find_table([p for p in pages if p.number >= number], str(label))
        if table is None or table.page != number:
            continue
        found.add((number, label.key))
        for extent in table.extents():
            mark_region(blocks, extent.page, (extent.x0, extent.top, extent.x1, extent.bottom),
                        "table")
        footnote = " ".join(table.footnote.split())
        pages_of = {extent.page for extent in table.extents()}
        for block in blocks:
            if footnote and block.page in pages_of and block.role != "table" \
                    and block.text in footnote:
                block.role = "footnote"
    for block in blocks:
        label = caption_label(block.text, words) if block.role == "body" else None
        if label is not None and (block.page, label.key) in found:
            block.role = "caption"


def _repaired(text: str, marks: list[tuple[int, str]], vocabulary: Vocabulary, lang: str,
              ) -> tuple[str, list[tuple[int, str]]]:
    """Join lines and repair ligature splits, keeping each mark's offset in the repaired text."""
    for offset, _ in sorted(marks, reverse=True):
        text = text[:offset] + MARK + text[offset:]
    text = repair_ligature_splits(join_lines(text, vocabulary, lang), vocabulary, lang)
    clean, offsets = "", []
    for char in text:
        if char == MARK:
            offsets.append(len(clean))
        else:
            clean += char
    return clean, list(zip(offsets, (mark for _, mark in sorted(marks)), strict=True))


def write_blocks(blocks: Sequence[Block], outdir: Path, labels: Labels | None = None) -> None:
    """``blocks.csv`` (SPEC columns, then marks and the paragraph cues) and ``captions.csv``."""
    labels = labels or load_labels()
    outdir.mkdir(parents=True, exist_ok=True)
    with (outdir / "blocks.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(BLOCK_COLUMNS)
        for number, b in enumerate(blocks):
            marks = ";".join(f"{offset}:{mark}" for offset, mark in b.marks)
            writer.writerow([b.page, number, b.column, round(b.x0, 1), round(b.top, 1),
                             round(b.x1, 1), round(b.bottom, 1), b.role, b.lang, b.lang_prob,
                             b.text, marks, int(b.opens_piece), int(b.indented), int(b.full_end)])
    with (outdir / "captions.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["page", "label", "lang", "text"])
        for page, label, lang, text in captions(blocks, labels):
            writer.writerow([page, label, lang, text])


def captions(blocks: Sequence[Block], labels: Labels) -> list[tuple[int, str, str, str]]:
    """(page, label, language, text) of each caption, its continued blocks joined to it."""
    found: list[tuple[int, str, str, str]] = []
    for block in blocks:
        if block.role != "caption":
            continue
        label = labels.caption_label(block.text)
        if label is None and found:
            page, label, lang, text = found[-1]
            found[-1] = (page, label, lang, f"{text} {block.text}")
        else:
            found.append((block.page, label or "", block.lang, block.text))
    return found


def read_text_blocks(path: Path) -> list[TextBlock]:
    return [
        TextBlock(int(row["page"]), row["role"], row["lang"], row["text"],
                  row["opens_piece"] == "1", row["indented"] == "1", row.get("full_end") == "1")
        for row in read_records(path)
    ]


def write_language_outputs(blocks: Sequence[TextBlock], lang: str, languages: Sequence[str],
                           outdir: Path, labels: Labels | None = None) -> None:
    """``text.<lang>.md``, ``abstract.<lang>.txt`` and ``keywords.<lang>.txt``."""
    labels = labels or load_labels()
    vocabulary = Vocabulary.of((b.text for b in blocks), languages)
    (outdir / f"text.{lang}.md").write_text(markdown(blocks, lang, labels, vocabulary), encoding="utf-8")
    abstract = abstract_paragraphs(blocks, lang, labels, vocabulary)
    (outdir / f"abstract.{lang}.txt").write_text("".join(p + "\n" for p in abstract), encoding="utf-8")
    words = keywords(blocks, lang, labels)
    (outdir / f"keywords.{lang}.txt").write_text("".join(w + "\n" for w in words), encoding="utf-8")
