"""Sentences and tokens with character offsets into the clean text.

Everything here is NLTK's data-free machinery, so nothing is downloaded:
``PunktSentenceTokenizer`` with the project's own abbreviation list,
``RegexpTokenizer.span_tokenize`` with a pattern that keeps news tokens whole
($190, US$90, 116%, U.S., 2,000, two-way) and splits clitics (Xi | 's),
``MWETokenizer`` for multi-word names from the gazetteer, and the Snowball
stemmer for lemmas. Only English sentences are tokenized: text in another
language is kept as sentences with its language and left out of tokens.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import pyarrow as pa
from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import MWETokenizer, RegexpTokenizer
from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer

from newslens import language, schema
from newslens.paths import STOPWORDS

#: Abbreviations that do not end a sentence (lowercase, without the final
#: period, as Punkt stores them).
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt maj sgt capt cmdr adm gov sen rep rev hon pres amb st jr sr
    inc ltd corp co bros dept univ assn est approx no nos vol fig ed eds vs etc al cf
    e.g i.e u.s u.k u.n u.s.a e.u a.m p.m
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont
    neb nev okla ore pa tenn tex va vt wash wis wyo""".split()
)

TOKEN_PATTERN = r"""(?x)
    (?:https?://|www\.)[^\s<>"]+[\w/]            # URLs
  | (?<![\w.+-])[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+  # e-mail addresses
  | (?:[A-Z]{1,3})?[$€£¥₽]\d+(?:[.,]\d+)*        # $190, US$90, €2.5
  | (?:[A-Z]{1,3})?[$€£¥₽]                        # a currency sign on its own: US$
  | \d+(?:[.,]\d+)*%                              # 116%
  | \d{4}-\d{2}-\d{2}                             # 2023-10-18
  | (?:[A-Za-z]\.){2,}(?![A-Za-z])                # U.S., e.g.
  | \d+(?:[.,:/]\d+)*[^\W\d_]*                    # 2,000  18:00  75th  1990s
  | \w+(?=n['’]t\b)                               # do | n't
  | n['’]t\b
  | (?<=\w)['’](?:s|re|ve|ll|d|m)\b               # Xi | 's
  | [^\W\d_]\w*(?:(?:-|['’](?!(?:s|re|ve|ll|d|m|t)\b))\w+)*   # words, two-way, O'Neill
  | \S                                            # any other single character
"""
#: :data:`TOKEN_PATTERN` as the standard ``re`` engine runs it fastest, with the same spans (tests
#: compare). ``re`` tries the alternatives one by one at every position, so two cuts come first: at
#: whitespace, where no alternative can start, the look-ahead fails at once; a plain word (not
#: followed by a mark that another alternative would take in: U.S., do|n't, Xi|'s, O'Neill, e-mail,
#: URL, US$) or a plain mark (one no other alternative starts with) matches before the thirteen.
#: The word's ``\w*+`` is possessive: backtracking would leave a shorter word that fits the test.
_FAST_TOKEN_PATTERN = (
    r"""(?x)(?=\S)(?:
    [^\W\d_]\w*+(?![-'’.@+:$€£¥₽])
  | [^\w\s.+'’$€£¥₽-]
  |"""
    + TOKEN_PATTERN.removeprefix("(?x)")
    + ")"
)
CLITICS = frozenset({"'s", "n't", "'re", "'ve", "'ll", "'d", "'m"})
_MWE_SEPARATOR = "\x1f"
_CLOSERS = "”’\"')]}»"


@dataclass(frozen=True)
class Sentence:
    """A sentence of the clean text, ``text[start:end]``, and its language."""

    start: int
    end: int
    language: str


def _on_re(pattern: str) -> str:
    """A pattern of NLTK's ``regex`` engine for Python's ``re``, matching the same: ``regex`` counts
    U+001C to U+001F as no whitespace, ``re`` counts them as whitespace."""
    classes = {r"\s": r"[^\S\x1c-\x1f]", r"\S": r"[\S\x1c-\x1f]"}
    return re.sub(r"\\[sS]", lambda found: classes[found[0]], pattern)


class _LanguageVars(PunktLanguageVars):
    """Punkt's English patterns on Python's ``re`` engine, compiled once.

    NLTK runs them on the ``regex`` engine under a wall-clock guard against
    catastrophic backtracking, a third of Punkt's time; no repetition in them
    is nested, so no input makes them backtrack that way. A test compares
    the spans with NLTK's Punkt.
    """

    __slots__ = ()
    _nltk = PunktLanguageVars()
    re_boundary_realignment = re.compile(_on_re(_nltk.re_boundary_realignment.pattern), re.MULTILINE)
    _period_context = re.compile(_on_re(_nltk.period_context_re().pattern), re.UNICODE | re.VERBOSE)
    _words = re.compile(_on_re(_nltk._word_tokenizer_re().pattern), re.UNICODE | re.VERBOSE)

    def period_context_re(self) -> re.Pattern[str]:
        return self._period_context

    def _word_tokenizer_re(self) -> re.Pattern[str]:
        return self._words


#: A context that is a plain word, a full stop and a word after a space ("said. The").
_PLAIN_STOP = re.compile(r"([A-Za-z]{2,})\.\s+[A-Za-z]\S*")


class _Punkt(PunktSentenceTokenizer):
    """NLTK's Punkt, deciding the plainest stops at once and remembering the others.

    Punkt decides each candidate stop from its context alone (the word before
    it, the stop and the token after: "said. The") and its parameters, which
    never change here. After a word of two or more letters that is not an
    abbreviation, a full stop followed by a word always ends the sentence:
    with no collocations, sentence starters or orthographic statistics, none
    of Punkt's second thoughts apply to it (a test compares the two on news
    text). Other contexts repeat in news, so each is decided once.
    """

    def __init__(self, params: PunktParameters) -> None:
        super().__init__(params, lang_vars=_LanguageVars())
        assert not (params.collocations or params.sent_starters or params.ortho_context)
        self._decided = lru_cache(maxsize=50_000)(super().text_contains_sentbreak)

    def text_contains_sentbreak(self, text: str) -> bool:
        plain = _PLAIN_STOP.fullmatch(text)
        if plain and plain[1].lower() not in self._params.abbrev_types:
            return True
        return self._decided(text)


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return _Punkt(params)


class NewsTokenizer(RegexpTokenizer):
    """NLTK's RegexpTokenizer over :data:`TOKEN_PATTERN`, with a fast ``span_tokenize``.

    NLTK compiles a caller's pattern with the ``regex`` engine and a wall-clock
    guard against catastrophic backtracking, which costs about 3 µs a token.
    This pattern is the project's own and every repetition in it is bounded or
    separated, so it runs on the standard ``re`` engine, compiled once as
    :data:`_FAST_TOKEN_PATTERN`, with the same spans (tests compare them).
    """

    _compiled = re.compile(_FAST_TOKEN_PATTERN)

    def __init__(self) -> None:
        super().__init__(TOKEN_PATTERN)

    def span_tokenize(self, text: str) -> Iterator[tuple[int, int]]:
        return iter(self.spans(text))

    def spans(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Token spans of ``text[start:end]``, as offsets into ``text``."""
        end = len(text) if end is None else end
        return [match.span() for match in self._compiled.finditer(text, start, end)]


word_tokenizer = NewsTokenizer()


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The project's English stopword list (``newslens/data/stopwords_en.txt``)."""
    lines = STOPWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def split_sentences(text: str) -> list[Sentence]:
    """Split clean text into sentences and mark the language of each.

    Sentences never cross a line break (paragraphs are lines in clean text)
    nor a change of writing system (a Korean headline run into an English
    lead). Language is identified once per paragraph segment; segments too
    short to judge take the document's main language.
    """
    spans = [
        (start, end)
        for para in re.finditer(r"[^\n]+", text)
        for start, end, _ in language.script_runs(text, para.start(), para.end())
    ]
    languages = language.identify_many([text[start:end] for start, end in spans], default="", document=True)
    segments = [(start, end, lang) for (start, end), lang in zip(spans, languages, strict=True)]
    main = _main_language(text, segments)
    sentences = []
    for seg_start, seg_end, lang in segments:
        spans = _realign(
            text, [(seg_start + s, seg_start + e) for s, e in _punkt_spans(text[seg_start:seg_end])]
        )
        for start, end in _join_lowercase_starts(text, spans):
            sentences.append(Sentence(start, end, lang or main))
    return sentences


#: A character that can end a sentence for Punkt.
_SENTENCE_END = re.compile(r"[.?!]")


def _punkt_spans(segment: str) -> list[tuple[int, int]]:
    """Punkt's sentence spans of a trimmed segment.

    Punkt only breaks after a full stop, question or exclamation mark that has
    something after it, so a segment with none of them before its last
    character is one sentence (a headline, a one-sentence paragraph): most
    segments of news, answered here without Punkt's pass over their words.
    """
    if segment and not _SENTENCE_END.search(segment, 0, len(segment) - 1):
        return [(0, len(segment))]
    return list(_punkt().span_tokenize(segment))


def _main_language(text: str, segments: list[tuple[int, int, str]]) -> str:
    """The language with the most characters among segments long enough to judge."""
    sizes: dict[str, int] = {}
    for start, end, lang in segments:
        if lang:
            sizes[lang] = sizes.get(lang, 0) + end - start
    return max(sizes, key=sizes.__getitem__) if sizes else "en"


def _realign(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Move closing quotes that Punkt left at the start of the next sentence back."""
    fixed: list[list[int]] = [list(span) for span in spans]
    for previous, current in itertools.pairwise(fixed):
        while (
            current[0] < current[1]
            and text[current[0]] in _CLOSERS
            and (current[0] + 1 == current[1] or text[current[0] + 1] == " ")
        ):
            previous[1] = current[0] + 1
            current[0] += 1
            while current[0] < current[1] and text[current[0]] == " ":
                current[0] += 1
    return [(start, end) for start, end in fixed if end > start]


_LOWERCASE_START = re.compile(r"[a-z]+\b(?![^\s]*[A-Z])")


def _join_lowercase_starts(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a "sentence" that starts with a lowercase word to the one before.

    Punkt breaks after any full stop it does not know as an abbreviation, so
    a stray stop ("including Egypt. and Iran") would start a sentence in
    lower case, which English sentences never do ("iPhone", "eBay" excepted).
    """
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and _LOWERCASE_START.match(text, start):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


class NameTokenizer(MWETokenizer):
    """NLTK's MWETokenizer over lowercase norms, knowing the first word of each name.

    Most sentences hold no such word, and for them :func:`tokenize` skips the
    trie walk, whose result would be their tokens unchanged (and, when the
    sentence does not even hold the word's letters, the tokens' norms).
    """

    def __init__(self, mwes: list[tuple[str, ...]], separator: str) -> None:
        super().__init__(mwes, separator=separator)
        self.first_words = frozenset(mwe[0] for mwe in mwes)
        self._first = re.compile("|".join(map(re.escape, sorted(self.first_words)))) if mwes else None

    def could_join(self, chunk: str) -> bool:
        """Whether a name may start in ``chunk``: False when no first word of a name is in it.

        Only decided for ASCII text, whose lower case goes letter by letter, so
        that a token's norm is then part of the lowercased chunk.
        """
        if self._first is None:
            return False
        return not chunk.isascii() or self._first.search(chunk.lower()) is not None


def mwe_tokenizer(names: Iterable[str]) -> NameTokenizer:
    """An MWETokenizer for the multi-word names among ``names``.

    Each name is tokenized with the same pattern as the text and matched on
    lowercase norms, so "Belt and Road" and "One Belt, One Road" join up.
    """
    mwes = []
    for name in names:
        parts = tuple(_norm(name[s:e]) for s, e in word_tokenizer.span_tokenize(name))
        if len(parts) > 1:
            mwes.append(parts)
    return NameTokenizer(mwes, separator=_MWE_SEPARATOR)


def _norm(token: str) -> str:
    return token.lower().replace("’", "'")


def tokenize(text: str, sentence: Sentence, mwes: NameTokenizer) -> list[tuple[int, int]]:
    """Token spans of one sentence, with multi-word names as one span."""
    spans = word_tokenizer.spans(text, sentence.start, sentence.end)
    if not mwes.could_join(text[sentence.start : sentence.end]):
        return spans
    norms = [_norm(text[s:e]) for s, e in spans]
    if mwes.first_words.isdisjoint(norms):
        return spans
    merged, i = [], 0
    for token in mwes.tokenize(norms):
        width = token.count(_MWE_SEPARATOR) + 1
        merged.append((spans[i][0], spans[i + width - 1][1]))
        i += width
    return merged


#: The columns of a document's tokens as :func:`document_rows` builds them: the tokens table's,
#: except the attributes that follow from a token's text alone (:data:`ATTRIBUTES`), which
#: :func:`token_arrow` adds.
Tokens = dict[str, list]
#: The tokens table's columns that :func:`_attributes` works out from the token's text.
ATTRIBUTES = ("norm", "lemma", "is_stop", "is_word")


def document_rows(doc_id: str, text: str, mwes: NameTokenizer) -> tuple[list[tuple], Tokens]:
    """The sentence rows of one document (tuples in column order) and its tokens, by column.

    Tokens cover the English sentences only. Their attributes are left to
    :func:`token_arrow`, which works them out once per distinct form, so that
    a corpus makes its largest table without a Python call per token.
    """
    sentence_rows, sent_ids, starts, ends = [], [], [], []
    for sent_id, sentence in enumerate(split_sentences(text)):
        start, end = sentence.start, sentence.end
        sentence_rows.append((doc_id, sent_id, start, end, text[start:end], sentence.language))
        if sentence.language != "en":
            continue
        spans = tokenize(text, sentence, mwes)
        sent_ids += [sent_id] * len(spans)
        starts += [start for start, _ in spans]
        ends += [end for _, end in spans]
    tokens = {
        "doc_id": [doc_id] * len(starts),
        "sent_id": sent_ids,
        "tok_id": list(range(len(starts))),
        "start": starts,
        "end": ends,
        "text": [text[start:end] for start, end in zip(starts, ends, strict=True)],
    }
    return sentence_rows, tokens


def word_count(tokens: Tokens) -> int:
    """How many of a document's tokens (:func:`document_rows`) are words."""
    return sum(count for surface, count in Counter(tokens["text"]).items() if _attributes(surface)[-1])


def token_arrow(documents: Iterable[Tokens]) -> pa.Table:
    """The tokens table of some documents' token columns (see :func:`document_rows`), as Arrow arrays.

    Each column is one Arrow array made from the documents' lists chained, and
    the attributes are worked out for each distinct token text and spread by
    Arrow, so the largest table is built without a Python object per row.
    Their ``lemma`` holds the Snowball stem until :func:`add_lemmas` has seen
    the whole corpus.
    """
    documents = list(documents)
    fields = schema.TABLES["tokens"].schema
    given = [f for f in fields if f.name not in ATTRIBUTES]
    columns = {
        f.name: pa.array(list(itertools.chain.from_iterable(d[f.name] for d in documents)), f.type)
        for f in given
    }
    surfaces = columns["text"].dictionary_encode()
    attributes = [_attributes(surface) for surface in surfaces.dictionary.to_pylist()]
    for position, name in enumerate(ATTRIBUTES):
        values = pa.array([attribute[position] for attribute in attributes], fields.field(name).type)
        columns[name] = values.take(surfaces.indices)
    return pa.Table.from_arrays([columns[name] for name in fields.names], schema=fields)


def token_table(documents: Iterable[Tokens]) -> pd.DataFrame:
    """:func:`token_arrow` as a pandas table."""
    return token_arrow(documents).to_pandas()


def tables(doc_id: str, text: str, mwes: NameTokenizer) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sentences and tokens tables of one document (see :func:`document_rows`)."""
    sentence_rows, tokens = document_rows(doc_id, text, mwes)
    return pd.DataFrame(sentence_rows, columns=schema.columns("sentences")), token_table([tokens])


@lru_cache(maxsize=500_000)
def _attributes(surface: str) -> tuple[str, str, bool, bool]:
    """A token's norm, lemma (the stem until :func:`add_lemmas`), is_stop and is_word (:data:`ATTRIBUTES`).

    Cached: in running text most tokens are words seen before.
    """
    norm = " ".join(_norm(surface).split())
    is_word = surface[0].isalpha() and norm not in CLITICS
    return norm, _stem(norm) if is_word else norm, norm in stopwords(), is_word


@lru_cache(maxsize=200_000)
def _stem(norm: str) -> str:
    return norm if " " in norm else _STEMMER.stem(norm)


_STEMMER = SnowballStemmer("english")


def add_lemmas(tokens: pd.DataFrame) -> pd.DataFrame:
    """Replace each stem in ``lemma`` by its most frequent surface form.

    A stem such as "relat" is unreadable in a chart, so each stem is shown as
    the norm it most often stands for in the corpus ("relations"); ties go to
    the shorter, then alphabetically first, form.
    """
    if tokens.empty:
        return tokens
    counts = tokens.groupby(["lemma", "norm"]).size().reset_index(name="n")
    counts["length"] = counts["norm"].str.len()
    best = (
        counts.sort_values(["lemma", "n", "length", "norm"], ascending=[True, False, True, True])
        .drop_duplicates("lemma")
        .set_index("lemma")["norm"]
    )
    return tokens.assign(lemma=tokens["lemma"].map(best))
