"""The pipeline: the stages that turn articles into the tables of :mod:`newslens.schema`, declared once.

Each :class:`Stage` names the tables it needs and those it produces, a
version, and the module that holds its code. :func:`newslens.load_corpus`,
:func:`newslens.read_text` and :func:`newslens.ingest.ingest` run these
stages, through :func:`run` (and :func:`article_rows` for the first stage,
one article at a time, which ingest needs to reject one bad article alone).

What a stage produces depends on its input, its version, its module and the
newslens modules that one imports, the package's data files, the libraries
doing the work, and the stages it needs: :func:`key` hashes that. The
Parquet cache and a store's stamps are keyed by the stages they ran, so a
change to a chart, the CLI or the report recomputes nothing, while a change
to the tokenizer, or to any stage's code, rebuilds the cache or re-ingests
every article (each holds every stage's tables together). Bump a stage's
version when its output changes for a reason its code does not show.

Stages of ``scope="article"`` work on any set of articles alone (ingest runs
them chunk by chunk, in workers); those of ``scope="corpus"`` need every
article at once, and a store does their work when it is read
(:mod:`newslens.store`).
"""

from __future__ import annotations

import hashlib
import re
import sys
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Literal

import pandas as pd

from newslens import paths, schema


def _no_names():
    """The name tokenizer of an empty gazetteer."""
    from newslens import text

    return text.mwe_tokenizer([])


@dataclass(frozen=True)
class Setup:
    """What stages need besides the tables: the gazetteer and the name tokenizers made from it."""

    gazetteer: pd.DataFrame | None = None
    single_names: list[str] = field(default_factory=list)
    mwes: object = field(default_factory=_no_names)
    #: Lines each outlet repeats across its articles, which cleaning cuts (:func:`corpus.outlet_furniture`).
    furniture: dict[str, frozenset[str]] = field(default_factory=dict)
    #: Processes the first stage runs its articles in (:mod:`newslens.workers`); ingest's chunks use 1.
    jobs: int = 1


def make_setup(
    gazetteer: pd.DataFrame | None, furniture: dict[str, frozenset[str]] | None = None, *, jobs: int = 1
) -> Setup:
    """The setup for a gazetteer (None: no actors file)."""
    from newslens import corpus

    single_names, mwes = corpus.name_tokenizers(gazetteer)
    return Setup(gazetteer, single_names, mwes, furniture or {}, jobs)


Tables = dict[str, object]


@dataclass(frozen=True)
class Stage:
    """One step of the pipeline: what it needs and produces, its version and its code."""

    name: str
    needs: tuple[str, ...]
    produces: tuple[str, ...]
    version: str
    module: str  # the newslens module holding its code (with what it imports)
    run: Callable[[Tables, Setup], Tables] = field(repr=False, compare=False)
    scope: Literal["article", "corpus"] = "article"


# --- what each stage runs -----------------------------------------------------------------------


#: Articles a worker takes at a time in the first stage, at most.
CHUNK = 200


def _articles(tables: Tables, setup: Setup) -> Tables:
    """Clean and tokenize each article (``articles``: a list of :class:`newslens.corpus.Source`), in
    this process or, with ``setup.jobs`` above 1, in worker processes (:func:`chunk_rows`)."""
    from newslens import corpus

    sources = tables["articles"]
    if setup.jobs == 1:
        rows = [article_rows(source, setup) for source in sources]
    else:
        rows = _rows_in_workers(sources, setup)
    return corpus.rows_to_tables(sorted(rows, key=corpus.by_date))


def _rows_in_workers(sources: list, setup: Setup) -> list[tuple]:
    """:func:`article_rows` of the sources in ``setup.jobs`` worker processes.

    Each chunk's warnings are given here, in the articles' order, as if from
    where they were raised (so that filters by module apply); an error is
    raised after the warnings of the articles before it, the earliest first.
    """
    from newslens import workers

    size = max(1, min(CHUNK, -(-len(sources) // (4 * setup.jobs))))
    chunks = [sources[start : start + size] for start in range(0, len(sources), size)]
    done = dict(workers.in_pool(chunk_rows, chunks, replace(setup, jobs=1), jobs=setup.jobs))
    rows = []
    for number in range(len(chunks)):
        found, caught, error = done.pop(number)
        for category, message, filename, lineno, module in caught:
            place = sys.modules.get(module)
            registry = place.__dict__.setdefault("__warningregistry__", {}) if place else None
            warnings.warn_explicit(message, category, filename, lineno, module=module, registry=registry)
        if error is not None:
            raise error
        rows.extend(found)
    return rows


def chunk_rows(sources: list, setup: Setup) -> tuple[list[tuple], list[tuple], Exception | None]:
    """In a worker: :func:`article_rows` of some articles up to the first that fails, the warnings
    they gave (category, message, file, line, module) and the error (None when all went well)."""
    rows, error = [], None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            for source in sources:
                rows.append(article_rows(source, setup))
        except Exception as exc:  # raised by the main process, after the warnings before it
            error = exc
    modules = {getattr(m, "__file__", None): name for name, m in list(sys.modules.items())} if caught else {}
    found = [(w.category, str(w.message), w.filename, w.lineno, modules.get(w.filename)) for w in caught]
    return rows, found, error


def article_rows(source, setup: Setup) -> tuple[dict, list, list, dict]:
    """The first stage for one article: its document row and its removed, sentence and token rows."""
    from newslens import corpus

    furniture = setup.furniture.get(source.outlet, frozenset())
    return corpus.article_rows(source, setup.single_names, setup.mwes, furniture=furniture)


def _lemmas(tables: Tables, setup: Setup) -> Tables:
    from newslens import text

    return {"tokens": text.add_lemmas(tables["tokens"])}


def _stories(tables: Tables, setup: Setup) -> Tables:
    from newslens import duplicates

    documents = tables["documents"]
    story = duplicates.story_ids(documents, duplicates.copies(documents))
    return {"documents": documents.assign(story_id=story)}


def _timexes(tables: Tables, setup: Setup) -> Tables:
    from newslens import timeline

    return {"timexes": timeline.timexes(tables["documents"], tables["sentences"])}


def _mentions(tables: Tables, setup: Setup) -> Tables:
    from newslens import actors

    return {"mentions": actors.mentions(tables["sentences"], setup.gazetteer)}


def _quotes(tables: Tables, setup: Setup) -> Tables:
    from newslens import quotes

    found = quotes.quotes(tables["documents"], tables["sentences"], tables["mentions"], setup.gazetteer)
    return {"quotes": found}


def _sentiment(tables: Tables, setup: Setup) -> Tables:
    from newslens import sentiment

    return {"sentiment": sentiment.sentence_scores(tables["sentences"])[schema.columns("sentiment")]}


def _signatures(tables: Tables, setup: Setup) -> Tables:
    from newslens import duplicates

    return {"signatures": duplicates.signatures(tables["documents"])}


#: Every stage, in an order that runs each after the stages it needs.
STAGES: dict[str, Stage] = {
    stage.name: stage
    for stage in (
        Stage("articles", ("articles",), schema.CORPUS, "1", "corpus", _articles),
        Stage("lemmas", ("tokens",), ("tokens",), "1", "text", _lemmas, scope="corpus"),
        Stage("stories", ("documents",), ("documents",), "1", "duplicates", _stories, scope="corpus"),
        Stage("timexes", ("documents", "sentences"), ("timexes",), "1", "timeline", _timexes),
        Stage("mentions", ("sentences",), ("mentions",), "1", "actors", _mentions),
        Stage("quotes", ("documents", "sentences", "mentions"), ("quotes",), "1", "quotes", _quotes),
        Stage("sentiment", ("sentences",), ("sentiment",), "1", "sentiment", _sentiment),
        Stage("signatures", ("documents",), ("signatures",), "1", "duplicates", _signatures),
    )
}
#: What :func:`newslens.load_corpus` runs, the analyses a store holds, and what ingest runs for each chunk.
LOAD = ("articles", "lemmas", "stories")
ANALYSES = ("timexes", "mentions", "quotes", "sentiment")
INGEST = ("articles", *ANALYSES, "signatures")


def run(names: Iterable[str], tables: Tables, setup: Setup) -> Tables:
    """Run the stages ``names`` in the declared order; each adds (or replaces) the tables it produces.

    Raises:
        KeyError: a stage needs a table that neither ``tables`` nor an earlier stage holds.
    """
    for stage in _ordered(names):
        missing = [need for need in stage.needs if need not in tables]
        if missing:
            raise KeyError(f"stage {stage.name!r} needs {', '.join(missing)}")
        tables = tables | stage.run(tables, setup)
    return tables


def to_make(table: str, *, have: Iterable[str]) -> list[str]:
    """The stage that produces ``table`` and the article stages upstream of it that have not made
    their tables yet (``have``: the tables there are), in the order they run."""
    (stage,) = [stage.name for stage in STAGES.values() if table in stage.produces]
    made = set(have)
    return [s.name for s in _ordered(_with_upstream([stage])) if not set(s.produces) & made]


def run_in_chunks(names: Iterable[str], tables: Tables, setup: Setup, *, size: int = CHUNK) -> Tables:
    """:func:`run` of article stages on ``size`` articles at a time, their tables put together.

    The same tables as one run over every article (an article stage's rows
    depend on its article alone, which is what lets ingest run them chunk by
    chunk), in a fraction of the memory, and faster: finding quotations reads
    the words that finding actors split each sentence into, from a cache that
    holds a chunk's sentences, not a whole corpus's.

    Raises:
        ValueError: a stage needs every article at once (``scope="corpus"``).
    """
    stages = _ordered(names)
    whole = [stage.name for stage in stages if stage.scope != "article"]
    if whole:
        raise ValueError(f"stage {', '.join(whole)} needs every article at once")
    doc_ids = pd.unique(pd.concat([table["doc_id"] for table in tables.values()], ignore_index=True))
    chunk_of = pd.Series(range(len(doc_ids)), index=doc_ids) // size
    parts = {
        name: dict(list(table.groupby(table["doc_id"].map(chunk_of), sort=False)))
        for name, table in tables.items()
    }
    results = [
        run(names, {name: parts[name].get(number, table.iloc[:0]).reset_index(drop=True)
                    for name, table in tables.items()}, setup)
        for number in range(max(1, -(-len(doc_ids) // size)))
    ]  # fmt: skip
    produced = [name for stage in stages for name in stage.produces]
    return tables | {name: _concat([result[name] for result in results]) for name in produced}


def _concat(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """The tables one after the other (the empty ones left out: pandas warns of their columns' types)."""
    filled = [table for table in tables if len(table)] or tables[:1]
    return pd.concat(filled, ignore_index=True) if len(filled) > 1 else filled[0].reset_index(drop=True)


def _ordered(names: Iterable[str]) -> list[Stage]:
    wanted = set(names)
    unknown = wanted - set(STAGES)
    if unknown:
        raise KeyError(f"no stage {', '.join(sorted(unknown))}")
    return [stage for name, stage in STAGES.items() if name in wanted]


# --- what decides a stage's output ---------------------------------------------------------------


#: Libraries whose release can change what the stages produce: their versions count in :func:`key`.
LIBRARIES = ("nltk", "vaderSentiment", "lingua-language-detector", "trafilatura", "charset-normalizer")


def key(names: Iterable[str], *, modules: Iterable[str] = ()) -> str:
    """A hash of what decides the output of the stages ``names``, beside their input.

    That is: the names and versions of those stages and of the article stages
    producing what they need; the code of their modules and of every newslens
    module those import (with this one); ``modules`` (a caller's own code, such
    as ingest's); the package's data files; and the versions of
    :data:`LIBRARIES`. Read afresh on every call (a few milliseconds), so an
    edit in a running kernel counts too.
    """
    stages = sorted(_with_upstream(names))
    code = set(modules) | {__name__.rsplit(".", 1)[1]}
    for name in stages:
        code |= code_of(STAGES[name].module)
    digest = hashlib.blake2b(digest_size=16)
    for name in stages:
        digest.update(f"{name}:{STAGES[name].version}\n".encode())
    files = [paths.PACKAGE_DIR / f"{module}.py" for module in sorted(code)]
    files += sorted(file for file in (paths.PACKAGE_DIR / "data").rglob("*") if file.is_file())
    for file in files:
        digest.update(file.relative_to(paths.PACKAGE_DIR).as_posix().encode())
        digest.update(file.read_bytes())
    for library in LIBRARIES:
        digest.update(f"{library}=={_version(library)}\n".encode())
    return digest.hexdigest()


def _version(library: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "absent"


def _with_upstream(names: Iterable[str]) -> set[str]:
    """The stages, and every article stage that produces a table one of them needs (transitively).

    Corpus stages are left out: they add columns (readable lemmas, story ids)
    that no article stage reads, and a store does their work when it is read.
    """
    found: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found.add(name)
        stage = STAGES[name]
        position = list(STAGES).index(name)
        todo += [
            earlier.name
            for earlier in list(STAGES.values())[:position]
            if set(earlier.produces) & set(stage.needs) and earlier.scope == "article"
        ]
    return found


def code_of(module: str) -> set[str]:
    """The newslens modules whose code ``module`` runs: itself and what it imports, transitively.

    This module is followed no further: it imports every stage's code, and
    each stage counts its own.
    """
    found: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found.add(name)
        if name != __name__.rsplit(".", 1)[1]:
            source = paths.PACKAGE_DIR / f"{name}.py"
            todo += _imports(source, source.stat().st_mtime_ns)
    return found


_IMPORT = re.compile(
    r"^[ \t]*(?:from newslens(?:\.(?P<module>\w+))? import (?P<names>\([^)]*\)|[^\n]+)"
    r"|import newslens\.(?P<dotted>\w+))",
    re.MULTILINE,
)


@cache
def _imports(source: Path, mtime_ns: int) -> list[str]:
    """The newslens modules one module imports, at its top or inside a function (cached while unchanged)."""
    found = []
    for match in _IMPORT.finditer(source.read_text(encoding="utf-8")):
        if match["module"] or match["dotted"]:
            found.append(match["module"] or match["dotted"])
        else:
            names = re.sub(r"#[^\n]*", "", match["names"]).strip("()")
            found += [name.split(" as ")[0].strip() for name in names.split(",")]
    return [name for name in found if name and (source.parent / f"{name}.py").is_file()]
