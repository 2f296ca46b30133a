"""One row per relationship, for a spreadsheet: who relates to what, how, and says who.

The columns are what an educator needs to read a fact without knowing RDF: the subject
and object by id and label, the relation by label and id, the subject's load types where
it has any (its own and those it inherits from broader terms, as ``phtkg aggravates``
reports them), the supporting documents by file stem and their section headings, and the
note and disagreement where the tables give one. Lists in a cell are joined with "; ".
"""

from __future__ import annotations

import csv
import io

from rdflib import Graph, URIRef

from .. import namespaces as ns
from . import facts

COLUMNS = [
    "subject_id",
    "subject_label",
    "relation",
    "relation_id",
    "object_id",
    "object_label",
    "load_type",
    "sources",
    "sections",
    "note",
    "disagreement",
]


def rows(graph: Graph) -> list[dict]:
    labels = facts.labels(graph)
    stems = facts.stems(graph)
    headings = {c: str(h) for c, h in graph.subject_objects(URIRef(ns.PHT + "sectionHeading"))}
    relations = facts.relationships(graph)
    load_types = facts.load_types(graph, relations)
    found = []
    for fact in relations:
        found.append(
            {
                "subject_id": facts.curie(fact.subject),
                "subject_label": labels.get(fact.subject, ""),
                "relation": labels.get(fact.relation, facts.curie(fact.relation)),
                "relation_id": facts.curie(fact.relation),
                "object_id": facts.curie(fact.object),
                "object_label": labels.get(fact.object, ""),
                "load_type": "; ".join(
                    labels.get(t, facts.curie(t)) for t in load_types.get(fact.subject, [])
                ),
                "sources": "; ".join(sorted(stems.get(d, facts.curie(d)) for d in fact.documents)),
                "sections": "; ".join(
                    sorted(
                        f"{stems.get(graph.value(c, facts.DCTERMS_IS_PART_OF), '')} § {headings[c]}"
                        if c in headings
                        else facts.curie(c)
                        for c in fact.citations
                    )
                ),
                "note": fact.note,
                "disagreement": labels.get(fact.disagreement, "") if fact.disagreement else "",
            }
        )
    return sorted(
        found,
        key=lambda r: (
            r["subject_label"].lower(),
            r["relation"],
            r["object_label"].lower(),
            r["subject_id"],
            r["object_id"],
        ),
    )


def to_csv(graph: Graph) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(graph))
    return buffer.getvalue().encode("utf-8")
