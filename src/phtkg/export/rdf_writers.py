"""Deterministic writers for the RDF syntaxes.

rdflib writes N-Triples, N-Quads, TriG and JSON-LD in the order of its in-memory sets,
which changes from run to run, and its TriG writer nests a blank node that is used once
in a graph as ``[ … ]``: that is wrong when the same blank node is shared by several
named graphs (a restriction supported by two documents), because each ``[ … ]`` would be
read back as a new node. So these writers sort everything they write and always write
blank nodes by label. RDF/XML comes from :mod:`phtkg.build.rdfxml`. The graphs handed in
must already carry stable blank node labels (:func:`phtkg.export.canonical.relabelled`).

Each syntax of :mod:`phtkg.store.syntaxes` that is exported names its writer here. A
writer is called with the graph and the prefixes to use, or, for a syntax with named
graphs, with the default graph, the named graphs and the prefixes; it returns the bytes.
A syntax without prefixes ignores them.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from .. import namespaces as ns
from .canonical import term_key

_SAFE_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}


def prefixes_of(graph: Graph) -> dict[str, str]:
    """The graph's prefixes whose namespaces end in '/' or '#', so CURIEs stay unambiguous."""
    found = {
        prefix: str(namespace)
        for prefix, namespace in graph.namespaces()
        if prefix and str(namespace)[-1:] in "/#"
    }
    found.update({p: n for p, n in ns.PREFIXES.items() if p not in found})
    return dict(sorted(found.items()))


def _quoted(text: str) -> str:
    return '"' + "".join(_ESCAPES.get(char, char) for char in text) + '"'


def nt_term(term) -> str:
    """A term in N-Triples syntax; literals keep their exact datatype (xsd:string too)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if term.language:
        return f"{_quoted(str(term))}@{term.language}"
    if term.datatype:
        return f"{_quoted(str(term))}^^<{term.datatype}>"
    return _quoted(str(term))


class _Compactor:
    """Write IRIs as CURIEs where the local part needs no escaping."""

    def __init__(self, prefixes: dict[str, str]):
        self.namespaces = sorted(prefixes.items(), key=lambda item: (-len(item[1]), item[0]))
        self.used: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        for prefix, namespace in self.namespaces:
            if iri.startswith(namespace) and _SAFE_LOCAL.match(iri[len(namespace) :]):
                self.used[prefix] = namespace
                return f"{prefix}:{iri[len(namespace) :]}"
        return f"<{iri}>"

    def term(self, term) -> str:
        if isinstance(term, URIRef):
            return self.iri(str(term))
        if isinstance(term, Literal) and term.datatype and not term.language:
            return f"{_quoted(str(term))}^^{self.iri(str(term.datatype))}"
        return nt_term(term)


def ntriples(triples, prefixes: dict[str, str] | None = None) -> bytes:
    lines = sorted({" ".join(nt_term(t) for t in triple) + " .\n" for triple in triples})
    return "".join(lines).encode("utf-8")


def nquads(default, named: dict, prefixes: dict[str, str] | None = None) -> bytes:
    """N-Quads: the default graph's triples, then each named graph's, sorted by line."""
    lines = {" ".join(nt_term(t) for t in triple) + " .\n" for triple in default}
    for name, triples in named.items():
        lines |= {
            " ".join(nt_term(t) for t in triple) + f" {nt_term(name)} .\n" for triple in triples
        }
    return "".join(sorted(lines)).encode("utf-8")


def _turtle_block(triples, compactor: _Compactor, indent: str) -> list[str]:
    """Statements grouped by subject, in Turtle syntax, blank nodes always by label."""
    by_subject: dict = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        by_subject[s][p].append(o)
    lines = []
    for subject in sorted(by_subject, key=term_key):
        predicates = by_subject[subject]
        parts = []
        for predicate in sorted(predicates, key=lambda p: (p != RDF.type, term_key(p))):
            verb = "a" if predicate == RDF.type else compactor.term(predicate)
            objects = ", ".join(
                compactor.term(o) for o in sorted(predicates[predicate], key=term_key)
            )
            parts.append(f"{verb} {objects}")
        lines.append(f"{indent}{compactor.term(subject)} " + f" ;\n{indent}    ".join(parts) + " .")
    return lines


def trig(default, named: dict, prefixes: dict[str, str]) -> bytes:
    """TriG: the default graph at the top level, then one GRAPH block per name, sorted."""
    compactor = _Compactor(prefixes)
    lines = _turtle_block(default, compactor, "")
    for name in sorted(named, key=term_key):
        lines.append("")
        lines.append(f"GRAPH {compactor.term(name)} {{")
        lines.extend(_turtle_block(named[name], compactor, "  "))
        lines.append("}")
    header = [
        f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in sorted(compactor.used.items())
    ]
    return ("\n".join(header + [""] + lines) + "\n").encode("utf-8")


def turtle(graph: Graph, prefixes: dict[str, str] | None = None) -> bytes:
    """Turtle: statements grouped by subject, blank nodes by label, literals verbatim.

    rdflib's Turtle writer rewrites some literals (``"3"^^xsd:decimal`` becomes ``3.0``,
    another RDF term), so the export writes Turtle itself: TriG without named graphs.
    """
    return trig(graph, {}, prefixes if prefixes is not None else prefixes_of(graph))


def rdfxml(graph: Graph, prefixes: dict[str, str] | None = None) -> bytes:
    from phtkg.build.rdfxml import serialize_rdfxml

    return serialize_rdfxml(graph)


def jsonld(graph: Graph, prefixes: dict[str, str]) -> bytes:
    """Flattened JSON-LD: one node object per subject, every value an explicit object.

    Explicit value objects (``{"@value": …, "@type": …}``) keep each literal's exact
    datatype through any JSON-LD processor; only IRIs in namespaces ending in '/' or '#'
    are written as CURIEs, which JSON-LD 1.0 and 1.1 expand alike.
    """
    namespaces = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def curie(iri) -> str:
        for prefix, namespace in namespaces:
            if (
                str(iri).startswith(namespace)
                and len(str(iri)) > len(namespace)
                and not str(iri)[len(namespace) :].startswith("//")
            ):
                return f"{prefix}:{str(iri)[len(namespace) :]}"
        return str(iri)

    def node_id(term) -> str:
        return f"_:{term}" if isinstance(term, BNode) else curie(term)

    def value(term) -> dict:
        if not isinstance(term, Literal):
            return {"@id": node_id(term)}
        if term.language:
            return {"@value": str(term), "@language": term.language}
        if term.datatype:
            return {"@value": str(term), "@type": curie(term.datatype)}
        return {"@value": str(term)}

    nodes = []
    for subject in sorted(set(graph.subjects()), key=term_key):
        node: dict = {"@id": node_id(subject)}
        statements = sorted(
            graph.predicate_objects(subject), key=lambda po: (term_key(po[0]), term_key(po[1]))
        )
        types = [o for p, o in statements if p == RDF.type and isinstance(o, URIRef)]
        if types:
            node["@type"] = [curie(o) for o in types]
        for predicate, obj in statements:
            if predicate == RDF.type and isinstance(obj, URIRef):
                continue
            node.setdefault(curie(predicate), []).append(value(obj))
        nodes.append(node)
    used = {
        prefix: namespace
        for prefix, namespace in prefixes.items()
        if any(key.startswith(prefix + ":") for key in json.dumps(nodes).split('"'))
    }
    document = {"@context": used, "@graph": nodes}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
