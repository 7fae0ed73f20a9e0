"""Actors: the gazetteer (``data/actors.yml``), their mentions, counts and co-occurrence.

The gazetteer is the one list of names in the project: the tokenizer keeps
its multi-word names together and the cleaner uses its single-word names to
split names glued together by a lost dash. It gives the actors it knows a
canonical id, their aliases, roles and metonyms ("the Kremlin" for Russia).

Mentions combine two sources, told apart by the ``how`` column:
"gazetteer" for the gazetteer's names, and "text" for the people and
organisations :mod:`newslens.entities` finds from the text itself ("Foreign
Ministry spokeswoman Mao Ning", and later "Mao" and "the spokeswoman"), with
a slug of their full name as id ("mao_ning"). Counts, co-occurrence and the
network include both; :func:`actor_names` names and classifies every id.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import yaml

from newslens import schema
from newslens.errors import InputError

KINDS = frozenset({"person", "country", "organisation", "event", "place"})
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


GAZETTEER_COLUMNS = ["actor_id", "name", "kind", "aliases", "roles"]
#: A data folder without a gazetteer has this one.
GAZETTEER_EMPTY = pd.DataFrame(columns=GAZETTEER_COLUMNS)


def gazetteer_of(data_dir: str | Path) -> pd.DataFrame:
    """The gazetteer of a data folder: its own ``actors.yml``, or none (an empty table).

    A folder without one does not inherit the built-in corpus's actors: its
    people and organisations are those found in its text (:mod:`newslens.entities`).
    """
    from newslens import paths

    path = paths.gazetteer_path(Path(data_dir))
    return load_gazetteer(path) if path.is_file() else GAZETTEER_EMPTY.copy()


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
    return pd.DataFrame(rows, columns=GAZETTEER_COLUMNS)


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


MENTION_COLUMNS = schema.columns("mentions")


def _form_pattern(form: str) -> str:
    """A name matches with its capitals; a role or adjective in lower case matches any case.

    An abbreviation in capitals is not matched as a currency ("US" in "US$90", "US dollars").
    """
    if form.isupper() and len(form) > 1:
        return re.escape(form) + r"(?!\$|\s+dollars?\b)"
    if form[:1].isupper() or not form[:1].isalpha():
        return re.escape(form)
    return f"(?i:{re.escape(form)})"


def mention_pattern(gazetteer: pd.DataFrame) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex for every name, alias and role (longest first), and each form's actor."""
    owner: dict[str, str] = {}
    for row in gazetteer.itertuples():
        for form in [row.name, *row.aliases, *row.roles]:
            owner.setdefault(form, row.actor_id)
    forms = sorted(owner, key=lambda f: (-len(f), f))
    if not forms:  # no gazetteer: a pattern that never matches
        return re.compile(r"(?!)"), {}
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(_form_pattern, forms)) + r")(?!\w)")
    return pattern, {form.lower(): actor for form, actor in owner.items()}


def mentions(sentences: pd.DataFrame, gazetteer: pd.DataFrame, *, discover: bool = True) -> pd.DataFrame:
    """Every mention of an actor, with offsets into the clean text.

    A role and a name of the same actor side by side ("Chinese President Xi
    Jinping") are one mention, so counts are not doubled. People and
    organisations the gazetteer does not know are found in the English
    sentences by :func:`newslens.entities.discover`, article by article.

    Args:
        discover: Also find actors from the text (``how`` = "text").

    Returns:
        Columns doc_id, sent_id, start, end, actor_id, surface, how
        ("gazetteer" or "text"); in order of the text within each document.
    """
    known = _gazetteer_mentions(sentences, gazetteer)
    if not discover or sentences.empty:
        return pd.DataFrame(known, columns=MENTION_COLUMNS)
    from newslens import entities

    people = set(gazetteer.loc[gazetteer["kind"] == "person", "actor_id"])
    known_of: dict[str, list[tuple[int, int, str]]] = {}
    for row in known:
        known_of.setdefault(row[0], []).append((row[2], row[3], row[4]))
    english = sentences[sentences["language"] == "en"]
    rows = list(known)
    for doc_id, group in english.groupby("doc_id", sort=False):
        found = entities.discover(
            list(zip(group["sent_id"], group["start"], group["text"], strict=True)),
            known_of.get(doc_id, []),
            people,
        )
        rows.extend(
            [doc_id, sent_id, start, end, actor, surface, "text"]
            for sent_id, start, end, actor, surface in found
        )
    order = {doc_id: i for i, doc_id in enumerate(dict.fromkeys(sentences["doc_id"]))}
    rows.sort(key=lambda row: (order[row[0]], row[2], -row[3]))
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


def _gazetteer_mentions(sentences: pd.DataFrame, gazetteer: pd.DataFrame) -> list[list]:
    """The gazetteer's names, aliases and roles in every sentence (``how`` = "gazetteer")."""
    pattern, owner = mention_pattern(gazetteer)
    rows: list[list] = []
    for doc_id, sent_id, offset, text in zip(
        sentences["doc_id"], sentences["sent_id"], sentences["start"], sentences["text"], strict=True
    ):
        previous = None
        for match in pattern.finditer(text):
            actor = owner[match.group().lower()]
            if (
                previous
                and previous[4] == actor
                and not text[previous[3] - offset : match.start()].strip(" ,")
            ):
                previous[3] = offset + match.end()
                previous[5] = text[previous[2] - offset : match.end()]
                continue
            previous = [doc_id, sent_id, offset + match.start(), offset + match.end(), actor, match.group(),
                        "gazetteer"]  # fmt: skip
            rows.append(previous)
    return rows


def actor_names(mention_table: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """Every actor of a mention table with a name and a kind.

    Gazetteer actors keep their canonical name and kind; an actor found in
    the text is named by the fullest form the articles give
    (:func:`newslens.entities.fullest`) and is a person or an organisation
    (:func:`newslens.entities.kind_of`).

    Returns:
        Columns actor_id, name, kind, how ("gazetteer" or "text"), indexed
        by nothing; gazetteer actors first.
    """
    from newslens import entities

    rows = [(row.actor_id, row.name, row.kind, "gazetteer") for row in gazetteer.itertuples()]
    known = set(gazetteer["actor_id"])
    found = mention_table[~mention_table["actor_id"].isin(known)]
    for actor_id, surfaces in found.groupby("actor_id", sort=True)["surface"]:
        name = entities.fullest(surfaces) or surfaces.iat[0]
        rows.append((actor_id, name, entities.kind_of(name), "text"))
    return pd.DataFrame(rows, columns=["actor_id", "name", "kind", "how"])


def counts(mention_table: pd.DataFrame, documents: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """How often each actor is mentioned: in all, per document and per sentence.

    Returns:
        Columns actor_id, name, kind, mentions, documents, sentences,
        per_document (mentions divided by all documents); most mentioned first.
    """
    keyed = mention_table.assign(
        sentence=mention_table["doc_id"] + "#" + mention_table["sent_id"].astype(str)
    )
    table = keyed.groupby("actor_id").agg(
        mentions=("actor_id", "size"), documents=("doc_id", "nunique"), sentences=("sentence", "nunique")
    )
    table["per_document"] = table["mentions"] / max(len(documents), 1)
    names = actor_names(mention_table, gazetteer).set_index("actor_id")[["name", "kind"]]
    table = names.join(table, how="inner").reset_index().rename(columns={"index": "actor_id"})
    return table.sort_values(["mentions", "actor_id"], ascending=[False, True]).reset_index(drop=True)


def by_group(mention_table: pd.DataFrame, documents: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """Mentions of each actor per outlet (or per ``doc_id``): actors as rows, groups as columns."""
    groups = mention_table["doc_id"] if by == "doc_id" else mention_table["doc_id"].map(
        documents.set_index("doc_id")[by]
    )  # fmt: skip
    return pd.crosstab(mention_table["actor_id"], groups)


def cooccurrence(mention_table: pd.DataFrame) -> pd.DataFrame:
    """Pairs of actors named in the same sentence, with the number of such sentences.

    Returns:
        Columns actor_a, actor_b (alphabetical), sentences; most frequent first.
    """
    together: dict[tuple[str, str], int] = {}
    for _, group in mention_table.groupby(["doc_id", "sent_id"]):
        present = sorted(set(group["actor_id"]))
        for i, first in enumerate(present):
            for second in present[i + 1 :]:
                together[(first, second)] = together.get((first, second), 0) + 1
    table = pd.DataFrame(
        [(a, b, n) for (a, b), n in together.items()], columns=["actor_a", "actor_b", "sentences"]
    )
    return table.sort_values(["sentences", "actor_a", "actor_b"], ascending=[False, True, True]).reset_index(
        drop=True
    )


def network(mention_table: pd.DataFrame, gazetteer: pd.DataFrame, *, min_sentences: int = 1):
    """The co-occurrence network: actors as nodes (with their mentions), shared sentences as edge weights.

    Returns:
        A networkx Graph; node attributes name, kind, mentions; edge attribute weight.
    """
    import networkx as nx

    graph = nx.Graph()
    names = actor_names(mention_table, gazetteer).set_index("actor_id")
    for actor_id, mentions_of in mention_table["actor_id"].value_counts().items():
        graph.add_node(actor_id, name=names.at[actor_id, "name"], kind=names.at[actor_id, "kind"],
                       mentions=int(mentions_of))  # fmt: skip
    for row in cooccurrence(mention_table).itertuples():
        if row.sentences >= min_sentences:
            graph.add_edge(row.actor_a, row.actor_b, weight=int(row.sentences))
    return graph
