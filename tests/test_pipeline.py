"""The declared stages: what they need and produce, and what a change to the code recomputes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from newslens import actors, ingest, load_corpus, paths, pipeline, schema


@pytest.fixture
def package(tmp_path, monkeypatch) -> Path:
    """A copy of the package's source that the stage keys are computed from, to edit freely."""
    copy = tmp_path / "newslens"
    shutil.copytree(paths.PACKAGE_DIR / "data", copy / "data")
    for module in paths.PACKAGE_DIR.glob("*.py"):
        shutil.copy(module, copy)
    monkeypatch.setattr(paths, "PACKAGE_DIR", copy)
    _forget_keys()
    yield copy
    _forget_keys()


def _forget_keys() -> None:
    pipeline._imports.cache_clear()  # its entries are keyed by file and time; a copy may share both


def stage_keys() -> dict[str, str]:
    """The key of each stage, and of what loading and ingesting run."""
    _forget_keys()
    keys = {name: pipeline.key([name]) for name in pipeline.STAGES}
    return keys | {"load": pipeline.key(pipeline.LOAD), "ingest": pipeline.key(pipeline.INGEST)}


def edited(package: Path, module: str) -> dict[str, str]:
    """The stage keys after appending a comment to one module."""
    with open(package / f"{module}.py", "a", encoding="utf-8") as source:
        source.write("\n# an edit\n")
    return stage_keys()


@pytest.mark.parametrize("module", ["plots", "charts", "cli", "report", "store", "explore", "findings"])
def test_a_change_to_a_chart_the_cli_or_the_report_recomputes_nothing(package, module):
    before = stage_keys()
    assert edited(package, module) == before


def test_a_change_to_the_tokenizer_recomputes_tokens_and_everything_made_from_them(package):
    before = stage_keys()
    after = edited(package, "text")
    assert {name for name in before if before[name] != after[name]} == {*pipeline.STAGES, "load", "ingest"}


def test_a_change_to_sentiment_recomputes_the_scores_and_the_quotations_alone(package):
    before = stage_keys()
    after = edited(package, "sentiment")
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"sentiment", "quotes", "ingest"}  # quotations carry a VADER score


def test_a_new_version_of_a_stage_recomputes_it_and_the_stages_after_it(package, monkeypatch):
    before = stage_keys()
    bumped = pipeline.STAGES["mentions"].__class__(**{**pipeline.STAGES["mentions"].__dict__, "version": "2"})
    monkeypatch.setitem(pipeline.STAGES, "mentions", bumped)
    after = stage_keys()
    assert {name for name in before if before[name] != after[name]} == {"mentions", "quotes", "ingest"}


def test_each_stage_needs_only_what_an_earlier_stage_or_the_articles_give():
    available = {"articles"}
    for stage in pipeline.STAGES.values():
        assert set(stage.needs) <= available, stage.name
        assert set(stage.produces) <= set(schema.TABLES), stage.name
        available |= set(stage.produces)


def test_running_a_stage_without_what_it_needs_names_it(corpus):
    with pytest.raises(KeyError, match=r"quotes.*mentions"):
        pipeline.run(
            ["quotes"], {"sentences": corpus.sentences, "documents": corpus.documents}, pipeline.Setup()
        )


@pytest.mark.slow
def test_after_an_upgrade_that_changed_only_a_chart_the_cache_and_the_store_are_reused(
    data_copy, tmp_path, package
):
    data = tmp_path / "data"
    shutil.copytree(data_copy, data)
    load_corpus(data)
    first = ingest.ingest(data, out=tmp_path / "store", jobs=1)
    edited(package, "plots")
    assert load_corpus(data).from_cache
    again = ingest.ingest(data, out=tmp_path / "store", jobs=1)
    assert (first.ingested, again.ingested, again.unchanged) == (5, 0, 5)
    edited(package, "timeline")  # the time expressions' stage: the store redoes every article
    assert load_corpus(data).from_cache  # loading runs no timeline stage
    assert ingest.ingest(data, out=tmp_path / "store", jobs=1).ingested == 5
    edited(package, "clean")
    assert not load_corpus(data).from_cache


def test_a_change_to_ingest_itself_redoes_a_store_but_not_the_cache(package, tmp_path):
    load, stamp = pipeline.key(pipeline.LOAD), ingest._config_digest(tmp_path)
    edited(package, "ingest")
    assert pipeline.key(pipeline.LOAD) == load
    assert ingest._config_digest(tmp_path) != stamp


def test_an_edit_counts_in_a_running_process_without_clearing_anything(package):
    before = pipeline.key(pipeline.LOAD)
    with open(package / "clean.py", "a", encoding="utf-8") as source:
        source.write("\n# an edit\n")
    assert pipeline.key(pipeline.LOAD) != before


def test_analyses_made_a_few_articles_at_a_time_are_those_of_one_run(corpus):
    tables = {"documents": corpus.documents, "sentences": corpus.sentences}
    setup = pipeline.make_setup(actors.load_gazetteer(paths.gazetteer_path(corpus.path)))
    stages = ["timexes", "mentions", "quotes", "sentiment"]
    whole = pipeline.run(stages, tables, setup)
    chunked = pipeline.run_in_chunks(stages, tables, setup, size=2)  # the five articles in three chunks
    for name in ("timexes", "mentions", "quotes", "sentiment"):
        assert len(whole[name]) and whole[name]["doc_id"].nunique() > 2, name
        pd.testing.assert_frame_equal(chunked[name], whole[name], obj=name)
    with pytest.raises(ValueError, match="stories needs every article"):
        pipeline.run_in_chunks(["stories"], {"documents": corpus.documents}, setup)


def test_an_analysis_is_made_with_the_analyses_it_needs_that_are_not_made_yet():
    assert pipeline.to_make("quotes", have=schema.CORPUS) == ["mentions", "quotes"]
    assert pipeline.to_make("quotes", have=[*schema.CORPUS, "mentions"]) == ["quotes"]
    assert pipeline.to_make("timexes", have=schema.CORPUS) == ["timexes"]
