"""Execute the numbered notebooks headless and write a shareable HTML report.

``build_report`` runs every ``notebooks/NN-*.ipynb`` in order, with its
parameters (data folder, date range, outlets) injected after the cell
tagged ``parameters``, as papermill does. For each notebook it writes one page,
read without the code until a reader asks for it ("Show the code"), every chart as PNG and SVG under
``figures/`` (the plots save nothing themselves: the report takes each
figure a notebook shows, see :func:`newslens.kernel.prepare`), and an ``index.html``:
a gallery of every chart, each thumbnail linking to the chart in its page,
with the corpus and the parameters of the report.

Pages are self-contained and work offline: images are embedded, and a page
with interactive charts (:mod:`newslens.charts`) carries the Vega runtime
once, inlined, with each chart's spec compiled to Vega at build time; no
script, font or style sheet is fetched from the network.

Nothing but a report is ever replaced. ``out_dir`` must be a new folder,
an empty one, or a previous report (it holds the ``.newslens-report``
marker, a JSON of the newslens version and build time, that every report
writes); anything else (a file, a folder with other files, the working
directory, the data folder or a folder inside or around it) is refused
with :class:`InputError` before any notebook runs or anything is written.

Everything is written to a staging folder beside ``out_dir`` that replaces
the old report (two renames) only when every notebook succeeded: a failing
notebook stops the run with its name, cell and error, and the previous
report is left as it was. SIGTERM and SIGINT raise :class:`Interrupted`
while a report is built, so the staging folder is removed and the notebook
kernel shut down; the swap and the clean-up hold signals until they are done.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import functools
import gzip
import html
import io
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import nbformat
from jupyter_core.utils import ensure_event_loop, run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter
from tqdm.auto import tqdm

from newslens import __version__, paths
from newslens.corpus import select, summarize
from newslens.errors import InputError
from newslens.store import open_corpus

TEMPLATES = paths.PACKAGE_DIR / "templates"
VEGALITE = "application/vnd.vegalite.v5+json"  # what newslens.charts shows
THUMBNAIL = (360, 260)  # pixels, at most, of a chart in the gallery
MARKER = ".newslens-report"  # written into every report: only such a folder is ever replaced
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class NotebookError(RuntimeError):
    """A notebook failed to execute; the message names notebook, cell and error."""


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGINT arrived while a report was built; ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


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
    count: str = "copies",
    params: dict | None = None,
    timeout: int = 600,
) -> list[Path]:
    """Execute every notebook and write the HTML report.

    Args:
        data_dir: What the notebooks analyse, anything :func:`newslens.open` takes (default: data/).
        out_dir: The report folder; replaced as a whole when every notebook succeeded.
        notebooks_dir: Where the numbered notebooks are.
        date_from, date_to: Keep articles published in this range (YYYY-MM-DD, inclusive).
        outlets: Keep only these outlets.
        count: What the notebooks' counts count: every article (``"copies"``) or
            each story once (``"stories"``, see :func:`newslens.duplicates.weights`).
        params: More notebook parameters by name (the choices a notebook otherwise
            makes from the data: ``followed``, ``compare``, ``concordance`` ...).
        timeout: Seconds one cell may run.

    Returns:
        The pages written: index first, then each notebook's page.

    Raises:
        InputError: ``out_dir`` is not a folder a report may replace, or the
            corpus does not load (both checked before any notebook runs).
        ValueError: the date range or outlets select nothing the corpus has.
        NotebookError: a notebook failed; nothing in ``out_dir`` was changed.
        Interrupted: SIGTERM or SIGINT; the staging folder is removed, ``out_dir`` left whole.
    """
    from newslens.duplicates import check_count

    check_count(count)
    reserved = {"data_dir", "date_from", "date_to", "outlets", "count", "interactive"} & set(params or {})
    if reserved:
        raise InputError(f"set {', '.join(sorted(reserved))} with its own option, not as a parameter")
    with _interruptible():
        data_dir = Path(data_dir or paths.find_data_dir()).resolve()
        out_dir = Path(out_dir).absolute()
        check_out_dir(out_dir, data_dir)
        corpus = select(open_corpus(data_dir), start=date_from, end=date_to, outlets=outlets)
        if corpus.size() == 0:
            raise ValueError("the date range and outlets leave no articles to report on")
        parameters = {"data_dir": str(corpus.path), "date_from": date_from, "date_to": date_to,
                      "outlets": outlets, "count": count, "interactive": False, **(params or {})}  # fmt: skip
        try:
            staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name[:40]}-", dir=out_dir.parent))
        except OSError as exc:
            raise InputError(f"cannot write beside the report folder: {exc.strerror}", path=out_dir) from None
        try:
            pages = _write_report(staging, notebook_paths(notebooks_dir), corpus, parameters, timeout)
            check_out_dir(out_dir, data_dir)  # again: the notebooks took a while
            _stop_if_interrupted()
            _replace(out_dir, staging)
        finally:
            with _signals_held():
                shutil.rmtree(staging, ignore_errors=True)
    return [out_dir / page.name for page in pages]


def _write_report(folder: Path, notebooks: list[Path], corpus, parameters: dict, timeout: int) -> list[Path]:
    """Execute the notebooks into ``folder`` with the index and the marker; returns the pages written."""
    folder.chmod(0o755)  # mkdtemp makes it private; a report is for sharing
    pages = []
    charts = []
    for notebook in tqdm(notebooks, desc="notebooks", unit="nb"):
        with _environment(NEWSLENS_REPORT=str(folder)):  # tells a report's kernels apart
            executed = execute_notebook(notebook, parameters=parameters, timeout=timeout)
        charts += save_charts(executed, folder / "figures", notebook.stem)
        pages.append((notebook, write_html(executed, folder, notebook.stem)))
    _write_index(folder / "index.html", pages, charts, corpus, Path(parameters["data_dir"]), parameters)
    _write_marker(folder / MARKER, parameters["data_dir"])
    return [folder / "index.html", *(page for _, page in pages)]


def check_out_dir(out_dir: Path, data_dir: Path) -> None:
    """Refuse a report folder whose replacement could lose anything but a previous report.

    Raises:
        InputError: naming ``out_dir`` and why it cannot hold the report.
    """
    try:
        reason = _refusal(Path(out_dir).absolute(), Path(data_dir).resolve())
        if reason is None and not Path(out_dir).exists():
            Path(out_dir).absolute().parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a name too long, a parent that is a file, a folder of the system's
        reason = f"it cannot be made ({exc.strerror})"
    if reason:
        raise InputError(
            f"will not write the report here: {reason}; --out must be a new folder, an empty one "
            f"or a previous newslens report (with its {MARKER} file)",
            path=out_dir,
        )


def _refusal(out_dir: Path, data_dir: Path) -> str | None:
    """Why ``out_dir`` may not be replaced by a report, or None when it may."""
    if out_dir.is_symlink():
        return "it is a symbolic link"
    if out_dir.exists() and not out_dir.is_dir():
        return "it is a file, not a folder"
    out_dir = out_dir.resolve()
    if out_dir == data_dir:
        return "it is the data folder"
    if out_dir.is_relative_to(data_dir):
        return f"it is inside the data folder {data_dir}"
    if data_dir.is_relative_to(out_dir):
        return f"it holds the data folder {data_dir}"
    if not out_dir.exists():
        return None
    if is_report(out_dir):
        added = _added_files(out_dir)
        return f"files were added to the report since it was built: {', '.join(added[:5])}" if added else None
    if Path.cwd().resolve().is_relative_to(out_dir):
        return "it is (or holds) the current working directory"
    if any(out_dir.iterdir()):
        return "it holds files and is not a newslens report"
    return None


def is_report(folder: Path) -> bool:
    """Whether ``folder`` holds a report newslens wrote (its marker file)."""
    return (folder / MARKER).is_file()


def _files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir())


def _added_files(report: Path) -> list[str]:
    """Files in a previous report that it did not write (a reader's notes): replacing would lose them."""
    try:
        written = set(json.loads((report / MARKER).read_text(encoding="utf-8"))["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return [MARKER]  # a marker that does not list the report's files vouches for none of them
    return [name for name in _files_in(report) if name not in written and name != MARKER]


def _write_marker(target: Path, data_dir: str) -> None:
    """The file that marks a folder as a newslens report, listing the files it wrote, so that a
    later report may replace it when nothing else was added."""
    built = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    record = {
        "newslens": __version__,
        "built": built,
        "data_dir": data_dir,
        "files": _files_in(target.parent),
    }
    target.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


@contextmanager
def _interruptible():
    """Make SIGTERM and SIGINT raise :class:`Interrupted`, so clean-up in ``finally`` runs.

    Signal handlers can only be set in the main thread; elsewhere nothing changes.
    The previous handlers are restored afterwards.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        _RECEIVED.append(signum)
        raise Interrupted(signum)

    def unraisable(lost) -> None:  # an Interrupted lost in a finalizer is not an error to print
        if not isinstance(lost.exc_value, Interrupted):
            hook(lost)

    saved = {number: signal.signal(number, interrupt) for number in SIGNALS}
    hook, sys.unraisablehook = sys.unraisablehook, unraisable
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
        sys.unraisablehook = hook
        _RECEIVED.clear()


#: The signals :func:`_interruptible` received. Its handler's exception is lost when the signal
#: arrives while Python runs a finalizer or a weak reference's callback ("Exception ignored in"),
#: so the report also stops before its next cell or its swap (:func:`_stop_if_interrupted`).
_RECEIVED: list[int] = []


def _stop_if_interrupted() -> None:
    """Raise :class:`Interrupted` for a signal whose handler's exception was lost."""
    if _RECEIVED:
        raise Interrupted(_RECEIVED[0])


@contextmanager
def _signals_held():
    """Hold SIGTERM and SIGINT until the block ends, so a swap or a clean-up is never cut in half."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


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
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        extra_arguments=["--IPKernelApp.exec_lines=import newslens.kernel; newslens.kernel.prepare()"],
    )
    client.km = client.create_kernel_manager()  # so _stop_kernel finds it whatever stops the run
    backend = "module://matplotlib_inline.backend_inline"
    try:
        with _environment(MPLBACKEND=backend), client.setup_kernel(cleanup_kc=False):
            _execute_cells(client, notebook, path.name)
    except KeyboardInterrupt:
        _cancel_pending()
        raise
    finally:
        _stop_kernel(client)
    return notebook


def _execute_cells(client: NotebookClient, notebook: nbformat.NotebookNode, name: str) -> None:
    """Run every cell in order; the first error stops the notebook with a NotebookError."""
    for index, cell in enumerate(notebook.cells):
        _stop_if_interrupted()
        try:
            client.execute_cell(cell, index)
        except CellExecutionError as exc:
            raise NotebookError(f"{name}: cell {index + 1} failed: {_error(cell, exc)}") from None


class Chart(NamedTuple):
    """A chart of the report: where it is shown, its title, its thumbnail and files."""

    notebook: str
    cell_id: str
    title: str
    thumbnail: str
    files: tuple[str, ...]
    interactive: bool


def save_charts(notebook: nbformat.NotebookNode, figures: Path, stem: str) -> list[Chart]:
    """Save every chart an executed notebook shows under ``figures``, and ready its outputs for the page.

    A figure becomes ``<stem>-NN-<title>.png`` and ``.svg`` (the SVG then leaves the page, which
    shows the PNG); an interactive chart is compiled to Vega and shown through the page's
    inlined runtime. Each gets a thumbnail under ``figures/thumbnails`` for the gallery.
    """
    charts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data or VEGALITE in data:
                number = f"{stem}-{len(charts) + 1:02d}"
                charts.append(_save_chart(data, figures, number, stem, cell.get("id", "")))
    return charts


def _save_chart(data: dict, figures: Path, number: str, stem: str, cell_id: str) -> Chart:
    import vl_convert

    (figures / "thumbnails").mkdir(parents=True, exist_ok=True)
    interactive = VEGALITE in data
    if interactive:
        try:
            spec = vl_convert.vegalite_to_vega(data.pop(VEGALITE), vl_version=_vegalite_version())
            png = vl_convert.vega_to_png(spec, scale=1)
        except ValueError as exc:
            raise NotebookError(
                f"{stem}: cell {cell_id}: an interactive chart does not compile: {exc}"
            ) from None
        title = _spec_title(spec)
        data["text/html"] = _chart_html(spec, title)
        data["text/plain"] = f"Interactive chart: {title}"
        files: tuple[str, ...] = ()
    else:
        shown = str(data.get("text/plain", ""))
        if shown.startswith("<Figure size"):
            raise NotebookError(f"{stem}: the kernel's set-up (newslens.kernel.prepare) did not run")
        title = shown.removeprefix("Figure: ").strip("'\"") or "chart"
        png = _small_png(base64.b64decode(data["image/png"]))
        data["image/png"] = base64.b64encode(png).decode("ascii")
        name = f"{number}-{_slug(title)}"
        (figures / f"{name}.png").write_bytes(png)
        files = (f"{name}.png",)
        if "image/svg+xml" in data:
            (figures / f"{name}.svg").write_text(data.pop("image/svg+xml"), encoding="utf-8")
            files += (f"{name}.svg",)
    thumbnail = f"thumbnails/{number}-{_slug(title)}.png"
    (figures / thumbnail).write_bytes(_small_png(png, size=THUMBNAIL))
    return Chart(stem, cell_id, title, thumbnail, files, interactive)


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "chart"


def _spec_title(spec: dict) -> str:
    title = spec.get("title", "chart")
    text = title.get("text", "chart") if isinstance(title, dict) else title
    return " ".join(text) if isinstance(text, list) else str(text)


def _small_png(png: bytes, *, size: tuple[int, int] | None = None) -> bytes:
    """The PNG flattened on white in at most 256 colours (a third of the bytes, alike to the eye),
    shrunk to fit ``size`` when given."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        image = image.convert("RGBA")
        if size:
            image.thumbnail(size)
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        buffer = io.BytesIO()
        flat.quantize(256).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _chart_html(spec: dict, title: str) -> str:
    """A chart's place in the page and its Vega spec, as JSON no text in it can close the script."""
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (
        f'<div class="newslens-chart" role="figure" aria-label="{html.escape(title)}"></div>'
        f'<script type="application/json" class="newslens-vega">{text}</script>'
    )


def _vegalite_version() -> str:
    """The Vega-Lite version of the charts Altair writes, as vl-convert names it ("5.20")."""
    import altair

    return ".".join(altair.SCHEMA_VERSION.lstrip("v").split(".")[:2])


@functools.cache
def _vega_runtime() -> str:
    """The Vega runtime, gzipped and base64-encoded, with the script that unpacks it and draws
    the page's charts: a page carries it once and needs nothing from the network."""
    import vl_convert

    code = vl_convert.javascript_bundle("window.vegaEmbed = vegaEmbed;", vl_version=_vegalite_version())
    packed = base64.b64encode(gzip.compress(code.encode("utf-8"), compresslevel=9, mtime=0)).decode("ascii")
    script = (TEMPLATES / "newslens" / "charts.js").read_text(encoding="utf-8")
    return (
        "<style>.newslens-chart{margin:.3rem 0}.newslens-tooltip{position:absolute;display:none;z-index:10;"
        "max-width:34rem;padding:.4rem .6rem;background:#fff;border:1px solid #999;border-radius:3px;"
        "box-shadow:0 2px 6px rgba(0,0,0,.2);font:12px/1.35 sans-serif;pointer-events:none}"
        ".newslens-tooltip th{text-align:right;vertical-align:top;padding-right:.5rem;color:#555;"
        "white-space:nowrap}.newslens-tooltip td{text-align:left}</style>\n"
        f'<script type="application/octet-stream" id="newslens-vega-runtime">{packed}</script>\n'
        f"<script>\n{script}</script>\n"
    )


def _cancel_pending() -> None:
    """Cancel what a signal cut off on nbclient's event loop.

    Left pending, nbclient's wait for the cell would wake while the kernel is
    shut down and log the kernel's death as an error with a traceback.
    """
    loop = ensure_event_loop()
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending and not loop.is_running():
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


def _stop_kernel(client: NotebookClient) -> None:
    """Kill the notebook's kernel, if it runs, and close the client's channels.

    Done here rather than by nbclient so that it happens, with signals held,
    also when a signal arrives while the kernel starts or executes a cell.
    """
    with _signals_held():
        if client.km.has_kernel:
            run_sync(client.km.shutdown_kernel)(now=True)  # also removes its connection file
        if client.kc is not None:
            client.kc.stop_channels()


def _error(cell: nbformat.NotebookNode, exc: CellExecutionError) -> str:
    """The cell's error as "Name: message".

    An error while displaying the result (a pandas Styler formatting a
    missing date) reaches nbclient without a name ("NoneType: None"), but
    the cell's error output has it.
    """
    shown = [out for out in cell.get("outputs", []) if out.get("output_type") == "error"]
    if shown:
        return f"{shown[-1].ename}: {shown[-1].evalue}"
    return f"{exc.ename}: {exc.evalue}"


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


def write_html(notebook: nbformat.NotebookNode, folder: Path, stem: str) -> Path:
    """The page of an executed notebook (code hidden until asked for), with the Vega runtime when it
    has interactive charts."""
    exporter = HTMLExporter(template_name="newslens", extra_template_basedirs=[str(TEMPLATES)])
    body, _ = exporter.from_notebook_node(notebook)
    if 'class="newslens-vega"' in body:
        head, end, tail = body.rpartition("</body>")
        body = head + _vega_runtime() + end + tail
    target = folder / f"{stem}.html"
    target.write_text(body, encoding="utf-8")
    return target


def _write_index(target: Path, pages: list[tuple[Path, Path]], charts: list[Chart], corpus,
                 data_dir: Path, parameters: dict) -> None:  # fmt: skip
    """The gallery: every chart as a thumbnail linking to it in its notebook, notebook by notebook,
    then the parameters the report was built with and the corpus."""
    sections = [_gallery_section(notebook, page, [c for c in charts if c.notebook == notebook.stem])
                for notebook, page in pages]  # fmt: skip
    chosen = {k: v for k, v in parameters.items() if k not in ("data_dir", "interactive")}
    rows = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape('all' if v is None else str(v))}</td></tr>"
        for k, v in chosen.items()
    )
    built = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    target.write_text(
        f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>newslens report</title>
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style>body{{font-family:sans-serif;max-width:78rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}
table{{border-collapse:collapse;font-size:.9rem}}
td,th{{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}}
.gallery{{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:1rem;
margin:.8rem 0 1.5rem}}
figure{{margin:0;border:1px solid #ddd;border-radius:4px;padding:.4rem;background:#fff}}
figure img{{display:block;width:100%;height:130px;object-fit:contain}}
figcaption{{font-size:.8rem;line-height:1.3;margin-top:.3rem}}.kind{{color:#555}}</style>
</head><body><h1>newslens report</h1>
<p>Built {html.escape(built)} from <code>{html.escape(str(data_dir))}</code>:
{corpus.size():,} articles, {len(charts)} charts. Each thumbnail opens its chart in its notebook;
interactive charts show their evidence when hovered.</p>
{"".join(sections)}
<h2>Parameters</h2><table>{rows}</table>
<h2>Corpus</h2>{_corpus_table(corpus)}
</body></html>
""",
        encoding="utf-8",
    )


def _gallery_section(notebook: Path, page: Path, charts: list[Chart]) -> str:
    """A notebook's heading, linking its page, and the thumbnails of its charts."""
    figures = []
    for chart in charts:
        files = " · ".join(
            f'<a href="figures/{html.escape(name)}">{name.rsplit(".", 1)[1]}</a>' for name in chart.files
        )
        kind = "interactive" if chart.interactive else files
        figures.append(
            f'<figure><a href="{html.escape(page.name)}#cell-id={html.escape(chart.cell_id)}">'
            f'<img src="figures/{html.escape(chart.thumbnail)}" alt="{html.escape(chart.title)}"></a>'
            f'<figcaption>{html.escape(chart.title)} <span class="kind">({kind})</span>'
            "</figcaption></figure>"
        )
    return f'<h2><a href="{html.escape(page.name)}">{html.escape(_title(notebook))}</a></h2>' + (
        f'<div class="gallery">{"".join(figures)}</div>' if figures else ""
    )


def _corpus_table(corpus, *, most: int = 100) -> str:
    """The corpus by article, or by outlet when it has more than ``most`` articles."""
    table = summarize(corpus).drop(columns=["title"])
    if len(table) > most:
        table = (
            table.assign(published=table["published"].replace("", None))
            .groupby("outlet")
            .agg(
                articles=("doc_id", "size"),
                first=("published", "min"),
                last=("published", "max"),
                words=("words", "sum"),
            )
            .sort_values("articles", ascending=False)
            .head(most)
            .reset_index()
        )
    return table.to_html(index=False, escape=True, na_rep="")


def _title(notebook: Path) -> str:
    """The notebook's first Markdown heading, or its file name."""
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("#"):
            return cell.source.lstrip().splitlines()[0].lstrip("# ").strip()
    return notebook.stem


def _replace(out_dir: Path, staging: Path) -> None:
    """Swap the finished staging folder in for the old report (checked by ``check_out_dir``).

    The old report moves aside under the staging folder's unique name, so no
    other file is ever overwritten; signals wait until the swap is done.
    """
    backup = staging.with_name(staging.name + "-old")
    with _signals_held():
        if out_dir.exists():
            out_dir.rename(backup)
        staging.rename(out_dir)
        shutil.rmtree(backup, ignore_errors=True)
