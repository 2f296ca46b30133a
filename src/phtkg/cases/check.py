"""Check a case against the ontology with HermiT: what it infers, and which plans conflict.

Every verdict comes from the reasoner, in one HermiT run (two for a case with many planned
items, see :func:`check_case`). The case becomes a named
class below ``CaseRecord and hasCondition some S and presentsWith some F and ...`` (see
:class:`Probes`), and every question is a probe class whose satisfiability HermiT
reports:

* **inferred**: ``case and not W`` is unsatisfiable exactly when the case falls under a
  generated ``case warranting ...`` class W;
* **conflict**: ``case and plans some X`` is unsatisfiable exactly when planning an X
  contradicts the ontology, for example a generated ``case with S SubClassOf plans only
  (not X)`` rule;
* **closed world for what was tried**: OWL is open-world, so "has tried some
  conservative management" never fails on its own. The case file is taken as the whole
  list of what was tried: a prerequisite P counts as tried only when the reasoner infers
  that a tried item is a P (``T and not P`` unsatisfiable), and for every other P the
  probe ``case and plans some X and hasTried only (not P)`` tells whether planning X
  needs it.

Which axioms to cite for a finding is explanation, looked up in :mod:`phtkg.cases.rules`.
The ontology given to HermiT is its logical part only (no labels, definitions or axiom
annotations), which cannot change a verdict and make up most of the triples.
"""

from __future__ import annotations

import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from phtkg import namespaces as ns
from phtkg.cases.model import Case
from phtkg.cases.rules import Axiom, RuleBook

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
OWL = "http://www.w3.org/2002/07/owl#"
_SKIPPED_PREDICATES = {
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2000/01/rdf-schema#comment",
}


class CheckFailed(Exception):
    """The check could not be made (no Java, a reasoner failure); the message is one line."""


@dataclass
class Finding:
    kind: str  # "inferred" | "conflict"
    message: str
    axioms: list[Axiom] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "message": self.message,
            "axioms": [axiom.as_dict() for axiom in self.axioms],
        }


@dataclass
class CheckResult:
    case: Case
    findings: list[Finding] = field(default_factory=list)
    runs: int = 0
    seconds: float = 0.0
    runtime: str = ""

    @property
    def conflict(self) -> bool:
        return any(f.kind == "conflict" for f in self.findings)

    @property
    def verdict(self) -> str:
        if self.conflict:
            return "conflict"
        return "inferred" if self.findings else "ok"


# ---------------------------------------------------------------------------------------
# Input for HermiT


def logical_ontology_ntriples(store) -> str:
    """The terminology as N-Triples: no annotations and no individuals.

    Labels, definitions and axiom annotations cannot change a verdict, and the
    individuals (source documents, citations, reported quantities) are not connected to
    any case; without them every satisfiability test is a pure terminology test, which
    is what makes one run with dozens of probes take seconds. That the ontology with its
    individuals is consistent is what ``phtkg reason`` checks.
    """
    import pyoxigraph

    def subjects(cls: str) -> set:
        return {
            q.subject
            for q in store.quads_for_pattern(
                None, pyoxigraph.NamedNode(RDF_TYPE), pyoxigraph.NamedNode(OWL + cls)
            )
        }

    skipped_subjects = subjects("Axiom") | subjects("NamedIndividual")
    skipped = {node.value for node in subjects("AnnotationProperty")} | _SKIPPED_PREDICATES
    lines = [
        f"{quad.triple} ."
        for quad in store.quads_for_pattern(None, None, None)
        if quad.subject not in skipped_subjects and quad.predicate.value not in skipped
    ]
    lines.sort()  # a stable order, so that runs are reproducible
    return "\n".join(lines) + "\n"


class Hermit:
    """Runs HermiT on the ontology plus probe classes, answering all of them in one run.

    Starting Java and loading the ontology cost far more than a satisfiability test, so
    every question is a probe class and one HermiT run answers them all. The run
    classifies (``--unsatisfiable``) rather than testing each probe on its own
    (``--consistency=CLASS``): the answers are the same, but classification reuses
    the models it builds across classes, which makes a case with twenty probes about
    three times faster and keeps the time close to linear in the number of probes.
    """

    def __init__(self, ontology_nt: str, memory_mb: int, timeout: float | None = None):
        from phtkg.reasoning.java import NoJava, choose_java
        from phtkg.reasoning.reason import NO_JAVA_MESSAGE

        try:
            self.java = choose_java(minimum=8)
        except NoJava as exc:
            raise CheckFailed(NO_JAVA_MESSAGE.format(detail=exc)) from None
        self.ontology_nt = ontology_nt
        self.memory_mb = memory_mb
        self.timeout = timeout or None
        self.runs = 0

    @property
    def runtime(self) -> str:
        return f"Java {self.java.version or '?'} from {self.java.where}"

    def satisfiable(self, case_nt: str, probes: Probes) -> dict[str, bool] | None:
        """Each probe's satisfiability, or None when the ontology plus case is inconsistent."""
        from phtkg.reasoning.dl import (
            ReasonerFailed,
            ReasonerTimedOut,
            java_problem,
            run_hermit_command,
        )

        self.runs += 1
        with tempfile.TemporaryDirectory(prefix="phtkg-check-") as tmp:
            path = Path(tmp) / "case.nt"
            path.write_text(self.ontology_nt + case_nt, encoding="utf-8")
            arguments = ["--unsatisfiable", path.resolve().as_uri()]
            try:
                done = run_hermit_command(self.java, self.memory_mb, arguments, self.timeout)
            except ReasonerTimedOut as stopped:
                raise CheckFailed(f"{stopped} (raise --timeout, or 0 for no limit)") from None
            except ReasonerFailed as failed:
                raise CheckFailed(str(failed)) from None
        if "InconsistentOntologyException" in done.stderr:
            return None
        if done.returncode != 0 or _UNSATISFIABLE_HEADING not in done.stdout:
            raise CheckFailed(
                java_problem(done.stderr or done.stdout, "HermiT", self.java, self.memory_mb)
            )
        unsatisfiable = set(_UNSATISFIABLE.findall(done.stdout))
        if OWL + "Thing" in unsatisfiable or "owl:Thing" in done.stdout:
            return None
        return {iri: iri not in unsatisfiable for iri in probes.names}


_UNSATISFIABLE_HEADING = "Classes equivalent to 'owl:Nothing':"
_UNSATISFIABLE = re.compile(r"^\s+<([^<>\s]+)>$", re.M)


class Probes:
    """Named probe classes (see :class:`Hermit`), written as N-Triples.

    The case itself is a fresh named class below ``CaseRecord and hasCondition some S and
    presentsWith some F ...``, one existential per item. Its items carry nothing but their term, so
    this class says exactly what a case individual with fresh item individuals would, and
    "the case is inferred to be a W" is the subsumption "case SubClassOf W", which HermiT
    tests without the nominals that would slow every test down.
    """

    def __init__(self, case: Case, first: int = 0):
        self.case = case
        # The number of its first probe: a second run's numbers follow the first run's.
        self.first = first
        self.names: list[str] = []
        self.lines: list[str] = []
        self._count = 0
        parts = [f"<{ns.PHT}CaseRecord>"] + [
            self.some(item.prop, f"<{item.term}>") for item in case.items if item.prop != "plans"
        ]
        self.lines += [
            f"<{case.iri}> <{RDF_TYPE}> <{OWL}Class> .",
            f"<{case.iri}> <{RDFS_SUBCLASS}> {self.intersection(parts)} .",
        ]

    def _node(self) -> str:
        self._count += 1
        return f"_:n{self._count}"

    def intersection(self, parts: list[str]) -> str:
        node = self._node()
        self.lines += [
            f"{node} <{RDF_TYPE}> <{OWL}Class> .",
            f"{node} <{OWL}intersectionOf> {self._list(parts)} .",
        ]
        return node

    def _list(self, items: list[str]) -> str:
        head = f"<{ns.RDF}nil>"
        for item in reversed(items):
            node = self._node()
            self.lines += [f"{node} <{ns.RDF}first> {item} .", f"{node} <{ns.RDF}rest> {head} ."]
            head = node
        return head

    def some(self, prop: str, filler: str, kind: str = "someValuesFrom") -> str:
        node = self._node()
        self.lines += [
            f"{node} <{RDF_TYPE}> <{OWL}Restriction> .",
            f"{node} <{OWL}onProperty> <{ns.PHT}{prop}> .",
            f"{node} <{OWL}{kind}> {filler} .",
        ]
        return node

    def complement(self, cls: str) -> str:
        node = self._node()
        self.lines += [
            f"{node} <{RDF_TYPE}> <{OWL}Class> .",
            f"{node} <{OWL}complementOf> <{cls}> .",
        ]
        return node

    def probe(self, parts: list[str]) -> str:
        """A probe class below the intersection of ``parts``; returns its IRI.

        A fresh name that is only *below* an expression is satisfiable exactly when the
        expression is, and, unlike an equivalence, adds no axiom that every individual
        of every model has to satisfy, which keeps each test small.
        """
        iri = f"urn:phtkg:probe:{self.first + len(self.names)}"
        self.names.append(iri)
        self.lines += [
            f"<{iri}> <{RDF_TYPE}> <{OWL}Class> .",
            f"<{iri}> <{RDFS_SUBCLASS}> {self.intersection(parts)} .",
        ]
        return iri

    def case_is(self, cls: str) -> str:
        """Unsatisfiable exactly when the case is inferred to be a ``cls``."""
        return self.probe([f"<{self.case.iri}>", self.complement(cls)])

    def is_a(self, term: str, cls: str) -> str:
        """Unsatisfiable exactly when ``term`` is a kind of ``cls``."""
        return self.probe([f"<{term}>", self.complement(cls)])

    def planning(self, items: list[int], untried: str | None = None) -> str:
        """Unsatisfiable when the case cannot plan these items (having tried no ``untried``)."""
        parts = [f"<{self.case.iri}>"] + [
            self.some("plans", f"<{self.case.items[i].term}>") for i in items
        ]
        if untried:
            parts.append(self.some("hasTried", self.complement(untried), "allValuesFrom"))
        return self.probe(parts)

    def ntriples(self) -> str:
        return "\n".join(self.lines) + "\n"


# ---------------------------------------------------------------------------------------
# The check


#: Above this many planned items the planned items are first screened together (see
#: :func:`check_case`): each probe of a planned item carries the whole case, so with many
#: of them one probe per item costs more than a second HermiT run does.
SCREEN_ABOVE = 16


def check_case(
    case: Case, memory_mb: int = 1000, store=None, timeout: float | None = None
) -> CheckResult:
    """Reason over the ontology plus ``case``; raise CheckFailed if it cannot (also when
    HermiT runs longer than ``timeout`` seconds).

    One HermiT run answers every probe. A case with more than :data:`SCREEN_ABOVE`
    planned items is screened instead: the first run asks whether all of them can be
    planned together, also without each prerequisite that nothing tried is; if so, each
    one alone can be (a probe below a satisfiable one is satisfiable), so no item
    conflicts and the verdict is the one the probes per item would give. Only otherwise
    does a second run ask about each item, as a small case's single run does. Where the
    generated rules already point at a conflict, the screen would only add that second
    run, so the items are asked about at once; either way the reasoner decides.
    """
    from phtkg.store.embedded import ontology_store

    started = time.perf_counter()
    store = store if store is not None else ontology_store()
    book = RuleBook(store)
    hermit = Hermit(logical_ontology_ntriples(store), memory_mb, timeout)
    result = CheckResult(case, runtime=hermit.runtime)
    probes = Probes(case)
    planned, tried = case.by_prop("plans"), case.by_prop("hasTried")
    itself = probes.probe([f"<{case.iri}>"])
    warranting = {cls: probes.case_is(cls) for cls in sorted(book.warranting)}
    prerequisites = book.prerequisite_classes
    tried_is = {(i, p): probes.is_a(case.items[i].term, p) for i in tried for p in prerequisites}
    screened = len(planned) > max(SCREEN_ABOVE, 1) and not _rules_foresee_a_conflict(case, book)
    if screened:
        alone, untried = {}, {}
        without = {p: probes.planning(planned, p) for p in prerequisites}
    else:
        alone = {i: probes.planning([i]) for i in planned}
        untried = {(i, p): probes.planning([i], p) for i in planned for p in prerequisites}
    together = probes.planning(planned) if len(planned) > 1 else None
    answers = hermit.satisfiable(probes.ntriples(), probes)
    if answers is None:
        raise CheckFailed("the ontology is inconsistent; run 'phtkg reason'")
    result.findings += _done_or(answers, itself, case)
    if result.findings:
        return _done(result, hermit, started)
    case_classes = {cls for cls, probe in warranting.items() if not answers[probe]}
    result.findings += _inferences(case, book, case_classes)
    # Closed world for what was tried: a prerequisite counts as tried only when the
    # reasoner infers that something listed as tried is one.
    closure = [p for p in prerequisites if all(answers[tried_is[i, p]] for i in tried)]
    if screened:
        if answers[together] and all(answers[without[p]] for p in closure):
            return _done(result, hermit, started)
        each = Probes(case, first=len(probes.names))
        alone = {i: each.planning([i]) for i in planned}
        untried = {(i, p): each.planning([i], p) for i in planned for p in closure}
        more = hermit.satisfiable(each.ntriples(), each)
        if more is None:
            raise CheckFailed("the ontology is inconsistent; run 'phtkg reason'")
        answers.update(more)
    culprits = {}
    for i in planned:
        if not answers[alone[i]]:  # conflicts whatever was tried; the probes below say nothing
            culprits[i] = [
                rule.other
                for rule in book.prerequisites
                if rule.other in closure and rule.term in book.above(case.items[i].term)
            ]
        elif unmet := [p for p in closure if not answers[untried[i, p]]]:
            culprits[i] = unmet
    if culprits:
        result.findings += _conflicts(case, book, culprits, closure)
    elif together and not answers[together]:
        names = ", ".join(case.items[i].label for i in planned)
        result.findings.append(
            Finding("conflict", f"the planned items together conflict with the ontology: {names}")
        )
    return _done(result, hermit, started)


def _rules_foresee_a_conflict(case: Case, book: RuleBook) -> bool:
    """Whether a generated rule, read over the asserted hierarchy, speaks against a planned
    item: one not recommended for a condition of the case, or one that needs something the
    case does not list as tried. Only which probes to ask follows from this, never a verdict.
    """
    conditions = set().union(
        *(book.above(case.items[i].term) for i in case.by_prop("hasCondition"))
    )
    tried = set().union(*(book.above(case.items[i].term) for i in case.by_prop("hasTried")))
    for i in case.by_prop("plans"):
        above = book.above(case.items[i].term)
        if any(r.other in conditions and r.term in above for r in book.not_recommended):
            return True
        if any(r.term in above and r.other not in tried for r in book.prerequisites):
            return True
    return False


def _done_or(answers, itself: str, case: Case) -> list[Finding]:
    if answers[itself]:
        return []
    return [
        Finding(
            "conflict",
            "the case description itself contradicts the ontology "
            "(before anything planned is considered)",
        )
    ]


def _done(result: CheckResult, hermit: Hermit, started: float) -> CheckResult:
    result.runs = hermit.runs
    result.seconds = time.perf_counter() - started
    return result


def _inferences(case: Case, book: RuleBook, case_classes) -> list[Finding]:
    """One finding per generated 'case warranting ...' class the reasoner put the case in.

    Which features warrant the action is explanation: the asserted hierarchy finds the
    ``warrants`` axioms to cite.
    """
    findings = []
    for cls in sorted(case_classes):
        action = book.warranting[cls]
        because, axioms = [], []
        for item in case.items:
            if item.prop not in ("presentsWith", "hasCondition"):
                continue
            above = book.above(item.term)
            for rule in book.warrants:
                if rule.case_class in above and action in book.above(rule.term):
                    because.append(
                        f"{item.label} warrants {book.label(rule.term)}"
                        f" ({'; '.join(rule.axiom.sources)})"
                    )
                    if rule.axiom not in axioms:
                        axioms.append(rule.axiom)
        message = f"{book.label(cls)}: " + (
            "because " + "; ".join(because) if because else "inferred by the reasoner"
        )
        findings.append(Finding("inferred", message, axioms))
    return findings


def _conflicts(
    case: Case, book: RuleBook, culprits: dict[int, list[str]], closure: list[str]
) -> list[Finding]:
    """Name, for each conflicting planned item, the generated rules behind the conflict.

    The reasoner said which items conflict, and which untried prerequisite each one
    needs; the rules to cite are those whose condition is (above) one of the case's
    conditions and whose term is (above) the item's term.
    """
    conditions = set().union(
        *(book.above(case.items[i].term) for i in case.by_prop("hasCondition"))
    )
    tried = [case.items[i].label for i in case.by_prop("hasTried")]
    findings = []
    for index, unmet in culprits.items():
        item = case.items[index]
        above = book.above(item.term)
        reasons, axioms = [], []
        for rule in book.not_recommended:
            if rule.other in conditions and rule.term in above:
                reasons.append(
                    f"{book.label(rule.term)} is not recommended for {book.label(rule.other)}"
                )
                axioms.append(rule.axiom)
        for rule in book.prerequisites:
            if rule.term in above and rule.other in unmet:
                reasons.append(
                    f"{book.label(rule.term)} is considered only after "
                    f"{book.label(rule.other)}, and nothing tried is that"
                )
                axioms.append(rule.axiom)
        if unmet:
            axioms.append(
                Axiom(
                    "case SubClassOf has tried only (not ("
                    + " or ".join(book.label(p) for p in closure)
                    + "))",
                    [],
                    "closed world: the case file lists everything tried ("
                    + (", ".join(tried) if tried else "nothing")
                    + ")",
                )
            )
        message = f"{item.label} is planned, but " + (
            "; ".join(reasons) if reasons else "it conflicts with the ontology"
        )
        findings.append(Finding("conflict", message, axioms))
    return findings
