"""Same story, many outlets: exact copies, near-duplicates and partial reuse.

News is copied: wire stories, press releases and state-media texts are
republished by many outlets, trimmed, re-headlined, with a site's own intro or
footer. Counting such copies as separate articles inflates whatever they say.
This module finds them (:func:`copies`), groups them into stories
(:func:`stories`), and gives every document a weight (:func:`weights`) so
that an analysis can count stories instead of copies::

    found = duplicates.copies(corpus.documents)
    table = duplicates.stories(corpus.documents, found)
    weight = duplicates.weights(corpus.documents, count="stories")  # by its story_id column

Method
------
Texts are compared by their *shingles*: every run of ``k`` consecutive word
tokens (lowercase ``\\w+``; ``k=5`` by default). Each distinct token is hashed
once with BLAKE2b (8 bytes), and a shingle's hash is a polynomial of its
tokens' hashes mixed with splitmix64, in numpy: the same text gives the same
hashes in every process and on every machine (Python's salted ``hash()`` is
never used).

1. **Exact copies.** Articles with the same sequence of words (case,
   punctuation and spacing aside) share a key (BLAKE2b of the token hashes).
   Each exact copy is paired with the earliest article of its group, the
   *representative*, and with no other: 10,000 identical articles give 9,999
   rows, not 50 million. Only representatives go on to step 2; :func:`stories`
   joins the others through them.
2. **Candidates.** A content-defined sample of shingles is kept as each
   article's *fingerprints*: the shingles whose hash is divisible by
   ``sample`` (4), so one in four on average, and the same shingle is kept in
   every article that has it, wherever it stands. Fingerprints are inverted
   (which articles hold each) and two articles are candidates when they
   share at least ``min_fingerprints`` (2), and enough of them to make the
   containment asked for plausible: at least half of ``min_containment`` of
   the fingerprints of the article with fewer. A fingerprint held by more
   than ``max_postings`` (1,000) articles pairs each of them with its earliest
   holder only, so a flood of one release costs linear, not quadratic, work.
3. **Verification.** For each candidate pair the exact sets of distinct
   shingles give the Jaccard similarity and the containment both ways (the
   share of one article's shingles found in the other), so a trimmed copy
   inside a longer article is found by its own containment. The longest
   passage the two share, as character offsets into each text, is the longest
   run of shingles in the same order in both (each shingle of one matched to
   its first occurrence in the other, the run then extended while the texts
   agree), from its first word to its last.

**Furniture.** A site prints its footer and newsletter box under every
article, a wire sends daily reports on one template ("The Federal Reserve
entered the U.S. Government securities market to arrange ..."). Such text is
the outlet's furniture: shared by many of its articles, it says nothing of
copying. A fingerprint held by at least ``furniture`` (10) articles of one
outlet (exact copies counted once) is that outlet's furniture: it finds no
candidates for the outlet's articles, and a shared passage at least half of
whose fingerprints are furniture of either article's outlet is left out of
the counts (shared shingles, similarity, containment) and is never the
longest passage. Without it, footers under short copies joined unrelated
articles into stories of hundreds and pair precision on the development set
fell from 0.997 to 0.81. Articles without an outlet have no furniture. The
cost: text an outlet prints in ten or more of its own articles that are not
exact copies (a story updated ten times) is taken for furniture.

Why fingerprints and not MinHash + LSH: MinHash estimates Jaccard similarity,
and a trimmed copy inside a longer article has a low one even when all of it
is copied (a 150-word release inside a 600-word article: 0.25 at most), so
banded LSH tuned for near-duplicates misses it, and LSH tuned for low
similarity floods the verification with candidates. Shared fingerprints
count shared shingles whatever the lengths. On the development set
(``benchmarks/duplicates_dev.py``), of the copies sharing at least half of
the shorter text and of the partial reuse below that, the fingerprint index
made candidates of 99.7% and 68.6% with 7,745 candidate pairs in 0.3 s;
MinHash LSH over the same shingles (numpy, 128 permutations) of 55.2% and
0.3% with 32 bands of 4 rows, of 96.3% and 27.1% with 64 bands of 2 and
43,235 candidates, in about 9 s each.

Thresholds (the defaults, in words)
-----------------------------------
A pair is a copy when at least 20% (``min_containment``) of the distinct
5-word shingles of one of the two articles (in practice the shorter) occur in
the other, and at least 10 (``min_shared``) shingles occur in both, shared
furniture left out. Different reports of the same event share names, dates
and topic words but rarely a run of five words: on the development set no
hard negative (articles of one category or topic naming the same people)
shares more than 8% of its shingles. A copy keeps most of its shingles even
when edited: changing one word in ten of a text, here and there, leaves about
three in five of its shingles. Articles of fewer than ``k`` words have no
shingles and are never copies (nor exact copies). Ten shingles make a passage
of fourteen words: short templated items (a dividend notice) need that much
in common besides their template.

``first`` and ``earliest`` follow one order: dated articles by date, then
undated ones; on the same date, an article that credits another source
(an ``agency`` column that is not its outlet: "(Reuters)" in a site's copy)
after one that does not; remaining ties, and undated articles among
themselves, by doc_id.

Measured (``benchmarks/duplicates_dev.py``, 2 shared cores)
-----------------------------------------------------------
On 23,849 articles (BBC, Reuters-21578 and Wikinews with 1,550 copies made
with a new headline, intro, footer, trimmed ends, reordered paragraphs and
5-20% of the words changed): recall 0.997 for copies sharing at least half
of the shorter text, 0.966 for Reuters-21578's own repeated stories; pair
precision 0.997 against 5,921 hard negatives, none of which is a direct
copy pair (5 are joined to a story through partial reuse of background
paragraphs); 11-15 s for :func:`copies`. On 100,000 articles (96 MB of
text, BBC and Reuters republished four times by other sites with up to a
tenth of the words changed): shingles and fingerprints 13-18 s, the candidate
step 1.3-1.9 s, :func:`copies` end to end 40-63 s (the cores were shared with
other work), about 2 GB at the peak; :func:`new_copies` of 1,000 articles
against the signatures of 99,000 in 3-4 s.

Incremental use
---------------
:func:`signatures` gives one row per article (its exact key and its
fingerprints, as plain integers and lists of integers that Parquet stores).
:func:`new_copies` takes the stored signatures, the new articles and a way to
read stored texts, and returns only the pairs that involve a new article:
``newslens ingest`` compares new articles with what is stored, not everything
with everything. Stored pairs are not looked at again, so text that becomes
furniture only with the new articles still joins the stored pairs it made:
on the benchmark, stories from :func:`copies` of 99,000 articles plus
:func:`new_copies` of 1,000 differ from those of :func:`copies` of all
100,000 for 264 articles, and for none with furniture switched off.
"""

from __future__ import annotations

import array
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from newslens import schema

#: Words per shingle.
K = 5
#: One shingle in ``SAMPLE`` (chosen by its hash) is a fingerprint.
SAMPLE = 4
#: Candidates share at least this many fingerprints.
MIN_FINGERPRINTS = 2
#: A fingerprint held by more articles pairs them with its earliest holder only.
MAX_POSTINGS = 1000
#: A copy has at least this share of one article's shingles in the other.
MIN_CONTAINMENT = 0.2
#: ... and at least this many shingles in common.
MIN_SHARED = 10
#: A fingerprint in at least this many articles of one outlet is that outlet's furniture.
FURNITURE = 10

COPY_COLUMNS = schema.columns("copies")
STORY_COLUMNS = ["story_id", "documents", "n_documents", "earliest", "earliest_outlet", "n_outlets"]
#: The stored signature (:mod:`newslens.schema`), with the publication date and outlet it is compared by.
SIGNATURE_COLUMNS = ["doc_id", "published", "outlet", *schema.columns("signatures")[1:]]
#: What an aggregate counts: every copy, or every story once (see :func:`weights`).
COUNTS = ("copies", "stories")

_WORD = re.compile(r"\w+")
_SPLIT = re.compile(r"(\w+)")
_MULTIPLIER = np.uint64(0x100000001B3)  # odd, so the polynomial keeps every token's bits
_PAIR_CHUNK = 4_000_000  # shingles compared at once when verifying candidates


class _TokenHashes(dict):
    """Token -> 64-bit BLAKE2b hash, computed once per distinct token of a call."""

    def __missing__(self, token: str) -> int:
        value = _digest(token.encode("utf-8", "surrogatepass"))
        self[token] = value
        return value


def _token_hashes(text: str, table: _TokenHashes) -> list[int]:
    """The hashes of the lowercase word tokens of ``text``, in order.

    ASCII text is lowercased whole, which cannot change its tokens; other text
    token by token, because lowercasing a character can change its length.
    """
    words = _WORD.findall(text.lower()) if text.isascii() else map(str.lower, _WORD.findall(text))
    return list(map(table.__getitem__, words))


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads every input bit over the 64 output bits."""
    z = values ^ (values >> np.uint64(30))
    z *= np.uint64(0xBF58476D1CE4E5B9)
    z ^= z >> np.uint64(27)
    z *= np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def _rolling(tokens: np.ndarray, k: int) -> np.ndarray:
    """The hash of every run of ``k`` tokens (``len(tokens) - k + 1`` of them, or none)."""
    n = tokens.size - k + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    value = tokens[:n].copy()
    for i in range(1, k):
        value *= _MULTIPLIER
        value += tokens[i : n + i]
    return _mix(value)


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The concatenated index ranges ``starts[i] : starts[i] + lengths[i]``."""
    total = int(lengths.sum())
    offsets = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.repeat(starts, lengths) + (np.arange(total, dtype=np.int64) - offsets)


@dataclass
class _Shingled:
    """Every article's distinct shingles (sorted, concatenated) and fingerprints.

    Attributes:
        doc_ids, published: per article, in the order given.
        outlets: a 64-bit key of each article's outlet, 0 where it is unknown.
        n_words: word tokens per article.
        exact: the exact-copy key (0 for an article of fewer than ``k`` words).
        pointer: article i's shingles are ``shingles[pointer[i]:pointer[i + 1]]``,
            sorted; ``first_at`` (beside ``shingles``) is where each first occurs in its text.
        fp_doc, fp_hash: one row per (article, fingerprint), by article.
        rolled, starts, counts: article i's shingles in text order are
            ``rolled[starts[i]:starts[i] + counts[i]]`` (see :meth:`ordered`).
    """

    doc_ids: np.ndarray
    published: np.ndarray
    outlets: np.ndarray
    n_words: np.ndarray
    exact: np.ndarray
    pointer: np.ndarray
    shingles: np.ndarray
    fp_doc: np.ndarray
    fp_hash: np.ndarray
    first_at: np.ndarray
    rolled: np.ndarray
    starts: np.ndarray
    counts: np.ndarray

    def ordered(self, i: int) -> np.ndarray:
        """Article i's shingle hashes in text order (shingle n starts at word n)."""
        return self.rolled[self.starts[i] : self.starts[i] + self.counts[i]]

    def distinct(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Article i's distinct shingle hashes, sorted, and where each first occurs in its text."""
        at = slice(self.pointer[i], self.pointer[i + 1])
        return self.shingles[at], self.first_at[at]


def _shingle(documents: pd.DataFrame, k: int, sample: int) -> _Shingled:
    """Hash the words, shingles and fingerprints of every article, vectorised where it counts."""
    table = _TokenHashes()
    words = array.array("Q")  # 8 bytes a word: a list of Python ints takes 40 (1.4 GB for 100,000 articles)
    lengths = np.zeros(len(documents), dtype=np.int64)
    for i, text in enumerate(documents["text"].tolist()):
        hashes = _token_hashes(text if isinstance(text, str) else "", table)
        lengths[i] = len(hashes)
        words.extend(hashes)
    tokens = np.frombuffer(words, dtype=np.uint64) if words else np.empty(0, dtype=np.uint64)
    del words  # held by ``tokens`` until it is rolled into shingles
    ends = np.cumsum(lengths)
    starts = ends - lengths
    exact = np.zeros(len(documents), dtype=np.uint64)
    for i in np.flatnonzero(lengths >= k).tolist():
        exact[i] = _digest(tokens[starts[i] : ends[i]].astype("<u8").tobytes()) or 1
    hashes = _rolling(tokens, k)
    del tokens
    per_doc = np.maximum(lengths - k + 1, 0)
    shingles, first_at, doc = _distinct(hashes, starts, per_doc)
    sizes = np.bincount(doc, minlength=len(documents))
    pointer = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
    chosen = shingles % np.uint64(sample) == 0
    return _Shingled(
        doc_ids=documents["doc_id"].to_numpy(dtype=object),
        published=_dates(documents),
        outlets=_outlet_keys(documents),
        n_words=lengths,
        exact=exact,
        pointer=pointer,
        shingles=shingles,
        fp_doc=doc[chosen],
        fp_hash=shingles[chosen],
        first_at=first_at.astype(np.int32),
        rolled=hashes,
        starts=starts,
        counts=per_doc,
    )


def _distinct(hashes: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, ...]:
    """Each article's distinct shingles, sorted, with where each first occurs in its text.

    Article i's shingles are ``hashes[starts[i]:starts[i] + counts[i]]``. They
    are sorted once by a key packing the article's number (top 24 bits) with
    the top 40 bits of the hash: two different shingles of one article share
    those 40 bits with a probability of about n**2 / 2**41 (one in a million
    for an article of 1,000 words), and are then taken as one.

    Returns:
        (shingles, first positions, article of each), by article then hash.
    """
    at = _ranges(starts, counts)
    doc = np.repeat(np.arange(counts.size, dtype=np.int64), counts)
    values = hashes[at]
    if counts.size < 1 << 24:
        key = doc.astype(np.uint64)
        key <<= np.uint64(40)
        key |= values >> np.uint64(24)
        order = np.argsort(key)
        key = key[order]
        first = np.ones(key.size, dtype=bool)
        np.not_equal(key[1:], key[:-1], out=first[1:])
        del key  # each array here is 8 bytes a word of the corpus: they are freed as soon as they are done
    else:  # too many articles to pack: two stable sorts, by hash then by article
        order = np.argsort(values, kind="stable")
        order = order[np.argsort(doc[order], kind="stable")]
        first = np.ones(order.size, dtype=bool)
        first[1:] = (values[order][1:] != values[order][:-1]) | (doc[order][1:] != doc[order][:-1])
    groups = np.flatnonzero(first)
    del first
    earliest = np.minimum.reduceat(at[order], groups) if groups.size else groups
    del at
    chosen = order[groups]
    del order
    doc = doc[chosen]
    return values[chosen], earliest - starts[doc], doc


def _digest(data: bytes) -> int:
    """A 64-bit BLAKE2b digest as an unsigned integer."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest())


def _outlet_keys(table: pd.DataFrame) -> np.ndarray:
    """A 64-bit key of each row's ``outlet``; 0 where it is missing or empty (no furniture then)."""
    if "outlet" not in table:
        return np.zeros(len(table), dtype=np.uint64)
    keys: dict = {}
    values = []
    for outlet in table["outlet"].tolist():
        if outlet not in keys:
            name = outlet.strip() if isinstance(outlet, str) else ""
            keys[outlet] = _digest(name.encode("utf-8", "surrogatepass")) | 1 if name else 0
        values.append(keys[outlet])
    return np.array(values, dtype=np.uint64)


def _furniture_keys(
    fp_doc: np.ndarray, fp_hash: np.ndarray, outlets: np.ndarray, counted: np.ndarray, threshold: int
) -> np.ndarray:
    """Sorted keys of the (outlet, fingerprint) pairs held by ``threshold`` or more articles that
    ``counted`` marks (one flag an article, indexed by ``fp_doc``)."""
    keep = counted[fp_doc] & (outlets[fp_doc] != 0)
    keys, counts = np.unique(_furniture_key(outlets[fp_doc[keep]], fp_hash[keep]), return_counts=True)
    return keys[counts >= threshold]


def _furniture_key(outlets: np.ndarray, hashes: np.ndarray) -> np.ndarray:
    """One 64-bit key for an outlet and a shingle."""
    return _mix(hashes ^ outlets)


def _is_furniture(outlets: np.ndarray, hashes: np.ndarray, furniture: np.ndarray) -> np.ndarray:
    """Whether each (outlet, shingle) is furniture (``furniture`` is sorted)."""
    if furniture.size == 0 or hashes.size == 0:
        return np.zeros(hashes.size, dtype=bool)
    keys = _furniture_key(outlets, hashes)
    where = np.minimum(np.searchsorted(furniture, keys), furniture.size - 1)
    return furniture[where] == keys


def _dates(table: pd.DataFrame) -> np.ndarray:
    """The ``published`` column as datetime64[ns] (NaT where missing or absent)."""
    if "published" not in table:
        return np.full(len(table), np.datetime64("NaT"), dtype="datetime64[ns]")
    return pd.to_datetime(table["published"]).to_numpy(dtype="datetime64[ns]")


def _order(doc_ids: np.ndarray, published: np.ndarray, credited: np.ndarray | None = None) -> np.ndarray:
    """Rank of each article in publication order: dated articles by date, then undated ones;
    on the same date an article that credits another source (:func:`_credited`) after one that
    does not; remaining ties (and undated articles) by doc_id. This one order decides ``first``
    and ``earliest``."""
    undated = np.isnat(published)
    day = np.where(undated, np.datetime64(0, "ns"), published).astype(np.int64)
    ids = np.array([str(d) for d in doc_ids], dtype=object)
    credited = np.zeros(len(ids), dtype=bool) if credited is None else credited
    order = sorted(range(len(ids)), key=lambda i: (bool(undated[i]), int(day[i]), bool(credited[i]), ids[i]))
    rank = np.empty(len(ids), dtype=np.int64)
    rank[order] = np.arange(len(ids))
    return rank


def _credited(table: pd.DataFrame) -> np.ndarray:
    """Whether each article says it comes from another source: an ``agency`` that is not its outlet."""
    if "agency" not in table:
        return np.zeros(len(table), dtype=bool)
    agency = table["agency"].fillna("").astype(str).str.casefold()
    outlet = table["outlet"].fillna("").astype(str).str.casefold() if "outlet" in table else ""
    return ((agency != "") & (agency != outlet)).to_numpy()


def _representatives(exact: np.ndarray, rank: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each article, the earliest article with the same exact key (itself if none or no key).

    Returns:
        ``rep`` (index of the representative of each article) and the mask of
        articles that are representatives.
    """
    n = exact.size
    rep = np.arange(n, dtype=np.int64)
    keyed = np.flatnonzero(exact != 0)
    if keyed.size:
        by = keyed[np.lexsort((rank[keyed], exact[keyed]))]
        new_group = np.ones(by.size, dtype=bool)
        new_group[1:] = exact[by][1:] != exact[by][:-1]
        leader = by[np.maximum.accumulate(np.where(new_group, np.arange(by.size), 0))]
        rep[by] = leader
    return rep, rep == np.arange(n)


def _candidates(
    fp_doc: np.ndarray,
    fp_hash: np.ndarray,
    position: np.ndarray,
    is_new: np.ndarray,
    *,
    min_fingerprints: int,
    max_postings: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of articles (as indices) sharing at least ``min_fingerprints`` fingerprints.

    The holders of each fingerprint are put in ``position`` order (publication
    order; stored articles before new ones when adding), and each holder that
    is new is paired with every holder before it, or with the first holder
    only when more than ``max_postings`` articles hold it. Old articles pair
    with nothing by themselves, so only pairs involving a new article are
    made, each once.

    Returns:
        The indices of the two articles of each pair, the one earlier in
        ``position`` first, and the number of fingerprints they share.
    """
    order = np.lexsort((position[fp_doc], fp_hash))
    doc, hashes = fp_doc[order], fp_hash[order]
    n = doc.size
    if n == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    first = np.ones(n, dtype=bool)
    first[1:] = hashes[1:] != hashes[:-1]
    group_start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    group = np.cumsum(first) - 1
    size = np.bincount(group)[group]
    partners = np.arange(n) - group_start
    partners = np.where(size > max_postings, np.minimum(partners, 1), partners)
    partners[~is_new[doc]] = 0
    later = np.repeat(doc, partners)
    earlier = doc[_ranges(group_start, partners)]
    total = np.int64(position.size)
    keys, counts = np.unique(earlier * total + later, return_counts=True)
    enough = counts >= min_fingerprints
    keys = keys[enough]
    return keys // total, keys % total, counts[enough]


def _shared_counts(
    pointer: np.ndarray, shingles: np.ndarray, a: np.ndarray, b: np.ndarray, chunk: int = _PAIR_CHUNK
) -> np.ndarray:
    """The number of distinct shingles each pair (a[i], b[i]) has in common, in bounded chunks.

    The shingles of both articles of a pair are packed with the pair's number
    into one 64-bit key (the number in the top 24 bits, the top 40 bits of the
    shingle's hash below) and sorted once: a shingle the two share gives two
    equal keys. Two different shingles of one pair agree on 40 bits with a
    probability of about (size_a * size_b) / 2**40, a few in a hundred million
    for news articles.
    """
    counts = np.zeros(a.size, dtype=np.int64)
    la, lb = pointer[a + 1] - pointer[a], pointer[b + 1] - pointer[b]
    cumulative = np.cumsum(la + lb)
    start = 0
    while start < a.size:
        done = int(cumulative[start - 1]) if start else 0
        stop = int(np.searchsorted(cumulative, done + chunk, side="right"))
        stop = min(max(stop, start + 1), start + (1 << 23), a.size)
        pa, pb = a[start:stop], b[start:stop]
        values = np.concatenate(
            [shingles[_ranges(pointer[pa], la[start:stop])], shingles[_ranges(pointer[pb], lb[start:stop])]]
        )
        number = np.arange(stop - start, dtype=np.uint64)
        pair = np.concatenate([np.repeat(number, la[start:stop]), np.repeat(number, lb[start:stop])])
        keys = (pair << np.uint64(40)) | (values >> np.uint64(24))
        keys.sort()
        same = keys[1:][keys[1:] == keys[:-1]]
        counts[start:stop] = np.bincount((same >> np.uint64(40)).astype(np.int64), minlength=stop - start)
        start = stop
    return counts


@dataclass(frozen=True)
class _Options:
    """The parameters of :func:`copies`, passed along together."""

    k: int = K
    sample: int = SAMPLE
    min_fingerprints: int = MIN_FINGERPRINTS
    max_postings: int = MAX_POSTINGS
    min_containment: float = MIN_CONTAINMENT
    min_shared: int = MIN_SHARED
    furniture: int = FURNITURE

    def __post_init__(self) -> None:
        for name in ("k", "sample", "min_fingerprints", "max_postings", "min_shared", "furniture"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, not {getattr(self, name)!r}")
        if not 0 < self.min_containment <= 1:
            raise ValueError(f"min_containment must be in (0, 1], not {self.min_containment!r}")

    def is_copy(self, shared: np.ndarray, size_a: np.ndarray, size_b: np.ndarray) -> np.ndarray:
        """The thresholds: enough shingles in common, and enough of one article's shingles."""
        with np.errstate(divide="ignore", invalid="ignore"):
            larger = np.maximum(shared / np.maximum(size_a, 1), shared / np.maximum(size_b, 1))
        return (shared >= self.min_shared) & (larger >= self.min_containment)


class _Passages:
    """What two articles share, from their shingles in text order; token offsets are read from the
    text once per article that a copy involves."""

    def __init__(
        self, texts: Callable[[int], str], shingled: _Shingled, furniture: np.ndarray, options: _Options
    ) -> None:
        self.texts, self.shingled, self.furniture, self.options = texts, shingled, furniture, options
        self.cache: dict[int, np.ndarray] = {}
        # which shingles (in text order) are fingerprints that are furniture of their article's outlet
        self.furniture_at = np.zeros(shingled.rolled.size if furniture.size else 0, dtype=bool)
        if furniture.size:
            at = _ranges(shingled.starts, shingled.counts)
            outlets = np.repeat(shingled.outlets, shingled.counts)
            hashes = shingled.rolled[at]
            chosen = hashes % np.uint64(options.sample) == 0
            self.furniture_at[at[chosen]] = _is_furniture(outlets[chosen], hashes[chosen], furniture)

    def spans(self, i: int) -> np.ndarray:
        """(start, end) of each word token of article ``i`` (int32, one row per token)."""
        if i not in self.cache:
            pieces = _SPLIT.split(self.texts(i))  # text between words, word, text between, ...
            ends = np.cumsum(np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces)))
            word_ends = ends[1::2]
            word_starts = word_ends - np.fromiter(
                map(len, pieces[1::2]), dtype=np.int64, count=word_ends.size
            )
            self.cache[i] = np.stack([word_starts, word_ends], axis=1).astype(np.int32)
        return self.cache[i]

    def whole(self, i: int) -> tuple[int, int]:
        """Offsets of an article's text from its first word to its last."""
        spans = self.spans(i)
        return (int(spans[0, 0]), int(spans[-1, 1])) if spans.size else (0, 0)

    def compare(self, a: int, b: int) -> tuple[int, tuple[int, int, int, int]]:
        """What ``a`` and ``b`` share: the number of their distinct shingles that lie in shared
        passages that are furniture, and the offsets (a_start, a_end, b_start, b_end) of the
        longest shared passage that is not.

        A shared passage (a run of shingles in the same order in both) is
        furniture when at least half of its fingerprints are furniture of the
        outlet of a or of b.
        """
        shingled = self.shingled
        sa, sb = shingled.ordered(a), shingled.ordered(b)
        i, j, run_starts, run_lengths = _runs(sa, *shingled.distinct(b))
        if i.size == 0:
            return 0, (0, 0, 0, 0)
        flagged = np.zeros(run_starts.size, dtype=bool)
        removed = 0
        is_furniture = (
            self.furniture_at[shingled.starts[a] + i] | self.furniture_at[shingled.starts[b] + j]
            if self.furniture_at.size
            else None
        )
        if is_furniture is not None and is_furniture.any():
            hashes = sa[i]
            is_fp = hashes % np.uint64(self.options.sample) == 0
            n_fp = np.add.reduceat(is_fp.astype(np.int64), run_starts)
            n_furniture = np.add.reduceat(is_furniture.astype(np.int64), run_starts)
            flagged = (n_fp > 0) & (2 * n_furniture >= n_fp)
            removed = np.unique(hashes[np.repeat(flagged, run_lengths)]).size
        if flagged.all():
            return removed, (0, 0, 0, 0)
        best = int(np.argmax(np.where(flagged, -1, run_lengths)))
        i0, j0, length = _extended(
            sa, sb, int(i[run_starts[best]]), int(j[run_starts[best]]), int(run_lengths[best])
        )
        last = length + self.options.k - 2
        a_spans, b_spans = self.spans(a), self.spans(b)
        return removed, (
            int(a_spans[i0, 0]),
            int(a_spans[i0 + last, 1]),
            int(b_spans[j0, 0]),
            int(b_spans[j0 + last, 1]),
        )


def _runs(
    sa: np.ndarray, sorted_b: np.ndarray, first_b: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The shared runs of a shingle sequence ``sa`` and article b (its distinct shingles, sorted,
    and where each first occurs): positions i in ``sa`` whose shingle b has, its first position j
    in b, and where runs of consecutive (i, j) start and how long they are (indices into i and j)."""
    empty = np.empty(0, dtype=np.int64)
    if sa.size == 0 or sorted_b.size == 0:
        return empty, empty, empty, empty
    where = np.minimum(np.searchsorted(sorted_b, sa), sorted_b.size - 1)
    hit = sorted_b[where] == sa
    i = np.flatnonzero(hit)
    if i.size == 0:
        return empty, empty, empty, empty
    j = first_b[where[hit]].astype(np.int64)
    breaks = np.flatnonzero((np.diff(i) != 1) | (np.diff(j) != 1)) + 1
    run_starts = np.concatenate(([0], breaks))
    return i, j, run_starts, np.diff(np.concatenate((run_starts, [i.size])))


def _extended(sa: np.ndarray, sb: np.ndarray, i0: int, j0: int, length: int) -> tuple[int, int, int]:
    """A shared run grown both ways while the sequences agree (mends a run that a repeated shingle,
    matched to its first occurrence, had split)."""
    if i0 and j0 and sa[i0 - 1] == sb[j0 - 1]:
        back = _agreeing(sa[:i0][::-1], sb[:j0][::-1])
        i0, j0, length = i0 - back, j0 - back, length + back
    if i0 + length < sa.size and j0 + length < sb.size and sa[i0 + length] == sb[j0 + length]:
        length += _agreeing(sa[i0 + length :], sb[j0 + length :])
    return i0, j0, length


def _agreeing(x: np.ndarray, y: np.ndarray) -> int:
    """How many leading elements of ``x`` and ``y`` are equal."""
    n = min(x.size, y.size)
    differ = np.flatnonzero(x[:n] != y[:n])
    return int(differ[0]) if differ.size else n


def _check_documents(documents: pd.DataFrame) -> None:
    """Raise ValueError when a column is missing or doc_ids repeat."""
    missing = [c for c in ("doc_id", "text") if c not in documents]
    if missing:
        raise ValueError(f"the documents table has no column {', '.join(missing)}")
    if documents["doc_id"].duplicated().any():
        repeated = documents.loc[documents["doc_id"].duplicated(), "doc_id"].iloc[0]
        raise ValueError(f"doc_id {repeated!r} occurs more than once in the documents table")


def copies(
    documents: pd.DataFrame,
    *,
    k: int = K,
    sample: int = SAMPLE,
    min_fingerprints: int = MIN_FINGERPRINTS,
    max_postings: int = MAX_POSTINGS,
    min_containment: float = MIN_CONTAINMENT,
    min_shared: int = MIN_SHARED,
    furniture: int = FURNITURE,
) -> pd.DataFrame:
    """Pairs of articles where one copies the other, wholly or in part.

    Args:
        documents: The documents table: ``doc_id``, ``text`` and, when known,
            ``published`` (datetime64, may be NaT) and ``outlet``.
        k: Words per shingle.
        sample: One shingle in ``sample`` (by its hash) is a fingerprint.
        min_fingerprints: Candidates share at least this many fingerprints.
        max_postings: A fingerprint of more articles than this pairs each with
            the earliest only.
        min_containment: A copy has at least this share of one article's
            distinct shingles in the other (in practice, of the shorter one).
        min_shared: ... and at least this many distinct shingles in common.
        furniture: A fingerprint in at least this many articles of one outlet
            is that outlet's furniture (see the module's docstring).

    Returns:
        One row per pair, with columns :data:`COPY_COLUMNS`, sorted by doc_a
        and doc_b. ``doc_a`` is the one published first, also given as
        ``first`` (dated before undated; equal dates and two undated articles
        by doc_id). ``similarity`` is the Jaccard similarity of the two sets of
        distinct shingles, ``containment_a`` the share of a's shingles found in
        b and ``containment_b`` the reverse (shared furniture left out of all
        three); ``text[a_start:a_end]`` of a and ``text[b_start:b_end]`` of b
        are the longest passage they share (from its first word to its last)
        and ``shared_chars`` is its length in a's text: the longest passage,
        not all shared passages. Exact copies are paired with the earliest of
        their group only.
    """
    options = _Options(k, sample, min_fingerprints, max_postings, min_containment, min_shared, furniture)
    _check_documents(documents)
    shingled = _shingle(documents, k, sample)
    rank = _order(shingled.doc_ids, shingled.published, _credited(documents))
    rep, is_rep = _representatives(shingled.exact, rank)
    a, b, furniture_keys = _candidate_pairs(
        shingled.fp_doc,
        shingled.fp_hash,
        shingled.outlets,
        rank,
        np.ones(rank.size, dtype=bool),
        is_rep,
        np.bincount(shingled.fp_doc, minlength=rank.size),
        options,
    )
    copied = np.flatnonzero(~is_rep)
    texts = documents["text"].tolist()
    passages = _Passages(_text_getter(texts), shingled, furniture_keys, options)
    rows = _exact_rows(rep[copied], copied, shingled.doc_ids, rank, passages)
    return _table([rows, _verified(a, b, shingled, rank, passages, options)])


def _candidate_pairs(
    fp_doc: np.ndarray,
    fp_hash: np.ndarray,
    outlets: np.ndarray,
    position: np.ndarray,
    is_new: np.ndarray,
    is_rep: np.ndarray,
    n_fingerprints: np.ndarray,
    options: _Options,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate pairs of representatives, and the furniture keys.

    Fingerprints of exact copies other than their group's representative are
    left out, so are each outlet's furniture. A candidate must also share
    enough fingerprints to make the containment asked for plausible: at
    least half of ``min_containment`` of the fingerprints of the article with
    fewer (the fingerprints are a random sample of the shingles, so their
    share estimates the containment; half leaves room for the sample's noise).

    Returns:
        (a, b, furniture keys), a and b indices with a earlier in ``position``.
    """
    counted = is_rep[fp_doc]
    furniture = _furniture_keys(fp_doc, fp_hash, outlets, is_rep, options.furniture)
    keep = counted & ~_is_furniture(outlets[fp_doc], fp_hash, furniture)
    a, b, shared = _candidates(
        fp_doc[keep],
        fp_hash[keep],
        position,
        is_new,
        min_fingerprints=options.min_fingerprints,
        max_postings=options.max_postings,
    )
    likely = 2 * shared >= options.min_containment * np.minimum(n_fingerprints[a], n_fingerprints[b])
    return a[likely], b[likely], furniture


def _text_getter(texts: list) -> Callable[[int], str]:
    """Article i's text, or "" where the cell is not a string (missing text)."""
    return lambda i: texts[i] if isinstance(texts[i], str) else ""


def _oriented(i: int, j: int, rank: np.ndarray) -> tuple[int, int]:
    """The two articles, the one published first (lower rank) first."""
    return (i, j) if rank[i] <= rank[j] else (j, i)


def _exact_rows(
    reps: np.ndarray, members: np.ndarray, doc_ids: np.ndarray, rank: np.ndarray, passages: _Passages
) -> list[tuple]:
    """A row for each exact copy and the representative of its group: the whole texts are shared."""
    rows = []
    for r, m in zip(reps.tolist(), members.tolist(), strict=True):
        i, j = _oriented(r, m, rank)
        a0, a1 = passages.whole(i)
        b0, b1 = passages.whole(j)
        rows.append((doc_ids[i], doc_ids[j], 1.0, 1.0, 1.0, a1 - a0, a0, a1, b0, b1, doc_ids[i]))
    return rows


def _verified(
    a: np.ndarray,
    b: np.ndarray,
    shingled: _Shingled,
    rank: np.ndarray,
    passages: _Passages,
    options: _Options,
) -> list[tuple]:
    """The candidate pairs that pass the thresholds, furniture left out, as copies rows."""
    shared = _shared_counts(shingled.pointer, shingled.shingles, a, b)
    size_a = shingled.pointer[a + 1] - shingled.pointer[a]
    size_b = shingled.pointer[b + 1] - shingled.pointer[b]
    rows = []
    doc = shingled.doc_ids
    for x in np.flatnonzero(options.is_copy(shared, size_a, size_b)).tolist():
        i, j = _oriented(int(a[x]), int(b[x]), rank)
        removed, (a0, a1, b0, b1) = passages.compare(i, j)
        common = shared[x] - removed
        ni, nj = (size_a[x], size_b[x]) if i == a[x] else (size_b[x], size_a[x])
        ni, nj = ni - removed, nj - removed
        if common < options.min_shared or common < options.min_containment * max(min(ni, nj), 1):
            continue
        similarity = common / (ni + nj - common)
        rows.append((doc[i], doc[j], similarity, common / ni, common / nj, a1 - a0, a0, a1, b0, b1, doc[i]))
    return rows


def _table(parts: Iterable[list[tuple]]) -> pd.DataFrame:
    """The copies table of lists of row tuples."""
    table = pd.DataFrame([row for part in parts for row in part], columns=COPY_COLUMNS)
    table = table.astype({c: object for c in ("doc_a", "doc_b", "first")})
    table = table.astype({c: float for c in ("similarity", "containment_a", "containment_b")})
    table = table.astype({c: np.int64 for c in ("shared_chars", "a_start", "a_end", "b_start", "b_end")})
    return table.sort_values(["doc_a", "doc_b"], ignore_index=True)


def signatures(documents: pd.DataFrame, *, k: int = K, sample: int = SAMPLE) -> pd.DataFrame:
    """What :func:`new_copies` needs to know of an article once it is stored: one row per article.

    Columns :data:`SIGNATURE_COLUMNS`: ``doc_id``, ``published``, ``outlet``,
    ``n_words``, ``n_shingles`` (distinct), ``exact`` (the exact-copy key as a
    signed 64-bit integer, 0 for an article of fewer than ``k`` words) and
    ``fingerprints`` (a list of signed 64-bit integers): plain types, so the
    table goes to Parquet as it is (about 2 bytes per word of text).
    Signatures compare only when made with the same ``k`` and ``sample``.
    """
    _check_documents(documents)
    shingled = _shingle(documents, k, sample)
    bounds = np.searchsorted(shingled.fp_doc, np.arange(len(documents) + 1))
    values = shingled.fp_hash.view(np.int64)
    return pd.DataFrame(
        {
            "doc_id": documents["doc_id"].to_numpy(dtype=object),
            "published": shingled.published,
            "outlet": _column(documents, "outlet"),
            "n_words": shingled.n_words,
            "n_shingles": np.diff(shingled.pointer),
            "exact": shingled.exact.view(np.int64),
            "fingerprints": [values[bounds[i] : bounds[i + 1]].copy() for i in range(len(documents))],
        },
        columns=SIGNATURE_COLUMNS,
    )


def new_copies(
    stored: pd.DataFrame,
    documents: pd.DataFrame,
    old_texts: pd.DataFrame | Callable[[list[str]], pd.DataFrame],
    *,
    k: int = K,
    sample: int = SAMPLE,
    min_fingerprints: int = MIN_FINGERPRINTS,
    max_postings: int = MAX_POSTINGS,
    min_containment: float = MIN_CONTAINMENT,
    min_shared: int = MIN_SHARED,
    furniture: int = FURNITURE,
) -> pd.DataFrame:
    """The copies that new articles make with each other and with stored ones, and no others.

    Args:
        stored: :func:`signatures` of the articles already stored (made with
            the same ``k`` and ``sample``): of all of them, or only of those
            that share an exact key or a fingerprint with a new article, which
            gives the same result (the others can neither pair with a new
            article nor change its pairs, furniture included). A stored row
            whose doc_id is among the new documents is taken as replaced by it.
        documents: The new articles (``doc_id``, ``text``; ``published`` and
            ``outlet`` when known).
        old_texts: The stored articles' texts, to verify candidates: a table
            with ``doc_id`` and ``text`` holding at least the ones asked for,
            or a function that takes a list of doc_ids and returns such a
            table, so that only the candidates' texts are read.
        k, sample, min_fingerprints, max_postings, min_containment, min_shared, furniture:
            As for :func:`copies`.

    Returns:
        The rows of :func:`copies` that involve at least one new article
        (furniture counted over stored and new articles together). A new
        exact copy of stored articles is paired with the earliest of them, so
        that it joins their story. Appended to the stored copies table, the
        result gives the stories that :func:`copies` of all the articles
        gives, but for stored pairs joined by text that the new articles make
        furniture (see the module's docstring).
    """
    options = _Options(k, sample, min_fingerprints, max_postings, min_containment, min_shared, furniture)
    _check_documents(documents)
    stored = stored[~stored["doc_id"].isin(documents["doc_id"])].reset_index(drop=True)
    new = _shingle(documents, k, sample)
    n_old, n_all = len(stored), len(stored) + len(documents)
    doc_ids = np.concatenate([stored["doc_id"].to_numpy(dtype=object), new.doc_ids])
    credited = np.concatenate([_credited(stored), _credited(documents)])
    rank = _order(doc_ids, np.concatenate([_dates(stored), new.published]), credited)
    exact = np.concatenate([stored["exact"].to_numpy(dtype=np.int64).view(np.uint64), new.exact])
    partner = _exact_partners(exact, rank, n_old)
    old_doc, old_hash = _stored_fingerprints(stored, new.fp_hash)
    n_fingerprints = np.concatenate([stored["fingerprints"].map(len).to_numpy(dtype=np.int64),
                                     np.bincount(new.fp_doc, minlength=len(documents))])  # fmt: skip
    is_new = np.arange(n_all) >= n_old
    a, b, furniture_keys = _candidate_pairs(
        np.concatenate([old_doc, new.fp_doc + n_old]),
        np.concatenate([old_hash, new.fp_hash]),
        np.concatenate([_outlet_keys(stored), new.outlets]),
        rank + is_new * np.int64(n_all),  # stored articles first, so that pairs of two are never made
        is_new,
        partner < 0,
        n_fingerprints,
        options,
    )
    copied = np.flatnonzero((partner >= 0) & is_new)
    involved = np.unique(np.concatenate([a, b, copied, partner[copied]]))
    local = np.full(n_all, -1, dtype=np.int64)
    local[involved] = np.arange(involved.size)
    subset = _subset(doc_ids, involved, n_old, stored, documents, old_texts)
    shingled = _shingle(subset, k, sample)
    sub_rank = rank[involved]
    passages = _Passages(_text_getter(subset["text"].tolist()), shingled, furniture_keys, options)
    rows = _exact_rows(local[partner[copied]], local[copied], shingled.doc_ids, sub_rank, passages)
    return _table([rows, _verified(local[a], local[b], shingled, sub_rank, passages, options)])


def _exact_partners(exact: np.ndarray, rank: np.ndarray, n_old: int) -> np.ndarray:
    """For each article, the article its exact-copy row pairs it with, or -1 for a representative.

    Stored articles were paired before: each stored group keeps its earliest
    stored article as representative. A new article whose key a stored
    article has pairs with that representative; otherwise with the earliest
    new article of its key, or with none when it is that article.
    """
    partner = np.full(exact.size, -1, dtype=np.int64)
    old_rep, old_is_rep = _representatives(exact[:n_old], rank[:n_old])
    partner[:n_old][~old_is_rep] = old_rep[~old_is_rep]
    leaders = {int(exact[i]): i for i in np.flatnonzero(old_is_rep & (exact[:n_old] != 0)).tolist()}
    new_rep, new_is_rep = _representatives(exact[n_old:], rank[n_old:])
    for x in range(exact.size - n_old):
        old = leaders.get(int(exact[n_old + x])) if exact[n_old + x] else None
        if old is not None:
            partner[n_old + x] = old
        elif not new_is_rep[x]:
            partner[n_old + x] = n_old + new_rep[x]
    return partner


def _stored_fingerprints(stored: pd.DataFrame, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(article index, fingerprint) of stored articles, for the fingerprints in ``wanted`` only."""
    lists = stored["fingerprints"].tolist()
    sizes = np.array([len(x) for x in lists], dtype=np.int64)
    if not sizes.sum():
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.uint64)
    values = np.concatenate([np.asarray(x, dtype=np.int64) for x in lists]).view(np.uint64)
    doc = np.repeat(np.arange(len(lists), dtype=np.int64), sizes)
    keep = np.isin(values, wanted)
    return doc[keep], values[keep]


def _subset(
    doc_ids: np.ndarray,
    involved: np.ndarray,
    n_old: int,
    stored: pd.DataFrame,
    documents: pd.DataFrame,
    old_texts: pd.DataFrame | Callable[[list[str]], pd.DataFrame],
) -> pd.DataFrame:
    """doc_id, published, outlet and text of the ``involved`` articles (indices into stored + new)."""
    old = involved[involved < n_old]
    new = involved[involved >= n_old] - n_old
    wanted = doc_ids[old].tolist()
    table = old_texts(wanted) if callable(old_texts) else old_texts
    texts = dict(zip(table["doc_id"].tolist(), table["text"].tolist(), strict=True))
    missing = [d for d in wanted if d not in texts]
    if missing:
        raise ValueError(f"old_texts has no text for stored article {missing[0]!r}")
    return pd.DataFrame(
        {
            "doc_id": doc_ids[involved],
            "published": np.concatenate([_dates(stored)[old], _dates(documents)[new]]),
            "outlet": _column(stored, "outlet")[old].tolist() + _column(documents, "outlet")[new].tolist(),
            "text": [texts[d] for d in wanted] + documents["text"].iloc[new].tolist(),
        }
    )


def _column(table: pd.DataFrame, name: str) -> np.ndarray:
    """A column as an object array, or Nones when the table has no such column."""
    return table[name].to_numpy(dtype=object) if name in table else np.full(len(table), None, dtype=object)


def story_of(stories: pd.DataFrame) -> dict:
    """doc_id -> story_id, for every document of the :func:`stories` table."""
    pairs = zip(stories["story_id"], stories["documents"], strict=True)
    return {doc: story for story, docs in pairs for doc in docs}


def stories(documents: pd.DataFrame, copies: pd.DataFrame) -> pd.DataFrame:
    """The stories: groups of articles joined by copies, one row each, every article in exactly one.

    A story is a connected component of the copy pairs: if b copies a and c
    copies b, a, b and c are one story even when c shares little with a.
    Most articles copy nothing and are a story alone.

    Args:
        documents: The documents table (``doc_id``; ``published`` and
            ``outlet`` when known).
        copies: The :func:`copies` table of those documents (with, when
            adding, the :func:`new_copies` rows).

    Returns:
        Columns :data:`STORY_COLUMNS`: ``story_id`` (the doc_id of its
        earliest document, so a story keeps its id as copies are added,
        unless an earlier copy arrives), ``documents`` (the doc_ids in
        publication order), ``n_documents``, ``earliest`` (doc_id),
        ``earliest_outlet``, ``n_outlets`` (distinct known outlets). Rows in
        publication order of their earliest document.

    Raises:
        ValueError: a copy names a doc_id that is not in ``documents``.
    """
    _check_documents(documents.assign(text=""))
    doc_ids = documents["doc_id"].to_numpy(dtype=object)
    index = {d: i for i, d in enumerate(doc_ids.tolist())}
    unknown = [d for d in (*copies["doc_a"], *copies["doc_b"]) if d not in index]
    if unknown:
        raise ValueError(f"copies name doc_id {unknown[0]!r}, which is not in the documents table")
    root = components(len(doc_ids), [index[d] for d in copies["doc_a"]], [index[d] for d in copies["doc_b"]])
    table = pd.DataFrame(
        {
            "root": root,
            "rank": _order(doc_ids, _dates(documents), _credited(documents)),
            "doc_id": doc_ids,
            "outlet": _column(documents, "outlet"),
        }
    ).sort_values("rank")
    grouped = table.groupby("root", sort=False)
    result = pd.DataFrame(
        {
            "story_id": grouped["doc_id"].first(),
            "documents": grouped["doc_id"].agg(list),
            "n_documents": grouped.size(),
            "earliest": grouped["doc_id"].first(),
            "earliest_outlet": grouped["outlet"].agg(lambda s: s.iloc[0]),
            "n_outlets": grouped["outlet"].nunique(),
        }
    )
    return result.reset_index(drop=True)[STORY_COLUMNS]


def components(n: int, a: list[int], b: list[int]) -> np.ndarray:
    """The root of each of ``n`` nodes in the graph of edges (a[i], b[i]): union-find, path halving."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in zip(a, b, strict=True):
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)
    return np.array([find(x) for x in range(n)], dtype=np.int64)


def story_ids(documents: pd.DataFrame, copies: pd.DataFrame) -> pd.Series:
    """The story of each document (the doc_id of the story's earliest document), aligned with ``documents``.

    This is the ``story_id`` column of the documents table, which
    :func:`newslens.load_corpus` and the store fill in, and on which
    :func:`weights` counts stories.
    """
    story = story_of(stories(documents, copies))
    return pd.Series([story[d] for d in documents["doc_id"].tolist()], index=documents.index,
                     name="story_id", dtype=object)  # fmt: skip


def check_count(count: str) -> str:
    """``count`` once it is one of :data:`COUNTS`.

    Raises:
        ValueError: naming the values allowed.
    """
    if count not in COUNTS:
        raise ValueError(f"count must be one of {', '.join(COUNTS)}, not {count!r}")
    return count


def weights(documents: pd.DataFrame, *, count: str = "copies", groups: pd.Series | None = None) -> pd.Series:
    """The weight of each document when counting copies or stories: the one switch analyses share.

    With ``count="copies"`` every document weighs 1, every copy counts (the
    default of every analysis). With ``count="stories"`` a document weighs 1
    divided by the number of documents of its story (``story_id``) in its
    group, so that each story counts once per group whatever the number of
    outlets that ran it: a wire story run by five outlets in March adds 1 to
    March, not 5; by outlet, it adds 1 to each outlet that ran it. Term
    counts, tone averages and shares multiplied by these weights count stories.

    Args:
        documents: The documents table (``doc_id``; ``story_id`` to count stories).
        count: ``"copies"`` or ``"stories"``.
        groups: The group of each document (outlet, month ...), aligned with
            ``documents``; None for the whole corpus as one group.

    Returns:
        A float Series named ``weight``, indexed by doc_id.

    Raises:
        ValueError: an unknown ``count``, or stories asked of a table without ``story_id``.
    """
    check_count(count)
    index = pd.Index(documents["doc_id"], name="doc_id")
    if count == "copies":
        return pd.Series(1.0, index=index, name="weight")
    if "story_id" not in documents:
        raise ValueError(
            "counting stories needs the documents table's story_id column (newslens.load_corpus fills it; "
            "for another table, add duplicates.story_ids(documents, duplicates.copies(documents)))"
        )
    story = documents["story_id"].fillna(documents["doc_id"])
    keys = [story] if groups is None else [story, groups.fillna("")]
    size = documents.groupby(keys, dropna=False)["doc_id"].transform("size")
    return pd.Series(1.0 / size.to_numpy(dtype=float), index=index, name="weight")


#: How a chart or table says what it counted (see :func:`counted`).
COUNT_NOTES = {
    "copies": "Every article counts, copies of one text included.",
    "stories": "Each story counts once: copies of one text are weighed as one.",
}


def sql_weight(count: str, group: str) -> str:
    """:func:`weights` in SQL, an expression over ``d`` (documents): the integer 1 when counting
    copies, so counts stay integers; counting stories, one over the documents of the same story
    in the same ``group``."""
    if check_count(count) == "copies":
        return "1"
    return f"1.0 / count(*) OVER (PARTITION BY d.story_id, {group.replace('t.doc_id', 'd.doc_id')})"


def sql_weights(count: str, group: str) -> str:
    """A CTE ``w``: each document's weight (:func:`sql_weight`) and counting unit (:func:`sql_unit`)."""
    weight, unit = sql_weight(count, group), sql_unit(count)
    return f"w AS (SELECT d.doc_id, {weight} AS weight, {unit} AS unit_id FROM documents d)"


def sql_unit(count: str) -> str:
    """What one counting unit is, over ``d`` (documents): an article, or a story."""
    return "d.doc_id" if count == "copies" else "d.story_id"


def sql_total(column: str, count: str, *, where: str = "") -> str:
    """The sum of a weighted column (of the rows ``where`` holds): an integer when counting copies;
    counting stories, a sum of decimals (exact, so the same in any order of addition, as a parallel
    sum's order is not) rounded to 9 places."""
    value = column if count == "copies" else f"{column}::DECIMAL(38, 12)"
    total = f"coalesce(sum({value}) FILTER (WHERE {where}), 0)" if where else f"sum({value})"
    return f"({total})::BIGINT" if count == "copies" else f"round({total}, 9)::DOUBLE"


def counted(table: pd.DataFrame, count: str) -> pd.DataFrame:
    """``table`` marked with what it counted (``table.attrs["count"]``), so that a chart says so."""
    table.attrs["count"] = check_count(count)
    return table


def row_weights(
    table: pd.DataFrame, documents: pd.DataFrame | None, *, count: str, groups: pd.Series | None = None
) -> pd.Series | None:
    """:func:`weights` for each row of a table with ``doc_id`` (tokens, sentences, quotations), or
    None when counting copies: every row counts 1, and integer counts stay integers.

    Raises:
        ValueError: an unknown ``count``, or stories asked without a documents table.
    """
    if check_count(count) == "copies":
        return None
    if documents is None:
        raise ValueError("counting stories needs the documents table (its story_id column)")
    return table["doc_id"].map(weights(documents, count=count, groups=groups)).fillna(1.0)


# --- who republishes whom -----------------------------------------------------------------------------


def _earliest(documents: pd.DataFrame) -> pd.DataFrame:
    """The documents with their story's earliest document's outlet and agency (``source_*`` columns)."""
    _check_story_ids(documents)
    first = documents.set_index("doc_id")
    agency = first["agency"] if "agency" in first else pd.Series("", index=first.index)
    story = documents["story_id"].fillna(documents["doc_id"])
    return documents.assign(
        story_id=story,
        source_outlet=story.map(first["outlet"]).fillna(documents["outlet"]),
        source_agency=story.map(agency.fillna("")).fillna(""),
        own_agency=documents["agency"].fillna("") if "agency" in documents else "",
    )


def _check_story_ids(documents: pd.DataFrame) -> None:
    if "story_id" not in documents:
        raise ValueError("the documents table has no story_id column (newslens.load_corpus fills it)")


def republishing(documents: pd.DataFrame) -> pd.DataFrame:
    """Who republishes whom: articles of each outlet that run another source's text.

    An article is republished from a source when it copies an earlier article
    of its story (the source is the agency that earliest article credits, else
    its outlet), or when it credits an agency itself ("(Reuters)", "/PRNewswire/",
    "Source: Xinhua": the ``agency`` column), even if the agency's own copy is
    not in the corpus. An outlet re-running its own text is not counted.

    Returns:
        Columns source, republisher (the outlet), articles, by ("copied text",
        "credit" or both, "; "-joined); most articles first.
    """
    table = _earliest(documents)
    copied = table["doc_id"] != table["story_id"]
    source = table["source_agency"].where(table["source_agency"] != "", table["source_outlet"])
    source = source.where(copied, table["own_agency"])
    by = pd.Series("copied text", index=table.index).where(copied, "credit")
    keep = (source != "") & (source.str.casefold() != table["outlet"].str.casefold())
    rows = pd.DataFrame({"source": source, "republisher": table["outlet"], "by": by})[keep]
    columns = ["source", "republisher", "articles", "by"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    grouped = rows.groupby(["source", "republisher"])
    result = (
        grouped.size()
        .rename("articles")
        .to_frame()
        .join(grouped["by"].agg(lambda b: "; ".join(sorted(set(b)))))
    )
    result = result.reset_index().sort_values(
        ["articles", "source", "republisher"], ascending=[False, True, True]
    )
    return result[columns].reset_index(drop=True)


def stories_by_outlet(documents: pd.DataFrame) -> pd.DataFrame:
    """How many distinct stories each outlet's articles tell, and how many are copies.

    Returns:
        Columns outlet, articles, stories (distinct story_ids), first (articles
        that are the earliest of their story: the outlet's own, or the first to
        run it), copies (articles that copy an earlier one), share_stories
        (stories / articles); most articles first.
    """
    table = _earliest(documents)
    table = table.assign(first=table["doc_id"] == table["story_id"])
    grouped = table.groupby("outlet")
    result = pd.DataFrame(
        {
            "articles": grouped.size(),
            "stories": grouped["story_id"].nunique(),
            "first": grouped["first"].sum().astype(int),
        }
    )
    result["copies"] = result["articles"] - result["first"]
    result["share_stories"] = result["stories"] / result["articles"]
    result = result.reset_index().sort_values(["articles", "outlet"], ascending=[False, True])
    return result.reset_index(drop=True)
