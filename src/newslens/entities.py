"""People and organisations named in an article, found from the text itself.

The gazetteer (``data/actors.yml``) knows a few actors by heart; news names
many more ("Foreign Ministry spokeswoman Mao Ning", "Economy Minister Maxim
Reshetnikov", "the BBC's Laura Bicker"). This module finds them without a
list of names, with rules over capitalisation and the words around a name,
in one pass over each sentence (linear in the length of the text):

1. A *name word* is a capitalised word that is no function word, weekday
   or month. The first word of a sentence (or of a quotation) is capitalised
   anyway, so it counts only when the article writes it capitalised
   elsewhere at least as often as in lower case, or when a name word or a
   speech verb follows it ("Donald Trump said", "Kessler said"); in a
   title-case headline a capital proves nothing, so the same test applies
   to every word ("Percent" in "Only 24 Percent of Donors").
2. Consecutive name words make a *run* ("Maxim Reshetnikov"), with
   particles inside names ("de", "van", "bin") and "of", "for", "and" inside
   organisation names ("Ministry of Foreign Affairs"). Runs of more than
   eight words are not names.
3. Titles and honorifics lead a run ("Sen.", "President", "Economy
   Minister"): the words after the last of them are a person's name.
4. A run holding an organisation word (Ministry, Agency, Party, Council,
   Corp., Department, ...) is an organisation; so is an acronym that speaks
   or follows "the" ("the FBI", "CNN said").
5. Any other run is a person when the article gives evidence: a role word
   before it ("spokeswoman Mao Ning"), a possessive before it ("the BBC's
   Laura Bicker"), an apposition after it (", a spokesman", ", who",
   ", reporting from"), a speech verb ("Mao said", "said Mao"), or an
   honorific with its surname ("Ms. Mao"). Other runs (places, events,
   titles of works) are left out.
6. Within an article, a later surname or first name alone ("Mao", "Mr.
   Mao") joins the full name most recently given, and "the" with a role the
   person was introduced with ("the spokeswoman", "the minister") joins that
   person. Across articles the same full name gives the same id: a slug of
   the name without honorifics or initials ("mao_ning").

Names the gazetteer knows are left to it (:func:`newslens.actors.mentions`
merges both); a title before a gazetteer name still lets "the president"
join that actor. Nothing is downloaded and no model is used.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from newslens.text import stopwords

#: Honorifics and military or clerical ranks written before a name.
HONORIFICS = frozenset(
    "mr mrs ms miss mx dr prof sen sens rep reps gov lt gen col capt sgt adm maj cmdr rev sir dame lord "
    "lady sheikh pope rabbi imam brig cpl pvt amb atty supt insp det mme mlle herr del".split()
)
#: Titles written capitalised before a name ("Economy Minister Maxim Reshetnikov").
TITLES = frozenset(
    "President Premier Chancellor Minister Secretary Senator Governor Representative Congressman "
    "Congresswoman Speaker Mayor Judge Justice Ambassador Envoy Chairman Chairwoman Chair Director "
    "General Admiral Colonel Commander Spokesman Spokeswoman Spokesperson Leader Chief Commissioner "
    "Councillor Councilman Councilwoman Attorney Prosecutor Sheriff Officer Inspector Detective Deputy "
    "Adviser Advisor Counsel Correspondent Editor Analyst Professor King Queen Prince Princess Emperor "
    "Patriarch Archbishop Bishop Cardinal Ayatollah Emir Sultan Marshal Lieutenant Captain Sergeant "
    "Major Candidate Nominee Vice Crown Supreme President-elect".split()
)
#: Words that make a run an organisation ("Foreign Ministry", "Labour Party").
ORG_WORDS = frozenset(
    "Ministry Department Agency Party Council Committee Commission Corp Corp. Corporation Inc Inc. Co. "
    "Company Ltd Ltd. Group Bank Fund Institute Institution University College School Academy Association "
    "Foundation Federation Union Organization Organisation Office Court Army Navy Force Forces Guard "
    "Police Senate Congress Parliament Assembly Duma Cabinet Administration Government Bureau Service "
    "Services Authority Board Center Centre Network News Times Post Journal Herald Tribune Telegraph "
    "Guardian Gazette Press Media Television Radio Broadcasting Channel Daily Magazine Airlines Airways "
    "Motors Industries Holdings Partners Systems Technologies Campaign Alliance Coalition Front Movement "
    "League Club Church Embassy Consulate Command Affairs Reserve Treasury Exchange Secretariat "
    "Politburo Pentagon Court Tribunal Commissariat Directorate Inspectorate Caucus Society Trust".split()
)
#: Lower-case words naming a role, before a name ("spokeswoman Mao Ning") or as a speaker ("the aide").
ROLE_NOUNS = frozenset(
    "spokesman spokeswoman spokesperson minister secretary president senator governor chairman chairwoman "
    "chair director ambassador envoy diplomat leader lawmaker legislator congressman congresswoman "
    "representative candidate nominee manager strategist adviser advisor aide official analyst expert "
    "professor economist researcher scholar fellow correspondent reporter journalist editor columnist "
    "commentator anchor host author writer founder executive ceo chief head lawyer attorney counsel "
    "prosecutor judge justice mayor commander general officer activist organizer organiser pollster "
    "surrogate deputy premier chancellor king queen prince mate partner owner investor businessman "
    "businesswoman billionaire consultant operative staffer member veteran observer specialist "
    "negotiator chief-of-staff speaker whip coordinator producer presenter historian scientist "
    "son daughter wife husband brother sister father mother cousin friend colleague narrator voice caller "
    "moderator panelist guest interviewer delegate boss star actor actress singer comedian pastor "
    "teacher student worker voter sheriff".split()
)
#: Plural roles: unnamed groups that speak ("officials said").
GROUP_NOUNS = frozenset(
    "officials aides advisers advisors diplomats lawmakers legislators analysts experts sources leaders "
    "officers members supporters critics protesters residents voters spokesmen spokespeople authorities "
    "investigators prosecutors observers economists researchers scientists executives delegates "
    "negotiators strategists activists organizers organisers people staff staffers donors allies "
    "opponents republicans democrats".split()
)
#: Lower-case words that modify a role ("senior administration official", "campaign manager").
MODIFIERS = frozenset(
    "former senior top chief deputy vice longtime acting then current foreign defense defence press "
    "campaign communications national security political policy economic military state federal local "
    "regional white house administration government party trade finance economy interior justice "
    "health energy digital media public international presidential executive general managing "
    "assistant associate principal lead special unnamed anonymous high-ranking high-level "
    "veteran independent republican democratic conservative liberal senior-level retired prominent leading "
    "outgoing incoming interim ex panel committee oversight senate congressional".split()
)
#: Verbs of saying, as cues for speech ("X said", "said X") and as evidence that X is a person.
SPEECH_VERBS = frozenset(
    "said says say saying told tells tell telling added adds adding stressed stresses noted notes "
    "emphasized emphasised emphasizes emphasises underlined underlines underscored underscores urged "
    "urges warned warns warning highlighted highlights reaffirmed reaffirms declared declares stated "
    "states announced announces insisted insists insisting remarked remarks explained explains "
    "explaining praised praises described describes describing called calls calling termed terming "
    "dubbed labeled labelled branded hailed hails vowed vows pledged pledges expressed wrote writes "
    "writing tweeted tweets posted indicated asserted asserts argued argues arguing replied replies "
    "responded responds continued continues concluded acknowledged acknowledges affirmed observed "
    "reminded assured promised promises recalled recalls criticized criticised criticizing criticising "
    "accused accuses condemned condemns denounced asked asks asking answered answers claimed claims "
    "contended countered conceded admitted admits boasted bragged complained complains lamented "
    "predicted predicts suggested suggests testified mused quipped joked joking shouted yelled "
    "cautioned charged charges alleged alleges reported reports reporting announced confirmed confirms "
    "denied denies agreed added suggested blasted slammed mocked retorted interjected recounted "
    "explained proclaimed maintained maintains conceded whispered thundered chided scoffed sighed "
    "read reads texted emailed wondered spoke speaks speaking demanded demands pressed pleaded ruled rules "
    "promising claiming "
    "urging insisting suggesting warning arguing describing vowing pledging questioning accusing "
    "blasting slamming mocking touting touted hailing praising criticizing condemning denouncing "
    "dismissed dismissing quoted quoting cited citing sang sings singing chanted chanting declaring "
    "announcing explaining adding noting stressing tweeting writing telling asserting recalling "
    "predicting confirming denying admitting acknowledging boasting bragging complaining joking "
    "responding replying stating pointed proclaims agrees agreed concedes declares insists recalls writes "
    "explains argues tweets notes warns adds blogged".split()
)
#: Particles inside personal names ("Charles de Gaulle", "Osama bin Laden").
_PARTICLES = frozenset("de da di van von der den bin ibn al el la le du del della dos das ben ter".split())
#: Lower-case words allowed inside organisation names ("Ministry of Foreign Affairs").
_ORG_LINKS = frozenset("of for and & the on".split())
_ARTICLES = frozenset("the a an".split())
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split()
)
#: Abbreviations that keep their full stop (the rest lose it: "said." is "said").
_ABBREVIATIONS = HONORIFICS | frozenset(
    "jr sr st inc corp co ltd no vs ft mt pres ala ariz ark calif colo conn del fla ga ill ind kan kans "
    "ky la md mass mich minn miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo ok".split()
)
_NOT_NAMES = frozenset(
    "i i'm i've i'd i'll ok okay god yes no oh well today tonight yesterday tomorrow unless meanwhile "
    "instead "
    "still yet later earlier now here there indeed moreover furthermore nevertheless nonetheless besides "
    "likewise overall afterward afterwards already always never sometimes perhaps maybe asked thanks "
    "please sure true false".split()
)
MAX_RUN = 8
_WORD = re.compile(r"[^\W_](?:[\w&]|[.'’\-](?=[^\W_]))*\.?")
_APPOSITION = re.compile(
    r"^\s*,\s*(?:(?:a|an|who|whose|\d{1,3})\b|(?:(?:the|his|her|its|their)\s+|(?=[A-Z]))(?:[\w.'’-]+\s+){0,3}?(?:"
    + "|".join(sorted(ROLE_NOUNS))
    + r")\b|(?:reporting|speaking|writing)\b)",
)
_OPENERS = '.!?:;\n“”"«»„‘('
_OPENING = re.compile(f"[{re.escape(_OPENERS)}]")
_ROLE_WORD = re.compile(r"\b(" + "|".join(sorted(ROLE_NOUNS)) + r")\b", re.IGNORECASE)
_LAST_WORD = re.compile(r"([\w’'.-]+)$")
_POSSESSIVE_END = re.compile(r"\w['’]s?$")
_FOLLOWING_WORDS = re.compile(r"\s*([a-z]+(?:\s+[a-z]+){0,3})")
_PRECEDING_WORD = re.compile(r"\b([a-z]+)\s*$")
_ADVERB = re.compile(
    r"^(?:also|later|then|once|again|previously|earlier|recently|has|had|have|would|will)$|ly$"
)


class Word(NamedTuple):
    """One word of a sentence: offsets into the document, its text, and whether it opens the sentence.

    A named tuple: articles have many words, and quotations look at some of them many times.
    """

    start: int
    end: int
    text: str
    initial: bool
    bare: str  # the word without a possessive ending ("Trump’s" -> "Trump")

    @property
    def possessive(self) -> bool:
        return self.bare != self.text


@dataclass
class _Run:
    """Consecutive name words of one sentence; ``title`` counts the leading title words."""

    sentence: int
    words: list[Word]
    title: int = 0
    kind: str = ""

    @property
    def name_words(self) -> list[Word]:
        return self.words[self.title :]

    @functools.cached_property
    def name(self) -> str:
        """The name without its titles (set once the run is trimmed)."""
        return " ".join(w.bare for w in self.name_words)


@dataclass
class _Entity:
    """A person or organisation of one article: its fullest name, kind, roles and full mentions."""

    entity_id: str
    name: str
    kind: str
    roles: set[str] = field(default_factory=set)
    positions: list[int] = field(default_factory=list)


# --- words and capitals --------------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def words(text: str, offset: int = 0) -> tuple[Word, ...]:
    """The words of one sentence, with abbreviations keeping their full stop ("Sen.", "U.S.").

    A word is *initial* when it opens the sentence, a quotation, or follows a
    colon: it is capitalised whatever it is. Cached: finding actors and then
    quotations looks at the same sentences (a chunk of articles at a time).
    """
    found: list[Word] = []
    previous = 0
    for match in _WORD.finditer(text):
        start, end, word = match.start(), match.end(), match.group()
        if word[-1] == "." and not _keeps_stop(word[:-1]):
            end, word = end - 1, word[:-1]
        if start == previous + 1:  # most words follow one character, a space: no search needed
            initial = not found or text[previous] in _OPENERS
        else:
            initial = not found or bool(_OPENING.search(text, previous, start))
        found.append(Word(offset + start, offset + end, word, initial, _bare(word)))
        previous = end
    return tuple(found)


def _bare(word: str) -> str:
    """The word without a possessive ending: "Trump’s" and "Reuters'" lose it, "news" keeps its s."""
    if word[-1] in "'’":
        return word[:-1]
    if word[-1] == "s" and len(word) > 1 and word[-2] in "'’":
        return word[:-2]
    return word


def _keeps_stop(word: str) -> bool:
    last = re.split(r"[-.]", word)[-1]
    return len(last) == 1 or "." in word or last.lower() in _ABBREVIATIONS


class Casing:
    """How an article writes each word: capitalised within a sentence, or in lower case.

    Tells a name from a common word that is capitalised only because it opens a
    sentence or sits in a title-case headline.
    """

    def __init__(self, sentences: Iterable[Sequence[Word]]) -> None:
        every = [word for sentence in sentences for word in sentence]
        self.lower = Counter(w.bare.lower() for w in every if w.text[0].islower())
        self.capital = Counter(w.bare.lower() for w in every if not w.initial and w.text[0].isupper())

    def judge(self, word: Word, *, headline: bool = False) -> str:
        """ "yes" when ``word`` is a name word, "maybe" for an unknown word opening a sentence, else "no".

        Args:
            headline: The sentence is in title case, so a capital proves nothing.
        """
        bare = word.bare
        if not bare[:1].isupper():
            return "no"
        low = bare.lower()
        if low in _NOT_NAMES or low in _CALENDAR or low in stopwords() or low.rstrip(".") in stopwords():
            return "no"
        if low.rstrip(".") in HONORIFICS or bare in TITLES or bare in ORG_WORDS:
            return "yes"
        if bare.isupper() and len(bare.replace(".", "")) >= 2 and not headline:
            return "yes"  # an acronym
        lower, capital = self.lower[low], self.capital[low]
        if not word.initial and not headline:
            return "yes"
        if capital and capital >= lower:
            return "yes"
        if lower or headline or low in ROLE_NOUNS or low in GROUP_NOUNS or low in SPEECH_VERBS:
            return "no"
        if low.endswith(("ly", "ing", "ed")):
            return "no"
        return "maybe"


def _headline(sentence: Sequence[Word]) -> bool:
    """Nearly every content word capitalised: a title-case headline (or one in capitals)."""
    content = [w for w in sentence if w.text[0].isalpha() and w.bare.lower() not in stopwords()]
    capitals = sum(1 for w in content if w.text[0].isupper())
    return len(content) >= 4 and capitals >= 0.85 * len(content)


# --- runs of name words ----------------------------------------------------------------------------


def runs(sentence: Sequence[Word], text: str, offset: int, casing: Casing, number: int = 0) -> list[_Run]:
    """The runs of name words of a sentence (``text`` is the sentence, starting at ``offset``)."""
    found: list[_Run] = []
    current: list[Word] = []
    headline = _headline(sentence)
    verdicts = [casing.judge(word, headline=headline) for word in sentence]
    for i, word in enumerate(sentence):
        verdict = verdicts[i]
        joined = bool(current) and not text[current[-1].end - offset : word.start - offset].strip()
        if current and (not joined or current[-1].possessive):
            found.append(_Run(number, current))
            current = []
        following = verdicts[i + 1] if i + 1 < len(sentence) else "no"
        speaks = i + 1 < len(sentence) and sentence[i + 1].text in SPEECH_VERBS
        named = verdict == "yes" or (verdict == "maybe" and (following == "yes" or speaks))
        if named or (current and following == "yes" and _links(word.text, current)):
            current.append(word)
        elif current:
            found.append(_Run(number, current))
            current = []
    if current:
        found.append(_Run(number, current))
    runs_ = [_trimmed(run) for run in found if len(run.words) <= MAX_RUN]
    return [run for run in runs_ if run.words]


def _links(word: str, current: list[Word]) -> bool:
    """A lower-case word inside a name: a particle, or "of"/"and" inside an organisation's name."""
    if word in _PARTICLES:
        return True
    if word not in _ORG_LINKS:
        return False
    # "Secretary of State", "Bank of England"; not "President Hassan Rouhani of Iran" (a person of a place)
    return any(w.bare in ORG_WORDS for w in current) or current[-1].bare in TITLES


def _is_title(word: Word) -> bool:
    return word.bare in TITLES or word.bare.lower().rstrip(".") in HONORIFICS


def _trimmed(run: _Run) -> _Run:
    """Drop linking words at the run's ends and mark the leading titles; a run of titles alone is no name."""
    while run.words and (
        run.words[-1].text[0].islower() or run.words[-1].bare.lower().rstrip(".") in HONORIFICS
    ):
        run.words.pop()
    if all(_is_title(w) for w in run.words):
        run.words = []
        return run
    last_title = max((i for i, w in enumerate(run.words[:-1]) if _is_title(w)), default=-1)
    tail = run.words[last_title + 1 :]
    if last_title >= 0 and tail[0].text[0].isupper() and len(tail) <= 4 and not _has_org_word(tail):
        run.title = last_title + 1
        run.kind = "person"
    elif _has_org_word(run.words):
        run.kind = "organisation"
    return run


def _has_org_word(ws: list[Word]) -> bool:
    return any(w.bare in ORG_WORDS for w in ws)


# --- evidence ------------------------------------------------------------------------------------


def _before(text: str, offset: int, run: _Run) -> str:
    return text[max(0, run.words[0].start - offset - 60) : run.words[0].start - offset]


def _after(text: str, offset: int, run: _Run) -> str:
    return text[run.words[-1].end - offset : run.words[-1].end - offset + 60]


def person_evidence(text: str, offset: int, run: _Run) -> str:
    """Why the article treats a run as a person ("" when it does not): the role it names, or a tag."""
    before = _before(text, offset, run).rstrip(" ")
    previous = _LAST_WORD.search(before)
    if previous and previous.group(1) in ROLE_NOUNS:
        modifiers = re.search(r"((?:\b[a-z][\w-]*\s+){0,2})" + re.escape(previous.group(1)) + "$", before)
        words_before = (modifiers.group(1) if modifiers else "").split()
        kept = [w for w in words_before if w in MODIFIERS or w in ROLE_NOUNS]
        return (
            " ".join([*kept[-2:], previous.group(1)]) if len(kept) == len(words_before) else previous.group(1)
        )
    if previous and _POSSESSIVE_END.search(previous.group(1)) and len(run.name_words) >= 2:
        return "possessive"
    after = _after(text, offset, run)
    apposition = _APPOSITION.match(after)
    if apposition:
        role = _ROLE_WORD.search(apposition.group())
        return role.group(1).lower() if role else "apposition"
    if speaks(after, before):
        return "speech"
    return ""


#: Speech verbs that may come before their subject ("…,” said Mao).
INVERTED = frozenset(
    "said says added adds asked asks wrote writes continued continues explained explains noted notes "
    "replied replies responded recalled declared warned insisted argued observed remarked quipped joked "
    "stressed emphasized emphasised underlined concluded countered conceded acknowledged admitted "
    "predicted suggested cautioned tweeted reported reports announced offered".split()
)


def speaks(after: str, before: str) -> bool:
    """A speech verb right after a name ("Mao said", "Mao also said"), or before it ("said Mao")."""
    following = _FOLLOWING_WORDS.match(after)
    for word in following.group(1).split() if following else []:
        if word in SPEECH_VERBS:
            return True
        if not _ADVERB.search(word):
            break
    preceding = _PRECEDING_WORD.search(before)
    return bool(preceding and preceding.group(1) in INVERTED)


@functools.lru_cache(maxsize=4096)
def slug(name: str) -> str:
    """An id for a discovered name: lower case ASCII words joined by "_", without honorifics or initials."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name
    parts = [p for p in re.split(r"[^\w]+", ascii_name.lower()) if p]
    kept = [p for p in parts if p not in HONORIFICS and (len(p) > 1 or len(parts) == 1)]
    kept = [p for p in kept if p not in {"jr", "sr", "ii", "iii"}] or parts
    joined = "_".join(kept)
    return joined if joined[:1].isalpha() else f"e_{joined}"


def kind_of(name: str) -> str:
    """ "organisation" for a name with an organisation word or in capitals ("CNN"), else "person"."""
    parts = name.split()
    if any(p in ORG_WORDS for p in parts) or (len(parts) == 1 and name.replace(".", "").isupper()):
        return "organisation"
    return "person"


def fullest(names: Iterable[str]) -> str:
    """The fullest of several written forms of a name: most words, then longest ("Donald J. Trump")."""
    forms = [n for n in names if n and not n[0].islower() and n.split()[0].lower() not in _ARTICLES]
    return max(forms, key=lambda n: (len(n.split()), len(n)), default="")


# --- one article -------------------------------------------------------------------------------------


def discover(
    sentences: Sequence[tuple[int, int, str]],
    known: Sequence[tuple[int, int, str]] = (),
    people: Iterable[str] = (),
) -> list[tuple[int, int, int, str, str]]:
    """People and organisations of one article, found from its text.

    Args:
        sentences: The article's sentences as (sent_id, start, text), in order.
        known: Mentions the gazetteer already found, as (start, end, actor_id).
        people: The gazetteer's people (a title before one of them lets a
            later "the president" join that actor).

    Returns:
        Mentions as (sent_id, start, end, entity_id, surface), in order of
        the text: full names, later short names, and "the" + a role.
    """
    split = [words(text, start) for _, start, text in sentences]
    casing = Casing(split)
    spans = _Spans(known)
    people = set(people)
    found_runs = [
        run
        for number, ((_, start, text), sentence) in enumerate(zip(sentences, split, strict=True))
        for run in runs(sentence, text, start, casing, number)
    ]
    entities, found = _entities(found_runs, sentences, spans, people)
    mentions = _full_and_short(found_runs, sentences, entities, spans)
    taken = _Spans([*spans.spans, *[(s, e, "") for _, s, e, _, _ in mentions]])
    mentions += _role_mentions(sentences, entities, found, taken)
    return sorted(mentions, key=lambda m: (m[1], -m[2]))


class _Spans:
    """Mentions already taken, sorted, to ask in logarithmic time what overlaps a span."""

    def __init__(self, spans: Iterable[tuple[int, int, str]]) -> None:
        self.spans = sorted(spans)
        self.starts = [span[0] for span in self.spans]
        self.reach = max((e - s for s, e, _ in self.spans), default=0)

    def covering(self, start: int, end: int) -> str:
        """The actor whose mention overlaps ``start:end`` ('' when none does, "?" for one without id)."""
        first = bisect.bisect_left(self.starts, start - self.reach)
        for _, e, actor in self.spans[first : bisect.bisect_left(self.starts, end)]:
            if start < e:
                return actor or "?"
        return ""


def _entities(
    found_runs: list[_Run],
    sentences: Sequence[tuple[int, int, str]],
    spans: _Spans,
    people: set[str],
) -> tuple[dict[str, _Entity], list[tuple[int, str]]]:
    """The article's entities keyed by id, and (position, id) of every full mention with a role.

    Names of several words come first, so that a surname alone ("Mao")
    joins its full name instead of making an entity of its own.
    """
    tags = [_person_tag(run, sentences) for run in found_runs]
    evidence = _evidence(found_runs, tags, sentences)
    entities: dict[str, _Entity] = {}
    with_roles: list[tuple[int, str]] = []
    parts: set[str] = set()
    for single in (False, True):
        for run, tag in zip(found_runs, tags, strict=True):
            names = run.name_words
            if (len(names) == 1) != single:
                continue
            covered = spans.covering(names[-1].start, names[-1].end)
            roles = _roles(run, tag)
            if covered in people and roles:
                with_roles.append((names[-1].start, covered))
                entities.setdefault(covered, _Entity(covered, "", "person")).roles.update(roles)
            if covered or (single and run.name.lower() in parts) or not _is_entity(run, evidence):
                continue
            entity = _add(entities, run)
            entity.roles.update(roles)
            if roles:
                with_roles.append((names[0].start, entity.entity_id))
            if entity.kind == "person" and not single:
                parts |= {names[0].bare.lower(), names[-1].bare.lower()}
    with_roles.sort()
    return entities, with_roles


def _person_tag(run: _Run, sentences: Sequence[tuple[int, int, str]]) -> str:
    """:func:`person_evidence` of a run, worked out once ("" for an organisation: it has no role)."""
    if run.kind == "organisation":
        return ""
    _, start, text = sentences[run.sentence]
    return person_evidence(text, start, run)


def _evidence(
    found_runs: list[_Run], tags: list[str], sentences: Sequence[tuple[int, int, str]]
) -> dict[str, set[str]]:
    """For each name (and each surname), the kinds of evidence the article gives that it is an entity
    (``tags``: each run's :func:`_person_tag`)."""
    evidence: dict[str, set[str]] = {}
    for run, tag in zip(found_runs, tags, strict=True):
        _, start, text = sentences[run.sentence]
        tag = run.kind or tag
        if not tag and len(run.words) == 1 and kind_of(run.name) == "organisation":
            tag = "organisation" if re.search(r"\bthe\s+$", _before(text, start, run), re.I) else ""
        if tag:
            evidence.setdefault(run.name.lower(), set()).add(tag)
            if len(run.name_words) == 1 or run.title:
                evidence.setdefault(run.name_words[-1].bare.lower(), set()).add(tag)
    return evidence


def _add(entities: dict[str, _Entity], run: _Run) -> _Entity:
    """The entity of a run (created at its first mention), with the run's position recorded."""
    key = slug(run.name)
    entity = entities.setdefault(key, _Entity(key, run.name, run.kind or kind_of(run.name)))
    entity.name = fullest([entity.name, run.name])
    entity.positions.append(run.name_words[0].start)
    return entity


def _is_entity(run: _Run, evidence: dict[str, set[str]]) -> bool:
    """A run is an entity when it is an organisation, has a title, or the article gives evidence."""
    if run.kind:
        return True
    tags = evidence.get(run.name.lower(), set())
    if len(run.name_words) == 1:
        return bool(tags - {"possessive"})
    return bool(tags or evidence.get(run.name_words[-1].bare.lower()))


def _roles(run: _Run, tag: str) -> set[str]:
    """The roles a run introduces its person with: its title ("minister"), a role word before it, or an
    apposition after it (``tag``: the run's :func:`_person_tag`)."""
    if run.kind == "organisation":
        return set()
    roles = set()
    if run.title:
        title = [w.bare for w in run.words[: run.title] if w.bare.lower().rstrip(".") not in HONORIFICS]
        if title:
            roles |= {title[-1].lower(), " ".join(title).lower()}
    if tag and tag not in {"possessive", "apposition", "speech"}:
        roles |= {tag, tag.split()[-1]}
    return roles


def _full_and_short(
    found_runs: list[_Run],
    sentences: Sequence[tuple[int, int, str]],
    entities: dict[str, _Entity],
    spans: _Spans,
) -> list[tuple[int, int, int, str, str]]:
    """Mentions of the entities by their full name, and by a surname or first name alone.

    A word alone joins the person whose surname it is, else (without an
    honorific: "Mr. Mao" is a surname) the person whose first name it is.
    """
    surnames: dict[str, list[_Entity]] = {}
    first_names: dict[str, list[_Entity]] = {}
    for entity in entities.values():
        parts = [p for p in entity.name.split() if len(p.rstrip(".")) > 1]
        if entity.kind == "person" and len(parts) >= 2:
            surnames.setdefault(parts[-1].lower(), []).append(entity)
            first_names.setdefault(parts[0].lower(), []).append(entity)
    mentions = []
    for run in found_runs:
        sent_id, start, text = sentences[run.sentence]
        names = run.name_words
        if spans.covering(names[0].start, names[-1].end):
            continue
        entity = entities.get(slug(run.name))
        key = run.name.lower()
        if len(names) == 1 and (key in surnames or (key in first_names and not run.title)):
            entity = _nearest(surnames.get(key) or first_names[key], names[0].start)
        if entity is not None and entity.name:
            surface = text[names[0].start - start : names[-1].start - start + len(names[-1].bare)]
            mentions.append(
                (sent_id, names[0].start, names[0].start + len(surface), entity.entity_id, surface)
            )
    return mentions


def _nearest(candidates: list[_Entity], position: int) -> _Entity:
    """The entity whose full name was given last before ``position`` (else first after it)."""
    before = []
    for entity in candidates:
        index = bisect.bisect_right(entity.positions, position)
        if index:
            before.append((entity.positions[index - 1], entity))
    if before:
        return max(before, key=lambda pair: pair[0])[1]
    return min(candidates, key=lambda e: min(e.positions, default=position))


def _role_mentions(
    sentences: Sequence[tuple[int, int, str]],
    entities: dict[str, _Entity],
    with_roles: list[tuple[int, str]],
    taken: _Spans,
) -> list[tuple[int, int, int, str, str]]:
    """ "the spokeswoman" after "spokeswoman Mao Ning": the last person introduced with that role."""
    roles = sorted({role for e in entities.values() for role in e.roles}, key=lambda r: (-len(r), r))
    if not roles:
        return []
    pattern = re.compile(r"\b[Tt]he\s+(" + "|".join(map(re.escape, roles)) + r")\b(?!\s+(?:of|for)\b)", re.I)
    holders: dict[str, list[tuple[int, str]]] = {}
    for position, entity_id in with_roles:
        for role in entities[entity_id].roles:
            holders.setdefault(role, []).append((position, entity_id))
    mentions = []
    for sent_id, start, text in sentences:
        for match in pattern.finditer(text):
            at = start + match.start()
            if (
                taken.covering(at, start + match.end())
                or text[match.end() : match.end() + 2].strip()[:1].isupper()
            ):
                continue
            owners = holders.get(match.group(1).lower(), [])
            before = bisect.bisect_left(owners, (at,))
            if before:
                mentions.append((sent_id, at, start + match.end(), owners[before - 1][1], match.group()))
    return mentions
