"""The HTML report printed to PDF by headless Chromium (Playwright, Debian's /usr/bin/chromium):
A4 pages, a sensible number of them, and every chart within the printable width and shorter
than a page (so no chart is cut across pages).

This never skips: without Chromium or Playwright it fails and says what to install (CI
installs both). `print_report_pages` also makes PNG pages for people to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from game.records.report import build_report
from game.records.report_render import render
from tests.records.report_data import play_class

CHROMIUM = "/usr/bin/chromium"
MM = 96 / 25.4                              # CSS pixels per millimetre
A4_POINTS = (595.92, 842.88)                # 210 × 297 mm in PDF points
MARGINS_MM = (14, 14, 16, 14)               # top, right, bottom, left, as the report's @page says


def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:                     # pragma: no cover - CI installs it
        pytest.fail("the Python package playwright is missing: pip install playwright (tests extra)")
    if not Path(CHROMIUM).exists():         # pragma: no cover
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install it (apt-get install chromium) to print reports")
    return sync_playwright


def print_to_pdf(page_html: str, pdf: Path) -> dict:
    """Print `page_html` to `pdf` on A4 with Chromium; return what the print layout measured:
    the printable size and every chart's box (CSS pixels) and the page's full width."""
    sync_playwright = _playwright()
    top, right, bottom, left = MARGINS_MM
    width, height = round((210 - left - right) * MM), round((297 - top - bottom) * MM)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.set_content(page_html, wait_until="load")
            page.emulate_media(media="print")
            boxes = page.evaluate("""() => ({
                charts: [...document.querySelectorAll('figure svg')].map(svg => {
                    const r = svg.getBoundingClientRect();
                    return {left: r.left, right: r.right, width: r.width, height: r.height};
                }),
                figures: [...document.querySelectorAll('figure')].map(f => f.getBoundingClientRect().height),
                scrollWidth: document.documentElement.scrollWidth,
            })""")
            page.pdf(path=str(pdf), format="A4")
        finally:
            browser.close()
    return {"width": width, "height": height, **boxes}


def pdf_pages(pdf: Path) -> list[tuple[float, float]]:
    """Each page's size in points, read from the PDF's page objects."""
    data = pdf.read_bytes()
    count = len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
    boxes = [tuple(float(v) for v in m.groups()) for m in
             re.finditer(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)]
    assert boxes, "no page size found in the PDF"
    return [boxes[0] if len(boxes) == 1 else boxes[i] for i in range(count)]


def print_report_pages(page_html: str, folder: Path, name: str, resolution: int = 60) -> list[Path]:
    """Print a report and turn its pages into PNG files (poppler's pdftoppm) to look at."""
    pdf = folder / f"{name}.pdf"
    print_to_pdf(page_html, pdf)
    subprocess.run(["pdftoppm", "-r", str(resolution), "-png", str(pdf), str(folder / name)], check=True)
    return sorted(folder.glob(f"{name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


@pytest.fixture(scope="module")
def class_reports(scenarios, catalog):
    """A class of 12 (two of them both "Ana") after 300 attempts of every kind of scenario."""
    attempts = play_class(scenarios, catalog, attempts=300, players=12)
    titles = {sid: s.title for sid, s in scenarios.items()}
    return {lang: render(build_report(attempts, catalog=catalog, titles=titles, lang=lang, class_code="7B",
                                      filters=[("class", "7B")]), "html", lang) for lang in ("en", "zh")}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_prints_on_a4_with_every_chart_inside_the_page(class_reports, lang, tmp_path):
    measured = print_to_pdf(class_reports[lang], tmp_path / "report.pdf")
    pages = pdf_pages(tmp_path / "report.pdf")
    assert all(abs(w - A4_POINTS[0]) < 1 and abs(h - A4_POINTS[1]) < 1 for w, h in pages), pages
    assert 4 <= len(pages) <= 12, f"{len(pages)} pages for 12 trainees and 300 attempts"
    charts = measured["charts"]
    assert len(charts) >= 4                                     # scores, red flags (in parts), days
    for chart in charts:
        assert chart["left"] >= -0.5 and chart["right"] <= measured["width"] + 0.5, chart
        assert chart["height"] <= measured["height"] * 0.9, chart
    assert max(measured["figures"]) <= measured["height"]       # a chart and its caption fit on one page
    assert measured["scrollWidth"] <= measured["width"] + 1     # nothing (tables neither) wider than the page


def test_pdf_pages_become_pictures(class_reports, tmp_path):
    if shutil.which("pdftoppm") is None:                        # pragma: no cover - poppler-utils in CI
        pytest.fail("pdftoppm is missing: install poppler-utils")
    pictures = print_report_pages(class_reports["en"], tmp_path, "report")
    assert len(pictures) >= 4 and all(p.stat().st_size > 1000 for p in pictures)
