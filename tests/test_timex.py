"""newslens.timex: one case per rule, the non-dates, and DCT edge cases.

The DCT in most cases is Wednesday 18 October 2023.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslens import timex
from newslens.timex import Timex, tag, tag_spans

DCT = "2023-10-18"  # a Wednesday


def _found(text: str, dct: str | dt.date = DCT) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in tag(text, dct)]


@pytest.mark.parametrize(("text", "expected"), [
    # explicit dates
    ("They met on 18 October 2023.", [("18 October 2023", "DATE", "2023-10-18")]),
    ("They met on October 18, 2023.", [("October 18, 2023", "DATE", "2023-10-18")]),
    ("They met on Oct. 18, 2023.", [("Oct. 18, 2023", "DATE", "2023-10-18")]),
    ("The file is dated 2023-10-18.", [("2023-10-18", "DATE", "2023-10-18")]),
    ("The form was signed on 18/10/2023.", [("18/10/2023", "DATE", "2023-10-18")]),
    ("The form was signed on 10/18/2023.", [("10/18/2023", "DATE", "2023-10-18")]),
    # day-first when both readings are valid
    ("The form was signed on 05/06/2023.", [("05/06/2023", "DATE", "2023-06-05")]),
    ("Talks began in March 2013.", [("March 2013", "DATE", "2013-03")]),
    ("It was founded in 2009.", [("2009", "DATE", "2009")]),
    ("It grew in the 1990s.", [("the 1990s", "DATE", "199")]),
    ("Empires of the 19th century fell.", [("the 19th century", "DATE", "18")]),
    ("Sales peak in the summer of 2022.", [("the summer of 2022", "DATE", "2022-SU")]),
    ("Profits rose in the third quarter of 2023.", [("the third quarter of 2023", "DATE", "2023-Q3")]),
    ("Profits rose in the first half of 2023.", [("the first half of 2023", "DATE", "2023-H1")]),
    ("It opened at 10:35 a.m. on Wednesday.", [("10:35 a.m. on Wednesday", "TIME", "2023-10-18T10:35")]),
    ("The broadcast aired at 18:00 (KST).", [("18:00 (KST)", "TIME", "2023-10-18T18:00")]),
    # relative to the DCT
    ("Xi arrived today.", [("today", "DATE", "2023-10-18")]),
    ("Xi arrived yesterday.", [("yesterday", "DATE", "2023-10-17")]),
    ("Xi leaves tomorrow.", [("tomorrow", "DATE", "2023-10-19")]),
    ("Xi speaks tonight.", [("tonight", "TIME", "2023-10-18TNI")]),
    ("Markets fell this morning.", [("this morning", "TIME", "2023-10-18TMO")]),
    ("Talks were held this week.", [("this week", "DATE", "2023-W42")]),
    ("Talks were held last week.", [("last week", "DATE", "2023-W41")]),
    ("Talks will be held next week.", [("next week", "DATE", "2023-W43")]),
    ("Prices rose this month.", [("this month", "DATE", "2023-10")]),
    ("Prices rose last month.", [("last month", "DATE", "2023-09")]),
    ("Prices will rise next month.", [("next month", "DATE", "2023-11")]),
    ("He was re-elected earlier this month.", [("earlier this month", "DATE", "2023-10")]),
    ("Trade grew this year.", [("this year", "DATE", "2023")]),
    ("Trade grew last year.", [("last year", "DATE", "2022")]),
    ("Next year marks the anniversary.", [("Next year", "DATE", "2024")]),
    ("In March this year, he visited Moscow.", [("March this year", "DATE", "2023-03")]),
    ("He proposed it a decade ago.", [("a decade ago", "DATE", "2013")]),
    ("He was elected 10 years ago.", [("10 years ago", "DATE", "2013")]),
    ("It opened three months ago.", [("three months ago", "DATE", "2023-07")]),
    ("It will open two weeks from now.", [("two weeks from now", "DATE", "2023-W44")]),
    # weekdays by tense, and the DCT's own weekday
    ("Xi met Putin on Wednesday.", [("Wednesday", "DATE", "2023-10-18")]),
    ("Xi met Putin on Monday.", [("Monday", "DATE", "2023-10-16")]),
    ("Xi will meet Putin on Friday.", [("Friday", "DATE", "2023-10-20")]),
    ("Xi met Putin on Friday.", [("Friday", "DATE", "2023-10-13")]),
    ("Xi will fly home next Monday.", [("next Monday", "DATE", "2023-10-23")]),
    ("The vote was last Tuesday.", [("last Tuesday", "DATE", "2023-10-17")]),
    ("Rallies continued Friday night.", [("Friday night", "TIME", "2023-10-13TNI")]),
    # bare months by tense
    ("The summit was held in March.", [("March", "DATE", "2023-03")]),
    ("He is due to visit Kazan in October.", [("October", "DATE", "2023-10")]),
    ("Elections will be held in November.", [("November", "DATE", "2023-11")]),
    ("The talks collapsed in December.", [("December", "DATE", "2022-12")]),
    ("Talks will resume in April.", [("April", "DATE", "2024-04")]),
    ("Talks end Nov. 21, officials said.", [("Nov. 21", "DATE", "2023-11-21")]),
    # anchored on the last date mentioned
    ("The forum opened on 17 October 2023. Two days later, it closed.",
     [("17 October 2023", "DATE", "2023-10-17"), ("Two days later", "DATE", "2023-10-19")]),
    ("He arrived on 2 May 2021 and left the next day.",
     [("2 May 2021", "DATE", "2021-05-02"), ("the next day", "DATE", "2021-05-03")]),
    ("Trade fell in 2015. Later that year it recovered.",
     [("2015", "DATE", "2015"), ("Later that year", "DATE", "2015")]),
    # durations and sets
    ("They have met 42 times over the past 10 years.", [("the past 10 years", "DURATION", "P10Y")]),
    ("The forum lasted for three days.", [("three days", "DURATION", "P3D")]),
    ("The plan covers the next two decades.", [("the next two decades", "DURATION", "P20Y")]),
    ("Prices have risen in recent years.", [("recent years", "DURATION", "PXY")]),
    ("It was a 10-year plan.", [("10-year", "DURATION", "P10Y")]),
    ("The talks took five hours.", [("five hours", "DURATION", "PT5H")]),
    ("The forum is held every year.", [("every year", "SET", "P1Y")]),
    ("The council meets weekly.", [("weekly", "SET", "P1W")]),
    ("Reports are published annually.", [("annually", "SET", "P1Y")]),
    ("The board meets twice a year.", [("twice a year", "SET", "P1Y")]),
    ("Protests take place every Monday.", [("every Monday", "SET", "XXXX-WXX-1")]),
    # references
    ("Relations are now closer than ever.", [("now", "DATE", "PRESENT_REF")]),
    ("The two sides met recently.", [("recently", "DATE", "PAST_REF")]),
    ("They will meet again in the future.", [("the future", "DATE", "FUTURE_REF")]),
    # holidays
    ("Shops closed on Christmas Day.", [("Christmas Day", "DATE", "2022-12-25")]),
    ("Parades mark Victory Day next year.",
     [("Victory Day", "DATE", "2024-05-09"), ("next year", "DATE", "2024")]),
])  # fmt: skip
def test_each_rule(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("from 17 to 18 October", [("17", "DATE", "2023-10-17"), ("18 October", "DATE", "2023-10-18")]),
    ("on 17-18 October 2023", [("17", "DATE", "2023-10-17"), ("18 October 2023", "DATE", "2023-10-18")]),
    ("between 2013 and 2022", [("2013", "DATE", "2013"), ("2022", "DATE", "2022")]),
    ("on April 24 and 25, 2024", [("April 24", "DATE", "2024-04-24"), ("25, 2024", "DATE", "2024-04-25")]),
])  # fmt: skip
def test_ranges_are_tagged_as_their_two_ends(text, expected):
    found = _found(text)
    assert [(t, v) for t, _, v in found[: len(expected)]] == [
        (t, v) for t, _, v in expected
    ] or found == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Trade exceeded $190 billion.", []),
    ("They have met 42 times.", []),
    ("Representatives from more than 130 countries attended.", []),
    ("It marks the 75th anniversary of relations.", []),
    ("Some 2,000 delegates came.", []),
    ("About 2000 troops were deployed.", []),
    ("Sales grew 116 percent.", []),
    ("The ministers may meet to march on the capital.", []),
    ("Theresa May spoke to reporters.", []),
    ("They march through the capital.", []),
    ("The veteran of 60 Minutes spoke a second time.", []),
])  # fmt: skip
def test_not_time_expressions(text, expected):
    assert _found(text) == expected


def test_a_year_with_a_year_word_before_it_is_a_year():
    assert _found("Its fiscal 2023 results improved.") == [("fiscal 2023", "DATE", "2023")]
    assert _found("In 2000 elections were held.")[0][2] == "2000"


def test_dct_edge_cases():
    # year end: "next month" and "tomorrow" cross into the next year
    assert _found("He leaves tomorrow.", "2023-12-31") == [("tomorrow", "DATE", "2024-01-01")]
    assert _found("Prices will rise next month.", "2023-12-31") == [("next month", "DATE", "2024-01")]
    assert _found("It ended last week.", "2024-01-02") == [("last week", "DATE", "2023-W52")]
    # leap day
    assert _found("It happened yesterday.", "2024-03-01") == [("yesterday", "DATE", "2024-02-29")]
    assert _found("It happened a year ago.", "2024-02-29") == [("a year ago", "DATE", "2023")]
    # a weekday equal to the DCT's own is the DCT
    assert _found("Leaders met on Thursday.", "2024-02-29") == [("Thursday", "DATE", "2024-02-29")]
    # winter straddles the year end
    assert _found("Sales fell last winter.", "2024-02-10") == [("last winter", "DATE", "2022-WI")]
    assert _found("Sales fell last autumn.", "2024-02-10") == [("last autumn", "DATE", "2023-FA")]


@pytest.mark.parametrize("dct", ["18/10/2023", "2023-02-30", "yesterday", "", None, 20231018])
def test_invalid_dct_gives_a_clear_error(dct):
    with pytest.raises(ValueError, match="invalid document creation time"):
        tag("on Monday", dct)


def test_dct_as_a_date_or_datetime():
    assert tag("today", dt.date(2023, 10, 18))[0].value == "2023-10-18"
    assert tag("today", dt.datetime(2023, 10, 18, 9, 30))[0].value == "2023-10-18"


def test_offsets_point_at_the_text_and_spans_adapter():
    text = "On Wednesday, 18 October, Xi held talks; the forum runs from 17 to 18 October."
    found = tag(text, DCT)
    for found_timex in found:
        assert text[found_timex.start : found_timex.end] == found_timex.text
    assert isinstance(found[0], Timex)
    assert tag_spans(text, DCT) == [(t.start, t.end, t.type, t.value) for t in found]
    assert [t.value for t in found] == ["2023-10-18", "2023-10-17", "2023-10-18"]


#: Words and phrases of every kind of expression, to be shuffled into text.
_TEMPORAL_WORDS = [
    *"""January Jan. Sept March May mid- early late the end of this last next coming past Monday Friday 3
    18 2023 1949 1990s '90s century Q3 first second quarter half summer fall weekend week month year-earlier
    period today tonight morning night that same day Christmas Easter every each once twice times daily
    annually noon midnight o'clock in now currently recent future soon for within hours days years
    several few and to until through - – , . of on at""".split(),
    "3 days ago",
    "two weeks from now",
    "10 a.m.",
    "9:30 GMT",
    "6 p.m. on Friday",
    "the 21st century",
    "New Year's Day",
    "year-long",
    "10-year",
    "three times a week",
    "every other month",
    "the next day",
    "the day after",
    "7 in the evening",
    "18 October 2023",
    "October 18, 2023",
    "2023-10-18",
    "18/10/2023",
    "17 to 18 October",
    "March 17-18, 2023",
    "the first half of 2023",
    "the year-ago quarter",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TEMPORAL_WORDS), min_size=1, max_size=25), st.sampled_from([str, str.upper]))
def test_skipping_patterns_whose_words_are_absent_finds_the_same_expressions(words, case):
    text = case(" ".join(words))
    found = timex._candidates(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timex, "_NEEDLES", dict.fromkeys(timex._NEEDLES, ("",)))  # "" is in every text
        every = timex._candidates(text)
    assert [(c.kind, c.start, c.end) for c in found] == [(c.kind, c.start, c.end) for c in every]


def test_every_pattern_declares_the_words_its_matches_need():
    assert {kind for kind, _ in timex._PATTERNS} == set(timex._NEEDLES)
