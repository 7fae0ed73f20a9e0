"""newslens.report and the notebooks: every notebook executes, the report is written whole."""

from __future__ import annotations

import html
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import PIL.Image
import pytest

from newslens import cli, paths, report
from newslens.corpus import CorpusWarning
from newslens.errors import InputError
from newslens.report import MARKER, NotebookError, build_report, notebook_paths

#: Notebooks, report builds and Chromium: `make test` runs them, `make test-fast` does not.
pytestmark = pytest.mark.slow

NOTEBOOKS = notebook_paths()


def test_there_are_numbered_notebooks_with_parameters():
    assert [p.name for p in NOTEBOOKS][:1] == ["01-corpus-overview.ipynb"]
    assert all(nb.parent == paths.NOTEBOOKS_DIR for nb in NOTEBOOKS)
    for notebook in NOTEBOOKS:
        tags = [c.get("metadata", {}).get("tags", []) for c in nbformat.read(notebook, as_version=4).cells]
        assert ["parameters"] in tags, notebook.name


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebooks_carry_no_outputs(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_every_notebook_executes_into_one_page_with_its_code_behind_a_toggle(built_report):
    out, pages = built_report
    assert [p.name for p in pages] == ["index.html"] + [f"{nb.stem}.html" for nb in NOTEBOOKS]
    for page in pages[1:]:
        text = page.read_text(encoding="utf-8")
        assert "data:image/png;base64" in text
        assert "Traceback" not in text, page.name
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in text, f"{page.name} printed to stderr"
    page = (out / "02-term-frequencies.html").read_text(encoding="utf-8")
    assert '<div class="highlight' in page and 'id="newslens-code"' in page  # the code, and its toggle
    styles = re.findall(r"<style[^>]*>(.*?)</style>", page, flags=re.S)
    assert sum(map(len, styles)) < 40_000  # the rules a page uses, not JupyterLab's 240 KB style sheet


def test_pages_fetch_nothing_from_the_network(built_report):
    _, pages = built_report
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"""<(?:script|link|img|iframe)[^>]+(?:src|href)=["']?(?:https?:)?//""", text), (
            page.name
        )


def test_every_chart_is_also_a_png_and_an_svg_with_a_descriptive_name(built_report):
    out, _ = built_report
    pngs = sorted((out / "figures").glob("*.png"))
    for notebook in NOTEBOOKS:  # every chart saved is shown in its page too
        page = (out / f"{notebook.stem}.html").read_text(encoding="utf-8")
        saved = [png for png in pngs if png.name.startswith(notebook.stem + "-")]
        assert page.count("data:image/png") >= len(saved), notebook.name
    assert len(pngs) >= 20
    assert all(png.with_suffix(".svg").is_file() for png in pngs)
    names = {png.name for png in pngs}
    assert "01-corpus-overview-01-when-each-outlet-published-one-dot-per-article.png" in names
    assert any(name.startswith("04-timeline-") and "events" in name for name in names)


def test_index_links_every_page_and_summarises_the_corpus(built_report):
    out, pages = built_report
    index = (out / "index.html").read_text(encoding="utf-8")
    for page in pages[1:]:
        assert f'href="{page.name}"' in index
    assert "01 · What the corpus holds" in index and "figures/01-corpus-overview-01-" in index
    assert "afp-2024-10-02" in index and "5 articles" in index


def test_the_index_is_a_gallery_linking_each_chart_to_its_cell(built_report):
    out, _ = built_report
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(
        r'<a href="([^"#]+\.html)#cell-id=([^"]+)"><img src="(figures/thumbnails/[^"]+)"', index
    )
    static = list((out / "figures").glob("*.png"))
    assert len(links) > len(static) >= 20  # every static chart, and the interactive ones
    for page, cell, thumbnail in links:
        assert f'id="cell-id={cell}"' in (out / page).read_text(encoding="utf-8"), (page, cell)
        with PIL.Image.open(out / thumbnail) as image:
            assert max(image.size) <= max(report.THUMBNAIL) and image.size[0] > 100
    assert "<th>count</th><td>copies</td>" in index and "<th>date_from</th><td>all</td>" in index


def test_interactive_charts_carry_compiled_specs_and_the_runtime_once(built_report):
    out, _ = built_report
    for name in ("02-term-frequencies", "03-sentiment", "04-timeline", "05-actors-and-quotes"):
        page = (out / f"{name}.html").read_text(encoding="utf-8")
        specs = re.findall(r'<script[^>]*class="newslens-vega"[^>]*>(.*?)</script>', page, re.S)
        assert specs, name
        for spec in map(json.loads, specs):
            assert spec["$schema"].startswith("https://vega.github.io/schema/vega/v5")  # Vega, not Vega-Lite
            assert not any("url" in data for data in spec["data"])  # data embedded, never fetched
        assert page.count('id="newslens-vega-runtime"') == 1, name
    assert "newslens-vega" not in (out / "01-corpus-overview.html").read_text(encoding="utf-8")


def test_the_built_in_report_stays_small(built_report):
    out, _ = built_report
    total = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    assert total < 5_000_000, total


def test_another_corpus_renders_through_the_parameters(other_report):
    out, _ = other_report
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "61 articles" in index and "wn01" in index and "afp-2024-10-02" not in index
    overview = (out / "01-corpus-overview.html").read_text(encoding="utf-8")
    assert "Magnitogorsk" in overview


def test_the_notebooks_run_unchanged_on_a_store_and_find_the_same(other_report, tmp_path):
    from newslens.ingest import ingest

    out, pages = other_report
    data = out.parent / "data"
    store = ingest(data, out=tmp_path / "store", jobs=2).store
    from_store = build_report(data_dir=store, out_dir=tmp_path / "reports")
    assert [p.name for p in from_store] == [p.name for p in pages]
    for page, stored in zip(pages[1:], from_store[1:], strict=True):
        expected = _page_text(page).replace(str(data.resolve()), "DATA")
        assert _page_text(stored).replace(str(store.resolve()), "DATA") == expected, page.name
    assert "61 articles" in (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")


def _page_text(page: Path) -> str:
    """What a page says: its text and tables, without markup, images and chart specs."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text))


def test_article_markup_is_shown_as_text_everywhere(other_report):
    out, pages = other_report
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for raw in ("<script>alert", "<b>Wire</b>", "<img src=x", "<b>bold</b>", "<i>We reject</i>"):
            assert raw not in text, f"{raw!r} unescaped in {page.name}"
    overview = (out / "01-corpus-overview.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(2)&gt;" in overview
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in overview  # the title, in the articles table
    assert "Test &lt;b&gt;Wire&lt;/b&gt;" in (out / "index.html").read_text(encoding="utf-8")
    quotes = (out / "05-actors-and-quotes.html").read_text(encoding="utf-8")
    assert "&lt;i&gt;We reject&lt;/i&gt;" in quotes


def test_a_failing_notebook_is_named_and_the_old_report_survives(tmp_path, data_copy):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("1 / 0")]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), notebooks / "01-broken.ipynb")
    out = tmp_path / "reports"
    out.mkdir()
    (out / "index.html").write_text("previous report", encoding="utf-8")
    (out / MARKER).write_text('{"files": ["index.html"]}', encoding="utf-8")
    with pytest.raises(NotebookError, match=r"01-broken\.ipynb: cell 3 failed: ZeroDivisionError"):
        build_report(data_dir=data_copy, out_dir=out, notebooks_dir=notebooks)
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_selection_with_no_articles_is_refused(tmp_path, data_copy):
    with pytest.raises(ValueError, match="no outlet Reuters"):
        build_report(data_dir=data_copy, out_dir=tmp_path / "r", outlets=["Reuters"])
    with pytest.raises(ValueError, match="no articles"):
        build_report(data_dir=data_copy, out_dir=tmp_path / "r", date_from="2030-01-01")


def _tiny_notebooks(folder: Path, *sources: str) -> Path:
    """A notebooks folder with one notebook of these code cells: builds a report in seconds."""
    folder.mkdir()
    cells = [nbformat.v4.new_code_cell(source) for source in sources or ("x = 1",)]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), folder / "01-tiny.ipynb")
    return folder


def _contents(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to show that nothing changed."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _hidden(folder: Path) -> list[str]:
    """Hidden entries beside the report (a staging folder or an old report left behind)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _refused(monkeypatch, capsys, data: Path, out: Path | str) -> str:
    """Run ``newslens report --data data --out out``, expecting exit 2 before the corpus loads; stderr."""

    def fail(*args, **kwargs):
        raise AssertionError("the corpus was loaded before --out was checked")

    monkeypatch.setattr(report, "open_corpus", fail)
    assert cli.main(["report", "--data", str(data), "--out", str(out)]) == 2
    return capsys.readouterr().err


@pytest.mark.parametrize("where", ["data", "raw", "inside", "parent"])
def test_report_refuses_the_data_folder_and_any_folder_in_or_around_it(where, tmp_path, monkeypatch, capsys,
                                                                      make_data):  # fmt: skip
    data = make_data({"raw/a.txt": "Ministers meet\n\nThey met on Tuesday.\n"})
    out = {"data": data, "raw": data / "raw", "inside": data / "reports", "parent": data.parent}[where]
    before = _contents(tmp_path)
    err = _refused(monkeypatch, capsys, data, out)
    assert str(out) in err and "data folder" in err
    assert _contents(tmp_path) == before and not (data / "reports").exists()


def test_report_refuses_a_folder_that_holds_other_files(tmp_path, monkeypatch, capsys, data_copy):
    out = tmp_path / "thesis"
    (out / "chapters").mkdir(parents=True)
    (out / "notes.txt").write_text("months of work", encoding="utf-8")
    (out / "chapters" / "one.md").write_bytes(b"# One\n\x00\xff")
    before = _contents(out)
    err = _refused(monkeypatch, capsys, data_copy, out)
    assert f"{out}: will not write the report here: it holds files and is not a newslens report" in err
    assert _contents(out) == before and _hidden(tmp_path) == []


def test_report_refuses_a_file(tmp_path, monkeypatch, capsys, data_copy):
    out = tmp_path / "reports"
    out.write_text("not a folder", encoding="utf-8")
    err = _refused(monkeypatch, capsys, data_copy, out)
    assert f"{out}: " in err and "a file, not a folder" in err
    assert out.read_text(encoding="utf-8") == "not a folder" and _hidden(tmp_path) == []


def test_report_refuses_the_working_directory(tmp_path, monkeypatch, capsys, data_copy):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    err = _refused(monkeypatch, capsys, data_copy, ".")
    assert f"{here}: " in err and "current working directory" in err
    assert here.is_dir() and list(here.iterdir()) == [] and _hidden(tmp_path) == []


@pytest.mark.parametrize("kind", ["new", "empty", "previous report"])
def test_report_writes_a_new_an_empty_or_a_previous_report_folder(kind, tmp_path, data_copy):
    notebooks = _tiny_notebooks(tmp_path / "notebooks")
    out = tmp_path / "site" / "reports"
    if kind == "empty":
        out.mkdir(parents=True)
    elif kind == "previous report":
        build_report(data_dir=data_copy, out_dir=out, notebooks_dir=notebooks)
        (out / "stale.html").write_text("from the old report", encoding="utf-8")
        marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
        (out / MARKER).write_text(json.dumps(marker | {"files": [*marker["files"], "stale.html"]}))
    pages = build_report(data_dir=data_copy, out_dir=out, notebooks_dir=notebooks)
    assert [p.name for p in pages] == ["index.html", "01-tiny.html"]
    written = sorted([MARKER, *(p.name for p in pages)])
    assert sorted(p.name for p in out.iterdir()) == written  # the old report went as a whole, stale.html too
    marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    assert set(marker) >= {"newslens", "built"}
    assert _hidden(out.parent) == []


def test_a_previous_report_holding_a_readers_files_is_not_replaced(tmp_path, data_copy):
    notebooks = _tiny_notebooks(tmp_path / "notebooks")
    out = tmp_path / "reports"
    build_report(data_dir=data_copy, out_dir=out, notebooks_dir=notebooks)
    (out / "figures").mkdir(exist_ok=True)
    (out / "figures" / "my-notes.txt").write_text("what I think of chart 3", encoding="utf-8")
    with pytest.raises(
        InputError, match=r"files were added to the report since it was built: figures/my-notes\.txt"
    ):
        build_report(data_dir=data_copy, out_dir=out, notebooks_dir=notebooks)
    assert (out / "figures" / "my-notes.txt").read_text(encoding="utf-8") == "what I think of chart 3"


def test_a_display_error_is_named(tmp_path, data_copy):
    failing = 'import pandas as pd\npd.DataFrame({"d": [pd.NaT]}).style.format({"d": "{:%Y}"})'
    notebooks = _tiny_notebooks(tmp_path / "notebooks", failing)
    with pytest.raises(
        NotebookError, match=r"01-tiny\.ipynb: cell 2 failed: ValueError: NaTType does not support"
    ):
        build_report(data_dir=data_copy, out_dir=tmp_path / "reports", notebooks_dir=notebooks)
    assert list(tmp_path.iterdir()) == [notebooks]


def _processes_with(text: str) -> list[str]:
    """The processes whose environment mentions ``text`` (the kernels of a report, by $NEWSLENS_REPORT)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if text.encode() in environ.read_bytes():
                found.append(environ.parent.name)
        except OSError:  # gone, or not ours to read
            pass
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux's /proc")
def test_sigterm_removes_the_staging_folder_and_keeps_the_old_report(tmp_path, data_copy):
    out = tmp_path / "site" / "reports"
    build_report(data_dir=data_copy, out_dir=out, notebooks_dir=_tiny_notebooks(tmp_path / "notebooks"))
    before = _contents(out)
    command = [sys.executable, "-m", "newslens.cli", "report", "--data", str(data_copy), "--out", str(out)]
    process = subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        staging = _wait_for_kernel(out.parent, process)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=300)
    finally:
        process.kill()
    assert process.returncode == 128 + signal.SIGTERM, err
    assert "stopped by SIGTERM" in err and "Traceback" not in err and "Task exception" not in err, err
    assert _hidden(out.parent) == [] and _contents(out) == before, err
    assert _processes_with(f"NEWSLENS_REPORT={staging}\0") == [], err


class _SignalledWhenCollected:
    """Sends this process SIGTERM from its finalizer, where the handler's exception is lost."""

    def __del__(self) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        sum(range(1000))  # bytecode to run the handler at, still inside the finalizer


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_signal_whose_exception_a_finalizer_lost_still_stops_the_report():
    """A SIGTERM during garbage collection once let a report run to its end and exit 0."""
    with report._interruptible():
        _SignalledWhenCollected()  # collected at once: Interrupted is raised in __del__ and ignored
        with pytest.raises(report.Interrupted, match="SIGTERM"):
            report._stop_if_interrupted()
    report._stop_if_interrupted()  # nothing pending once the report is over


def _wait_for_kernel(folder: Path, process: subprocess.Popen) -> Path:
    """The report's staging folder, once its first notebook has drawn a chart (its kernel runs)."""
    for _ in range(3000):  # polls for up to ten minutes, in case the machine is busy
        staging = [p for p in folder.glob(".reports-*") if (p / "figures").is_dir()]
        if staging:
            return staging[0]
        assert process.poll() is None, process.communicate()
        time.sleep(0.2)
    pytest.fail("the report never started its first notebook")


UNDATED = {
    "raw/summit.txt": (
        "Leaders discuss trade at summit\n\n"
        "Vladimir Putin and Xi Jinping met to discuss trade, energy and the war in Ukraine. "
        "Putin said the partnership between Russia and China had never been stronger. "
        "\u201cWe will keep building trade and cooperation,\u201d Xi said after the talks. "
        "Officials signed agreements on gas supplies and on payments in national currencies. "
        "Analysts said the meeting showed how close the two countries have become.\n"
    ),
    "raw/ministers.txt": (
        "Ministers meet in Geneva\n\n"
        "The foreign ministers of both countries met in Geneva on Tuesday to discuss trade. "
        "Sergei Lavrov said the talks had been useful and frank. "
        "Wang Yi called for peace talks and warned against new sanctions. "
        "They agreed to meet again in the spring to review the agreements on energy.\n"
    ),
    "raw/markets.txt": (
        "Markets react to energy deal\n\n"
        "Shares in energy companies rose after the gas agreement between Russia and China. "
        "Traders said the deal would change trade routes for years. "
        "The European Union said it was watching the agreement closely. "
        "Some economists warned that the deal depended on prices that could fall.\n"
    ),
}


def test_a_corpus_without_dates_renders(tmp_path, make_data):
    data = make_data(UNDATED)
    with pytest.warns(CorpusWarning, match="not in"):
        pages = build_report(data_dir=data, out_dir=tmp_path / "reports")
    assert len(pages) == 1 + len(NOTEBOOKS)
    assert "3 articles" in pages[0].read_text(encoding="utf-8")
    assert "undated" in (tmp_path / "reports" / "01-corpus-overview.html").read_text(encoding="utf-8")
    assert_prose_is_about(tmp_path / "reports", data)
    charts = [png.name for png in (tmp_path / "reports" / "figures").glob("*.png")]
    over_time = ("when-each-outlet-published", "by-month", "by-publication-day")  # no chart of empty axes
    assert charts and not [name for name in charts if any(part in name for part in over_time)]
    sentiment = (tmp_path / "reports" / "03-sentiment.html").read_text(encoding="utf-8")
    assert "No article is dated, so there is no tone by month to chart." in sentiment


# --- prose and charts about the corpus in front of them ------------------------------------------------


def _foreign_names() -> set[str]:
    """Names and topics of the built-in corpus: its gazetteer, targets, outlets and headline topics."""
    import yaml

    names = {"Belt and Road", "Ukraine", "Kazan", "Gaza", "Xinhua", "CGTN", "TV BRICS", "Arirang", "teleSUR",
             "AFP", "PR Newswire", "BRICS", "Mao Ning", "Korean"}  # fmt: skip
    for entry in yaml.safe_load((paths.PROJECT_ROOT / "data" / "actors.yml").read_text(encoding="utf-8")):
        names.update([entry["name"], *entry.get("aliases", [])])
    for entry in yaml.safe_load((paths.PROJECT_ROOT / "data" / "targets.yml").read_text(encoding="utf-8")):
        names.update([entry["label"], *entry["phrases"]])
    return {n for n in names if len(n) > 3 and n.isascii() and n[0].isupper()}  # names, not common words


def _prose(page: Path) -> str:
    """The words a reader of a rendered page sees: its text without markup, tables and code."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"<(script|style|table)\b.*?</\1>", " ", text, flags=re.S | re.I)
    text = re.sub(r'<div class="highlight[^"]*">.*?</pre>', " ", text, flags=re.S)  # code, hidden
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def assert_prose_is_about(out: Path, data: Path) -> None:
    """No reader's page names a person, place or topic of the built-in corpus that the corpus's own
    articles do not name, none carries built-in commentary, and every chart's name fits it."""
    corpus = " ".join(f.read_text(encoding="utf-8") for f in (data / "raw").iterdir())
    absent = {n for n in _foreign_names() if not re.search(rf"(?<!\w){re.escape(n)}(?!\w)", corpus)}
    for page in sorted(out.glob("[0-9][0-9]-*.html")):
        prose = _prose(page)
        assert "built-in corpus)" not in prose, page.name
        named = sorted(n for n in absent if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", prose))
        assert not named, f"{page.name} names {named}, which the corpus does not"
    for png in (out / "figures").glob("*.png"):
        assert not any(n.lower().replace(" ", "-") in png.name for n in absent), png.name


def test_another_corpus_gets_prose_and_charts_about_itself(other_report):
    out, _ = other_report
    data = next(p for p in out.parent.iterdir() if p.name == "data")
    assert_prose_is_about(out, data)
    terms_page = _prose(out / "02-term-frequencies.html")
    assert "Followed: the 7 terms whose rate differs most between months" in terms_page
    assert "Compared: the two months with the most articles" in terms_page
    sentiment_page = _prose(out / "03-sentiment.html")
    assert "Targets: the 8 people, organisations and places named in the most articles" in sentiment_page


def test_charts_stay_a_readable_size(other_report):
    import matplotlib.image

    out, _ = other_report
    pngs = sorted((out / "figures").glob("*.png"))
    assert len(pngs) >= 15
    for png in pngs:  # as the page shows them, at 100 dpi: at most 16 by 14 inches, and a tight margin
        height, width = matplotlib.image.imread(png).shape[:2]
        assert width <= 17 * 100 and height <= 15 * 100, (png.name, width, height)
