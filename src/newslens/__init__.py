"""newslens: explore a news corpus about China-Russia relations.

``load_corpus`` returns the documents, removed, sentences and tokens tables
of :mod:`newslens.schema` (``docs/tables.md``); ``read_text`` returns the same for one article given
as a string.
"""

from __future__ import annotations

__version__ = "0.1.0"

from newslens.corpus import Corpus, load_corpus, read_text, select
from newslens.errors import InputError

__all__ = ["Corpus", "InputError", "__version__", "load_corpus", "read_text", "select"]
