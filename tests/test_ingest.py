"""newslens.ingest: a Parquet store equal to the in-memory tables, built in parallel,
incrementally, on Dask, and without losing work to bad articles or interruptions."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from conftest import ARTICLE, FIXTURES
from newslens import actors, cli, ingest, paths, quotes, sentiment, timeline
from newslens.errors import InputError
from newslens.text import _stem

KEYS = {
    "documents": ["doc_id"],
    "removed": ["doc_id", "start"],
    "sentences": ["doc_id", "sent_id"],
    "tokens": ["doc_id", "tok_id"],
    "timexes": ["doc_id", "start"],
    "mentions": ["doc_id", "start"],
    "quotes": ["doc_id", "start"],
    "sentiment": ["doc_id", "sent_id"],
}


def read(store: Path, name: str) -> pd.DataFrame:
    """A table of the store, in a stable order, with plain dtypes."""
    table = pq.read_table(store / name).to_pandas()
    if name == "sources":
        return table.sort_values("key").reset_index(drop=True)
    return table.sort_values(KEYS[name]).reset_index(drop=True)


def tables_of(store: Path) -> dict[str, pd.DataFrame]:
    return {name: read(store, name) for name in KEYS}


def assert_same(left: pd.DataFrame, right: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        left.reset_index(drop=True).astype(object), right.reset_index(drop=True).astype(object)
    )


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory) -> Path:
    """The built-in corpus ingested in this process, one article a chunk."""
    data = tmp_path_factory.mktemp("seeds") / "data"
    shutil.copytree(paths.PROJECT_ROOT / "data", data, ignore=shutil.ignore_patterns("processed"))
    ingest.ingest(data, out=data.parent / "store", jobs=1, chunk_size=1)
    return data.parent / "store"


def test_store_tables_equal_the_in_memory_tables(seed_store, corpus):
    stored = tables_of(seed_store)
    documents = corpus.documents.assign(published=corpus.documents["published"].dt.date)
    assert_same(stored["documents"], documents.sort_values("doc_id"))
    for name in ("removed", "sentences"):
        assert_same(stored[name], getattr(corpus, name).sort_values(KEYS[name]))
    tokens = corpus.tokens.sort_values(KEYS["tokens"]).reset_index(drop=True)
    assert_same(stored["tokens"].drop(columns="lemma"), tokens.drop(columns="lemma"))
    # the store keeps stems; the corpus shows each stem as its most frequent form
    stems = [
        _stem(norm) if word else norm for norm, word in zip(tokens["norm"], tokens["is_word"], strict=True)
    ]
    assert stored["tokens"]["lemma"].tolist() == stems

    gazetteer = actors.load_gazetteer(paths.gazetteer_path(corpus.path))
    mentioned = actors.mentions(corpus.sentences, gazetteer)
    expected = {
        "timexes": timeline.timexes(corpus.documents, corpus.sentences),
        "mentions": mentioned,
        "quotes": quotes.quotes(corpus.documents, corpus.sentences, mentioned, gazetteer),
        "sentiment": sentiment.sentence_scores(corpus.sentences)[ingest.SCHEMAS["sentiment"].names],
    }
    for name, table in expected.items():
        assert len(table) > 0, name
        assert_same(stored[name], table.sort_values(KEYS[name]))


def test_every_offset_slices_its_surface(seed_store):
    stored = tables_of(seed_store)
    text = dict(zip(stored["documents"]["doc_id"], stored["documents"]["text"], strict=True))
    for name, column in [("sentences", "text"), ("tokens", "text"), ("timexes", "text"),
                         ("mentions", "surface"), ("quotes", "text")]:  # fmt: skip
        table = stored[name]
        assert all(
            text[d][s:e] == surface
            for d, s, e, surface in zip(
                table["doc_id"], table["start"], table["end"], table[column], strict=True
            )
        ), name


def test_worker_processes_give_the_same_tables(seed_store, tmp_path):
    data = seed_store.parent / "data"
    ingest.ingest(data, out=tmp_path / "parallel", jobs=2, chunk_size=2)
    parallel, single = tables_of(tmp_path / "parallel"), tables_of(seed_store)
    for name in KEYS:
        assert_same(parallel[name], single[name])
    assert len(list((tmp_path / "parallel" / "tokens").glob("part-*.parquet"))) == 3  # chunks of 2, 2 and 1


def test_dask_local_cluster_gives_the_same_tables(seed_store, tmp_path):
    data = seed_store.parent / "data"
    ingest.ingest(data, out=tmp_path / "dask", jobs=2, chunk_size=2, engine="dask")
    on_dask, single = tables_of(tmp_path / "dask"), tables_of(seed_store)
    for name in KEYS:
        assert_same(on_dask[name], single[name])


# --- incremental runs ---------------------------------------------------------------------------


def article(title: str, place: str) -> str:
    return ARTICLE.replace("Geneva", place).replace("Ministers meet in", title)


@pytest.fixture
def folder(tmp_path) -> Path:
    """A folder of three plain articles, no manifest."""
    root = tmp_path / "wire"
    root.mkdir()
    for name, place in [("a", "Geneva"), ("b", "Vienna"), ("c", "Oslo")]:
        (root / f"{name}.txt").write_text(article(f"Story {name}", place), encoding="utf-8")
    return root


def test_a_rerun_processes_only_new_and_changed_articles(folder, tmp_path):
    store = tmp_path / "store"
    first = ingest.ingest(folder, out=store, jobs=1)
    assert (first.ingested, first.unchanged, first.documents) == (3, 0, 3)

    again = ingest.ingest(folder, out=store, jobs=1)
    assert (again.ingested, again.unchanged, again.documents) == (0, 3, 3)

    (folder / "d.txt").write_text(article("Story d", "Rome"), encoding="utf-8")
    (folder / "b.txt").write_text(article("Story b, revised", "Prague"), encoding="utf-8")
    stat = (folder / "b.txt").stat()
    os.utime(folder / "b.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    third = ingest.ingest(folder, out=store, jobs=1)
    assert (third.ingested, third.unchanged, third.documents) == (2, 2, 4)
    documents = read(store, "documents")
    assert documents["doc_id"].tolist() == ["a", "b", "c", "d"]
    assert "Prague" in documents.set_index("doc_id").at["b", "text"]
    tokens = read(store, "tokens")
    assert "vienna" not in set(tokens["norm"])  # the old version's rows are gone
    assert not tokens.duplicated(["doc_id", "tok_id"]).any()

    (folder / "a.txt").unlink()
    fourth = ingest.ingest(folder, out=store, jobs=1)
    assert fourth.documents == 3 and "a" not in set(read(store, "sentences")["doc_id"])


def test_a_changed_jsonl_line_replaces_its_article(tmp_path):
    places = ["Lagos", "Lima", "Quito"]
    lines = [
        {"id": f"r{i}", "date": f"1987-03-0{i}", "source": "Reuters", "body": article(f"Item {i}", place)}
        for i, place in enumerate(places, 1)
    ]
    wire = tmp_path / "wire.jsonl"
    wire.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    store = tmp_path / "store"
    ingest.ingest(wire, out=store, jobs=1)
    lines[1]["body"] = article("Item 2", "La Paz")
    lines.append({"id": "r4", "date": "1987-03-04", "source": "Reuters", "body": article("Item 4", "Accra")})
    wire.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = ingest.ingest(wire, out=store, jobs=1)
    assert (result.ingested, result.unchanged, result.documents) == (2, 2, 4)
    documents = read(store, "documents").set_index("doc_id")
    assert "La Paz" in documents.at["r2", "text"] and "Lima" not in documents.at["r2", "text"]
    assert str(documents.at["r3", "published"]) == "1987-03-03" and documents.at["r3", "outlet"] == "Reuters"


# --- bad input and interruptions ----------------------------------------------------------------


def test_bad_articles_are_rejected_with_file_and_reason_and_the_rest_ingested(folder, tmp_path):
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "only-furniture.txt").write_text("Share this article\nAdvertisement\n", encoding="utf-8")
    lines = [
        json.dumps({"id": "ok-1", "text": article("Wire", "Kyiv")}),
        "{not json",
        json.dumps({"id": "x"}),
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    reported = []
    result = ingest.ingest(folder, out=tmp_path / "store", jobs=1, on_reject=lambda *r: reported.append(r))
    assert result.documents == 4  # a, b, c and the good .jsonl line
    reasons = dict(reported)
    assert reasons[str(folder / "empty.txt")] == "the article is empty"
    assert "not valid UTF-8" in reasons[str(folder / "binary.txt")]
    assert reasons[str(folder / "only-furniture.txt")] == "nothing is left of the article after cleaning"
    assert reasons[f"{folder / 'feed.jsonl'}:2"].startswith("not valid JSON")
    assert "empty" in reasons[f"{folder / 'feed.jsonl'}:3"]
    rejects = read(tmp_path / "store", "sources").query("status == 'rejected'")
    assert sorted(rejects["where"]) == sorted(reasons)
    # an unchanged bad article is not processed again, and stays listed
    again = ingest.ingest(folder, out=tmp_path / "store", jobs=1)
    assert again.ingested == 0 and not again.rejected and again.unchanged == 9


def test_a_second_article_with_the_same_doc_id_is_rejected(tmp_path):
    wire = tmp_path / "wire.jsonl"
    first, second = article("One", "Lagos"), article("Two", "Lima")
    wire.write_text(
        json.dumps({"id": "x", "text": first}) + "\n" + json.dumps({"id": "x", "text": second}) + "\n"
    )
    result = ingest.ingest(wire, out=tmp_path / "store", jobs=1)
    assert result.documents == 1
    assert [where for where, _ in result.rejected] == [f"{wire}:2"]
    assert result.rejected[0][1].startswith("duplicate doc_id 'x' (also wire.jsonl#")
    assert "Lagos" in read(tmp_path / "store", "documents")["text"][0]


def test_an_interrupted_run_resumes_without_duplicates(folder, tmp_path, monkeypatch):
    for name in "defgh":
        (folder / f"{name}.txt").write_text(article(f"Story {name}", "Riga"), encoding="utf-8")
    store = tmp_path / "store"
    real, calls = ingest.process_chunk, []

    def interrupted(items, setup):
        calls.append(len(items))
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(items, setup)

    monkeypatch.setattr(ingest, "process_chunk", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest.ingest(folder, out=store, jobs=1, chunk_size=3)
    monkeypatch.undo()
    assert len(list((store / "sources").glob("part-*.parquet"))) == 2
    # a crash while writing a part leaves files without their sources file
    shutil.copy(
        store / "tokens" / "part-00001-000000.parquet", store / "tokens" / "part-00001-000009.parquet"
    )
    (store / "documents" / ".part-00001-000002.tmp").write_bytes(b"half")

    result = ingest.ingest(folder, out=store, jobs=1, chunk_size=3)
    assert (result.unchanged, result.ingested, result.documents) == (6, 2, 8)
    tokens = read(store, "tokens")
    assert not tokens.duplicated(["doc_id", "tok_id"]).any()
    assert sorted(set(tokens["doc_id"])) == list("abcdefgh")
    assert not list(store.rglob("*.tmp")) and not (store / "tokens" / "part-00001-000009.parquet").exists()


def test_the_store_is_never_written_inside_raw(data_copy):
    with pytest.raises(InputError, match="raw"):
        ingest.ingest(data_copy, out=data_copy / "raw" / "store", jobs=1)


def test_the_default_store_sits_beside_the_corpus(tmp_path):
    assert ingest.default_store(tmp_path / "data") == tmp_path / "data" / "processed" / "store"
    assert ingest.default_store(tmp_path / "data" / "raw") == tmp_path / "data" / "processed" / "store"
    assert ingest.default_store(tmp_path / "wire.jsonl") == tmp_path / "processed" / "wire"


# --- command line -------------------------------------------------------------------------------


def test_cli_ingest_reports_rejects_on_stderr_and_succeeds(folder, tmp_path, capsys):
    (folder / "empty.md").write_text("", encoding="utf-8")
    code = cli.main(["ingest", str(folder), "--out", str(tmp_path / "store"), "--jobs", "1", "--quiet"])
    err = capsys.readouterr().err
    assert code == 0
    assert f"rejected {folder / 'empty.md'}: the article is empty" in err
    assert "3 documents" in err


def test_cli_ingest_exits_2_when_nothing_can_be_ingested(tmp_path, capsys):
    (tmp_path / "bad.jsonl").write_text("{oops\n", encoding="utf-8")
    assert cli.main(["ingest", str(tmp_path / "bad.jsonl"), "--quiet"]) == 2
    assert "bad.jsonl:1: not valid JSON" in capsys.readouterr().err
    assert cli.main(["ingest", str(tmp_path / "missing"), "--quiet"]) == 2


def test_a_wikinews_data_folder_with_its_manifest(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "wikinews", data)
    result = ingest.ingest(data, jobs=1)
    documents = read(data / "processed" / "store", "documents")
    manifest = pd.read_csv(data / paths.MANIFEST)
    assert result.documents == len(manifest) and not result.rejected
    assert sorted(documents["doc_id"]) == sorted(manifest["doc_id"])
    assert set(documents["outlet"]) == set(manifest["outlet"])


def test_loading_the_corpus_keeps_an_ingested_store_beside_its_cache(tmp_path):
    from newslens import load_corpus
    from newslens.corpus import CorpusWarning

    data = tmp_path / "data"
    shutil.copytree(paths.PROJECT_ROOT / "data", data, ignore=shutil.ignore_patterns("processed"))
    ingest.ingest(data, jobs=1)
    load_corpus(data)
    (data / "raw" / "late.txt").write_text(article("Late story", "Minsk"), encoding="utf-8")
    with pytest.warns(CorpusWarning, match="late.txt"):
        load_corpus(data)  # a new cache entry replaces the old one
    assert len(list((data / "processed").iterdir())) == 2  # the new cache entry and the store
    assert len(list((data / "processed" / "store" / "documents").glob("part-*.parquet"))) == 1


def test_cli_lists_the_first_twenty_rejects_and_counts_the_rest(tmp_path, capsys):
    lines = ["{broken"] * 25 + [json.dumps({"id": "fine", "text": article("Wire", "Baku")})]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli.main(["ingest", str(tmp_path / "feed.jsonl"), "--jobs", "1", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert err.count("newslens: rejected") == 20
    assert "5 more rejected; all are listed by newslens.store.open_store(" in err


def test_an_analysis_failing_on_one_article_rejects_that_article_alone(folder, tmp_path, monkeypatch):
    real = quotes.quotes

    def fragile(documents, *args):
        if documents["text"].str.contains("Vienna").any():
            raise RuntimeError("the quotation parser broke")
        return real(documents, *args)

    monkeypatch.setattr(quotes, "quotes", fragile)
    result = ingest.ingest(folder, out=tmp_path / "store", jobs=1)
    assert result.rejected == [(str(folder / "b.txt"), "RuntimeError: the quotation parser broke")]
    assert result.documents == 2
    for name in KEYS:
        assert set(read(tmp_path / "store", name)["doc_id"]) <= {"a", "c"}, name
    assert set(read(tmp_path / "store", "tokens")["doc_id"]) == {"a", "c"}
