"""The rendered report in a real browser: Debian's Chromium, headless, driven by Playwright.

`make test` installs Chromium when it is missing (`make browser`).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from newslens.report import notebook_paths

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _visit(out: Path, shots: Path) -> dict[str, dict]:
    """Open index.html and every page it links; what each page loaded, logged and showed."""
    results: dict[str, dict] = {}
    index = (out / "index.html").read_text(encoding="utf-8")
    pages = ["index.html", *dict.fromkeys(re.findall(r'href="([^"#/]+\.html)"', index))]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for name in pages:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            seen = {"errors": [], "requests": [], "dialogs": []}
            page.on("console", lambda m, s=seen: s["errors"].append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e, s=seen: s["errors"].append(str(e)))
            page.on("request", lambda r, s=seen: s["requests"].append(r.url))
            page.on("dialog", lambda d, s=seen: (s["dialogs"].append(d.message), d.dismiss()))
            page.goto((out / name).as_uri(), wait_until="load")
            seen["images"] = page.evaluate(
                "Array.from(document.images).map(i => i.complete && i.naturalWidth > 0)"
            )
            page.screenshot(path=str(shots / f"{name}.png"), full_page=False)
            results[name] = seen
            page.close()
        browser.close()
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
def test_every_page_opens_with_its_images_and_no_console_errors(visited, report):
    pages = visited[report]
    assert len(pages) == 1 + 2 * len(notebook_paths())  # the index, and each notebook twice
    for name, seen in pages.items():
        assert all(seen["images"]), f"{name}: an image failed to load"
        assert seen["errors"] == [], f"{name}: {seen['errors'][:3]}"
        outside = [url for url in seen["requests"] if not url.startswith(("file:", "data:"))]
        assert outside == [], f"{name} fetched {outside[:3]}"


def test_the_notebook_pages_carry_their_charts(visited):
    for report in ("built-in", "other"):
        with_images = [name for name, seen in visited[report].items() if seen["images"]]
        assert len(with_images) >= 10, with_images


def test_article_markup_never_runs(visited):
    assert all(seen["dialogs"] == [] for seen in visited["other"].values())


def test_screenshots_are_saved(visited):
    shots = sorted(visited["shots"].glob("*.png"))
    assert len(shots) >= 13 and all(shot.stat().st_size > 10_000 for shot in shots)
