"""The notebooks live in JupyterLab: a headless server, driven in Chromium as a user would.

The server runs as ``make lab`` starts it (as root too, with ``--allow-root``) on a copy of the
notebooks, so nothing JupyterLab saves reaches the project; the kernel reads a copy of the data.
Only the server's own address is reachable: every other request is refused.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from newslens import explore, load_corpus, paths
from test_browser import CHROMIUM, FLAGS

#: Notebooks, report builds and Chromium: `make test` runs them, `make test-fast` does not.
pytestmark = pytest.mark.slow

NOTEBOOKS = ["04-timeline.ipynb", "06-explorer.ipynb"]


#: Resolves once the open notebook's kernel has started and is idle (the status bar says "idle"
#: for a moment before the kernel starts, too early to run anything).
KERNEL_READY = """async () => {
    const notebook = window.jupyterapp.shell.currentWidget;
    await notebook.context.ready;
    await notebook.sessionContext.ready;
    const session = notebook.sessionContext;
    const kernel = () => session.session?.kernel?.connectionStatus;
    while (kernel() !== "connected" || session.kernelDisplayStatus !== "idle") {
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}"""


#: Scrolls the open notebook to its first interactive chart (JupyterLab draws only the cells in
#: view); resolves to that cell's index, -1 when there is none.
SHOW_CHART = """async () => {
    const notebook = window.jupyterapp.shell.currentWidget.content;
    const index = notebook.widgets.findIndex((cell) => cell.model.type === "code" &&
        cell.model.outputs.toJSON().some((output) => output.data?.["application/vnd.vegalite.v5+json"]));
    if (index >= 0) {
        notebook.activeCellIndex = index;
        await notebook.scrollToItem(index, "start");
    }
    return index;
}"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory, data_copy):
    """A JupyterLab server on a copy of the notebooks: its URL and token."""
    folder = tmp_path_factory.mktemp("lab")
    for name in NOTEBOOKS:
        shutil.copy(paths.NOTEBOOKS_DIR / name, folder / name)
    port, token = _free_port(), secrets.token_hex(16)
    command = [
        str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser", f"--port={port}",
        "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={folder}",
        "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        *(["--allow-root"] if os.geteuid() == 0 else []),
    ]  # fmt: skip
    environment = {
        **os.environ,
        "NEWSLENS_DATA": str(data_copy),
        "JUPYTER_CONFIG_DIR": str(folder / ".config"),
    }
    log = open(folder / "server.log", "wb")  # noqa: SIM115  (closed with the server)
    server = subprocess.Popen(
        command, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            assert server.poll() is None, (folder / "server.log").read_text()[-2000:]
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield url, token
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        log.close()
        log.close()


def _run_notebook(lab, name: str, browser):
    """Open a notebook in JupyterLab and run all its cells; the page, once every cell has run."""
    url, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(url) else r.abort())
    workspace = Path(name).stem  # a fresh one, so no notebook opened before comes back
    page.goto(f"{url}/lab/workspaces/{workspace}/tree/{name}?reset&token={token}")
    page.wait_for_function(
        "window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell')", timeout=120_000
    )
    page.evaluate(KERNEL_READY)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(  # every code cell has its execution count
        """Array.from(window.jupyterapp.shell.currentWidget.node.querySelectorAll('.jp-InputPrompt'))
             .every(p => /\\[\\d+\\]/.test(p.textContent) || !p.closest('.jp-CodeCell'))""",
        timeout=300_000,
    )
    return page


def test_the_explorer_answers_a_term_typed_in_its_box(lab, data_copy):
    expected = len(explore.term_view(load_corpus(data_copy), "Putin").kwic)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = _run_notebook(lab, "06-explorer.ipynb", browser)
        box = page.locator(".widget-text input").first
        expect(box).to_be_visible(timeout=120_000)
        expect(page.get_by_text(re.compile(r"Belt and Road: \d+ occurrences"))).to_be_visible(timeout=60_000)
        box.fill("Putin")
        box.press("Enter")
        expect(page.get_by_text(f"Putin: {expected} occurrences")).to_be_visible(timeout=60_000)
        output = page.locator(".widget-output").first
        expect(output.locator("table")).to_have_count(2, timeout=60_000)  # counts by outlet, concordance
        concordance = output.locator("table").last.inner_text()
        assert concordance.count("Putin") >= expected
        assert "Belt and Road:" not in output.inner_text()
        page.screenshot(path=str(data_copy.parent / "lab-explorer.png"))
        browser.close()
    assert expected > 3


def test_interactive_charts_draw_in_jupyterlab(lab, data_copy):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = _run_notebook(lab, "04-timeline.ipynb", browser)
        shown = page.evaluate(SHOW_CHART)
        assert shown >= 0, "no cell shows an interactive chart"
        chart = page.locator(".jp-mod-current .vega-embed, .jp-NotebookPanel:visible .vega-embed").first
        expect(chart).to_be_visible(timeout=60_000)
        assert chart.locator("canvas, svg").count() >= 1
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        assert errors.count() == 0
        browser.close()
