"""Throughput and memory of newslens at scale, beside the pipeline a user would write.

Run with ``make bench`` (never part of ``make test``), or
``python benchmarks/bench.py CORPORA`` where CORPORA holds ``bbc/`` (2,225
articles) and ``reuters21578/reuters21578.jsonl`` (19,779 bodies). The
corpora are research-only and stay where they are; everything this writes
goes to a temporary folder. It measures, each in a fresh process whose
memory (with its workers') is sampled from /proc (Linux):

* the naive pipeline: NLTK Punkt + NLTK's Treebank word tokenizer (what
  ``word_tokenize`` runs) + NLTK's VADER per sentence + pandas counts;
* the same work (sentences, tokens, a VADER score per sentence, word
  counts) done by newslens and by the naive pipeline side by side in one
  process, with the ratio, and by newslens with its articles cleaned on
  every core (``load_corpus(jobs=...)``);
* newslens's stages one by one in one process, on BBC and Reuters;
* ``newslens ingest`` end to end on every core, on BBC, Reuters and 100,000
  articles made by repeating both under new ids;
* top terms, keyness and sentiment by outlet over the 100,000-article store,
  term counts by month counting stories instead of copies, and adding one
  article to it with ``newslens ingest``, beside the floor of that: starting
  Python with the libraries a run imports; each ingest also reports the
  time it spent finding copies (:mod:`newslens.duplicates`).

``--quick`` stops before the 100,000-article corpus.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

SYNTHETIC = 100_000


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if args and args[0] == "_child":
        print(json.dumps(CHILDREN[args[1]](*args[2:])))
        return
    corpora = Path(args[0] if args else Path(__file__).resolve().parents[2] / "shared" / "corpora")
    if not (corpora / "bbc" / "metadata.csv").is_file():
        sys.exit(f"bench: no corpora at {corpora}: `make bench CORPORA=<folder with bbc/ and reuters21578/>`")
    with tempfile.TemporaryDirectory(prefix="newslens-bench-") as folder:
        work = Path(folder)
        bbc = write_bbc(corpora / "bbc", work / "bbc.jsonl")
        rows: list[tuple] = []
        for name, path in (("BBC", bbc), ("Reuters", corpora / "reuters21578" / "reuters21578.jsonl")):
            rows.extend(corpus_rows(name, path, work / f"store-{name}"))
        if "--quick" not in sys.argv:
            big = write_synthetic(
                [bbc, corpora / "reuters21578" / "reuters21578.jsonl"], work / "synthetic.jsonl"
            )
            rows.extend(scale_rows(big, work / "store-100k"))
        print_table(rows)


def corpus_rows(name: str, path: Path, store: Path) -> list[tuple]:
    """The naive pipeline, each stage in one process, and ingest on every core."""
    count, megabytes = size(path)
    rows = measure(f"{name}: naive (Punkt + word_tokenize + VADER + pandas)", count, megabytes, "naive", path)
    same = measure(f"{name}: same work, newslens (load + sentence scores + counts)", count, megabytes,
                   "same_work", path)  # fmt: skip
    naive = same[1][1]
    cores = f" (every core: {naive / same[2][1]:.2f})" if len(same) > 2 else ""
    rows += [*same, (f"  same work: newslens {naive / same[0][1]:.2f} times as fast{cores}", None, None, None,
                     same[0][4])]  # fmt: skip
    for stage in ("clean", "clean+sentences+tokens", "timexes", "mentions+quotes", "sentiment"):
        rows += measure(f"{name}: stage {stage}, 1 process", count, megabytes, "stage", stage, path)
    rows += measure(
        f"{name}: newslens ingest, end to end, all cores", count, megabytes, "ingest", path, store
    )
    return rows


def scale_rows(big: Path, store: Path) -> list[tuple]:
    """Ingest the large corpus, query it, then add one article."""
    count, megabytes = size(big)
    rows = measure(f"{count:,} articles: newslens ingest, end to end", count, megabytes, "ingest", big, store)
    for query in ("top terms", "keyness", "sentiment by outlet", "kwic", "stories by month"):
        rows += measure(f"{count:,} articles: {query} from the store", None, None, "query", query, store)
    late = {"id": "late-1", "date": "2024-10-02", "source": "Late wire", "text": LATE}
    with open(big, "a", encoding="utf-8") as lines:
        lines.write(json.dumps(late) + "\n")
    rows += measure(
        f"{count:,} articles: add one article (newslens ingest)", 1, None, "cli_ingest", big, store
    )
    floor = "  its floor: Python starting with the libraries ingest needs"
    return rows + measure(floor, None, None, "start_up")


LATE = (
    "Xi and Putin exchange congratulations\n\nChinese President Xi Jinping and Russian President Vladimir "
    "Putin exchanged congratulations on Wednesday on the 75th anniversary of diplomatic relations, "
    "established on 2 October 1949. \u201cOur relations have never been better,\u201d Putin said."
)


# --- inputs -------------------------------------------------------------------------------------


def write_bbc(folder: Path, target: Path) -> Path:
    """The BBC articles as one .jsonl (one file is Latin-1: decoded the way newslens reads it)."""
    from newslens.corpus import decode

    with (
        open(folder / "metadata.csv", encoding="utf-8") as metadata,
        open(target, "w", encoding="utf-8") as out,
    ):
        for row in csv.DictReader(metadata):
            file = folder / row["path"]
            text = decode(file.read_bytes(), file)
            out.write(
                json.dumps({"id": row["id"], "source": "BBC News", "title": row["title"], "text": text})
                + "\n"
            )
    return target


def write_synthetic(sources: list[Path], target: Path) -> Path:
    """SYNTHETIC articles: the sources' articles (those with text) again and again, each under a new id."""
    records = []
    for source in sources:
        with open(source, encoding="utf-8") as lines:
            records.extend(
                line for line in lines if (json.loads(line).get("text") or json.loads(line).get("body"))
            )
    with open(target, "w", encoding="utf-8") as out:
        for number in range(SYNTHETIC):
            record = json.loads(records[number % len(records)])
            record["id"] = f"s{number:06d}"
            out.write(json.dumps(record) + "\n")
    return target


def size(path: Path) -> tuple[int, float]:
    """Articles with text in a .jsonl, and megabytes of that text."""
    count, text_bytes = 0, 0
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            text = record.get("text") or record.get("body") or ""
            if text.strip():
                count, text_bytes = count + 1, text_bytes + len(text.encode())
    return count, text_bytes / 1e6


# --- measuring ----------------------------------------------------------------------------------


def measure(label: str, count: int | None, megabytes: float | None, child: str, *args: str) -> tuple:
    """One measurement in a fresh process: its own timing, and the peak memory of its process tree."""
    process = subprocess.Popen(
        [sys.executable, __file__, "_child", child, *map(str, args)], stdout=subprocess.PIPE, text=True
    )
    peak = PeakMemory(process.pid)
    out, _ = process.communicate()
    peak.stop()
    if process.returncode != 0:
        sys.exit(f"bench: {label} failed")
    result = json.loads(out.strip().splitlines()[-1])
    print(f"  {label}: {result['seconds']:.2f} s, peak {peak.megabytes:.0f} MB", file=sys.stderr, flush=True)
    rows = [(label, result["seconds"], count, megabytes, peak.megabytes)]
    for part, seconds in result.get("parts", {}).items():  # a step inside the measurement, timed there
        rows.append((f"  of which {part}", seconds, count, None, peak.megabytes))
    for other, seconds in result.get("beside", {}).items():  # another measurement in the same process
        rows.append((f"  {other}", seconds, count, megabytes, peak.megabytes))
    return rows


class PeakMemory:
    """Samples the resident memory of a process and its descendants every 0.1 s (from /proc)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.megabytes, self._running = pid, 0.0, True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while self._running:
            parents, rss = {}, {}
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    fields = stat.read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                pid = int(stat.parent.name)
                parents[pid], rss[pid] = int(fields[1]), int(fields[21]) * page
            tree, grew = {self.pid}, True
            while grew:
                more = {pid for pid, parent in parents.items() if parent in tree} - tree
                tree, grew = tree | more, bool(more)
            self.megabytes = max(self.megabytes, sum(rss.get(pid, 0) for pid in tree) / 1e6)
            time.sleep(0.1)

    def stop(self) -> None:
        self._running = False
        self._thread.join()


def print_table(rows: list[tuple]) -> None:
    print(f"\n| {'measurement':<66} | {'seconds':>8} | {'docs/s':>8} | {'MB/s':>6} | {'peak MB':>7} |")
    print(f"|{'-' * 68}|{'-' * 9}:|{'-' * 9}:|{'-' * 7}:|{'-' * 8}:|")
    for label, seconds, count, megabytes, peak in rows:
        docs = f"{count / seconds:8.0f}" if count and count > 1 else f"{'':>8}"
        rate = f"{megabytes / seconds:6.2f}" if megabytes else f"{'':>6}"
        timed = f"{seconds:8.2f}" if seconds is not None else f"{'':>8}"
        print(f"| {label:<66} | {timed} | {docs} | {rate} | {peak:7.0f} |")


# --- what each child process runs ---------------------------------------------------------------


def texts_of(path: str) -> list[str]:
    from newslens.corpus import TEXT_KEYS

    with open(path, encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    return [t for r in records if (t := next((r[k] for k in TEXT_KEYS if r.get(k)), "")).strip()]


def child_naive(path: str) -> dict:
    """Punkt + NLTK's Treebank tokenizer + NLTK's VADER per sentence + pandas counts.

    NLTK's VADER loads its lexicon from nltk_data; the lexicon it would
    download is the one in the vaderSentiment wheel, so it is put there.
    """
    import nltk
    import pandas as pd
    import vaderSentiment
    from nltk.sentiment.vader import SentimentIntensityAnalyzer
    from nltk.tokenize import NLTKWordTokenizer
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    data = Path(tempfile.mkdtemp()) / "sentiment"
    data.mkdir()
    with zipfile.ZipFile(data / "vader_lexicon.zip", "w") as archive:
        archive.write(
            Path(vaderSentiment.__file__).parent / "vader_lexicon.txt", "vader_lexicon/vader_lexicon.txt"
        )
    nltk.data.path.insert(0, str(data.parent))
    texts = texts_of(path)
    start = time.perf_counter()
    punkt, words, vader = PunktSentenceTokenizer(), NLTKWordTokenizer(), SentimentIntensityAnalyzer()
    tokens, scores = [], []
    for number, text in enumerate(texts):
        for sentence in punkt.tokenize(text):
            scores.append((number, vader.polarity_scores(sentence)["compound"]))
            tokens.extend((number, word.lower()) for word in words.tokenize(sentence))
    table = pd.DataFrame(tokens, columns=["doc", "token"])
    table["token"].value_counts()
    table.groupby("doc")["token"].value_counts()
    pd.DataFrame(scores, columns=["doc", "compound"]).groupby("doc")["compound"].mean()
    return {"seconds": time.perf_counter() - start}


def child_same_work(path: str) -> dict:
    """The issue's side-by-side, in one process: the naive pipeline, then newslens doing the same work
    (``load_corpus(use_cache=False)`` + ``sentiment.sentence_scores`` + ``terms.frequencies``), in this
    process (``jobs=1``), then with the articles cleaned and tokenized on every core."""
    import warnings

    from newslens import load_corpus, sentiment, terms, workers

    warnings.simplefilter("ignore")
    naive = child_naive(path)["seconds"]
    data = Path(tempfile.mkdtemp()) / "data"
    (data / "raw").mkdir(parents=True)
    with open(data / "raw" / "articles.jsonl", "w", encoding="utf-8") as out:
        for number, text in enumerate(texts_of(path)):
            out.write(json.dumps({"id": f"a{number}", "text": text}) + "\n")
    timed = {}
    for jobs in sorted({1, workers.cores()}):
        start = time.perf_counter()
        corpus = load_corpus(data, use_cache=False, jobs=jobs)
        sentiment.sentence_scores(corpus.sentences)
        terms.frequencies(corpus)
        timed[jobs] = time.perf_counter() - start
    beside = {"the naive pipeline, in the same process": naive}
    if len(timed) > 1:
        cores = max(timed)
        beside[f"newslens, articles on every core (load_corpus jobs={cores})"] = timed[cores]
    return {"seconds": timed[1], "beside": beside}


def child_stage(stage: str, path: str) -> dict:
    """One newslens stage over every article, in this process (earlier stages done untimed)."""
    import warnings

    import pandas as pd

    from newslens import actors, corpus, paths, quotes, sentiment, timeline
    from newslens import clean as cleaning
    from newslens.corpus import Source

    warnings.simplefilter("ignore")
    sources = [
        Source(doc_id=str(i), path="x", raw=text, published=None, where="x")
        for i, text in enumerate(texts_of(path))
    ]
    gazetteer = actors.load_gazetteer(paths.PROJECT_ROOT / "data" / paths.GAZETTEER)
    names, mwes = corpus.name_tokenizers(gazetteer)

    start = time.perf_counter()
    if stage == "clean":
        for source in sources:
            cleaning.clean(source.raw, names=names)
        return {"seconds": time.perf_counter() - start}
    rows = []
    for source in sources:
        try:
            rows.append(corpus.article_rows(source, names, mwes))
        except Exception:  # articles cleaning empties, as ingest rejects them
            continue
    if stage == "clean+sentences+tokens":
        corpus.rows_to_tables(rows)
        return {"seconds": time.perf_counter() - start}
    tables = corpus.rows_to_tables(rows)
    documents = tables["documents"].assign(published=pd.Timestamp("2005-06-01"))
    start = time.perf_counter()
    if stage == "timexes":
        timeline.timexes(documents, tables["sentences"])
    elif stage == "mentions+quotes":
        mentioned = actors.mentions(tables["sentences"], gazetteer)
        quotes.quotes(documents, tables["sentences"], mentioned, gazetteer)
    else:
        sentiment.sentence_scores(tables["sentences"])
    return {"seconds": time.perf_counter() - start}


def child_ingest(path: str, store: str) -> dict:
    from newslens.ingest import ingest

    start = time.perf_counter()
    result = ingest(path, out=store)
    return {"seconds": time.perf_counter() - start, "parts": {"finding copies": result.copies_seconds}}


def child_query(query: str, store_path: str) -> dict:
    import newslens
    from newslens import sentiment, terms

    start = time.perf_counter()
    corpus = newslens.open(store_path)
    if query == "top terms":
        terms.frequencies(corpus, top=50)
    elif query == "keyness":
        terms.keyness(corpus, "BBC News", top=50)
    elif query == "sentiment by outlet":
        sentiment.by_outlet(sentiment.scores(corpus), corpus.documents)
    elif query == "stories by month":
        terms.frequencies(corpus, by="month", top=20, count="stories")
    else:
        terms.kwic(corpus, "Gorbachev")
    return {"seconds": time.perf_counter() - start}


def child_cli_ingest(path: str, store: str) -> dict:
    """Wall time of the command, start-up included."""
    start = time.perf_counter()
    subprocess.run(
        [Path(sys.executable).with_name("newslens"), "ingest", path, "--out", store, "--quiet"], check=True
    )
    return {"seconds": time.perf_counter() - start}


def child_start_up() -> dict:
    """Wall time of a Python that only imports the libraries every ``newslens ingest`` needs: a floor."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import duckdb, nltk, pandas, pyarrow.parquet"], check=True)
    return {"seconds": time.perf_counter() - start}


CHILDREN = {
    "naive": child_naive,
    "same_work": child_same_work,
    "stage": child_stage,
    "ingest": child_ingest,
    "query": child_query,
    "cli_ingest": child_cli_ingest,
    "start_up": child_start_up,
}

if __name__ == "__main__":
    main()
