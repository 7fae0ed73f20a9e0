"""newslens.charts: the interactive charts embed the right aggregates and evidence, and stay small."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from newslens import actors, charts, findings, quotes, sentiment, terms, timeline
from newslens.report import VEGALITE


def _data(chart) -> list[dict]:
    """Every row embedded in a chart's spec, over all its datasets."""
    return [row for rows in chart.to_dict()["datasets"].values() for row in rows]


@pytest.fixture(scope="module")
def found(corpus):
    return quotes.analyse(corpus)


@pytest.fixture(scope="module")
def scores(corpus):
    return sentiment.sentence_scores(corpus.sentences)


def test_a_chart_shows_itself_as_vega_lite_5_which_jupyterlab_draws_offline(corpus):
    events = timeline.analyse(corpus)["events"]
    bundle = charts.event_timeline(events, corpus.documents)._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    assert VEGALITE in bundle and "text/html" not in bundle  # no script from a CDN


def test_each_event_carries_its_outlets_and_evidence(corpus):
    events = timeline.analyse(corpus)["events"]
    rows = _data(charts.event_timeline(events, corpus.documents, top=10, evidence=2))
    assert len(rows) == min(10, len(events))
    outlets = set(corpus.documents["outlet"])
    for row in rows:
        assert set(row["outlets"].split(", ")) <= outlets
        assert row["evidence 1"] and len(row["evidence 1"]) <= charts.CLIP
        assert "evidence 3" not in row
        event = events[events["value"] == row["date"]]
        assert any(row["evidence 1"].rstrip(" …")[:50] in text for text in event["evidence"]), row["date"]


def test_tone_shows_the_most_negative_sentence_of_each_outlet(corpus, scores):
    documents = corpus.documents
    table = sentiment.by_outlet(scores, documents)
    rows = _data(charts.tone(table, scores, documents, group="outlet"))
    assert {row["name"] for row in rows} == set(documents["outlet"])
    outlet = scores["doc_id"].map(documents.set_index("doc_id")["outlet"])
    for row in rows:
        mine = scores[outlet == row["name"]]
        worst = mine.loc[mine["compound"].idxmin()]
        if worst["compound"] <= -0.05:
            assert row["most negative 1"].rstrip(" …")[:40] in worst["text"]
        assert row["mean"] == pytest.approx(table.set_index("outlet").at[row["name"], "mean"])


def test_tone_by_month_names_months_and_by_target_needs_the_mentions(corpus, scores, found):
    documents = corpus.documents
    rows = _data(charts.tone(sentiment.by_month(scores, documents), scores, documents, group="month"))
    assert {row["name"] for row in rows} >= {"March 2023", "October 2023"}
    mentions, _ = sentiment.targets_for(corpus.path, corpus.sentences, found["mentions"], found["actors"])
    by_target = sentiment.by_target(scores, mentions)
    with pytest.raises(ValueError, match="needs the target mentions"):
        charts.tone(by_target, scores, documents, group="target")
    rows = _data(charts.tone(by_target, scores, documents, group="target", mentions=mentions))
    assert {row["name"] for row in rows} == set(by_target["target"].astype(str))


def test_quotations_in_a_segment_are_the_speakers_own(corpus, found):
    quoted, gazetteer = found["quotes"], found["gazetteer"]
    per_speaker = quotes.per_speaker(quoted, corpus.documents, gazetteer)
    rows = _data(charts.quotes_by_speaker(per_speaker, quoted, corpus.documents, gazetteer, top=3))
    assert {row["speaker"] for row in rows} == set(list(dict.fromkeys(per_speaker["speaker"]))[:3])
    xi = [row for row in rows if row["speaker"] == "Xi Jinping"]
    texts = quoted.loc[quoted["actor_id"] == "xi_jinping", "text"].str.cat(sep=" ")
    assert xi and all(row["evidence 1"].rstrip(" …")[:30] in texts for row in xi)


def test_keyness_and_terms_embed_their_tables(corpus):
    tokens, documents = corpus.tokens, corpus.documents
    chosen = findings.comparison(documents)
    keywords = terms.keyness(corpus, chosen.target_ids, top=5)
    rows = _data(charts.keyness(keywords, documents, target=chosen.target, reference=chosen.reference, top=5))
    assert {row["term"] for row in rows} == set(keywords.groupby("direction").head(5)["term"])
    followed = ["peace", "beijing"]
    lines = pd.concat([terms.kwic(corpus, t).assign(term=t) for t in followed])
    by_outlet = terms.occurrences(tokens, documents, followed, by="outlet")
    chart = charts.terms_followed(by_outlet, lines, documents, evidence=3)
    spec = json.dumps(chart.to_dict())
    assert spec.count('"keyword": "peace"') + spec.count('"keyword": "Peace"') == 3  # three lines a term


def test_the_network_draws_the_most_mentioned_actors(corpus, found):
    graph = actors.network(found["mentions"], found["gazetteer"])
    rows = _data(charts.actor_network(graph, corpus.documents, top=5))
    names = {row["name"] for row in rows if "mentions" in row}
    assert len(names) == 5 and {"China", "Russia"} <= names
    pairs = [row for row in rows if "pair" in row]
    assert pairs and all(row["sentences"] >= 1 for row in pairs)


def test_tone_of_nothing_is_an_empty_chart(corpus, scores):
    empty = sentiment.by_outlet(scores.iloc[:0], corpus.documents)
    assert _data(charts.tone(empty, scores.iloc[:0], corpus.documents, group="outlet")) == []


def test_names_with_line_separators_compile(corpus, scores):
    import vl_convert

    documents = corpus.documents.assign(outlet=corpus.documents["outlet"] + "\u2028line")
    chart = charts.tone(sentiment.by_outlet(scores, documents), scores, documents, group="outlet")
    assert vl_convert.vegalite_to_vega(chart.to_dict(), vl_version="5.20")["marks"]  # raised before
    assert all(row["name"].endswith(" line") for row in _data(chart))


def test_event_evidence_keeps_a_bar_inside_a_sentence(corpus):
    events = timeline.analyse(corpus)["events"].head(1)
    doc_id = events["doc_ids"].iat[0].split(", ")[0]
    events = events.assign(evidence=f"{doc_id}: Putin said: talks | were good | {doc_id}: Xi agreed")
    row = _data(charts.event_timeline(events, corpus.documents))[0]
    assert (row["evidence 1"], row["evidence 2"]) == ("Putin said: talks | were good", "Xi agreed")
