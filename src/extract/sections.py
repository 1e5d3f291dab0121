"""Title, abstract, keywords and headings of each language, and the text outputs built from them.

Parts are found by their labels (``resources/labels.yaml``, many languages) together with each
block's language and typography, never by their position in one article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extract.blocks import LIST_ITEM, Block, body_size
from extract.clean import Vocabulary, keeps_hyphen
from extract.labels import Labels

TEXT_ROLES = ("title", "abstract", "keywords", "heading", "body")
# Titles are set in type at least this much larger than the running text.
TITLE_SIZE_RATIO = 1.3
MAX_HEADING_LINES = 3


def assign_sections(blocks: list[Block], languages: Sequence[str], labels: Labels) -> None:
    """Set the roles title, abstract, keywords, heading and (for back matter) other."""
    size = body_size(blocks)
    _mark_abstracts_and_keywords(blocks, labels)
    _mark_titles(blocks, languages, size)
    for block in blocks:
        if block.role == "body" and _is_heading(block, size):
            block.role = "heading"
    _mark_front_and_back_matter(blocks, labels)


def _is_heading(block: Block, size: float) -> bool:
    text = block.text.strip()
    return (
        len(block.lines) <= MAX_HEADING_LINES
        and block.size >= size - 0.5
        and (block.bold or block.size > size + 0.5)
        and not text.endswith((",", ";"))
        and any(ch.isalpha() for ch in text)
    )


def _mark_abstracts_and_keywords(blocks: list[Block], labels: Labels) -> None:
    index = 0
    while index < len(blocks):
        block = blocks[index]
        found = labels.abstract_label(block.text) if block.role == "body" else None
        if found is None:
            if block.role == "body" and labels.keywords_label(block.text):
                block.role = "keywords"
            index += 1
            continue
        block.role = "abstract"
        label_only = len(block.text.strip()) <= len(found[1].strip()) + 1
        reference = blocks[index + 1] if label_only and index + 1 < len(blocks) else block
        index += 1
        while index < len(blocks):
            nxt = blocks[index]
            if nxt.role in ("header", "footer", "footnote"):
                index += 1
                continue
            if nxt.role != "body" or labels.abstract_label(nxt.text):
                break
            if labels.keywords_label(nxt.text):
                nxt.role = "keywords"
                index += 1
                break
            same_type = abs(nxt.size - reference.size) < 0.4 and not (nxt.bold and not reference.bold)
            if not same_type or nxt.lang != reference.lang:
                break
            nxt.role = "abstract"
            index += 1


def _mark_titles(blocks: list[Block], languages: Sequence[str], size: float) -> None:
    """Large type on the first page is the title; a bold block right before an abstract is too."""
    if not blocks:
        return
    first_page = min(b.page for b in blocks)
    candidates = [b for b in blocks if b.page == first_page and b.role == "body"
                  and b.size >= TITLE_SIZE_RATIO * size]
    largest = max((b.size for b in candidates), default=0.0)
    for block in candidates:
        if block.size >= largest - 0.5:
            block.role = "title"
    titled = {b.lang for b in blocks if b.role == "title"}
    for index, block in enumerate(blocks):
        if block.role != "abstract" or block.lang in titled:
            continue
        before = [b for b in blocks[max(0, index - 2):index] if b.role in ("body", "heading")]
        if before and before[-1].bold and before[-1].column == block.column:
            before[-1].role = "title"
            before[-1].lang = block.lang
            titled.add(block.lang)


def _mark_front_and_back_matter(blocks: list[Block], labels: Labels) -> None:
    """Body text starts after the front matter (authors, affiliations) and ends at the references."""
    front = [i for i, b in enumerate(blocks) if b.role in ("title", "abstract", "keywords")]
    if front:
        for block in blocks[: front[-1]]:
            if block.role in ("body", "heading"):
                block.role = "other"
    ended = False
    for block in blocks:
        if block.role == "heading" and labels.is_back_matter(block.text):
            ended = True
        if ended and block.role in ("body", "heading"):
            block.role = "other"


# ---------------------------------------------------------------------------------------------
# text outputs: from the rows of blocks.csv


@dataclass
class TextBlock:
    """What the text outputs need of a block (a row of ``blocks.csv``)."""

    page: int
    role: str
    lang: str
    text: str
    opens_piece: bool
    indented: bool


def strip_label(text: str, label: tuple[str, str] | None) -> str:
    return text[len(label[1]):].strip() if label else text.strip()


def abstract_paragraphs(blocks: Sequence[TextBlock], lang: str, labels: Labels) -> list[str]:
    paragraphs = []
    for block in blocks:
        if block.role == "abstract" and block.lang == lang:
            text = strip_label(block.text, labels.abstract_label(block.text))
            if text:
                paragraphs.append(text)
    return paragraphs


def keywords(blocks: Sequence[TextBlock], lang: str, labels: Labels) -> list[str]:
    """Keywords of ``lang``: the language of the label decides, else the block's language."""
    for block in blocks:
        if block.role != "keywords":
            continue
        label = labels.keywords_label(block.text)
        label_lang = label[0] if label else block.lang
        if lang not in (label_lang, block.lang) or (label_lang != lang and label_lang in labels.keywords):
            continue
        return split_keywords(strip_label(block.text, label))
    return []


def split_keywords(text: str) -> list[str]:
    """Split on ``;`` if used, else on sentence stops (``Custos. Assistência, economia.``), else ``,``."""
    text = text.strip().rstrip(".").strip()
    if ";" in text:
        parts = text.split(";")
    elif re.search(r"\.\s+\S", text):
        parts = re.split(r"\.\s+", text)
    else:
        parts = text.split(",")
    return [p.strip().rstrip(".") for p in parts if p.strip()]


def paragraphs(blocks: Sequence[TextBlock], vocabulary: Vocabulary, lang: str) -> list[tuple[str, str]]:
    """(role, text) of the running text in reading order, paragraphs rejoined across columns.

    A body block continues the previous body paragraph when it is not indented and opens its
    column piece, or when the previous paragraph stops mid-sentence.
    """
    result: list[tuple[str, str]] = []
    for block in blocks:
        if block.role == "body" and result and result[-1][0] == "body" and _continues(result[-1][1], block):
            result[-1] = ("body", _join(result[-1][1], block.text, vocabulary, lang))
        else:
            result.append((block.role, block.text))
    return result


def _continues(previous: str, block: TextBlock) -> bool:
    if LIST_ITEM.match(block.text):
        return False
    ends_paragraph = previous.rstrip()[-1:] in ".!?:"
    return not ends_paragraph or (block.opens_piece and not block.indented)


def _join(previous: str, following: str, vocabulary: Vocabulary, lang: str) -> str:
    previous = previous.rstrip()
    if previous.endswith("/"):
        return previous + following
    match = re.search(r"(\S*[^\W\d_])-$", previous)
    if match:
        tail = following.split(" ", 1)[0]
        if not keeps_hyphen(match.group(1), tail, vocabulary, lang):
            return previous[:-1] + following
        return previous + following
    return f"{previous} {following}"


def markdown(blocks: Sequence[TextBlock], lang: str, labels: Labels, vocabulary: Vocabulary) -> str:
    """``text.<lang>.md``: title, abstract, keywords, then headings and paragraphs, one per line."""
    lines: list[str] = []
    mine = [b for b in blocks if b.lang == lang and b.role in TEXT_ROLES]
    titles = [b.text for b in mine if b.role == "title"]
    if titles:
        lines.append("# " + " ".join(titles))
    lines += abstract_paragraphs(mine, lang, labels)
    words = keywords(blocks, lang, labels)
    if words:
        lines.append("; ".join(words))
    running = [b for b in mine if b.role in ("heading", "body")]
    for role, text in paragraphs(running, vocabulary, lang):
        lines.append(f"## {text}" if role == "heading" else text)
    return "\n".join(lines) + "\n"
