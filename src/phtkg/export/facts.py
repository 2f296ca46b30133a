"""Read the ontology's shape (docs/model.md) back into plain rows for the table exports.

KGX, SSSOM, CSV and ``phtkg stats`` all need the same things: labels, the top category
of each term, the relationships (existential restrictions and links between named
classes) with the documents and sections that support them, and the cross-references.
Reading them once here keeps the four exports in agreement. The relationships are the
asserted class-level facts of :mod:`phtkg.lookups.facts`, the ones ``phtkg describe`` and
the site show, here in rdflib terms, as the exports look things up in the graph.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .. import namespaces as ns
from ..lookups import facts as class_facts

PHT = ns.PHT
SKOS = ns.SKOS
DCTERMS_IS_PART_OF = URIRef(ns.DCTERMS + "isPartOf")
MATCH_STRENGTHS = {
    URIRef(SKOS + "exactMatch"): "exact",
    URIRef(SKOS + "closeMatch"): "close",
    URIRef(SKOS + "broadMatch"): "broad",
    URIRef(SKOS + "narrowMatch"): "narrow",
    URIRef(SKOS + "relatedMatch"): "related",
}


@dataclass(frozen=True)
class Relationship:
    """One asserted fact between two named classes, with its provenance."""

    subject: URIRef
    relation: URIRef  # an object property, or rdfs:subClassOf for a link between classes
    object: URIRef
    documents: tuple[URIRef, ...] = ()
    citations: tuple[URIRef, ...] = ()
    evidence: tuple[str, ...] = ()  # how it is known: kind names of phtkg.evidence
    note: str = ""
    disagreement: URIRef | None = None
    scope: str = ""  # "class": a fact of the class as a whole, not of each member


def curie(iri) -> str:
    return ns.compact_iri(str(iri))


def labels(graph: Graph) -> dict[URIRef, str]:
    """rdfs:label per IRI, English preferred, else any."""
    found: dict[URIRef, str] = {}
    for subject, label in sorted(graph.subject_objects(RDFS.label), key=lambda so: str(so[1])):
        if isinstance(subject, URIRef) and (
            subject not in found or getattr(label, "language", None) == "en"
        ):
            found[subject] = str(label)
    return found


def named_classes(graph: Graph) -> set[URIRef]:
    return {
        c
        for c in graph.subjects(RDF.type, OWL.Class)
        if isinstance(c, URIRef) and str(c).startswith(PHT)
    }


def parents(graph: Graph) -> dict[URIRef, set[URIRef]]:
    """Named superclasses (rdfs:subClassOf between IRIs) of each class."""
    found: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef) and sub != sup:
            found[sub].add(sup)
    return found


def ancestors(cls: URIRef, parent_map: dict[URIRef, set[URIRef]]) -> set[URIRef]:
    seen, todo = set(), list(parent_map.get(cls, ()))
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(parent_map.get(current, ()))
    return seen


CASE_RECORD = URIRef(PHT + "CaseRecord")


def case_rules(graph: Graph) -> set[URIRef]:
    """The classes the build generates for checking cases (``CaseWith…``, ``CaseWarranting…``,
    ``CasePlanning…``): every named class told to sit below pht:CaseRecord. They are
    machinery for ``phtkg check``, not terms of the domain (see :mod:`phtkg.build.rules`)."""
    parent_map = parents(graph)
    return {
        cls
        for cls in named_classes(graph)
        if cls != CASE_RECORD and CASE_RECORD in ancestors(cls, parent_map)
    }


def top_categories(graph: Graph) -> list[URIRef]:
    """The project's classes with no named superclass: the categories of docs/model.md."""
    parent_map = parents(graph)
    return sorted(c for c in named_classes(graph) if not parent_map.get(c))


def category_of(graph: Graph) -> dict[URIRef, URIRef]:
    """The top category of every named class (the first, by IRI, if there were several)."""
    parent_map = parents(graph)
    tops = set(top_categories(graph))
    found = {}
    for cls in named_classes(graph):
        above = sorted(({cls} | ancestors(cls, parent_map)) & tops)
        if above:
            found[cls] = above[0]
    return found


def stems(graph: Graph) -> dict[URIRef, str]:
    """The file stem of each source document."""
    return {doc: str(stem) for doc, stem in graph.subject_objects(URIRef(PHT + "fileStem"))}


def _store(graph: Graph):
    """A pyoxigraph store holding ``graph``, for the queries behind :mod:`phtkg.lookups.facts`."""
    import pyoxigraph

    iris: dict[URIRef, pyoxigraph.NamedNode] = {}
    blanks: dict[BNode, pyoxigraph.BlankNode] = {}

    def term(node):
        if isinstance(node, URIRef):
            if node not in iris:
                iris[node] = pyoxigraph.NamedNode(node)
            return iris[node]
        if isinstance(node, BNode):
            if node not in blanks:
                blanks[node] = pyoxigraph.BlankNode()
            return blanks[node]
        if node.language:
            return pyoxigraph.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return pyoxigraph.Literal(str(node), datatype=term(node.datatype))
        return pyoxigraph.Literal(str(node))

    store = pyoxigraph.Store()
    store.bulk_extend(pyoxigraph.Quad(term(s), term(p), term(o)) for s, p, o in graph)
    return store


def relationships(
    graph: Graph, *, subclass_links: bool = False, provenance: bool = True
) -> list[Relationship]:
    """Every asserted class-level fact (:func:`phtkg.lookups.facts.asserted_facts`), as
    ``describe`` and the site see them, sorted; with ``subclass_links`` also every
    ``X rdfs:subClassOf Y`` between named classes; without ``provenance`` the documents,
    citations and notes are left empty."""
    store = _store(graph)
    if not provenance:
        return [
            Relationship(
                URIRef(fact.subject), URIRef(fact.relation), URIRef(fact.object), scope=fact.scope
            )
            for fact in class_facts.asserted_facts(store, subclass_links=subclass_links)
        ]
    cited = class_facts.citation_index(store)
    return [
        Relationship(
            URIRef(fact.subject),
            URIRef(fact.relation),
            URIRef(fact.object),
            documents=tuple(sorted(URIRef(document) for document in fact.documents)),
            citations=tuple(sorted(URIRef(citation.section) for citation in fact.citations)),
            evidence=fact.evidence,
            note=fact.note,
            disagreement=URIRef(fact.disagreements[0]) if fact.disagreements else None,
            scope=fact.scope,
        )
        for fact in class_facts.asserted_facts(store, cited, subclass_links=subclass_links)
    ]


def load_types(graph: Graph, relations: list[Relationship]) -> dict[URIRef, list[URIRef]]:
    """Each class's load types: its own ``pht:hasLoadType`` facts and its ancestors'."""
    has_load_type = URIRef(PHT + "hasLoadType")
    own: dict[URIRef, set[URIRef]] = defaultdict(set)
    for fact in relations:
        if fact.relation == has_load_type:
            own[fact.subject].add(fact.object)
    parent_map = parents(graph)
    result = {}
    for cls in named_classes(graph):
        types = set(own.get(cls, ()))
        for ancestor in ancestors(cls, parent_map):
            types |= own.get(ancestor, set())
        if types:
            result[cls] = sorted(types)
    return result


def cross_references(graph: Graph) -> list[tuple[URIRef, str, URIRef]]:
    """(term, match strength, external IRI) for every skos:*Match, sorted."""
    return sorted(
        (s, strength, o)
        for predicate, strength in MATCH_STRENGTHS.items()
        for s, o in graph.subject_objects(predicate)
        if isinstance(s, URIRef) and isinstance(o, URIRef)
    )
