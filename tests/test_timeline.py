"""newslens.timeline: timexes in context, events, publications and dated figures."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from conftest import PROJECT_DATA
from newslens import load_corpus, timeline

ROWS = ["a,raw/a.txt,A,Outlet A,2023-10-18,,en,,", "b,raw/b.txt,B,Outlet B,2023-10-19,,en,,"]
ARTICLE_A = (
    "Leaders meet in Beijing\n\n"
    "Chinese President Xi Jinping held talks with Russian President Vladimir Putin on Wednesday. "
    "The Belt and Road Forum runs from 17 to 18 October. "
    "Trade between the two countries exceeded $190 billion last year, moving towards the target of "
    "200 billion US dollars. "
    "Russia Writes Off 20 billion in debt, the ministry said.\n"
)
ARTICLE_B = (
    "Talks in Beijing\n\n"
    "Xi and Putin met on Wednesday in Beijing, a day after the forum opened. "
    "In 2013, Xi was elected president.\n"
)


@pytest.fixture
def corpus(make_data):
    """Two articles, with the project's gazetteer as their own (a folder without one has none)."""
    gazetteer = (PROJECT_DATA / "actors.yml").read_text(encoding="utf-8")
    files = {"raw/a.txt": ARTICLE_A, "raw/b.txt": ARTICLE_B, "actors.yml": gazetteer}
    return load_corpus(make_data(files, rows=ROWS), use_cache=False)


def test_timexes_are_resolved_per_article_with_offsets_into_the_text(corpus):
    found = timeline.timexes(corpus.documents, corpus.sentences)
    texts = corpus.documents.set_index("doc_id")["text"]
    for row in found.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
    a = found[found["doc_id"] == "a"].set_index("text")["value"]
    b = found[found["doc_id"] == "b"].set_index("text")["value"]
    assert a["Wednesday"] == "2023-10-18"  # the DCT's own weekday
    assert b["Wednesday"] == "2023-10-18"  # the day before a Thursday DCT
    assert a["17"] == "2023-10-17" and a["18 October"] == "2023-10-18"  # a range: both ends
    assert a["last year"] == "2022"
    assert set(found["anchor"]) == {"2023-10-18", "2023-10-19"}


@pytest.mark.parametrize(("value", "first", "last"), [
    ("2023-10-18", "2023-10-18", "2023-10-18"),
    ("2023-02", "2023-02-01", "2023-02-28"),
    ("2024-02", "2024-02-01", "2024-02-29"),
    ("2023", "2023-01-01", "2023-12-31"),
    ("2023-W42", "2023-10-16", "2023-10-22"),
    ("2023-W42-WE", "2023-10-21", "2023-10-22"),
    ("2023-Q3", "2023-07-01", "2023-09-30"),
    ("2023-SU", "2023-06-01", "2023-08-31"),
    ("201", "2010-01-01", "2019-12-31"),
])  # fmt: skip
def test_interval_of_a_value(value, first, last):
    assert timeline.interval(value) == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))


@pytest.mark.parametrize("value", ["PRESENT_REF", "P10Y", "XXXX-WXX-1", "2023-10-18TMO"])
def test_values_off_the_calendar_have_no_interval(value):
    assert timeline.interval(value) is None


def test_events_merge_the_same_meeting_across_articles(corpus):
    tables = timeline.analyse(corpus)
    events = tables["events"]
    meeting = events[(events["value"] == "2023-10-18") & (events["trigger"] == "meeting")]
    assert len(meeting) == 1
    row = meeting.iloc[0]
    assert row["doc_ids"] == "a, b"
    assert {"xi_jinping", "vladimir_putin"} <= set(row["actors"].split(", "))
    assert (
        row["evidence"].count(" | ") == 1 and "a: Chinese President Xi Jinping held talks" in row["evidence"]
    )
    election = events[events["trigger"] == "election"].iloc[0]
    assert election["value"] == "2013" and election["start_date"] == pd.Timestamp("2013-01-01")
    forum = events[events["value"] == "2023-10-17/2023-10-18"]
    assert forum["start_date"].iat[0] == pd.Timestamp("2023-10-17")
    assert forum["end_date"].iat[0] == pd.Timestamp("2023-10-18")


def test_a_dated_sentence_without_actor_or_trigger_is_no_event(make_data):
    text = "Quiet day\n\nThe weather was mild on Wednesday. Xi rested on Tuesday.\n"
    corpus = load_corpus(make_data({"raw/a.txt": text}, rows=ROWS[:1]), use_cache=False)
    assert timeline.analyse(corpus)["events"].empty


def test_figures_tell_values_from_targets_and_find_their_year(corpus):
    found = timeline.analyse(corpus)["figures"]
    rows = found.set_index("text")
    value = rows.loc["exceeded $190 billion"]
    assert value["amount"] == 190e9 and value["currency"] == "USD" and value["qualifier"] == ">"
    assert value["year"] == 2022 and value["kind"] == "value" and value["topic"] == "bilateral trade"
    target = rows.loc["200 billion US dollars"]
    assert target["kind"] == "target" and pd.isna(target["year"])
    assert "20 billion in debt" not in " ".join(found["text"])  # no currency: not comparable money


def test_publications_count_articles_per_outlet_and_date(corpus):
    table = timeline.publications(corpus.documents)
    assert table["articles"].tolist() == [1, 1]
    monthly = timeline.publications(corpus.documents, period="M")
    assert monthly["date"].tolist() == [pd.Timestamp("2023-10-01")] * 2


def test_built_in_corpus_timeline_spans_2009_to_2024(data_copy):
    events = timeline.analyse(load_corpus(data_copy))["events"]
    assert events["start_date"].min().year <= 2013 and events["end_date"].max().year == 2024
    assert len(events[events["start_date"].dt.year >= 2023]) >= 10


def test_an_undated_article_keeps_its_explicit_dates_only(make_data):
    data = make_data(
        {"raw/a.txt": ARTICLE_A, "raw/b.txt": ARTICLE_B}, rows=[ROWS[0], "b,raw/b.txt,B,Outlet B,,,en,,"]
    )
    corpus = load_corpus(data, use_cache=False)
    found = timeline.timexes(corpus.documents, corpus.sentences)
    undated = found[found["doc_id"] == "b"].set_index("text")
    # "on Wednesday" needs a publication date; the year and the length of "a day" do not
    assert undated["value"].to_dict() == {"a day": "P1D", "2013": "2013"}
    assert set(undated["anchor"]) == {""}
    assert "Wednesday" in set(found.loc[found["doc_id"] == "a", "text"])
