"""Which relations a diagram may be narrowed to, and reading the names people type for them.

A relation can be named by its label ("aggravates", "has clinical feature"), its local
name (``hasFeature``), a CURIE (``pht:hasFeature``) or its IRI, in any case; "is a kind
of" (``rdfs:subClassOf``) names the links to broader terms.
"""

from __future__ import annotations

import difflib

from phtkg.store.queries import run_query

from .. import namespaces as ns

SUBCLASS_OF = ns.RDFS + "subClassOf"
SUBCLASS_LABEL = "is a kind of"


class UnknownRelation(ValueError):
    """No relation has this name; ``suggestions`` holds close ones and ``valid`` some valid ones."""

    def __init__(self, name: str, suggestions: list[str], valid: list[str]):
        self.name = name
        self.suggestions = suggestions
        self.valid = valid
        close = f"did you mean {', '.join(repr(s) for s in suggestions)}? " if suggestions else ""
        super().__init__(
            f"unknown relation {name!r}; {close}valid ones include: {', '.join(valid)}"
        )


def relation_labels(store) -> dict[str, str]:
    """Property IRI -> label of every relation used in a class-level fact, plus "is a kind of"."""
    labels = {
        row["property"]: row["relationLabel"] or ns.compact_iri(row["property"])
        for row in run_query("diagram-relations", store)
    }
    labels[SUBCLASS_OF] = SUBCLASS_LABEL
    return labels


def relation_label(prop: str, label: str | None) -> str:
    """The label to draw on an edge of property ``prop``."""
    if prop == SUBCLASS_OF:
        return SUBCLASS_LABEL
    return label or ns.compact_iri(prop)


def _normal(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


def _names(prop: str, label: str) -> set[str]:
    return {_normal(label), ns.local_name(prop).lower(), ns.compact_iri(prop).lower(), prop.lower()}


def most_used(store, limit: int = 8) -> list[str]:
    """The labels of the ``limit`` relations used in most facts, for hints."""
    rows = sorted(
        run_query("diagram-relations", store),
        key=lambda r: (-int(r["facts"] or 0), str(r["relationLabel"])),
    )
    return [row["relationLabel"] or ns.compact_iri(row["property"]) for row in rows[:limit]]


def resolve_relations(names, store) -> frozenset[str] | None:
    """The property IRIs ``names`` stand for (None: no filter); UnknownRelation for a bad name."""
    names = [name for name in (names or ()) if name is not None]
    if not names:
        return None
    table = relation_labels(store)
    lookup: dict[str, str] = {}
    for prop, label in sorted(table.items()):
        for name in _names(prop, label):
            lookup.setdefault(name, prop)
    chosen = set()
    for name in names:
        key = name.strip().lower()
        prop = lookup.get(key) or lookup.get(_normal(name))
        if prop is None:
            labels = sorted(set(table.values()))
            close = difflib.get_close_matches(_normal(name), labels, n=3, cutoff=0.6)
            raise UnknownRelation(name, close, most_used(store) + [SUBCLASS_LABEL])
        chosen.add(prop)
    return frozenset(chosen)
