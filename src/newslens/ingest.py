"""Ingest a large corpus into a store of partitioned Parquet tables: in parallel,
in bounded chunks, incrementally, and without losing work to one bad article.

A store is a folder with one sub-folder per table: the tables of DESIGN.md
(documents, removed, sentences, tokens, timexes, mentions, quotes and
sentiment, the VADER scores of each English sentence) and ``sources``, one row
per input article with its key, its stamp, where it came from, its doc_id and
whether it was ingested or rejected (and why). Every chunk of articles becomes
one part file in each folder, ``part-<run>-<chunk>.parquet``. Parts are
written to a temporary name and renamed, ``sources`` last: a part whose
``sources`` file exists is complete, and anything else an interrupted run
left behind is deleted by the next one, which then carries on with the
articles not yet in the store. An article counts as new or changed when its
stamp (size, modification time, manifest row, and a digest of the gazetteer
and of newslens's code) differs from the stored one; older versions of it are
then removed from their parts.

Articles are processed by the very functions :func:`newslens.load_corpus`
and the analyses use, one chunk at a time, in worker processes or on Dask;
the main process only lists inputs and writes parts, so memory depends on the
chunk size and the number of workers, not on the corpus. In the store,
tokens' ``lemma`` holds the Snowball stem: the readable form depends on the
whole corpus and is worked out when a query asks for lemmas
(:mod:`newslens.store`).
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newslens import __version__, corpus, paths
from newslens.errors import InputError

_STR = pa.string()
_TYPES = {"s": _STR, "i": pa.int32(), "b": pa.bool_(), "f": pa.float64(), "d": pa.date32()}


def _schema(spec: str) -> pa.Schema:
    """A schema from ``"name:type ..."`` with types s(tring), i(nt32), b(ool), f(loat64), d(ate)."""
    return pa.schema([(name, _TYPES[kind]) for name, kind in (field.split(":") for field in spec.split())])


#: The columns and types of every table of a store.
SCHEMAS: dict[str, pa.Schema] = {
    "documents": _schema(
        "doc_id:s title:s outlet:s published:d date_basis:s language:s url:s path:s notes:s dateline:s place:s "
        "credit:s agency:s timestamp:s stated_date:d text:s n_sentences:i n_tokens:i n_words:i"
    ),
    "removed": _schema("doc_id:s start:i end:i text:s reason:s"),
    "sentences": _schema("doc_id:s sent_id:i start:i end:i text:s language:s"),
    "tokens": _schema("doc_id:s sent_id:i tok_id:i start:i end:i text:s norm:s lemma:s is_stop:b is_word:b"),
    "timexes": _schema("doc_id:s sent_id:i start:i end:i text:s type:s value:s anchor:s"),
    "mentions": _schema("doc_id:s sent_id:i start:i end:i actor_id:s surface:s"),
    "quotes": _schema("doc_id:s quote_id:s start:i end:i text:s speaker:s cue:s compound:f"),
    "sentiment": _schema("doc_id:s sent_id:i compound:f pos:f neu:f neg:f label:s"),
    "sources": _schema("key:s stamp:s where:s doc_id:s status:s reason:s"),
}
#: Tables with one row or more per document; ``sources`` is written after them.
DOCUMENT_TABLES = tuple(name for name in SCHEMAS if name != "sources")
DEFAULT_CHUNK = 250
_PART = re.compile(r"^part-(\d+)-(\d+)\.parquet$")


class Item(NamedTuple):
    """One input article, before it is read (a named tuple: 100,000 of them are listed at each run).

    Attributes:
        key: Its identity in the store: the file's path, or for a .jsonl line
            the file's path and a digest of the line.
        stamp: Changes whenever the article, its manifest row, the gazetteer or the code does.
        where: The file (and line) for messages.
        file: The file to read.
        offset, length: Where a .jsonl line lies in the file (offset -1 for a whole file).
        line: The .jsonl line number.
        row: The manifest row, as (column, value) pairs, when there is one.
        data: The bytes, when they travel with the item (to a Dask cluster).
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


@dataclass(frozen=True)
class Setup:
    """What every worker needs besides the articles (small, sent with each chunk)."""

    root: str  # the folder that documents' paths are relative to
    gazetteer: pd.DataFrame
    single_names: list[str]
    mwes: object


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


# --- listing the inputs -------------------------------------------------------------------------


def default_store(path: str | Path) -> Path:
    """Where ``ingest`` writes by default: ``processed/store`` beside the corpus, never in raw/."""
    path = Path(path)
    suffix = path.suffix.lower()
    folder = path.parent if suffix in (".jsonl", ".csv") else path
    if folder.name == paths.RAW:
        folder = folder.parent
    return folder / paths.PROCESSED / (path.stem if suffix == ".jsonl" else "store")


def list_items(path: str | Path) -> tuple[Path, list[Item]]:
    """The articles of a data folder (manifest and raw/), a folder of files, a .jsonl or a manifest.

    Returns:
        The folder that paths are relative to, and the items in a stable order.

    Raises:
        InputError: the path does not exist, or the manifest is malformed.
    """
    path = Path(path)
    if not path.exists():
        raise InputError("no such file or folder", path=path)
    config = _config_digest(path if path.is_dir() else path.parent)
    if path.suffix.lower() == ".jsonl":
        return path.parent, list(_jsonl_items(path, path.parent, config))
    if path.suffix.lower() == ".csv":
        return path.parent, _manifest_items(path, path.parent, config)
    if not path.is_dir():
        raise InputError("give a folder, a .jsonl file or a manifest (.csv)", path=path)
    manifest, raw = path / paths.MANIFEST, path / paths.RAW
    items = _manifest_items(manifest, path, config) if manifest.is_file() else []
    listed = {Path(item.file).resolve() for item in items}
    data_folder = manifest.is_file() or raw.is_dir()  # articles under raw/, as for load_corpus
    for file in _article_files(raw if data_folder else path):
        if file.resolve() not in listed:
            items.extend(_file_items(file, path, config))
    return path, items


def _config_digest(root: Path) -> str:
    """A digest of what, besides the article, decides its tables: the code and the gazetteer."""
    digest = hashlib.blake2b(__version__.encode(), digest_size=8)
    for file in [*sorted(paths.PACKAGE_DIR.glob("*.py")), paths.STOPWORDS, paths.gazetteer_path(root)]:
        digest.update(file.read_bytes() if file.is_file() else b"\0")
    return digest.hexdigest()


def _article_files(root: Path) -> list[Path]:
    """Article files under ``root``, skipping hidden folders and processed/."""
    found: list[Path] = []
    if not root.is_dir():
        return found
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(s for s in subfolders if not s.startswith(".") and s != paths.PROCESSED)
        found.extend(
            Path(folder, name)
            for name in sorted(files)
            if name.lower().endswith(corpus.ARTICLE_SUFFIXES) and not name.startswith(".")
        )
    return found


def _relative(file: Path, root: Path) -> str:
    return file.resolve().relative_to(root.resolve()).as_posix()


def _file_items(file: Path, root: Path, config: str, row: tuple = ()) -> Iterable[Item]:
    if file.suffix.lower() == ".jsonl":
        return _jsonl_items(file, root, config, row)
    stat = file.stat()
    stamp = f"{config}:{stat.st_size}:{stat.st_mtime_ns}:{_digest(repr(row).encode())}"
    return [Item(_relative(file, root), stamp, str(file), str(file), row=row)]


def _jsonl_items(file: Path, root: Path, config: str, row: tuple = ()) -> Iterator[Item]:
    """One item per non-empty line, read as bytes without keeping them (a loop kept lean: 100,000 lines)."""
    relative, name, offset = _relative(file, root), str(file), 0
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


def make_setup(root: Path) -> Setup:
    """The gazetteer and name tokenizers for a corpus folder (the project's when it has none)."""
    from newslens import actors

    gazetteer = actors.load_gazetteer(paths.gazetteer_path(root))
    single_names, mwes = corpus.name_tokenizers(gazetteer)
    return Setup(str(root), gazetteer, single_names, mwes)


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
                source = read_item(item, Path(setup.root))
                if source.doc_id in seen:
                    raise InputError(f"duplicate doc_id {source.doc_id!r} (also {seen[source.doc_id]})")
                seen[source.doc_id] = item.key
                rows.append(corpus.article_rows(source, setup.single_names, setup.mwes))
            notes = "; ".join(str(w.message) for w in caught if issubclass(w.category, corpus.CorpusWarning))
            sources.append((item.key, item.stamp, item.where, source.doc_id, "ok", notes))
        except Exception as exc:  # one bad article must not stop the others
            sources.append((item.key, item.stamp, item.where, "", "rejected", _reason(exc)))
    tables = corpus.rows_to_tables([(*row[:3], []) for row in rows])
    tables = _analysed({k: v for k, v in tables.items() if k != "tokens"}, setup, sources)
    tables["sources"] = pd.DataFrame(sources, columns=SCHEMAS["sources"].names)
    arrow = {name: _arrow(name, table) for name, table in tables.items()}
    arrow["tokens"] = _token_table([token for row in rows for token in row[3]], arrow["documents"]["doc_id"])
    return arrow


def _token_table(rows: list[tuple], doc_ids: pa.ChunkedArray) -> pa.Table:
    """The token rows as Arrow columns straight away (the largest table skips pandas), for ``doc_ids``."""
    schema = SCHEMAS["tokens"]
    if not rows:
        return schema.empty_table()
    columns = [
        pa.array(values, field.type) for values, field in zip(zip(*rows, strict=True), schema, strict=True)
    ]
    table = pa.Table.from_arrays(columns, schema=schema)
    return table.filter(pc.is_in(table["doc_id"], doc_ids.combine_chunks()))


def read_item(item: Item, root: Path) -> corpus.Source:
    """The article an item stands for, with its manifest row applied.

    Raises:
        InputError: naming the file (and line) when it cannot be read.
    """
    file = Path(item.file)
    row = dict(item.row)
    if item.offset < 0:
        if not file.is_file() and item.data is None:
            raise InputError(f"the file {row.get('path', file)!r} does not exist", path=item.where)
        return corpus.read_article(root, file, row or None, item.where, data=item.data)
    data = item.data if item.data is not None else _read_range(file, item.offset, item.length)
    try:
        line = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 at byte {exc.start} of the line", path=file, line=item.line
        ) from exc
    source = corpus.jsonl_source(line, file, _relative(file, root), item.line)
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
    names = [name for name in DOCUMENT_TABLES if name != "tokens"]  # tokens skip pandas (_token_table)
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
    from newslens import actors, quotes, sentiment, timeline

    documents, sentences = tables["documents"], tables["sentences"]
    mentioned = actors.mentions(sentences, setup.gazetteer)
    scores = sentiment.sentence_scores(sentences)
    return {
        "timexes": timeline.timexes(documents, sentences),
        "mentions": mentioned,
        "quotes": quotes.quotes(documents, sentences, mentioned, setup.gazetteer),
        "sentiment": scores[SCHEMAS["sentiment"].names],
    }


def _arrow(name: str, table: pd.DataFrame) -> pa.Table:
    """The table with the store's column types (dates as dates, missing text as null)."""
    schema = SCHEMAS[name]
    columns = {}
    for column in schema.names:
        values = table[column]
        if schema.field(column).type == pa.date32():
            values = pd.to_datetime(values).dt.date
        columns[column] = values.astype(object).where(values.notna(), None).tolist()
    return pa.Table.from_pydict(columns, schema=schema)


# --- running the chunks -------------------------------------------------------------------------


def ingest(
    path: str | Path,
    *,
    out: str | Path | None = None,
    jobs: int | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool = False,
    on_reject: Callable[[str, str], None] | None = None,
) -> Result:
    """Bring a store up to date with the articles under ``path``.

    Args:
        path: A data folder (``corpus.csv`` and ``raw/``), a folder of .txt,
            .md, .html and .jsonl files, a .jsonl file, or a manifest.
        out: The store folder (default :func:`default_store`).
        jobs: Worker processes (default: every core).
        chunk_size: Articles per chunk, and per part file.
        engine: ``"local"`` (processes on this machine) or ``"dask"``.
        scheduler: A Dask scheduler's address; without one a LocalCluster of ``jobs`` workers.
        progress: Show a progress bar on stderr.
        on_reject: Called with (where, reason) for each rejected article.

    Raises:
        InputError: the path is missing or the manifest or gazetteer is malformed.
    """
    started = time.perf_counter()
    root, items = list_items(path)
    store = Path(out) if out is not None else default_store(path)
    if store.resolve().is_relative_to((root / paths.RAW).resolve()):
        raise InputError("the store must not be inside raw/, which is never written", path=store)
    _recover(store)
    state = read_state(store)
    stored = dict(zip(state["key"], state["stamp"], strict=True))
    todo = [item for item in items if stored.get(item.key) != item.stamp]
    result = Result(store, listed=len(items), unchanged=len(items) - len(todo))
    owners = _owners(state, {item.key for item in items}, {item.key for item in todo})
    chunks = [todo[i : i + chunk_size] for i in range(0, len(todo), chunk_size)]
    run = max((int(m[1]) for m in map(_PART.match, _part_names(store)) if m), default=0) + 1
    bar = _progress(len(todo), progress)
    jobs = max(1, jobs or os.cpu_count() or 1)
    runner = _run_dask(scheduler, jobs) if engine == "dask" else _run_local(jobs)
    written = [state]
    setup = make_setup(root) if chunks else None  # NLTK and the gazetteer only when there is work
    for number, tables in runner(chunks, setup):
        rejects = _claim(tables, owners)
        part = f"part-{run:05d}-{number:06d}"
        write_part(store, part, tables)
        new_rows = tables["sources"].select(_STATE_COLUMNS[:4]).to_pylist()
        written.append(pd.DataFrame(new_rows, dtype=object).assign(part=f"{part}.parquet"))
        result.ingested += tables["documents"].num_rows
        result.rejected.extend(rejects)
        for where, reason in rejects:
            (on_reject or _no_report)(where, reason)
        bar.update(len(chunks[number]))
    bar.close()
    state = pd.concat(written, ignore_index=True) if len(written) > 1 else state
    result.removed, state = compact(store, {item.key for item in items}, state)
    result.documents = int((state["status"] == "ok").sum())
    result.seconds = time.perf_counter() - started
    return result


def _no_report(where: str, reason: str) -> None:
    return None


def _progress(total: int, show: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="article", disable=not show or total == 0, file=sys.stderr, smoothing=0.1)


def _run_local(jobs: int):
    """Chunks in this process (one job or one chunk), else in a pool, two chunks a worker in flight."""

    def run(chunks: list[list[Item]], setup: Setup) -> Iterator[tuple[int, dict[str, pa.Table]]]:
        if jobs == 1 or len(chunks) <= 1:
            yield from ((number, process_chunk(chunk, setup)) for number, chunk in enumerate(chunks))
            return
        with ProcessPoolExecutor(jobs, mp_context=get_context("spawn")) as pool:
            pending, queue = {}, iter(enumerate(chunks))
            for number, chunk in queue:
                pending[pool.submit(process_chunk, chunk, setup)] = number
                if len(pending) >= 2 * jobs:
                    break
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield pending.pop(future), future.result()
                    for number, chunk in queue:
                        pending[pool.submit(process_chunk, chunk, setup)] = number
                        break

    return run


def _run_dask(scheduler: str | None, jobs: int):
    """Chunks on a Dask cluster: the scheduler's, or a LocalCluster of ``jobs`` worker processes.

    The articles' bytes travel with the chunks, so workers need no access to the files.
    """
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as exc:
        raise ImportError("--engine dask needs dask.distributed: pip install 'dask[distributed]'") from exc

    def run(chunks: list[list[Item]], setup: Setup) -> Iterator[tuple[int, dict[str, pa.Table]]]:
        cluster = (
            None if scheduler else LocalCluster(n_workers=jobs, threads_per_worker=1, dashboard_address=None)
        )
        client = Client(scheduler or cluster)
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
    """The chunk with each article's bytes attached."""
    loaded = []
    for item in chunk:
        file = Path(item.file)
        if not file.is_file():
            loaded.append(item)
        elif item.offset < 0:
            loaded.append(item._replace(data=file.read_bytes()))
        else:
            loaded.append(item._replace(data=_read_range(file, item.offset, item.length)))
    return loaded


# --- the store on disk --------------------------------------------------------------------------


def write_part(store: Path, part: str, tables: dict[str, pa.Table]) -> None:
    """Write one part of every table, each via a temporary file, ``sources`` last."""
    for name in (*DOCUMENT_TABLES, "sources"):
        folder = store / name
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{part}.tmp"
        pq.write_table(tables[name], temporary, compression="zstd")
        temporary.replace(folder / f"{part}.parquet")


def _part_names(store: Path) -> list[str]:
    folder = store / "sources"
    return sorted(f.name for f in folder.glob("part-*.parquet")) if folder.is_dir() else []


def _recover(store: Path) -> None:
    """Delete what an interrupted run left: temporary files and parts without their sources file."""
    complete = set(_part_names(store))
    for name in (*DOCUMENT_TABLES, "sources"):
        folder = store / name
        if folder.is_dir():
            for file in folder.iterdir():
                if file.name.endswith(".tmp") or (_PART.match(file.name) and file.name not in complete):
                    file.unlink()


_STATE_COLUMNS = ["key", "stamp", "doc_id", "status", "part"]


def read_state(store: Path) -> pd.DataFrame:
    """key, stamp, doc_id and status of every ``sources`` row, with its part file (read by DuckDB).

    Columns hold Python strings: a run looks 100,000 keys up one by one, which
    Arrow-backed strings make several times slower.
    """
    import duckdb

    if not _part_names(store):
        return pd.DataFrame(columns=_STATE_COLUMNS, dtype=object)
    files = (store / "sources" / "part-*.parquet").as_posix()
    query = "SELECT key, stamp, doc_id, status, parse_filename(filename) FROM read_parquet(?, filename=1)"
    return pd.DataFrame(
        duckdb.connect().execute(query, [files]).fetchall(), columns=_STATE_COLUMNS, dtype=object
    )


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
        for name in DOCUMENT_TABLES:
            table = tables[name]
            tables[name] = table.filter(pc.invert(pc.is_in(table["doc_id"], pa.array(dropped, _STR))))
        tables["sources"] = pa.Table.from_pylist(sources, schema=SCHEMAS["sources"])
    return [(row["where"], row["reason"]) for row in sources if row["status"] == "rejected"]


def compact(store: Path, listed: set[str], state: pd.DataFrame | None = None) -> tuple[int, pd.DataFrame]:
    """Remove superseded rows: articles no longer listed, and older versions of keys and doc_ids.

    Each affected part is rewritten without them (via temporary files), its
    ``sources`` file last, so an interruption leaves rows the next run removes.

    Args:
        state: The store's ``sources`` rows with their parts (:func:`read_state`), if already known.

    Returns:
        The number of ``sources`` rows removed, and the rows that remain.
    """
    state = read_state(store) if state is None else state
    if state.empty:
        return 0, state
    state = state.sort_values("part", kind="stable")
    newest_key = ~state.duplicated("key", keep="last")
    ok = state["status"] == "ok"
    newest_doc = ~(ok & state.duplicated(["doc_id", "status"], keep="last"))
    is_listed = pd.Series([key in listed for key in state["key"]], index=state.index)
    keep = is_listed & newest_key & newest_doc
    for part, rows in state[~keep].groupby("part"):
        _rewrite_part(store, part, set(rows["key"]), set(rows.loc[rows["status"] == "ok", "doc_id"]))
    return int((~keep).sum()), state[keep]


def _rewrite_part(store: Path, part: str, keys: set[str], doc_ids: set[str]) -> None:
    sources = pq.read_table(store / "sources" / part)
    kept = sources.filter(pc.invert(pc.is_in(sources["key"], pa.array(sorted(keys), _STR))))
    tables = {"sources": kept}
    for name in DOCUMENT_TABLES:
        table = pq.read_table(store / name / part)
        drop = pc.is_in(table["doc_id"], pa.array(sorted(doc_ids), _STR))
        tables[name] = table.filter(pc.invert(drop))
    if kept.num_rows == 0:
        (store / "sources" / part).unlink()
        for name in DOCUMENT_TABLES:
            (store / name / part).unlink(missing_ok=True)
    else:
        write_part(store, part.removesuffix(".parquet"), tables)
