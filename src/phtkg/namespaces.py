"""IRIs used across the project, in one place so that tables, queries and code agree."""

BASE = "https://w3id.org/phtkg/"
PHT = BASE
SOURCE = BASE + "source/"
ONTOLOGY_IRI = BASE + "phtkg.owl"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
OBO = "http://purl.obolibrary.org/obo/"

#: Prefixes known to the project: used to write and to expand CURIEs.
PREFIXES = {
    "pht": PHT,
    "phtsrc": SOURCE,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "obo": OBO,
}

#: The OBO annotations the build writes beside the SKOS ones (docs/model.md): IAO's
#: definition and oboInOwl's synonyms, one property per synonym type of terms.tsv.
OBO_IN_OWL = "http://www.geneontology.org/formats/oboInOwl#"
IAO_DEFINITION = OBO + "IAO_0000115"
SYNONYM_PROPERTIES = {
    "exact": OBO_IN_OWL + "hasExactSynonym",
    "broad": OBO_IN_OWL + "hasBroadSynonym",
    "narrow": OBO_IN_OWL + "hasNarrowSynonym",
    "related": OBO_IN_OWL + "hasRelatedSynonym",
}

#: "has evidence" (Relation Ontology): links an axiom annotation to the ECO class that
#: says how the assertion is known.
HAS_EVIDENCE = OBO + "RO_0002558"

#: External vocabularies that cross-references and evidence codes point into.
XREF_PREFIXES = {
    "ECO": OBO + "ECO_",
    "UO": OBO + "UO_",
    "IAO": OBO + "IAO_",
    "RO": OBO + "RO_",
    "UBERON": OBO + "UBERON_",
    "HP": OBO + "HP_",
    "MONDO": OBO + "MONDO_",
    "DOID": OBO + "DOID_",
    "MAXO": OBO + "MAXO_",
    "GO": OBO + "GO_",
    "CL": OBO + "CL_",
    "NCIT": OBO + "NCIT_",
    "FMA": OBO + "FMA_",
    "MESH": "http://id.nlm.nih.gov/mesh/",
}


def expand_curie(curie: str) -> str | None:
    """Return the IRI for a CURIE with a known prefix, or None."""
    prefix, sep, local = curie.partition(":")
    if not sep:
        return None
    namespace = PREFIXES.get(prefix) or XREF_PREFIXES.get(prefix)
    return namespace + local if namespace else None


def local_name(iri) -> str:
    """The last segment of an IRI, after its final ``/`` or ``#`` (``Activity``)."""
    return str(iri).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def compact_iri(iri: str) -> str:
    """Return the shortest CURIE for an IRI, or the IRI itself."""
    best = iri
    for prefix, namespace in {**PREFIXES, **XREF_PREFIXES}.items():
        if iri.startswith(namespace) and len(namespace) > 0:
            local = iri[len(namespace) :]
            if local and "/" not in local and "#" not in local:
                candidate = f"{prefix}:{local}"
                if len(candidate) < len(best):
                    best = candidate
    return best


#: The source key of a statement the project makes itself rather than a document (a
#: classification or a generated rule): the tables write it, the lookups show it.
EDITORIAL = "editorial"
