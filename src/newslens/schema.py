"""Every table newslens stores, declared once: its columns, their types, its key, what a row is.

This module is the contract that code and people build on: loading
(:func:`newslens.load_corpus`), the Parquet cache, ingesting a store
(:mod:`newslens.ingest`) and reading it (:mod:`newslens.store`) take their
columns from here, and ``docs/tables.md`` is :func:`markdown` written out
(``make docs``; a test keeps the two equal).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

_TYPES = {
    "string": pa.string(),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "bool": pa.bool_(),
    "float64": pa.float64(),
    "date32": pa.date32(),
    "list<int64>": pa.list_(pa.int64()),
}


@dataclass(frozen=True)
class Column:
    """One column: its name, its Arrow type (a key of ``_TYPES``) and what it holds."""

    name: str
    type: str
    about: str


@dataclass(frozen=True)
class Table:
    """One table: its name, what a row is, the columns that identify a row, and its columns."""

    name: str
    row: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        """The column names, in order."""
        return [column.name for column in self.columns]

    @property
    def schema(self) -> pa.Schema:
        """The Arrow schema a store's part files have."""
        return pa.schema([(column.name, _TYPES[column.type]) for column in self.columns])

    def empty(self) -> pd.DataFrame:
        """A table with these columns and no rows."""
        return pd.DataFrame(columns=self.names)


def _table(name: str, row: str, key: str, *columns: str) -> Table:
    """A table from ``"name type: what it holds"`` lines, the compact form the declarations below use."""
    parsed = []
    for line in columns:
        head, about = line.split(": ", 1)
        column, kind = head.split()
        parsed.append(Column(column, kind, about))
    return Table(name, row, tuple(key.split()), tuple(parsed))


_DOC = "doc_id string: the article's id (the manifest's, a .jsonl line's, or the file name's slug)"
_SENT = "sent_id int32: the sentence's number in its article, from 0"
_START = "start int32: where it begins in the clean text"
_END = "end int32: where it ends (exclusive)"

DOCUMENTS = _table(
    "documents", "one article, with its clean text", "doc_id",
    _DOC,
    "title string: the headline (the manifest's, else the text's first line)",
    "outlet string: who published it ('unknown' when nobody says)",
    "published date32: the publication date (given, else stated in the text; null when neither)",
    "date_basis string: where the date comes from",
    "language string: the ISO 639-1 code of most of its text",
    "url string: where it was published, when known",
    "path string: its file, relative to the data folder",
    "notes string: the manifest's notes",
    "dateline string: the dateline as written ('BEIJING, Oct 18 (Reuters) -')",
    "place string: the dateline's place",
    "credit string: the credit the dateline gives ('PRNewswire')",
    "agency string: the news agency the text credits",
    "timestamp string: a publication line or timestamp the text states",
    "stated_date date32: the date the text states (dateline or timestamp)",
    "text string: the clean article text, which every offset points into",
    "n_sentences int32: its sentences",
    "n_tokens int32: its tokens (English sentences only)",
    "n_words int32: its tokens that are words",
)  # fmt: skip
REMOVED = _table(
    "removed", "one passage that cleaning cut from the raw article (the audit trail)", "doc_id start",
    _DOC,
    "start int32: where the passage begins in the raw article",
    "end int32: where it ends (exclusive)",
    "text string: the passage",
    "reason string: why it was cut ('navigation', 'photo caption', 'dateline', ...)",
)  # fmt: skip
SENTENCES = _table(
    "sentences", "one sentence of an article", "doc_id sent_id",
    _DOC, _SENT, _START, _END,
    "text string: the sentence",
    "language string: its ISO 639-1 code (tokens and analyses are made of English sentences)",
)  # fmt: skip
TOKENS = _table(
    "tokens", "one token of an English sentence", "doc_id tok_id",
    _DOC, _SENT,
    "tok_id int32: the token's number in its article, from 0",
    _START, _END,
    "text string: the token as written",
    "norm string: the lowercased form that counts group by",
    "lemma string: the readable lemma (in a store, the Snowball stem; readable forms are made when queried)",
    "is_stop bool: an English stopword",
    "is_word bool: begins with a letter and is not a clitic ('s, n't)",
)  # fmt: skip
TIMEXES = _table(
    "timexes", "one temporal expression", "doc_id start",
    _DOC, _SENT, _START, _END,
    "text string: the expression",
    "type string: TimeML's DATE, TIME, DURATION or SET",
    "value string: its TimeML value ('2023-10-18', 'P3D', 'PRESENT_REF')",
    "anchor string: the publication date it was resolved against ('' when undated)",
)  # fmt: skip
MENTIONS = _table(
    "mentions", "one mention of an actor", "doc_id start",
    _DOC, _SENT, _START, _END,
    "actor_id string: the gazetteer's id, or an id made from the name found in the text",
    "surface string: the words as written",
    "how string: 'gazetteer' (a name, alias or role listed) or 'text' (found in the text)",
)  # fmt: skip
QUOTES = _table(
    "quotes", "one quotation", "quote_id",
    _DOC,
    "quote_id string: '<doc_id>-q<number>'",
    "start int32: where the quoted words begin (quotation marks excluded)",
    _END,
    "text string: the quoted words",
    "speaker string: the fullest name the article gives the speaker, or ''",
    "actor_id string: the speaker's actor id, or ''",
    "cue string: the verb or phrase that attributes it ('said', 'according to')",
    "compound float64: VADER's compound score of the quoted words",
)  # fmt: skip
SENTIMENT = _table(
    "sentiment", "the VADER scores of one English sentence", "doc_id sent_id",
    _DOC, _SENT,
    "compound float64: VADER's compound score, -1 to 1",
    "pos float64: the share of positive words",
    "neu float64: the share of neutral words",
    "neg float64: the share of negative words",
    "label string: positive (compound >= 0.05), negative (<= -0.05) or neutral",
)  # fmt: skip
SIGNATURES = _table(
    "signatures", "what finding copies needs to know of a stored article", "doc_id",
    _DOC,
    "n_words int64: its words",
    "n_shingles int64: its distinct word shingles",
    "exact int64: the exact-copy key (0 under the shingle length)",
    "fingerprints list<int64>: the sampled shingle hashes",
)  # fmt: skip
SOURCES = _table(
    "sources", "one input article of a store, ingested or rejected", "key",
    "key string: the article's place: its file, and line in a .jsonl",
    "stamp string: size, modification time, manifest row, gazetteer and stages: a change redoes it",
    "where string: the file (and line) for messages",
    "doc_id string: its doc_id ('' when rejected before one was known)",
    "status string: 'ok' or 'rejected'",
    "reason string: why it was rejected, or the warnings it was loaded with",
)  # fmt: skip
COPIES = _table(
    "copies", "one pair of articles where one copies the other", "doc_a doc_b",
    "doc_a string: the article published first",
    "doc_b string: the other",
    "similarity float64: the Jaccard similarity of their distinct shingles",
    "containment_a float64: the share of a's shingles found in b",
    "containment_b float64: the share of b's shingles found in a",
    "shared_chars int64: the length in a's text of the longest passage they share",
    "a_start int64: where that passage begins in a's text",
    "a_end int64: where it ends in a's text",
    "b_start int64: where it begins in b's text",
    "b_end int64: where it ends in b's text",
    "first string: doc_a, which was published first",
)  # fmt: skip
COMPARED = _table(
    "compared", "one stored article that copies were looked for in, as it was then", "doc_id stamp",
    _DOC,
    "stamp string: the sources table's stamp of the article at the time",
)  # fmt: skip

#: Every table, by name: those of a loaded corpus (:data:`CORPUS`), the analyses', a store's own.
TABLES: dict[str, Table] = {
    t.name: t
    for t in (DOCUMENTS, REMOVED, SENTENCES, TOKENS, TIMEXES, MENTIONS, QUOTES, SENTIMENT, SIGNATURES,
              SOURCES, COPIES, COMPARED)
}  # fmt: skip
#: The tables :func:`newslens.load_corpus` returns, with ``documents.story_id`` added (its copies' story).
CORPUS = ("documents", "removed", "sentences", "tokens")
#: The tables of the analyses a store holds for every article.
ANALYSES = ("timexes", "mentions", "quotes", "sentiment")
#: The tables of every part of a store, ``sources`` (what each input became) last.
STORE = (*CORPUS, *ANALYSES, "signatures", "sources")


def columns(name: str) -> list[str]:
    """The columns of the table ``name``."""
    return TABLES[name].names


def markdown() -> str:
    """Every table as a Markdown section: what is written to ``docs/tables.md``."""
    lines = [
        "# The tables",
        "",
        "Every table newslens stores. They are declared in `src/newslens/schema.py`, and this page is "
        "written from there by `make docs` (a test checks that it is up to date).",
        "",
        "Offsets (`start`, `end`) count characters of the document's clean `text`, except in `removed`, "
        "whose offsets count characters of the raw article. Types are those of a store's Parquet files. "
        "In memory (`newslens.load_corpus`) the tables are pandas DataFrames: integers as int64, dates "
        "as datetime64 (midnight), strings as str.",
    ]
    for table in TABLES.values():
        lines += ["", f"## {table.name}", "", f"One row: {table.row}. Key: {', '.join(table.key)}.", ""]
        lines += ["| column | type | what it holds |", "|---|---|---|"]
        lines += [f"| `{c.name}` | {c.type} | {c.about} |" for c in table.columns]
    lines += ["", "`documents` in memory also has `story_id`: the doc_id of the earliest copy of its story."]
    return "\n".join(lines) + "\n"
