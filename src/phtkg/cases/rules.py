"""Find the generated case rules in the ontology, and the axioms and sources to cite for them.

The verdicts of ``phtkg check`` come from the reasoner; this module only answers "which
axiom is this, and who says so", by reading the rule classes that :mod:`phtkg.build.rules`
generated (recognised by their OWL shape, not by name) and the provenance annotations
on them, with the bundled ``case-rules-*`` queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from phtkg import namespaces as ns
from phtkg.store.queries import run_query


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
        self.labels = {row["term"]: row["label"] for row in run_query("labels", self.store)}
        self.not_recommended = self._rules("not-recommended")
        self.prerequisites = self._rules("prerequisite")
        self.warranting = {
            row["subject"]: row["term"] for row in run_query("case-rules-warranting", self.store)
        }
        self.warrants = self._rules("warrants")

    def above(self, cls: str) -> set[str]:
        """``cls`` and every named class above it in the asserted hierarchy."""
        if cls not in self._above:
            self._above[cls] = {
                row["above"] for row in run_query("classes-above", self.store, term=cls)
            }
        return self._above[cls]

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or ns.compact_iri(iri)

    def _rules(self, kind: str) -> list[Rule]:
        """The rules of one kind (bundled query ``case-rules-<kind>``), with their sources."""
        rules: dict[tuple, Rule] = {}
        for row in run_query(f"case-rules-{kind}", self.store):
            key = (row["subject"], row["term"], row["other"])
            rule = rules.get(key)
            if rule is None:
                rule = rules[key] = Rule(kind, *key, axiom=Axiom(self._words(kind, *key)))
            cited = row["cited"]
            if cited and cited not in rule.axiom.sources:
                rule.axiom.sources.append(cited)
            if row["disagreement"] is not None:
                rule.axiom.note = f"the sources disagree: {row['disagreement']}"
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
