"""phtkg reason on the bundled ontology: read by pyoxigraph instead of rdflib, the reasoners
get the same triples, and the report the same labels and asserted links."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest
import rdflib

from phtkg import namespaces as ns
from phtkg.reasoning import reason
from phtkg.store.safe_rdf import InputTooLarge, input_limit

XSD_STRING = rdflib.URIRef("http://www.w3.org/2001/XMLSchema#string")


@pytest.fixture(scope="module")
def both():
    """The bundled ontology as the fast path reads it, and as rdflib reads it."""
    fast = reason.load_input()
    assert isinstance(fast, reason.TriplesInput)
    return fast, reason.load_graph()


def _shape(graph) -> Counter:
    """The triples with each blank node named by a hash of its surroundings, three steps
    out (equal for isomorphic graphs; rdflib's own isomorphism test is too slow here)."""
    triples = list(graph)
    names = {node: "" for t in triples for node in t if isinstance(node, rdflib.BNode)}

    def term(node):
        if node in names:
            return "_:" + names[node]
        if isinstance(node, rdflib.Literal) and node.datatype == XSD_STRING:
            return rdflib.Literal(str(node)).n3()  # "x"^^xsd:string is "x" in RDF 1.1
        return node.n3()

    for _ in range(3):
        around = {node: [] for node in names}
        for s, p, o in triples:
            if s in names:
                around[s].append(("out", p.n3(), term(o)))
            if o in names:
                around[o].append(("in", p.n3(), term(s)))
        names = {node: str(hash(tuple(sorted(around[node])))) for node in names}
    return Counter((term(s), p.n3(), term(o)) for s, p, o in triples)


def _ntriples(graph_or_input, tmp_path, name, without_axiom_annotations):
    path = tmp_path / name
    reason.write_ntriples(graph_or_input, path, without_axiom_annotations)
    graph = rdflib.Graph()
    graph.parse(path, format="nt")
    return graph


@pytest.mark.parametrize("without_axiom_annotations", [False, True], ids=["hermit", "pellet"])
def test_the_reasoners_get_the_same_triples(both, tmp_path, without_axiom_annotations):
    fast, graph = both
    new = _ntriples(fast, tmp_path, "new.nt", without_axiom_annotations)
    old = _ntriples(graph, tmp_path, "old.nt", without_axiom_annotations)
    assert len(new) == len(old) > 5_000
    assert _shape(new) == _shape(old)


def test_the_same_labels_and_asserted_links(both):
    fast, graph = both
    assert fast.labels() == reason.labels_by_iri(graph)
    for predicate in (ns.RDFS + "subClassOf", ns.RDF + "type"):
        asserted = {
            (str(s), str(o))
            for s, o in graph.subject_objects(rdflib.URIRef(predicate))
            if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.URIRef)
        }
        assert fast.links(predicate) == asserted
    assert _shape(fast.graph()) == _shape(graph)  # for --explain and the OWL 2 RL fallback


def test_new_links_are_the_same_from_either_input(both):
    fast, graph = both
    sub, sup = next(iter(fast.links(ns.RDFS + "subClassOf")))
    outcome = type(
        "Outcome",
        (),
        {
            "unsatisfiable": set(),
            "subclass_of": {(sub, sup), (sub, "https://example.org/Other")},
            "types": {("https://example.org/a", sup)},
        },
    )
    assert reason._new_links(fast, outcome) == reason._new_links(graph, outcome)
    assert reason._new_links(fast, outcome)[0] == {(sub, "https://example.org/Other")}


def test_the_size_limit_still_holds_for_the_bundled_ontology():
    with input_limit(0.1), pytest.raises(InputTooLarge):
        reason.load_input()


def test_files_given_are_read_by_rdflib(tmp_path):
    path = tmp_path / "one.ttl"
    path.write_text("<https://example.org/a> a <http://www.w3.org/2002/07/owl#Class> .\n")
    assert isinstance(reason.load_input([path]), rdflib.Graph)


def test_reading_the_bundled_ontology_imports_no_rdflib():
    code = (
        "import sys\n"
        "from phtkg.reasoning.reason import load_input, labels_by_iri\n"
        "source = load_input()\n"
        "labels_by_iri(source)\n"
        "assert 'rdflib' not in sys.modules, 'rdflib was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
