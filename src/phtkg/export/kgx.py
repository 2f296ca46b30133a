"""The graph as KGX (the Biolink Model's exchange format): a node table, an edge table and
the JSON-LD context that declares every CURIE prefix the two tables use.

Nodes are the project's terms (every class under a category of docs/model.md except the
provenance classes under ``pht:InformationResource`` and the case record with the case rules
generated below it), each with one Biolink category chosen per top category
(:data:`CATEGORIES`). A term with exactly one exact cross-reference into a vocabulary that
Biolink names for its category (:data:`ID_PREFIXES`, in Biolink's order of preference) gets
that identifier as its id, so that the graph joins other Biolink graphs on it; its own
``pht:`` CURIE is then one of its ``xref``. Edges are the relationships (existential
restrictions) and the links between named classes, each with the Biolink predicate that
the ``biolink_predicate`` column of ontology/src/properties.tsv gives its relation (an
empty cell: ``biolink:related_to_at_instance_level``). Where Biolink restricts a
predicate's domain or range, the cell names the categories it may join, and an edge whose
ends fall outside them gets the next choice of the cell. KGX keys an edge on subject,
predicate and object, so two relations between the same two terms never share a
predicate: the second (by relation) takes its next choice that is still free, ending with
``biolink:related_to``. ``original_predicate`` always keeps the project's own property.
Every edge says where it comes from and how it is known (:mod:`phtkg.evidence`): a fact a
document states has that document as ``primary_knowledge_source`` (Biolink allows one:
where several documents state it, the first by key; all are in ``publications``) and
phtkg as ``aggregator_knowledge_source``, a ``knowledge_assertion`` by a
``manual_agent``; a fact the project inferred or took from standard anatomy has phtkg as
its primary source; one the reasoner entailed (``--inferred``) is a
``logical_entailment`` by an ``automated_agent``. ``has_evidence_of_type`` carries the ECO
class. docs/export.md explains the choices, including those where Biolink has no fitting
predicate.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter, defaultdict
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
#: The columns whose values are CURIEs, whose prefixes the context declares (an edge's id
#: is a URN).
NODE_CURIE_COLUMNS = ("id", "category", "xref", "provided_by")
EDGE_CURIE_COLUMNS = (
    "subject",
    "predicate",
    "object",
    "original_predicate",
    "primary_knowledge_source",
    "aggregator_knowledge_source",
    "has_evidence_of_type",
    "publications",
)
KNOWLEDGE_SOURCE = "infores:phtkg"
#: Namespaces of the prefixes the tables use that phtkg.namespaces does not hold.
BIOLINK_PREFIXES = {
    "biolink": "https://w3id.org/biolink/vocab/",
    "infores": "https://w3id.org/biolink/infores/",
}
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

#: Biolink's ``id_prefixes`` (biolink-model 4.4) of the categories above that name any: the
#: vocabularies whose identifiers Biolink expects for the category, the preferred first.
ID_PREFIXES = {
    category: tuple(prefixes.split())
    for category, prefixes in {
        "biolink:AnatomicalEntity": "UBERON GO CL UMLS MESH NCIT EMAPA ZFA FBbt WBbt FMA",
        "biolink:Attribute": "EDAM-DATA EDAM-FORMAT EDAM-OPERATION EDAM-TOPIC",
        "biolink:BiologicalProcess": "GO REACT metacyc.reaction KEGG.MODULE KEGG UMLS",
        "biolink:Disease": "MONDO DOID OMIM OMIM.PS ORDO EFO UMLS MESH MEDDRA NCIT SNOMEDCT "
        "medgen icd11 icd11.foundation ICD10 ICD9 KEGG.DISEASE HP MP PHARMGKB.DISEASE",
        "biolink:PhenotypicFeature": "HP EFO NCIT UMLS MEDDRA MP ZP UPHENO APO FBcv WBPhenotype "
        "SNOMEDCT MESH XPO FYPO TO",
        "biolink:PopulationOfIndividualOrganisms": "HANCESTRO",
        "biolink:Procedure": "CPT MAXO",
    }.items()
}

#: Categories whose Biolink class is an ontology class (the domain of subclass_of).
_ONTOLOGY_CLASSES = frozenset(CATEGORIES) - {
    "DiagnosticProcedure",
    "RehabilitationPhase",
    "Population",
    "Consideration",
}
_GENERAL = "biolink:related_to_at_instance_level"
#: The root of Biolink's predicates: the last choice of every relation.
_ROOT = "biolink:related_to"
#: The subclass links are the class hierarchy, not a relation of the properties table.
SUBCLASS_CHOICES = [
    BiolinkChoice("biolink:subclass_of", _ONTOLOGY_CLASSES, _ONTOLOGY_CLASSES),
    BiolinkChoice("biolink:related_to_at_concept_level"),
]


@cache
def predicate_choices() -> dict[str, list[BiolinkChoice]]:
    """Each relation's Biolink predicate choices: the properties table's biolink_predicate."""
    return {**biolink_predicates(resources.tables_dir()), "subClassOf": SUBCLASS_CHOICES}


def predicates_for(relation: URIRef, subject_category: str, object_category: str) -> list[str]:
    """The Biolink predicates one edge may take, the most specific first: the choices whose
    categories fit, then the general predicate (for a relation of the table) and the root."""
    choices = predicate_choices().get(ns.local_name(relation), [])
    fitting = [c.predicate for c in choices if c.fits(subject_category, object_category)]
    if relation != RDFS.subClassOf:
        fitting.append(_GENERAL)
    return list(dict.fromkeys([*fitting, _ROOT]))


def assign_predicates(
    relationships: list[facts.Relationship], category: dict[URIRef, str]
) -> dict[facts.Relationship, str]:
    """Each fact's Biolink predicate, no two facts between the same two terms sharing one
    (KGX would merge them): by relation, each takes its first choice still free.

    Raises ValueError when a fact has no free choice left.
    """
    by_pair: dict[tuple[URIRef, URIRef], list[facts.Relationship]] = defaultdict(list)
    for fact in relationships:
        by_pair[(fact.subject, fact.object)].append(fact)
    chosen = {}
    for (subject, obj), group in by_pair.items():
        taken: set[str] = set()
        for fact in sorted(group, key=lambda f: str(f.relation)):
            free = [
                p
                for p in predicates_for(fact.relation, category[subject], category[obj])
                if p not in taken
            ]
            if not free:
                raise ValueError(
                    f"{facts.curie(subject)} and {facts.curie(obj)}: every Biolink predicate of "
                    f"{facts.curie(fact.relation)} is taken by another relation between them; "
                    "give it a more specific biolink_predicate in ontology/src/properties.tsv"
                )
            chosen[fact] = free[0]
            taken.add(free[0])
    return chosen


def node_ids(category: dict[URIRef, str], exact: dict[URIRef, list[str]]) -> dict[URIRef, str]:
    """Each term's KGX id: of the vocabularies :data:`ID_PREFIXES` names for its Biolink
    category, take the first that it has exact cross-references into; if it has exactly one
    there, that is its id, else (or with none) its own CURIE.

    Two terms never share an id: an identifier that two terms would take stays with
    neither.
    """
    external = {}
    for term, biolink_category in category.items():
        for prefix in ID_PREFIXES.get(biolink_category, ()):
            into = [xref for xref in exact.get(term, ()) if xref.partition(":")[0] == prefix]
            if into:
                if len(into) == 1:
                    external[term] = into[0]
                break
    shared = {xref for xref, count in Counter(external.values()).items() if count > 1}
    ids = {term: facts.curie(term) for term in category}
    ids.update({term: xref for term, xref in external.items() if xref not in shared})
    return ids


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
    top_of = {cls: ns.local_name(top) for cls, top in facts.category_of(graph).items()}
    kept = {
        cls: top
        for cls, top in sorted(top_of.items())
        if top not in EXCLUDED_CATEGORIES and top in CATEGORIES
    }
    xrefs: dict[URIRef, list[str]] = defaultdict(list)
    exact: dict[URIRef, list[str]] = defaultdict(list)
    for term, strength, target in facts.cross_references(graph):
        xrefs[term].append(facts.curie(target))
        if strength == "exact":
            exact[term].append(facts.curie(target))
    ids = node_ids({cls: CATEGORIES[top] for cls, top in kept.items()}, exact)
    definition = URIRef(ns.SKOS + "definition")
    alt_label = URIRef(ns.SKOS + "altLabel")
    nodes = [
        {
            "id": ids[cls],
            "category": CATEGORIES[top],
            "name": labels.get(cls, ""),
            "description": str(graph.value(cls, definition) or ""),
            "synonym": sorted(str(s) for s in graph.objects(cls, alt_label)),
            "xref": sorted((set(xrefs[cls]) | {facts.curie(cls)}) - {ids[cls]}),
            "provided_by": [KNOWLEDGE_SOURCE],
        }
        for cls, top in kept.items()
    ]
    relationships = [
        fact
        for fact in facts.relationships(graph, subclass_links=True)
        if fact.subject in kept and fact.object in kept
    ]
    predicates = assign_predicates(relationships, top_of)
    edges = []
    for fact in relationships:
        entailed = fact.relation == RDFS.subClassOf and (
            (fact.subject, RDFS.subClassOf, fact.object) in inferred
        )
        edges.append(
            {
                "id": "urn:uuid:"
                + str(
                    uuid.uuid5(uuid.NAMESPACE_URL, f"{fact.subject} {fact.relation} {fact.object}")
                ),
                "subject": ids[fact.subject],
                "predicate": predicates[fact],
                "object": ids[fact.object],
                "original_predicate": facts.curie(fact.relation),
                **_provenance(fact, entailed),
                "publications": sorted(facts.curie(d) for d in fact.documents),
            }
        )
    nodes.sort(key=lambda n: n["id"])
    edges.sort(key=lambda e: (e["subject"], e["predicate"], e["object"], e["original_predicate"]))
    return nodes, edges


def context(nodes: list[dict], edges: list[dict]) -> bytes:
    """The JSON-LD context of the tables: the namespace of every CURIE prefix they use.

    Biolink's own context lacks the project's prefixes (``pht``, ``phtsrc``) and
    ``infores``; this file ships beside the tables so that a reader can expand every id.
    """
    known = {**ns.PREFIXES, **ns.XREF_PREFIXES, **BIOLINK_PREFIXES}
    used = set()
    for rows, columns in ((nodes, NODE_CURIE_COLUMNS), (edges, EDGE_CURIE_COLUMNS)):
        for row in rows:
            for column in columns:
                values = row[column]
                for value in values if isinstance(values, list) else [values]:
                    prefix, colon, local = value.partition(":")
                    if colon and not local.startswith("//"):
                        used.add(prefix)
    mapping = {prefix: known[prefix] for prefix in sorted(used)}
    return (json.dumps({"@context": mapping}, indent=2) + "\n").encode("utf-8")


def to_kgx(graph: Graph, inferred=frozenset()) -> dict[str, bytes]:
    """{"nodes": TSV bytes, "edges": TSV bytes, "context": JSON-LD bytes}."""
    nodes, edges = nodes_and_edges(graph, inferred)
    return {
        "nodes": _table(NODE_COLUMNS, nodes),
        "edges": _table(EDGE_COLUMNS, edges),
        "context": context(nodes, edges),
    }
