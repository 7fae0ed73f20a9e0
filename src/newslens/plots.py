"""One function per chart: each takes a table and returns a matplotlib Figure.

House style: the object API, a title that says what is shown, labelled axes
with units, dates on time axes, the Okabe-Ito colour-blind-safe palette, and
the source (how many articles, which outlets) in a caption under the chart.
"""

from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
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
