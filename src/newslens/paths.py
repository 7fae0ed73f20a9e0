"""Where things live: the one place that knows the project's folder layout.

Following cookiecutter-data-science, raw data sits in ``<data>/raw`` and is
never written by code; derived tables are cached in ``<data>/processed``.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parents[1]
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"

MANIFEST = "corpus.csv"
RAW = "raw"
PROCESSED = "processed"
GAZETTEER = "actors.yml"
TARGETS = "targets.yml"
STOPWORDS = PACKAGE_DIR / "data" / "stopwords_en.txt"


def find_data_dir(start: str | os.PathLike[str] | None = None) -> Path:
    """Return the data folder to use when the caller names none.

    ``$NEWSLENS_DATA`` wins; otherwise the nearest ``data/`` holding a
    manifest, searching upward from ``start`` (default: the working
    directory), so notebooks find ``../data`` when run from ``notebooks/``;
    otherwise the project's own ``data/``.
    """
    if os.environ.get("NEWSLENS_DATA"):
        return Path(os.environ["NEWSLENS_DATA"]).expanduser()
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / MANIFEST).is_file():
            return folder / "data"
    return PROJECT_ROOT / "data"


def gazetteer_path(data_dir: Path) -> Path:
    """The data folder's actor gazetteer, which it may not have: a folder of someone else's
    articles does not inherit the built-in corpus's actors (see :func:`newslens.actors.gazetteer_of`)."""
    return Path(data_dir) / GAZETTEER


def targets_path(data_dir: Path) -> Path:
    """The data folder's sentiment targets, which it may not have (see
    :func:`newslens.sentiment.targets_of`)."""
    return Path(data_dir) / TARGETS
