"""The Parquet cache of derived tables under ``<data>/processed/``.

Tables are stored in a folder named by a hash of every input: the path and
bytes of every file in the data folder (outside ``processed/``), the
gazetteer, and the key of the pipeline's stages that made them
(:func:`newslens.pipeline.key`: a change to their code rebuilds, a change to
a chart or the CLI does not). A second load with nothing changed reads the Parquet files without
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

from newslens import paths

_KEY = re.compile(r"[0-9a-f]{32}")


def key(data_dir: Path, *, suffixes: tuple[str, ...], extra: Iterable[Path] = (), code: str) -> str:
    """A hash of the inputs: the data folder's files with these suffixes, ``extra`` files and ``code``,
    the key of the stages that make the tables.

    Files are read in blocks, so a large file costs time, not memory; files
    of other kinds (a video beside the articles) are not read at all.
    """
    digest = hashlib.blake2b(code.encode(), digest_size=16)
    for file in [*_data_files(data_dir, suffixes), *extra]:
        digest.update(str(file).encode())
        if not file.is_file():
            digest.update(b"\0missing")
            continue
        with open(file, "rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    return digest.hexdigest()


def _data_files(data_dir: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The data folder's files with these suffixes, but the cache and hidden files."""
    return sorted(
        file
        for file in data_dir.rglob("*")
        if file.suffix.lower() in suffixes
        and file.is_file()
        and file.relative_to(data_dir).parts[0] != paths.PROCESSED
        and not any(part.startswith(".") for part in file.relative_to(data_dir).parts)
    )


def read(data_dir: Path, cache_key: str, columns: dict[str, list[str]]) -> dict[str, pd.DataFrame] | None:
    """The cached tables for ``cache_key``, or None when there are none.

    A damaged entry (a file that does not read as Parquet, or lacks one of
    ``columns``, say after a disk error or an edit by hand) is removed with a
    warning naming the file, and None is returned so that the caller rebuilds it.
    """
    folder = data_dir / paths.PROCESSED / cache_key
    files = {name: folder / f"{name}.parquet" for name in columns}
    if not all(f.is_file() for f in files.values()):
        return None
    tables = {}
    for name, file in files.items():
        try:
            tables[name] = pd.read_parquet(file)
            missing = [column for column in columns[name] if column not in tables[name]]
            if missing:
                raise ValueError(f"no column {', '.join(missing)}")
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
    if root.is_symlink():  # its target is not the data folder's: nothing is written or deleted there
        warnings.warn(f"{root} is a symbolic link: the cache is not written", stacklevel=3)
        return
    staging = None
    try:
        root.mkdir(exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
        for name, table in tables.items():
            table.to_parquet(staging / f"{name}.parquet", index=False)
        target = root / cache_key
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except OSError as exc:
        warnings.warn(f"could not write the cache in {root}: {exc}", stacklevel=3)
        return
    finally:  # stopped part-way (an error, Ctrl-C): no half-written folder is left
        if staging is not None and staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    for old in root.iterdir():  # older cache entries only: an ingested store may live here too
        if old.is_dir() and old.name != cache_key and _KEY.fullmatch(old.name):
            shutil.rmtree(old, ignore_errors=True)
