"""Execute the numbered notebooks headless and write a shareable HTML report.

``build_report`` runs every ``notebooks/NN-*.ipynb`` in order, with its
parameters (data folder, date range, outlets) injected after the cell
tagged ``parameters``, as papermill does. For each notebook it writes a full
page and a reader's copy without code, every chart as PNG and SVG under
``figures/``, and an ``index.html`` that links them with a summary of the
corpus. Pages are self-contained: images are embedded and no script, font
or style sheet is fetched from the network.

Everything is written to a staging folder that replaces the old report
only when every notebook succeeded: a failing notebook stops the run with
its name, cell and error, and the previous report is left as it was.
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
from newslens.corpus import load_corpus, select, summarize

TEMPLATES = paths.PACKAGE_DIR / "templates"


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
    date_from: str | None = None,
    date_to: str | None = None,
    outlets: list[str] | None = None,
    timeout: int = 600,
) -> list[Path]:
    """Execute every notebook and write the HTML report.

    Args:
        data_dir: The data folder the notebooks analyse (default: the project's).
        out_dir: The report folder; replaced as a whole when every notebook succeeded.
        notebooks_dir: Where the numbered notebooks are.
        date_from, date_to: Keep articles published in this range (YYYY-MM-DD, inclusive).
        outlets: Keep only these outlets.
        timeout: Seconds one cell may run.

    Returns:
        The pages written: index first, then each notebook's full page and reader's copy.

    Raises:
        InputError: the corpus does not load (checked before any notebook runs).
        ValueError: the date range or outlets select nothing the corpus has.
        NotebookError: a notebook failed; nothing in ``out_dir`` was changed.
    """
    data_dir = Path(data_dir or paths.find_data_dir()).resolve()
    corpus = select(load_corpus(data_dir), start=date_from, end=date_to, outlets=outlets)
    if corpus.documents.empty:
        raise ValueError("the date range and outlets leave no articles to report on")
    parameters = {"data_dir": str(data_dir), "date_from": date_from, "date_to": date_to, "outlets": outlets,
                  "interactive": False}  # fmt: skip
    out_dir = Path(out_dir).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a report is for sharing
    try:
        pages = []
        for notebook in tqdm(notebook_paths(notebooks_dir), desc="notebooks", unit="nb"):
            with _environment(NEWSLENS_FIGURES=str(staging / "figures"), NEWSLENS_NOTEBOOK=notebook.stem):
                executed = execute_notebook(notebook, parameters=parameters, timeout=timeout)
            full, reader = write_html(executed, staging, notebook.stem)
            pages.append((notebook, full, reader))
        _write_index(staging / "index.html", pages, corpus, data_dir, parameters)
        _replace(out_dir, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out_dir / "index.html", *(out_dir / page.name for _, *both in pages for page in both)]


def execute_notebook(
    path: Path, *, parameters: dict | None = None, timeout: int = 600
) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in a fresh kernel, from its own folder.

    ``parameters`` are written into a cell placed after the one tagged
    ``parameters`` (or first, when there is none), as papermill does.

    Raises:
        NotebookError: naming the notebook, the failing cell (1-based) and the error.
    """
    notebook = nbformat.read(path, as_version=4)
    if parameters:
        _inject(notebook, parameters)
    client = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    backend = "module://matplotlib_inline.backend_inline"
    with _environment(MPLBACKEND=backend), client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            try:
                client.execute_cell(cell, index)
            except CellExecutionError as exc:
                raise NotebookError(
                    f"{path.name}: cell {index + 1} failed: {exc.ename}: {exc.evalue}"
                ) from None
    return notebook


def _inject(notebook: nbformat.NotebookNode, parameters: dict) -> None:
    lines = [f"{name} = {value!r}" for name, value in parameters.items()]
    cell = nbformat.v4.new_code_cell("# Parameters injected by newslens report\n" + "\n".join(lines))
    cell.metadata["tags"] = ["injected-parameters"]
    tagged = [
        i for i, c in enumerate(notebook.cells) if "parameters" in c.get("metadata", {}).get("tags", [])
    ]
    notebook.cells.insert(tagged[0] + 1 if tagged else 0, cell)


@contextmanager
def _environment(**values: str):
    """Set environment variables (for the kernel and the chart files), restoring them afterwards."""
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


def write_html(notebook: nbformat.NotebookNode, folder: Path, stem: str) -> tuple[Path, Path]:
    """The full page and the reader's copy (no code, no prompts) of an executed notebook."""
    written = []
    for suffix, options in (("", {}), (".reader", {"exclude_input": True, "exclude_input_prompt": True,
                                                   "exclude_output_prompt": True})):  # fmt: skip
        exporter = HTMLExporter(template_name="newslens", extra_template_basedirs=[str(TEMPLATES)], **options)
        body, _ = exporter.from_notebook_node(notebook)
        target = folder / f"{stem}{suffix}.html"
        target.write_text(body, encoding="utf-8")
        written.append(target)
    return written[0], written[1]


def _write_index(target: Path, pages: list[tuple[Path, Path, Path]], corpus, data_dir: Path,
                 parameters: dict) -> None:  # fmt: skip
    """A contents page: the notebooks, their figures, the corpus, when and from what it was built."""
    figures = sorted((target.parent / "figures").glob("*.png"))
    items = []
    for notebook, full, reader in pages:
        charts = [f for f in figures if f.name.startswith(notebook.stem + "-")]
        links = ", ".join(
            f'<a href="figures/{html.escape(f.name)}">{html.escape(f.stem)}</a> '
            f'(<a href="figures/{html.escape(f.with_suffix(".svg").name)}">svg</a>)'
            for f in charts
        )
        items.append(
            f'<li><a href="{html.escape(full.name)}">{html.escape(_title(notebook))}</a> '
            f'(<a href="{html.escape(reader.name)}">reader\'s copy, without code</a>)'
            + (f"<br><small>Charts: {links}</small>" if links else "")
            + "</li>"
        )
    chosen = ", ".join(
        f"{k} = {v}" for k, v in parameters.items() if v and k not in ("data_dir", "interactive")
    )
    built = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    summary = summarize(corpus).drop(columns=["title"]).to_html(index=False, escape=True)
    target.write_text(
        f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>newslens report</title>
<style>body{{font-family:sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;
line-height:1.5}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2rem .5rem}}
li{{margin:.5rem 0}}</style>
</head><body><h1>newslens report</h1>
<p>Built {html.escape(built)} from <code>{html.escape(str(data_dir))}</code>:
{len(corpus.documents)} articles{html.escape("; " + chosen) if chosen else ""}.</p>
<h2>Notebooks</h2><ol>{"".join(items)}</ol>
<h2>Corpus</h2>{summary}
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
