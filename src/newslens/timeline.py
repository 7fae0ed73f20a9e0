"""Timelines built from what the articles say: time expressions, dated events,
the publication timeline, and dated figures such as bilateral trade.

- :func:`timexes`: every temporal expression of the English text, resolved
  against its article's publication date (see :mod:`newslens.timex`).
- :func:`events`: sentences with a calendar date, at least one actor of the
  gazetteer and a trigger word ("met", "visit", "signed", "summit"),
  merged across articles when they share date and actors.
- :func:`figures`: money amounts with their currency, the year they refer
  to, and whether they are a value or a target, kept apart by topic.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re

import pandas as pd

from newslens import actors, duplicates, schema, timex
from newslens.corpus import rows_by_document

TIMEX_COLUMNS = schema.columns("timexes")
EVENT_COLUMNS = [
    "event_id",
    "value",
    "start_date",
    "end_date",
    "label",
    "actors",
    "trigger",
    "doc_ids",
    "evidence",
    "reports",
]
FIGURE_COLUMNS = [
    "doc_id", "sent_id", "text", "amount", "currency", "qualifier", "year", "kind", "topic", "sentence",
]  # fmt: skip

#: Words that make a dated sentence an event, by the kind of event.
TRIGGERS = {
    "meeting": r"met|meet|meets|meeting|talks|held talks|hold talks|sat down|summit|dialogue|phone call"
    r"|spoke with",
    "visit": r"visit|visits|visited|arrived|arrive|trip|state visit|travel|travelled|traveled",
    "agreement": r"signed|sign|agreement|agreements|joint statement|joint statements|deal|treaty|pledged"
    r"|vowed",
    "forum": r"forum|conference|ceremony|congress|opening ceremony",
    "anniversary": r"anniversary|congratulations|congratulatory",
    "election": r"elected|re-elected|re-election|reelection|election|inaugurated",
    "trade": r"trade reached|trade has reached|trade volume|two-way volume|bilateral trade|exports|imports",
    "statement": r"proposed|put forward|announced|launched|released|spoke on|speech",
    "joining": r"joined|expanded|was created|founded|established|establishment",
}
_TRIGGER = re.compile(
    r"\b(?:" + "|".join(f"(?P<{kind}>{words})" for kind, words in TRIGGERS.items()) + r")\b", re.IGNORECASE
)


def analyse(corpus, *, count: str = "copies") -> dict[str, pd.DataFrame]:
    """The timeline tables of a corpus: timexes, mentions, events and figures.

    Args:
        count: What the events' ``reports`` count: articles (copies) or stories (see :func:`events`).
    """
    found, mentioned = corpus.table("timexes"), corpus.table("mentions")
    gazetteer = actors.gazetteer_of(corpus.path)
    return {
        "timexes": found,
        "mentions": mentioned,
        "events": events(
            corpus.sentences, found, mentioned, gazetteer, count=count, documents=corpus.documents
        ),
        "figures": figures(corpus.sentences, found),
    }


def periods(corpus, *, period: str = "month", count: str = "copies") -> pd.DataFrame:
    """How often each period is referred to: dated expressions by the month (or year) they name.

    Counted in DuckDB (a store's time expressions are not loaded).

    Args:
        count: ``"stories"`` counts each story once: a time expression in four
            copies of a text is one mention, its documents one, and four copies
            published in a period one article.

    Returns:
        Columns period (YYYY-MM or YYYY), mentions (time expressions naming it),
        documents (how many documents do), articles (how many were published in it).
    """
    width = {"month": 7, "year": 4}.get(period)
    if width is None:
        raise ValueError(f"period must be 'month' or 'year', not {period!r}")
    pattern = r"^\d{4}-\d{2}" if width == 7 else r"^\d{4}"
    published = f"left(strftime(d.published, '%Y-%m'), {width})"
    total, per_story = duplicates.sql_total("weight", count), duplicates.sql_weight(count, published)
    table = corpus.sql(
        f"""
        WITH {duplicates.sql_weights(count, "'all'")},
        named AS (SELECT left(x.value, {width}) AS period, w.unit_id, w.weight
                  FROM timexes x JOIN w USING (doc_id)
                  WHERE x.type = 'DATE' AND regexp_matches(x.value, '{pattern}')),
        refs AS (SELECT period, {total} AS mentions, count(DISTINCT unit_id) AS documents
                 FROM named GROUP BY period),
        pubs AS (SELECT {published} AS period, {total} AS articles
                 FROM (SELECT d.published, {per_story} AS weight FROM documents d
                       WHERE d.published IS NOT NULL) d GROUP BY period)
        SELECT period, coalesce(mentions, 0) AS mentions, coalesce(documents, 0) AS documents,
               coalesce(articles, 0) AS articles
        FROM refs FULL JOIN pubs USING (period) ORDER BY period
        """,
    )
    return duplicates.counted(table, count)


# --- time expressions ------------------------------------------------------------------------


def timexes(documents: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Temporal expressions of every English sentence, resolved against the publication date.

    The article is tagged as a whole, so "two days later" counts from the
    date the article gave before it. In an article with no publication date
    only the expressions that need none are tagged ("18 October 2023", "in
    1949": :func:`newslens.timex.tag_explicit`), with an empty anchor.

    Returns:
        Columns doc_id, sent_id, start, end (offsets into the clean text),
        text, type, value, anchor (the publication date the value was resolved against).
    """
    english = sentences[sentences["language"] == "en"]
    spans_of = rows_by_document(english, ["sent_id", "start", "end"])
    rows = []
    for doc in documents.itertuples():
        dated = not pd.isna(doc.published)
        anchor = doc.published.date().isoformat() if dated else ""
        spans = spans_of.get(doc.doc_id, [])
        for found in timex.tag(doc.text, anchor) if dated else timex.tag_explicit(doc.text):
            sentence = next((s for s, a, b in spans if a <= found.start and found.end <= b), None)
            if sentence is not None:
                rows.append((doc.doc_id, int(sentence), found.start, found.end, found.text, found.type,
                             found.value, anchor))  # fmt: skip
    return pd.DataFrame(rows, columns=TIMEX_COLUMNS)


def interval(value: str) -> tuple[dt.date, dt.date] | None:
    """The calendar days a DATE value covers: "2023-10" is 1 to 31 October 2023.

    Returns None for values that are not on the calendar (PRESENT_REF, durations).
    """
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return day, day
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        year, month = int(m[1]), int(m[2])
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return (monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)) if m[3] else (
            monday, monday + dt.timedelta(days=6))  # fmt: skip
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        year, quarter = int(m[1]), int(m[2])
        last = 3 * quarter
        return dt.date(year, last - 2, 1), dt.date(year, last, calendar.monthrange(year, last)[1])
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        year = int(m[1])
        start = {"SP": (3, 1), "SU": (6, 1), "FA": (9, 1), "WI": (12, 1)}[m[2]]
        end = {"SP": (year, 5, 31), "SU": (year, 8, 31), "FA": (year, 11, 30), "WI": (year + 1, 2, 28)}[m[2]]
        return dt.date(year, *start), dt.date(*end)
    if m := re.fullmatch(r"(\d{4})", value):
        year = int(m[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if m := re.fullmatch(r"(\d{3})", value):
        decade = int(m[1]) * 10
        return dt.date(decade, 1, 1), dt.date(decade + 9, 12, 31)
    return None


# --- events ------------------------------------------------------------------------------------


def _sentence_date(found: pd.DataFrame, text: str, offset: int) -> tuple[str, dt.date, dt.date, int] | None:
    """The date of a sentence: its most specific calendar DATE; two days joined by "to" or "-" are a range.

    Returns the value, its first and last day, and where it starts in the clean text.
    """
    dated = [
        (row.value, span, row.start, row.end)
        for row in found.itertuples()
        if row.type == "DATE" and (span := interval(row.value))
    ]
    if not dated:
        return None
    dated.sort(key=lambda d: ((d[1][1] - d[1][0]).days, d[2]))
    value, (start, end), first_start, _ = dated[0]
    days = [d for d in dated if d[1][0] == d[1][1]]
    if len(days) >= 2:
        (_, (a, _), s1, e1), (_, (b, _), s2, _) = sorted(days, key=lambda d: d[2])[:2]
        between = text[e1 - offset : s2 - offset]
        if re.fullmatch(r"\s*(?:-|–|to|until|through|and)\s*", between) and a < b:
            return f"{a.isoformat()}/{b.isoformat()}", a, b, s1
    return value, start, end, first_start


def _label(sentence: str, trigger: re.Match[str], *, width: int = 72) -> str:
    """A short label from the sentence: the words around the trigger, quotation marks dropped."""
    text = re.sub(r"[“”\"]", "", " ".join(sentence.split())).strip(" ,.;")
    if len(text) <= width:
        return text
    position = min(max(0, text.lower().find(trigger.group().lower()) - width // 3), len(text) - width)
    start = text.rfind(" ", 0, position) + 1 if position > 0 else 0
    clipped = text[start : start + width]
    clipped = clipped[: clipped.rfind(" ")] if " " in clipped else clipped
    return ("…" if start else "") + clipped.strip(" ,.;") + "…"


def events(
    sentences: pd.DataFrame,
    timex_table: pd.DataFrame,
    mention_table: pd.DataFrame,
    gazetteer: pd.DataFrame | None = None,
    *,
    count: str = "copies",
    documents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Dated events from the articles, merged across articles.

    A sentence makes an event when it has a calendar DATE, a trigger word
    and at least one actor; the trigger nearest the date names the kind of
    event. Sentences with the same dates at the same granularity, compatible
    kinds (talks, a visit, a forum, statements and agreements of one day are
    one occasion) and overlapping participants (the people both name, or
    without people any actor) are one event, whatever article reports them.

    Args:
        sentences: The sentences table.
        timex_table: :func:`timexes`.
        mention_table: :func:`newslens.actors.mentions`.
        gazetteer: The actor gazetteer, to tell people from states and bodies.
        count: What ``reports`` counts: ``"copies"``, the articles reporting
            the event; ``"stories"``, the distinct stories (copies of one text
            count once, and give one evidence sentence), which needs ``documents``.
        documents: The documents table (its ``story_id``), to count stories.

    Returns:
        Columns event_id, value (the TIMEX3 value, or "start/end" for a range),
        start_date, end_date, label, actors (actor ids, comma-separated),
        trigger (the kind of event), doc_ids, evidence ("doc_id: sentence",
        joined by " | "), reports; ordered by date.
    """
    if duplicates.check_count(count) == "stories" and documents is None:
        raise ValueError("counting stories needs the documents table (its story_id column)")
    story = {} if count == "copies" else dict(zip(documents["doc_id"], documents["story_id"], strict=True))
    people = _people(mention_table, gazetteer)
    actors_of = mention_table.groupby(["doc_id", "sent_id"])["actor_id"].agg(lambda a: tuple(sorted(set(a))))
    times_of = {key: group for key, group in timex_table.groupby(["doc_id", "sent_id"])}
    found: list[tuple] = []
    for sentence in sentences[sentences["language"] == "en"].itertuples():
        key = (sentence.doc_id, sentence.sent_id)
        triggers = list(_TRIGGER.finditer(sentence.text))
        if key not in times_of or key not in actors_of.index or not triggers:
            continue
        dated = _sentence_date(times_of[key], sentence.text, sentence.start)
        if dated is None:
            continue
        value, start, end, at = dated
        trigger = min(triggers, key=lambda t: abs(sentence.start + t.start() - at))
        actors = actors_of[key]
        item = (
            value,
            actors,
            trigger.lastgroup,
            _label(sentence.text, trigger),
            sentence.doc_id,
            sentence.text,
        )
        found.append(((start, end), item))
    return duplicates.counted(_merged(_same_events(found, people), story), count)


#: Kinds of event that one occasion is reported as: "held talks", "arrived for a state visit",
#: "signed joint statements", "at the forum", "proposed" on the same day, by the same people.
ENCOUNTER = frozenset({"meeting", "visit", "forum", "statement", "agreement"})


def _people(mention_table: pd.DataFrame, gazetteer: pd.DataFrame | None) -> set[str]:
    """The actor ids that are people: the gazetteer's, and those found in the text."""
    gazetteer = gazetteer if gazetteer is not None else actors.GAZETTEER_EMPTY
    names = actors.actor_names(mention_table, gazetteer)
    return set(names.loc[names["kind"] == "person", "actor_id"])


def _same_events(found: list[tuple], people: set[str]) -> dict[tuple, list[tuple]]:
    """Dated trigger sentences grouped into events: the same dates (at the same granularity),
    compatible kinds (:data:`ENCOUNTER`, or the same kind) and overlapping participants (the
    people both name when both name people, else any actor), whatever article reports them."""
    by_dates: dict[tuple, list[tuple]] = {}
    for dates, item in found:
        by_dates.setdefault(dates, []).append(item)
    events: dict[tuple, list[tuple]] = {}
    for dates, items in by_dates.items():
        pairs = [(i, j) for i, j in itertools.combinations(range(len(items)), 2)
                 if _same_event(items[i], items[j], people)]  # fmt: skip
        roots = duplicates.components(len(items), [i for i, _ in pairs], [j for _, j in pairs])
        for root, item in zip(roots.tolist(), items, strict=True):
            events.setdefault((*dates, root), []).append(item)
    return events


def _same_event(a: tuple, b: tuple, people: set[str]) -> bool:
    kinds = {a[2], b[2]}
    if len(kinds) > 1 and not kinds <= ENCOUNTER:
        return False
    people_a, people_b = set(a[1]) & people, set(b[1]) & people
    if people_a and people_b:
        return bool(people_a & people_b)
    return bool(set(a[1]) & set(b[1]))


def _merged(groups: dict[tuple, list[tuple]], story: dict[str, str]) -> pd.DataFrame:
    """One row per event: the commonest kind and its first sentence's label, every actor, every
    article, and as evidence every sentence (one per story when ``story`` maps doc_ids to stories)."""
    rows = []
    for (start, end, _), items in sorted(groups.items(), key=lambda g: g[0][:2]):
        kinds = [item[2] for item in items]
        trigger = max(dict.fromkeys(kinds), key=kinds.count)  # the commonest, the first among equals
        value, _, _, label, _, _ = next(item for item in items if item[2] == trigger)
        actors = sorted({actor for item in items for actor in item[1]})
        doc_ids = sorted({item[4] for item in items})
        reports = {story.get(item[4], item[4]) for item in items}
        if story:
            first = {}
            for item in items:
                first.setdefault(story.get(item[4], item[4]), item)
            items = list(first.values())
        evidence = " | ".join(f"{item[4]}: {item[5]}" for item in items)
        rows.append((value, start, end, label, ", ".join(actors), trigger, ", ".join(doc_ids), evidence,
                     len(reports)))  # fmt: skip
    table = pd.DataFrame(rows, columns=EVENT_COLUMNS[1:])
    table.insert(0, "event_id", [f"e{i + 1:03d}" for i in range(len(table))])
    table["start_date"] = pd.to_datetime(table["start_date"])
    table["end_date"] = pd.to_datetime(table["end_date"])
    return table


# --- the publication timeline --------------------------------------------------------------


def publications(documents: pd.DataFrame, *, period: str = "D", count: str = "copies") -> pd.DataFrame:
    """Articles per outlet and publication date (or month, ``period="M"``).

    Args:
        count: ``"stories"`` counts each story once per outlet and period
            (see :func:`newslens.duplicates.weights`); ``"copies"`` every article.
    """
    dated = documents.dropna(subset=["published"])
    when = dated["published"].dt.to_period(period).dt.start_time.rename("date")
    weight = duplicates.weights(dated, count=count, groups=when.astype(str) + "\x1f" + dated["outlet"])
    table = (
        pd.Series(weight.to_numpy(), index=dated.index)
        .groupby([when, dated["outlet"]])
        .sum()
        .rename("articles")
        .reset_index()
    )
    if count == "copies":
        table["articles"] = table["articles"].astype(int)
    return duplicates.counted(table.sort_values(["date", "outlet"]).reset_index(drop=True), count)


# --- dated figures -------------------------------------------------------------------------------

_SCALE = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_CURRENCY_SIGN = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "₽": "RUB"}
_CURRENCY_WORD = r"(?P<word>US dollars|dollars|euros|yuan|renminbi|rubles|roubles|pounds)"
_AMOUNT = re.compile(
    r"(?P<qualifier>more than|over|exceeding|exceeded|exceeds|surpassed|topped|above|nearly|almost|about"
    r"|around|roughly|less than|under|up to)?\s*"
    r"(?P<sign>US\$|\$|€|£|¥|₽)?\s?(?P<number>\d+(?:[.,]\d+)*)\s*(?P<scale>thousand|million|billion|trillion|bn|mn)\b"
    rf"(?:\s+{_CURRENCY_WORD})?",
    re.IGNORECASE,
)
_WORD_CURRENCY = {"us dollars": "USD", "dollars": "USD", "euros": "EUR", "yuan": "CNY", "renminbi": "CNY",
                  "rubles": "RUB", "roubles": "RUB", "pounds": "GBP"}  # fmt: skip
_TARGET = re.compile(r"\b(?:target|goal|aim|aims|objective|towards|expected to reach|plan to reach)\b", re.I)
_TRADE = re.compile(r"\b(?:trade|two-way volume|trade volume|exports?|imports?|commerce)\b", re.I)
_QUALIFIERS = {
    "more than": ">", "over": ">", "exceeding": ">", "exceeded": ">", "exceeds": ">", "surpassed": ">",
    "topped": ">", "above": ">", "nearly": "~", "almost": "~", "about": "~", "around": "~", "roughly": "~",
    "less than": "<", "under": "<", "up to": "<",
}  # fmt: skip


def figures(sentences: pd.DataFrame, timex_table: pd.DataFrame) -> pd.DataFrame:
    """Money amounts with their currency, the year they refer to, and what they are.

    The year is the nearest year-bearing DATE in the same sentence ("more than
    US$190 billion last year" in an article of March 2023 is 2022). An amount
    after "target", "goal" or "towards" is a target, not a value. The topic is
    "bilateral trade" when the sentence is about trade, else "other".

    Returns:
        Columns doc_id, sent_id, text, amount (in units of the currency),
        currency, qualifier (">", "<", "~" or ""), year, kind ("value" or
        "target"), topic, sentence.
    """
    times_of = {key: group for key, group in timex_table.groupby(["doc_id", "sent_id"])}
    rows = []
    for sentence in sentences[sentences["language"] == "en"].itertuples():
        for match in _AMOUNT.finditer(sentence.text):
            currency = _CURRENCY_SIGN.get((match["sign"] or "").upper()) or _WORD_CURRENCY.get(
                (match["word"] or "").lower()
            )
            if currency is None:
                continue  # a count ("20 billion in debt" without a currency) is not money we can compare
            number = float(match["number"].replace(",", ""))
            amount = number * _SCALE[match["scale"].lower()]
            found = times_of.get((sentence.doc_id, sentence.sent_id))
            before = sentence.text[max(0, match.start() - 40) : match.start()]
            is_target = bool(_TARGET.search(before))
            year = _year_near(
                found, sentence.start + match.start(), sentence.start + match.end(), following_only=is_target
            )
            rows.append((
                sentence.doc_id, sentence.sent_id, match.group().strip(), amount, currency,
                _QUALIFIERS.get((match["qualifier"] or "").lower(), ""), year,
                "target" if is_target else "value",
                "bilateral trade" if _TRADE.search(sentence.text) else "other", sentence.text,
            ))  # fmt: skip
    table = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    table["year"] = table["year"].astype("Int64")
    return table


def _year_near(
    found: pd.DataFrame | None, start: int, end: int, *, following_only: bool = False
) -> int | None:
    """The year an amount refers to: a DATE right after it ("$190 billion last year",
    "$190 billion in 2022"), else the nearest one in its sentence. A target takes
    only a year right after it ("200 billion by 2024"): the sentence's other dates
    are not its deadline."""
    if found is None:
        return None
    dated = [(row.start, row.end, int(row.value[:4])) for row in found.itertuples()
             if row.type == "DATE" and re.match(r"\d{4}", row.value)]  # fmt: skip
    following = [(s - end, year) for s, _, year in dated if 0 <= s - end <= 12]
    if following:
        return min(following)[1]
    if following_only:
        return None
    nearest = [(min(abs(s - end), abs(start - e)), year) for s, e, year in dated]
    return min(nearest)[1] if nearest else None
