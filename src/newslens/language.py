"""Which language a stretch of text is in, offline.

Two steps: the writing system decides where it can (Hangul is Korean, kana
is Japanese, Han without kana is Chinese) and splits a sentence where a long
run of another script starts, as in a Korean headline glued to an English
lead; within Latin, Cyrillic and Arabic script the lingua detector, limited
to the languages below, decides. Short fragments carry too little evidence
for any detector and take the document's language instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache, lru_cache

#: ISO 639-1 codes that lingua chooses among, by script.
LINGUA_LANGUAGES = {
    "latin": ("en", "fr", "de", "es", "it", "pt", "nl", "tr", "pl", "id"),
    "cyrillic": ("ru", "uk", "be", "bg"),
    "arabic": ("ar", "fa", "ur"),
}
#: Scripts that name their language outright.
SCRIPT_LANGUAGE = {"hangul": "ko", "kana": "ja", "han": "zh"}
#: A run of another script shorter than this many letters stays in its
#: sentence (a name such as 习近平 inside English text).
MIN_RUN_LETTERS = 6
#: Function words that occur in no other language of LINGUA_LANGUAGES as
#: words of their own. Latin-script text in which at least ENGLISH_SHARE of
#: the words are among them is English without asking lingua: on the BBC
#: corpus 95% of English paragraphs pass, while French, German, Spanish,
#: Italian, Portuguese, Dutch, Turkish, Polish and Indonesian sentences score
#: under 0.08. Everything else goes to lingua, which is about 100 times slower.
ENGLISH_MARKERS = frozenset(
    """the of and to that for with from this which were has have been would will said its
    their they it by at an be but not who are his her she we our you after about more than
    also there when""".split()
)
ENGLISH_SHARE = 0.15
#: Frequent function words of the other Latin-script languages lingua chooses
#: among that are not English words: French, German, Spanish, Italian,
#: Portuguese, Dutch, Turkish, Polish, Indonesian. Latin-script text with
#: none of them and too few English markers (terse copy such as "Net 1.3 mln
#: vs 5.5 mln" or "Merrill Lynch is co-lead manager") carries no evidence of
#: another language and takes the document's language, as short text does;
#: so does text with no letter outside ASCII (Turkish "ve ... görüştü").
#: A marker only sends text on to lingua, so one that also occurs in English
#: names ("Rio de Janeiro", "La Paz") costs time, not accuracy; words common
#: in English text ("die", "op-ed", "we've") are left out.
FOREIGN_MARKERS = frozenset(
    """la le les de des du et est une dans pour qui avec sur pas au aux cette sont ont
    der das und ist nicht ein eine zu dem sich auch wird werden für auf
    y es del por una para que más como pero sus entre
    il di che della sono gli nel anche più alla delle
    não uma com ao mais pela pelo seu sua
    en het een van zijn niet wordt ook voor aan bij
    bir bu için ile olan daha gibi çok
    się nie że na jest oraz jak przez
    yang dan ini itu dengan untuk dari tidak akan pada""".split()
)
_WORD = re.compile(r"[^\W\d_]+")
#: A letter outside the Latin blocks (Basic Latin to Latin Extended Additional).
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")
#: A letter outside ASCII: a Latin letter with a diacritic, in Latin-script text.
_NON_ASCII_LETTER = re.compile(r"[^\W\d_\u0000-\u007f]")
#: Fewer words than this and the document's language is used: names and
#: captions ("Vladimir Putin President of Russia") mislead any detector.
MIN_WORDS_TO_DETECT = 7
#: A doubtful paragraph of a plainly English document with at least this share of capitalised words
#: is a list of names (a line-up, a list of banks), and English (see :func:`identify_many`).
NAME_LIST_CAPITALS = 0.75

_SCRIPT_PREFIXES = (
    ("LATIN", "latin"),
    ("HANGUL", "hangul"),
    ("CJK", "han"),
    ("HIRAGANA", "kana"),
    ("KATAKANA", "kana"),
    ("CYRILLIC", "cyrillic"),
    ("ARABIC", "arabic"),
)


@lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """The script of one letter: latin, hangul, han, kana, cyrillic, arabic or other."""
    if char.isascii():
        return "latin"
    name = unicodedata.name(char, "")
    for prefix, script in _SCRIPT_PREFIXES:
        if name.startswith(prefix):
            return script
    return "other"


def script_runs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Split ``text[start:end]`` where the writing system changes.

    Non-letters stay with the run before them; a run shorter than
    :data:`MIN_RUN_LETTERS` letters joins its neighbour. Boundaries fall on
    the space before the new run, and each span is trimmed of white space.

    Returns:
        (start, end, script) spans covering the letters of the text.
    """
    end = len(text) if end is None else end
    if not _NON_LATIN_LETTER.search(text, start, end):  # the common case, at C speed
        return [(*_trim(text, start, end), "latin")]
    runs: list[list] = []  # [start, end, script, letters]
    for i in range(start, end):
        char = text[i]
        if not char.isalpha():
            continue
        script = script_of(char)
        if runs and runs[-1][2] == script:
            runs[-1][1], runs[-1][3] = i + 1, runs[-1][3] + 1
        else:
            runs.append([i, i + 1, script, 1])
    merged: list[list] = []
    for run in runs:
        if merged and (run[3] < MIN_RUN_LETTERS or merged[-1][2] == run[2]):
            _absorb(merged[-1], run)
        else:
            merged.append(run)
    if len(merged) > 1 and merged[0][3] < MIN_RUN_LETTERS:
        _absorb(merged[1], merged.pop(0), before=True)
    spans = []
    for index, (run_start, run_end, script, _) in enumerate(merged):
        span_start = start if index == 0 else _boundary(text, merged[index - 1][1], run_start)
        span_end = end if index == len(merged) - 1 else _boundary(text, run_end, merged[index + 1][0])
        spans.append((*_trim(text, span_start, span_end), script))
    return spans


def _absorb(into: list, run: list, *, before: bool = False) -> None:
    """Merge ``run`` into its neighbour, keeping the neighbour's script unless outweighed."""
    script = into[2] if into[3] >= run[3] else run[2]
    into[0], into[1] = min(into[0], run[0]), max(into[1], run[1])
    into[2], into[3] = script, into[3] + run[3]


def _boundary(text: str, left_end: int, right_start: int) -> int:
    """Where to cut between two runs: after the last space between them."""
    gap = text.rfind(" ", left_end, right_start)
    return gap + 1 if gap >= 0 else right_start


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def dominant_script(text: str) -> str:
    """The script with the most letters in ``text`` (latin when there are none)."""
    if not _NON_LATIN_LETTER.search(text):
        return "latin"
    counts = Counter(script_of(c) for c in text if c.isalpha())
    return counts.most_common(1)[0][0] if counts else "latin"


def identify(text: str, *, default: str = "en") -> str:
    """The ISO 639-1 code of ``text``'s language.

    Args:
        text: A sentence or paragraph.
        default: Returned for text too short to judge (the document's language).
    """
    return identify_many([text], default=default)[0]


def identify_many(texts: list[str], *, default: str = "en", document: bool = False) -> list[str]:
    """:func:`identify` for many texts, with one parallel lingua call per script.

    Args:
        document: The texts are the paragraphs of one document. When it is
            plainly English (English markers decide some paragraphs and
            nothing decides another language), its doubtful Latin paragraphs
            are English without asking lingua when they are lists of names
            (:func:`_is_name_list`), which lingua takes for French or Italian
            ("R de Marigny; Mirco Bergamasco, A Masi, ..."), or when their
            foreign words do not outnumber their English ones
            (:func:`_foreign_outweighs_english`: "De Niro film leads US box
            office", which lingua would load its models for). Other doubtful
            paragraphs go to lingua as they would alone.
    """
    codes = [default] * len(texts)
    decided: list[str] = []
    pending: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        script = dominant_script(text)
        if script in SCRIPT_LANGUAGE:
            kana = script == "han" and any(script_of(c) == "kana" for c in text)
            codes[index] = "ja" if kana else SCRIPT_LANGUAGE[script]
            decided.append(codes[index])
        elif script in LINGUA_LANGUAGES and len(text.split()) >= MIN_WORDS_TO_DETECT:
            if script == "latin" and _english_share(text) >= ENGLISH_SHARE:
                codes[index] = "en"
                decided.append("en")
            elif script != "latin" or _has_foreign_marker(text):
                pending.setdefault(script, []).append(index)
    if document and set(decided) == {"en"} and set(pending) <= {"latin"}:
        for index in pending.pop("latin", []):
            if _is_name_list(texts[index]) or not _foreign_outweighs_english(texts[index]):
                codes[index] = "en"
            else:
                pending.setdefault("latin", []).append(index)
    for script, indices in pending.items():
        found = _detector(script).detect_languages_in_parallel_of([texts[i] for i in indices])
        for index, language in zip(indices, found, strict=True):
            if language is not None:
                codes[index] = language.iso_code_639_1.name.lower()
    return codes


def _is_name_list(text: str) -> bool:
    """A list of names: at least :data:`NAME_LIST_CAPITALS` of its words are capitalised.

    Lists of names are capitalised whatever particles they hold ("De Wet Barry,
    J van der Westhuyzen; F Du Preez"); prose in another language is not, even
    in German, which capitalises its nouns.
    """
    words = _WORD.findall(text)
    return sum(word[0].isupper() for word in words) >= NAME_LIST_CAPITALS * len(words)


def _foreign_outweighs_english(text: str) -> bool:
    """More words of another language than English function words, counting only lowercase words.

    A capitalised particle belongs to a name ("De Niro", "Deportivo La Coruna",
    "Credit Foncier de France" has one lowercase "de" beside "is issuing a");
    prose in another language has its function words in lower case and few
    English ones ("Presiden mengatakan bahwa pemerintah akan terus ...").
    A lowercase word with a diacritic counts as foreign ("a déclaré").
    """
    words = _WORD.findall(text)
    foreign = sum(
        word in FOREIGN_MARKERS or (word.islower() and bool(_NON_ASCII_LETTER.search(word))) for word in words
    )
    english = sum(word.lower() in ENGLISH_MARKERS for word in words)
    return foreign > english


def _english_share(text: str) -> float:
    """The share of words in ``text`` that are English function words."""
    words = _WORD.findall(text.lower())
    return sum(word in ENGLISH_MARKERS for word in words) / len(words) if words else 0.0


def _has_foreign_marker(text: str) -> bool:
    """A function word of FOREIGN_MARKERS, or a letter with a diacritic (rare in English).

    Other characters outside ASCII say nothing of the language ("£8.8bn", "€", curly quotes).
    """
    return bool(_NON_ASCII_LETTER.search(text)) or any(
        word in FOREIGN_MARKERS for word in _WORD.findall(text.lower())
    )


@cache
def _detector(script: str):
    """A lingua detector limited to the languages written in ``script`` (built once)."""
    try:
        from lingua import IsoCode639_1, LanguageDetectorBuilder
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ImportError(
            "newslens needs lingua for language identification: pip install lingua-language-detector"
        ) from exc
    codes = [getattr(IsoCode639_1, code.upper()) for code in LINGUA_LANGUAGES[script]]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()
