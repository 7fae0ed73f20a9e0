"""Reading an ingested store (:mod:`newslens.ingest`): DuckDB views over its Parquet parts.

:func:`connect` opens a store as one view per table (``documents_all``,
``tokens_all``, ...); :class:`newslens.corpus.Corpus` builds on it, so a
store is read through the same object, and the same analyses, as a corpus
loaded into memory. Only the parts that ``parts.json`` lists as live are
read: a run of ``newslens ingest`` makes its work live in one step when it
ends, so a reader sees the store as one run left it, never half of a run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from newslens import schema
from newslens.corpus import Corpus, typed
from newslens.errors import InputError

#: The tables a store's views read (:mod:`newslens.schema`).
TABLES = tuple(name for name in schema.STORE if name != "signatures")
#: The store's list of parts (see :func:`read_parts`), and the name every part file has.
PARTS = "parts.json"
PART_NAME = re.compile(r"^part-(\d+)-(\d+)\.parquet$")
#: The name of a run's copies (see :func:`read_copies`).
COPIES_NAME = re.compile(r"^copies-\d{5}$")


def is_store(path: str | Path) -> bool:
    """Whether ``path`` is a folder that ``newslens ingest`` wrote."""
    return (Path(path) / PARTS).is_file()


def connect(path: str | Path):
    """A DuckDB connection with a view ``<table>_all`` per table of the store's live parts.

    ``documents_all`` has each document's ``story_id`` (the earliest article of
    the copies it belongs to: :func:`newslens.duplicates.story_ids`).

    Raises:
        InputError: the folder holds no ingested documents, or a part is missing or damaged.
    """
    import duckdb

    path = Path(path)
    parts = read_parts(path)["live"]
    if not parts:
        raise InputError("no ingested documents here: run `newslens ingest` first", path=path)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")  # a long query prints nothing
    for name in TABLES:
        files = [(path / name / part).as_posix() for part in parts]
        _check_files(path, files)
        view = "documents_parts" if name == "documents" else f"{name}_all"
        _create(con, path, f"CREATE VIEW {view} AS SELECT * FROM read_parquet({parquet_files(files)})")
    copies = read_copies(path)
    if copies:
        file = (path / "copies" / f"{copies}.parquet").as_posix()
        _check_files(path, [file])
        _create(
            con, path,
            f"CREATE VIEW copies_all AS SELECT * FROM read_parquet({parquet_files([file])}) WHERE doc_a "
            "IN (SELECT doc_id FROM documents_parts) AND doc_b IN (SELECT doc_id FROM documents_parts)",
        )  # fmt: skip
    else:
        con.register("copies_all", schema.TABLES["copies"].empty())
    try:
        con.register("story_map", _story_map(con))
    except duckdb.Error as exc:  # a copies file of other columns, or damaged inside
        raise InputError(f"the copies cannot be read ({exc}): {repair_hint(path)}") from None
    con.execute(
        "CREATE VIEW documents_all AS SELECT d.*, coalesce(m.story_id, d.doc_id) AS story_id "
        "FROM documents_parts d LEFT JOIN story_map m USING (doc_id)"
    )
    return con


class StoreCorpus(Corpus):
    """A :class:`newslens.corpus.Corpus` read from a store: the same tables and queries, from Parquet.

    Queries run over views of the live parts (of the documents selected,
    when it is a selection); a table is read whole only when asked for.

    Raises:
        InputError: the folder holds no ingested documents, or a part is missing or damaged
            (named when the store is opened, not in the middle of an analysis).
    """

    store = True

    def __init__(self, path: str | Path, *, chosen: list[str] | None = None) -> None:
        super().__init__(path, {})
        self._chosen = chosen  # the doc_ids of a selection (None: every document)
        self._connection()

    def sql(self, query: str, params: list | None = None) -> pd.DataFrame:
        """Run a DuckDB query over the views (documents, tokens, ...) and return a DataFrame.

        Raises:
            InputError: a part of the store cannot be read (errors in the query itself stay DuckDB's).
        """
        import duckdb

        try:
            return self._connection().execute(query, params or []).df()
        except duckdb.Error as exc:
            elsewhere = isinstance(exc, duckdb.IOException) and self.path.as_posix() not in str(exc)
            if elsewhere or isinstance(exc, (duckdb.ProgrammingError, duckdb.DataError)):
                raise  # a mistake in the query, or a file it names outside the store: DuckDB's own error
            raise InputError(f"the store could not be read ({exc}): {repair_hint(self.path)}") from None

    def readable_lemmas(self, lemmas: Iterable[str]) -> dict[str, str]:
        """The readable form of each stored lemma (a Snowball stem): the norm it most often stands for
        in the whole store, as :func:`newslens.text.add_lemmas` finds it in memory."""
        wanted = sorted(set(lemmas))
        if not wanted:
            return {}
        forms = self.sql(
            """
            SELECT lemma, first(norm ORDER BY n DESC, length(norm), norm) AS form
            FROM (SELECT lemma, norm, count(*) AS n FROM tokens_all
                  WHERE lemma IN (SELECT unnest(?::VARCHAR[])) GROUP BY lemma, norm)
            GROUP BY lemma
            """,
            [wanted],
        )
        return dict(zip(forms["lemma"], forms["form"], strict=True))

    def _connection(self):
        """Views over the live parts, of the documents selected."""
        if self._con is not None:
            return self._con
        con = connect(self.path)
        where = pairs = ""
        if self._chosen is not None:
            con.register("chosen", pd.DataFrame({"doc_id": self._chosen}, dtype=object))
            where = " WHERE doc_id IN (SELECT doc_id FROM chosen)"
            pairs = " WHERE doc_a IN (SELECT doc_id FROM chosen) AND doc_b IN (SELECT doc_id FROM chosen)"
        for name in TABLES:
            chosen = "" if name == "sources" else where
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM {name}_all{chosen}")
        if self._chosen is not None:  # a story named by its earliest article in the selection
            order = "published IS NULL, published, doc_id"
            story = f"first_value(doc_id) OVER (PARTITION BY story_id ORDER BY {order}) AS story_id"
            con.execute(
                f"CREATE OR REPLACE VIEW documents AS SELECT * REPLACE ({story}) FROM documents_all{where}"
            )
        con.execute(f"CREATE VIEW copies AS SELECT * FROM copies_all{pairs}")
        self._con = con
        return con

    def _made(self, name: str) -> pd.DataFrame:
        """A table of the store in the order, types and values it has in memory: documents by date,
        the others in document order; dates as timestamps; readable lemmas (a store holds stems)."""
        if name == "copies":
            return self.sql("SELECT * FROM copies ORDER BY doc_a, doc_b")
        order = "d.published IS NULL, d.published, d.doc_id"
        if name == "documents":
            table = self.sql(f"SELECT * FROM documents d ORDER BY {order}")
        else:
            keys = [
                c for c in ("start", *schema.TABLES[name].key) if c in schema.columns(name) and c != "doc_id"
            ]
            within = ", ".join(f"t.{c}" for c in dict.fromkeys(keys))
            table = self.sql(
                f"SELECT t.* FROM {name} t JOIN documents d USING (doc_id) ORDER BY {order}, {within}"
            )
        if name == "tokens":
            table["lemma"] = table["lemma"].map(self.readable_lemmas(table["lemma"]))
        return typed(name, table)

    def _only(self, doc_ids: list[str]) -> StoreCorpus:
        return StoreCorpus(self.path, chosen=doc_ids)


def open_corpus(path: str | Path | None = None) -> Corpus:
    """The corpus at ``path``, whatever it is (``newslens.open``).

    Args:
        path: A data folder (``corpus.csv`` and ``raw/``: loaded into memory,
            :func:`newslens.corpus.load_corpus`); a store that ``newslens
            ingest`` wrote (read where it is); a ``.jsonl`` file of articles, or
            a folder whose files (in sub-folders too) are all articles (.txt,
            .md, .html, .jsonl): ingested into a store (``processed/`` beside the
            file, inside the folder), which later calls bring up to date, only
            new or changed articles being processed. None: the project's data
            folder (:func:`newslens.paths.find_data_dir`).

    Articles that cannot be read are left out with a warning naming the
    first (:func:`rejects` lists them all); while another process ingests
    into the store, it is read as that run found it, with a warning.

    Raises:
        InputError: nothing readable at ``path``, naming it and what it should be.
    """
    import warnings

    from newslens import corpus, ingest, paths

    if path is None:
        return corpus.load_corpus()
    path = Path(path)
    if is_store(path):
        return StoreCorpus(path)
    other = _not_articles(path)
    if other is not None:
        if path.is_dir() and other != path and not corpus.is_data_folder(path):
            raise InputError(f"not a data folder, a store, or a folder of articles only: it holds {other}")
        return corpus.load_corpus(path)  # a data folder, or an error naming what one holds
    inside_raw = [folder for folder in (path.resolve(), *path.resolve().parents) if folder.name == paths.RAW]
    if inside_raw:  # its store would be the data folder's own, of other doc_ids and metadata
        raise InputError(f"inside a data folder's {paths.RAW}/: open the data folder {inside_raw[-1].parent}")
    target = ingest.default_store(path)
    try:
        result = ingest.ingest(path, out=target)
    except ingest.StoreBusy as busy:
        if not read_parts(target)["live"]:
            raise
        warnings.warn(f"{busy}; read as the last run left it", corpus.CorpusWarning, stacklevel=2)
    else:
        if result.documents == 0:
            raise InputError("no article here could be read", path=path)
    rejected = rejects(target)
    if len(rejected):
        first = rejected.iloc[0]
        warnings.warn(
            f"{len(rejected)} article(s) could not be read and are left out, first {first['where']}: "
            f"{first['reason']}; newslens.store.rejects({str(target)!r}) lists them all",
            corpus.CorpusWarning,
            stacklevel=2,
        )
    return StoreCorpus(target)


def _not_articles(path: Path) -> Path | None:
    """None for what :func:`open_corpus` ingests: a ``.jsonl`` file, or a folder (not a data
    folder) whose files, in it and its sub-folders, are all articles. Otherwise the first file that
    is not an article (or ``path`` itself): a project or /usr is not ingested, nothing is written there."""
    import os

    from newslens import corpus, paths

    if path.is_file():
        return None if path.suffix.lower() == ".jsonl" else path
    if not path.is_dir() or corpus.is_data_folder(path):
        return path

    def unreadable(error: OSError) -> None:
        raise InputError(f"cannot be read: {error.strerror}", path=error.filename)

    found = False
    for folder, subfolders, files in os.walk(path, onerror=unreadable):
        subfolders[:] = [d for d in subfolders if not d.startswith(".") and d != paths.PROCESSED]
        for name in files:
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() not in corpus.ARTICLE_SUFFIXES:
                return Path(folder) / name
            found = True
    return None if found else path


def _create(con, store: Path, statement: str) -> None:
    """Create a view over parts, naming the store's remedy when a part is damaged inside."""
    import duckdb

    try:
        con.execute(statement)
    except duckdb.Error as exc:
        raise InputError(f"a part of the store cannot be read ({exc}): {repair_hint(store)}") from None


def rejects(path: str | Path) -> pd.DataFrame:
    """The articles the store's runs rejected: where each is (file, and line) and why."""
    import duckdb

    files = [(Path(path) / "sources" / part).as_posix() for part in read_parts(path)["live"]]
    if not files:
        return pd.DataFrame({"where": [], "reason": []}, dtype=object)
    _check_files(Path(path), files)
    query = f"SELECT \"where\", reason FROM read_parquet({parquet_files(files)}) WHERE status = 'rejected'"
    return duckdb.connect().execute(f'{query} ORDER BY "where"').df()


def _story_map(con) -> pd.DataFrame:
    """doc_id and story_id of the documents that copy or are copied (the others are a story alone)."""
    from newslens import duplicates

    pairs = con.execute("SELECT doc_a, doc_b FROM copies_all").df()
    involved = con.execute(
        "SELECT doc_id, published::TIMESTAMP AS published, outlet, agency FROM documents_parts "
        "WHERE doc_id IN (SELECT doc_a FROM copies_all UNION SELECT doc_b FROM copies_all)"
    ).df()
    story = duplicates.story_ids(involved, pairs) if len(involved) else []
    return pd.DataFrame({"doc_id": involved["doc_id"], "story_id": story}, dtype=object)


def parquet_files(files: Iterable[str]) -> str:
    """A list of file names as a DuckDB literal, for ``read_parquet`` (views take no parameters)."""
    return "[" + ", ".join("'" + file.replace("'", "''") + "'" for file in files) + "]"


def read_parts(path: str | Path) -> dict[str, list[str]]:
    """The store's list of parts: ``live`` ones, which readers read, and ``pending`` ones.

    Pending parts hold the work of a run that has not ended: the next run
    carries on from them, and they become live when a run ends (see
    :mod:`newslens.ingest`). Both lists are empty when the store has none.

    Raises:
        InputError: ``parts.json`` is not a list of part files.
    """
    file = Path(path) / PARTS
    try:
        parts = json.loads(file.read_text(encoding="utf-8"))
        lists = {name: list(parts[name]) for name in ("live", "pending")}
    except FileNotFoundError:
        return {"live": [], "pending": []}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"unreadable ({exc}): {repair_hint(path)}", path=file) from None
    if not all(
        isinstance(part, str) and PART_NAME.match(part) for part in [*lists["live"], *lists["pending"]]
    ):
        raise InputError(f"holds names that are not part files: {repair_hint(path)}", path=file)
    return lists


def read_copies(path: str | Path) -> str:
    """The run whose copies files count (``copies/<run>.parquet`` and ``copies/<run>-compared.parquet``,
    see :mod:`newslens.ingest`), or "" when the store has none yet.

    Raises:
        InputError: ``parts.json`` names something else.
    """
    file = Path(path) / PARTS
    try:
        name = json.loads(file.read_text(encoding="utf-8")).get("copies", "")
    except FileNotFoundError:
        return ""
    except (OSError, ValueError, AttributeError) as exc:
        raise InputError(f"unreadable ({exc}): {repair_hint(path)}", path=file) from None
    if not isinstance(name, str) or not (name == "" or COPIES_NAME.match(name)):
        raise InputError(f"names copies that are not a run's: {repair_hint(path)}", path=file)
    return name


def repair_hint(path: str | Path) -> str:
    """What to run when a store is damaged."""
    return f"run `newslens ingest --check {path}` to repair the store"


def _check_files(store: Path, files: list[str]) -> None:
    """Check that each file is there and looks like Parquet at both ends (a cheap check: a damaged
    part is named when the store is opened rather than in the middle of a query).

    Raises:
        InputError: naming the first file that is missing, truncated or overwritten.
    """
    for file in files:
        try:
            with open(file, "rb") as handle:
                head = handle.read(4)
                handle.seek(-4, 2)
                tail = handle.read(4)
        except OSError as exc:  # missing, or shorter than 4 bytes
            raise InputError(
                f"a part of the store cannot be read ({exc}): {repair_hint(store)}", path=file
            ) from None
        if head != b"PAR1" or tail != b"PAR1":
            raise InputError(f"a damaged part of the store (not Parquet): {repair_hint(store)}", path=file)
