"""Analyses over a store of Parquet tables (:mod:`newslens.ingest`), with DuckDB.

Counting runs inside DuckDB, so no query loads every token into pandas:
frequencies, n-grams and keyness return only their counts; KWIC loads the
tokens of the documents that contain the query's first word; sentiment
aggregates load one number per sentence. The results have the columns and
the numbers of the in-memory functions of :mod:`newslens.terms` and
:mod:`newslens.sentiment`, which a test checks on the same corpus, and
:meth:`Store.from_corpus` runs the same queries over a loaded corpus, so a
notebook's code does not change with the corpus's size.

Only the parts that ``parts.json`` lists as live are read: a run of
``newslens ingest`` makes its work live in one step when it ends, so a
reader sees the store as one run left it, never half of a run.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from newslens import schema
from newslens.duplicates import counted
from newslens.errors import InputError

#: The tables a store's views read (:mod:`newslens.schema`).
TABLES = tuple(name for name in schema.STORE if name != "signatures")
#: The store's list of parts (see :func:`read_parts`), and the name every part file has.
PARTS = "parts.json"
PART_NAME = re.compile(r"^part-(\d+)-(\d+)\.parquet$")
#: The name of a run's copies (see :func:`read_copies`).
COPIES_NAME = re.compile(r"^copies-\d{5}$")
_SEPARATOR = "\x1f"
_GROUPS = {
    None: "'all'",
    "doc": "t.doc_id",
    "outlet": "d.outlet",
    "month": "coalesce(strftime(d.published, '%Y-%m'), 'undated')",
    "year": "coalesce(strftime(d.published, '%Y'), 'undated')",
}


class Store:
    """A DuckDB connection with one view per table, over Parquet parts or in-memory tables.

    Args:
        path: A store written by :func:`newslens.ingest.ingest`.

    Raises:
        InputError: the folder holds no ingested documents.
    """

    def __init__(
        self, path: str | Path | None = None, *, tables: dict[str, pd.DataFrame] | None = None
    ) -> None:
        import duckdb

        self.path = Path(path) if path is not None else None
        self.con = duckdb.connect()
        self._tables = [name for name in (tables if tables is not None else TABLES) if name != "copies"]
        if tables is not None:
            for name, table in tables.items():
                self.con.register(f"{name}_all", table)
            if "copies" not in tables:
                self.con.register("copies_all", schema.TABLES["copies"].empty())
        else:
            self._open_parts()
        self.select()

    def _open_parts(self) -> None:
        """Views over the live parts; ``documents_all`` with each document's ``story_id``."""
        import duckdb

        parts = read_parts(self.path)["live"]
        if not parts:
            raise InputError("no ingested documents here: run `newslens ingest` first", path=self.path)
        for name in TABLES:
            files = [(self.path / name / part).as_posix() for part in parts]
            _check_files(self.path, files)
            view = "documents_parts" if name == "documents" else f"{name}_all"
            self.con.execute(f"CREATE VIEW {view} AS SELECT * FROM read_parquet({parquet_files(files)})")
        copies = read_copies(self.path)
        if copies:
            file = (self.path / "copies" / f"{copies}.parquet").as_posix()
            _check_files(self.path, [file])
            self.con.execute(
                f"CREATE VIEW copies_all AS SELECT * FROM read_parquet({parquet_files([file])}) WHERE doc_a "
                "IN (SELECT doc_id FROM documents_parts) AND doc_b IN (SELECT doc_id FROM documents_parts)"
            )
        else:
            self.con.register("copies_all", schema.TABLES["copies"].empty())
        try:
            self.con.register("story_map", self._story_map())
        except duckdb.Error as exc:  # a copies file of other columns, or damaged inside
            raise InputError(f"the copies cannot be read ({exc}): {repair_hint(self.path)}") from None
        self.con.execute(
            "CREATE VIEW documents_all AS SELECT d.*, coalesce(m.story_id, d.doc_id) AS story_id "
            "FROM documents_parts d LEFT JOIN story_map m USING (doc_id)"
        )

    def _story_map(self) -> pd.DataFrame:
        """doc_id and story_id of the documents that copy or are copied (the others are a story alone)."""
        from newslens import duplicates

        pairs = self.sql("SELECT doc_a, doc_b FROM copies_all")
        involved = self.sql(
            "SELECT doc_id, published::TIMESTAMP AS published, outlet, agency FROM documents_parts "
            "WHERE doc_id IN (SELECT doc_a FROM copies_all UNION SELECT doc_b FROM copies_all)"
        )
        story = duplicates.story_ids(involved, pairs) if len(involved) else []
        return pd.DataFrame({"doc_id": involved["doc_id"], "story_id": story}, dtype=object)

    @classmethod
    def from_corpus(cls, corpus, **analyses: pd.DataFrame) -> Store:
        """The same queries over a loaded corpus's tables (and any analysis tables given)."""
        tables = {name: getattr(corpus, name) for name in ("documents", "removed", "sentences", "tokens")}
        return cls(tables=tables | analyses)

    def select(
        self,
        *,
        date_from: str | dt.date | None = None,
        date_to: str | dt.date | None = None,
        outlets: Iterable[str] | None = None,
    ) -> Store:
        """Restrict every view to the documents published in a date range and by some outlets."""
        conditions, params = ["TRUE"], []
        if date_from:
            conditions.append("published >= ?::DATE")
            params.append(str(date_from))
        if date_to:
            conditions.append("published <= ?::DATE")
            params.append(str(date_to))
        if outlets:
            conditions.append("lower(outlet) IN (SELECT unnest(?))")
            params.append([o.lower() for o in outlets])
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE chosen AS SELECT doc_id FROM documents_all "
            f"WHERE {' AND '.join(conditions)}",
            params,
        )
        for name in self._tables:
            where = "" if name == "sources" else " WHERE doc_id IN (SELECT doc_id FROM chosen)"
            self.con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM {name}_all{where}")
        self.con.execute(
            "CREATE OR REPLACE TEMP VIEW copies AS SELECT * FROM copies_all "
            "WHERE doc_a IN (SELECT doc_id FROM chosen) AND doc_b IN (SELECT doc_id FROM chosen)"
        )
        return self

    def sql(self, query: str, params: list | None = None) -> pd.DataFrame:
        """Run a query over the views (documents, tokens, ...) and return a DataFrame.

        Raises:
            InputError: a part of the store cannot be read (errors in the query itself stay DuckDB's).
        """
        import duckdb

        try:
            return self.con.execute(query, params or []).df()
        except duckdb.Error as exc:
            if self.path is None or isinstance(exc, (duckdb.ProgrammingError, duckdb.DataError)):
                raise
            raise InputError(f"the store could not be read ({exc}): {repair_hint(self.path)}") from None

    def table(self, name: str) -> pd.DataFrame:
        """A whole table as a DataFrame: fine for documents or rejects, not for the tokens of a big corpus."""
        if name == "rejects":
            return self.sql(
                'SELECT "where", reason FROM sources WHERE status = \'rejected\' ORDER BY "where"'
            )
        return self.sql(f"SELECT * FROM {name}")


def parquet_files(files: Iterable[str]) -> str:
    """A list of file names as a DuckDB literal, for ``read_parquet`` (views take no parameters)."""
    return "[" + ", ".join("'" + file.replace("'", "''") + "'" for file in files) + "]"


def open_store(path: str | Path) -> Store:
    """Open an ingested store (see :func:`newslens.ingest.ingest`)."""
    return Store(path)


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


# --- counts ------------------------------------------------------------------------------------


def _term_filter(keep_stopwords: bool, keep_punctuation: bool) -> str:
    conditions = ["TRUE"]
    if not keep_punctuation:
        conditions.append("t.is_word")
    if not keep_stopwords:
        conditions.append("NOT t.is_stop")
    return " AND ".join(conditions)


def _grouping(by: str | None) -> str:
    if by not in _GROUPS:
        raise ValueError(f"by must be one of {', '.join(g for g in _GROUPS if g)}, or None, not {by!r}")
    return _GROUPS[by]


def _weight(count: str, group: str) -> str:
    """Each document's weight, a SQL expression over ``d`` (documents): the integer 1 when counting
    copies, so counts stay integers; counting stories, one over the documents of the same story
    in the same ``group`` (see :func:`newslens.duplicates.weights`)."""
    from newslens.duplicates import check_count

    if check_count(count) == "copies":
        return "1"
    return f"1.0 / count(*) OVER (PARTITION BY d.story_id, {group.replace('t.doc_id', 'd.doc_id')})"


def _weights(count: str, group: str) -> str:
    """A CTE ``w``: each document's weight (:func:`_weight`) and counting unit (doc_id, or story_id)."""
    weight, unit = _weight(count, group), _counting_unit(count)
    return f"w AS (SELECT d.doc_id, {weight} AS weight, {unit} AS unit_id FROM documents d)"


def _counting_unit(count: str) -> str:
    """What one counting unit is, over ``d`` (documents): an article, or a story."""
    return "d.doc_id" if count == "copies" else "d.story_id"


def _unit(unit: str) -> str:
    if unit not in ("norm", "lemma"):
        raise ValueError(f"unit must be 'norm' or 'lemma', not {unit!r}")
    return unit


def _order(rank: str) -> str:
    """The ORDER BY keys of :data:`newslens.terms.RANKS`."""
    from newslens.terms import RANKS, check_rank

    return ", ".join(f"{key} DESC" for key in RANKS[check_rank(rank)])


def _top(column: str, top: int | None, unit: str, rank: str) -> str:
    """The clause keeping each group's ``top`` first rows by ``rank``, ties broken by ``column``.

    Lemmas are stored as stems and sorted by their readable form afterwards,
    so for them every row tied with the last one is kept (see :func:`_readable`).
    """
    if top is None:
        return ""
    if unit == "lemma":
        return f"QUALIFY rank() OVER (PARTITION BY grp ORDER BY {_order(rank)}) <= {int(top)}"
    return f"QUALIFY row_number() OVER (PARTITION BY grp ORDER BY {_order(rank)}, {column}) <= {int(top)}"


def _readable(store: Store, table: pd.DataFrame, column: str, top: int | None, rank: str) -> pd.DataFrame:
    """Stems (n-gram parts joined by \\x1f) made readable lemmas, then sorted and cut as in memory."""
    parts = [value.split(_SEPARATOR) for value in table[column]]
    readable = readable_lemmas(store, {part for value in parts for part in value})
    table[column] = [" ".join(readable.get(part, part) for part in value) for value in parts]
    from newslens.terms import RANKS

    table = table.sort_values(["group", *RANKS[rank], column], ascending=[True, False, False, True])
    return table.groupby("group", sort=False).head(top) if top is not None else table


def frequencies(
    store: Store,
    *,
    by: str | None = None,
    unit: str = "norm",
    keep_stopwords: bool = False,
    keep_punctuation: bool = False,
    top: int | None = None,
    count: str = "copies",
    rank: str = "count",
) -> pd.DataFrame:
    """:func:`newslens.terms.frequencies` computed in DuckDB: same columns, same numbers."""
    group, column = _grouping(by), _unit(unit)
    join = "JOIN documents d USING (doc_id)" if by not in (None, "doc") else ""
    ctes = f"""
        {_weights(count, group)},
        t AS (SELECT t.doc_id, t.{column} AS term, t.is_word, t.is_stop, {group} AS grp, w.weight, w.unit_id
              FROM tokens t JOIN w USING (doc_id) {join}),
        totals AS (SELECT grp, sum(weight) FILTER (WHERE is_word) AS words FROM t GROUP BY grp),
        per_doc AS (SELECT grp, term, unit_id, count(*) * any_value(weight) AS n FROM t
                    WHERE {_term_filter(keep_stopwords, keep_punctuation)}
                    GROUP BY grp, term, doc_id, unit_id),
        counts AS (SELECT grp, term, {_total("n", count)} AS count, count(DISTINCT unit_id) AS doc_freq
                   FROM per_doc GROUP BY grp, term)"""
    return _counted(store, ctes, "term", by=by, unit=unit, top=top, count=count, rank=rank)


def _total(column: str, count: str, *, where: str = "") -> str:
    """The sum of a weighted column (of the rows ``where`` holds): an integer when counting copies,
    as in memory."""
    total = f"coalesce(sum({column}) FILTER (WHERE {where}), 0)" if where else f"sum({column})"
    return f"({total})::BIGINT" if count == "copies" else total


def _counted(
    store: Store, ctes: str, column: str, *, by: str | None, unit: str, top: int | None, count: str, rank: str
) -> pd.DataFrame:
    """Finish a count query whose CTEs end in ``counts`` and ``totals``: rates per 10,000 words of
    the group, each group's top rows, readable lemmas, and no group column when not grouped."""
    table = store.sql(
        f"""
        WITH {ctes}
        SELECT grp AS "group", {column}, count, 1e4 * count / words AS per_10k, doc_freq
        FROM counts JOIN totals USING (grp)
        {_top(column, top, unit, rank)}
        ORDER BY grp, {_order(rank)}, {column}
        """
    )
    if unit == "lemma":
        table = _readable(store, table, column, top, rank).reset_index(drop=True)
    table.attrs["rank"] = rank
    return counted(table if by else table.drop(columns="group"), count)


def readable_lemmas(store: Store, lemmas: Iterable[str]) -> dict[str, str]:
    """Each stored lemma's readable form: the norm it most often stands for (as in ``text.add_lemmas``)."""
    wanted = sorted(set(lemmas))
    if not wanted:
        return {}
    forms = store.sql(
        """
        SELECT lemma, first(norm ORDER BY n DESC, length(norm), norm) AS form
        FROM (SELECT lemma, norm, count(*) AS n FROM tokens
              WHERE lemma IN (SELECT unnest(?)) GROUP BY lemma, norm)
        GROUP BY lemma
        """,
        [wanted],
    )
    return dict(zip(forms["lemma"], forms["form"], strict=True))


def ngrams(
    store: Store,
    *,
    n: int = 2,
    by: str | None = None,
    unit: str = "norm",
    keep_stopwords: bool = False,
    min_count: int = 2,
    top: int | None = None,
    count: str = "copies",
    rank: str = "count",
) -> pd.DataFrame:
    """:func:`newslens.terms.ngrams` computed in DuckDB.

    Args:
        min_count: Drop n-grams seen fewer times in their group: at corpus
            scale most n-grams occur once, and keeping them costs memory (over
            1 GB of bigrams for 100,000 articles), not insight. 1 keeps all,
            as the in-memory function does.
    """
    if n < 2:
        raise ValueError("n must be at least 2; use frequencies() for single terms")
    group, column = _grouping(by), _unit(unit)
    join = "JOIN documents d USING (doc_id)" if by not in (None, "doc") else ""
    following = ", ".join(
        f"lead(t.{name}, {k}) OVER w AS {name}{k}"
        for k in range(1, n)
        for name in ("tok_id", "sent_id", "kept", "term", "is_stop")
    )
    chained = " AND ".join(
        f"sent_id{k} = sent_id AND tok_id{k} = tok_id + {k} AND kept{k}" for k in range(1, n)
    )
    separator = "chr(31)" if unit == "lemma" else "' '"
    gram = f" || {separator} || ".join(["term", *(f"term{k}" for k in range(1, n))])
    edges = "TRUE" if keep_stopwords else f"NOT is_stop AND NOT is_stop{n - 1}"
    ctes = f"""
        {_weights(count, group)},
        t AS (SELECT t.doc_id, t.sent_id, t.tok_id, t.{column} AS term, t.is_stop, t.is_word,
                     (t.is_word OR regexp_matches(t.text, '^[0-9]')) AS kept, {group} AS grp,
                     w.weight, w.unit_id
              FROM tokens t JOIN w USING (doc_id) {join}),
        totals AS (SELECT grp, sum(weight) FILTER (WHERE is_word) AS words FROM t GROUP BY grp),
        following AS (SELECT *, {following} FROM t t WINDOW w AS (PARTITION BY doc_id ORDER BY tok_id)),
        grams AS (SELECT grp, unit_id, weight, {gram} AS ngram FROM following
                  WHERE kept AND {chained} AND {edges}),
        counts AS (SELECT grp, ngram, {_total("weight", count)} AS count, count(DISTINCT unit_id) AS doc_freq
                   FROM grams GROUP BY grp, ngram HAVING count(*) >= {int(min_count)})"""
    return _counted(store, ctes, "ngram", by=by, unit=unit, top=top, count=count, rank=rank)


def documents(store: Store) -> pd.DataFrame:
    """The documents table without the text: enough to choose documents by outlet or date."""
    return store.sql(
        "SELECT doc_id, title, outlet, published::TIMESTAMP AS published, n_sentences, n_tokens, n_words "
        "FROM documents ORDER BY published, doc_id"
    )


def keyness(
    store: Store,
    target: str,
    reference: str | None = None,
    *,
    unit: str = "norm",
    keep_stopwords: bool = False,
    min_count: int = 2,
    top: int | None = None,
    count: str = "copies",
) -> pd.DataFrame:
    """:func:`newslens.terms.keyness` with counts from DuckDB.

    Args:
        target, reference: What :func:`newslens.terms.select_documents` accepts
            (a doc_id, an outlet, a year, a month or a date range); the
            reference is every other document when not given.
    """
    from newslens import terms  # NLTK: imported when needed (ingest reads this module's parts list)

    docs = documents(store)
    chosen = terms.select_documents(docs, target)
    candidates = terms.select_documents(docs, reference) if reference is not None else docs["doc_id"]
    others = sorted(set(candidates) - set(chosen))
    store.con.register("target_docs", pd.DataFrame({"doc_id": chosen}, dtype=object))
    store.con.register("reference_docs", pd.DataFrame({"doc_id": others}, dtype=object))
    column = _unit(unit)
    ctes = f"""WITH sides AS (SELECT doc_id, TRUE AS in_target FROM target_docs
                          UNION ALL SELECT doc_id, FALSE FROM reference_docs),
        w AS (SELECT s.doc_id, s.in_target, {_weight(count, "s.in_target")} AS weight,
                     {_counting_unit(count)} AS unit_id
              FROM sides s JOIN documents d USING (doc_id))"""
    total = _total("w.weight", count)
    sizes = store.sql(
        f"{ctes} SELECT w.in_target, {total} AS words FROM tokens t JOIN w USING (doc_id) "
        "WHERE t.is_word GROUP BY w.in_target"
    )
    size = dict(zip(sizes["in_target"], sizes["words"], strict=True))
    counts = store.sql(
        f"""{ctes}
        SELECT t.{column} AS term, {_total("w.weight", count, where="w.in_target")} AS target_count,
               {_total("w.weight", count, where="NOT w.in_target")} AS reference_count,
               count(DISTINCT w.unit_id) FILTER (WHERE w.in_target) AS target_docs,
               count(DISTINCT w.unit_id) FILTER (WHERE NOT w.in_target) AS reference_docs
        FROM tokens t JOIN w USING (doc_id)
        WHERE {_term_filter(keep_stopwords, False)}
        GROUP BY term HAVING count(*) >= {int(min_count)}
        """
    )
    if unit == "lemma":
        counts["term"] = counts["term"].map(readable_lemmas(store, counts["term"]))
    table = terms.score_keyness(counts, size.get(True, 0), size.get(False, 0), top=top)
    return counted(table, count)


def kwic(
    store: Store, query: str, *, window: int = 8, ignore_case: bool = True, lemma: bool = False
) -> pd.DataFrame:
    """:func:`newslens.terms.kwic` over the documents that hold the query's first word.

    Only those documents' tokens are loaded, then the in-memory function
    does the matching, so the lines are the same as on a loaded corpus.
    """
    from newslens import terms

    words = [norm for _, _, norm in terms.split_words(query)]
    if not words:
        return terms.kwic(pd.DataFrame(columns=["doc_id", "tok_id"]), pd.DataFrame(), query)
    first = words[0]
    if lemma:
        from newslens.text import _stem

        norms = store.sql("SELECT DISTINCT norm FROM tokens")["norm"]
        forms = [form for form in norms if any(_stem(part) == _stem(first) for part in form.split(" "))]
    else:
        forms = store.sql(
            "SELECT DISTINCT norm FROM tokens WHERE norm = ? OR list_contains(string_split(norm, ' '), ?)",
            [first, first],
        )["norm"].tolist()
    holding = "(SELECT DISTINCT doc_id FROM tokens WHERE norm IN (SELECT unnest(?)))"
    tokens = store.sql(f"SELECT * FROM tokens WHERE doc_id IN {holding} ORDER BY doc_id, tok_id", [forms])
    docs = store.sql(
        "SELECT doc_id, outlet, published::TIMESTAMP AS published, text FROM documents "
        f"WHERE doc_id IN {holding}",
        [forms],
    )
    return terms.kwic(tokens, docs, query, window=window, ignore_case=ignore_case, lemma=lemma)


# --- sentiment and time ------------------------------------------------------------------------


def sentiment_by(store: Store, by: str = "outlet", *, count: str = "copies") -> pd.DataFrame:
    """:func:`newslens.sentiment.aggregate` of sentence scores per outlet, month or document.

    Loads one score per sentence (not the sentences' text), with its weight
    when counting stories (as :func:`newslens.sentiment.by_outlet`).
    """
    from newslens import sentiment

    keys = {
        "outlet": "d.outlet",
        "month": "date_trunc('month', d.published)::TIMESTAMP",
        "doc": "s.doc_id",
    }
    if by not in keys:
        raise ValueError(f"by must be one of {', '.join(keys)}, not {by!r}")
    group = keys[by].replace("s.doc_id", "d.doc_id")
    scores = store.sql(
        f"WITH w AS (SELECT d.doc_id, {group} AS grp, {_weight(count, group)} AS weight FROM documents d) "
        "SELECT w.grp, s.compound, s.label, w.weight FROM sentiment s JOIN w USING (doc_id)"
    )
    weights = None if count == "copies" else scores["weight"]
    table = sentiment.aggregate(scores, "grp", weights=weights).rename(
        columns={"group": {"doc": "doc_id"}.get(by, by)}
    )
    return counted(table, count)


def timexes(store: Store, *, types: Iterable[str] = ("DATE",)) -> pd.DataFrame:
    """The time expressions of some types, with the document's outlet and publication date."""
    return store.sql(
        """
        SELECT x.*, d.outlet, d.published::TIMESTAMP AS published
        FROM timexes x JOIN documents d USING (doc_id)
        WHERE x.type IN (SELECT unnest(?)) ORDER BY x.doc_id, x.start
        """,
        [list(types)],
    )


def timeline(store: Store, *, period: str = "month", count: str = "copies") -> pd.DataFrame:
    """How often each period is referred to: dated expressions by the month (or year) they name.

    Args:
        count: ``"stories"`` counts each story once: a time expression in four
            copies of a text is one mention, its documents one, and four copies
            published in a period one article.

    Returns:
        Columns period (YYYY-MM or YYYY), mentions (time expressions naming it),
        documents (how many documents do), articles (how many were published in it).
    """
    width = {"month": 7, "year": 4}.get(period)
    if width is None:
        raise ValueError(f"period must be 'month' or 'year', not {period!r}")
    pattern = r"^\d{4}-\d{2}" if width == 7 else r"^\d{4}"
    published = f"left(strftime(d.published, '%Y-%m'), {width})"
    table = store.sql(
        f"""
        WITH {_weights(count, "'all'")},
        named AS (SELECT left(x.value, {width}) AS period, w.unit_id, w.weight
                  FROM timexes x JOIN w USING (doc_id)
                  WHERE x.type = 'DATE' AND regexp_matches(x.value, '{pattern}')),
        refs AS (SELECT period, {_total("weight", count)} AS mentions, count(DISTINCT unit_id) AS documents
                 FROM named GROUP BY period),
        pubs AS (SELECT {published} AS period, {_total("weight", count)} AS articles
                 FROM (SELECT d.published, {_weight(count, published)} AS weight FROM documents d
                       WHERE d.published IS NOT NULL) d GROUP BY period)
        SELECT period, coalesce(mentions, 0) AS mentions, coalesce(documents, 0) AS documents,
               coalesce(articles, 0) AS articles
        FROM refs FULL JOIN pubs USING (period) ORDER BY period
        """
    )
    return counted(table, count)
