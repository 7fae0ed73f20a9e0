"""Quotations, who said them, and how different outlets rendered the same words.

Finding quotations: double marks of any kind (“ ” " « » „ ‟ ″, and two
apostrophes '' or backticks `` as some wires type them) pair up in order
within a paragraph, whatever their direction, so a quotation closed with an
opening mark still ends; single marks (‘ ’ ') count where they stand at word
edges (not apostrophes). A quotation may span sentences; an unclosed one runs
to the end of its paragraph, as a quotation continued in the next paragraph
does.

Finding the speaker, in this order:

1. the quotation names it itself: a caption line after a block quotation
   ("Xi Jinping President of China"), a transcript line ("“PENCE: Well, …”"),
   or the second half of an interrupted quotation ("“A,” said X, “B.”");
2. a cue right after the closing mark, when the quotation opens its
   sentence or ends its clause: "…,” said Mao Ning", "…,” Mao said", "…,” Laura
   Bicker, reporting from Seoul, said", "…?” Vitter demanded", "…,” as X put
   it", "…,” according to X", a caption after a dash ("…” ― X"); a speech verb
   right before the opening mark wins over a cue that is no speech verb
   ("what Gingrich called “…”, the former Speaker is …");
3. a cue before the quotation in its sentence: the subject of the last
   speech verb ("Xi stressed that China is “ready …”", "Brian Fallon, a
   spokesman, said “…”"; a participle, "…, saying “…”", speaks for the subject
   of its sentence), "Said X: “…”", the owner of a reporting noun ("Trump's
   claim that “…”"), a name before a colon or a dash ("Mitt Romney -- “…”"),
   or "according to X" anywhere in the sentence;
4. a quotation that opens its sentence with no cue in it takes the context:
   the cue of a sentence ending in a colon just before ("Mao said:"), the
   speaker of the quotation just before it ("“A,” he said. “B.”"), the
   previous paragraph's speaker for a paragraph that opens with a quotation
   mark (a quotation continued), or the person whose speech the previous
   sentence reports;
5. a quotation inside a sentence with no cue takes a cue closing the
   sentence ("…, Mr. Oppenheim noted.") or the sentence's subject ("Trump
   openly admires Putin as a “strong leader”"), unless it is a name or a
   title in quotation marks ("One Belt, One Road").

Subjects joined by "and" speak together ("Moscow and Beijing", no actor id).
The speaker phrase is read as a noun phrase (titles, roles, appositions,
possessives: "Foreign Ministry spokeswoman Mao Ning", "the BBC's Laura
Bicker") and resolved with the article's mentions
(:func:`newslens.actors.mentions`, gazetteer and text): a person is shown by
the fullest name the article gives ("Mao" -> "Mao Ning", "the spokeswoman" ->
"Mao Ning"); an organisation or state as written ("the Kremlin", "the State
Department"); a description holding a name as written ("a Kremlin
spokesman", "U.S. officials"). "he"/"she" is the last person the pronoun can
refer to: the last speaker when no other person was named since, else the
first person named in the nearest sentence before that names one. When the
text does not name who spoke ("a diplomat said", "officials said"), the
speaker is empty: a wrong name is worse than none.

``actor_id`` links the speaker to the gazetteer's canonical id ("the
Kremlin" -> russia) or to the id of a person or organisation found in the
text ("mao_ning"); it is empty for descriptions of people ("a Trump aide").
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from newslens import actors as actors_module
from newslens import duplicates, entities, schema, sentiment
from newslens.corpus import rows_by_document
from newslens.entities import Word
from newslens.text import stopwords

QUOTE_COLUMNS = schema.columns("quotes")
REPORTED_COLUMNS = ["doc_id", "sent_id", "start", "end", "text", "speaker", "actor_id", "cue"]
_DOUBLE = '“”"«»„‟″'
_MARK = re.compile(r"''|``|[“”\"«»„‟″]")
_SPEECH_RE = re.compile(r"\b(?:" + "|".join(sorted(entities.SPEECH_VERBS, key=len, reverse=True)) + r")\b")
_DETERMINERS = frozenset(
    "the a an his her their its our this these those another some many several both each other one two "
    "three four five most".split()
)
_PRONOUNS = frozenset("he she they it we i".split())
_LINKS = frozenset("of for at from to with in on".split())
_PLACES = frozenset("on in at to".split())  # after a person's name: where or to whom they spoke
#: Documents that speak for their authors ("a statement from the campaign", "a New York Times report").
_DOCUMENTS = frozenset(
    "statement statements report reports release memo letter poll survey study analysis transcript filing "
    "lawsuit complaint indictment email emails tweet tweets post video ad interview article story "
    "editorial column book document documents records excerpt message website account blog "
    "spokesperson's".split()
)
#: Bodies that speak ("the Xinhua news agency", "the Clinton campaign").
_BODIES = frozenset(
    "agency news newspaper paper ministry department office committee campaign administration government "
    "party embassy council commission network channel outlet website magazine station group organization "
    "organisation company firm bank union court team board service".split()
)
_NOUNS = entities.ROLE_NOUNS | entities.GROUP_NOUNS | entities.MODIFIERS | _DOCUMENTS | _BODIES
_PAUSE = re.compile(r",|—|–|―|--|\s-\s")
_MARKS = re.compile(r"[\s“”\"«»„‟″'‘’`(\u200b-\u200f\u202a-\u202e\u2060\ufeff]")
#: How far back (in characters) the cues of a quotation are looked for.
_REACH = 400
_ASIDE = re.compile(r"\([^()\n]{0,40}\)|\[[^\[\]\n]{0,40}\]")
_CLAUSE_BREAK = re.compile(r"[.!?;:]|''|[“”\"«»„‟″]")
#: Nouns that report words when a possessive name owns them ("Trump's claim that …").
_NOUN_CUES = frozenset(
    "claim claims statement statements remark remarks comment comments assertion assertions description "
    "words promise promises pledge warning warnings accusation accusations argument suggestion insistence "
    "reference references tweet tweets message speech call calls vow boast phrase slogan "
    "characterization charge charges answer response reply question prediction view views".split()
)
#: A loose verb after a name right after a quotation ("…?” Vitter demanded).
_LOOSE_VERB = re.compile(r"^[a-z]{3,}(?:ed|s)$")
#: Irregular past tenses that report words right after a quotation ("…,” Trump shot back).
_IRREGULAR = frozenset("put shot spoke went began hit struck sang swore".split())
_HYPOTHETICAL = frozenset("will would could should might may can must to".split())
_OPENERS = frozenset(
    "when as after before while because since although though if that where once but and so".split()
)
_NOT_VERBS = frozenset("was has does is its this his hers ours yours yes us thus plus less news".split())
_AUXILIARY = re.compile(
    r"^(?:also|later|then|once|again|previously|earlier|recently|often|has|had|have|would|will|did|does|"
    r"was|is|had|never|even|still|just|first|repeatedly|publicly|privately|reportedly|quickly|"
    r"[a-z]+ly)$"
)


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


def _mark_role(text: str, i: int, length: int, start: int, end: int) -> str:
    """ "open" or "close" by the mark's neighbours, whatever its glyph; "" when they do not tell."""
    before = text[i - 1] if i > start else " "
    after = text[i + length] if i + length < end else " "
    opens = (before.isspace() or before in "([{—–-/") and not after.isspace()
    closes = not before.isspace() and (after.isspace() or after in ".,;:!?)]}…—–-'’" or after in _DOUBLE)
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
    for mark in _MARK.finditer(text, start, end):
        i, length = mark.start(), len(mark.group())
        role = _mark_role(text, i, length, start, end) or ("close" if depth else "open")
        if role == "open":
            if depth == 0:
                opened = i + length
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append(_stripped(text, opened, i))
    if depth:
        spans.append(_stripped(text, opened, end))
    return [span for span in spans if span[1] > span[0]]


_SINGLE = re.compile(r"(?<![\w’'`])[‘'](?=[^\s’'])(?P<inner>[^‘’'\n]{1,200}?)(?<=\S)[’'](?![\w'])")


def _single_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [_stripped(text, m.start("inner"), m.end("inner")) for m in _SINGLE.finditer(text, start, end)]


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without outer spaces, nor the comma American style puts inside the marks ("friend,")."""
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in " \t,":
        end -= 1
    return start, end


# --- an article's names --------------------------------------------------------------------------


@dataclass(frozen=True)
class Speaker:
    """Who said a quotation: the name as the article gives it, the actor's id, and the cue."""

    name: str = ""
    actor_id: str = ""
    cue: str = ""


class _Known(NamedTuple):
    """What articles need of the gazetteer, made once: each actor's kind, and its name and aliases."""

    kinds: dict[str, str]
    forms: dict[str, list[str]]


def _known(gazetteer: pd.DataFrame) -> _Known:
    return _Known(
        dict(zip(gazetteer["actor_id"], gazetteer["kind"], strict=True)),
        {row.actor_id: [row.name, *row.aliases] for row in gazetteer.itertuples()},
    )


class _Article:
    """One article's text, sentences, paragraphs and mentions, and how it writes its words."""

    def __init__(self, text: str, bounds: list[tuple[int, int]], mentions: list[tuple], known: _Known):
        self.text = text
        self.bounds = bounds or [(0, len(text))]
        self.mentions = sorted(mentions)  # (start, end, actor_id, surface)
        self.starts = [m[0] for m in self.mentions]
        self.named_at: dict[str, list[int]] = {}
        for start, _, actor, _ in self.mentions:
            self.named_at.setdefault(actor, []).append(start)
        self.kinds, self.forms = known
        self.names = self._fullest_names()
        sentences = [entities.words(text[a:b], a) for a, b in self.bounds]
        self.casing = entities.Casing(sentences)
        self.all_words = [word for sentence in sentences for word in sentence]
        self.word_starts = [word.start for word in self.all_words]
        self.visible: list[bool] = []
        self.quoted: list[tuple[int, int]] = []
        self.last_quote: tuple | None = None  # (quote, speaker) of the quotation before the current one
        self.hide([])

    def hide(self, quoted: list[tuple[int, int]]) -> None:
        """Set the quotations, (open, close) in order: their words, and words in parentheses, are no cues."""
        self.quoted = quoted
        hidden = sorted([*quoted, *(m.span() for m in _ASIDE.finditer(self.text))])
        if not hidden:
            self.visible = [True] * len(self.all_words)
            return
        # A word is hidden by the first span (in order of opening) ending after it, if it opens before it.
        starts = np.array(self.word_starts, dtype=np.int64)
        opens, closes = np.array(hidden, dtype=np.int64).T
        first = np.searchsorted(np.maximum.accumulate(closes), starts, side="right")
        covered = first < len(hidden)
        covered[covered] = opens[first[covered]] <= starts[covered]
        self.visible = (~covered).tolist()

    def _fullest_names(self) -> dict[str, str]:
        """Each actor's fullest name in this article (a gazetteer person: the longest name form it uses)."""
        surfaces: dict[str, list[str]] = {}
        for _, _, actor, surface in self.mentions:
            surfaces.setdefault(actor, []).append(surface)
        names = {}
        for actor, written in surfaces.items():
            if actor in self.forms:
                used = [f for f in self.forms[actor] if any(f in s for s in written)]
                names[actor] = entities.fullest(used) or self.forms[actor][0]
            else:
                names[actor] = entities.fullest(written) or written[0]
        return names

    def kind(self, actor: str) -> str:
        return self.kinds.get(actor) or entities.kind_of(self.names.get(actor, ""))

    def sentence_at(self, position: int) -> int:
        """The index of the sentence holding ``position`` (the last one starting before it)."""
        low, high = 0, len(self.bounds) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.bounds[middle][0] <= position:
                low = middle
            else:
                high = middle - 1
        return low

    def paragraph_start(self, position: int) -> int:
        """Where the paragraph holding ``position`` starts (looked for up to :data:`_REACH` back)."""
        floor = max(0, position - _REACH)
        return max(self.text.rfind("\n", floor, position) + 1, floor)

    def reach(self, position: int) -> int:
        """The start of the sentence holding ``position``, at most :data:`_REACH` characters back, so
        that the cues of every quotation are read in bounded time however long the sentence."""
        return max(self.bounds[self.sentence_at(position)][0], position - _REACH)

    def words(self, start: int, end: int) -> list[Word]:
        """The words within ``text[start:end]``, but those in parentheses ("Sen. Tim Kaine (D-Va.)
        said") and in quotations; each knows whether it opens its sentence."""
        first, last = bisect.bisect_left(self.word_starts, start), bisect.bisect_left(self.word_starts, end)
        return [w for w, shown in zip(self.all_words[first:last], self.visible[first:last], strict=True)
                if shown and w.end <= end]  # fmt: skip

    def _opens(self, position: int) -> bool:
        """Nothing but marks and spaces between the sentence start and ``position``."""
        sentence_start = self.bounds[self.sentence_at(position)][0]
        return position - sentence_start < 20 and not _MARKS.sub("", self.text[sentence_start:position])

    def mention_at(self, word: Word) -> tuple | None:
        """The longest mention that covers ``word`` (mentions overlap little: a few are looked at)."""
        last = bisect.bisect_right(self.starts, word.start)
        covering = [m for m in self.mentions[max(0, last - 4) : last] if word.start < m[1]]
        return max(covering, key=lambda m: m[1] - m[0], default=None)

    def persons_between(self, start: int, end: int) -> list[str]:
        """The people named from ``start`` to ``end``, in order."""
        first, last = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return [m[2] for m in self.mentions[first:last] if self.kind(m[2]) == "person"]


# --- reading a speaker phrase -----------------------------------------------------------------------


def _category(article: _Article, word: Word) -> str:
    """What a word can be in a speaker phrase: name, noun, det, pron, link, or "" (ends the phrase)."""
    low = word.bare.lower()
    if low in _PRONOUNS and word.text == word.bare:
        return "pron"
    if low in _DETERMINERS:
        return "det"
    if word.text[0].isupper() or article.mention_at(word):
        if article.mention_at(word) or article.casing.judge(word) != "no":
            return "name"
        return "noun" if low in _NOUNS else ""
    if low in _LINKS:
        return "link"
    if low in _NOUNS or (word.possessive and word.text[0].islower()) or word.text[0].isdigit():
        return "noun"
    return ""


def _joined(article: _Article, left: Word, right: Word) -> bool:
    """Two words of one phrase: only spaces (or an aside in parentheses) between them."""
    return not _ASIDE.sub("", article.text[left.end : right.start]).strip()


def _gap(article: _Article, left: Word, right: Word) -> str:
    """What stands between two words, asides in parentheses left out."""
    return _ASIDE.sub("", article.text[left.end : right.start])


def _paused(article: _Article, left: Word, right: Word) -> bool:
    """A comma or a dash between two words: an apposition or a clause may start."""
    return bool(_PAUSE.search(_gap(article, left, right)))


def _clause(article: _Article, ws: list[Word]) -> list[Word]:
    """The words up to the end of the clause (a full stop, a colon or a quotation mark between two)."""
    for i in range(1, len(ws)):
        if _CLAUSE_BREAK.search(_gap(article, ws[i - 1], ws[i])):
            return ws[:i]
    return ws


def _phrase_backward(article: _Article, ws: list[Word], end: int) -> list[Word]:
    """The noun phrase ending with ``ws[end - 1]`` ("a spokesman for the Clinton campaign")."""
    phrase: list[Word] = []
    i = end - 1
    while i >= 0:
        kind = _category(article, ws[i])
        if phrase and not _joined(article, ws[i], phrase[0]):
            break
        if not kind and phrase and _role_like(article, ws, i, phrase[0]):
            kind = "noun"
        if not kind:
            break
        if kind == "pron":
            return phrase or [ws[i]]
        if not phrase and kind in {"det", "link"}:
            return []
        phrase.insert(0, ws[i])
        if kind == "det" and not (i > 0 and _category(article, ws[i - 1]) == "link"):
            break
        i -= 1
    while phrase and _category(article, phrase[0]) == "link":
        phrase.pop(0)
    return phrase


def _phrase_forward(article: _Article, ws: list[Word], start: int, *, loose: bool = False) -> list[Word]:
    """The noun phrase starting at ``ws[start]`` ("Sen. Rand Paul" in "said Sen. Rand Paul, R-Ky.").

    Args:
        loose: Any lower-case word may stand inside it, up to its last name
            ("according to the event organiser Alliance for Schools").
    """
    if loose:
        stop = next(
            (i for i in range(start + 1, len(ws)) if _gap(article, ws[i - 1], ws[i]).strip()), len(ws)
        )
        names = [i for i in range(start, min(stop, start + 12)) if _category(article, ws[i]) == "name"]
        if names:
            return ws[start : names[-1] + 1]
    phrase: list[Word] = []
    for i in range(start, len(ws)):
        word, kind = ws[i], _category(article, ws[i])
        if phrase and not _joined(article, phrase[-1], word):
            break
        if not kind and phrase and i + 1 < len(ws) and _role_like(article, ws, i, ws[i + 1]):
            kind = "noun"
        if not kind:
            break
        if kind == "pron":
            return phrase or [word]
        if kind == "det" and phrase and _category(article, phrase[-1]) != "link":
            break
        if _place_after_name(article, phrase, word, kind):
            break  # "Joshua Wong on Twitter", "Tam in a statement": where, not who
        phrase.append(word)
    while phrase and _category(article, phrase[-1]) in {"link", "det"}:
        phrase.pop()
    while phrase and _category(article, phrase[0]) == "link":
        phrase.pop(0)
    return phrase


def _place_after_name(article: _Article, phrase: list[Word], word: Word, kind: str) -> bool:
    """ "on"/"in"/"at"/"to" after a person's name, not inside an organisation's ("Committee on …")."""
    if kind != "link" or word.text not in _PLACES or not phrase or _category(article, phrase[-1]) != "name":
        return False
    return phrase[-1].bare not in entities.ORG_WORDS | entities.TITLES


def _role_like(article: _Article, ws: list[Word], i: int, name: Word) -> bool:
    """An unlisted lower-case word standing as a role between a modifier and a name ("party boss
    Reince Priebus", "state delegate Mary Susan"): not a verb, right before a capitalised name."""
    word = ws[i].text
    if not (word.isalpha() and word.islower()) or word in entities.SPEECH_VERBS or word in stopwords():
        return False
    if word.endswith(("ed", "ing")) or (word.endswith("s") and not word.endswith("ss")):
        return False
    before = _category(article, ws[i - 1]) if i > 0 and _joined(article, ws[i - 1], ws[i]) else ""
    return name.text[0].isupper() and _category(article, name) == "name" and before in {"name", "noun", "det"}


def _before_origin(article: _Article, phrase: list[Word]) -> list[Word]:
    """A person's name without where they come from ("Stacey Plaskett of the Virgin Islands")."""
    for m in range(1, len(phrase) - 1):
        left = phrase[m - 1]
        person = left.text[0].isupper() and not left.possessive and _category(article, left) == "name"
        if (
            phrase[m].text in {"of", "from"}
            and person
            and left.bare not in entities.ORG_WORDS | entities.TITLES
        ):
            return phrase[:m]
    return phrase


def _resolve(article: _Article, phrase: list[Word], cue: str, last: Speaker) -> Speaker:
    """The speaker a phrase names: a person's fullest name, an organisation as written, or nobody."""
    phrase = _before_origin(article, phrase)
    if not phrase:
        return Speaker(cue=cue)
    head = phrase[-1]
    if _category(article, head) == "pron":
        return _pronoun(article, head, last, cue)
    if not any(w.text[0].isupper() or article.mention_at(w) for w in phrase):
        return Speaker(cue=cue)
    mention = article.mention_at(head)
    written = article.text[phrase[0].start : head.start + len(head.bare)]
    pairs = itertools.pairwise(phrase)
    described = any(_category(article, w) == "link" and _category(article, v) == "noun" for v, w in pairs)
    person = mention is not None and article.kind(mention[2]) == "person" and not described
    if person and (mention[0] <= phrase[0].start or _category(article, head) == "name"):
        return Speaker(article.names.get(mention[2], mention[3]), mention[2], cue)
    if described and _category(article, head) == "name":
        named = _after_role(article, phrase)
        if named:
            return Speaker(" ".join(w.bare for w in named), "", cue)
    if described:
        others = [article.mention_at(w) for w in phrase]
        actor = next((m[2] for m in others if m is not None and article.kind(m[2]) != "person"), "")
        return Speaker(written, actor, cue)
    if mention is not None:
        return Speaker(written, mention[2], cue)
    if not any(w.text[0].isupper() and _category(article, w) == "name" for w in phrase):
        return Speaker(cue=cue)
    if _category(article, head) == "name":
        tail = _name_tail(article, phrase)
        return Speaker(" ".join(w.bare for w in tail), "", cue)
    others = [article.mention_at(w) for w in phrase]
    actor = next((m[2] for m in others if m is not None and article.kind(m[2]) != "person"), "")
    return Speaker(written, actor, cue)


def _after_role(article: _Article, phrase: list[Word]) -> list[Word]:
    """The person's name closing a role phrase ("director of Human Rights Watch Kenneth Roth" ->
    "Kenneth Roth"): a lower-case role, a link, an organisation's name and then two more name words;
    [] when the phrase does not read so ("director of Human Rights Watch")."""
    roles = [i for i, w in enumerate(phrase[:-1]) if w.text in entities.ROLE_NOUNS]
    if not roles or phrase[roles[-1] + 1].text not in {"of", "at", "for"}:
        return []
    tail = phrase[roles[-1] + 2 :]
    if tail and tail[0].text.lower() == "the":
        tail = tail[1:]
    if len(tail) < 4 or not all(w.text[0].isupper() and _category(article, w) == "name" for w in tail):
        return []
    name = tail[-2:]
    if any(w.bare in entities.ORG_WORDS | entities.TITLES or w.possessive for w in name):
        return []
    return name


def _name_tail(article: _Article, phrase: list[Word]) -> list[Word]:
    """The name at the end of a phrase, without titles or honorifics ("Sen. Rand Paul" -> "Rand Paul")."""
    tail: list[Word] = []
    for word in reversed(phrase):
        if _category(article, word) != "name" or word.bare in entities.TITLES:
            break
        if word.bare.lower().rstrip(".") in entities.HONORIFICS:
            break
        tail.insert(0, word)
    return tail or phrase[-1:]


def _pronoun(article: _Article, pronoun: Word, last: Speaker, cue: str) -> Speaker:
    """ "he"/"she": the last speaker when no other person was named since, else the last person named."""
    if pronoun.bare.lower() not in {"he", "she"}:
        return Speaker(cue=cue)
    if last.actor_id and article.kind(last.actor_id) == "person":
        since = set(_full_names(article, last_position(article, last, pronoun.start), pronoun.start))
        if since <= {last.actor_id}:
            return Speaker(last.name, last.actor_id, cue)
    sentence = article.sentence_at(pronoun.start)
    for index in range(sentence, max(-1, sentence - 4), -1):
        start = article.bounds[index][0]
        end = pronoun.start if index == sentence else article.bounds[index][1]
        people = _full_names(article, start, end)
        if people:
            return Speaker(article.names.get(people[0], ""), people[0], cue)
    return Speaker(cue=cue)


def _full_names(article: _Article, start: int, end: int) -> list[str]:
    """The persons named between ``start`` and ``end`` whom a pronoun can stand for: the
    gazetteer's, and those found in the text that it names in full (two words or more). A lone
    capitalised word taken for a person ("Iran" after "Hassan Rouhani of") is too weak to take a
    quotation from the person last quoted."""
    return [
        p for p in article.persons_between(start, end)
        if p in article.kinds or len(article.names.get(p, "").split()) >= 2
    ]  # fmt: skip


def last_position(article: _Article, last: Speaker, before: int) -> int:
    """Where the last speaker was last named before ``before`` (0 when never)."""
    named = article.named_at.get(last.actor_id, [])
    index = bisect.bisect_left(named, before)
    return named[index - 1] if index else 0


# --- cues -----------------------------------------------------------------------------------------


def _is_verb(word: Word) -> bool:
    return word.text in entities.SPEECH_VERBS


def _cue_after(article: _Article, close: int, last: Speaker, *, opens: bool = True) -> Speaker | None:
    """The cue right after the closing mark: "…,” said X", "…,” X said", "…,” X, a spokesman, said",
    "…,” as X put it", "…,” according to X", or a caption after a dash ("…” ― X")."""
    end = article.text.find("\n", close)
    end = len(article.text) if end < 0 else end
    lead = re.match(r"[\s,.…!?;:—–―-]*", article.text[close : min(end, close + 20)])
    start = close + lead.end()
    ws = _clause(article, article.words(start, min(end, start + 250)))
    if ws and ws[0].text == "as":
        ws = ws[1:]
    if not ws:
        return None
    if ws[0].text.lower() == "according" and len(ws) > 2 and ws[1].text == "to":
        return _resolve(article, _phrase_forward(article, ws, 2, loose=True), "according to", last)
    if ws[0].text in entities.INVERTED or (opens and _LOOSE_VERB.match(ws[0].text)):
        phrase = _phrase_forward(article, ws, 1)
        head = _category(article, phrase[-1]) if phrase else ""
        named = head == "name" or (head in {"noun", "pron"} and ws[0].text in entities.INVERTED)
        if named and phrase[-1].bare.lower() != "it":
            return _resolve(article, phrase, ws[0].text, last)
        if (
            not phrase
            and len(ws) > 2
            and ws[0].text in entities.INVERTED
            and ws[1].text.lower() in {"a", "an"}
        ):
            return Speaker(cue=ws[0].text)  # "said a protester using …": a speaker of its own, unnamed
    phrase = _phrase_forward(article, ws, 0)
    if (
        phrase
        and re.search(r"[—–―]", lead.group())
        and phrase[-1] is ws[-1]
        and _category(article, ws[-1]) == "name"
    ):
        return _resolve(article, phrase, "caption", last)
    starts = [0, *[i for i in range(1, min(len(ws), 25)) if _paused(article, ws[i - 1], ws[i])][:3]]
    for start_at in starts:
        if start_at and ws[start_at].text in entities.INVERTED:  # "…” like X, said Y"
            phrase = _phrase_forward(article, ws, start_at + 1)
            if phrase and _category(article, phrase[-1]) == "name":
                return _resolve(article, phrase, ws[start_at].text, last)
        phrase = _phrase_forward(article, ws, start_at)
        verb = _predicate(article, ws, ws.index(phrase[-1]) + 1, "after") if phrase else None
        if verb is not None:
            return _resolve(article, _named_part(article, phrase, ws, verb), ws[verb].text, last)
    return None


def _predicate(article: _Article, ws: list[Word], k: int, mode: str) -> int | None:
    """The index of the verb that follows a subject ending before ``ws[k]``, past adverbs ("also"),
    a short phrase ("on Saturday"), appositions (", a spokesman for X,") and asides in parentheses;
    None when none follows.

    Args:
        mode: "after" (right after a quotation: a speech verb or any verb in -ed/-s,
            "…?” Vitter demanded") or "clause" (any word that can be a verb).
    """
    for _ in range(4):
        j = k
        while j < len(ws) and not _is_verb(ws[j]) and _AUXILIARY.match(ws[j].text):
            j += 1
        if j < len(ws) and _verb_like(article, ws[j], mode if j == k or mode == "clause" else "speech"):
            return j
        if j < len(ws) and _category(article, ws[j]) == "link":
            ends = (m for m in range(j + 1, min(len(ws), j + 6)) if _phrase_ends(article, ws, m))
            after = next(ends, None)
            if after is not None and (_is_verb(ws[after]) or _LOOSE_VERB.match(ws[after].text)):
                return after
        if k >= len(ws) or k == 0 or not _paused(article, ws[k - 1], ws[k]):
            return None
        k = next(
            (m + 1 for m in range(k, min(len(ws) - 1, k + 25)) if _paused(article, ws[m], ws[m + 1])), len(ws)
        )
    return None


def _verb_like(article: _Article, word: Word, mode: str) -> bool:
    """A word that can be the verb after a subject (see :func:`_predicate` for the modes)."""
    if _is_verb(word):
        return True
    if mode == "speech":
        return False
    if mode == "after":
        return word.text in _IRREGULAR or (bool(_LOOSE_VERB.match(word.text)) and word.text not in _NOT_VERBS)
    return word.text[:1].islower() and not word.possessive and not _category(article, word)


def _phrase_ends(article: _Article, ws: list[Word], m: int) -> bool:
    """``ws[m]`` is past a short phrase after a subject: not a word of it, or after a pause."""
    return not _in_phrase(article, ws[m]) or _paused(article, ws[m - 1], ws[m])


def _in_phrase(article: _Article, word: Word) -> bool:
    """A word of a short phrase after a subject ("on Saturday", "at the time", "in 2016")."""
    return (
        bool(_category(article, word))
        or word.text[0].isupper()
        or word.text.isdigit()
        or word.text
        in {
            "time",
            "week",
            "day",
            "night",
            "morning",
            "evening",
            "year",
            "month",
            "rally",
            "interview",
            "statement",
        }
    )


def _named_part(article: _Article, phrase: list[Word], ws: list[Word], verb: int) -> list[Word]:
    """The subject, or the apposition that names it when the subject does not ("Another critic,
    Laurence Tribe, likened …")."""
    if any(w.text[0].isupper() or article.mention_at(w) for w in phrase if _category(article, w) == "name"):
        return phrase
    k = ws.index(phrase[-1]) + 1
    if k < verb and _paused(article, phrase[-1], ws[k]):
        named = _phrase_forward(article, ws[:verb], k)
        if named and _category(article, named[-1]) == "name":
            return named
    return phrase


def _cue_before(article: _Article, floor: int, open_mark: int, last: Speaker) -> Speaker | None:
    """The cue before the opening mark: the subject of the last speech verb ("Xi stressed that …",
    "as X put it, …"), "Said X: …", the owner of a reporting noun ("Trump's claim that …"), or a name
    right before a colon or a dash ("Mitt Romney -- “…”")."""
    ws = article.words(floor, open_mark)
    introduced = _introduced(article, ws, open_mark, last)
    if introduced is not None:
        return introduced
    for i in range(len(ws) - 1, -1, -1):
        word = ws[i].text
        if (
            word in entities.INVERTED
            and i + 1 < len(ws)
            and re.search(r"[,:]", article.text[ws[-1].end : open_mark])
        ):
            phrase = _phrase_forward(
                article, ws, i + 1
            )  # "But, said Solovey, “…”", not "said on Twitter: “…”"
            if (
                phrase
                and phrase[0] is ws[i + 1]
                and phrase[-1] is ws[-1]
                and _category(article, phrase[-1]) == "name"
            ):
                return _resolve(article, phrase, word, last)
        owner = _owner(article, ws, i, open_mark, last)
        if owner is not None:
            return owner
        if word.lower() in entities.INVERTED and ws[i].initial and word[0].isupper():
            phrase = _phrase_forward(article, ws, i + 1)
            if phrase:
                return _resolve(article, phrase, word.lower(), last)
        if _is_verb(ws[i]) or (word == "put" and i + 1 < len(ws) and ws[i + 1].text == "it"):
            speaker = _subject(article, ws, i, last)
            if speaker is not None:
                return speaker
    return None


def _owner(article: _Article, ws: list[Word], i: int, open_mark: int, last: Speaker) -> Speaker | None:
    """The name owning a reporting noun at ``ws[i]``: "Trump's claim that “…”" is Trump's, but not in
    "Ryan called Trump's remarks “racist”", where a speech verb comes first."""
    if ws[i].text not in _NOUN_CUES or i == 0 or not ws[i - 1].possessive or any(_is_verb(w) for w in ws[:i]):
        return None
    following = article.text[ws[i].end : open_mark] if i + 1 == len(ws) else ws[i + 1].text
    phrase = _phrase_backward(article, ws, i)
    named = phrase and _category(article, phrase[-1]) == "name" and _joined(article, ws[i - 1], ws[i])
    if named and re.fullmatch(r"\s*(?:that|about|of|on|:|,|—|--)?\s*", following):
        return _resolve(article, phrase, ws[i].text, last)
    return None


def _introduced(article: _Article, ws: list[Word], open_mark: int, last: Speaker) -> Speaker | None:
    """A name right before a colon or a dash that opens the quotation ("Mitt Romney -- “…”")."""
    if not ws or not re.fullmatch(r"\s*(?::|--|—|–)\s*", article.text[ws[-1].end : open_mark]):
        return None
    phrase = _phrase_backward(article, ws, len(ws))
    if not phrase or any(_category(article, w) == "link" for w in phrase):
        return None
    together = _together(article, ws, phrase)
    first = ws.index(together[0])
    if first and _category(article, ws[first - 1]) == "link":
        return None  # "on CNN:", "a message to Trump:" name where or to whom, not who
    if together is not phrase:
        return Speaker(article.text[together[0].start : phrase[-1].end], "", "colon")
    if _category(article, phrase[-1]) == "name" and not ws[-1].possessive:
        return _resolve(article, phrase, "colon", last)
    return None


def _together(article: _Article, ws: list[Word], phrase: list[Word]) -> list[Word]:
    """The names joined by "and" that end with ``phrase`` ("Moscow and Beijing"), or ``phrase``."""
    first = ws.index(phrase[0])
    if (
        first > 1
        and ws[first - 1].text in {"and", "&"}
        and _category(article, ws[first - 2]) == "name"
        and (_joined(article, ws[first - 2], ws[first - 1]))
    ):
        before = _phrase_backward(article, ws, first - 1)
        if before:
            return [*before, ws[first - 1], *phrase]
    return phrase


def _subject(article: _Article, ws: list[Word], verb: int, last: Speaker) -> Speaker | None:
    """Who speaks with the verb ``ws[verb]``: the phrase before it, past adverbs and an apposition.

    A participle ("…, saying “…”") speaks for the subject of its sentence, or
    for the speaker of a quotation earlier in the sentence ("“…,” said X,
    urging them to “…”"); subjects joined by "and" speak together ("Moscow
    and Beijing say").
    """
    cue = ws[verb].text
    if verb > 0 and ws[verb - 1].text in _HYPOTHETICAL:
        return None  # "will say", "to say": not what anyone said
    i = verb
    while i > 0 and _AUXILIARY.match(ws[i - 1].text) and _joined(article, ws[i - 1], ws[i]):
        i -= 1
    paused = i > 0 and _paused(article, ws[i - 1], ws[i])
    if cue.endswith("ing") and (i == 0 or paused):
        return _participle_subject(article, ws[i], cue, last)
    if i > 1 and ws[i - 1].text.lower() == "who":
        phrase = _phrase_backward(article, ws, i - 1)
        return _resolve(article, phrase, cue, last) if phrase else None
    if paused:
        return _subject_before_apposition(article, ws, i - 1, cue, last)
    phrase = _phrase_backward(article, ws, i) if i > 0 and _joined(article, ws[i - 1], ws[i]) else []
    if not phrase or _category(article, phrase[-1]) == "det" or phrase[-1].possessive:
        return _participle_subject(article, ws[i], cue, last) if cue.endswith("ing") else None
    together = _together(article, ws, phrase)
    if together is not phrase:
        return Speaker(article.text[together[0].start : phrase[-1].end], "", cue)
    speaker = _resolve(article, phrase, cue, last)
    if not speaker.name and cue.endswith("ing"):
        return _participle_subject(article, ws[i], cue, last) or speaker
    return speaker


def _participle_subject(article: _Article, verb: Word, cue: str, last: Speaker) -> Speaker | None:
    """Who speaks through a participle: an earlier quotation's speaker in the sentence, else its subject."""
    sentence_start = article.reach(verb.start)
    if article.last_quote is not None and article.last_quote[0].close >= sentence_start and last.name:
        return Speaker(last.name, last.actor_id, cue)
    ws = article.words(sentence_start, verb.start)
    for i in range(len(ws) - 1, -1, -1):
        if _is_verb(ws[i]) and not ws[i].text.endswith("ing"):
            speaker = _subject(article, ws, i, last)
            if speaker is not None and speaker.name:
                return Speaker(speaker.name, speaker.actor_id, cue)
            break
    return _clause_subject(article, ws, cue, last)


def _subject_before_apposition(
    article: _Article, ws: list[Word], i: int, cue: str, last: Speaker
) -> Speaker | None:
    """ "Brian Fallon, a spokesman for the campaign, said": the first comma part that is a whole phrase."""
    chunks: list[list[Word]] = [[]]
    for j in range(i + 1):
        if j and _paused(article, ws[j - 1], ws[j]):
            chunks.append([])
        chunks[-1].append(ws[j])
    for chunk in chunks[-4:]:
        while len(chunk) > 1 and chunk[0].text.lower() in _OPENERS:
            chunk = chunk[1:]
        phrase = _phrase_backward(article, chunk, len(chunk))
        if phrase and phrase[0] is chunk[0] and _category(article, phrase[-1]) in {"name", "pron"}:
            return _resolve(article, phrase, cue, last)
    return None


def _clause_subject(article: _Article, ws: list[Word], cue: str, last: Speaker) -> Speaker | None:
    """The subject of a sentence: the phrase that opens it, or a comma part of it, and is followed
    by a verb ("In July, Gingrich dismissed …", "Trump attacked her, saying …"); failing that, the
    subject of a clause inside it ("… was complete when Trump called …")."""
    paused = [j for j in range(len(ws)) if j == 0 or _paused(article, ws[j - 1], ws[j])]
    opened = [j for j in range(1, len(ws)) if ws[j - 1].text.lower() in _OPENERS and j not in paused]
    for j in paused + opened:
        if ws[j].text.lower() in _OPENERS:
            continue
        phrase = _phrase_forward(article, ws, j)
        if (
            not phrase
            or phrase[-1].possessive
            or _category(article, phrase[-1]) not in {"name", "pron", "noun"}
        ):
            continue
        verb = _predicate(article, ws, ws.index(phrase[-1]) + 1, "clause")
        if verb is not None:
            return _resolve(article, _named_part(article, phrase, ws, verb), cue or ws[verb].text, last)
    return None


def _according(article: _Article, start: int, end: int, last: Speaker) -> Speaker | None:
    """ "according to X" in the sentence."""
    found = re.search(r"\b[Aa]ccording to\s", article.text[start:end])
    if not found:
        return None
    ws = article.words(start + found.end(), min(end, start + found.end() + 200))
    phrase = _phrase_forward(article, ws, 0, loose=True)
    return _resolve(article, phrase, "according to", last) if phrase else None


# --- the speaker of one quotation -------------------------------------------------------------------


@dataclass(frozen=True)
class _Quote:
    start: int
    end: int
    open: int  # the opening mark (== start when there is none)
    close: int  # just after the closing mark (== end when there is none)


def _marks(text: str, start: int, end: int) -> _Quote:
    """The quotation with the positions of its marks."""
    before = re.search(r"(?:''|``|[“”\"«»„‟″‘'])\s*$", text[max(0, start - 4) : start])
    open_mark = start - len(before.group()) if before else start
    after = re.match(r"[\s,.!?…]*(?:''|[“”\"«»„‟″’'])", text[end : end + 6])
    return _Quote(start, end, open_mark, end + after.end() if after else end)


def attribute(article: _Article, quote: _Quote, previous: list[tuple[_Quote, Speaker]]) -> Speaker:
    """Who said ``quote``, by the rules of the module docstring, in their order."""
    last = previous[-1][1] if previous else Speaker()
    for found in (
        _caption_speaker(article, quote.end),
        _transcript(article, quote),
        _interrupted(article, quote),
    ):
        if found.name:
            return found
    sentence = article.sentence_at(quote.open)
    sentence_start = article.reach(quote.open)
    sentence_end = min(max(article.bounds[sentence][1], quote.close), quote.close + _REACH)
    opens = article._opens(quote.open)
    before = None if opens else _cue_before(article, sentence_start, quote.open, last)
    after = _cue_after(article, quote.close, last, opens=opens)
    if before is not None and _introduces(article, quote) and (after is None or not _said(after)):
        return before  # "what Gingrich called “…”, the former Speaker is …": the verb right before wins
    if after is not None and (opens or _closes_clause(article, quote)):
        return after
    for found in (before, after, _according(article, sentence_start, sentence_end, last)):
        if found is not None:
            return found
    if opens:
        return _from_context(article, quote, sentence, previous)
    if _title_case(article.text[quote.start : quote.end]):
        return Speaker()  # a name or a title in quotation marks ("One Belt, One Road"), not speech
    for found in (_final_cue(article, sentence_end, last),
                  _clause_subject(article, article.words(sentence_start, quote.open), "", last)):  # fmt: skip
        if found is not None:
            return found
    return Speaker()


def _said(speaker: Speaker) -> bool:
    return speaker.cue in entities.SPEECH_VERBS


def _interrupted(article: _Article, quote: _Quote) -> Speaker:
    """The second half of an interrupted quotation (“A,” said X, “B.”) is X's too."""
    earlier = article.last_quote
    if earlier is None or not earlier[1].name or earlier[0].close > quote.open:
        return Speaker()
    between = article.text[earlier[0].close : quote.open]
    if (
        len(between) > 120
        or "\n" in between
        or re.search(r"[.!?]\s", between)
        or not between.rstrip().endswith(",")
    ):
        return Speaker()
    if "," not in article.text[earlier[0].end : earlier[0].close] + between[:2]:
        return Speaker()  # “A.” Clinton replied, “B.”: a new speaker
    return Speaker(earlier[1].name, earlier[1].actor_id, earlier[1].cue) if earlier[1].cue else Speaker()


def _introduces(article: _Article, quote: _Quote) -> bool:
    """A speech verb stands right before the opening mark ("called “…”", "said that “…”")."""
    tail = [w.text for w in article.words(max(0, quote.open - 60), quote.open)[-2:]]
    if tail and tail[-1] in entities.SPEECH_VERBS:
        return True
    return len(tail) == 2 and tail[0] in entities.SPEECH_VERBS and tail[1] in {"that", "it", "as", "of"}


def _final_cue(article: _Article, sentence_end: int, last: Speaker) -> Speaker | None:
    """A cue closing the sentence ("…, well before Carell made it famous, Mr. Oppenheim noted.")."""
    ws = article.words(article.reach(sentence_end - 1), sentence_end)
    cut = max((i for i in range(1, len(ws)) if _paused(article, ws[i - 1], ws[i])), default=None)
    if cut is None or len(ws) - cut > 8:
        return None
    phrase = _phrase_forward(article, ws, cut)
    verb = _predicate(article, ws, ws.index(phrase[-1]) + 1, "after") if phrase else None
    if verb is not None and _is_verb(ws[verb]) and verb >= len(ws) - 3:
        return _resolve(article, phrase, ws[verb].text, last)
    return None


def _title_case(quoted: str) -> bool:
    """Every word capitalised but short function words: a title or a name."""
    content = [w for w in re.findall(r"[^\W\d_][\w'’-]*", quoted) if w.lower() not in stopwords()]
    return bool(content) and all(w[0].isupper() for w in content)


def _transcript(article: _Article, quote: _Quote) -> Speaker:
    """A transcript line quoted whole: "PENCE: Well, …" is Pence's."""
    line = re.match(r"([A-Z][A-Z'’.\- ]{1,30}[A-Z.]|[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,2}):\s",
                    article.text[quote.start : quote.start + 40])  # fmt: skip
    if not line or line.group(1) in {"Q", "A"}:
        return Speaker()
    surname = line.group(1).split()[-1].upper()
    for actor, name in article.names.items():
        if name.split() and name.split()[-1].upper() == surname and article.kind(actor) == "person":
            return Speaker(name, actor, "transcript")
    return Speaker(line.group(1).title(), "", "transcript")


def _closes_clause(article: _Article, quote: _Quote) -> bool:
    """The closing mark ends the reported words (a comma, a dash or an end mark at it)."""
    return bool(re.search(r"[,.!?…—–-]", article.text[quote.end : quote.close + 2]))


def _from_context(
    article: _Article, quote: _Quote, sentence: int, previous: list[tuple[_Quote, Speaker]]
) -> Speaker:
    """A quotation with no cue in its sentence: a colon before it, the quotation before it, the
    paragraph before."""
    paragraph = article.paragraph_start(quote.open)
    if sentence > 0:
        before_start = article.reach(quote.open - 1)
        introduced = article.text[before_start : quote.open].rstrip(" \n“”\"'‘`«„")
        if introduced.endswith(":"):
            last = previous[-1][1] if previous else Speaker()
            speaker = _cue_before(article, before_start, before_start + len(introduced), last)
            if speaker is not None and speaker.name:
                return Speaker(speaker.name, speaker.actor_id, "context")
    if previous:
        earlier, speaker = previous[-1]
        adjacent = earlier.open >= paragraph and _sentence_ends(article, earlier.close, quote.open) <= 1
        continued = quote.open == paragraph and earlier.open >= article.paragraph_start(paragraph - 2)
        about = (
            earlier.open >= paragraph
            and sentence > 0
            and speaker.actor_id
            and speaker.actor_id == next(iter(article.persons_between(*article.bounds[sentence - 1])), None)
        )
        if speaker.name and (adjacent or continued or about):
            return Speaker(speaker.name, speaker.actor_id, "context")
    if sentence > 0:
        return _reported_before(article, article.bounds[sentence - 1], previous)
    return Speaker()


def _sentence_ends(article: _Article, start: int, end: int) -> int:
    """How many sentences end between ``start`` and ``end`` (abbreviations such as "Sen." do not)."""
    if end - start > 300:
        return 2
    ws = article.words(start, end)
    edges = [article.text[start : ws[0].start]] if ws else [article.text[start:end]]
    edges += [_gap(article, a, b) for a, b in itertools.pairwise(ws)]
    edges += [article.text[ws[-1].end : end]] if ws else []
    return sum(1 for gap in edges if re.search(r"[.!?]", gap))


def _reported_before(
    article: _Article, bounds: tuple[int, int], previous: list[tuple[_Quote, Speaker]]
) -> Speaker:
    """A quotation standing alone after a sentence that reports a person's speech is theirs."""
    ws = article.words(max(bounds[0], bounds[1] - _REACH), bounds[1])
    last = previous[-1][1] if previous else Speaker()
    for i, word in enumerate(ws):
        if _is_verb(word):
            speaker = _subject(article, ws, i, last)
            if speaker is not None and speaker.actor_id and article.kind(speaker.actor_id) == "person":
                return Speaker(speaker.name, speaker.actor_id, "context")
            return Speaker()
    return Speaker()


def _caption_speaker(article: _Article, end: int) -> Speaker:
    """A block quotation followed by a short caption line that names a person."""
    closing = re.match(r"[\s”\"’'.,…]*\n\n(?P<line>[^\n]{1,80})(?:\n|$)", article.text[end : end + 120])
    if not closing or re.search(r"[.!?:;]\s*$", closing["line"]) or len(closing["line"].split()) > 8:
        return Speaker()
    start = end + closing.start("line")
    first, last = bisect.bisect_left(article.starts, start), bisect.bisect_left(article.starts, start + 80)
    for mention in article.mentions[first:last]:
        if mention[0] < start + len(closing["line"]) and article.kind(mention[2]) == "person":
            return Speaker(article.names.get(mention[2], mention[3]), mention[2], "caption")
    return Speaker()


# --- the table ---------------------------------------------------------------------------------


def quotes(
    documents: pd.DataFrame, sentences: pd.DataFrame, mention_table: pd.DataFrame, gazetteer: pd.DataFrame
) -> pd.DataFrame:
    """Every quotation with its speaker, cue and VADER compound.

    Args:
        documents: The documents table (doc_id, text).
        sentences: The sentences table (for sentence bounds).
        mention_table: :func:`newslens.actors.mentions` (gazetteer and text).
        gazetteer: The actor gazetteer (kinds and name forms).

    Returns:
        Columns doc_id, quote_id, start, end (offsets of the quoted words in
        the clean text, marks excluded), text, speaker (the fullest name the
        article gives, or ''), actor_id (the gazetteer's id, or the id of a
        person or organisation found in the text, or ''), cue (the speech
        verb, "caption", "according to" or "context"), compound.
    """
    mentions_of = rows_by_document(mention_table, ["start", "end", "actor_id", "surface"])
    bounds_of = rows_by_document(sentences, ["start", "end"])
    rows, known = [], _known(gazetteer)
    for doc in documents.itertuples():
        article = _Article(doc.text, bounds_of.get(doc.doc_id, []), mentions_of.get(doc.doc_id, []), known)
        for number, (quote, speaker) in enumerate(speakers(article), 1):
            quoted = doc.text[quote.start : quote.end]
            rows.append((doc.doc_id, f"{doc.doc_id}-q{number}", quote.start, quote.end, quoted, speaker.name,
                         speaker.actor_id, speaker.cue, sentiment.polarity(quoted)))  # fmt: skip
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


def speakers(article: _Article) -> list[tuple[_Quote, Speaker]]:
    """Every quotation of an article with its speaker, in order."""
    found: list[tuple[_Quote, Speaker]] = []
    quoted = [_marks(article.text, start, end) for start, end in find_quotes(article.text)]
    article.hide([(q.open, q.close) for q in quoted])
    for quote in quoted:
        article.last_quote = found[-1] if found else None
        found.append((quote, attribute(article, quote, found)))
    return found


def analyse(corpus) -> dict[str, pd.DataFrame]:
    """Mentions, quotations and reported speech of a corpus (a store holds the first two)."""
    gazetteer = actors_module.gazetteer_of(corpus.path)
    mentioned, found = corpus.table("mentions"), corpus.table("quotes")
    return {
        "gazetteer": gazetteer,
        "actors": actors_module.actor_names(mentioned, gazetteer),
        "mentions": mentioned,
        "quotes": found,
        "reported": reported_speech(corpus.sentences, mentioned, found, gazetteer),
    }


NOT_NAMED = "speaker not named"


def speaker_labels(quote_table: pd.DataFrame, gazetteer: pd.DataFrame | None = None) -> pd.Series:
    """One label per quotation for grouping by speaker.

    Quotations of one actor share a label whatever name each article gives:
    the gazetteer's canonical name ("Russia" for "the Kremlin"), else the
    fullest name the quotations give the actor ("Mao Ning" for "Mao"); a
    speaker without an actor id keeps its name (a description such as "U.S.
    officials"), and a quotation without one is :data:`NOT_NAMED`.
    """
    known = {} if gazetteer is None else dict(zip(gazetteer["actor_id"], gazetteer["name"], strict=True))
    spoken = quote_table[quote_table["actor_id"] != ""].groupby("actor_id")["speaker"]
    fullest = {actor: entities.fullest(names) or names.iat[0] for actor, names in spoken}
    return pd.Series(
        [known.get(actor) or fullest.get(actor) or speaker or NOT_NAMED
         for actor, speaker in zip(quote_table["actor_id"], quote_table["speaker"], strict=True)],
        index=quote_table.index,
        dtype=object,
    )  # fmt: skip


def per_speaker(
    quote_table: pd.DataFrame,
    documents: pd.DataFrame,
    gazetteer: pd.DataFrame | None = None,
    *,
    count: str = "copies",
) -> pd.DataFrame:
    """Quotations per speaker (as :func:`speaker_labels` groups them) and outlet.

    Args:
        count: ``"stories"`` counts a quotation once per outlet however many
            copies of its story the outlet ran (see :func:`newslens.duplicates.weights`);
            ``"copies"`` counts every quotation printed.

    Returns:
        Columns speaker, outlet, quotations; most quoted speakers first.
    """
    outlets = documents["outlet"]
    weight = duplicates.row_weights(quote_table, documents, count=count, groups=outlets)
    table = pd.DataFrame(
        {
            "speaker": speaker_labels(quote_table, gazetteer),
            "outlet": quote_table["doc_id"].map(outlets.set_axis(documents["doc_id"])),
            "quotations": 1 if weight is None else weight,
        }
    )
    table = table.groupby(["speaker", "outlet"], as_index=False)["quotations"].sum()
    total = table.groupby("speaker")["quotations"].transform("sum")
    table = table.assign(total=total).sort_values(
        ["total", "speaker", "outlet"], ascending=[False, True, True]
    )
    return duplicates.counted(table.drop(columns="total").reset_index(drop=True), count)


def select_speaker(quote_table: pd.DataFrame, who: str) -> pd.DataFrame:
    """The quotations of one speaker, given as an actor id ("xi_jinping") or a name ("Mao Ning",
    any case); empty when nobody matches."""
    wanted = who.strip().casefold()
    by_name = quote_table["speaker"].str.casefold() == wanted
    return quote_table[(quote_table["actor_id"] == who.strip()) | by_name]


# --- the scorer's adapter ------------------------------------------------------------------------


def speaker_spans(text: str, published: str | None = None) -> list[dict[str, object]]:
    """Quotations and their speakers in one article, with offsets into ``text`` as given.

    The adapter ``../shared/benchmarks/quotes/score.py`` calls: the article
    goes through :func:`newslens.read_text` (cleaning, sentences, mentions),
    and the quotations' offsets in the clean text are mapped back to ``text``.

    Returns:
        One dict per quotation: start, end (of the quoted words), speaker
        (the name, or None when the text does not say).
    """
    import warnings

    from newslens import read_text

    with warnings.catch_warnings():
        warnings.simplefilter(
            "ignore"
        )  # a dateline that disagrees with the date given is not our concern here
        corpus = read_text(text, published=published or None)
    found = analyse(corpus)["quotes"]
    clean = corpus.documents["text"].iat[0]
    position = raw_positions(
        text, clean, list(zip(corpus.removed["start"], corpus.removed["end"], strict=True))
    )
    return [{"start": position[row.start], "end": position[row.end - 1] + 1, "speaker": row.speaker or None}
            for row in found.itertuples() if row.end > row.start]  # fmt: skip


def raw_positions(raw: str, clean: str, removed: list[tuple[int, int]]) -> list[int]:
    """For each character of the clean text, its position in the raw text.

    Cleaning cuts ``removed`` spans, folds runs of spaces and line breaks,
    drops invisible characters, composes accents (NFC) and inserts a few
    characters (a space after a full stop, "-" between glued names): the two
    texts are walked together, skipping in the raw text what cleaning
    dropped and staying put on what it inserted.
    """
    import unicodedata

    cuts, k, p, positions = sorted(removed), 0, 0, []
    for char in clean:
        while True:
            while k < len(cuts) and cuts[k][1] <= p:
                k += 1
            if k < len(cuts) and cuts[k][0] <= p:
                p = cuts[k][1]
            elif p < len(raw) and not char.isspace() and _dropped(raw[p]):
                p += 1
            else:
                break
        positions.append(min(p, len(raw) - 1))
        if char.isspace():
            while p < len(raw) and _dropped(raw[p]):
                p += 1
            continue
        width = next((w for w in (1, 2, 3) if unicodedata.normalize("NFC", raw[p : p + w]) == char), 0)
        p += width
    return positions


def _dropped(char: str) -> bool:
    """A raw character cleaning folds or drops: spaces, line breaks, soft hyphens, zero-width marks."""
    return char.isspace() or char in "\u00ad\u200b\u2060\ufeff"


# --- the same statement across outlets -------------------------------------------------------


def reported_speech(
    sentences: pd.DataFrame,
    mention_table: pd.DataFrame,
    quote_table: pd.DataFrame,
    gazetteer: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Sentences that report what an actor said without quoting it ("Xi noted that Russia …").

    Returns:
        Columns doc_id, sent_id, start, end, text, speaker (the actor's name),
        actor_id, cue.
    """
    names: dict[str, str] = {}
    if gazetteer is not None:
        table = actors_module.actor_names(mention_table, gazetteer)
        names = dict(zip(table["actor_id"], table["name"], strict=True))
    quote_starts = {doc: sorted(starts) for doc, starts in rows_by_document(quote_table, ["start"]).items()}
    named_in = {
        key: list(zip(group["end"], group["actor_id"], strict=True))
        for key, group in mention_table.groupby(["doc_id", "sent_id"])
    }
    rows = []
    for sentence in sentences[sentences["language"] == "en"].itertuples():
        verb = _SPEECH_RE.search(sentence.text)
        starts = quote_starts.get(sentence.doc_id, [])
        first = bisect.bisect_left(starts, (sentence.start,))
        quoted = first < len(starts) and starts[first][0] < sentence.end
        if verb is None or quoted:
            continue
        named = named_in.get((sentence.doc_id, sentence.sent_id), [])
        before = [actor for end, actor in named if end <= sentence.start + verb.start()]
        if not before:
            continue
        rows.append((sentence.doc_id, sentence.sent_id, sentence.start, sentence.end, sentence.text,
                     names.get(before[-1], before[-1]), before[-1], verb.group().lower()))  # fmt: skip
    return pd.DataFrame(rows, columns=REPORTED_COLUMNS)


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
    return _best_cosine(_sentence_bags(first), _sentence_bags(second))


def _sentence_bags(text: str) -> list[Counter[str]]:
    """The content-word stems of each sentence of a text with three or more (else of the whole text)."""
    from newslens.text import _punkt

    bags = [_bag(text[s:e]) for s, e in _punkt().span_tokenize(text)]
    return [bag for bag in bags if len(bag) >= 3] or [_bag(text)]


def _best_cosine(first: list[Counter[str]], second: list[Counter[str]]) -> float:
    return max(_cosine(a, b) for a in first for b in second)


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
    bags = [_sentence_bags(text) for _, _, text, _ in units]  # once each, not once a comparison
    sharing: dict[str, set[int]] = {}  # stem -> the units using it: only those can score above 0
    for j, unit in enumerate(bags):
        for stem in set().union(*unit):
            sharing.setdefault(stem, set()).add(j)
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for i, (_, doc_a, _, _) in enumerate(units):
        for j in sorted(set().union(*(sharing[stem] for stem in set().union(*bags[i])))):
            doc_b = units[j][1]
            if doc_a >= doc_b:
                continue
            score = _best_cosine(bags[i], bags[j])
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
