"""newslens.cli: output formats and exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import pytest

from conftest import ARTICLE
from newslens.cli import main


def test_corpus_table_lists_every_document(data_copy, capsys):
    assert main(["corpus", "--data", str(data_copy)]) == 0
    out = capsys.readouterr().out
    for doc_id in ("cgtn-2023-03-22", "telesur-2023-03-21", "afp-2024-10-02"):
        assert doc_id in out
    assert out.splitlines()[0].split()[:4] == ["doc_id", "title", "outlet", "published"]


def test_corpus_csv_and_json_carry_the_same_rows(data_copy, capsys):
    main(["corpus", "--data", str(data_copy), "--format", "csv"])
    csv_rows = pd.read_csv(io.StringIO(capsys.readouterr().out))
    main(["corpus", "--data", str(data_copy), "--format", "json"])
    json_rows = json.loads(capsys.readouterr().out)
    assert list(csv_rows["doc_id"]) == [row["doc_id"] for row in json_rows]
    assert {"sentences", "words", "removed", "language"} <= set(csv_rows.columns)
    assert json_rows[0]["published"] == "2023-03-21"


def test_removed_lists_the_audit_trail(data_copy, capsys):
    assert main(["corpus", "--data", str(data_copy), "--removed", "--format", "csv"]) == 0
    removed = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(removed.columns) == ["doc_id", "start", "end", "text", "reason"]
    assert "hashtag run" in set(removed["reason"])


def test_terms_kwic_and_keyness_commands(data_copy, capsys):
    assert main(["terms", "--data", str(data_copy), "--top", "3", "--format", "json"]) == 0
    top = json.loads(capsys.readouterr().out)
    assert [row["term"] for row in top] == ["china", "russia", "xi"]
    assert main(["terms", "--data", str(data_copy), "--by", "outlet", "--ngram", "2", "--format", "csv"]) == 0
    bigrams = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert {"group", "ngram", "count", "per_10k"} <= set(bigrams.columns)
    assert main(["kwic", "Belt and Road", "--data", str(data_copy), "--window", "3", "--format", "json"]) == 0
    lines = json.loads(capsys.readouterr().out)
    assert lines and all(line["keyword"].lower() == "belt and road" for line in lines)
    assert main(["keyness", "--data", str(data_copy), "--target", "2023-03", "--format", "csv"]) == 0
    keywords = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert {"positive", "negative"} == set(keywords["direction"])


@pytest.mark.parametrize("by", ["sentence", "doc", "outlet", "month", "target", "speaker"])
def test_sentiment_command_says_what_it_left_out(data_copy, capsys, by):
    assert main(["sentiment", "--data", str(data_copy), "--by", by, "--format", "json"]) == 0
    out, err = capsys.readouterr()
    rows = json.loads(out)
    assert rows and all(-1 <= row.get("mean", row.get("compound")) <= 1 for row in rows)
    assert "1 sentences not in English left out (1 ko)" in err


@pytest.mark.parametrize("table", ["--events", "--timexes", "--figures"])
def test_timeline_command(data_copy, capsys, table):
    assert main(["timeline", table, "--data", str(data_copy), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows
    if table == "--events":
        assert {"event_id", "value", "start_date", "label", "evidence"} <= set(rows[0])
    if table == "--figures":
        assert {row["kind"] for row in rows} == {"value", "target"}


def test_actors_and_quotes_commands(data_copy, capsys):
    assert main(["actors", "--data", str(data_copy), "--format", "json"]) == 0
    counted = json.loads(capsys.readouterr().out)
    assert counted[0]["actor_id"] in {"china", "russia", "xi_jinping"} and counted[0]["mentions"] > 20
    assert main(["actors", "--pairs", "--data", str(data_copy), "--format", "csv"]) == 0
    assert "actor_a,actor_b,sentences" in capsys.readouterr().out
    assert main(["quotes", "--speaker", "vladimir_putin", "--data", str(data_copy), "--format", "json"]) == 0
    assert {row["speaker"] for row in json.loads(capsys.readouterr().out)} == {"vladimir_putin"}
    assert main(["quotes", "--pairs", "--data", str(data_copy), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["similarity"] >= 0.45
    assert main(["quotes", "--speaker", "putin", "--data", str(data_copy)]) == 2
    assert "unknown speaker 'putin'" in capsys.readouterr().err


def test_unknown_keyness_target_exits_2(data_copy, capsys):
    assert main(["keyness", "--data", str(data_copy), "--target", "Reuters"]) == 2
    assert "no documents match 'Reuters'" in capsys.readouterr().err


def test_bad_input_exits_2_naming_file_and_line(make_data, capsys):
    data = make_data({"raw/a.txt": ARTICLE}, rows=["a,raw/a.txt,A,O,18/10/2023,,,,"])
    assert main(["corpus", "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert f"{data / 'corpus.csv'}:2:" in err and "18/10/2023" in err
    assert not (data / "processed").exists()


def test_missing_data_folder_exits_2(tmp_path, capsys):
    assert main(["corpus", "--data", str(tmp_path / "nowhere")]) == 2
    assert "no such data folder" in capsys.readouterr().err


def test_installed_command_runs_and_warns_on_stderr(make_data):
    data = make_data({"raw/a.txt": ARTICLE}, rows=[])
    result = subprocess.run(
        [sys.executable, "-m", "newslens.cli", "corpus", "--data", str(data), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)[0]["doc_id"] == "a"
    assert "newslens: warning: 1 file(s) not in" in result.stderr


def test_unknown_option_exits_2(capsys):
    try:
        main(["corpus", "--colour"])
    except SystemExit as exit_:
        assert exit_.code == 2
    else:
        raise AssertionError("argparse accepted an unknown option")
