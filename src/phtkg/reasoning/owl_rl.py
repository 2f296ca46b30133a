"""The OWL 2 RL fallback: rule-based reasoning in-process, for machines without Java.

The closure is computed by ``reasonable`` (a Rust OWL 2 RL engine, about 0.2 s on the
bundled ontology) or, when that package is missing, by ``owlrl`` (pure Python, about
7 s). ``reasonable`` derives new triples but reports no inconsistency itself, so the
OWL 2 RL rules whose conclusion is "false" (the inconsistency rules of the OWL 2 RL
profile: cax-dw, cax-adc, cls-com, cls-nothing2, cls-maxc1, cls-maxqc1/2, eq-diff1/2/3,
prp-irp, prp-asyp, prp-pdw, prp-adp, prp-npa1/2) are checked here over the closure.

What this cannot do, and why the report never says "consistent" on its own:

* OWL 2 RL rules are complete only for ontologies inside the OWL 2 RL profile. An
  inconsistency that needs reasoning by cases (``owl:unionOf`` or ``owl:someValuesFrom``
  as a superclass, cardinalities above one, ``owl:oneOf`` as a superclass, data ranges)
  is not found, so the report says "no inconsistency found under OWL 2 RL".
* A class is reported unsatisfiable only when the closure puts it under ``owl:Nothing``,
  under two disjoint classes, or under a class and its complement.
* Datatype checks (a literal outside its datatype's value space) are not made.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
TYPE = RDF + "type"
SUBCLASS = RDFS + "subClassOf"
NOTHING = OWL + "Nothing"
THING = OWL + "Thing"


@dataclass
class RLOutcome:
    """The closure's verdict: ``clashes`` are one-line reasons for an inconsistency."""

    engine: str
    seconds: float
    clashes: list[str] = field(default_factory=list)
    unsatisfiable: dict[str, str] = field(default_factory=dict)  # class IRI -> reason
    closure: set = field(default_factory=set)  # the triples, as rdflib terms

    @property
    def consistent(self) -> bool:
        return not self.clashes


class RLUnavailable(Exception):
    """Neither ``reasonable`` nor ``owlrl`` is installed."""


def closure(graph) -> tuple[str, set]:
    """All triples of ``graph`` plus what the OWL 2 RL rules derive; (engine name, triples)."""
    try:
        import reasonable
    except ImportError:
        reasonable = None
    if reasonable is not None:
        reasoner = reasonable.PyReasoner()
        reasoner.from_graph(graph)
        triples = set(reasoner.reason())
        triples.update(graph)
        return "reasonable", triples
    try:
        import owlrl
    except ImportError:
        raise RLUnavailable("no OWL 2 RL engine: pip install reasonable (or owlrl)") from None
    import rdflib

    copy = rdflib.Graph()
    copy += graph
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(copy)
    return "owlrl", set(copy)


def check(graph, *, classify: bool = True, labels: dict[str, str] | None = None) -> RLOutcome:
    """Compute the closure and look for what the OWL 2 RL inconsistency rules forbid."""
    started = time.perf_counter()
    engine, triples = closure(graph)
    index = _Index(triples, labels)
    outcome = RLOutcome(engine, 0.0, closure=triples)
    outcome.clashes = _clashes(index)
    if classify and not outcome.clashes:
        outcome.unsatisfiable = _unsatisfiable(index)
    outcome.seconds = time.perf_counter() - started
    return outcome


def is_inconsistent(graph) -> bool:
    """True when the OWL 2 RL rules derive a contradiction (used to shrink explanations)."""
    _, triples = closure(graph)
    return bool(_clashes(_Index(triples), first_only=True))


class _Index:
    """The closure by predicate, with rdf:type by subject and RDF lists readable."""

    def __init__(self, triples, labels: dict[str, str] | None = None):
        self.labels = labels or {}
        self.by_predicate: dict[str, list[tuple]] = defaultdict(list)
        self.types: dict = defaultdict(set)
        self.first: dict = {}
        self.rest: dict = {}
        self.out: dict = defaultdict(lambda: defaultdict(set))
        for s, p, o in triples:
            key = str(p)
            self.by_predicate[key].append((s, o))
            self.out[s][key].add(o)
            if key == TYPE:
                self.types[s].add(str(o))
            elif key == RDF + "first":
                self.first[s] = o
            elif key == RDF + "rest":
                self.rest[s] = o

    def name(self, term) -> str:
        """A term as the report shows it: its label in quotes, or its IRI."""
        label = self.labels.get(str(term))
        if label:
            return repr(label) if "'" not in label else f'"{label}"'
        return f"<{term}>" if type(term).__name__ in ("URIRef", "str") else str(term)

    def pairs(self, predicate: str) -> list[tuple]:
        return self.by_predicate.get(predicate, [])

    def one(self, subject, predicate: str):
        values = self.out.get(subject, {}).get(predicate)
        return next(iter(values)) if values else None

    def members(self, head) -> list:
        items, seen = [], set()
        while head is not None and str(head) != RDF + "nil" and head not in seen:
            seen.add(head)
            if head in self.first:
                items.append(self.first[head])
            head = self.rest.get(head)
        return items

    def with_type(self, cls: str) -> list:
        return [s for s, o in self.pairs(TYPE) if str(o) == cls]

    def disjoint_pairs(self) -> set[tuple[str, str]]:
        """Class pairs declared disjoint, or complementary, in both orders."""
        pairs = set()
        for predicate in (OWL + "disjointWith", OWL + "complementOf"):
            for a, b in self.pairs(predicate):
                pairs.update({(str(a), str(b)), (str(b), str(a))})
        for node in self.with_type(OWL + "AllDisjointClasses"):
            classes = [str(c) for c in self.members(self.one(node, OWL + "members"))]
            pairs.update((a, b) for a in classes for b in classes if a != b)
        return pairs


def _clashes(index: _Index, first_only: bool = False) -> list[str]:
    found: list[str] = []

    def add(message: str) -> bool:
        found.append(message)
        return first_only

    for individual in index.with_type(NOTHING):
        if add(f"{index.name(individual)} is a member of owl:Nothing (cls-nothing2)"):
            return found
    disjoint = index.disjoint_pairs()
    for individual, classes in index.types.items():
        for a in classes:
            for b in classes:
                if a < b and (a, b) in disjoint:
                    if add(
                        f"{index.name(individual)} is a member of disjoint classes "
                        f"{index.name(a)} and {index.name(b)} (cax-dw)"
                    ):
                        return found
    for message in _property_clashes(index):
        if add(message):
            return found
    return found


def _property_clashes(index: _Index):
    """The inconsistency rules about properties, cardinality 0 and individual identity."""
    same = {(s, o) for s, o in index.pairs(OWL + "sameAs")}
    for a, b in index.pairs(OWL + "differentFrom"):
        if (a, b) in same or (b, a) in same or a == b:
            yield f"{index.name(a)} and {index.name(b)} are the same and different (eq-diff1)"
    for node in index.with_type(OWL + "AllDifferent"):
        members = index.members(
            index.one(node, OWL + "members") or index.one(node, OWL + "distinctMembers")
        )
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a == b or (a, b) in same or (b, a) in same:
                    yield (
                        f"{index.name(a)} and {index.name(b)} are the same and different (eq-diff2)"
                    )
    for prop in index.with_type(OWL + "IrreflexiveProperty"):
        for s, o in index.pairs(str(prop)):
            if s == o:
                yield (
                    f"{index.name(s)} is related to itself by irreflexive "
                    f"{index.name(prop)} (prp-irp)"
                )
    for prop in index.with_type(OWL + "AsymmetricProperty"):
        pairs = set(index.pairs(str(prop)))
        for s, o in pairs:
            if (o, s) in pairs:
                yield (
                    f"{index.name(s)} and {index.name(o)} are related both ways by asymmetric "
                    f"{index.name(prop)} (prp-asyp)"
                )
    disjoint_props = [(a, b) for a, b in index.pairs(OWL + "propertyDisjointWith")]
    for node in index.with_type(OWL + "AllDisjointProperties"):
        props = index.members(index.one(node, OWL + "members"))
        disjoint_props += [(a, b) for i, a in enumerate(props) for b in props[i + 1 :]]
    for a, b in disjoint_props:
        common = set(index.pairs(str(a))) & set(index.pairs(str(b)))
        for s, o in common:
            yield (
                f"{index.name(s)} is related to {index.name(o)} by disjoint properties "
                f"{index.name(a)} and {index.name(b)} (prp-pdw)"
            )
    for node in index.with_type(OWL + "NegativePropertyAssertion"):
        source = index.one(node, OWL + "sourceIndividual")
        prop = index.one(node, OWL + "assertionProperty")
        target = index.one(node, OWL + "targetIndividual") or index.one(node, OWL + "targetValue")
        if prop is not None and (source, target) in set(index.pairs(str(prop))):
            yield (
                f"{index.name(source)} {index.name(prop)} {index.name(target)} is asserted "
                "and denied (prp-npa)"
            )
    yield from _cardinality_clashes(index)


def _cardinality_clashes(index: _Index):
    """cls-maxc1 and cls-maxqc1/2: a restriction to at most 0 values that has a value."""
    for predicate, qualified in (
        (OWL + "maxCardinality", False),
        (OWL + "maxQualifiedCardinality", True),
    ):
        for restriction, value in index.pairs(predicate):
            if str(value) != "0":
                continue
            prop = index.one(restriction, OWL + "onProperty")
            on_class = index.one(restriction, OWL + "onClass") if qualified else None
            if prop is None:
                continue
            members = {s for s, o in index.pairs(TYPE) if o == restriction}
            for s, o in index.pairs(str(prop)):
                if s in members and (
                    on_class is None
                    or str(on_class) == THING
                    or str(on_class) in index.types.get(o, set())
                ):
                    yield (
                        f"{index.name(s)} has a {index.name(prop)} value although it may "
                        "have none (cls-maxc1)"
                    )


def _unsatisfiable(index: _Index) -> dict[str, str]:
    """Named classes the closure puts under owl:Nothing or under two disjoint classes."""
    supers: dict = defaultdict(set)
    for sub, sup in index.pairs(SUBCLASS):
        supers[sub].add(str(sup))
    disjoint = index.disjoint_pairs()
    found = {}
    for cls, above in supers.items():
        if type(cls).__name__ != "URIRef" or str(cls) == NOTHING:
            continue
        above = above | {str(cls)}
        if NOTHING in above:
            found[str(cls)] = "it is a subclass of owl:Nothing"
            continue
        clash = next(
            ((a, b) for a in sorted(above) for b in sorted(above) if a < b and (a, b) in disjoint),
            None,
        )
        if clash:
            found[str(cls)] = (
                f"it is a subclass of disjoint classes {index.name(clash[0])} "
                f"and {index.name(clash[1])}"
            )
    return found


def inferred_hierarchy(graph, triples) -> tuple[set, set]:
    """Direct subclass links and most specific types the closure adds between named terms."""
    from rdflib import URIRef

    def named(term) -> bool:
        return isinstance(term, URIRef) and not str(term).startswith((OWL, RDF, RDFS))

    supers: dict = defaultdict(set)
    for s, p, o in triples:
        if str(p) == SUBCLASS and named(s) and named(o) and s != o:
            supers[s].add(o)
    direct = set()
    for cls, above in supers.items():
        for parent in above:
            if not any(
                parent in supers.get(mid, ())
                for mid in above
                if mid != parent
                and cls not in supers.get(mid, ())
                and mid not in supers.get(parent, ())
            ):
                if (cls, URIRef(SUBCLASS), parent) not in graph:
                    direct.add((str(cls), str(parent)))
    types = set()
    declared_classes = set(supers) | {
        o for s, p, o in triples if str(p) == TYPE and str(o) == OWL + "Class"
    }
    classes_of: dict = defaultdict(set)
    for s, p, o in triples:
        if str(p) == TYPE and named(s) and named(o) and s not in declared_classes:
            classes_of[s].add(o)
    for individual, classes in classes_of.items():
        for cls in classes:
            more_specific = any(
                cls in supers.get(other, ()) and other != cls and other not in supers.get(cls, ())
                for other in classes
            )
            if not more_specific and (individual, URIRef(TYPE), cls) not in graph:
                types.add((str(individual), str(cls)))
    return direct, types
