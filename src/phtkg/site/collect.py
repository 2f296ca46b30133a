"""Gather everything the site shows from the graph, in a handful of whole-graph queries.

The per-term ``describe-*`` queries behind :func:`phtkg.lookups.describe` each take a
``?term`` parameter. Left unbound, the same query answers for every term at once, with
``?term`` in each row, so the site shows exactly what ``phtkg describe`` shows while the
graph is asked a dozen times instead of a few thousand. The class-level facts and the
section citations (keyed by the fact they annotate) come from :mod:`phtkg.lookups.facts`,
as describe's and the table exports' do.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from phtkg.store.queries import run_query, run_query_unbound

from .. import lookups
from .. import namespaces as ns
from ..lookups import facts
from ..lookups.facts import Citation

#: The individuals that get a page of their own (classes always do).
PAGE_TYPES = {
    ns.PHT + "Measure": "measure",
    ns.PHT + "Disagreement": "disagreement",
    ns.PHT + "SourceDocument": "document",
}


@dataclass
class Evidence:
    """What supports one axiom: document file stems and the sections cited."""

    stems: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)


@dataclass
class Relationship:
    """A class-level fact as seen from one term, outgoing or incoming."""

    direction: str  # "out": term -> other; "in": other -> term
    property: str
    relation: str
    other: str
    asserter: str  # the class carrying the asserted restriction
    inherited: bool
    evidence: Evidence
    disagreements: list[str]
    note: str


@dataclass
class Term:
    """A term that gets a page: a named class, or a measure, disagreement or document."""

    iri: str
    label: str
    kind: str  # "class", "measure", "disagreement" or "document"
    definition: str = ""
    definition_evidence: Evidence = field(default_factory=Evidence)
    categories: list[str] = field(default_factory=list)  # top-level category IRIs
    synonyms: list[str] = field(default_factory=list)
    xrefs: list[tuple[str, str]] = field(default_factory=list)  # (predicate, IRI)
    parents: list[tuple[str, Evidence]] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    types: list[tuple[str, Evidence]] = field(default_factory=list)
    values: list[dict] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)  # measures and disagreements about it
    disagreements: list[str] = field(default_factory=list)  # those it takes part in

    @property
    def local(self) -> str:
        return ns.local_name(self.iri)

    @property
    def curie(self) -> str:
        return ns.compact_iri(self.iri)


@dataclass
class Section:
    iri: str
    key: str
    heading: str


@dataclass
class Document:
    iri: str
    stem: str
    title: str
    creator: str
    publisher: str
    description: str
    sections: list[Section]


@dataclass
class Claim:
    subject: str
    relation: str
    object: str
    stated: str
    minimum: object
    maximum: object
    unit: str
    evidence: Evidence
    note: str


@dataclass
class Disagreement:
    iri: str
    label: str
    description: str
    resolution: str
    evidence: Evidence
    claims: list[Claim]


@dataclass
class SiteData:
    """Everything the pages are made from, keyed by IRI where it can be."""

    terms: dict[str, Term]
    labels: dict[str, str]  # every labelled IRI (also properties and sections)
    categories: list[tuple[str, lookups.Category, list[str]]]  # (name, category, term IRIs)
    top_categories: list[str]  # the top-level category classes, by label
    documents: list[Document]
    disagreements: list[Disagreement]
    quantities: dict[str, dict]  # measure IRI -> its row of reported-quantities
    citations: dict[tuple[str, str, str], list[Citation]]  # (subject, property, object)

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or ns.compact_iri(iri)


# ---- helpers -----------------------------------------------------------------------
def _split(joined) -> list[str]:
    return sorted({part for part in str(joined).split("|") if part}) if joined else []


def _by_term(rows: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row["term"]].append(row)
    return grouped


def _evidence(stems, citations) -> Evidence:
    """The stems of an axiom with its cited sections; a stem without a section stays a stem."""
    citations = list(citations or [])
    return Evidence(
        sorted(
            set(_split(stems) if isinstance(stems, str) or stems is None else stems)
            | {c.stem for c in citations}
        ),
        citations,
    )


# ---- the pieces ---------------------------------------------------------------------
def _page_terms(store, heads: list[dict]) -> dict[str, Term]:
    """Every named class of the project, and the individuals of :data:`PAGE_TYPES`."""
    terms: dict[str, Term] = {}
    for row in heads:
        if row["isClass"] and row["term"].startswith(ns.PHT):
            terms.setdefault(row["term"], Term(row["term"], row["label"], "class"))
    for type_iri, kind in PAGE_TYPES.items():
        for row in run_query("list-individuals", store, category=type_iri):
            terms.setdefault(row["term"], Term(row["term"], row["label"], kind))
    return dict(sorted(terms.items()))


def _fill_heads(terms, store, heads, citations) -> None:
    for row in heads:
        term = terms.get(row["term"])
        if term is None:
            continue
        term.definition = row["definition"] or ""
        term.definition_evidence = _evidence(
            row["sources"], citations.get((term.iri, ns.SKOS + "definition", term.definition))
        )
    for row in run_query_unbound("describe-synonyms", store):
        if row["term"] in terms:
            terms[row["term"]].synonyms.append(row["synonym"])
    for row in run_query_unbound("describe-xrefs", store):
        if row["term"] in terms:
            terms[row["term"]].xrefs.append((row["predicate"], row["xref"]))


def _fill_hierarchy(terms, store, citations) -> None:
    for row in run_query_unbound("describe-hierarchy", store):
        term = terms.get(row["term"])
        if term is None:
            continue
        other, direction = row["other"], row["direction"]
        if direction == "parent":
            evidence = _evidence(
                row["sources"], citations.get((term.iri, ns.RDFS + "subClassOf", other))
            )
            term.parents.append((other, evidence))
        elif direction == "child":
            term.children.append(other)
        else:
            evidence = _evidence(row["sources"], citations.get((term.iri, ns.RDF + "type", other)))
            term.types.append((other, evidence))


def _fill_relationships(terms, store, citations) -> None:
    for fact in facts.facts_about(store, citations=citations):
        term = terms.get(fact.term)
        if term is None:
            continue
        term.relationships.append(
            Relationship(
                direction=fact.direction,
                property=fact.relation,
                relation=fact.relation_label,
                other=fact.other,
                asserter=fact.asserter,
                inherited=fact.inherited,
                evidence=_evidence(fact.sources, fact.citations),
                disagreements=list(fact.disagreements),
                note=fact.note,
            )
        )


def _fill_individuals(terms, store, citations) -> None:
    for row in run_query_unbound("describe-values", store):
        term = terms.get(row["term"])
        if term is None:
            continue
        term.values.append(
            {
                "property": row["property"],
                "label": row["propertyLabel"] or "",
                "value": row["value"],
                "is_term": bool(row["valueLabel"]),
                "evidence": _evidence(
                    row["sources"], citations.get((term.iri, row["property"], str(row["value"])))
                ),
            }
        )
    for row in run_query_unbound("describe-mentions", store):
        if row["term"] in terms and row["other"] in terms:
            terms[row["term"]].mentions.append(row["other"])


def _top_categories(terms: dict[str, Term], labels) -> list[str]:
    """Give each term its top-level categories; return those categories by label."""
    parents = {iri: [p for p, _ in term.parents] for iri, term in terms.items()}

    def tops(iri: str, seen: frozenset = frozenset()) -> set[str]:
        above = [p for p in parents.get(iri, []) if p not in seen]
        if not above:
            return {iri}
        return set().union(*(tops(p, seen | {iri}) for p in above))

    found: set[str] = set()
    for term in terms.values():
        starts = [t for t, _ in term.types] if term.kind != "class" else [term.iri]
        term.categories = sorted(
            set().union(*(tops(s) for s in starts)) if starts else set(),
            key=lambda c: labels.get(c, c).lower(),
        )
        found.update(term.categories)
    return sorted(found, key=lambda c: labels.get(c, c).lower())


def _documents(store) -> list[Document]:
    values = defaultdict(dict)
    for row in run_query_unbound("describe-values", store):
        values[row["term"]].setdefault(row["property"], row["value"])
    sections: dict[str, list[Section]] = defaultdict(list)
    for row in run_query("list-individuals", store, category=ns.PHT + "SectionCitation"):
        iri = row["term"]
        document, _, key = iri.rpartition("/")
        heading = values[iri].get(ns.PHT + "sectionHeading") or row["label"]
        sections[document].append(Section(iri, key, heading))
    documents = []
    for row in run_query("list-individuals", store, category=ns.PHT + "SourceDocument"):
        own = values[row["term"]]
        stem = own.get(ns.PHT + "fileStem") or row["label"]
        order = {row: n for n, row in enumerate(_section_order(stem))}
        documents.append(
            Document(
                iri=row["term"],
                stem=stem,
                title=own.get(ns.DCTERMS + "title") or stem,
                creator=own.get(ns.DCTERMS + "creator") or "",
                publisher=own.get(ns.DCTERMS + "publisher") or "",
                description=row["definition"] or "",
                sections=sorted(
                    sections[row["term"]], key=lambda s: (order.get(s.key, len(order)), s.key)
                ),
            )
        )
    return sorted(documents, key=lambda d: d.stem)


def _section_order(stem: str) -> list[str]:
    """The section keys of a document in reading order, as the sections table lists them."""
    from ..resources import tables_dir

    path = tables_dir() / "sections.tsv"
    if not path.is_file():
        return []
    prefix = stem.split("_", 1)[0] + "#"
    return [
        line.split("\t", 1)[0][len(prefix) :]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith(prefix)
    ]


def _disagreements(store, citations) -> list[Disagreement]:
    found: dict[str, Disagreement] = {}
    for row in run_query("disagreement-axioms", store):
        iri = row["disagreement"]
        if iri not in found:
            found[iri] = Disagreement(
                iri,
                row["label"] or ns.compact_iri(iri),
                row["description"] or "",
                row["resolution"] or "",
                _evidence(
                    row["disagreementSources"],
                    citations.get((iri, ns.SKOS + "definition", row["description"] or "")),
                ),
                [],
            )
        if row["subject"]:
            found[iri].claims.append(
                Claim(
                    subject=row["subject"],
                    relation=row["relationLabel"] or "",
                    object=row["object"],
                    stated=row["stated"] or "",
                    minimum=row["min"],
                    maximum=row["max"],
                    unit=row["unit"] or "",
                    evidence=_evidence(
                        row["sources"],
                        citations.get((row["subject"], row["property"], str(row["object"]))),
                    ),
                    note=row["notes"] or "",
                )
            )
    for disagreement in found.values():
        disagreement.claims.sort(key=lambda c: (c.evidence.stems, c.subject, c.object))
    return sorted(found.values(), key=lambda d: (d.label.lower(), d.iri))


def _categories(store) -> list[tuple[str, lookups.Category, list[str]]]:
    return [
        (
            name,
            category,
            [
                ns.expand_curie(row["id"]) or row["id"]
                for row in lookups.list_category(name, store=store)
            ],
        )
        for name, category in lookups.CATEGORIES.items()
    ]


def collect(store) -> SiteData:
    """Read the graph once into a :class:`SiteData`."""
    citations = facts.citation_index(store)
    heads = run_query_unbound("describe-term", store)
    labels: dict[str, str] = {}
    for row in heads:
        labels.setdefault(row["term"], row["label"])
    terms = _page_terms(store, heads)
    _fill_heads(terms, store, heads, citations)
    _fill_hierarchy(terms, store, citations)
    _fill_relationships(terms, store, citations)
    _fill_individuals(terms, store, citations)
    disagreements = _disagreements(store, citations)
    for disagreement in disagreements:
        involved = {c.subject for c in disagreement.claims} | {
            c.object for c in disagreement.claims
        }
        for iri in involved:
            if iri in terms and disagreement.iri not in terms[iri].disagreements:
                terms[iri].disagreements.append(disagreement.iri)
    for term in terms.values():
        for relationship in term.relationships:
            for iri in relationship.disagreements:
                if iri not in term.disagreements:
                    term.disagreements.append(iri)
        term.disagreements.sort(key=lambda iri: labels.get(iri, iri).lower())
    top = _top_categories(terms, labels)
    quantities = {row["measure"]: row for row in run_query("reported-quantities", store)}
    return SiteData(
        terms=terms,
        labels=labels,
        categories=_categories(store),
        top_categories=top,
        documents=_documents(store),
        disagreements=disagreements,
        quantities=quantities,
        citations=citations,
    )
