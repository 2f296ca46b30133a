"""Write OWL axioms, given as RDF triples, in a readable Manchester-like form with labels.

Used by ``phtkg reason --explain`` so that an explanation reads like the knowledge
tables ("prolonged sitting SubClassOf aggravates some proximal hamstring tendinopathy")
instead of a list of triples. Terms are shown by their label where they have one, else
by their local name; constructs this module does not know fall back to plain triples.
"""

from __future__ import annotations

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"

_CHARACTERISTICS = {
    "FunctionalProperty": "Functional",
    "InverseFunctionalProperty": "InverseFunctional",
    "TransitiveProperty": "Transitive",
    "SymmetricProperty": "Symmetric",
    "AsymmetricProperty": "Asymmetric",
    "ReflexiveProperty": "Reflexive",
    "IrreflexiveProperty": "Irreflexive",
}
_BINARY = {
    RDFS + "subClassOf": "SubClassOf",
    OWL + "equivalentClass": "EquivalentTo",
    OWL + "disjointWith": "DisjointWith",
    RDFS + "domain": "Domain",
    RDFS + "range": "Range",
    RDFS + "subPropertyOf": "SubPropertyOf",
    OWL + "inverseOf": "InverseOf",
    OWL + "equivalentProperty": "EquivalentTo",
    OWL + "propertyDisjointWith": "DisjointWith",
    OWL + "sameAs": "SameAs",
    OWL + "differentFrom": "DifferentFrom",
}
_NARY = {
    OWL + "AllDisjointClasses": "DisjointClasses",
    OWL + "AllDifferent": "DifferentIndividuals",
    OWL + "AllDisjointProperties": "DisjointProperties",
}
_RESTRICTIONS = {
    OWL + "someValuesFrom": "some",
    OWL + "allValuesFrom": "only",
    OWL + "hasValue": "value",
}
_CARDINALITIES = {
    OWL + "minCardinality": "min",
    OWL + "maxCardinality": "max",
    OWL + "cardinality": "exactly",
    OWL + "minQualifiedCardinality": "min",
    OWL + "maxQualifiedCardinality": "max",
    OWL + "qualifiedCardinality": "exactly",
}
_FACETS = {
    XSD + "minInclusive": ">=",
    XSD + "maxInclusive": "<=",
    XSD + "minExclusive": ">",
    XSD + "maxExclusive": "<",
    XSD + "length": "length",
    XSD + "pattern": "pattern",
}


class Renderer:
    """Renders terms and axioms of one graph, naming entities by ``labels``."""

    def __init__(self, graph, labels: dict[str, str]):
        self.graph = graph
        self.labels = labels

    # -- terms ---------------------------------------------------------------------------
    def name(self, term) -> str:
        from rdflib import BNode, Literal

        if isinstance(term, Literal):
            if term.language:
                return f'"{term}"@{term.language}'
            if term.datatype and str(term.datatype) not in (XSD + "string",):
                return f'"{term}"^^{self.name(term.datatype)}'
            return f'"{term}"'
        if isinstance(term, BNode):
            return self.expression(term)
        text = str(term)
        if text in self.labels:
            return self.labels[text]
        for prefix, namespace in (("owl", OWL), ("rdf", RDF), ("rdfs", RDFS), ("xsd", XSD)):
            if text.startswith(namespace):
                return f"{prefix}:{text[len(namespace) :]}"
        local = text.rsplit("#", 1)[-1] if "#" in text else text.rstrip("/").rsplit("/", 1)[-1]
        return local or f"<{text}>"

    def _one(self, node, predicate: str):
        from rdflib import URIRef

        return self.graph.value(node, URIRef(predicate))

    def _list(self, head) -> list:
        from rdflib.collection import Collection

        try:
            return list(Collection(self.graph, head))
        except Exception:  # a malformed list is shown as what it is
            return [head]

    def expression(self, node, nested: bool = False) -> str:
        """A class expression, data range or property expression rooted at a blank node."""
        text = self._expression(node)
        return f"({text})" if nested and (" and " in text or " or " in text) else text

    def _expression(self, node) -> str:
        one = lambda predicate: self._one(node, predicate)  # noqa: E731
        prop = one(OWL + "onProperty")
        if prop is not None:
            prop_name = self.name(prop)
            for predicate, word in _RESTRICTIONS.items():
                value = one(predicate)
                if value is not None:
                    return f"{prop_name} {word} {self._operand(value)}"
            for predicate, word in _CARDINALITIES.items():
                value = one(predicate)
                if value is not None:
                    filler = one(OWL + "onClass") or one(OWL + "onDataRange")
                    tail = f" {self._operand(filler)}" if filler is not None else ""
                    return f"{prop_name} {word} {value}{tail}"
            if one(OWL + "hasSelf") is not None:
                return f"{prop_name} Self"
        for predicate, word in ((OWL + "intersectionOf", " and "), (OWL + "unionOf", " or ")):
            members = one(predicate)
            if members is not None:
                return word.join(self._operand(m) for m in self._list(members))
        complement = one(OWL + "complementOf") or one(OWL + "datatypeComplementOf")
        if complement is not None:
            return f"not {self._operand(complement)}"
        members = one(OWL + "oneOf")
        if members is not None:
            return "{" + ", ".join(self.name(m) for m in self._list(members)) + "}"
        inverse = one(OWL + "inverseOf")
        if inverse is not None:
            return f"inverse {self.name(inverse)}"
        datatype = one(OWL + "onDatatype")
        if datatype is not None:
            facets = []
            for facet in self._list(one(OWL + "withRestrictions")):
                for p, o in self.graph.predicate_objects(facet):
                    facets.append(f"{_FACETS.get(str(p), self.name(p))} {self.name(o)}")
            return f"{self.name(datatype)}[{', '.join(facets)}]"
        return (
            "["
            + "; ".join(
                f"{self.name(p)} {self.name(o)}"
                for p, o in self.graph.predicate_objects(node)
                if str(p) != RDF + "type"
            )
            + "]"
        )

    def _operand(self, term) -> str:
        from rdflib import BNode

        return self.expression(term, nested=True) if isinstance(term, BNode) else self.name(term)

    # -- axioms --------------------------------------------------------------------------
    def axiom(self, subject, predicate, obj) -> str:
        """One axiom, given by its root triple (blank-node parts are read from the graph)."""
        from rdflib import BNode

        p = str(predicate)
        if isinstance(subject, BNode) and p == RDF + "type" and str(obj) in _NARY:
            members = self._one(subject, OWL + "members") or self._one(
                subject, OWL + "distinctMembers"
            )
            names = ", ".join(self.name(m) for m in self._list(members)) if members else "?"
            return f"{_NARY[str(obj)]}: {names}"
        if isinstance(subject, BNode) and str(obj) == OWL + "NegativePropertyAssertion":
            source = self._one(subject, OWL + "sourceIndividual")
            prop = self._one(subject, OWL + "assertionProperty")
            target = self._one(subject, OWL + "targetIndividual") or self._one(
                subject, OWL + "targetValue"
            )
            return f"not ({self.name(source)} {self.name(prop)} {self.name(target)})"
        left = self._operand(subject)
        if p == RDF + "type":
            characteristic = str(obj).replace(OWL, "")
            if characteristic in _CHARACTERISTICS:
                return f"{left} is {_CHARACTERISTICS[characteristic]}"
            return f"{left} Type {self._operand(obj)}"
        if p in _BINARY:
            return f"{left} {_BINARY[p]} {self._operand(obj)}"
        if p == OWL + "propertyChainAxiom":
            return f"{left} SubPropertyChain {' o '.join(self.name(m) for m in self._list(obj))}"
        if p == OWL + "disjointUnionOf":
            return f"{left} DisjointUnionOf {', '.join(self.name(m) for m in self._list(obj))}"
        if p == OWL + "hasKey":
            return f"{left} HasKey ({', '.join(self.name(m) for m in self._list(obj))})"
        if p in (OWL + "intersectionOf", OWL + "unionOf", OWL + "oneOf", OWL + "complementOf"):
            return f"{left} EquivalentTo {self.expression(subject)}"
        return f"{left} {self.name(predicate)} {self._operand(obj)}"
