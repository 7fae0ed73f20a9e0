"""Throughput of load → clean → sentences → tokens on the BBC corpus.

Run with ``make bench`` (never part of ``make test``), or
``python benchmarks/bench_load.py PATH/TO/bbc``. Reads the 2,225 BBC
articles (default ``../shared/corpora/bbc``; research use, not copied into
the project), times each stage in this process and the whole
``load_corpus`` in a fresh process for its peak memory, and prints one table.
"""

from __future__ import annotations

import csv
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from newslens import paths
from newslens.actors import load_gazetteer, name_forms
from newslens.clean import clean
from newslens.corpus import decode
from newslens.text import mwe_tokenizer, split_sentences, tables

DEFAULT = paths.PROJECT_ROOT.parent / "shared" / "corpora" / "bbc"
BBC = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else DEFAULT


def main() -> None:
    if not (BBC / "metadata.csv").is_file():
        sys.exit(f"bench: no BBC corpus at {BBC}: run `make bench CORPORA=<folder holding bbc/>`")
    with open(BBC / "metadata.csv", encoding="utf-8") as metadata:
        files = [BBC / row["path"] for row in csv.DictReader(metadata)]
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    names = name_forms(load_gazetteer(paths.PROJECT_ROOT / "data" / "actors.yml"))
    singles, mwes = [n for n in names if " " not in n], mwe_tokenizer(names)
    rows = []

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raws = timed(
            rows, "read + decode", len(files), megabytes, lambda: [decode(f.read_bytes(), f) for f in files]
        )
    texts = timed(rows, "clean", len(files), megabytes, lambda: [clean(r, names=singles).text for r in raws])
    timed(rows, "sentences + language", len(files), megabytes, lambda: [split_sentences(t) for t in texts])
    timed(
        rows,
        "sentences + tokens",
        len(files),
        megabytes,
        lambda: [tables(str(i), t, mwes) for i, t in enumerate(texts)],
    )
    seconds, peak = end_to_end(files)
    rows.append(
        ("load_corpus, end to end (fresh process)", seconds, len(files) / seconds, megabytes / seconds, peak)
    )

    print(f"\nBBC corpus: {len(files)} articles, {megabytes:.2f} MB\n")
    print(f"| {'stage':<42} | {'seconds':>8} | {'docs/s':>8} | {'MB/s':>6} | {'peak MB':>8} |")
    print(f"|{'-' * 44}|{'-' * 10}:|{'-' * 10}:|{'-' * 8}:|{'-' * 10}:|")
    for stage, secs, docs, mbs, mem in rows:
        memory = f"{mem:8.0f}" if mem else f"{'':>8}"
        print(f"| {stage:<42} | {secs:8.2f} | {docs:8.0f} | {mbs:6.2f} | {memory} |")


def timed(rows, stage, count, megabytes, work):
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    rows.append((stage, seconds, count / seconds, megabytes / seconds, None))
    return result


def end_to_end(files: list[Path]) -> tuple[float, float]:
    """Copy the corpus into a data folder and time ``load_corpus`` on it in a new process."""
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        for file in files:
            target = data / "raw" / file.relative_to(BBC)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
        code = (
            "import time, warnings; warnings.simplefilter('ignore'); import newslens; "
            f"t = time.perf_counter(); newslens.load_corpus({str(data)!r}, use_cache=False); "
            "print(time.perf_counter() - t)"
        )
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return float(result.stdout.strip()), peak_mb


if __name__ == "__main__":
    main()
