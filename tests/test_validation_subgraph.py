"""validate: pyshacl reads only the triples the core shapes can read, and property shapes carry
their node shape's targets; the findings are those of pyshacl on every triple with the shapes
as written, including violations that only a subclass chain reveals."""

from __future__ import annotations

import pyoxigraph
import pytest
import rdflib

from phtkg.commands.validate import sort_key
from phtkg.store.embedded import load_file
from phtkg.validation import shacl

PREFIXES = """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix pht: <https://w3id.org/phtkg/> .
@prefix ex: <https://example.org/> .
"""

# Documents and axioms that are instances only through rdfs:subClassOf chains, which a data
# graph of the obvious triples (rdf:type pht:SourceDocument, rdf:type owl:Axiom) would miss.
DATA = """
ex:MidDocument rdfs:subClassOf pht:SourceDocument .
ex:Leaflet rdfs:subClassOf ex:MidDocument .
ex:Poster rdfs:subClassOf pht:SourceDocument .
ex:Note rdfs:subClassOf ex:Unrelated .
ex:OwnAxiom rdfs:subClassOf owl:Axiom .

ex:leaflet a ex:Leaflet ; pht:fileStem "leaflet" .
ex:poster a ex:Poster .
ex:note a ex:Note ; pht:fileStem "note" .
pht:Thing a owl:Class ; rdfs:label "thing" ; skos:definition "A thing." .

[] a owl:Axiom ;
   owl:annotatedSource pht:Thing ; owl:annotatedProperty skos:definition ;
   owl:annotatedTarget "A thing." ; dcterms:source ex:leaflet .
[] a owl:Axiom ;
   owl:annotatedSource pht:Thing ; owl:annotatedProperty skos:definition ;
   owl:annotatedTarget "A thing." ; dcterms:source ex:note .
[] a ex:OwnAxiom ;
   owl:annotatedProperty skos:definition ; owl:annotatedTarget "A thing." ;
   dcterms:source ex:leaflet .
"""


def _store(text: str):
    store = pyoxigraph.Store()
    store.load((PREFIXES + text).encode(), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def _reference(store, shapes, monkeypatch):
    """The findings of pyshacl on every triple, with each sh:property as written."""
    with monkeypatch.context() as patch:
        patch.setattr(shacl, "_give_targets", lambda core: None)
        patch.setattr(shacl, "_core_triples", lambda store, core: shacl.data_graph(store))
        return sorted(shacl.run_core(store, shapes), key=sort_key)


def _rows(findings):
    return {(f.check, f.subject) for f in findings}


def test_violations_found_only_through_subclass_chains(monkeypatch):
    store, shapes = _store(DATA), shacl.load_shapes()
    found = sorted(shacl.run_core(store, shapes), key=sort_key)
    assert found == _reference(store, shapes, monkeypatch)
    rows = _rows(found)
    # ex:poster is a pht:SourceDocument through ex:Poster only: its missing file stem shows.
    assert ("shacl:document-file-stem", "https://example.org/poster") in rows
    # the axiom typed ex:OwnAxiom (a subclass of owl:Axiom) lacks its annotated source.
    assert any(check == "shacl:axiom-source" for check, _ in rows)
    # ex:note is no document (its class is under ex:Unrelated); ex:leaflet is one, two
    # subclass steps down, so exactly one axiom's source is reported.
    documents = [f.value for f in found if f.check == "shacl:axiom-document"]
    assert documents == ["https://example.org/note"]


def test_the_data_graph_is_a_strict_subset_with_the_same_findings_on_the_ontology(monkeypatch):
    store, shapes = load_file(shacl.resources.ontology_turtle()), shacl.load_shapes()
    core = shacl.core_shapes(shapes, store)
    assert len(shacl._core_triples(store, core)) < len(shacl.data_graph(store))
    broken = _store(DATA)
    for quad in store:
        broken.add(pyoxigraph.Quad(quad.subject, quad.predicate, quad.object))
    assert sorted(shacl.run_core(broken, shapes), key=sort_key) == _reference(
        broken, shapes, monkeypatch
    )


def test_property_shapes_take_their_node_shapes_targets():
    core = shacl.core_shapes(shacl.load_shapes(), _store(DATA))
    sh = rdflib.Namespace(shacl.SH)
    assert not list(core.triples((None, sh.property, None)))
    assert (rdflib.URIRef(shacl.SH.replace("shacl#", "")), None, None) not in core
    source = rdflib.URIRef("https://w3id.org/phtkg/shapes#axiom-source")
    assert (source, sh.targetClass, rdflib.OWL.Axiom) in core


@pytest.mark.parametrize(
    "extra",
    [
        "ex:S sh:node ex:T .",
        "ex:S sh:deactivated true .",
        "ex:S sh:severity sh:Warning .",
        "ex:P sh:targetNode ex:x .",
        "ex:Other sh:property ex:P .",
        "ex:S a rdfs:Class .",
    ],
)
def test_targets_are_left_alone_where_results_could_differ(extra):
    text = (
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <https://example.org/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:P .\n"
        "ex:P a sh:PropertyShape ; sh:path ex:p ; sh:minCount 1 .\n" + extra
    )
    core = rdflib.Graph().parse(data=text, format="turtle")
    shacl._give_targets(core)
    sh = rdflib.Namespace(shacl.SH)
    assert (rdflib.URIRef("https://example.org/S"), sh.property, None) in core


def test_findings_and_errors_come_as_when_run_one_after_the_other(monkeypatch):
    from phtkg.validation import report
    from phtkg.validation.run import all_findings

    store, shapes = _store(DATA), shacl.load_shapes()
    together = all_findings(store, shapes)
    alone = (
        shacl.run_core(store, shapes)
        + shacl.run_sparql(store, shacl.sparql_constraints(shapes))
        + report.run_report(store)
    )
    assert together == alone

    def refuse(name):
        def raiser(*args, **kwargs):
            raise shacl.ShapesError(name)

        return raiser

    monkeypatch.setattr(shacl, "sparql_constraints", refuse("sparql"))
    with pytest.raises(shacl.ShapesError, match="sparql"):
        all_findings(store, shapes)
    monkeypatch.setattr(shacl, "run_core", refuse("core"))
    with pytest.raises(shacl.ShapesError, match="core"):
        all_findings(store, shapes)
