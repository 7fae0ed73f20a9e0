"""What the notebooks say about the corpus in front of them, computed from its tables.

A notebook's prose must hold for whatever corpus is loaded: the five built-in
articles, a user's sixty, or a hundred thousand. This module makes the
choices a notebook would otherwise hard-code for the built-in corpus (which
terms to follow, which months or outlets to compare, with the rule stated)
and writes the sentences that state figures, from the tables the cells above
computed. Commentary written for the built-in corpus is shown only when that
corpus is loaded (:func:`builtin`).

Every function returns plain data or a Markdown string; text taken from the
articles is escaped (:func:`plain`), so a headline cannot inject markup.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from newslens import paths

# --- the built-in corpus ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _builtin_ids() -> frozenset[str]:
    manifest = paths.PROJECT_ROOT / "data" / paths.MANIFEST
    if not manifest.is_file():
        return frozenset()
    return frozenset(pd.read_csv(manifest, usecols=["doc_id"], dtype=str)["doc_id"])


def is_builtin(documents: pd.DataFrame) -> bool:
    """Whether the documents are the whole built-in corpus (its doc_ids, no more, no fewer)."""
    return bool(_builtin_ids()) and set(documents["doc_id"]) == _builtin_ids()


def builtin(documents: pd.DataFrame, text: str) -> str:
    """``text``, labelled as commentary on the built-in corpus, when that corpus is loaded; else ""."""
    return f"**Reading (built-in corpus).** {text}" if is_builtin(documents) else ""


# --- text -----------------------------------------------------------------------------------------


def plain(text: object) -> str:
    """Text shown as itself in Markdown: HTML escaped, Markdown's marks backslashed, on one line."""
    escaped = html.escape(" ".join(str(text).split()), quote=False)
    return re.sub(r"([\\`*_{}\[\]()#+!|~>$-])", r"\\\1", escaped)


def listed(items: list[str], *, conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def number(value: float) -> str:
    """A count as text: whole numbers without decimals, weighted counts with one."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def counted(n: float, word: str, plural: str | None = None) -> str:
    """'1 article', '2 articles', '1 story', '2.5 stories'."""
    return f"{number(n)} {word if n == 1 else plural or word + 's'}"


def articles(n: int) -> str:
    return counted(n, "article")


# --- choices made from the data -------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """Two parts of the corpus to compare (keyness), and why these two.

    Attributes:
        target, reference: How to name them ("March 2023", "CGTN").
        target_ids, reference_ids: Their doc_ids.
        rule: The sentence saying how they were chosen.
    """

    target: str
    reference: str
    target_ids: list[str]
    reference_ids: list[str]
    rule: str

    @property
    def caveat(self) -> str:
        """A warning when the target is one or two articles: its keywords are those texts' words."""
        n = len(self.target_ids)
        if n > 2:
            return ""
        texts = "that text" if n == 1 else "those texts"
        return (f"The target is {articles(n)}: its keywords are the words of {texts}, not of a period or "
                "an outlet, and the p-values, which treat every word as an independent draw, overstate how "
                "sure that is.")  # fmt: skip


def comparison(
    documents: pd.DataFrame, *, parts: list[str] | None = None, min_documents: int = 2
) -> Comparison | None:
    """Two parts of the corpus to compare: ``parts`` when given (two names that
    :func:`newslens.terms.select_documents` accepts: months, outlets, years, ranges, doc_ids);
    else the two months with the most articles (each with at least ``min_documents``), the
    earlier as target; else the two outlets with the most; None when the corpus has neither.

    Raises:
        ValueError: ``parts`` is not two names, or one selects nothing.
    """
    if parts is not None:
        return _given(documents, parts)
    months = documents["published"].dt.to_period("M")
    sizes = months.value_counts()
    sizes = sizes[sizes >= min_documents]
    if len(sizes) >= 2:
        first, second = sorted(sizes.sort_values(ascending=False, kind="stable").index[:2])
        rule = (f"the two months with the most articles, at least {min_documents} each: {first:%B %Y} "
                f"({articles(sizes[first])}) against {second:%B %Y} ({articles(sizes[second])})")  # fmt: skip
        return Comparison(f"{first:%B %Y}", f"{second:%B %Y}", _ids(documents, months == first),
                          _ids(documents, months == second), rule)  # fmt: skip
    sizes = documents["outlet"].value_counts()
    sizes = sizes[sizes >= min_documents]
    if len(sizes) >= 2:
        first, second = sizes.index[:2]
        rule = (f"the two outlets with the most articles, at least {min_documents} each: "
                f"{plain(first)} ({articles(sizes[first])}) against {plain(second)} "
                f"({articles(sizes[second])})")  # fmt: skip
        return Comparison(str(first), str(second), _ids(documents, documents["outlet"] == first),
                          _ids(documents, documents["outlet"] == second), rule)  # fmt: skip
    return None


def _given(documents: pd.DataFrame, parts: list[str]) -> Comparison:
    from newslens.terms import select_documents

    if len(parts) != 2:
        raise ValueError(f"compare needs two parts (a target and a reference), not {len(parts)}")
    target, reference = (select_documents(documents, str(part)) for part in parts)
    reference = [d for d in reference if d not in set(target)]
    if not reference:
        raise ValueError(f"compare: {parts[1]!r} selects no article that {parts[0]!r} does not")
    rule = (f"the parts the `compare` parameter names: {plain(parts[0])} ({articles(len(target))}) against "
            f"{plain(parts[1])} ({articles(len(reference))})")  # fmt: skip
    return Comparison(str(parts[0]), str(parts[1]), target, reference, rule)


def _ids(documents: pd.DataFrame, chosen: pd.Series) -> list[str]:
    return documents.loc[chosen.fillna(False).astype(bool), "doc_id"].tolist()


def min_documents(n_documents: int) -> int:
    """How many articles a term must occur in to be followed: 5, or fewer in a small corpus (a
    tenth of the articles, at least 2, and never more than there are)."""
    return max(1, min(n_documents, max(2, min(5, math.ceil(n_documents / 10)))))


def followed_terms(corpus, *, n: int = 7, count: str = "copies") -> tuple[list[str], str]:
    """The terms worth following across the corpus, and the rule that chose them.

    The ``n`` terms whose rate differs most between months (the largest
    log-likelihood G2 of one month against all the others), or between
    outlets when the articles are not dated in two months or more, each used
    in at least :func:`min_documents` articles, so that one long article
    cannot choose them. With a single month and outlet, the terms used in
    the most articles.
    """
    from newslens import terms

    documents = corpus.documents
    least = min_documents(len(documents))
    overall = terms.frequencies(corpus)  # articles using each term, however counted below
    common = overall[overall["doc_freq"] >= least]
    for by, what in (("month", "months"), ("outlet", "outlets")):
        groups = terms.document_groups(documents, by)
        if groups[groups != "undated"].nunique() < 2:
            continue
        scored = _spread(terms.frequencies(corpus, by=by, count=count), common["term"])
        chosen = scored.sort_values(["g2", "term"], ascending=[False, True]).head(n)["term"].tolist()
        rule = (
            f"the {len(chosen)} terms whose rate differs most between {what} (the largest log-likelihood "
            f"G2 of one of the {what} against the others), each used in at least {articles(least)}"
        )
        return chosen, rule
    chosen = common.sort_values(["doc_freq", "count", "term"], ascending=[False, False, True]).head(n)
    return chosen["term"].tolist(), f"the {len(chosen)} terms used in the most articles"


def _spread(by_group: pd.DataFrame, candidates: pd.Series) -> pd.DataFrame:
    """The largest G2 of each candidate term between one group and the rest."""
    from newslens.terms import log_likelihood

    table = by_group[by_group["group"] != "undated"]
    words = (1e4 * table["count"] / table["per_10k"]).groupby(table["group"]).first()
    total_words, totals = words.sum(), table.groupby("term")["count"].sum()
    table = table[table["term"].isin(set(candidates))]
    g2 = [
        log_likelihood(c, totals[t] - c, words[g], total_words - words[g])
        for t, g, c in zip(table["term"], table["group"], table["count"], strict=True)
    ]
    scored = table.assign(g2=g2).groupby("term", as_index=False)["g2"].max()
    return scored


# --- sentences that state what the tables show --------------------------------------------------------


def _date(value: pd.Timestamp) -> str:
    return f"{value.day} {value:%B %Y}"


def publications(documents: pd.DataFrame) -> str:
    """How many articles, from how many outlets, over which dates, and the busiest month."""
    n, outlets = len(documents), documents["outlet"].nunique()
    dated = documents["published"].dropna()
    text = f"The corpus holds {articles(n)} from {counted(outlets, 'outlet')}"
    if dated.empty:
        return text + ", none of them dated: time charts are left out."
    months = dated.dt.to_period("M").value_counts()
    busiest = months.sort_values(ascending=False, kind="stable").index[0]
    if dated.min() == dated.max():
        text += f", published on {_date(dated.min())}"
    else:
        span = f"{_date(dated.min())} and {_date(dated.max())}"
        text += f", published between {span} in {counted(len(months), 'month')}"
    text += f"; the busiest month is {busiest:%B %Y} ({articles(months[busiest])})"
    undated = n - len(dated)
    return text + (f"; {articles(undated)} undated." if undated else ".")


def lengths(documents: pd.DataFrame) -> str:
    """The spread of article lengths, and the share of words the longest articles hold."""
    words = documents["n_words"].sort_values(ascending=False)
    if words.empty or words.sum() == 0:
        return "The articles hold no English words."
    text = (f"Articles run from {int(words.min()):,} to {int(words.max()):,} words after cleaning "
            f"(median {int(words.median()):,}).")  # fmt: skip
    k = max(1, round(len(words) / 20))  # the longest twentieth
    share = words.iloc[:k].sum() / words.sum()
    if len(words) > 2 and share > 2 * k / len(words):
        text += (f" The {k:,} longest hold {share:.0%} of the words: raw counts lean on them, so rates are "
                 "per 10,000 words and the top terms are ranked by the articles that use them.")  # fmt: skip
    return text


def top_terms(table: pd.DataFrame, *, n: int = 5) -> str:
    """The first terms of a :func:`newslens.terms.frequencies` table, with their figures."""
    column = "term" if "term" in table else "ngram"
    if table.empty:
        return "No terms to count."
    rows = table.head(n)
    unit = ("story", "stories") if table.attrs.get("count") == "stories" else ("article", "articles")
    items = [f"“{plain(r[column])}” ({number(r['count'])} times in {counted(int(r['doc_freq']), *unit)})"
             for _, r in rows.iterrows()]  # fmt: skip
    return f"The most frequent are {listed(items)}."


def keywords(table: pd.DataFrame, chosen: Comparison, *, n: int = 5) -> str:
    """The strongest keywords each way of a :func:`newslens.terms.keyness` table."""
    parts = []
    for direction, what in (("positive", "more"), ("negative", "less")):
        rows = table[table["direction"] == direction].head(n)
        if len(rows):
            words = listed([f"“{plain(t)}”" for t in rows["term"]])
            parts.append(f"{what} often in {plain(chosen.target)} than in {plain(chosen.reference)}: {words}")
    if not parts:
        return f"No term sets {plain(chosen.target)} apart from {plain(chosen.reference)}."
    text = "Used " + "; used ".join(parts) + "."
    return f"{text} {chosen.caveat}".strip()


def spread(measures: pd.DataFrame) -> str:
    """The most even and the most concentrated of :func:`newslens.terms.dispersion_measures`."""
    table = measures.dropna(subset=["juilland_d"]).sort_values("juilland_d", ascending=False)
    if len(table) < 2:
        return ""
    even, lumpy = table.iloc[0], table.iloc[-1]
    return (f"Of these terms, “{plain(even['term'])}” is spread most evenly across the articles "
            f"(Juilland's D {even['juilland_d']:.2f}, in {int(even['range'])} articles) and "
            f"“{plain(lumpy['term'])}” is the most concentrated (D {lumpy['juilland_d']:.2f}, in "
            f"{int(lumpy['range'])}).")  # fmt: skip


def group_sizes(documents: pd.DataFrame) -> str:
    """A warning when outlets or months hold few articles: differences are then between articles."""
    outlets = documents["outlet"].value_counts()
    months = documents["published"].dropna().dt.to_period("M").value_counts()
    parts = [f"outlets hold {_range(outlets)} each"]
    if len(months):
        parts.append(f"months {_range(months)}")
    small = outlets.min() < 5 or (len(months) and months.min() < 5)
    text = "The " + " and ".join(parts) + "."
    if small:
        text += (" Where a group holds fewer than five articles, its differences are those of its articles, "
                 "not of an outlet or a period; the intervals treat sentences as independent and are "
                 "optimistic.")  # fmt: skip
    return text


def _range(sizes: pd.Series) -> str:
    """'1 article', '1 to 12 articles'."""
    low, high = int(sizes.min()), int(sizes.max())
    return articles(low) if low == high else f"{low:,} to {articles(high)}"


def tone_by_document(table: pd.DataFrame, documents: pd.DataFrame) -> str:
    """How many articles lean positive or negative, and the most negative one."""
    if table.empty:
        return "No English sentence to score."
    positive, negative = int((table["mean"] >= 0.05).sum()), int((table["mean"] <= -0.05).sum())
    low = table.sort_values("mean").iloc[0]
    title = documents.set_index("doc_id")["title"].get(low["doc_id"], low["doc_id"])
    verb = "leans" if positive == 1 else "lean"
    return (f"{positive:,} of the {articles(len(table))} {verb} positive on average (mean compound "
            f"≥ +0.05) and {negative:,} negative (≤ -0.05); the most negative is “{plain(title)}” "
            f"({plain(low['outlet'])}, mean {low['mean']:+.2f}, {low['share_negative']:.0%} of its "
            "sentences negative).")  # fmt: skip


def extremes(scores: pd.DataFrame, documents: pd.DataFrame) -> str:
    """The most negative and the most positive sentence of the corpus, and where they are."""
    if scores.empty:
        return ""
    outlet = documents.set_index("doc_id")["outlet"]
    low, high = scores.sort_values("compound").iloc[0], scores.sort_values("compound").iloc[-1]
    return (f"The most negative sentence ({low['compound']:+.2f}, {plain(outlet.get(low['doc_id'], ''))}) "
            f"reads: “{plain(low['text'])}” The most positive ({high['compound']:+.2f}, "
            f"{plain(outlet.get(high['doc_id'], ''))}): “{plain(high['text'])}” Read both before trusting a "
            "score: VADER weighs words, not the stance they serve.")  # fmt: skip


def speakers(per_speaker: pd.DataFrame, *, n: int = 3) -> str:
    """The most quoted speakers and the quotations without a named speaker."""
    from newslens.quotes import NOT_NAMED

    totals = per_speaker.groupby("speaker")["quotations"].sum().sort_values(ascending=False, kind="stable")
    if totals.empty:
        return "The articles quote no one."
    outlets = per_speaker.groupby("speaker")["outlet"].nunique()
    named = totals[totals.index != NOT_NAMED].head(n)
    items = [f"{plain(s)} ({number(q)} quotation{'s' * (q != 1)}, in {_outlets(outlets[s])})"
             for s, q in named.items()]  # fmt: skip
    text = f"The most quoted are {listed(items)}." if items else "No quotation names its speaker."
    unnamed = totals.get(NOT_NAMED, 0)
    if unnamed:
        text += f" {number(unnamed)} of {number(totals.sum())} quotations do not say who spoke."
    return text


def _outlets(n: int) -> str:
    return f"{n:,} outlet" + ("" if n == 1 else "s")


def actors_used(mention_table: pd.DataFrame, gazetteer: pd.DataFrame) -> str:
    """Which gazetteer the corpus uses and how many actors were found in the text."""
    found = mention_table.loc[mention_table["how"] == "text", "actor_id"].nunique()
    if len(gazetteer):
        source = f"the {len(gazetteer):,} actors of the data folder's {paths.GAZETTEER}"
    else:
        source = f"no gazetteer (the data folder has no {paths.GAZETTEER})"
    what = "person or organisation" if found == 1 else "people and organisations"
    return f'Actors: {source}, and {found:,} {what} found in the text itself (`how` = "text").'


def most_reported(events: pd.DataFrame) -> pd.Series | None:
    """The event reported by the most articles (the earliest among equals), or None."""
    if events.empty:
        return None
    return events.loc[events["reports"].sort_values(ascending=False, kind="stable").index[0]]


def events(table: pd.DataFrame) -> str:
    """How many events over which years, and the one reported by most articles."""
    if table.empty:
        return ("No sentence combines a calendar date, a named actor and an event word (met, visit, "
                "signed, summit …), so there is no event timeline.")  # fmt: skip
    first, last = table["start_date"].min(), table["end_date"].max()
    top = most_reported(table)
    reports = int(top["reports"])
    years = str(first.year) if first.year == last.year else f"from {first.year} to {last.year}"
    return (f"{counted(len(table), 'event')}, dated {years}. The one reported by the most articles "
            f"({reports}) is dated {plain(top['value'])}: “{plain(top['label'])}”.")  # fmt: skip


def copies(documents: pd.DataFrame) -> str:
    """One paragraph of Markdown saying how much of the corpus is copied, from the ``story_id`` column."""
    n = len(documents)
    sizes = documents.groupby(documents["story_id"].fillna(documents["doc_id"])).size()
    shared = sizes[sizes > 1]
    if n == 0:
        return "The corpus holds no articles."
    if shared.empty:
        subject = "The one article is" if n == 1 else f"None of the {n:,} articles copies another: each is"
        return (f"{subject} a story of its own, so counting stories instead of copies changes nothing "
                "here.")  # fmt: skip
    repeated = int(shared.sum() - len(shared))
    biggest = documents.loc[documents["doc_id"] == shared.idxmax()]
    title = biggest["title"].iat[0] if "title" in biggest and len(biggest) else shared.idxmax()
    return (
        f"The {n:,} articles tell {counted(len(sizes), 'distinct story', 'distinct stories')}: "
        f"{articles(int(shared.sum()))} belong to {counted(len(shared), 'story', 'stories')} that more than "
        f"one article runs, so {articles(repeated)} ({repeated / n:.0%}) repeat"
        f"{'s' * (repeated == 1)} a text already in the corpus. The most repeated story, "
        f"“{plain(title)}”, runs in {int(shared.max()):,} articles."
    )
