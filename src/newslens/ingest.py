"""Ingest a large corpus into a store of partitioned Parquet tables: in parallel,
in bounded chunks, incrementally, and without losing an article or a run's work.

A store is a folder with one sub-folder per table: the tables of
:mod:`newslens.schema` (documents, removed, sentences, tokens, timexes, mentions,
quotes, sentiment, signatures) and ``sources``, one row
per input article with its key, its stamp, where it came from, its doc_id and
whether it was ingested or rejected (and why). Every input article has its
row: a second copy of a .jsonl line, a file that leads outside the folder, or
an article over ``max_bytes`` (``--max-bytes``, by default
:data:`newslens.corpus.MAX_ARTICLE_BYTES`) is rejected with the reason, never
dropped.
Every chunk of articles becomes one part file in each folder,
``part-<run>-<chunk>.parquet``.

``parts.json`` says which parts count, and is only ever replaced whole (a
temporary file renamed over it). Readers (:mod:`newslens.store`) read its
``live`` parts alone. A run adds each part it writes to ``pending``, so that
the next run carries on from there should this one be interrupted, and at its
end makes them live in one step, together with the older parts written anew
without the versions they supersede: a reader sees the store as it was before
the run or after it, never an article's old and new rows side by side. Files
that ``parts.json`` does not name (an interrupted run's, superseded parts) are
deleted by the next writer. An article counts as new or changed when its
stamp (size, modification time, manifest row, and a digest of the gazetteer
and of the pipeline's stages, :func:`newslens.pipeline.key`) differs from the
stored one: a new release that changes a chart or the CLI re-ingests nothing.

A store has one writer at a time: ``writer.lock`` in the store holds the
writer's pid and host, and is locked with ``flock``, which the system releases
when the writer dies, however it dies. A second run stops with an
:class:`~newslens.errors.InputError` naming the lock file and the pid; a lock
left by a process that is gone from this host is stale and taken over. Worker
processes end with the main process (killed, or out of memory), and Ctrl-C
leaves a store that the same command resumes. :func:`check` (``newslens
ingest --check``) verifies a store and repairs what it can: a damaged or
incomplete part is removed and its articles are ingested again by the next run.

Articles go through the stages of :mod:`newslens.pipeline` that
:func:`newslens.load_corpus` runs too, one chunk at a time, in worker processes or on Dask;
the main process only lists inputs and writes parts, so memory depends on the
chunk size and the number of workers, not on the corpus. In the store,
tokens' ``lemma`` holds the Snowball stem: the readable form depends on the
whole corpus and is worked out when a query asks for lemmas
(:mod:`newslens.store`).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import re
import socket
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newslens import __version__, corpus, duplicates, paths, pipeline, schema, text, workers
from newslens.errors import InputError
from newslens.store import PART_NAME, PARTS, parquet_files, read_copies, read_parts, repair_hint

#: The Arrow schema of every table of a part (:mod:`newslens.schema`), ``sources`` last.
SCHEMAS: dict[str, pa.Schema] = {name: schema.TABLES[name].schema for name in schema.STORE}
#: The copy pairs of a store's articles (:func:`newslens.duplicates.copies`), one file a run, and the
#: articles (doc_id, stamp) they were looked for in; ``parts.json`` names the files that count.
COPIES_SCHEMA = schema.TABLES["copies"].schema
COMPARED_SCHEMA = schema.TABLES["compared"].schema
#: Tables with one row or more per document; ``sources`` is written after them.
DOCUMENT_TABLES = tuple(name for name in SCHEMAS if name != "sources")
DEFAULT_CHUNK = 250
MAX_CHUNK = 100_000
#: Text held by one chunk at most (about 90 bytes of memory a byte of text while it is processed).
CHUNK_BYTES = 10_000_000
MAX_JOBS = 256
#: The lock file a writer holds in the store (see :func:`writer_lock`).
LOCK = "writer.lock"
#: Written into every store: only such a folder (or an empty one) is ever written or repaired.
MARKER = ".newslens-store"


class Item(NamedTuple):
    """One input article, before it is read (a named tuple: 100,000 of them are listed at each run).

    Attributes:
        key: Its identity in the store: the file's path, or for a .jsonl line
            the file's path and a digest of the line.
        stamp: Changes whenever the article, its manifest row, the gazetteer or the code does.
        where: The file (and line) for messages.
        file: The file to read.
        offset, length: Where a .jsonl line lies in the file (offset -1 for a whole
            file, whose size ``length`` then is).
        line: The .jsonl line number.
        row: The manifest row, as (column, value) pairs, when there is one.
        data: The bytes, when they travel with the item (to a Dask cluster).
        problem: Why the article is rejected without being read, when it is.
    """

    key: str
    stamp: str
    where: str
    file: str
    offset: int = -1
    length: int = 0
    line: int = 0
    row: tuple[tuple[str, str], ...] = ()
    data: bytes | None = None
    problem: str = ""


@dataclass(frozen=True)
class Setup:
    """What every worker needs besides the articles (small, sent with each chunk)."""

    root: str  # the folder that documents' paths are relative to
    stages: pipeline.Setup
    max_bytes: int = corpus.MAX_ARTICLE_BYTES


@dataclass
class Result:
    """What a run did. ``rejected`` holds (where, reason) for this run's rejects."""

    store: Path
    listed: int = 0
    unchanged: int = 0
    ingested: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    removed: int = 0
    documents: int = 0
    seconds: float = 0.0
    copies_seconds: float = 0.0  # of ``seconds``, finding the copies the run's articles make


@dataclass
class CheckReport:
    """What :func:`check` found and repaired (one line each in ``found``), and the store it left."""

    store: Path
    found: list[str] = field(default_factory=list)
    parts: int = 0
    documents: int = 0


# --- listing the inputs -------------------------------------------------------------------------


def default_store(path: str | Path) -> Path:
    """Where ``ingest`` writes by default: ``processed/store`` beside the corpus, never in raw/."""
    path = Path(path)
    suffix = path.suffix.lower()
    folder = path.parent if suffix in (".jsonl", ".csv") else path
    inside_raw = [parent for parent in (folder, *folder.parents) if parent.name == paths.RAW]
    if inside_raw:  # articles under a data folder's raw/: the store goes beside raw/
        folder = inside_raw[-1].parent
    return folder / paths.PROCESSED / (path.stem if suffix == ".jsonl" else "store")


def list_items(path: str | Path, *, max_bytes: int = corpus.MAX_ARTICLE_BYTES) -> tuple[Path, list[Item]]:
    """The articles of a data folder (manifest and raw/), a folder of files, a .jsonl or a manifest.

    Returns:
        The folder that paths are relative to, and the items in a stable order,
        those to be rejected unread marked (see :func:`_flagged`).

    Raises:
        InputError: the path does not exist, or the manifest is malformed.
    """
    path = Path(path)
    if not path.exists():
        raise InputError("no such file or folder", path=path)
    config = _config_digest(path if path.is_dir() else path.parent)
    if path.suffix.lower() == ".jsonl":
        return path.parent, _flagged(_file_items(path, path.parent, config), max_bytes)
    if path.suffix.lower() == ".csv":
        return path.parent, _flagged(_manifest_items(path, path.parent, config), max_bytes)
    if not path.is_dir():
        raise InputError("give a folder, a .jsonl file or a manifest (.csv)", path=path)
    manifest, raw = path / paths.MANIFEST, path / paths.RAW
    items = _manifest_items(manifest, path, config) if manifest.is_file() else []
    listed = {Path(item.file).resolve() for item in items}
    data_folder = manifest.is_file() or raw.is_dir()  # articles under raw/, as for load_corpus
    for file in _article_files(raw if data_folder else path):
        if file.resolve() not in listed:
            items.extend(_file_items(file, path, config))
    return path, _flagged(items, max_bytes)


def _flagged(items: Iterable[Item], max_bytes: int) -> list[Item]:
    """The items, those to be rejected without being read marked with the reason.

    A key seen before (the same .jsonl line twice, one file listed twice) is
    a duplicate: it gets a key of its own, ``<key>@<n>``, so that every input
    article has its own ``sources`` row. An article over ``max_bytes`` has the
    limit added to its stamp, so that a run with another limit reconsiders it.
    """
    flagged, first = [], {}
    for item in items:
        if item.key in first:
            where, count = first[item.key]
            first[item.key] = (where, count + 1)
            problem = f"duplicate of {where}: the same {'line' if item.line else 'file'}"
            item = item._replace(key=f"{item.key}@{count + 1}", problem=problem)
        else:
            first[item.key] = (item.where, 1)
        if item.length > max_bytes and not item.problem:
            try:
                corpus.check_size(item.length, item.file, item.line or None, max_bytes=max_bytes)
            except InputError as exc:
                item = item._replace(stamp=f"{item.stamp}:{max_bytes}", problem=exc.message)
        flagged.append(item)
    return flagged


def _config_digest(root: Path) -> str:
    """A digest of what, besides the article, decides its tables: the stages ingest runs, the gazetteer."""
    digest = hashlib.blake2b(pipeline.key(pipeline.INGEST, modules=["ingest"]).encode(), digest_size=8)
    gazetteer = paths.gazetteer_path(root)
    digest.update(gazetteer.read_bytes() if gazetteer.is_file() else b"\0")
    return digest.hexdigest()


def _unlistable(error: OSError) -> None:
    """A folder that cannot be listed stops the run: its articles would vanish without a trace."""
    raise InputError(f"cannot list the folder: {error.strerror}", path=error.filename)


def _article_files(root: Path) -> list[Path]:
    """Article files under ``root``, skipping hidden folders and processed/."""
    found: list[Path] = []
    if not root.is_dir():
        return found
    for folder, subfolders, files in os.walk(root, onerror=_unlistable):
        subfolders[:] = sorted(s for s in subfolders if not s.startswith(".") and s != paths.PROCESSED)
        found.extend(
            Path(folder, name)
            for name in sorted(files)
            if name.lower().endswith(corpus.ARTICLE_SUFFIXES) and not name.startswith(".")
        )
    return found


def _relative(file: Path, root: Path) -> str | None:
    """The file's path from ``root`` once symlinks are followed; None when it leads outside ``root``."""
    resolved, folder = file.resolve(), root.resolve()
    return resolved.relative_to(folder).as_posix() if resolved.is_relative_to(folder) else None


def _file_items(file: Path, root: Path, config: str, row: tuple = ()) -> Iterable[Item]:
    """The item of an article file, or one per line of a .jsonl; a file leading outside ``root``
    (a symlink, a manifest path with '..') is one item, rejected without being read."""
    relative = _relative(file, root)
    if relative is None:
        key = Path(os.path.relpath(file, root)).as_posix()
        problem = f"the file leads outside the folder {root}"
        return [Item(key, config, str(file), str(file), row=row, problem=problem)]
    if file.suffix.lower() == ".jsonl":
        return _jsonl_items(file, relative, config, row)
    stat = file.stat()
    stamp = f"{config}:{stat.st_size}:{stat.st_mtime_ns}:{_digest(repr(row).encode())}"
    return [Item(relative, stamp, str(file), str(file), length=stat.st_size, row=row)]


def _jsonl_items(file: Path, relative: str, config: str, row: tuple = ()) -> Iterator[Item]:
    """One item per non-empty line, read as bytes without keeping them (a loop kept lean: 100,000 lines)."""
    name, offset = str(file), 0
    stamp = f"{config}:{_digest(repr(row).encode())}"
    with open(file, "rb") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                key = f"{relative}#{hashlib.blake2b(line, digest_size=10).hexdigest()}"
                yield Item(key, stamp, f"{name}:{number}", name, offset, len(line), number, row)
            offset += len(line)


def _manifest_items(manifest: Path, root: Path, config: str) -> list[Item]:
    items = []
    for line, row in corpus.read_manifest(manifest):
        file = root / row["path"]
        fields = tuple(sorted(row.items()))
        if file.is_file():
            items.extend(_file_items(file, root, config, fields))
        else:  # rejected when processed, like any unreadable article
            items.append(
                Item(f"{manifest.name}:{row['doc_id']}", config, f"{manifest}:{line}", str(file), row=fields)
            )
    return items


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=10).hexdigest()


# --- processing a chunk (in a worker) -----------------------------------------------------------


def make_setup(root: Path, max_bytes: int = corpus.MAX_ARTICLE_BYTES) -> Setup:
    """The gazetteer and name tokenizers for a corpus folder (none when it has no ``actors.yml``)."""
    from newslens import actors

    return Setup(str(root), pipeline.make_setup(actors.gazetteer_of(root)), max_bytes)


def process_chunk(items: list[Item], setup: Setup) -> dict[str, pa.Table]:
    """Every table of a chunk of articles; a bad article becomes a rejected ``sources`` row.

    Pure apart from reading the articles: the same items give the same tables
    in any process, which is what lets Dask run it.
    """
    rows, sources, seen = [], [], {}
    for item in items:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", corpus.CorpusWarning)
                source = read_item(item, Path(setup.root), setup.max_bytes)
                if source.doc_id in seen:
                    raise InputError(f"duplicate doc_id {source.doc_id!r} (also {seen[source.doc_id]})")
                seen[source.doc_id] = item.key
                rows.append(pipeline.article_rows(source, setup.stages))
            notes = "; ".join(str(w.message) for w in caught if issubclass(w.category, corpus.CorpusWarning))
            sources.append((item.key, item.stamp, item.where, source.doc_id, "ok", notes))
        except Exception as exc:  # one bad article must not stop the others
            sources.append((item.key, item.stamp, item.where, "", "rejected", _reason(exc)))
    tables = _analysed(corpus.rows_to_tables(rows, tokens=False), setup, sources)
    tables["sources"] = pd.DataFrame(sources, columns=SCHEMAS["sources"].names)
    tables |= pipeline.run(["signatures"], tables, setup.stages)
    arrow = {name: _arrow(name, table) for name, table in tables.items()}
    arrow["tokens"] = _token_table([row[3] for row in rows], arrow["documents"]["doc_id"])
    return arrow


def _token_table(documents: list[dict[str, list]], doc_ids: pa.ChunkedArray) -> pa.Table:
    """The token columns as Arrow arrays straight away (the largest table skips pandas), for ``doc_ids``."""
    table = text.token_arrow(documents)
    return table.filter(pc.is_in(table["doc_id"], doc_ids.combine_chunks()))


def read_item(item: Item, root: Path, max_bytes: int = corpus.MAX_ARTICLE_BYTES) -> corpus.Source:
    """The article an item stands for, with its manifest row applied.

    Raises:
        InputError: naming the file (and line) when it cannot be read, or is to be rejected unread.
    """
    if item.problem:
        raise InputError(item.problem, path=item.where)
    file = Path(item.file)
    row = dict(item.row)
    if item.offset < 0:
        if not file.is_file() and item.data is None:
            raise InputError(f"the file {row.get('path', file)!r} does not exist", path=item.where)
        return corpus.read_article(root, file, row or None, item.where, data=item.data, max_bytes=max_bytes)
    data = item.data if item.data is not None else _read_range(file, item.offset, item.length)
    try:
        line = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 at byte {exc.start} of the line", path=file, line=item.line
        ) from exc
    source = corpus.jsonl_source(line, file, _relative(file, root), item.line, max_bytes=max_bytes)
    return corpus.with_manifest_row(source, row) if row else source


def _read_range(file: Path, offset: int, length: int) -> bytes:
    with open(file, "rb") as handle:
        handle.seek(offset)
        return handle.read(length)


def _reason(exc: Exception) -> str:
    return exc.message if isinstance(exc, InputError) else f"{type(exc).__name__}: {exc}"


def _analysed(tables: dict[str, pd.DataFrame], setup: Setup, sources: list[tuple]) -> dict[str, pd.DataFrame]:
    """Add the analyses' tables; should one fail on an article, that article alone is rejected."""
    try:
        return tables | _analyses(tables, setup)
    except Exception:
        pass
    # tokens skip pandas (_token_table); signatures are made from the documents kept
    names = [name for name in DOCUMENT_TABLES if name not in ("tokens", "signatures")]
    kept = [{name: pd.DataFrame(columns=SCHEMAS[name].names) for name in names}]
    for doc_id in tables["documents"]["doc_id"]:
        one = {name: table[table["doc_id"] == doc_id] for name, table in tables.items()}
        try:
            kept.append(one | _analyses(one, setup))
        except Exception as exc:
            index = next(i for i, row in enumerate(sources) if row[3] == doc_id and row[4] == "ok")
            sources[index] = (*sources[index][:3], "", "rejected", _reason(exc))
    return {name: pd.concat([one[name] for one in kept], ignore_index=True) for name in names}


def _analyses(tables: dict[str, pd.DataFrame], setup: Setup) -> dict[str, pd.DataFrame]:
    """The tables of the analysis stages (:data:`newslens.pipeline.ANALYSES`) of some documents."""
    done = pipeline.run(pipeline.ANALYSES, tables, setup.stages)
    return {name: done[name] for name in schema.ANALYSES}


def _arrow(name: str, table: pd.DataFrame) -> pa.Table:
    """The table with the store's column types (dates as dates, missing text as null)."""
    schema = SCHEMAS[name]
    columns = {}
    for column in schema.names:
        values = table[column]
        if schema.field(column).type == pa.date32():
            values = pd.to_datetime(values).dt.date
        columns[column] = (
            values.tolist()
            if pa.types.is_list(schema.field(column).type)
            else values.astype(object).where(values.notna(), None).tolist()
        )
    return pa.Table.from_pydict(columns, schema=schema)


# --- running the chunks -------------------------------------------------------------------------


def ingest(
    path: str | Path,
    *,
    out: str | Path | None = None,
    jobs: int | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    max_bytes: int = corpus.MAX_ARTICLE_BYTES,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool = False,
    on_reject: Callable[[str, str], None] | None = None,
) -> Result:
    """Bring a store up to date with the articles under ``path``.

    Interrupted (Ctrl-C, killed), it leaves a store that readers see as before
    the run, and that the same call completes, keeping the chunks done.

    Args:
        path: A data folder (``corpus.csv`` and ``raw/``), a folder of .txt,
            .md, .html and .jsonl files, a .jsonl file, or a manifest.
        out: The store folder (default :func:`default_store`).
        jobs: Worker processes (default: every core), 1 to ``MAX_JOBS``.
        chunk_size: Articles per chunk, and per part file, 1 to ``MAX_CHUNK``.
        max_bytes: Reject an article (a file, or a .jsonl line) larger than this.
        engine: ``"local"`` (processes on this machine) or ``"dask"``.
        scheduler: A Dask scheduler's address; without one a LocalCluster of ``jobs`` workers.
        progress: Show a progress bar on stderr.
        on_reject: Called with (where, reason) for each rejected article.

    Raises:
        InputError: an option is out of range; the path is missing or the
            manifest or gazetteer is malformed; another process writes the
            store; a part of the store is damaged (:func:`check` repairs it).
    """
    started = time.perf_counter()
    _check_range("--jobs", 1 if jobs is None else jobs, MAX_JOBS)
    _check_range("--chunk-size", chunk_size, MAX_CHUNK)
    _check_range("--max-bytes", max_bytes)
    root, items = list_items(path, max_bytes=max_bytes)
    store = Path(out) if out is not None else default_store(path)
    _refuse_raw(store)
    result = Result(store, listed=len(items))
    runner = _run_dask(scheduler, jobs) if engine == "dask" else _run_local(jobs)
    if items or store.exists():  # nothing is created when there is nothing to store
        claim_store(store)
        with writer_lock(store):
            state = _update(store, root, items, result, chunk_size=chunk_size, max_bytes=max_bytes,
                            runner=runner, progress=progress, on_reject=on_reject or _no_report)  # fmt: skip
            result.documents = int((state["status"] == "ok").sum())
    result.seconds = time.perf_counter() - started
    return result


def _check_range(option: str, value: int, largest: int | None = None) -> None:
    """Raise an InputError naming the option and its range unless ``1 <= value <= largest``."""
    if value < 1 or (largest is not None and value > largest):
        allowed = f"from 1 to {largest:,}" if largest is not None else "1 or more"
        raise InputError(f"{option} must be {allowed}, not {value}")


def _update(
    store: Path,
    root: Path,
    items: list[Item],
    result: Result,
    *,
    chunk_size: int,
    max_bytes: int,
    runner: Callable[[list[list[Item]], Setup | None], Iterator[tuple[int, dict[str, pa.Table]]]],
    progress: bool,
    on_reject: Callable[[str, str], None],
) -> pd.DataFrame:
    """Process the new and changed articles into pending parts, then make them live with the
    superseded rows removed; returns the live ``sources`` rows. Called with the writer's lock held."""
    parts = _parts_for_writing(store)
    state = read_state(store, [*parts["live"], *parts["pending"]])
    stored = dict(zip(state["key"], state["stamp"], strict=True))
    todo = [item for item in items if stored.get(item.key) != item.stamp]
    result.unchanged = len(items) - len(todo)
    owners = _owners(state, {item.key for item in items}, {item.key for item in todo})
    chunks = _chunked(todo, chunk_size)
    run = _next_run(parts)
    written = [state]
    setup = make_setup(root, max_bytes) if chunks else None  # NLTK and the gazetteer only when there is work
    bar = _progress(len(todo), progress)
    try:
        for number, tables in runner(chunks, setup):
            rejects = _claim(tables, owners)
            part = _part_name(run, number)
            write_part(store, part, tables)
            parts["pending"].append(part)
            write_parts(store, parts["live"], parts["pending"])  # the chunk survives an interruption
            new_rows = tables["sources"].select(_STATE_COLUMNS[:4]).to_pylist()
            written.append(pd.DataFrame(new_rows, dtype=object).assign(part=part))
            result.ingested += tables["documents"].num_rows
            result.rejected.extend(rejects)
            for where, reason in rejects:
                on_reject(where, reason)
            bar.update(len(chunks[number]))
    finally:
        bar.close()
    state = pd.concat(written, ignore_index=True) if len(written) > 1 else state
    fresh = (_part_name(run, number) for number in itertools.count(len(chunks)))
    listed = {item.key for item in items}
    live, result.removed, state = _compact(store, [*parts["live"], *parts["pending"]], state, fresh, listed)
    started = time.perf_counter()
    copies = _refresh_copies(store, live, state, run)
    result.copies_seconds = time.perf_counter() - started
    _keep_settings(store, root)
    write_parts(store, live, [], copies=copies)
    return state


def _keep_settings(store: Path, root: Path) -> None:
    """Copy the corpus's gazetteer and sentiment targets into the store (or remove the copies the
    corpus no longer has), so that a store read on its own has the actors its tables were made with."""
    for source, kept in ((paths.gazetteer_path(root), paths.gazetteer_path(store)),
                         (paths.targets_path(root), paths.targets_path(store))):  # fmt: skip
        if source.is_file():
            handle, temporary = tempfile.mkstemp(prefix=f".{kept.name}-", suffix=".tmp", dir=store)
            with os.fdopen(handle, "wb") as out:
                out.write(source.read_bytes())
            os.replace(temporary, kept)
        else:
            kept.unlink(missing_ok=True)


# --- copies across the store ------------------------------------------------------------------------

COPIES = "copies"
_COPIES_FILE = re.compile(r"^copies-\d{5}(?:-compared)?\.parquet$")


def _copies_files(store: Path, name: str) -> tuple[Path, ...]:
    """The two files of a run's copies: the pairs, and the articles they were looked for in."""
    if not name:
        return ()
    return store / COPIES / f"{name}.parquet", store / COPIES / f"{name}-compared.parquet"


def read_copies_files(store: Path, name: str) -> tuple[pa.Table, pa.Table]:
    """The copy pairs and the (doc_id, stamp) of the articles compared, of a run's copies (empty
    tables for none).

    Raises:
        DamagedPart: a file is missing, unreadable or holds other columns.
    """
    if not name:
        return COPIES_SCHEMA.empty_table(), COMPARED_SCHEMA.empty_table()
    tables = []
    for file, expected in zip(_copies_files(store, name), (COPIES_SCHEMA, COMPARED_SCHEMA), strict=True):
        try:
            table = pq.read_table(file)
        except (OSError, pa.ArrowException) as exc:
            raise DamagedPart(file, f"unreadable: {exc}") from None
        if not table.schema.equals(expected):
            raise DamagedPart(file, "not the columns of the copies")
        tables.append(table)
    return tables[0], tables[1]


def _refresh_copies(
    store: Path, live: list[str], state: pd.DataFrame, run: int, previous: str | None = None
) -> str:
    """Bring the copy pairs up to date with the live articles; returns the name of the copies that count.

    Incremental: articles compared before (the same doc_id and stamp) are not
    compared again. New and changed articles are compared with them through
    their stored signatures and with each other
    (:func:`newslens.duplicates.new_copies`, which reads only the candidates'
    texts). Pairs with an article that changed or left the store are dropped,
    and its former partners are compared anew: an exact copy was paired with
    its group's first article only, and must find the others.

    Args:
        previous: The copies to start from ("": none); by default those ``parts.json`` names.
    """
    previous = read_copies(store) if previous is None else previous
    pairs, compared = read_copies_files(store, previous)  # in Arrow: 100,000 look-ups hashed in C
    ok = state[state["status"] == "ok"]
    current = pa.Table.from_pandas(ok[COMPARED_SCHEMA.names], schema=COMPARED_SCHEMA, preserve_index=False)
    unchanged = current.join(compared, keys=["doc_id", "stamp"], join_type="left semi")["doc_id"]
    if previous and len(unchanged) == len(compared) == len(current):
        return previous
    kept = pc.and_(pc.is_in(pairs["doc_a"], unchanged), pc.is_in(pairs["doc_b"], unchanged))
    dropped = pairs.filter(pc.invert(kept))
    partners = pa.chunked_array([*dropped["doc_a"].chunks, *dropped["doc_b"].chunks], pa.string())
    unchanged = unchanged.filter(pc.invert(pc.is_in(unchanged, partners)))  # partners of what changed
    pairs = pairs.filter(pc.and_(pc.is_in(pairs["doc_a"], unchanged), pc.is_in(pairs["doc_b"], unchanged)))
    new = current["doc_id"].filter(pc.invert(pc.is_in(current["doc_id"], unchanged))).to_pylist()
    if new:
        found = _new_copies(store, live, new)
        found = pa.Table.from_pandas(found[COPIES_SCHEMA.names], schema=COPIES_SCHEMA, preserve_index=False)
        pairs = pa.concat_tables([pairs, found])
    name = f"copies-{run:05d}"
    for file, table in zip(_copies_files(store, name), (pairs, current), strict=True):
        _write_table(file, table)
    return name


def _new_copies(store: Path, live: list[str], new: list[str]) -> pd.DataFrame:
    """The copies the ``new`` articles make with the other live articles and with each other.

    Of the others, only those that share an exact key or a fingerprint with a
    new article are read: no other can pair with one, nor change its pairs
    (:func:`newslens.duplicates.new_copies`), and finding them in DuckDB
    costs a tenth of reading the signatures of 100,000 articles.
    """
    import duckdb

    con = duckdb.connect()
    for name in ("documents", "signatures"):
        files = parquet_files((store / name / part).as_posix() for part in live)
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({files})")
    con.register("new_ids", pd.DataFrame({"doc_id": new}, dtype=object))
    related = """
        WITH fresh AS (SELECT exact, fingerprints FROM signatures SEMI JOIN new_ids USING (doc_id)),
        hashes AS (SELECT DISTINCT unnest(fingerprints) AS fingerprint FROM fresh),
        old AS (SELECT * FROM signatures ANTI JOIN new_ids USING (doc_id)),
        postings AS (SELECT doc_id, unnest(fingerprints) AS fingerprint FROM old)
        SELECT doc_id FROM postings SEMI JOIN hashes USING (fingerprint)
        UNION SELECT doc_id FROM old WHERE exact IN (SELECT exact FROM fresh WHERE exact <> 0)
    """
    dated = "d.doc_id, d.published::TIMESTAMP AS published, d.outlet, d.agency"
    # Through Arrow, the texts are not made Python objects on the way (pandas 3): a third less memory.
    stored = (
        con.sql(
            f"SELECT {dated}, s.n_words, s.n_shingles, s.exact, s.fingerprints FROM signatures s "
            f"JOIN documents d USING (doc_id) SEMI JOIN ({related}) USING (doc_id) ORDER BY doc_id"
        )
        .to_arrow_table()
        .to_pandas()
    )
    query = f"SELECT {dated}, d.text FROM documents d SEMI JOIN new_ids USING (doc_id) ORDER BY doc_id"
    documents = con.sql(query).to_arrow_table().to_pandas()

    if stored.empty:  # a first run, or nothing stored shares text with the new articles
        return duplicates.copies(documents)

    def old_texts(doc_ids: list[str]) -> pd.DataFrame:
        con.register("wanted", pd.DataFrame({"doc_id": doc_ids}, dtype=object))
        return con.execute("SELECT doc_id, text FROM documents JOIN wanted USING (doc_id)").df()

    return duplicates.new_copies(stored, documents, old_texts)


def _write_table(file: Path, table: pa.Table) -> None:
    """Write a Parquet file via a temporary file of ours, renamed into place."""
    file.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{file.name}-", suffix=".tmp", dir=file.parent)
    os.close(handle)  # a fresh file of ours: no link is followed
    pq.write_table(table, temporary, compression="zstd")
    os.replace(temporary, file)


def _chunked(items: list[Item], size: int, *, text_bytes: int = CHUNK_BYTES) -> list[list[Item]]:
    """Chunks of at most ``size`` articles and about ``text_bytes`` of text (at least one article).

    Memory in a worker follows the text it holds, so a chunk of long articles is
    cut short: 250 articles of 5 MB would need over 100 GB at once.
    """
    chunks, current, held = [], [], 0
    for item in items:
        if current and (len(current) == size or held + item.length > text_bytes):
            chunks.append(current)
            current, held = [], 0
        current.append(item)
        held += item.length
    return [*chunks, current] if current else chunks


def _part_name(run: int, number: int) -> str:
    return f"part-{run:05d}-{number:06d}.parquet"


def _next_run(parts: dict[str, list[str]]) -> int:
    """The number of a new run: one more than any part's (once the files not listed are deleted)."""
    return 1 + max((int(PART_NAME.match(part)[1]) for names in parts.values() for part in names), default=0)


def _no_report(where: str, reason: str) -> None:
    return None


def _progress(total: int, show: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="article", disable=not show or total == 0, file=sys.stderr, smoothing=0.1)


def _run_local(jobs: int | None):
    """Chunks in this process (one job or one chunk), else in a pool of worker processes."""

    def run(chunks: list[list[Item]], setup: Setup) -> Iterator[tuple[int, dict[str, pa.Table]]]:
        return workers.in_pool(process_chunk, chunks, setup, jobs=jobs)

    return run


def _run_dask(scheduler: str | None, jobs: int | None):
    """Chunks on a Dask cluster: the scheduler's, or a LocalCluster of ``jobs`` worker processes.

    The articles' bytes travel with the chunks, so workers need no access to the files.
    """
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as exc:
        raise ImportError("--engine dask needs dask.distributed: pip install 'dask[distributed]'") from exc
    jobs = jobs or workers.cores()

    def run(chunks: list[list[Item]], setup: Setup) -> Iterator[tuple[int, dict[str, pa.Table]]]:
        cluster = (
            None if scheduler else LocalCluster(n_workers=jobs, threads_per_worker=1, dashboard_address=None)
        )
        try:
            client = Client(scheduler or cluster, timeout="30s")
        except (ValueError, OSError, TimeoutError) as exc:  # a malformed or unreachable address
            raise InputError(f"cannot reach the Dask scheduler {scheduler!r}: {exc}") from None
        try:
            remote_setup = client.scatter(setup, broadcast=True)
            queue = iter(enumerate(chunks))
            numbers, futures = {}, as_completed()
            for number, chunk in queue:
                future = client.submit(process_chunk, _with_data(chunk), remote_setup, pure=False)
                numbers[future.key] = number
                futures.add(future)
                if len(numbers) >= 2 * jobs:
                    break
            for future in futures:
                yield numbers.pop(future.key), future.result()
                for number, chunk in queue:
                    following = client.submit(process_chunk, _with_data(chunk), remote_setup, pure=False)
                    numbers[following.key] = number
                    futures.add(following)
                    break
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    return run


def _with_data(chunk: list[Item]) -> list[Item]:
    """The chunk with each article's bytes attached (not those rejected unread)."""
    loaded = []
    for item in chunk:
        file = Path(item.file)
        if item.problem or not file.is_file():
            loaded.append(item)
        elif item.offset < 0:
            loaded.append(item._replace(data=file.read_bytes()))
        else:
            loaded.append(item._replace(data=_read_range(file, item.offset, item.length)))
    return loaded


# --- one writer ---------------------------------------------------------------------------------


def _refuse_raw(store: Path) -> None:
    """Refuse a store inside a ``raw/`` folder: raw data is never written."""
    if any(parent.name == paths.RAW for parent in (store.absolute(), *store.absolute().parents)):
        raise InputError(f"the store must not be inside a {paths.RAW}/ folder, which is never written: "
                         "give --out another folder", path=store)  # fmt: skip


def claim_store(store: Path, *, create: bool = True) -> None:
    """Make sure ``store`` is a store newslens may write: its own, or a new or empty folder.

    A folder holding other files is refused, so that neither an ingest nor a
    check (which deletes files it does not know) ever touches what the user
    keeps there. A store written before the marker existed is recognised by
    its ``sources`` parts and marked.

    Raises:
        InputError: the folder is a symbolic link, a file, or holds files that are not a store's.
    """
    _refuse_raw(store)
    if store.is_symlink() or (store.exists() and not store.is_dir()):
        raise InputError("not a folder newslens may write a store into (a file or a link)", path=store)
    if (store / MARKER).is_file():
        return
    if store.exists() and any(store.iterdir()) and not _legacy_store(store):
        raise InputError(f"not a newslens store (it holds other files and no {MARKER} file): give a new "
                         "or empty folder, or the store an ingest wrote", path=store)  # fmt: skip
    if not create and not store.exists():
        raise InputError("no store here: run `newslens ingest` first", path=store)
    store.mkdir(parents=True, exist_ok=True)
    _write_new(store / MARKER, json.dumps({"newslens": __version__}) + "\n")


def _legacy_store(store: Path) -> bool:
    """A store from before the marker: ``sources`` parts with the sources table's columns."""
    parts = sorted((store / "sources").glob("part-*.parquet")) if (store / "sources").is_dir() else []
    try:
        return bool(parts) and pq.read_schema(parts[0]).names == SCHEMAS["sources"].names
    except (OSError, pa.ArrowException):
        return False


def _write_new(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` through a fresh temporary file renamed over it (no link is followed)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temporary, target)


class StoreBusy(InputError):
    """Another process writes the store."""


@contextlib.contextmanager
def writer_lock(store: Path) -> Iterator[None]:
    """Be the store's one writer while the block runs.

    ``writer.lock`` holds the writer's pid and host, and is locked with
    ``flock``, which the system releases when the writer dies, however it
    dies. A lock held, or naming a process that runs (or may run: on another
    host) stops the run; one naming a process gone from this host is stale,
    and taken over with a warning. The file is emptied, not deleted, at the
    end: deleting it would let a process that had opened it and one that
    creates it anew both hold a lock.

    Raises:
        StoreBusy: another process writes the store, naming the lock file and its pid.
    """
    store.mkdir(parents=True, exist_ok=True)
    path = store / LOCK
    try:  # never through a link planted in the store
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as exc:
        raise InputError(f"cannot open the lock file: {exc.strerror}", path=path) from None
    with open(descriptor, "a+", encoding="utf-8") as handle:
        locked = _flock(handle)
        holder = _holder(path)
        if not locked or _may_run(holder):
            who = f"pid {holder.get('pid')} on {holder.get('host')}" if holder else "a process starting up"
            raise StoreBusy(
                f"another newslens run writes this store ({who}): wait for it to end, or, if that "
                "process is gone, delete this lock file",
                path=path,
            )
        if holder:
            warnings.warn(f"{path}: took over the stale lock of pid {holder.get('pid')}", stacklevel=3)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname()}))
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)


def _flock(handle) -> bool:
    """Lock an open file for this process alone; False when another process holds it.

    True where there is no such lock (Windows, some network file systems):
    the pid in the file then decides alone.
    """
    try:
        import fcntl
    except ImportError:
        return True
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return True
    return True


def _holder(path: Path) -> dict:
    """The pid and host written in a lock file ({} when it is empty or unreadable)."""
    try:
        holder = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return holder if isinstance(holder, dict) else {}


def _may_run(holder: dict) -> bool:
    """Whether the writer a lock file names may still run: on another host (which cannot be
    told from here), or as a live process of this one other than this process."""
    if not holder:
        return False
    if holder.get("host") != socket.gethostname():
        return True
    pid = holder.get("pid")
    return isinstance(pid, int) and pid > 0 and pid != os.getpid() and _running(pid)


def _running(pid: int) -> bool:
    """Whether a process runs with this pid (a zombie, ended but not yet reaped, does not)."""
    if sys.platform == "win32":
        return True  # os.kill would end it; a stale lock is deleted by hand
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # no /proc (macOS)
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


# --- the store on disk --------------------------------------------------------------------------


class DamagedPart(InputError):
    """A part file that is missing, cannot be read or holds other columns (:func:`check` removes it)."""

    def __init__(self, file: Path, why: str) -> None:
        super().__init__(f"a damaged part of the store ({why}): {repair_hint(file.parent.parent)}", path=file)
        self.why = why


def write_part(store: Path, part: str, tables: dict[str, pa.Table]) -> None:
    """Write one part of every table, each via a temporary file (it counts once ``parts.json`` names it)."""
    for name in SCHEMAS:
        _write_table(store / name / part, tables[name])


def write_parts(store: Path, live: list[str], pending: list[str], *, copies: str | None = None) -> None:
    """Replace ``parts.json`` in one step (a temporary file renamed over it): readers see the old
    list or the new one, whenever the writer is stopped. ``copies`` names the run whose copies
    count (:func:`newslens.store.read_copies`); None keeps the current one."""
    copies = read_copies(store) if copies is None else copies
    _write_new(store / PARTS, json.dumps({"live": sorted(live), "pending": pending, "copies": copies}))


def _read_table(store: Path, name: str, part: str) -> pa.Table:
    """One table of a part, checked.

    Raises:
        DamagedPart: the file is missing, unreadable or holds other columns.
    """
    file = store / name / part
    if not file.is_file():
        raise DamagedPart(file, "missing")
    try:
        table = pq.read_table(file)
    except (OSError, pa.ArrowException) as exc:
        raise DamagedPart(file, f"unreadable: {exc}") from None
    if not table.schema.equals(SCHEMAS[name]):
        raise DamagedPart(file, "not the columns of the table")
    return table


def _parts_on_disk(store: Path) -> list[str]:
    """The parts that have a ``sources`` file (the mark of a complete part before ``parts.json``)."""
    folder = store / "sources"
    return sorted(f.name for f in folder.iterdir() if PART_NAME.match(f.name)) if folder.is_dir() else []


def _parts_for_writing(store: Path, found: list[str] | None = None) -> dict[str, list[str]]:
    """The parts list a writer starts from, once every file that it does not name is deleted.

    A store written before ``parts.json`` existed has its parts with a
    ``sources`` file as live. For :func:`check` (given ``found``, where it
    says what it did), an unreadable list is rebuilt from the parts on disk.
    """
    try:
        parts = read_parts(store)
    except InputError:
        if found is None:
            raise
        parts = {"live": _parts_on_disk(store), "pending": []}
        found.append(f"{PARTS} was unreadable: rebuilt from the {len(parts['live'])} parts in sources/")
    if not (store / PARTS).exists():
        parts["live"] = _parts_on_disk(store)
    deleted = _collect_garbage(store, {*parts["live"], *parts["pending"]})
    if deleted and found is not None:
        found.append(f"deleted {len(deleted)} files that {PARTS} does not name (superseded parts, or left "
                     "by an interrupted run)")  # fmt: skip
    return parts


def _collect_garbage(store: Path, keep: set[str]) -> list[Path]:
    """Delete the part files not in ``keep``, the temporary files and the copies files of earlier
    runs; returns the deleted files but the copies (their turnover is no repair)."""
    deleted = sorted(store.glob(".*.tmp"))  # a stopped write of parts.json
    for file in deleted:
        file.unlink()
    for name in SCHEMAS:
        folder = store / name
        for file in sorted(folder.iterdir()) if folder.is_dir() else []:
            if file.name.endswith(".tmp") or (PART_NAME.match(file.name) and file.name not in keep):
                file.unlink()
                deleted.append(file)
    try:
        current = _copies_files(store, read_copies(store))
    except InputError:  # parts.json is being rebuilt by check(): the next run finds the copies anew
        current = ()
    for file in sorted((store / COPIES).glob("*")) if (store / COPIES).is_dir() else []:
        if file.name.endswith(".tmp"):
            file.unlink()
            deleted.append(file)
        elif _COPIES_FILE.match(file.name) and file not in current:
            file.unlink()
    return deleted


_STATE_COLUMNS = ["key", "stamp", "doc_id", "status", "part"]


def read_state(store: Path, parts: list[str]) -> pd.DataFrame:
    """key, stamp, doc_id and status of the ``sources`` rows of some parts, with their part (read by
    DuckDB), oldest part first: where a key has rows in two parts, the later one is its newest version.

    Columns hold Python strings: a run looks 100,000 keys up one by one, which
    Arrow-backed strings make several times slower.

    Raises:
        InputError: a ``sources`` file is missing or damaged.
    """
    import duckdb

    if not parts:
        return pd.DataFrame(columns=_STATE_COLUMNS, dtype=object)
    files = [(store / "sources" / part).as_posix() for part in parts]
    query = (
        "SELECT key, stamp, doc_id, status, parse_filename(filename) AS part "
        "FROM read_parquet(?, filename=1) ORDER BY part"
    )
    try:
        rows = duckdb.connect().sql(query, params=[files]).to_arrow_table()
    except duckdb.Error as exc:
        raise InputError(f"cannot be read ({exc}): {repair_hint(store)}", path=store / "sources") from None
    columns = {name: rows[name].to_numpy(zero_copy_only=False) for name in _STATE_COLUMNS}
    return pd.DataFrame(columns, dtype=object)  # through Arrow: a third less time than Python rows


def _owners(state: pd.DataFrame, listed: set[str], redone: set[str]) -> dict[str, str]:
    """doc_id -> key of the articles that stay as they are in the store."""
    staying = listed - redone
    return {
        doc_id: key
        for key, doc_id, status in zip(state["key"], state["doc_id"], state["status"], strict=True)
        if status == "ok" and key in staying
    }


def _claim(tables: dict[str, pa.Table], owners: dict[str, str]) -> list[tuple[str, str]]:
    """Reject articles whose doc_id another article already has; returns this chunk's rejects."""
    sources, dropped = tables["sources"].to_pylist(), []
    for row in sources:
        if row["status"] == "ok" and (owner := owners.setdefault(row["doc_id"], row["key"])) != row["key"]:
            dropped.append(row["doc_id"])
            row.update(
                status="rejected", reason=f"duplicate doc_id {row['doc_id']!r} (also {owner})", doc_id=""
            )
    if dropped:
        tables.update(_without(tables, set(), set(dropped)))
        tables["sources"] = pa.Table.from_pylist(sources, schema=SCHEMAS["sources"])
    return [(row["where"], row["reason"]) for row in sources if row["status"] == "rejected"]


def _without(tables: dict[str, pa.Table], keys: set[str], doc_ids: set[str]) -> dict[str, pa.Table]:
    """The tables of a part without the ``sources`` rows of ``keys`` and the other rows of ``doc_ids``."""
    sources = tables["sources"]
    superseded = pa.array(sorted(keys), pa.string())
    kept = {"sources": sources.filter(pc.invert(pc.is_in(sources["key"], superseded)))}
    dropped = pa.array(sorted(doc_ids), pa.string())
    for name in DOCUMENT_TABLES:
        kept[name] = tables[name].filter(pc.invert(pc.is_in(tables[name]["doc_id"], dropped)))
    return kept


def _compact(
    store: Path, parts: list[str], state: pd.DataFrame, fresh: Iterator[str], listed: set[str] | None = None
) -> tuple[list[str], int, pd.DataFrame]:
    """Remove superseded rows from some parts: older versions of keys and doc_ids, and articles no
    longer ``listed`` (when given).

    A part that loses rows is written anew under the next name of ``fresh``,
    never in place: the caller makes the new list live in one step.

    Args:
        state: The parts' ``sources`` rows (:func:`read_state`).

    Returns:
        The parts that now hold the rows, the number of ``sources`` rows removed, and the rows that remain.
    """
    if state.empty:
        return sorted(parts), 0, state
    state = state.sort_values("part", kind="stable")
    newest_key = ~state.duplicated("key", keep="last")
    ok = state["status"] == "ok"
    keep = newest_key & ~(ok & state.duplicated(["doc_id", "status"], keep="last"))
    if listed is not None:
        keep &= pd.Series([key in listed for key in state["key"]], index=state.index)
    parts = set(parts)
    kept_parts = set(state.loc[keep, "part"])
    for part, rows in state[~keep].groupby("part"):
        if part not in kept_parts:  # nothing of it stays: dropped unread
            parts.remove(part)
            continue
        tables = {name: _read_table(store, name, part) for name in SCHEMAS}
        kept = _without(tables, set(rows["key"]), set(rows.loc[rows["status"] == "ok", "doc_id"]))
        parts.remove(part)
        if kept["sources"].num_rows:
            parts.add(new := next(fresh))
            write_part(store, new, kept)
    return sorted(parts), int((~keep).sum()), state[keep]


# --- checking a store ---------------------------------------------------------------------------


def check(path: str | Path) -> CheckReport:
    """Verify a store and repair what can be, so that it is consistent afterwards.

    - files that ``parts.json`` does not name (superseded, or an interrupted
      run's) are deleted; an unreadable ``parts.json`` is rebuilt from the parts on disk;
    - a part with a table missing, unreadable (pyarrow cannot read it) or with
      other columns is removed: ``sources`` no longer holds its articles, so
      the next run ingests them again;
    - an article marked ingested without a row in ``documents`` is unmarked
      (ingested again by the next run), and rows of articles that ``sources``
      does not mark ingested are removed;
    - older versions of an article in other live parts are removed.

    Args:
        path: The store, or what was ingested into it (its store is found as :func:`ingest` finds it).

    Raises:
        InputError: there is no store there, or another process writes it.
    """
    store = Path(path)
    if not ((store / MARKER).is_file() or _legacy_store(store)):
        store = default_store(path)
    claim_store(store, create=False)
    report = CheckReport(store)
    with writer_lock(store):
        parts = _parts_for_writing(store, report.found)
        copies = _checked_copies(store, report.found)
        fresh = (_part_name(_next_run(parts), number) for number in itertools.count())
        checked = {kind: [] for kind in parts}
        for kind, names in parts.items():
            for part in names:
                new, found = _check_part(store, part, fresh)
                report.found.extend(found)
                checked[kind].extend([new] if new else [])
        state = read_state(store, checked["live"])
        live, removed, state = _compact(store, checked["live"], state, fresh)
        if removed:
            report.found.append(f"removed {removed} older versions of articles from the live parts")
        if not copies and live:  # unreadable or never found: found now, so that stories count at once
            run = _next_run({"live": live, "pending": checked["pending"]})
            copies = _refresh_copies(store, live, state, run, previous="")
            report.found.append(f"found the copies anew: {copies}")
        write_parts(store, live, checked["pending"], copies=copies)
        _collect_garbage(store, {*live, *checked["pending"]})
    report.parts, report.documents = len(live), int((state["status"] == "ok").sum())
    return report


def _checked_copies(store: Path, found: list[str]) -> str:
    """The name of the store's copies once they are known readable, else "" (the next run finds them anew)."""
    try:
        name = read_copies(store)
        read_copies_files(store, name)
    except InputError as exc:
        found.append(
            f"{exc.path or store / PARTS}: the copies could not be read; the next run finds them anew"
        )
        return ""
    return name


def _check_part(store: Path, part: str, fresh: Iterator[str]) -> tuple[str | None, list[str]]:
    """Check one part, and repair it; returns its name afterwards (None: removed) and what was found."""
    try:
        tables = {name: _read_table(store, name, part) for name in SCHEMAS}
    except DamagedPart as exc:
        return None, [f"{exc.path}: {exc.why}; removed {part}, whose articles the next run ingests again"]
    sources = tables["sources"]
    ok = pc.equal(sources["status"], "ok")
    marked = set(sources.filter(ok)["doc_id"].to_pylist())
    present = set(tables["documents"]["doc_id"].to_pylist())
    rows = set().union(*(pc.unique(tables[name]["doc_id"]).to_pylist() for name in DOCUMENT_TABLES))
    unmarked, stray = sorted(marked - present), rows - (marked & present)
    if not unmarked and not stray:
        return part, []
    lost = sources.filter(pc.and_(ok, pc.is_in(sources["doc_id"], pa.array(unmarked, pa.string()))))
    new = next(fresh)
    write_part(store, new, _without(tables, set(lost["key"].to_pylist()), stray | set(unmarked)))
    found = []
    if unmarked:
        found.append(f"{part}: {len(unmarked)} articles marked ingested had no row in documents "
                     f"({', '.join(unmarked[:5])}): unmarked, the next run ingests them again")  # fmt: skip
    if stray - set(unmarked):
        found.append(f"{part}: removed the rows of {len(stray - set(unmarked))} articles that sources "
                     "does not mark ingested")  # fmt: skip
    return new, found
