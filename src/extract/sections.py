"""Title, abstract, keywords and headings of each language, and the text outputs built from them.

Parts are found by their labels (``resources/labels.yaml``, many languages) together with each
block's language and typography, never by their position in one article:

- an abstract starts at its label (alone on its line, run in with its punctuation, or set apart in
  bold or capitals) and goes on in the type of its first paragraph across column and page breaks,
  past running heads, footnotes and side columns, until the next label, a heading or a change of
  type; a translated title printed between the label and the text is that language's title;
- the language of an abstract is the language of its text, whatever its label says;
- keywords start at their label and go on in the lines right under it; a "keywords" label over
  running prose heads an abstract.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from extract.blocks import LIST_ITEM, Block, body_size
from extract.clean import Vocabulary, keeps_hyphen
from extract.labels import Labels
from extract.language import best_language, trustworthy
from extract.pdf import is_bold, is_italic

TEXT_ROLES = ("title", "abstract", "keywords", "heading", "body")
# Titles are set in type at least this much larger than the running text.
TITLE_SIZE_RATIO = 1.2
MAX_HEADING_LINES = 3
# Blocks of one type: sizes within this share of each other.
SIZE_TOLERANCE = 0.05
# A translated title between an abstract's label and its text: this many lines at most, this many
# words at least, set in another face or size than the text under it.
TITLE_MAX_LINES = 4
TITLE_MIN_WORDS = 4
# A text with fewer of its words in lower case than this share is a list of names, not a title.
NAMES_LOWERCASE_SHARE = 0.15
# A section heading inside a structured abstract (``Objectives``): this many words at most.
ABSTRACT_HEADING_WORDS = 6
# Items of a "keywords" list longer than this many words on average are prose: an abstract.
PROSE_ITEM_WORDS = 8
# An abstract cut mid-sentence (or by a side column) looks this many blocks ahead for its next part.
LOOKAHEAD = 8
# A language change stops an abstract only where both texts are this sure of their language.
SURE_LANGUAGE = 0.9
# Lines of a keyword list stand closer than this share of their type size.
KEYWORD_LINE_GAP = 0.6
# The front matter (title, abstracts, keywords) ends where more than this many body blocks follow
# one of its parts before the next: an abstract printed after the body is not front matter.
FRONT_GAP = 5
SENTENCE_END = ".!?"
# A paragraph opened by a label: a few words ending in a colon (``Conclusions:``, ``OBJETIVO:``).
RUN_IN_LABEL = re.compile(r"^\s*(?:\S+\s+){0,3}?\S+:(?:\s|$)")
# Note marks at the end of a title (``*``, a symbol font's private-use glyph).
NOTE_MARKS = re.compile(r"[\s*†‡\ue000-\uf8ff]+$")
# Roles an abstract runs past (they stand beside or between its parts).
PASSED_ROLES = ("header", "footer", "caption", "table", "footnote")


def assign_sections(blocks: list[Block], languages: Sequence[str], labels: Labels) -> None:
    """Set the roles title, abstract, keywords, heading and (for front and back matter) other."""
    size = body_size(blocks)
    _mark_abstracts_and_keywords(blocks, languages, labels)
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


# ---------------------------------------------------------------------------------------------
# labels


def _italic(block: Block) -> bool:
    words = [w for s in block.lines for w in s.words if not w.sup]
    return sum(len(w.text) for w in words if is_italic(w)) > 0.6 * sum(len(w.text) for w in words)


def _sets_apart(block: Block, label: str) -> bool:
    """The label found at the start of ``block`` labels it: it stands alone or ends with its
    punctuation, or it is set apart from the text run in after it (bold, or capitals)."""
    if not block.text[len(label):].strip() or re.search(r"[.:—–-]\s*$", label):
        return True
    words = [w for w in block.lines[0].words if not w.sup]
    count = len(label.split())
    if len(words) <= count:
        return True
    head, after = words[:count], words[count]
    if all(is_bold(w) for w in head) and not is_bold(after):
        return True
    return "".join(w.text for w in head).isupper() and not after.text.isupper()


def _label(block: Block, labels: Labels) -> tuple[str, tuple[str, str]] | None:
    """(``abstract`` or ``keywords``, the label found) when a label opens ``block``."""
    if block.role not in ("body", "footnote"):
        return None
    found = labels.abstract_label(block.text)
    if found and _sets_apart(block, found[1]):
        return "abstract", found
    found = labels.keywords_label(block.text)
    if found and _sets_apart(block, found[1]):
        items = split_keywords(strip_label(block.text, found))
        prose = items and sum(len(i.split()) for i in items) / len(items) > PROSE_ITEM_WORDS
        return ("abstract" if prose else "keywords"), found
    return None


def _family(block: Block) -> str:
    """The font family most of the block's letters are set in (``Palatino`` of
    ``ABCDEF+Palatino-Italic``, ``TimesNewRoman`` of ``TimesNewRomanPS-BoldMT``)."""
    letters: Counter = Counter()
    for word in (w for s in block.lines for w in s.words if not w.sup):
        name = re.split(r"[-,]", re.sub(r"^[A-Z]{6}\+", "", word.font))[0]
        letters[re.sub(r"(PS)?MT$|PS$", "", name)] += len(word.text)
    return letters.most_common(1)[0][0] if letters else ""


def _same_type(block: Block, reference: Block) -> bool:
    """Set in the same size, family and slant (and not in bold where the reference is not)."""
    return (abs(block.size - reference.size) <= SIZE_TOLERANCE * reference.size
            and _italic(block) == _italic(reference) and not (block.bold and not reference.bold)
            and _family(block) == _family(reference))


def _ends_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in SENTENCE_END + ":"


def _abstract_heading(block: Block, reference: Block) -> bool:
    """A section heading of a structured abstract (``Objectives``) in the abstract's size."""
    text = block.text.strip()
    return (block.bold and not reference.bold and len(block.lines) <= 2
            and len(text.split()) <= ABSTRACT_HEADING_WORDS
            and abs(block.size - reference.size) <= SIZE_TOLERANCE * reference.size
            and not text[:1].isdigit() and not text.endswith((",", ";")))


def _translated_title(block: Block, following: Block) -> bool:
    """A title printed between an abstract's label and its text, in another face or size; its
    length is counted in lines of the text's measure (a title in a narrow side column beside the
    abstract takes more, shorter lines)."""
    text = block.text.strip()
    other_face = (block.bold != following.bold or _italic(block) != _italic(following)
                  or abs(block.size - following.size) > SIZE_TOLERANCE * following.size)
    measure = max(following.x1 - following.x0, block.x1 - block.x0)
    length = sum(s.x1 - s.x0 for s in block.lines) / measure
    return (length <= TITLE_MAX_LINES and len(text.split()) >= TITLE_MIN_WORDS
            and other_face and not text.endswith((":", ",", ";"))
            and not following.text.lstrip()[:1].islower())


# ---------------------------------------------------------------------------------------------
# abstracts and keywords


def _mark_abstracts_and_keywords(blocks: list[Block], languages: Sequence[str], labels: Labels,
                                 ) -> None:
    index, last_lang = 0, None
    while index < len(blocks):
        found = _label(blocks[index], labels)
        if found is None:
            index += 1
        elif found[0] == "abstract":
            index, last_lang = _take_abstract(blocks, index, labels)
        else:
            index = _take_keywords(blocks, index, found[1], languages, labels, last_lang)


def _passed(block: Block, reference: Block | None) -> bool:
    """An abstract runs past this block: a running head, a caption, a table, or a footnote in
    other type than the abstract's (small type of the abstract's own is the abstract)."""
    if block.role == "footnote":  # before its first text, an abstract takes any type
        return reference is not None and not _same_type(block, reference)
    return block.role in PASSED_ROLES


def _next_text(blocks: list[Block], index: int, reference: Block | None = None) -> int | None:
    """The next block from ``index`` an abstract could go on with (not one it runs past)."""
    for i in range(index, len(blocks)):
        if not _passed(blocks[i], reference):
            return i if blocks[i].role in ("body", "footnote") else None
    return None


def _take_abstract(blocks: list[Block], start: int, labels: Labels) -> tuple[int, str]:
    """Mark the abstract whose label opens ``blocks[start]``; the index after it and its language."""
    label_block = blocks[start]
    members = [label_block]
    title = None
    index = start + 1
    reference = label_block
    if not strip_label(label_block.text, _label(label_block, labels)[1]):
        first = _next_text(blocks, index)
        second = _next_text(blocks, first + 1) if first is not None else None
        if second is not None and _label(blocks[first], labels) is None and \
                _translated_title(blocks[first], blocks[second]):
            title, index = blocks[first], first + 1
        start_text = _next_text(blocks, index)
        if start_text is not None:
            reference = blocks[start_text]
    structured = False
    first_text = _next_text(blocks, index, reference)
    if first_text is not None and _abstract_heading(blocks[first_text], reference):
        structured = True
        following = _next_text(blocks, first_text + 1)
        reference = blocks[following] if following is not None else reference
    while index < len(blocks):
        block = blocks[index]
        if _label(block, labels):
            break
        if _passed(block, reference):
            index += 1
            continue
        if block.role not in ("body", "footnote"):
            break
        if _same_type(block, reference) or _right_under(block, members[-1]) or (
                structured and _abstract_heading(block, reference)):
            if _other_language(block, members):
                break
            members.append(block)
            index += 1
            continue
        resumed = _resumes(blocks, index, members[-1], reference, structured, labels)
        if resumed is None:
            break
        index = resumed
    lang = _language(members)
    for block in members:
        block.role, block.lang = "abstract", lang
    if title is not None:
        title.role, title.lang = "title", lang
    return index, lang


def _right_under(block: Block, last: Block) -> bool:
    """The block's lines go straight on under ``last``, mid-sentence, in the same column without
    a gap: a line set apart only by its face (a name in italics) is still the same paragraph."""
    return (block.page == last.page and block.column == last.column and not block.bold
            and not _ends_sentence(last.text)
            and 0 <= block.top - last.bottom < KEYWORD_LINE_GAP * last.size)


def _other_language(block: Block, members: list[Block]) -> bool:
    texts = [m for m in members if m.lang_prob >= SURE_LANGUAGE and trustworthy(m.text)]
    sure = block.lang_prob >= SURE_LANGUAGE and trustworthy(block.text)
    return sure and bool(texts) and block.lang != _language(texts)


def _resumes(blocks: list[Block], index: int, last: Block, reference: Block, structured: bool,
             labels: Labels) -> int | None:
    """Where an abstract goes on past the block at ``index`` (in another type): the next block of
    its type (or, in a structured abstract, its next heading) within ``LOOKAHEAD`` blocks, when its
    text stops mid-sentence, when that block stands beside it in another column, or when only
    short lines (running heads) open the next page before it; None when the abstract ends."""
    block = blocks[index]
    beside = block.page == last.page and block.column != last.column
    next_page = block.page != last.page
    if _ends_sentence(last.text) and not (beside or next_page):
        return None
    for i in range(index, min(len(blocks), index + 1 + LOOKAHEAD)):
        candidate = blocks[i]
        if i > index and (_label(candidate, labels) or candidate.role == "heading"):
            return None
        if candidate.role in ("body", "footnote") and (_same_type(candidate, reference) or (
                structured and _abstract_heading(candidate, reference))):
            return i if i > index else None
        if _ends_sentence(last.text) and not beside and len(candidate.lines) > 2:
            return None
    return None


def _language(members: Sequence[Block]) -> str:
    """The language most of the blocks' letters are in."""
    letters: Counter = Counter()
    for block in members:
        letters[block.lang] += sum(ch.isalpha() for ch in block.text) * (0.5 + block.lang_prob)
    return letters.most_common(1)[0][0]


def _take_keywords(blocks: list[Block], start: int, label: tuple[str, str], languages: Sequence[str],
                   labels: Labels, last_lang: str | None) -> int:
    """Mark the keywords whose label opens ``blocks[start]`` and the lines right under it."""
    block = blocks[start]
    named = labels.label_languages(label[1]) & set(languages)
    lang = named.pop() if len(named) == 1 else (last_lang or block.lang)
    block.role, block.lang = "keywords", lang
    previous, index = block, start + 1
    label_only = not strip_label(block.text, label)
    while index < len(blocks):
        nxt = blocks[index]
        if nxt.role in ("header", "footer"):
            index += 1
            continue
        close = nxt.page == previous.page and nxt.column == previous.column and \
            0 <= nxt.top - previous.bottom < KEYWORD_LINE_GAP * previous.size
        typed = label_only or _same_type(nxt, previous)
        stops = nxt.indented or _label(nxt, labels) is not None or _run_in_label(nxt)
        if nxt.role not in ("body", "footnote") or not close or not typed or stops:
            break
        nxt.role, nxt.lang = "keywords", lang
        previous, index, label_only = nxt, index + 1, False
    return index


def _run_in_label(block: Block) -> bool:
    """The block opens with a label of its own (``JEL:``): bold words ending in a colon."""
    words = [w for w in block.lines[0].words if not w.sup]
    head = []
    for word in words[:4]:
        if not is_bold(word):
            break
        head.append(word.text)
        if word.text.endswith(":") or (len(words) > len(head) and words[len(head)].text == ":"):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# titles and front matter


def _mark_titles(blocks: list[Block], languages: Sequence[str], size: float) -> None:
    """The title: the largest type on the first page above its first abstract (or, where nothing
    is larger than the text, its first bold block); a title in two languages is split where each
    part reads as one of them. A bold block right before an abstract titles that language."""
    if not blocks:
        return
    first_page = min(b.page for b in blocks)
    front = next((i for i, b in enumerate(blocks) if b.page == first_page
                  and b.role in ("abstract", "keywords")), len(blocks))
    page = [b for b in blocks[:front] if b.page == first_page and b.role == "body"]
    candidates = [b for b in page if b.size >= TITLE_SIZE_RATIO * size]
    largest = max((b.size for b in candidates), default=0.0)
    chosen = [b for b in candidates if b.size >= largest - 0.5]
    if not chosen:
        chosen = [b for b in page if b.bold and len(b.text.split()) >= TITLE_MIN_WORDS][:1]
    for block in chosen:
        block.role = "title"
    _title_languages(chosen, languages)
    _mark_title_under(blocks, chosen, languages, size)
    titled = {b.lang for b in blocks if b.role == "title"}
    for index, block in enumerate(blocks):
        if block.role != "abstract" or block.lang in titled:
            continue
        before = [b for b in blocks[max(0, index - 2):index] if b.role in ("body", "heading")]
        if before and before[-1].bold and before[-1].column == block.column:
            before[-1].role = "title"
            before[-1].lang = block.lang
            titled.add(block.lang)


def _mark_title_under(blocks: list[Block], title: list[Block], languages: Sequence[str],
                      size: float) -> None:
    """The block right under the title, in large type too but in the other language, is the
    title in that language (``Sisprenatal como instrumento ...`` / ``SISPRENATAL as a tool ...``)."""
    if not title:
        return
    after = blocks.index(title[-1]) + 1
    if after >= len(blocks):
        return
    block = blocks[after]
    found = best_language(block.text, languages)
    titled = {b.lang for b in title}
    if (block.role == "body" and block.page == title[-1].page and found and found[0] not in titled
            and block.size >= TITLE_SIZE_RATIO * size and len(block.text.split()) >= TITLE_MIN_WORDS
            and not _names(block.text)):
        block.role, block.lang = "title", found[0]


def _names(text: str) -> bool:
    """A list of names (authors): in mixed case, hardly a word in lower case (a title, even in
    title case, has its articles and prepositions in lower case)."""
    words = [w for w in text.split() if w[:1].isalpha()]
    if not words or text.upper() == text:
        return False
    return sum(w[:1].islower() for w in words) < NAMES_LOWERCASE_SHARE * len(words)


def _title_languages(title: list[Block], languages: Sequence[str]) -> None:
    """Each part of a title set in several blocks takes the language it reads in, so a title
    printed in two languages is two titles; a part of fewer than ``TITLE_MIN_WORDS`` words
    (a line's end, a kicker) goes with the part it stands next to."""
    parts: list[list[Block]] = []
    for block in title:
        if parts and len(" ".join(b.text for b in parts[-1]).split()) < TITLE_MIN_WORDS:
            parts[-1].append(block)
        elif parts and len(block.text.split()) < TITLE_MIN_WORDS:
            parts[-1].append(block)
        else:
            parts.append([block])
    if len(parts) < 2:
        return
    for part in parts:
        found = best_language(" ".join(b.text for b in part), languages)
        for block in part:
            block.lang = found[0] if found else block.lang


def _mark_front_and_back_matter(blocks: list[Block], labels: Labels) -> None:
    """Body text starts after the front matter (authors, affiliations) and ends at the references."""
    front, running = None, 0
    for index, block in enumerate(blocks):
        if block.role in ("title", "abstract", "keywords"):
            if front is not None and running > FRONT_GAP:
                break
            front, running = index, 0
        elif block.role in ("body", "heading"):
            running += 1
    if front is not None:
        for block in blocks[:front]:
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
    full_end: bool = False


def strip_label(text: str, label: tuple[str, str] | None) -> str:
    return text[len(label[1]):].strip() if label else text.strip()


def _without_label(text: str, labels: Labels) -> str:
    return strip_label(text, labels.abstract_label(text) or labels.keywords_label(text))


def abstract_paragraphs(blocks: Sequence[TextBlock], lang: str, labels: Labels,
                        vocabulary: Vocabulary | None = None) -> list[str]:
    """The abstract of ``lang``, one paragraph per line: labels stripped, a paragraph cut by a
    column or page break rejoined, keywords run in at its end cut off."""
    paragraphs: list[str] = []
    previous: TextBlock | None = None
    for block in blocks:
        if block.role != "abstract" or block.lang != lang:
            continue
        runs_over = previous is not None and _runs_over(previous, block)
        previous = block
        text = _without_label(block.text, labels)
        run_in = labels.keywords_run_in(text)
        text = text[:run_in].strip() if run_in is not None else text
        if not text:
            continue
        cut = paragraphs and (runs_over or not _ends_sentence(paragraphs[-1]))
        if cut and not _short_heading(paragraphs[-1]):
            paragraphs[-1] = _join(paragraphs[-1], text, vocabulary, lang)
        else:
            paragraphs.append(text)
    return paragraphs


def _runs_over(previous: TextBlock, block: TextBlock) -> bool:
    """``block`` goes on with the paragraph of ``previous`` across a page or column break: the
    last line before the break fills the measure, and ``block`` is not set in nor opened by a
    label (``Conclusions:``), even where a sentence ends right at the break."""
    broken = block.page != previous.page or block.opens_piece
    return (previous.full_end and broken and not block.indented
            and RUN_IN_LABEL.match(block.text) is None and not _short_heading(block.text))


def _short_heading(text: str) -> bool:
    """A section heading of a structured abstract on a line of its own (``Objectives``)."""
    return len(text.split()) <= ABSTRACT_HEADING_WORDS and text[:1].isupper()


def keywords(blocks: Sequence[TextBlock], lang: str, labels: Labels) -> list[str]:
    """Keywords of ``lang``: the first keyword list of that language, with the lines that go on
    under its label, or keywords run into the end of its abstract."""
    found: str | None = None
    for block in blocks:
        if block.lang != lang:
            if found is not None:
                break
            continue
        if block.role == "keywords":
            label = labels.keywords_label(block.text)
            if found is not None and label:
                break
            found = f"{found} {block.text}" if found is not None else block.text
        elif found is not None:
            break
        elif block.role == "abstract" and labels.keywords_run_in(block.text) is not None:
            found = block.text[labels.keywords_run_in(block.text):]
            break
    if found is None:
        return []
    return split_keywords(strip_label(found, labels.keywords_label(found)))


def split_keywords(text: str) -> list[str]:
    """Split on ``;`` if used, else on dashes between words (``numérique – mort``), else on
    sentence stops (``Custos. Assistência, economia.``), else ``,``."""
    text = text.strip().rstrip(".").strip()
    if ";" in text:
        parts = text.split(";")
    elif re.search(r"\s[–—]\s", text):
        parts = re.split(r"\s[–—]\s", text)
    elif re.search(r"\.\s+\S", text):
        parts = re.split(r"\.\s+", text)
    else:
        parts = text.split(",")
    return [" ".join(p.replace(" ,", ",").split()).rstrip(".") for p in parts if p.strip()]


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
    end = previous.rstrip()[-1:]
    # a colon ends a paragraph before a capital (a formula, a quotation), not before the rest of
    # a bracket or an interval cut by a break (``(HR: 0,72; 95% CI:`` | ``0,41-0,93)``)
    first = block.text.lstrip()[:1]
    goes_on = first.isdigit() or first.islower()
    ends_paragraph = end in ".!?" or (end == ":" and not goes_on)
    return not ends_paragraph or (block.opens_piece and not block.indented)


def _join(previous: str, following: str, vocabulary: Vocabulary | None, lang: str) -> str:
    previous = previous.rstrip()
    if previous.endswith("/"):
        return previous + following
    match = re.search(r"(\S*[^\W_])-$", previous)
    if match:
        tail = following.split(" ", 1)[0]
        if vocabulary is not None and not keeps_hyphen(match.group(1), tail, vocabulary, lang):
            return previous[:-1] + following
        return previous + following
    return f"{previous} {following}"


def title(blocks: Sequence[TextBlock], lang: str) -> str:
    """The title of ``lang`` on one line, without a closing full stop."""
    text = " ".join(b.text.strip() for b in blocks if b.role == "title" and b.lang == lang)
    text = NOTE_MARKS.sub("", text)
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def markdown(blocks: Sequence[TextBlock], lang: str, labels: Labels, vocabulary: Vocabulary) -> str:
    """``text.<lang>.md``: title, abstract, keywords, then headings and paragraphs, one per line."""
    lines: list[str] = []
    mine = [b for b in blocks if b.lang == lang and b.role in TEXT_ROLES]
    heading = title(mine, lang)
    if heading:
        lines.append("# " + heading)
    lines += abstract_paragraphs(mine, lang, labels, vocabulary)
    words = keywords(blocks, lang, labels)
    if words:
        lines.append("; ".join(words))
    running = [b for b in mine if b.role in ("heading", "body")]
    for role, text in paragraphs(running, vocabulary, lang):
        lines.append(f"## {text}" if role == "heading" else text)
    return "\n".join(lines) + "\n"
