"""Turn a term's IRI into a diagram node: its label and the top category that colours it."""

from __future__ import annotations

from phtkg.store.queries import run_query

from .. import namespaces as ns
from .model import Node


def node_from_rows(iri: str, rows: list[dict]) -> Node:
    """The node for ``iri`` from its rows of ``diagram-term``."""
    labels = sorted({row["label"] for row in rows if row.get("label")})
    categories = sorted({ns.local_name(row["category"]) for row in rows if row.get("category")})
    curie = ns.compact_iri(iri)
    return Node(
        iri=iri,
        curie=curie,
        label=labels[0] if labels else curie,
        category=categories[0] if categories else "",
    )


def term_node(store, iri: str, cache: dict[str, Node] | None = None) -> Node:
    """The node for ``iri``; a term without a label is named by its CURIE."""
    if cache is not None and iri in cache:
        return cache[iri]
    node = node_from_rows(iri, run_query("diagram-term", store, term=iri))
    if cache is not None:
        cache[iri] = node
    return node
