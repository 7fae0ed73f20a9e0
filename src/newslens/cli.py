"""The ``newslens`` command: a thin shell over the package's functions.

Exit codes: 0 success, 2 bad input (the message names the file and line),
130 interrupted (Ctrl-C), 1 anything else. Nothing under ``<data>/raw`` is
ever written. Messages on stderr and aligned tables escape control
characters; CSV cells that a spreadsheet would run as formulas are defused.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from newslens import __version__
from newslens.errors import InputError


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    warnings.showwarning = _show_warning
    try:
        return args.run(args)
    except InputError as exc:
        _say(f"error: {exc}")
        return 2
    except BrokenPipeError:  # stderr closed while working: the run stopped short of its end
        _silence()
        return 141  # 128 + SIGPIPE, as a shell reports a command a closed pipe stopped
    except OSError as exc:
        if exc.filename is None:
            _say(f"unexpected error: {type(exc).__name__}: {exc}")
            return 1
        _say(f"error: {exc.filename}: {exc.strerror or exc}")  # a file or folder that cannot be read or made
        return 2
    except KeyboardInterrupt:  # Ctrl-C: one line, no traceback
        _say("interrupted")
        return 130
    except Exception as exc:  # a bug or an environment problem: say so plainly
        _say(f"unexpected error: {type(exc).__name__}: {exc}")
        return 1


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data", "--store", dest="data", type=Path, default=None, metavar="PATH",
        help="a data folder (corpus.csv and raw/), a store that `newslens ingest` wrote, or a folder or "
        ".jsonl of articles (ingested into a store beside it); default: the project's data/",
    )  # fmt: skip
    output = argparse.ArgumentParser(add_help=False)
    output.add_argument(
        "--format", choices=("table", "csv", "json"), default="table", help="output format (default: table)"
    )
    output.add_argument(
        "--raw-csv", action="store_true",
        help="write CSV cells as they are (by default a cell starting with = + - @ gets a leading ' "
        "so that a spreadsheet does not run it as a formula)",
    )  # fmt: skip
    counting = argparse.ArgumentParser(add_help=False)
    counting.add_argument(
        "--count", choices=("copies", "stories"), default="copies",
        help="count every article (copies, the default), or each story once: articles that copy one "
        "text (a wire story, a press release) count as one",
    )  # fmt: skip
    parser = argparse.ArgumentParser(prog="newslens", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"newslens {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    corpus = commands.add_parser(
        "corpus", parents=[common, output], help="list the documents, or what cleaning removed"
    )
    corpus.add_argument(
        "--removed", action="store_true", help="list the removed segments (the cleaning audit trail)"
    )
    corpus.set_defaults(run=_corpus)

    terms = commands.add_parser(
        "terms",
        parents=[common, output, counting],
        help="term frequencies or n-grams, overall or by group",
    )
    terms.add_argument("--by", choices=("doc", "outlet", "month"), default=None, help="group the counts")
    terms.add_argument("--top", type=_number(1, 100_000), default=20, metavar="N",
                       help="terms per group, 1-100000 (default: 20)")  # fmt: skip
    terms.add_argument("--ngram", type=_number(1, 10), default=1, metavar="N",
                       help="count N-word phrases, 1-10 (default: 1)")  # fmt: skip
    terms.add_argument("--lemma", action="store_true", help="count lemmas instead of word forms")
    terms.set_defaults(run=_terms)

    kwic = commands.add_parser("kwic", parents=[common, output], help="every occurrence of a term in context")
    kwic.add_argument("term", help="a word or phrase, e.g. 'Belt and Road'")
    kwic.add_argument("--window", type=_number(0, 100), default=8, metavar="N",
                      help="tokens of context, 0-100 (default: 8)")  # fmt: skip
    kwic.add_argument("--case-sensitive", action="store_true", help="match the exact case")
    kwic.add_argument("--lemma", action="store_true", help="match any form of the words")
    kwic.set_defaults(run=_kwic)

    keyness = commands.add_parser(
        "keyness",
        parents=[common, output, counting],
        help="words over- and under-used by a target against the rest",
    )
    keyness.add_argument(
        "--target", required=True, metavar="NAME",
        help="a doc_id, an outlet, a year, a month (YYYY-MM) or a range (YYYY-MM-DD:YYYY-MM-DD)",
    )  # fmt: skip
    keyness.add_argument("--top", type=_number(1, 100_000), default=20, metavar="N",
                         help="keywords each way, 1-100000 (default: 20)")  # fmt: skip
    keyness.set_defaults(run=_keyness)

    sentiment = commands.add_parser(
        "sentiment",
        parents=[common, output, counting],
        help="VADER tone by sentence, article, outlet, month or target",
    )
    sentiment.add_argument(
        "--by", choices=("sentence", "doc", "outlet", "month", "target", "speaker"), default="doc",
        help="what to aggregate over (default: doc)",
    )  # fmt: skip
    sentiment.set_defaults(run=_sentiment)

    timeline = commands.add_parser(
        "timeline",
        parents=[common, output, counting],
        help="dated events, time expressions or dated figures",
    )
    shown = timeline.add_mutually_exclusive_group()
    shown.add_argument("--events", dest="table", action="store_const", const="events",
                       help="events dated by the articles (the default)")  # fmt: skip
    shown.add_argument("--timexes", dest="table", action="store_const", const="timexes",
                       help="every time expression with its TIMEX3 type and value")  # fmt: skip
    shown.add_argument("--figures", dest="table", action="store_const", const="figures",
                       help="money amounts with their year, value or target")  # fmt: skip
    shown.add_argument("--periods", dest="table", action="store_const", const="periods",
                       help="how often each month is referred to, and how many articles it saw")  # fmt: skip
    timeline.set_defaults(run=_timeline, table="events")

    actors = commands.add_parser("actors", parents=[common, output], help="how often each actor is mentioned")
    actors.add_argument("--pairs", action="store_true", help="actors named together in a sentence")
    actors.set_defaults(run=_actors)

    quotes = commands.add_parser(
        "quotes",
        parents=[common, output],
        help="quotations with their speakers, or the same statement across outlets",
    )
    quotes.add_argument(
        "--speaker", metavar="WHO", help="only this speaker's quotations (an actor id, or a name: 'Mao Ning')"
    )
    quotes.add_argument(
        "--pairs", action="store_true", help="the same statement as different articles render it"
    )
    quotes.set_defaults(run=_quotes)

    duplicates = commands.add_parser(
        "duplicates",
        parents=[common, output],
        help="copies of the same text across articles, or the stories",
    )
    duplicates.add_argument(
        "--stories", action="store_true", help="one row per story: the articles that copy each other"
    )
    duplicates.set_defaults(run=_duplicates)

    ingest = commands.add_parser(
        "ingest", help="process a large corpus into a Parquet store, in parallel and incrementally"
    )
    ingest.add_argument("path", type=Path, help="a data folder, a folder of articles, a .jsonl or a manifest")
    ingest.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="the store (default: processed/store beside the corpus)")  # fmt: skip
    ingest.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="worker processes (default: all cores)"
    )
    ingest.add_argument(
        "--chunk-size", type=int, default=250, metavar="N", help="articles per chunk (default: 250)"
    )
    ingest.add_argument("--engine", choices=("local", "dask"), default="local", help="where chunks run")
    ingest.add_argument("--scheduler", metavar="ADDRESS", help="a Dask scheduler (default: a local cluster)")
    from newslens.corpus import MAX_ARTICLE_BYTES  # the limit load_corpus applies too

    ingest.add_argument(
        "--max-bytes", type=int, default=MAX_ARTICLE_BYTES, metavar="N",
        help="reject an article (a file, or a .jsonl line) over N bytes (default: %(default)s)",
    )  # fmt: skip
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    ingest.add_argument(
        "--check", action="store_true",
        help="verify the store (--out, or PATH's) and repair it: damaged parts are removed, and their "
        "articles ingested again by the next run",
    )  # fmt: skip
    ingest.set_defaults(run=_ingest)

    report = commands.add_parser(
        "report", parents=[common, counting], help="execute the notebooks and write HTML reports"
    )
    report.add_argument(
        "--out", type=Path, default=Path("reports"), metavar="DIR",
        help="the report folder: new, empty or a previous report, which is replaced (default: reports/)",
    )  # fmt: skip
    report.add_argument(
        "--from", dest="date_from", metavar="YYYY-MM-DD", help="only articles from this date on"
    )
    report.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="only articles up to this date")
    report.add_argument(
        "--outlet",
        dest="outlets",
        action="append",
        metavar="NAME",
        help="only this outlet (repeat for several)",
    )
    report.add_argument(
        "--param", dest="params", action="append", default=[], metavar="NAME=JSON",
        help="set a notebook parameter, e.g. followed='[\"trade\", \"peace\"]' or "
        "compare='[\"CGTN\", \"AFP\"]' (repeat for several; see each notebook's first code cell)",
    )  # fmt: skip
    report.set_defaults(run=_report)
    return parser


def _number(low: int, high: int):
    """An argparse type: a whole number from ``low`` to ``high`` (argparse exits 2 otherwise)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is out of range: give {low} to {high}")
        return value

    return parse


def _corpus(args: argparse.Namespace) -> int:
    from newslens.corpus import summarize

    corpus = _load(args)
    table = corpus.removed if args.removed else summarize(corpus)
    _write(table, args)
    return 0


def _load(args: argparse.Namespace):
    """The corpus of --data: whatever :func:`newslens.open` takes."""
    import newslens

    return newslens.open(args.data)


def _terms(args: argparse.Namespace) -> int:
    from newslens import terms

    unit = "lemma" if args.lemma else "norm"
    options = {"by": args.by, "unit": unit, "top": args.top, "count": args.count}
    corpus = _load(args)
    if args.ngram > 1:
        table = terms.ngrams(corpus, n=args.ngram, **options)
    else:
        table = terms.frequencies(corpus, **options)
    _write(table.round({"per_10k": 2}), args)
    return 0


def _kwic(args: argparse.Namespace) -> int:
    from newslens import terms

    options = {"window": args.window, "ignore_case": not args.case_sensitive, "lemma": args.lemma}
    lines = terms.kwic(_load(args), args.term, **options)
    lines["published"] = lines["published"].dt.strftime("%Y-%m-%d")
    _write(lines, args)
    return 0


def _keyness(args: argparse.Namespace) -> int:
    from newslens import terms

    try:
        table = terms.keyness(_load(args), args.target, top=args.top, count=args.count)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    _write(table.round({"target_per_10k": 2, "reference_per_10k": 2, "g2": 3, "log_ratio": 3}), args)
    return 0


def _sentiment(args: argparse.Namespace) -> int:
    from newslens import sentiment

    corpus = _load(args)
    scores = sentiment.scores(corpus)
    skipped = sentiment.left_out(corpus.sentences)
    if len(skipped):
        languages = ", ".join(f"{n} {lang}" for lang, n in skipped["language"].value_counts().items())
        _say(f"{len(skipped)} sentences not in English left out ({languages})")
    if args.by == "sentence":
        table = scores.drop(columns=["start", "end"])
    elif args.by == "doc":
        table = sentiment.by_document(scores, corpus.documents, corpus.sentences)
        table["published"] = table["published"].dt.strftime("%Y-%m-%d")
    elif args.by == "outlet":
        table = sentiment.by_outlet(scores, corpus.documents, count=args.count)
    elif args.by == "month":
        table = sentiment.by_month(scores, corpus.documents, count=args.count)
        table["month"] = table["month"].dt.strftime("%Y-%m")
    elif args.by == "speaker":
        from newslens import quotes

        found = quotes.analyse(corpus)
        table = sentiment.by_speaker(
            scores, found["quotes"], found["gazetteer"], count=args.count, documents=corpus.documents
        )
    else:
        from newslens import quotes

        found = quotes.analyse(corpus)
        mentions, rule = sentiment.targets_for(
            corpus.path, corpus.sentences, found["mentions"], found["actors"]
        )
        _say(f"targets: {rule}")
        table = sentiment.by_target(scores, mentions, count=args.count, documents=corpus.documents)
    _write(table.round(3), args)
    return 0


def _timeline(args: argparse.Namespace) -> int:
    from newslens import timeline

    corpus = _load(args)
    if args.table == "periods":
        table = timeline.periods(corpus, count=args.count)
    elif args.table == "timexes":
        table = corpus.table("timexes")
    else:
        table = timeline.analyse(corpus, count=args.count)[args.table]
    for column in ("start_date", "end_date"):
        if column in table:
            table[column] = table[column].dt.strftime("%Y-%m-%d")
    if args.format == "table":  # the full sentences stay in csv and json
        table = table.drop(columns=[c for c in ("sentence", "evidence") if c in table])
    _write(table, args)
    return 0


def _duplicates(args: argparse.Namespace) -> int:
    from newslens import duplicates

    corpus = _load(args)  # the documents without their text, which the stories table does not show
    documents = corpus.listing()
    found = corpus.table("copies")
    table = duplicates.stories(documents, found) if args.stories else found
    if args.stories:
        table["documents"] = table["documents"].map(", ".join)
    _write(table.round(3), args)
    return 0


def _ingest(args: argparse.Namespace) -> int:
    from newslens.ingest import check, ingest

    if args.check:
        checked = check(args.out or args.path)
        for line in checked.found:
            print(line)
        done = "repaired" if checked.found else "nothing to repair"
        print(f"{checked.store}: {done}; consistent, {checked.parts} parts, {checked.documents} documents")
        return 0
    shown = 20  # the first rejects on stderr; a corpus with thousands lists them all in the store

    def report(where: str, reason: str) -> None:
        nonlocal shown
        if shown:
            print(f"newslens: rejected {where}: {reason}", file=sys.stderr)
            shown -= 1

    try:
        result = ingest(
            args.path, out=args.out, jobs=args.jobs, chunk_size=args.chunk_size, max_bytes=args.max_bytes,
            engine=args.engine, scheduler=args.scheduler, progress=not args.quiet, on_reject=report,
        )  # fmt: skip
    except KeyboardInterrupt:  # parts are committed one chunk at a time: nothing half-written
        print(
            "newslens: interrupted; the store is consistent, run the same command again to resume",
            file=sys.stderr,
        )
        return 130
    print(
        f"{result.store}: {result.documents} documents; this run ingested {result.ingested}, "
        f"rejected {len(result.rejected)}, left {result.unchanged} unchanged and removed "
        f"{result.removed} old rows, in {result.seconds:.1f} s",
        file=sys.stderr,
    )
    if len(result.rejected) > 20:
        print(
            f"newslens: {len(result.rejected) - 20} more rejected; all are listed by "
            f"newslens.store.rejects({str(result.store)!r})",
            file=sys.stderr,
        )
    if result.documents == 0:
        raise InputError("no article could be ingested", path=args.path)
    return 0


def _actors(args: argparse.Namespace) -> int:
    from newslens import actors

    corpus = _load(args)
    gazetteer = actors.gazetteer_of(corpus.path)
    mentioned = actors.mentions(corpus.sentences, gazetteer)
    if args.pairs:
        table = actors.cooccurrence(mentioned)
    else:
        table = actors.counts(mentioned, corpus.documents, gazetteer).round(2)
    _write(table, args)
    return 0


def _quotes(args: argparse.Namespace) -> int:
    from newslens import quotes

    corpus = _load(args)
    found = quotes.analyse(corpus)
    table = found["quotes"]
    if args.speaker:
        table = quotes.select_speaker(table, args.speaker)
        if table.empty and args.speaker not in set(found["actors"]["actor_id"]):
            raise InputError(
                f"unknown speaker {args.speaker!r}: give an actor id (e.g. xi_jinping) "
                "or a speaker's name as the quotes table shows it (e.g. 'Xi Jinping')"
            )
    if args.pairs:
        table = quotes.pairs(table, found["reported"], corpus.documents)
    _write(table.round(3), args)
    return 0


def _report(args: argparse.Namespace) -> int:
    from newslens.report import Interrupted, NotebookError, build_report

    try:
        written = build_report(
            data_dir=args.data, out_dir=args.out, date_from=args.date_from, date_to=args.date_to,
            outlets=args.outlets, count=args.count, params=_params(args.params),
        )  # fmt: skip
    except ValueError as exc:
        raise InputError(str(exc)) from None
    except NotebookError as exc:
        print(f"newslens: error: {exc}", file=sys.stderr)
        return 1
    except Interrupted as exc:  # the staging folder is gone and --out as it was
        print(f"newslens: report stopped by {exc}", file=sys.stderr)
        return 128 + exc.signum
    for page in written:
        print(page)
    return 0


def _params(given: list[str]) -> dict:
    """``NAME=JSON`` pairs as a dict.

    Raises:
        InputError: a pair without ``=``, a name that is not one, or a value that is not JSON.
    """
    import json

    params = {}
    for pair in given:
        name, equals, value = pair.partition("=")
        if not equals or not name.isidentifier():
            raise InputError(f"--param takes NAME=JSON, not {pair!r}")
        try:
            params[name] = json.loads(value)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"--param {name}: not JSON ({exc.msg}): {value!r}; quote strings: '\"text\"'"
            ) from None
    return params


def _write(table: pd.DataFrame, args: argparse.Namespace) -> None:
    """Print a table to stdout as ``--format`` says: an aligned table, CSV or JSON records.

    CSV cells that a spreadsheet would run as a formula (text starting with
    ``= + - @``, a tab or a carriage return) get a leading ``'``, as
    spreadsheet-safe exporters do, unless ``--raw-csv``; the aligned table
    escapes control characters so that article text cannot drive the terminal.
    """
    try:
        if args.format == "csv":
            (table if args.raw_csv else _text_cells(table, _defused)).to_csv(sys.stdout, index=False)
        elif args.format == "json":
            sys.stdout.write(table.to_json(orient="records", date_format="iso", force_ascii=False, indent=1))
            sys.stdout.write("\n")
        elif table.empty:
            sys.stdout.write("(no rows)\n")
        else:
            with pd.option_context("display.max_colwidth", 60, "display.width", 200):
                sys.stdout.write(_text_cells(table, printable).to_string(index=False) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (head, less) has all it wanted: not an error
        _silence()


def _silence() -> None:
    """Point stdout and stderr at /dev/null, so that Python's final flush of a closed pipe is quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        os.dup2(devnull, stream.fileno())


def _text_cells(table: pd.DataFrame, change) -> pd.DataFrame:
    """The table with ``change`` applied to every text cell (numbers and dates stay as they are)."""
    table = table.copy()
    for column in table.select_dtypes(include=["object", "string"]).columns:
        table[column] = table[column].map(lambda v: change(v) if isinstance(v, str) else v)
    return table


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _defused(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


#: C0 and C1 controls (but tab) and the bidirectional controls that can reorder a line: a newline in
#: a file name must not start a message line of its own.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text safe to show in a terminal: control characters written as escapes (``\\x1b``, ``\\u202e``)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _say(message: str) -> None:
    """A message on stderr, prefixed with the program's name, control characters escaped."""
    print(f"newslens: {printable(message)}", file=sys.stderr)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    _say(f"warning: {message}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
