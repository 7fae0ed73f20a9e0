"""newslens: explore a news corpus.

``newslens.open(path)`` returns a :class:`Corpus` for a data folder, a
folder or ``.jsonl`` of articles, or an ingested store; ``load_corpus``
loads a data folder into memory and ``read_text`` makes a corpus of one
article given as a string. Its tables are those of :mod:`newslens.schema`
(``docs/tables.md``).
"""

from __future__ import annotations

__version__ = "0.1.0"

from newslens.corpus import Corpus, load_corpus, read_text, select
from newslens.errors import InputError
from newslens.store import open_corpus as open

__all__ = ["Corpus", "InputError", "__version__", "load_corpus", "open", "read_text", "select"]
