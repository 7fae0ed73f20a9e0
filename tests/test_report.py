"""newslens.report and the notebooks: every notebook executes, the report is written whole."""

from __future__ import annotations

import json

import nbformat
import pytest

from newslens import paths
from newslens.report import NotebookError, build_report, notebook_paths

NOTEBOOKS = notebook_paths()


def test_there_are_numbered_notebooks():
    assert [p.name for p in NOTEBOOKS][:1] == ["01-corpus-overview.ipynb"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebooks_carry_no_outputs(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.fixture(scope="module")
def report(data_copy, tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "reports"
    return out, build_report(data_dir=data_copy, out_dir=out)


def test_every_notebook_executes_into_an_html_page(report):
    _out, pages = report
    assert [p.name for p in pages] == ["index.html", *(f"{nb.stem}.html" for nb in NOTEBOOKS)]
    for page in pages[1:]:
        text = page.read_text(encoding="utf-8")
        assert "data:image/png;base64" in text
        assert "Traceback" not in text, page.name
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in text, f"{page.name} printed to stderr"


def test_index_links_every_page_and_summarises_the_corpus(report):
    out, pages = report
    index = (out / "index.html").read_text(encoding="utf-8")
    for page in pages[1:]:
        assert f'href="{page.name}"' in index
    assert "01 · What the corpus holds" in index
    assert "afp-2024-10-02" in index and "5 articles" in index


def test_a_failing_notebook_is_named_and_the_old_report_survives(tmp_path, data_copy):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("1 / 0")]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), notebooks / "01-broken.ipynb")
    out = tmp_path / "reports"
    out.mkdir()
    (out / "index.html").write_text("previous report", encoding="utf-8")
    with pytest.raises(NotebookError, match=r"01-broken\.ipynb: cell 2 failed: ZeroDivisionError"):
        build_report(data_dir=data_copy, out_dir=out, notebooks_dir=notebooks)
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_notebooks_live_in_the_project():
    assert all(nb.parent == paths.NOTEBOOKS_DIR for nb in NOTEBOOKS)
