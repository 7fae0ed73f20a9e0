"""newslens.quotes: every quotation layout and cue, on short texts written for these tests."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import PROJECT_DATA
from newslens import quotes
from newslens.actors import load_gazetteer, mentions, name_forms
from newslens.text import mwe_tokenizer, tables

GAZETTEER = load_gazetteer(PROJECT_DATA / "actors.yml")
MWES = mwe_tokenizer(name_forms(GAZETTEER))


def _quotes(*texts: str) -> pd.DataFrame:
    documents = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts)})
    sentences = pd.concat([tables(d, t, MWES)[0] for d, t in zip(documents["doc_id"], texts, strict=True)])
    return quotes.quotes(documents, sentences, mentions(sentences, GAZETTEER), GAZETTEER)


def _one(text: str) -> tuple[str, str, str]:
    found = _quotes(text)
    assert len(found) == 1, found
    row = found.iloc[0]
    assert text[row["start"] : row["end"]] == row["text"]
    return row["text"], row["speaker"], row["cue"]


@pytest.mark.parametrize(("text", "quoted", "speaker", "cue"), [
    ("“We will build bridges,” said Xi.", "We will build bridges", "xi_jinping", "said"),
    ('"Trade is growing," Putin said.', "Trade is growing", "vladimir_putin", "said"),
    ("“We are friends“, the Kremlin leader said.", "We are friends", "vladimir_putin", "said"),
    ("‘We will win,’ the Russian president said.", "We will win", "vladimir_putin", "said"),
    ("“Trust grows,” underlined the Chinese leader.", "Trust grows", "xi_jinping", "underlined"),
    ("Xi stressed that China is “ready to help” Russia.", "ready to help", "xi_jinping", "stressed"),
    ("Putin told Xi that ties were “at their best” now.", "at their best", "vladimir_putin", "told"),
    ("Relations are “excellent”, according to Xinhua.", "excellent", "xinhua", "according to"),
    ("Calling Xi his “dear friend,” Putin praised the plan.", "dear friend", "vladimir_putin", "praised"),
    ("“This cannot go on,” a diplomat said.", "This cannot go on", "", "said"),
    ("Moscow and Beijing say they oppose “hegemony” abroad.", "hegemony", "", "say"),
])  # fmt: skip
def test_cue_patterns(text, quoted, speaker, cue):
    assert _one(text) == (quoted, speaker, cue)


def test_quotation_spanning_sentences():
    text = "“Trade has doubled. We will go further,” added the Chinese leader."
    assert _one(text) == ("Trade has doubled. We will go further", "xi_jinping", "added")


def test_nested_quotation_marks_stay_inside_the_outer_quotation():
    text = "“You joined the “Belt and Road” forum three times,” Xi said."
    assert _one(text) == ("You joined the “Belt and Road” forum three times", "xi_jinping", "said")


def test_block_quotation_followed_by_a_caption_line():
    text = "Leaders meet\n\n“We sincerely wish you luck in this endeavour.”\n\n"
    text += "Vladimir Putin President of Russia"
    assert _one(text) == ("We sincerely wish you luck in this endeavour.", "vladimir_putin", "caption")


def test_pronoun_refers_to_the_last_person_named():
    text = "Xi arrived in Moscow on Monday. “We are close partners,” he said."
    assert _one(text) == ("We are close partners", "xi_jinping", "said")


def test_a_quotation_standing_alone_after_reported_speech():
    text = "Xi warned against decoupling. “Viewing others as a threat helps no one.”"
    assert _one(text) == ("Viewing others as a threat helps no one.", "xi_jinping", "context")


def test_apostrophes_are_not_quotations():
    assert _quotes("Xi’s visit and the leaders’ talks went well, said officials.").empty


def test_unknown_speaker_is_left_empty_never_guessed():
    found = _quotes("Xi met Putin. Later, “the talks went well,” a spokesperson told reporters.")
    assert found["speaker"].tolist() == [""]


def test_quotation_sentiment_is_vader_on_the_quoted_words():
    found = _quotes(
        "“This is a wonderful, happy friendship,” said Xi. “The war is a terrible tragedy,” said Putin."
    )
    assert found["compound"].iat[0] > 0.5 and found["compound"].iat[1] < -0.5


def test_the_same_statement_is_paired_across_outlets():
    found = _quotes(
        "“In the current difficult conditions, close coordination is especially needed,” Putin said.",
        "“With the current difficult conditions, close coordination is especially required,” Putin said.",
        "“Football is a fine game for children,” Putin said.",
    )
    documents = pd.DataFrame({"doc_id": ["d0", "d1", "d2"], "outlet": ["A", "B", "C"]})
    reported = pd.DataFrame(columns=["doc_id", "sent_id", "start", "end", "text", "speaker", "cue"])
    pairs = quotes.pairs(found, reported, documents)
    assert len(pairs) == 1
    assert (pairs["doc_a"].iat[0], pairs["doc_b"].iat[0]) == ("d0", "d1")
    assert pairs["similarity"].iat[0] > 0.6


def test_similarity_bounds():
    assert quotes.similarity("close foreign policy coordination", "close foreign policy coordination") == 1.0
    assert quotes.similarity("close foreign policy coordination", "football matches for children") == 0.0


def test_built_in_corpus_quotations(data_copy):
    from newslens import load_corpus

    table = quotes.analyse(load_corpus(data_copy))["quotes"]
    speaker_of = table.set_index("text")["speaker"]
    assert speaker_of["when China does well, the world will get even better."] == "xi_jinping"
    assert (table["speaker"] == "vladimir_putin").sum() >= 2
    nested = table[table["text"].str.startswith("Mutual participation")]
    assert len(nested) == 1
    assert nested["text"].iat[0].endswith("initiative") and nested["speaker"].iat[0] == "xi_jinping"
