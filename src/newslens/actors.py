"""The actor gazetteer (``data/actors.yml``): who and what newslens recognises.

The gazetteer is the one list of names in the project: the tokenizer keeps
its multi-word names together and the cleaner uses its single-word names to
split names glued together by a lost dash.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import yaml

from newslens.errors import InputError

KINDS = frozenset({"person", "country", "organisation", "event", "place"})
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def load_gazetteer(path: str | Path) -> pd.DataFrame:
    """Read and validate the gazetteer.

    Args:
        path: The YAML file: a list of entries with ``id``, ``name``,
            ``kind`` and optional ``aliases`` and ``roles`` lists.

    Returns:
        One row per actor: actor_id, name, kind, aliases, roles.

    Raises:
        InputError: naming the file and the entry that is malformed.
    """
    path = Path(path)
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the gazetteer: {exc}", path=path) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise InputError(f"not valid YAML: {exc}", path=path, line=line) from exc
    if not isinstance(entries, list):
        raise InputError("the gazetteer must be a YAML list of entries", path=path)
    rows = [_validated(entry, number, path) for number, entry in enumerate(entries, 1)]
    ids = [row["actor_id"] for row in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InputError(f"duplicate actor id(s): {', '.join(duplicates)}", path=path)
    return pd.DataFrame(rows, columns=["actor_id", "name", "kind", "aliases", "roles"])


def _validated(entry: object, number: int, path: Path) -> dict[str, object]:
    """Check one entry; the error names it by number and id."""
    label = f"entry {number}"
    if not isinstance(entry, dict):
        raise InputError(f"{label} is not a mapping with id, name and kind", path=path)
    label = f"entry {number} ({entry.get('id', 'no id')})"
    for key in ("id", "name", "kind"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise InputError(f"{label} needs a non-empty '{key}'", path=path)
    if not _ID.match(entry["id"]):
        raise InputError(f"{label}: id must be lowercase letters, digits and _", path=path)
    if entry["kind"] not in KINDS:
        raise InputError(f"{label}: kind must be one of {', '.join(sorted(KINDS))}", path=path)
    unknown = set(entry) - {"id", "name", "kind", "aliases", "roles"}
    if unknown:
        raise InputError(f"{label}: unknown key(s) {', '.join(sorted(unknown))}", path=path)
    lists = {}
    for key in ("aliases", "roles"):
        value = entry.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise InputError(f"{label}: '{key}' must be a list of names", path=path)
        lists[key] = value
    return {"actor_id": entry["id"], "name": entry["name"], "kind": entry["kind"], **lists}


def name_forms(gazetteer: pd.DataFrame) -> list[str]:
    """Every canonical name and alias (not roles), longest first."""
    forms = {form for _, row in gazetteer.iterrows() for form in [row["name"], *row["aliases"]]}
    return sorted(forms, key=lambda form: (-len(form), form))
