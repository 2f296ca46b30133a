"""What ``--inferred`` adds: the class hierarchy and types that HermiT derives.

The reasoner (:func:`phtkg.reasoning.reason.reason`) classifies the ontology and reports the direct
subclass links, individual types and equivalences between named classes that it finds
but that are not asserted. Those, and the hierarchy they close transitively (every
named superclass of every class, every named class of every individual: each one an
entailment), become plain triples. That is cheap to get and is what graph tools without
a reasoner miss: "pht:ProlongedSitting rdfs:subClassOf pht:Activity" as one statement.
HermiT needs Java: without it the export goes on without inferred statements and says
so in one line.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS


class NotInferred(Exception):
    """The reasoner could not run; the message says why, on one line."""


def inferred_triples(graph: Graph, memory_mb: int = 2000) -> set:
    """Statements HermiT entails about named classes and individuals, minus the asserted."""
    from phtkg.reasoning import reason

    if reason.find_java()[0] is None:
        raise NotInferred(
            "no Java runtime found, so HermiT cannot run: exported without inferred statements"
        )
    result = reason.reason(graph, reasoner="hermit", memory_mb=memory_mb)
    if not getattr(result, "completed", True):
        raise NotInferred(
            f"the reasoner did not run ({result.message}): exported without inferred statements"
        )
    if not result.consistent:
        raise NotInferred("the ontology is inconsistent, so nothing can be inferred from it")
    found = set()
    for sub, sup in getattr(result, "inferred_subclasses", ()):
        found.add((URIRef(sub), RDFS.subClassOf, URIRef(sup)))
    for individual, cls in getattr(result, "inferred_types", ()):
        found.add((URIRef(individual), RDF.type, URIRef(cls)))
    for group in getattr(result, "equivalent", ()):
        members = sorted(group)
        for other in members[1:]:
            found.add((URIRef(members[0]), OWL.equivalentClass, URIRef(other)))
    return {triple for triple in found | _closure(graph, found) if triple not in graph}


def _closure(graph: Graph, found: set) -> set:
    """Every named superclass of each class and every named class of each individual."""
    from . import facts

    merged = Graph()
    for triple in graph.triples((None, RDFS.subClassOf, None)):
        merged.add(triple)
    for triple in found:
        merged.add(triple)
        if triple[1] == OWL.equivalentClass:
            merged.add((triple[0], RDFS.subClassOf, triple[2]))
            merged.add((triple[2], RDFS.subClassOf, triple[0]))
    parent_map = facts.parents(merged)
    entailed = set()
    for cls in list(parent_map):
        for ancestor in facts.ancestors(cls, parent_map) - {cls, OWL.Thing}:
            entailed.add((cls, RDFS.subClassOf, ancestor))
    types = {
        (i, c)
        for i, c in graph.subject_objects(RDF.type)
        if isinstance(i, URIRef) and isinstance(c, URIRef) and c in parent_map
    }
    types |= {(s, o) for s, p, o in found if p == RDF.type}
    for individual, cls in types:
        for ancestor in facts.ancestors(cls, parent_map) - {OWL.Thing}:
            entailed.add((individual, RDF.type, ancestor))
    return entailed
