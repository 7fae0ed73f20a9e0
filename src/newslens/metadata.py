"""What an article's text says about itself: its dateline, its page timestamp, its credit.

Wire copies and pages saved from the web carry their metadata as text:

- a dateline opening the story: ``BEIJING, Oct. 18 (Reuters) -``,
  ``MOSCOW, March 21 (Xinhua) --``, ``WASHINGTON —``,
  ``Moscow, 18 October 2023 (TV BRICS) –``, ``SEOUL, Oct 18, 2023 /PRNewswire/ --``;
- a page timestamp on a line of its own: ``Updated 3 June, 2024 09:15``,
  ``Published: 2023-11-02 08:00:12``, ``Wednesday, 18 October 2023``;
- a credit naming where the text comes from: ``(Reuters)``, ``/PRNewswire/``,
  ``— AFP``, ``Source: Xinhua``, ``via PR Newswire``, ``carried by TASS``,
  ``By Jane Doe, Associated Press``, ``Agencies``.

Cleaning cuts these lines from the text; :func:`stated` reads them from the
raw text first, so that they survive as columns of the documents table
(``dateline``, ``place``, ``credit``, ``agency``, ``timestamp``,
``stated_date``) and their date can fill an unknown publication date or
contradict a given one. Dates are normalised with the TIMEX3 tagger: a
dateline without a year takes it from the publication date when there is
one, and gives no date when there is none.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from newslens import timex

#: Common agencies and wire services: canonical name -> ways the text writes it.
AGENCIES = {
    "Reuters": ("Reuters", "Thomson Reuters"),
    "Associated Press": ("AP", "Associated Press", "The Associated Press"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "Xinhua": ("Xinhua", "Xinhua News Agency"),
    "TASS": ("TASS", "Tass", "ITAR-TASS"),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "Interfax": ("Interfax",),
    "Sputnik": ("Sputnik",),
    "Yonhap": ("Yonhap", "Yonhap News Agency"),
    "Kyodo": ("Kyodo", "Kyodo News"),
    "Bloomberg": ("Bloomberg",),
    "Dow Jones": ("Dow Jones",),
    "UPI": ("UPI", "United Press International"),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "ANSA": ("ANSA",),
    "EFE": ("EFE",),
    "Anadolu": ("Anadolu", "Anadolu Agency", "AA"),
    "PTI": ("PTI", "Press Trust of India"),
    "IANS": ("IANS",),
    "ANI": ("ANI",),
    "Bernama": ("Bernama",),
    "CNA": ("CNA",),
    "PR Newswire": ("PR Newswire", "PRNewswire", "PRNewswire-Asia", "PRNewswire-FirstCall"),
    "Business Wire": ("Business Wire", "BUSINESS WIRE"),
    "GlobeNewswire": ("GlobeNewswire", "GLOBE NEWSWIRE"),
    "Agencies": ("Agencies", "agencies", "wire services", "News agencies"),
}
_CANONICAL = {form.lower(): name for name, forms in AGENCIES.items() for form in forms}

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_DATE = (
    rf"(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})"
)
_CAPS_PLACE = r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}"
_TITLE_PLACE = r"[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){0,2}"
_REGION = r"(?:,\s*[A-Z][A-Za-z.'’-]+(?: [A-Z][A-Za-z.'’-]+){0,2}(?=,|\s*[(/—–-]))?"
_CREDIT = r"(?:\((?P<paren>[A-Z][\w.&'’ -]{1,40}?)\)|/(?P<slash>[A-Za-z][\w .&-]{1,40}?)/)"
_DATELINE = re.compile(
    rf"^(?P<dateline>(?P<place>{_CAPS_PLACE}|{_TITLE_PLACE}){_REGION}"
    rf"(?:,\s*(?P<date>{_DATE}))?\s*{_CREDIT}?)\s*(?:—|–|--?)\s+(?=\S)"
    # or the French style, "(Beijing) ..."
    rf"|^(?P<bracketed>\((?P<inner>{_CAPS_PLACE}|{_TITLE_PLACE})\))\s+(?=[A-Z])"
)
_TIME = r"\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?|[AP]M)?(?:\s*\(?[A-Z]{2,5}(?:[+-]\d{1,2})?\)?)?"
_TIMESTAMP = re.compile(
    rf"^(?:(?:Last\s+|First\s+)?(?:[Pp]ublished|[Uu]pdated|[Pp]osted|[Mm]odified)(?:\s+(?:on|at))?:?\s*)?"
    rf"(?P<date>{_DATE})(?:,?\s*(?:at\s+)?{_TIME})?\s*(?:\|.{{0,40}})?$"
)
#: A date with a year and a time closing a line ("... #hashtags 2023-10-18, 18:00 (KST)").
_TIMESTAMP_TAIL = re.compile(rf"(?<![\w/.-])(?P<date>{_DATE}),?\s*(?:at\s+)?{_TIME}\s*$")
_LABELLED = re.compile(r"^(?:Last\s+|First\s+)?(?:published|updated|posted|modified)\b", re.I)
_CREDIT_LINE = re.compile(
    r"^(?:Source|Sources|Credit|Courtesy)\s*:\s*(?P<credit>[^\n]{2,60}?)\s*$"
    r"|^[—–-]+\s*(?P<tail>[A-Z][\w.&'’ -]{1,40}?)\s*$"
    r"|\b(?:via|carried by|distributed by|courtesy of)\s+(?P<via>[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,3})"
    r"|^By\s+[^\n,]{2,60},\s*(?P<byline>[A-Z][\w.&'’ -]{1,40}?)\s*$"
    r"|^\(?(?P<alone>Agencies|AFP|Reuters|AP|Xinhua|TASS)\)?\s*$",
    re.M,
)
#: Lines read at the top of an article for its dateline and timestamp, and at its end for a credit.
HEAD_LINES, TAIL_LINES = 15, 8


@dataclass(frozen=True)
class Stated:
    """What the text says about the article; empty strings where it says nothing.

    Attributes:
        dateline: The dateline as written, without its closing dash.
        place: The dateline's place ("BEIJING").
        credit: The agency or wire as written ("Reuters", "PRNewswire").
        agency: Its canonical name when it is a common agency ("PR Newswire"), else the credit.
        timestamp: The page's timestamp line as written.
        date: The date the dateline or timestamp gives, or None.
        basis: Which line the date was read from.
    """

    dateline: str = ""
    place: str = ""
    credit: str = ""
    agency: str = ""
    timestamp: str = ""
    date: dt.date | None = None
    basis: str = ""


def stated(raw: str, *, published: dt.date | None = None) -> Stated:
    """The dateline, timestamp and credit of an article's raw text.

    Args:
        raw: The article as read, before cleaning.
        published: The publication date when known, to give a year to a dateline without one.
    """
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    head, tail = lines[:HEAD_LINES], lines[-TAIL_LINES:]
    lead = next((i for i, line in enumerate(head) if _is_lead(line, first=i == 0)), len(head) - 1)
    dateline = next((m for line in head[: lead + 1] if (m := _dateline(line))), None)
    timestamp = next((m for line in head + tail if (m := _timestamp(line))), None) or next(
        (m for line in reversed(tail) if (m := _TIMESTAMP_TAIL.search(line[-80:])) and _has_year(m)), None
    )
    credit = _credit_of(dateline) or next(
        (
            c
            for i, line in enumerate(head + tail)
            if (c := _credit_line(line, last=i == len(head + tail) - 1))
        ),
        "",
    )
    date, basis = None, ""
    for match, what in ((dateline, "dateline"), (timestamp, "timestamp")):
        if match and match["date"] and (date := _date(match["date"], published)):
            basis = f"{what} {match.group(0).strip()!r}"
            break
    return Stated(
        dateline=(dateline["dateline"] or dateline["bracketed"]).strip() if dateline else "",
        place=(dateline["place"] or dateline["inner"]) if dateline else "",
        credit=credit,
        agency=_CANONICAL.get(credit.lower(), credit),
        timestamp=timestamp.group(0).strip() if timestamp else "",
        date=date,
        basis=basis,
    )


def _is_lead(line: str, *, first: bool) -> bool:
    """Whether a line is the lead paragraph, after which no dateline is looked for: twelve words
    or more, and on the first line a sentence's end too (a long headline is not the lead)."""
    return len(line.split()) >= 12 and (not first or line.rstrip("\"”’'»)").endswith((".", "!", "?")))


def _dateline(line: str) -> re.Match[str] | None:
    """A dateline opening the line: an all-caps place, or any place with a date or a credit."""
    match = _DATELINE.match(line[:200])
    if match is None or len(line) < len(match.group(0)) + 20:  # a dateline opens a paragraph
        return None
    if match["bracketed"]:
        return match
    all_caps = match["place"].isupper() and len(match["place"]) > 2
    return match if all_caps or match["date"] or match["paren"] or match["slash"] else None


def _timestamp(line: str) -> re.Match[str] | None:
    """A line holding only a date (and a time), or a labelled one ("Updated ...")."""
    if len(line) > 90:
        return None
    match = _TIMESTAMP.match(line)
    if match is None:
        return None
    return match if _has_year(match) or _LABELLED.match(line) else None


def _has_year(match: re.Match[str]) -> bool:
    return re.search(r"\d{4}", match["date"]) is not None


def _credit_of(dateline: re.Match[str] | None) -> str:
    if dateline is None:
        return ""
    return (dateline["paren"] or dateline["slash"] or "").strip()


def _credit_line(line: str, *, last: bool) -> str:
    """The agency a credit line names: a known one anywhere, another only on the article's last line.

    "Source: Global Times" closing an article credits it; "Source: NATO." under
    a chart in the middle does not.
    """
    for match in _CREDIT_LINE.finditer(line[:300]):
        found = next(group for group in match.groups() if group).strip(" .")
        if found.lower() in _CANONICAL:
            return found
        if last and match["credit"] and len(found.split()) <= 4:
            return found
    return ""


def _date(text: str, published: dt.date | None) -> dt.date | None:
    """The calendar day ``text`` names: with its own year, or else the latest on or before ``published``.

    A story is filed on its dateline's day or before it is published, never after.
    """
    found = timex.tag(text, published) if published else timex.tag_explicit(text)
    day = next(
        (dt.date.fromisoformat(t.value) for t in found if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.value)), None
    )
    if day and published and day > published and not re.search(r"\d{4}", text):
        day = day.replace(year=day.year - 1) if (day.month, day.day) != (2, 29) else None
    return day
