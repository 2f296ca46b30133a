"""Check an ontology with a reasoner: is it consistent, which classes are empty, and why.

Three reasoners, chosen with ``--reasoner``:

* ``hermit`` (default): OWL 2 DL, complete, a Java program shipped with owlready2;
* ``pellet``: OWL 2 DL, also shipped with owlready2, needs a recent Java (see
  :mod:`phtkg.reasoning.java`);
* ``rl``: the OWL 2 RL rules in-process (:mod:`phtkg.reasoning.owl_rl`); sound but incomplete
  outside the OWL 2 RL profile, so it never claims "consistent". It is also what runs
  when no Java can be found.

Input files are read by :mod:`phtkg.store.safe_rdf` (no network, no XML entity tricks) and
handed to the Java reasoners as N-Triples, see :mod:`phtkg.reasoning.dl`. The bundled
ontology, plain Turtle without imports, is read by pyoxigraph instead of rdflib
(:class:`TriplesInput`, from :func:`load_input`): its N-Triples, labels and asserted
links are the same, and rdflib is then imported only where it is still needed (the
OWL 2 RL rules, ``--explain``, ``--inferred``). Heavy libraries are imported inside the
functions, so importing this module (as the command line does for every command) stays
cheap.

:func:`exit_code` tells a result's exit status: 0 consistent and every class
satisfiable, 1 inconsistent or some class unsatisfiable, 2 the check could not be made
(bad input, a misconfigured Java, a reasoner failure). ``phtkg reason`` prints it
(:mod:`phtkg.commands.reason`).
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from phtkg import namespaces as ns
from phtkg.files import write_atomically
from phtkg.store.safe_rdf import RdfFileError

from .java import find_java  # noqa: F401  (part of this module's interface)

OWL_NOTHING = "http://www.w3.org/2002/07/owl#Nothing"
OWL_THING = "http://www.w3.org/2002/07/owl#Thing"
OWL_IMPORTS = "http://www.w3.org/2002/07/owl#imports"

NO_JAVA_MESSAGE = (
    "no Java runtime found: install a JDK (e.g. apt-get install default-jre-headless) "
    "or set JAVA_HOME; {detail}"
)
RL_CAVEAT = (
    "OWL 2 RL rules miss inconsistencies that need reasoning by cases, such as "
    "someValuesFrom or unionOf in a superclass; use --reasoner hermit for a "
    "complete check"
)

InputError = RdfFileError  # the name earlier versions raised


@dataclass
class ReasonResult:
    """What the reasoner found.

    ``completed`` is False when the reasoner could not run at all (Java crashed); then
    ``consistent`` and ``unsatisfiable`` carry no information and ``message`` says why.
    ``complete`` is False for the OWL 2 RL rules: "no inconsistency found" is then all
    that can be said. ``classified`` is False with ``--consistency-only``. ``timed_out``
    says the reasoner was stopped at its time limit (then ``completed`` is False too).
    """

    consistent: bool
    unsatisfiable: list[tuple[str, str]] = field(default_factory=list)  # (iri, label)
    reasoner: str = "hermit"
    seconds: float = 0.0
    message: str = ""
    completed: bool = True
    complete: bool = True
    classified: bool = True
    runtime: str = ""  # e.g. "Java 17 from PATH", "reasonable"
    clashes: list[str] = field(default_factory=list)
    inferred_subclasses: set[tuple[str, str]] = field(default_factory=set)
    inferred_types: set[tuple[str, str]] = field(default_factory=set)
    equivalent: list[set[str]] = field(default_factory=list)
    timed_out: bool = False


# ---------------------------------------------------------------------------------------
# Input


def load_graph(files=(), on_note=None):
    """Parse the given files (or the embedded ontology) safely into one rdflib Graph.

    ``owl:imports`` are resolved against the other files and a local catalog only.
    """
    from phtkg import resources
    from phtkg.store.safe_rdf import load_rdf_files

    paths = [Path(f) for f in files] or [resources.ontology_turtle()]
    return load_rdf_files(paths, on_note=on_note)


class TriplesInput:
    """The triples of a file read by pyoxigraph (:func:`phtkg.store.safe_rdf.read_triples`).

    It answers what the DL reasoners' run needs of an input (its N-Triples, its labels,
    whether a link is asserted) without rdflib; :meth:`graph` gives the rdflib Graph
    that :func:`load_graph` would have read, for what needs one. The N-Triples hold the
    triples rdflib would write, blank node names aside, except that a literal written
    ``"x"^^xsd:string`` is written ``"x"``: one literal in RDF 1.1, one value for the
    reasoners (tests/test_reason_bundled_input.py compares the two).
    """

    def __init__(self, triples: list, files=(), on_note=None):
        self.triples = triples
        self._files, self._on_note = tuple(files), on_note
        self._graph = None

    def graph(self):
        """The same input as an rdflib Graph, read (once) by :func:`load_graph`."""
        if self._graph is None:
            self._graph = load_graph(self._files, on_note=self._on_note)
        return self._graph

    def write_ntriples(self, path: Path, without_axiom_annotations: bool = False) -> None:
        """As :func:`write_ntriples`: every triple but owl:imports (and axiom annotations)."""
        import pyoxigraph

        imports = pyoxigraph.NamedNode(OWL_IMPORTS)
        skipped = set()
        if without_axiom_annotations:
            rdf_type = pyoxigraph.NamedNode(ns.RDF + "type")
            kinds = {
                pyoxigraph.NamedNode(ns.OWL + "Axiom"),
                pyoxigraph.NamedNode(ns.OWL + "Annotation"),
            }
            skipped = {
                t.subject
                for t in self.triples
                if t.predicate == rdf_type
                and t.object in kinds
                and isinstance(t.subject, pyoxigraph.BlankNode)
            }
        with open(path, "wb") as out:
            pyoxigraph.serialize(
                (
                    t
                    for t in self.triples
                    if t.predicate != imports and not (skipped and t.subject in skipped)
                ),
                out,
                format=pyoxigraph.RdfFormat.N_TRIPLES,
            )

    def labels(self) -> dict[str, str]:
        """As :func:`labels_by_iri`."""
        import pyoxigraph

        label = pyoxigraph.NamedNode(ns.RDFS + "label")
        labels: dict[str, str] = {}
        for t in self.triples:
            if t.predicate == label and isinstance(t.object, pyoxigraph.Literal):
                key = t.subject.value
                if key not in labels or (t.object.language or "").lower() == "en":
                    labels[key] = t.object.value
        return labels

    def links(self, predicate: str) -> set[tuple[str, str]]:
        """The (subject, object) IRI pairs asserted with ``predicate``."""
        import pyoxigraph

        node = pyoxigraph.NamedNode(predicate)
        return {
            (t.subject.value, t.object.value)
            for t in self.triples
            if t.predicate == node
            and isinstance(t.subject, pyoxigraph.NamedNode)
            and isinstance(t.object, pyoxigraph.NamedNode)
        }


def as_graph(graph):
    """An rdflib Graph for ``graph`` (a Graph already, or a :class:`TriplesInput`)."""
    return graph.graph() if isinstance(graph, TriplesInput) else graph


def load_input(files=(), on_note=None):
    """What :func:`reason` checks: the bundled ontology as a :class:`TriplesInput`, read
    by pyoxigraph, or the files given (or anything that pyoxigraph does not read as
    plain Turtle without imports) as the rdflib Graph of :func:`load_graph`.
    """
    if not files:
        from phtkg import resources
        from phtkg.store.safe_rdf import read_triples

        try:
            triples = read_triples(resources.ontology_turtle())
        except RdfFileError:
            raise
        except ValueError:  # not parsed: rdflib reads it, and words any error
            triples = None
        if triples is not None and not any(t.predicate.value == OWL_IMPORTS for t in triples):
            return TriplesInput(triples, files, on_note)
    return load_graph(files, on_note=on_note)


def labels_by_iri(graph) -> dict[str, str]:
    """rdfs:label for each subject, preferring English, for naming classes in reports."""
    if isinstance(graph, TriplesInput):
        return graph.labels()
    from rdflib.namespace import RDFS

    labels: dict[str, str] = {}
    for subject, label in graph.subject_objects(RDFS.label):
        key = str(subject)
        if key not in labels or getattr(label, "language", None) == "en":
            labels[key] = str(label)
    return labels


def write_ntriples(graph, path: Path, without_axiom_annotations: bool = False) -> None:
    """The reasoners' input: every triple except owl:imports (already resolved locally).

    ``without_axiom_annotations`` also leaves out reified axiom annotations (the
    ``owl:Axiom`` nodes that carry provenance). They have no logical meaning, and
    Pellet's loader fails on them when their ``owl:annotatedTarget`` is a class
    expression ("Unknown concept type: bnode").
    """
    if isinstance(graph, TriplesInput):
        graph.write_ntriples(path, without_axiom_annotations)
        return
    import rdflib

    copy = rdflib.Graph()
    copy += graph
    copy.remove((None, rdflib.URIRef(OWL_IMPORTS), None))
    if without_axiom_annotations:
        owl = rdflib.Namespace("http://www.w3.org/2002/07/owl#")
        for kind in (owl.Axiom, owl.Annotation):
            for node in list(copy.subjects(rdflib.RDF.type, kind)):
                if isinstance(node, rdflib.BNode):
                    copy.remove((node, None, None))
    copy.serialize(destination=str(path), format="nt", encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Reasoning


REASONERS = ("hermit", "pellet", "rl")


def reason(
    graph,
    reasoner: str = "hermit",
    memory_mb: int = 2000,
    consistency_only: bool = False,
    on_note=None,
    timeout: float | None = None,
) -> ReasonResult:
    """Run ``reasoner`` on ``graph``; without Java, fall back to the OWL 2 RL rules.

    A reasoner still running after ``timeout`` seconds (None or 0: no limit) is stopped:
    Java is killed; the OWL 2 RL rules, which run in this process, are left to a worker
    thread, so the caller must end the process soon (:func:`phtkg.timeouts.exit_now`).
    """
    if reasoner not in REASONERS:
        return ReasonResult(
            False,
            [],
            reasoner,
            0.0,
            f"unknown reasoner {reasoner!r} (choose from {', '.join(REASONERS)})",
            completed=False,
        )
    if reasoner == "rl":
        return _run_rl(graph, consistency_only, timeout)
    from .java import JavaMisconfigured, NoJava, choose_java

    try:
        java = choose_java(minimum=8, prefer_newest=(reasoner == "pellet"))
    except JavaMisconfigured as exc:
        return ReasonResult(
            False, [], reasoner, 0.0, NO_JAVA_MESSAGE.format(detail=exc), completed=False
        )
    except NoJava as exc:
        if on_note:
            on_note(
                f"note: no Java runtime found ({exc}), so {reasoner} cannot run; "
                "using the OWL 2 RL rules in Python instead"
            )
        return _run_rl(graph, consistency_only, timeout)
    return _run_dl(graph, reasoner, java, memory_mb, consistency_only, timeout)


def _run_dl(
    graph, reasoner: str, java, memory_mb: int, consistency_only: bool, timeout: float | None
) -> ReasonResult:
    from phtkg.reasoning.dl import ReasonerFailed, ReasonerTimedOut, run_hermit, run_pellet

    run = run_hermit if reasoner == "hermit" else run_pellet
    runtime = f"Java {java.version or '?'} from {java.where}"
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="phtkg-reason-") as tmp:
        nt_path = Path(tmp) / "input.nt"
        write_ntriples(graph, nt_path, without_axiom_annotations=(reasoner == "pellet"))
        try:
            outcome = run(nt_path, java, memory_mb, consistency_only, timeout or None)
        except ReasonerFailed as exc:
            return ReasonResult(
                False,
                [],
                reasoner,
                time.perf_counter() - started,
                str(exc),
                completed=False,
                runtime=runtime,
                timed_out=isinstance(exc, ReasonerTimedOut),
            )
    seconds = time.perf_counter() - started
    if not outcome.consistent:
        return ReasonResult(
            False,
            [],
            reasoner,
            seconds,
            "the ontology is inconsistent: it has no model",
            classified=False,
            runtime=runtime,
        )
    labels = labels_by_iri(graph)
    result = ReasonResult(
        True,
        _named(outcome.unsatisfiable, labels),
        reasoner,
        seconds,
        classified=outcome.classified,
        runtime=runtime,
    )
    if outcome.classified:
        result.inferred_subclasses, result.inferred_types = _new_links(graph, outcome)
        result.equivalent = outcome.equivalent
    return result


def _run_rl(graph, consistency_only: bool, timeout: float | None = None) -> ReasonResult:
    from phtkg.timeouts import QueryTimeout, call_with_timeout

    from .owl_rl import RLUnavailable, check, inferred_hierarchy

    graph = as_graph(graph)
    labels = labels_by_iri(graph)
    try:
        outcome = call_with_timeout(
            lambda: check(graph, classify=not consistency_only, labels=labels), timeout
        )
    except RLUnavailable as exc:
        return ReasonResult(False, [], "rl", 0.0, str(exc), completed=False)
    except QueryTimeout:
        message = f"the OWL 2 RL rules did not finish within {timeout:g} s"
        return ReasonResult(False, [], "rl", timeout, message, completed=False, timed_out=True)
    result = ReasonResult(
        outcome.consistent,
        [],
        "rl",
        outcome.seconds,
        complete=False,
        classified=not consistency_only and outcome.consistent,
        runtime=f"{outcome.engine}, OWL 2 RL rules",
        clashes=outcome.clashes,
    )
    if not outcome.consistent:
        result.message = "the OWL 2 RL rules derive a contradiction"
        return result
    result.unsatisfiable = _named(outcome.unsatisfiable, labels)
    if result.classified:
        result.inferred_subclasses, result.inferred_types = inferred_hierarchy(
            graph, outcome.closure
        )
    return result


def _named(iris, labels: dict[str, str]) -> list[tuple[str, str]]:
    found = {iri for iri in iris if iri != OWL_NOTHING and not iri.startswith("_:")}
    return sorted(
        ((iri, labels.get(iri, "")) for iri in found), key=lambda item: (item[1].lower(), item[0])
    )


def _new_links(graph, outcome) -> tuple[set, set]:
    """The direct subclass links and types the reasoner found that were not asserted."""
    asserted = _asserted(graph)
    unsatisfiable = outcome.unsatisfiable
    subclasses = {
        (sub, sup)
        for sub, sup in outcome.subclass_of
        if sup != OWL_THING
        and sub not in unsatisfiable
        and not asserted(sub, ns.RDFS + "subClassOf", sup)
    }
    types = {
        (ind, cls)
        for ind, cls in outcome.types
        if cls != OWL_THING and not asserted(ind, ns.RDF + "type", cls)
    }
    return subclasses, types


def _asserted(graph):
    """A test ``(subject, predicate, object) -> bool`` of what ``graph`` asserts, for IRIs."""
    if isinstance(graph, TriplesInput):
        links = {p: graph.links(p) for p in (ns.RDFS + "subClassOf", ns.RDF + "type")}
        return lambda s, p, o: (s, o) in links[p]
    from rdflib import URIRef

    return lambda s, p, o: (URIRef(s), URIRef(p), URIRef(o)) in graph


# ---------------------------------------------------------------------------------------
# Report


def format_report(result: ReasonResult) -> str:
    """The human-readable report printed by ``phtkg reason``."""
    detail = (
        f"{result.runtime}, {result.seconds:.2f} s" if result.runtime else f"{result.seconds:.2f} s"
    )
    lines = [f"reasoner: {result.reasoner} ({detail})"]
    if not result.consistent:
        if result.complete:
            lines.append(
                f"consistent: no ({result.message}; unsatisfiable classes cannot be "
                "computed for an inconsistent ontology)"
            )
        else:
            lines.append(f"consistent: no (inconsistent: {result.message})")
            lines.extend(f"  {clash}" for clash in result.clashes[:10])
            if len(result.clashes) > 10:
                lines.append(f"  ... and {len(result.clashes) - 10} more")
        return "\n".join(lines)
    if result.complete:
        lines.append("consistent: yes")
    else:
        lines.append(f"consistent: no inconsistency found under OWL 2 RL ({RL_CAVEAT})")
    heading = (
        "unsatisfiable classes" if result.complete else "unsatisfiable classes found under OWL 2 RL"
    )
    if not result.classified:
        lines.append(f"{heading}: not checked (--consistency-only)")
    elif not result.unsatisfiable:
        lines.append(f"{heading}: none")
    else:
        lines.append(f"{heading}: {len(result.unsatisfiable)}")
        lines.extend(f"  {label or '(no label)'} <{iri}>" for iri, label in result.unsatisfiable)
    return "\n".join(lines)


def exit_code(result: ReasonResult) -> int:
    """0 all good, 1 a logical problem was found, 2 the check could not be made."""
    if not result.completed:
        return 2
    return 0 if result.consistent and not result.unsatisfiable else 1


def dl_oracle(result: ReasonResult, memory_mb: int):
    """A function telling whether a graph is inconsistent, using the reasoner that ran."""
    if result.reasoner == "rl" or not result.complete:
        return None
    from phtkg.reasoning.dl import ReasonerFailed, run_hermit, run_pellet

    from .java import choose_java

    java = choose_java(minimum=8, prefer_newest=(result.reasoner == "pellet"))
    run = run_hermit if result.reasoner == "hermit" else run_pellet

    def is_inconsistent(graph) -> bool:
        with tempfile.TemporaryDirectory(prefix="phtkg-explain-") as tmp:
            nt_path = Path(tmp) / "input.nt"
            write_ntriples(graph, nt_path, without_axiom_annotations=(run is run_pellet))
            try:
                return not run(nt_path, java, memory_mb, consistency_only=True).consistent
            except ReasonerFailed:
                return False  # a subset the reasoner cannot read does not show the problem

    return is_inconsistent


def write_inferred(result: ReasonResult, destination: str) -> int:
    """Write the inferred hierarchy and types as Turtle, atomically; return the count."""
    import rdflib
    from rdflib.namespace import OWL, RDF, RDFS

    graph = rdflib.Graph()
    graph.bind("owl", OWL)
    for sub, sup in sorted(result.inferred_subclasses):
        graph.add((rdflib.URIRef(sub), RDFS.subClassOf, rdflib.URIRef(sup)))
    for individual, cls in sorted(result.inferred_types):
        graph.add((rdflib.URIRef(individual), RDF.type, rdflib.URIRef(cls)))
    for group in result.equivalent:
        members = sorted(group)
        for other in members[1:]:
            graph.add((rdflib.URIRef(members[0]), OWL.equivalentClass, rdflib.URIRef(other)))
    for iri, _ in result.unsatisfiable:
        graph.add((rdflib.URIRef(iri), OWL.equivalentClass, OWL.Nothing))
    header = (
        b"# Inferred by phtkg reason: statements a reasoner derived that "
        b"the input does not assert.\n"
    )
    write_atomically(Path(destination), header + graph.serialize(format="turtle", encoding="utf-8"))
    return len(graph)
