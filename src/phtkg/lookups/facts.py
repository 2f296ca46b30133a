"""Class-level facts: a class related to another through an existential restriction.

``phtkg describe``, the site and the table exports all show these facts, each with the
documents and sections behind it and, where a class inherits a fact, the ancestor that
asserts it. They all read them here, so that they never disagree about what the graph
says. A fact is always seen from one term: outgoing when the term is its subject
(asserted on the term or inherited), incoming when the term is its object.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from phtkg import evidence
from phtkg import namespaces as ns
from phtkg.store.queries import run_query, run_query_unbound

SUBCLASS_OF = ns.RDFS + "subClassOf"


@dataclass(frozen=True)
class Citation:
    """One cited section of one document."""

    stem: str
    section: str  # the section citation's IRI
    heading: str

    @property
    def key(self) -> str:
        """The section key, the last part of its IRI (``aggravate``)."""
        return self.section.rsplit("/", 1)[-1]

    @property
    def document(self) -> str:
        return ns.SOURCE + self.stem


#: The sections cited for each axiom, keyed by the fact it states (subject, property, object).
Citations = dict[tuple[str, str, str], list[Citation]]


@dataclass(frozen=True)
class Fact:
    """One class-level fact, seen from ``term``.

    ``direction`` is "out" when ``term`` is the subject and "in" when it is the object;
    ``other`` is the class at the other end and ``asserter`` the class whose restriction
    states the fact (``term`` itself, or for an inherited fact the ancestor it comes from).
    """

    term: str
    direction: str
    relation: str
    relation_label: str
    other: str
    other_label: str
    asserter: str
    asserter_label: str
    sources: tuple[str, ...] = ()  # the file stems of the documents that state it
    citations: tuple[Citation, ...] = ()
    evidence: tuple[str, ...] = ()  # how it is known: kind names of phtkg.evidence
    disagreements: tuple[str, ...] = ()
    note: str = ""
    strength: tuple[str, ...] = ()  # how firmly advice is given: labels of advice.tsv
    scope: str = ""  # "class": a fact of the class as a whole, which no subclass inherits

    @property
    def subject(self) -> str:
        return self.term if self.direction == "out" else self.other

    @property
    def object(self) -> str:
        return self.other if self.direction == "out" else self.term

    @property
    def inherited(self) -> bool:
        return self.direction == "out" and self.asserter != self.term

    @property
    def inherited_from(self) -> str:
        """The label of the ancestor that asserts an inherited fact; "" for the term's own."""
        return self.asserter_label if self.inherited else ""

    @property
    def stated(self) -> bool:
        """Whether a document states the fact (rather than the project inferring it)."""
        return evidence.stated(self.evidence)

    @property
    def documents(self) -> tuple[str, ...]:
        """The IRIs of the documents behind the axiom."""
        return tuple(ns.SOURCE + stem for stem in self.sources)


def _split(joined) -> tuple[str, ...]:
    """A ``|``-joined aggregate as a sorted tuple without blanks or repeats."""
    return tuple(sorted({part for part in str(joined).split("|") if part})) if joined else ()


def _curie(iri) -> str:
    return ns.compact_iri(iri) if iri else ""


def citation_index(store) -> Citations:
    """The sections each axiom cites, in one query for the whole graph.

    A section whose document has no file stem is left out: it cannot be shown as a source.
    """
    index: Citations = defaultdict(list)
    for row in run_query("axiom-citations", store):
        if not row["stem"]:
            continue
        citation = Citation(row["stem"], row["section"], row["heading"] or "")
        key = (row["subject"], row["property"], str(row["object"]))
        if citation not in index[key]:
            index[key].append(citation)
    for citations in index.values():
        citations.sort(key=lambda c: (c.stem, c.heading.lower(), c.section))
    return dict(index)


def _cited(fact: Fact, citations: Citations | None) -> Fact:
    """``fact`` with the sections its asserted axiom cites, when ``citations`` are given."""
    if citations is None:
        return fact
    return replace(
        fact, citations=tuple(citations.get((fact.asserter, fact.relation, fact.object), ()))
    )


def facts_about(store, term: str | None = None, citations: Citations | None = None) -> list[Fact]:
    """The class-level facts about ``term``, as ``phtkg describe`` lists them.

    Outgoing facts are the term's own and those it inherits from its ancestors (less any
    that a closer ancestor asserts again); incoming facts are the restrictions of other
    classes that point at it. Without ``term`` the answer holds the facts about every
    term, from one query. With ``citations`` (:func:`citation_index`) each fact carries
    the sections its axiom cites.
    """
    rows = (
        run_query("describe-relations", store, term=term)
        if term is not None
        else run_query_unbound("describe-relations", store)
    )
    return [
        _cited(
            Fact(
                term=term if term is not None else row["term"],
                direction=row["direction"],
                relation=row["property"],
                relation_label=row["relationLabel"] or _curie(row["property"]),
                other=row["other"],
                other_label=row["otherLabel"] or _curie(row["other"]),
                asserter=row["asserter"],
                asserter_label=row["asserterLabel"] or _curie(row["asserter"]),
                sources=_split(row["sources"]),
                evidence=evidence.kinds_of(_split(row["evidence"]), cited=bool(row["sources"])),
                disagreements=_split(row["disagreements"]),
                note=row["notes"] or "",
                strength=_split(row["strength"]),
                scope=row["scope"] or "",
            ),
            citations,
        )
        for row in rows
    ]


def asserted_facts(
    store, citations: Citations | None = None, *, subclass_links: bool = False
) -> list[Fact]:
    """Every class-level fact once, as asserted: seen from its subject, so none is inherited.

    Ordered by subject, relation and object IRI. With ``subclass_links`` the links from a
    named class to a named class above it come too, with the relation rdfs:subClassOf.
    """
    return [
        _cited(
            Fact(
                term=row["subject"],
                direction="out",
                relation=row["property"],
                relation_label=row["relationLabel"] or _curie(row["property"]),
                other=row["object"],
                other_label=row["objectLabel"] or _curie(row["object"]),
                asserter=row["subject"],
                asserter_label=row["subjectLabel"] or _curie(row["subject"]),
                sources=_split(row["sources"]),
                evidence=evidence.kinds_of(_split(row["evidence"]), cited=bool(row["sources"])),
                disagreements=_split(row["disagreements"]),
                note=row["notes"] or "",
                scope=row["scope"] or "",
            ),
            citations,
        )
        for row in run_query("class-facts", store)
        if subclass_links or row["property"] != SUBCLASS_OF
    ]
