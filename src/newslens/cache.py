"""The Parquet cache of derived tables under ``<data>/processed/``.

Tables are stored in a folder named by a hash of every input: the path and
bytes of every file in the data folder (outside ``processed/``), the
gazetteer, and the package's own source files (so a code change rebuilds
too). A second load with nothing changed reads the Parquet files without
parsing any article; any change rebuilds. Writes go to a temporary folder
that is renamed into place, so a crash never leaves a half-written cache.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import warnings
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from newslens import __version__, paths

TABLES = ("documents", "removed", "sentences", "tokens")
_KEY = re.compile(r"[0-9a-f]{32}")


def key(data_dir: Path, *, extra: Iterable[Path] = ()) -> str:
    """A hash of the inputs: the data folder's files, ``extra`` files and the code."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(__version__.encode())
    code = [*sorted(paths.PACKAGE_DIR.glob("*.py")), paths.STOPWORDS]
    for file in [*code, *_data_files(data_dir), *extra]:
        digest.update(str(file.name if file in code else file).encode())
        digest.update(file.read_bytes() if file.is_file() else b"\0missing")
    return digest.hexdigest()


def _data_files(data_dir: Path) -> list[Path]:
    """Every file of the data folder but the cache and hidden files."""
    return sorted(
        file
        for file in data_dir.rglob("*")
        if file.is_file()
        and file.relative_to(data_dir).parts[0] != paths.PROCESSED
        and not any(part.startswith(".") for part in file.relative_to(data_dir).parts)
    )


def read(data_dir: Path, cache_key: str) -> dict[str, pd.DataFrame] | None:
    """The cached tables for ``cache_key``, or None when there are none.

    A damaged entry (a file that does not read as Parquet, say after a disk
    error or an edit by hand) is removed with a warning naming the file, and
    None is returned so that the caller rebuilds it.
    """
    folder = data_dir / paths.PROCESSED / cache_key
    files = {name: folder / f"{name}.parquet" for name in TABLES}
    if not all(f.is_file() for f in files.values()):
        return None
    tables = {}
    for name, file in files.items():
        try:
            tables[name] = pd.read_parquet(file)
        except Exception as exc:  # pyarrow raises several types for damaged files
            warnings.warn(f"{file}: damaged cache file ({exc}); rebuilding the cache", stacklevel=3)
            shutil.rmtree(folder, ignore_errors=True)
            return None
    return tables


def write(data_dir: Path, cache_key: str, tables: dict[str, pd.DataFrame]) -> None:
    """Store the tables under ``cache_key`` and drop older entries.

    A data folder that cannot be written (read-only media) only costs speed:
    the failure is a warning.
    """
    root = data_dir / paths.PROCESSED
    try:
        root.mkdir(exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
        for name in TABLES:
            tables[name].to_parquet(staging / f"{name}.parquet", index=False)
        target = root / cache_key
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except OSError as exc:
        warnings.warn(f"could not write the cache in {root}: {exc}", stacklevel=3)
        return
    for old in root.iterdir():  # older cache entries only: an ingested store may live here too
        if old.is_dir() and old.name != cache_key and _KEY.fullmatch(old.name):
            shutil.rmtree(old, ignore_errors=True)
