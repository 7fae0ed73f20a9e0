"""newslens.explore: the functions behind the explorer's widgets."""

from __future__ import annotations

import pandas as pd
import pytest

from newslens import explore
from newslens.corpus import Corpus


def test_term_view_shows_concordance_spread_and_rates(corpus):
    view = explore.term_view(corpus, "Belt and Road")
    assert len(view.kwic) == 7
    rates = view.by_outlet.set_index("outlet")["count"]
    assert rates["Arirang News"] == 5 and rates["CGTN"] == 0
    assert view.dispersion is not None and view.over_time is not None


def test_an_undated_corpus_gets_no_chart_over_time(corpus):
    undated = corpus.documents.assign(published=pd.NaT)
    tables = {name: corpus.table(name) for name in ("removed", "sentences", "tokens")}
    view = explore.term_view(Corpus(corpus.path, tables | {"documents": undated}), "Belt and Road")
    assert len(view.kwic) == 7 and view.dispersion is not None and view.over_time is None


def test_unknown_term_gives_empty_tables_and_no_charts(corpus):
    view = explore.term_view(corpus, "zyzzyva")
    assert view.kwic.empty and view.dispersion is None and view.by_outlet["count"].sum() == 0


def test_actor_view_lists_only_the_actors_quotations(corpus):
    view = explore.actor_view(corpus, "vladimir_putin")
    assert view.name == "Vladimir Putin"
    assert len(view.quotations) >= 2 and set(view.quotations["outlet"]) <= {"Arirang News", "TV BRICS"}
    assert set(view.quotations["speaker"]) == {"Vladimir Putin"}
    assert view.quotations["compound"].between(-1, 1).all()
    assert view.mentions_by_outlet["mentions"].sum() >= 25
    with pytest.raises(ValueError, match="unknown actor 'putin'"):
        explore.actor_view(corpus, "putin")


def test_actor_view_takes_a_speakers_name_too(corpus):
    by_name = explore.actor_view(corpus, "Xi Jinping")
    by_id = explore.actor_view(corpus, "xi_jinping")
    assert by_name.actor_id == "xi_jinping" and len(by_name.quotations) == len(by_id.quotations) >= 10


def test_explorer_builds_its_widgets(corpus):
    ui = explore.explorer(corpus)
    term_box, _, actor_menu, _ = ui.children
    assert term_box.value == "Belt and Road"
    assert actor_menu.value in {"china", "russia", "xi_jinping"}
