"""RDF statements as the bytes of a W3C syntax, written by pyoxigraph in a stable order.

pyoxigraph writes every syntax the project ships (Turtle, RDF/XML, N-Triples, N-Quads,
TriG, JSON-LD), never rewrites a literal's lexical form, and keeps the order it is given.
So the same statements always give the same bytes once they are sorted here: the ontology
header first (the layout Protégé and ROBOT write, and the only one pronto reads), then
named subjects, then blank nodes, and each subject's ``rdf:type`` first, so that RDF/XML
has typed nodes (``<owl:Class rdf:about=…>``) rather than ``rdf:Description``. Blank nodes
keep their labels, which the caller makes stable (:mod:`phtkg.export.canonical`; the
build names its own). Both the build and the export write through here.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF

#: The syntaxes written here, by their names in :mod:`phtkg.store.syntaxes`.
_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "xml": ox.RdfFormat.RDF_XML,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
}
_WITH_PREFIXES = {"turtle", "xml", "trig"}


def term_key(term) -> tuple:
    """A total order on terms: IRIs, then blank nodes, then literals."""
    if isinstance(term, URIRef):
        return (0, str(term), "", "")
    if isinstance(term, BNode):
        return (1, str(term), "", "")
    return (2, str(term), term.language or "", str(term.datatype or ""))


def ordered(triples) -> list[tuple]:
    """``triples`` sorted for writing: the ontology header first, each subject's types first."""
    triples = set(triples)
    header = {s for s, p, o in triples if p == RDF.type and o == OWL.Ontology}
    return sorted(
        triples,
        key=lambda t: (
            t[0] not in header,
            term_key(t[0]),
            t[1] != RDF.type,
            term_key(t[1]),
            term_key(t[2]),
        ),
    )


class _Terms:
    """rdflib terms as pyoxigraph terms, each converted once."""

    def __init__(self):
        self.done: dict = {}

    def __call__(self, term):
        found = self.done.get(term)
        if found is None:
            found = self.done[term] = self._convert(term)
        return found

    @staticmethod
    def _convert(term):
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        assert isinstance(term, Literal)
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))


def _used(prefixes: dict[str, str], statements) -> dict[str, str]:
    """The prefixes some IRI of ``statements`` is written with (unused ones are left out)."""
    iris = {str(term) for statement in statements for term in statement if isinstance(term, URIRef)}
    iris |= {
        str(term.datatype)
        for statement in statements
        for term in statement
        if isinstance(term, Literal) and term.datatype
    }
    return {
        prefix: namespace
        for prefix, namespace in sorted(prefixes.items())
        if any(iri.startswith(namespace) for iri in iris)
    }


def _finish(syntax: str, data: bytes) -> bytes:
    if syntax == "json-ld":  # pyoxigraph writes one line: indent it for a reader
        return (json.dumps(json.loads(data), ensure_ascii=False, indent=2) + "\n").encode()
    return data


def write(triples, syntax: str, prefixes: dict[str, str] | None = None) -> bytes:
    """``triples`` (rdflib terms) in ``syntax``, sorted by :func:`ordered`."""
    statements = ordered(triples)
    convert = _Terms()
    oxi = [ox.Triple(convert(s), convert(p), convert(o)) for s, p, o in statements]
    options = {}
    if syntax in _WITH_PREFIXES and prefixes:
        options["prefixes"] = _used(prefixes, statements)
    return _finish(syntax, ox.serialize(oxi, format=_FORMATS[syntax], **options))


def write_dataset(
    default, named: dict, syntax: str, prefixes: dict[str, str] | None = None
) -> bytes:
    """A dataset in ``syntax``: the default graph's statements, then each named graph's,
    the graphs sorted by name."""
    convert = _Terms()
    quads, everything = [], []
    for name in [None] + sorted(named, key=term_key):
        statements = ordered(default if name is None else named[name])
        everything.extend(statements)
        graph = ox.DefaultGraph() if name is None else convert(name)
        quads.extend(ox.Quad(convert(s), convert(p), convert(o), graph) for s, p, o in statements)
    options = {}
    if syntax in _WITH_PREFIXES and prefixes:
        options["prefixes"] = _used(prefixes, everything + [(n,) for n in named])
    return _finish(syntax, ox.serialize(quads, format=_FORMATS[syntax], **options))
