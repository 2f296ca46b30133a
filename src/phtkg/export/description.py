"""The dataset description (VoID and DCAT) that travels with an export, and the counts.

The description is a separate small graph, never mixed into an RDF export, so that an
export stays exactly the graph it came from ("lossless" means: parsed back, the export
is isomorphic to the graph, and nothing else). With ``-o PATH`` it is written beside the
export as ``PATH.void.ttl``; ``--format void`` prints it alone. Its counts describe the
exported graph (with ``--inferred``, the graph plus the inferred statements), and it holds
no date, so that it is as reproducible as the export.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from phtkg.store import syntaxes

from .. import namespaces as ns
from . import facts

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace(ns.DCTERMS)
DATASET = URIRef(ns.BASE + "dataset")
MEDIA_TYPES = {
    **{syntax.name: syntax.media_type for syntax in syntaxes.EXPORTED},
    "owx": "application/owl+xml",  # OWL Functional Syntax and OBO have no IANA type
    "obojson": "application/json",
    "kgx": "text/tab-separated-values",
    "sssom": "text/tab-separated-values",
    "csv": "text/csv",
}

#: A file of an export whose media type is not the format's (KGX's prefix context).
SUFFIX_MEDIA_TYPES = {".jsonld": "application/ld+json"}


def counts(graph: Graph) -> dict[str, int]:
    """Triple and term counts, as VoID defines them, plus the project's own totals."""
    subjects = {s for s in graph.subjects()}
    classes = facts.named_classes(graph)
    rules = facts.case_rules(graph)
    return {
        "triples": len(graph),
        "entities": len({s for s in subjects if isinstance(s, URIRef)}),
        "classes": len(classes),
        "domain classes": len(classes - rules - {facts.CASE_RECORD}),
        "case rules": len(rules),
        "properties": len(set(graph.predicates())),
        "distinct subjects": len(subjects),
        "distinct objects": len(set(graph.objects())),
        "individuals": len({s for s in graph.subjects(RDF.type, OWL.NamedIndividual)}),
        "relationships": len(facts.relationships(graph, provenance=False)),
        "cross-references": len(facts.cross_references(graph)),
        "source documents": len(facts.stems(graph)),
    }


def category_counts(graph: Graph) -> list[tuple[str, int]]:
    """(category label, number of terms under it, the category itself left out), for the
    domain's categories: pht:CaseRecord and the case rules below it are counted apart
    (``case rules`` in :func:`counts`)."""
    labels = facts.labels(graph)
    left_out = facts.case_rules(graph) | {facts.CASE_RECORD}
    tally = Counter(
        top for cls, top in facts.category_of(graph).items() if cls != top and cls not in left_out
    )
    return sorted(
        (labels.get(top, facts.curie(top)), tally.get(top, 0))
        for top in facts.top_categories(graph)
        if top not in left_out
    )


def relation_counts(graph: Graph) -> list[tuple[str, int]]:
    """(relation label, number of asserted relationships using it), most used first."""
    labels = facts.labels(graph)
    tally = Counter(fact.relation for fact in facts.relationships(graph, provenance=False))
    return sorted(
        ((labels.get(r, facts.curie(r)), n) for r, n in tally.items()),
        key=lambda item: (-item[1], item[0]),
    )


def describe(
    graph: Graph, fmt: str | None = None, files: tuple[str, ...] = (), inferred: bool = False
) -> Graph:
    """The VoID/DCAT description of ``graph`` exported as ``fmt`` into ``files``."""
    ontology = URIRef(ns.ONTOLOGY_IRI)
    info = {
        key: graph.value(ontology, DCTERMS[key])
        for key in ("title", "description", "license", "creator")
    }
    version = graph.value(ontology, OWL.versionInfo)
    d = Graph(bind_namespaces="none")
    for prefix, namespace in (
        ("void", VOID),
        ("dcat", DCAT),
        ("dcterms", DCTERMS),
        ("owl", OWL),
        ("rdfs", RDFS),
        ("xsd", XSD),
        ("phtsrc", Namespace(ns.SOURCE)),
        ("pht", Namespace(ns.PHT)),
    ):
        d.bind(prefix, namespace, override=True, replace=True)
    d.add((DATASET, RDF.type, VOID.Dataset))
    d.add((DATASET, RDF.type, DCAT.Dataset))
    for key, value in info.items():
        if value is not None:
            d.add((DATASET, DCTERMS[key], value))
    if version is not None:
        d.add((DATASET, DCAT.version, Literal(str(version))))
        d.add((DATASET, OWL.versionInfo, version))
    version_iri = graph.value(ontology, OWL.versionIRI)
    d.add((DATASET, RDFS.seeAlso, version_iri if version_iri is not None else ontology))
    d.add(
        (
            DATASET,
            DCTERMS.bibliographicCitation,
            Literal(
                f"{info['title'] or 'phtkg'}, version {version or 'unknown'}. {ns.ONTOLOGY_IRI}"
                + (f". Licensed under {info['license']}" if info["license"] else "")
            ),
        )
    )
    for document in sorted(facts.stems(graph)):
        d.add((DATASET, DCTERMS.source, document))
    d.add((DATASET, VOID.uriSpace, Literal(ns.BASE)))
    for vocabulary in (ns.PHT, ns.OWL, ns.RDFS, ns.SKOS, ns.DCTERMS):
        d.add((DATASET, VOID.vocabulary, URIRef(vocabulary)))
    numbers = counts(graph)
    for key, prop in (
        ("triples", VOID.triples),
        ("entities", VOID.entities),
        ("classes", VOID.classes),
        ("properties", VOID.properties),
        ("distinct subjects", VOID.distinctSubjects),
        ("distinct objects", VOID.distinctObjects),
    ):
        d.add((DATASET, prop, Literal(numbers[key], datatype=XSD.integer)))
    if inferred:
        d.add(
            (
                DATASET,
                RDFS.comment,
                Literal(
                    "Includes the class hierarchy and individual types inferred by the HermiT "
                    "reasoner.",
                    lang="en",
                ),
            )
        )
    if fmt in MEDIA_TYPES:
        for name in files:
            media_type = SUFFIX_MEDIA_TYPES.get(Path(name).suffix, MEDIA_TYPES[fmt])
            distribution = BNode(f"d{files.index(name)}")
            d.add((DATASET, DCAT.distribution, distribution))
            d.add((distribution, RDF.type, DCAT.Distribution))
            d.add((distribution, DCTERMS.title, Literal(name)))
            d.add(
                (
                    distribution,
                    DCAT.mediaType,
                    URIRef("https://www.iana.org/assignments/media-types/" + media_type),
                )
            )
    return d
