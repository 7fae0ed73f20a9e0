"""newslens.corpus: the manifest, reading articles, bad input, the cache."""

from __future__ import annotations

import codecs
import hashlib
import json
import shutil
import sys
import types
import warnings
from pathlib import Path

import pandas as pd
import pytest

import newslens
from conftest import ARTICLE, MANIFEST_HEADER, PROJECT_DATA
from newslens import InputError, load_corpus
from newslens.corpus import CorpusWarning, decode

WIKINEWS60 = Path(__file__).parent / "fixtures" / "wikinews60"

# SHA-1 of the five seed articles as delivered: data/raw must hold them verbatim.
SEED_SHA1 = {
    "bc07a1f9f0f8d5e207731282db0db54205f0d094",
    "f478cb8946f07788c9014955478b548a76864212",
    "ddea06c5a356d1423da37a3372b88fdec61e9790",
    "7e0b598bcb9a172eb555aa37ea9f5eebc3be878b",
    "24d3799581d1fdbcee70d06288238249ea7cc23f",
}


def test_raw_folder_holds_the_seed_articles_verbatim():
    files = sorted((PROJECT_DATA / "raw").iterdir())
    assert {hashlib.sha1(f.read_bytes()).hexdigest() for f in files} == SEED_SHA1


def test_documents_have_the_outlets_and_dates_read_from_the_articles(corpus):
    docs = corpus.documents.set_index("doc_id")
    expected = {  # worked out from each article's text; see date_basis in data/corpus.csv
        "cgtn-2023-03-22": ("CGTN", "2023-03-22"),
        "telesur-2023-03-21": ("teleSUR English", "2023-03-21"),
        "tvbrics-2023-10-18": ("TV BRICS", "2023-10-18"),
        "arirang-2023-10-18": ("Arirang News", "2023-10-18"),
        "afp-2024-10-02": ("AFP", "2024-10-02"),
    }
    assert set(docs.index) == set(expected)
    for doc_id, (outlet, published) in expected.items():
        assert docs.loc[doc_id, "outlet"] == outlet
        assert docs.loc[doc_id, "published"] == pd.Timestamp(published)
        assert docs.loc[doc_id, "date_basis"].startswith(("stated", "inferred"))


def test_documents_table_has_the_contract_columns(corpus):
    contract = [
        "doc_id",
        "title",
        "outlet",
        "published",
        "date_basis",
        "language",
        "url",
        "path",
        "text",
        "n_sentences",
        "n_tokens",
    ]
    assert set(contract) <= set(corpus.documents.columns)
    counts = corpus.sentences.groupby("doc_id").size()
    assert corpus.documents.set_index("doc_id")["n_sentences"].to_dict() == counts.to_dict()


def test_every_offset_points_at_its_text(corpus, data_copy):
    texts = corpus.documents.set_index("doc_id")["text"]
    raws = {
        row.doc_id: decode((data_copy / row.path).read_bytes(), data_copy / row.path)
        for row in corpus.documents.itertuples()
    }
    for row in corpus.removed.itertuples():
        assert raws[row.doc_id][row.start : row.end] == row.text
    for table in (corpus.sentences, corpus.tokens):
        for row in table.itertuples():
            assert texts[row.doc_id][row.start : row.end] == row.text


def test_loading_never_writes_into_raw(data_copy):
    raw = data_copy / "raw"
    before = {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in raw.rglob("*")}
    load_corpus(data_copy, use_cache=False)
    assert {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in raw.rglob("*")} == before


def test_second_load_reads_the_cache_and_a_change_rebuilds(make_data):
    data = make_data({"raw/a.txt": ARTICLE}, rows=["a,raw/a.txt,A,Outlet,2023-05-02,,en,,"])
    first = load_corpus(data)
    second = load_corpus(data)
    assert not first.from_cache and second.from_cache
    for name in ("documents", "removed", "sentences", "tokens"):  # the same values, of the same types
        pd.testing.assert_frame_equal(first.table(name), second.table(name))
    (data / "raw/a.txt").write_text(ARTICLE.replace("Geneva on", "Vienna on"), encoding="utf-8")
    third = load_corpus(data)
    assert not third.from_cache and "Vienna" in third.documents["text"][0]
    (data / "actors.yml").write_text("- {id: geneva, name: Geneva, kind: place}\n", encoding="utf-8")
    assert not load_corpus(data).from_cache
    (data / "raw/new.txt").write_text(ARTICLE, encoding="utf-8")
    with pytest.warns(CorpusWarning, match="new.txt"):
        fourth = load_corpus(data)
    assert not fourth.from_cache and len(fourth.documents) == 2


# --- formats -------------------------------------------------------------------


def test_utf8_with_bom_and_utf16_with_bom_read_the_same(make_data):
    text = "Café talks\n\nThe envoys met at a café in Zürich and agreed on a plan.\n"
    data = make_data(
        {
            "raw/plain.txt": text,
            "raw/bom8.txt": codecs.BOM_UTF8 + text.encode("utf-8"),
            "raw/bom16.txt": text.encode("utf-16"),
        },
        rows=[],
    )
    with pytest.warns(CorpusWarning, match="not in"):
        texts = load_corpus(data, use_cache=False).documents.set_index("doc_id")["text"]
    assert texts["plain"] == texts["bom8"] == texts["bom16"]
    assert "Zürich" in texts["plain"]


def test_legacy_encoding_falls_back_with_a_warning_naming_file_and_byte(make_data):
    raw = "Trade report\n\nExports rose to £200m, a record for the café sector in the region.\n"
    data = make_data({"raw/old.txt": raw.encode("cp1252")}, rows=["old,raw/old.txt,T,O,2023-01-01,,,,"])
    with pytest.warns(CorpusWarning, match=r"old\.txt: not valid UTF-8 at byte 30"):
        corpus = load_corpus(data, use_cache=False)
    assert "£200m" in corpus.documents["text"][0]


def test_one_pound_sign_in_latin1_english_is_not_read_as_another_script(tmp_path):
    text = "Sport news\n\n" + "The club paid a fee for the striker, who scored twice on Saturday. " * 30
    raw = (text + "The deal was worth £8m, the club said.\n").encode("latin-1")
    with pytest.warns(CorpusWarning, match="read as cp1252"):
        assert decode(raw, tmp_path / "a.txt").endswith("worth £8m, the club said.\n")


def test_unlisted_file_is_loaded_with_inferred_metadata_and_a_warning(make_data):
    page = "Talks resume\n\nPublished 5 May 2023\n\n"
    page += "The two delegations met in Astana to resume talks on energy.\n"
    data = make_data(
        {"raw/a.txt": ARTICLE, "raw/extra story.txt": page}, rows=["a,raw/a.txt,A,Outlet,2023-05-02,,en,,"]
    )
    with pytest.warns(CorpusWarning, match=r"1 file\(s\) not in .*extra story\.txt"):
        docs = load_corpus(data, use_cache=False).documents.set_index("doc_id")
    assert docs.loc["extra-story", "published"] == pd.Timestamp("2023-05-05")
    assert "Published 5 May 2023" in docs.loc["extra-story", "date_basis"]
    assert docs.loc["extra-story", "title"] == "Talks resume"
    assert docs.loc["extra-story", "outlet"] == "unknown"


def test_unlisted_files_in_sub_folders_get_ids_from_their_path(make_data):
    data = make_data({"raw/world/001.txt": ARTICLE, "raw/sport/001.txt": ARTICLE}, rows=[])
    with pytest.warns(CorpusWarning):
        docs = load_corpus(data, use_cache=False).documents
    assert sorted(docs["doc_id"]) == ["sport-001", "world-001"]


def test_html_page_is_reduced_to_its_article(make_data):
    body = " ".join(
        f"<p>Paragraph {i}: the delegations discussed energy supplies, grain exports and the "
        f"reconstruction of the port, and agreed to continue the talks next month.</p>"
        for i in range(1, 6)
    )
    page = (
        "<html><head><title>Delegations agree on energy talks</title>"
        '<meta property="og:site_name" content="Example Times"></head><body>'
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li></ul></nav>"
        f"<article><h1>Delegations agree on energy talks</h1>{body}</article>"
        "<footer>Copyright Example Times. All rights reserved.</footer></body></html>"
    )
    data = make_data({"raw/page.html": page}, rows=["p,raw/page.html,,,2023-06-01,,,,"])
    doc = load_corpus(data, use_cache=False).documents.iloc[0]
    assert "Paragraph 5: the delegations discussed energy supplies" in doc["text"]
    assert "All rights reserved" not in doc["text"] and "Home" not in doc["text"]
    assert doc["title"] == "Delegations agree on energy talks"
    assert doc["outlet"] == "Example Times"


def test_jsonl_holds_one_article_a_line_with_its_metadata(make_data):
    lines = [
        {"doc_id": "j1", "title": "First", "outlet": "Wire", "published": "2024-02-01", "text": ARTICLE},
        {"id": "j2", "outlet": "Wire", "date": "2024-02-03", "text": ARTICLE.replace("Geneva", "Oslo")},
    ]
    data = make_data({"raw/feed.jsonl": "\n".join(json.dumps(r) for r in lines)}, rows=[])
    with pytest.warns(CorpusWarning):
        docs = load_corpus(data, use_cache=False).documents.set_index("doc_id")
    assert list(docs.index) == ["j1", "j2"]
    assert docs.loc["j2", "published"] == pd.Timestamp("2024-02-03")
    assert "Oslo" in docs.loc["j2", "text"]


def test_markdown_markup_is_cut_and_audited(make_data):
    text = "# Summit ends\n\n"
    text += "The leaders signed **three agreements** on [energy](https://example.org/e) and trade.\n"
    data = make_data({"raw/m.md": text}, rows=["m,raw/m.md,Summit,Blog,2023-01-01,,,,"])
    corpus = load_corpus(data, use_cache=False)
    assert corpus.documents["text"][0] == (
        "Summit ends\n\nThe leaders signed three agreements on energy and trade."
    )
    assert set(corpus.removed["reason"]) == {"markdown markup"}


# --- bad input -----------------------------------------------------------------------


def _assert_rejected(data, *fragments):
    """Loading fails with InputError naming every fragment, and nothing is written."""
    with pytest.raises(InputError) as error, warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        load_corpus(data)
    for fragment in fragments:
        assert fragment in str(error.value)
    assert not (data / "processed").exists()
    return error.value


def test_missing_file(make_data):
    data = make_data({}, rows=["a,raw/nothere.txt,A,O,2023-01-01,,,,"])
    error = _assert_rejected(data, "corpus.csv:2", "raw/nothere.txt", "does not exist")
    assert error.line == 2


def test_bytes_that_are_no_text_encoding(make_data):
    data = make_data(
        {"raw/bin.txt": b"Header\n\x00\x01\x02\xff\xfe\x00\x9d" * 20},
        rows=["b,raw/bin.txt,B,O,2023-01-01,,,,"],
    )
    _assert_rejected(data, "bin.txt", "not valid UTF-8 at byte 10")


def test_empty_article(make_data):
    data = make_data({"raw/empty.txt": " \n\n"}, rows=["e,raw/empty.txt,E,O,2023-01-01,,,,"])
    _assert_rejected(data, "empty.txt", "empty")


def test_a_page_that_is_all_furniture_is_kept_with_empty_text_and_a_warning(make_data):
    data = make_data(
        {"raw/menu.txt": "• Home\n• World\n• Sport\nBack to Top\n", "raw/a.txt": ARTICLE},
        rows=["m,raw/menu.txt,M,O,2023-01-01,,,,", "a,raw/a.txt,A,O,2023-01-02,,,,"],
    )
    with pytest.warns(CorpusWarning, match=r"corpus\.csv:2: nothing is left of the article after cleaning"):
        corpus = load_corpus(data, use_cache=False)
    menu = corpus.documents.set_index("doc_id").loc["m"]
    assert menu["text"] == "" and menu["n_sentences"] == 0
    assert set(corpus.tokens["doc_id"]) == {"a"}


def test_duplicate_doc_id(make_data):
    data = make_data(
        {"raw/a.txt": ARTICLE, "raw/b.txt": ARTICLE},
        rows=["a,raw/a.txt,A,O,2023-01-01,,,,", "a,raw/b.txt,B,O,2023-01-02,,,,"],
    )
    _assert_rejected(data, "corpus.csv:3", "duplicate doc_id 'a'", "line 2")


@pytest.mark.parametrize("date", ["18/10/2023", "2023-02-30", "October 2023"])
def test_date_that_does_not_parse(make_data, date):
    data = make_data({"raw/a.txt": ARTICLE}, rows=[f"a,raw/a.txt,A,O,{date},,,,"])
    _assert_rejected(data, "corpus.csv:2", repr(date), "YYYY-MM-DD")


def test_missing_required_column(make_data):
    data = make_data({"raw/a.txt": ARTICLE}, manifest="doc_id,path,title,outlet\na,raw/a.txt,A,O\n")
    _assert_rejected(data, "corpus.csv:1", "missing column(s) published")


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        '{"doc_id": "a", "path": "raw/a.txt"}\n',
        'doc_id,path,title,outlet,published\n"a,raw/a.txt\n',
    ],
)
def test_manifest_that_is_not_csv(make_data, content):
    data = make_data({"raw/a.txt": ARTICLE}, manifest=content)
    _assert_rejected(data, "corpus.csv")


def test_row_with_the_wrong_number_of_fields(make_data):
    data = make_data({"raw/a.txt": ARTICLE}, rows=["a,raw/a.txt,A,O,2023-01-01"])
    _assert_rejected(data, "corpus.csv:2", "5 fields where the header has 9")


@pytest.mark.parametrize("path", ["../outside.txt", "raw/../../outside.txt", "/etc/hostname"])
def test_path_outside_the_data_folder(make_data, path):
    data = make_data({"raw/a.txt": ARTICLE}, rows=[f"a,{path},A,O,2023-01-01,,,,"])
    (data.parent / "outside.txt").write_text(ARTICLE, encoding="utf-8")
    _assert_rejected(data, "corpus.csv:2", "outside the data folder")


def test_bad_jsonl_line_is_named(make_data):
    good = json.dumps({"doc_id": "j1", "text": ARTICLE})
    data = make_data({"raw/feed.jsonl": good + "\n{not json}\n"}, rows=[])
    _assert_rejected(data, "feed.jsonl:2", "not valid JSON")


def test_a_folder_that_is_not_a_data_folder_is_refused_before_anything_is_read(tmp_path):
    (tmp_path / "notes.txt").write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(InputError, match=r"not a data folder: it holds neither corpus\.csv nor raw/"):
        load_corpus(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_article_over_the_size_limit_is_refused_naming_file_and_size(make_data, monkeypatch):
    monkeypatch.setattr("newslens.corpus.MAX_ARTICLE_BYTES", 1_000)
    data = make_data({"raw/long.txt": ARTICLE * 10}, rows=["l,raw/long.txt,L,O,2023-01-01,,,,"])
    _assert_rejected(data, "long.txt", f"{len(ARTICLE.encode()) * 10:,} bytes", "limit of 1,000")


def test_jsonl_line_over_the_size_limit_is_named_by_line(make_data, monkeypatch):
    monkeypatch.setattr("newslens.corpus.MAX_ARTICLE_BYTES", 1_000)
    short, long = (json.dumps({"doc_id": f"j{n}", "text": ARTICLE * n}) for n in (1, 10))
    data = make_data({"raw/feed.jsonl": f"{short}\n{long}\n"}, rows=[])
    _assert_rejected(data, "feed.jsonl:2", "over the limit of 1,000")


def test_deeply_nested_json_is_an_input_error_not_a_crash(make_data):
    data = make_data({"raw/feed.jsonl": "[" * 200_000 + "]" * 200_000 + "\n"}, rows=[])
    _assert_rejected(data, "feed.jsonl:1", "nests too deeply")


@pytest.mark.parametrize("date", ["1500-01-01", "2300-06-30"])
def test_date_outside_what_the_tables_hold_is_refused(make_data, date):
    data = make_data({"raw/a.txt": ARTICLE}, rows=[f"a,raw/a.txt,A,O,{date},,,,"])
    _assert_rejected(data, "corpus.csv:2", repr(date), "1678-2261")


def test_manifest_naming_a_column_twice_is_refused(make_data):
    data = make_data(
        {"raw/a.txt": ARTICLE},
        manifest="doc_id,path,title,outlet,published,title\na,raw/a.txt,A,O,2023-01-01,B\n",
    )
    _assert_rejected(data, "corpus.csv:1", "named twice", "title")


def test_manifest_that_is_not_utf8_names_the_line_and_the_fix(make_data):
    manifest = (MANIFEST_HEADER + "a,raw/a.txt,Caf\xe9,O,2023-01-01,,,,\n").encode("cp1252")
    data = make_data({"raw/a.txt": ARTICLE}, manifest=manifest)
    _assert_rejected(data, "corpus.csv:2", "not UTF-8", "save the manifest as UTF-8")


def test_utf8_article_with_one_legacy_paragraph_is_decoded_line_by_line(make_data):
    utf8 = "Café talks in Zürich — “a new chapter”, officials said on Tuesday.\n\n"
    legacy = "The ma\xeetre d'h\xf4tel charged \xa35 for tea, they said.\n".encode("cp1252")
    data = make_data({"raw/a.txt": utf8.encode() + legacy + utf8.encode()}, rows=["a,raw/a.txt,A,O,,,,,"])
    with pytest.warns(CorpusWarning, match=r"a\.txt: UTF-8 but for line\(s\) 3, read as cp1252"):
        text = load_corpus(data, use_cache=False).documents.loc[0, "text"]
    assert "Zürich — “a new chapter”" in text and "maître d'hôtel charged £5" in text


def test_damaged_cache_file_is_named_and_rebuilt(make_data):
    data = make_data({"raw/a.txt": ARTICLE}, rows=["a,raw/a.txt,A,O,2023-01-01,,,,"])
    first = load_corpus(data)
    (damaged,) = (data / "processed").glob("*/tokens.parquet")
    damaged.write_bytes(damaged.read_bytes()[:200] + b"\x00" * 64)
    with pytest.warns(UserWarning, match=f"{damaged}: damaged cache file"):
        again = load_corpus(data)
    assert not again.from_cache
    pd.testing.assert_frame_equal(again.tokens, first.tokens)
    assert load_corpus(data).from_cache  # rebuilt and written back


WIRE = (
    "Talks in Moscow\n\nMOSCOW, March 21 (Xinhua) -- The two presidents signed a joint statement on "
    "deepening their partnership, officials said.\n"
)


def test_a_dateline_fills_an_unknown_date_and_is_kept_in_the_documents_table(make_data):
    data = make_data(
        {"raw/a.txt": "Talks\n\nPublished 2 March 2023\n\n" + ARTICLE, "raw/wire.txt": WIRE}, rows=[]
    )
    with pytest.warns(CorpusWarning):
        docs = load_corpus(data, use_cache=False).documents.set_index("doc_id")
    assert docs.loc["a", "published"] == pd.Timestamp("2023-03-02")
    wire = docs.loc["wire"]
    assert pd.isna(wire["published"])  # "March 21" has no year, and nothing else dates the article
    assert (wire["dateline"], wire["place"], wire["credit"], wire["agency"]) == (
        "MOSCOW, March 21 (Xinhua)", "MOSCOW", "Xinhua", "Xinhua")  # fmt: skip
    assert "MOSCOW" not in wire["text"]  # the dateline is metadata, not article text
    assert docs.loc["a", "timestamp"] == "Published 2 March 2023"


def test_a_dateline_contradicting_the_manifest_is_reported(make_data):
    data = make_data({"raw/wire.txt": WIRE}, rows=["w,raw/wire.txt,W,O,2023-10-18,,,,"])
    with pytest.warns(
        CorpusWarning, match=r"published 2023-10-18 is used, but the dateline .* says 2023-03-21"
    ):
        docs = load_corpus(data, use_cache=False).documents
    assert docs.loc[0, "published"] == pd.Timestamp("2023-10-18")
    assert docs.loc[0, "stated_date"] == pd.Timestamp("2023-03-21")


def test_read_text_gives_the_tables_of_one_article():
    corpus = newslens.read_text(WIRE, published="2023-03-22", outlet="Wire Daily")
    doc = corpus.documents.iloc[0]
    assert (doc["outlet"], doc["published"], doc["title"]) == (
        "Wire Daily",
        pd.Timestamp("2023-03-22"),
        "Talks in Moscow",
    )
    assert doc["stated_date"] == pd.Timestamp("2023-03-21") and doc["credit"] == "Xinhua"
    for table in (corpus.sentences, corpus.tokens):
        assert all(
            doc["text"][a:b] == t for a, b, t in zip(table["start"], table["end"], table["text"], strict=True)
        )
    assert "partnership" in set(corpus.tokens["norm"])
    with pytest.raises(InputError, match="empty"):
        newslens.read_text("  \n")
    with pytest.raises(InputError, match="does not parse"):
        newslens.read_text(WIRE, published="21/03/2023")


def test_a_cache_file_with_other_columns_is_rebuilt(make_data):
    data = make_data({"raw/a.txt": ARTICLE}, rows=["a,raw/a.txt,A,O,2023-01-01,,,,"])
    load_corpus(data)
    (documents,) = (data / "processed").glob("*/documents.parquet")
    pd.DataFrame({"x": [1]}).to_parquet(documents)
    with pytest.warns(UserWarning, match="damaged cache file .*no column doc_id"):
        assert list(load_corpus(data).documents["doc_id"]) == ["a"]


def test_a_processed_folder_that_links_elsewhere_is_left_alone(make_data, tmp_path):
    data = make_data({"raw/a.txt": ARTICLE}, rows=["a,raw/a.txt,A,O,2023-01-01,,,,"])
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / ("0123456789abcdef" * 2)).mkdir(parents=True)
    (data / "processed").symlink_to(elsewhere)
    with pytest.warns(UserWarning, match="is a symbolic link: the cache is not written"):
        load_corpus(data)
    assert [p.name for p in elsewhere.iterdir()] == ["0123456789abcdef" * 2]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"id": "x", "text": 1e300}, "'text' must be a string, not float"),
        ({"id": "x", "text": ["a", "b"]}, "'text' must be a string, not list"),
        ({"id": {"a": 1}, "text": ARTICLE}, "'id' must be a string, not dict"),
        ({"id": "x", "text": ARTICLE, "published": "2023-01-01T25:00:00"}, "does not parse"),
    ],
)
def test_jsonl_fields_of_the_wrong_kind_are_named(make_data, record, message):
    data = make_data({"raw/feed.jsonl": json.dumps(record) + "\n"}, rows=[])
    _assert_rejected(data, "feed.jsonl:1", message)


def test_lines_an_outlet_repeats_across_its_articles_are_cut(make_data):
    footer = "Copyright Daily Example - all rights reserved - subscribe to our newsletter today\n"
    places = ["Geneva", "Oslo", "Vienna"]
    files = {f"raw/{p.lower()}.txt": ARTICLE.replace("Geneva", p) + footer for p in places}
    rows = [
        f"{p.lower()},raw/{p.lower()}.txt,{p},Daily Example,2023-01-0{i + 1},,,,"
        for i, p in enumerate(places)
    ]
    corpus = load_corpus(make_data(files, rows=rows), use_cache=False)
    assert not any("Copyright Daily Example" in text for text in corpus.documents["text"])
    assert (corpus.removed["reason"] == "repeated across the outlet's articles").sum() == 3
    assert all("The foreign ministers" in text for text in corpus.documents["text"])


def test_articles_cleaned_in_worker_processes_give_the_same_tables_and_warnings(tmp_path):
    """jobs=2 spawns workers for the chunks of articles: the tables, and the warnings articles give
    in workers (early and late ones), are those of one process, in the articles' order, and warning
    filters apply to them as to those of one process."""
    data = tmp_path / "data"
    shutil.copytree(WIKINEWS60, data)
    menu = "• Home\n• World\n• Sport\nBack to Top\n"
    (data / "raw" / "menu.txt").write_text(menu, encoding="utf-8")
    (data / "raw" / "links.txt").write_text(menu.replace("Sport", "Business"), encoding="utf-8")
    header, *rows = (data / "corpus.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    first, last = (
        "links,raw/links.txt,Links,Wikinews,2019-01-02,,en,,\n",
        "menu,raw/menu.txt,Menu,W,2019-01-05,,en,,\n",
    )
    (data / "corpus.csv").write_text("".join([header, first, *rows, last]), encoding="utf-8")
    loaded, caught = {}, {}
    for jobs in (1, 2):
        with warnings.catch_warnings(record=True) as found:
            warnings.simplefilter("always")
            loaded[jobs] = load_corpus(data, use_cache=False, jobs=jobs)
        caught[jobs] = [(w.category, str(w.message)) for w in found]
    empty = [message for category, message in caught[2] if "nothing is left of the article" in message]
    assert [message.split(": nothing")[0] for message in empty] == [
        f"{data / 'corpus.csv'}:{n}" for n in (2, 63)
    ]
    assert caught[2] == caught[1]
    for name in ("documents", "removed", "sentences", "tokens"):
        pd.testing.assert_frame_equal(loaded[2].table(name), loaded[1].table(name))
    with warnings.catch_warnings(record=True) as found:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", category=CorpusWarning, module=r"newslens\.")
        load_corpus(data, use_cache=False, jobs=2)
    assert not [w for w in found if issubclass(w.category, CorpusWarning)]
    with warnings.catch_warnings(), pytest.raises(CorpusWarning, match=r"corpus\.csv:2: nothing is left"):
        warnings.simplefilter("error", CorpusWarning)
        load_corpus(data, use_cache=False, jobs=2)


def test_many_articles_use_every_core_by_default_only_where_workers_can_start(monkeypatch):
    """A worker imports the main module again: a script's would run its top level a second time, so
    only a notebook or an interactive session (a main module without a file) uses workers unasked,
    one for each 500 articles up to every core."""
    from newslens import corpus, workers

    monkeypatch.setattr(workers, "cores", lambda: 4)
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    assert corpus._default_jobs(corpus.PARALLEL_FROM - 1) == 1
    assert corpus._default_jobs(1000) == 2 and corpus._default_jobs(100_000) == 4
    script = types.ModuleType("__main__")
    script.__file__ = "analysis.py"
    monkeypatch.setitem(sys.modules, "__main__", script)
    assert corpus._default_jobs(100_000) == 1


@pytest.mark.parametrize("jobs", [0, -1])
def test_jobs_below_one_is_an_error(jobs):
    with pytest.raises(ValueError, match="1 or more"):
        load_corpus(PROJECT_DATA, use_cache=False, jobs=jobs)
