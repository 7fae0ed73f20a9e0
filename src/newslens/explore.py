"""The explorer behind notebook 06: a term's concordance, spread and frequency; an actor's quotations.

Actors are those of :func:`newslens.actors.mentions`: the gazetteer's and the
people and organisations found in the text; a speaker can be picked by id or
by the name the quotes table shows.

``term_view`` and ``actor_view`` are ordinary functions over a corpus; the
widgets of :func:`explorer` only call them and show what they return, so
everything the explorer shows is tested without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from newslens import actors, plots, quotes, terms


@dataclass(frozen=True)
class TermView:
    """Everything the explorer shows for a term."""

    term: str
    kwic: pd.DataFrame
    by_outlet: pd.DataFrame
    dispersion: Figure | None
    over_time: Figure | None


@dataclass(frozen=True)
class ActorView:
    """Everything the explorer shows for an actor."""

    actor_id: str
    name: str
    quotations: pd.DataFrame
    mentions_by_outlet: pd.DataFrame


def term_view(corpus, term: str, *, window: int = 8) -> TermView:
    """A term's KWIC lines, its rate per outlet, and charts of its spread and frequency over time.

    An unknown term gives empty tables and no charts.
    """
    lines = terms.kwic(corpus, term, window=window)
    rates = terms.occurrences(corpus.tokens, corpus.documents, [term], by="outlet")
    rates = rates.rename(columns={"group": "outlet"}).drop(columns="term")
    if lines.empty:
        return TermView(term, lines, rates, None, None)
    spread = plots.lexical_dispersion(
        terms.dispersion(corpus.tokens, corpus.documents, [term]), corpus.documents
    )
    if corpus.documents["published"].isna().all():  # no dates: no change over time to chart
        return TermView(term, lines, rates, spread, None)
    over_time = terms.frequency_over_time(corpus.tokens, corpus.documents, [term], period="M")
    return TermView(term, lines, rates, spread, plots.frequency_over_time(over_time, corpus.documents))


def actor_view(corpus, actor: str, found: dict[str, pd.DataFrame] | None = None) -> ActorView:
    """An actor's quotations with their sentiment, and how often each outlet names them.

    Args:
        actor: An actor id ("xi_jinping", or "mao_ning" for a person found in
            the text) or a name as the quotes table shows it ("Mao Ning").
        found: :func:`newslens.quotes.analyse` of the corpus, when already computed.

    Raises:
        ValueError: nobody in the corpus goes by ``actor``.
    """
    found = found or quotes.analyse(corpus)
    names = found["actors"].set_index("actor_id")["name"]
    actor_id, quoted = actor, found["quotes"][found["quotes"]["actor_id"] == actor]
    if actor not in names.index:
        quoted = quotes.select_speaker(found["quotes"], actor)
        if quoted.empty:
            raise ValueError(
                f"unknown actor {actor!r}: give an actor id (e.g. {names.index[0]}) or a speaker's name"
            )
        ids = set(quoted["actor_id"]) - {""}
        actor_id = ids.pop() if len(ids) == 1 else ""
    outlet = corpus.documents.set_index("doc_id")["outlet"]
    quoted = quoted.assign(outlet=quoted["doc_id"].map(outlet))[
        ["outlet", "doc_id", "speaker", "text", "cue", "compound"]
    ]
    mentions = found["mentions"][found["mentions"]["actor_id"] == actor_id]
    by_outlet = actors.by_group(mentions, corpus.documents).T.rename(columns={actor_id: "mentions"})
    by_outlet = by_outlet.rename_axis(index="outlet", columns=None)
    return ActorView(actor_id, names.get(actor_id, actor), quoted.reset_index(drop=True), by_outlet)


def explorer(corpus):
    """The interactive explorer: a term box and an actor menu, each showing its view below."""
    import ipywidgets as widgets
    from IPython.display import display

    found = quotes.analyse(corpus)
    people = actors.counts(found["mentions"], corpus.documents, found["gazetteer"]).head(200)
    term_box = widgets.Text(value="Belt and Road", description="Term", continuous_update=False)
    choices = list(zip(people["name"], people["actor_id"], strict=True))
    actor_menu = widgets.Dropdown(options=choices, description="Actor")
    term_out, actor_out = widgets.Output(), widgets.Output()

    def show_term(_=None):
        with term_out:
            term_out.clear_output()
            show(term_view(corpus, term_box.value))

    def show_actor(_=None):
        with actor_out:
            actor_out.clear_output()
            show(actor_view(corpus, actor_menu.value, found))

    term_box.observe(show_term, names="value")
    actor_menu.observe(show_actor, names="value")
    show_term()
    show_actor()
    ui = widgets.VBox([term_box, term_out, actor_menu, actor_out])
    display(ui)
    return ui


def show(view: TermView | ActorView) -> None:
    """Display a view in the notebook: its tables and charts, with short headings."""
    from IPython.display import Markdown, display

    if isinstance(view, TermView):
        display(Markdown(f"**{view.term}**: {len(view.kwic)} occurrences"))
        display(view.by_outlet)
        for figure in (view.dispersion, view.over_time):
            if figure is not None:
                display(figure)
                plt.close(figure)  # shown once, not again when the cell ends
        display(view.kwic[["outlet", "published", "left", "keyword", "right"]])
    else:
        display(Markdown(f"**{view.name}**: {len(view.quotations)} quotations"))
        display(view.mentions_by_outlet)
        display(view.quotations)
