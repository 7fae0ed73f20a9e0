"""newslens.ingest: a Parquet store equal to the in-memory tables, built in parallel,
incrementally, on Dask, and without losing work to bad articles or interruptions."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import newslens
from conftest import ARTICLE, FIXTURES
from newslens import cli, ingest, paths, quotes, schema
from newslens import store as stored
from newslens.errors import InputError
from newslens.text import _stem

KEYS = {name: list(schema.TABLES[name].key) for name in (*schema.CORPUS, *schema.ANALYSES)}


def read(store: Path, name: str) -> pd.DataFrame:
    """A table of the store's live parts (what readers see), in a stable order, with plain dtypes."""
    parts = [pq.read_table(store / name / part) for part in stored.read_parts(store)["live"]]
    table = pa.concat_tables(parts or [ingest.SCHEMAS[name].empty_table()]).to_pandas()
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


def test_store_tables_equal_the_in_memory_tables(seed_store, corpus, analyses):
    stored = tables_of(seed_store)
    dates = corpus.documents.select_dtypes("datetime")  # the store holds dates, missing ones as None
    documents = corpus.documents.assign(
        **{c: dates[c].dt.date.astype(object).where(dates[c].notna(), None) for c in dates}
    )
    # story_id is not stored with each part: the store's readers work it out from the copies found
    assert_same(stored["documents"], documents.drop(columns="story_id").sort_values("doc_id"))
    view = newslens.open(seed_store).sql("SELECT doc_id, story_id FROM documents ORDER BY doc_id")
    assert_same(view, corpus.documents[["doc_id", "story_id"]].sort_values("doc_id"))
    for name in ("removed", "sentences"):
        assert_same(stored[name], getattr(corpus, name).sort_values(KEYS[name]))
    tokens = corpus.tokens.sort_values(KEYS["tokens"]).reset_index(drop=True)
    assert_same(stored["tokens"].drop(columns="lemma"), tokens.drop(columns="lemma"))
    # the store keeps stems; the corpus shows each stem as its most frequent form
    stems = [
        _stem(norm) if word else norm for norm, word in zip(tokens["norm"], tokens["is_word"], strict=True)
    ]
    assert stored["tokens"]["lemma"].tolist() == stems

    for name, table in analyses.items():
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


@pytest.mark.slow
def test_worker_processes_give_the_same_tables(seed_store, tmp_path):
    data = seed_store.parent / "data"
    ingest.ingest(data, out=tmp_path / "parallel", jobs=2, chunk_size=2)
    parallel, single = tables_of(tmp_path / "parallel"), tables_of(seed_store)
    for name in KEYS:
        assert_same(parallel[name], single[name])
    assert len(list((tmp_path / "parallel" / "tokens").glob("part-*.parquet"))) == 3  # chunks of 2, 2 and 1


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_tables(seed_store, tmp_path):
    pytest.importorskip("distributed", reason="Dask is optional: pip install 'newslens[dask]'")
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
    assert result.documents == 5  # a, b, c, the good .jsonl line and the page of furniture, kept empty
    assert read(tmp_path / "store", "documents").set_index("path").loc["only-furniture.txt", "text"] == ""
    reasons = dict(reported)
    assert reasons[str(folder / "empty.txt")] == "the article is empty"
    assert "UTF-8" in reasons[str(folder / "binary.txt")]
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


def interrupt_at_third_chunk(monkeypatch) -> None:
    """Make ``ingest`` (one process) stop with Ctrl-C as its third chunk starts."""
    real, calls = ingest.process_chunk, []

    def interrupted(items, setup):
        calls.append(len(items))
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(items, setup)

    monkeypatch.setattr(ingest, "process_chunk", interrupted)


def test_an_interrupted_run_resumes_without_duplicates(folder, tmp_path, monkeypatch):
    for name in "defgh":
        (folder / f"{name}.txt").write_text(article(f"Story {name}", "Riga"), encoding="utf-8")
    store = tmp_path / "store"
    interrupt_at_third_chunk(monkeypatch)
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
    assert "5 more rejected; all are listed by newslens.store.rejects(" in err
    listed = stored.rejects(tmp_path / "processed" / "feed")
    assert len(listed) == 25 and listed["where"].str.startswith(str(tmp_path / "feed.jsonl")).all()


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


# --- nothing lost: every article accounted for ------------------------------------------------


def outcomes(store: Path) -> pd.DataFrame:
    """The store's sources rows: one per input article, ingested ("ok") or rejected."""
    return read(store, "sources")


def test_the_same_jsonl_line_twice_is_ingested_once_and_rejected_once(tmp_path):
    line = json.dumps({"id": "twin", "text": article("Twins", "Lagos")}) + "\n"
    other = json.dumps({"text": article("Other", "Lima")}) + "\n"
    wire = tmp_path / "wire.jsonl"
    wire.write_text(line + other + line + line, encoding="utf-8")
    store = tmp_path / "store"
    for run in range(2):  # the same outcome on every run
        result = ingest.ingest(wire, out=store, jobs=1)
        sources = outcomes(store)
        assert len(sources) == 4 and sources["key"].is_unique
        assert sorted(read(store, "documents")["doc_id"]) == ["twin", "wire-2"]
        rejected = sources[sources["status"] == "rejected"].sort_values("where")
        assert rejected["where"].tolist() == [f"{wire}:3", f"{wire}:4"]
        assert set(rejected["reason"]) == {f"duplicate of {wire}:1: the same line"}
        assert (result.documents, result.ingested) == (2, 2 if run == 0 else 0)


def test_a_file_leading_outside_the_folder_is_rejected_and_the_rest_ingested(make_data, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    for name in ("secret.txt", "linked.txt"):
        (outside / name).write_text(article(name, "Bern"), encoding="utf-8")
    (outside / "feed.jsonl").write_text(json.dumps({"text": article("Feed", "Rome")}) + "\n")
    data = make_data(
        {"raw/good.txt": article("Good", "Oslo"), "raw/listed.txt": article("Listed", "Riga")},
        rows=["listed,raw/listed.txt,Listed,Wire,,,en,,", "escape,../outside/secret.txt,S,W,,,en,,"],
    )
    (data / "raw" / "link.txt").symlink_to(outside / "linked.txt")
    (data / "raw" / "link.jsonl").symlink_to(outside / "feed.jsonl")
    reported = []
    result = ingest.ingest(data, jobs=1, on_reject=lambda *r: reported.append(r))
    assert result.documents == 2
    reasons = dict(reported)
    raw, escaping = data / "raw", data / "../outside/secret.txt"  # the manifest's row names the file
    assert set(reasons) == {str(escaping), str(raw / "link.txt"), str(raw / "link.jsonl")}
    assert all(reason == f"the file leads outside the folder {data}" for reason in reasons.values())


def test_an_article_over_max_bytes_is_rejected_until_the_limit_allows_it(folder, tmp_path):
    big = article("Big", "Accra") * 20
    (folder / "big.txt").write_text(big, encoding="utf-8")
    (folder / "feed.jsonl").write_text(json.dumps({"id": "long", "text": big}) + "\n", encoding="utf-8")
    store, size = tmp_path / "store", (folder / "big.txt").stat().st_size
    result = ingest.ingest(folder, out=store, jobs=1, max_bytes=size - 1)
    assert result.documents == 3
    reasons = dict(result.rejected)
    assert f"is {size:,} bytes, over the limit of {size - 1:,}" in reasons[str(folder / "big.txt")]
    assert "over the limit" in reasons[f"{folder / 'feed.jsonl'}:1"]
    again = ingest.ingest(folder, out=store, jobs=1, max_bytes=10 * size)  # a higher limit lets them in
    assert (again.ingested, again.documents) == (2, 5)


@pytest.mark.parametrize(
    ("option", "value", "allowed"),
    [("--chunk-size", "0", "from 1 to 100,000"), ("--jobs", "0", "from 1 to 256"),
     ("--jobs", "100000", "from 1 to 256"), ("--max-bytes", "-5", "1 or more")],
)  # fmt: skip
def test_cli_ingest_rejects_options_out_of_range(folder, tmp_path, capsys, option, value, allowed):
    assert cli.main(["ingest", str(folder), "--out", str(tmp_path / "store"), option, value]) == 2
    assert f"newslens: error: {option} must be {allowed}, not {value}" in capsys.readouterr().err
    assert not (tmp_path / "store").exists()


def test_cli_ingest_help_documents_max_bytes_and_check(capsys):
    with pytest.raises(SystemExit):
        cli.main(["ingest", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "--max-bytes N reject" in shown and "(default: 5000000)" in shown and "--check" in shown


# --- one writer, workers that end with it, and interruptions ------------------------------------

HOLD_LOCK = """
import sys, time
from pathlib import Path
from newslens import ingest
ingest.claim_store(Path(sys.argv[1]))
with ingest.writer_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(600)
"""


@pytest.mark.slow
def test_a_second_writer_is_refused_while_another_process_holds_the_lock(folder, tmp_path, capsys):
    store = tmp_path / "store"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, store], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(InputError) as refused:
            ingest.ingest(folder, out=store, jobs=1)
        assert refused.value.path == str(store / "writer.lock")
        assert f"another newslens run writes this store (pid {holder.pid} on " in str(refused.value)
        assert cli.main(["ingest", str(folder), "--out", str(store), "--quiet"]) == 2
        assert (
            f"writer.lock: another newslens run writes this store (pid {holder.pid}"
            in capsys.readouterr().err
        )
    finally:
        holder.kill()
        holder.wait()
    # the holder died without releasing its lock: the stale lock is taken over
    with pytest.warns(UserWarning, match=f"took over the stale lock of pid {holder.pid}"):
        assert ingest.ingest(folder, out=store, jobs=1).documents == 3
    (store / "writer.lock").write_text(json.dumps({"pid": 1, "host": "elsewhere.example"}))
    with pytest.raises(InputError, match=r"pid 1 on elsewhere\.example"):  # cannot be told stale from here
        ingest.ingest(folder, out=store, jobs=1)


def processes_under(pid: int) -> set[int]:
    """The running (not zombie) child processes of ``pid`` that multiprocessing spawned (Linux)."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            state, parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
            spawned = b"multiprocessing" in (entry / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        if int(parent) == pid and state != "Z" and spawned:
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition, what: str, limit: float = 120.0) -> None:
    """Poll until ``condition()`` holds; fail naming ``what`` after ``limit`` seconds (not a timing test)."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def _as_from_a_shell() -> None:
    """Give the child SIGINT as a shell does (handled, not blocked): the test process may have
    inherited it ignored or blocked, and a child inherits both."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGINT])


@contextlib.contextmanager
def _running_ingest(data: Path, store: Path):
    """``newslens ingest`` of ``data`` in a process group of its own, once its two workers run.

    Yields (process, workers); whatever is still running at the end is killed.
    """
    command = [sys.executable, "-m", "newslens.cli", "ingest", data, "--out", store,
               "--jobs", "2", "--chunk-size", "1", "--quiet"]  # fmt: skip
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, start_new_session=True,
                               preexec_fn=_as_from_a_shell)  # fmt: skip
    workers: set[int] = set()
    try:
        wait_for(lambda: len(workers.update(processes_under(process.pid)) or workers) >= 2, "two workers")
        yield process, workers
    finally:
        for pid in [process.pid, *workers]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait()
        process.stderr.close()


@pytest.fixture
def running_ingest(data_copy, tmp_path):
    """:func:`_running_ingest` of the built-in corpus into ``tmp_path / "store"``."""
    with _running_ingest(data_copy, tmp_path / "store") as running:
        yield running


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.slow
def test_killing_ingest_ends_its_workers_and_the_next_run_resumes(running_ingest, data_copy, tmp_path):
    process, workers = running_ingest
    process.kill()
    process.wait()
    wait_for(lambda: not any(map(alive, workers)), "the workers to end")
    with pytest.warns(UserWarning, match="stale lock"):
        result = ingest.ingest(data_copy, out=tmp_path / "store", jobs=1)
    assert result.documents == 5 and read(tmp_path / "store", "documents")["doc_id"].is_unique


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.slow
def test_ctrl_c_says_so_in_one_line_and_the_next_run_resumes(data_copy, tmp_path):
    for attempt in range(5):  # the interrupt must land while the run lasts: five articles can end first
        store = tmp_path / f"store-{attempt}"
        with _running_ingest(data_copy, store) as (process, workers):
            os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: to every process of the group
            _, err = process.communicate()
            wait_for(lambda: not any(map(alive, workers)), "the workers to end")  # by themselves
        if process.returncode != 0:
            break
    assert process.returncode == 130
    assert (
        err.strip() == "newslens: interrupted; the store is consistent, run the same command again to resume"
    )
    result = ingest.ingest(data_copy, out=store, jobs=1)  # released: no stale lock
    assert result.documents == 5 and result.unchanged + result.ingested == 5


@pytest.mark.slow
def test_readers_see_no_new_version_before_an_interrupted_reingest_ends(folder, tmp_path, monkeypatch):
    store = tmp_path / "store"
    ingest.ingest(folder, out=store, jobs=1, chunk_size=1)
    for name, place in [("a", "Lima"), ("b", "Quito"), ("c", "Accra")]:
        (folder / f"{name}.txt").write_text(article(f"Story {name}, revised", place), encoding="utf-8")
    interrupt_at_third_chunk(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        ingest.ingest(folder, out=store, jobs=1, chunk_size=1)
    monkeypatch.undo()
    view = newslens.open(store)
    assert view.sql("SELECT count(*) AS n FROM documents")["n"][0] == 3
    assert not view.sql("SELECT doc_id, tok_id FROM tokens").duplicated().any()
    assert "revised" not in " ".join(view.table("documents")["title"])  # the run did not end: old versions
    result = ingest.ingest(folder, out=store, jobs=1, chunk_size=1)
    assert (result.unchanged, result.ingested, result.documents) == (2, 1, 3)  # two chunks were kept
    view = newslens.open(store)
    assert all(", revised" in title for title in view.table("documents")["title"])
    assert not view.sql("SELECT doc_id, tok_id FROM tokens").duplicated().any()


# --- checking and repairing a store -------------------------------------------------------------


def part_files(store: Path, table: str) -> list[Path]:
    return [store / table / part for part in stored.read_parts(store)["live"]]


def test_check_removes_damaged_parts_and_the_next_run_ingests_their_articles(folder, tmp_path, capsys):
    store = tmp_path / "store"
    ingest.ingest(folder, out=store, jobs=1, chunk_size=1)
    truncated, scrambled = part_files(store, "tokens")[0], part_files(store, "sentences")[1]
    truncated.write_bytes(truncated.read_bytes()[:100])
    data = bytearray(scrambled.read_bytes())
    data[len(data) // 4 : len(data) // 2] = b"\x55" * (len(data) // 2 - len(data) // 4)
    scrambled.write_bytes(bytes(data))
    with pytest.raises(InputError, match="newslens ingest --check") as damaged:
        newslens.open(store)
    assert damaged.value.path == truncated.as_posix()

    assert cli.main(["ingest", str(store), "--check"]) == 0
    out = capsys.readouterr().out
    assert f"{truncated}: unreadable" in out and f"{scrambled}: unreadable" in out
    assert "1 parts, 1 documents" in out
    assert len(newslens.open(store).table("documents")) == 1
    result = ingest.ingest(folder, out=store, jobs=1, chunk_size=1)
    assert (result.ingested, result.documents) == (2, 3)
    assert cli.main(["ingest", str(folder), "--out", str(store), "--check"]) == 0
    assert "nothing to repair" in capsys.readouterr().out


@pytest.mark.slow
def test_check_unmarks_articles_without_rows_and_removes_incomplete_and_unlisted_parts(folder, tmp_path):
    store = tmp_path / "store"
    ingest.ingest(folder, out=store, jobs=1)  # one part of three articles
    (folder / "d.txt").write_text(article("Story d", "Rome"), encoding="utf-8")
    ingest.ingest(folder, out=store, jobs=1)  # and a second part of one
    first, second = part_files(store, "documents")
    documents = pq.read_table(first)
    pq.write_table(documents.filter(pa.compute.not_equal(documents["doc_id"], "b")), first)
    (store / "quotes" / second.name).unlink()  # a part missing one of its tables
    shutil.copy(first, store / "documents" / "part-09999-000000.parquet")  # a file no list names

    report = ingest.check(store)
    found = "\n".join(report.found)
    assert "deleted 1 files that parts.json does not name" in found
    assert "1 articles marked ingested had no row in documents (b)" in found
    assert f"{store / 'quotes' / second.name}: missing; removed {second.name}" in found
    assert (report.parts, report.documents) == (1, 2)
    assert sorted(newslens.open(store).table("documents")["doc_id"]) == ["a", "c"]
    assert not (store / "documents" / "part-09999-000000.parquet").exists()
    result = ingest.ingest(folder, out=store, jobs=1)
    assert (result.ingested, result.documents) == (2, 4)
    assert ingest.check(store).found == []


def test_check_rebuilds_an_unreadable_parts_list(folder, tmp_path):
    store = tmp_path / "store"
    ingest.ingest(folder, out=store, jobs=1, chunk_size=2)
    (store / "parts.json").write_text("{oops", encoding="utf-8")
    with pytest.raises(InputError, match=r"parts\.json: unreadable"):
        newslens.open(store)
    with pytest.raises(InputError, match="newslens ingest --check"):
        ingest.ingest(folder, out=store, jobs=1)
    report = ingest.check(store)
    assert report.found == [
        "parts.json was unreadable: rebuilt from the 2 parts in sources/",
        f"{store / 'parts.json'}: the copies could not be read; the next run finds them anew",
        f"found the copies anew: {stored.read_copies(store)}",
    ]
    assert report.documents == 3 and len(newslens.open(store).table("documents")) == 3


def test_chunks_hold_a_bounded_amount_of_text():
    items = [
        ingest.Item(f"k{i}", "s", "w", "f", length=length) for i, length in enumerate([4, 4, 4, 9, 1, 1, 1])
    ]
    chunks = ingest._chunked(items, 3, text_bytes=8)
    assert [[item.length for item in chunk] for chunk in chunks] == [[4, 4], [4], [9], [1, 1, 1]]
    assert sum(len(chunk) for chunk in chunks) == len(items)  # every article in exactly one chunk


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_folder_that_is_not_a_store_is_never_written_nor_repaired(folder, tmp_path, capsys):
    mine = tmp_path / "mine"
    (mine / "sources").mkdir(parents=True)
    (mine / "parts.json").write_text('{"bolts": 12}', encoding="utf-8")
    (mine / "sources" / "download.tmp").write_text("half a download", encoding="utf-8")
    (mine / "documents").mkdir()
    (mine / "documents" / "part-1-2.parquet").write_text("my own file", encoding="utf-8")
    before = _files(mine)
    assert cli.main(["ingest", str(folder), "--out", str(mine), "--quiet"]) == 2
    assert cli.main(["ingest", "--check", str(mine)]) == 2
    assert "not a newslens store (it holds other files" in capsys.readouterr().err
    assert _files(mine) == before


def test_links_planted_in_a_store_are_never_written_through(folder, tmp_path):
    store = tmp_path / "store"
    ingest.ingest(folder, out=store, jobs=1)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (store / "writer.lock").unlink()
    (store / "writer.lock").symlink_to(victim)
    (folder / "d.txt").write_text(article("Story d", "Bern"), encoding="utf-8")
    with pytest.raises(InputError, match="cannot open the lock file"):
        ingest.ingest(folder, out=store, jobs=1)
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_a_store_is_never_inside_raw(make_data, tmp_path):
    data = make_data(
        {"raw/sub/a.txt": ARTICLE, "raw/sub/feed.jsonl": json.dumps({"id": "j", "text": ARTICLE})}
    )
    assert ingest.default_store(data / "raw" / "sub") == data / "processed" / "store"
    assert ingest.default_store(data / "raw" / "sub" / "feed.jsonl") == data / "processed" / "feed"
    for out in (data / "raw" / "store", data / "raw" / "sub" / "store"):
        with pytest.raises(InputError, match="must not be inside a raw/ folder"):
            ingest.ingest(data / "raw" / "sub", out=out, jobs=1)
    with pytest.raises(InputError, match="no store here"):  # raw/ is never taken for a store
        ingest.check(data / "raw")
    assert sorted(p.relative_to(data).as_posix() for p in (data / "raw").rglob("*")) == [
        "raw/sub", "raw/sub/a.txt", "raw/sub/feed.jsonl"]  # fmt: skip


# --- copies across the store -----------------------------------------------------------------------


def _pairs(table: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(table["doc_a"], table["doc_b"], strict=True))


@pytest.mark.slow
def test_copies_are_found_as_articles_arrive_and_equal_those_of_the_whole_corpus(tmp_path):
    from newslens import duplicates, load_corpus
    from test_duplicates import write_syndicated

    data = write_syndicated(tmp_path / "data")
    manifest = (data / "corpus.csv").read_text(encoding="utf-8").splitlines()
    later = [line for line in manifest if line.startswith(("rerun,", "excerpt,"))]
    (data / "corpus.csv").write_text(
        "\n".join(line for line in manifest if line not in later) + "\n", encoding="utf-8"
    )
    store = tmp_path / "store"
    ingest.ingest(data, out=store, jobs=1, chunk_size=2)
    (data / "corpus.csv").write_text("\n".join(manifest) + "\n", encoding="utf-8")  # two copies arrive
    ingest.ingest(data, out=store, jobs=1, chunk_size=2)
    corpus = load_corpus(data, use_cache=False)
    whole = duplicates.copies(corpus.documents)
    found = newslens.open(store).sql("SELECT * FROM copies")
    assert _pairs(found) == _pairs(whole) and len(found) == len(whole) >= 4
    view = newslens.open(store).sql("SELECT doc_id, story_id FROM documents ORDER BY doc_id")
    assert_same(view, corpus.documents[["doc_id", "story_id"]].sort_values("doc_id"))

    # an article rewritten is compared anew; one taken out of the corpus takes its pairs with it
    (data / "raw" / "reprint.txt").write_text(ARTICLE, encoding="utf-8")
    (data / "raw" / "excerpt.txt").unlink()
    (data / "corpus.csv").write_text(
        "\n".join(line for line in manifest if not line.startswith("excerpt,")) + "\n", encoding="utf-8"
    )
    ingest.ingest(data, out=store, jobs=1)
    found = newslens.open(store).sql("SELECT * FROM copies")
    assert _pairs(found) == {("wire", "rerun")}  # rerun was paired with reprint alone, as its exact copy
    assert _pairs(found) == _pairs(duplicates.copies(load_corpus(data, use_cache=False).documents))


def test_a_damaged_copies_file_is_named_and_found_anew(tmp_path):
    from test_duplicates import write_syndicated

    data = write_syndicated(tmp_path / "data")
    store = tmp_path / "store"
    ingest.ingest(data, out=store, jobs=1)
    pairs = _pairs(newslens.open(store).sql("SELECT * FROM copies"))
    copies_file = ingest._copies_files(store, stored.read_copies(store))[0]
    copies_file.write_bytes(b"PAR1 not really PAR1")
    report = ingest.check(store)
    assert any("the copies could not be read" in line for line in report.found)
    assert any(line.startswith("found the copies anew") for line in report.found)
    assert _pairs(newslens.open(store).sql("SELECT * FROM copies")) == pairs  # stories count at once
    assert ingest.check(store).found == []
