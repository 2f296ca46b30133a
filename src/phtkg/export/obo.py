"""The graph as an OBO flat file and as OBO Graphs JSON, written by pronto.

Many OBO tools (OBO-Edit's heirs, ontology browsers, Bioconductor packages, scripts that
parse ``[Term]`` stanzas) read only these two formats. pronto, the OBO library of Python,
writes both from an ontology built here term by term:

* every named class is a ``[Term]``: its label as ``name``, its definition with the
  sections that state it as the definition's xrefs, its synonyms with their OBO scope
  (the ``oboInOwl`` synonym property the build writes by the synonym's type; a
  plain ``skos:altLabel`` of a graph without them is RELATED), its exact
  cross-references as ``xref`` and the other match strengths as ``property_value``;
* ``is_a`` for each named superclass, ``relationship`` for each existential restriction
  (every member of the class stands in that relation), each relation a ``[Typedef]``;
* a fact about a class as a whole (docs/model.md, "scope class") is a ``property_value``,
  so an OBO reader does not take it to hold for every member.

The provenance of each relationship (documents, evidence, advice strength) has no place
in OBO; it travels in the RDF and KGX exports. pronto 2.7's OBO Graphs writer leaves
synonyms out, so they are added to its JSON here, in the OBO Graphs synonym form.
"""

from __future__ import annotations

import io
import json
import warnings

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from .. import namespaces as ns
from . import facts

IAO_DEFINITION = URIRef(ns.IAO_DEFINITION)
SKOS_DEFINITION = URIRef(ns.SKOS + "definition")
SKOS_ALT_LABEL = URIRef(ns.SKOS + "altLabel")
PHT_CITATION = URIRef(ns.PHT + "citation")
#: The OBO scope of each synonym property (``EXACT`` for oboInOwl:hasExactSynonym, …).
SYNONYM_SCOPES = {URIRef(iri): kind.upper() for kind, iri in ns.SYNONYM_PROPERTIES.items()}
#: The OBO Graphs ``pred`` of each scope (``hasExactSynonym``, …).
_GRAPHS_SYNONYM = {scope: ns.local_name(iri) for iri, scope in SYNONYM_SCOPES.items()}


def _definition_sections(graph: Graph) -> dict[tuple[URIRef, str], list[str]]:
    """The cited sections of each (class, definition text), from the axiom annotations."""
    found: dict[tuple[URIRef, str], list[str]] = {}
    for axiom in graph.subjects(OWL.annotatedProperty, SKOS_DEFINITION):
        source = graph.value(axiom, OWL.annotatedSource)
        target = graph.value(axiom, OWL.annotatedTarget)
        sections = sorted(str(s) for s in graph.objects(axiom, PHT_CITATION))
        if isinstance(source, URIRef) and target is not None:
            found[(source, str(target))] = sections
    return found


def _synonyms(graph: Graph, cls: URIRef) -> dict[str, str]:
    """{synonym: OBO scope}: the typed synonyms, else the SKOS alternative labels."""
    typed = {
        str(text): scope
        for predicate, scope in SYNONYM_SCOPES.items()
        for text in graph.objects(cls, predicate)
    }
    if typed:
        return typed
    return {str(text): "RELATED" for text in graph.objects(cls, SKOS_ALT_LABEL)}


def build_ontology(graph: Graph):
    """A ``pronto.Ontology`` of the graph's named classes and the relations between them."""
    import pronto

    ontology = pronto.Ontology()
    ontology.metadata.ontology = "phtkg"
    version = graph.value(URIRef(ns.ONTOLOGY_IRI), OWL.versionInfo)
    if version is not None:
        ontology.metadata.data_version = str(version)
    for prefix in ("pht", "phtsrc"):
        ontology.metadata.idspaces[prefix] = (ns.PREFIXES[prefix], f"{prefix}: phtkg")
    labels = facts.labels(graph)
    sections = _definition_sections(graph)
    classes = sorted(facts.named_classes(graph))
    terms = {cls: ontology.create_term(facts.curie(cls)) for cls in classes}
    for cls, term in terms.items():
        if cls in labels:
            term.name = labels[cls]
        definition = graph.value(cls, IAO_DEFINITION) or graph.value(cls, SKOS_DEFINITION)
        if definition is not None:
            xrefs = {pronto.Xref(s) for s in sections.get((cls, str(definition)), [])}
            term.definition = pronto.Definition(str(definition), xrefs=xrefs)
        for text, scope in sorted(_synonyms(graph, cls).items()):
            term.add_synonym(text, scope=scope)
        for parent in sorted(facts.parents(graph).get(cls, ())):
            if parent in terms:
                term.superclasses(distance=1).add(terms[parent])
    xrefs: dict[URIRef, set] = {}
    for subject, strength, target in facts.cross_references(graph):
        target_id = facts.curie(target)
        if subject not in terms or target_id == str(target):
            continue
        if strength == "exact":
            xrefs.setdefault(subject, set()).add(pronto.Xref(target_id))
        else:
            terms[subject].annotations.add(
                pronto.ResourcePropertyValue(f"skos:{strength}Match", target_id)
            )
    for subject, found in xrefs.items():
        terms[subject].xrefs = frozenset(found)
    relations: dict[URIRef, object] = {}
    targets: dict[tuple[URIRef, URIRef], set] = {}
    for fact in facts.relationships(graph, provenance=False):
        if fact.subject not in terms or fact.object not in terms:
            continue
        if fact.relation not in relations:
            relation = ontology.create_relationship(facts.curie(fact.relation))
            relation.name = labels.get(fact.relation, ns.local_name(fact.relation))
            relations[fact.relation] = relation
        if fact.scope == "class":
            terms[fact.subject].annotations.add(
                pronto.ResourcePropertyValue(facts.curie(fact.relation), facts.curie(fact.object))
            )
        else:
            targets.setdefault((fact.subject, fact.relation), set()).add(terms[fact.object])
    for (subject, relation), objects in sorted(targets.items()):
        terms[subject].relationships[relations[relation]] = frozenset(objects)
    return ontology


def _sorted_clauses(text: str) -> str:
    """pronto writes the clauses of one tag (synonyms, relationships) in the order of a
    set, which changes from run to run; each run of lines with the same tag is sorted."""
    lines, run = [], []

    def flush():
        lines.extend(sorted(run))
        run.clear()

    for line in text.splitlines():
        tag = line.split(":", 1)[0] if ": " in line else None
        if run and (tag is None or tag != run[0].split(":", 1)[0]):
            flush()
        if tag is None:
            lines.append(line)
        else:
            run.append(line)
    flush()
    return "\n".join(lines) + "\n"


def to_obo(graph: Graph) -> bytes:
    """The OBO 1.4 flat file."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _sorted_clauses(build_ontology(graph).dumps(format="obo")).encode("utf-8")


def _sorted_lists(value):
    """Every list in an OBO Graphs document sorted (pronto writes sets in their order)."""
    if isinstance(value, dict):
        return {key: _sorted_lists(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_sorted_lists(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value


def to_obojson(graph: Graph) -> bytes:
    """OBO Graphs JSON, pronto's, with the synonyms pronto leaves out added."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ontology = build_ontology(graph)
        buffer = io.BytesIO()
        ontology.dump(buffer, format="json")
    document = json.loads(buffer.getvalue())
    by_iri = {str(cls): cls for cls in facts.named_classes(graph)}
    for node in document["graphs"][0]["nodes"]:
        cls = by_iri.get(node["id"])
        if cls is None:
            continue
        meta = node.setdefault("meta", {}) or {}
        node["meta"] = meta
        meta["synonyms"] = [
            {"pred": _GRAPHS_SYNONYM[scope], "val": text, "xrefs": []}
            for text, scope in sorted(_synonyms(graph, cls).items())
        ]
    document["graphs"][0]["id"] = ns.ONTOLOGY_IRI
    document = _sorted_lists(document)
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
