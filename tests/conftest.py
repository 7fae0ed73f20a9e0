"""Shared fixtures: a private copy of the project's data, and a data-folder builder."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pytest

from newslens import load_corpus, paths

matplotlib.use("Agg")

PROJECT_DATA = paths.PROJECT_ROOT / "data"
MANIFEST_HEADER = "doc_id,path,title,outlet,published,date_basis,language,url,notes\n"


@pytest.fixture(autouse=True)
def _close_figures():
    """Charts are built by many tests; free them after each."""
    yield
    plt.close("all")


@pytest.fixture(scope="session")
def data_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's data folder copied aside, so tests never write into the project."""
    target = tmp_path_factory.mktemp("project") / "data"
    shutil.copytree(PROJECT_DATA, target, ignore=shutil.ignore_patterns("processed"))
    return target


@pytest.fixture(scope="session")
def corpus(data_copy: Path):
    """The built-in corpus, loaded once."""
    return load_corpus(data_copy)


@pytest.fixture(scope="session")
def analyses(corpus) -> dict:
    """The analyses' tables of the built-in corpus, made by their functions directly, not the pipeline."""
    from newslens import actors, quotes, schema, sentiment, timeline

    gazetteer = actors.load_gazetteer(paths.gazetteer_path(corpus.path))
    mentioned = actors.mentions(corpus.sentences, gazetteer)
    return {
        "timexes": timeline.timexes(corpus.documents, corpus.sentences),
        "mentions": mentioned,
        "quotes": quotes.quotes(corpus.documents, corpus.sentences, mentioned, gazetteer),
        "sentiment": sentiment.sentence_scores(corpus.sentences)[schema.columns("sentiment")],
    }


@pytest.fixture
def make_data(tmp_path: Path) -> Callable[..., Path]:
    """Build a data folder: ``make_data({"raw/a.txt": "text"}, manifest_rows=[...])``.

    Values may be str (written as UTF-8) or bytes. ``manifest`` replaces the
    whole manifest text; ``rows`` are CSV lines appended under the header.
    """

    def build(
        files: dict[str, str | bytes], *, rows: list[str] | None = None, manifest: str | bytes | None = None
    ) -> Path:
        data = tmp_path / "data"
        (data / "raw").mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            target = data / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        if manifest is not None:
            mode = "wb" if isinstance(manifest, bytes) else "w"
            with open(data / paths.MANIFEST, mode) as handle:
                handle.write(manifest)
        elif rows is not None:
            (data / paths.MANIFEST).write_text(
                MANIFEST_HEADER + "".join(r + "\n" for r in rows), encoding="utf-8"
            )
        return data

    return build


ARTICLE = (
    "Ministers meet in Geneva\n\n"
    "The foreign ministers of both countries met in Geneva on Tuesday to discuss trade. "
    "They agreed to meet again in the spring.\n"
)


FIXTURES = Path(__file__).parent / "fixtures"
MARKUP_ARTICLE = (
    "Markup in the wires\n\n"
    "The ministry wrote <script>alert('owned')</script> in a statement about Russia "
    "and used <b>bold</b> words. "
    "“<i>We reject</i> the plan,” said Putin on Tuesday.\n"
)
MARKUP_ROW = (
    'markup,raw/markup.txt,"Markup <script>alert(1)</script> test",Test <b>Wire</b>,2021-06-01,'
    '"<img src=x onerror=alert(2)>",en,,\n'
)


@pytest.fixture(scope="session")
def built_report(data_copy: Path, tmp_path_factory: pytest.TempPathFactory):
    """The report of the built-in corpus, built once: (folder, pages)."""
    from newslens.report import build_report

    out = tmp_path_factory.mktemp("site") / "reports"
    return out, build_report(data_dir=data_copy, out_dir=out)


@pytest.fixture(scope="session")
def other_report(tmp_path_factory: pytest.TempPathFactory):
    """The report of a corpus of another kind and size: 60 Wikinews articles of 2019-2020 and one full
    of markup, built once."""
    from newslens.report import build_report

    data = tmp_path_factory.mktemp("other") / "data"
    shutil.copytree(FIXTURES / "wikinews60", data)
    (data / "raw" / "markup.txt").write_text(MARKUP_ARTICLE, encoding="utf-8")
    with open(data / paths.MANIFEST, "a", encoding="utf-8") as manifest:
        manifest.write(MARKUP_ROW)
    out = data.parent / "reports"
    return out, build_report(data_dir=data, out_dir=out)
