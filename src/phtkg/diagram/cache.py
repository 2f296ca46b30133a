"""What many diagrams of one graph ask again and again, read once for all of them.

A diagram asks ``diagram-term`` for each node it draws and ``diagram-edges`` for each
term it expands. Drawing one diagram per term (as the site does) would ask them
thousands of times, mostly about the same terms. A :class:`DiagramCache` runs each of
the two queries once with ``?term`` left unbound, which answers for every term at once
with ``?term`` in each row, and hands each diagram the rows the bound query would
have given. A term the unbound ``diagram-term`` cannot list (one without a label) is
asked about on its own, once, so every node is the one :func:`term_node` makes.

Pass the same cache to every diagram of the same store; it holds no answer of another.
"""

from __future__ import annotations

from phtkg.store.queries import run_query_unbound

from .model import Node
from .nodes import node_from_rows


def _by_term(rows: list[dict]) -> dict[str, list[dict]]:
    """The rows of each ``?term``, in the order of the query, without the ``term`` column."""
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        row = dict(row)
        grouped.setdefault(row.pop("term"), []).append(row)
    return grouped


class DiagramCache:
    """The nodes and asserted facts of every term of ``store``, from two unbound queries.

    ``nodes`` maps an IRI to its :class:`Node`; :func:`phtkg.diagram.nodes.term_node`
    takes it as its cache and adds the terms it had to ask about. ``edge_rows(iri)`` are
    the rows of ``diagram-edges`` bound to ``iri``, in the same order.
    """

    def __init__(self, store):
        self.nodes: dict[str, Node] = {
            iri: node_from_rows(iri, rows)
            for iri, rows in _by_term(run_query_unbound("diagram-term", store)).items()
        }
        self._edges = _by_term(run_query_unbound("diagram-edges", store))

    def edge_rows(self, iri: str) -> list[dict]:
        return self._edges.get(iri, [])
