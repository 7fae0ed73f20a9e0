"""Execute the numbered notebooks headless and write them as HTML.

``build_report`` runs every ``notebooks/NN-*.ipynb`` in order against a data
folder (passed to the kernel as ``$NEWSLENS_DATA``), writes one HTML page per
notebook and an ``index.html`` into a staging folder, and only then swaps it
into place: a failing notebook stops the run with its name, cell and error,
and the previous report is left as it was.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter
from tqdm.auto import tqdm

from newslens import paths
from newslens.corpus import load_corpus, summarize


class NotebookError(RuntimeError):
    """A notebook failed to execute; the message names notebook, cell and error."""


def notebook_paths(notebooks_dir: Path = paths.NOTEBOOKS_DIR) -> list[Path]:
    """The numbered notebooks (``NN-name.ipynb``) in the order they run."""
    return sorted(notebooks_dir.glob("[0-9][0-9]-*.ipynb"))


def build_report(
    *,
    data_dir: str | Path | None = None,
    out_dir: str | Path = "reports",
    notebooks_dir: Path = paths.NOTEBOOKS_DIR,
    timeout: int = 600,
) -> list[Path]:
    """Execute every notebook and write the HTML report.

    Args:
        data_dir: The data folder the notebooks analyse (default: the project's).
        out_dir: The report folder; replaced as a whole when every notebook succeeded.
        notebooks_dir: Where the numbered notebooks are.
        timeout: Seconds one cell may run.

    Returns:
        The pages written, index first.

    Raises:
        InputError: the corpus does not load (checked before any notebook runs).
        NotebookError: a notebook failed; nothing in ``out_dir`` was changed.
    """
    data_dir = Path(data_dir or paths.find_data_dir()).resolve()
    corpus = load_corpus(data_dir)  # bad input fails here, fast and with exit code 2
    out_dir = Path(out_dir).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a report is for sharing
    try:
        pages = []
        for notebook in tqdm(notebook_paths(notebooks_dir), desc="notebooks", unit="nb"):
            executed = execute_notebook(notebook, data_dir=data_dir, timeout=timeout)
            pages.append((notebook, _write_html(executed, staging / f"{notebook.stem}.html")))
        _write_index(staging / "index.html", pages, corpus, data_dir)
        _replace(out_dir, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out_dir / "index.html", *(out_dir / page.name for _, page in pages)]


def execute_notebook(path: Path, *, data_dir: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in a fresh kernel, from its own folder.

    Raises:
        NotebookError: naming the notebook, the failing cell (1-based) and the error.
    """
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    backend = "module://matplotlib_inline.backend_inline"
    with _environment(NEWSLENS_DATA=str(data_dir), MPLBACKEND=backend), client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            try:
                client.execute_cell(cell, index)
            except CellExecutionError as exc:
                raise NotebookError(
                    f"{path.name}: cell {index + 1} failed: {exc.ename}: {exc.evalue}"
                ) from None
    return notebook


@contextmanager
def _environment(**values: str):
    """Set environment variables for the kernel, restoring them afterwards."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _write_html(notebook: nbformat.NotebookNode, target: Path) -> Path:
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(notebook)
    target.write_text(body, encoding="utf-8")
    return target


def _write_index(target: Path, pages: list[tuple[Path, Path]], corpus, data_dir: Path) -> None:
    """A contents page: the notebooks, the corpus summary, when and from what it was built."""
    summary = summarize(corpus).drop(columns=["title"])
    links = "\n".join(
        f'<li><a href="{html.escape(page.name)}">{html.escape(_title(notebook))}</a></li>'
        for notebook, page in pages
    )
    built = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    target.write_text(
        f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>newslens report</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;line-height:1.5}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2rem .5rem}}</style></head>
<body><h1>newslens report</h1>
<p>Built {html.escape(built)} from <code>{html.escape(str(data_dir))}</code>:
{len(corpus.documents)} articles.</p>
<h2>Notebooks</h2><ol>{links}</ol>
<h2>Corpus</h2>{summary.to_html(index=False, escape=True)}
</body></html>
""",
        encoding="utf-8",
    )


def _title(notebook: Path) -> str:
    """The notebook's first Markdown heading, or its file name."""
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("#"):
            return cell.source.lstrip().splitlines()[0].lstrip("# ").strip()
    return notebook.stem


def _replace(out_dir: Path, staging: Path) -> None:
    """Swap the finished staging folder in for the old report."""
    backup = None
    if out_dir.exists():
        backup = out_dir.with_name(f".{out_dir.name}-old")
        shutil.rmtree(backup, ignore_errors=True)
        out_dir.rename(backup)
    staging.rename(out_dir)
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)
