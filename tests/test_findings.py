"""newslens.findings: choices made from the data by stated rules, and sentences true of the corpus."""

from __future__ import annotations

import pandas as pd
import pytest

from newslens import findings, schema, terms
from newslens.corpus import Corpus, select


def test_commentary_on_the_built_in_corpus_is_shown_for_it_alone(corpus):
    assert (
        findings.builtin(corpus.documents, "Xi meets Putin.")
        == "**Reading (built-in corpus).** Xi meets Putin."
    )
    part = select(corpus, start="2023-10-01")  # the built-in corpus, but not all of it
    assert findings.builtin(part.documents, "Xi meets Putin.") == ""
    other = corpus.documents.assign(doc_id=corpus.documents["doc_id"] + "-copy")
    assert findings.builtin(other, "Xi meets Putin.") == ""


def test_the_two_best_covered_months_are_compared_with_the_rule_stated(corpus):
    chosen = findings.comparison(corpus.documents)
    months = corpus.documents["published"].dt.strftime("%Y-%m")
    assert sorted(set(months[corpus.documents["doc_id"].isin(chosen.target_ids)])) == ["2023-03"]
    assert sorted(set(months[corpus.documents["doc_id"].isin(chosen.reference_ids)])) == ["2023-10"]
    assert (chosen.target, chosen.reference) == ("March 2023", "October 2023")
    assert "two months with the most articles" in chosen.rule and "(2 articles)" in chosen.rule
    assert "The target is 2 articles" in chosen.caveat


def test_outlets_are_compared_when_months_are_too_small_and_nothing_when_neither(corpus):
    docs = corpus.documents.assign(published=pd.NaT, outlet=["A", "A", "B", "B", "C"])
    chosen = findings.comparison(docs)
    assert (chosen.target, chosen.reference) == ("A", "B") and "two outlets" in chosen.rule
    assert findings.comparison(corpus.documents.assign(published=pd.NaT)) is None  # one article an outlet
    given = findings.comparison(corpus.documents, parts=["CGTN", "2023-10"])
    assert given.target_ids == ["cgtn-2023-03-22"] and len(given.reference_ids) == 2
    assert "The target is 1 article" in given.caveat
    with pytest.raises(ValueError, match="two parts"):
        findings.comparison(corpus.documents, parts=["CGTN"])


def test_followed_terms_change_between_months_and_occur_in_enough_articles(corpus):
    followed, rule = findings.followed_terms(corpus)
    assert len(followed) == 7 and "differs most between months" in rule and "at least 2 articles" in rule
    spread = terms.frequencies(corpus).set_index("term")["doc_freq"]
    assert all(spread[t] >= 2 for t in followed)
    by_month = terms.frequencies(corpus, by="month")
    march = by_month[by_month["group"] == "2023-03"].set_index("term")["per_10k"]
    october = by_month[by_month["group"] == "2023-10"].set_index("term")["per_10k"]
    assert "peace" in followed and march["peace"] > 3 * october.get("peace", 0)


def _with_documents(corpus, documents: pd.DataFrame) -> Corpus:
    """The corpus with other documents' metadata (dates, outlets)."""
    return Corpus(
        corpus.path, {name: corpus.table(name) for name in schema.CORPUS} | {"documents": documents}
    )


def test_an_undated_corpus_follows_terms_across_outlets_or_by_articles(corpus):
    undated = corpus.documents.assign(published=pd.NaT)
    followed, rule = findings.followed_terms(_with_documents(corpus, undated))
    assert "between outlets" in rule
    one = undated.assign(outlet="Same")
    followed, rule = findings.followed_terms(_with_documents(corpus, one))
    assert rule == "the 7 terms used in the most articles" and followed[:2] == ["china", "russia"]


def test_sentences_state_the_figures_of_the_tables(corpus):
    docs = corpus.documents
    assert findings.publications(docs).startswith("The corpus holds 5 articles from 5 outlets")
    assert "busiest month is March 2023 (2 articles)" in findings.publications(docs)
    longest, shortest = int(docs["n_words"].max()), int(docs["n_words"].min())
    assert f"from {shortest:,} to {longest:,} words" in findings.lengths(docs)
    table = terms.frequencies(corpus, top=3, rank="documents")
    first = table.iloc[0]
    assert (
        f"“{first['term']}” ({first['count']} times in {first['doc_freq']} articles)"
        in findings.top_terms(table)
    )
    assert "outlets hold 1 article each" in findings.group_sizes(docs)


def test_text_from_the_articles_cannot_inject_markup():
    shown = findings.plain("<script>alert(1)</script> *bold* [link](http://x) #tag")
    assert "<script" not in shown and "\\*bold\\*" in shown and "\\[link\\]\\(" in shown


def test_small_corpora_get_grammatical_sentences_and_still_follow_terms(corpus):
    one = select(corpus, start="2024-10-01")
    assert findings.publications(one.documents).startswith(
        "The corpus holds 1 article from 1 outlet, published on 2 October 2024"
    )
    assert findings.copies(one.documents).startswith("The one article is a story of its own")
    followed, _ = findings.followed_terms(one)
    assert followed  # a term in the one article is in "enough" articles
    with pytest.raises(ValueError, match="selects no article"):
        findings.comparison(corpus.documents, parts=["CGTN", "CGTN"])
    assert "\\$" in findings.plain("US$90")


def test_the_weighted_median_of_copies_is_the_median_of_one_copy():
    import numpy as np

    from newslens.sentiment import _weighted_median

    for copies in range(1, 9):
        for n in range(1, 9):
            values = np.random.default_rng(10 * copies + n).normal(size=n)
            weighted = _weighted_median(np.tile(values, copies), np.full(n * copies, 1 / copies))
            assert weighted == pytest.approx(float(np.median(values)))
