"""newslens.store: DuckDB queries over an ingested store give the in-memory functions' results."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from conftest import FIXTURES, PROJECT_DATA
from newslens import cli, load_corpus, sentiment, terms, timeline
from newslens import store as stored
from newslens.errors import InputError
from newslens.ingest import ingest
from test_duplicates import write_syndicated

COUNTS = ["copies", "stories"]


@pytest.fixture(scope="module", params=["seeds", "wikinews", "syndicated"])
def both(request, tmp_path_factory):
    """(loaded corpus, Parquet store, in-memory store) of the built-in corpus, the Wikinews sample
    and a corpus of copies of one release (test_duplicates.SYNDICATED)."""
    data = tmp_path_factory.mktemp(request.param) / "data"
    if request.param == "syndicated":
        write_syndicated(data)
    else:
        source = PROJECT_DATA if request.param == "seeds" else FIXTURES / "wikinews"
        shutil.copytree(source, data, ignore=shutil.ignore_patterns("processed"))
    ingest(data, jobs=1, chunk_size=2)
    corpus = load_corpus(data, use_cache=False)
    return corpus, stored.open_store(data / "processed" / "store"), stored.Store.from_corpus(corpus)


def same(left: pd.DataFrame, right: pd.DataFrame) -> None:
    assert len(left) > 0
    pd.testing.assert_frame_equal(
        left.reset_index(drop=True), right.reset_index(drop=True), check_dtype=False
    )


@pytest.mark.parametrize("by", [None, "doc", "outlet", "month", "year"])
@pytest.mark.parametrize("unit", ["norm", "lemma"])
@pytest.mark.parametrize("count", COUNTS)
def test_frequencies_equal_the_in_memory_counts(both, by, unit, count):
    corpus, parquet, memory = both
    expected = terms.frequencies(corpus.tokens, corpus.documents, by=by, unit=unit, top=15, count=count)
    same(stored.frequencies(parquet, by=by, unit=unit, top=15, count=count), expected)
    same(stored.frequencies(memory, by=by, unit=unit, top=15, count=count), expected)


@pytest.mark.parametrize(
    ("n", "unit", "keep_stopwords"), [(2, "norm", False), (3, "norm", True), (2, "lemma", True)]
)
@pytest.mark.parametrize("count", COUNTS)
def test_ngrams_equal_the_in_memory_counts(both, n, unit, keep_stopwords, count):
    corpus, parquet, _ = both
    options = {"n": n, "by": "month", "unit": unit, "keep_stopwords": keep_stopwords, "count": count}
    expected = terms.ngrams(corpus.tokens, corpus.documents, **options)
    same(stored.ngrams(parquet, min_count=1, **options), expected)


def test_ngrams_seen_fewer_than_min_count_times_are_pruned(both):
    corpus, parquet, _ = both
    everything = terms.ngrams(corpus.tokens, corpus.documents)
    same(stored.ngrams(parquet), everything[everything["count"] >= 2])


@pytest.mark.parametrize("unit", ["norm", "lemma"])
@pytest.mark.parametrize("count", COUNTS)
def test_keyness_equals_the_in_memory_scores(both, unit, count):
    corpus, parquet, _ = both
    last = corpus.documents.sort_values("published")["doc_id"].iloc[-1]
    expected = terms.keyness(corpus.tokens, [last], unit=unit, count=count, documents=corpus.documents)
    same(stored.keyness(parquet, last, unit=unit, count=count), expected)


def test_keyness_against_a_chosen_reference(corpus, tmp_path):
    shutil.copytree(corpus.path, tmp_path / "data", ignore=shutil.ignore_patterns("processed"))
    ingest(tmp_path / "data", jobs=1)
    store = stored.open_store(tmp_path / "data" / "processed" / "store")
    march = terms.select_documents(corpus.documents, "2023-03")
    october = terms.select_documents(corpus.documents, "2023-10")
    tokens = corpus.tokens[corpus.tokens["doc_id"].isin(march + october)]
    same(stored.keyness(store, "2023-03", "2023-10"), terms.keyness(tokens, march))


@pytest.mark.parametrize("options", [{}, {"lemma": True}, {"ignore_case": False}, {"window": 2}])
def test_kwic_equals_the_in_memory_lines(both, options):
    corpus, parquet, _ = both
    word = terms.frequencies(corpus.tokens, top=1)["term"].iloc[0]
    query = corpus.tokens.loc[corpus.tokens["norm"] == word, "text"].mode()[0]  # as written, for exact case
    expected = terms.kwic(corpus.tokens, corpus.documents, query, **options)
    same(stored.kwic(parquet, query, **options), expected)


def test_kwic_finds_a_phrase_inside_a_multiword_name(corpus):
    lines = stored.kwic(stored.Store.from_corpus(corpus), "Belt and Road")
    same(lines, terms.kwic(corpus.tokens, corpus.documents, "Belt and Road"))
    assert set(lines["keyword"]) == {"Belt and Road"}


@pytest.mark.parametrize("by", ["outlet", "month", "doc"])
@pytest.mark.parametrize("count", COUNTS)
def test_sentiment_aggregates_equal_the_in_memory_ones(both, by, count):
    corpus, parquet, _ = both
    scores = sentiment.sentence_scores(corpus.sentences)
    if by == "doc":
        expected = sentiment.aggregate(scores, scores["doc_id"].map(_keys(corpus.documents, by)))
        expected = expected.rename(columns={"group": "doc_id"})
    else:
        expected = getattr(sentiment, f"by_{by}")(scores, corpus.documents, count=count)
    same(stored.sentiment_by(parquet, by, count=count), expected)


def _keys(documents: pd.DataFrame, by: str) -> pd.Series:
    docs = documents.set_index("doc_id")
    if by == "outlet":
        return docs["outlet"]
    if by == "month":
        return docs["published"].dt.to_period("M").dt.start_time
    return pd.Series(docs.index, index=docs.index)


def test_timeline_counts_the_months_that_time_expressions_name(both):
    corpus, parquet, _ = both
    found = timeline.timexes(corpus.documents, corpus.sentences)
    dated = found[(found["type"] == "DATE") & found["value"].str.match(r"^\d{4}-\d{2}")]
    periods = stored.timeline(parquet).set_index("period")
    for month, group in dated.groupby(dated["value"].str[:7]):
        assert periods.at[month, "mentions"] == len(group)
        assert periods.at[month, "documents"] == group["doc_id"].nunique()
    published = corpus.documents["published"].dt.strftime("%Y-%m").value_counts()
    assert periods["articles"].sum() == published.sum()
    dates = found[found["type"] == "DATE"].sort_values(["doc_id", "start"])
    same(stored.timexes(parquet)[found.columns], dates)


def test_select_restricts_every_view(both):
    corpus, parquet, _ = both
    outlet = corpus.documents["outlet"].iloc[0]
    chosen = corpus.documents.loc[corpus.documents["outlet"] == outlet, "doc_id"]
    tokens = corpus.tokens[corpus.tokens["doc_id"].isin(chosen)]
    try:
        parquet.select(outlets=[outlet.upper()])
        same(stored.frequencies(parquet, top=10), terms.frequencies(tokens, top=10))
        assert set(parquet.table("sentences")["doc_id"]) == set(chosen)
    finally:
        parquet.select()
    latest = corpus.documents["published"].max().date()
    try:
        parquet.select(date_from=latest, date_to=latest)
        newest = corpus.documents.loc[corpus.documents["published"].dt.date == latest, "doc_id"]
        assert set(stored.documents(parquet)["doc_id"]) == set(newest)
    finally:
        parquet.select()


def test_an_empty_folder_is_not_a_store(tmp_path):
    with pytest.raises(InputError, match="newslens ingest"):
        stored.open_store(tmp_path)


def test_cli_reads_a_store(both, capsys):
    corpus, parquet, _ = both
    assert cli.main(["terms", "--store", str(parquet.path), "--top", "3", "--format", "csv"]) == 0
    from_store = capsys.readouterr().out
    assert cli.main(["terms", "--data", str(corpus.path), "--top", "3", "--format", "csv"]) == 0
    assert from_store == capsys.readouterr().out
    assert cli.main(["sentiment", "--store", str(parquet.path), "--by", "speaker"]) == 2
    assert "needs the loaded corpus" in capsys.readouterr().err


# --- only committed parts, and damaged ones named -----------------------------------------------


@pytest.fixture
def small_store(tmp_path) -> Path:
    """The Wikinews sample ingested one article a part, into a store of its own."""
    shutil.copytree(FIXTURES / "wikinews", tmp_path / "data")
    ingest(tmp_path / "data", out=tmp_path / "store", jobs=1, chunk_size=1)
    return tmp_path / "store"


def live_files(store: Path, table: str) -> list[Path]:
    return [store / table / part for part in stored.read_parts(store)["live"]]


def test_only_the_parts_listed_as_live_are_read(small_store):
    for table in stored.TABLES:  # a complete part that no run committed
        shutil.copy(live_files(small_store, table)[0], small_store / table / "part-09999-000000.parquet")
    store = stored.open_store(small_store)
    assert len(store.table("documents")) == 3
    assert not store.sql("SELECT doc_id, tok_id FROM tokens").duplicated().any()


def test_a_damaged_part_is_named_when_the_store_is_opened(small_store):
    damaged = live_files(small_store, "sentiment")[1]
    damaged.write_bytes(damaged.read_bytes()[:-20])
    with pytest.raises(InputError, match=f"run `newslens ingest --check {small_store}`") as raised:
        stored.open_store(small_store)
    assert raised.value.path == damaged.as_posix()
    live_files(small_store, "quotes")[0].unlink()
    with pytest.raises(InputError, match="No such file"):
        stored.open_store(small_store)


def test_a_part_damaged_inside_fails_queries_with_the_remedy(small_store):
    damaged = live_files(small_store, "tokens")[0]
    data = bytearray(damaged.read_bytes())
    data[len(data) // 4 : len(data) // 2] = b"\x55" * (len(data) // 2 - len(data) // 4)
    damaged.write_bytes(bytes(data))
    store = stored.open_store(small_store)  # both ends look like Parquet
    with pytest.raises(InputError, match="newslens ingest --check"):
        stored.frequencies(store, top=5)
    with pytest.raises(duckdb.ParserException):  # a mistake in a query stays DuckDB's
        store.sql("SELEKT 1")


def test_the_timeline_counts_stories_once(both):
    corpus, parquet, _ = both
    docs = corpus.documents
    periods = stored.timeline(parquet, count="stories").set_index("period")
    month = docs["published"].dt.strftime("%Y-%m")
    stories = docs.groupby(month)["story_id"].nunique()
    assert periods.loc[stories.index, "articles"].tolist() == pytest.approx(stories.tolist())
    found = timeline.timexes(docs, corpus.sentences)
    dated = found[(found["type"] == "DATE") & found["value"].str.match(r"^\d{4}-\d{2}")]
    size = docs.groupby("story_id")["doc_id"].transform("size").set_axis(docs["doc_id"])
    for value, group in dated.groupby(dated["value"].str[:7]):
        assert periods.at[value, "mentions"] == pytest.approx((1 / group["doc_id"].map(size)).sum())
        assert (
            periods.at[value, "documents"]
            == group["doc_id"].map(docs.set_index("doc_id")["story_id"]).nunique()
        )
    assert periods.attrs["count"] == "stories"
