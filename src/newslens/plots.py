"""One function per chart: each takes a table and returns a matplotlib Figure.

House style: the object API, a title that says what is shown, labelled axes
with units, dates on time axes, the Okabe-Ito colour-blind-safe palette, and
the source (how many articles, which outlets) in a caption under the chart.
"""

from __future__ import annotations

import functools
import textwrap

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.text import Text

#: Okabe & Ito (2008), safe for the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
#: Marker shapes, so that categories stay apart in grey print and beyond eight colours.
MARKERS = ["o", "s", "D", "^", "v", "P", "X", "*", "h", "<", ">"]


def _plain_text(plot):
    """Build the chart with mathtext off: article text is never LaTeX."""

    @functools.wraps(plot)
    def wrapper(*args, **kwargs):
        fig = plot(*args, **kwargs)
        for text in fig.findobj(Text):  # "$" in an outlet's name is a dollar sign, not mathtext
            text.set_parse_math(False)
        return fig

    return wrapper


def source_line(documents: pd.DataFrame, note: str = "", *, counted: pd.DataFrame | None = None) -> str:
    """The source of a chart in one line: articles, outlets, date range, the note, and, for a
    table marked by :func:`newslens.duplicates.counted`, whether it counts copies or stories."""
    from newslens.duplicates import COUNT_NOTES

    if counted is not None and counted.attrs.get("count") in COUNT_NOTES:
        note = f"{note} {COUNT_NOTES[counted.attrs['count']]}".strip()
    outlets = sorted(documents["outlet"].unique())
    dates = documents["published"].dropna()
    span = f", {dates.min():%d %b %Y} to {dates.max():%d %b %Y}" if not dates.empty else ""
    named = ", ".join(outlets) if len(outlets) <= 6 else f"{len(outlets)} outlets"
    return f"Source: {len(documents)} articles ({named}){span}. {note}".strip()


def _caption(
    fig: Figure, documents: pd.DataFrame, note: str = "", *, counted: pd.DataFrame | None = None
) -> None:
    """Write :func:`source_line` under the chart, wrapped to its width."""
    text = textwrap.fill(source_line(documents, note, counted=counted), int(fig.get_figwidth() * 12.5))
    height = fig.get_figheight()
    reserved = (0.15 + 0.16 * (text.count("\n") + 1)) / height
    fig.get_layout_engine().set(rect=(0, reserved, 1, 1 - reserved))
    fig.text(0.01, 0.1 / height, text, fontsize=8, color="#444444", va="bottom")


def _longest(documents: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, str]:
    """The ``limit`` longest articles (all of them when there are no more), and the caption's note
    saying so: a chart of one row per article stays readable at any corpus size."""
    if len(documents) <= limit:
        return documents, ""
    chosen = documents.sort_values(["n_words", "doc_id"], ascending=[False, True]).head(limit)
    return chosen, f"{limit} of {len(documents)} articles shown: the longest."


def _number(value: float) -> str:
    """A count as text: whole numbers without decimals, a count of stories (weighted) with one."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _date_axis(ax: plt.Axes, dates: pd.Series) -> None:
    """Readable date ticks that always show the year."""
    span = (dates.max() - dates.min()).days if not dates.empty else 0
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=9))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y" if span > 90 else "%d %b %Y"))


@_plain_text
def publication_timeline(documents: pd.DataFrame) -> Figure:
    """Articles by outlet and publication date: one marker per article.

    Args:
        documents: The documents table (outlet, published).
    """
    docs = documents.dropna(subset=["published"]).sort_values("published")
    sizes = docs["outlet"].value_counts()
    outlets = sorted(sizes.index[:20])
    cut = (
        f" {len(outlets)} of {len(sizes)} outlets shown: those with the most articles."
        if len(sizes) > 20
        else ""
    )
    docs = docs[docs["outlet"].isin(outlets)]
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
    _caption(fig, documents, (f"{undated} undated articles not shown." if undated else "") + cut)
    return fig


@_plain_text
def article_lengths(documents: pd.DataFrame) -> Figure:
    """Words per article after cleaning, longest at the top.

    Args:
        documents: The documents table (doc_id, outlet, published, n_words).
    """
    shown, cut = _longest(documents, 40)
    docs = shown.sort_values("n_words")
    labels = [
        _doc_labels(docs)[row.doc_id] for row in docs.itertuples()
    ]  # fmt: skip
    fig, ax = plt.subplots(figsize=(9, 1.5 + 0.3 * len(docs)), layout="constrained")
    bars = ax.barh(range(len(docs)), docs["n_words"], color=PALETTE[0])
    ax.bar_label(bars, padding=3, fontsize=9)
    ax.set_yticks(range(len(docs)), labels)
    ax.set_xlabel("Length (words, English text after cleaning)")
    ax.set_ylabel("Article (outlet, date)")
    ax.set_title("How long each article is")
    ax.margins(x=0.1)
    _caption(
        fig,
        documents,
        f"Words are tokens that start with a letter; numbers and punctuation are not counted. {cut}",
    )
    return fig


@_plain_text
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


def _article_rows(ax: plt.Axes, order: list[str], labels: pd.Series) -> None:
    """One row per article, labelled by outlet and date, the first at the top."""
    ax.set_yticks(range(len(order)), [labels[d] for d in order])
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.set_ylabel("Article (outlet, date)")


def _doc_labels(documents: pd.DataFrame) -> pd.Series:
    """A short label per doc_id: outlet and date, and the doc_id where two articles share those
    (a wire's articles of one day, a corpus without outlets or dates), so that every row has a name."""
    docs = documents.set_index("doc_id")
    labels = pd.Series(
        [
            f"{textwrap.shorten(str(o), 28, placeholder='…')}, {p:%d %b %Y}" if pd.notna(p) else str(o)
            for o, p in zip(docs["outlet"], docs["published"], strict=True)
        ],
        index=docs.index,
    )
    shared = labels.duplicated(keep=False)
    ids = pd.Series(docs.index, index=docs.index).map(lambda d: textwrap.shorten(str(d), 20, placeholder="…"))
    return labels.where(~shared, labels + " · " + ids)


def _most_using(documents: pd.DataFrame, used: pd.Series, limit: int) -> tuple[list[str], str]:
    """The doc_ids of the ``limit`` articles that use the terms most (``used``: a count per doc_id),
    in date order, and the caption's note when articles were left out."""
    order = documents.sort_values(["published", "doc_id"])["doc_id"].tolist()
    if len(order) <= limit:
        return order, ""
    chosen = set(used.reindex(order).fillna(0).sort_values(ascending=False, kind="stable").index[:limit])
    return [
        d for d in order if d in chosen
    ], f"{limit} of {len(order)} articles shown: those using the terms most."


@_plain_text
def top_terms(frequencies: pd.DataFrame, documents: pd.DataFrame, *, what: str = "terms") -> Figure:
    """The most frequent terms as horizontal bars, most frequent at the top.

    Args:
        frequencies: Output of :func:`newslens.terms.frequencies` (term, count, per_10k, doc_freq),
            or of :func:`newslens.terms.ngrams` (ngram, ...), already cut to the top N. Ranked by
            articles (``rank="documents"``), the bars are the articles using each term.
        documents: The documents table, for the caption.
        what: What the terms are, for the title ("terms", "two-word phrases").
    """
    label = "term" if "term" in frequencies.columns else "ngram"
    by_documents = frequencies.attrs.get("rank") == "documents"
    table = frequencies.iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 1.6 + 0.32 * max(len(table), 1)), layout="constrained")
    if by_documents:
        bars = ax.barh(table[label], table["doc_freq"], color=PALETTE[0])
        labels = [
            f"{_number(d)} ({_number(c)})" for d, c in zip(table["doc_freq"], table["count"], strict=True)
        ]
        units = "Stories" if frequencies.attrs.get("count") == "stories" else "Articles"
        ax.set_xlabel(f"{units} using it (in brackets: occurrences)")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ranked = (
            "ranked by the articles that use them, then by occurrences, so a few long articles do not decide"
        )
    else:
        bars = ax.barh(table[label], table["count"], color=PALETTE[0])
        labels = [f"{_number(c)} ({r:.0f})" for c, r in zip(table["count"], table["per_10k"], strict=True)]
        ax.set_xlabel("Occurrences (in brackets: per 10,000 words)")
        ranked = "ranked by occurrences"
    ax.bar_label(bars, labels=labels, padding=3, fontsize=8)
    ax.set_ylabel("Term" if label == "term" else "Phrase")
    ax.set_title(f"The {len(table)} most frequent {what}")
    ax.margins(x=0.15)
    note = f"Stopwords and punctuation left out; multi-word names count as one term; {ranked}."
    _caption(fig, documents, note, counted=frequencies)
    return fig


@_plain_text
def term_heatmap(occurrences: pd.DataFrame, documents: pd.DataFrame) -> Figure:
    """How often each term occurs in each article, per 10,000 words.

    Args:
        occurrences: :func:`newslens.terms.occurrences` by doc (group, term, per_10k);
            terms are shown in its order, top to bottom.
        documents: The documents table (articles are ordered by date).
    """
    order, cut = _most_using(documents, occurrences.groupby("group")["count"].sum(), 25)
    terms = list(dict.fromkeys(occurrences["term"]))
    grid = occurrences.pivot_table(index="term", columns="group", values="per_10k", fill_value=0).reindex(
        index=terms, columns=order, fill_value=0
    )
    fig, ax = plt.subplots(
        figsize=(min(16, 2.5 + 1.0 * len(order)), 1.8 + 0.38 * len(terms)), layout="constrained"
    )
    columns = [textwrap.fill(_doc_labels(documents)[d], 16) if len(order) <= 10 else _doc_labels(documents)[d]
               for d in order]  # fmt: skip
    _annotated_heatmap(fig, ax, grid, columns, terms, colorbar_label="Occurrences per 10,000 words")
    ax.set_xlabel("Article (outlet, date)")
    ax.set_ylabel("Term")
    if len(order) > 10:
        plt.setp(ax.get_xticklabels(), rotation=60, ha="right", rotation_mode="anchor")
    ax.set_title("Which article uses which term, per 10,000 words")
    _caption(fig, documents, cut, counted=occurrences)
    return fig


def _annotated_heatmap(
    fig: Figure,
    ax: plt.Axes,
    grid: pd.DataFrame,
    columns: list[str],
    rows: list[str],
    *,
    colorbar_label: str,
    blank_zeros: bool = False,
) -> None:
    """A cividis heatmap with each cell's value written in it (zeros left blank when asked: a sparse
    matrix reads better without them)."""
    values = grid.to_numpy(dtype=float)
    shown = np.ma.masked_equal(values, 0) if blank_zeros else values  # masked cells stay white
    image = ax.imshow(shown, cmap="cividis", aspect="auto", vmin=0)  # counts and rates: the scale starts at 0
    ax.set_xticks(range(len(columns)), columns, fontsize=8)
    ax.set_yticks(range(len(rows)), rows)
    middle = values.max() / 2 if values.size else 0
    for (row, col), value in np.ndenumerate(values):
        if blank_zeros and value == 0:
            continue
        colour = "black" if value > middle else "white"
        label = _number(value) if value < 10 else f"{value:,.0f}"  # rates to the unit, small counts exact
        ax.text(col, row, label, ha="center", va="center", fontsize=8, color=colour)
    fig.colorbar(image, ax=ax, label=colorbar_label)


@_plain_text
def frequency_over_time(over_time: pd.DataFrame, documents: pd.DataFrame) -> Figure:
    """Rate of each term by publication date (or month): one line per term.

    Args:
        over_time: :func:`newslens.terms.frequency_over_time` (term, period, resolution, per_10k).
        documents: The documents table, for the caption.
    """
    fig, ax = plt.subplots(figsize=(10, 4.5), layout="constrained")
    monthly = len(over_time) and over_time["resolution"].iat[0] == "month"
    for index, (term, rows) in enumerate(over_time.groupby("term", sort=False)):
        if monthly:  # months without articles are gaps in the line, not straight segments across them
            months = pd.date_range(rows["period"].min(), rows["period"].max(), freq="MS")
            rows = rows.set_index("period").reindex(months).rename_axis("period").reset_index()
        ax.plot(rows["period"], rows["per_10k"], marker="o", color=PALETTE[index % len(PALETTE)], label=term)
    _date_axis(ax, over_time["period"])
    ax.set_ylim(bottom=0)
    ax.set_xlabel("Publication date")
    ax.set_ylabel("Occurrences per 10,000 words")
    resolution = over_time["resolution"].iat[0] if len(over_time) else "day"
    ax.set_title(f"How often each term appears, by publication {resolution}")
    ax.legend(title="Term", frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    note = (
        f"Each point pools the articles published that {resolution}; a gap: a {resolution} without articles."
    )
    _caption(fig, documents, note, counted=over_time)
    return fig


@_plain_text
def lexical_dispersion(dispersion: pd.DataFrame, documents: pd.DataFrame) -> Figure:
    """Where each term falls through each article (0 = start, 1 = end).

    Args:
        dispersion: :func:`newslens.terms.dispersion` (term, doc_id, position).
        documents: The documents table; articles are listed by date, oldest at the top.
    """
    order, cut = _most_using(documents, dispersion.groupby("doc_id").size(), 20)
    dispersion = dispersion[dispersion["doc_id"].isin(order)]
    labels = _doc_labels(documents)
    terms = list(dict.fromkeys(dispersion["term"]))
    fig, ax = plt.subplots(figsize=(10, 1.8 + 0.6 * len(order)), layout="constrained")
    offsets = np.linspace(-0.25, 0.25, max(len(terms), 1)) if len(terms) > 1 else [0.0]
    for index, term in enumerate(terms):
        rows = dispersion[dispersion["term"] == term]
        y = [order.index(d) + offsets[index] for d in rows["doc_id"]]
        ax.scatter(rows["position"], y, marker="|", s=160, linewidths=2,
                   color=PALETTE[index % len(PALETTE)], label=term)  # fmt: skip
    _article_rows(ax, order, labels)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xlabel("Position in the article (0 = first word, 1 = last)")
    ax.set_title("Where each term occurs within each article")
    ax.legend(title="Term", frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    _caption(fig, documents, cut)
    return fig


@_plain_text
def keyness(
    keywords: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    target: str,
    reference: str = "the rest of the corpus",
    top: int = 12,
    note: str = "",
) -> Figure:
    """Positive and negative keywords of a target against the rest, by log ratio.

    Args:
        keywords: :func:`newslens.terms.keyness`.
        documents: The documents table, for the caption.
        target: How to name the target in the title ("March 2023", "CGTN").
        reference: How to name what it is compared with ("October 2023").
        top: Keywords shown on each side (the strongest by G2).
        note: A caveat for the caption (a target of one or two articles, say).
    """
    shown = keywords.groupby("direction", sort=False).head(top).sort_values("log_ratio")
    colours = [PALETTE[0] if d == "positive" else PALETTE[5] for d in shown["direction"]]
    fig, ax = plt.subplots(figsize=(9, 1.8 + 0.3 * max(len(shown), 1)), layout="constrained")
    bars = ax.barh(shown["term"], shown["log_ratio"], color=colours)
    ax.bar_label(bars, labels=[f"G2 {g:.1f}" for g in shown["g2"]], padding=3, fontsize=7)
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.margins(x=0.2)
    ax.set_xlabel(f"Log ratio: log2 of (rate in {target} ÷ rate in {reference}); right = more in {target}")
    ax.set_ylabel("Term")
    ax.set_title(f"Words that set {target} apart from {reference}")
    _caption(
        fig,
        documents,
        f"Blue: more frequent in the target; vermilion: less. Bars labelled with G2. {note}".strip(),
        counted=keywords,
    )
    return fig


@_plain_text
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


def _thresholds(ax: plt.Axes, *, vertical: bool = True) -> None:
    """Mark VADER's neutral band (-0.05 to 0.05)."""
    span = ax.axvspan if vertical else ax.axhspan
    span(-0.05, 0.05, color="#dddddd", zorder=0, label="neutral band (±0.05)")


@_plain_text
def sentiment_by_article(scores: pd.DataFrame, documents: pd.DataFrame) -> Figure:
    """Each article's sentences as points on the VADER scale, with the article mean.

    Args:
        scores: :func:`newslens.sentiment.sentence_scores`.
        documents: The documents table; articles by date, oldest at the top.
    """
    shown, cut = _longest(documents, 18)
    order = shown.sort_values(["published", "doc_id"])["doc_id"].tolist()
    labels = _doc_labels(documents)
    rng = np.random.default_rng(0)  # a fixed jitter, so the chart is the same every run
    fig, ax = plt.subplots(figsize=(10, 1.8 + 0.65 * len(order)), layout="constrained")
    _thresholds(ax)
    for row, doc_id in enumerate(order):
        values = scores.loc[scores["doc_id"] == doc_id, "compound"]
        jitter = rng.uniform(-0.18, 0.18, len(values))
        ax.scatter(
            values, row + jitter, s=22, alpha=0.6, color=PALETTE[0], label="sentence" if row == 0 else None
        )
        if len(values):
            ax.scatter([values.mean()], [row], marker="D", s=70, color="black", zorder=3,
                       label="article mean" if row == 0 else None)  # fmt: skip
    _article_rows(ax, order, labels)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("VADER compound score (-1 most negative, +1 most positive)")
    ax.set_title("Tone of each article, sentence by sentence")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    _caption(fig, documents, f"English sentences only. {cut}")
    return fig


@_plain_text
def sentiment_arcs(arcs: pd.DataFrame, documents: pd.DataFrame, *, limit: int = 12) -> Figure:
    """How tone moves through each article: sentence scores and a rolling mean.

    Args:
        arcs: :func:`newslens.sentiment.arcs`.
        documents: The documents table; the ``limit`` longest articles are shown, by date.
    """
    shown, cut = _longest(documents, limit)
    order = shown.sort_values(["published", "doc_id"])["doc_id"].tolist()
    labels = _doc_labels(documents)
    fig, axes = plt.subplots(
        len(order), 1, figsize=(10, 1.2 + 1.0 * len(order)), sharex=True, sharey=True, layout="constrained",
        squeeze=False,
    )  # fmt: skip
    for ax, doc_id in zip(axes[:, 0], order, strict=True):
        doc = arcs[arcs["doc_id"] == doc_id]
        _thresholds(ax, vertical=False)
        ax.bar(doc["position"], doc["compound"], width=0.02, color="#999999", label="sentence")
        ax.plot(doc["position"], doc["rolling"], color=PALETTE[0], linewidth=2, label="rolling mean (3)")
        ax.set_ylim(-1.05, 1.05)
        ax.set_title(labels[doc_id], fontsize=9, loc="left")
        ax.set_ylabel("Compound")
    axes[-1, 0].set_xlabel("Position in the article (0 = first sentence, 1 = last)")
    axes[0, 0].legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    fig.suptitle("The sentiment arc of each article")
    _caption(fig, documents, f"Bars: VADER compound of each English sentence; line: mean of three. {cut}")
    return fig


@_plain_text
def sentiment_shares(
    table: pd.DataFrame, documents: pd.DataFrame, *, group: str, title: str, unit: str = "sentences"
) -> Figure:
    """Share of negative, neutral and positive sentences per group, with the mean.

    Args:
        table: An aggregate of :mod:`newslens.sentiment` (by_outlet, by_target, ...):
            the ``group`` column, share_negative, share_neutral, share_positive, mean, sentences.
        documents: The documents table, for the caption.
        group: The column naming the groups ("outlet", "target").
        title: The chart's title.
        unit: What is counted, for the axis label ("sentences", "statements").
    """
    limit = 25
    cut = (
        f" {limit} of {len(table)} {group}s shown: those with the most {unit}." if len(table) > limit else ""
    )
    table = table.sort_values("sentences", ascending=False, kind="stable").head(limit).sort_values("mean")
    names = [f"{textwrap.shorten(str(name), 40, placeholder='…')} ({_number(n)})"
             for name, n in zip(table[group], table["sentences"], strict=True)]  # fmt: skip
    fig, ax = plt.subplots(figsize=(10, 1.8 + 0.45 * max(len(table), 1)), layout="constrained")
    left = np.zeros(len(table))
    for column, colour, name in (
        ("share_negative", PALETTE[5], "negative (≤ -0.05)"),
        ("share_neutral", "#bbbbbb", "neutral"),
        ("share_positive", PALETTE[0], "positive (≥ 0.05)"),
    ):
        ax.barh(names, table[column], left=left, color=colour, label=name)
        left += table[column].to_numpy()
    for row, mean in enumerate(table["mean"]):
        ax.text(1.02, row, f"mean {mean:+.2f}", va="center", fontsize=8)
    ax.set_xlim(0, 1.18)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel(f"Share of {unit}")
    ax.set_ylabel(f"{group.capitalize()} ({unit})")
    ax.set_title(title)
    ax.legend(
        frameon=False, loc="upper left", bbox_to_anchor=(0.0, -0.12 - 0.3 / fig.get_figheight()), ncols=3
    )
    _caption(fig, documents, f"Classes at VADER's thresholds; means are of sentence compound scores.{cut}",
             counted=table)  # fmt: skip
    return fig


@_plain_text
def sentiment_over_time(by_month: pd.DataFrame, documents: pd.DataFrame) -> Figure:
    """Mean sentence tone per publication month, with a 95% interval.

    Args:
        by_month: :func:`newslens.sentiment.by_month`.
        documents: The documents table, for the caption.
    """
    table = by_month.sort_values("month")
    error = 1.96 * table["std"].fillna(0) / np.sqrt(table["sentences"])
    fig, ax = plt.subplots(figsize=(10, 4.2), layout="constrained")
    _thresholds(ax, vertical=False)
    ax.errorbar(table["month"], table["mean"], yerr=error, fmt="o", color=PALETTE[0], capsize=4,
                label="mean of the month's sentences (95% interval)")  # fmt: skip
    if len(table) <= 8:  # beyond, the labels would overlap: the table beside the chart has the counts
        for month, mean, n in zip(table["month"], table["mean"], table["sentences"], strict=True):
            ax.annotate(f"{_number(n)} sentences", (month, mean), textcoords="offset points", xytext=(8, -3),
                        fontsize=8)  # fmt: skip
    ax.axhline(0, color="#444444", linewidth=0.8)
    ax.set_ylim(-1, 1)
    _date_axis(ax, table["month"])
    if len(table):
        pad = pd.Timedelta(days=45)
        ax.set_xlim(table["month"].min() - pad, table["month"].max() + 3 * pad)
    ax.set_xlabel("Publication month")
    ax.set_ylabel("Mean VADER compound")
    ax.set_title("Tone of the coverage by month")
    ax.legend(frameon=False, loc="lower left")
    _caption(
        fig,
        documents,
        "English sentences only; intervals assume independent sentences, so they are optimistic.",
        counted=by_month,
    )
    return fig


@_plain_text
def event_timeline(
    events: pd.DataFrame, documents: pd.DataFrame, *, focus_from: str | None = None, top: int = 40
) -> Figure:
    """Dated events, one row each, with the period of the coverage given most of the width.

    Args:
        events: :func:`newslens.timeline.events`.
        documents: The documents table, for the caption (and the default focus).
        focus_from: Where the emphasised period starts; earlier events go in a narrow panel on
            the left. By default 1 January of the year of the earliest publication (of the
            earliest day-dated event when no article is dated).
        top: Events shown at most: those reported by the most articles, then the latest.
    """
    table = shown_events(events, top)
    focus = pd.Timestamp(focus_from) if focus_from else _focus(table, documents)
    kinds = list(dict.fromkeys(table["trigger"]))
    colour = {kind: PALETTE[i % len(PALETTE)] for i, kind in enumerate(kinds)}
    shape = {kind: MARKERS[i % len(MARKERS)] for i, kind in enumerate(kinds)}  # colours repeat after eight
    early_events = bool((table["end_date"] < focus).any())
    fig, axes = plt.subplots(
        1, 2 if early_events else 1, figsize=(13, min(14, max(3.6, 1.9 + 0.3 * len(table)))), sharey=True,
        width_ratios=(1, 3) if early_events else None, layout="constrained", squeeze=False,
    )  # fmt: skip
    early, late = (axes[0][0], axes[0][1]) if early_events else (None, axes[0][0])
    if early is not None:
        early.set_facecolor("#f2f2f2")
    for row, event in table.iterrows():
        ax = late if event["end_date"] >= focus or early is None else early
        start, end = event["start_date"], event["end_date"] + pd.Timedelta(days=1)
        if (end - start).days > 1:  # a month or a year: a pale bar, so that it does not outweigh a day
            ax.plot([start, end], [row, row], color=colour[event["trigger"]], linewidth=4, alpha=0.35,
                    solid_capstyle="butt")  # fmt: skip
        ax.scatter([start + (end - start) / 2], [row], color=colour[event["trigger"]], s=36, zorder=3,
                   marker=shape[event["trigger"]], edgecolors="white", linewidths=0.5)  # fmt: skip
    first_axis = early if early is not None else late
    labels = [f"{event.value}  {textwrap.shorten(event.label, 70)}" for event in table.itertuples()]
    first_axis.set_yticks(range(len(table)), labels, fontsize=8)
    first_axis.set_ylim(len(table) - 0.5, -0.5)
    last = table["end_date"].max() if len(table) else focus + pd.DateOffset(years=1)
    late_start = focus if early is not None or not len(table) else table["start_date"].min()
    late.set_xlim(late_start - pd.DateOffset(months=1), max(last, late_start + pd.DateOffset(months=5))
                  + pd.DateOffset(months=1))  # fmt: skip
    late.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=10))
    late.xaxis.set_major_formatter(mdates.ConciseDateFormatter(late.xaxis.get_major_locator()))
    if early is not None:
        first = table["start_date"].min()
        early.set_xlim(min(first, focus - pd.DateOffset(years=1)) - pd.DateOffset(months=6), focus)
        early.xaxis.set_major_locator(mdates.YearLocator(base=max(2, (focus.year - first.year + 2) // 3)))
        early.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        early.set_xlabel(f"Before {focus:%Y}")
        late.set_xlabel(f"{focus:%Y} onward (date of the event, as the articles give it)")
    else:
        late.set_xlabel("Date of the event, as the articles give it")
    for ax in (early, late):
        if ax is not None:
            ax.grid(axis="x", color="#dddddd")
            ax.tick_params(axis="x", labelsize=8)
    first_axis.set_ylabel("Event (TIMEX3 date, the article's words)")
    handles = [plt.Line2D([], [], color=colour[k], marker=shape[k], linewidth=0, label=k) for k in kinds]
    late.legend(
        handles=handles, title="Kind of event", frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0)
    )
    fig.suptitle("Events as the articles date them")
    note = "Dots: the date of an event; pale bars: events dated only to a month or a year."
    if len(events) > len(table):
        note += f" {len(table)} of {len(events)} events shown: those reported by the most articles."
    _caption(fig, documents, note, counted=events)
    return fig


def shown_events(events: pd.DataFrame, top: int) -> pd.DataFrame:
    """The ``top`` events with the most reports (then the latest), in date order."""
    chosen = events.sort_values(["reports", "start_date"], ascending=[False, False]).head(top)
    return chosen.sort_values(["start_date", "end_date", "event_id"]).reset_index(drop=True)


def _focus(events: pd.DataFrame, documents: pd.DataFrame) -> pd.Timestamp:
    """1 January of the year of the earliest publication, or of the earliest day-dated event."""
    dated = documents["published"].dropna()
    if len(dated):
        return pd.Timestamp(year=dated.min().year, month=1, day=1)
    days = events.loc[events["start_date"] == events["end_date"], "start_date"]
    year = (days.min() if len(days) else events["start_date"].min()) if len(events) else pd.Timestamp.now()
    return pd.Timestamp(year=year.year, month=1, day=1)


@_plain_text
def trade_by_year(figures: pd.DataFrame, documents: pd.DataFrame) -> Figure:
    """Bilateral trade by year as the articles state it, with the stated target.

    Args:
        figures: :func:`newslens.timeline.figures`; only "bilateral trade" rows are drawn.
        documents: The documents table, for each figure's outlet and the caption.
    """
    trade = figures[(figures["topic"] == "bilateral trade") & (figures["currency"] == "USD")]
    values = trade[(trade["kind"] == "value") & trade["year"].notna()]
    targets = trade[trade["kind"] == "target"]
    outlet = documents.set_index("doc_id")["outlet"]
    marker = {">": ("^", "more than"), "<": ("v", "less than"), "~": ("D", "about"), "": ("o", "exactly")}
    fig, ax = plt.subplots(figsize=(10, 4.8), layout="constrained")
    seen = set()
    statements = values.groupby(["year", "amount", "qualifier"])["doc_id"].agg(
        lambda ids: ", ".join(sorted({outlet.get(d, d) for d in ids}))
    )
    top = max([*(values["amount"] / 1e9), *(targets["amount"] / 1e9), 1])
    named = documents["outlet"].nunique() > 1  # with one outlet, the caption names it
    placed: dict[int, list[float]] = {}
    for (year, amount, qualifier), outlets in statements.items():
        symbol, meaning = marker[qualifier]
        ax.scatter(year, amount / 1e9, marker=symbol, s=90, color=PALETTE[0], zorder=3,
                   label=meaning if meaning not in seen else None)  # fmt: skip
        seen.add(meaning)
        near = any(abs(amount / 1e9 - y) < 0.05 * top for y in placed.get(year, []))
        if named and not near:  # a label that would overlap another is left to the table of figures
            placed.setdefault(year, []).append(amount / 1e9)
            ax.annotate(outlets, (year, amount / 1e9), textcoords="offset points",
                        xytext=(8, -4 if qualifier != "<" else 6), fontsize=8)  # fmt: skip
    for amount in sorted(set(targets["amount"])):
        stated = ", ".join(
            sorted({outlet.get(d, d) for d in targets.loc[targets["amount"] == amount, "doc_id"]})
        )
        ax.axhline(amount / 1e9, color=PALETTE[5], linestyle="--", linewidth=1.2)
        said = f" ({stated})" if named else ""
        ax.annotate(f"target: {amount / 1e9:,.0f} billion USD{said}", (0.01, amount / 1e9),
                    xycoords=("axes fraction", "data"), textcoords="offset points", xytext=(0, 4),
                    fontsize=8, color=PALETTE[5])  # fmt: skip
    years = list(values["year"].dropna().astype(int))
    if years:
        ax.set_xlim(min(years) - 1, max(years) + 2)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_ylim(0, top * 1.2)
    ax.set_xlabel("Year the figure refers to")
    ax.set_ylabel("Trade the articles state (billion USD)")
    ax.set_title("Bilateral trade by year, as the articles state it")
    if seen:
        ax.legend(title="The article says", frameon=False, loc="lower right")
    note = (
        "Each marker is a statement, named by the outlets that make it (where labels would overlap, the "
        "table of figures lists its articles); the dashed line is a stated target."
        if named
        else "Each marker is a statement; the dashed line is a stated target."
    )
    _caption(fig, documents, note)
    return fig


@_plain_text
def mentions_by_outlet(
    by_outlet: pd.DataFrame, documents: pd.DataFrame, names: pd.DataFrame, *, top: int = 20
) -> Figure:
    """How often each outlet names each actor, for the ``top`` most mentioned actors.

    Args:
        by_outlet: :func:`newslens.actors.by_group` (actors as rows, outlets as columns).
        documents: The documents table, for the caption.
        names: Actor ids and names: :func:`newslens.actors.actor_names` (people and
            organisations found in the text too) or the gazetteer.
        top: How many actors to show.
    """
    grid = by_outlet.loc[by_outlet.sum(axis=1).sort_values(ascending=False).index[:top]]
    outlets = grid.sum(axis=0).sort_values(ascending=False, kind="stable").index[:15]
    cut = (
        f" {len(outlets)} of {grid.shape[1]} outlets shown: those naming them most."
        if grid.shape[1] > 15
        else ""
    )
    grid = grid[outlets]
    label = names.set_index("actor_id")["name"]
    fig, ax = plt.subplots(
        figsize=(max(8, min(16, 3 + 1.0 * grid.shape[1])), 1.8 + 0.38 * grid.shape[0]), layout="constrained"
    )
    columns = [textwrap.fill(str(c), 14) for c in grid.columns]
    _annotated_heatmap(
        fig, ax, grid, columns, [label.get(a, a) for a in grid.index], colorbar_label="Mentions"
    )
    ax.set_xlabel("Outlet")
    ax.set_ylabel("Actor")
    ax.set_title("Who each outlet names: mentions of each actor")
    shown = f"the {len(grid)} most mentioned actors" if len(by_outlet) > len(grid) else "every actor"
    _caption(
        fig,
        documents,
        f'Mentions count names, aliases, roles ("the Chinese leader"), metonyms ("Beijing") and people '
        f"found in the text; {shown}.{cut}",
    )
    return fig


@_plain_text
def cooccurrence_network(graph, documents: pd.DataFrame, *, top: int = 20) -> Figure:
    """Actors named in the same sentences: node size by mentions, line width by shared sentences.

    The ``top`` most mentioned actors sit on a circle, most mentioned first,
    with their names outside it, so no label covers another.

    Args:
        graph: :func:`newslens.actors.network`.
        documents: The documents table, for the caption.
        top: How many actors to draw.
    """
    import networkx as nx

    ranked = sorted(graph.nodes, key=lambda n: -graph.nodes[n]["mentions"])[:top]
    graph = graph.subgraph(ranked)
    kinds = sorted({data["kind"] for _, data in graph.nodes(data=True)})
    colour = {kind: PALETTE[i % len(PALETTE)] for i, kind in enumerate(kinds)}
    fig, ax = plt.subplots(figsize=(10, 8), layout="constrained")
    if graph.number_of_nodes():
        layout = nx.circular_layout(ranked)
        weights = [data["weight"] for _, _, data in graph.edges(data=True)]
        heaviest = max(weights, default=1)
        widths = [0.5 + 6 * w / heaviest for w in weights]
        nx.draw_networkx_edges(graph, layout, ax=ax, width=widths, edge_color="#999999", alpha=0.7)
        mentions = [data["mentions"] for _, data in graph.nodes(data=True)]
        sizes = [150 + 1800 * m / max(mentions) for m in mentions]
        colours = [colour[data["kind"]] for _, data in graph.nodes(data=True)]
        nx.draw_networkx_nodes(graph, layout, ax=ax, node_size=sizes, node_color=colours)
        box = {"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.8}
        for node, (x, y) in layout.items():
            ha = "left" if x > 0.1 else ("right" if x < -0.1 else "center")
            below = 0.04 if abs(x) <= 0.1 and y < 0 else 0  # a name under the bottom node clears it
            ax.annotate(graph.nodes[node]["name"], (x * 1.13, y * 1.13 - below), ha=ha, va="center",
                        fontsize=9, bbox=box)  # fmt: skip
        ax.set_xlim(-1.6, 1.6)
        ax.set_ylim(-1.3, 1.3)
        ax.set_aspect("equal")
    handles = [
        plt.Line2D([], [], marker="o", linestyle="", color=colour[k], markersize=9, label=k) for k in kinds
    ]
    fig.legend(handles=handles, title="Kind", frameon=False, loc="outside right upper")  # beside, never cut
    ax.set_axis_off()
    ax.set_title("Actors named together in a sentence")
    _caption(fig, documents, "Circle area: mentions; line width: sentences naming both.")
    return fig


@_plain_text
def quotes_by_speaker(per_speaker: pd.DataFrame, documents: pd.DataFrame, *, top: int = 15) -> Figure:
    """Quotations per speaker, split by the outlet that prints them.

    Args:
        per_speaker: :func:`newslens.quotes.per_speaker` (speaker, outlet, quotations).
        documents: The documents table, for the caption.
        top: How many speakers to show; the rest are summed as "other speakers".
    """
    from newslens import quotes

    totals = per_speaker.groupby("speaker")["quotations"].sum().sort_values(ascending=False, kind="stable")
    ranked = totals.index[totals.index != quotes.NOT_NAMED][:top]
    speaker = per_speaker["speaker"]
    speaker = speaker.where(speaker.isin(ranked) | (speaker == quotes.NOT_NAMED), "other speakers")
    counts = per_speaker.pivot_table(
        index=speaker, columns="outlet", values="quotations", aggfunc="sum", fill_value=0
    )
    counts = counts.loc[counts.sum(axis=1).sort_values(kind="stable").index]
    if counts.shape[1] > len(PALETTE):  # one colour an outlet: the others together, the legend readable
        kept = counts.sum().sort_values(ascending=False, kind="stable").index[: len(PALETTE) - 1]
        counts = counts[kept].assign(**{"other outlets": counts.drop(columns=kept).sum(axis=1)})
    fig, ax = plt.subplots(figsize=(10, 1.8 + 0.45 * max(len(counts), 1)), layout="constrained")
    left = np.zeros(len(counts))
    for index, name in enumerate(counts.columns):
        ax.barh(counts.index, counts[name], left=left, color=PALETTE[index % len(PALETTE)], label=name)
        left += counts[name].to_numpy()
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("Quotations (count)")
    ax.set_ylabel("Speaker")
    ax.set_title("Who is quoted, and by which outlet")
    ax.legend(title="Outlet", frameon=False, loc="lower right")
    _caption(
        fig,
        documents,
        "Speakers by the fullest name the articles give; includes partial quotations of a word or two; "
        f"'{quotes.NOT_NAMED}' when the text does not say who spoke.",
        counted=per_speaker,
    )
    return fig


@_plain_text
def republishing(table: pd.DataFrame, documents: pd.DataFrame, *, top: int = 20) -> Figure:
    """Who republishes whom: sources (rows) by the outlets that run their text (columns).

    Args:
        table: :func:`newslens.duplicates.republishing` (source, republisher, articles).
        documents: The documents table, for the caption.
        top: How many sources and outlets to show at most, those with the most articles.
    """
    sources = table.groupby("source")["articles"].sum().sort_values(ascending=False, kind="stable")
    outlets = table.groupby("republisher")["articles"].sum().sort_values(ascending=False, kind="stable")
    rows, columns = list(sources.index[:top]), list(outlets.index[:top])
    grid = table.pivot_table(index="source", columns="republisher", values="articles", aggfunc="sum")
    grid = grid.reindex(index=rows, columns=columns).fillna(0)
    fig, ax = plt.subplots(
        figsize=(min(16, max(9, 4 + 0.62 * len(columns))), min(12, 3 + 0.36 * len(rows))),
        layout="constrained",
    )
    labels = [textwrap.shorten(str(c), 24, placeholder="…") for c in columns]
    _annotated_heatmap(fig, ax, grid, labels, [textwrap.shorten(str(r), 32, placeholder="…") for r in rows],
                       colorbar_label="Articles", blank_zeros=True)  # fmt: skip
    if len(columns) > 4:
        plt.setp(ax.get_xticklabels(), rotation=40, ha="right", rotation_mode="anchor")
    ax.set_xlabel("Outlet that runs the text")
    ax.set_ylabel("Source")
    ax.set_title("Who republishes whom: articles that run another source's text")
    shown = ""
    if len(sources) > len(rows) or len(outlets) > len(columns):
        shown = (f" Shown: the {len(rows)} of {len(sources)} sources and {len(columns)} of {len(outlets)} "
                 "outlets with the most such articles.")  # fmt: skip
    _caption(
        fig,
        documents,
        "A source is the agency an article credits or, for a copy, the outlet (or credited agency) of the "
        f"earliest article with that text; blank: none.{shown}",
    )
    return fig


@_plain_text
def stories_by_outlet(table: pd.DataFrame, documents: pd.DataFrame, *, top: int = 20) -> Figure:
    """Each outlet's articles split into first runs and copies, with its share of distinct stories.

    Args:
        table: :func:`newslens.duplicates.stories_by_outlet`.
        documents: The documents table, for the caption.
        top: How many outlets to show at most, those with the most articles.
    """
    shown = table.head(top).iloc[::-1]
    fig, ax = plt.subplots(figsize=(10, 1.8 + 0.42 * max(len(shown), 1)), layout="constrained")
    names = [textwrap.shorten(str(o), 32, placeholder="…") for o in shown["outlet"]]
    ax.barh(names, shown["first"], color=PALETTE[0], label="first to run its text")
    ax.barh(names, shown["copies"], left=shown["first"], color=PALETTE[1], label="copy of an earlier article")
    for row, item in enumerate(shown.itertuples()):
        stories = f"{item.stories:,} distinct {'story' if item.stories == 1 else 'stories'}"
        ax.text(item.articles, row, f"  {item.first / item.articles:.0%} first runs · {stories}",
                va="center", fontsize=8)  # fmt: skip
    ax.set_xlim(0, max(shown["articles"].max(), 1) * 1.5)  # room for the labels
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("Articles")
    ax.set_ylabel("Outlet")
    ax.set_title("How many distinct stories each outlet's articles tell")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    cut = (
        f" {len(shown)} of {len(table)} outlets shown: those with the most articles."
        if len(table) > len(shown)
        else ""
    )
    _caption(fig, documents, "A story: the articles that copy one text, wholly or in part; a first run is "
             f"the earliest article of its story.{cut}")  # fmt: skip
    return fig
