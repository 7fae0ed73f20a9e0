"""newslens.plots: every chart has a title, labelled axes, a caption, and no overlapping text."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from matplotlib.figure import Figure

from newslens import actors, duplicates, findings, plots, quotes, sentiment, terms, timeline

CHOSEN = ["ukraine", "trade", "peace", "belt and road"]


def _texts(fig: Figure):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        for text in [
            *_drawn_ticklabels(ax.xaxis),
            *_drawn_ticklabels(ax.yaxis),
            ax.xaxis.label,
            ax.yaxis.label,
            ax.title,
        ]:
            if text.get_text().strip() and text.get_visible():
                yield text.get_text(), text.get_window_extent(renderer)
    for text in fig.texts:
        yield text.get_text(), text.get_window_extent(renderer)


def _drawn_ticklabels(axis):
    """Tick labels inside the view (matplotlib keeps labels for ticks beyond it, undrawn)."""
    low, high = sorted(axis.get_view_interval())
    return [tick.label1 for tick in axis.get_major_ticks() if low <= tick.get_loc() <= high]


def _mentions_and_names(corpus):
    found = quotes.analyse(corpus)
    return found["mentions"], found["actors"]


CHARTS = {
    "publication_timeline": lambda c: plots.publication_timeline(c.documents),
    "article_lengths": lambda c: plots.article_lengths(c.documents),
    "removed_by_reason": lambda c: plots.removed_by_reason(c.removed, c.documents),
    "top_terms": lambda c: plots.top_terms(terms.frequencies(c, top=20), c.documents),
    "top_bigrams": lambda c: plots.top_terms(terms.ngrams(c, top=15), c.documents, what="phrases"),
    "term_heatmap": lambda c: plots.term_heatmap(
        terms.occurrences(c.tokens, c.documents, CHOSEN), c.documents
    ),
    "frequency_over_time": lambda c: plots.frequency_over_time(
        terms.frequency_over_time(c.tokens, c.documents, CHOSEN, period="M"), c.documents
    ),
    "lexical_dispersion": lambda c: plots.lexical_dispersion(
        terms.dispersion(c.tokens, c.documents, CHOSEN), c.documents
    ),
    "keyness": lambda c: plots.keyness(
        terms.keyness(c, findings.comparison(c.documents).target_ids),
        c.documents,
        target=findings.comparison(c.documents).target,
    ),
    "collocations": lambda c: plots.collocations(terms.collocations(c.tokens, min_freq=3), c.documents),
    "sentiment_by_article": lambda c: plots.sentiment_by_article(
        sentiment.sentence_scores(c.sentences), c.documents
    ),
    "sentiment_arcs": lambda c: plots.sentiment_arcs(
        sentiment.arcs(sentiment.sentence_scores(c.sentences)), c.documents
    ),
    "sentiment_by_outlet": lambda c: plots.sentiment_shares(
        sentiment.by_outlet(sentiment.sentence_scores(c.sentences), c.documents),
        c.documents,
        group="outlet",
        title="Tone by outlet",
    ),
    "sentiment_by_target": lambda c: plots.sentiment_shares(
        sentiment.by_target(
            sentiment.sentence_scores(c.sentences),
            sentiment.targets_for(c.path, c.sentences, *_mentions_and_names(c))[0],
        ),
        c.documents,
        group="target",
        title="Tone by target",
    ),
    "event_timeline": lambda c: plots.event_timeline(timeline.analyse(c)["events"], c.documents),
    "trade_by_year": lambda c: plots.trade_by_year(timeline.analyse(c)["figures"], c.documents),
    "mentions_by_outlet": lambda c: plots.mentions_by_outlet(
        actors.by_group(quotes.analyse(c)["mentions"], c.documents),
        c.documents,
        quotes.analyse(c)["actors"],
    ),
    "cooccurrence_network": lambda c: plots.cooccurrence_network(
        actors.network(quotes.analyse(c)["mentions"], quotes.analyse(c)["gazetteer"]), c.documents
    ),
    "quotes_by_speaker": lambda c: plots.quotes_by_speaker(
        quotes.per_speaker(quotes.analyse(c)["quotes"], c.documents, quotes.analyse(c)["gazetteer"]),
        c.documents,
    ),
    "sentiment_by_speaker": lambda c: plots.sentiment_shares(
        sentiment.by_speaker(
            sentiment.sentence_scores(c.sentences),
            quotes.analyse(c)["quotes"],
            quotes.analyse(c)["gazetteer"],
        ),
        c.documents,
        group="speaker",
        title="Tone by speaker",
        unit="statements",
    ),
    "republishing": lambda c: plots.republishing(duplicates.republishing(c.documents), c.documents),
    "stories_by_outlet": lambda c: plots.stories_by_outlet(
        duplicates.stories_by_outlet(c.documents), c.documents
    ),
    "sentiment_over_time": lambda c: plots.sentiment_over_time(
        sentiment.by_month(sentiment.sentence_scores(c.sentences), c.documents), c.documents
    ),
}


@pytest.mark.parametrize("name", CHARTS)
def test_chart_is_labelled_and_captioned(corpus, name):
    fig = CHARTS[name](corpus)
    assert fig.axes[0].get_title() or fig.get_suptitle()
    drawn = [ax for ax in fig.axes if ax.axison]  # a network drawing has no axes to label
    assert not drawn or any(ax.get_xlabel() for ax in drawn)
    fig.canvas.draw()
    shows_y = [ax for ax in fig.axes if any(t.get_visible() and t.get_text() for t in ax.get_yticklabels())]
    assert all(ax.get_ylabel() for ax in shows_y)
    assert any(t.get_text().startswith("Source: 5 articles") for t in fig.texts)


@pytest.mark.parametrize("name", CHARTS)
def test_no_text_overlaps_and_all_inside_the_figure(corpus, name):
    fig = CHARTS[name](corpus)
    texts = list(_texts(fig))
    width, height = fig.canvas.get_width_height()
    for label, box in texts:
        assert box.x0 >= -1 and box.y0 >= -1 and box.x1 <= width + 1 and box.y1 <= height + 1, label
    for (a, box_a), (b, box_b) in itertools.combinations(texts, 2):
        assert not box_a.overlaps(box_b), f"{a!r} overlaps {b!r}"


def test_timeline_ticks_show_the_year(corpus):
    fig = plots.publication_timeline(corpus.documents)
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels and all(label[-4:].isdigit() for label in labels)


def test_top_terms_bars_are_the_counts_in_order(corpus):
    table = terms.frequencies(corpus, top=10)
    fig = plots.top_terms(table, corpus.documents)
    widths = [patch.get_width() for patch in fig.axes[0].patches]
    assert widths == list(table["count"])[::-1]  # most frequent at the top


def test_heatmap_cells_are_the_rates(corpus):
    occurrences = terms.occurrences(corpus.tokens, corpus.documents, CHOSEN)
    fig = plots.term_heatmap(occurrences, corpus.documents)
    grid = fig.axes[0].images[0].get_array()
    assert grid.shape == (len(CHOSEN), len(corpus.documents))
    assert grid.sum() == pytest.approx(occurrences["per_10k"].sum())


def test_removed_chart_counts_match_the_table(corpus):
    fig = plots.removed_by_reason(corpus.removed, corpus.documents)
    total = sum(patch.get_width() for patch in fig.axes[0].patches)
    assert total == len(corpus.removed)


def test_speaker_and_actor_charts_show_names_and_stay_readable(corpus):
    found = quotes.analyse(corpus)
    per_speaker = quotes.per_speaker(found["quotes"], corpus.documents, found["gazetteer"])
    fig = plots.quotes_by_speaker(per_speaker, corpus.documents, top=2)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "Xi Jinping" in labels and "Vladimir Putin" in labels and quotes.NOT_NAMED in labels
    assert not any("_" in label for label in labels)  # names, not ids
    by_outlet = actors.by_group(found["mentions"], corpus.documents)
    fig = plots.mentions_by_outlet(by_outlet, corpus.documents, found["actors"], top=5)
    assert len(fig.axes[0].get_yticklabels()) == 5


# --- charts at 5, 60 and 2,000 articles -----------------------------------------------------------------


@pytest.fixture(scope="module")
def sixty(tmp_path_factory):
    """60 Wikinews articles of 2019-2020: another kind and size of corpus than the built-in one."""
    import shutil

    from conftest import FIXTURES
    from newslens import load_corpus

    data = tmp_path_factory.mktemp("sixty") / "data"
    shutil.copytree(FIXTURES / "wikinews60", data)
    return load_corpus(data)


@pytest.fixture(scope="module")
def thousands(sixty):
    """2,040 articles: the 60 again and again under new ids, from 40 outlets over three years."""
    import pandas as pd

    from newslens.corpus import Corpus

    copies = 34
    tables = {}
    for name in ("documents", "removed", "sentences", "tokens"):
        table = getattr(sixty, name)
        tables[name] = pd.concat([table.assign(doc_id=table["doc_id"] + f"-{i}") for i in range(copies)],
                                 ignore_index=True)  # fmt: skip
    docs = tables["documents"]
    number = docs.index.to_series()
    docs["outlet"] = "Outlet " + (number % 40).astype(str)
    docs["published"] = docs["published"] + pd.to_timedelta(number // 60 * 30, unit="D")
    docs["story_id"] = docs["doc_id"]
    return Corpus(sixty.path, tables)


def _bounded_and_drawn(fig) -> None:
    width, height = fig.get_size_inches()
    assert width <= 16 and height <= 14, (width, height)
    for ax in fig.axes:
        if ax.axison and ax.get_label() != "<colorbar>":
            assert ax.has_data() or ax.images, f"an empty chart: {ax.get_title()!r}"


SIZED = ["publication_timeline", "article_lengths", "top_terms", "term_heatmap", "frequency_over_time",
         "lexical_dispersion", "stories_by_outlet"]  # fmt: skip


#: Charts the notebooks replace by a sentence when there is nothing to show, as in these 60 articles.
NOTHING_TO_SHOW = {
    "trade_by_year": lambda c: timeline.analyse(c)["figures"].query("topic == 'bilateral trade'").empty,
    "republishing": lambda c: duplicates.republishing(c.documents).empty,
}


@pytest.mark.parametrize("name", CHARTS)
@pytest.mark.slow
def test_every_chart_holds_at_sixty_articles(sixty, name):
    if name in NOTHING_TO_SHOW:
        assert NOTHING_TO_SHOW[name](sixty)  # else it would be drawn, and checked
        return
    _bounded_and_drawn(CHARTS[name](sixty))


@pytest.mark.parametrize("name", SIZED)
@pytest.mark.slow
def test_charts_of_one_row_per_article_or_outlet_hold_at_two_thousand(thousands, name):
    fig = CHARTS[name](thousands)
    _bounded_and_drawn(fig)
    assert any("shown" in t.get_text() for t in fig.texts) or name in ("top_terms", "frequency_over_time")


@pytest.mark.slow
def test_tone_charts_hold_at_two_thousand(sixty, thousands):
    import pandas as pd

    scores = sentiment.sentence_scores(sixty.sentences)
    many = pd.concat([scores.assign(doc_id=scores["doc_id"] + f"-{i}") for i in range(34)], ignore_index=True)
    for fig in (
        plots.sentiment_by_article(many, thousands.documents),
        plots.sentiment_arcs(sentiment.arcs(many), thousands.documents),
        plots.sentiment_shares(
            sentiment.by_outlet(many, thousands.documents),
            thousands.documents,
            group="outlet",
            title="Tone by outlet",
        ),
        plots.sentiment_over_time(sentiment.by_month(many, thousands.documents), thousands.documents),
    ):
        _bounded_and_drawn(fig)


def test_articles_that_share_outlet_and_date_are_told_apart_by_their_ids():
    documents = pd.DataFrame(
        {
            "doc_id": ["bbc-001", "bbc-002", "afp-1"],
            "outlet": ["unknown", "unknown", "AFP"],
            "published": [pd.NaT, pd.NaT, pd.Timestamp("2024-10-02")],
        }
    )
    labels = plots._doc_labels(documents)
    assert labels.tolist() == ["unknown · bbc-001", "unknown · bbc-002", "AFP, 02 Oct 2024"]
