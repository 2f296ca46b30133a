"""Find the generated case rules in the ontology, and the axioms and sources to cite for them.

The verdicts of ``phtkg check`` come from the reasoner; this module only answers "which
axiom is this, and who says so", by reading the rule classes that :mod:`phtkg.build.rules`
generated (recognised by their OWL shape, not by name) and the provenance annotations
on them, from the pyoxigraph store of the ontology.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from phtkg import namespaces as ns

PREFIXES = f"""
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX pht: <{ns.PHT}>
"""
#: Provenance of the axiom (?subject SubClassOf ?target), joined in by each query below.
_PROVENANCE = """
  OPTIONAL { ?axiom owl:annotatedSource ?subject ; owl:annotatedProperty rdfs:subClassOf ;
                    owl:annotatedTarget ?target .
             OPTIONAL { ?axiom pht:citation ?citation . ?citation rdfs:label ?cited }
             OPTIONAL { ?axiom pht:partOfDisagreement ?dis . ?dis rdfs:label ?disagreement } }
"""


@dataclass
class Axiom:
    """An axiom of the ontology in readable words, with the document sections behind it."""

    text: str
    sources: list[str] = field(default_factory=list)
    note: str = ""

    def as_dict(self) -> dict:
        found = {"text": self.text, "sources": self.sources}
        if self.note:
            found["note"] = self.note
        return found


@dataclass
class Rule:
    """A generated rule: ``case_class`` (a defined class) and what it says about ``term``."""

    kind: str  # "not-recommended" | "warranting" | "prerequisite"
    case_class: str
    term: str  # X not to plan / A warranted / T planned
    other: str = ""  # S the condition / P to try first
    axiom: Axiom | None = None


class RuleBook:
    """Every generated rule in the ontology, with the labels needed to word findings."""

    def __init__(self, store=None):
        from phtkg.store.embedded import ontology_store

        self.store = store if store is not None else ontology_store()
        self._above: dict[str, set[str]] = {}
        self.labels = {
            row["s"].value: row["l"].value
            for row in self.store.query(
                PREFIXES + "SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(isIRI(?s)) }"
            )
        }
        self.not_recommended = self._rules(
            "not-recommended",
            """
            ?subject rdfs:subClassOf pht:CaseRecord, ?target .
            ?target owl:onProperty pht:plans ; owl:allValuesFrom/owl:complementOf ?term .
            ?subject owl:equivalentClass/owl:intersectionOf/rdf:rest*/rdf:first ?has .
            ?has owl:onProperty pht:hasCondition ; owl:someValuesFrom ?other .""",
        )
        self.prerequisites = self._rules(
            "prerequisite",
            """
            ?subject rdfs:subClassOf pht:CaseRecord, ?target .
            ?target owl:onProperty pht:hasTried ; owl:someValuesFrom ?other .
            ?subject owl:equivalentClass/owl:intersectionOf/rdf:rest*/rdf:first ?plan .
            ?plan owl:onProperty pht:plans ; owl:someValuesFrom ?term .""",
        )
        self.warranting = {
            row["subject"].value: row["term"].value
            for row in self.store.query(
                PREFIXES
                + """SELECT DISTINCT ?subject ?term WHERE {
              ?subject rdfs:subClassOf pht:CaseRecord ; owl:equivalentClass ?e .
              ?e (owl:intersectionOf|owl:unionOf|rdf:rest|rdf:first|owl:someValuesFrom)+ ?r .
              ?r owl:onProperty pht:warrants ; owl:someValuesFrom ?term . }"""
            )
        }
        self.warrants = self._rules(
            "warrants",
            """
            ?subject rdfs:subClassOf ?target .
            ?target owl:onProperty pht:warrants ; owl:someValuesFrom ?term .
            BIND(?term AS ?other)""",
        )

    def above(self, cls: str) -> set[str]:
        """``cls`` and every named class above it in the asserted hierarchy."""
        if cls not in self._above:
            self._above[cls] = {
                row["up"].value
                for row in self.store.query(
                    PREFIXES
                    + f"SELECT ?up WHERE {{ <{cls}> rdfs:subClassOf* ?up FILTER(isIRI(?up)) }}"
                )
            }
        return self._above[cls]

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or ns.compact_iri(iri)

    def _rules(self, kind: str, pattern: str) -> list[Rule]:
        query = (
            PREFIXES
            + "SELECT ?subject ?term ?other ?cited ?disagreement ?target WHERE {"
            + pattern
            + _PROVENANCE
            + "}"
        )
        rules: dict[tuple, Rule] = {}
        for row in self.store.query(query):
            key = (row["subject"].value, row["term"].value, row["other"].value)
            rule = rules.get(key)
            if rule is None:
                rule = rules[key] = Rule(kind, *key, axiom=Axiom(self._words(kind, *key)))
            cited = row["cited"].value if row["cited"] is not None else None
            if cited and cited not in rule.axiom.sources:
                rule.axiom.sources.append(cited)
            if row["disagreement"] is not None:
                rule.axiom.note = f"the sources disagree: {row['disagreement'].value}"
        for rule in rules.values():
            rule.axiom.sources.sort()
        return sorted(rules.values(), key=lambda r: (r.case_class, r.term, r.other))

    def _words(self, kind: str, subject: str, term: str, other: str) -> str:
        name, what, extra = self.label(subject), self.label(term), self.label(other)
        if kind == "not-recommended":
            return (
                f"{name} SubClassOf plans only (not {what}) "
                f"[from: {what} is not recommended for {extra}]"
            )
        if kind == "prerequisite":
            return (
                f"{name} SubClassOf has tried some {extra} "
                f"[from: {what} is considered after {extra}]"
            )
        return f"{name} SubClassOf warrants some {what}"

    @property
    def prerequisite_classes(self) -> list[str]:
        return sorted({rule.other for rule in self.prerequisites})
