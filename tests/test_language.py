"""newslens.language: script runs and language identification, offline."""

from __future__ import annotations

import pytest

from newslens.language import identify, script_runs


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The two presidents discussed trade, energy and security at length on Tuesday.", "en"),
        ("Les deux présidents ont discuté du commerce et de l'énergie pendant des heures mardi.", "fr"),
        ("Die beiden Präsidenten sprachen am Dienstag lange über Handel und Energie.", "de"),
        ("Los dos presidentes hablaron durante horas sobre comercio y energía el martes.", "es"),
        ("I due presidenti hanno parlato a lungo di commercio ed energia martedì a Mosca.", "it"),
        ("Os dois presidentes conversaram durante horas sobre comércio e energia na terça-feira.", "pt"),
        ("De twee presidenten spraken dinsdag urenlang over handel en energie in Moskou.", "nl"),
        ("İki cumhurbaşkanı salı günü ticaret ve enerji konularını uzun uzun görüştü.", "tr"),
        ("Dwaj prezydenci rozmawiali we wtorek przez wiele godzin o handlu i energii.", "pl"),
        ("Kedua presiden membahas perdagangan dan energi selama berjam-jam pada hari Selasa.", "id"),
        ("Два президента во вторник долго обсуждали торговлю и энергетику.", "ru"),
        ("두 정상은 화요일에 무역과 에너지 문제를 논의했다.", "ko"),
        ("両首脳は火曜日に貿易とエネルギーについて話し合った。", "ja"),
        ("两国元首星期二讨论了贸易和能源问题。", "zh"),
    ],
)
def test_identify(text, code):
    assert identify(text) == code


def test_short_latin_text_takes_the_default():
    assert identify("Vladimir Putin, President", default="en") == "en"
    assert identify("source site-59", default="") == ""


def test_a_long_run_of_another_script_is_split_off_at_the_space():
    text = "정상 회담 “협력 강화“ 개최 The leaders met."
    assert [(text[s:e], script) for s, e, script in script_runs(text)] == [
        ("정상 회담 “협력 강화“ 개최", "hangul"),
        ("The leaders met.", "latin"),
    ]


def test_a_short_name_in_another_script_stays_in_its_sentence():
    text = "Xi Jinping (习近平) met Vladimir Putin (Путин) in Moscow."
    assert script_runs(text) == [(0, len(text), "latin")]


@pytest.mark.parametrize(
    "text",
    [
        "Oper shr profit 36 cts vs loss 1.48 dlrs Oper net profit 1,353,000 vs loss 5,551,000",
        "Merrill Lynch Capital Markets is co-lead manager, Reuters reports.",
        "Iran reported heavy fighting on both fronts today.",
    ],
)
def test_terse_latin_text_with_no_foreign_function_word_takes_the_default(text):
    assert identify(text, default="xx") == "xx"


def test_symbols_outside_ascii_are_no_sign_of_another_language():
    assert identify("Shares closed at £8.82 (€10.40) a share, up 3% on Tuesday’s close", default="xx") == "xx"


ENGLISH_REPORT = [
    "Italy named an unchanged side on Thursday for the match against the visitors in Rome.",
    "The coach said the players had trained well and that he expected a hard game.",
    "R de Marigny; M Bergamasco, A Masi, L Nitoglia; L Orquera, P Canavosio; A Lo Cicero, F Ongaro.",
    "Banque Nationale de Paris and Caisse des Depots are the lead managers of the issue.",
    "Replacements: J de Villiers, De Wet Barry, P van der Merwe, F Du Toit, J Smit, M Claassens, B Habana.",
]


def test_in_a_plainly_english_document_lists_of_foreign_names_are_english_without_lingua(monkeypatch):
    from newslens import language

    def no_lingua(script):
        raise AssertionError("lingua was asked")

    assert identify(ENGLISH_REPORT[2], default="xx") != "en"  # alone, nothing says it is English
    monkeypatch.setattr(language, "_detector", no_lingua)
    assert language.identify_many(ENGLISH_REPORT, default="", document=True) == ["en"] * len(ENGLISH_REPORT)


@pytest.mark.parametrize(
    "paragraph",
    [
        "La Scala names a new music director for next season",
        "Banque de France is issuing a five-year bond in euros, its agency reported on Monday.",
        "Pour a little water into new cups before you serve",
    ],
)
def test_in_a_plainly_english_document_a_few_foreign_words_are_english_without_lingua(paragraph, monkeypatch):
    from newslens import language

    def no_lingua(script):
        raise AssertionError("lingua was asked")

    assert language._has_foreign_marker(paragraph) and language._english_share(paragraph) < 0.15
    monkeypatch.setattr(language, "_detector", no_lingua)
    assert language.identify_many([*ENGLISH_REPORT[:2], paragraph], default="", document=True) == ["en"] * 3


def test_a_paragraph_in_another_language_of_an_english_document_keeps_its_language():
    from newslens import language

    french = "« Nous sommes très satisfaits de cet accord », a déclaré le ministre à la presse mardi."
    paragraphs = [*ENGLISH_REPORT[:2], french, ENGLISH_REPORT[2]]
    assert language.identify_many(paragraphs, default="", document=True) == ["en", "en", "fr", "en"]


def test_a_french_document_is_not_taken_for_english():
    from newslens import language

    paragraphs = [
        "Les deux présidents ont discuté du commerce et de l'énergie pendant des heures mardi.",
        "Le ministre a indiqué que les négociations reprendraient la semaine prochaine à Paris.",
        "Banque Nationale de Paris et Caisse des Depots dirigent l'opération.",
    ]
    assert language.identify_many(paragraphs, default="", document=True) == ["fr", "fr", "fr"]


def test_prose_in_another_language_keeps_its_language_in_an_english_document():
    from newslens import language

    paragraphs = [
        *ENGLISH_REPORT[:2],
        "Der Bundeskanzler hat am Montag in Berlin die Vertreter der Wirtschaft und der Gewerkschaften "
        "getroffen.",
        "Presiden mengatakan bahwa pemerintah akan terus mendukung pembangunan infrastruktur nasional.",
    ]
    assert language.identify_many(paragraphs, default="", document=True) == ["en", "en", "de", "id"]
