"""The export's writers for the RDF syntaxes, one per syntax of :mod:`phtkg.store.syntaxes`.

Each syntax that is exported names its writer here. A writer is called with the graph
and the prefixes to use, or, for a syntax with named graphs, with the default graph, the
named graphs and the prefixes; it returns the bytes. pyoxigraph writes them all
(:mod:`phtkg.serialization`, which sorts the statements so the bytes are stable); the
graphs handed in must already carry stable blank node labels
(:func:`phtkg.export.canonical.relabelled`). A syntax without prefixes ignores them.
"""

from __future__ import annotations

from rdflib import Graph

from .. import namespaces as ns
from .. import serialization


def prefixes_of(graph: Graph) -> dict[str, str]:
    """The graph's prefixes whose namespaces end in '/' or '#', so CURIEs stay unambiguous."""
    found = {
        prefix: str(namespace)
        for prefix, namespace in graph.namespaces()
        if prefix and str(namespace)[-1:] in "/#"
    }
    found.update({p: n for p, n in ns.PREFIXES.items() if p not in found})
    return dict(sorted(found.items()))


def turtle(graph: Graph, prefixes: dict[str, str] | None = None) -> bytes:
    return serialization.write(graph, "turtle", prefixes or prefixes_of(graph))


def rdfxml(graph: Graph, prefixes: dict[str, str] | None = None) -> bytes:
    return serialization.write(graph, "xml", prefixes or prefixes_of(graph))


def ntriples(graph, prefixes: dict[str, str] | None = None) -> bytes:
    return serialization.write(graph, "nt")


def jsonld(graph: Graph, prefixes: dict[str, str] | None = None) -> bytes:
    return serialization.write(graph, "json-ld")


def nquads(default, named: dict, prefixes: dict[str, str] | None = None) -> bytes:
    return serialization.write_dataset(default, named, "nquads")


def trig(default, named: dict, prefixes: dict[str, str]) -> bytes:
    """TriG without the optional ``GRAPH`` keyword, which Raptor's reader does not know."""
    return serialization.write_dataset(default, named, "trig", prefixes)
