"""Which words and phrases the coverage uses: frequencies, n-grams,
collocations, keyness, TF-IDF, concordance (KWIC) and dispersion.

The counts (:func:`frequencies`, :func:`ngrams`, :func:`keyness`,
:func:`kwic`) take a :class:`newslens.corpus.Corpus` and run in DuckDB, in
memory or over a store alike; the analyses done in pandas (collocations,
TF-IDF, dispersion, occurrences) take the ``tokens`` table (and, to group or
label by outlet and date, the ``documents`` table). Each returns a DataFrame. Terms are token
norms (lowercase) or lemmas; multi-word names from the gazetteer are already
single tokens ("xi jinping"), so they count as one term.

Conventions, stated once:

- A *word* is a token that starts with a letter (``is_word``). Rates are per
  10,000 words of the group, stopwords included, so they compare across
  groups whatever the filter.
- Keyness uses the log-likelihood G2 of Rayson & Garside (2000), the form of
  the UCREL calculator: ``G2 = 2 * sum(O_i * ln(O_i / E_i))`` over the target
  and reference counts, ``E_i = N_i * (O_1 + O_2) / (N_1 + N_2)``; its
  p-value is the chi-square (1 df) tail. The effect size is Hardie's (2014)
  log ratio, ``log2((O_1 / N_1) / (O_2 / N_2))``, with a zero count taken
  as 0.5 so it stays finite (or less, so that its sign follows the counts:
  see :func:`log_ratio`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Iterable

import numpy as np
import pandas as pd
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
from nltk.probability import FreqDist

from newslens import duplicates, schema

KEYNESS_COLUMNS = ["term", "target_count", "reference_count", "target_per_10k", "reference_per_10k",
                   "g2", "p_value", "log_ratio", "direction", "target_docs", "reference_docs"]  # fmt: skip
GROUPINGS = ("doc", "outlet", "month", "year")
#: The longest n-grams counted: longer ones are sentences quoted whole, and cost a window per word.
MAX_N = 10
#: How the top terms are chosen: by occurrences, or by the articles using them (then occurrences),
#: which one long article cannot decide.
RANKS = {"count": ["count", "doc_freq"], "documents": ["doc_freq", "count"]}
MEASURES = ("likelihood_ratio", "pmi", "log_dice", "chi_sq", "student_t", "dice", "jaccard", "raw_freq")


# --- shared helpers ------------------------------------------------------------------


def check_rank(rank: str) -> str:
    """``rank`` once it is one of :data:`RANKS`."""
    if rank not in RANKS:
        raise ValueError(f"rank must be one of {', '.join(RANKS)}, not {rank!r}")
    return rank


def _terms(tokens: pd.DataFrame, *, unit: str, keep_stopwords: bool, keep_punctuation: bool) -> pd.DataFrame:
    """The tokens that count as terms, with their ``term`` column."""
    unit = _unit(unit)
    keep = pd.Series(True, index=tokens.index)
    if not keep_punctuation:
        keep &= tokens["is_word"].astype(bool)
    if not keep_stopwords:
        keep &= ~tokens["is_stop"].astype(bool)
    return tokens.loc[keep].assign(term=tokens.loc[keep, unit])


def document_groups(documents: pd.DataFrame, by: str | None) -> pd.Series:
    """The group of each document (aligned with ``documents``): its doc_id, outlet, month (YYYY-MM)
    or year ("undated" without a date), "all" (``by`` None), or the value of another column."""
    if by is None:
        return pd.Series("all", index=documents.index)
    if by == "doc":
        return documents["doc_id"]
    if by in ("month", "year"):
        return documents["published"].dt.strftime("%Y-%m" if by == "month" else "%Y").fillna("undated")
    if by == "outlet" or (by in documents and by not in GROUPINGS):
        return documents[by]
    raise ValueError(f"by must be one of {', '.join(GROUPINGS)} or a column of the documents, not {by!r}")


def frequencies(
    corpus,
    *,
    by: str | None = None,
    unit: str = "norm",
    keep_stopwords: bool = False,
    keep_punctuation: bool = False,
    top: int | None = None,
    count: str = "copies",
    rank: str = "count",
) -> pd.DataFrame:
    """Term counts, rates and document frequencies, counted in DuckDB (only the counts are loaded).

    Args:
        corpus: A :class:`newslens.corpus.Corpus`, in memory or a store.
        by: Group by ``"doc"``, ``"outlet"``, ``"month"`` or ``"year"``; None for the whole corpus.
        unit: Count ``"norm"`` (lowercase form) or ``"lemma"``.
        keep_stopwords: Count stopwords too.
        keep_punctuation: Count punctuation and numbers too.
        top: Keep the N most frequent terms of each group.
        rank: What "most frequent" means: ``"count"``, occurrences (then
            articles), or ``"documents"``, the articles using the term (then
            occurrences), which a few long articles cannot decide.
        count: ``"copies"`` counts every article; ``"stories"`` counts each
            story once per group (copies of one text share its count: see
            :func:`newslens.duplicates.weights`).

    Returns:
        Columns ``group`` (when ``by`` is set), term, count, per_10k (rate per
        10,000 words of the group), doc_freq (documents of the group that use
        it; stories, when counting stories); most frequent first within each group.
    """
    group, column = _grouping(by), _unit(unit)
    join = "JOIN documents d USING (doc_id)" if by not in (None, "doc") else ""
    ctes = f"""
        {duplicates.sql_weights(count, group)},
        t AS (SELECT t.doc_id, t.{column} AS term, t.is_word, t.is_stop, {group} AS grp, w.weight, w.unit_id
              FROM tokens t JOIN w USING (doc_id) {join}),
        totals AS (SELECT grp, {duplicates.sql_total("weight", count, where="is_word")} AS words
                   FROM t GROUP BY grp),
        per_doc AS (SELECT grp, term, unit_id, count(*) * any_value(weight) AS n FROM t
                    WHERE {_term_filter(keep_stopwords, keep_punctuation)}
                    GROUP BY grp, term, doc_id, unit_id),
        counts AS (SELECT grp, term, {duplicates.sql_total("n", count)} AS count,
                          count(DISTINCT unit_id) AS doc_freq
                   FROM per_doc GROUP BY grp, term)"""
    return _counted(corpus, ctes, "term", by=by, unit=unit, top=top, count=count, rank=rank)


def ngrams(
    corpus,
    *,
    n: int = 2,
    by: str | None = None,
    unit: str = "norm",
    keep_stopwords: bool = False,
    min_count: int = 1,
    top: int | None = None,
    count: str = "copies",
    rank: str = "count",
) -> pd.DataFrame:
    """Counts of word n-grams that never cross a sentence, punctuation or a removed segment.

    Args:
        n: 2 for bigrams, 3 for trigrams (any n >= 2 works).
        keep_stopwords: Keep n-grams that begin or end with a stopword ("of the");
            stopwords inside ("belt and road") are always kept.
        min_count: Drop n-grams seen fewer times in their group: on a large
            corpus most n-grams occur once, and 2 saves memory (over 1 GB of
            bigrams for 100,000 articles), not insight.
        by, unit, top, count, rank: As for :func:`frequencies`.

    Returns:
        Columns ``group`` (when ``by`` is set), ngram (terms joined by a space), count,
        per_10k, doc_freq.
    """
    if not 2 <= n <= MAX_N:
        raise ValueError(f"n must be 2 to {MAX_N} (for single terms, frequencies())")
    group, column = _grouping(by), _unit(unit)
    join = "JOIN documents d USING (doc_id)" if by not in (None, "doc") else ""
    following = ", ".join(
        f"lead(t.{name}, {k}) OVER w AS {name}{k}"
        for k in range(1, n)
        for name in ("tok_id", "sent_id", "kept", "term", "is_stop")
    )
    chained = " AND ".join(
        f"sent_id{k} = sent_id AND tok_id{k} = tok_id + {k} AND kept{k}" for k in range(1, n)
    )
    separator = "chr(31)" if unit == "lemma" else "' '"
    gram = f" || {separator} || ".join(["term", *(f"term{k}" for k in range(1, n))])
    edges = "TRUE" if keep_stopwords else f"NOT is_stop AND NOT is_stop{n - 1}"
    ctes = f"""
        {duplicates.sql_weights(count, group)},
        t AS (SELECT t.doc_id, t.sent_id, t.tok_id, t.{column} AS term, t.is_stop, t.is_word,
                     (t.is_word OR regexp_matches(t.text, '^[0-9]')) AS kept, {group} AS grp,
                     w.weight, w.unit_id
              FROM tokens t JOIN w USING (doc_id) {join}),
        totals AS (SELECT grp, {duplicates.sql_total("weight", count, where="is_word")} AS words
                   FROM t GROUP BY grp),
        following AS (SELECT *, {following} FROM t t WINDOW w AS (PARTITION BY doc_id ORDER BY tok_id)),
        grams AS (SELECT grp, unit_id, weight, {gram} AS ngram FROM following
                  WHERE kept AND {chained} AND {edges}),
        counts AS (SELECT grp, ngram, {duplicates.sql_total("weight", count)} AS count,
                          count(DISTINCT unit_id) AS doc_freq
                   FROM grams GROUP BY grp, ngram HAVING count(*) >= {int(min_count)})"""
    return _counted(corpus, ctes, "ngram", by=by, unit=unit, top=top, count=count, rank=rank)


# --- counting in DuckDB -----------------------------------------------------------------

_SEPARATOR = "\x1f"
_GROUPS = {
    None: "'all'",
    "doc": "t.doc_id",
    "outlet": "d.outlet",
    "month": "coalesce(strftime(d.published, '%Y-%m'), 'undated')",
    "year": "coalesce(strftime(d.published, '%Y'), 'undated')",
}


def _term_filter(keep_stopwords: bool, keep_punctuation: bool) -> str:
    conditions = ["TRUE"]
    if not keep_punctuation:
        conditions.append("t.is_word")
    if not keep_stopwords:
        conditions.append("NOT t.is_stop")
    return " AND ".join(conditions)


def _grouping(by: str | None) -> str:
    """The SQL of each token's group (as :func:`document_groups`): a grouping, or a documents column."""
    if by in _GROUPS:
        return _GROUPS[by]
    if by in (*schema.columns("documents"), "story_id") and by not in ("text", "published"):
        return f'd."{by}"'
    raise ValueError(f"by must be one of {', '.join(GROUPINGS)} or a column of the documents, not {by!r}")


def _unit(unit: str) -> str:
    if unit not in ("norm", "lemma"):
        raise ValueError(f"unit must be 'norm' or 'lemma', not {unit!r}")
    return unit


def _order(rank: str) -> str:
    """The ORDER BY keys of :data:`newslens.terms.RANKS`."""
    return ", ".join(f"{key} DESC" for key in RANKS[check_rank(rank)])


def _top(column: str, top: int | None, unit: str, rank: str) -> str:
    """The clause keeping each group's ``top`` first rows by ``rank``, ties broken by ``column``.

    Lemmas are stored as stems and sorted by their readable form afterwards,
    so for them every row tied with the last one is kept (see :func:`_readable`).
    """
    if top is None:
        return ""
    if unit == "lemma":
        return f"QUALIFY rank() OVER (PARTITION BY grp ORDER BY {_order(rank)}) <= {int(top)}"
    return f"QUALIFY row_number() OVER (PARTITION BY grp ORDER BY {_order(rank)}, {column}) <= {int(top)}"


def _readable(corpus, table: pd.DataFrame, column: str, top: int | None, rank: str) -> pd.DataFrame:
    """Stems (n-gram parts joined by \\x1f) made readable lemmas, then sorted and cut as in memory."""
    parts = [value.split(_SEPARATOR) for value in table[column]]
    readable = corpus.readable_lemmas({part for value in parts for part in value})
    table[column] = [" ".join(readable.get(part, part) for part in value) for value in parts]
    table = table.sort_values(["group", *RANKS[rank], column], ascending=[True, False, False, True])
    return table.groupby("group", sort=False).head(top) if top is not None else table


def _counted(
    corpus, ctes: str, column: str, *, by: str | None, unit: str, top: int | None, count: str, rank: str
) -> pd.DataFrame:
    """Finish a count query whose CTEs end in ``counts`` and ``totals``: rates per 10,000 words of
    the group, each group's top rows, readable lemmas, and no group column when not grouped."""
    table = corpus.sql(
        f"""
        WITH {ctes},
        joined AS (SELECT c.*, w.words FROM counts c JOIN totals w ON c.grp IS NOT DISTINCT FROM w.grp)
        SELECT grp AS "group", {column}, count, 1e4 * count / words AS per_10k, doc_freq
        FROM joined
        {_top(column, top, unit, rank)}
        ORDER BY grp, {_order(rank)}, {column}
        """
    )
    if unit == "lemma":
        table = _readable(corpus, table, column, top, rank).reset_index(drop=True)
    table.attrs["rank"] = rank
    return duplicates.counted(table if by else table.drop(columns="group"), count)


# --- collocations ----------------------------------------------------------------------


def collocations(
    tokens: pd.DataFrame,
    *,
    measure: str = "likelihood_ratio",
    min_freq: int = 3,
    window: int = 2,
    unit: str = "norm",
    keep_stopwords: bool = False,
    top: int | None = 20,
) -> pd.DataFrame:
    """Word pairs that occur together more than chance, scored by an association measure.

    Pairs are counted within sentences (never across), with NLTK's bigram
    finder; ``window=2`` means adjacent words (after dropping stopwords and
    punctuation unless kept), larger windows allow words in between.

    Args:
        measure: One of :data:`MEASURES`: NLTK's ``likelihood_ratio`` (G2), ``pmi``,
            ``chi_sq``, ``student_t``, ``dice``, ``jaccard``, ``raw_freq``, or
            ``log_dice`` (Rychlý 2008: 14 + log2(2 f(xy) / (f(x) + f(y)))).
        min_freq: Drop pairs seen fewer times.
        window: Span in words that a pair may cover (2 = adjacent).

    Returns:
        Columns w1, w2, freq, score (higher is stronger), measure; best first.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    if window < 2:
        raise ValueError("window must be at least 2")
    terms = _terms(tokens, unit=unit, keep_stopwords=keep_stopwords, keep_punctuation=False)
    word_fd, pair_fd = FreqDist(), FreqDist()
    for sentence in terms.groupby(["doc_id", "sent_id"], sort=False)["term"]:
        words = list(sentence[1])
        word_fd.update(words)
        for i, left in enumerate(words):
            for right in words[i + 1 : i + window]:
                pair_fd[(left, right)] += 1
    columns = ["w1", "w2", "freq", "score", "measure"]
    finder = BigramCollocationFinder(word_fd, pair_fd, window_size=window)
    finder.apply_freq_filter(min_freq)
    if not finder.ngram_fd:
        return pd.DataFrame(columns=columns)
    if measure == "log_dice":
        scored = [
            ((w1, w2), 14 + math.log2(2 * f / (word_fd[w1] + word_fd[w2])))
            for (w1, w2), f in finder.ngram_fd.items()
        ]
    else:
        scored = finder.score_ngrams(getattr(BigramAssocMeasures, measure))
    table = pd.DataFrame(
        [(w1, w2, finder.ngram_fd[(w1, w2)], score, measure) for (w1, w2), score in scored],
        columns=columns,
    )
    table = table.sort_values(["score", "freq", "w1", "w2"], ascending=[False, False, True, True])
    return table.head(top).reset_index(drop=True) if top else table.reset_index(drop=True)


# --- keyness and TF-IDF ----------------------------------------------------------------


def log_likelihood(target: float, reference: float, target_size: float, reference_size: float) -> float:
    """Rayson & Garside's log-likelihood G2 for one term (see the module docstring)."""
    total = target + reference
    if total == 0:
        return 0.0
    expected = (
        target_size * total / (target_size + reference_size),
        reference_size * total / (target_size + reference_size),
    )
    return 2 * sum(o * math.log(o / e) for o, e in zip((target, reference), expected, strict=True) if o > 0)


def chi2_p_value(statistic: float) -> float:
    """Upper tail of the chi-square distribution with one degree of freedom."""
    return math.erfc(math.sqrt(max(statistic, 0.0) / 2))


def log_ratio(target: float, reference: float, target_size: float, reference_size: float) -> float:
    """Hardie's log ratio: log2 of the ratio of relative frequencies, a zero count taken as 0.5.

    When the two parts differ much in size, 0.5 in the small one can stand for
    a higher rate than the other's count (absent from 100 target words, seen 10
    times in 100,000 reference words); the zero is then taken as half the count
    the other part's rate predicts, so the sign always follows the counts.
    """
    if target == 0:
        target = min(0.5, reference * target_size / reference_size / 2)
    elif reference == 0:
        reference = min(0.5, target * reference_size / target_size / 2)
    return math.log2((target / target_size) / (reference / reference_size))


def select_documents(documents: pd.DataFrame, name: str) -> list[str]:
    """The doc_ids that ``name`` stands for.

    ``name`` is matched, in this order, against doc_ids, outlets (whatever their case),
    a year ``YYYY``, a month ``YYYY-MM``, or a date range ``YYYY-MM-DD:YYYY-MM-DD``.

    Raises:
        ValueError: nothing matches; the message lists the outlets.
    """
    if name in set(documents["doc_id"]):
        return [name]
    outlet = pd.Series([o.casefold() == name.casefold() for o in documents["outlet"]], index=documents.index)
    if outlet.any():
        return list(documents.loc[outlet, "doc_id"])
    published = documents["published"]
    if re.fullmatch(r"\d{4}(-\d{2})?", name):
        chosen = published.dt.strftime("%Y-%m" if len(name) == 7 else "%Y") == name
    elif m := re.fullmatch(r"(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})", name):
        chosen = published.between(pd.Timestamp(m[1]), pd.Timestamp(m[2]))
    else:
        chosen = pd.Series(False, index=documents.index)
    if not chosen.any():
        outlets = ", ".join(sorted(documents["outlet"].unique()))
        raise ValueError(
            f"no documents match {name!r}: give a doc_id, an outlet ({outlets}), "
            "a year, a month (YYYY-MM) or a range (YYYY-MM-DD:YYYY-MM-DD)"
        )
    return list(documents.loc[chosen, "doc_id"])


def keyness(
    corpus,
    target: str | Collection[str],
    reference: str | Collection[str] | None = None,
    *,
    unit: str = "norm",
    keep_stopwords: bool = False,
    min_count: int = 2,
    top: int | None = None,
    count: str = "copies",
) -> pd.DataFrame:
    """Terms over- and under-used in the target documents against the reference, counted in DuckDB.

    Args:
        corpus: A :class:`newslens.corpus.Corpus`.
        target, reference: doc_ids, or a name :func:`select_documents` accepts
            (a doc_id, an outlet, a year, a month or a date range); the
            reference is every other document when not given.
        min_count: Drop terms that occur fewer times in target and reference together
            (as tokens, whether copies or stories are counted).
        top: Keep the N strongest positive and the N strongest negative keywords.
        count: ``"stories"`` counts each story once on each side (see :func:`frequencies`).

    Returns:
        Columns term, target_count, reference_count, target_per_10k,
        reference_per_10k, g2, p_value, log_ratio, direction ("positive": more
        frequent in the target; "negative": less), target_docs and
        reference_docs (the articles, or stories, of each side that use the
        term: a keyword of one long article shows 1); strongest G2 first.
    """
    docs = corpus.listing()
    chosen = sorted(_documents(docs, target))
    candidates = _documents(docs, reference) if reference is not None else docs["doc_id"]
    others = sorted(set(candidates) - set(chosen))
    column = _unit(unit)
    ctes = f"""WITH sides AS (SELECT unnest(?::VARCHAR[]) AS doc_id, TRUE AS in_target
                          UNION ALL SELECT unnest(?::VARCHAR[]), FALSE),
        w AS (SELECT s.doc_id, s.in_target, {duplicates.sql_weight(count, "s.in_target")} AS weight,
                     {duplicates.sql_unit(count)} AS unit_id
              FROM sides s JOIN documents d USING (doc_id))"""
    total = duplicates.sql_total("w.weight", count)
    sizes = corpus.sql(
        f"{ctes} SELECT w.in_target, {total} AS words FROM tokens t JOIN w USING (doc_id) "
        "WHERE t.is_word GROUP BY w.in_target",
        [chosen, others],
    )
    size = dict(zip(sizes["in_target"], sizes["words"], strict=True))
    in_target = duplicates.sql_total("w.weight", count, where="w.in_target")
    in_reference = duplicates.sql_total("w.weight", count, where="NOT w.in_target")
    counts = corpus.sql(
        f"""{ctes}
        SELECT t.{column} AS term, {in_target} AS target_count, {in_reference} AS reference_count,
               count(DISTINCT w.unit_id) FILTER (WHERE w.in_target) AS target_docs,
               count(DISTINCT w.unit_id) FILTER (WHERE NOT w.in_target) AS reference_docs
        FROM tokens t JOIN w USING (doc_id)
        WHERE {_term_filter(keep_stopwords, False)}
        GROUP BY term HAVING count(*) >= {int(min_count)}
        """,
        [chosen, others],
    )
    if unit == "lemma":
        counts["term"] = counts["term"].map(corpus.readable_lemmas(counts["term"]))
    table = score_keyness(counts, size.get(True, 0), size.get(False, 0), top=top)
    return duplicates.counted(table, count)


def _documents(documents: pd.DataFrame, chosen: str | Collection[str]) -> list[str]:
    """The doc_ids of a side of a comparison: given as such, or named (:func:`select_documents`)."""
    return select_documents(documents, chosen) if isinstance(chosen, str) else list(chosen)


def score_keyness(
    counts: pd.DataFrame, target_size: int, reference_size: int, *, top: int | None = None
) -> pd.DataFrame:
    """G2, its p-value and the log ratio of each term's counts in target and reference.

    Args:
        counts: Columns term, target_count, reference_count; target_docs and
            reference_docs are passed through (0 where absent).
        target_size, reference_size: Words in the target and in the reference.
        top: Keep the N strongest positive and the N strongest negative keywords.

    Returns:
        The columns of :func:`keyness`, strongest G2 first.
    """
    if target_size == 0 or reference_size == 0:
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    spread = [counts[c] if c in counts else [0] * len(counts) for c in ("target_docs", "reference_docs")]
    rows = [
        (term, a, b, 1e4 * a / target_size, 1e4 * b / reference_size,
         g2 := log_likelihood(a, b, target_size, reference_size), chi2_p_value(g2),
         ratio := log_ratio(a, b, target_size, reference_size), "positive" if ratio > 0 else "negative",
         int(da), int(db))
        for term, a, b, da, db in zip(counts["term"], counts["target_count"], counts["reference_count"],
                                      *spread, strict=True)
    ]  # fmt: skip
    table = pd.DataFrame(rows, columns=KEYNESS_COLUMNS).sort_values(["g2", "term"], ascending=[False, True])
    if top is not None:
        table = table.groupby("direction", sort=False).head(top)
    return table.reset_index(drop=True)


def tfidf(tokens: pd.DataFrame, *, unit: str = "norm", top: int = 10) -> pd.DataFrame:
    """The most distinctive terms of each document by TF-IDF.

    ``tf`` is the term's share of the document's words; ``idf = ln(N / df)``
    over the N documents, so a term every document uses scores 0 and is left out.

    Returns:
        Columns doc_id, term, count, tf, idf, tfidf; best first within each document.
    """
    terms = _terms(tokens, unit=unit, keep_stopwords=False, keep_punctuation=False)
    columns = ["doc_id", "term", "count", "tf", "idf", "tfidf"]
    if terms.empty:
        return pd.DataFrame(columns=columns)
    n_docs = tokens["doc_id"].nunique()
    counts = terms.groupby(["doc_id", "term"]).size().rename("count").reset_index()
    sizes = tokens[tokens["is_word"].astype(bool)].groupby("doc_id").size()
    df = counts.groupby("term")["doc_id"].nunique()
    counts["tf"] = counts["count"] / counts["doc_id"].map(sizes)
    counts["idf"] = np.log(n_docs / counts["term"].map(df))
    counts["tfidf"] = counts["tf"] * counts["idf"]
    counts = counts[counts["tfidf"] > 0].sort_values(
        ["doc_id", "tfidf", "term"], ascending=[True, False, True]
    )
    return counts.groupby("doc_id").head(top)[columns].reset_index(drop=True)


# --- concordance and dispersion ------------------------------------------------------------


def split_words(text: str) -> list[tuple[int, int, str]]:
    """Word spans and norms of ``text``, tokenized as the corpus is."""
    from newslens.text import word_tokenizer

    return [(s, e, text[s:e].lower().replace("’", "'")) for s, e in word_tokenizer.span_tokenize(text)]


def _words(tokens: pd.DataFrame, match: str) -> pd.DataFrame:
    """One row per word: multi-word tokens ("xi jinping") are split into their words.

    Columns: doc_id, token (position in ``tokens``), start, end, value (the
    norm, lemma or text to match on). Single-word tokens, nearly all of them,
    are taken as whole columns; only multi-word tokens are split one by one.
    """
    column = {"norm": "norm", "lemma": "lemma", "text": "text"}[match]
    columns = ["doc_id", "token", "start", "end", "value"]
    single = ~tokens["norm"].str.contains(" ", regex=False)
    words = pd.DataFrame({
        "doc_id": tokens["doc_id"], "token": np.arange(len(tokens)), "start": tokens["start"],
        "end": tokens["start"] + tokens["text"].str.len(), "value": tokens[column],
    })[single]  # fmt: skip
    rows = []
    for position in np.flatnonzero(~single.to_numpy()):
        doc, start, text = (
            tokens["doc_id"].iat[position],
            tokens["start"].iat[position],
            tokens["text"].iat[position],
        )
        for s, e, part in split_words(text):  # words of a multi-word name keep their own offsets
            rows.append((doc, position, start + s, start + e, text[s:e] if match == "text" else part))
    if rows:
        words = pd.concat([words, pd.DataFrame(rows, columns=columns)]).sort_values(["token", "start"])
    return words[columns].reset_index(drop=True)


def _query(query: str, tokens: pd.DataFrame, match: str) -> list[str]:
    """The query's words as values to match: norms, exact text, or lemmas via their stems."""
    from newslens.text import _stem

    parts = split_words(query)
    if match == "text":
        return [query[s:e] for s, e, _ in parts]
    if match == "norm":
        return [norm for _, _, norm in parts]
    forms = tokens[["norm", "lemma"]].drop_duplicates()  # each distinct word form once
    lemma_of_stem = dict(zip(forms["norm"].map(_stem), forms["lemma"], strict=True))
    return [lemma_of_stem.get(_stem(norm), norm) for _, _, norm in parts]


def find(tokens: pd.DataFrame, query: str, *, match: str = "norm") -> pd.DataFrame:
    """Where a word or phrase occurs: one row per occurrence.

    Matching is word by word, also inside multi-word tokens: "Belt and Road"
    is found within "Belt and Road Forum", and "Xi" within "Xi Jinping".

    Args:
        tokens: The tokens table.
        query: A word or phrase.
        match: ``"norm"`` (case-insensitive), ``"lemma"`` (any form of the
            words: "relation" finds "relations"), or ``"text"`` (exact case).

    Returns:
        Columns doc_id, first, last (the tokens it spans, as positions in
        ``tokens`` sorted by doc_id and tok_id), start, end (offsets of the
        match in the clean text).
    """
    if match not in ("norm", "lemma", "text"):
        raise ValueError(f"match must be 'norm', 'lemma' or 'text', not {match!r}")
    columns = ["doc_id", "first", "last", "start", "end"]
    tokens = tokens.sort_values(["doc_id", "tok_id"]).reset_index(drop=True)
    wanted = _query(query, tokens, match)
    if not wanted or tokens.empty:
        return pd.DataFrame(columns=columns)
    words = _words(tokens, match)
    values, docs = words["value"].to_numpy(), words["doc_id"].to_numpy()
    size = len(wanted)
    rows = []
    for first in np.flatnonzero(values == wanted[0]):
        last = first + size - 1
        if last < len(values) and docs[last] == docs[first] and list(values[first : last + 1]) == wanted:
            rows.append((docs[first], words["token"].iat[first], words["token"].iat[last],
                         words["start"].iat[first], words["end"].iat[last]))  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def kwic(
    corpus, query: str, *, window: int = 8, ignore_case: bool = True, lemma: bool = False
) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``query`` with the words around it.

    Only the tokens of the documents that hold the query's first word are
    loaded (from a store, the rest stay on disk).

    Args:
        corpus: A :class:`newslens.corpus.Corpus`.
        query: A word or phrase ("sanctions", "Belt and Road").
        window: Tokens of context on each side.
        ignore_case: Match case-insensitively.
        lemma: Match any form of the words (lemma matching).

    Returns:
        Columns doc_id, outlet, published, left, keyword, right, start, end
        (``keyword == text[start:end]`` in the document's clean text); empty
        for a term that does not occur. Context stays within the keyword's
        sentence and is an exact slice of the text, so with a wide enough
        window ``left + keyword + right`` is the sentence.
    """
    words = [norm for _, _, norm in split_words(query)]
    if not words:
        return _lines(pd.DataFrame(columns=["doc_id", "tok_id"]), pd.DataFrame(), query)
    first = words[0]
    if lemma:
        from newslens.text import _stem

        norms = corpus.sql("SELECT DISTINCT norm FROM tokens")["norm"]
        forms = [form for form in norms if any(_stem(part) == _stem(first) for part in form.split(" "))]
    else:
        forms = corpus.sql(
            "SELECT DISTINCT norm FROM tokens WHERE norm = ? OR list_contains(string_split(norm, ' '), ?)",
            [first, first],
        )["norm"].tolist()
    holding = "(SELECT DISTINCT doc_id FROM tokens WHERE norm IN (SELECT unnest(?::VARCHAR[])))"
    tokens = corpus.sql(f"SELECT * FROM tokens WHERE doc_id IN {holding} ORDER BY doc_id, tok_id", [forms])
    docs = corpus.sql(
        "SELECT doc_id, outlet, published::TIMESTAMP AS published, text FROM documents "
        f"WHERE doc_id IN {holding}",
        [forms],
    )
    return _lines(tokens, docs, query, window=window, ignore_case=ignore_case, lemma=lemma)


def _lines(
    tokens: pd.DataFrame,
    documents: pd.DataFrame,
    query: str,
    *,
    window: int = 8,
    ignore_case: bool = True,
    lemma: bool = False,
) -> pd.DataFrame:
    """The lines of :func:`kwic`, matched in the tokens of the documents that may hold them."""
    columns = ["doc_id", "outlet", "published", "left", "keyword", "right", "start", "end"]
    match = "lemma" if lemma else ("norm" if ignore_case else "text")
    hits = find(tokens, query, match=match)
    if hits.empty:  # typed like a table with rows, so callers need no special case
        return pd.DataFrame(columns=columns).astype({"published": "datetime64[ns]", "start": int, "end": int})
    ordered = tokens.sort_values(["doc_id", "tok_id"]).reset_index(drop=True)
    sentence = ordered["doc_id"] + "\x1f" + ordered["sent_id"].astype(str)
    position = pd.Series(np.arange(len(ordered)), index=ordered.index)
    sentence_first = position.groupby(sentence).transform("min")
    sentence_last = position.groupby(sentence).transform("max")
    starts, ends = ordered["start"].to_numpy(), ordered["end"].to_numpy()
    docs = documents.set_index("doc_id")
    rows = []
    for hit in hits.itertuples():
        text = docs.at[hit.doc_id, "text"]
        left_start = starts[max(hit.first - window, sentence_first[hit.first])]
        right_end = ends[min(hit.last + window, sentence_last[hit.last])]
        rows.append((hit.doc_id, docs.at[hit.doc_id, "outlet"], docs.at[hit.doc_id, "published"],
                     text[min(left_start, hit.start) : hit.start], text[hit.start : hit.end],
                     text[hit.end : max(right_end, hit.end)], hit.start, hit.end))  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def dispersion(tokens: pd.DataFrame, documents: pd.DataFrame, terms: Iterable[str]) -> pd.DataFrame:
    """Where each term falls through each document.

    Returns:
        Columns term, doc_id, published, position: the occurrence's place in
        its document from 0 (first token) to 1 (last); documents by date.
    """
    order = documents.sort_values(["published", "doc_id"])["doc_id"].tolist()
    sizes = tokens.groupby("doc_id")["tok_id"].max().clip(lower=1)
    ordered = tokens.sort_values(["doc_id", "tok_id"]).reset_index(drop=True)
    rows = []
    for term in terms:
        for hit in find(tokens, term).itertuples():
            position = ordered["tok_id"].iat[hit.first] / sizes[hit.doc_id]
            rows.append((term, hit.doc_id, position))
    table = pd.DataFrame(rows, columns=["term", "doc_id", "position"])
    table["published"] = table["doc_id"].map(documents.set_index("doc_id")["published"])
    table["doc_order"] = table["doc_id"].map({d: i for i, d in enumerate(order)})
    table = table.sort_values(["term", "doc_order", "position"]).drop(columns="doc_order")
    return table[["term", "doc_id", "published", "position"]].reset_index(drop=True)


def dispersion_measures(tokens: pd.DataFrame, terms: Iterable[str]) -> pd.DataFrame:
    """How evenly each term spreads over the documents.

    Returns:
        Columns term, count, range (documents that use it), juilland_d
        (Juilland's D: 1 = perfectly even, 0 = all in one document; NaN with
        one document) and gries_dp (Gries' DP: 0 = spread exactly as the
        documents' sizes, near 1 = concentrated).
    """
    sizes = tokens.groupby("doc_id").size()
    shares = sizes / sizes.sum()
    rows = []
    for term in terms:
        counts = Counter(find(tokens, term)["doc_id"])
        per_doc = pd.Series({doc: counts.get(doc, 0) for doc in sizes.index}, dtype=float)
        total = per_doc.sum()
        if total == 0:
            rows.append((term, 0, 0, math.nan, math.nan))
            continue
        relative = per_doc / sizes
        n = len(sizes)
        juilland = 1 - (relative.std(ddof=0) / relative.mean()) / math.sqrt(n - 1) if n > 1 else math.nan
        gries = 0.5 * (per_doc / total - shares).abs().sum()
        rows.append((term, int(total), int((per_doc > 0).sum()), juilland, gries))
    return pd.DataFrame(rows, columns=["term", "count", "range", "juilland_d", "gries_dp"])


def frequency_over_time(
    tokens: pd.DataFrame,
    documents: pd.DataFrame,
    terms: Iterable[str],
    *,
    period: str = "D",
    count: str = "copies",
) -> pd.DataFrame:
    """Rate of each term per publication date (or month, ``period="M"``).

    Args:
        count: ``"stories"`` counts each story once per period (see :func:`frequencies`).

    Returns:
        Columns term, period (the date or the month's first day), resolution
        ("day" or "month"), count, words (all words published in that
        period), per_10k; a row for every period with articles, zeros
        included, so a line does not skip them.
    """
    if period not in ("D", "M"):
        raise ValueError("period must be 'D' (day) or 'M' (month)")
    when = documents["published"].dt.to_period(period).dt.start_time
    table = occurrences(tokens, documents.assign(period=when), terms, by="period", count=count)
    table = table[table["group"].notna()].rename(columns={"group": "period"})
    table.insert(2, "resolution", "day" if period == "D" else "month")
    table = table[["term", "period", "resolution", "count", "words", "per_10k"]].reset_index(drop=True)
    return duplicates.counted(table, count)


def occurrences(
    tokens: pd.DataFrame,
    documents: pd.DataFrame | None,
    queries: Iterable[str],
    *,
    by: str = "doc",
    count: str = "copies",
) -> pd.DataFrame:
    """How often each query occurs in each group, matched as :func:`find` does.

    Unlike :func:`frequencies`, which counts tokens, this finds a phrase
    inside multi-word names too ("belt and road" within "Belt and Road
    Forum"), so it suits a chosen list of terms.

    Args:
        by: A grouping of :data:`GROUPINGS`, or any column of ``documents``.
        count: ``"stories"`` counts each story once per group (see :func:`frequencies`).

    Returns:
        Columns group, term, count, words (of the group), per_10k; a row for
        every group and query, zeros included, groups in order.
    """
    if by not in (None, "doc") and documents is None:
        raise ValueError(f"grouping by {by!r} needs the documents table")
    labels = None if documents is None or by is None else document_groups(documents, by)
    weights = duplicates.row_weights(tokens, documents, count=count, groups=labels)
    weights = pd.Series(1, index=tokens.index) if weights is None else weights
    if by is None:
        groups = pd.Series("all", index=tokens.index)
    elif by == "doc":
        groups = tokens["doc_id"]
    else:
        groups = tokens["doc_id"].map(labels.set_axis(documents["doc_id"]))
    totals = (tokens["is_word"].astype(bool) * weights).groupby(groups).sum().sort_index()
    weight = dict(zip(tokens["doc_id"], weights, strict=True))
    doc_group = dict(zip(tokens["doc_id"], groups, strict=True))
    rows = []
    for query in queries:
        found = find(tokens, query)["doc_id"]
        counts = found.map(weight).groupby(found.map(doc_group)).sum()
        rows.extend(
            (group, query, counts.get(group, 0), total, 1e4 * counts.get(group, 0) / total if total else 0.0)
            for group, total in totals.items()
        )
    table = pd.DataFrame(rows, columns=["group", "term", "count", "words", "per_10k"])
    return duplicates.counted(
        table if count == "stories" else table.astype({"count": int, "words": int}), count
    )
