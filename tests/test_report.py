"""newslens.report and the notebooks: every notebook executes, the report is written whole."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from newslens import paths
from newslens.report import NotebookError, build_report, notebook_paths

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


def test_every_notebook_executes_into_a_full_page_and_a_reader_copy(built_report):
    out, pages = built_report
    expected = ["index.html"] + [f"{nb.stem}{s}.html" for nb in NOTEBOOKS for s in ("", ".reader")]
    assert [p.name for p in pages] == expected
    for page in pages[1:]:
        text = page.read_text(encoding="utf-8")
        assert "data:image/png;base64" in text
        assert "Traceback" not in text, page.name
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in text, f"{page.name} printed to stderr"
    full = (out / "02-term-frequencies.html").read_text(encoding="utf-8")
    reader = (out / "02-term-frequencies.reader.html").read_text(encoding="utf-8")
    assert '<div class="highlight' in full and '<div class="highlight' not in reader  # code cells


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


def test_another_corpus_renders_through_the_parameters(other_report):
    out, _ = other_report
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "4 articles" in index and "wn1" in index and "afp-2024-10-02" not in index
    overview = (out / "01-corpus-overview.html").read_text(encoding="utf-8")
    assert "Babyninsky" in overview


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
    with pytest.raises(NotebookError, match=r"01-broken\.ipynb: cell 3 failed: ZeroDivisionError"):
        build_report(data_dir=data_copy, out_dir=out, notebooks_dir=notebooks)
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_selection_with_no_articles_is_refused(tmp_path, data_copy):
    with pytest.raises(ValueError, match="no outlet Reuters"):
        build_report(data_dir=data_copy, out_dir=tmp_path / "r", outlets=["Reuters"])
    with pytest.raises(ValueError, match="no articles"):
        build_report(data_dir=data_copy, out_dir=tmp_path / "r", date_from="2030-01-01")
