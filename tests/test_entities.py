"""newslens.entities: people and organisations found from the text, on sentences written for these tests."""

from __future__ import annotations

import pytest

from newslens import entities
from newslens.text import split_sentences


def _found(text: str, known=(), people=()) -> list[tuple[str, str]]:
    """(surface, entity id) of every mention discovered in ``text``, checking the offsets."""
    sentences = [(i, s.start, text[s.start : s.end]) for i, s in enumerate(split_sentences(text))]
    found = entities.discover(sentences, known, people)
    assert all(text[start:end] == surface for _, start, end, _, surface in found)
    return [(surface, entity_id) for _, _, _, entity_id, surface in found]


def test_a_role_word_before_a_name_makes_a_person_and_the_organisation_is_found_too():
    assert _found("Foreign Ministry spokeswoman Mao Ning spoke on Monday.") == [
        ("Foreign Ministry", "foreign_ministry"),
        ("Mao Ning", "mao_ning"),
    ]


@pytest.mark.parametrize(("text", "person"), [
    ("Economy Minister Maxim Reshetnikov opened the forum.", "Maxim Reshetnikov"),
    ("On Monday Sen. Dana Whitfield voted against the bill.", "Dana Whitfield"),
    ("The letter was signed by President Lula da Silva and others.", "Lula da Silva"),
    ("Crowds cheered as the BBC's Laura Bicker, reporting from Seoul, walked past.", "Laura Bicker"),
    ("The plan was drafted by Oleg Petrov, a lawyer in Kazan.", "Oleg Petrov"),
    ("The deal is done, Anna Kovacs said on Friday.", "Anna Kovacs"),
])  # fmt: skip
def test_titles_honorifics_appositions_and_speech_make_people(text, person):
    assert (person, entities.slug(person)) in _found(text)


@pytest.mark.parametrize(("text", "organisation"), [
    ("The Defence Ministry denied the report.", "Defence Ministry"),
    ("Analysts at the National Bank of Georgia disagreed.", "National Bank of Georgia"),
    ("The Communist Party of China met in October.", "Communist Party of China"),
    ("Shares of Gazprom Neft Corp. fell on Tuesday.", "Gazprom Neft Corp."),
    ("The report was welcomed by the FBI on Monday.", "FBI"),
])  # fmt: skip
def test_organisation_words_and_acronyms_make_organisations(text, organisation):
    found = _found(text)
    assert organisation in [surface for surface, _ in found]
    assert entities.kind_of(organisation) == "organisation"


def test_places_events_and_lone_capitals_without_evidence_are_not_entities():
    assert _found("Delegates travelled from New York to Geneva for the Winter Games.") == []


def test_capitals_at_the_start_of_a_sentence_are_told_apart_by_the_rest_of_the_article():
    text = (
        "Officials said the vote was close. Critics agreed. "
        "Kessler said the count was wrong. Later, Kessler asked for a recount."
    )
    assert _found(text) == [("Kessler", "kessler"), ("Kessler", "kessler")]


def test_a_title_case_headline_is_not_read_as_names():
    text = "Small Donors Give Less Money This Year\n\nSmall donors gave less money this year; money is tight."
    assert _found(text) == []


def test_later_short_names_join_the_full_name():
    text = (
        "Foreign Ministry spokeswoman Mao Ning spoke in Beijing. Mao said talks would go on. "
        "Ms. Mao added that the spokeswoman's remarks were final. The spokeswoman then left."
    )
    found = _found(text)
    assert ("Mao", "mao_ning") in found and ("the spokeswoman", "mao_ning") in found
    assert {entity for _, entity in found} == {"foreign_ministry", "mao_ning"}


def test_a_surname_joins_the_person_named_last_before_it():
    text = (
        "Hillary Clinton spoke first, and Bill Clinton said little. Clinton then left the stage. "
        "Later Hillary Clinton returned, and Clinton waved."
    )
    clintons = [entity for surface, entity in _found(text) if surface == "Clinton"]
    assert clintons == ["bill_clinton", "hillary_clinton"]


def test_the_same_full_name_has_the_same_id_across_articles():
    first = _found("Economy Minister Maxim Reshetnikov opened the forum.")
    second = _found("“Trade grows,” said Maxim Reshetnikov, Russia’s economy minister.")
    assert ("Maxim Reshetnikov", "maxim_reshetnikov") in first and (
        "Maxim Reshetnikov",
        "maxim_reshetnikov",
    ) in second


def test_names_the_gazetteer_knows_are_left_to_it_but_their_roles_still_join():
    text = "Chinese President Xi Jinping arrived. The president met students."
    known = [(0, 28, "xi_jinping")]
    assert _found(text, known, {"xi_jinping"}) == [("The president", "xi_jinping")]


def test_slugs_and_fullest_names():
    assert entities.slug("Donald J. Trump") == "donald_trump"
    assert entities.slug("Mr. Recep Tayyip Erdoğan") == "recep_tayyip_erdogan"
    assert entities.fullest(["Mao", "Mao Ning", "the spokeswoman"]) == "Mao Ning"
    assert entities.kind_of("State Department") == "organisation" and entities.kind_of("Mao Ning") == "person"


@pytest.mark.slow
def test_linear_time_on_adversarial_text():
    """Ten thousand capitalised words, and one line of five megabytes: both finish (no timing asserts)."""
    capitals = " ".join(f"Word{i % 97} Name" for i in range(5_000)) + " said."
    assert _found(capitals) == []
    paragraph = (
        "the delegates talked for hours and agreed on little, " * 12 + "Minister Ivan Petrov said so. "
    )
    line = (paragraph * 8_000)[:5_000_000]
    found = entities.discover([(0, 0, line)])
    assert len(found) > 7_000 and {entity for *_, entity, _ in found} == {"ivan_petrov"}
