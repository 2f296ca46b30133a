"""The graph as KGX (the Biolink Model's exchange format): a node table and an edge table.

Nodes are the project's terms (every class under a category of docs/model.md except the
provenance classes under ``pht:InformationResource`` and the case record with the case rules
generated below it), each with one Biolink category
chosen per top category (:data:`CATEGORIES`). Edges are the relationships (existential
restrictions) and the links between named classes, each with the Biolink predicate that
the ``biolink_predicate`` column of ontology/src/properties.tsv gives its relation (an
empty cell: ``biolink:related_to_at_instance_level``). Where Biolink restricts a
predicate's domain or range, the cell names the categories it may join, and an edge whose
ends fall outside them gets the next, more general predicate in the cell;
``original_predicate`` always keeps the project's own property. Every edge says where it
comes from and how it is known (:mod:`phtkg.evidence`): a fact a document states has that
document as ``primary_knowledge_source`` (Biolink allows one: where several documents
state it, the first by key; all are in ``publications``) and phtkg as
``aggregator_knowledge_source``, a ``knowledge_assertion`` by a ``manual_agent``; a fact
the project inferred or took from standard anatomy has phtkg as its primary source; one
the reasoner entailed (``--inferred``) is a ``logical_entailment`` by an
``automated_agent``. ``has_evidence_of_type`` carries the ECO class.
docs/export.md explains the choices, including those where Biolink has no fitting
predicate.
"""

from __future__ import annotations

import uuid
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from .. import evidence, resources
from .. import namespaces as ns
from ..build.tables import BiolinkChoice, biolink_predicates
from . import facts

NODE_COLUMNS = ["id", "category", "name", "description", "synonym", "xref", "provided_by"]
EDGE_COLUMNS = [
    "id",
    "subject",
    "predicate",
    "object",
    "original_predicate",
    "primary_knowledge_source",
    "aggregator_knowledge_source",
    "knowledge_level",
    "agent_type",
    "has_evidence_of_type",
    "publications",
]
KNOWLEDGE_SOURCE = "infores:phtkg"
EXCLUDED_CATEGORIES = {"InformationResource", "CaseRecord"}

#: Biolink category for the terms under each top category of the ontology.
CATEGORIES = {
    "AnatomicalEntity": "biolink:AnatomicalEntity",
    "Disorder": "biolink:Disease",
    "TendonStage": "biolink:DiseaseOrPhenotypicFeature",
    "ClinicalFeature": "biolink:PhenotypicFeature",
    "RiskFactor": "biolink:ExposureEvent",
    "Activity": "biolink:Behavior",
    "LoadType": "biolink:Attribute",
    "DiagnosticProcedure": "biolink:Procedure",
    "Intervention": "biolink:Treatment",
    "RehabilitationPhase": "biolink:Procedure",
    "Population": "biolink:PopulationOfIndividualOrganisms",
    "MechanismOrEffect": "biolink:BiologicalProcess",
    "Consideration": "biolink:NamedThing",
    "Outcome": "biolink:ClinicalAttribute",
    "Measure": "biolink:ClinicalMeasurement",
}

#: Categories whose Biolink class is an ontology class (the domain of subclass_of).
_ONTOLOGY_CLASSES = frozenset(CATEGORIES) - {
    "DiagnosticProcedure",
    "RehabilitationPhase",
    "Population",
    "Consideration",
}
_GENERAL = "biolink:related_to_at_instance_level"
#: The subclass links are the class hierarchy, not a relation of the properties table.
SUBCLASS_CHOICES = [
    BiolinkChoice("biolink:subclass_of", _ONTOLOGY_CLASSES, _ONTOLOGY_CLASSES),
    BiolinkChoice("biolink:related_to_at_concept_level"),
]


@cache
def predicate_choices() -> dict[str, list[BiolinkChoice]]:
    """Each relation's Biolink predicate choices: the properties table's biolink_predicate."""
    return {**biolink_predicates(resources.tables_dir()), "subClassOf": SUBCLASS_CHOICES}


def predicate_for(relation: URIRef, subject_category: str, object_category: str) -> str:
    """The Biolink predicate for one edge: the first choice whose categories fit."""
    for choice in predicate_choices().get(ns.local_name(relation), []):
        if choice.fits(subject_category, object_category):
            return choice.predicate
    return _GENERAL


def document_source(document: URIRef) -> str:
    """The information-resource id of one source document (``infores:phtkg-000``)."""
    return f"infores:phtkg-{ns.local_name(document).partition('_')[0]}"


def _provenance(fact: facts.Relationship, entailed: bool) -> dict:
    """An edge's knowledge sources, knowledge level, agent type and evidence; a link with
    no provenance at all is the project's own (an editorial placement)."""
    if entailed:
        kind = evidence.BY_NAME["entailed"]
    elif evidence.stated(fact.evidence) and fact.documents:
        kind = evidence.DOCUMENT
    elif fact.evidence:
        kind = evidence.BY_NAME[fact.evidence[0]]
    else:
        kind = evidence.BY_NAME["project"]
    stated = kind is evidence.DOCUMENT
    return {
        "primary_knowledge_source": (
            document_source(min(fact.documents)) if stated else KNOWLEDGE_SOURCE
        ),
        "aggregator_knowledge_source": KNOWLEDGE_SOURCE if stated else "",
        "knowledge_level": kind.knowledge_level,
        "agent_type": kind.agent_type,
        "has_evidence_of_type": facts.curie(kind.eco),
    }


def _cell(values) -> str:
    """A KGX TSV cell: whitespace folded, lists joined with '|'."""
    if isinstance(values, (list, tuple)):
        return "|".join(" ".join(str(v).split()) for v in values)
    return " ".join(str(values).split())


def _table(columns: list[str], rows: list[dict]) -> bytes:
    lines = ["\t".join(columns)]
    lines.extend("\t".join(_cell(row.get(column, "")) for column in columns) for row in rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


def nodes_and_edges(graph: Graph, inferred=frozenset()) -> tuple[list[dict], list[dict]]:
    """KGX node and edge rows, sorted; ``inferred`` are statements a reasoner added."""
    labels = facts.labels(graph)
    category = {cls: ns.local_name(top) for cls, top in facts.category_of(graph).items()}
    xrefs: dict[URIRef, list[str]] = {}
    for term, _strength, target in facts.cross_references(graph):
        xrefs.setdefault(term, []).append(facts.curie(target))
    definition = URIRef(ns.SKOS + "definition")
    alt_label = URIRef(ns.SKOS + "altLabel")
    nodes, kept = [], set()
    for cls, top in sorted(category.items()):
        if top in EXCLUDED_CATEGORIES or top not in CATEGORIES:
            continue
        kept.add(cls)
        nodes.append(
            {
                "id": facts.curie(cls),
                "category": CATEGORIES[top],
                "name": labels.get(cls, ""),
                "description": str(graph.value(cls, definition) or ""),
                "synonym": sorted(str(s) for s in graph.objects(cls, alt_label)),
                "xref": sorted(set(xrefs.get(cls, []))),
                "provided_by": [KNOWLEDGE_SOURCE],
            }
        )
    edges = []
    for fact in facts.relationships(graph, subclass_links=True):
        if fact.subject not in kept or fact.object not in kept:
            continue
        entailed = fact.relation == RDFS.subClassOf and (
            (fact.subject, RDFS.subClassOf, fact.object) in inferred
        )
        predicate = predicate_for(fact.relation, category[fact.subject], category[fact.object])
        subject, obj = facts.curie(fact.subject), facts.curie(fact.object)
        edges.append(
            {
                "id": "urn:uuid:"
                + str(
                    uuid.uuid5(uuid.NAMESPACE_URL, f"{fact.subject} {fact.relation} {fact.object}")
                ),
                "subject": subject,
                "predicate": predicate,
                "object": obj,
                "original_predicate": facts.curie(fact.relation),
                **_provenance(fact, entailed),
                "publications": sorted(facts.curie(d) for d in fact.documents),
            }
        )
    edges.sort(key=lambda e: (e["subject"], e["predicate"], e["object"], e["original_predicate"]))
    return nodes, edges


def to_kgx(graph: Graph, inferred=frozenset()) -> dict[str, bytes]:
    """{"nodes": TSV bytes, "edges": TSV bytes}."""
    nodes, edges = nodes_and_edges(graph, inferred)
    return {"nodes": _table(NODE_COLUMNS, nodes), "edges": _table(EDGE_COLUMNS, edges)}
