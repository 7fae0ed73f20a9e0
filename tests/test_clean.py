"""newslens.clean: boilerplate rules, the line model and normalisation, on text written for these tests."""

from __future__ import annotations

import itertools
import json
import textwrap
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newslens.clean import (
    MODEL_PATH,
    article_text,
    clean,
    find_boilerplate,
    line_key,
    load_line_model,
    normalise,
    recurring_lines,
)

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
@pytest.mark.slow
def test_removals_are_ordered_disjoint_and_exact_for_any_text(raw):
    removed = find_boilerplate(raw, markdown=True)
    for removal in removed:
        assert raw[removal.start : removal.end] == removal.text
    for left, right in itertools.pairwise(removed):
        assert left.end <= right.start
    clean(raw)  # never raises


# --- the line model: a whole page saved as text ---------------------------------------------

SAVED_PAGE = """\
* News
* Sport
* Weather
* Culture
Search
The Harbour Gazette
Local news since 1921

Trending
Council approves new cycle lanes on Quay Street
Storm warning for the weekend as winds pick up
Schools reopen after heating repairs
Ferry timetable changes from Monday

Harbour Gazette > Business

Fishermen and port agree on new landing fees

By Tomas Reid

Published 12 March 2024 09:30

Fishing crews in the harbour will pay lower landing fees from April after the port authority and the \
fishermen's association settled a dispute that had lasted most of the winter.

The agreement, reached late on Monday after a nine-hour meeting, cuts the fee for small boats by a third \
and links the charge for larger trawlers to the weight of their catch.

"We have been asking for this for years, and finally someone listened," said Ana Costa, who chairs the \
association.

What changes in April

The port will also open a second unloading bay, which should shorten the queues that build up on busy \
mornings.

Officials said the lost income would be made up by higher charges for cruise ships.

Not everyone is pleased.

Some owners of larger vessels say the new weight-based charge will cost them more than the old flat fee, \
and they plan to ask the council to review it.

The new fees take effect on 1 April and will be reviewed after a year.

Related
Port traffic hits a ten-year high
Why the fish market moved to the old station
New ferry route to the islands announced

Newsletter
Get the best of the Gazette in your inbox every morning.
Sign up

3 Comments
1. seagull_watcher says:
12 March 2024 at 10:02
About time, the queues were ridiculous.
Reply
2. harbourmaster72 says:
12 March 2024 at 11:15
Cruise ships will just go elsewhere now.
Reply

* About us
* Contact
* Privacy Policy
© 2024 The Harbour Gazette. All rights reserved.
"""

PAGE_HEADLINE = "Fishermen and port agree on new landing fees"
PAGE_BODY = SAVED_PAGE.split("\n\n")[6:15]  # the nine paragraphs of the article, its subhead among them
assert PAGE_BODY[0].startswith("Fishing crews") and PAGE_BODY[-1].startswith("The new fees")


def test_a_saved_page_keeps_its_article_and_loses_its_furniture():
    cleaned = clean(SAVED_PAGE)
    assert cleaned.text.split("\n\n") == [PAGE_HEADLINE, *PAGE_BODY]
    reasons = {r.text.strip(): r.reason for r in cleaned.removed}
    assert reasons["Storm warning for the weekend as winds pick up"] == (
        "page furniture before the article (line model)"
    )
    after = "page furniture after the article (line model)"
    assert reasons["Why the fish market moved to the old station"] == after
    assert reasons["About time, the queues were ridiculous."] == after
    assert reasons["1. seagull_watcher says:"] == "comment header"
    assert reasons["Reply"] == "comment header"
    for removal in cleaned.removed:
        assert SAVED_PAGE[removal.start : removal.end] == removal.text


def test_the_benchmark_adapter_returns_the_body_without_its_headline():
    assert article_text(SAVED_PAGE).split("\n\n") == PAGE_BODY
    assert clean(SAVED_PAGE, keep_headline=False).text == article_text(SAVED_PAGE)


def test_an_articles_own_file_keeps_its_lists():
    paragraphs = [
        "Three crews finished the final race of the harbour regatta on Sunday within a second of each other, "
        "and the judges declared a tie for the first time in the event's history.",
        "The organisers said the trophy would be shared and kept by each club for four months, an "
        "arrangement that the captains accepted after a short meeting on the quay.",
        "Thousands of spectators watched from the pier, where the wind that had delayed the morning heats "
        "dropped just before the start of the final.",
        "The judges studied the photographs from the finish line for more than an hour before they announced "
        "the result, and they said afterwards that no camera angle showed any crew ahead of the others.",
        "Next year's regatta will add a race for junior crews, and the harbour board has promised to extend "
        "the pontoons so that more boats can be launched at once.",
    ]
    results = (
        "Final times:\n1 Quay rowing club, 41 minutes 12\n2 North pier sailors, 41 minutes 12\n"
        "3 Lighthouse crew, 41 minutes 12\n"
    )
    raw = "Harbour regatta ends in a three-way tie\n\n" + "\n\n".join(paragraphs) + "\n\n" + results
    assert find_boilerplate(raw) == []


def test_an_article_without_page_furniture_is_left_to_the_patterns():
    raw = (
        "Harbour Ferries full-year results\n\n"
        "Net profit 4.2 mln euros vs 3.9 mln\n"
        "Revenue 61.0 mln euros vs 58.3 mln\n"
        "Passengers 2.41 mln vs 2.28 mln\n"
        "Vehicles 310,000 vs 296,000\n"
        "Dividend 12 cents a share vs 10 cents\n"
        "Fuel costs 14.8 mln euros vs 15.6 mln\n"
        "Staff 1,140 vs 1,105\n"
    )
    assert not [r for r in find_boilerplate(raw) if r.reason.endswith("(line model)")]


def test_a_hard_wrapped_page_is_judged_by_paragraph():
    blocks = SAVED_PAGE.split("\n\n")
    wrapped = "\n\n".join(textwrap.fill(b, 64) if b in PAGE_BODY else b for b in blocks)
    assert max(len(line) for line in wrapped.splitlines()) <= 64
    assert article_text(wrapped).split("\n\n") == PAGE_BODY


def test_a_page_that_is_all_furniture_gives_empty_text():
    page = "* Home\n* World\nSearch\nSubscribe now\nAdvertisement\nWeather\nTraffic cams\nPrivacy Policy\n"
    for raw in (page, "", " \n\n", "Most Read\n3 Comments\n"):
        assert clean(raw).text == ""


@pytest.mark.slow
def test_very_long_lines_are_cleaned_in_linear_time():
    prose = "The minister said the talks, which began on Monday, went well. " * 80_000  # 5 MB
    capitalised = " ".join(["Capitalised", "Words", "Without", "End"] * 2_500)  # 10,000 words
    cases = (
        f"Headline\n\n{prose}\n",
        f"{capitalised}\n",
        "a" + "!" * 200_000 + "b\n",  # runs that once took quadratic time
        "Facebook" + " " * 200_000 + ": x\n",
    )
    cleaned = [clean(raw) for raw in cases]
    for raw, result in zip(cases, cleaned, strict=True):
        for removal in result.removed:
            assert raw[removal.start : removal.end] == removal.text
    assert cleaned[0].text.startswith("Headline\n\nThe minister said")
    assert cleaned[1].text == capitalised


def test_of_a_line_printed_twice_the_copy_in_the_article_stays():
    lead = "The bridge will close for repairs on Monday, the council said in a statement on its website."
    raw = (
        f"* Home\n* Local\nTop story\n{lead}\n\nBridge to close for a month\n\n{lead}\n\n"
        "Drivers are advised to use the ring road, which adds about ten minutes to the journey.\n\n"
        "The work is expected to last four weeks and will cost about two million euros.\n"
    )
    cleaned = clean(raw)
    repeated = [r for r in cleaned.removed if r.reason == "repeated line"]
    assert [r.start for r in repeated] == [raw.index(lead)]
    assert cleaned.text.count(lead) == 1


def test_comment_headers_adverts_and_copyright_lines():
    raw = (
        "The council met on Tuesday and approved the budget for next year by a wide margin.\n\n"
        "Putin says:\n\nThe talks will continue in the spring, the spokesman said after the meeting.\n\n"
        "Advertisement\n\nImage caption The council chamber during the vote\n\n"
        "2 days ago at 10:15 am\n\nRating: 12 votes\n\n"
        "© 2024 Example Media Group. Registered in England. Content may not be republished without written "
        "permission from the publisher, its agents or its syndication partners.\n"
    )
    reasons = _reasons(raw)
    assert "Putin says:" not in reasons
    assert reasons["Advertisement"] == "advertisement"
    assert reasons["Image caption The council chamber during the vote"] == "photo caption"
    assert reasons["2 days ago at 10:15 am"] == "comment header"
    assert reasons["Rating: 12 votes"] == "comment header"
    assert reasons[raw.strip().split("\n\n")[-1]] == "site footer"


def test_table_rows_are_not_taken_for_related_headlines():
    raw = (
        "The league published the final table on Sunday after the last round of matches was played.\n\n"
        "1  Harbour United   24  18\n2  North Pier   24  15\n"
    )
    assert "related-article headline" not in {r.reason for r in find_boilerplate(raw)}


# --- corpus-level evidence: lines that recur across an outlet's articles -------------------------

OUTLET_FOOTER = (
    "Sign up for the Morning Brief and get our best stories in your inbox every day.\n"
    "Follow the Gazette on Mastodon\n"
)


def _outlet_article(topic: str, detail: str) -> str:
    return (
        f"{topic.capitalize()} plan approved\n\n"
        f"The council approved the {topic} plan on Tuesday after a long debate in the chamber.\n\n"
        f"{detail}\n\n{OUTLET_FOOTER}"
    )


OUTLET = [
    _outlet_article("parking", "Fees will rise by ten cents an hour in the old town from June."),
    _outlet_article("library", "The new branch will open in the former post office next spring."),
    _outlet_article("harbour", "Dredging of the inner basin will start once the permits arrive."),
]


def test_recurring_lines_are_the_outlets_furniture():
    furniture = recurring_lines(OUTLET)
    assert line_key("Follow the Gazette on Mastodon") in furniture
    assert line_key(OUTLET_FOOTER.split("\n")[0]) in furniture
    assert line_key(OUTLET[0].split("\n\n")[2]) not in furniture
    assert recurring_lines(OUTLET, min_articles=4) == frozenset()


def test_clean_cuts_the_outlets_furniture_with_its_reason():
    furniture = recurring_lines(OUTLET)
    cleaned = clean(OUTLET[0], furniture=furniture)
    assert "Mastodon" not in cleaned.text and "Morning Brief" not in cleaned.text
    assert "Fees will rise by ten cents an hour" in cleaned.text
    assert {r.reason for r in cleaned.removed} == {"repeated across the outlet's articles"}
    for removal in cleaned.removed:
        assert OUTLET[0][removal.start : removal.end] == removal.text


def test_copies_of_one_article_count_once():
    story = OUTLET[0]
    edited = story.replace("Tuesday", "Tuesday evening")
    assert recurring_lines([story, story, edited, "\n", ""]) == frozenset()


# --- the shipped model ---------------------------------------------------------------------------


def test_the_shipped_model_is_small_versioned_and_fits_the_features():
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert MODEL_PATH.stat().st_size < 16_000
    assert data["version"] and data["fitted_by"] == "benchmarks/fit_boilerplate.py"
    assert set(data["validation"]) == {"grouped_5_fold_cv_by_site", "development_pages"}
    model = load_line_model()
    assert 0 < model.threshold < 1
    assert find_boilerplate(SAVED_PAGE, model=model)  # raises if the features no longer match the file


def test_text_extracted_from_html_loses_only_lines_that_are_furniture_on_their_own():
    text = (
        "Talks resume in Geneva\n\nThe ministers met on Tuesday to discuss trade, and agreed to meet again "
        "in spring.\n\nShare on Facebook\n\nMore talks planned\n"
    )
    assert "More talks planned" not in clean(text).text  # after the article, on a page copied as text
    kept = clean(text, extracted=True).text  # the extractor already kept it as article text
    assert "More talks planned" in kept and "Share on Facebook" not in kept
