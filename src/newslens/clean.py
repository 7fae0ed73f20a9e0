"""Turn a raw article into clean text, keeping an audit trail of what was cut.

Two steps, in this order:

1. :func:`find_boilerplate` finds what is not the article, in three passes.

   a. Patterns of web and wire boilerplate: menus, share buttons, photo
      credits and captions, related-article headlines, hashtag runs, wire
      trailers, comment headers and counters, advertisements, footers; and,
      when the caller gives them, the lines that recur across the outlet's
      articles (:func:`recurring_lines`).
   b. A line model for what the patterns leave, made for pages of any site
      saved or copied as plain text. Stage 1 (boosted trees) scores each line
      from its length, share of function words (jusText's cue), sentence
      punctuation, capitalisation, bullets and numbering, link-like and
      menu-like runs, the block it sits in and where it lies against the
      page's main run of prose; stage 2 (logistic regression) smooths the
      scores over the neighbours. Lines scoring below the threshold are cut,
      except what is joined to kept text (body text is contiguous: a
      sentence next to a paragraph, a subhead between two, a list that a
      kept line introduces) and the headline. A text whose words are nearly
      all in paragraphs of prose (an article's own file) is left to the
      patterns. The model is fitted by ``benchmarks/fit_boilerplate.py`` on
      the development pages of a boilerplate benchmark, validated by site,
      and shipped in ``data/boilerplate.json``.
   c. Of a line printed twice, the copy the model finds likelier stays.

   Each cut is a :class:`Removal` with offsets into the raw text and a
   reason, so an analyst can audit it.
2. :func:`normalise` tidies what is left: Unicode NFC, odd spaces, line
   breaks inside paragraphs, a lost space after a full stop, and names glued
   together by a lost dash. Quotation marks keep their original characters.

The raw text is never changed; :func:`clean` returns a new string, and
:func:`article_text` is the adapter the benchmark's scorer calls.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newslens import paths


@dataclass(frozen=True)
class Removal:
    """A cut segment: ``raw[start:end] == text``."""

    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True)
class Cleaned:
    """Clean text and the segments removed from the raw text to make it."""

    text: str
    removed: list[Removal]


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str

    @functools.cached_property
    def words(self) -> list[str]:
        return self.text.split()

    @property
    def bare(self) -> str:
        """The line without bullets, emoji and outer punctuation, lowercased."""
        return _strip_edges(self.text).lower()


# --- whole-line rules -------------------------------------------------------

_I = re.IGNORECASE
_NON_WORDS = re.compile(r"[\W_]*")


def _strip_edges(text: str) -> str:
    """``text`` without the non-word characters at either end (in linear time, however long the runs)."""
    start = _NON_WORDS.match(text).end()
    end = len(text) - _NON_WORDS.match(text[::-1]).end()
    return text[start : max(start, end)]


_BULLET = re.compile(r"^\s*[•·▪●◦‣∙*–-]\s+")
_TERMINAL = re.compile(r"[.!?…:;\"”’')\]]\s*$")
_SOCIAL = (
    r"facebook|twitter|x|instagram|youtube|linkedin|whatsapp|telegram|vk|vkontakte|weibo|"
    r"wechat|reddit|pinterest|tiktok|threads|bluesky|mastodon|google plus|google\+|email|"
    r"e-mail|mail|print|rss|copy link|homepage|flipboard|messenger"
)
_SOCIAL_LINE = re.compile(rf"^(?:(?:{_SOCIAL})\W*){{1,4}}$", _I)
_SHARE = re.compile(
    r"^(?:share(?: this| the| your love| on \w+| via \w+)?(?: article| story| page| post)?"
    r"|tweet(?: this)?|follow us(?: on \w+)?|like us on \w+|pin it|send by email)$",
    _I,
)
_NAVIGATION = re.compile(
    r"^(?:back to top|go to top|scroll to top|top of page|skip to (?:main )?content|main menu"
    r"|menu|search|home|homepage|live|audio only|read more|load more|see more|show more"
    r"|more stories|next article|previous article|next story|previous story|close)$",
    _I,
)
_BREADCRUMB = re.compile(r"^[\w .&'-]{1,30}(?:\s*[>»›|]\s*[\w .&'-]{1,30}){1,5}$")
_PHOTO_CREDIT = re.compile(
    r"^(?:photos?|photograph|image|picture|pictures|credit|photo credit|file photo|source of image"
    r"|fotos?|фото)"
    r"\s*[:/|]",
    _I,
)
_PHOTO_MARK = re.compile(
    r"\|\s*photo\b|\(photo\s*:|\bphoto by\b|\bgetty images\b|\bap photo\b|/\s*(?:afp|reuters|ap|epa)\b",
    _I,
)
_CAPTION_LABEL = re.compile(
    r"^(?:image|media|video|photo) caption\b|\((?:image|picture|photo|foto|фото)\s*:", _I
)
_ADVERT = re.compile(
    r"^(?:advertisement|advertising|sponsored(?: content)?|promoted(?: content)?|ad|anzeige|publicidad)$", _I
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\s+(?:©|\(c\)|\d{4}))", _I)
_CAPTION_POSITION = re.compile(r"\((?:L|R|C|left|right|centre|center|front|back|top|bottom)\)")
_COMMENTS = re.compile(
    r"^(?:post with no comments|no comments(?: yet)?|\d+ comments?|comments? \(\d+\)"
    r"|leave a (?:comment|reply)|be the first to comment|view comments|add (?:a )?comment"
    r"|join the conversation|show comments|comments)$",
    _I,
)
_COMMENT_META = re.compile(
    r"^(?:\d+\.\s+\S.{0,40}|(?-i:[a-z0-9_])[\w.-]{0,30})\s+(?:says|wrote|commented|replied)\s*:$"
    r"|^(?:reply|report(?: abuse| comment)?|permalink|flag|log in to reply"
    r"|\d+\s+(?:likes?|replies|votes?|points?))$"
    r"|^rating:\s*-?\d+\s+votes?$"
    r"|^\d+\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+ago(?:\s+at\s+\d{1,2}:\d{2}\s*(?:am|pm)?)?$",
    _I,
)
_TRAILER = re.compile(
    r"^(?:cision\b.*|view original content\b.*|source\s*:?\s*site-?\d+|source\s*:?\s+\S+(?:\s+\S+){0,3}"
    r"|\((?:reporting|writing|editing|additional reporting) by\b.*\)|(?:reporting|editing) by\b.*"
    r"|this (?:story|article) (?:has been|was) (?:published|generated) from\b.*"
    r"|distributed by\b.*|-?ends-?|#{3}|xinhua\s*$)$",
    _I,
)
_TRAILER_ANYWHERE = re.compile(r"\bview original content\b", _I)
_FOOTER = re.compile(
    r"(?:\ball rights reserved\b|^(?:©|\(c\)|copyright)\s|\bprivacy policy\b|\bterms of (?:use|service)\b"
    r"|\bcookie (?:policy|settings)\b|\bsubscribe (?:to|now)\b|\bsign up for\b|\bnewsletter\b"
    r"|^contact us$|^about us$|\badvertise with us\b)",
    _I,
)
_RELATED_LEAD = re.compile(
    r"^(?:related|read more|read also|also read|see also|see more|more on this|recommended|you may also like)"
    r"(?:\s*(?:articles?|stories|news|coverage))?\s*[:>-]",
    _I,
)
_RELATED_HEADING = re.compile(
    r"^(?:related(?: articles?| stories| news| coverage)?|read (?:more|also)|also read|most read"
    r"|most popular|trending(?: now)?|latest(?: news)?|recommended|editor'?s picks|top stories"
    r"|you may also like|more from \w+)$",
    _I,
)
_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = rf"(?:\d{{1,2}} {_MONTH},? \d{{4}}|{_MONTH} \d{{1,2}},? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
_PUBLISHED = re.compile(
    rf"^(?:published|updated|posted|last updated|first published)(?: on| at)?:?\s+{_DATE}\b.{{0,40}}$",
    _I,
)
_DATE_ONLY = re.compile(
    rf"^(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?{_DATE}(?:,?\s+(?:at\s+)?\d{{1,2}}:\d{{2}}.*)?$",
    _I,
)
_BYLINE = re.compile(r"^[Bb]y\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*(?:,|and|\|).{0,60})?$")

# --- rules inside a line ------------------------------------------------------

_HASHTAG_RUN = re.compile(r"(?<!\w)(?:#[^\s#]+\s*){2,}")
_SOCIAL_LINKS = re.compile(
    rf"(?:(?:[^\w\s]{{1,2}}\s*+)?+(?:{_SOCIAL})\s*+:\s*+(?:https?://\S++)?+\s*+){{2,}}",
    _I,
)
_TIMESTAMP_TAIL = re.compile(r"\b\d{4}-\d{2}-\d{2},?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:\(?[A-Z]{2,5}\)?)?\s*$")
_DATELINE = re.compile(
    rf"^(?:[A-Z][A-Z.'’ -]{{2,30}}(?:,\s*{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)?"
    r"\s*(?:/[^/\n]{2,40}/|\((?:[A-Z][\w.]*\s?){1,3}\))\s*[—–-]{1,2}\s+"
    r"|[A-Z][A-Z.'’ -]{2,30}\s+(?:—|--)\s+"
    r"|\((?:[A-Z][\w'’-]+)(?:\s[A-Z][\w'’-]+){0,2}\)\s+(?=[A-Z]))"
)
_MD_MARKUP = (
    (re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"), "image"),
    (re.compile(r"^#{1,6}\s+", re.M), "markdown markup"),
    (re.compile(r"^>\s?", re.M), "markdown markup"),
    (re.compile(r"\*\*|__"), "markdown markup"),
    (re.compile(r"(?<!!)\[(?=[^\]\n]*\]\([^)\n]*\))"), "markdown markup"),
    (re.compile(r"\]\([^)\n]*\)"), "markdown markup"),
)


def find_boilerplate(
    raw: str,
    *,
    markdown: bool = False,
    furniture: Collection[str] = frozenset(),
    keep_headline: bool = True,
    model: LineModel | None = None,
    extracted: bool = False,
) -> list[Removal]:
    """Find the segments of ``raw`` that are not the article.

    Args:
        raw: The article as read from disk.
        markdown: Also cut Markdown markup (headings, emphasis, link targets).
        furniture: Keys (:func:`line_key`) of lines that recur across the
            outlet's articles (see :func:`recurring_lines`); they are cut.
        keep_headline: Keep the line just before the article's first kept
            line (its headline) even when the line model would cut it.
        model: The line model; by default the one shipped in
            ``data/boilerplate.json`` (the fitting script passes its own).
        extracted: The text is what an HTML extractor kept of a page: the rules
            that judge a line by its neighbours and place (related headlines,
            furniture after the article, the line model, repeats) are skipped,
            since the extractor has judged the page's structure better than
            its text shows (on the development pages they cut mostly body).

    Returns:
        Non-overlapping removals sorted by offset, each with its reason.
    """
    lines = [line for line in _lines(raw) if line.text.strip()]
    page = _Page(raw, lines)
    if extracted:
        reasons = [_standalone_reason(line) for line in lines]
        _mark_furniture(lines, reasons, frozenset(furniture))
    else:
        reasons = _line_reasons(page, frozenset(furniture), model or load_line_model(), keep_headline)
    removals = [
        Removal(line.start, line.end, line.text, reason)
        for line, reason in zip(lines, reasons, strict=True)
        if reason
    ]
    for line, reason in zip(lines, reasons, strict=True):
        if not reason:
            removals.extend(_span_removals(raw, line))
    if markdown:
        removals.extend(_markdown_removals(raw))
    return _without_overlaps(removals)


def _lines(raw: str) -> Iterator[_Line]:
    """Every line of ``raw`` with its offsets (line breaks excluded)."""
    for match in re.finditer(r"[^\r\n]+", raw):
        yield _Line(match.start(), match.end(), match.group())


def _line_reasons(page: _Page, furniture: frozenset[str], model: LineModel, keep_headline: bool) -> list[str]:
    """A reason for each line that is boilerplate as a whole, '' for the rest.

    The rules come first; the line model then judges what they left, with
    their cuts as evidence; of a line printed twice only the likelier copy stays.
    """
    lines = page.lines
    reasons = rule_reasons(lines, furniture)
    scores = _mark_by_model(page, reasons, model, keep_headline)
    _mark_repeats(lines, reasons, scores)
    return reasons


def rule_reasons(lines: list[_Line], furniture: frozenset[str] = frozenset()) -> list[str]:
    """The reasons of the pattern rules alone, '' for the lines they leave to the model."""
    reasons = [_standalone_reason(line) for line in lines]
    _mark_menus(lines, reasons)
    _mark_furniture(lines, reasons, furniture)
    _mark_related_headlines(lines, reasons)
    _mark_trailing_furniture(lines, reasons)
    return reasons


def _standalone_reason(line: _Line) -> str:
    """Rules that judge a line on its own."""
    text, bare = line.text.strip(), line.bare
    folded = text.casefold()
    words = len(line.words)
    short = words <= 12
    rules = (
        (_NAVIGATION.match(bare), "navigation"),
        (
            short and _searched(_BREADCRUMB, text, folded) and not _TERMINAL.search(text),
            "navigation (breadcrumb)",
        ),
        (_SHARE.match(bare) or _SOCIAL_LINE.match(bare), "share buttons and social links"),
        (_PHOTO_CREDIT.match(_BULLET.sub("", text)), "photo credit"),
        (words <= 60 and _searched(_PHOTO_MARK, text, folded), "photo caption and credit"),
        (words <= 60 and _CAPTION_POSITION.search(text), "photo caption"),
        (words <= 60 and _searched(_CAPTION_LABEL, text, folded), "photo caption"),
        (_ADVERT.match(bare), "advertisement"),
        (_COMMENTS.match(bare), "comment counter"),
        (short and _COMMENT_META.match(text), "comment header"),
        (_TRAILER.match(text) or _searched(_TRAILER_ANYWHERE, text, folded), "wire or aggregator trailer"),
        ((short and _searched(_FOOTER, text, folded)) or _COPYRIGHT.match(text), "site footer"),
        (_RELATED_LEAD.match(text) or (short and _RELATED_HEADING.match(bare)), "related content"),
        (_PUBLISHED.match(text) or _DATE_ONLY.match(text), "publication date line"),
        (short and _BYLINE.match(text) and not _TERMINAL.search(text), "byline"),
    )
    return next((reason for matched, reason in rules if matched), "")


#: What every match of a pattern holds, case-folded: text without any of it is not searched
#: (these searches, slow in ``re`` for alternatives under IGNORECASE, were most of the time of cleaning).
_NEEDLES = {
    _BREADCRUMB: (">", "»", "›", "|"),
    _PHOTO_MARK: ("photo", "getty images", "/"),
    _CAPTION_LABEL: ("caption", "("),
    _TRAILER_ANYWHERE: ("view original content",),
    _FOOTER: ("all rights reserved", "©", "(c)", "copyright", "privacy policy", "terms of", "cookie",
              "subscribe", "sign up for", "newsletter", "contact us", "about us", "advertise with us"),
}  # fmt: skip
#: Each pattern's needles as one literal alternation: one scan of the line, not one per needle.
_NEEDLE_SCAN = {pattern: re.compile("|".join(map(re.escape, words))) for pattern, words in _NEEDLES.items()}


def _searched(pattern: re.Pattern, text: str, folded: str) -> bool:
    """``pattern.search(text)``, skipped where ``folded`` (the case-folded text) holds none of its needles."""
    return _NEEDLE_SCAN[pattern].search(folded) is not None and bool(pattern.search(text))


def _mark_menus(lines: list[_Line], reasons: list[str]) -> None:
    """Runs of two or more short bullet items are a menu."""
    is_item = [
        bool(_BULLET.match(line.text)) and len(line.words) <= 5 and not _TERMINAL.search(line.text)
        for line in lines
    ]
    for i, item in enumerate(is_item):
        neighbour = (i > 0 and is_item[i - 1]) or (i + 1 < len(lines) and is_item[i + 1])
        if item and neighbour and not reasons[i]:
            reasons[i] = "navigation"


def _mark_repeats(lines: list[_Line], reasons: list[str], scores: list[float]) -> None:
    """A line printed twice (a teaser repeating the lead, a caption twice): the likelier copy stays.

    Of two copies the rules and the model left, the one the model finds more
    like the article's text is kept, so the body's copy wins over a teaser's.
    A line printed three times or more is a pattern of the text (the same
    question to each interviewee, a recipe's step) and is left to the model.
    """
    copies: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        key = line_key(line.text)
        if len(key.split()) >= 3 and not reasons[i]:
            copies.setdefault(key, []).append(i)
    for found in copies.values():
        if len(found) == 2:
            worse = min(found, key=lambda i: (scores[i], -i))
            reasons[worse] = "repeated line"


def _mark_furniture(lines: list[_Line], reasons: list[str], furniture: frozenset[str]) -> None:
    """Lines that recur across the outlet's articles (see :func:`recurring_lines`)."""
    if not furniture:
        return
    for i, line in enumerate(lines):
        if not reasons[i] and line_key(line.text) in furniture:
            reasons[i] = "repeated across the outlet's articles"


def _is_prose(line: _Line) -> bool:
    return len(line.words) >= 8 and bool(_TERMINAL.search(line.text))


def _is_quotation(line: _Line) -> bool:
    return line.text.lstrip()[:1] in "\"“”‘'«„"


def _mark_related_headlines(lines: list[_Line], reasons: list[str]) -> None:
    """A Title Case line inside the body is a related-article link.

    Every word capitalised ("Russia Writes Off 20 Billion In Debt To African
    Countries"), no closing punctuation, after the body has begun and not
    right after a quotation (a caption naming the speaker stays). A table
    row (two or more numbers, or columns set off by runs of spaces) is not one.
    """
    body_started = False
    for i, line in enumerate(lines):
        if reasons[i]:
            continue
        words = [w for w in re.split(r"[\s/—–-]+", line.text.strip()) if w]
        title_case = len(words) >= 4 and all(w[0].isupper() or w[0].isdigit() for w in words)
        table_row = "  " in line.text.strip() or sum(w[0].isdigit() for w in words) > 1
        after_quote = i > 0 and _is_quotation(lines[i - 1])
        headline = title_case and not table_row and not _TERMINAL.search(line.text)
        if body_started and headline and not after_quote:
            reasons[i] = "related-article headline"
        body_started = body_started or _is_prose(line)


def _mark_trailing_furniture(lines: list[_Line], reasons: list[str]) -> None:
    """Short unpunctuated lines after the last paragraph are site furniture."""
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if reasons[i]:
            continue
        if len(line.words) <= 4 and not _TERMINAL.search(line.text):
            reasons[i] = "site furniture after the article"
        else:
            break


# --- the line model -------------------------------------------------------------
#
# What the rules leave is judged line by line by two small logistic models,
# fitted by benchmarks/fit_boilerplate.py on plain-text copies of news pages
# and shipped in data/boilerplate.json. Stage 1 reads a line and its
# neighbours: length, share of function words (jusText's cue), sentence
# punctuation, capitalisation, bullets and numbering, link-like and
# menu-like runs, the block it sits in, and where it lies against the main
# run of prose. Stage 2 smooths: it reads stage 1's scores of the line's
# neighbours and where the line lies against the run the scores make (body
# text is contiguous: a short line between two paragraphs is body, a run of
# short lines before the first paragraph is not).

MODEL_PATH = paths.PACKAGE_DIR / "data" / "boilerplate.json"
#: What makes a text a page for the line model (see :func:`_is_a_page`): its
#: number of lines (the shortest of the benchmark's pages has 8), lines of
#: page furniture found by the patterns, and the share of words in prose
#: paragraphs above which it is an article's own file (saved news pages: 90%
#: of them are below 0.86; BBC articles: 99% are above 0.91).
MIN_PAGE_LINES = 8
MIN_FURNITURE_LINES = 2
ARTICLE_PROSE_SHARE = 0.9
PAGE_FURNITURE = frozenset(
    {
        "navigation",
        "navigation (breadcrumb)",
        "share buttons and social links",
        "site footer",
        "related content",
        "comment counter",
        "comment header",
        "advertisement",
        "repeated across the outlet's articles",
    }
)

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"”’»)\]]*\s*$")
_INNER_STOP = re.compile(r"[.!?。！？](?=\s+\S)")
_ITEM = re.compile(r"^(?:[*+•·▪●◦‣∙–—-]|o(?=\s))")
_NUMBERED = re.compile(r"^\(?\d{1,3}[.)](?:\s|$)")
_LINKISH = re.compile(r"https?:|www\.|\.(?:com|org|net)\b|@\w|(?<!\w)#\w", _I)
_SEPARATOR = re.compile(r"(?<=\s)[|•·»›>/](?=\s)")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b|\b(?:ago|am|pm|min read)\b", _I)
_GLUED = re.compile(r"[a-z]{2}[A-Z][a-z]")
_SAYS = re.compile(r"\b(?:says|said|wrote|writes|commented|replied|reply)\s*:?\s*$", _I)
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")  # kana and Han: a word is about two characters
_LENGTH_BINS = ((0, 0), (1, 1), (2, 3), (4, 6), (7, 11), (12, 19), (20, 39), (40, None))


class Trees:
    """Boosted decision trees: a line's log-odds of being article text is ``base`` plus a leaf of each tree.

    A tree is a leaf value or ``[feature index, threshold, left, right]``; a
    line goes left when its feature is below the threshold. The trees are
    kept as arrays of nodes so that all lines go down all trees at once.
    """

    def __init__(self, features: list[str], base: float, trees: list) -> None:
        self.features, self.base, self.trees = tuple(features), float(base), trees
        nodes = [_flatten(tree) for tree in trees]
        size = max((len(n) for n in nodes), default=1)
        padded = [n + [(0, math.inf, 0, 0, 0.0)] * (size - len(n)) for n in nodes]
        table = np.array(padded, dtype=float).reshape(len(trees), size, 5)
        self._feature, self._threshold = table[:, :, 0].astype(int), table[:, :, 1]
        self._left, self._right = table[:, :, 2].astype(int), table[:, :, 3].astype(int)
        self._value, self._depth = table[:, :, 4], max((_depth(tree) for tree in trees), default=0)

    @classmethod
    def from_dict(cls, data: dict) -> Trees:
        return cls(data["features"], data["base"], data["trees"])

    def predict(self, rows: list[dict[str, float]]) -> list[float]:
        """The probability of each feature row (rows must have exactly :attr:`features`)."""
        _check_features(self.features, rows)
        values = np.array([[row[name] for name in self.features] for row in rows], dtype=float)
        values = values.reshape(len(rows), len(self.features))
        tree = np.arange(len(self.trees))[:, None]
        node = np.zeros((len(self.trees), len(rows)), dtype=int)
        for _ in range(self._depth):
            below = values[np.arange(len(rows)), self._feature[tree, node]] < self._threshold[tree, node]
            node = np.where(below, self._left[tree, node], self._right[tree, node])
        z = self.base + self._value[tree, node].sum(axis=0)
        return (1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))).tolist()


def _flatten(tree: list | float) -> list[tuple]:
    """A tree as rows (feature, threshold, left, right, value); a leaf points to itself."""
    rows: list = []

    def add(node) -> int:
        index = len(rows)
        rows.append(None)
        if isinstance(node, list):
            feature, threshold, left, right = node
            rows[index] = (feature, threshold, add(left), add(right), 0.0)
        else:
            rows[index] = (0, math.inf, index, index, float(node))
        return index

    add(tree)
    return rows


def _depth(tree: list | float) -> int:
    return 1 + max(_depth(tree[2]), _depth(tree[3])) if isinstance(tree, list) else 0


@dataclass(frozen=True)
class Logistic:
    """A logistic regression: the log-odds is the sum of weight times feature ("bias" is 1)."""

    weights: dict[str, float]

    def predict(self, rows: list[dict[str, float]]) -> list[float]:
        """The probability of each feature row (rows must have exactly the weights' features)."""
        _check_features(self.weights, rows)
        pairs = list(self.weights.items())
        return [_sigmoid(sum(w * row[name] for name, w in pairs)) for row in rows]


def _check_features(names: Iterable[str], rows: list[dict[str, float]]) -> None:
    """Raise when the features computed here are not those the model file was fitted on."""
    if rows and set(names) != rows[0].keys():
        raise ValueError(
            f"{MODEL_PATH.name} does not fit the features: refit it (benchmarks/fit_boilerplate.py)"
        )


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class LineModel:
    """The fitted model: stage 1 trees, stage 2 weights, the function words they count, the threshold."""

    version: str
    function_words: frozenset[str]
    local: Trees
    page: Logistic
    threshold: float

    @classmethod
    def from_dict(cls, data: dict) -> LineModel:
        words = frozenset(w for listed in data["function_words"].values() for w in listed.split())
        stages = (Trees.from_dict(data["local"]), Logistic(dict(data["page"])))
        return cls(str(data["version"]), words, *stages, float(data["threshold"]))


@functools.cache
def load_line_model(path: Path = MODEL_PATH) -> LineModel:
    """The line model of ``path`` (by default the one shipped with newslens)."""
    return LineModel.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


class _Page:
    """The non-blank lines of a text, and which of them open a block (follow a blank line)."""

    def __init__(self, raw: str, lines: list[_Line]) -> None:
        self.raw = raw
        self.lines = lines
        self.opens_block = [
            i == 0 or raw.count("\n", lines[i - 1].end, line.start) >= 2 for i, line in enumerate(lines)
        ]


def _signals(text: str, function_words: frozenset[str]) -> dict[str, float]:
    """What one line shows on its own: length, function words, punctuation, case, markers."""
    text = text.strip()
    tokens = _WORD.findall(text)
    n = _word_count(tokens) if _UNSPACED.search(text) else len(tokens)
    words = [t for t in tokens if not t.isdigit()]
    terminal = bool(_SENTENCE_END.search(text))
    functions = sum(t.lower() in function_words for t in tokens)
    return {
        "n": n,
        "chars": len(text),
        "function": functions / n if n >= 3 else 0.0,
        "functions": functions,
        "terminal": terminal,
        "prose": (n >= 10 and terminal) or n >= 25,
        "colon": text.endswith(":"),
        "question": text.endswith("?"),
        "stops": len(_INNER_STOP.findall(text)),
        "commas": text.count(",") / max(n, 1),
        "caps": sum(w[0].isupper() for w in words) / len(words) if words else 0.0,
        "allcaps": sum(len(w) > 1 and w.isupper() for w in words) / len(words) if words else 0.0,
        "item": bool(_ITEM.match(text)),
        "numbered": bool(_NUMBERED.match(text)),
        "link": bool(_LINKISH.search(text)),
        "separators": len(_SEPARATOR.findall(text)),
        "clock": bool(_CLOCK.search(text)),
        "digits": sum(map(str.isdigit, text)) / max(len(text), 1),
        "glued": bool(_GLUED.search(text)),
        "says": bool(_SAYS.search(text)),
    }


def _word_count(tokens: list[str]) -> int:
    """Words in tokens; a run of kana or Han, written without spaces, counts a word per two characters."""
    return sum(len(t) // 2 or 1 if _UNSPACED.search(t) else 1 for t in tokens)


def _window_means(values: list[float], widths: tuple[int, ...]) -> dict[int, list[float]]:
    """For each width w, the mean of ``values`` over the w lines either side (the line itself left out)."""
    array = np.asarray(values, dtype=float)
    sums = np.concatenate(([0.0], np.cumsum(array)))
    index = np.arange(len(array))
    means = {}
    for w in widths:
        low, high = np.maximum(index - w, 0), np.minimum(index + w + 1, len(array))
        means[w] = ((sums[high] - sums[low] - array) / np.maximum(high - low - 1, 1)).tolist()
    return means


def _best_span(gains: list[float]) -> tuple[int, int]:
    """The contiguous lines with the largest sum of gains (Kadane); (0, -1) when none is positive."""
    best, current, start, span = 0.0, 0.0, 0, (0, -1)
    for i, gain in enumerate(gains):
        if current <= 0:
            current, start = gain, i
        else:
            current += gain
        if current > best:
            best, span = current, (start, i)
    return span


def _position(i: int, span: tuple[int, int], prefix: str) -> dict[str, float]:
    """Where line i lies against a span of lines: inside, or how far before or after."""
    start, end = span
    return {
        f"{prefix}_inside": float(start <= i <= end),
        f"{prefix}_before": math.log1p(start - i) if i < start else 0.0,
        f"{prefix}_after": math.log1p(i - end) if i > end else 0.0,
    }


def _local_features(page: _Page, signals: list[dict], cut: list[bool]) -> list[dict[str, float]]:
    """Stage 1: each line's own signals, its block, its neighbours and the main run of prose."""
    context = _line_context(page, signals, cut)
    gains = [s["n"] if s["prose"] and not c else -(2 + s["n"] / 2) for s, c in zip(signals, cut, strict=True)]
    run = _best_span(gains)
    rows = []
    for i, s in enumerate(signals):
        row = _own_features(s)
        row.update({name: values[i] for name, values in context.items()})
        row.update(_position(i, run, "run"))
        rows.append(row)
    return rows


def _line_context(page: _Page, signals: list[dict], cut: list[bool]) -> dict[str, list[float]]:
    """Features of each line's surroundings: its block, the lines around it, the longest line."""
    n_lines = len(signals)
    prose = [float(s["prose"]) for s in signals]
    cuts = [float(c) for c in cut]
    total = sum(s["n"] for s in signals) or 1
    before = list(itertools.accumulate((s["n"] for s in signals), initial=0))
    longest = max(range(n_lines), key=lambda i: signals[i]["n"], default=0)
    starts = [(line.words or [""])[0].lower() for line in page.lines]
    context = {
        "cut_by_rules": cuts,
        "opens_block": [float(opens) for opens in page.opens_block],
        "closes_block": [float(i + 1 == n_lines or page.opens_block[i + 1]) for i in range(n_lines)],
        "block_lines": [math.log(size) for size in _block_sizes(page.opens_block)],
        "block_prose": _block_means(page.opens_block, prose),
        "words_before": [before[i] / total for i in range(n_lines)],
        "longest_distance": [math.log1p(abs(i - longest)) for i in range(n_lines)],
        "before_longest": [float(i < longest) for i in range(n_lines)],
        "same_start": [
            float(any(0 <= j < n_lines and starts[j] == starts[i] for j in (i - 1, i + 1)))
            for i in range(n_lines)
        ],
        "between_prose": [
            float(0 < i < n_lines - 1 and prose[i - 1] == prose[i + 1] == 1.0) for i in range(n_lines)
        ],
    }
    lengths = [math.log1p(s["n"]) for s in signals]
    for name, values, widths in (
        ("prose", prose, (1, 3, 8)),
        ("length", lengths, (1, 3, 8)),
        ("cut", cuts, (1, 3)),
    ):
        context.update({f"{name}_{w}": means for w, means in _window_means(values, widths).items()})
    return context


def _own_features(s: dict) -> dict[str, float]:
    """A line's own signals as model features (length in bins, so the weights need not be linear)."""
    n = s["n"]
    row = {"bias": 1.0, "log_words": math.log1p(n), "log_chars": math.log1p(s["chars"])}
    for low, high in _LENGTH_BINS:
        row[f"words_{low}"] = float(low <= n and (high is None or n <= high))
    row.update(
        function=s["function"],
        functions_3=float(s["functions"] >= 3),
        terminal=float(s["terminal"]),
        terminal_long=float(s["terminal"] and n >= 6),
        colon=float(s["colon"]),
        question=float(s["question"]),
        stops=math.log1p(s["stops"]),
        commas=min(s["commas"], 1.0),
        caps=s["caps"] if n >= 3 else 0.0,
        title_case=float(s["caps"] == 1.0 and n >= 3),
        allcaps=s["allcaps"],
        item=float(s["item"]),
        short_item=float(s["item"] and n <= 6),
        numbered=float(s["numbered"]),
        link=float(s["link"]),
        separators=min(s["separators"], 3) / 3,
        clock=float(s["clock"]),
        digits=s["digits"],
        glued=float(s["glued"]),
        says=float(s["says"]),
    )
    return row


def _block_sizes(opens_block: list[bool]) -> list[int]:
    """For each line, how many lines its block (lines between blank lines) has."""
    sizes = [0] * len(opens_block)
    for block in _blocks(opens_block):
        for i in block:
            sizes[i] = len(block)
    return sizes


def _block_means(opens_block: list[bool], values: list[float]) -> list[float]:
    """For each line, the mean of ``values`` over the other lines of its block (0 when alone)."""
    means = [0.0] * len(values)
    for block in _blocks(opens_block):
        total = sum(values[i] for i in block)
        for i in block:
            means[i] = (total - values[i]) / (len(block) - 1) if len(block) > 1 else 0.0
    return means


def _page_features(
    page: _Page, signals: list[dict], scores: list[float], cut: list[bool]
) -> tuple[list[dict], tuple]:
    """Stage 2: stage 1's score of a line and of its neighbours, and the run the scores make.

    Returns the feature rows and the run (first and last line of the article
    as stage 1 sees it).
    """
    kept = [0.0 if c else p for p, c in zip(scores, cut, strict=True)]
    around = _window_means(kept, (2, 4, 8))
    block = _block_means(page.opens_block, kept)
    cuts = list(itertools.accumulate((float(c) for c in cut), initial=0.0))
    triples = zip(signals, scores, cut, strict=True)
    run = _best_span([-1.0 - s["n"] / 2 if c else s["n"] * (p - 0.5) for s, p, c in triples])
    top = max(kept, default=0.0) or 1.0
    rows = []
    for i, (s, p) in enumerate(zip(signals, scores, strict=True)):
        row = {"bias": 1.0, "logit": math.log(max(p, 1e-4) / max(1 - p, 1e-4)), "relative": kept[i] / top}
        row.update({f"around_{w}": values[i] for w, values in around.items()})
        row.update(
            previous=kept[i - 1] if i else 0.0,
            next=kept[i + 1] if i + 1 < len(kept) else 0.0,
            log_words=math.log1p(s["n"]),
            terminal=float(s["terminal"]),
            block=block[i],
            cuts_between=math.log1p(_between(cuts, i, run)),
        )
        row.update(_position(i, run, "run"))
        rows.append(row)
    return rows, run


def _between(counts: list[float], i: int, span: tuple[int, int]) -> float:
    """How many counted lines lie between line i and a span (``counts`` is a running total)."""
    start, end = span
    if i < start:
        return counts[start] - counts[i + 1]
    return counts[i] - counts[end + 1] if i > end else 0.0


def line_scores(page: _Page, cut: list[bool], model: LineModel) -> tuple[list[float], tuple[int, int]]:
    """How likely each line is article text (stage 2), and the article's run of lines."""
    signals = [_signals(line.text, model.function_words) for line in page.lines]
    first = model.local.predict(_local_features(page, signals, cut))
    rows, run = _page_features(page, signals, first, cut)
    return model.page.predict(rows), run


def _mark_by_model(page: _Page, reasons: list[str], model: LineModel, keep_headline: bool) -> list[float]:
    """Cut the lines the model finds unlike article text; returns every line's score.

    The model judges paragraphs: a line of its own, or the lines of a
    hard-wrapped paragraph together (:func:`_paragraph_lines`). A line that
    the rules inside a line explain entirely (a hashtag run, social links)
    is left to them.
    """
    if not _is_a_page(page.lines, reasons):
        return [0.0] * len(page.lines)
    groups = _paragraph_lines(page)
    units = _Page(page.raw, [_joined(page.lines, group) for group in groups])
    cut = [any(reasons[i] for i in group) for group in groups]
    verdicts, unit_scores = _judge(units, cut, model, keep_headline)
    scores = [0.0] * len(page.lines)
    for group, verdict, score in zip(groups, verdicts, unit_scores, strict=True):
        for i in group:
            scores[i] = score
            if verdict and not reasons[i] and not _explained_by_spans(page.raw, page.lines[i]):
                reasons[i] = verdict
    return scores


def _judge(
    page: _Page, cut: list[bool], model: LineModel, keep_headline: bool
) -> tuple[list[str], list[float]]:
    """The reason to cut each line the rules left ('' to keep it), and each line's score.

    A line is kept when its score reaches the model's threshold or when it
    is joined to kept text (:func:`_keep_joined_lines`); when no line reaches
    the threshold, the likeliest sentence is the article's. The headline
    (see :func:`_headline`) is kept when ``keep_headline``.
    """
    verdicts = [""] * len(page.lines)
    scores, run = line_scores(page, cut, model)
    kept = [not c and score >= model.threshold for c, score in zip(cut, scores, strict=True)]
    sentences = [not c and _is_sentence(line) for c, line in zip(cut, page.lines, strict=True)]
    if not any(kept) and any(sentences):
        kept[max((i for i, s in enumerate(sentences) if s), key=scores.__getitem__)] = True
    _keep_introduced_lists(page, cut, kept)
    _keep_joined_lines(page.lines, cut, kept, sentences)
    if keep_headline and (headline := _headline(page.lines, cut, kept)) is not None:
        kept[headline] = True
    article = [i for i, k in enumerate(kept) if k]
    span = (article[0], article[-1]) if article else run
    for i in range(len(page.lines)):
        if not cut[i] and not kept[i]:
            verdicts[i] = _model_reason(i, span)
    return verdicts, scores


def _paragraph_lines(page: _Page) -> list[list[int]]:
    """The lines of each paragraph: a line of its own, or a hard-wrapped paragraph's lines.

    Lines are joined as :func:`_paragraphs` joins them, and only in a text
    wrapped at a fixed width (:func:`_hard_wrapped`).
    """
    lines = page.lines
    if not _hard_wrapped(lines):
        return [[i] for i in range(len(lines))]
    groups: list[list[int]] = []
    for block in _blocks(page.opens_block):
        width = max(len(lines[i].text.strip()) for i in block)
        groups.append([block[0]])
        for previous, i in itertools.pairwise(block):
            before = lines[previous].text.strip()
            wrapped = len(before) >= max(40, 0.6 * width) and not _TERMINAL.search(before)
            if lines[i].text.strip()[0].islower() or wrapped:
                groups[-1].append(i)
            else:
                groups.append([i])
    return groups


def _hard_wrapped(lines: list[_Line]) -> bool:
    """Whether the text is wrapped at a fixed width, as newswires and e-mails are.

    No line is longer than 100 characters, and most of the lines near the
    longest end without closing punctuation.
    """
    widths = [len(line.text.strip()) for line in lines]
    longest = max(widths, default=0)
    full = [line for line, width in zip(lines, widths, strict=True) if width >= max(40, 0.6 * longest)]
    unfinished = sum(not _TERMINAL.search(line.text) for line in full)
    return longest <= 100 and len(full) >= 3 and unfinished >= len(full) / 2


def _blocks(opens_block: list[bool]) -> list[list[int]]:
    """The line indices of each block (lines between blank lines)."""
    blocks: list[list[int]] = []
    for i, opens in enumerate(opens_block):
        if opens or not blocks:
            blocks.append([])
        blocks[-1].append(i)
    return blocks


def _joined(lines: list[_Line], group: list[int]) -> _Line:
    """The lines of a paragraph as one line for the model (its text joined with spaces)."""
    if len(group) == 1:
        return lines[group[0]]
    return _Line(lines[group[0]].start, lines[group[-1]].end, " ".join(lines[i].text.strip() for i in group))


def _is_a_page(lines: list[_Line], reasons: list[str]) -> bool:
    """Whether the text is a saved web page, which the line model was made to judge.

    A page has MIN_PAGE_LINES lines or more, at least MIN_FURNITURE_LINES of
    them page furniture that the patterns recognise (menus, share buttons,
    footers, related links, comments, adverts: 97% of the benchmark's pages
    have them, BBC, Reuters and Wikinews articles have none), and less than
    ARTICLE_PROSE_SHARE of its words in paragraphs of prose. Anything else,
    an article's own file above all, is left to the patterns, and its lists
    and tables stay.
    """
    furniture = sum(reason in PAGE_FURNITURE for reason in reasons)
    if len(lines) < MIN_PAGE_LINES or furniture < MIN_FURNITURE_LINES:
        return False
    words = [len(line.words) for line in lines]
    prose = sum(n for n, line, r in zip(words, lines, reasons, strict=True) if not r and _is_paragraph(line))
    return prose < ARTICLE_PROSE_SHARE * sum(words)


def _is_paragraph(line: _Line) -> bool:
    """Ten or more words ending with closing punctuation, or 25 or more words."""
    n = len(line.words)
    return (n >= 10 and bool(_SENTENCE_END.search(line.text))) or n >= 25


def _is_sentence(line: _Line) -> bool:
    """Two or more words, closing punctuation, and a start that is not lower case or a list marker."""
    text = line.text.strip()
    starts_well = not (text[0].islower() or _ITEM.match(text))
    return len(line.words) >= 2 and bool(_SENTENCE_END.search(text)) and starts_well


def _keep_introduced_lists(page: _Page, cut: list[bool], kept: list[bool]) -> None:
    """A line ending with a colon right after kept text introduces a list: it and the rest of its block stay.

    ("Final standings:" and the standings below it, up to the next blank line.)
    """
    left = [i for i in range(len(page.lines)) if not cut[i]]
    for before, i in itertools.pairwise(left):
        if kept[before] and page.lines[i].text.rstrip().endswith(":"):
            kept[i] = True
            for j in range(i + 1, len(page.lines)):
                if page.opens_block[j]:
                    break
                kept[j] = kept[j] or not cut[j]


def _keep_joined_lines(lines: list[_Line], cut: list[bool], kept: list[bool], sentences: list[bool]) -> None:
    """Body text is contiguous: sentences next to kept text are kept, and a short line between them.

    Going down and then up the page from each kept line, sentences are kept,
    and so is one short line (a subhead, a speaker's name) followed by a
    sentence or kept text. A line that is neither, or two lines in a row
    that the rules cut, ends the text.
    """
    for order in (range(len(lines)), range(len(lines) - 1, -1, -1)):
        joined, pending, cuts_in_a_row = False, None, 0
        for i in order:
            if cut[i]:
                cuts_in_a_row += 1
                joined = joined and cuts_in_a_row < 2
                continue
            cuts_in_a_row = 0
            if kept[i] or (joined and sentences[i]):
                kept[i] = joined = True
                if pending is not None:
                    kept[pending], pending = True, None
            elif joined and pending is None and len(lines[i].words) <= 12:
                pending = i
            else:
                joined, pending = False, None


def _explained_by_spans(raw: str, line: _Line) -> bool:
    """Whether the rules inside a line (hashtags, social links, timestamps) leave nothing of it."""
    rest = line.text
    for removal in sorted(_span_removals(raw, line), key=lambda r: -r.start):
        offset = removal.start - line.start
        rest = rest[:offset] + rest[offset + len(removal.text) :]
    return bool(line.text.strip()) and not rest.strip()


def _headline(lines: list[_Line], cut: list[bool], kept: list[bool]) -> int | None:
    """The line just before the article's first kept line that the rules left, if it reads as a headline."""
    first = next((i for i, k in enumerate(kept) if k), None)
    candidates = [i for i in range(first or 0) if not cut[i]]
    if not candidates:
        return None
    line = lines[candidates[-1]]
    text = line.text.strip()
    fits = len(line.words) <= 30 and not _ITEM.match(text) and not text.endswith((",", ";", ":"))
    return candidates[-1] if fits else None


def _model_reason(i: int, article: tuple[int, int]) -> str:
    """Where a line the model cuts lies against the article's first and last kept line."""
    start, end = article
    where = "before" if i < start else "after" if i > end else "inside"
    return f"page furniture {where} the article (line model)"


# --- evidence from the outlet's other articles -----------------------------------


def line_key(text: str) -> str:
    """A line's key for comparing lines: bullets, edge punctuation and case and spacing ignored."""
    return " ".join(_strip_edges(_BULLET.sub("", text)).lower().split())


def recurring_lines(texts: Iterable[str], *, min_articles: int = 3) -> frozenset[str]:
    """Keys of the lines that recur in at least ``min_articles`` different articles.

    Pass the raw texts of one outlet's (or site's) articles; a line that
    recurs across them ("Sign up for our morning newsletter", a standard
    disclaimer) is the outlet's furniture, not any article's text. Copies of
    one article (the same text, or versions sharing their longest line) count
    once, so a story filed twice does not turn its own paragraphs into
    furniture; when a long notice is every article's longest line, the
    articles count as one and nothing is found (the safe side). Give the
    result to :func:`clean` as ``furniture``.
    """
    articles: dict[str, set[str]] = {}
    for text in texts:
        keys = {line_key(line) for line in text.splitlines()}
        keys.discard("")
        if keys:
            articles.setdefault(max(keys, key=lambda k: (len(k), k)), set()).update(keys)
    counts = Counter(key for keys in articles.values() for key in keys)
    return frozenset(key for key, count in counts.items() if count >= min_articles)


def _span_removals(raw: str, line: _Line) -> list[Removal]:
    """Cuts inside a kept line: datelines, hashtag runs, social links, timestamps."""
    found = []
    dateline = _DATELINE.match(line.text)
    if dateline:
        found.append((dateline.start(), dateline.end(), "dateline"))
    runs = ((_HASHTAG_RUN, "#", "hashtag run"), (_SOCIAL_LINKS, ":", "share buttons and social links"))
    for pattern, marker, reason in runs:
        if marker in line.text:  # the patterns are slow; most lines lack their marker
            found.extend((m.start(), m.end(), reason) for m in pattern.finditer(line.text))
    tail = _TIMESTAMP_TAIL.search(line.text) if ":" in line.text else None
    if tail and (tail.start() == 0 or any(end >= tail.start() for _, end, _ in found)):
        found.append((tail.start(), tail.end(), "timestamp"))
    return [
        Removal(line.start + start, line.start + end, raw[line.start + start : line.start + end], reason)
        for start, end, reason in found
    ]


def _markdown_removals(raw: str) -> list[Removal]:
    return [
        Removal(m.start(), m.end(), m.group(), reason)
        for pattern, reason in _MD_MARKUP
        for m in pattern.finditer(raw)
    ]


def _without_overlaps(removals: list[Removal]) -> list[Removal]:
    """Sort by offset; drop a removal that starts inside an earlier, longer one."""
    kept: list[Removal] = []
    for removal in sorted(removals, key=lambda r: (r.start, -r.end)):
        if kept and removal.start < kept[-1].end:
            continue
        kept.append(removal)
    return kept


#: Cuts of markup inside running text, which must not break the sentence.
INLINE_REASONS = frozenset({"markdown markup", "image"})


# --- normalisation ------------------------------------------------------------

_ODD_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u2060\ufeff]")
_MISSING_SPACE = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
_CAMEL_PAIR = re.compile(r"\b([A-Z][a-z]+)([A-Z][a-z]+)\b")


def normalise(text: str, *, names: Collection[str] = ()) -> str:
    """Tidy text that is already free of boilerplate.

    Args:
        text: Article text.
        names: Single-word names ("China", "Russia"). "ChinaRussia" becomes
            "China-Russia" only when both halves are names, so "McDonald"
            and "PRNewswire" stay whole.

    Returns:
        NFC text, one paragraph a line with a blank line between paragraphs,
        single spaces, no soft hyphens or zero-width characters.
    """
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", _ODD_SPACES.sub(" ", text))
    paragraphs = [" ".join(p.split()) for p in _paragraphs(text)]
    text = "\n\n".join(p for p in paragraphs if p)
    text = _MISSING_SPACE.sub(" ", text)
    known = set(names)
    return _CAMEL_PAIR.sub(lambda m: f"{m[1]}-{m[2]}" if m[1] in known and m[2] in known else m[0], text)


def _paragraphs(text: str) -> list[str]:
    """Split at blank lines, and at line breaks that end a sentence or heading.

    A line break is a soft wrap, joined with a space, when the next line
    starts in lower case or the line runs near the width of the block
    without closing punctuation.
    """
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        width = max(len(line) for line in lines)
        current = lines[0]
        for previous, line in itertools.pairwise(lines):
            wrapped = len(previous) >= max(40, 0.6 * width) and not _TERMINAL.search(previous)
            if line[0].islower() or wrapped:
                current += " " + line
            else:
                paragraphs.append(current)
                current = line
        paragraphs.append(current)
    return paragraphs


def clean(
    raw: str,
    *,
    names: Collection[str] = (),
    markdown: bool = False,
    furniture: Collection[str] = frozenset(),
    keep_headline: bool = True,
    model: LineModel | None = None,
    extracted: bool = False,
) -> Cleaned:
    """Remove boilerplate from ``raw`` and normalise the rest.

    Args:
        raw: The article as read from disk (never modified).
        names: Single-word names for re-joining glued names (see :func:`normalise`).
        markdown: The text is Markdown; cut its markup too.
        furniture: Keys of lines that recur across the outlet's articles
            (:func:`recurring_lines`), cut as "repeated across the outlet's articles".
        keep_headline: Keep the headline before the article's text.
        model: The line model (default: the shipped one).
        extracted: The text was already extracted from a page's HTML (trafilatura),
            so only lines that are furniture on their own are cut (see :func:`find_boilerplate`).

    Returns:
        The clean text and the removals, with offsets into ``raw``. A cut
        inside a line ends the paragraph there, so no sentence, n-gram or
        collocation spans a removed segment; markup (:data:`INLINE_REASONS`)
        is cut without a break. A page that is all furniture gives empty text.
    """
    removed = find_boilerplate(
        raw,
        markdown=markdown,
        furniture=furniture,
        keep_headline=keep_headline,
        model=model,
        extracted=extracted,
    )
    pieces, position = [], 0
    for removal in removed:
        pieces.append(raw[position : removal.start])
        if removal.reason not in INLINE_REASONS:  # text on either side of a cut never joins up
            pieces.append("\n\n")
        position = removal.end
    pieces.append(raw[position:])
    return Cleaned(normalise("".join(pieces), names=names), removed)


def article_text(text: str) -> str:
    """The article's text of a page saved as plain text: the body, without its headline.

    The adapter for the boilerplate benchmark's scorer, whose gold is the
    article body alone (``score.py newslens.clean:article_text``).
    """
    return clean(text, keep_headline=False).text
