"""Quotations, who said them, and how different outlets rendered the same words.

Finding quotations: double marks of any kind (“ ” " « » „) pair up in
order within a paragraph, whatever their direction, so a quotation closed
with an opening mark still ends; single marks (‘ ’ ') count where they
stand at word edges (not apostrophes). A quotation may span sentences.

Finding the speaker, in this order:

1. a caption line after a block quotation ("Xi Jinping President of China");
2. a quotation that opens its sentence takes the cue after it ("…,” said Xi;
   “…,” Xi said; “…,” underlined the Chinese leader);
3. a quotation inside a sentence takes the subject of the speech verb
   before it ("Xi stressed that China is “ready …”"; "Putin told Xi that …");
4. "according to X";
5. "he"/"she" as the speaker is the last person quoted or named before.

The speaker is an actor id from the gazetteer, or empty when the text does
not name one of its actors: newslens never guesses.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from newslens import actors as actors_module
from newslens import sentiment
from newslens.corpus import rows_by_document

QUOTE_COLUMNS = ["doc_id", "quote_id", "start", "end", "text", "speaker", "cue", "compound"]
_DOUBLE = '“”"«»„'
_SPEECH = (
    r"said|says|say|told|tells|added|adds|stressed|stresses|noted|notes|emphasi[sz]ed|emphasi[sz]es|"
    r"underlined|underlines|underscored|urged|urges|warned|warns|highlighted|highlights|reaffirmed|declared|"
    r"stated|announced|insisted|remarked|explained|praised|described|called|calling|termed|terming|hailed|"
    r"vowed|pledged|expressed|wrote|writes|indicated|asserted|argued|replied|responded|continued|concluded|"
    r"acknowledged|affirmed|observed|pointed out|reminded|assured|promised|recalled|told reporters|"
    r"criticized|criticised|criticizing|criticising|accused|accuses|condemned|denounced|saying"
)
_SPEECH_RE = re.compile(rf"\b(?:{_SPEECH})\b", re.I)
_AFTER_VERB_FIRST = re.compile(rf"^[\s,.…:;“”\"«»„’']*(?P<cue>{_SPEECH})\s+(?P<who>.{{1,60}})", re.I)
_AFTER_WHO_FIRST = re.compile(
    rf"^[\s,.…:;“”\"«»„’']*(?!(?:while|and|but|as|when|where|which|who|after|before)\b)(?P<who>.{{1,60}}?)\s+(?P<cue>{_SPEECH})\b",
    re.I,
)
_ACCORDING = re.compile(r"\baccording to\s+(?P<who>.{1,60})", re.I)
_PRONOUN = re.compile(r"^(?:he|she)\b", re.I)


# --- finding quotations ---------------------------------------------------------------------


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Spans of quoted words (without their marks), paragraph by paragraph."""
    spans = []
    for paragraph in re.finditer(r"[^\n]+", text):
        double = _double_quotes(text, paragraph.start(), paragraph.end())
        spans.extend(double)
        spans.extend(
            span
            for span in _single_quotes(text, paragraph.start(), paragraph.end())
            if not any(a <= span[0] < b for a, b in double)
        )
    return sorted(spans)


def _mark_role(text: str, i: int, start: int, end: int) -> str:
    """ "open" or "close" by the mark's neighbours, whatever its glyph; "" when they do not tell."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    opens = (before.isspace() or before in "([{—–-/") and not after.isspace()
    closes = not before.isspace() and (after.isspace() or after in ".,;:!?)]}…" or after in _DOUBLE)
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return ""


def _double_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Outermost double-quoted spans of a paragraph.

    Marks open or close by their neighbours (so “…“ closes, and a nested
    “Belt and Road” stays inside the quotation around it); a mark whose
    neighbours do not tell toggles. An unclosed quotation runs to the
    paragraph's end, as a quotation continued in the next paragraph does.
    """
    spans, depth, opened = [], 0, 0
    for i in range(start, end):
        if text[i] not in _DOUBLE:
            continue
        role = _mark_role(text, i, start, end) or ("close" if depth else "open")
        if role == "open":
            if depth == 0:
                opened = i
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append(_stripped(text, opened + 1, i))
    if depth:
        spans.append(_stripped(text, opened + 1, end))
    return [span for span in spans if span[1] > span[0]]


_SINGLE = re.compile(r"(?<![\w’'])[‘'](?=[^\s’'])(?P<inner>[^‘’'\n]{1,200}?)(?<=\S)[’'](?![\w])")


def _single_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [_stripped(text, m.start("inner"), m.end("inner")) for m in _SINGLE.finditer(text, start, end)]


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without outer spaces, nor the comma American style puts inside the marks ("friend,")."""
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in " \t,":
        end -= 1
    return start, end


# --- finding the speaker ----------------------------------------------------------------------


class _Speakers:
    """Who is named where in one document: the actors, and the last speaker for pronouns."""

    def __init__(self, text: str, mentions: list[tuple[int, int, str]], people: set[str]) -> None:
        self.text = text
        self.mentions = sorted(mentions)
        self.people = people
        self.last: str = ""

    def at(self, start: int, end: int) -> str:
        """The actor whose mention begins the text at ``start`` (after "the"/"his"), or ''."""
        for m_start, _, actor in self.mentions:
            lead = self.text[start:m_start]
            if start <= m_start < end and re.fullmatch(r"[\s,]*(?:the|his|her|its)?\s*", lead):
                return actor
        return ""

    def subject_before(self, position: int, floor: int) -> str:
        """The subject of a speech verb at ``position``: a pronoun right before it, else the
        last actor named since ``floor``; '' for coordinated subjects ("Moscow and Beijing say")."""
        if re.search(r"\b(?:he|she)\s+(?:also\s+|then\s+)?$", self.text[floor:position], re.I):
            return self.last or self.last_person_before(position)
        before = [(s, e, actor) for s, e, actor in self.mentions if floor <= s and e <= position]
        if not before:
            return ""
        if len(before) >= 2 and re.fullmatch(r"\s+and\s+", self.text[before[-2][1] : before[-1][0]]):
            return ""
        return before[-1][2]

    def last_person_before(self, position: int) -> str:
        people = [actor for start, _, actor in self.mentions if start < position and actor in self.people]
        return people[-1] if people else ""


def _opens_sentence(text: str, quote_start: int, sentence_start: int) -> bool:
    return not text[sentence_start : quote_start - 1].strip(" “”\"«»„‘'")


def attribute(
    text: str, start: int, end: int, speakers: _Speakers, bounds: list[tuple[int, int]]
) -> tuple[str, str]:
    """The speaker (actor id or '') and the cue of the quotation ``text[start:end]``.

    Args:
        bounds: The document's sentence spans, in order.
    """
    first = next((i for i, (a, b) in enumerate(bounds) if a <= start < b + 2), None)
    last = next((i for i, (a, b) in enumerate(bounds) if a <= end <= b + 2), first)
    sentence_start = bounds[first][0] if first is not None else max(0, text.rfind("\n", 0, start) + 1)
    sentence_end = bounds[last][1] if last is not None else len(text)
    caption = _caption_speaker(text, end, speakers)
    if caption:
        return caption, "caption"
    after = text[end : min(len(text), end + 90)].split("\n", 1)[0]
    before = list(_SPEECH_RE.finditer(text, sentence_start, start))
    participle = bool(before) and before[-1].group().lower().endswith("ing")
    if _opens_sentence(text, start, sentence_start) or not before or participle:
        found = _cue_after(after, end, speakers)
        if found:
            return found
    if before and not participle:
        verb = before[-1]
        return speakers.subject_before(verb.start(), sentence_start), verb.group().lower()
    according = _ACCORDING.search(text, sentence_start, sentence_end)
    if according:
        return speakers.at(according.start("who"), according.end("who")), "according to"
    if first is not None and first > 0 and _opens_sentence(text, start, sentence_start):
        return _previous_speaker(text, bounds[first - 1], speakers)
    return "", ""


def _previous_speaker(text: str, previous: tuple[int, int], speakers: _Speakers) -> tuple[str, str]:
    """A quotation standing alone after a sentence that reports a person's speech is theirs."""
    verbs = list(_SPEECH_RE.finditer(text, *previous))
    if not verbs:
        return "", ""
    speaker = speakers.subject_before(verbs[0].start(), previous[0])
    return (speaker, "context") if speaker in speakers.people else ("", "")


def _cue_after(after: str, offset: int, speakers: _Speakers) -> tuple[str, str] | None:
    """ "…,” said Xi" or "…,” Xi said" right after the closing mark."""
    verb_first = _AFTER_VERB_FIRST.match(after)
    if verb_first:
        who_start = offset + verb_first.start("who")
        if _PRONOUN.match(verb_first["who"]):
            return speakers.last or speakers.last_person_before(offset), verb_first["cue"].lower()
        return speakers.at(who_start, offset + verb_first.end("who")), verb_first["cue"].lower()
    who_first = _AFTER_WHO_FIRST.match(after)
    if who_first and len(who_first["who"].split()) <= 6:
        if _PRONOUN.match(who_first["who"]):
            return speakers.last or speakers.last_person_before(offset), who_first["cue"].lower()
        return speakers.at(offset + who_first.start("who"), offset + who_first.end("who")), who_first[
            "cue"
        ].lower()
    return None


def _caption_speaker(text: str, end: int, speakers: _Speakers) -> str:
    """A block quotation followed by a short caption line that names a person."""
    rest = text[end:]
    closing = re.match(r"[\s”\"’'.,…]*\n\n(?P<line>[^\n]{1,80})(?:\n|$)", rest)
    if not closing or re.search(r"[.!?:;]\s*$", closing["line"]) or len(closing["line"].split()) > 8:
        return ""
    start = end + closing.start("line")
    actor = speakers.at(start, start + len(closing["line"]))
    return actor if actor in speakers.people else ""


# --- the table ---------------------------------------------------------------------------------


def quotes(
    documents: pd.DataFrame, sentences: pd.DataFrame, mention_table: pd.DataFrame, gazetteer: pd.DataFrame
) -> pd.DataFrame:
    """Every quotation with its speaker, cue and VADER compound.

    Args:
        documents: The documents table (doc_id, text).
        sentences: The sentences table (for sentence bounds).
        mention_table: :func:`newslens.actors.mentions`.
        gazetteer: The actor gazetteer (to tell people from states).

    Returns:
        Columns doc_id, quote_id, start, end (offsets of the quoted words in
        the clean text, marks excluded), text, speaker (actor id or ''), cue
        (the speech verb, "caption" or "according to"), compound.
    """
    people = set(gazetteer.loc[gazetteer["kind"] == "person", "actor_id"])
    mentions_of = rows_by_document(mention_table, ["start", "end", "actor_id"])
    bounds_of = rows_by_document(sentences, ["start", "end"])
    rows = []
    for doc in documents.itertuples():
        speakers = _Speakers(doc.text, mentions_of.get(doc.doc_id, []), people)
        bounds = bounds_of.get(doc.doc_id, [])
        for number, (start, end) in enumerate(find_quotes(doc.text), 1):
            speaker, cue = attribute(doc.text, start, end, speakers, bounds)
            if speaker in people:
                speakers.last = speaker
            elif not speaker and cue:
                speakers.last = speakers.last_person_before(start) or speakers.last
            quoted = doc.text[start:end]
            rows.append((doc.doc_id, f"{doc.doc_id}-q{number}", start, end, quoted, speaker, cue,
                         sentiment.polarity(quoted)))  # fmt: skip
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


def analyse(corpus) -> dict[str, pd.DataFrame]:
    """Mentions, quotations and reported speech of a loaded corpus."""
    from newslens import paths

    gazetteer = actors_module.load_gazetteer(paths.gazetteer_path(corpus.path))
    mentioned = actors_module.mentions(corpus.sentences, gazetteer)
    found = quotes(corpus.documents, corpus.sentences, mentioned, gazetteer)
    return {
        "gazetteer": gazetteer,
        "mentions": mentioned,
        "quotes": found,
        "reported": reported_speech(corpus.sentences, mentioned, found),
    }


# --- the same statement across outlets -------------------------------------------------------


def reported_speech(
    sentences: pd.DataFrame, mention_table: pd.DataFrame, quote_table: pd.DataFrame
) -> pd.DataFrame:
    """Sentences that report what an actor said without quoting it ("Xi noted that Russia …").

    Returns:
        Columns doc_id, sent_id, start, end, text, speaker, cue.
    """
    quote_starts = quote_table.groupby("doc_id")["start"].agg(list).to_dict()
    named_in = {
        key: list(zip(group["end"], group["actor_id"], strict=True))
        for key, group in mention_table.groupby(["doc_id", "sent_id"])
    }
    rows = []
    for sentence in sentences[sentences["language"] == "en"].itertuples():
        verb = _SPEECH_RE.search(sentence.text)
        quoted = any(sentence.start <= s < sentence.end for s in quote_starts.get(sentence.doc_id, []))
        if verb is None or quoted:
            continue
        named = named_in.get((sentence.doc_id, sentence.sent_id), [])
        before = [actor for end, actor in named if end <= sentence.start + verb.start()]
        if not before:
            continue
        rows.append((sentence.doc_id, sentence.sent_id, sentence.start, sentence.end, sentence.text,
                     before[-1], verb.group().lower()))  # fmt: skip
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "start", "end", "text", "speaker", "cue"])


def _bag(text: str) -> Counter[str]:
    """Content-word stems of a text, for comparing wordings."""
    from newslens.text import _stem, stopwords

    words = re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text.lower())
    return Counter(_stem(w) for w in words if w not in stopwords() and len(w) > 2)


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(a[w] * b[w] for w in a.keys() & b.keys())
    return dot / ((sum(v * v for v in a.values()) * sum(v * v for v in b.values())) ** 0.5)


def similarity(first: str, second: str) -> float:
    """How alike two wordings are (0 to 1): the cosine of content-word stems of
    their best-matching sentences, so a long quotation is not diluted."""
    from newslens.text import _punkt

    def parts(text: str) -> list[Counter[str]]:
        bags = [_bag(text[s:e]) for s, e in _punkt().span_tokenize(text)]
        return [bag for bag in bags if len(bag) >= 3] or [_bag(text)]

    return max(_cosine(a, b) for a in parts(first) for b in parts(second))


def pairs(
    quote_table: pd.DataFrame, reported: pd.DataFrame, documents: pd.DataFrame, *, threshold: float = 0.45
) -> pd.DataFrame:
    """The same statement as different articles render it.

    Every quotation and reported statement is compared with those of every
    other article; pairs at or above ``threshold`` (cosine of content-word
    stems) are kept, each unit with its best match per other article.

    Returns:
        Columns doc_a, outlet_a, kind_a ("quote" or "reported"), text_a,
        speaker_a, doc_b, outlet_b, kind_b, text_b, speaker_b, similarity;
        most similar first.
    """
    units = [("quote", row.doc_id, row.text, row.speaker) for row in quote_table.itertuples()
             if len(row.text.split()) >= 5]  # fmt: skip
    units += [("reported", row.doc_id, row.text, row.speaker) for row in reported.itertuples()]
    outlet = documents.set_index("doc_id")["outlet"]
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for i, (_, doc_a, text_a, _) in enumerate(units):
        for j, (_, doc_b, text_b, _) in enumerate(units):
            if doc_a >= doc_b:
                continue
            score = similarity(text_a, text_b)
            if score >= threshold and score > best.get((i, doc_b), (0.0, -1))[0]:
                best[(i, doc_b)] = (score, j)
    rows = []
    for (i, _), (score, j) in best.items():
        kind_a, doc_a, text_a, speaker_a = units[i]
        kind_b, doc_b, text_b, speaker_b = units[j]
        rows.append((doc_a, outlet.get(doc_a, ""), kind_a, text_a, speaker_a,
                     doc_b, outlet.get(doc_b, ""), kind_b, text_b, speaker_b, round(score, 3)))  # fmt: skip
    columns = ["doc_a", "outlet_a", "kind_a", "text_a", "speaker_a", "doc_b", "outlet_b", "kind_b", "text_b",
               "speaker_b", "similarity"]  # fmt: skip
    return (
        pd.DataFrame(rows, columns=columns).sort_values("similarity", ascending=False).reset_index(drop=True)
    )
