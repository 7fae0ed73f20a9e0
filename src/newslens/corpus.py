"""Load the corpus: read and validate the manifest and the articles, clean and
tokenize them, and return the tables of :mod:`newslens.schema`.

The data folder holds ``corpus.csv`` (the manifest), ``raw/`` (the articles,
never written) and, once loaded, ``processed/`` (a Parquet cache keyed by a
hash of every input). Articles may be .txt, .md, .html (the article text is
extracted with trafilatura) or .jsonl (one article a line, with its metadata).
A file in ``raw/`` that the manifest does not list is loaded too, with what
can be inferred from it, and a warning.

Every problem with the input raises :class:`~newslens.errors.InputError`
naming the file and line, before anything is written.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
import sys
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from newslens import cache, metadata, paths, pipeline, schema
from newslens.errors import InputError

REQUIRED_COLUMNS = ("doc_id", "path", "title", "outlet", "published")
OPTIONAL_COLUMNS = ("date_basis", "language", "url", "notes")
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
#: The tables :func:`load_corpus` returns, with their columns (:mod:`newslens.schema`); the documents
#: table also has ``story_id``, the doc_id of the earliest copy of its story.
TABLE_COLUMNS = {name: schema.columns(name) for name in schema.CORPUS} | {
    "documents": [*schema.columns("documents"), "story_id"]
}
#: Files of a data folder that decide its tables (the cache key reads only these).
_INPUT_SUFFIXES = (*ARTICLE_SUFFIXES, ".csv")
#: The largest article read, in bytes (a .jsonl line counts as one article). Processing
#: costs memory in proportion to the text; larger articles are refused, naming the file.
MAX_ARTICLE_BYTES = 5_000_000
#: Publication dates the tables can hold (pandas' nanosecond timestamps end in 1677 and 2262).
DATE_RANGE = (dt.date(1678, 1, 1), dt.date(2261, 12, 31))


#: The tables :meth:`Corpus.table` gives.
TABLES = (*schema.CORPUS, *schema.ANALYSES, "copies")


class CorpusWarning(UserWarning):
    """Input that was loaded, but not as its author may have meant."""


@dataclass(frozen=True)
class Source:
    """One article as read from disk, before cleaning."""

    doc_id: str
    path: str  # relative to the data folder, with forward slashes
    raw: str
    fmt: str = "txt"  # txt, md or html (the text extracted from it)
    title: str = ""
    outlet: str = ""
    published: dt.date | None = None
    date_basis: str = ""
    language: str = ""
    url: str = ""
    notes: str = ""
    where: str = ""  # file (and line) for messages


class Corpus:
    """A corpus: its tables (:mod:`newslens.schema`, ``docs/tables.md``), as DataFrames and as DuckDB views.

    One kind of object whatever the size: :func:`load_corpus` loads a data
    folder into memory; :func:`newslens.open` also reads an ingested store
    (:class:`newslens.store.StoreCorpus`, the same interface over Parquet
    parts) or ingests a folder of articles into one. Either way the tables
    come back as pandas DataFrames with the same columns, and :meth:`sql`
    queries them with DuckDB, which the counting analyses of
    :mod:`newslens.terms` use, so one implementation serves both.

    Attributes:
        path: The data folder it was loaded from, or the store.
        documents: One row per article, with its clean text.
        removed: The audit trail of what cleaning cut, offsets into the raw text.
        sentences: Sentences of the clean text with their language.
        tokens: Tokens of the English sentences.
    """

    store = False  # read from an ingested store at ``path``

    def __init__(
        self, path: str | Path, tables: dict[str, pd.DataFrame], *, from_cache: bool = False
    ) -> None:
        self.path = Path(path)
        self.from_cache = from_cache
        self._tables = dict(tables)
        self._con = None

    def __repr__(self) -> str:
        n = self.size()
        where = "store" if self.store else "data folder"
        return f"<Corpus of {n} document{'' if n == 1 else 's'} from the {where} {self.path}>"

    documents = property(lambda self: self.table("documents"))
    removed = property(lambda self: self.table("removed"))
    sentences = property(lambda self: self.table("sentences"))
    tokens = property(lambda self: self.table("tokens"))

    def listing(self) -> pd.DataFrame:
        """doc_id, outlet, agency and published of every document, without the text: enough to choose
        documents, read from a store without loading the articles."""
        return self.sql("SELECT doc_id, outlet, agency, published::TIMESTAMP AS published FROM documents")

    def size(self) -> int:
        """How many documents (without reading the documents' text)."""
        return int(self.sql("SELECT count(*) AS n FROM documents")["n"].iat[0])

    def table(self, name: str) -> pd.DataFrame:
        """A whole table as a DataFrame: the accessor for analyses done in pandas.

        The corpus tables (documents, removed, sentences, tokens), the
        analyses (timexes, mentions, quotes, sentiment) and the pairs of
        articles that copy each other (copies): a store holds them, in memory
        they are computed (by their stages, :mod:`newslens.pipeline`) when
        first asked for. From a store of many articles, ask for the tokens
        only when they fit in memory; :meth:`sql` counts without loading them.
        """
        if name not in self._tables:
            if name not in TABLES:
                raise KeyError(f"no table {name!r}: the tables are {', '.join(TABLES)}")
            self._tables[name] = self._made(name)
        return self._tables[name]

    def sql(self, query: str, params: list | None = None) -> pd.DataFrame:
        """Run a DuckDB query over a view of each table (documents, tokens, timexes, ...); a DataFrame.

        In memory, a table the query names that is not made yet (an analysis,
        the copies) is made first, so a query runs alike on both routes.
        """
        import duckdb

        con = self._connection()
        while True:
            try:
                return con.execute(query, params or []).df()
            except duckdb.CatalogException as exc:
                missing = re.search(r"Table with name (\w+) does not exist", str(exc))
                name = missing[1].lower() if missing else ""
                if name not in TABLES or name in self._views:
                    raise
                con.register(name, self.table(name))
                self._views.add(name)

    def readable_lemmas(self, lemmas: Iterable[str]) -> dict[str, str]:
        """The readable form of each lemma of the tokens (:func:`newslens.text.add_lemmas`): in memory,
        the lemmas are already readable."""
        return {lemma: lemma for lemma in lemmas}

    def _connection(self):
        """The DuckDB connection, with a view of each table in memory."""
        if self._con is None:
            import duckdb

            self._con = duckdb.connect()
            self._con.execute("SET enable_progress_bar = false")  # a long query prints nothing
            for name in schema.CORPUS:
                self._con.register(name, self._tables[name])
            self._views = set(schema.CORPUS)
        return self._con

    def _made(self, name: str) -> pd.DataFrame:
        """A table not loaded: an analysis, by its stage (:data:`newslens.pipeline.STAGES`), or the copies."""
        from newslens import actors, duplicates

        if name == "copies":
            return duplicates.copies(self.documents)
        stages = pipeline.to_make(name, have=self._tables)  # quotes need mentions: made with them
        produced = {table for stage in stages for table in pipeline.STAGES[stage].produces}
        needs = {need for stage in stages for need in pipeline.STAGES[stage].needs} - produced
        setup = pipeline.make_setup(actors.gazetteer_of(self.path))
        made = pipeline.run_in_chunks(stages, {need: self.table(need) for need in needs}, setup)
        for table in produced:
            self._tables[table] = typed(table, made[table])
        return self._tables[name]

    def _only(self, doc_ids: list[str]) -> Corpus:
        """The corpus of these documents (see :func:`select`)."""
        chosen = set(doc_ids)
        tables = {
            name: table[table["doc_id"].isin(chosen)].reset_index(drop=True)
            for name, table in self._tables.items()
            if name != "copies"  # pairs, not documents: found again in the selection when asked for
        }
        return Corpus(self.path, tables | {"documents": stories_within(tables["documents"])})


def load_corpus(path: str | Path | None = None, *, use_cache: bool = True, jobs: int | None = None) -> Corpus:
    """Load, clean and tokenize the corpus in a data folder.

    Args:
        path: The data folder (holding ``corpus.csv`` and ``raw/``); by default
            the project's ``data/`` (see :func:`newslens.paths.find_data_dir`).
        use_cache: Read and write the Parquet cache under ``processed/``.
        jobs: Processes to clean and tokenize the articles in. By default,
            every core for :data:`PARALLEL_FROM` articles or more in a notebook
            or an interactive session, else this process alone: a script
            that asks for more must guard its top level with
            ``if __name__ == "__main__":``, as Python's worker processes
            import the script again (:mod:`multiprocessing`).

    Returns:
        The corpus tables.

    Raises:
        InputError: a problem with the manifest, an article or the gazetteer,
            naming the file and line; nothing has been written.
    """
    data_dir = check_data_dir(Path(path) if path is not None else paths.find_data_dir())
    gazetteer = paths.gazetteer_path(data_dir)
    code = pipeline.key(pipeline.LOAD)
    key = cache.key(data_dir, suffixes=_INPUT_SUFFIXES, extra=[gazetteer], code=code) if use_cache else ""
    if key and (tables := cache.read(data_dir, key, TABLE_COLUMNS)) is not None:
        return Corpus(data_dir, {name: typed(name, table) for name, table in tables.items()}, from_cache=True)
    tables = build_tables(read_sources(data_dir), gazetteer, jobs=jobs)
    if key:
        cache.write(data_dir, key, tables)
    return Corpus(data_dir, tables)


def read_text(
    text: str,
    *,
    published: str | dt.date | None = None,
    outlet: str | None = None,
    title: str | None = None,
) -> Corpus:
    """The tables of :func:`load_corpus` for one article given as a string.

    For people working on one text: every analysis that takes a corpus runs
    on the result. A date not given is read from the text's dateline or
    timestamp when it has one (:mod:`newslens.metadata`). The
    gazetteer is that of the data folder :func:`newslens.paths.find_data_dir`
    finds.

    Args:
        text: The article, as plain text.
        published: Its publication date (``YYYY-MM-DD`` or a date).
        outlet, title: Its outlet and headline (the title defaults to the first line).

    Raises:
        InputError: the text is empty, too large, or the date does not parse.
    """
    where = "<text>"
    if not text.strip():
        raise InputError("the article is empty", path=where)
    check_size(len(text.encode("utf-8", "surrogatepass")), where)
    source = Source(doc_id="text", path="", raw=text, where=where)
    if isinstance(published, dt.datetime):
        published = published.date()
    if published:
        date = published if isinstance(published, dt.date) else parse_date(published, where)
        source = replace(source, published=date, date_basis="given by the caller")
    source = replace(source, outlet=outlet or source.outlet, title=title or source.title)
    data_dir = paths.find_data_dir()
    return Corpus(data_dir, build_tables([source], paths.gazetteer_path(data_dir)))


def is_data_folder(folder: Path) -> bool:
    """A folder holding ``corpus.csv`` or ``raw/``."""
    return (folder / paths.MANIFEST).is_file() or (folder / paths.RAW).is_dir()


def check_data_dir(data_dir: Path) -> Path:
    """The data folder, once it is one: a folder holding ``corpus.csv`` or ``raw/``.

    Checked before anything is read or written, so that ``--data /usr`` is
    neither hashed nor given a cache folder.

    Raises:
        InputError: naming the folder and what a data folder holds.
    """
    if data_dir.exists() and not data_dir.is_dir():
        raise InputError(
            "a file, not a data folder: give the folder holding corpus.csv or raw/, a store, "
            "or a .jsonl of articles",
            path=data_dir,
        )
    if not data_dir.is_dir():
        raise InputError("no such data folder", path=data_dir)
    if not is_data_folder(data_dir):
        raise InputError(
            f"not a data folder: it holds neither {paths.MANIFEST} nor {paths.RAW}/, nor is it a store "
            "or a folder of article files only (see the README, 'Add your own articles')",
            path=data_dir,
        )
    return data_dir


#: Articles from which :func:`load_corpus` uses every core by default (fewer are done before workers start).
PARALLEL_FROM = 1000


def build_tables(
    sources: list[Source], gazetteer: Path, *, jobs: int | None = None
) -> dict[str, pd.DataFrame]:
    """The tables of the sources: the stages of :data:`newslens.pipeline.LOAD`, over every article, in
    ``jobs`` processes (see :func:`load_corpus`)."""
    from newslens import actors  # a heavy import, not needed for a cache hit

    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs is the number of processes: 1 or more, not {jobs}")
    setup = pipeline.make_setup(
        actors.load_gazetteer(gazetteer) if gazetteer.is_file() else None,
        outlet_furniture(sources),
        jobs=jobs or _default_jobs(len(sources)),
    )
    tables = pipeline.run(pipeline.LOAD, {"articles": sources}, setup)
    return {name: typed(name, tables[name]) for name in schema.CORPUS}


def _default_jobs(articles: int) -> int:
    """Every core for many articles where workers can start (a notebook or an interactive session,
    whose main module has no file for a worker to import again), a worker for each 500 articles."""
    from newslens import workers

    if hasattr(sys.modules["__main__"], "__file__") or articles < PARALLEL_FROM:
        return 1
    return min(workers.cores(), articles // 500)


def outlet_furniture(sources: list[Source]) -> dict[str, frozenset[str]]:
    """The lines each outlet repeats across its articles (menus, footers): cleaning cuts them.

    Only outlets with three articles or more, and known by name, are looked at.
    """
    from newslens import clean

    by_outlet: dict[str, list[str]] = {}
    for source in sources:
        if source.outlet:
            by_outlet.setdefault(source.outlet, []).append(source.raw)
    return {outlet: clean.recurring_lines(raws) for outlet, raws in by_outlet.items() if len(raws) >= 3}


def by_date(row: tuple[dict, list, list, dict]) -> tuple:
    """Articles by publication date (undated last), then doc_id: dates stated in the text count."""
    document = row[0]
    return document["published"] is None, document["published"] or dt.date.min, document["doc_id"]


def name_tokenizers(gazetteer: pd.DataFrame | None) -> tuple[list[str], object]:
    """The one-word names that cleaning protects, and the MWETokenizer of every name of a gazetteer."""
    from newslens import actors, text

    names = actors.name_forms(gazetteer) if gazetteer is not None else []
    return [n for n in names if " " not in n], text.mwe_tokenizer(names)


def article_rows(
    source: Source, single_names: list[str], mwes, *, furniture: frozenset[str] = frozenset()
) -> tuple[dict, list, list, dict]:
    """Clean and tokenize one article: its document row, its removed and sentence rows, its token columns.

    Tokens carry the Snowball stem as lemma (see :func:`newslens.text.add_lemmas`).

    A page that is all furniture (menus, links, footers) keeps its row with
    empty text, and a warning names its file: one such page must not stop a
    corpus from loading, and its row shows that the page held no article.
    """
    from newslens import clean, text

    found = metadata.stated(source.raw, published=source.published)
    source = _dated(source, found)
    cleaned = clean.clean(
        source.raw,
        names=single_names,
        markdown=source.fmt == "md",
        furniture=furniture,
        extracted=source.fmt == "html",
    )
    if not cleaned.text.strip():
        warnings.warn(
            f"{source.where}: nothing is left of the article after cleaning (all of it looked like page "
            "furniture: menus, links, credits); it is kept with empty text",
            CorpusWarning,
            stacklevel=2,
        )
    sentences, tokens = text.document_rows(source.doc_id, cleaned.text, mwes)
    removed = [(source.doc_id, r.start, r.end, r.text, r.reason) for r in cleaned.removed]
    return _document_row(source, found, cleaned.text, sentences, tokens), removed, sentences, tokens


def _dated(source: Source, found: metadata.Stated) -> Source:
    """The source with the date its dateline or timestamp states, when it had none.

    A stated date more than a day away from a given one is reported: one of
    the two is wrong, and the reader should know which the tables use.
    """
    if found.date is None or not DATE_RANGE[0] <= found.date <= DATE_RANGE[1]:
        return source
    if source.published is None:
        return replace(source, published=found.date, date_basis=f"inferred from the text: {found.basis}")
    if abs((found.date - source.published).days) > 1 and found.basis.startswith("dateline"):
        warnings.warn(
            f"{source.where}: published {source.published} is used, but the {found.basis} says {found.date}",
            CorpusWarning,
            stacklevel=3,
        )
    return source


def rows_to_tables(rows: list[tuple[dict, list, list, dict]], *, tokens: bool = True) -> dict:
    """The documents, removed, sentences and (unless ``tokens`` is False) tokens tables of
    :func:`article_rows` results."""
    from newslens import text

    documents = pd.DataFrame([row[0] for row in rows], columns=TABLE_COLUMNS["documents"])
    for column in ("published", "stated_date"):
        documents[column] = pd.to_datetime(documents[column])
    tables = {
        "documents": documents,
        "removed": pd.DataFrame([r for row in rows for r in row[1]], columns=TABLE_COLUMNS["removed"]),
        "sentences": pd.DataFrame([r for row in rows for r in row[2]], columns=TABLE_COLUMNS["sentences"]),
    }
    return tables | {"tokens": text.token_table(row[3] for row in rows)} if tokens else tables


def rows_by_document(table: pd.DataFrame, columns: list[str]) -> dict[str, list[tuple]]:
    """The values of ``columns`` in each row, grouped by doc_id in table order.

    Plain lists, because the per-document loops that use them run once per
    article and a pandas group costs more than the work done on it.
    """
    grouped: dict[str, list[tuple]] = {}
    for doc_id, *values in zip(*(table[c].tolist() for c in ["doc_id", *columns]), strict=True):
        grouped.setdefault(doc_id, []).append(tuple(values))
    return grouped


def _document_row(
    source: Source, found: metadata.Stated, text: str, sentences: list[tuple], tokens: dict[str, list]
) -> dict:
    """The documents-table row, inferring the title and language where the source has none.

    ``sentences`` are rows and ``tokens`` columns, as :func:`newslens.text.document_rows` makes them.
    """
    from newslens.text import word_count

    language = source.language
    if not language:
        sizes: dict[str, int] = {}
        for _, _, start, end, _, lang in sentences:
            sizes[lang] = sizes.get(lang, 0) + end - start
        language = max(sizes, key=sizes.__getitem__) if sizes else ""
    return {
        "doc_id": source.doc_id,
        "title": source.title or text.split("\n", 1)[0],
        "outlet": source.outlet or "unknown",
        "published": source.published,
        "date_basis": source.date_basis,
        "language": language,
        "url": source.url,
        "path": source.path,
        "notes": source.notes,
        "dateline": found.dateline,
        "place": found.place,
        "credit": found.credit,
        "agency": found.agency,
        "timestamp": found.timestamp,
        "stated_date": found.date,
        "text": text,
        "n_sentences": len(sentences),
        "n_tokens": len(tokens["start"]),
        "n_words": word_count(tokens),
    }


# --- reading the inputs ----------------------------------------------------------


def read_sources(data_dir: Path) -> list[Source]:
    """Every article of the data folder: the manifest's rows, then unlisted files."""
    manifest = data_dir / paths.MANIFEST
    rows = read_manifest(manifest) if manifest.is_file() else []
    sources: list[Source] = []
    listed: set[Path] = set()
    for line, row in rows:
        file = _inside(data_dir, row["path"], manifest, line)
        if not file.is_file():
            raise InputError(f"the file {row['path']!r} does not exist", path=manifest, line=line)
        listed.add(file.resolve())
        sources.extend(_read_listed(data_dir, file, row, f"{manifest}:{line}"))
    unlisted = _unlisted_files(data_dir, listed)
    if unlisted:
        names = ", ".join(str(f.relative_to(data_dir)) for f in unlisted[:5])
        more = f" and {len(unlisted) - 5} more" if len(unlisted) > 5 else ""
        warnings.warn(
            f"{len(unlisted)} file(s) not in {manifest} loaded with inferred metadata: {names}{more}",
            CorpusWarning,
            stacklevel=3,
        )
    for file in unlisted:
        sources.extend(_read_file(data_dir, file))
    if not sources:
        raise InputError(
            f"no articles: put .txt, .md, .html or .jsonl files in {paths.RAW}/ (and list them in "
            f"{paths.MANIFEST})",
            path=data_dir,
        )
    _check_unique_ids(sources)
    return sources


def read_manifest(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Read and validate ``corpus.csv``.

    Returns:
        (line number, row) pairs; every row has all columns (missing optional
        ones as ''), and doc_ids are unique and published dates valid.
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start}): save the manifest as "
            "UTF-8 (in a spreadsheet: CSV UTF-8)",
            path=path,
            line=line,
        ) from exc
    if "\x00" in text:
        raise InputError("not a CSV text file (it contains NUL bytes)", path=path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader, [])]
        doubled = sorted({c for c in header if c and header.count(c) > 1})
        if doubled:
            raise InputError(f"column(s) named twice in the header: {', '.join(doubled)}", path=path, line=1)
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            found = ", ".join(header[:6]) or "nothing"
            raise InputError(
                f"not a newslens manifest: missing column(s) {', '.join(missing)} (header has {found}); "
                f"expected {', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)}",
                path=path,
                line=1,
            )
        rows, seen = [], {}
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                raise InputError(
                    f"{len(values)} fields where the header has {len(header)}", path=path, line=line
                )
            row = {c: "" for c in OPTIONAL_COLUMNS} | {
                k: v.strip() for k, v in zip(header, values, strict=True)
            }
            _check_row(row, path, line, seen)
            rows.append((line, row))
    except csv.Error as exc:
        raise InputError(f"not valid CSV: {exc}", path=path, line=reader.line_num) from exc
    return rows


def _check_row(row: dict[str, str], path: Path, line: int, seen: dict[str, int]) -> None:
    for column in ("doc_id", "path"):
        if not row[column]:
            raise InputError(f"empty {column}", path=path, line=line)
    if row["doc_id"] in seen:
        raise InputError(
            f"duplicate doc_id {row['doc_id']!r} (first on line {seen[row['doc_id']]})",
            path=path,
            line=line,
        )
    seen[row["doc_id"]] = line
    parse_date(row["published"], path, line)


def parse_date(
    value: str, path: Path | str, line: int | None = None, *, what: str = "published date"
) -> dt.date | None:
    """An ISO date (YYYY-MM-DD, optionally with a valid time), None for an empty value.

    Raises:
        InputError: naming the file (or option) and line, for anything else.
    """
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[T ].*)?", value):
        try:
            date = (
                dt.datetime.fromisoformat(value).date() if len(value) > 10 else dt.date.fromisoformat(value)
            )
        except ValueError:
            date = None
        if date is not None and not DATE_RANGE[0] <= date <= DATE_RANGE[1]:
            first, last = DATE_RANGE
            raise InputError(
                f"{what} {value!r} is outside the years newslens can hold ({first.year}-{last.year})",
                path=path,
                line=line,
            )
        if date is not None:
            return date
    raise InputError(f"{what} {value!r} does not parse: write it as YYYY-MM-DD", path=path, line=line)


def _inside(data_dir: Path, relative: str, manifest: Path, line: int) -> Path:
    """Resolve a manifest path, refusing one that leaves the data folder."""
    file = (data_dir / relative).resolve()
    if not file.is_relative_to(data_dir.resolve()):
        raise InputError(
            f"path {relative!r} points outside the data folder {data_dir}", path=manifest, line=line
        )
    return file


def _unlisted_files(data_dir: Path, listed: set[Path]) -> list[Path]:
    raw = data_dir / paths.RAW
    if not raw.is_dir():
        return []
    found = sorted(f for f in raw.rglob("*") if not f.name.startswith("."))
    for link in (f for f in found if f.is_symlink() and not f.is_file()):
        warnings.warn(f"{link}: skipped, a link to a folder or to nothing (newslens follows no folder link)",
                      CorpusWarning, stacklevel=4)  # fmt: skip
    files = [f for f in found if f.is_file()]
    skipped = [f for f in files if f.suffix.lower() not in ARTICLE_SUFFIXES]
    for file in skipped:
        warnings.warn(
            f"{file}: skipped, newslens reads {', '.join(ARTICLE_SUFFIXES)} files",
            CorpusWarning,
            stacklevel=4,
        )
    return [f for f in files if f.suffix.lower() in ARTICLE_SUFFIXES and f.resolve() not in listed]


def _check_unique_ids(sources: list[Source]) -> None:
    seen: dict[str, str] = {}
    for source in sources:
        if source.doc_id in seen:
            raise InputError(
                f"duplicate doc_id {source.doc_id!r} (also {seen[source.doc_id]})", path=source.where
            )
        seen[source.doc_id] = source.where


def _read_listed(data_dir: Path, file: Path, row: dict[str, str], where: str) -> list[Source]:
    """The article(s) of a manifest row: its fields override what the file says."""
    if file.suffix.lower() == ".jsonl":  # each line keeps its own doc_id and fills its blanks
        return [with_manifest_row(s, row) for s in _read_file(data_dir, file)]
    return [read_article(data_dir, file, row, where)]


def read_article(
    data_dir: Path,
    file: Path,
    row: dict[str, str] | None = None,
    where: str = "",
    *,
    data: bytes | None = None,
    max_bytes: int | None = None,
) -> Source:
    """One article file (not .jsonl), with its manifest row's fields when it has one.

    Args:
        data: The file's bytes, when they have been read already.
        max_bytes: Refuse a larger file (default :data:`MAX_ARTICLE_BYTES`).
    """
    source = _read_file(data_dir, file, data, max_bytes=max_bytes)[0]
    if not row:
        return source
    return replace(source, doc_id=row["doc_id"], where=where, **_manifest_fields(row, where))


def with_manifest_row(source: Source, row: dict[str, str]) -> Source:
    """A .jsonl article with the blanks its line leaves filled from its file's manifest row."""
    given = _manifest_fields(row, source.where)
    return replace(source, **{k: v for k, v in given.items() if not getattr(source, k)})


def _manifest_fields(row: dict[str, str], where: str) -> dict[str, object]:
    given = {
        "title": row["title"],
        "outlet": row["outlet"],
        "published": parse_date(row["published"], where),
        "date_basis": row["date_basis"] or ("given in the manifest" if row["published"] else ""),
        "language": row["language"],
        "url": row["url"],
        "notes": row["notes"],
    }
    return {k: v for k, v in given.items() if v}


def _read_file(
    data_dir: Path, file: Path, data: bytes | None = None, *, max_bytes: int | None = None
) -> list[Source]:
    """Read one article file (or the articles of a .jsonl), inferring metadata."""
    resolved, root = file.resolve(), data_dir.resolve()
    if not resolved.is_relative_to(root):
        raise InputError(f"the file points outside the data folder {data_dir}", path=file)
    relative = resolved.relative_to(root).as_posix()
    suffix = file.suffix.lower()
    if suffix != ".jsonl":
        check_size(file.stat().st_size if data is None else len(data), file, max_bytes=max_bytes)
    raw = decode(file.read_bytes() if data is None else data, file)
    if suffix == ".jsonl":
        return _read_jsonl(raw, file, relative, max_bytes=max_bytes)
    if not raw.strip():
        raise InputError("the article is empty", path=file)
    doc_id = _slug(str(Path(relative).with_suffix("")).removeprefix(f"{paths.RAW}/"))
    base = Source(doc_id=doc_id, path=relative, raw=raw, where=str(file))
    if suffix in (".html", ".htm"):
        return [_from_html(base, file)]
    return [replace(base, fmt="md" if suffix == ".md" else "txt")]


def decode(data: bytes, path: Path) -> str:
    """Decode article bytes: UTF-8 with or without BOM, or UTF-16 with BOM.

    Anything else falls back to the encoding charset-normalizer detects, with
    a warning that names the file and the first byte that is not UTF-8; when
    nothing plausible is detected, the error names them instead.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid UTF-16 at byte {exc.start}", path=path) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = exc.start
    if (mixed := _mixed_utf8(data, path)) is not None:
        return mixed
    if (western := _western(data)) is not None:
        warnings.warn(
            f"{path}: not valid UTF-8 at byte {offset}; read as cp1252 (mostly ASCII text)",
            CorpusWarning,
            stacklevel=2,
        )
        return western
    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    text = str(guess) if guess is not None else ""
    if guess is None or guess.encoding.startswith("utf") or _looks_binary(text):
        raise InputError(
            f"not valid UTF-8 at byte {offset} and no other text encoding fits: save the file as UTF-8",
            path=path,
        )
    warnings.warn(
        f"{path}: not valid UTF-8 at byte {offset}; read as {guess.encoding} (detected)",
        CorpusWarning,
        stacklevel=2,
    )
    return text


def _mixed_utf8(data: bytes, path: Path) -> str | None:
    """A UTF-8 text with some lines in a legacy encoding, decoded line by line.

    Pasting one paragraph from an older file into a UTF-8 article is common;
    decoding the whole file in a guessed encoding would garble every other
    non-ASCII character. When some lines are non-ASCII UTF-8, the lines that
    are not are read as Windows-1252, with a warning naming them.

    Returns:
        The text, or None when no line is non-ASCII UTF-8 (a wholly legacy file).

    Raises:
        InputError: a line that is neither UTF-8 nor Windows-1252 text, naming it.
    """
    decoded, legacy, utf8_seen = [], [], False
    for number, line in enumerate(data.removeprefix(codecs.BOM_UTF8).split(b"\n"), 1):
        try:
            decoded.append(line.decode("utf-8"))
            utf8_seen = utf8_seen or not line.isascii()
        except UnicodeDecodeError:
            decoded.append(line.decode("cp1252", errors="replace"))
            legacy.append(number)
    if not utf8_seen:
        return None
    for number in legacy:
        if "\ufffd" in decoded[number - 1] or _looks_binary(decoded[number - 1]):
            raise InputError(
                "neither UTF-8 nor Windows-1252 text: save the file as UTF-8", path=path, line=number
            )
    shown = ", ".join(map(str, legacy[:10])) + (f" and {len(legacy) - 10} more" if len(legacy) > 10 else "")
    warnings.warn(
        f"{path}: UTF-8 but for line(s) {shown}, read as cp1252; check them and save the file as UTF-8",
        CorpusWarning,
        stacklevel=3,
    )
    return "\n".join(decoded)


def _western(data: bytes) -> str | None:
    """The text as Windows-1252, when it is English-like: at most 5% of bytes outside ASCII.

    A pound sign or an accent in otherwise ASCII text is the usual legacy
    file; statistical detectors misread so little evidence (a BBC article with
    one "£" comes out as Japanese cp932). Text in another script has far more
    non-ASCII bytes and is left to the detector.
    """
    high = sum(byte >= 0x80 for byte in data)
    if high > 0.05 * len(data):
        return None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return None if _looks_binary(text) else text


def _looks_binary(text: str) -> bool:
    controls = sum(unicodedata.category(c) == "Cc" and c not in "\n\r\t\f" for c in text)
    return not text.strip() or controls > 0.01 * len(text)


def check_size(size: int, path: Path | str, line: int | None = None, *, max_bytes: int | None = None) -> None:
    """Refuse an article larger than ``max_bytes``: its tables would take memory in proportion.

    Raises:
        InputError: naming the file (and line), the size and the limit.
    """
    max_bytes = MAX_ARTICLE_BYTES if max_bytes is None else max_bytes
    if size > max_bytes:
        raise InputError(
            f"the article is {size:,} bytes, over the limit of {max_bytes:,}: split it, or raise the "
            "limit (newslens ingest --max-bytes, newslens.corpus.MAX_ARTICLE_BYTES)",
            path=path,
            line=line,
        )


def _read_jsonl(raw: str, file: Path, relative: str, *, max_bytes: int | None = None) -> list[Source]:
    sources = []
    for number, line in enumerate(raw.splitlines(), 1):
        if line.strip():
            sources.append(jsonl_source(line, file, relative, number, max_bytes=max_bytes))
    if not sources:
        raise InputError("the file holds no articles", path=file)
    return sources


#: Keys of a .jsonl record that may hold the article text, in order of preference.
TEXT_KEYS = ("text", "body", "content")


def jsonl_source(
    line: str, file: Path, relative: str, number: int, *, max_bytes: int | None = None
) -> Source:
    """The article of one .jsonl line.

    The text is the first of ``TEXT_KEYS`` present; doc_id, title, outlet and
    published may also be given as id, title, source and date.

    Raises:
        InputError: the line is not a JSON object, holds no text, is over
            ``max_bytes`` or nests deeper than Python can parse, naming file and line.
    """
    if len(line) > (max_bytes or MAX_ARTICLE_BYTES) // 4:  # only long lines pay for encoding
        check_size(len(line.encode("utf-8", "surrogatepass")), file, number, max_bytes=max_bytes)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", path=file, line=number) from exc
    except RecursionError:
        raise InputError("the JSON nests too deeply to read", path=file, line=number) from None
    if not isinstance(record, dict):
        raise InputError("each line must be a JSON object", path=file, line=number)
    given = next((k for k in TEXT_KEYS if record.get(k) is not None), None)
    if given is not None and not isinstance(record[given], str):
        raise InputError(
            f"{given!r} must be a string, not {type(record[given]).__name__}", path=file, line=number
        )
    text = record[given] if given else None
    if text is None or not text.strip():
        raise InputError(
            f"the article is empty (no {' or '.join(map(repr, TEXT_KEYS))})", path=file, line=number
        )
    for key in ("doc_id", "id", "title", "outlet", "source", "published", "date"):
        if isinstance(record.get(key), dict | list | float):
            raise InputError(
                f"{key!r} must be a string, not {type(record[key]).__name__}", path=file, line=number
            )
    published = str(record.get("published") or record.get("date") or "")
    return Source(
        doc_id=str(record.get("doc_id") or record.get("id") or f"{_slug(file.stem)}-{number}"),
        path=relative,
        raw=text,
        title=str(record.get("title") or ""),
        outlet=str(record.get("outlet") or record.get("source") or ""),
        published=parse_date(published, file, number),
        date_basis=str(record.get("date_basis") or ("given in the file" if published else "")),
        language=str(record.get("language") or ""),
        url=str(record.get("url") or ""),
        notes=str(record.get("notes") or ""),
        where=f"{file}:{number}",
    )


def _from_html(base: Source, file: Path) -> Source:
    """Extract the article text and metadata of a saved web page with trafilatura."""
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ImportError("reading .html needs trafilatura: pip install trafilatura") from exc
    extracted = trafilatura.extract(
        base.raw, output_format="json", with_metadata=True, include_comments=False
    )
    record = json.loads(extracted) if extracted else {}
    if not (record.get("text") or "").strip():
        raise InputError("no article text found in the HTML page", path=file)
    date = record.get("date") or ""
    return replace(
        base,
        raw=record["text"],
        fmt="html",
        title=record.get("title") or "",
        outlet=record.get("source-hostname") or record.get("sitename") or record.get("hostname") or "",
        published=parse_date(date[:10], file) if re.match(r"\d{4}-\d{2}-\d{2}", date) else None,
        date_basis="from the page's metadata (trafilatura)" if date else "",
        url=record.get("url") or record.get("source") or "",
    )


def html_article_text(html: str) -> str:
    """The article text ``load_corpus`` keeps of a saved web page ('' when it finds none).

    The adapter the boilerplate scorer calls with ``--html``: trafilatura's
    extraction, then cleaning as for any page read from HTML.
    """
    from newslens import clean

    try:
        source = _from_html(Source(doc_id="page", path="", raw=html, where="<html>"), Path("<html>"))
    except InputError:
        return ""
    return clean.clean(source.raw, extracted=True).text


def _slug(stem: str) -> str:
    return re.sub(r"[^\w.-]+", "-", stem).strip("-") or "doc"


def summarize(corpus: Corpus) -> pd.DataFrame:
    """One row per document: what it is and how much of it there is.

    Columns: doc_id, title, outlet, published, language, sentences, words
    (word tokens of the English text), removed (segments cut by cleaning),
    other_language (sentences not in English).
    """
    docs = corpus.documents
    removed = corpus.removed.groupby("doc_id").size()
    sentences = corpus.sentences
    foreign = sentences[sentences["language"] != "en"].groupby("doc_id").size()
    return pd.DataFrame(
        {
            "doc_id": docs["doc_id"],
            "title": docs["title"],
            "outlet": docs["outlet"],
            "published": docs["published"].dt.strftime("%Y-%m-%d").fillna(""),
            "language": docs["language"],
            "sentences": docs["n_sentences"],
            "words": docs["n_words"],
            "removed": docs["doc_id"].map(removed).fillna(0).astype(int),
            "other_language": docs["doc_id"].map(foreign).fillna(0).astype(int),
        }
    )


def select(
    corpus: Corpus,
    *,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    outlets: str | list[str] | None = None,
) -> Corpus:
    """The part of a corpus published between ``start`` and ``end`` (inclusive) by ``outlets``.

    A new corpus, of the same kind (in memory, or over the same store), whose
    every table keeps only the selected documents; None keeps everything (and
    with nothing chosen the corpus itself comes back: a corpus never changes).
    Undated articles are dropped when a date bound is given. Outlets match
    whatever their case (compared case-folded: "STRASSE" is "Straße"). A
    story is named by its earliest article in the selection.

    Raises:
        InputError: a bound that is not a date (YYYY-MM-DD).
        ValueError: an outlet the corpus does not have.
    """
    if start is None and end is None and not outlets:
        return corpus
    docs = corpus.listing()
    keep = pd.Series(True, index=docs.index)
    start, end = _bound(start, "start (--from)"), _bound(end, "end (--to)")
    if start is not None:
        keep &= docs["published"] >= pd.Timestamp(start)
    if end is not None:
        keep &= docs["published"] <= pd.Timestamp(end)
    if outlets:
        outlets = [outlets] if isinstance(outlets, str) else list(outlets)
        have = pd.Series([outlet.casefold() for outlet in docs["outlet"]], index=docs.index, dtype=object)
        unknown = sorted(o for o in outlets if o.casefold() not in set(have))
        if unknown:
            raise ValueError(
                f"no outlet {', '.join(unknown)}: the corpus has {', '.join(sorted(set(docs['outlet'])))}"
            )
        keep &= have.isin({o.casefold() for o in outlets})
    return corpus._only(docs.loc[keep, "doc_id"].tolist())


def _bound(value: str | dt.date | None, what: str) -> dt.date | None:
    """A date bound of :func:`select`: a date, or a string YYYY-MM-DD."""
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_date(value, what, what="date")
    raise InputError(f"{what} must be a date or YYYY-MM-DD, not {value!r}")


def typed(name: str, table: pd.DataFrame) -> pd.DataFrame:
    """A table with the types of its columns whatever made it (a stage, even of no rows, the cache,
    a store): dates as timestamps of seconds, integers of 64 bits, story ids as Python strings.
    Changes ``table`` in place (each caller passes a table it has just made or read) and returns it."""
    for column in schema.TABLES[name].columns:
        if column.type == "date32" and column.name in table:
            table[column.name] = pd.to_datetime(table[column.name]).astype("datetime64[s]")
        elif column.type == "int32" and column.name in table:
            table[column.name] = table[column.name].astype("int64")
    if "story_id" in table:
        table["story_id"] = table["story_id"].astype(object)
    return table


def stories_within(documents: pd.DataFrame) -> pd.DataFrame:
    """The documents of a selection, each story named by its earliest article in it (they are by date)."""
    story = documents["story_id"].fillna(documents["doc_id"])
    return documents.assign(story_id=documents.groupby(story)["doc_id"].transform("first").astype(object))
