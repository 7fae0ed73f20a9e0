"""Development set and scorer for :mod:`newslens.duplicates` (copies, stories), with timings.

Run ``python benchmarks/duplicates_dev.py [CORPORA] [--quick]`` (``make bench``
runs it), where CORPORA holds ``bbc/``, ``reuters21578/reuters21578.jsonl``
and ``wikinews/wikinews_20{19,20}.csv`` (default ``../shared/corpora``). The
corpora are read at run time and nothing of them is written anywhere: the
copies below are made in memory.

The development set (seeded, so every run makes the same one):

* **copies** of BBC, Reuters and Wikinews articles made with the edits that
  republishing makes: a new headline, a new intro paragraph, a site footer,
  the last paragraphs trimmed, paragraphs reordered, and 5-20% of the words
  changed (runs of 1-3 words replaced, deleted or inserted). Each copy knows
  how much of it is the original's words, unchanged: the *shared* share of
  the shorter text. Recall is reported for copies sharing at least half
  (the target, >= 0.95) and, apart, for partial reuse below that;
* **Reuters-21578's own repeated stories**: bodies that are the same word for
  word, and items with the same headline within a day that an independent
  judge (difflib's alignment of the two word sequences) finds sharing at
  least half of the shorter text;
* **hard negatives**: pairs of different articles about the same things:
  BBC articles of the same category, Reuters articles of the same topic and
  Wikinews articles, each pair naming at least two of the same capitalised
  names ("Tony Blair", "Federal Reserve"), which the judge finds sharing less
  than a tenth of the shorter text (the pairs it finds sharing more, BBC's
  own duplicates and Reuters items on one template, are shown but counted
  in neither recall nor precision);
* **formulaic series**, reported apart: Reuters items with the same headline
  on different days ("FED ADDS RESERVES VIA CUSTOMER REPURCHASES"), the same
  template with new figures. Word for word they are mostly the same text;
  whether they are "copies" is a question of definition, so they count in
  neither precision nor recall, and the share flagged is shown.

A pair is predicted a copy when :func:`newslens.duplicates.stories` puts both
articles in one story (so a wrong merge through a chain counts against
precision). Pair precision is over the labelled pairs (positives and hard
negatives). Every flagged pair outside the labelled ones is audited with the
judge too. The candidate step is compared with MinHash + LSH over the same
shingles (numpy, 128 permutations in 32 bands of 4 rows, or 64 bands of 2).
Finally the timing of 100,000 articles (BBC and Reuters, then republished by
other sites with up to a tenth of the words changed), and of adding 1,000
articles to the signatures of the 99,000 others.
"""

from __future__ import annotations

import csv
import difflib
import itertools
import json
import random
import re
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

from newslens import duplicates

SEED = 20240601
COPIES = "copy, shares >= 1/2"
REPEATS = ("Reuters repeated word for word", "Reuters repeated, same headline within a day")
SCALE = 100_000
NAME = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b")
WORDS = re.compile(r"\w+")
SITES = 40
#: Footers of made-up sites (written here, not taken from any corpus); {site} is the site's name.
FOOTERS = [
    "Copyright 2024 {site}. All rights reserved. This article may not be reproduced without the written "
    "permission of the publisher.",
    "Follow {site} on social media and sign up for our daily newsletter to get the top stories in your "
    "inbox every morning.",
    "This report was produced with material from wire services. Have a story tip? Write to our newsroom "
    "at the address on our contact page.",
    "Read more: our coverage of the economy, politics and the world, updated through the day by our "
    "editors in three continents.",
]


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    corpora = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared" / "corpora"
    if not (corpora / "bbc").is_dir():
        sys.exit(f"duplicates_dev: no corpora at {corpora} (give the folder holding bbc/ and reuters21578/)")
    rng = random.Random(SEED)
    originals = read_originals(corpora)
    print(f"originals: {len(originals):,} articles (BBC, Reuters-21578 bodies, Wikinews)")
    made, made_truth = make_copies(originals, rng)
    documents = pd.concat([originals, made], ignore_index=True)
    labels = label_pairs(originals, made_truth, rng)
    started = time.perf_counter()
    found = duplicates.copies(documents)
    elapsed = time.perf_counter() - started
    grouped = duplicates.stories(documents, found)
    print(
        f"copies() on {len(documents):,} articles: {elapsed:.1f} s, {len(found):,} pairs, "
        f"{len(grouped):,} stories"
    )
    score(labels, found, grouped)
    audit(found, labels, documents)
    compare_candidates(documents, labels)
    if "--quick" not in sys.argv:
        scale(originals, rng)


# --- the corpora -------------------------------------------------------------------------------------------


def read_originals(corpora: Path) -> pd.DataFrame:
    """BBC, Reuters-21578 (bodies) and Wikinews as one documents table with a ``group`` column."""
    rows = []
    for path in sorted((corpora / "bbc").glob("*/*.txt")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        rows.append(
            (f"bbc-{path.parent.name}-{path.stem}", "BBC", pd.NaT, text, f"bbc:{path.parent.name}", "")
        )
    with open(corpora / "reuters21578" / "reuters21578.jsonl", encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            if item.get("body", "").strip():
                topic = item["topics"][0] if item["topics"] else ""
                rows.append(
                    (f"reu-{item['id']}", "Reuters", pd.Timestamp(item["date"]), item["body"], f"reu:{topic}",
                     item["title"].strip().upper())
                )  # fmt: skip
    for year in (2019, 2020):
        with open(corpora / "wikinews" / f"wikinews_{year}.csv", encoding="utf-8", newline="") as handle:
            for i, item in enumerate(csv.DictReader(handle)):
                rows.append(
                    (f"wn-{year}-{i}", "Wikinews", pd.Timestamp(item["date"]), item["text"], "wn", "")
                )
    table = pd.DataFrame(rows, columns=["doc_id", "outlet", "published", "text", "group", "title"])
    table["published"] = pd.to_datetime(table["published"])
    return table


def paragraphs(text: str) -> list[str]:
    """Paragraphs: blank-line separated (BBC, Wikinews) or indented lines (Reuters)."""
    parts = re.split(r"\n\s*\n|\n {2,}", text.strip())
    return [re.sub(r"\s+", " ", p).strip() for p in parts if p.strip()]


# --- copies with edits -------------------------------------------------------------------------------------


def make_copies(originals: pd.DataFrame, rng: random.Random) -> tuple[pd.DataFrame, list[tuple]]:
    """Copies of sampled originals with realistic edits: (documents, [(original, copy, shared, recipe)])."""
    vocabulary = [w for text in originals["text"].sample(3000, random_state=SEED) for w in text.split()]
    pools = {
        "BBC": originals.index[originals["outlet"] == "BBC"].tolist(),
        "Reuters": originals.index[
            (originals["outlet"] == "Reuters") & (originals["text"].str.split().str.len() >= 40)
        ].tolist(),
        "Wikinews": originals.index[originals["outlet"] == "Wikinews"].tolist(),
    }
    counts = {"BBC": 700, "Reuters": 700, "Wikinews": 150}
    # most sites print their own footer under every article; some print none
    footers = [FOOTERS[s % len(FOOTERS)].format(site=f"Site {s}") if s % 5 else "" for s in range(SITES)]
    rows, truth = [], []
    for outlet, pool in pools.items():
        for n, index in enumerate(rng.sample(pool, counts[outlet])):
            original = originals.loc[index]
            site = rng.randrange(SITES)
            text, shared, recipe = edited_copy(original["text"], vocabulary, rng, footer=footers[site])
            doc_id = f"copy-{outlet.lower()}-{n}"
            days = rng.choice([0, 0, 1, 2, 7])
            published = original["published"] + pd.Timedelta(days=days) if days else original["published"]
            rows.append((doc_id, f"Site {site}", published, text, "copy", ""))
            truth.append((original["doc_id"], doc_id, shared, recipe))
    table = pd.DataFrame(rows, columns=["doc_id", "outlet", "published", "text", "group", "title"])
    table["published"] = pd.to_datetime(table["published"])
    return table, truth


def edited_copy(
    text: str, vocabulary: list[str], rng: random.Random, footer: str = ""
) -> tuple[str, float, str]:
    """A republished copy of ``text``: (copy, share of the shorter text that is unchanged original, recipe).

    The site's ``footer`` ends every copy it prints.
    """
    parts = [[(w, True) for w in p.split()] for p in paragraphs(text)]
    recipe = []
    if rng.random() < 0.15:  # partial reuse: one or two paragraphs inside an article of the site's own
        start = rng.randrange(len(parts))
        parts = parts[start : start + rng.choice([1, 2])]
        own = rng.randint(150, 400)
        parts = [_invented(own // 2, vocabulary, rng), *parts, _invented(own - own // 2, vocabulary, rng)]
        recipe.append("excerpt")
    elif len(parts) > 2 and rng.random() < 0.5:
        keep = max(1, round(len(parts) * rng.uniform(0.4, 0.9)))
        parts = parts[:keep]
        recipe.append("trimmed")
    if len(parts) > 2 and rng.random() < 0.3:
        i = rng.randrange(len(parts) - 1)
        parts[i], parts[i + 1] = parts[i + 1], parts[i]
        recipe.append("reordered")
    if rng.random() < 0.85:
        rate = rng.uniform(0.05, 0.20)
        parts = [_changed(p, rate, vocabulary, rng) for p in parts]
        recipe.append(f"changed {round(rate * 100)}%")
    if rng.random() < 0.5:
        parts.insert(0, _invented(rng.randint(20, 60), vocabulary, rng))
        recipe.append("intro")
    if rng.random() < 0.7:
        parts.insert(0, _invented(rng.randint(6, 12), vocabulary, rng))
        recipe.append("headline")
    if footer:
        parts.append([(w, False) for w in footer.split()])
        recipe.append("footer")
    kept = sum(original for p in parts for _, original in p)
    size = sum(len(p) for p in parts)
    shared = kept / max(1, min(size, len(text.split())))
    return "\n\n".join(" ".join(w for w, _ in p) for p in parts), shared, "+".join(recipe) or "verbatim"


def _invented(n: int, vocabulary: list[str], rng: random.Random) -> list[tuple[str, bool]]:
    """A paragraph of ``n`` words drawn from the corpus's word frequencies (text of the site's own)."""
    return [(rng.choice(vocabulary), False) for _ in range(n)]


def _changed(words: list[tuple[str, bool]], rate: float, vocabulary: list[str], rng: random.Random) -> list:
    """``words`` with about ``rate`` of them changed, in runs of 1-3: replaced, deleted or inserted."""
    out, i = [], 0
    while i < len(words):
        if rng.random() < rate / 2:
            run = rng.choice([1, 2, 3])
            action = rng.random()
            if action < 0.6:  # replaced
                out.extend((rng.choice(vocabulary), False) for _ in words[i : i + run])
                i += run
            elif action < 0.8:  # deleted
                i += run
            else:  # inserted
                out.extend((rng.choice(vocabulary), False) for _ in range(run))
            continue
        out.append(words[i])
        i += 1
    return out


# --- labels ------------------------------------------------------------------------------------------------


def judge(a: str, b: str) -> float:
    """Independent of shingles: the share of the shorter text in runs of 3+ words that difflib aligns."""
    x, y = WORDS.findall(a.lower()), WORDS.findall(b.lower())
    if not x or not y:
        return 0.0
    blocks = difflib.SequenceMatcher(None, x, y, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks if block.size >= 3) / min(len(x), len(y))


def label_pairs(originals: pd.DataFrame, made: list[tuple], rng: random.Random) -> dict[str, list[tuple]]:
    """Labelled pairs by kind: kind -> [(doc_a, doc_b, shared share)]."""
    labels: dict[str, list[tuple]] = defaultdict(list)
    for original, copy, shared, _ in made:
        labels[COPIES if shared >= 0.5 else "partial reuse, shares < 1/2"].append((original, copy, shared))
    texts = dict(zip(originals["doc_id"], originals["text"], strict=True))
    reuters = originals[originals["outlet"] == "Reuters"]
    norm = reuters["text"].map(lambda t: " ".join(WORDS.findall(t.lower())))
    for _, ids in reuters.groupby(norm)["doc_id"]:
        labels[REPEATS[0]].extend((a, b, 1.0) for a, b in itertools.combinations(ids, 2))
    exact = {frozenset(p[:2]) for p in labels[REPEATS[0]]}
    for title, group in reuters[reuters["title"] != ""].groupby("title"):
        for (_, x), (_, y) in itertools.combinations(group.iterrows(), 2):
            if frozenset((x["doc_id"], y["doc_id"])) in exact or len(group) > 30 or not title:
                continue
            same_day = abs(x["published"] - y["published"]) <= pd.Timedelta(days=1)
            shared = judge(x["text"], y["text"])
            if same_day and shared >= 0.5:
                labels[REPEATS[1]].append((x["doc_id"], y["doc_id"], shared))
            elif not same_day:
                labels["formulaic series (same headline, other day)"].append(
                    (x["doc_id"], y["doc_id"], shared)
                )
    for kind, pairs in hard_pairs(originals, rng).items():
        for a, b in pairs:
            shared = judge(texts[a], texts[b])
            if shared < 0.1:
                labels[kind].append((a, b, shared))
            elif shared >= 0.5:
                labels["near-identical (judge >= 1/2): not counted"].append((a, b, shared))
            else:
                labels["some shared (judge 1/10 to 1/2): not counted"].append((a, b, shared))
    return dict(labels)


def hard_pairs(originals: pd.DataFrame, rng: random.Random, per_kind: int = 3000) -> dict[str, list]:
    """Pairs in the same category or topic naming at least two of the same capitalised names."""
    kinds = {
        "hard negative: BBC, same category, 2+ names": originals["outlet"] == "BBC",
        "hard negative: Reuters, same topic, 2+ names": (originals["outlet"] == "Reuters")
        & (originals["group"] != "reu:"),
        "hard negative: Wikinews, 2+ names": originals["outlet"] == "Wikinews",
    }
    result = {}
    for kind, mask in kinds.items():
        pairs = set()
        for _, group in originals[mask].groupby("group"):
            names = {d: set(NAME.findall(t)) for d, t in zip(group["doc_id"], group["text"], strict=True)}
            holders = defaultdict(list)
            for doc, found in names.items():
                for name in found:
                    holders[name].append(doc)
            counts: dict[tuple, int] = defaultdict(int)
            for docs in holders.values():
                if len(docs) <= 60:  # a name in many articles ("Prime Minister") says little
                    for pair in itertools.combinations(sorted(docs), 2):
                        counts[pair] += 1
            pairs.update(p for p, c in counts.items() if c >= 2)
        pairs = sorted(pairs)
        result[kind] = rng.sample(pairs, min(per_kind, len(pairs)))
    return result


# --- scoring -----------------------------------------------------------------------------------------------


def score(labels: dict[str, list[tuple]], found: pd.DataFrame, grouped: pd.DataFrame) -> None:
    """Print the share of each kind of pair put in one story, then recall and pair precision."""
    story = duplicates.story_of(grouped)
    direct = set(zip(found["doc_a"], found["doc_b"], strict=True))
    direct |= {(b, a) for a, b in direct}
    together = {kind: [story[a] == story[b] for a, b, _ in pairs] for kind, pairs in labels.items()}
    print("\nkind                                              pairs   same story   a direct pair")
    for kind, pairs in labels.items():
        pair = np.mean([(a, b) in direct for a, b, _ in pairs]) if pairs else 0.0
        print(f"{kind:48s} {len(pairs):7,}   {np.mean(together[kind] or [0]):9.3f}   {pair:9.3f}")
    copies_half = together[COPIES]
    repeats = together[REPEATS[0]] + together[REPEATS[1]]
    false = sum(sum(flags) for kind, flags in together.items() if kind.startswith("hard negative"))
    negatives = sum(len(flags) for kind, flags in together.items() if kind.startswith("hard negative"))
    true = sum(copies_half) + sum(repeats)
    print(
        f"\nrecall, copies sharing at least half of the shorter text: {np.mean(copies_half):.3f} "
        "(target 0.95)"
    )
    print(f"recall, Reuters-21578's own repeated stories: {np.mean(repeats):.3f}")
    print(
        f"pair precision over these and the {negatives:,} hard negatives: {true / max(1, true + false):.4f} "
        f"({false} hard negatives in a copy's story; target 0.99)"
    )
    by_share: dict[str, list[bool]] = defaultdict(list)
    for (_, _, shared), flag in zip(labels[COPIES], copies_half, strict=True):
        low = min(int(shared * 10), 9) / 10
        by_share[f"{low:.1f}-{low + 0.1:.1f}"].append(flag)
    print("recall of copies by the share of the shorter text that is the original's words, unchanged:")
    for band in sorted(by_share):
        print(f"  {band}: {np.mean(by_share[band]):.3f} of {len(by_share[band])}")


def audit(found: pd.DataFrame, labels: dict[str, list[tuple]], documents: pd.DataFrame) -> None:
    """Judge every flagged pair that no label covers: how many look like copies to difflib."""
    known = {frozenset(p[:2]) for pairs in labels.values() for p in pairs}
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    unknown = [
        (a, b) for a, b in zip(found["doc_a"], found["doc_b"], strict=True) if frozenset((a, b)) not in known
    ]
    shares = np.array([judge(texts[a], texts[b]) for a, b in unknown])
    if not len(shares):
        return
    print(
        f"\nflagged pairs outside the labels: {len(unknown):,}; the judge finds >= 1/4 of the shorter text "
        f"shared in {np.mean(shares >= 0.25):.3f}, >= 1/10 in {np.mean(shares >= 0.1):.3f}"
    )
    for (a, b), share in sorted(zip(unknown, shares, strict=True), key=lambda x: x[1])[:5]:
        print(f"  lowest: {a} ~ {b}: judge {share:.2f}")


def compare_candidates(documents: pd.DataFrame, labels: dict[str, list[tuple]]) -> None:
    """Candidate recall, count and time: fingerprint index against MinHash + LSH on the same shingles."""
    shingled = duplicates._shingle(documents, duplicates.K, duplicates.SAMPLE)
    _, is_rep = duplicates._representatives(shingled.exact, np.arange(len(documents)))
    index = {d: i for i, d in enumerate(documents["doc_id"])}
    wanted = {
        kind: [(index[a], index[b]) for a, b, _ in labels[kind] if is_rep[index[a]] and is_rep[index[b]]]
        for kind in (COPIES, "partial reuse, shares < 1/2")
    }
    started = time.perf_counter()
    a, b = candidate_step(shingled)
    methods = [("fingerprints", set(zip(np.minimum(a, b).tolist(), np.maximum(a, b).tolist(), strict=True)))]
    seconds = [time.perf_counter() - started]
    for bands in (32, 64):
        started = time.perf_counter()
        methods.append(
            (
                f"MinHash LSH {bands}x{128 // bands}",
                minhash_lsh(shingled.pointer, shingled.shingles, bands=bands),
            )
        )
        seconds.append(time.perf_counter() - started)
    print("\ncandidate step on the development set: recall of copies (>= 1/2 shared, and partial reuse)")
    for (name, pairs), took in zip(methods, seconds, strict=True):
        recall = [np.mean([(min(x, y), max(x, y)) in pairs for x, y in wanted[kind]]) for kind in wanted]
        print(
            f"  {name:18s} recall {recall[0]:.3f} and {recall[1]:.3f}, "
            f"{len(pairs):,} candidate pairs, {took:.1f} s"
        )


def candidate_step(shingled) -> tuple[np.ndarray, np.ndarray]:
    """The candidate step of :func:`newslens.duplicates.copies` alone, at its defaults (private API)."""
    rank = duplicates._order(shingled.doc_ids, shingled.published)
    _, is_rep = duplicates._representatives(shingled.exact, rank)
    a, b, _ = duplicates._candidate_pairs(
        shingled.fp_doc,
        shingled.fp_hash,
        shingled.outlets,
        rank,
        np.ones(rank.size, dtype=bool),
        is_rep,
        np.bincount(shingled.fp_doc, minlength=rank.size),
        duplicates._Options(),
    )
    return a, b


def minhash_lsh(pointer: np.ndarray, shingles: np.ndarray, perms: int = 128, bands: int = 32) -> set:
    """Candidate pairs of banded MinHash LSH: articles agreeing on all rows of some band."""
    sizes = np.diff(pointer)
    has = np.flatnonzero(sizes > 0)
    seeds = np.random.default_rng(SEED).integers(1, 2**63, size=perms, dtype=np.uint64)
    signature = np.empty((has.size, perms), dtype=np.uint64)
    for p, seed in enumerate(seeds):
        mixed = duplicates._mix(shingles ^ seed)
        signature[:, p] = np.minimum.reduceat(mixed, pointer[has])
    rows = perms // bands
    pairs = set()
    for band in range(bands):
        keys = duplicates._mix(signature[:, band * rows : (band + 1) * rows].copy()).sum(axis=1)
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        edges = np.flatnonzero(np.diff(sorted_keys)) + 1
        for bucket in np.split(order, edges):
            if 1 < bucket.size <= 200:
                members = sorted(has[bucket].tolist())
                pairs.update(itertools.combinations(members, 2))
    return pairs


# --- scale -------------------------------------------------------------------------------------------------


def scale(originals: pd.DataFrame, rng: random.Random) -> None:
    """Time 100,000 articles (BBC and Reuters, then repeated by other sites with words changed), and
    adding 1,000 articles to the signatures of the 99,000 others."""
    base = originals[originals["outlet"] != "Wikinews"].reset_index(drop=True)
    vocabulary = [w for text in base["text"].sample(2000, random_state=SEED) for w in text.split()]
    texts, ids, dates, outlets = [], [], [], []
    for n in range(SCALE):
        row = base.iloc[n % len(base)]
        text, round_ = row["text"], n // len(base)
        if round_:  # a republication: another site, up to a tenth of the words changed
            words = [(w, True) for w in text.split()]
            text = " ".join(w for w, _ in _changed(words, rng.uniform(0.0, 0.1), vocabulary, rng))
        texts.append(text)
        ids.append(f"{row['doc_id']}-{round_}")
        dates.append(row["published"])
        outlets.append(f"Site {round_}" if round_ else row["outlet"])
    big = pd.DataFrame({"doc_id": ids, "outlet": outlets, "published": pd.to_datetime(dates), "text": texts})
    print(f"\n{len(big):,} articles ({sum(map(len, texts)) / 1e6:.0f} MB of text):")
    started = time.perf_counter()
    shingled = duplicates._shingle(big, duplicates.K, duplicates.SAMPLE)
    shingling = time.perf_counter() - started
    started = time.perf_counter()
    a, _ = candidate_step(shingled)
    candidates = time.perf_counter() - started
    print(
        f"  shingles and fingerprints: {shingling:.1f} s; "
        f"candidate step: {candidates:.1f} s, {a.size:,} pairs"
    )
    del shingled
    started = time.perf_counter()
    found = duplicates.copies(big)
    total = time.perf_counter() - started
    print(f"  copies() end to end: {total:.1f} s, {len(found):,} pairs")
    started = time.perf_counter()
    stored = duplicates.signatures(big.iloc[:-1000])
    signing = time.perf_counter() - started
    lookup = big.set_index("doc_id")["text"]
    started = time.perf_counter()
    added = duplicates.new_copies(
        stored, big.iloc[-1000:], lambda ids: pd.DataFrame({"doc_id": ids, "text": lookup.loc[ids].tolist()})
    )
    adding = time.perf_counter() - started
    expected = found[
        found["doc_a"].isin(big["doc_id"].iloc[-1000:]) | found["doc_b"].isin(big["doc_id"].iloc[-1000:])
    ]
    print(
        f"  signatures of 99,000: {signing:.1f} s; "
        f"new_copies of 1,000 more: {adding:.1f} s, {len(added):,} pairs "
        f"(copies() of all finds {len(expected):,} involving them)"
    )
    together = pd.concat([duplicates.copies(big.iloc[:-1000]), added], ignore_index=True)
    differ = moved(duplicates.stories(big, together), duplicates.stories(big, found))
    print(
        f"  stories of copies(99,000) + new_copies(1,000) against copies(100,000): {differ} articles differ"
    )
    print(
        f"  peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


def moved(one: pd.DataFrame, other: pd.DataFrame) -> int:
    """How many articles are in a story with other members in ``one`` than in ``other``."""
    members = [{d: frozenset(docs) for docs in t["documents"] for d in docs} for t in (one, other)]
    return sum(members[0][d] != members[1][d] for d in members[0])


if __name__ == "__main__":
    main()
