"""newslens.actors: the gazetteer and its errors."""

from __future__ import annotations

import pytest

from conftest import PROJECT_DATA
from newslens import InputError
from newslens.actors import load_gazetteer, name_forms


def test_project_gazetteer_loads_with_the_actors_an_analyst_needs():
    gazetteer = load_gazetteer(PROJECT_DATA / "actors.yml")
    assert {
        "xi_jinping",
        "vladimir_putin",
        "china",
        "russia",
        "united_states",
        "ukraine",
        "brics",
        "belt_and_road",
        "united_nations",
        "xinhua",
        "tass",
    } <= set(gazetteer["actor_id"])
    forms = name_forms(gazetteer)
    assert "One Belt, One Road" in forms and "Xi Jinping" in forms
    assert "the Chinese leader" not in forms  # roles are not names
    assert forms == sorted(forms, key=lambda f: (-len(f), f))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id: x\nname: X\n", "must be a YAML list"),
        ("- id: x\n  kind: person\n", "entry 1 (x) needs a non-empty 'name'"),
        ("- {id: x, name: X, kind: planet}\n", "entry 1 (x): kind must be one of"),
        ("- {id: X-1, name: X, kind: person}\n", "id must be lowercase"),
        ("- {id: x, name: X, kind: person, aliases: Xi}\n", "'aliases' must be a list"),
        ("- {id: x, name: X, kind: person, alias: [Xi]}\n", "unknown key(s) alias"),
        ("- {id: x, name: X, kind: person}\n- {id: x, name: Y, kind: place}\n", "duplicate actor id(s): x"),
        ("- just a string\n", "entry 1 is not a mapping"),
    ],
)
def test_malformed_entries_are_named(tmp_path, content, message):
    path = tmp_path / "actors.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=r"actors\.yml") as error:
        load_gazetteer(path)
    assert message in str(error.value)


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "actors.yml"
    path.write_text("- id: x\n  name: X\n  kind: [person\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"actors\.yml:\d+: not valid YAML"):
        load_gazetteer(path)


def test_counts_cooccurrence_and_network_on_the_built_in_corpus(corpus):
    from newslens.actors import by_group, cooccurrence, counts, mentions, network

    gazetteer = load_gazetteer(PROJECT_DATA / "actors.yml")
    found = mentions(corpus.sentences, gazetteer)
    table = counts(found, corpus.documents, gazetteer).set_index("actor_id")
    assert table.loc["xi_jinping", "mentions"] == (found["actor_id"] == "xi_jinping").sum()
    assert table.loc["xi_jinping", "documents"] == 5
    assert table.loc["xi_jinping", "mentions"] > table.loc["vladimir_putin", "mentions"]
    assert by_group(found, corpus.documents).to_numpy().sum() == len(found)
    pairs = cooccurrence(found)
    assert (pairs["actor_a"] < pairs["actor_b"]).all()
    first = pairs.iloc[0]
    present = found.groupby(["doc_id", "sent_id"])["actor_id"].agg(set)
    assert first["sentences"] == sum({first["actor_a"], first["actor_b"]} <= s for s in present)
    graph = network(found, gazetteer)
    assert graph.nodes["xi_jinping"]["mentions"] == table.loc["xi_jinping", "mentions"]
    assert graph.edges["vladimir_putin", "xi_jinping"]["weight"] >= 10


def test_mentions_merge_a_role_and_a_name_and_skip_currencies():
    import pandas as pd

    from newslens.actors import mentions
    from newslens.schema import columns

    gazetteer = load_gazetteer(PROJECT_DATA / "actors.yml")
    text = "Chinese President Xi Jinping met the Kremlin leader in the US; "
    text += "trade hit US$90 billion in China-Russia ties."
    sentences = pd.DataFrame([("d", 0, 10, 10 + len(text), text, "en")], columns=columns("sentences"))
    found = mentions(sentences, gazetteer)
    assert list(found.columns) == ["doc_id", "sent_id", "start", "end", "actor_id", "surface", "how"]
    assert list(zip(found["actor_id"], found["surface"], found["how"], strict=True)) == [
        ("xi_jinping", "Chinese President Xi Jinping", "gazetteer"),
        ("vladimir_putin", "the Kremlin leader", "gazetteer"),
        ("united_states", "US", "gazetteer"),
        ("china", "China", "gazetteer"),
        ("russia", "Russia", "gazetteer"),
    ]
    assert all(
        text[s - 10 : e - 10] == surface
        for s, e, surface in zip(found["start"], found["end"], found["surface"], strict=True)
    )


def _sentences(*texts: str):
    import pandas as pd

    from newslens.schema import columns
    from newslens.text import split_sentences

    rows = []
    for number, text in enumerate(texts):
        for sent_id, sentence in enumerate(split_sentences(text)):
            rows.append(
                (
                    f"d{number}",
                    sent_id,
                    sentence.start,
                    sentence.end,
                    text[sentence.start : sentence.end],
                    "en",
                )
            )
    return pd.DataFrame(rows, columns=columns("sentences"))


def test_people_found_in_the_text_join_the_mentions_counts_and_network():
    from newslens.actors import actor_names, cooccurrence, counts, mentions, network

    gazetteer = load_gazetteer(PROJECT_DATA / "actors.yml")
    texts = (
        "Kremlin spokesman Dmitry Peskov said Putin would attend. Peskov added that the date was set.",
        "“The talks were useful,” Dmitry Peskov told reporters in Moscow.",
    )
    sentences = _sentences(*texts)
    found = mentions(sentences, gazetteer)
    text_rows = found[found["how"] == "text"]
    assert set(text_rows["actor_id"]) == {"dmitry_peskov"}
    assert sorted(text_rows["surface"]) == ["Dmitry Peskov", "Dmitry Peskov", "Peskov"]
    assert set(found.loc[found["how"] == "gazetteer", "actor_id"]) == {"russia", "vladimir_putin"}
    documents = sentences[["doc_id"]].drop_duplicates().assign(outlet="A")
    named = actor_names(found, gazetteer).set_index("actor_id")
    assert (named.at["dmitry_peskov", "name"], named.at["dmitry_peskov", "kind"]) == (
        "Dmitry Peskov",
        "person",
    )
    assert named.at["dmitry_peskov", "how"] == "text" and named.at["russia", "how"] == "gazetteer"
    table = counts(found, documents, gazetteer).set_index("actor_id")
    assert table.at["dmitry_peskov", "mentions"] == 3 and table.at["dmitry_peskov", "documents"] == 2
    pairs = cooccurrence(found)
    assert ("dmitry_peskov", "russia") in set(zip(pairs["actor_a"], pairs["actor_b"], strict=True))
    graph = network(found, gazetteer)
    assert graph.nodes["dmitry_peskov"]["name"] == "Dmitry Peskov" and graph.has_edge(
        "dmitry_peskov", "russia"
    )


def test_mentions_offsets_slice_their_surface_and_discovery_can_be_turned_off():
    from newslens.actors import mentions

    gazetteer = load_gazetteer(PROJECT_DATA / "actors.yml")
    text = "Economy Minister Maxim Reshetnikov met Chinese officials. The minister praised Beijing."
    sentences = _sentences(text)
    found = mentions(sentences, gazetteer)
    assert all(
        text[s:e] == surface
        for s, e, surface in zip(found["start"], found["end"], found["surface"], strict=True)
    )
    assert ("the minister" in set(found["surface"].str.lower())) and "maxim_reshetnikov" in set(
        found["actor_id"]
    )
    assert set(mentions(sentences, gazetteer, discover=False)["how"]) == {"gazetteer"}
