"""newslens.cli: output formats and exit codes."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import ARTICLE, MANIFEST_HEADER
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
    putin = json.loads(capsys.readouterr().out)
    assert putin and {row["actor_id"] for row in putin} == {"vladimir_putin"}
    assert all("Putin" in row["speaker"] for row in putin)  # the name as the article gives it
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


@pytest.mark.slow
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


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["terms", "--top", "-1"], "argument --top: -1 is out of range: give 1 to 100000"),
        (["terms", "--top", "0"], "argument --top: 0 is out of range"),
        (["terms", "--ngram", "0"], "argument --ngram: 0 is out of range: give 1 to 10"),
        (["terms", "--ngram", "two"], "argument --ngram: 'two' is not a whole number"),
        (["kwic", "china", "--window", "-3"], "argument --window: -3 is out of range: give 0 to 100"),
        (["keyness", "--target", "2023", "--top", "1e9"], "argument --top: '1e9' is not a whole number"),
    ],
)
def test_numeric_options_out_of_range_exit_2_with_the_range(data_copy, capsys, options, message):
    with pytest.raises(SystemExit) as exit_:
        main([*options, "--data", str(data_copy)])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_kwic_without_hits_is_an_empty_answer_not_a_crash(data_copy, capsys):
    assert main(["kwic", "zeppelin", "--data", str(data_copy)]) == 0
    assert capsys.readouterr().out == "(no rows)\n"
    assert main(["kwic", "zeppelin", "--data", str(data_copy), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


HOSTILE_TITLE = '=HYPERLINK("http://example.com","click")\x1b[2J\u202eevil'


def test_csv_cells_that_a_spreadsheet_would_run_are_defused(make_data, capsys):
    data = make_data(
        {"raw/a.txt": ARTICLE},
        rows=[f'a,raw/a.txt,"{HOSTILE_TITLE.replace(chr(34), 2 * chr(34))}",@outlet,,,,,'],
    )
    assert main(["corpus", "--data", str(data), "--format", "csv"]) == 0
    row = pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False).iloc[0]
    assert row["title"] == "'" + HOSTILE_TITLE and row["outlet"] == "'@outlet"
    assert row["sentences"] > 0  # numbers are left as numbers
    assert main(["corpus", "--data", str(data), "--format", "csv", "--raw-csv"]) == 0
    raw = pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False).iloc[0]
    assert raw["title"] == HOSTILE_TITLE


def test_control_characters_never_reach_the_terminal(make_data, capsys):
    hostile = "Evil\x1b[31m\u202etitle\x07\n\n" + ARTICLE
    data = make_data({"raw/a\x1b[2Jb.txt": hostile}, rows=[])
    assert main(["corpus", "--data", str(data)]) == 0
    out, err = capsys.readouterr()
    assert "Evil\\x1b[31m\\u202etitle\\x07" in out
    assert "a\\x1b[2Jb.txt" in err  # the warning naming the unlisted file
    for shown in (out, err):
        assert "\x1b" not in shown and "\u202e" not in shown and "\x07" not in shown


# --- hostile input, generated ------------------------------------------------------------

_NEWS = (
    'BEIJING, Oct. 18 (Reuters) - "We will deepen cooperation," Foreign Ministry spokeswoman Mao Ning '
    "said on Wednesday, a day after the talks.\nTrade grew 26% to $190 billion in 2023, the ministry said.\n"
)
_ARTICLES = st.builds(
    lambda text, extra: text + extra, st.sampled_from([ARTICLE, _NEWS]), st.text(max_size=200)
)
_TEXTS = st.one_of(
    _ARTICLES,
    _ARTICLES,
    _ARTICLES,
    st.text(min_size=0, max_size=300),
    st.binary(min_size=0, max_size=300),
    st.sampled_from(
        [
            '{"doc_id": "j", "text": "' + ARTICLE.replace("\n", "\\n") + '"}\n{"oops"\n',
            "<html><body><p>" + ARTICLE + "</p></body></html>",
            "\ufeff" + ARTICLE,
            "[" * 5000,
            '=cmd|" /C calc"!A0\n\n' + ARTICLE,
        ]
    ),
)
_FILES = st.dictionaries(
    st.tuples(
        st.sampled_from(["a", "b", "sub/c", "..x", "é ü"]),
        st.sampled_from([".txt", ".md", ".html", ".jsonl", ".pdf"]),
    ).map("".join),
    _TEXTS,
    min_size=1,
    max_size=4,
)
_VALID_FILES = st.dictionaries(st.sampled_from(["a.txt", "b.md", "sub/c.txt"]), _ARTICLES, min_size=1)
_FIELD = st.one_of(
    st.sampled_from(["", "2023-10-18", "1500-01-01", "18/10/2023", "a", "raw/a.txt", "../x", "=1+1"]),
    st.text(max_size=12),
)
_ROW = st.tuples(
    st.text(max_size=6),
    st.sampled_from(["raw/a.txt", "raw/b.md", "raw/sub/c.html", "raw/a.jsonl", "../x", "/etc/hostname"]),
    *[_FIELD] * 7,
).map(lambda row: ",".join(f'"{value.replace(chr(34), "")}"' for value in row) + "\n")
_MANIFEST = st.one_of(
    st.none(),
    st.binary(max_size=80),
    st.lists(_ROW, max_size=4).map(lambda rows: MANIFEST_HEADER + "".join(rows)),
    st.lists(st.lists(_FIELD, max_size=10).map(",".join), max_size=3).map(
        lambda rows: "\n".join(["x,y", *rows])
    ),
)
_NUMBER = st.integers(min_value=1, max_value=30).map(str) | st.sampled_from(["0", "-1", "x", "1e3", ""])
_COMMANDS = st.one_of(
    st.tuples(st.just("corpus"), st.sampled_from([[], ["--removed"]])),
    st.tuples(
        st.just("terms"),
        st.lists(st.sampled_from(["--top", "--ngram"]), max_size=2).flatmap(
            lambda names: st.tuples(*[st.tuples(st.just(n), _NUMBER) for n in names]).map(
                lambda p: [x for pair in p for x in pair]
            )
        ),
    ),
    st.tuples(
        st.just("kwic"),
        st.tuples(st.text(max_size=10), _NUMBER).map(lambda p: [p[0] or "x", "--window", p[1]]),
    ),
    st.tuples(
        st.just("keyness"),
        st.sampled_from([["--target", "a"], ["--target", "2023"], ["--target", "nothing"]]),
    ),
    st.tuples(
        st.just("sentiment"),
        st.sampled_from([["--by", b] for b in ("doc", "outlet", "month", "target", "speaker")]),
    ),
    st.tuples(
        st.just("timeline"), st.sampled_from([["--events"], ["--timexes"], ["--figures"], ["--periods"]])
    ),
    st.tuples(st.just("actors"), st.sampled_from([[], ["--pairs"]])),
    st.tuples(st.just("quotes"), st.sampled_from([[], ["--pairs"], ["--speaker", "nobody"]])),
)


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data_folder=st.tuples(_VALID_FILES, st.none()) | st.tuples(_VALID_FILES | _FILES, _MANIFEST),
    command=_COMMANDS,
    fmt=st.sampled_from(["table", "csv", "json"]),
)
@pytest.mark.slow
def test_any_input_exits_0_or_2_and_writes_only_the_cache(data_folder, command, fmt):
    files, manifest = data_folder
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = root / "data"
        (data / "raw").mkdir(parents=True)
        for name, content in files.items():
            target = data / "raw" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(
                content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
            )
        if manifest is not None:
            (data / "corpus.csv").write_bytes(
                manifest.encode("utf-8", "surrogatepass") if isinstance(manifest, str) else manifest
            )
        before = _snapshot(root)
        name, options = command
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
            try:
                code = main([name, *options, "--data", str(data), "--format", fmt])
            except SystemExit as exit_:  # argparse refusing an option
                code = exit_.code
        event(f"{name} exit {code}")
        assert code in (0, 2), err.getvalue()
        after = _snapshot(root)
        assert {k: v for k, v in after.items() if k in before} == before  # nothing changed or removed
        assert all(k.startswith("data/processed/") for k in after.keys() - before.keys())


def test_a_file_given_as_data_folder_exits_2(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text(ARTICLE, encoding="utf-8")
    assert main(["corpus", "--data", str(tmp_path / "notes.txt")]) == 2
    assert "a file, not a data folder" in capsys.readouterr().err


def test_a_file_that_cannot_be_read_exits_2_naming_it(make_data, capsys, monkeypatch):
    data = make_data({"raw/a.txt": ARTICLE}, rows=[])
    target = data / "raw" / "a.txt"
    read_bytes = Path.read_bytes

    def unreadable(path, *args, **kwargs):
        if path.name == "a.txt":
            raise OSError(36, "File name too long", str(path))
        return read_bytes(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    assert main(["corpus", "--data", str(data)]) == 2
    assert f"newslens: error: {target}: File name too long" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "value"), [("--from", "-1"), ("--to", "2023-02-30"), ("--from", "garbage")]
)
def test_report_dates_are_checked_before_any_notebook_runs(data_copy, tmp_path, capsys, option, value):
    assert main(["report", "--data", str(data_copy), "--out", str(tmp_path / "r"), option, value]) == 2
    assert f"date {value!r} does not parse" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_report_out_that_cannot_be_made_exits_2(data_copy, tmp_path, capsys):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert main(["report", "--data", str(data_copy), "--out", str(tmp_path / "afile" / "r")]) == 2
    assert "it cannot be made" in capsys.readouterr().err


def test_a_reader_closing_the_pipe_early_is_not_an_error(data_copy):
    command = [sys.executable, "-m", "newslens.cli", "corpus", "--removed", "--data", str(data_copy)]
    reader = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.close()  # like `| head -0`
    assert reader.wait() == 0
    assert b"Traceback" not in reader.stderr.read()


def test_duplicates_command_finds_a_reprinted_article(make_data, capsys):
    story = ARTICLE + "The ministers also agreed to open two new border crossings before the year ends.\n"
    reprint = "Reprinted from the wire\n\n" + story.split("\n", 2)[2]
    other = ARTICLE.replace("Geneva", "Oslo").replace("trade", "fishing quotas")
    data = make_data({"raw/a.txt": story, "raw/b.txt": reprint, "raw/c.txt": other}, rows=[])
    assert main(["duplicates", "--data", str(data), "--format", "json"]) == 0
    pairs = json.loads(capsys.readouterr().out)
    assert [{pair["doc_a"], pair["doc_b"]} for pair in pairs] == [{"a", "b"}]
    assert main(["duplicates", "--stories", "--data", str(data), "--format", "csv"]) == 0
    stories = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert sorted(stories["n_documents"]) == [1, 2]


def test_count_stories_weighs_copies_of_one_text_once(tmp_path, capsys):
    from test_duplicates import SYNDICATED, _mentions, write_syndicated

    data = write_syndicated(tmp_path / "data")
    assert main(["terms", "--data", str(data), "--format", "json", "--top", "200"]) == 0
    copies = {r["term"]: r["count"] for r in json.loads(capsys.readouterr().out)}
    assert main(["terms", "--data", str(data), "--format", "json", "--top", "200", "--count", "stories"]) == 0
    stories = {r["term"]: r["count"] for r in json.loads(capsys.readouterr().out)}
    copied = [d for d in SYNDICATED if d in ("wire", "reprint", "excerpt", "rerun")]
    assert copies["pipeline"] == sum(_mentions("pipeline", copied))
    assert stories["pipeline"] == pytest.approx(copies["pipeline"] / 4)
    assert main(["sentiment", "--data", str(data), "--by", "month", "--count", "stories"]) == 0
    with pytest.raises(SystemExit) as refused:  # argparse names the choices
        main(["terms", "--data", str(data), "--count", "articles"])
    assert refused.value.code == 2


@pytest.mark.parametrize(
    ("param", "says"),
    [("followed=[trade]", "not JSON"), ("followed", "NAME=JSON"), ('data_dir="x"', "its own option")],
)
def test_report_parameters_are_checked_before_anything_runs(param, says, data_copy, tmp_path, capsys):
    assert main(["report", "--data", str(data_copy), "--out", str(tmp_path / "r"), "--param", param]) == 2
    assert says in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_sentiment_by_target_in_a_folder_without_targets(tmp_path, capsys):
    from test_duplicates import write_syndicated

    data = write_syndicated(tmp_path / "data")
    assert main(["sentiment", "--data", str(data), "--by", "target", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert "targets: the 8 people, organisations and places named in the most articles" in err
    assert json.loads(out)
