"""newslens.vader gives the vaderSentiment package's own scores, rule by rule and on real text."""

from __future__ import annotations

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from newslens import vader

#: A sentence for each of VADER's rules, and a few where rules meet.
RULES = [
    "",
    "...",
    "The talks were good.",
    "The talks were very good.",
    "The talks were VERY good, the dinner fine.",
    "The talks were GOOD, the dinner fine.",
    "THE TALKS WERE GOOD.",
    "The talks were kind of good.",
    "The talks were sort of a failure.",
    "The talks were not good.",
    "The talks weren't good at all.",
    "The talks were never so good.",
    "It was never this bad in the old days.",
    "Without doubt the talks were a success.",
    "Without any doubt, a success.",
    "Without a doubt, brilliant work.",
    "The vote was a kiss of death for the plan.",
    "The new stadium is the bomb, fans say.",
    "No good news came out of the meeting.",
    "There was no deal or agreement reached.",
    "No, the envoy said.",
    "Of all the options, it was the least bad.",
    "At least the talks were not a disaster.",
    "At the very least it was a welcome step.",
    "Least happy were the farmers.",
    "The plan was good, but the results were bad and the costs were bad.",
    "Good, good, but bad, bad, but good.",
    "Nice, but a happy team and a nice, happy crowd.",
    "The minister was the bomb, a real kiss of death for the rivals.",
    "Yeah right, said the spokesman.",
    "What a great result!!!",
    "What a great result!!!!!!",
    "Is this really a good deal??",
    "Is this really a good deal????",
    "Is this a bad deal?",
    "The crowd cheered :) and then booed :(",
    "The fans sent 😁 and 💔 to the team.",
    "A win😁for the team.",
    "He hardly ever smiles, and barely won.",
    "Utterly, TOTALLY terrible decisions were made.",
    "They were not very happy with the deal.",
    "They could not be more pleased.",
]


@pytest.fixture(scope="module")
def reference() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def _vaders(analyzer: SentimentIntensityAnalyzer, sentence: str) -> tuple[float, ...]:
    scores = analyzer.polarity_scores(sentence)
    return scores["compound"], scores["pos"], scores["neu"], scores["neg"]


@pytest.mark.parametrize("sentence", RULES)
def test_each_rule_scores_as_vader_scores_it(reference, sentence):
    assert vader.scores(sentence) == _vaders(reference, sentence)


def test_every_sentence_of_the_built_in_corpus_scores_as_vader_scores_it(reference, corpus):
    texts = corpus.sentences["text"]
    mine = [tuple(vader.scores(text)) for text in texts]
    assert len(texts) > 100
    assert mine == [_vaders(reference, text) for text in texts]


def test_the_rules_move_the_scores_the_way_vader_describes():
    good = vader.scores("The talks were good.").compound
    assert vader.scores("The talks were very good.").compound > good > 0
    assert vader.scores("The talks were not good.").compound < 0
    assert vader.scores("What a great result!!!").compound > vader.scores("What a great result.").compound


def test_the_lexicon_is_vaders(reference):
    assert vader.lexicon() == reference.lexicon
