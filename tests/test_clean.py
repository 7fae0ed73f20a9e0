"""newslens.clean: boilerplate rules and normalisation, on text written for these tests."""

from __future__ import annotations

import itertools
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from newslens.clean import clean, find_boilerplate, normalise

WEB_PAGE = """\
  • Home
  • World
  • Business
Business > Energy

Grain corridor deal extended for another year

By Maria Lopez

Published 4 May 2023 10:15

  • Ministers Anna Berg (L) and Omar Haddad (R) at the signing, May 3, 2023.
Ministers Anna Berg (L) and Omar Haddad (R) at the signing, May 3, 2023. | Photo: Reuters/ J. Smith

ANKARA, May 4, 2023 /Wire Service/ — The two governments agreed on Wednesday to extend the grain \
corridor by twelve months.

Officials said shipments had reached 30 million tonnes since the deal began.

Oil Prices Slide As Demand Outlook Weakens

“This agreement feeds millions of people,” Berg told reporters.

Anna Berg, Minister of Trade

Talks on a longer arrangement will start in the autumn.
#grain #trade #Turkey #BlackSea 📣 Facebook : 📣 Instagram : 2023-05-04, 11:00 (TRT)

(Reporting by Ali Demir; Editing by Jane Roe)
Share this article
3 Comments
Back to Top
© 2023 Example Media Group. All rights reserved.
Most Read
"""

BODY_SENTENCES = [
    "Grain corridor deal extended for another year",
    "The two governments agreed on Wednesday to extend the grain corridor by twelve months.",
    "Officials said shipments had reached 30 million tonnes since the deal began.",
    "“This agreement feeds millions of people,” Berg told reporters.",
    "Anna Berg, Minister of Trade",
    "Talks on a longer arrangement will start in the autumn.",
]


def _reasons(raw: str) -> dict[str, str]:
    return {r.text.strip(): r.reason for r in find_boilerplate(raw)}


def test_each_kind_of_boilerplate_is_removed_with_its_reason():
    reasons = _reasons(WEB_PAGE)
    assert reasons["• Home"] == "navigation"
    assert reasons["Business > Energy"] == "navigation (breadcrumb)"
    assert reasons["By Maria Lopez"] == "byline"
    assert reasons["Published 4 May 2023 10:15"] == "publication date line"
    assert reasons["• Ministers Anna Berg (L) and Omar Haddad (R) at the signing, May 3, 2023."] == (
        "photo caption"
    )
    assert any(reason == "photo caption and credit" for text, reason in reasons.items() if "Photo:" in text)
    assert reasons["ANKARA, May 4, 2023 /Wire Service/ —"] == "dateline"
    assert reasons["Oil Prices Slide As Demand Outlook Weakens"] == "related-article headline"
    assert reasons["#grain #trade #Turkey #BlackSea"] == "hashtag run"
    assert reasons["📣 Facebook : 📣 Instagram :"] == "share buttons and social links"
    assert reasons["2023-05-04, 11:00 (TRT)"] == "timestamp"
    assert reasons["(Reporting by Ali Demir; Editing by Jane Roe)"] == "wire or aggregator trailer"
    assert reasons["Share this article"] == "share buttons and social links"
    assert reasons["3 Comments"] == "comment counter"
    assert reasons["Back to Top"] == "navigation"
    assert reasons["© 2023 Example Media Group. All rights reserved."] == "site footer"
    assert reasons["Most Read"] == "related content"


def test_every_body_sentence_is_kept_and_nothing_else():
    cleaned = clean(WEB_PAGE)
    assert cleaned.text.split("\n\n") == BODY_SENTENCES


def test_text_on_either_side_of_a_cut_never_joins_into_one_sentence():
    raw = "Prices rose sharply #markets #oil #energy analysts expected more.\n"
    assert clean(raw).text == "Prices rose sharply\n\nanalysts expected more."


def test_removals_point_into_the_raw_text():
    for removal in clean(WEB_PAGE).removed:
        assert WEB_PAGE[removal.start : removal.end] == removal.text


def test_subheads_and_speaker_captions_are_not_taken_for_related_headlines():
    raw = (
        "Leaders meet\n\nThe leaders met for three hours and discussed the border.\n\n"
        "A new phase in relations\n\n“We will build on this,” the president said afterwards.\n\n"
        "Vladimir Petrov, Foreign Minister Of Ruritania\n\nThe next meeting is in June.\n"
    )
    assert find_boilerplate(raw) == []


def test_sentences_that_look_like_bylines_or_menus_are_kept():
    raw = (
        "By Monday, the talks had collapsed.\n\nBy the end of 2022, trade had doubled.\n\n"
        "Home prices rose in the capital, the statistics office said.\n"
    )
    assert find_boilerplate(raw) == []


def test_a_line_that_is_only_a_date_is_a_dateline():
    raw = "Wednesday, February 6, 2019\n\nThe bus overturned on the icy road near the village.\n"
    assert [(r.text, r.reason) for r in find_boilerplate(raw)] == [
        ("Wednesday, February 6, 2019", "publication date line")
    ]


def test_wire_trailer_and_aggregator_markers():
    raw = (
        "Body of the story goes here and ends properly.\n\n"
        "View original content: https://example.com/release\nSOURCE Example Corp\nsource site-12\n"
    )
    assert [r.reason for r in find_boilerplate(raw)] == ["wire or aggregator trailer"] * 3


def test_share_and_social_lines():
    raw = "Story text that is long enough to be prose, and ends with a stop.\n\n"
    raw += "Facebook\nTwitter\nWhatsApp\nShare\n"
    assert {r.reason for r in find_boilerplate(raw)} == {"share buttons and social links"}


def test_parenthesised_dateline_is_cut_only_at_a_paragraph_start():
    raw = "(Moscow) The talks ended late.\n\nThe talks (Moscow) ended late.\n"
    assert [r.text for r in find_boilerplate(raw)] == ["(Moscow) "]


def test_normalise_unicode_and_spaces():
    text = "Cafe\u0301\u00a0talks\u200b resume\u00ad d here."
    assert normalise(text) == "Café talks resume d here."
    assert unicodedata.is_normalized("NFC", normalise(text))


def test_normalise_joins_wrapped_lines_but_keeps_headings_apart():
    text = (
        "Headline of the story\n"
        "The minister said the agreement, which took months to negotiate and\n"
        "covers energy and grain, would be signed on Friday.\n"
        "A second paragraph starts here."
    )
    assert normalise(text).split("\n\n") == [
        "Headline of the story",
        "The minister said the agreement, which took months to negotiate and covers energy and "
        "grain, would be signed on Friday.",
        "A second paragraph starts here.",
    ]


def test_normalise_restores_a_lost_space_after_a_full_stop():
    assert normalise("in the years to come.The two leaders met.") == (
        "in the years to come. The two leaders met."
    )
    assert normalise("See example.com and the U.S.A. today.") == "See example.com and the U.S.A. today."


def test_glued_names_are_split_only_when_both_halves_are_names():
    names = {"China", "Russia", "India"}
    text = "IndiaChina talks, ChinaRussia ties, McDonald, PRNewswire, JavaScript, RussiaUkraine."
    assert normalise(text, names=names) == (
        "India-China talks, China-Russia ties, McDonald, PRNewswire, JavaScript, RussiaUkraine."
    )


def test_quotation_marks_keep_their_original_characters():
    text = '“Mismatched“ and ‘single’ and "straight" quotes.'
    assert normalise(text) == text


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400))
def test_removals_are_ordered_disjoint_and_exact_for_any_text(raw):
    removed = find_boilerplate(raw, markdown=True)
    for removal in removed:
        assert raw[removal.start : removal.end] == removal.text
    for left, right in itertools.pairwise(removed):
        assert left.end <= right.start
    clean(raw)  # never raises
