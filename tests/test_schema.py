"""The declared tables are the tables: what loading, the analyses and a store produce matches them."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from newslens import paths, schema
from newslens import store as stored


def test_the_tables_page_is_written_from_the_declarations():
    page = (paths.PROJECT_ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    assert page == schema.markdown(), "docs/tables.md is out of date: run `make docs`"


@pytest.mark.parametrize("name", schema.CORPUS + schema.ANALYSES)
def test_each_table_has_the_declared_columns_and_its_key_names_one_row(name, corpus, analyses):
    table = getattr(corpus, name) if name in schema.CORPUS else analyses[name]
    declared = schema.TABLES[name]
    extra = ["story_id"] if name == "documents" else []
    assert list(table.columns) == declared.names + extra
    assert len(table) > 0
    assert not table.duplicated(list(declared.key)).any(), f"{name}: two rows share a key"


def test_every_part_of_a_store_has_the_declared_schema(data_copy, tmp_path):
    from newslens import ingest

    store = tmp_path / "store"
    ingest.ingest(data_copy, out=store, jobs=1, chunk_size=2)
    live = stored.read_parts(store)["live"]
    assert len(live) == 3
    for name in schema.STORE:
        for part in live:
            assert pq.read_schema(store / name / part).equals(schema.TABLES[name].schema), (name, part)
    copies = stored.read_copies(store)
    assert pq.read_schema(store / "copies" / f"{copies}.parquet").equals(schema.TABLES["copies"].schema)


def test_each_table_says_what_a_row_is_and_every_column_what_it_holds():
    for table in schema.TABLES.values():
        assert table.row and set(table.key) <= set(table.names), table.name
        assert all(column.about for column in table.columns), table.name
        assert len(set(table.names)) == len(table.names), table.name
