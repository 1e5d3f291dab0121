"""The pages a person reads: one self-contained ``report.html`` per paper and ``index.html``.

A report reads whatever of the paper's SPEC files exist (a section whose input is missing says
so, it is never filled in) and renders, in the order a reviewer needs them: a header with the
counts, the checks with failures on top (each linking to the sentence it is about), the two
abstracts as aligned pairs with their numbers highlighted by claim kind, the table as extracted,
the claims as a sortable, filterable table, and the pictures of page 1 and of the table's pages
that ``extract.pictures`` drew, with the cells of failed checks laid over them.

Every string that comes from the PDF is untrusted: it is escaped once, where it enters the HTML
(``_text``), and the little JavaScript only moves and hides server-rendered rows. The output is
byte-stable: no timestamps, rows in file order, pictures rendered deterministically.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from extract.pictures import CELL_COLOUR, COLUMN_COLOUR, ROLE_COLOURS, PagePicture, load_pictures
from extract.records import Record, read_records
from extract.summary import benchmark_seconds
from extract.tables import Table, load_table

# Worst first: the order checks are listed in and how a claim's status is summed up.
STATUS_ORDER = ("fail", "warn", "missing", "pass")
# Checks of these statuses are listed open; the others are folded under a summary line.
OPEN_STATUSES = ("fail", "warn")
# An alignment pair scored below this is shown as doubtful.
WEAK_SCORE = 0.5
FAILED_CELL_COLOUR = (255, 214, 0)


def _text(value: object) -> str:
    """Untrusted text as HTML text or attribute value: markup escaped, and the characters that
    would change how the page reads shown as their code (control characters, and the bidi
    embeddings, overrides and isolates that can show text in another order than it has)."""
    text = html.escape("" if value is None else str(value), quote=True)
    return _INVISIBLE.sub(lambda found: f"[U+{ord(found.group()):04X}]", text)


_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _css_name(value: str) -> str:
    """A data value (a claim kind, a status) as a safe CSS class suffix."""
    return re.sub(r"[^a-z0-9_-]", "", value.lower()) or "none"


def _read_csv(path: Path) -> list[Record] | None:
    """Every row as text (empty string for empty), None when the file is not there."""
    return read_records(path) if path.is_file() else None


def _read_grid(path: Path) -> list[list[str]] | None:
    """A table.csv as its printed rows (the header row first), None when it is not there."""
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def references(cell: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The claims and table cells a checks.csv ``claims`` cell names, joined by ``;``: claim
    numbers, ``[row label | column header]`` for a data cell and ``[column header]`` for a
    header cell, which is ``("", header)`` here (``69;[Len (%) | TRIAL47]``)."""
    claims, cells = [], []
    for ref in re.findall(r"\[[^\]]*\](?=;|$)|[^;]+", cell or ""):
        ref = ref.strip()
        if ref.isdigit():
            claims.append(ref)
        elif ref.startswith("[") and ref.endswith("]"):
            row, _, column = ref[1:-1].rpartition(" | ")
            cells.append((row, column))
    return claims, cells


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A count as a person writes it: ``1 paper``, ``2 papers``, ``0 papers``."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _number(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@dataclass
class Inputs:
    """What exists of one paper's results; None for a file not built."""

    paper: str
    languages: list[str]
    table_label: str | None
    blocks: list[Record] | None
    sentences: list[Record] | None
    alignment: list[Record] | None
    grid: list[list[str]] | None  # table.csv as printed, header row first
    claims: list[Record] | None
    checks: list[Record] | None
    table: Table | None
    table_message: str | None  # why there is no table; None when table.json is not built
    pictures: list[PagePicture] | None
    pages: int | None
    seconds: str | None
    evidence: list[Record] | None = None  # evidence.csv


def read_inputs(paper: str, paper_dir: Path, languages: list[str], table_label: str | None,
                benchmarks: Path | None = None) -> Inputs:
    table, message = (None, None)
    if (paper_dir / "table.json").is_file():
        table, message = load_table(paper_dir / "table.json")
    blocks = _read_csv(paper_dir / "blocks.csv")
    return Inputs(
        paper=paper,
        languages=list(languages),
        table_label=table_label,
        blocks=blocks,
        sentences=_read_csv(paper_dir / "sentences.csv"),
        alignment=_read_csv(paper_dir / "alignment.csv"),
        grid=_read_grid(paper_dir / "table.csv"),
        claims=_read_csv(paper_dir / "claims.csv"),
        checks=_read_csv(paper_dir / "checks.csv"),
        table=table,
        table_message=message,
        pictures=load_pictures(paper_dir / "pictures.json") if (paper_dir / "pictures.json").is_file()
        else None,
        pages=_page_count(paper_dir / "layout.json", blocks),
        seconds=benchmark_seconds(benchmarks),
        evidence=_read_csv(paper_dir / "evidence.csv"),
    )


def _page_count(layout: Path, blocks: list[Record] | None) -> int | None:
    if layout.is_file():
        return len(json.loads(layout.read_text(encoding="utf-8"))["pages"])
    if blocks:
        return max(int(block["page"]) for block in blocks)
    return None


# ---------------------------------------------------------------------------------------------
# what the checks say about claims, pairs and cells


@dataclass
class Verdicts:
    """Checks sorted worst first, and what each one is about."""

    checks: list[dict[str, str]] = field(default_factory=list)
    claim_status: dict[str, str] = field(default_factory=dict)  # claim → worst status
    claim_check: dict[str, int] = field(default_factory=dict)  # claim → its worst check
    pair_problems: dict[int, list[int]] = field(default_factory=dict)  # pair → failing checks
    failed_cells: dict[tuple[str, str], list[int]] = field(default_factory=dict)


def _rank(status: str) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def _pair_of_sentence(alignment: list[Record] | None, sentence: str) -> int | None:
    """The alignment pair whose text holds ``sentence`` (in either language), or whose texts
    the ``sentence`` quotes (a cross-language check quotes both sides)."""
    if alignment is None or not sentence:
        return None
    for row in alignment:
        sides = [text for text in (row["src_text"], row["tgt_text"]) if text]
        if any(sentence in text for text in sides) or (sides and all(t in sentence for t in sides)):
            return int(row["pair"])
    return None


def judge(inputs: Inputs, placed: dict[str, int]) -> Verdicts:
    """Sort the checks worst first and tie each to the claims, pair and table cell it names.

    ``placed`` maps an abstract claim to the pair it was highlighted in. A check names its pair
    by a ``pair`` column when checks.csv has one, else through its claims, else through its
    ``sentence`` column; the table cells it is about are among its claims.
    """
    verdicts = Verdicts()
    if not inputs.checks:
        return verdicts
    records = [dict(check) for check in inputs.checks]
    records.sort(key=lambda check: _rank(check.get("status", "")))  # stable: file order kept
    claim_sentence = {claim["claim"]: claim["sentence"] for claim in inputs.claims or []}
    for number, check in enumerate(records):
        status = check.get("status", "")
        named, cells = references(check.get("claims", ""))
        claims = [claim for claim in named if claim in claim_sentence]
        for claim in claims:
            if _rank(status) < _rank(verdicts.claim_status.get(claim, "")):
                verdicts.claim_status[claim] = status
                verdicts.claim_check[claim] = number
        pair = _pair_of(check, claims, placed, claim_sentence, inputs.alignment)
        check["_claims"], check["_cells"] = claims, cells
        check["_pair"] = "" if pair is None else str(pair)
        if status != "pass" and pair is not None and check.get("kind") == "cross_language":
            verdicts.pair_problems.setdefault(pair, []).append(number)
        for cell in cells if status != "pass" else []:
            verdicts.failed_cells.setdefault(cell, []).append(number)
        verdicts.checks.append(check)
    return verdicts


def _pair_of(check: dict[str, str], claims: list[str], placed: dict[str, int],
             claim_sentence: dict[str, str], alignment: list[Record] | None) -> int | None:
    if str(check.get("pair", "")).isdigit():
        return int(check["pair"])
    for claim in claims:
        if claim in placed:
            return placed[claim]
    for claim in claims:
        pair = _pair_of_sentence(alignment, claim_sentence[claim])
        if pair is not None:
            return pair
    return _pair_of_sentence(alignment, check.get("sentence", ""))


# ---------------------------------------------------------------------------------------------
# abstracts: claim spans placed in the aligned texts


@dataclass
class Highlight:
    start: int
    end: int
    claim: dict[str, str]


def place_claims(text: str, claims: Iterable[dict[str, str]]) -> list[Highlight]:
    """Where each claim's span stands in ``text`` (a pair's side), by its sentence; a span said
    twice in one sentence takes its next free occurrence. Overlapping spans keep the first."""
    found: list[Highlight] = []
    taken: set[int] = set()
    for claim in claims:
        sentence, span = claim.get("sentence", ""), claim.get("span", "")
        if not span:
            continue
        # `shift` takes a position in the sentence to one in the text; the sentence may hold
        # the text (the claims stage split a sentence the abstract stage did not) or be in it.
        if sentence and sentence in text:
            shift = text.find(sentence)
        elif sentence and text and text in sentence:
            shift = -sentence.find(text)
        else:
            continue
        at = sentence.find(span, max(0, -shift))
        while at >= 0 and shift + at in taken:
            at = sentence.find(span, at + 1)
        start = shift + at
        if at < 0 or start + len(span) > len(text):
            continue
        taken.add(start)
        found.append(Highlight(start, start + len(span), claim))
    found.sort(key=lambda h: (h.start, -h.end))
    kept: list[Highlight] = []
    for highlight in found:
        if not kept or highlight.start >= kept[-1].end:
            kept.append(highlight)
    return kept


def _marked(text: str, highlights: list[Highlight], verdicts: Verdicts) -> str:
    out, cursor = [], 0
    for h in highlights:
        claim = h.claim
        unit = f" {claim.get('unit', '')}" if claim.get("unit") else ""
        status = verdicts.claim_status.get(claim["claim"], "")
        tip = f"{claim.get('kind', '')}: {claim.get('comparator', '')}{claim.get('value', '')}{unit}"
        out.append(_text(text[cursor:h.start]))
        out.append(
            f'<mark id="span-{_text(claim["claim"])}" class="k-{_css_name(claim.get("kind", ""))}'
            f'{" s-" + _css_name(status) if status else ""}" title="{_text(tip)}">'
            f"{_text(text[h.start:h.end])}</mark>"
        )
        cursor = h.end
    out.append(_text(text[cursor:]))
    return "".join(out)


def _abstract_claims(claims: list[Record] | None, lang: str) -> list[Record]:
    return [claim for claim in claims or [] if claim["lang"] == lang and claim["section"] == "abstract"]


def place_abstract_claims(inputs: Inputs) -> dict[int, tuple[list[Highlight], list[Highlight]]]:
    """Per alignment pair, the highlighted claims of its source and target side."""
    if inputs.alignment is None or len(inputs.languages) < 2:
        return {}
    src_lang, tgt_lang = inputs.languages[:2]
    pending = {lang: _abstract_claims(inputs.claims, lang) for lang in (src_lang, tgt_lang)}
    placed: dict[int, tuple[list[Highlight], list[Highlight]]] = {}
    for row in inputs.alignment:
        sides = []
        for lang, text in ((src_lang, row["src_text"]), (tgt_lang, row["tgt_text"])):
            highlights = place_claims(text, pending[lang])
            used = {id(h.claim) for h in highlights}
            pending[lang] = [claim for claim in pending[lang] if id(claim) not in used]
            sides.append(highlights)
        placed[int(row["pair"])] = (sides[0], sides[1])
    return placed


# ---------------------------------------------------------------------------------------------
# sections


def _missing(what: str) -> str:
    return f'<p class="missing">{_text(what)}</p>'


def _status_badge(status: str) -> str:
    return f'<span class="badge s-{_css_name(status)}">{_text(status or "unchecked")}</span>'


def _header(inputs: Inputs) -> str:
    titles = [block for block in inputs.blocks or [] if block["role"] == "title"]
    main = [block for block in titles if inputs.languages and block["lang"] == inputs.languages[0]]
    title = " ".join(block["text"] for block in main or titles)
    facts = [("pages", inputs.pages), ("languages", ", ".join(inputs.languages))]
    counts = {
        "blocks": inputs.blocks,
        "alignment pairs": inputs.alignment,
        "claims": inputs.claims,
        "checks": inputs.checks,
    }
    for name, records in counts.items():
        facts.append((name, None if records is None else len(records)))
    if inputs.sentences is not None:
        for lang in inputs.languages:
            facts.append((f"sentences ({lang})", sum(s["lang"] == lang for s in inputs.sentences)))
    if inputs.grid:
        rows, columns = len(inputs.grid), max(len(row) for row in inputs.grid)
        facts.append(("table cells", f"{max(rows - 1, 0) * max(columns - 1, 0)} "
                                     f"({rows - 1} rows × {columns - 1} columns)"))
    if inputs.checks:
        for status in STATUS_ORDER:
            facts.append((f"checks {status}", sum(c["status"] == status for c in inputs.checks)))
    if inputs.seconds:
        facts.append(("time taken (s)", inputs.seconds))
    items = "".join(
        f"<div><dt>{_text(name)}</dt><dd>{'not built yet' if value is None else _text(value)}</dd></div>"
        for name, value in facts
    )
    return (
        f'<header id="top"><h1>{_text(inputs.paper)}</h1>'
        f'<p class="title">{_text(title)}</p><dl class="facts">{items}</dl></header>'
    )


def _checks_section(inputs: Inputs, verdicts: Verdicts) -> str:
    body = ""
    if inputs.checks is None:
        body = _missing("checks.csv is not built yet: no check has been run.")
    elif not verdicts.checks:
        body = _missing("No check was run on this paper.")
    else:
        claim_page = {claim["claim"]: claim["page"] for claim in inputs.claims or []}
        positions = cell_positions(inputs.grid or [])
        pictured = _pictured_cells(inputs)
        groups: dict[str, list[str]] = {}
        for number, check in enumerate(verdicts.checks):
            links = []
            if check["_pair"]:
                links.append(f'<a href="#pair-{check["_pair"]}">pair {check["_pair"]}</a>')
            for claim in check["_claims"]:
                links.append(f'<a href="#claim-{claim}">claim {claim} (p. '
                             f'{_text(claim_page.get(claim, "?"))})</a>')
            for cell in check["_cells"]:
                anchor = "cell-{}-{}".format(*positions[cell]) if cell in positions else "table"
                links.append(f'<a href="#{anchor}">cell {_text(" | ".join(cell))}</a>')
                if cell in pictured and cell in verdicts.failed_cells:  # laid over the picture
                    links.append(f'<a href="#picture-cell-{"{}-{}".format(*pictured[cell])}">'
                                 f"on the picture of page {inputs.table.page}</a>")
            status = check.get("status", "")
            groups.setdefault(status, []).append(
                f'<tr id="check-{number}" class="row-{_css_name(status)}">'
                f"<td>{_status_badge(status)}</td><td>{_text(check.get('kind', ''))}</td>"
                f"<td>{_text(check.get('check', ''))}</td><td>{_text(check.get('message', ''))}</td>"
                f"<td>{_text(check.get('expected', ''))}</td>"
                f"<td>{_text(check.get('observed', ''))}</td>"
                f"<td>{' '.join(links) or '—'}</td></tr>"
            )
        head = ('<table class="grid checks"><thead><tr><th>status</th><th>kind</th><th>check</th>'
                "<th>message</th><th>expected</th><th>observed</th><th>about</th></tr></thead>")
        counts = " · ".join(f"{len(rows)} {status or '(no status)'}" for status, rows in groups.items())
        body = f'<p class="legend">{_text(counts)}</p>'
        for status, rows in groups.items():
            table = f"{head}<tbody>{''.join(rows)}</tbody></table>"
            if status in OPEN_STATUSES:
                body += table
            else:  # folded, so the failures stay on the first screen
                body += (f"<details><summary>{len(rows)} {_text(status or '(no status)')}"
                         f"</summary>{table}</details>")
    return f'<section id="checks"><h2>Checks</h2>{body}</section>'


def _legend(kinds: Iterable[str]) -> str:
    return "".join(f'<mark class="k-{_css_name(kind)}">{_text(kind)}</mark> ' for kind in kinds)


def _abstracts_section(inputs: Inputs, placed: dict[int, tuple[list[Highlight], list[Highlight]]],
                       verdicts: Verdicts) -> str:
    heading = '<section id="abstracts"><h2>Abstracts, sentence by sentence</h2>'
    if len(inputs.languages) < 2:
        return heading + _missing("Only one language is configured: nothing to align.") + "</section>"
    if inputs.alignment is None:
        return heading + _missing("alignment.csv is not built yet.") + "</section>"
    src_lang, tgt_lang = inputs.languages[:2]
    notes = []
    if inputs.claims is None:
        notes.append(_missing("claims.csv is not built yet: numbers are not highlighted."))
    if inputs.checks is None:
        notes.append(_missing("checks.csv is not built yet: pairs are marked by score only."))
    kinds = sorted({h.claim.get("kind", "") for sides in placed.values() for side in sides
                    for h in side})
    rows = []
    for row in inputs.alignment:
        pair = int(row["pair"])
        src_text, tgt_text = row["src_text"], row["tgt_text"]
        src, tgt = placed.get(pair, ([], []))
        score = _number(row["score"])
        flags = [f'<a class="flag" href="#check-{number}">numbers differ</a>'
                 for number in verdicts.pair_problems.get(pair, [])]
        if score is not None and score < WEAK_SCORE:
            flags.append(f'<span class="flag">weak score {_text(row["score"])}</span>')
        if not src_text or not tgt_text:
            flags.append('<span class="flag gap">no counterpart</span>')
        cells = [_marked(src_text, src, verdicts) if src_text else '<em>gap</em>',
                 _marked(tgt_text, tgt, verdicts) if tgt_text else '<em>gap</em>']
        rows.append(
            f'<tr id="pair-{pair}" class="{"flagged" if flags else ""}">'
            f'<td class="num">{pair}<br><small>{_text(row["type"])}<br>{_text(row["score"])}</small></td>'
            f'<td lang="{_text(src_lang)}">{cells[0]}</td><td lang="{_text(tgt_lang)}">{cells[1]}</td>'
            f"<td>{' '.join(flags)}</td></tr>"
        )
    placed_count = sum(len(side) for sides in placed.values() for side in sides)
    stated = sum(len(_abstract_claims(inputs.claims, lang)) for lang in (src_lang, tgt_lang))
    lost = (f" {counted(stated - placed_count, 'abstract claim')} could not be placed in the aligned "
            "text." if stated > placed_count else "")
    return (
        f"{heading}{''.join(notes)}<p class=\"legend\">Numbers by claim kind: {_legend(kinds)}"
        f"— pairs whose numbers disagree (a cross-language check that did not pass), whose "
        f"alignment score is below {WEAK_SCORE} or whose sentence has no counterpart are marked."
        f"{_text(lost)}</p>"
        f'<table class="grid pairs"><thead><tr><th>pair</th><th>{_text(src_lang)}</th>'
        f"<th>{_text(tgt_lang)}</th><th>marked</th></tr></thead><tbody>{''.join(rows)}</tbody>"
        "</table></section>"
    )


def _table_section(inputs: Inputs, verdicts: Verdicts) -> str:
    heading = '<section id="table"><h2>Table</h2>'
    if not inputs.table_label and inputs.grid is None and inputs.table is None:
        return heading + _missing("No table is configured for this paper.") + "</section>"
    if inputs.grid is None:
        if inputs.table_message is not None:
            why = inputs.table_message or "no table found"
            return heading + _missing(f"{why[:1].upper()}{why[1:]}.") + "</section>"
        return heading + _missing("table.csv is not built yet.") + "</section>"
    grid = inputs.grid
    caption = inputs.table.caption if inputs.table else inputs.table_label or ""
    header = grid[0] if grid else []
    rows = []
    for r, row in enumerate(grid):
        cells = []
        for c, value in enumerate(row):
            if c == 0:
                cells.append(f"<th>{_text(value)}</th>")
                continue
            failing = verdicts.failed_cells.get((row[0] if r else "", header[c]), [])
            link = "".join(f' <a href="#check-{n}">✗</a>' for n in failing)
            css = ' class="failed"' if failing else ""
            tag = "td" if r else "th"
            cells.append(f'<{tag} id="cell-{r}-{c}"{css}>{_text(value)}{link}</{tag}>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    footnote = f'<p class="footnote">{_text(inputs.table.footnote)}</p>' if inputs.table else ""
    note = "" if inputs.checks is not None else _missing(
        "checks.csv is not built yet: no cell is checked.")
    return (f'{heading}{note}<table class="grid extracted"><caption>{_text(caption)}</caption>'
            f"{''.join(rows)}</table>{footnote}</section>")


# Column and its share of the table's width (fixed, so long sentences wrap instead of widening).
CLAIM_FIELDS = {"claim": 4, "kind": 9, "lang": 4, "section": 6, "page": 4, "span": 11, "value": 10,
                "endpoint": 6, "context": 11, "status": 8, "sentence": 27}
FILTERED = ("kind", "lang", "section", "endpoint", "status")


def _claims_section(inputs: Inputs, verdicts: Verdicts) -> str:
    heading = '<section id="claims"><h2>Claims</h2>'
    if inputs.claims is None:
        return heading + _missing("claims.csv is not built yet.") + "</section>"
    if not inputs.claims:
        return heading + _missing("No numeric claim was found in the text.") + "</section>"
    records = [dict(claim) for claim in inputs.claims]
    for claim in records:
        claim["status"] = verdicts.claim_status.get(claim["claim"], "")
        low, high = claim.get("low", ""), claim.get("high", "")
        shown = f"{claim.get('comparator', '') if claim.get('comparator') != '=' else ''}"
        shown += claim.get("value", "") + (f" ({low}–{high})" if low or high else "")
        claim["value_shown"] = shown + (f" {claim['unit']}" if claim.get("unit") else "")
    filters = []
    for name in FILTERED:
        values = sorted({claim.get(name, "") for claim in records})
        options = "".join(f'<option value="{_text(v)}">{_text(v or "(none)")}</option>' for v in values)
        filters.append(f'<label>{name} <select data-filter="{name}"><option value="*">all</option>'
                       f"{options}</select></label>")
    filters.append('<label>text <input type="search" data-filter="text"></label>')
    rows = []
    for claim in records:
        attributes = "".join(f' data-{name}="{_text(claim.get(name, ""))}"' for name in FILTERED)
        number = claim["claim"]
        status = claim["status"]
        status_cell = _status_badge(status)
        if number in verdicts.claim_check:
            status_cell = f'<a href="#check-{verdicts.claim_check[number]}">{status_cell}</a>'
        span_link = (f'<a href="#span-{_text(number)}">{_text(claim.get("span", ""))}</a>'
                     if claim.get("section") == "abstract" else _text(claim.get("span", "")))
        cells = {
            "span": span_link,
            "value": _text(claim["value_shown"]),
            "status": status_cell,
            "sentence": f'<span class="sentence">{_text(claim.get("sentence", ""))}</span>',
        }
        tds = "".join(
            f'<td data-sort="{_text(claim.get(name, ""))}">'
            f"{cells.get(name, _text(claim.get(name, '')))}</td>"
            for name in CLAIM_FIELDS
        )
        rows.append(f'<tr id="claim-{_text(number)}"{attributes}>{tds}</tr>')
    head = "".join(f'<th data-column="{i}" title="sort" style="width:{width}%">{name}</th>'
                   for i, (name, width) in enumerate(CLAIM_FIELDS.items()))
    return (
        f'{heading}<div class="filters">{"".join(filters)} <span id="shown"></span></div>'
        f'<table class="grid" id="claims-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


# ---------------------------------------------------------------------------------------------
# evidence

EVIDENCE_FIELDS = ("trial", "population", "arm", "versus", "endpoint", "statistic")


def _evidence_section(inputs: Inputs) -> str:
    """evidence.csv as the table an evidence-synthesis team fills by hand: one row per trial,
    population, arm, comparator, endpoint and statistic, each linked to its claims."""
    heading = '<section id="evidence"><h2>Evidence</h2>'
    if inputs.evidence is None:
        return heading + _missing("evidence.csv is not built yet.") + "</section>"
    if not inputs.evidence:
        return heading + _missing("No claim states an endpoint's result.") + "</section>"
    keys = [tuple(row.get(name, "") for name in EVIDENCE_FIELDS) for row in inputs.evidence]
    repeated = {key for key in keys if keys.count(key) > 1}
    rows = []
    for row, key in zip(inputs.evidence, keys, strict=True):
        low, high = row.get("low", ""), row.get("high", "")
        value = row.get("value", "") + (f" ({low}–{high})" if low or high else "")
        value += f" {row['unit']}" if row.get("unit") else ""
        claims = ", ".join(f'<a href="#claim-{_text(c)}">{_text(c)}</a>'
                           for c in row.get("claims", "").split(";") if c)
        mark = (' class="repeated" title="the paper states another value for the same row"'
                if key in repeated else "")
        cells = [_text(row.get(name, "")) for name in EVIDENCE_FIELDS]
        cells += [_text(value), _text(row.get("p", "")), claims, _text(row.get("pages", "")),
                  _text(row.get("languages", ""))]
        rows.append(f"<tr{mark}>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    head = "".join(f"<th>{name}</th>" for name in (*EVIDENCE_FIELDS[:3], "versus",
                                                    *EVIDENCE_FIELDS[4:], "value", "p",
                                                    "claims", "pages", "languages"))
    note = (f"<p>{len(repeated)} row(s) in italics share their trial, population, arms, endpoint "
            "and statistic with another row of another value.</p>" if repeated else "")
    return (f"{heading}{note}<table class=\"grid\" id=\"evidence-table\"><thead><tr>{head}</tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table></section>")


# ---------------------------------------------------------------------------------------------
# pictures


def cell_positions(grid: list[list[str]]) -> dict[tuple[str, str], tuple[int, int]]:
    """(row label, column header) → (row, column) of each cell of a grid as printed; a header
    cell's row label is empty."""
    if not grid:
        return {}
    header = grid[0]
    return {(row[0] if r else "", header[c]): (r, c) for r, row in enumerate(grid)
            for c in range(1, len(row))}


def _pictured_cells(inputs: Inputs) -> dict[tuple[str, str], tuple[int, int]]:
    """(row label, column header) → (row, column) of each cell of the table as located, when a
    picture of the table's page is there to show it."""
    table = inputs.table
    if table is None or not any(picture.page == table.page for picture in inputs.pictures or []):
        return {}
    return cell_positions(table.grid())


def _failed_cell_marks(picture: PagePicture, inputs: Inputs, verdicts: Verdicts) -> str:
    """Each table cell of the picture's page with a failed check, laid over the picture as a link
    to its first failing check (``picture-cell-<row>-<column>``, which the check links back)."""
    table = inputs.table
    if table is None:
        return ""
    marks = []
    for cell, (r, c) in _pictured_cells(inputs).items():
        failing = verdicts.failed_cells.get(cell)
        box = table.cells[r][c]
        if failing and box.page == picture.page:
            left, top, width, height = picture.place(box.x0, box.top, box.x1, box.bottom)
            marks.append(f'<a id="picture-cell-{r}-{c}" class="failed-cell" href="#check-{failing[0]}" '
                         f'title="failed check" style="left:{left:.2f}%;top:{top:.2f}%;'
                         f'width:{width:.2f}%;height:{height:.2f}%"></a>')
    return "".join(marks)


def _pictures_section(inputs: Inputs, verdicts: Verdicts) -> str:
    heading = '<section id="pages"><h2>Pages as the layout stage read them</h2>'
    if inputs.pictures is None:
        return heading + _missing("pictures.json is not built yet: no page pictures.") + "</section>"
    notes = []
    if inputs.table is None:
        notes.append(_missing("table.json is not built yet: no table cell is drawn."
                              if inputs.table_message is None else "No table found: no cell is drawn."))
    if not inputs.pictures:
        notes.append(_missing("No page could be drawn (the pictures stage's log says why)."))
    figures = [
        f'<figure><div class="page"><img alt="page {picture.page}" '
        f'src="data:image/png;base64,{_text(picture.png)}">{_failed_cell_marks(picture, inputs, verdicts)}'
        f"</div><figcaption>Page {picture.page} ({_text(picture.what)})</figcaption></figure>"
        for picture in inputs.pictures
    ]
    swatches = "".join(
        f'<span class="swatch" style="border-color:rgb{colour};background:rgba{(*colour, 0.16)}">'
        f"{role}</span>" for role, colour in ROLE_COLOURS.items()
    )
    swatches += (f'<span class="swatch" style="border-color:rgb{COLUMN_COLOUR}">text column</span>'
                 f'<span class="swatch" style="border-color:rgb{CELL_COLOUR}">table cell</span>'
                 f'<span class="swatch" style="border-color:rgb{CELL_COLOUR};'
                 f'background:rgb{FAILED_CELL_COLOUR}">cell with a failed check</span>')
    return (f'{heading}{"".join(notes)}<p class="legend">{swatches}</p>'
            f'<div class="pictures">{"".join(figures)}</div></section>')


# ---------------------------------------------------------------------------------------------
# page


KIND_COLOURS = {
    "percent": "#ffe082", "duration": "#b3e5fc", "hr": "#f8bbd0", "p_value": "#d1c4e9",
    "count": "#c8e6c9", "fraction": "#dcedc8", "range": "#ffccbc", "measurement": "#b2dfdb",
    "phase": "#e0e0e0", "year": "#f0f4c3",
    # The statistics of other fields (resources/claims/patterns/), in the same light shades.
    "odds_ratio": "#f8bbd0", "risk_ratio": "#f8bbd0", "prevalence_ratio": "#f8bbd0",
    "test_statistic": "#d1c4e9", "correlation": "#e1bee7", "mean": "#b3e5fc", "sd": "#b3e5fc",
    "estimate": "#ffccbc", "date": "#f0f4c3", "century": "#f0f4c3", "money": "#c5cae9",
    "fold": "#b2dfdb", "number": "#eeeeee",
}

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d1d1f;
background:#fafafa}
main{max-width:1320px;margin:0 auto;padding:0 24px 48px}
nav{position:sticky;top:0;background:#263238;padding:8px 24px;z-index:2}
nav a{color:#eceff1;margin-right:18px;text-decoration:none;font-weight:600}
header h1{margin:20px 0 2px;font-size:26px}
.title{margin:0 0 12px;color:#455a64;font-size:17px}
.facts{display:flex;flex-wrap:wrap;gap:8px;margin:0}
.facts div{background:#fff;border:1px solid #dde3e8;border-radius:6px;padding:4px 10px}
.facts dt{font-size:11px;color:#607d8b;text-transform:uppercase}.facts dd{margin:0;font-weight:600}
section{margin-top:28px}h2{border-bottom:2px solid #cfd8dc;padding-bottom:4px}
.missing{background:#fff8e1;border-left:4px solid #ffb300;padding:8px 12px}
table.grid{border-collapse:collapse;background:#fff;width:100%}
.grid th,.grid td{border:1px solid #dde3e8;padding:4px 8px;vertical-align:top;text-align:left}
.grid thead th{background:#eceff1;position:sticky;top:36px}
#evidence-table tr.repeated td{font-style:italic}
.badge{white-space:nowrap;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:700;
background:#eceff1}
.s-fail.badge{background:#c62828;color:#fff}.s-warn.badge{background:#f9a825}
.s-missing.badge{background:#7e57c2;color:#fff}.s-pass.badge{background:#2e7d32;color:#fff}
tr.row-fail{background:#ffebee}tr.row-warn{background:#fff8e1}
.pairs td{width:44%}.pairs td.num,.pairs td:last-child{width:auto;color:#607d8b}
tr.flagged{background:#ffebee}tr.flagged td:first-child{border-left:5px solid #c62828}
.flag{display:inline-block;background:#c62828;color:#fff;border-radius:4px;padding:1px 6px;
margin:2px 0;font-size:12px;text-decoration:none}.flag.gap{background:#ef6c00}
mark{border-radius:3px;padding:0 2px}mark.s-fail{outline:2px solid #c62828}
.legend{color:#455a64}
details{margin:8px 0}summary{cursor:pointer;font-weight:600;padding:4px 0}
.checks td:nth-child(4){width:45%}
table.extracted{width:auto}.extracted caption{text-align:left;font-weight:600;padding:4px 0}
.extracted td{text-align:right}.extracted .failed{background:#ffd600;outline:2px solid #c62828}
.extracted .failed a{color:#c62828;font-weight:700;text-decoration:none}
.footnote{font-size:13px;color:#546e7a}
.filters{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:8px;align-items:center}
#claims-table th{cursor:pointer}#claims-table th.asc:after{content:" ▲"}
#claims-table th.desc:after{content:" ▼"}
#claims-table{table-layout:fixed}#claims-table td{overflow-wrap:break-word}
.sentence{font-size:12px;color:#546e7a}
.pictures{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:16px}
figure{margin:0;background:#fff;border:1px solid #dde3e8;padding:6px}
figure img{width:100%;height:auto;display:block;cursor:zoom-in}
.page{position:relative}.failed-cell{position:absolute;background:rgba(255,214,0,.55);
outline:2px solid #c62828}
.pictures.zoomed{grid-template-columns:1fr}.zoomed img{cursor:zoom-out}
.swatch{display:inline-block;border:2px solid;padding:0 6px;margin:2px 4px 2px 0;font-size:12px}
:target{outline:3px solid #0277bd}
[id]{scroll-margin-top:48px}tr[id]{scroll-margin-top:96px}
.index thead{position:sticky;top:0;z-index:1}.index thead th{position:static;vertical-align:bottom;
font-size:13px}.index th,.index td{padding:4px 6px}
.index th.group{text-align:center;border-bottom:0}.index td{overflow-wrap:anywhere}
.index td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums;width:1px}
.index td.paper{overflow-wrap:normal;min-width:9em}
""" + "".join(f"mark.k-{kind}{{background:{colour}}}" for kind, colour in KIND_COLOURS.items())

SCRIPT = """
(function(){
var table=document.getElementById('claims-table'),filters=document.querySelectorAll('[data-filter]');
function apply(){if(!table)return;var body=table.tBodies[0],shown=0;
for(var row of body.rows){var ok=true;
for(var f of filters){var name=f.dataset.filter,v=f.value;
if(name==='text'){if(v&&row.textContent.toLowerCase().indexOf(v.toLowerCase())<0)ok=false;}
else if(v!=='*'&&row.dataset[name]!==v)ok=false;}
row.hidden=!ok;if(ok)shown++;}
var n=body.rows.length;
document.getElementById('shown').textContent=shown+' of '+n+(n===1?' claim':' claims');}
function reveal(){var id=decodeURIComponent(location.hash.slice(1)),t=id&&document.getElementById(id);
if(!t)return;for(var d=t.closest('details');d;d=d.parentElement.closest('details'))d.open=true;
var row=t.closest('tr');
if(row&&row.hidden){for(var f of filters)f.value=f.dataset.filter==='text'?'':'*';apply();}
// a cell on a page picture is shown amid its page, anything else at the top
t.scrollIntoView({block:t.closest('.page')?'center':'start'});}
window.addEventListener('hashchange',reveal);
for(var img of document.querySelectorAll('.pictures img'))img.addEventListener('click',function(){
this.closest('.pictures').classList.toggle('zoomed');});
if(table){
// a select tells its choice by `change` (some browsers also by `input`), a text field by `input`
for(var f of filters)for(var e of ['input','change'])f.addEventListener(e,apply);
// numbers in numeric order, then words, then empty cells, which stay last either way
var key=function(cell){var s=cell.dataset.sort,n=s.trim()===''?NaN:Number(s);
return s===''?[2,'']:isNaN(n)?[1,s]:[0,n];};
for(var th of table.tHead.rows[0].cells)th.addEventListener('click',function(){
var i=+this.dataset.column,up=!this.classList.contains('asc'),body=table.tBodies[0];
for(var h of table.tHead.rows[0].cells)h.classList.remove('asc','desc');
this.classList.add(up?'asc':'desc');
var rows=Array.from(body.rows).sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]);
if(x[0]!==y[0])return x[0]-y[0];var c=x[0]?x[1].localeCompare(y[1]):x[1]-y[1];return up?c:-c;});
for(var r of rows)body.appendChild(r);});
apply();}
window.addEventListener('load',reveal);  // once the pictures have their size
})();
"""


def _page(title: str, nav: list[tuple[str, str]], content: str, script: str = "") -> str:
    links = "".join(f'<a href="#{anchor}">{_text(name)}</a>' for anchor, name in nav)
    links = f"<nav>{links}</nav>" if links else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{_text(title)}</title><style>{STYLE}</style></head><body>"
        f"{links}<main>{content}</main>"
        + (f"<script>{script}</script>" if script else "")
        + "</body></html>\n"
    )


def render_report(inputs: Inputs) -> str:
    placed = place_abstract_claims(inputs)
    claim_pair = {h.claim["claim"]: pair for pair, sides in placed.items() for side in sides
                  for h in side}
    verdicts = judge(inputs, claim_pair)
    content = (
        _header(inputs)
        + _checks_section(inputs, verdicts)
        + _abstracts_section(inputs, placed, verdicts)
        + _table_section(inputs, verdicts)
        + _pictures_section(inputs, verdicts)
        + _evidence_section(inputs)
        + _claims_section(inputs, verdicts)
    )
    nav = [("top", inputs.paper), ("checks", "Checks"), ("abstracts", "Abstracts"),
           ("table", "Table"), ("pages", "Pages"), ("evidence", "Evidence"), ("claims", "Claims")]
    return _page(f"{inputs.paper} — bilingua report", nav, content, SCRIPT)


def write_report(paper: str, paper_dir: Path, languages: list[str], table_label: str | None,
                 out_html: Path, benchmarks: Path | None = None) -> None:
    """``report.html`` of one paper from whatever of its results exist in ``paper_dir``; the time
    taken is read from the paper's Snakemake benchmark files in ``benchmarks`` when given."""
    inputs = read_inputs(paper, Path(paper_dir), languages, table_label, benchmarks)
    html_text = render_report(inputs)
    Path(out_html).write_text(html_text, encoding="utf-8")


def write_index(summary_csv: Path, results_dir: Path, out_html: Path) -> None:
    """``index.html``: one row per paper of ``summary.csv`` with every column of it, the paper
    linking its report (relative to the index) when the report exists, a failure showing its
    error."""
    summary = _read_csv(Path(summary_csv))
    if not summary:
        content = _missing("summary.csv is not built yet: no paper to list.")
        Path(out_html).write_text(_page("bilingua results", [], content), encoding="utf-8")
        return
    columns = list(summary[0])
    numeric = {name for name in columns if name != "paper"
               and all(_number(record[name]) is not None for record in summary if record[name])}
    rows = []
    for record in summary:
        report = Path(results_dir) / record["paper"] / "report.html"
        cells = []
        for name in columns:
            value = _text(record[name])
            if name == "paper" and report.is_file():
                link = Path(os.path.relpath(report, Path(out_html).parent)).as_posix()
                value = f'<a href="{_text(quote(link))}">{value}</a>'
            elif name == "status":
                value = _status_badge_for_paper(record[name])
            css = _css_name(name) + (" num" if name in numeric else "")
            cells.append(f'<td class="{css}">{value}</td>')
        failed = record.get("status", "ok") not in ("ok", "")
        rows.append(f'<tr class="{"row-fail" if failed else ""}">{"".join(cells)}</tr>')
    failures = sum(record.get("status", "ok") not in ("ok", "") for record in summary)
    counts = counted(len(rows), "paper") + (f", {failures} failed" if failures else "")
    content = (f'<header id="top"><h1>bilingua results</h1><p class="title">{_text(counts)}'
               f'</p></header><table class="grid index"><thead>{_index_head(columns)}</thead>'
               f"<tbody>{''.join(rows)}</tbody></table>")
    Path(out_html).write_text(_page("bilingua results", [], content), encoding="utf-8")


def _index_head(columns: list[str]) -> str:
    """The index's header: consecutive columns that share a prefix (``checks_pass``,
    ``checks_fail``) under one heading (``checks``: ``pass``, ``fail``), so each column's own
    heading is short and the table fits the screen; `table_cells` alone reads `table cells`."""
    runs: list[list[str]] = []
    for name in columns:
        prefix = name.partition("_")[0]
        if runs and "_" in name and "_" in runs[-1][0] and runs[-1][0].partition("_")[0] == prefix:
            runs[-1].append(name)
        else:
            runs.append([name])
    if all(len(run) == 1 for run in runs):
        return "<tr>" + "".join(f"<th>{_text(name.replace('_', ' '))}</th>" for name in columns) + "</tr>"
    top = "".join(f'<th rowspan="2">{_text(run[0].replace("_", " "))}</th>' if len(run) == 1 else
                  f'<th colspan="{len(run)}" class="group">{_text(run[0].partition("_")[0])}</th>'
                  for run in runs)
    below = "".join(f"<th>{_text(name.partition('_')[2].replace('_', ' '))}</th>"
                    for run in runs if len(run) > 1 for name in run)
    return f"<tr>{top}</tr><tr>{below}</tr>"


def _status_badge_for_paper(status: str) -> str:
    css = "pass" if status == "ok" else "fail"
    return f'<span class="badge s-{css}">{_text(status)}</span>'
