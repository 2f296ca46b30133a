"""Stable blank node labels and a total order on RDF terms, for byte-identical exports.

A parser gives blank nodes fresh random labels, so the same file read twice would be
written with different labels. Here each blank node is named after its surroundings
instead: its label is a hash of the statements it takes part in, refined round by round
(as in Weisfeiler-Lehman colour refinement) until no more blank nodes can be told apart.
The labels depend only on the graph, not on how it was read, and the work is bounded
(at most 64 rounds over the statements), whatever file ``--ontology`` names.

Full RDF canonicalisation (RDFC-1.0) would also settle symmetric cases, but it is
exponential on crafted input: pyoxigraph's, which holds the interpreter while it runs,
took 4.2 s on 8 blank nodes all linked to each other and did not finish in 60 s on 10
(Ctrl-C included), and rdflib's needs minutes on the bundled graph. The ontology's blank
nodes (restrictions, axiom annotations, lists) are all told apart by their statements;
those that stay indistinguishable are numbered, which only matters for symmetric
structures (where either numbering gives the same text).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from rdflib import BNode, Graph

from ..serialization import term_key

_MAX_ROUNDS = 64


def _digest(parts) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def triple_key(triple) -> tuple:
    return tuple(term_key(term) for term in triple)


def stable_labels(triples) -> dict[BNode, BNode]:
    """A new, structure-derived label for every blank node in ``triples``."""
    outgoing: dict[BNode, list] = defaultdict(list)
    incoming: dict[BNode, list] = defaultdict(list)
    n3: dict = {}

    def fixed(term):
        """A blank node stays itself (its colour changes); anything else becomes text."""
        if isinstance(term, BNode):
            return term
        if term not in n3:
            n3[term] = term.n3()
        return n3[term]

    for s, p, o in triples:
        if isinstance(s, BNode):
            outgoing[s].append(("o " + fixed(p), fixed(o)))
        if isinstance(o, BNode):
            incoming[o].append(("i " + fixed(p), fixed(s)))
    nodes = sorted(set(outgoing) | set(incoming), key=str)
    colour = {node: "" for node in nodes}

    def signature(node) -> list[str]:
        return sorted(
            f"{edge} {'_:' + colour[other] if isinstance(other, BNode) else other}"
            for edge, other in outgoing[node] + incoming[node]
        )

    distinct = 1
    for _ in range(_MAX_ROUNDS):
        colour = {node: _digest(signature(node)) for node in nodes}
        now = len(set(colour.values()))
        if now == distinct:
            break
        distinct = now
    labels: dict[BNode, BNode] = {}
    seen: dict[str, int] = defaultdict(int)
    for node in sorted(nodes, key=lambda n: colour[n]):
        count = seen[colour[node]]
        seen[colour[node]] += 1
        labels[node] = BNode("b" + colour[node][:16] + (f"x{count}" if count else ""))
    return labels


def relabelled(graph: Graph) -> Graph:
    """A copy of ``graph`` (prefixes included) whose blank nodes have stable labels."""
    labels = stable_labels(graph)
    copy = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    for s, p, o in graph:
        copy.add((labels.get(s, s), p, labels.get(o, o)))
    return copy
