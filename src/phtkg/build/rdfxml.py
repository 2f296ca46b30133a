"""A deterministic RDF/XML writer.

rdflib writes RDF/XML in the order of its in-memory sets, which changes from run to run;
the build must give the same bytes every time, so this writer sorts subjects and
statements and writes the flat ``rdf:Description`` form that every RDF/XML parser reads.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef

_XML_NAME_START = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_XML_NAME_CHARS = _XML_NAME_START | set("0123456789-.")


def _split_predicate(iri: str, namespaces: dict[str, str]) -> tuple[str, str]:
    """Split a predicate IRI into a declared namespace prefix and an XML local name."""
    best = None
    for prefix, namespace in namespaces.items():
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if local and local[0] in _XML_NAME_START and set(local) <= _XML_NAME_CHARS:
                if best is None or len(namespace) > len(namespaces[best[0]]):
                    best = (prefix, local)
    if best is None:
        raise ValueError(f"cannot write predicate {iri} as an XML element name")
    return best


def _sort_key(term) -> tuple:
    kind = {URIRef: 0, BNode: 1, Literal: 2}[type(term)]
    if isinstance(term, Literal):
        return (kind, str(term), term.language or "", str(term.datatype or ""))
    return (kind, str(term), "", "")


def serialize_rdfxml(graph: Graph) -> bytes:
    """Serialise ``graph`` as RDF/XML with a stable order of subjects and statements."""
    namespaces = {prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix}
    used: dict[str, str] = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
    lines: list[str] = []
    for subject in sorted(set(graph.subjects()), key=_sort_key):
        if isinstance(subject, BNode):
            lines.append(f"  <rdf:Description rdf:nodeID={quoteattr(str(subject))}>")
        else:
            lines.append(f"  <rdf:Description rdf:about={quoteattr(str(subject))}>")
        statements = sorted(
            graph.predicate_objects(subject), key=lambda po: (str(po[0]), _sort_key(po[1]))
        )
        for predicate, obj in statements:
            prefix, local = _split_predicate(str(predicate), namespaces)
            used[prefix] = namespaces[prefix]
            name = f"{prefix}:{local}"
            if isinstance(obj, URIRef):
                lines.append(f"    <{name} rdf:resource={quoteattr(str(obj))}/>")
            elif isinstance(obj, BNode):
                lines.append(f"    <{name} rdf:nodeID={quoteattr(str(obj))}/>")
            else:
                attributes = ""
                if obj.language:
                    attributes = f" xml:lang={quoteattr(obj.language)}"
                elif obj.datatype:
                    attributes = f" rdf:datatype={quoteattr(str(obj.datatype))}"
                lines.append(f"    <{name}{attributes}>{escape(str(obj))}</{name}>")
        lines.append("  </rdf:Description>")
    declarations = "".join(
        f"\n    xmlns:{prefix}={quoteattr(namespace)}" for prefix, namespace in sorted(used.items())
    )
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f"<rdf:RDF{declarations}>\n" + "\n".join(lines) + "\n</rdf:RDF>\n"
    )
    return text.encode("utf-8")
