"""Generate the OWL rule classes that let the reasoner check a patient case or plan.

The advice in ``relations.tsv`` is stated about classes (``Lunge isNotRecommendedFor
ReactiveTendinopathy``). To check one person's case, that advice has to say something
about a ``pht:CaseRecord`` individual, so the build turns three kinds of row into
axioms about case records. Each generated axiom carries the sources of the rows it
comes from, so a finding can cite the documents behind it:

* ``X isNotRecommendedFor S`` becomes the defined class ``CaseWith<S>`` (a case record
  with some condition or stage S) and the axiom ``CaseWith<S> SubClassOf plans only
  (not X)``: a case with S that plans an X is inconsistent. A row whose X (or a class
  above it) also has an ``isConsideredAfter`` row is conditional advice ("not unless P
  has failed") and is left to the rule below, so that an injection after a loading
  programme is not flagged.
* ``C warrants A`` becomes the defined class ``CaseWarranting<A>``: a case record that
  presents with a feature, or has a condition, that warrants A. The reasoner classifies
  a case into it; that is an inference, not a conflict.
* ``T isConsideredAfter P`` becomes the defined class ``CasePlanning<T>`` and the axiom
  ``CasePlanning<T> SubClassOf hasTried some P``. OWL is open-world, so the case checker
  closes what was tried (see :mod:`phtkg.cases.check`).

The generated classes also get a told ``rdfs:subClassOf pht:CaseRecord`` so that they
sit under case record in every listing, before any reasoning.
"""

from __future__ import annotations

from collections import OrderedDict

from rdflib import Literal
from rdflib.namespace import OWL, RDF, RDFS

from .tables import SUBCLASS_OF, merged_relation_rows, split_list

NOT_RECOMMENDED = "isNotRecommendedFor"
WARRANTS = "warrants"
CONSIDERED_AFTER = "isConsideredAfter"

CASE_RECORD = "CaseRecord"
HAS_CONDITION = "hasCondition"
PRESENTS_WITH = "presentsWith"
PLANS = "plans"
HAS_TRIED = "hasTried"


def merged_rows(tables, relation: str) -> OrderedDict[tuple[str, str], dict]:
    """Rows of one relation keyed by (subject, object), merged exactly as the build merges them."""
    return OrderedDict(
        ((subject, obj), entry)
        for (subject, name, obj), entry in merged_relation_rows(tables).items()
        if name == relation
    )


def told_ancestors(tables) -> dict[str, set[str]]:
    """Each term with every term above it (itself included), from parents and subClassOf rows."""
    parents: dict[str, set[str]] = {
        row["id"]: set(split_list(row["parent"])) for row in tables.terms
    }
    for row in tables.relations:
        if row["relation"] == SUBCLASS_OF:
            parents.setdefault(row["subject"], set()).add(row["object"])
    ancestors: dict[str, set[str]] = {}

    def walk(term: str) -> set[str]:
        if term not in ancestors:
            ancestors[term] = {term}
            for parent in parents.get(term, ()):
                ancestors[term] |= walk(parent)
        return ancestors[term]

    for term in parents:
        walk(term)
    return ancestors


class RuleGenerator:
    """Adds the case-checking rule classes to an :class:`phtkg.build.builder.OntologyBuilder`'s graph."""

    def __init__(self, builder):
        from phtkg.build.builder import SKOS, _stable_bnode, term_iri

        self.skos_definition = SKOS.definition
        self.builder = builder
        self.graph = builder.graph
        self.bnode = _stable_bnode
        self.iri = term_iri
        self.labels = {row["id"]: row["label"] for row in builder.tables.terms}
        self.sources: dict[str, list[str]] = {}
        self.definitions: OrderedDict[str, tuple] = OrderedDict()

    def generate(self) -> None:
        tables = self.builder.tables
        if CASE_RECORD not in tables.term_ids:
            return
        self.add_not_recommended(tables)
        self.add_warranting(tables)
        self.add_considered_after(tables)
        self.finish_classes()

    # ---- shared shapes ---------------------------------------------------------------
    def restriction(self, key: str, prop: str, kind, filler):
        node = self.bnode("r", key, prop, str(kind), filler)
        self.graph.add((node, RDF.type, OWL.Restriction))
        self.graph.add((node, OWL.onProperty, self.iri(prop)))
        self.graph.add((node, kind, filler))
        return node

    def define(self, name: str, label: str, definition: str, restriction) -> None:
        """``name`` EquivalentTo CaseRecord and ``restriction``, declared once."""
        cls = self.iri(name)
        if (cls, RDF.type, OWL.Class) in self.graph:
            return
        g = self.graph
        g.add((cls, RDF.type, OWL.Class))
        g.add((cls, RDFS.label, Literal(label, lang="en")))
        g.add((cls, RDFS.subClassOf, self.iri(CASE_RECORD)))
        intersection = self.bnode("i", name)
        g.add((intersection, RDF.type, OWL.Class))
        g.add(
            (
                intersection,
                OWL.intersectionOf,
                self.builder.rdf_list([self.iri(CASE_RECORD), restriction], name + "/eq"),
            )
        )
        g.add((cls, OWL.equivalentClass, intersection))
        self.sources[name] = []
        self.definitions[name] = (definition, intersection)

    def cite(self, name: str, refs: list[str]) -> None:
        for ref in refs:
            if ref not in self.sources[name]:
                self.sources[name].append(ref)

    def finish_classes(self) -> None:
        """Definitions and equivalence axioms carry the union of their rows' sources."""
        for name, (definition, intersection) in self.definitions.items():
            cls = self.iri(name)
            text = Literal(definition, lang="en")
            refs = self.sources[name]
            self.graph.add((cls, self.skos_definition, text))
            self.builder.annotate(cls, self.skos_definition, text, refs)
            self.builder.annotate(
                cls,
                OWL.equivalentClass,
                intersection,
                refs,
                "generated from the relation rows that cite these sources",
            )

    # ---- the three kinds of rule ---------------------------------------------------------
    def add_not_recommended(self, tables) -> None:
        ancestors = told_ancestors(tables)
        conditional = {subject for subject, _ in merged_rows(tables, CONSIDERED_AFTER)}
        for (activity, condition), entry in merged_rows(tables, NOT_RECOMMENDED).items():
            if ancestors.get(activity, {activity}) & conditional:
                continue
            name = f"CaseWith{condition}"
            label = self.labels[condition]
            self.define(
                name,
                f"case with {label}",
                f"A case record whose patient has {label} (or a kind or stage of it); "
                "generated from the advice about what is not recommended for it.",
                self.restriction(name, HAS_CONDITION, OWL.someValuesFrom, self.iri(condition)),
            )
            self.cite(name, entry["refs"])
            complement = self.bnode("c", name, activity)  # OWL 2 DL: one blank node per use
            self.graph.add((complement, RDF.type, OWL.Class))
            self.graph.add((complement, OWL.complementOf, self.iri(activity)))
            rule = self.restriction(f"{name}/{activity}", PLANS, OWL.allValuesFrom, complement)
            self.graph.add((self.iri(name), RDFS.subClassOf, rule))
            note = f"generated from: {self.labels[activity]} is not recommended for {label}"
            self.builder.annotate(
                self.iri(name), RDFS.subClassOf, rule, entry["refs"], note, entry["disagreement"]
            )

    def add_warranting(self, tables) -> None:
        actions: OrderedDict[str, list[str]] = OrderedDict()
        for (_, action), entry in merged_rows(tables, WARRANTS).items():
            refs = actions.setdefault(action, [])
            refs.extend(ref for ref in entry["refs"] if ref not in refs)
        for action, refs in actions.items():
            name = f"CaseWarranting{action}"
            label = self.labels[action]
            union = self.bnode("u", name)
            self.graph.add((union, RDF.type, OWL.Class))
            self.graph.add(
                (
                    union,
                    OWL.unionOf,
                    self.builder.rdf_list(
                        [
                            self.restriction(
                                name,
                                link,
                                OWL.someValuesFrom,
                                self.restriction(
                                    f"{name}/{link}", WARRANTS, OWL.someValuesFrom, self.iri(action)
                                ),
                            )
                            for link in (PRESENTS_WITH, HAS_CONDITION)
                        ],
                        name + "/union",
                    ),
                )
            )
            self.define(
                name,
                f"case warranting {label}",
                f"A case record whose patient presents with a sign, or has a condition, "
                f"that warrants {label}.",
                union,
            )
            self.cite(name, refs)

    def add_considered_after(self, tables) -> None:
        for (treatment, prerequisite), entry in merged_rows(tables, CONSIDERED_AFTER).items():
            name = f"CasePlanning{treatment}"
            label = self.labels[treatment]
            self.define(
                name,
                f"case planning {label}",
                f"A case record whose plan includes {label} (or a kind of it); "
                "generated from the advice about what has to be tried first.",
                self.restriction(name, PLANS, OWL.someValuesFrom, self.iri(treatment)),
            )
            self.cite(name, entry["refs"])
            rule = self.restriction(
                f"{name}/{prerequisite}", HAS_TRIED, OWL.someValuesFrom, self.iri(prerequisite)
            )
            self.graph.add((self.iri(name), RDFS.subClassOf, rule))
            note = f"generated from: {label} is considered after {self.labels[prerequisite]}"
            self.builder.annotate(
                self.iri(name), RDFS.subClassOf, rule, entry["refs"], note, entry["disagreement"]
            )


def add_rules(builder) -> None:
    """Add the generated case-checking classes to ``builder``'s graph (see the module doc)."""
    RuleGenerator(builder).generate()
