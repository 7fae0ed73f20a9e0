"""newslens.terms: counts, phrases, association, keyness, concordance and dispersion.

Expected numbers are worked out by hand in the comments next to them.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

import newslens
from newslens import load_corpus, terms
from newslens.schema import columns

MINI = {
    # 16 words: trade x4 (Trade, trade, Trade, trade), talks x2
    "raw/a.txt": "Trade talks\n\nThe trade talks resumed. "
    "Trade between the two countries grew, and trade will grow.\n",
    # 9 words: peace x3, talks x1
    "raw/b.txt": "Peace talks\n\nLeaders discussed peace. Peace is the aim.\n",
}
ROWS = [
    "a,raw/a.txt,Trade talks,Outlet A,2023-03-01,,en,,",
    "b,raw/b.txt,Peace talks,Outlet B,2023-04-02,,en,,",
]


@pytest.fixture
def mini(make_data):
    return load_corpus(make_data(MINI, rows=ROWS), use_cache=False)


def _tokens(docs: dict[str, list[list[str]]]) -> pd.DataFrame:
    """A tokens table from sentences of words (all words, none stopwords)."""
    rows = []
    for doc, sentences in docs.items():
        tok, pos = 0, 0
        for sent, words in enumerate(sentences):
            for word in words:
                rows.append((doc, sent, tok, pos, pos + len(word), word, word, word, False, True))
                tok, pos = tok + 1, pos + len(word) + 1
    return pd.DataFrame(rows, columns=columns("tokens"))


# --- frequencies and n-grams ---------------------------------------------------------


def test_frequencies_match_a_hand_count(mini):
    table = terms.frequencies(mini).set_index("term")
    assert table.loc["trade", "count"] == 4
    assert table.loc["talks", "count"] == 3 and table.loc["talks", "doc_freq"] == 2
    assert table.loc["peace", "count"] == 3
    assert "the" not in table.index and "." not in table.index
    assert table.loc["trade", "per_10k"] == pytest.approx(1e4 * 4 / 25)  # 25 words in all


def test_frequencies_by_document_use_each_documents_word_count(mini):
    table = terms.frequencies(mini, by="doc").set_index(["group", "term"])
    assert table.loc[("a", "trade"), "per_10k"] == pytest.approx(2500)  # 4 of 16 words
    assert table.loc[("b", "peace"), "per_10k"] == pytest.approx(1e4 * 3 / 9)


def test_frequencies_by_outlet_and_month_and_options(mini):
    by_outlet = terms.frequencies(mini, by="outlet", top=1)
    assert list(zip(by_outlet["group"], by_outlet["term"], strict=True)) == [
        ("Outlet A", "trade"), ("Outlet B", "peace"),
    ]  # fmt: skip
    by_month = terms.frequencies(mini, by="month")
    assert set(by_month["group"]) == {"2023-03", "2023-04"}
    with_stops = terms.frequencies(mini, keep_stopwords=True).set_index("term")
    assert with_stops.loc["the", "count"] == 3


def test_lemma_unit_merges_forms(mini):
    by_lemma = terms.frequencies(mini, unit="lemma").set_index("term")
    assert by_lemma.loc["talks", "count"] == 3
    assert "grew" in by_lemma.index  # an irregular past is its own stem


def test_ngrams_never_cross_sentences_punctuation_or_cuts(make_data):
    corpus = load_corpus(make_data({
        **MINI, "raw/c.txt": "Markets\n\nPrices rose sharply #markets #oil analysts expected more.\n",
    }, rows=[*ROWS, "c,raw/c.txt,M,Outlet C,2023-05-01,,en,,"]), use_cache=False)  # fmt: skip
    bigrams = terms.ngrams(corpus, keep_stopwords=True).set_index("ngram")
    assert bigrams.loc["trade talks", "count"] == 2
    assert bigrams.loc["talks resumed", "count"] == 1
    assert "peace peace" not in bigrams.index  # "peace. Peace" crosses a sentence
    assert "grew and" not in bigrams.index  # a comma in between
    assert "sharply analysts" not in bigrams.index  # a removed hashtag run in between
    trigrams = terms.ngrams(corpus, n=3).set_index("ngram")
    assert "trade talks resumed" in trigrams.index
    assert "the trade talks" not in trigrams.index  # starts with a stopword


# --- collocations ---------------------------------------------------------------------


def test_collocation_scores_match_hand_computation():
    tokens = _tokens({"d": [["a", "b"], ["a", "b"], ["c", "d"], ["a", "c"]]})
    # N = 8 words, f(a) = 3, f(b) = 2, f(a b) = 2
    pmi = terms.collocations(tokens, measure="pmi", min_freq=1, top=None).set_index(["w1", "w2"])
    assert pmi.loc[("a", "b"), "score"] == pytest.approx(math.log2(8 * 2 / (3 * 2)))  # 1.415
    dice = terms.collocations(tokens, measure="log_dice", min_freq=1, top=None).set_index(["w1", "w2"])
    assert dice.loc[("a", "b"), "score"] == pytest.approx(14 + math.log2(2 * 2 / (3 + 2)))  # 13.678
    assert terms.collocations(tokens, min_freq=2, top=None)[["w1", "w2"]].values.tolist() == [["a", "b"]]


def test_collocation_window_reaches_past_neighbours():
    tokens = _tokens({"d": [["x", "y", "z"], ["x", "q", "z"]]})
    adjacent = terms.collocations(tokens, min_freq=2, window=2, top=None)
    wider = terms.collocations(tokens, min_freq=2, window=3, top=None)
    assert adjacent.empty
    assert wider[["w1", "w2"]].values.tolist() == [["x", "z"]]
    with pytest.raises(ValueError, match="measure"):
        terms.collocations(tokens, measure="magic")


# --- keyness ----------------------------------------------------------------------------


def test_log_likelihood_p_value_and_log_ratio_by_hand():
    # 10 of 1,000 words in the target, 5 of 2,000 in the reference:
    # E = 1000*15/3000 = 5 and 2000*15/3000 = 10; G2 = 2(10 ln 2 + 5 ln 0.5) = 6.931472
    assert terms.log_likelihood(10, 5, 1000, 2000) == pytest.approx(6.931472, abs=1e-6)
    assert terms.log_ratio(10, 5, 1000, 2000) == pytest.approx(2.0)  # log2(0.01 / 0.0025)
    assert terms.log_ratio(0, 5, 1000, 2000) == pytest.approx(math.log2(0.2))  # zero taken as 0.5
    assert terms.log_likelihood(0, 0, 1000, 2000) == 0.0
    # chi-square (1 df) critical values from statistical tables
    assert terms.chi2_p_value(3.841459) == pytest.approx(0.05, abs=1e-6)
    assert terms.chi2_p_value(6.634897) == pytest.approx(0.01, abs=1e-6)
    assert terms.chi2_p_value(10.827566) == pytest.approx(0.001, abs=1e-6)


def test_keyness_sign_follows_the_counts_when_the_target_is_tiny():
    # absent from 100 target words, 10 times in 100,000 reference words: under-used.
    # 0.5 of 100 words (50 per 10k) would read as 50 times the reference rate (1 per 10k);
    # the zero is taken as half the count the reference rate predicts: 0.005 -> log2(0.5) = -1
    assert terms.log_ratio(0, 10, 100, 100_000) == pytest.approx(-1.0)
    assert terms.log_ratio(10, 0, 100_000, 100) == pytest.approx(1.0)
    counts = pd.DataFrame(
        {"term": ["absent", "present"], "target_count": [0, 3], "reference_count": [10, 10]}
    )
    table = terms.score_keyness(counts, 100, 100_000).set_index("term")
    assert table.loc["absent", "direction"] == "negative" and table.loc["absent", "log_ratio"] < 0
    assert table.loc["present", "direction"] == "positive" and table.loc["present", "log_ratio"] > 0


def test_keyness_of_a_document_against_the_rest(mini):
    table = terms.keyness(mini, ["a"], min_count=1).set_index("term")
    # trade: 4 of 16 target words, 0 of 9 reference words; E1 = 16*4/25 = 2.56
    assert table.loc["trade", "g2"] == pytest.approx(2 * 4 * math.log(4 / 2.56))  # 3.570
    assert table.loc["trade", "log_ratio"] == pytest.approx(math.log2((4 / 16) / (0.5 / 9)))
    assert table.loc["trade", "direction"] == "positive"
    assert table.loc["peace", "direction"] == "negative"
    assert table.loc["peace", "reference_count"] == 3 and table.loc["peace", "target_count"] == 0


def test_select_documents_by_id_outlet_and_period(mini):
    docs = mini.documents
    assert terms.select_documents(docs, "a") == ["a"]
    assert terms.select_documents(docs, "outlet b") == ["b"]
    assert terms.select_documents(docs, "2023") == ["a", "b"]
    assert terms.select_documents(docs, "2023-04") == ["b"]
    assert terms.select_documents(docs, "2023-02-01:2023-03-31") == ["a"]
    with pytest.raises(ValueError, match=r"Outlet A, Outlet B"):
        terms.select_documents(docs, "Reuters")


def test_tfidf_leaves_out_terms_every_document_uses(mini):
    table = terms.tfidf(mini.tokens, top=3)
    assert "talks" not in set(table["term"])  # in both documents: idf = ln(2/2) = 0
    best = table.groupby("doc_id")["term"].first()
    assert best["a"] == "trade" and best["b"] == "peace"
    row = table.set_index(["doc_id", "term"]).loc[("a", "trade")]
    assert row["tfidf"] == pytest.approx(4 / 16 * math.log(2))


# --- concordance and dispersion -----------------------------------------------------------


def test_kwic_lines_rebuild_their_sentence(corpus):
    lines = terms.kwic(corpus, "cooperation", window=1000)
    texts = corpus.documents.set_index("doc_id")["text"]
    sentences = corpus.sentences
    assert len(lines) == len(terms.find(corpus.tokens, "cooperation")) > 10
    for line in lines.itertuples():
        assert texts[line.doc_id][line.start : line.end] == line.keyword
        inside = sentences[(sentences["doc_id"] == line.doc_id) & (sentences["start"] <= line.start)
                           & (sentences["end"] >= line.end)]  # fmt: skip
        assert line.left + line.keyword + line.right == inside["text"].iat[0]


def test_kwic_phrases_case_and_lemma(corpus):
    phrase = terms.kwic(corpus, "Belt and Road")
    assert len(phrase) >= 5 and set(phrase["keyword"].str.lower()) == {"belt and road"}
    assert len(terms.kwic(corpus, "President Xi Jinping")) >= 1
    assert len(terms.kwic(corpus, "xi", ignore_case=False)) == 0
    assert len(terms.kwic(corpus, "Xi", ignore_case=False)) == len(terms.kwic(corpus, "xi"))
    lemma = terms.kwic(corpus, "relation", lemma=True)
    assert "relations" in set(lemma["keyword"].str.lower())
    assert terms.kwic(corpus, "relation").empty


def test_unknown_term_gives_an_empty_table_with_columns(corpus):
    lines = terms.kwic(corpus, "zyzzyva")
    assert lines.empty and "keyword" in lines.columns
    assert terms.dispersion(corpus.tokens, corpus.documents, ["zyzzyva"]).empty


def test_dispersion_positions_and_measures_by_hand():
    tokens = _tokens({"d1": [["x"] + ["w"] * 9], "d2": [["w"] * 10 + ["x", "x", "x"] + ["w"] * 17]})
    # x: 1 of 10 tokens in d1 and 3 of 30 in d2, the same rate: perfectly even
    even = terms.dispersion_measures(tokens, ["x"]).iloc[0]
    assert even["juilland_d"] == pytest.approx(1.0) and even["gries_dp"] == pytest.approx(0.0)
    assert even["count"] == 4 and even["range"] == 2
    lopsided = _tokens({"d1": [["x", "x"] + ["w"] * 8], "d2": [["w"] * 30]})
    # v = (1, 0), s = (0.25, 0.75): DP = 0.5 (0.75 + 0.75) = 0.75; rates (0.2, 0): D = 1 - 1/sqrt(1) = 0
    row = terms.dispersion_measures(lopsided, ["x"]).iloc[0]
    assert row["gries_dp"] == pytest.approx(0.75) and row["juilland_d"] == pytest.approx(0.0)
    documents = pd.DataFrame(
        {"doc_id": ["d1", "d2"], "published": pd.to_datetime(["2023-01-02", "2023-01-01"])}
    )
    places = terms.dispersion(tokens, documents, ["x"])
    assert list(places["doc_id"]) == ["d2", "d2", "d2", "d1"]  # by date, then position
    assert places["position"].iat[-1] == 0.0 and places["position"].between(0, 1).all()


def test_empty_corpus_gives_empty_tables(mini):
    empty = newslens.select(mini, start="2030-01-01")
    assert empty.size() == 0
    assert terms.frequencies(empty).empty
    assert terms.ngrams(empty).empty
    assert terms.collocations(empty.tokens).empty
    assert terms.keyness(empty, ["a"]).empty
    assert terms.tfidf(empty.tokens).empty
    assert terms.kwic(empty, "trade").empty


def test_one_document_corpus(make_data):
    corpus = load_corpus(make_data({"raw/a.txt": MINI["raw/a.txt"]}, rows=ROWS[:1]), use_cache=False)
    assert terms.frequencies(corpus).set_index("term").loc["trade", "count"] == 4
    assert terms.keyness(corpus, ["a"]).empty  # nothing to compare with
    assert terms.tfidf(corpus.tokens).empty  # every term is in every document
    row = terms.dispersion_measures(corpus.tokens, ["trade"]).iloc[0]
    assert math.isnan(row["juilland_d"]) and row["gries_dp"] == pytest.approx(0.0)


def test_occurrences_find_phrases_inside_multi_word_names(corpus):
    table = terms.occurrences(corpus.tokens, corpus.documents, ["belt and road"]).set_index("group")
    assert table.loc["arirang-2023-10-18", "count"] == 5  # "Belt and Road Forum" x4, "... Initiative" x1
    over_time = terms.frequency_over_time(corpus.tokens, corpus.documents, ["trade"], period="M")
    assert over_time["count"].sum() == len(terms.find(corpus.tokens, "trade"))
    assert set(over_time["resolution"]) == {"month"}


def test_occurrences_in_an_article_without_words_are_zero_not_an_error(corpus):
    first = corpus.documents["doc_id"].iat[0]
    tokens = corpus.tokens[(corpus.tokens["doc_id"] != first) | ~corpus.tokens["is_word"]]
    table = terms.occurrences(tokens, corpus.documents, ["peace"])
    row = table[table["group"] == first].iloc[0]
    assert (row["words"], row["count"], row["per_10k"]) == (0, 0, 0.0)
