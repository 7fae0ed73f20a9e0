"""newslens.duplicates: copies, stories and weights, on short articles written for these tests."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslens import duplicates, findings, plots
from newslens.duplicates import COPY_COLUMNS, STORY_COLUMNS, copies, new_copies, signatures, stories, weights

# A press release as a wire service sent it (four paragraphs, about 190 words).
RELEASE = (
    "MOSCOW, March 21 - The governments of Russia and China signed an agreement on Tuesday to build a "
    "second gas pipeline across Mongolia, the energy ministry said in a statement.\n\n"
    "The pipeline, known as Power of Siberia 2, would carry up to 50 billion cubic metres of gas a year "
    "from fields in western Siberia to northern China once it is finished at the end of the decade.\n\n"
    "Deputy Prime Minister Alexander Novak told reporters that the two sides had agreed on the route and "
    "on most technical questions, but that the price formula would be settled in separate talks later "
    "this year between Gazprom and the China National Petroleum Corporation.\n\n"
    "Analysts at a Moscow brokerage said the agreement was mostly symbolic until a price was fixed, and "
    "that Chinese buyers were in no hurry because they could buy liquefied gas from Qatar and Australia "
    "at lower prices than a year ago. Shares in Gazprom rose two percent in early trading in Moscow."
)
# The same release as a news site printed it: its own headline and intro, a word changed, a footer.
REPRINT = (
    "Pipeline deal brings gas giants closer\n\n"
    "Our energy desk has followed the Siberian gas story for years; here is the latest from the wires.\n\n"
    + RELEASE.replace("told reporters", "told journalists")
    + "\n\nCopyright 2023 The Harbour Gazette. Sign up for our morning newsletter."
)
# The first two paragraphs only, inside a long article of the site's own.
EXCERPT = (
    "Why the Siberian pipeline matters for Europe\n\n"
    + "\n\n".join(RELEASE.split("\n\n")[:2])
    + "\n\nFor European buyers the deal is a reminder that Russian gas now has somewhere else to go. "
    "Before the war in Ukraine, most of the gas from the fields of western Siberia went west through "
    "pipelines across Belarus and under the Baltic Sea. Those flows have fallen to a fraction of what "
    "they were, and governments in Berlin, Rome and Vienna have spent heavily on terminals for shipped "
    "gas. Traders in Amsterdam expect prices to stay above their level of the last decade for years."
)
# Two outlets' own reports of the same meeting: the same names, place, date and topic; no shared wording.
REPORT_ONE = (
    "Xi and Putin pledge closer ties at Moscow talks\n\n"
    "Chinese President Xi Jinping and Russian President Vladimir Putin met in the Kremlin on Tuesday and "
    "promised to deepen cooperation in energy and trade. Xi called Russia a good neighbour and Putin said "
    "relations had never been better. The leaders signed statements on economic ties and on the world "
    "order, and Putin said Moscow was ready to sell more oil and gas to Beijing. Western governments "
    "watched the visit closely because of the war in Ukraine."
)
REPORT_TWO = (
    "Kremlin summit: Putin hosts Xi for second day\n\n"
    "On the second day of his state visit, Xi Jinping sat down with Vladimir Putin in Moscow for formal "
    "negotiations. According to the Kremlin, energy supplies and payments in national currencies topped "
    "the agenda on Tuesday. Putin praised what he called a strategic partnership, while Xi urged peace "
    "talks over Ukraine. Washington said it saw nothing in the visit to suggest Beijing would stay "
    "neutral, and officials in Brussels described the joint statements as vague."
)
OTHER = (
    "Flood warnings issued along the Danube\n\n"
    "Authorities in Hungary and Serbia issued flood warnings on Wednesday as heavy rain swelled the "
    "Danube and its tributaries. Residents of low-lying villages were told to move valuables upstairs, "
    "and soldiers filled sandbags along the river bank in the south of the country."
)


def _documents(rows: list[tuple]) -> pd.DataFrame:
    """A documents table of (doc_id, outlet, published or None, text) rows."""
    table = pd.DataFrame(rows, columns=["doc_id", "outlet", "published", "text"])
    table["published"] = pd.to_datetime(table["published"])
    return table


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"\w+", text)]


def _pair(found: pd.DataFrame, a: str, b: str) -> pd.Series | None:
    """The copies row of a and b, in either order, or None."""
    rows = found[
        ((found["doc_a"] == a) & (found["doc_b"] == b)) | ((found["doc_a"] == b) & (found["doc_b"] == a))
    ]
    return rows.iloc[0] if len(rows) else None


def _check_offsets(found: pd.DataFrame, documents: pd.DataFrame) -> None:
    """The longest shared passage reads the same, word for word, in both texts."""
    text = dict(zip(documents["doc_id"], documents["text"], strict=True))
    for row in found.itertuples():
        a, b = text[row.doc_a][row.a_start : row.a_end], text[row.doc_b][row.b_start : row.b_end]
        assert _words(a) == _words(b)
        assert row.shared_chars == row.a_end - row.a_start
        if row.shared_chars:
            assert re.match(r"\w", a) and re.search(r"\w$", a)  # from a word's start to a word's end


@pytest.fixture
def news() -> pd.DataFrame:
    return _documents(
        [
            ("wire", "Wire", "2023-03-21", RELEASE),
            ("reprint", "Harbour Gazette", "2023-03-22", REPRINT),
            ("excerpt", "Energy Weekly", "2023-03-24", EXCERPT),
            ("report-1", "Daily Ledger", "2023-03-21", REPORT_ONE),
            ("report-2", "Evening Post", "2023-03-21", REPORT_TWO),
            ("floods", "Daily Ledger", "2023-03-22", OTHER),
        ]
    )


def test_a_reprint_with_new_headline_intro_and_footer_is_a_copy(news):
    found = copies(news)
    assert list(found.columns) == COPY_COLUMNS
    row = _pair(found, "wire", "reprint")
    assert row is not None
    assert (row["doc_a"], row["first"]) == ("wire", "wire")  # published first
    assert row["containment_a"] > 0.9  # nearly all of the release is in the reprint
    assert row["containment_b"] < row["containment_a"]  # the reprint has words of its own
    assert 0 < row["similarity"] < 1
    _check_offsets(found, news)
    # the longest passage runs from the word after the changed "reporters" to the end of the release
    assert RELEASE[row["a_start"] : row["a_end"]] == RELEASE[RELEASE.index("reporters") + 10 : -1]


def test_a_trimmed_copy_inside_a_longer_article_is_found_by_containment():
    trimmed = "\n\n".join(RELEASE.split("\n\n")[:2])  # the first two paragraphs alone
    docs = _documents([("trimmed", "A", "2023-03-22", trimmed), ("feature", "B", "2023-03-24", EXCERPT)])
    row = _pair(copies(docs), "trimmed", "feature")
    assert row is not None
    assert row["containment_a"] == 1.0 and row["containment_b"] < 0.5  # all of the short one is in the long
    assert row["similarity"] < 0.5  # plain Jaccard would call them different
    assert trimmed[row["a_start"] : row["a_end"]] == trimmed[:-1]  # all of it, up to its last word


def test_partial_reuse_is_found(news):
    row = _pair(copies(news), "wire", "excerpt")
    assert row is not None
    assert 0.3 < row["containment_a"] < 0.6 and 0.3 < row["containment_b"] < 0.6
    shared = RELEASE[row["a_start"] : row["a_end"]]
    assert shared.startswith("MOSCOW") and shared.endswith("end of the decade")


def test_two_reports_of_the_same_meeting_are_not_copies(news):
    found = copies(news)
    for pair in [("report-1", "report-2"), ("report-1", "wire"), ("floods", "report-1")]:
        assert _pair(found, *pair) is None
    # they are candidates for nobody: share names and topic words, but no passage
    assert len(found) == 3  # wire~reprint, wire~excerpt, reprint~excerpt


def test_a_copy_with_words_changed_throughout_is_still_a_copy():
    words = RELEASE.split(" ")
    edited = " ".join("indeed" if i % 10 == 5 else w for i, w in enumerate(words))  # 10% of words
    docs = _documents([("a", "A", "2023-03-21", RELEASE), ("b", "B", "2023-03-21", edited)])
    row = _pair(copies(docs), "a", "b")
    assert row is not None and 0.25 < row["containment_a"] < 0.8


def test_thresholds_are_parameters(news):
    assert _pair(copies(news, min_containment=0.95), "wire", "excerpt") is None
    assert _pair(copies(news, min_shared=500), "wire", "reprint") is None
    with pytest.raises(ValueError, match="min_containment"):
        copies(news, min_containment=0)
    with pytest.raises(ValueError, match="k must be"):
        copies(news, k=0)


def test_first_is_the_earlier_dated_then_by_doc_id():
    rows = [
        ("z-late", "A", "2023-03-25", RELEASE),
        ("y-early", "B", "2023-03-20", RELEASE + " Extra words at the end of this copy."),
        ("a-undated", "C", None, "Headline\n\n" + RELEASE),
    ]
    found = copies(_documents(rows))
    first = {frozenset((a, b)): f for a, b, f in found[["doc_a", "doc_b", "first"]].to_numpy()}
    assert first[frozenset(("y-early", "z-late"))] == "y-early"  # the earlier date
    assert first[frozenset(("a-undated", "z-late"))] == "z-late"  # dated before undated
    assert (found["first"] == found["doc_a"]).all()
    same_day = copies(
        _documents([("b", "A", "2023-03-20", RELEASE), ("a", "B", "2023-03-20", REPORT_ONE + RELEASE)])
    )
    assert same_day["first"].tolist() == ["a"]  # a tie goes to the smaller doc_id
    undated = copies(_documents([("b", "A", None, RELEASE), ("a", "B", None, REPORT_ONE + RELEASE)]))
    assert undated["first"].tolist() == ["a"]


def test_stories_hold_every_document_once(news):
    found = copies(news)
    table = stories(news, found)
    assert list(table.columns) == STORY_COLUMNS
    assert sorted(d for docs in table["documents"] for d in docs) == sorted(news["doc_id"])
    wire = table[table["story_id"] == "wire"].iloc[0]
    assert wire["documents"] == ["wire", "reprint", "excerpt"]  # in publication order
    assert (wire["n_documents"], wire["earliest"], wire["earliest_outlet"], wire["n_outlets"]) == (
        3,
        "wire",
        "Wire",
        3,
    )
    singles = table[table["n_documents"] == 1]
    assert sorted(singles["story_id"]) == ["floods", "report-1", "report-2"]
    assert duplicates.story_of(table)["excerpt"] == "wire"


def test_weights_count_copies_or_stories(news):
    table = stories(news, copies(news))
    news = news.assign(story_id=duplicates.story_ids(news, copies(news)))
    assert news.set_index("doc_id")["story_id"].to_dict() == duplicates.story_of(table)
    by_copies = weights(news)
    by_stories = weights(news, count="stories")
    assert by_copies.tolist() == [1.0] * len(news)
    assert by_stories.index.tolist() == news["doc_id"].tolist()
    assert by_stories.tolist() == pytest.approx([1 / 3, 1 / 3, 1 / 3, 1, 1, 1])
    assert by_stories.sum() == pytest.approx(len(table))  # each story adds up to one
    # by outlet, a story counts once in each outlet that ran it: here three outlets, one copy each
    assert weights(news, count="stories", groups=news["outlet"]).tolist() == [1.0] * len(news)
    with pytest.raises(ValueError, match="count"):
        weights(news, count="articles")
    with pytest.raises(ValueError, match="story_id"):
        weights(news.drop(columns="story_id"), count="stories")


def test_a_site_footer_on_many_short_articles_does_not_make_them_copies():
    footer = (
        "Follow the Harbour Gazette on social media and sign up for our morning newsletter to get "
        "the top stories of the day in your inbox before breakfast."
    )
    rng = np.random.default_rng(7)
    vocabulary = _words(REPORT_ONE + REPORT_TWO + OTHER)
    rows = []
    for n in range(30):  # thirty short items, each of its own words, with the site's footer
        body = " ".join(rng.choice(vocabulary, size=40))
        rows.append((f"item-{n:02d}", "Harbour Gazette", "2023-03-01", f"{body}\n\n{footer}"))
    rows.append(("wire", "Wire", "2023-03-01", RELEASE))
    rows.append(("reprint", "Harbour Gazette", "2023-03-02", RELEASE + "\n\n" + footer))
    docs = _documents(rows)
    found = copies(docs)
    assert [tuple(p) for p in found[["doc_a", "doc_b"]].to_numpy()] == [("wire", "reprint")]
    assert len(copies(docs, furniture=1000)) > 100  # without furniture they would all be one story


@pytest.mark.slow
def test_exact_copies_pair_with_the_earliest_only():
    rows = [(f"copy-{n:05d}", f"Outlet {n % 7}", "2023-03-22", RELEASE) for n in range(10_000)]
    rows.append(("original", "Wire", "2023-03-21", RELEASE.upper()))  # case does not matter
    docs = _documents(rows)
    found = copies(docs)
    assert len(found) == 10_000  # not 50 million
    assert set(found["doc_a"]) == {"original"} and set(found["first"]) == {"original"}
    assert (found["similarity"] == 1).all()
    row = found.iloc[0]
    assert (row["a_start"], row["a_end"]) == (0, len(RELEASE) - 1)  # from the first word to the last
    table = stories(docs, found)
    assert len(table) == 1 and table["n_documents"].iloc[0] == 10_001
    assert table["n_outlets"].iloc[0] == 8


def test_empty_and_one_word_articles_are_never_copies():
    rows = [
        ("empty", "A", None, ""),
        ("blank", "A", None, "   \n\n  "),
        ("missing", "A", None, None),
        ("one", "B", None, "Moscow"),
        ("one-again", "C", None, "Moscow"),
        ("four", "B", None, "Talks end in Geneva"),
        ("four-again", "C", None, "Talks end in Geneva"),
        ("punctuation", "D", None, "… — !!"),
        ("wire", "E", None, RELEASE),
    ]
    docs = _documents(rows)
    found = copies(docs)
    assert found.empty and list(found.columns) == COPY_COLUMNS
    table = stories(docs, found)
    assert len(table) == len(docs) and (table["n_documents"] == 1).all()
    docs = docs.assign(story_id=duplicates.story_ids(docs, found))
    assert weights(docs, count="stories").tolist() == [1.0] * len(docs)
    assert copies(docs.iloc[:0]).empty  # no documents at all
    assert stories(docs.iloc[:0], found).empty


def test_one_passage_repeated_a_thousand_times():
    passage = RELEASE.split("\n\n")[1]
    docs = _documents(
        [
            ("spam", "A", "2023-03-20", " ".join([passage] * 1000)),
            ("once", "B", "2023-03-21", passage),
            ("wire", "C", "2023-03-22", RELEASE),
            ("other", "D", "2023-03-22", REPORT_ONE),
        ]
    )
    found = copies(docs)
    assert {tuple(sorted(p)) for p in found[["doc_a", "doc_b"]].to_numpy()} == {
        ("once", "spam"),
        ("spam", "wire"),
        ("once", "wire"),
    }
    row = _pair(found, "spam", "once")
    assert row["containment_b"] == 1.0  # all of "once" is in "spam"
    _check_offsets(found, docs)


def test_bad_tables_are_refused():
    with pytest.raises(ValueError, match="no column text"):
        copies(pd.DataFrame({"doc_id": ["a"]}))
    with pytest.raises(ValueError, match="more than once"):
        copies(_documents([("a", "A", None, RELEASE), ("a", "B", None, REPORT_ONE)]))
    docs = _documents([("a", "A", None, RELEASE)])
    bad = pd.DataFrame([("a", "zz")], columns=["doc_a", "doc_b"])
    with pytest.raises(ValueError, match="'zz'"):
        stories(docs, bad)


def test_new_articles_are_compared_with_stored_signatures(news, tmp_path):
    old, new = news.iloc[[0, 3, 5]], news.iloc[[1, 2, 4]]
    path = tmp_path / "signatures.parquet"
    signatures(old).to_parquet(path)  # plain types: Parquet holds them as they are
    stored = pd.read_parquet(path)
    asked: list[list[str]] = []

    def texts(ids: list[str]) -> pd.DataFrame:
        asked.append(ids)
        return old[old["doc_id"].isin(ids)][["doc_id", "text"]]

    added = new_copies(stored, new, texts)
    everything = copies(news)
    involved = everything["doc_a"].isin(new["doc_id"]) | everything["doc_b"].isin(new["doc_id"])
    pd.testing.assert_frame_equal(added, everything[involved].reset_index(drop=True))
    assert asked == [["wire"]]  # only the candidates' texts are read
    both = pd.concat([copies(old), added], ignore_index=True)
    pd.testing.assert_frame_equal(stories(news, both), stories(news, everything))


def test_a_stored_article_given_again_is_replaced_not_paired_with_itself(news):
    again = news[news["doc_id"] == "reprint"]
    added = new_copies(signatures(news), again, news)
    assert sorted(map(tuple, added[["doc_a", "doc_b"]].to_numpy())) == [
        ("reprint", "excerpt"),
        ("wire", "reprint"),
    ]


def test_new_exact_copies_join_the_stored_group():
    old = _documents([(f"old-{n}", "A", "2023-03-21", RELEASE) for n in range(5)])
    new = _documents([("new-1", "B", "2023-03-20", RELEASE), ("new-2", "C", "2023-03-23", RELEASE)])
    added = new_copies(signatures(old), new, old)
    # each new copy pairs with the stored group's representative, the earlier first
    assert sorted(map(tuple, added[["doc_a", "doc_b"]].to_numpy())) == [
        ("new-1", "old-0"),
        ("old-0", "new-2"),
    ]
    all_docs = pd.concat([old, new], ignore_index=True)
    table = stories(all_docs, pd.concat([copies(old), added]))
    assert len(table) == 1 and table["earliest"].iloc[0] == "new-1"


@pytest.mark.slow
def test_signatures_are_the_same_in_every_process(news):
    here = signatures(news)
    code = (
        "import json, sys, pandas as pd; from newslens.duplicates import signatures; "
        "docs = pd.read_json(sys.stdin); s = signatures(docs); "
        "print(json.dumps([s['exact'].tolist(), [list(map(int, f)) for f in s['fingerprints']]]))"
    )
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-c", code],
            input=news[["doc_id", "text"]].to_json(),
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        )
        exact, fingerprints = json.loads(result.stdout)
        assert exact == here["exact"].tolist()
        assert fingerprints == [list(map(int, f)) for f in here["fingerprints"]]


def test_a_flood_of_near_copies_is_paired_linearly():
    rows = [
        (f"c{n:03d}", f"Site {n}", "2023-03-21", RELEASE + f" Reprinted by site number {n}.")
        for n in range(60)
    ]
    docs = _documents(rows)
    capped = copies(docs, max_postings=10)
    assert len(capped) < 60 * 5  # each fingerprint pairs its holders with the first only
    assert len(stories(docs, capped)) == 1
    assert len(copies(docs)) == 60 * 59 // 2  # below the cap: every pair


_WORDS = _words(RELEASE + REPORT_ONE + REPORT_TWO + OTHER)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.lists(st.sampled_from(_WORDS), min_size=30, max_size=120),
    intro=st.lists(st.sampled_from(_WORDS), max_size=30),
    cut=st.integers(min_value=0, max_value=40),
    punctuation=st.sampled_from([" ", ", ", ". ", "\n\n", " — "]),
)
def test_offsets_always_point_at_the_shared_passage(base, intro, cut, punctuation):
    original = punctuation.join(w.capitalize() if i % 7 == 0 else w for i, w in enumerate(base))
    copy = " ".join(intro) + punctuation + " ".join(base[: max(len(base) - cut, 10)])
    docs = _documents([("a", "A", "2023-01-01", original), ("b", "B", "2023-01-02", copy)])
    found = copies(docs, min_shared=1, min_containment=0.01)
    _check_offsets(found, docs)
    for row in found.itertuples():
        assert 0 <= row.similarity <= min(row.containment_a, row.containment_b) <= 1


# --- counting stories instead of copies, in every aggregate --------------------------------------

QUOTED = REPRINT + '\n\n"The route is settled and the price will follow," Novak said after the signing.'
SYNDICATED = {
    "wire": ("Wire", "2023-03-21", RELEASE),
    "reprint": ("Harbour Gazette", "2023-03-22", QUOTED),
    "excerpt": ("Energy Weekly", "2023-03-22", EXCERPT),
    "rerun": ("Harbour Gazette", "2023-03-25", QUOTED),  # the same outlet runs it again
    "report-1": ("Daily Ledger", "2023-03-21", REPORT_ONE),
    "report-2": ("Evening Post", "2023-03-21", REPORT_TWO),
    "floods": ("Daily Ledger", "2023-04-12", OTHER),
}


def write_syndicated(data: Path) -> Path:
    """A data folder of :data:`SYNDICATED`: one release run by three outlets, one of them twice."""
    (data / "raw").mkdir(parents=True)
    lines = ["doc_id,path,title,outlet,published,date_basis,language,url,notes"]
    for doc_id, (outlet, published, text) in SYNDICATED.items():
        (data / "raw" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        lines.append(f"{doc_id},raw/{doc_id}.txt,,{outlet},{published},given,en,,")
    (data / "corpus.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def syndicated(tmp_path_factory):
    """The :data:`SYNDICATED` corpus, loaded as a user would."""
    from newslens import load_corpus

    return load_corpus(write_syndicated(tmp_path_factory.mktemp("syndicated") / "data"), use_cache=False)


def test_the_loaded_documents_name_their_story(syndicated):
    story = syndicated.documents.set_index("doc_id")["story_id"].to_dict()
    assert story["reprint"] == story["excerpt"] == story["rerun"] == story["wire"] == "wire"
    assert {story[d] for d in ("report-1", "report-2", "floods")} == {"report-1", "report-2", "floods"}


COPIES = ["wire", "reprint", "excerpt", "rerun"]


def _mentions(word: str, doc_ids: list[str]) -> list[int]:
    return [len(re.findall(rf"\b{word}\b", SYNDICATED[d][2], re.I)) for d in doc_ids]


def test_term_counts_weigh_a_story_once(syndicated):
    from newslens import terms

    copies_ = terms.frequencies(syndicated).set_index("term")
    stories_ = terms.frequencies(syndicated, count="stories").set_index("term")
    in_copies = _mentions("pipeline", COPIES)
    assert copies_.loc["pipeline", "count"] == sum(in_copies)
    assert stories_.loc["pipeline", "count"] == pytest.approx(sum(in_copies) / 4)
    assert copies_.loc["pipeline", "doc_freq"] == 4 and stories_.loc["pipeline", "doc_freq"] == 1
    # by outlet, the Harbour Gazette's two runs count once; other outlets ran one copy each
    by_outlet = terms.frequencies(syndicated, by="outlet", count="stories").set_index(["group", "term"])
    assert by_outlet.loc[("Harbour Gazette", "pipeline"), "count"] == _mentions("pipeline", ["reprint"])[0]
    assert by_outlet.loc[("Wire", "pipeline"), "count"] == _mentions("pipeline", ["wire"])[0]
    # by month, March holds the four copies: the story counts once there
    march = terms.frequencies(syndicated, by="month", count="stories").query("group == '2023-03'")
    assert march.set_index("term").loc["pipeline", "count"] == pytest.approx(sum(in_copies) / 4)
    bigrams = terms.ngrams(syndicated, count="stories").set_index("ngram")
    assert bigrams.loc["gas pipeline", "count"] == pytest.approx(sum(_mentions("gas pipeline", COPIES)) / 4)
    assert copies_.attrs["count"] == "copies" and stories_.attrs["count"] == "stories"


def test_keyness_and_term_rates_over_time_count_stories(syndicated):
    from newslens import terms

    docs, tokens = syndicated.documents, syndicated.tokens
    target = ["floods"]
    by_copies = terms.keyness(syndicated, target, min_count=1).set_index("term")
    by_stories = terms.keyness(syndicated, target, min_count=1, count="stories").set_index("term")
    assert by_copies.loc["pipeline", "reference_count"] == sum(_mentions("pipeline", COPIES))
    assert by_stories.loc["pipeline", "reference_count"] == pytest.approx(
        by_copies.loc["pipeline", "reference_count"] / 4
    )
    over_time = terms.frequency_over_time(tokens, docs, ["pipeline"], period="M", count="stories")
    assert over_time["count"].iloc[0] == pytest.approx(by_stories.loc["pipeline", "reference_count"])


def test_tone_publications_events_and_quotations_count_stories(syndicated):
    from newslens import quotes, sentiment, timeline

    docs = syndicated.documents
    scores = sentiment.sentence_scores(syndicated.sentences)
    march = docs["published"].dt.month == 3
    by_copies = sentiment.by_month(scores, docs).set_index("month")
    by_stories = sentiment.by_month(scores, docs, count="stories").set_index("month")
    in_march = scores[scores["doc_id"].isin(docs.loc[march, "doc_id"])]
    assert by_copies["sentences"].iloc[0] == len(in_march)
    share = dict.fromkeys(COPIES, 1 / 4)
    weight = in_march["doc_id"].map(lambda d: share.get(d, 1.0))
    assert by_stories["sentences"].iloc[0] == pytest.approx(weight.sum())
    assert by_stories["mean"].iloc[0] == pytest.approx((weight * in_march["compound"]).sum() / weight.sum())
    published = timeline.publications(docs, period="M", count="stories")
    # March: six articles by five outlets, the Harbour Gazette's two runs of the release counted once
    assert published.groupby("date")["articles"].sum().iloc[0] == pytest.approx(5)
    by_day = timeline.publications(docs, count="stories")  # each run on a day of its own
    assert by_day["articles"].sum() == pytest.approx(len(docs))
    found = quotes.analyse(syndicated)
    events = timeline.analyse(syndicated, count="stories")["events"]
    assert len(events)
    for row in events.itertuples():
        ids = row.doc_ids.split(", ")
        assert row.reports == len({docs.set_index("doc_id").loc[d, "story_id"] for d in ids})
        assert len(row.evidence.split(" | ")) == row.reports
    per_speaker = quotes.per_speaker(found["quotes"], docs, found["gazetteer"], count="stories")
    gazette = found["quotes"]["doc_id"].map(docs.set_index("doc_id")["outlet"]) == "Harbour Gazette"
    in_rerun = (found["quotes"]["doc_id"] == "rerun").sum()
    assert in_rerun and gazette.sum() == 2 * in_rerun
    assert per_speaker["quotations"].sum() == pytest.approx(len(found["quotes"]) - in_rerun)


def test_who_republishes_whom_and_distinct_stories_by_outlet(syndicated):
    docs = syndicated.documents
    table = duplicates.republishing(docs).set_index(["source", "republisher"])
    # the wire's release, run by the Harbour Gazette twice and excerpted by Energy Weekly
    assert table.loc[("Wire", "Harbour Gazette"), "articles"] == 2
    assert table.loc[("Wire", "Energy Weekly"), "articles"] == 1
    assert set(table["by"]) == {"copied text"}
    assert not {"Daily Ledger", "Evening Post"} & set(table.index.get_level_values("republisher"))
    by_outlet = duplicates.stories_by_outlet(docs).set_index("outlet")
    assert by_outlet.loc["Harbour Gazette", ["articles", "stories", "first", "copies"]].tolist() == [
        2,
        1,
        0,
        2,
    ]
    assert by_outlet.loc["Daily Ledger", ["articles", "stories", "first", "copies"]].tolist() == [2, 2, 2, 0]
    assert by_outlet.loc["Harbour Gazette", "share_stories"] == 0.5
    fig = plots.stories_by_outlet(duplicates.stories_by_outlet(docs), docs)
    widths = [patch.get_width() for patch in fig.axes[0].patches]
    assert sum(widths) == len(docs)
    fig = plots.republishing(duplicates.republishing(docs), docs)
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["1", "2"]


def test_a_credit_makes_an_agency_the_source_even_alone():
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "outlet": ["Harbour Gazette", "Reuters"],
            "agency": ["Reuters", "Reuters"],  # a credited story; the agency's own article credits itself
            "story_id": ["a", "b"],
        }
    )
    table = duplicates.republishing(docs)
    assert table[["source", "republisher", "articles", "by"]].values.tolist() == [
        ["Reuters", "Harbour Gazette", 1, "credit"]
    ]


def test_findings_say_how_much_is_copied_in_plain_text(syndicated):
    text = findings.copies(syndicated.documents)
    n, stories = len(syndicated.documents), syndicated.documents["story_id"].nunique()
    assert f"The {n} articles tell {stories} distinct stories" in text
    assert f"{n - stories} articles" in text and "runs in 4 articles" in text
    hostile = syndicated.documents.assign(title="<script>alert(1)</script> *x* [y](z)")
    shown = findings.copies(hostile)
    assert "<script" not in shown and "](" not in shown and "\\*x\\*" in shown
    alone = syndicated.documents.assign(story_id=syndicated.documents["doc_id"])
    assert "None of the 7 articles copies another" in findings.copies(alone)


def test_stories_are_weighed_within_what_is_compared_and_selected(syndicated):
    from newslens import load_corpus, select, terms

    # one copy of the release against floods
    table = terms.keyness(syndicated, ["floods"], ["rerun"], min_count=1, count="stories").set_index("term")
    assert table.loc["pipeline", "reference_count"] == _mentions("pipeline", ["rerun"])[0]  # 1, not 1/4
    later = select(syndicated, start="2023-03-22")  # the wire's own article is left out
    story = later.documents.set_index("doc_id")["story_id"]
    # named by its first article inside the selection: the excerpt and the reprint share a date, so doc_id
    assert story["reprint"] == story["excerpt"] == story["rerun"] == "excerpt"
    sources = duplicates.republishing(later.documents).set_index("republisher")["source"]
    assert sources.to_dict() == {"Harbour Gazette": "Energy Weekly"}
    assert load_corpus(syndicated.path, use_cache=False).documents["story_id"].nunique() == 4


def test_a_dollar_in_an_outlet_is_text_in_every_chart(syndicated):
    docs = syndicated.documents.assign(
        outlet=syndicated.documents["outlet"].str.replace("Wire", r"Money $\bad$")
    )
    charts = [
        plots.stories_by_outlet(duplicates.stories_by_outlet(docs), docs),
        plots.republishing(duplicates.republishing(docs), docs),
        plots.publication_timeline(docs),
    ]
    for fig in charts:
        fig.canvas.draw()  # mathtext would raise on \bad


def test_one_new_article_against_many_stored_ones(news):
    """A new copy of a text stored late among many others (the case of adding one article to a big store)."""
    rng = np.random.default_rng(3)
    vocabulary = _words(REPORT_ONE + REPORT_TWO + OTHER)
    rows = [(f"item-{n:03d}", f"Outlet {n % 9}", "2023-03-01", " ".join(rng.choice(vocabulary, size=60)))
            for n in range(300)]  # fmt: skip
    rows.append(("wire", "Wire", "2023-03-21", RELEASE))
    stored = _documents(rows)
    reprint = news[news["doc_id"] == "reprint"]
    found = new_copies(signatures(stored), reprint, stored)
    assert [tuple(p) for p in found[["doc_a", "doc_b"]].to_numpy()] == [("wire", "reprint")]
    everything = copies(pd.concat([stored, reprint], ignore_index=True))
    assert [tuple(p) for p in everything[["doc_a", "doc_b"]].to_numpy()] == [("wire", "reprint")]


def test_stored_articles_sharing_no_fingerprint_or_exact_key_with_the_new_ones_change_nothing(news):
    """What lets ingest read only the related stored signatures: the furniture of an outlet, the
    exact-copy groups and the candidates all come from the fingerprints the new articles hold."""
    footer = "Follow the Harbour Gazette on social media and sign up for our morning newsletter today."
    rng = np.random.default_rng(11)
    vocabulary = _words(REPORT_ONE + REPORT_TWO + OTHER)
    items = [(f"item-{n:02d}", "Harbour Gazette", "2023-03-01", " ".join(rng.choice(vocabulary, size=40))
              + "\n\n" + footer) for n in range(20)]  # fmt: skip
    copies_of_wire = [(f"copy-{n}", f"Outlet {n}", "2023-03-23", RELEASE) for n in range(3)]
    stored = _documents(items + copies_of_wire + list(news.iloc[[0, 2, 3, 4, 5]].itertuples(index=False)))
    item = " ".join(rng.choice(vocabulary, size=40)) + "\n\n" + footer
    new = _documents([
        ("reprint", "Harbour Gazette", "2023-03-22", REPRINT + "\n\n" + footer),
        ("copy-new", "Outlet 9", "2023-03-20", RELEASE),
        ("item-new", "Harbour Gazette", "2023-03-24", item),
    ])  # fmt: skip
    signed, fresh = signatures(stored), signatures(new)
    held = {int(f) for prints in fresh["fingerprints"] for f in prints}
    related = signed["exact"].isin(fresh["exact"]) | signed["fingerprints"].map(lambda p: bool(held & set(p)))
    assert 0 < related.sum() < len(signed)
    found = new_copies(signed, new, stored)
    pd.testing.assert_frame_equal(new_copies(signed[related].reset_index(drop=True), new, stored), found)
    pairs = {tuple(p) for p in found[["doc_a", "doc_b"]].to_numpy()}
    assert ("wire", "reprint") in pairs and ("copy-new", "wire") in pairs
    assert not {p for p in pairs if "item-new" in p}  # the footer is the Gazette's furniture
