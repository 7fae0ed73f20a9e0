"""Interactive charts, where the evidence matters: hover a mark to read the sentences behind it.

One function per chart, each taking the same tables as its static twin in
:mod:`newslens.plots` and returning an Altair (Vega-Lite 5) chart. They
embed only what a reader needs to see: aggregates, and at most ``evidence``
sentences per mark, each cut to :data:`CLIP` characters, so a report on a
hundred thousand articles stays small.

A chart object shows itself in JupyterLab, which draws Vega-Lite offline,
through the ``mimetype`` renderer enabled on import (Altair's default one
fetches its JavaScript from a CDN). The HTML report draws the same output
with the Vega runtime inlined in the page (see :mod:`newslens.report`).
"""

from __future__ import annotations

import re
import textwrap

import altair as alt
import numpy as np
import pandas as pd

from newslens.plots import PALETTE, shown_events, source_line

alt.renderers.enable("mimetype")

#: Characters of a sentence shown in a tooltip.
CLIP = 220
#: Width of a chart's plotting area, in pixels.
WIDTH = 640


def _clip(text: str, width: int = CLIP) -> str:
    return textwrap.shorten(" ".join(str(text).split()), width, placeholder=" …")


def _titled(chart: alt.TopLevelMixin, title: str, documents: pd.DataFrame, note: str = "", *,
            counted: pd.DataFrame | None = None) -> alt.TopLevelMixin:  # fmt: skip
    """The chart with its title and, as the subtitle, the source line the static charts carry."""
    source = textwrap.wrap(source_line(documents, note, counted=counted), 110)
    return chart.properties(
        title=alt.TitleParams(title, subtitle=source, anchor="start", subtitleColor="#444444")
    ).configure_range(category=PALETTE)


#: A time axis whose every label names its year, however short the span.
_DATES = alt.Axis(format="%b %Y", labelOverlap="greedy", labelSeparation=6)
#: A row axis with its title above the labels, where long labels cannot hide it.
_TOP_TITLE = alt.Axis(labelLimit=420, titleAngle=0, titleAlign="left", titleAnchor="start", titleY=-8,
                      titleX=-420)  # fmt: skip


def _label(text) -> str:
    """A name as one line: line and paragraph separators (U+2028, U+2029) would break the
    Vega expressions a sort order becomes."""
    return " ".join(str(text).split())


def _evidence(texts: pd.Series, evidence: int, *, name: str = "evidence") -> dict[str, str]:
    """Tooltip fields "evidence 1" ... for the first ``evidence`` distinct texts (empty when fewer)."""
    chosen = list(dict.fromkeys(_clip(text) for text in texts))[:evidence]
    return {f"{name} {i + 1}": chosen[i] if i < len(chosen) else "" for i in range(evidence)}


def _evidence_tooltips(evidence: int) -> list[alt.Tooltip]:
    return [alt.Tooltip(f"evidence {i + 1}:N") for i in range(evidence)]


def _outlets(documents: pd.DataFrame) -> pd.Series:
    """Each article's outlet, by doc_id, as one line."""
    return documents.set_index("doc_id")["outlet"].map(_label)


def _labelled(table: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """The table with the names in ``columns`` as one line each (see :func:`_label`)."""
    return table.assign(**{column: table[column].map(_label) for column in columns})


def _sentences(evidence: str, doc_ids: list[str]) -> pd.Series:
    """The sentences of an event's evidence ("doc_id: sentence | doc_id: sentence"), split only
    where the next one starts with one of its articles, so a "|" or ": " inside a sentence stays."""
    starts = "|".join(re.escape(doc_id) for doc_id in sorted(doc_ids, key=len, reverse=True))
    parts = re.split(rf" \| (?=(?:{starts}): )", evidence)
    return pd.Series([re.sub(rf"^(?:{starts}): ", "", part) for part in parts])


def event_timeline(
    events: pd.DataFrame, documents: pd.DataFrame, *, top: int = 40, evidence: int = 3
) -> alt.TopLevelMixin:
    """Dated events, one row each; hover: the date, the kind, the outlets and the evidence sentences.

    Click a kind in the legend to show only its events; drag or scroll on the chart to move
    along or zoom into the time axis.

    Args:
        events: :func:`newslens.timeline.events`.
        documents: The documents table: outlets of the reports, and the subtitle.
        top: Events shown at most, as in :func:`newslens.plots.event_timeline`.
        evidence: Sentences shown per event at most.
    """
    outlet = _outlets(documents)
    rows, seen = [], set()
    for event in shown_events(events, top).itertuples():
        doc_ids = event.doc_ids.split(", ")
        names = sorted({outlet.get(doc_id, doc_id) for doc_id in doc_ids})
        end = event.end_date + pd.Timedelta(days=1)
        row = f"{event.value}  {_clip(event.label, 70)}"
        row = f"{row} ({event.event_id})" if row in seen else row  # two events never share a row
        seen.add(row)
        rows.append({
            "event": row, "date": event.value, "kind": _label(event.trigger),
            "start": event.start_date, "end": end, "middle": event.start_date + (end - event.start_date) / 2,
            "span": (end - event.start_date).days > 1, "reports": float(event.reports),
            "outlets": ", ".join(map(str, names)), "actors": event.actors,
            **_evidence(_sentences(event.evidence, doc_ids), evidence),
        })  # fmt: skip
    columns = ["event", "date", "kind", "start", "end", "middle", "span", "reports", "outlets", "actors"]
    table = pd.DataFrame(rows, columns=[*columns, *_evidence(pd.Series(), evidence)])
    kinds = alt.selection_point(fields=["kind"], bind="legend")
    order = list(dict.fromkeys(table["event"]))
    y = alt.Y("event:N", sort=order, title="Event: its TIMEX3 date, the article's words", axis=_TOP_TITLE)
    shown = alt.condition(kinds, alt.value(1.0), alt.value(0.12))
    base = alt.Chart(table)
    spans = (
        base.transform_filter("datum.span")
        .mark_rule(strokeWidth=6, opacity=0.35)
        .encode(x="start:T", x2="end:T", y=y, color=alt.Color("kind:N", title="Kind of event"), opacity=shown)
    )
    points = base.mark_point(filled=True, size=70).encode(
        x=alt.X("middle:T", title="Date of the event, as the articles give it", axis=_DATES),
        y=y,
        color=alt.Color("kind:N", title="Kind of event"),
        opacity=shown,
        tooltip=[alt.Tooltip("date:N"), alt.Tooltip("kind:N"), alt.Tooltip("reports:Q", format=",.1~f"),
                 alt.Tooltip("outlets:N"), alt.Tooltip("actors:N", title="actors (ids)"),
                 *_evidence_tooltips(evidence)],
    )  # fmt: skip
    chart = (spans + points).add_params(kinds).properties(width=WIDTH, height=max(120, 18 * len(table)))
    note = "Dots: the date of an event; bars: events dated only to a month or a year."
    if len(events) > len(table):
        note += f" {len(table)} of {len(events)} events shown: those reported by the most articles."
    title = "Events as the articles date them (hover for the evidence)"
    return _titled(chart.interactive(bind_y=False), title, documents, note, counted=events)


def terms_followed(
    by_outlet: pd.DataFrame,
    lines: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    over_time: pd.DataFrame | None = None,
    evidence: int = 8,
) -> alt.TopLevelMixin:
    """Followed terms by outlet (and by month): hover for counts and rates, click a term for its lines.

    Args:
        by_outlet: :func:`newslens.terms.occurrences` with ``by="outlet"``.
        lines: :func:`newslens.terms.kwic` rows of the terms, with a ``term`` column naming the
            term each was found for.
        documents: The documents table, for the subtitle.
        over_time: :func:`newslens.terms.frequency_over_time` by month, or None (an undated corpus).
        evidence: Concordance lines kept per term.
    """
    by_outlet = _labelled(by_outlet, "term", "group")
    lines = _labelled(lines, "term", "outlet")
    over_time = None if over_time is None else _labelled(over_time, "term")
    terms = list(dict.fromkeys(by_outlet["term"]))
    picked = alt.selection_point(fields=["term"], value=[{"term": terms[0]}] if terms else None)
    colour = alt.Color("term:N", title="Term", scale=alt.Scale(domain=terms))
    rate = alt.Tooltip("per_10k:Q", title="per 10,000 words", format=",.1f")
    counts = [alt.Tooltip("count:Q", format=",.1~f"), alt.Tooltip("words:Q", title="words", format=",")]
    grid = alt.Chart(by_outlet.rename(columns={"group": "outlet"})).mark_rect().encode(
        x=alt.X("outlet:N", title="Outlet", axis=alt.Axis(labelAngle=-40, labelLimit=160)),
        y=alt.Y("term:N", title="Term", sort=terms),
        color=alt.Color("per_10k:Q", title="Per 10,000 words", scale=alt.Scale(scheme="blues")),
        stroke=alt.condition(picked, alt.value("#000000"), alt.value(None)),
        tooltip=[alt.Tooltip("term:N"), alt.Tooltip("outlet:N"), *counts, rate],
    ).add_params(picked).properties(width=WIDTH, height=24 * max(len(terms), 1))  # fmt: skip
    dated = over_time is not None and len(over_time) > 0
    one_outlet = by_outlet["group"].nunique() <= 1
    panels = [] if dated and one_outlet else [grid.properties(title="By outlet")]  # one column says little
    if dated:
        months = alt.Chart(over_time).mark_line(point=True).encode(
            x=alt.X("period:T", title="Month of publication", timeUnit="yearmonth", axis=_DATES),
            y=alt.Y("per_10k:Q", title="Occurrences per 10,000 words"),
            color=colour,
            opacity=alt.condition(picked, alt.value(1.0), alt.value(0.25)),
            tooltip=[alt.Tooltip("term:N"), alt.Tooltip("period:T", title="month", format="%B %Y"),
                     *counts, rate],
        ).add_params(picked).properties(width=WIDTH, height=220, title="By month")  # fmt: skip
        panels.insert(0, months)
    chart = alt.vconcat(*panels, _concordance(lines, picked, evidence))
    note = "Click a term (a cell, a point) to read its lines below."
    return _titled(chart, "Where and when the followed terms occur", documents, note, counted=by_outlet)


def _concordance(lines: pd.DataFrame, picked, evidence: int) -> alt.Chart:
    """The concordance lines of the picked term, keyword in the middle."""
    kept = lines.sort_values(["term", "published", "doc_id"]).groupby("term").head(evidence)
    table = pd.DataFrame({
        "term": kept["term"],
        "source": [f"{outlet}, {when:%d %b %Y}" if pd.notna(when) else str(outlet)
                   for outlet, when in zip(kept["outlet"], kept["published"], strict=True)],
        "left": [("…" + left[-60:]) if len(left) > 60 else left for left in kept["left"]],
        "keyword": kept["keyword"],
        "right": [(right[:70] + "…") if len(right) > 70 else right for right in kept["right"]],
    })  # fmt: skip
    table["row"] = table.groupby("term").cumcount()
    base = alt.Chart(table).transform_filter(picked).encode(y=alt.Y("row:O", axis=None))
    text = {"fontSize": 11, "baseline": "middle"}
    columns = [  # (field, x, align, limit, style): source, left context, keyword, right context
        ("source", 0, "left", 160, {"color": "#666666"}),
        ("left", 480, "right", 310, {}),
        ("keyword", 550, "center", 130, {"fontWeight": "bold"}),
        ("right", 620, "left", 330, {}),
    ]
    chart = alt.layer(*(
        base.mark_text(align=align, limit=limit, **text, **style).encode(x=alt.value(x), text=f"{field}:N")
        for field, x, align, limit, style in columns
    ))  # fmt: skip
    return chart.properties(width=WIDTH + 310, height=16 * max(evidence, 1),
                            title="Concordance of the picked term")  # fmt: skip


def keyness(
    keywords: pd.DataFrame, documents: pd.DataFrame, *, target: str, reference: str, top: int = 12
) -> alt.TopLevelMixin:
    """Keywords of a target against a reference by log ratio; hover: G2, log ratio and the counts.

    Args:
        keywords: :func:`newslens.terms.keyness`.
        documents: The documents table, for the subtitle.
        target, reference: How to name the two sides ("March 2023", "CGTN").
        top: Keywords shown on each side (the strongest by G2).
    """
    shown = keywords.groupby("direction", sort=False).head(top).sort_values("log_ratio", ascending=False)
    side = {"positive": f"more in {target}", "negative": f"more in {reference}"}
    table = _labelled(shown.assign(side=shown["direction"].map(side)), "term")
    chart = alt.Chart(table).mark_bar().encode(
        x=alt.X("log_ratio:Q", title=f"Log ratio: log2 of (rate in {target} ÷ rate in {reference})"),
        y=alt.Y("term:N", sort=list(table["term"]), title="Term"),
        color=alt.Color("side:N", title="Side", scale=alt.Scale(domain=list(side.values()),
                                                                range=[PALETTE[0], PALETTE[5]])),
        tooltip=[alt.Tooltip("term:N"), alt.Tooltip("g2:Q", title="G2", format=".1f"),
                 alt.Tooltip("p_value:Q", title="p", format=".2g"),
                 alt.Tooltip("log_ratio:Q", title="log ratio", format="+.2f"),
                 alt.Tooltip("target_count:Q", title=f"count in {target}", format=",.1~f"),
                 alt.Tooltip("reference_count:Q", title=f"count in {reference}", format=",.1~f"),
                 alt.Tooltip("target_per_10k:Q", title=f"per 10,000 words in {target}", format=".1f"),
                 alt.Tooltip("reference_per_10k:Q", title=f"per 10,000 words in {reference}", format=".1f"),
                 alt.Tooltip("target_docs:Q", title=f"articles in {target}"),
                 alt.Tooltip("reference_docs:Q", title=f"articles in {reference}")],
    ).properties(width=WIDTH, height=18 * max(len(table), 1))  # fmt: skip
    return _titled(chart, f"Words that set {target} apart from {reference}", documents, counted=keywords)


def _sentence_groups(
    scores: pd.DataFrame, documents: pd.DataFrame, group: str, mentions: pd.DataFrame | None
) -> pd.DataFrame:
    """The scored sentences with the group each belongs to (a sentence about two targets twice)."""
    if group == "target":
        if mentions is None:
            raise ValueError("tone by target needs the target mentions (sentiment.targets_for)")
        return scores.merge(mentions[["doc_id", "sent_id", "target"]], on=["doc_id", "sent_id"])
    by_doc = documents.set_index("doc_id")
    if group == "outlet":
        return scores.assign(outlet=scores["doc_id"].map(by_doc["outlet"]))
    if group == "month":
        return scores.assign(month=scores["doc_id"].map(by_doc["published"].dt.to_period("M").dt.start_time))
    raise ValueError(f"group must be outlet, month or target, not {group!r}")


def tone(
    table: pd.DataFrame,
    scores: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    group: str,
    mentions: pd.DataFrame | None = None,
    evidence: int = 2,
    limit: int = 25,
) -> alt.TopLevelMixin:
    """Mean sentence tone per outlet, month or target; hover: the most positive and most negative
    sentences behind the bar, the shares and the number of sentences.

    Args:
        table: :func:`newslens.sentiment.by_outlet`, ``by_month`` or ``by_target``.
        scores: :func:`newslens.sentiment.sentence_scores`, where the evidence comes from.
        documents: The documents table (outlets and months of the sentences, the subtitle).
        group: "outlet", "month" or "target", the column of ``table`` naming the groups.
        mentions: :func:`newslens.sentiment.target_mentions`, for ``group="target"``.
        evidence: Sentences shown at most from each end of the scale.
        limit: Groups shown at most, those with the most sentences.
    """
    about = _sentence_groups(scores, documents, group, mentions)
    about = about.sort_values(["compound", "doc_id", "sent_id"])
    shown = table.sort_values("sentences", ascending=False, kind="stable").head(limit)
    records = []
    for record in shown.to_dict("records"):
        inside = about[about[group] == record[group]]
        name = f"{record[group]:%B %Y}" if group == "month" else _label(record[group])
        positive = inside[inside["compound"] >= 0.05].iloc[::-1]["text"]
        negative = inside[inside["compound"] <= -0.05]["text"]
        records.append({
            "name": name, "when": record[group] if group == "month" else None, "mean": record["mean"],
            "sentences": record["sentences"], "positive": record["share_positive"],
            "negative": record["share_negative"], **_evidence(positive, evidence, name="most positive"),
            **_evidence(negative, evidence, name="most negative"),
        })  # fmt: skip
    quoted = [f"most {end} {i + 1}" for end in ("positive", "negative") for i in range(evidence)]
    data = pd.DataFrame(
        records, columns=["name", "when", "mean", "sentences", "positive", "negative", *quoted]
    )
    order = list(data.sort_values("when")["name"]) if group == "month" else list(
        data.sort_values("mean")["name"]
    )  # fmt: skip
    tooltip = [alt.Tooltip("name:N", title=group), alt.Tooltip("mean:Q", format="+.2f"),
               alt.Tooltip("sentences:Q", format=",.1~f"),
               alt.Tooltip("positive:Q", title="share positive", format=".0%"),
               alt.Tooltip("negative:Q", title="share negative", format=".0%"),
               *(alt.Tooltip(f"{q}:N") for q in quoted)]  # fmt: skip
    base = alt.Chart(data.drop(columns="when")).encode(
        y=alt.Y("name:N", sort=order, title=group.capitalize(), axis=alt.Axis(labelLimit=260)),
        tooltip=tooltip,
    )
    bars = base.mark_bar().encode(
        x=alt.X("mean:Q", title="Mean compound score of its sentences (-1 negative to +1 positive)",
                scale=alt.Scale(domain=[-1, 1])),
        color=alt.condition("datum.mean >= 0", alt.value(PALETTE[0]), alt.value(PALETTE[5])),
    )  # fmt: skip
    rows = base.mark_bar(opacity=0.001).encode(x=alt.datum(-1), x2=alt.datum(1))  # hover anywhere on a row
    chart = alt.layer(rows, bars).properties(width=WIDTH, height=22 * max(len(data), 1))
    note = f" {limit} of {len(table)} shown: those with the most sentences." if len(table) > limit else ""
    return _titled(chart, f"Tone by {group} (hover for the sentences behind each bar)", documents,
                   f"VADER compound scores of the sentences.{note}", counted=table)  # fmt: skip


def quotes_by_speaker(
    per_speaker: pd.DataFrame,
    quote_table: pd.DataFrame,
    documents: pd.DataFrame,
    gazetteer: pd.DataFrame | None = None,
    *,
    top: int = 15,
    evidence: int = 3,
) -> alt.TopLevelMixin:
    """Quotations per speaker split by outlet; hover a segment for the quotations it counts.

    Args:
        per_speaker: :func:`newslens.quotes.per_speaker`.
        quote_table: :func:`newslens.quotes.quotations`, where the quotations come from.
        documents: The documents table (outlets of the quotations, the subtitle).
        gazetteer: The gazetteer the speakers were named by (as for ``per_speaker``).
        top: Speakers shown, the most quoted.
        evidence: Quotations shown per segment at most.
    """
    from newslens.quotes import speaker_labels

    per_speaker = _labelled(per_speaker, "speaker", "outlet")
    speakers = list(dict.fromkeys(per_speaker["speaker"]))[:top]
    said = quote_table.assign(speaker=speaker_labels(quote_table, gazetteer).map(_label).to_numpy(),
                              outlet=quote_table["doc_id"].map(_outlets(documents)))  # fmt: skip
    said = said.sort_values(["doc_id", "start"]).groupby(["speaker", "outlet"])["text"]
    rows = [
        {**record, **_evidence(said.get_group((record["speaker"], record["outlet"])), evidence)}
        for record in per_speaker[per_speaker["speaker"].isin(speakers)].to_dict("records")
        if (record["speaker"], record["outlet"]) in said.groups
    ]
    chart = alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
        x=alt.X("quotations:Q", title="Quotations", stack="zero"),
        y=alt.Y("speaker:N", sort=speakers, title="Speaker", axis=alt.Axis(labelLimit=260)),
        color=alt.Color("outlet:N", title="Outlet"),
        tooltip=[alt.Tooltip("speaker:N"), alt.Tooltip("outlet:N"),
                 alt.Tooltip("quotations:Q", format=",.1~f"), *_evidence_tooltips(evidence)],
    ).properties(width=WIDTH, height=22 * max(len(speakers), 1))  # fmt: skip
    everyone = per_speaker["speaker"].nunique()
    note = f"The {len(speakers)} most quoted of {everyone} speakers." if everyone > len(speakers) else ""
    return _titled(chart, "Who is quoted, and by which outlet (hover for the quotations)", documents, note,
                   counted=per_speaker)  # fmt: skip


def _on_circle(i: int, n: int) -> tuple[float, float]:
    """The place of the ``i``-th of ``n`` points on the unit circle, the first at the top, clockwise."""
    angle = np.pi / 2 - 2 * np.pi * i / max(n, 1)
    return float(np.cos(angle)), float(np.sin(angle))


def actor_network(graph, documents: pd.DataFrame, *, top: int = 20) -> alt.TopLevelMixin:
    """Actors named in the same sentences, on a circle as in :func:`newslens.plots.cooccurrence_network`;
    hover an actor for its mentions and partners, a line for the sentences naming both.

    Args:
        graph: :func:`newslens.actors.network`.
        documents: The documents table, for the subtitle.
        top: How many actors to draw, the most mentioned.
    """
    ranked = sorted(graph.nodes, key=lambda n: -graph.nodes[n]["mentions"])[:top]
    graph = graph.subgraph(ranked)
    at = {node: _on_circle(i, len(ranked)) for i, node in enumerate(ranked)}
    name = {node: _label(graph.nodes[node]["name"]) for node in ranked}
    nodes = pd.DataFrame(
        [{"name": name[n], "kind": graph.nodes[n]["kind"], "mentions": graph.nodes[n]["mentions"],
          "x": at[n][0], "y": at[n][1],
          "align": "left" if at[n][0] > 0.1 else "right" if at[n][0] < -0.1 else "center",
          "partners": ", ".join(name[m] for m in sorted(graph[n], key=lambda m: -graph[n][m]["weight"])[:6])}
         for n in ranked],
        columns=["name", "kind", "mentions", "x", "y", "align", "partners"],
    )  # fmt: skip
    edges = pd.DataFrame(
        [{"pair": f"{name[a]} and {name[b]}", "sentences": data["weight"],
          "x": at[a][0], "y": at[a][1], "x2": at[b][0], "y2": at[b][1]}
         for a, b, data in graph.edges(data=True)],
        columns=["pair", "sentences", "x", "y", "x2", "y2"],
    )  # fmt: skip
    axis = {"scale": alt.Scale(domain=[-1.6, 1.6]), "axis": None}
    lines = alt.Chart(edges).mark_rule(color="#999999", opacity=0.6).encode(
        x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), x2="x2", y2="y2",
        strokeWidth=alt.StrokeWidth("sentences:Q", title="Sentences naming both",
                                    scale=alt.Scale(range=[0.5, 7])),
        tooltip=[alt.Tooltip("pair:N", title="actors"), alt.Tooltip("sentences:Q")],
    )  # fmt: skip
    circles = alt.Chart(nodes).mark_circle(opacity=1).encode(
        x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis),
        size=alt.Size("mentions:Q", title="Mentions", scale=alt.Scale(range=[60, 1200])),
        color=alt.Color("kind:N", title="Kind"),
        tooltip=[alt.Tooltip("name:N", title="actor"), alt.Tooltip("kind:N"), alt.Tooltip("mentions:Q"),
                 alt.Tooltip("partners:N", title="named most with")],
    )  # fmt: skip
    labelled = alt.Chart(
        nodes.assign(
            x=nodes["x"] * 1.15,
            y=nodes["y"] * 1.15 + 0.07 * (nodes["align"] == "center") * np.sign(nodes["y"]),
        )
    )  # a name above the top actor, below the bottom one
    names = [  # outside the circle, so no name covers another
        labelled.transform_filter(alt.datum.align == align)
        .mark_text(fontSize=11, align=align)
        .encode(x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), text="name:N")
        for align in ("left", "right", "center")
    ]
    chart = alt.layer(lines, circles, *names).properties(width=560, height=460)
    return _titled(
        chart,
        "Actors named together in a sentence (hover for the counts)",
        documents,
        "Circle area: mentions; line width: sentences naming both.",
    )
