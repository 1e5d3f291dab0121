"""The reports a person reads (extract.report): the bundled paper run through the workflow's
stages, a generated PDF whose text is HTML, missing inputs, the index, and a real browser."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pandas as pd
from paper_stages import run_stages
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from stage_process import run_stage
from testdata import pdf

from extract.cli import main as run_stage_here
from extract.report import place_claims, write_index, write_report

BUNDLED = pdf("isatuximab-2022")
LANGUAGES = ["it", "en"]
SECTIONS = ["top", "checks", "abstracts", "table", "pages", "claims"]
HOSTILE = "<script>alert(1)</script>"


def report_of(paper_dir: Path, languages=LANGUAGES, label: str | None = "Tabella 1") -> str:
    out = paper_dir / "report.html"
    write_report(paper_dir.name, paper_dir, languages, label, out)
    return out.read_text(encoding="utf-8")


def copy_of(paper_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / paper_dir.name
    shutil.copytree(paper_dir, target)
    return target


def internal_links_resolve(page: str) -> None:
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    targets = set(re.findall(r'href="#([^"]+)"', page))
    assert targets, "no internal link"
    assert targets <= ids, sorted(targets - ids)


def test_every_section_is_present_and_filled(bundled):
    page = report_of(bundled)
    for section in SECTIONS:
        assert f'id="{section}"' in page
    claims = pd.read_csv(bundled / "claims.csv", dtype=str, keep_default_na=False)
    pairs = pd.read_csv(bundled / "alignment.csv", dtype=str, keep_default_na=False)
    assert page.count('<tr id="claim-') == len(claims)
    assert page.count('<tr id="pair-') == len(pairs)
    # every abstract claim is highlighted in its pair, coloured by kind
    abstract = claims[claims["section"] == "abstract"]
    assert len(abstract) and all(f'id="span-{n}"' in page for n in abstract["claim"])
    assert re.search(r'<mark id="span-\d+" class="k-count"[^>]*>due</mark>', page)
    assert re.search(r'<mark id="span-\d+" class="k-count"[^>]*>two</mark>', page)
    # the table as extracted, and page 1 and the table's page as pictures
    grid = list(csv.reader((bundled / "table.csv").open(encoding="utf-8")))
    assert all(f">{cell}<" in page.replace("&#x27;", "'") for row in grid for cell in row if cell)
    assert page.count('src="data:image/png;base64,') == 2
    assert "checks.csv is not built yet" in page
    internal_links_resolve(page)


def test_only_the_pictures_stage_opens_the_pdf(bundled, tmp_path):
    """The report, a paper's last job, imports no heavy module: the PDF is opened and drawn by
    the pictures stage, which runs beside the claims and check stages."""
    paper_dir = copy_of(bundled, tmp_path)
    assert run_stage(["pictures", "--inputs", str(BUNDLED), str(paper_dir / "blocks.csv"),
                      str(paper_dir / "table.json"), "--outputs",
                      str(paper_dir / "pictures.json")]) == (0, {"pdfplumber"})
    assert run_stage(["report", "--paper", bundled.name, "--languages", *LANGUAGES, "--label",
                      "Tabella 1", "--inputs",
                      str(paper_dir / "pictures.json"), "--outputs",
                      str(paper_dir / "report.html")]) == (0, set())
    body = (paper_dir / "report.html").read_text(encoding="utf-8").partition("</header>")[2]
    assert body == report_of(bundled).partition("</header>")[2]  # the header's time taken aside


def test_a_page_the_renderer_fails_on_costs_its_picture_only(bundled, tmp_path, monkeypatch, capsys):
    import extract.pictures

    drawn = extract.pictures.page_picture

    def fails_on_the_table_page(page, blocks, table):
        if page.page_number == table.page:
            raise RuntimeError("Failed to load page.")
        return drawn(page, blocks, table)

    monkeypatch.setattr(extract.pictures, "page_picture", fails_on_the_table_page)
    paper_dir = copy_of(bundled, tmp_path)
    assert run_stage_here(["pictures", "--paper", "isatuximab-2022", "--inputs", str(BUNDLED),
                           str(paper_dir / "blocks.csv"), str(paper_dir / "table.json"),
                           "--outputs", str(paper_dir / "pictures.json")]) == 0
    assert capsys.readouterr().err == ("isatuximab-2022: warning: page 6 could not be drawn "
                                       "(RuntimeError: Failed to load page.)\n")
    page = report_of(paper_dir)
    assert page.count('src="data:image/png;base64,') == 1 and "Page 1 (page 1)" in page


def test_report_is_byte_stable(bundled, tmp_path):
    first = report_of(bundled)
    assert report_of(bundled) == first


def test_checks_come_worst_first_and_link_their_sentences(bundled, tmp_path):
    """checks.csv as extract.check writes it: `claims` names claim numbers and table cells
    (`[row | column]`, `[column header]`); a cross-language check quotes its pair."""
    paper_dir = copy_of(bundled, tmp_path)
    claims = pd.read_csv(paper_dir / "claims.csv", dtype=str, keep_default_na=False)
    abstract = claims[claims["section"] == "abstract"]
    it_claim = abstract[abstract["lang"] == "it"]["claim"].iloc[0]
    body_claim = claims[claims["section"] == "body"]["claim"].iloc[0]
    pairs = pd.read_csv(paper_dir / "alignment.csv", dtype=str, keep_default_na=False)
    sentence = claims.set_index("claim").loc[it_claim, "sentence"]
    pair = pairs[pairs["src_text"].str.contains(sentence, regex=False)].iloc[0]
    grid = list(csv.reader((paper_dir / "table.csv").open(encoding="utf-8")))
    cell, header = f"[{grid[5][0]} | {grid[0][4]}]", f"[{grid[0][2]}]"
    checks = pd.DataFrame([
        {"check": "interval-1", "kind": "interval", "status": "pass", "claims": body_claim,
         "message": "inside its interval", "sentence": ""},
        {"check": "missing-1", "kind": "curated", "status": "missing", "claims": "",
         "message": "no claim states it", "sentence": ""},
        {"check": f"cross_language:pair-{pair['pair']}", "kind": "cross_language",
         "status": "fail", "claims": "", "message": "numbers differ",
         "sentence": f"{pair['src_text']} || {pair['tgt_text']}"},
        {"check": "text_table-1", "kind": "text_table", "status": "fail",
         "claims": f"{body_claim};{cell}", "message": "cell differs", "sentence": ""},
        {"check": "curated-1", "kind": "curated", "status": "fail", "claims": header,
         "message": "sample size differs", "sentence": ""},
    ])
    checks.to_csv(paper_dir / "checks.csv", index=False)
    page = report_of(paper_dir)
    section = page[page.index('id="checks"'):page.index('id="abstracts"')]
    order = [section.index(name) for name in ("cross_language:pair", "text_table-1",
                                              "curated-1", "missing-1", "interval-1")]
    assert order == sorted(order)
    assert re.search(r"<details><summary>1 missing</summary>.*missing-1", section)
    flagged = re.search(rf'<tr id="pair-{pair["pair"]}" class="flagged">(?:(?!<tr).)*</tr>', page)
    assert flagged and "numbers differ" in flagged.group(0), "the disagreeing pair is not marked"
    assert f'id="span-{it_claim}"' in flagged.group(0)
    assert f'href="#pair-{pair["pair"]}"' in section
    assert f'href="#claim-{body_claim}"' in section
    assert 'href="#cell-5-4"' in section and 'href="#cell-0-2"' in section
    assert re.search(r'<td id="cell-5-4" class="failed">', page)
    assert re.search(r'<th id="cell-0-2" class="failed">', page)
    assert page.count('class="failed"') == 2
    # on the picture of the table's page, each failed cell is laid over it, linking its check
    pictures = page[page.index('id="pages"'):page.index('id="claims"')]
    overlays = re.findall(r'<a id="(picture-cell-\d+-\d+)" class="failed-cell" href="#check-(\d+)"'
                          r'[^>]*style="left:([\d.]+)%;top:([\d.]+)%;width:([\d.]+)%;height:([\d.]+)%"',
                          pictures)
    assert sorted(anchor for anchor, *_ in overlays) == ["picture-cell-0-2", "picture-cell-5-4"]
    for anchor, _, *box in overlays:
        assert f'href="#{anchor}">on the picture of page 6</a>' in section
        left, top, width, height = map(float, box)
        assert 0 <= left < left + width <= 100 and 0 <= top < top + height <= 100
    internal_links_resolve(page)


def test_missing_inputs_say_not_built(bundled, tmp_path):
    paper_dir = tmp_path / "isatuximab-2022"
    paper_dir.mkdir()
    shutil.copy(bundled / "blocks.csv", paper_dir)
    page = report_of(paper_dir)
    for section in SECTIONS:
        assert f'id="{section}"' in page
    for missing in ("checks.csv is not built yet", "alignment.csv is not built yet",
                    "table.csv is not built yet", "claims.csv is not built yet",
                    "pictures.json is not built yet"):
        assert missing in page
    assert "<mark" not in page and "<img" not in page


def test_a_paper_without_its_table_says_so(bundled, tmp_path):
    paper_dir = copy_of(bundled, tmp_path)
    for name in ("table.json", "table.csv", "table_long.csv"):
        (paper_dir / name).unlink()
    assert run_stage_here(["locate-table", "--label", "Tabella 9", "--inputs",
                      str(paper_dir / "layout.json"), "--outputs", str(paper_dir / "table.json")]) == 0
    assert run_stage_here(["pictures", "--inputs", str(BUNDLED), str(paper_dir / "blocks.csv"),
                           str(paper_dir / "table.json"), "--outputs",
                           str(paper_dir / "pictures.json")]) == 0
    page = report_of(paper_dir, label="Tabella 9")
    assert "No caption &#x27;Tabella 9&#x27; found (looked for it in any case" in page
    assert page.count('src="data:image/png;base64,') == 1  # page 1 only


def write_hostile_pdf(path: Path) -> None:
    """A two-language article whose title and text hold HTML."""
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont("Helvetica-Bold", 16)
    canvas.drawString(56, 780, f"A study of {HOSTILE} in 154 patients")
    lines = {
        "en": [f"We enrolled 154 patients and 60% of them responded {HOSTILE} to the drug.",
               "The median follow up was 12 months and the treatment was well tolerated by",
               "most of the patients who took part in the study during the whole period."],
        "it": [f"Abbiamo arruolato 154 pazienti e il 60% di loro ha risposto {HOSTILE} al farmaco.",
               "Il follow up mediano era di 12 mesi e il trattamento era ben tollerato dalla",
               "maggior parte dei pazienti che hanno preso parte allo studio per tutto il periodo."],
    }
    y = 740
    canvas.setFont("Helvetica", 10)
    for lang in ("en", "it"):
        for line in lines[lang]:
            canvas.drawString(56, y, line)
            y -= 13
        y -= 20
    canvas.save()


def test_pdf_text_is_escaped_everywhere(tmp_path):
    pdf = tmp_path / "hostile.pdf"
    write_hostile_pdf(pdf)
    paper_dir = tmp_path / "results" / "hostile"
    run_stages(pdf, paper_dir, ["en", "it"], None)
    claims = pd.read_csv(paper_dir / "claims.csv", dtype=str, keep_default_na=False)
    assert claims["sentence"].str.contains(HOSTILE, regex=False).any()
    pd.DataFrame([{"check": HOSTILE, "kind": "curated", "status": "fail",
                   "claims": claims["claim"].iloc[0], "expected": HOSTILE, "observed": '"><b>',
                   "message": HOSTILE}]).to_csv(paper_dir / "checks.csv", index=False)
    page = report_of(paper_dir, languages=["en", "it"], label=None)
    assert HOSTILE not in page and '"><b>' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<script") == 1  # the report's own
    summary = tmp_path / "results" / "summary.csv"
    pd.DataFrame([{"paper": "hostile", "status": "error", "error": HOSTILE}]).to_csv(summary,
                                                                                     index=False)
    write_index(summary, tmp_path / "results", tmp_path / "results" / "index.html")
    index = (tmp_path / "results" / "index.html").read_text(encoding="utf-8")
    assert HOSTILE not in index and "&lt;script&gt;" in index


def test_index_links_resolve_and_failures_show_their_error(bundled, tmp_path):
    results = tmp_path / "results"
    paper_dir = copy_of(bundled, results)
    report_of(paper_dir)
    summary = results / "summary.csv"
    pd.DataFrame([
        {"paper": "isatuximab-2022", "status": "ok", "error": "", "pages": 7, "claims": 123},
        {"paper": "broken-2020", "status": "error", "error": "encrypted PDF: decrypt it first",
         "pages": "", "claims": ""},
    ]).to_csv(summary, index=False)
    out = tmp_path / "site" / "index.html"
    out.parent.mkdir()
    write_index(summary, results, out)
    index = out.read_text(encoding="utf-8")
    links = re.findall(r'href="([^"#]+)"', index)
    assert links == ["../results/isatuximab-2022/report.html"]
    assert all((out.parent / link).resolve().is_file() for link in links)
    assert "encrypted PDF: decrypt it first" in index
    assert index.count("<tr") == 3
    assert '<p class="title">2 papers, 1 failed</p>' in index
    assert '<td class="pages num">7</td>' in index and '<td class="error">' in index


def test_index_without_summary_says_not_built(tmp_path):
    write_index(tmp_path / "summary.csv", tmp_path, tmp_path / "index.html")
    assert "not built yet" in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_claims_are_placed_by_sentence_and_occurrence():
    text = "We saw two arms. Then two and two more."
    claims = [
        {"claim": "0", "sentence": "Then two and two more.", "span": "two"},
        {"claim": "1", "sentence": "Then two and two more.", "span": "two"},
        {"claim": "2", "sentence": "Then two and two more.", "span": "two and two"},
        {"claim": "3", "sentence": "Elsewhere two.", "span": "two"},
    ]
    placed = [(h.start, h.end, h.claim["claim"]) for h in place_claims(text, claims)]
    assert placed == [(22, 25, "0"), (30, 33, "1")]
    # a pair side that is only part of the claim's sentence
    longer = [{"claim": "4", "sentence": "Two arms; then two more.", "span": "two"}]
    assert [(h.start, h.end) for h in place_claims("then two more.", longer)] == [(5, 8)]
