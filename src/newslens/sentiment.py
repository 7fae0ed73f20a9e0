"""Tone of the coverage with VADER: by sentence, article, outlet, month and target.

VADER (Hutto & Gilbert 2014) scores a sentence from a lexicon of word
valences and rules for negation, intensifiers, "but" and punctuation; its
``compound`` score is in [-1, 1], positive at >= 0.05 and negative at
<= -0.05. newslens applies VADER's rules with :mod:`newslens.vader` over the
lexicon the ``vaderSentiment`` package ships, so nothing is downloaded.

Scores are kept per sentence and aggregated with their spread (share of
positive and negative sentences, not only means): whole-text VADER saturates
near +-1 on article-length text. Sentences not in English are left out and
counted as such.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from newslens import duplicates, schema, vader
from newslens.errors import InputError

POSITIVE = 0.05
NEGATIVE = -0.05
#: The scores of :func:`sentence_scores`: each sentence (its key, offsets and text) with its stored scores.
SCORE_COLUMNS = [*schema.columns("sentences")[:5], *schema.columns("sentiment")[2:]]


def label(compound: float) -> str:
    """VADER's reading of a compound score: positive, negative or neutral."""
    if compound >= POSITIVE:
        return "positive"
    if compound <= NEGATIVE:
        return "negative"
    return "neutral"


def polarity(text: str) -> float:
    """VADER compound of ``text`` in [-1, 1], averaged over its sentences.

    One sentence is scored as it is; longer text is split with Punkt (the
    project's abbreviations) and its sentence scores averaged, because
    whole-text VADER saturates near +-1 on article-length text. Empty text is 0.
    """
    from newslens.text import _punkt

    sentences = [text[s:e] for s, e in _punkt().span_tokenize(text)] if text.strip() else []
    if not sentences:
        return 0.0
    scores = [vader.scores(sentence).compound for sentence in sentences]
    return sum(scores) / len(scores)


def sentence_scores(sentences: pd.DataFrame) -> pd.DataFrame:
    """VADER scores of every English sentence.

    Args:
        sentences: The sentences table (doc_id, sent_id, start, end, text, language).

    Returns:
        Columns doc_id, sent_id, start, end, text, compound, pos, neu, neg,
        label. Sentences in another language are left out: see :func:`left_out`.
    """
    english = sentences[sentences["language"] == "en"]
    scores = pd.DataFrame(
        [vader.scores(text) for text in english["text"]], columns=vader.Scores._fields, dtype=float
    )
    table = english[["doc_id", "sent_id", "start", "end", "text"]].reset_index(drop=True)
    table[list(vader.Scores._fields)] = scores
    table["label"] = table["compound"].map(label)
    return table[SCORE_COLUMNS]


def scores(corpus) -> pd.DataFrame:
    """The scored English sentences of a corpus (:func:`sentence_scores`; a store holds the scores)."""
    table = corpus.sentences.merge(corpus.table("sentiment"), on=["doc_id", "sent_id"])
    return table[SCORE_COLUMNS]


def left_out(sentences: pd.DataFrame) -> pd.DataFrame:
    """The sentences sentiment does not score, with their language."""
    return sentences.loc[sentences["language"] != "en", ["doc_id", "sent_id", "language", "text"]]


# --- aggregates ----------------------------------------------------------------------------


AGGREGATE_COLUMNS = ["sentences", "mean", "median", "std", "share_positive", "share_neutral",
                     "share_negative", "min", "max"]  # fmt: skip


def aggregate(
    scores: pd.DataFrame, groups: pd.Series | str = "doc_id", *, weights: pd.Series | None = None
) -> pd.DataFrame:
    """Spread of sentence scores per group.

    Args:
        scores: :func:`sentence_scores` (or a subset of it).
        groups: A column of ``scores`` or a Series aligned with it.
        weights: A weight per score (aligned with it), to count stories rather
            than copies (:func:`newslens.duplicates.row_weights`); None weighs each 1.

    Returns:
        One row per group: sentences (their weight, when weighted), mean,
        median, std, share_positive, share_neutral, share_negative (shares of
        sentences at VADER's +-0.05 thresholds), min, max.
    """
    keys = (scores[groups] if isinstance(groups, str) else groups).rename("group")
    if weights is not None:
        return _weighted_aggregate(scores, keys, weights)
    grouped = scores.groupby(keys)
    table = grouped["compound"].agg(["size", "mean", "median", "std", "min", "max"])
    table = table.rename(columns={"size": "sentences"})
    shares = pd.crosstab(keys, scores["label"], normalize="index")
    for name in ("positive", "neutral", "negative"):
        table[f"share_{name}"] = shares.get(name, 0.0)
    return table[AGGREGATE_COLUMNS].reset_index()


def _weighted_aggregate(scores: pd.DataFrame, keys: pd.Series, weights: pd.Series) -> pd.DataFrame:
    """:func:`aggregate` with a weight per sentence: weighted mean, median, std
    (frequency weights, so that weights of 1 give the unweighted figures) and shares."""
    frame = pd.DataFrame(
        {
            "group": keys.to_numpy(),
            "x": scores["compound"].to_numpy(dtype=float),
            "w": weights.to_numpy(dtype=float),
            "label": scores["label"].to_numpy(),
        }
    )
    rows = []
    for group, part in frame.groupby("group", sort=True):
        x, w = part["x"].to_numpy(), part["w"].to_numpy()
        total = w.sum()
        mean = float((w * x).sum() / total)
        std = float(np.sqrt((w * (x - mean) ** 2).sum() / (total - 1))) if total > 1 else float("nan")
        median = _weighted_median(x, w)
        share = {name: float(w[part["label"].to_numpy() == name].sum() / total)
                 for name in ("positive", "neutral", "negative")}  # fmt: skip
        rows.append((group, total, mean, median, std, share["positive"], share["neutral"],
                     share["negative"], float(x.min()), float(x.max())))  # fmt: skip
    return pd.DataFrame(rows, columns=["group", *AGGREGATE_COLUMNS])


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The value with half the weight on either side; the mean of the two middle values when the
    halves meet between them (so equal weights give the ordinary median)."""
    order = np.argsort(values, kind="stable")
    x, cumulative = values[order], np.cumsum(weights[order])
    half = cumulative[-1] / 2
    i = min(
        int(np.searchsorted(cumulative, half - 1e-9 * cumulative[-1])), len(x) - 1
    )  # sums of 1/3 fall short
    if i + 1 < len(x) and np.isclose(cumulative[i], half):
        return float((x[i] + x[i + 1]) / 2)
    return float(x[i])


def by_document(scores: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """:func:`aggregate` per article, with its outlet, date and the sentences left out."""
    table = aggregate(scores, "doc_id").rename(columns={"group": "doc_id"})
    docs = documents.set_index("doc_id")
    table.insert(1, "outlet", table["doc_id"].map(docs["outlet"]))
    table.insert(2, "published", table["doc_id"].map(docs["published"]))
    skipped = left_out(sentences).groupby("doc_id").size()
    table["left_out"] = table["doc_id"].map(skipped).fillna(0).astype(int)
    return table.sort_values(["published", "doc_id"]).reset_index(drop=True)


def _by_documents(
    scores: pd.DataFrame, documents: pd.DataFrame, labels: pd.Series, *, count: str
) -> pd.DataFrame:
    """:func:`aggregate` by a label of each document (aligned with ``documents``), counting ``count``."""
    weights = duplicates.row_weights(scores, documents, count=count, groups=labels)
    groups = scores["doc_id"].map(labels.set_axis(documents["doc_id"]))
    return duplicates.counted(aggregate(scores, groups, weights=weights), count)


def by_outlet(scores: pd.DataFrame, documents: pd.DataFrame, *, count: str = "copies") -> pd.DataFrame:
    """:func:`aggregate` per outlet, over all its sentences.

    Args:
        count: ``"stories"`` weighs each story once per outlet (see
            :func:`newslens.duplicates.weights`); ``"copies"`` every article.
    """
    table = _by_documents(scores, documents, documents["outlet"], count=count)
    return table.rename(columns={"group": "outlet"})


def by_month(scores: pd.DataFrame, documents: pd.DataFrame, *, count: str = "copies") -> pd.DataFrame:
    """:func:`aggregate` per publication month (a Timestamp for the month's first day).

    Args:
        count: As for :func:`by_outlet`, a story once per month.
    """
    month = documents["published"].dt.to_period("M").dt.start_time
    return _by_documents(scores, documents, month, count=count).rename(columns={"group": "month"})


def load_targets(path: str | Path) -> pd.DataFrame:
    """Read the targets file (``data/targets.yml``).

    Returns:
        Columns target_id, label, phrases (list).

    Raises:
        InputError: naming the file and the entry that is malformed.
    """
    path = Path(path)
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the targets: {exc}", path=path) from exc
    if not isinstance(entries, list):
        raise InputError("the targets file must be a YAML list of entries", path=path)
    rows = []
    for number, entry in enumerate(entries, 1):
        ok = (
            isinstance(entry, dict)
            and isinstance(entry.get("id"), str)
            and isinstance(entry.get("label"), str)
        )
        phrases = entry.get("phrases") if isinstance(entry, dict) else None
        if (
            not ok
            or not isinstance(phrases, list)
            or not phrases
            or not all(isinstance(p, str) for p in phrases)
        ):
            raise InputError(f"entry {number} needs an id, a label and a list of phrases", path=path)
        rows.append((entry["id"], entry["label"], phrases))
    return pd.DataFrame(rows, columns=["target_id", "label", "phrases"])


def targets_for(
    data_dir: str | Path, sentences: pd.DataFrame, mention_table: pd.DataFrame, names: pd.DataFrame,
    *, top: int = 8,
) -> tuple[pd.DataFrame, str]:  # fmt: skip
    """Which sentences are about which target, and the rule that chose the targets.

    The data folder's own ``targets.yml`` decides when it has one
    (:func:`target_mentions`); a folder without one does not inherit the
    built-in corpus's topics, and its targets are the ``top`` actors (people,
    organisations, places of the gazetteer or found in the text) named in
    the most documents, a sentence counting for an actor it mentions
    (:func:`actor_targets`).

    Returns:
        (the :func:`target_mentions` table, a sentence saying how the targets were chosen).
    """
    from newslens import paths

    own = paths.targets_path(Path(data_dir))
    if own.is_file():
        targets = load_targets(own)
        return target_mentions(
            sentences, targets
        ), f"the {len(targets)} targets of {own.name} in the data folder"
    return actor_targets(mention_table, names, top=top), (
        f"the {top} people, organisations and places named in the most articles (the data folder has "
        f"no {own.name})"
    )


def actor_targets(mention_table: pd.DataFrame, names: pd.DataFrame, *, top: int = 8) -> pd.DataFrame:
    """The sentences that mention each of the ``top`` actors named in the most documents, as
    :func:`target_mentions` rows (ties broken by mentions, then name).

    Args:
        mention_table: :func:`newslens.actors.mentions`.
        names: :func:`newslens.actors.actor_names` (actor_id, name).
    """
    columns = ["doc_id", "sent_id", "target_id", "target"]
    if mention_table.empty:
        return pd.DataFrame(columns=columns)
    label = names.set_index("actor_id")["name"]
    spread = mention_table.groupby("actor_id").agg(
        documents=("doc_id", "nunique"), mentions=("doc_id", "size")
    )
    spread["name"] = spread.index.map(lambda a: label.get(a, a))
    chosen = spread.sort_values(["documents", "mentions", "name"], ascending=[False, False, True]).head(top)
    rows = mention_table[mention_table["actor_id"].isin(chosen.index)]
    rows = rows[["doc_id", "sent_id", "actor_id"]].drop_duplicates()
    return (
        rows.assign(target=rows["actor_id"].map(chosen["name"]))
        .rename(columns={"actor_id": "target_id"})[columns]
        .reset_index(drop=True)
    )


def target_mentions(sentences: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Which sentences are about which target: one row per (sentence, target).

    A sentence is about a target when it contains one of the target's
    phrases as whole words. A phrase written in lower case matches any case
    ("trade", "Trade"); a capitalised one is a name and must start with a
    capital ("West" matches "West" and "WEST", not "west"); an abbreviation in
    capitals must match exactly and not as a currency ("US" matches neither
    "us" nor "US$90" nor "US dollars").
    """
    rows = []
    for target in targets.itertuples():
        pattern = _phrase_pattern(target.phrases)
        hits = sentences["text"].map(lambda text, p=pattern: bool(p.search(text)))
        for doc_id, sent_id in zip(
            sentences.loc[hits, "doc_id"], sentences.loc[hits, "sent_id"], strict=True
        ):
            rows.append((doc_id, sent_id, target.target_id, target.label))
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "target_id", "target"])


def _phrase_pattern(phrases: list[str]) -> re.Pattern[str]:
    """One regex for the phrases of a target (see :func:`target_mentions` for the case rules)."""

    def one(phrase: str) -> str:
        if sum(c.isupper() for c in phrase) >= 2 and not any(c.islower() for c in phrase):
            return re.escape(phrase) + r"(?!\$|\s+dollars?\b)"  # not "US$90", "US dollars"
        if phrase[:1].isupper():
            return re.escape(phrase[0]) + f"(?i:{re.escape(phrase[1:])})"
        return f"(?i:{re.escape(phrase)})"

    return re.compile(r"(?<!\w)(?:" + "|".join(map(one, phrases)) + r")(?!\w)")


def by_target(
    scores: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    count: str = "copies",
    documents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`aggregate` per target, over the sentences that mention it.

    Args:
        count: ``"stories"`` weighs each story once (see
            :func:`newslens.duplicates.weights`); it needs ``documents``.
        documents: The documents table (its ``story_id``), to count stories.
    """
    about = scores.merge(mentions, on=["doc_id", "sent_id"])
    table = aggregate(about, "target", weights=duplicates.row_weights(about, documents, count=count))
    table = table.rename(columns={"group": "target"}).sort_values("mean").reset_index(drop=True)
    return duplicates.counted(table, count)


# --- the lexicon's workings ----------------------------------------------------------------


def lexicon_valence(words: Iterable[str]) -> pd.DataFrame:
    """How VADER's lexicon rates each word (-4 to +4; NaN if it does not know the word)."""
    lexicon = vader.lexicon()
    return pd.DataFrame(
        [(word, lexicon.get(word.lower(), float("nan"))) for word in words], columns=["word", "valence"]
    )


def drivers(tokens: pd.DataFrame, *, top: int = 5) -> pd.DataFrame:
    """The words that push each article's score up or down.

    Each word's contribution is its lexicon valence times its count in the
    article's English tokens, before VADER's rules for negation and
    intensity: a first look at why an article scores as it does.

    Returns:
        Columns doc_id, direction ("positive"/"negative"), word, count,
        valence, contribution; the ``top`` strongest each way per article.
    """
    lexicon = vader.lexicon()
    words = tokens.loc[tokens["is_word"].astype(bool), ["doc_id", "norm"]]
    words = words.assign(valence=words["norm"].map(lexicon)).dropna(subset=["valence"])
    table = words.groupby(["doc_id", "norm", "valence"]).size().rename("count").reset_index()
    table["contribution"] = table["count"] * table["valence"]
    table["direction"] = table["contribution"].map(lambda c: "positive" if c > 0 else "negative")
    table["strength"] = table["contribution"].abs()
    table = table.sort_values(
        ["doc_id", "direction", "strength", "norm"], ascending=[True, False, False, True]
    )
    table = table.groupby(["doc_id", "direction"]).head(top).rename(columns={"norm": "word"})
    return table[["doc_id", "direction", "word", "count", "valence", "contribution"]].reset_index(drop=True)


def arcs(scores: pd.DataFrame, *, window: int = 3) -> pd.DataFrame:
    """The sentiment arc of each article: a rolling mean through its sentences.

    Returns:
        Columns doc_id, sent_id, position (0 = first scored sentence, 1 = last),
        compound, rolling (centred mean over ``window`` sentences).
    """
    rows = []
    for doc_id, doc in scores.sort_values(["doc_id", "sent_id"]).groupby("doc_id", sort=False):
        count = len(doc)
        rolling = doc["compound"].rolling(window, center=True, min_periods=1).mean()
        for index, (sent_id, compound, smooth) in enumerate(
            zip(doc["sent_id"], doc["compound"], rolling, strict=True)
        ):
            rows.append((doc_id, sent_id, index / max(count - 1, 1), compound, smooth))
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "position", "compound", "rolling"])


NARRATION = "reporters' narration"
UNATTRIBUTED = "quotation, speaker not named"


def by_speaker(
    scores: pd.DataFrame,
    quote_table: pd.DataFrame,
    gazetteer: pd.DataFrame | None = None,
    *,
    count: str = "copies",
    documents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Tone of what each speaker is quoted as saying, against the reporters' own narration.

    Quotations are scored as a whole (:func:`polarity`); narration is every
    scored sentence that contains no quotation. Speakers are grouped by
    actor (:func:`newslens.quotes.speaker_labels`), so "Mao" in one article
    and "Mao Ning" in another count together.

    Args:
        scores: :func:`sentence_scores`.
        quote_table: :func:`newslens.quotes.quotes`.
        gazetteer: To show gazetteer actors by their canonical name.
        count, documents: As for :func:`by_target`.

    Returns:
        :func:`aggregate` columns with ``speaker`` as the group.
    """
    from newslens import quotes

    labels = quotes.speaker_labels(quote_table, gazetteer).replace(quotes.NOT_NAMED, UNATTRIBUTED)
    quoted = pd.DataFrame({"doc_id": quote_table["doc_id"], "compound": quote_table["compound"].astype(float),
                           "speaker": labels})  # fmt: skip
    spans = quote_table.groupby("doc_id")[["start", "end"]].apply(
        lambda g: list(zip(g["start"], g["end"], strict=True))
    )
    inside = [
        any(start < q_end and q_start < end for q_start, q_end in spans.get(doc_id, []))
        for doc_id, start, end in zip(scores["doc_id"], scores["start"], scores["end"], strict=True)
    ]
    outside = scores.loc[[not i for i in inside]]
    narration = pd.DataFrame(
        {"doc_id": outside["doc_id"], "compound": outside["compound"], "speaker": NARRATION}
    )
    combined = pd.concat([quoted, narration], ignore_index=True)
    combined["label"] = combined["compound"].map(label)
    table = aggregate(combined, "speaker", weights=duplicates.row_weights(combined, documents, count=count))
    table = table.rename(columns={"group": "speaker"}).sort_values("mean").reset_index(drop=True)
    return duplicates.counted(table, count)
