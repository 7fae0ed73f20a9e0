"""One corpus, two routes: a store read by newslens.open gives the tables and the numbers of the
same articles loaded into memory, and a damaged store is named, never half read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import newslens
from conftest import FIXTURES, PROJECT_DATA
from newslens import cli, quotes, sentiment, terms, timeline
from newslens import store as stored
from newslens.corpus import TABLES, CorpusWarning
from newslens.errors import InputError
from newslens.ingest import default_store, ingest, writer_lock
from test_duplicates import write_syndicated

COUNTS = ["copies", "stories"]


@pytest.fixture(scope="module", params=["seeds", "wikinews", "syndicated"])
def both(request, tmp_path_factory):
    """(loaded into memory, read from a store) of the built-in corpus, the Wikinews sample and a
    corpus of copies of one release (test_duplicates.SYNDICATED)."""
    data = tmp_path_factory.mktemp(request.param) / "data"
    if request.param == "syndicated":
        write_syndicated(data)
    else:
        source = PROJECT_DATA if request.param == "seeds" else FIXTURES / "wikinews"
        shutil.copytree(source, data, ignore=shutil.ignore_patterns("processed"))
    ingest(data, jobs=1, chunk_size=2)
    return newslens.load_corpus(data, use_cache=False), newslens.open(default_store(data))


def same(left: pd.DataFrame, right: pd.DataFrame, *, check_dtype: bool = True) -> None:
    assert len(left) > 0
    pd.testing.assert_frame_equal(
        left.reset_index(drop=True), right.reset_index(drop=True), check_dtype=check_dtype
    )


def test_open_tells_a_store_from_a_data_folder(both):
    memory, store = both
    assert not memory.store and store.store
    assert newslens.open(memory.path).store is False
    assert store.size() == memory.size() == len(memory.documents)


@pytest.mark.parametrize("name", TABLES)
def test_every_table_is_the_same_from_a_store(both, name):
    memory, store = both
    if name == "copies" and memory.table("copies").empty:
        assert store.table("copies").empty
        return
    same(store.table(name), memory.table(name), check_dtype=name != "copies")


@pytest.mark.parametrize("by", [None, "doc", "outlet", "month", "year"])
@pytest.mark.parametrize("unit", ["norm", "lemma"])
@pytest.mark.parametrize("count", COUNTS)
def test_frequencies_are_the_same_on_both_routes(both, by, unit, count):
    memory, store = both
    options = {"by": by, "unit": unit, "top": 15, "count": count}
    same(terms.frequencies(store, **options), terms.frequencies(memory, **options))


def test_frequencies_are_the_counts_of_the_tokens(both):
    memory, _ = both
    tokens = memory.tokens
    words = tokens[tokens["is_word"] & ~tokens["is_stop"]]
    expected = words.groupby("norm").agg(count=("doc_id", "size"), doc_freq=("doc_id", "nunique"))
    table = terms.frequencies(memory).set_index("term")
    assert table["count"].to_dict() == expected["count"].to_dict()
    assert table["doc_freq"].to_dict() == expected["doc_freq"].to_dict()
    assert table["per_10k"].iat[0] == pytest.approx(1e4 * table["count"].iat[0] / tokens["is_word"].sum())


@pytest.mark.parametrize(
    ("n", "unit", "keep_stopwords"), [(2, "norm", False), (3, "norm", True), (2, "lemma", True)]
)
@pytest.mark.parametrize("count", COUNTS)
def test_ngrams_are_the_same_on_both_routes(both, n, unit, keep_stopwords, count):
    memory, store = both
    options = {"n": n, "by": "month", "unit": unit, "keep_stopwords": keep_stopwords, "count": count}
    same(terms.ngrams(store, **options), terms.ngrams(memory, **options))


def test_ngrams_seen_fewer_than_min_count_times_are_pruned(both):
    memory, store = both
    everything = terms.ngrams(memory)
    same(terms.ngrams(store, min_count=2), everything[everything["count"] >= 2])


@pytest.mark.parametrize("unit", ["norm", "lemma"])
@pytest.mark.parametrize("count", COUNTS)
def test_keyness_is_the_same_on_both_routes(both, unit, count):
    memory, store = both
    last = memory.documents["doc_id"].iloc[-1]
    same(
        terms.keyness(store, last, unit=unit, count=count),
        terms.keyness(memory, [last], unit=unit, count=count),
    )


def test_keyness_against_a_chosen_reference_leaves_the_rest_out(corpus):
    march = terms.select_documents(corpus.documents, "2023-03")
    october = terms.select_documents(corpus.documents, "2023-10")
    table = terms.keyness(corpus, "2023-03", "2023-10")
    pair = newslens.select(corpus, start="2023-03-01", end="2023-10-31")
    assert set(pair.documents["doc_id"]) == set(march + october)
    same(table, terms.keyness(pair, march))


@pytest.mark.parametrize("options", [{}, {"lemma": True}, {"ignore_case": False}, {"window": 2}])
def test_kwic_is_the_same_on_both_routes(both, options):
    memory, store = both
    word = terms.frequencies(memory, top=1)["term"].iloc[0]
    query = memory.tokens.loc[memory.tokens["norm"] == word, "text"].mode()[0]  # as written, for exact case
    same(terms.kwic(store, query, **options), terms.kwic(memory, query, **options))


@pytest.mark.parametrize("count", COUNTS)
def test_periods_are_the_same_on_both_routes(both, count):
    memory, store = both
    same(timeline.periods(store, count=count), timeline.periods(memory, count=count))


def test_periods_count_the_months_that_time_expressions_name(both):
    memory, _ = both
    found = memory.table("timexes")
    dated = found[(found["type"] == "DATE") & found["value"].str.match(r"^\d{4}-\d{2}")]
    periods = timeline.periods(memory).set_index("period")
    for month, group in dated.groupby(dated["value"].str[:7]):
        assert periods.at[month, "mentions"] == len(group)
        assert periods.at[month, "documents"] == group["doc_id"].nunique()
    published = memory.documents["published"].dt.strftime("%Y-%m").value_counts()
    assert periods["articles"].sum() == published.sum()


def test_periods_count_stories_once(both):
    memory, _ = both
    docs = memory.documents
    periods = timeline.periods(memory, count="stories").set_index("period")
    month = docs["published"].dt.strftime("%Y-%m")
    stories = docs.groupby(month)["story_id"].nunique()
    assert periods.loc[stories.index, "articles"].tolist() == pytest.approx(stories.tolist())
    found = memory.table("timexes")
    dated = found[(found["type"] == "DATE") & found["value"].str.match(r"^\d{4}-\d{2}")]
    size = docs.groupby("story_id")["doc_id"].transform("size").set_axis(docs["doc_id"])
    for value, group in dated.groupby(dated["value"].str[:7]):
        assert periods.at[value, "mentions"] == pytest.approx((1 / group["doc_id"].map(size)).sum())
        assert (
            periods.at[value, "documents"]
            == group["doc_id"].map(docs.set_index("doc_id")["story_id"]).nunique()
        )
    assert periods.attrs["count"] == "stories"


@pytest.mark.parametrize("by", ["outlet", "month"])
@pytest.mark.parametrize("count", COUNTS)
def test_tone_is_the_same_on_both_routes(both, by, count):
    memory, store = both
    aggregate = getattr(sentiment, f"by_{by}")
    same(
        aggregate(sentiment.scores(store), store.documents, count=count),
        aggregate(sentiment.scores(memory), memory.documents, count=count),
    )
    assert sentiment.scores(memory).equals(sentiment.sentence_scores(memory.sentences))


def test_select_is_one_behaviour_on_both_routes(both):
    memory, store = both
    outlet = memory.documents["outlet"].iloc[0]
    chosen = set(memory.documents.loc[memory.documents["outlet"] == outlet, "doc_id"])
    for corpus in (memory, store):
        part = newslens.select(corpus, outlets=[outlet.upper()])  # outlets match whatever their case
        assert type(part) is type(corpus) and part is not corpus and part.store == corpus.store
        assert set(part.sentences["doc_id"]) == chosen and set(part.table("sentiment")["doc_id"]) == chosen
        assert corpus.size() == len(memory.documents)  # the corpus selected from is unchanged
        with pytest.raises(ValueError, match="no outlet Nowhere"):
            newslens.select(corpus, outlets=["Nowhere"])
    memory_part, store_part = (newslens.select(c, outlets=[outlet]) for c in (memory, store))
    same(terms.frequencies(store_part, top=10), terms.frequencies(memory_part, top=10))
    same(store_part.documents, memory_part.documents)  # stories named within the selection alike
    same(store_part.tokens, memory_part.tokens)  # lemmas made readable over the whole corpus, on both
    stories = "SELECT doc_id, story_id FROM documents ORDER BY doc_id"
    same(store_part.sql(stories), memory_part.sql(stories), check_dtype=False)
    latest = memory.documents["published"].max().date()
    newest = memory.documents.loc[memory.documents["published"].dt.date == latest, "doc_id"]
    dated = newslens.select(store, start=latest, end=latest)
    assert set(dated.documents["doc_id"]) == set(newest)
    last_outlet = memory.documents.set_index("doc_id").loc[newest.iloc[0], "outlet"]
    assert set(newslens.select(dated, outlets=[last_outlet]).documents["doc_id"]) <= set(newest)


def test_counts_group_by_any_column_of_the_documents(both):
    memory, store = both
    by_agency = terms.frequencies(memory, by="agency", top=3)
    same(terms.frequencies(store, by="agency", top=3), by_agency)
    assert set(by_agency["group"]) == set(memory.documents["agency"])
    by_date = terms.frequencies(memory, by="stated_date")  # a group of no value (NaT) is a group too
    assert by_date["count"].sum() == terms.frequencies(memory)["count"].sum()
    with pytest.raises(ValueError, match="a column of the documents"):
        terms.frequencies(memory, by="nothing; DROP TABLE tokens")


def test_a_query_names_any_table_on_both_routes(both):
    memory, store = both
    query = "SELECT type, count(*) AS n FROM timexes GROUP BY type ORDER BY type"
    same(memory.sql(query), store.sql(query), check_dtype=False)
    copies = "SELECT count(*) AS n FROM copies"
    assert memory.sql(copies)["n"].iat[0] == store.sql(copies)["n"].iat[0] == len(memory.table("copies"))


def test_the_cli_reads_a_store_as_it_reads_a_data_folder(both, capsys):
    memory, store = both
    for command in (["terms", "--top", "3"], ["sentiment", "--by", "outlet"], ["timeline", "--periods"]):
        assert cli.main([*command, "--store", str(store.path), "--format", "csv"]) == 0
        from_store = capsys.readouterr().out
        assert cli.main([*command, "--data", str(memory.path), "--format", "csv"]) == 0
        assert from_store == capsys.readouterr().out


def test_an_empty_folder_is_not_a_store_nor_articles(tmp_path):
    with pytest.raises(InputError, match="no such data folder"):
        newslens.open(tmp_path / "missing")
    with pytest.raises(InputError, match="not a data folder"):  # nothing to ingest here: nothing written
        newslens.open(tmp_path)
    assert not any(tmp_path.iterdir())
    (tmp_path / "parts.json").write_text('{"live": [], "pending": []}')
    with pytest.raises(InputError, match="newslens ingest"):
        newslens.open(tmp_path)


def test_open_refuses_folders_that_are_not_articles_and_writes_nothing_there(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "wikinews", project / "data")
    (project / "README.md").write_text("# a project\n", encoding="utf-8")
    (project / "Makefile").write_text("all:\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a data folder"):
        newslens.open(project)  # a README beside a Makefile: a project, not articles
    with pytest.raises(InputError, match="open the data folder"):
        newslens.open(project / "data" / "raw")  # its store would be the data folder's own
    assert not (project / "processed").exists() and not (project / "data" / "processed").exists()


def test_articles_that_cannot_be_read_are_left_out_with_a_warning(tmp_path):
    feed = tmp_path / "feed.jsonl"
    good = json.dumps({"id": "good", "text": next((FIXTURES / "wikinews" / "raw").glob("*.txt")).read_text()})
    feed.write_text("{broken\n" + good + "\n", encoding="utf-8")
    with pytest.warns(CorpusWarning, match=r"1 article\(s\) could not be read.*feed.jsonl:1"):
        corpus = newslens.open(feed)
    assert corpus.size() == 1
    (tmp_path / "empty.jsonl").write_text("{broken\n", encoding="utf-8")
    with pytest.raises(InputError, match="no article here could be read"):
        newslens.open(tmp_path / "empty.jsonl")


def test_a_store_being_written_is_read_as_the_last_run_left_it(tmp_path):
    articles = tmp_path / "articles"
    shutil.copytree(FIXTURES / "wikinews" / "raw", articles)
    store = newslens.open(articles).path
    (articles / "new.txt").write_text(next(articles.glob("*.txt")).read_text() + "\nMore.", encoding="utf-8")
    with writer_lock(store), pytest.warns(CorpusWarning, match="another newslens run writes this store"):
        assert newslens.open(articles).size() == 3  # the new article waits for the next run
    assert newslens.open(articles).size() == 4


def test_outlets_match_case_folded(both):
    memory, _ = both
    german = memory.documents.assign(outlet="Die Straße")  # lower() keeps ß; casefold() makes it ss
    tables = {name: memory.table(name) for name in ("removed", "sentences", "tokens")}
    corpus = newslens.Corpus(memory.path, tables | {"documents": german})
    assert newslens.select(corpus, outlets="DIE STRASSE").size() == corpus.size()  # one name, not a list
    assert terms.select_documents(corpus.documents, "die strasse") == corpus.documents["doc_id"].tolist()
    with pytest.raises(InputError, match="must be a date"):
        newslens.select(corpus, start=20230101)


def test_a_folder_of_articles_is_ingested_beside_itself(tmp_path):
    articles = tmp_path / "articles"
    shutil.copytree(FIXTURES / "wikinews" / "raw", articles / "world")  # articles in sub-folders too
    corpus = newslens.open(articles)
    assert corpus.store and corpus.path == default_store(articles) and corpus.size() == 3
    assert newslens.open(articles).size() == 3  # read again, nothing new to ingest


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
    corpus = newslens.open(small_store)
    assert len(corpus.documents) == 3
    assert not corpus.sql("SELECT doc_id, tok_id FROM tokens").duplicated().any()


def test_a_damaged_part_is_named_when_the_store_is_opened(small_store):
    damaged = live_files(small_store, "sentiment")[1]
    damaged.write_bytes(damaged.read_bytes()[:-20])
    with pytest.raises(InputError, match=f"run `newslens ingest --check {small_store}`") as raised:
        newslens.open(small_store)
    assert raised.value.path == damaged.as_posix()
    live_files(small_store, "quotes")[0].unlink()
    with pytest.raises(InputError, match="No such file"):
        newslens.open(small_store)


def test_a_part_damaged_inside_fails_queries_with_the_remedy(small_store):
    damaged = live_files(small_store, "tokens")[0]
    data = bytearray(damaged.read_bytes())
    data[len(data) // 4 : len(data) // 2] = b"\x55" * (len(data) // 2 - len(data) // 4)
    damaged.write_bytes(bytes(data))
    corpus = newslens.open(small_store)  # both ends look like Parquet
    with pytest.raises(InputError, match="newslens ingest --check"):
        terms.frequencies(corpus, top=5)
    with pytest.raises(duckdb.ParserException):  # a mistake in a query stays DuckDB's
        corpus.sql("SELEKT 1")


def test_a_part_damaged_in_its_footer_is_named_when_the_store_is_opened(small_store):
    damaged = live_files(small_store, "documents")[0]
    data = bytearray(damaged.read_bytes())
    data[-12:-8] = b"\xff\xff\xff\x7f"  # the footer's length, past the file's start; both ends still PAR1
    damaged.write_bytes(bytes(data))
    with pytest.raises(InputError, match="newslens ingest --check"):
        newslens.open(small_store)


def test_a_store_keeps_the_gazetteer_its_tables_were_made_with(small_store, tmp_path):
    gazetteer = tmp_path / "data" / "actors.yml"
    assert not (small_store / "actors.yml").exists()  # the sample has none
    shutil.copy(PROJECT_DATA / "actors.yml", gazetteer)
    ingest(tmp_path / "data", out=small_store, jobs=1)
    assert (small_store / "actors.yml").read_bytes() == gazetteer.read_bytes()
    corpus = newslens.open(small_store)
    assert "xi_jinping" in set(quotes.analyse(corpus)["gazetteer"]["actor_id"])
    gazetteer.unlink()
    ingest(tmp_path / "data", out=small_store, jobs=1)
    assert not (small_store / "actors.yml").exists()


@pytest.mark.slow
@pytest.mark.parametrize("count", COUNTS)
def test_sixty_articles_count_the_same_on_both_routes(tmp_path, count):
    """Sixty Wikinews articles of many outlets: stories' shares add up alike whatever the order."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "wikinews60", data, ignore=shutil.ignore_patterns("processed"))
    ingest(data, jobs=2)
    memory, store = newslens.load_corpus(data, use_cache=False), newslens.open(default_store(data))
    for by in ("outlet", "month"):
        same(
            terms.frequencies(store, by=by, count=count),
            terms.frequencies(memory, by=by, count=count),
        )
        same(
            terms.ngrams(store, by=by, count=count, top=10), terms.ngrams(memory, by=by, count=count, top=10)
        )
    target = memory.documents["published"].dt.strftime("%Y-%m").mode()[0]  # the busiest month
    same(terms.keyness(store, target, count=count), terms.keyness(memory, target, count=count))
    same(timeline.periods(store, count=count), timeline.periods(memory, count=count))
