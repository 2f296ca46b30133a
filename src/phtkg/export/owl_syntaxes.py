"""The graph in OWL's own syntaxes, OWL Functional Syntax and OWL/XML, written by py-horned-owl.

ROBOT, Protégé and the OWL API read these as well as RDF, and some tools (OWL diff
tools, the OWL 2 test suites, ELK's command line) prefer them. py-horned-owl reads the
graph as RDF/XML (:mod:`phtkg.serialization`) and writes either syntax, the axioms in
its own stable order. OWL Functional Syntax declares the project's prefixes and writes
CURIEs; OWL/XML is written with full IRIs, because py-horned-owl 2.0 puts a CURIE in the
``IRI`` attribute (where OWL/XML wants ``abbreviatedIRI``), which the OWL API and owlready2
read as an IRI of scheme ``pht:``.

py-horned-owl 2.0's RDF reader drops ``owl:AllDisjointClasses`` (horned-owl issue 289):
the disjointness of the top categories would be lost. Each such axiom is read from the
graph here and added back as ``DisjointClasses``, so the axiom count of the file is the
count of the graph (a test compares them).
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF

from .. import serialization
from .rdf_writers import prefixes_of

#: The py-horned-owl name of each export format.
FORMATS = {"ofn": "ofn", "owx": "owx"}


def _all_disjoint(graph: Graph) -> list[list[str]]:
    """The member IRIs of each ``owl:AllDisjointClasses`` axiom whose members are named."""
    found = []
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = graph.value(axiom, OWL.members)
        if members is None:
            continue
        names = [str(item) for item in Collection(graph, members)]
        if names and all("://" in name for name in names):
            found.append(sorted(names))
    return sorted(found)


def _declared_namespaces(rdfxml: str) -> set[str]:
    """The ``xmlns:`` prefixes of an RDF/XML document's root element."""
    root = rdfxml.split(">", 2)[1]
    return {part.split("=", 1)[0] for part in root.split("xmlns:")[1:]}


def ontology_of(graph: Graph, curies: bool = False):
    """The graph as a py-horned-owl ontology, the lost disjointness axioms added back;
    with ``curies``, the project's prefixes declared for writing."""
    import pyhornedowl
    from pyhornedowl import model

    prefixes = prefixes_of(graph)
    rdfxml = serialization.write(graph, "xml", prefixes).decode("utf-8")
    ontology = pyhornedowl.open_ontology_from_string(rdfxml, "owl")
    # The reader keeps the RDF/XML's namespace declarations as prefixes: set them again
    # for CURIEs, or take every one away for full IRIs.
    for prefix in sorted({*prefixes, *_declared_namespaces(rdfxml)}):
        try:
            ontology.prefix_mapping.remove_prefix(prefix)
        except (KeyError, ValueError):
            pass
    if curies:
        for prefix, namespace in prefixes.items():
            ontology.prefix_mapping.add_prefix(prefix, namespace)
    for members in _all_disjoint(graph):
        ontology.add_axiom(model.DisjointClasses([ontology.class_(iri) for iri in members]))
    return ontology


def write(graph: Graph, fmt: str) -> bytes:
    """The graph in OWL Functional Syntax (``ofn``) or OWL/XML (``owx``)."""
    text = ontology_of(graph, curies=fmt == "ofn").save_to_string(FORMATS[fmt])
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")
