"""newslens.sentiment: sentence scores, aggregates, targets and the lexicon's workings."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslens import InputError, sentiment, vader
from newslens.schema import columns

POSITIVE = "The talks were a great success and both sides praised the friendly, warm atmosphere."
NEGATIVE = "The attack killed dozens of people and destroyed the hospital."
NEUTRAL = "The meeting took place on Tuesday in Geneva."


def _sentences(rows: list[tuple[str, int, str, str]]) -> pd.DataFrame:
    """A sentences table from (doc_id, sent_id, text, language)."""
    return pd.DataFrame(
        [(doc, sent, 0, len(text), text, lang) for doc, sent, text, lang in rows],
        columns=columns("sentences"),
    )


def test_sentences_of_known_sign():
    assert sentiment.polarity(POSITIVE) > 0.5
    assert sentiment.polarity(NEGATIVE) < -0.5
    assert sentiment.polarity(NEUTRAL) == 0.0
    assert sentiment.polarity("The talks were not a success.") < 0  # negation flips "success"


def test_longer_text_is_the_mean_of_its_sentences():
    both = sentiment.polarity(f"{POSITIVE} {NEGATIVE}")
    assert both == pytest.approx((sentiment.polarity(POSITIVE) + sentiment.polarity(NEGATIVE)) / 2)
    three = sentiment.polarity(f"{POSITIVE} {NEUTRAL} {NEUTRAL}")
    assert three == pytest.approx(sentiment.polarity(POSITIVE) / 3)


def test_empty_text_is_neutral():
    assert sentiment.polarity("") == 0.0
    assert sentiment.polarity("   \n ") == 0.0


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_polarity_stays_in_range(text):
    assert -1.0 <= sentiment.polarity(text) <= 1.0


@pytest.mark.parametrize(("compound", "expected"), [
    (0.05, "positive"), (0.0499, "neutral"), (0.0, "neutral"), (-0.0499, "neutral"), (-0.05, "negative"),
])  # fmt: skip
def test_thresholds_are_vaders_inclusive_0_05(compound, expected):
    assert sentiment.label(compound) == expected


def test_aggregate_arithmetic():
    scores = pd.DataFrame({"doc_id": ["a"] * 4 + ["b"], "compound": [0.5, -0.5, 0.0, 0.05, -0.2]})
    scores["label"] = scores["compound"].map(sentiment.label)
    table = sentiment.aggregate(scores).set_index("group")
    assert table.loc["a", "sentences"] == 4
    assert table.loc["a", "mean"] == pytest.approx(0.0125)  # (0.5 - 0.5 + 0 + 0.05) / 4
    assert table.loc["a", "median"] == pytest.approx(0.025)
    assert table.loc["a", "share_positive"] == pytest.approx(0.5)
    assert table.loc["a", "share_neutral"] == pytest.approx(0.25)
    assert table.loc["a", "share_negative"] == pytest.approx(0.25)
    assert table.loc["b", "share_negative"] == 1.0 and table.loc["b", "share_positive"] == 0.0


def test_text_not_in_english_is_left_out_and_counted():
    sentences = _sentences([
        ("a", 0, POSITIVE, "en"), ("a", 1, "Les négociations ont été un grand succès.", "fr"),
        ("a", 2, NEGATIVE, "en"),
    ])  # fmt: skip
    scores = sentiment.sentence_scores(sentences)
    assert list(scores["sent_id"]) == [0, 2]
    assert list(sentiment.left_out(sentences)["language"]) == ["fr"]
    documents = pd.DataFrame({"doc_id": ["a"], "outlet": ["O"], "published": pd.to_datetime(["2023-01-01"])})
    assert sentiment.by_document(scores, documents, sentences)["left_out"].tolist() == [1]


def test_corpus_scores_cover_every_english_sentence(corpus):
    scores = sentiment.sentence_scores(corpus.sentences)
    english = corpus.sentences[corpus.sentences["language"] == "en"]
    assert len(scores) == len(english)
    assert scores["compound"].between(-1, 1).all()
    assert set(sentiment.left_out(corpus.sentences)["language"]) == {"ko"}
    by_outlet = sentiment.by_outlet(scores, corpus.documents)
    assert by_outlet["sentences"].sum() == len(scores)


def test_target_phrases_match_whole_words_with_case_rules(tmp_path):
    path = tmp_path / "targets.yml"
    path.write_text(
        "- {id: us, label: United States, phrases: [US, West, Western]}\n"
        "- {id: trade, label: Trade, phrases: [trade]}\n",
        encoding="utf-8",
    )
    sentences = _sentences([
        ("d", 0, "The US imposed tariffs.", "en"),
        ("d", 1, "He told us about the trade deal.", "en"),
        ("d", 2, "Trade grew by US$90 billion to 200 billion US dollars.", "en"),
        ("d", 3, "Kazan lies in western Russia.", "en"),
        ("d", 4, "WESTERN SANCTIONS BITE, the Western press wrote.", "en"),
        ("d", 5, "Trader sentiment and a USB stick.", "en"),
    ])  # fmt: skip
    mentions = sentiment.target_mentions(sentences, sentiment.load_targets(path))
    found = mentions.groupby("target_id")["sent_id"].apply(sorted).to_dict()
    assert found == {"us": [0, 4], "trade": [1, 2]}


def test_targets_file_errors_name_the_file(tmp_path):
    path = tmp_path / "targets.yml"
    path.write_text("- {id: x, label: X}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"targets\.yml: entry 1 needs an id, a label and a list of phrases"):
        sentiment.load_targets(path)


def test_by_target_averages_the_sentences_that_mention_it():
    sentences = _sentences([("d", 0, POSITIVE, "en"), ("d", 1, NEGATIVE, "en"), ("d", 2, NEUTRAL, "en")])
    scores = sentiment.sentence_scores(sentences)
    mentions = pd.DataFrame(
        {"doc_id": ["d", "d"], "sent_id": [0, 1], "target_id": ["t", "t"], "target": ["T"] * 2}
    )
    row = sentiment.by_target(scores, mentions).iloc[0]
    assert row["sentences"] == 2
    assert row["mean"] == pytest.approx(scores["compound"].iloc[:2].mean())


def test_drivers_are_count_times_lexicon_valence(make_data):
    from newslens import load_corpus

    data = make_data({"raw/a.txt": "Good news\n\nGood results, good partners, a bad day.\n"},
                     rows=["a,raw/a.txt,A,O,2023-01-01,,en,,"])  # fmt: skip
    table = sentiment.drivers(load_corpus(data, use_cache=False).tokens).set_index("word")
    lexicon = vader.lexicon()
    assert table.loc["good", "count"] == 3
    assert table.loc["good", "contribution"] == pytest.approx(3 * lexicon["good"])
    assert table.loc["bad", "direction"] == "negative"


def test_lexicon_valence_marks_unknown_words():
    table = sentiment.lexicon_valence(["crisis", "sanctions"]).set_index("word")["valence"]
    assert table["crisis"] < -2
    assert pd.isna(table["sanctions"])


def test_by_speaker_separates_quotations_from_narration():
    sentences = _sentences([("d", 0, POSITIVE, "en"), ("d", 1, NEGATIVE, "en")])
    sentences.loc[1, ["start", "end"]] = [200, 200 + len(NEGATIVE)]
    scores = sentiment.sentence_scores(sentences)
    quoted = pd.DataFrame({"doc_id": ["d", "d"], "start": [5, 300], "end": [20, 310], "text": ["a", "b"],
                           "speaker": ["Xi", ""], "actor_id": ["xi_jinping", ""],
                           "compound": [0.8, 0.0]})  # fmt: skip
    names = pd.DataFrame({"actor_id": ["xi_jinping"], "name": ["Xi Jinping"]})
    table = sentiment.by_speaker(scores, quoted, names).set_index("speaker")
    assert table.loc["Xi Jinping", "mean"] == pytest.approx(0.8)  # the gazetteer's name for the actor
    assert table.loc[sentiment.UNATTRIBUTED, "sentences"] == 1
    narration = table.loc[sentiment.NARRATION]  # only the second sentence has no quotation in it
    assert narration["sentences"] == 1 and narration["mean"] == pytest.approx(scores["compound"].iat[1])


def test_arcs_positions_and_rolling_mean():
    scores = pd.DataFrame({"doc_id": ["d"] * 3, "sent_id": [0, 1, 2], "compound": [1.0, 0.0, -1.0]})
    arc = sentiment.arcs(scores)
    assert list(arc["position"]) == [0.0, 0.5, 1.0]
    assert list(arc["rolling"]) == pytest.approx([0.5, 0.0, -0.5])  # centred mean of three, fewer at the ends


def test_by_speaker_groups_an_actor_under_one_name_whatever_each_article_calls_them():
    sentences = _sentences([("d", 0, POSITIVE, "en")])
    scores = sentiment.sentence_scores(sentences)
    quoted = pd.DataFrame({"doc_id": ["a", "b", "c"], "start": [0, 0, 0], "end": [5, 5, 5], "text": ["x"] * 3,
                           "speaker": ["Mao", "Mao Ning", "U.S. officials"],
                           "actor_id": ["mao_ning", "mao_ning", "united_states"],
                           "compound": [0.5, 0.1, -0.4]})  # fmt: skip
    table = sentiment.by_speaker(scores, quoted).set_index("speaker")
    assert table.loc["Mao Ning", "sentences"] == 2 and table.loc["Mao Ning", "mean"] == pytest.approx(0.3)
    assert table.loc["U.S. officials", "sentences"] == 1  # no gazetteer given: the name the quotation gives
