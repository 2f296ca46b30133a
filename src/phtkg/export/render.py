"""Turn the graph into the bytes of one export format.

Kept apart from the command so that tests and Python users can export without a shell:
``render(graph, "trig")`` gives ``{"": b"…"}``; KGX gives three parts, named by the suffix
that ``-o PREFIX`` appends (``"_nodes.tsv"``, ``"_edges.tsv"`` and ``"_context.jsonld"``).
"""

from __future__ import annotations

from rdflib import Graph

from phtkg.store import syntaxes

from .. import namespaces as ns
from . import DESCRIPTION_FORMAT, FORMATS, OBO_FORMATS, OWL_FORMATS
from .canonical import relabelled, stable_labels


def prepare(triples, prefixes: dict[str, str] | None = None) -> Graph:
    """The graph to export, built once, its blank nodes stably labelled."""
    triples = list(triples)
    labels = stable_labels(triples)
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in {**(prefixes or {}), **ns.PREFIXES}.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    graph.addN((labels.get(s, s), p, labels.get(o, o), graph) for s, p, o in triples)
    return graph


def render(graph: Graph, fmt: str, inferred=frozenset()) -> dict[str, bytes]:
    """The export of ``graph`` (plus ``inferred`` statements) in format ``fmt``.

    ``graph`` must already carry stable blank node labels (see :func:`prepare`) and hold
    the ``inferred`` statements; they are named again so that N-Quads and TriG can put
    them in their own graph and KGX can mark them as entailed.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    syntax = syntaxes.named(fmt, syntaxes.EXPORTED)
    if syntax is not None:
        return {"": _rdf(graph, syntax, inferred)}
    if fmt in OWL_FORMATS:
        from .owl_syntaxes import write

        return {"": write(graph, fmt)}
    if fmt in OBO_FORMATS:
        from .obo import to_obo, to_obojson

        return {"": (to_obo if fmt == "obo" else to_obojson)(graph)}
    if fmt == "kgx":
        from .kgx import to_kgx

        parts = to_kgx(graph, inferred)
        return {
            "_nodes.tsv": parts["nodes"],
            "_edges.tsv": parts["edges"],
            "_context.jsonld": parts["context"],
        }
    if fmt == "sssom":
        from .sssom_tsv import to_sssom

        return {"": to_sssom(graph)}
    if fmt == "csv":
        from .csv_table import to_csv

        return {"": to_csv(graph)}
    assert fmt == DESCRIPTION_FORMAT
    return {"": description_turtle(graph, None, (), bool(inferred))}


def _rdf(graph: Graph, syntax: syntaxes.Syntax, inferred) -> bytes:
    """The graph in an RDF syntax, written by the function the registry names.

    A syntax with named graphs is given the default graph and the named graphs instead
    of the graph: the inferred statements, and each source document's claims, go in
    graphs of their own.
    """
    from . import rdf_writers

    write = getattr(rdf_writers, syntax.writer)
    prefixes = rdf_writers.prefixes_of(graph)
    if not syntax.quads:
        return write(graph, prefixes)
    from .named_graphs import split_by_document

    asserted = Graph()
    for triple in graph:
        if triple not in inferred:
            asserted.add(triple)
    default, named = split_by_document(asserted, inferred)
    return write(default, named, prefixes)


def description_turtle(
    graph: Graph, fmt: str | None, files: tuple[str, ...], inferred: bool
) -> bytes:
    from . import rdf_writers as w
    from .description import describe

    return w.turtle(relabelled(describe(graph, fmt, files, inferred)))
