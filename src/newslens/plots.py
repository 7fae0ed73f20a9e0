"""One function per chart: each takes a table and returns a matplotlib Figure.

House style: the object API, a title that says what is shown, labelled axes
with units, dates on time axes, the Okabe-Ito colour-blind-safe palette, and
the source (how many articles, which outlets) in a caption under the chart.
"""

from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

#: Okabe & Ito (2008), safe for the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def _caption(fig: Figure, documents: pd.DataFrame, note: str = "") -> None:
    """Write the source line under the chart: articles, outlets, date range."""
    outlets = sorted(documents["outlet"].unique())
    dates = documents["published"].dropna()
    span = f", {dates.min():%d %b %Y} to {dates.max():%d %b %Y}" if not dates.empty else ""
    named = ", ".join(outlets) if len(outlets) <= 6 else f"{len(outlets)} outlets"
    text = textwrap.fill(f"Source: {len(documents)} articles ({named}){span}. {note}".strip(), 130)
    height = fig.get_figheight()
    reserved = (0.15 + 0.16 * (text.count("\n") + 1)) / height
    fig.get_layout_engine().set(rect=(0, reserved, 1, 1 - reserved))
    fig.text(0.01, 0.1 / height, text, fontsize=8, color="#444444", va="bottom")


def _date_axis(ax: plt.Axes, dates: pd.Series) -> None:
    """Readable date ticks that always show the year."""
    span = (dates.max() - dates.min()).days if not dates.empty else 0
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=9))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y" if span > 90 else "%d %b %Y"))


def publication_timeline(documents: pd.DataFrame) -> Figure:
    """Articles by outlet and publication date: one marker per article.

    Args:
        documents: The documents table (outlet, published).
    """
    docs = documents.dropna(subset=["published"]).sort_values("published")
    outlets = sorted(docs["outlet"].unique())
    fig, ax = plt.subplots(figsize=(10, 1.2 + 0.5 * max(len(outlets), 2)), layout="constrained")
    for index, outlet in enumerate(outlets):
        dates = docs.loc[docs["outlet"] == outlet, "published"]
        ax.scatter(dates, [index] * len(dates), s=70, color=PALETTE[index % len(PALETTE)], zorder=3)
    ax.set_yticks(range(len(outlets)), outlets)
    ax.set_ylim(-0.7, len(outlets) - 0.3)
    if not docs.empty:
        pad = pd.Timedelta(days=max(15, (docs["published"].max() - docs["published"].min()).days // 20))
        ax.set_xlim(docs["published"].min() - pad, docs["published"].max() + pad)
    _date_axis(ax, docs["published"])
    ax.grid(axis="x", color="#dddddd", zorder=0)
    ax.set_xlabel("Publication date")
    ax.set_ylabel("Outlet")
    ax.set_title("When each outlet published: one dot per article")
    undated = len(documents) - len(docs)
    _caption(fig, documents, f"{undated} undated articles not shown." if undated else "")
    return fig


def article_lengths(documents: pd.DataFrame) -> Figure:
    """Words per article after cleaning, longest at the top.

    Args:
        documents: The documents table (doc_id, outlet, published, n_words).
    """
    docs = documents.sort_values("n_words")
    labels = [
        f"{row.outlet}, {row.published:%d %b %Y}" if pd.notna(row.published) else str(row.outlet)
        for row in docs.itertuples()
    ]
    fig, ax = plt.subplots(figsize=(9, 1.5 + 0.4 * len(docs)), layout="constrained")
    bars = ax.barh(range(len(docs)), docs["n_words"], color=PALETTE[0])
    ax.bar_label(bars, padding=3, fontsize=9)
    ax.set_yticks(range(len(docs)), labels)
    ax.set_xlabel("Length (words, English text after cleaning)")
    ax.set_ylabel("Article (outlet, date)")
    ax.set_title("How long each article is")
    ax.margins(x=0.1)
    _caption(
        fig, documents, "Words are tokens that start with a letter; numbers and punctuation are not counted."
    )
    return fig


def removed_by_reason(removed: pd.DataFrame, documents: pd.DataFrame) -> Figure:
    """What cleaning cut: segments per reason, split by outlet.

    Args:
        removed: The removed table (doc_id, reason).
        documents: The documents table, for each article's outlet.
    """
    outlet = removed["doc_id"].map(documents.set_index("doc_id")["outlet"])
    counts = pd.crosstab(removed["reason"], outlet)
    counts = counts.loc[counts.sum(axis=1).sort_values().index]
    fig, ax = plt.subplots(figsize=(10, 1.8 + 0.4 * max(len(counts), 1)), layout="constrained")
    left = pd.Series(0, index=counts.index)
    for index, name in enumerate(counts.columns):
        ax.barh(counts.index, counts[name], left=left, color=PALETTE[index % len(PALETTE)], label=name)
        left += counts[name]
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("Segments removed (count)")
    ax.set_ylabel("Reason")
    ax.set_title("What cleaning removed from the articles, and why")
    if len(counts.columns):
        ax.legend(title="Outlet", loc="lower right", frameon=False)
    _caption(fig, documents, "Every cut is listed with its text in the removed table.")
    return fig


def _doc_labels(documents: pd.DataFrame) -> pd.Series:
    """A short label per doc_id: outlet and date."""
    docs = documents.set_index("doc_id")
    return pd.Series(
        [
            f"{o}, {p:%d %b %Y}" if pd.notna(p) else str(o)
            for o, p in zip(docs["outlet"], docs["published"], strict=True)
        ],
        index=docs.index,
    )


def top_terms(frequencies: pd.DataFrame, documents: pd.DataFrame, *, what: str = "terms") -> Figure:
    """The most frequent terms as horizontal bars, most frequent at the top.

    Args:
        frequencies: Output of :func:`newslens.terms.frequencies` (term, count, per_10k),
            or of :func:`newslens.terms.ngrams` (ngram, ...), already cut to the top N.
        documents: The documents table, for the caption.
        what: What the terms are, for the title ("terms", "two-word phrases").
    """
    label = "term" if "term" in frequencies.columns else "ngram"
    table = frequencies.iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 1.6 + 0.32 * max(len(table), 1)), layout="constrained")
    bars = ax.barh(table[label], table["count"], color=PALETTE[0])
    labels = [f"{c} ({r:.0f})" for c, r in zip(table["count"], table["per_10k"], strict=True)]
    ax.bar_label(bars, labels=labels, padding=3, fontsize=8)
    ax.set_xlabel("Occurrences (in brackets: per 10,000 words)")
    ax.set_ylabel("Term" if label == "term" else "Phrase")
    ax.set_title(f"The {len(table)} most frequent {what}")
    ax.margins(x=0.15)
    _caption(fig, documents, "Stopwords and punctuation left out; multi-word names count as one term.")
    return fig


def term_heatmap(occurrences: pd.DataFrame, documents: pd.DataFrame) -> Figure:
    """How often each term occurs in each article, per 10,000 words.

    Args:
        occurrences: :func:`newslens.terms.occurrences` by doc (group, term, per_10k);
            terms are shown in its order, top to bottom.
        documents: The documents table (articles are ordered by date).
    """
    order = documents.sort_values(["published", "doc_id"])["doc_id"]
    terms = list(dict.fromkeys(occurrences["term"]))
    grid = occurrences.pivot_table(index="term", columns="group", values="per_10k", fill_value=0).reindex(
        index=terms, columns=order, fill_value=0
    )
    fig, ax = plt.subplots(figsize=(2.5 + 1.5 * len(order), 1.8 + 0.38 * len(terms)), layout="constrained")
    image = ax.imshow(grid.to_numpy(), cmap="cividis", aspect="auto")
    ax.set_xticks(
        range(len(order)), [textwrap.fill(_doc_labels(documents)[d], 16) for d in order], fontsize=8
    )
    ax.set_yticks(range(len(terms)), terms)
    middle = grid.to_numpy().max() / 2 if grid.size else 0
    for (row, col), value in np.ndenumerate(grid.to_numpy()):
        ax.text(col, row, f"{value:.0f}", ha="center", va="center", fontsize=8,
                color="black" if value > middle else "white")  # fmt: skip
    fig.colorbar(image, ax=ax, label="Occurrences per 10,000 words")
    ax.set_xlabel("Article (outlet, date)")
    ax.set_ylabel("Term")
    ax.set_title("Which article uses which term, per 10,000 words")
    _caption(fig, documents)
    return fig


def frequency_over_time(over_time: pd.DataFrame, documents: pd.DataFrame) -> Figure:
    """Rate of each term by publication date (or month): one line per term.

    Args:
        over_time: :func:`newslens.terms.frequency_over_time` (term, period, resolution, per_10k).
        documents: The documents table, for the caption.
    """
    fig, ax = plt.subplots(figsize=(10, 4.5), layout="constrained")
    for index, (term, rows) in enumerate(over_time.groupby("term", sort=False)):
        ax.plot(rows["period"], rows["per_10k"], marker="o", color=PALETTE[index % len(PALETTE)], label=term)
    _date_axis(ax, over_time["period"])
    ax.set_ylim(bottom=0)
    ax.set_xlabel("Publication date")
    ax.set_ylabel("Occurrences per 10,000 words")
    resolution = over_time["resolution"].iat[0] if len(over_time) else "day"
    ax.set_title(f"How often each term appears, by publication {resolution}")
    ax.legend(title="Term", frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    note = (
        f"Each point pools the articles published that {resolution}; lines join {resolution}s with articles."
    )
    _caption(fig, documents, note)
    return fig


def lexical_dispersion(dispersion: pd.DataFrame, documents: pd.DataFrame) -> Figure:
    """Where each term falls through each article (0 = start, 1 = end).

    Args:
        dispersion: :func:`newslens.terms.dispersion` (term, doc_id, position).
        documents: The documents table; articles are listed by date, oldest at the top.
    """
    order = documents.sort_values(["published", "doc_id"])["doc_id"].tolist()
    labels = _doc_labels(documents)
    terms = list(dict.fromkeys(dispersion["term"]))
    fig, ax = plt.subplots(figsize=(10, 1.8 + 0.6 * len(order)), layout="constrained")
    offsets = np.linspace(-0.25, 0.25, max(len(terms), 1)) if len(terms) > 1 else [0.0]
    for index, term in enumerate(terms):
        rows = dispersion[dispersion["term"] == term]
        y = [order.index(d) + offsets[index] for d in rows["doc_id"]]
        ax.scatter(rows["position"], y, marker="|", s=160, linewidths=2,
                   color=PALETTE[index % len(PALETTE)], label=term)  # fmt: skip
    ax.set_yticks(range(len(order)), [labels[d] for d in order])
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xlabel("Position in the article (0 = first word, 1 = last)")
    ax.set_ylabel("Article (outlet, date)")
    ax.set_title("Where each term occurs within each article")
    ax.legend(title="Term", frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    _caption(fig, documents)
    return fig


def keyness(keywords: pd.DataFrame, documents: pd.DataFrame, *, target: str, top: int = 12) -> Figure:
    """Positive and negative keywords of a target against the rest, by log ratio.

    Args:
        keywords: :func:`newslens.terms.keyness`.
        documents: The documents table, for the caption.
        target: How to name the target in the title ("March 2023", "CGTN").
        top: Keywords shown on each side (the strongest by G2).
    """
    shown = keywords.groupby("direction", sort=False).head(top).sort_values("log_ratio")
    colours = [PALETTE[0] if d == "positive" else PALETTE[5] for d in shown["direction"]]
    fig, ax = plt.subplots(figsize=(9, 1.8 + 0.3 * max(len(shown), 1)), layout="constrained")
    bars = ax.barh(shown["term"], shown["log_ratio"], color=colours)
    ax.bar_label(bars, labels=[f"G2 {g:.1f}" for g in shown["g2"]], padding=3, fontsize=7)
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.margins(x=0.2)
    ax.set_xlabel(f"Log ratio: log2 of (rate in {target} ÷ rate elsewhere); right = more in {target}")
    ax.set_ylabel("Term")
    ax.set_title(f"Words that set {target} apart from the rest of the corpus")
    _caption(
        fig,
        documents,
        "Blue: more frequent in the target; vermilion: less. Bars labelled with log-likelihood G2.",
    )
    return fig


def collocations(pairs: pd.DataFrame, documents: pd.DataFrame) -> Figure:
    """The strongest word pairs by their association score.

    Args:
        pairs: :func:`newslens.terms.collocations` (w1, w2, freq, score, measure).
        documents: The documents table, for the caption.
    """
    table = pairs.iloc[::-1]
    measure = pairs["measure"].iat[0] if len(pairs) else "score"
    names = {"likelihood_ratio": "log-likelihood G2", "pmi": "PMI", "log_dice": "logDice"}
    fig, ax = plt.subplots(figsize=(9, 1.6 + 0.32 * max(len(table), 1)), layout="constrained")
    bars = ax.barh(table["w1"] + " + " + table["w2"], table["score"], color=PALETTE[2])
    ax.bar_label(bars, labels=[f"{f}×" for f in table["freq"]], padding=3, fontsize=8)
    ax.margins(x=0.12)
    ax.set_xlabel(f"Association ({names.get(measure, measure)}); labels: times seen together")
    ax.set_ylabel("Word pair")
    ax.set_title("Words that keep company: the strongest collocations")
    _caption(fig, documents, "Pairs counted within sentences, stopwords left out.")
    return fig
