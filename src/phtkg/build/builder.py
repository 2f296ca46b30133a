"""Turn the knowledge tables into the OWL 2 DL ontology, deterministically.

Every class-level fact becomes an existential restriction
(``Subject SubClassOf relation some Object``) and every axiom made from a table row
carries that row's provenance as an OWL axiom annotation: how it is known (an ECO class,
through ``obo:RO_0002558`` "has evidence"), and for a claim a document states,
``dcterms:source`` for each document and ``pht:citation`` for each section; an inference
of the project or a fact of standard anatomy names the sections it starts from with
``pht:basedOn`` instead, so that no document is cited for what it does not say. Blank
node names are derived from their content, so building twice gives the same bytes.

Definitions and synonyms are written twice: in SKOS, which the project's queries read,
and in the OBO vocabulary (``IAO:0000115``, ``oboInOwl:has…Synonym``), which OAK, ROBOT
and the OBO Foundry tools read.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from phtkg import namespaces as ns
from phtkg import serialization
from phtkg.files import write_all

from .rules import add_rules
from .tables import (
    CLASS_SCOPE,
    DOCUMENT_EVIDENCE,
    EDITORIAL,
    SUBCLASS_OF,
    Tables,
    evidence_of,
    load_tables,
    merged_relation_rows,
    read_synonyms,
    split_list,
)

PHT = Namespace(ns.PHT)
HAS_EVIDENCE = URIRef(ns.HAS_EVIDENCE)
HAS_UNIT = URIRef(ns.OBO + "IAO_0000039")  # has measurement unit label
SKOS = Namespace(ns.SKOS)
DCTERMS = Namespace(ns.DCTERMS)
OBO_IN_OWL = Namespace(ns.OBO_IN_OWL)
IAO_DEFINITION = URIRef(ns.IAO_DEFINITION)

#: The OBO synonym property of each synonym type of terms.tsv.
SYNONYM_PREDICATES = {kind: URIRef(iri) for kind, iri in ns.SYNONYM_PROPERTIES.items()}

#: The OBO annotation properties, declared with the labels the OBO Foundry gives them.
OBO_ANNOTATION_PROPERTIES = {
    IAO_DEFINITION: "definition",
    OBO_IN_OWL.hasDbXref: "database_cross_reference",
    OBO_IN_OWL.hasExactSynonym: "has_exact_synonym",
    OBO_IN_OWL.hasBroadSynonym: "has_broad_synonym",
    OBO_IN_OWL.hasNarrowSynonym: "has_narrow_synonym",
    OBO_IN_OWL.hasRelatedSynonym: "has_related_synonym",
}

MATCH_PREDICATES = {
    "exact": SKOS.exactMatch,
    "close": SKOS.closeMatch,
    "broad": SKOS.broadMatch,
    "narrow": SKOS.narrowMatch,
    "related": SKOS.relatedMatch,
}

ANNOTATION_PROPERTIES = (
    SKOS.definition,
    SKOS.altLabel,
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.relatedMatch,
    DCTERMS.source,
    DCTERMS.title,
    DCTERMS.description,
    DCTERMS.license,
    DCTERMS.creator,
    DCTERMS.publisher,
    DCTERMS.isPartOf,
)


def _stable_bnode(kind: str, *parts: object) -> BNode:
    digest = hashlib.sha1("\x1f".join(str(part) for part in parts).encode("utf-8")).hexdigest()
    return BNode(f"{kind}{digest[:16]}")


def _axiom_node(source, prop, target) -> BNode:
    """The owl:Axiom node of the triple (source, prop, target), named by the triple so that
    the same node is found again from it."""
    return _stable_bnode("ax", source, prop, target)


def canonical_decimal(text: str) -> str:
    """The canonical lexical form of an xsd:decimal, so that every RDF format writes it alike."""
    value = Decimal(text).normalize()
    plain = format(value, "f")
    return plain if "." in plain else plain + ".0"


def term_iri(name: str) -> URIRef:
    """The IRI of a term or property named in a table (a local name or a CURIE)."""
    if ":" in name:
        expanded = ns.expand_curie(name)
        if expanded is None:
            raise ValueError(f"unknown prefix in {name!r}")
        return URIRef(expanded)
    return PHT[name]


class OntologyBuilder:
    """Accumulates triples for one build; one method per table."""

    def __init__(self, tables: Tables):
        self.tables = tables
        self.graph = Graph()
        for prefix, namespace in ns.PREFIXES.items():
            self.graph.bind(prefix, namespace, override=True)
        self.graph.bind("oboInOwl", OBO_IN_OWL, override=True)
        self.documents = {row["key"]: row for row in tables.sources}
        self.sections = {row["ref"]: row for row in tables.sections}
        self.properties = {row["id"]: row for row in tables.properties}
        self.evidence = tables.evidence_kinds

    # ---- provenance -------------------------------------------------------------
    def document_iri(self, key: str) -> URIRef:
        return URIRef(ns.SOURCE + self.documents[key]["stem"])

    def citation_iri(self, ref: str) -> URIRef:
        key, _, section = ref.partition("#")
        return URIRef(f"{ns.SOURCE}{self.documents[key]['stem']}/{section}")

    def evidence_iri(self, kind: str) -> URIRef:
        return URIRef(ns.expand_curie(self.evidence[kind]["eco"]))

    def annotate(
        self,
        source,
        prop,
        target,
        refs: list[str],
        note: str = "",
        disagreement: str = "",
        *,
        evidence: list[str] = (DOCUMENT_EVIDENCE,),
        based_on: list[str] = (),
        strengths: list[str] = (),
    ) -> None:
        """Attach provenance to the axiom (source, prop, target) as an owl:Axiom node:
        ``refs`` are cited (a document states it), ``based_on`` only named, ``strengths``
        say how firmly the documents give the advice the axiom states."""
        refs = [ref for ref in refs if ref != EDITORIAL]
        if not refs and not based_on and not note:
            return
        g = self.graph
        axiom = self.axiom(source, prop, target)
        for kind in evidence:
            g.add((axiom, HAS_EVIDENCE, self.evidence_iri(kind)))
        for ref in refs:
            g.add((axiom, DCTERMS.source, self.document_iri(ref.partition("#")[0])))
            g.add((axiom, PHT.citation, self.citation_iri(ref)))
        for ref in based_on:
            g.add((axiom, PHT.basedOn, self.citation_iri(ref)))
        if note:
            g.add((axiom, RDFS.comment, Literal(note, lang="en")))
        if disagreement:
            g.add((axiom, PHT.partOfDisagreement, PHT[disagreement]))
        for strength in strengths:
            g.add((axiom, PHT.adviceStrength, PHT[strength]))

    def axiom(self, source, prop, target) -> BNode:
        """The owl:Axiom node that annotates the triple (source, prop, target)."""
        g = self.graph
        axiom = _axiom_node(source, prop, target)
        g.add((axiom, RDF.type, OWL.Axiom))
        g.add((axiom, OWL.annotatedSource, source))
        g.add((axiom, OWL.annotatedProperty, prop))
        g.add((axiom, OWL.annotatedTarget, target))
        return axiom

    # ---- header -----------------------------------------------------------------
    def add_header(self) -> None:
        g, info = self.graph, self.tables.ontology
        ontology = URIRef(ns.ONTOLOGY_IRI)
        version = info["version"]
        g.add((ontology, RDF.type, OWL.Ontology))
        g.add((ontology, OWL.versionIRI, URIRef(f"{ns.BASE}releases/{version}/phtkg.owl")))
        g.add((ontology, OWL.versionInfo, Literal(version)))
        g.add((ontology, DCTERMS.title, Literal(info["title"], lang="en")))
        g.add((ontology, RDFS.label, Literal(info["title"], lang="en")))
        g.add((ontology, DCTERMS.description, Literal(info["description"], lang="en")))
        g.add((ontology, DCTERMS.license, URIRef(info["license"])))
        g.add((ontology, DCTERMS.creator, Literal(info["creator"])))
        for row in self.tables.sources:
            g.add((ontology, DCTERMS.source, self.document_iri(row["key"])))
        for prop in ANNOTATION_PROPERTIES:
            g.add((prop, RDF.type, OWL.AnnotationProperty))
        for prop, label in OBO_ANNOTATION_PROPERTIES.items():
            g.add((prop, RDF.type, OWL.AnnotationProperty))
            g.add((prop, RDFS.label, Literal(label, lang="en")))
        g.add((HAS_UNIT, RDF.type, OWL.ObjectProperty))
        g.add((HAS_UNIT, RDFS.label, Literal("has measurement unit label", lang="en")))
        for row in self.tables.units:
            unit = URIRef(ns.expand_curie(row["id"]))
            g.add((unit, RDF.type, OWL.NamedIndividual))
            g.add((unit, RDFS.label, Literal(row["label"], lang="en")))
        g.add((HAS_EVIDENCE, RDF.type, OWL.AnnotationProperty))
        g.add((HAS_EVIDENCE, RDFS.label, Literal("has evidence", lang="en")))
        for row in self.tables.evidence:
            g.add(
                (self.evidence_iri(row["kind"]), RDFS.label, Literal(row["eco_label"], lang="en"))
            )

    # ---- documents ----------------------------------------------------------------
    def add_sources(self) -> None:
        g = self.graph
        for row in self.tables.sources:
            doc = self.document_iri(row["key"])
            g.add((doc, RDF.type, OWL.NamedIndividual))
            g.add((doc, RDF.type, PHT.SourceDocument))
            g.add((doc, RDFS.label, Literal(row["stem"])))
            g.add((doc, DCTERMS.title, Literal(row["title"], lang="en")))
            g.add((doc, PHT.fileStem, Literal(row["stem"])))
            if row["description"]:
                g.add((doc, SKOS.definition, Literal(row["description"], lang="en")))
            if row["author"]:
                g.add((doc, DCTERMS.creator, Literal(row["author"])))
            if row["publisher"]:
                g.add((doc, DCTERMS.publisher, Literal(row["publisher"])))
        for row in self.tables.sections:
            citation = self.citation_iri(row["ref"])
            doc_key = row["ref"].partition("#")[0]
            g.add((citation, RDF.type, OWL.NamedIndividual))
            g.add((citation, RDF.type, PHT.SectionCitation))
            g.add(
                (
                    citation,
                    RDFS.label,
                    Literal(f"{self.documents[doc_key]['stem']} § {row['heading']}"),
                )
            )
            g.add((citation, PHT.sectionHeading, Literal(row["heading"])))
            g.add((citation, DCTERMS.isPartOf, self.document_iri(doc_key)))

    # ---- properties ----------------------------------------------------------------
    def class_expression(self, names: list[str], owner: str):
        """A single class, or the union of several, for a domain or range."""
        if len(names) == 1:
            return term_iri(names[0])
        union = _stable_bnode("u", owner, *names)
        self.graph.add((union, RDF.type, OWL.Class))
        self.graph.add((union, OWL.unionOf, self.rdf_list([term_iri(n) for n in names], owner)))
        return union

    def rdf_list(self, items: list, owner: str):
        """An RDF list whose cells' names sort in list order.

        rdflib's Turtle writer visits blank nodes in name order; a tail cell reached before
        its head would be written twice (once by name, once inside the collection), so
        every cell shares its list's name and ends in its position.
        """
        name = _stable_bnode("l", owner, *items)
        head = RDF.nil
        for index in reversed(range(len(items))):
            node = BNode(f"{name}n{index:03d}")
            self.graph.add((node, RDF.first, items[index]))
            self.graph.add((node, RDF.rest, head))
            head = node
        return head

    def add_properties(self) -> None:
        g = self.graph
        kinds = {
            "object": OWL.ObjectProperty,
            "data": OWL.DatatypeProperty,
            "annotation": OWL.AnnotationProperty,
        }
        for row in self.tables.properties:
            prop = term_iri(row["id"])
            g.add((prop, RDF.type, kinds[row["kind"]]))
            g.add((prop, RDFS.label, Literal(row["label"], lang="en")))
            g.add((prop, SKOS.definition, Literal(row["definition"], lang="en")))
            if row["kind"] == "annotation":
                continue
            if row["domain"]:
                g.add(
                    (
                        prop,
                        RDFS.domain,
                        self.class_expression(split_list(row["domain"]), row["id"] + "/d"),
                    )
                )
            if row["range"]:
                if row["kind"] == "data":
                    g.add((prop, RDFS.range, URIRef(ns.expand_curie(row["range"]))))
                else:
                    g.add(
                        (
                            prop,
                            RDFS.range,
                            self.class_expression(split_list(row["range"]), row["id"] + "/r"),
                        )
                    )
            if row["inverse"] and row["inverse"] != row["id"]:
                g.add((prop, OWL.inverseOf, term_iri(row["inverse"])))
            for characteristic in split_list(row["characteristics"]):
                g.add(
                    (
                        prop,
                        RDF.type,
                        {
                            "transitive": OWL.TransitiveProperty,
                            "symmetric": OWL.SymmetricProperty,
                            "functional": OWL.FunctionalProperty,
                        }[characteristic],
                    )
                )

    # ---- classes ---------------------------------------------------------------------
    def add_terms(self) -> None:
        g = self.graph
        top_categories = []
        for row in self.tables.terms:
            cls = term_iri(row["id"])
            refs = split_list(row["sources"])
            g.add((cls, RDF.type, OWL.Class))
            g.add((cls, RDFS.label, Literal(row["label"], lang="en")))
            definition = Literal(row["definition"], lang="en")
            g.add((cls, SKOS.definition, definition))
            self.annotate(cls, SKOS.definition, definition, refs)
            for synonym in read_synonyms(row["synonyms"]):
                text = Literal(synonym.text, lang="en")
                g.add((cls, SKOS.altLabel, text))
                g.add((cls, SYNONYM_PREDICATES[synonym.type], text))
            parents = split_list(row["parent"])
            if not parents:
                top_categories.append(cls)
            kind = evidence_of(row, "parent_evidence")
            stated = kind == DOCUMENT_EVIDENCE
            for parent in parents:
                g.add((cls, RDFS.subClassOf, term_iri(parent)))
                self.annotate(
                    cls,
                    RDFS.subClassOf,
                    term_iri(parent),
                    refs if stated else [],
                    row["parent_note"],
                    evidence=[kind],
                    based_on=[] if stated else [r for r in refs if r != EDITORIAL],
                )
        if len(top_categories) > 1:
            disjoint = _stable_bnode("dj", *top_categories)
            g.add((disjoint, RDF.type, OWL.AllDisjointClasses))
            g.add((disjoint, OWL.members, self.rdf_list(top_categories, "top-categories")))

    def add_relations(self) -> None:
        """One existential restriction per (subject, relation, object), or for a fact of the
        class as a whole one triple between the classes; sources are merged."""
        merged = merged_relation_rows(self.tables)
        g = self.graph
        for (subject, relation, obj), entry in merged.items():
            note = " ".join(entry["notes"])
            provenance = {
                "evidence": entry["evidence"],
                "based_on": entry["based_on"],
                "strengths": entry["strengths"],
            }
            if relation == SUBCLASS_OF:
                g.add((term_iri(subject), RDFS.subClassOf, term_iri(obj)))
                self.annotate(
                    term_iri(subject),
                    RDFS.subClassOf,
                    term_iri(obj),
                    entry["refs"],
                    note,
                    entry["disagreement"],
                    **provenance,
                )
                continue
            if entry["scope"] == CLASS_SCOPE:
                # A fact of the class as a whole: the classes as individuals (OWL 2
                # punning), so that no subclass inherits it.
                g.add((term_iri(subject), term_iri(relation), term_iri(obj)))
                self.annotate(
                    term_iri(subject),
                    term_iri(relation),
                    term_iri(obj),
                    entry["refs"],
                    note,
                    entry["disagreement"],
                    **provenance,
                )
                continue
            restriction = _stable_bnode("r", subject, relation, obj)
            g.add((restriction, RDF.type, OWL.Restriction))
            g.add((restriction, OWL.onProperty, term_iri(relation)))
            g.add((restriction, OWL.someValuesFrom, term_iri(obj)))
            g.add((term_iri(subject), RDFS.subClassOf, restriction))
            self.annotate(
                term_iri(subject),
                RDFS.subClassOf,
                restriction,
                entry["refs"],
                note,
                entry["disagreement"],
                **provenance,
            )

    # ---- individuals -----------------------------------------------------------------
    def add_measures(self) -> None:
        g = self.graph
        for row in self.tables.measures:
            individual = term_iri(row["id"])
            refs = split_list(row["sources"])
            g.add((individual, RDF.type, OWL.NamedIndividual))
            g.add((individual, RDF.type, term_iri(row["type"])))
            self.annotate(
                individual, RDF.type, term_iri(row["type"]), refs, row["note"], row["disagreement"]
            )
            g.add((individual, RDFS.label, Literal(row["label"], lang="en")))
            for about in split_list(row["about"]):
                g.add((individual, PHT.aboutTerm, term_iri(about)))
                # The term has the quantity, as an OWL fact (a hasValue restriction).
                restriction = _stable_bnode("q", about, row["id"])
                g.add((restriction, RDF.type, OWL.Restriction))
                g.add((restriction, OWL.onProperty, PHT.hasReportedQuantity))
                g.add((restriction, OWL.hasValue, individual))
                g.add((term_iri(about), RDFS.subClassOf, restriction))
                self.annotate(term_iri(about), RDFS.subClassOf, restriction, refs)
            if row["unit_id"]:
                unit = URIRef(ns.expand_curie(row["unit_id"]))
                g.add((individual, HAS_UNIT, unit))
                self.annotate(individual, HAS_UNIT, unit, refs)
            flags = {"more-than": PHT.minExclusive, "about": PHT.approximate}
            if row["bounds"] in flags:
                flag = Literal(True)
                g.add((individual, flags[row["bounds"]], flag))
                self.annotate(individual, flags[row["bounds"]], flag, refs)
            values = [
                (PHT.minValue, row["min"], XSD.decimal),
                (PHT.maxValue, row["max"], XSD.decimal),
                (PHT.unit, row["unit"], XSD.string),
                (PHT.statedValue, row["stated"], XSD.string),
            ]
            for prop, text, datatype in values:
                if text:
                    if datatype == XSD.decimal:
                        text = canonical_decimal(text)
                    value = Literal(text, datatype=datatype)
                    g.add((individual, prop, value))
                    self.annotate(individual, prop, value, refs)

    def add_disagreements(self) -> None:
        g = self.graph
        for row in self.tables.disagreements:
            individual = term_iri(row["id"])
            g.add((individual, RDF.type, OWL.NamedIndividual))
            g.add((individual, RDF.type, PHT.Disagreement))
            g.add((individual, RDFS.label, Literal(row["label"], lang="en")))
            definition = Literal(row["description"], lang="en")
            g.add((individual, SKOS.definition, definition))
            self.annotate(individual, SKOS.definition, definition, split_list(row["sources"]))
            if row["resolution"]:
                g.add((individual, PHT.resolution, Literal(row["resolution"], lang="en")))
            for about in split_list(row["about"]):
                g.add((individual, PHT.aboutTerm, term_iri(about)))

    def add_advice_strengths(self) -> None:
        """The strengths of advice (advice.tsv), each a named individual with its polarity."""
        g = self.graph
        for row in self.tables.advice:
            strength = term_iri(row["id"])
            g.add((strength, RDF.type, OWL.NamedIndividual))
            g.add((strength, RDF.type, PHT.AdviceStrength))
            g.add((strength, RDFS.label, Literal(row["label"], lang="en")))
            g.add((strength, SKOS.definition, Literal(row["definition"], lang="en")))
            g.add((strength, PHT.adviceRelation, term_iri(row["relation"])))
            g.add((strength, PHT.polarity, Literal(row["polarity"])))
            g.add((strength, PHT.strengthRank, Literal(int(row["rank"]))))

    def add_claims(self) -> None:
        """Each document claim as an individual that says it, never as the fact it states."""
        g = self.graph
        disagreements = {row["id"]: row for row in self.tables.disagreements}
        for row in self.tables.claims:
            claim = term_iri(row["id"])
            refs = split_list(row["sources"])
            key = refs[0].partition("#")[0]
            g.add((claim, RDF.type, OWL.NamedIndividual))
            g.add((claim, RDF.type, PHT.DocumentClaim))
            self.annotate(claim, RDF.type, PHT.DocumentClaim, refs)
            if row["disagreement"]:
                topic = disagreements[row["disagreement"]]["label"]
                g.add((claim, PHT.sideOf, PHT[row["disagreement"]]))
            else:
                topic = " ".join(
                    [
                        self.label_of(row["subject"]),
                        self.properties[row["relation"]]["label"],
                        self.label_of(row["object"]),
                    ]
                )
            g.add((claim, RDFS.label, Literal(f"{topic} according to {key}", lang="en")))
            text = Literal(row["claim"], lang="en")
            g.add((claim, SKOS.definition, text))
            self.annotate(claim, SKOS.definition, text, refs)
            if row["subject"]:
                g.add((claim, PHT.claimSubject, term_iri(row["subject"])))
                g.add((claim, PHT.claimRelation, term_iri(row["relation"])))
                g.add((claim, PHT.claimObject, term_iri(row["object"])))
                for end in (row["subject"], row["object"]):
                    g.add((claim, PHT.aboutTerm, term_iri(end)))
            if row["correction"]:
                g.add((claim, PHT.correction, Literal(row["correction"], lang="en")))

    def label_of(self, name: str) -> str:
        return next(row["label"] for row in self.tables.terms if row["id"] == name)

    def add_xrefs(self) -> None:
        for row in self.tables.xrefs:
            target = ns.expand_curie(row["xref"])
            if target is None:
                raise ValueError(f"{row.where()}: unknown prefix in {row['xref']!r}")
            self.graph.add((term_iri(row["id"]), MATCH_PREDICATES[row["match"]], URIRef(target)))

    def add_obo_definitions(self) -> None:
        """``IAO:0000115`` beside the ``skos:definition`` of every class and property; its
        axiom carries the SKOS definition's provenance and, as OBO tools read it, the
        cited sections as ``oboInOwl:hasDbXref``.

        Run last, so that every writer of a definition (terms, properties, generated
        rules) gets its OBO twin; individuals keep SKOS only, as OBO defines terms.
        """
        g = self.graph
        entities = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
        own = {RDF.type, OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget}
        for subject, text in sorted(g.subject_objects(SKOS.definition)):
            if not entities.intersection(g.objects(subject, RDF.type)):
                continue
            g.add((subject, IAO_DEFINITION, text))
            provenance = [
                (prop, value)
                for prop, value in g.predicate_objects(_axiom_node(subject, SKOS.definition, text))
                if prop not in own
            ]
            if not provenance:
                continue
            axiom = self.axiom(subject, IAO_DEFINITION, text)
            for prop, value in provenance:
                g.add((axiom, prop, value))
                if prop == PHT.citation:
                    g.add((axiom, OBO_IN_OWL.hasDbXref, Literal(str(value))))

    def build(self) -> Graph:
        self.add_header()
        self.add_sources()
        self.add_properties()
        self.add_terms()
        self.add_relations()
        self.add_measures()
        self.add_disagreements()
        self.add_advice_strengths()
        self.add_claims()
        self.add_xrefs()
        add_rules(self)  # case-checking rule classes derived from the rows above
        self.add_obo_definitions()
        return self.graph


def build_graph(tables_folder: Path) -> Graph:
    """Read the tables in ``tables_folder`` and return the ontology as an rdflib Graph."""
    return OntologyBuilder(load_tables(tables_folder)).build()


def serialize(graph: Graph) -> dict[str, bytes]:
    """The ontology in Turtle (rdflib's layout, restrictions nested) and RDF/XML (typed
    nodes, the header first, every prefix of the Turtle declared)."""
    turtle = graph.serialize(format="turtle", encoding="utf-8")
    prefixes = {prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix}
    rdfxml = serialization.write(graph, "xml", prefixes)
    return {"phtkg.ttl": turtle, "phtkg.owl": rdfxml}


def build_ontology(tables_folder: Path, output_folder: Path) -> list[Path]:
    """Build the ontology files from the tables; returns the paths written.

    The files change together or not at all: each is written in full beside its old
    version before any replaces it, so a full disk leaves the old Turtle with the old
    RDF/XML, never the new one beside the old.
    """
    outputs = {
        output_folder / name: data for name, data in serialize(build_graph(tables_folder)).items()
    }
    output_folder.mkdir(parents=True, exist_ok=True)
    write_all(outputs)
    return list(outputs)
