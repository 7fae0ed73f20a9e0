"""newslens.metadata: datelines, page timestamps and credits read from the text."""

from __future__ import annotations

import datetime as dt

import pytest

from newslens.metadata import stated

LEAD = "The two presidents met for talks on trade, energy and security in the capital on the day."


_DATELINES = [
    # opening, dateline, place, credit, agency, date; published 2023-10-20, so a day without a
    # year is the latest such day on or before it
    ("BEIJING, Oct. 18 (Reuters) - ", "BEIJING, Oct. 18 (Reuters)", "BEIJING", "Reuters", "Reuters",
     "2023-10-18"),
    ("MOSCOW, March 21 (Xinhua) -- ", "MOSCOW, March 21 (Xinhua)", "MOSCOW", "Xinhua", "Xinhua",
     "2023-03-21"),
    ("WASHINGTON — ", "WASHINGTON", "WASHINGTON", "", "", None),
    ("KAZAN, Russia, Oct. 22 (AP) — ", "KAZAN, Russia, Oct. 22 (AP)", "KAZAN", "AP", "Associated Press",
     "2022-10-22"),
    ("Moscow, 18 October 2023 (TV BRICS) – ", "Moscow, 18 October 2023 (TV BRICS)", "Moscow", "TV BRICS",
     "TV BRICS", "2023-10-18"),
    ("SEOUL, Oct 18, 2023 /PRNewswire/ -- ", "SEOUL, Oct 18, 2023 /PRNewswire/", "SEOUL", "PRNewswire",
     "PR Newswire", "2023-10-18"),
    ("(Beijing) ", "(Beijing)", "Beijing", "", "", None),
]  # fmt: skip


@pytest.mark.parametrize(("opening", "dateline", "place", "credit", "agency", "date"), _DATELINES)
def test_datelines_keep_place_credit_and_date(opening, dateline, place, credit, agency, date):
    found = stated(f"Headline of the story\n\n{opening}{LEAD}", published=dt.date(2023, 10, 20))
    assert (found.dateline, found.place, found.credit, found.agency) == (dateline, place, credit, agency)
    assert found.date == (dt.date.fromisoformat(date) if date else None)


def test_a_dateline_day_without_a_year_is_never_after_publication():
    found = stated(f"MOSCOW, Dec. 30 (TASS) - {LEAD}", published=dt.date(2024, 1, 2))
    assert found.date == dt.date(2023, 12, 30)
    assert stated(f"MOSCOW, Dec. 30 (TASS) - {LEAD}").date is None  # no year and no publication date


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Updated 3 June, 2024 09:15", "2024-06-03"),
        ("Published: 2023-11-02 08:00:12", "2023-11-02"),
        ("Wednesday, 18 October 2023", "2023-10-18"),
        ("Last updated on October 18, 2023 at 9:15 am", "2023-10-18"),
        ("Posted 18.10.2023 14:05", "2023-10-18"),
    ],
)
def test_page_timestamps_are_kept_with_their_date(line, date):
    found = stated(f"Headline of the story\n{line}\n{LEAD}\nMore of the story follows here.")
    assert found.timestamp == line
    assert found.date == dt.date.fromisoformat(date)
    assert found.basis == f"timestamp {line!r}"


def test_a_timestamp_closing_the_last_line_is_found():
    found = stated(f"Headline\n{LEAD}\nShare this: #China #Russia 2023-10-18, 18:00 (KST)\nBack to Top")
    assert found.timestamp == "2023-10-18, 18:00 (KST)" and found.date == dt.date(2023, 10, 18)


@pytest.mark.parametrize(
    ("text", "credit", "agency"),
    [
        (f"Headline\n{LEAD}\nSource: Xinhua", "Xinhua", "Xinhua"),
        (f"Headline\n{LEAD}\n— AFP", "AFP", "AFP"),
        (f"Headline\nBy Jane Doe, Associated Press\n{LEAD}", "Associated Press", "Associated Press"),
        (f"Headline\n{LEAD} The statement was released via PR Newswire.", "PR Newswire", "PR Newswire"),
        (f"Headline\n{LEAD}\nAgencies", "Agencies", "Agencies"),
        (f"Headline\n{LEAD}\nSource: Global Times", "Global Times", "Global Times"),
    ],
)
def test_credits_name_the_agency_as_written_and_canonical(text, credit, agency):
    found = stated(text)
    assert (found.credit, found.agency) == (credit, agency)


@pytest.mark.parametrize(
    "text",
    [
        f"In Beijing, officials said on Tuesday that {LEAD}",
        f"Xi Jinping: {LEAD}",
        f"Headline\n{LEAD}\nRISING TENSIONS — {LEAD}",  # a heading in capitals after the lead
        f"Headline\n{LEAD}\nSource: NATO.\n{LEAD}",  # a chart's source, not the article's
        f"Headline\n{LEAD}\nThe meeting on Tuesday, 18 October 2023, went on for hours and hours.",
    ],
)
def test_ordinary_prose_states_nothing(text):
    found = stated(text)
    assert (found.dateline, found.credit, found.timestamp, found.date) == ("", "", "", None)


def test_a_huge_line_is_read_in_linear_time():
    found = stated("ABC " * 2_000_000 + "\n" + ("Capitalised Words " * 10_000) + "\n")
    assert found.dateline == ""
