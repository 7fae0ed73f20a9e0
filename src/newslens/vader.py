"""VADER's sentence scores, computed in one pass over the sentence's words.

VADER (Hutto & Gilbert 2014) is the ``vaderSentiment`` package: its lexicon
and word lists are used as they ship (nothing is downloaded). Its analyzer
lower-cases a sentence's whole word list again for every lexicon word it
checks for negation and idioms, so its cost grows with the square of the
sentence's length; this module applies the same rules to a word list
lower-cased once, and skips the idiom look-ups when no idiom word is near.
The scores are VADER's own, to the last digit (a test compares the two on
every sentence of the built-in corpus and on a case for each rule).
"""

from __future__ import annotations

import math
import string
from functools import lru_cache
from typing import NamedTuple

try:
    from vaderSentiment.vaderSentiment import (
        BOOSTER_DICT,
        C_INCR,
        N_SCALAR,
        NEGATE,
        SPECIAL_CASES,
        SentimentIntensityAnalyzer,
    )
except ImportError as exc:  # pragma: no cover - a broken install
    raise ImportError("newslens needs VADER for sentiment: pip install vaderSentiment") from exc

_NEGATIONS = frozenset(NEGATE)
#: Every word of a multi-word idiom or booster ("kind of", "the bomb"): only near one can an idiom apply.
_IDIOM_WORDS = frozenset(
    word for phrase in [*SPECIAL_CASES, *BOOSTER_DICT] if " " in phrase for word in phrase.split()
)

#: How much of a booster's effect reaches a lexicon word 1, 2 and 3 words after it.
_DAMPING = {1: 1.0, 2: 0.95, 3: 0.9}


class Scores(NamedTuple):
    """VADER's scores of one sentence (rounded as VADER rounds them)."""

    compound: float
    pos: float
    neu: float
    neg: float


@lru_cache(maxsize=1)
def _analyzer():
    """vaderSentiment's analyzer, for its lexicon and emoji descriptions (loaded once: a moment)."""
    return SentimentIntensityAnalyzer()


def lexicon() -> dict[str, float]:
    """VADER's word valences (-4 to +4), by lower-case word."""
    return _analyzer().lexicon


def scores(sentence: str) -> Scores:
    """VADER's compound, positive, neutral and negative scores of one sentence."""
    text = _describe_emojis(sentence).strip()
    words = [_strip_punctuation(word) for word in text.split()]
    lower = [word.lower() for word in words]
    valences = _valences(words, lower)
    if "but" in lower:
        _weigh_around_but(valences, lower.index("but"))
    return _summarise(valences, text)


def _describe_emojis(text: str) -> str:
    """The text with each emoji replaced by its description, a space before it unless one is there."""
    emojis = _analyzer().emojis
    if emojis.keys().isdisjoint(text):
        return text
    out, after_space = [], True
    for char in text:
        if char in emojis:
            out.append(emojis[char] if after_space else " " + emojis[char])
            after_space = False
        else:
            out.append(char)
            after_space = char == " "
    return "".join(out)


@lru_cache(maxsize=100_000)
def _strip_punctuation(word: str) -> str:
    """The word without leading and trailing punctuation, unless that leaves two characters or fewer
    (an emoticon such as ``:)``)."""
    stripped = word.strip(string.punctuation)
    return word if len(stripped) <= 2 else stripped


def _valences(words: list[str], lower: list[str]) -> list[float]:
    """Each word's valence after VADER's rules for boosters, capitals, negation, idioms and "least"."""
    lex = lexicon()
    if lex.keys().isdisjoint(lower):
        return [0] * len(words)
    capitals = sum(map(str.isupper, words))
    shouting = 0 < len(words) - capitals < len(words)  # some words in capitals, not all
    valences = []
    for i, low in enumerate(lower):
        if low in BOOSTER_DICT or (low == "kind" and lower[i + 1 : i + 2] == ["of"]) or low not in lex:
            valences.append(0)
            continue
        valence = _own_valence(words, lower, i, shouting)
        for distance in (1, 2, 3):
            if i >= distance and lower[i - distance] not in lex:
                valence += _boost(words[i - distance], lower[i - distance], valence, shouting, distance)
                valence = _negate(valence, lower, i, distance)
                if distance == 3:
                    valence = _idioms(valence, lower, i)
        valences.append(_least(valence, lower, i))
    return valences


def _own_valence(words: list[str], lower: list[str], i: int, shouting: bool) -> float:
    """A lexicon word's valence: nil for a "no" before another lexicon word, negated by a "no" one or
    two words before (three, through "or"/"nor"), raised when it is in capitals and not every word is."""
    lex = lexicon()
    valence = lex[lower[i]]
    if lower[i] == "no" and i != len(lower) - 1 and lower[i + 1] in lex:
        valence = 0.0  # "no" negates the next word instead
    if (
        (i > 0 and lower[i - 1] == "no")
        or (i > 1 and lower[i - 2] == "no")
        or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))
    ):
        valence = lex[lower[i]] * N_SCALAR
    if words[i].isupper() and shouting:
        valence += C_INCR if valence > 0 else -C_INCR
    return valence


def _boost(word: str, low: str, valence: float, shouting: bool, distance: int) -> float:
    """What a booster or dampener ``distance`` words before a lexicon word adds to its valence."""
    if low not in BOOSTER_DICT:
        return 0.0
    scalar = BOOSTER_DICT[low] * (-1 if valence < 0 else 1)
    if word.isupper() and shouting:
        scalar += C_INCR if valence > 0 else -C_INCR
    return scalar * _DAMPING[distance]


def _negated(low: str) -> bool:
    return low in _NEGATIONS or "n't" in low


def _negate(valence: float, lower: list[str], i: int, distance: int) -> float:
    """The valence after a negation ``distance`` words before the lexicon word ("never so" raises it)."""
    before = lower[i - distance]
    if distance == 1:
        return valence * N_SCALAR if _negated(before) else valence
    so_this = ("so", "this")
    if distance == 2:
        if before == "never" and lower[i - 1] in so_this:
            return valence * 1.25
        if before == "without" and lower[i - 1] == "doubt":
            return valence
        return valence * N_SCALAR if _negated(before) else valence
    if (before == "never" and lower[i - 2] in so_this) or lower[i - 1] in so_this:
        return valence * 1.25
    if before == "without" and "doubt" in (lower[i - 2], lower[i - 1]):
        return valence
    return valence * N_SCALAR if _negated(before) else valence


def _idioms(valence: float, lower: list[str], i: int) -> float:
    """The valence set by a special-case phrase around the word, plus a multi-word booster before it."""
    if _IDIOM_WORDS.isdisjoint(lower[i - 3 : i + 3]):
        return valence
    w3, w2, w1, w0 = lower[i - 3 : i + 1]
    before = [f"{w1} {w0}", f"{w2} {w1} {w0}", f"{w2} {w1}", f"{w3} {w2} {w1}", f"{w3} {w2}"]
    valence = next((SPECIAL_CASES[phrase] for phrase in before if phrase in SPECIAL_CASES), valence)
    for size in (2, 3):
        phrase = " ".join(lower[i : i + size])
        if i + size <= len(lower) and phrase in SPECIAL_CASES:
            valence = SPECIAL_CASES[phrase]
    for phrase in (f"{w3} {w2} {w1}", f"{w3} {w2}", f"{w2} {w1}"):
        valence += BOOSTER_DICT.get(phrase, 0)
    return valence


def _least(valence: float, lower: list[str], i: int) -> float:
    """The valence negated by "least" just before the word, except in "at least" and "very least"."""
    after_least = i > 0 and lower[i - 1] == "least" and lower[i - 1] not in lexicon()
    return valence * N_SCALAR if after_least and (i == 1 or lower[i - 2] not in ("at", "very")) else valence


def _weigh_around_but(valences: list[float], but: int) -> None:
    """Halve what comes before "but" and raise what comes after by half, in place.

    VADER finds each value's position by its first equal value, so when a
    value equals an earlier one (as it stood then, weighed or not) the earlier
    is weighed again and the later not at all; that is kept, so that the
    scores are VADER's.
    """
    for position in range(len(valences)):
        value = valences[position]
        first = valences.index(value)
        if first < but:
            valences[first] = value * 0.5
        elif first > but:
            valences[first] = value * 1.5


def _summarise(valences: list[float], text: str) -> Scores:
    """The compound score (the sum, emphasised by "!" and "?", normalised) and the shares of each sign."""
    if not valences:
        return Scores(0.0, 0.0, 0.0, 0.0)
    emphasis = min(text.count("!"), 4) * 0.292
    questions = text.count("?")
    emphasis += 0 if questions <= 1 else questions * 0.18 if questions <= 3 else 0.96
    total = float(sum(valences))
    total += emphasis if total > 0 else -emphasis if total < 0 else 0
    compound = max(-1.0, min(1.0, total / math.sqrt(total * total + 15)))
    positive = sum(float(v) + 1 for v in valences if v > 0)
    negative = sum(float(v) - 1 for v in valences if v < 0)
    neutral = valences.count(0)
    if positive > -negative:
        positive += emphasis
    elif positive < -negative:
        negative -= emphasis
    whole = positive + abs(negative) + neutral
    return Scores(
        round(compound, 4), round(abs(positive / whole), 3), round(abs(neutral / whole), 3),
        round(abs(negative / whole), 3),
    )  # fmt: skip
