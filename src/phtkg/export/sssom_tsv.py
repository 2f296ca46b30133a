"""Every cross-reference as an SSSOM/TSV mapping set.

The ontology links its terms to Uberon, HPO, MONDO, DOID, MAxO, GO, CL, NCIt, FMA and
MeSH with ``skos:exactMatch`` … ``skos:relatedMatch``, the match strength chosen by hand
in ontology/src/xrefs.tsv. SSSOM (the Simple Standard for Sharing Ontological Mappings)
is the format mapping tools read, so each cross-reference becomes one mapping with the
same SKOS predicate and ``semapv:ManualMappingCuration`` as its justification. The YAML
metadata block names the set, its version and license, and every prefix used.
"""

from __future__ import annotations

import json

from rdflib import Graph, URIRef

from .. import namespaces as ns
from . import facts

COLUMNS = ["subject_id", "subject_label", "predicate_id", "object_id", "mapping_justification"]
JUSTIFICATION = "semapv:ManualMappingCuration"
MAPPING_SET_ID = ns.BASE + "mappings/phtkg.sssom.tsv"


def _ontology_value(graph: Graph, local: str, namespace: str = ns.DCTERMS) -> str:
    value = graph.value(URIRef(ns.ONTOLOGY_IRI), URIRef(namespace + local))
    return str(value) if value is not None else ""


def _tsv_cell(text: str) -> str:
    return " ".join(text.split())


def to_sssom(graph: Graph) -> bytes:
    labels = facts.labels(graph)
    rows = []
    used = {"pht", "semapv", "skos"}
    for subject, strength, target in facts.cross_references(graph):
        subject_id, object_id = facts.curie(subject), facts.curie(target)
        if ":" not in object_id or object_id == str(target):
            continue  # not in a known namespace: not expressible as a CURIE
        used.add(object_id.split(":", 1)[0])
        rows.append(
            [
                subject_id,
                _tsv_cell(labels.get(subject, "")),
                f"skos:{strength}Match",
                object_id,
                JUSTIFICATION,
            ]
        )
    rows.sort(key=lambda row: (row[0], row[3], row[2]))
    known = {**ns.PREFIXES, **ns.XREF_PREFIXES, "semapv": "https://w3id.org/semapv/vocab/"}
    metadata = {
        "curie_map": {prefix: known[prefix] for prefix in sorted(used)},
        "mapping_set_id": MAPPING_SET_ID,
        "mapping_set_version": _ontology_value(graph, "versionInfo", ns.OWL),
        "mapping_set_title": "phtkg cross-references to external ontologies",
        "mapping_set_description": "Manually curated SKOS matches from the terms of "
        + (_ontology_value(graph, "title") or "phtkg")
        + " to Uberon, HPO, MONDO, DOID, MAxO, GO, CL, NCIt, FMA and MeSH.",
        "license": _ontology_value(graph, "license")
        or "https://creativecommons.org/licenses/by/4.0/",
        "subject_source": facts.curie(ns.ONTOLOGY_IRI),
    }
    lines = []
    for key, value in metadata.items():
        if isinstance(value, dict):
            lines.append(f"#{key}:")
            lines.extend(f"#  {prefix}: {json.dumps(iri)}" for prefix, iri in value.items())
        elif value:
            lines.append(f"#{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("\t".join(COLUMNS))
    lines.extend("\t".join(row) for row in rows)
    return ("\n".join(lines) + "\n").encode("utf-8")
