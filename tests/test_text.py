"""newslens.text: sentences, tokens, multi-word names, lemmas."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.tokenize import RegexpTokenizer
from nltk.tokenize.punkt import PunktSentenceTokenizer

from newslens import paths
from newslens.language import script_runs
from newslens.text import (
    _PLAIN_STOP,
    _SENTENCE_END,
    TOKEN_PATTERN,
    _punkt,
    _punkt_spans,
    add_lemmas,
    mwe_tokenizer,
    split_sentences,
    tables,
    word_tokenizer,
)

SEEDS = paths.PROJECT_ROOT / "data" / "raw"
WIKINEWS = Path(__file__).parent / "fixtures" / "wikinews" / "raw"
WIKINEWS60 = Path(__file__).parent / "fixtures" / "wikinews60" / "raw"
NAMES = ["Xi Jinping", "Vladimir Putin", "Belt and Road", "Belt and Road Forum", "One Belt, One Road", "Xi"]
MWES = mwe_tokenizer(NAMES)


def _tokens(text: str) -> list[str]:
    return [text[s:e] for s, e in word_tokenizer.span_tokenize(text)]


def test_news_tokens_stay_whole():
    text = "Xi's trip: US$190 billion, up 116% from $90 in the U.S. in 2,000 two-way e-commerce deals."
    assert _tokens(text) == [
        "Xi",
        "'s",
        "trip",
        ":",
        "US$190",
        "billion",
        ",",
        "up",
        "116%",
        "from",
        "$90",
        "in",
        "the",
        "U.S.",
        "in",
        "2,000",
        "two-way",
        "e-commerce",
        "deals",
        ".",
    ]


def test_clitics_split_and_names_with_apostrophes_kept():
    assert _tokens("They don't know O'Neill’s plan.") == [
        "They",
        "do",
        "n't",
        "know",
        "O'Neill",
        "’s",
        "plan",
        ".",
    ]


def test_numbers_dates_and_ordinals():
    assert _tokens("On 2023-10-18 at 18:00 the 75th summit of the 1990s") == [
        "On",
        "2023-10-18",
        "at",
        "18:00",
        "the",
        "75th",
        "summit",
        "of",
        "the",
        "1990s",
    ]


def test_sentences_respect_abbreviations_and_paragraphs():
    text = "Mr. Smith met U.S. officials on Jan. 5 in Geneva. They talked.\n\nA heading\n\nNext one."
    got = [text[s.start : s.end] for s in split_sentences(text)]
    assert got == [
        "Mr. Smith met U.S. officials on Jan. 5 in Geneva.",
        "They talked.",
        "A heading",
        "Next one.",
    ]


def test_a_stray_full_stop_does_not_start_a_lowercase_sentence():
    text = "It was joined by Egypt. and Iran. iPhone sales rose. Then it ended."
    got = [text[s.start : s.end] for s in split_sentences(text)]
    assert got == ["It was joined by Egypt. and Iran.", "iPhone sales rose.", "Then it ended."]


def test_closing_quote_stays_with_its_sentence():
    text = "“We are ready to help.” The minister left. He said “yes.“ Then he went home."
    got = [text[s.start : s.end] for s in split_sentences(text)]
    assert got == ["“We are ready to help.”", "The minister left.", "He said “yes.“", "Then he went home."]


def test_foreign_script_headline_is_its_own_sentence_and_not_tokenized():
    text = "대통령 “협력 강화“ 정상 회담 개최 The two presidents met in Seoul today to discuss trade."
    sentences, tokens = tables("d", text, MWES)
    assert list(sentences["language"]) == ["ko", "en"]
    assert sentences["text"][0] == "대통령 “협력 강화“ 정상 회담 개최"
    assert set(tokens["sent_id"]) == {1}
    assert tokens["text"].iloc[0] == "The"


def test_multi_word_names_are_one_token():
    text = (
        "Xi Jinping’s talks with Vladimir Putin at the Belt and Road Forum, on the “One Belt, One Road” plan."
    )
    _, tokens = tables("d", text, MWES)
    merged = tokens[tokens["norm"].str.contains(" ")]
    assert list(merged["text"]) == [
        "Xi Jinping",
        "Vladimir Putin",
        "Belt and Road Forum",
        "One Belt, One Road",
    ]
    assert list(merged["norm"]) == [
        "xi jinping",
        "vladimir putin",
        "belt and road forum",
        "one belt, one road",
    ]
    assert "’s" in list(tokens["text"])


def test_multi_word_names_are_one_token_in_plain_ascii_and_any_case():
    _, tokens = tables("d", "XI JINPING met Vladimir Putin at the belt and road forum. Xi spoke.", MWES)
    merged = tokens[tokens["norm"].str.contains(" ")]
    assert list(merged["text"]) == ["XI JINPING", "Vladimir Putin", "belt and road forum"]
    _, plain = tables("d", "Leaders met in Beijing. Trade grew.", MWES)
    assert list(plain["text"]) == ["Leaders", "met", "in", "Beijing", ".", "Trade", "grew", "."]


def test_token_flags():
    _, tokens = tables("d", "The leaders of China signed 12 deals, didn't they?", MWES)
    flags = tokens.set_index("text")[["is_stop", "is_word"]]
    assert flags.loc["The"].tolist() == [True, True]
    assert flags.loc["China"].tolist() == [False, True]
    assert flags.loc["12"].tolist() == [False, False]
    assert flags.loc[","].tolist() == [False, False]
    assert flags.loc["n't"].tolist() == [True, False]


def test_lemma_is_the_most_frequent_surface_form_of_a_stem():
    _, tokens = tables("d", "Relations improved. Relations deepened. The relation held.", MWES)
    lemmas = add_lemmas(tokens).set_index("text")["lemma"]
    assert lemmas["Relations"].iloc[0] == "relations"
    assert lemmas["relation"] == "relations"
    assert lemmas["improved"] == "improved"


def test_empty_text_gives_empty_tables_with_columns():
    sentences, tokens = tables("d", "", MWES)
    assert sentences.empty and tokens.empty
    assert "lemma" in add_lemmas(tokens).columns


words = st.sampled_from(
    [
        "Xi",
        "Jinping",
        "met",
        "U.S.",
        "officials",
        "$190",
        "116%",
        "Mr.",
        "don't",
        "“quote”",
        "said.",
        "two-way",
        "Belt",
        "and",
        "Road",
        "習近平",
        "대통령",
        "!",
        "?",
        "...",
        "\n",
        "\n\n",
        "2,000",
        "’s",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(words, max_size=60).map(" ".join))
def test_offsets_always_point_at_their_text(text):
    sentences, tokens = tables("d", text, MWES)
    for row in pd.concat([sentences, tokens]).itertuples():
        assert text[row.start : row.end] == row.text
    spans = list(zip(tokens["start"], tokens["end"], strict=True))
    assert spans == sorted(spans)
    assert all(e1 <= s2 for (_, e1), (s2, _) in itertools.pairwise(spans))
    bounds = sentences.set_index("sent_id")
    for row in tokens.itertuples():
        assert bounds.loc[row.sent_id, "start"] <= row.start < row.end <= bounds.loc[row.sent_id, "end"]


_NLTK_GUARDED = RegexpTokenizer(TOKEN_PATTERN)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"aZ9 .,'’-$%@/:\n_éж", "US$", "http://", "n't", "U.S."])).map("".join))
def test_fast_spans_equal_nltks_guarded_tokenizer(text):
    assert list(word_tokenizer.span_tokenize(text)) == list(_NLTK_GUARDED.span_tokenize(text))


def test_fast_spans_equal_nltks_on_news_text():
    for file in [*SEEDS.glob("*.txt"), *WIKINEWS.glob("*.txt")]:
        text = file.read_text(encoding="utf-8")
        assert list(word_tokenizer.span_tokenize(text)) == list(_NLTK_GUARDED.span_tokenize(text))


_AS_WRITTEN = re.compile(TOKEN_PATTERN)
_TOKEN_PIECES = [*"aZ9_ .,+-@:/%'’$€£¥₽\n\x1cé", "e\u0301", "http", "https", "www", "US", "ABCD", "n't"]
_TOKEN_PIECES += ["O'Neill", "s", "+li@x.org"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_TOKEN_PIECES)).map("".join), st.integers(0, 30), st.integers(0, 30))
def test_fast_token_pattern_gives_the_spans_of_the_pattern_as_written(text, start, length):
    """Its cuts (whitespace, plain words, plain marks) change no span, within a sentence's bounds too."""
    end = min(len(text), start + length)
    expected = [match.span() for match in _AS_WRITTEN.finditer(text, start, end)]
    assert word_tokenizer.spans(text, start, end) == expected


def _segments(text: str) -> list[str]:
    return [text[s:e] for para in re.finditer(r"[^\n]+", text) for s, e, _ in script_runs(text, *para.span())]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"aZ9 .?!'\")", " Mr.", " U.S.", " He said.", " No!"])).map("".join))
def test_one_sentence_shortcut_gives_punkts_spans(text):
    for segment in _segments(text):
        assert _punkt_spans(segment) == list(_punkt().span_tokenize(segment))


def test_one_sentence_shortcut_gives_punkts_spans_on_news_text():
    shortcut = 0
    for file in [*SEEDS.glob("*.txt"), *WIKINEWS60.glob("*.txt")]:
        for segment in _segments(file.read_text(encoding="utf-8")):
            assert _punkt_spans(segment) == list(_punkt().span_tokenize(segment))
            shortcut += not _SENTENCE_END.search(segment, 0, len(segment) - 1)
    assert shortcut > 100  # headlines and one-sentence paragraphs took the shortcut


def test_punkt_on_re_splits_as_punkt_where_the_engines_differ_on_whitespace():
    text = "He left.\x1cThen she came. \x1f Mr. Li said.\x1e(It rained.)\x1d Yes."
    plain = PunktSentenceTokenizer(_punkt()._params)
    assert list(_punkt().span_tokenize(text)) == list(plain.span_tokenize(text))


def test_punkt_deciding_plain_stops_at_once_splits_as_punkt_does():
    plain = PunktSentenceTokenizer(_punkt()._params)
    texts = [file.read_text(encoding="utf-8") for file in [*SEEDS.glob("*.txt"), *WIKINEWS60.glob("*.txt")]]
    expected = [list(plain.span_tokenize(text)) for text in texts]
    for _ in range(2):  # the second time, the other contexts are remembered
        assert [list(_punkt().span_tokenize(text)) for text in texts] == expected
    contexts = [context for text in texts for _, context in plain._match_potential_end_contexts(text)]
    assert sum(bool(_PLAIN_STOP.fullmatch(context)) for context in contexts) > 100  # decided at once


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["said", "Mr", "U.S", "no", "No", "J", "1990", "etc", "it's", "e.g", "THE",
                                 "The", "they", "(He", '"Yes', ".", ". ", "? ", "! ", "... ", " ", "\n",
                                 ")", "’", "”", "--", "\x1c", "\x1f", "\x85", "\u00a0", "\t"]))
       .map("".join))  # fmt: skip
def test_punkt_deciding_plain_stops_at_once_splits_as_punkt_does_on_any_text(text):
    """Also on the standard ``re`` engine: whitespace that only one engine counts as such included."""
    assert list(_punkt().span_tokenize(text)) == list(
        PunktSentenceTokenizer(_punkt()._params).span_tokenize(text)
    )
