"""Turn the graph into the bytes of one export format.

Kept apart from the command so that tests and Python users can export without a shell:
``render(graph, "trig")`` gives ``{"": b"…"}``; KGX gives two parts, named by the suffix
that ``-o PREFIX`` appends (``"_nodes.tsv"`` and ``"_edges.tsv"``).
"""

from __future__ import annotations

from rdflib import Graph

from .. import namespaces as ns
from . import DESCRIPTION_FORMAT, FORMATS
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
    from . import rdf_writers as w

    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    if fmt in ("nquads", "trig"):
        from .named_graphs import split_by_document

        asserted = Graph()
        for triple in graph:
            if triple not in inferred:
                asserted.add(triple)
        default, named = split_by_document(asserted, inferred)
        if fmt == "nquads":
            return {"": w.nquads(default, named)}
        return {"": w.trig(default, named, w.prefixes_of(graph))}
    if fmt == "turtle":
        return {"": w.turtle(graph)}
    if fmt == "xml":
        return {"": w.rdfxml(graph)}
    if fmt == "nt":
        return {"": w.ntriples(graph)}
    if fmt == "json-ld":
        return {"": w.jsonld(graph, w.prefixes_of(graph))}
    if fmt == "kgx":
        from .kgx import to_kgx

        parts = to_kgx(graph, inferred)
        return {"_nodes.tsv": parts["nodes"], "_edges.tsv": parts["edges"]}
    if fmt == "sssom":
        from .sssom_tsv import to_sssom

        return {"": to_sssom(graph)}
    if fmt == "csv":
        from .csv_table import to_csv

        return {"": to_csv(graph)}
    assert fmt == DESCRIPTION_FORMAT
    return {"": description_turtle(graph, None, (), bool(inferred))}


def description_turtle(
    graph: Graph, fmt: str | None, files: tuple[str, ...], inferred: bool
) -> bytes:
    from . import rdf_writers as w
    from .description import describe

    return w.turtle(relabelled(describe(graph, fmt, files, inferred)))
