"""What a reader does in report.html and index.html, in a real browser: Debian's chromium driven
headless by its chromedriver (Selenium), offline.

The page is the bundled paper's report with its checks, run by the check stage against two
curated values that disagree with two table cells (tests/data/isatuximab-2022/curated.yaml) and
with one English abstract sentence stating a different number than its Italian pair (`three`
for `due`, the slip a translator makes). Without chromium and chromedriver the tests are skipped, except under
CI=true, where they fail: CI installs both (.ci/run).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from paper_stages import stage
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait
from testdata import gold

from extract.align import ALIGNMENT_COLUMNS
from extract.pictures import load_pictures
from extract.records import Record, read_records, write_records
from extract.report import write_index, write_report
from extract.summary import write_summary
from extract.tables import load_table

LANGUAGES = ["it", "en"]
CURATED = gold("isatuximab-2022") / "curated.yaml"
SCREEN = (1280, 900)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        missing = "Debian's chromium and chromium-driver are not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing}: CI runs the browser tests (.ci/run installs them)")
        pytest.skip(f"{missing} (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('profile')}",
                 "--window-size={},{}".format(*SCREEN)):
        options.add_argument(flag)
    session = webdriver.Chrome(service=Service(driver), options=options)
    try:
        yield session
    finally:
        session.quit()


@pytest.fixture(scope="module")
def checked(bundled, tmp_path_factory) -> Path:
    """results/isatuximab-2022 with checks.csv and report.html; one English sentence of the
    abstract says `three` where its Italian pair says `due`."""
    paper_dir = tmp_path_factory.mktemp("checked") / bundled.name
    shutil.copytree(bundled, paper_dir)
    pairs = read_records(paper_dir / "alignment.csv")
    slip = next(pair for pair in pairs if " two " in pair["tgt_text"])
    slip["tgt_text"] = slip["tgt_text"].replace(" two ", " three ", 1)
    write_records(paper_dir / "alignment.csv", ALIGNMENT_COLUMNS, pairs)
    inputs = [paper_dir / name for name in ("claims.csv", "alignment.csv", "sentences.csv",
                                            "table.csv", "table_long.csv")]
    stage("check", inputs, [paper_dir / "checks.csv"], "--paper", bundled.name, "--languages",
          *LANGUAGES, "--curated", str(CURATED))
    write_report(bundled.name, paper_dir, LANGUAGES, "Tabella 1", paper_dir / "report.html")
    return paper_dir


@pytest.fixture
def report(browser, checked):
    """The report opened afresh (no filter, no sort, at its top)."""
    browser.get((checked / "report.html").as_uri())
    return browser


def claims_of(checked: Path) -> list[Record]:
    return read_records(checked / "claims.csv")


def shown_claims(page) -> list[str]:
    """The claim numbers of the rows the reader sees in the claims table, top to bottom."""
    return page.execute_script(
        "return Array.from(document.querySelectorAll('#claims-table tbody tr'))"
        ".filter(r => r.getClientRects().length).map(r => r.cells[0].textContent)")


def seen(page, element: WebElement) -> bool:
    """The element is on screen and on top where it is (not under the sticky bar or a header)."""
    return page.execute_script(
        "const e = arguments[0], r = e.getBoundingClientRect();"
        "const x = r.left + Math.min(r.width / 2, 20), y = r.top + Math.min(r.height / 2, 10);"
        "const top = document.elementFromPoint(x, y);"
        "return r.height > 0 && y >= 0 && y <= innerHeight && (top === e || e.contains(top));",
        element)


def follow(page, link: WebElement) -> WebElement:
    """Click a link inside the page and give what it leads to, once the browser shows it (the
    page's script may move it there after the browser's own jump: a row a filter hid)."""
    anchor = link.get_attribute("href").partition("#")[2]
    page.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)  # the reader looks
    link.click()
    wait = WebDriverWait(page, 10)
    wait.until(lambda p: p.execute_script("return location.hash") == f"#{anchor}")
    target = page.find_element(By.ID, anchor)
    wait.until(lambda p: seen(p, target), message=f"#{anchor} is not on screen after its link")
    return target


def failed_check(page, kind: str) -> WebElement:
    rows = page.find_elements(By.CSS_SELECTOR, "#checks tr.row-fail")
    return next(row for row in rows if row.find_elements(By.TAG_NAME, "td")[1].text == kind)


def fits(page, width: int) -> bool:
    """The page, in a window `width` pixels wide, has nothing to scroll to sideways."""
    inner, scrolled, shown = page.execute_script(
        "const d = document.documentElement; return [innerWidth, d.scrollWidth, d.clientWidth]")
    assert inner == width
    return scrolled <= shown


def choose(page, name: str, value: str) -> None:
    Select(page.find_element(By.CSS_SELECTOR, f'select[data-filter="{name}"]')).select_by_value(value)


def test_the_checks_found_what_the_reader_is_shown(checked):
    checks = read_records(checked / "checks.csv")
    failed = sorted(check["check"] for check in checks if check["status"] == "fail")
    assert failed == ["cross_language:pair-1", "curated:castor-median-pfs-dvd-lenalidomide-refractory",
                      "curated:optimismm-patients-randomised-pvd"]


def test_filtering_claims_by_kind_shows_that_kind_only(report, checked):
    claims = claims_of(checked)
    kinds = sorted({claim["kind"] for claim in claims})
    assert len(kinds) > 2
    assert shown_claims(report) == [claim["claim"] for claim in claims]
    for kind in kinds:
        choose(report, "kind", kind)
        wanted = [claim["claim"] for claim in claims if claim["kind"] == kind]
        assert shown_claims(report) == wanted, kind
        assert report.find_element(By.ID, "shown").text == f"{len(wanted)} of {len(claims)} claims"
        kind_cells = report.find_elements(By.CSS_SELECTOR, "#claims-table tbody tr td:nth-child(2)")
        assert {cell.text for cell in kind_cells if cell.is_displayed()} == {kind}
    choose(report, "kind", "*")
    assert shown_claims(report) == [claim["claim"] for claim in claims]


def test_filtering_claims_by_language_then_kind(report, checked):
    claims = claims_of(checked)
    choose(report, "lang", "en")
    english = [claim for claim in claims if claim["lang"] == "en"]
    assert 0 < len(english) < len(claims)
    assert shown_claims(report) == [claim["claim"] for claim in english]
    kind = english[0]["kind"]
    choose(report, "kind", kind)
    both = [claim["claim"] for claim in english if claim["kind"] == kind]
    assert shown_claims(report) == both
    assert report.find_element(By.ID, "shown").text == f"{len(both)} of {len(claims)} claims"
    choose(report, "lang", "it")
    assert shown_claims(report) == [claim["claim"] for claim in claims
                                    if claim["lang"] == "it" and claim["kind"] == kind]


def _numeric_order(claims: list[Record], field: str, descending: bool) -> list[str]:
    """Numbers in numeric order, then empty cells, last either way; ties keep the file order."""
    numbers = [claim for claim in claims if claim[field] != ""]
    numbers.sort(key=lambda claim: float(claim[field]), reverse=descending)
    return [claim["claim"] for claim in numbers + [c for c in claims if c[field] == ""]]


def test_sorting_the_value_column_orders_by_number(report, checked):
    claims = claims_of(checked)
    header = report.find_element(By.CSS_SELECTOR, "#claims-table th:nth-child(7)")
    assert header.text == "value"
    header.click()
    assert "asc" in header.get_attribute("class")
    ascending = shown_claims(report)
    assert ascending == _numeric_order(claims, "value", descending=False)
    values = [float(claim["value"]) for claim in claims if claim["value"]]
    assert ascending[0] != claims[0]["claim"] and min(values) < max(values)
    header.click()
    assert "desc" in header.get_attribute("class")
    assert shown_claims(report) == _numeric_order(claims, "value", descending=True)
    choose(report, "lang", "en")  # a filter keeps the order
    assert shown_claims(report) == [claim for claim in _numeric_order(claims, "value", True)
                                    if claim in {c["claim"] for c in claims if c["lang"] == "en"}]


def test_a_failed_language_check_leads_to_its_sentences_and_back(report):
    check = failed_check(report, "cross_language")
    pair = follow(report, check.find_element(By.PARTIAL_LINK_TEXT, "pair "))
    assert seen(report, pair)
    assert "three anti-CD38" in pair.text and "due anticorpi" in pair.text
    back = follow(report, pair.find_element(By.LINK_TEXT, "numbers differ"))
    assert back.get_attribute("id") == check.get_attribute("id") and seen(report, back)


def test_a_failed_cell_check_leads_to_its_cell_in_the_table_and_on_the_page_picture(report, checked):
    table, _ = load_table(checked / "table.json")
    picture = report.find_element(By.CSS_SELECTOR, f'img[alt="page {table.page}"]')
    failed = [row for row in report.find_elements(By.CSS_SELECTOR, "#checks tr.row-fail")
              if row.find_elements(By.PARTIAL_LINK_TEXT, "on the picture of page")]
    assert len(failed) == 2
    left, upper, right, _ = next(p.bbox for p in load_pictures(checked / "pictures.json")
                                 if p.page == table.page)
    for check in failed:
        cell = follow(report, check.find_element(By.PARTIAL_LINK_TEXT, "cell "))
        assert seen(report, cell) and "failed" in cell.get_attribute("class")
        mark = follow(report, check.find_element(By.PARTIAL_LINK_TEXT, "on the picture of page"))
        assert seen(report, mark), "the failed cell is not on screen over its picture"
        # laid where the cell is printed: its box on the page, scaled to the picture as shown
        r, c = map(int, mark.get_attribute("id").removeprefix("picture-cell-").split("-"))
        box, shown, image = table.cells[r][c], mark.rect, picture.rect
        scale = image["width"] / (right - left)
        assert abs(shown["x"] - (image["x"] + (box.x0 - left) * scale)) < 1.5
        assert abs(shown["y"] - (image["y"] + (box.top - upper) * scale)) < 1.5
        assert abs(shown["width"] - (box.x1 - box.x0) * scale) < 1.5
        back = follow(report, mark)
        assert back.get_attribute("id") == check.get_attribute("id") and seen(report, back)


def test_a_link_to_a_claim_a_filter_hides_shows_it(report, checked):
    claims = {claim["claim"]: claim for claim in claims_of(checked)}
    report.find_element(By.XPATH, "//section[@id='checks']//summary[contains(., 'pass')]").click()
    link = next(link for link in report.find_elements(By.CSS_SELECTOR, '#checks a[href^="#claim-"]')
                if link.is_displayed())
    target = claims[link.get_attribute("href").partition("#claim-")[2]]
    other = next(claim["kind"] for claim in claims.values() if claim["kind"] != target["kind"])
    choose(report, "kind", other)
    assert target["claim"] not in shown_claims(report)
    row = follow(report, link)
    assert seen(report, row) and target["claim"] in shown_claims(report)
    assert len(shown_claims(report)) == len(claims)  # the filters are back to all


def test_the_report_fits_a_1280_pixel_screen(report):
    assert fits(report, SCREEN[0])


def test_the_index_fits_a_1280_pixel_screen_and_counts_in_words(browser, checked, tmp_path):
    results, logs = tmp_path / "results", tmp_path / "logs"
    shutil.copytree(checked, results / checked.name)
    (results / checked.name / "done").touch()
    broken = "an-unreadable-paper-whose-identifier-is-rather-long-2020"
    (logs / broken).mkdir(parents=True)
    (logs / broken / "parse.log").write_text(
        f"{broken}: warning: no table captioned 'Tabella 1' found; no table files\n"
        f"{broken}: encrypted PDF (/data/incoming/{broken}/source-publisher-version.pdf): "
        "decrypt it first\n", encoding="utf-8")
    papers = {checked.name: {"languages": LANGUAGES}, broken: {"languages": LANGUAGES}}
    write_summary(papers, results, results / "summary.csv", logs, tmp_path / "benchmarks")
    write_index(results / "summary.csv", results, results / "index.html")
    browser.get((results / "index.html").as_uri())
    assert browser.find_element(By.CSS_SELECTOR, "header .title").text == "2 papers, 1 failed"
    assert fits(browser, SCREEN[0])
    error = browser.find_element(By.XPATH, f"//tr[td[contains(., '{broken}')]]/td[3]")
    assert "decrypt it first" in error.text and seen(browser, error)
    follow_report = browser.find_element(By.LINK_TEXT, checked.name)
    follow_report.click()
    assert browser.find_element(By.TAG_NAME, "h1").text == checked.name

    write_summary({checked.name: papers[checked.name]}, results, results / "summary.csv", logs,
                  tmp_path / "benchmarks")
    write_index(results / "summary.csv", results, results / "index.html")
    browser.get((results / "index.html").as_uri())
    assert browser.find_element(By.CSS_SELECTOR, "header .title").text == "1 paper"
