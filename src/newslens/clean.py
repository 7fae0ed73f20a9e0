"""Turn a raw article into clean text, keeping an audit trail of what was cut.

Two steps, in this order:

1. :func:`find_boilerplate` finds what is not the article (menus, share
   buttons, photo credits and captions, related-article headlines, hashtag
   runs, wire trailers, comment counters, footers) with general patterns of
   web and wire boilerplate. Each cut is a :class:`Removal` with offsets into
   the raw text and a reason, so an analyst can audit it.
2. :func:`normalise` tidies what is left: Unicode NFC, odd spaces, line
   breaks inside paragraphs, a lost space after a full stop, and names glued
   together by a lost dash. Quotation marks keep their original characters.

The raw text is never changed; :func:`clean` returns a new string.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass


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

    @property
    def words(self) -> list[str]:
        return self.text.split()

    @property
    def bare(self) -> str:
        """The line without bullets, emoji and outer punctuation, lowercased."""
        return _BARE_EDGES.sub("", self.text).lower()


# --- whole-line rules -------------------------------------------------------

_I = re.IGNORECASE
_BARE_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
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
    r"^(?:photos?|photograph|image|picture|pictures|credit|photo credit|file photo|source of image)"
    r"\s*[:/|]",
    _I,
)
_PHOTO_MARK = re.compile(
    r"\|\s*photo\b|\(photo\s*:|\bphoto by\b|\bgetty images\b|\bap photo\b|/\s*(?:afp|reuters|ap|epa)\b",
    _I,
)
_CAPTION_POSITION = re.compile(r"\((?:L|R|C|left|right|centre|center|front|back|top|bottom)\)")
_COMMENTS = re.compile(
    r"^(?:post with no comments|no comments(?: yet)?|\d+ comments?|comments? \(\d+\)"
    r"|leave a (?:comment|reply)|be the first to comment|view comments|add (?:a )?comment"
    r"|join the conversation|show comments|comments)$",
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
    r"^(?:related|read more|read also|also read|see also|more on this|recommended|you may also like)"
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
    rf"^(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?{_DATE}(?:,?\s+\d{{1,2}}:\d{{2}}.*)?$",
    _I,
)
_BYLINE = re.compile(r"^[Bb]y\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*(?:,|and|\|).{0,60})?$")

# --- rules inside a line ------------------------------------------------------

_HASHTAG_RUN = re.compile(r"(?<!\w)(?:#[^\s#]+\s*){2,}")
_SOCIAL_LINKS = re.compile(
    rf"(?:[^\w\s]{{0,2}}\s*(?:{_SOCIAL})\s*:\s*(?:https?://\S+)?\s*){{2,}}",
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


def find_boilerplate(raw: str, *, markdown: bool = False) -> list[Removal]:
    """Find the segments of ``raw`` that are not the article.

    Args:
        raw: The article as read from disk.
        markdown: Also cut Markdown markup (headings, emphasis, link targets).

    Returns:
        Non-overlapping removals sorted by offset, each with its reason.
    """
    lines = [line for line in _lines(raw) if line.text.strip()]
    reasons = _line_reasons(lines)
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


def _line_reasons(lines: list[_Line]) -> list[str]:
    """A reason for each line that is boilerplate as a whole, '' for the rest."""
    reasons = [_standalone_reason(line) for line in lines]
    _mark_menus(lines, reasons)
    _mark_repeats(lines, reasons)
    _mark_related_headlines(lines, reasons)
    _mark_trailing_furniture(lines, reasons)
    return reasons


def _standalone_reason(line: _Line) -> str:
    """Rules that judge a line on its own."""
    text, bare = line.text.strip(), line.bare
    short = len(line.words) <= 12
    rules = (
        (_NAVIGATION.match(bare), "navigation"),
        (short and _BREADCRUMB.match(text) and not _TERMINAL.search(text), "navigation (breadcrumb)"),
        (_SHARE.match(bare) or _SOCIAL_LINE.match(bare), "share buttons and social links"),
        (_PHOTO_CREDIT.match(_BULLET.sub("", text)), "photo credit"),
        (len(line.words) <= 60 and _PHOTO_MARK.search(text), "photo caption and credit"),
        (len(line.words) <= 60 and _CAPTION_POSITION.search(text), "photo caption"),
        (_COMMENTS.match(bare), "comment counter"),
        (_TRAILER.match(text) or _TRAILER_ANYWHERE.search(text), "wire or aggregator trailer"),
        (short and _FOOTER.search(text), "site footer"),
        (_RELATED_LEAD.match(text) or (short and _RELATED_HEADING.match(bare)), "related content"),
        (_PUBLISHED.match(text) or _DATE_ONLY.match(text), "publication date line"),
        (short and _BYLINE.match(text) and not _TERMINAL.search(text), "byline"),
    )
    return next((reason for matched, reason in rules if matched), "")


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


def _mark_repeats(lines: list[_Line], reasons: list[str]) -> None:
    """A line that repeats an earlier one (a caption printed twice, a pasted block)."""
    seen: set[str] = set()
    for i, line in enumerate(lines):
        key = " ".join(_BULLET.sub("", line.text).split()).lower()
        if len(key.split()) >= 3 and key in seen and not reasons[i]:
            reasons[i] = "repeated line"
        seen.add(key)


def _is_prose(line: _Line) -> bool:
    return len(line.words) >= 8 and bool(_TERMINAL.search(line.text))


def _is_quotation(line: _Line) -> bool:
    return line.text.lstrip()[:1] in "\"“”‘'«„"


def _mark_related_headlines(lines: list[_Line], reasons: list[str]) -> None:
    """A Title Case line inside the body is a related-article link.

    Every word capitalised ("Russia Writes Off 20 Billion In Debt To African
    Countries"), no closing punctuation, after the body has begun and not
    right after a quotation (a caption naming the speaker stays).
    """
    body_started = False
    for i, line in enumerate(lines):
        if reasons[i]:
            continue
        words = [w for w in re.split(r"[\s/—–-]+", line.text.strip()) if w]
        title_case = len(words) >= 4 and all(w[0].isupper() or w[0].isdigit() for w in words)
        after_quote = i > 0 and _is_quotation(lines[i - 1])
        if body_started and title_case and not _TERMINAL.search(line.text) and not after_quote:
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


def clean(raw: str, *, names: Collection[str] = (), markdown: bool = False) -> Cleaned:
    """Remove boilerplate from ``raw`` and normalise the rest.

    Args:
        raw: The article as read from disk (never modified).
        names: Single-word names for re-joining glued names (see :func:`normalise`).
        markdown: The text is Markdown; cut its markup too.

    Returns:
        The clean text and the removals, with offsets into ``raw``. A cut
        inside a line ends the paragraph there, so no sentence, n-gram or
        collocation spans a removed segment; markup (:data:`INLINE_REASONS`)
        is cut without a break.
    """
    removed = find_boilerplate(raw, markdown=markdown)
    pieces, position = [], 0
    for removal in removed:
        pieces.append(raw[position : removal.start])
        if removal.reason not in INLINE_REASONS:  # text on either side of a cut never joins up
            pieces.append("\n\n")
        position = removal.end
    pieces.append(raw[position:])
    return Cleaned(normalise("".join(pieces), names=names), removed)
