"""The rendered report in a real browser: Debian's Chromium, headless, driven by Playwright, offline.

`make test` installs Chromium when it is missing (`make browser`). Every page is opened from
``file://`` with the network blocked: anything but ``file:`` and ``data:`` is refused and recorded.
"""

from __future__ import annotations

import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from newslens import load_corpus, timeline
from newslens.report import notebook_paths

#: Notebooks, report builds and Chromium: `make test` runs them, `make test-fast` does not.
pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
DRAWN = """Array.from(document.querySelectorAll('.newslens-chart'))
    .every(chart => chart.querySelector('svg .mark-group, svg path') || chart.textContent.length)"""
TOOLTIP = "document.querySelector('.newslens-tooltip')"


@contextmanager
def _browser():
    """A page factory on an offline browser context: (new_page(), what each page did)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport={"width": 1300, "height": 900}, offline=True)
        blocked: list[str] = []

        def refuse(route):
            if route.request.url.startswith(("file:", "data:")):
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        context.route("**/*", refuse)
        try:
            yield context, blocked
        finally:
            browser.close()


def _open(context, path: Path):
    """Open a page, record its console errors, requests and dialogs, and wait for its charts."""
    page = context.new_page()
    seen = {"errors": [], "requests": [], "dialogs": []}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function(DRAWN, timeout=60_000)
    return page, seen


def _visit(out: Path, shots: Path) -> dict[str, dict]:
    """Open index.html and every page it links; what each page loaded, logged, drew and showed."""
    results: dict[str, dict] = {}
    index = (out / "index.html").read_text(encoding="utf-8")
    pages = ["index.html", *dict.fromkeys(re.findall(r'href="([^"#/]+\.html)', index))]
    with _browser() as (context, blocked):
        for name in pages:
            page, seen = _open(context, out / name)
            seen["images"] = page.evaluate(
                "Array.from(document.images).map(i => i.complete && i.naturalWidth > 0)"
            )
            seen["charts"] = page.evaluate(
                """Array.from(document.querySelectorAll('.newslens-chart'))
                   .map(c => c.querySelectorAll('svg path, svg line, svg text').length)"""
            )
            seen["failed"] = page.evaluate(
                "Array.from(document.querySelectorAll('.newslens-chart'))"
                ".filter(c => !c.querySelector('svg')).length"
            )
            page.screenshot(path=str(shots / f"{out.parent.name}-{name}.png"), full_page=False)
            results[name] = seen
            page.close()
        results["blocked"] = {"requests": blocked}
    return results


@pytest.fixture(scope="module")
def visited(built_report, other_report, tmp_path_factory):
    shots = tmp_path_factory.mktemp("screenshots")
    return {
        "built-in": _visit(built_report[0], shots),
        "other": _visit(other_report[0], shots),
        "shots": shots,
    }


@pytest.mark.parametrize("report", ["built-in", "other"])
def test_every_page_opens_offline_with_its_images_charts_and_no_console_errors(visited, report):
    pages = dict(visited[report])
    assert pages.pop("blocked")["requests"] == []
    assert len(pages) == 1 + len(notebook_paths())  # the index, and each notebook
    for name, seen in pages.items():
        assert all(seen["images"]), f"{name}: an image failed to load"
        assert seen["errors"] == [], f"{name}: {seen['errors'][:3]}"
        outside = [url for url in seen["requests"] if not url.startswith(("file:", "data:"))]
        assert outside == [], f"{name} fetched {outside[:3]}"
        assert seen["failed"] == 0 and all(marks > 10 for marks in seen["charts"]), (name, seen["charts"])
    drawn = sum(len(seen["charts"]) for seen in pages.values())
    assert drawn >= 7, drawn  # timeline, terms, keyness, tone by outlet and month, quotations, network


def test_the_notebook_pages_carry_their_charts(visited):
    for report in ("built-in", "other"):
        with_images = [name for name, seen in visited[report].items() if seen.get("images")]
        assert len(with_images) >= 7, with_images


def test_article_markup_never_runs(visited):
    assert all(seen["dialogs"] == [] for seen in visited["other"].values() if "dialogs" in seen)


def test_screenshots_are_saved(visited):
    shots = sorted(visited["shots"].glob("*.png"))
    pages = len(visited["built-in"]) + len(visited["other"]) - 2  # each report's index and notebook pages
    assert len(shots) == pages >= 2 * (1 + len(notebook_paths()))
    assert all(shot.stat().st_size > 10_000 for shot in shots)


def _hover_all(page, chart, selector: str) -> list[str]:
    """Hover every mark of ``selector`` in a chart; the tooltip texts shown, and no markup in them."""
    texts = []
    marks = chart.locator(selector)
    for i in range(marks.count()):
        box = marks.nth(i).bounding_box()
        if not box or box["width"] < 1 or box["height"] < 1:  # a bar of zero: its row's band shows it
            continue
        marks.nth(i).hover(force=True)
        page.wait_for_timeout(50)
        shown = page.evaluate(f"{TOOLTIP}.style.display") == "block"
        if shown:
            texts.append(page.evaluate(f"{TOOLTIP}.innerText"))
            tags = page.evaluate(f"Array.from({TOOLTIP}.querySelectorAll('*')).map(e => e.tagName)")
            assert set(tags) <= {"TABLE", "TBODY", "TR", "TH", "TD"}, tags
    return texts


def test_hovering_an_event_shows_its_evidence_sentence(built_report, data_copy):
    events = timeline.analyse(load_corpus(data_copy))["events"]
    sentences = [part.split(": ", 1)[1] for text in events["evidence"] for part in text.split(" | ")]
    with _browser() as (context, blocked):
        page, seen = _open(context, built_report[0] / "04-timeline.html")
        chart = page.locator(".newslens-chart").first
        chart.scroll_into_view_if_needed()
        texts = _hover_all(page, chart, "g.mark-symbol path")
        page.screenshot(path=str(built_report[0].parent / "timeline-tooltip.png"))
    assert len(texts) >= 10 and blocked == [] and seen["errors"] == []
    for text in texts:
        assert "evidence 1" in text and "outlets" in text and "kind" in text
        evidence = text.split("evidence 1", 1)[1].split("\n")[0].strip().rstrip("…").strip()
        assert any(sentence.startswith(evidence[:60]) for sentence in sentences), evidence


def test_clicking_a_term_shows_its_concordance(built_report):
    with _browser() as (context, _):
        page, _ = _open(context, built_report[0] / "02-term-frequencies.html")
        chart = page.locator(".newslens-chart").nth(1)  # after the keyness chart
        chart.scroll_into_view_if_needed()
        bold = """c => Array.from(c.querySelectorAll('g.mark-text.role-mark text'))
                  .filter(t => t.getAttribute('font-weight') == 'bold').map(t => t.textContent)"""
        first = set(page.evaluate(bold, chart.element_handle()))
        (term,) = first
        other = chart.locator(
            f'g.mark-rect path[aria-label*="; term: "]:not([aria-label*="; term: {term};"])'
        )
        other.first.click(force=True)
        page.wait_for_timeout(300)
        second = set(page.evaluate(bold, chart.element_handle()))
    assert len(first) == 1 and len(second) == 1 and first != second, (first, second)


def test_code_is_hidden_until_asked_for(built_report):
    with _browser() as (context, _):
        page, _ = _open(context, built_report[0] / "02-term-frequencies.html")
        code = page.locator(".jp-CodeCell .jp-Cell-inputWrapper").first
        assert not code.is_visible()
        page.get_by_text("Show the code").click()
        assert code.is_visible() and page.get_by_text("Hide the code").is_visible()


def test_tooltips_show_article_markup_as_text(other_report):
    with _browser() as (context, _):
        page, seen = _open(context, other_report[0] / "03-sentiment.html")
        chart = page.locator(".newslens-chart").first  # tone by outlet
        chart.scroll_into_view_if_needed()
        texts = _hover_all(page, chart, "g.mark-rect path")
    assert any("Test <b>Wire</b>" in text for text in texts), texts[:3]
    assert seen["dialogs"] == []
