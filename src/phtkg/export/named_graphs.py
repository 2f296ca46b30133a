"""Split the graph into one named graph per source document, for N-Quads and TriG.

A statement goes into the graph of every document that supports it, and the graph's name
is the document's IRI (``phtsrc:<file stem>``). What a document supports is read from the
axiom annotations (docs/model.md): for an ``owl:Axiom`` whose ``dcterms:source`` is the
document, its graph holds

* the annotated statement itself (``owl:annotatedSource owl:annotatedProperty
  owl:annotatedTarget``), e.g. ``X rdfs:subClassOf _:restriction``;
* the blank node structure that statement points to (the restriction's
  ``owl:onProperty`` and ``owl:someValuesFrom``, a list, …);
* the axiom node's own statements, except that its ``dcterms:source`` and
  ``pht:citation`` statements go only to the graph of the document they name, so a
  document's graph cites only that document.

Every other statement (declarations, labels, synonyms, cross-references, the ontology
header, the documents' own descriptions, statements no document supports) is in the
default graph, and statements a reasoner inferred are in :data:`INFERRED_GRAPH`. Nothing
is copied into the default graph, so the union of the default graph and all named graphs
is exactly the exported graph, and blank nodes are shared between graphs (one file, one
blank node scope).
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF

from .. import namespaces as ns

DCTERMS_SOURCE = URIRef(ns.DCTERMS + "source")
DCTERMS_IS_PART_OF = URIRef(ns.DCTERMS + "isPartOf")
PHT_CITATION = URIRef(ns.PHT + "citation")
#: The named graph that holds what ``--inferred`` adds.
INFERRED_GRAPH = URIRef(ns.BASE + "inferred")


def _closure(graph: Graph, node) -> set:
    """The statements about ``node`` and, recursively, about the blank nodes they reach."""
    found, todo, seen = set(), [node], set()
    while todo:
        current = todo.pop()
        if current in seen or not isinstance(current, BNode):
            continue
        seen.add(current)
        for p, o in graph.predicate_objects(current):
            found.add((current, p, o))
            todo.append(o)
    return found


def split_by_document(graph: Graph, inferred=()) -> tuple[set, dict[URIRef, set]]:
    """(default graph statements, {graph name: statements}) covering ``graph`` exactly.

    ``inferred`` statements (not in ``graph``) form the graph :data:`INFERRED_GRAPH`.
    """
    named: dict[URIRef, set] = defaultdict(set)
    for axiom in graph.subjects(RDF.type, OWL.Axiom):
        documents = set(graph.objects(axiom, DCTERMS_SOURCE))
        if not documents:
            continue
        claim = (
            graph.value(axiom, OWL.annotatedSource),
            graph.value(axiom, OWL.annotatedProperty),
            graph.value(axiom, OWL.annotatedTarget),
        )
        supported = set()
        if None not in claim and claim in graph:
            supported.add(claim)
            supported |= _closure(graph, claim[2])
        for p, o in graph.predicate_objects(axiom):
            if p == DCTERMS_SOURCE:
                named[o].add((axiom, p, o))
            elif p == PHT_CITATION and graph.value(o, DCTERMS_IS_PART_OF) in documents:
                named[graph.value(o, DCTERMS_IS_PART_OF)].add((axiom, p, o))
            else:
                supported.add((axiom, p, o))
        for document in documents:
            named[document] |= supported
    in_named = set().union(*named.values()) if named else set()
    default = {triple for triple in graph if triple not in in_named}
    extra = {triple for triple in inferred if triple not in graph}
    if extra:
        named[INFERRED_GRAPH] = extra
    return default, dict(named)
