"""Explain an inconsistency or an unsatisfiable class by a minimal set of axioms.

HermiT, as shipped with owlready2, has no explanation interface, so the explanation is
found "black box": axioms are taken away while the problem remains. The graph is cut
into axioms (a triple with its blank-node parts: a restriction, a list), which are
removed a chunk at a time, halving the chunk size (divide and conquer), then one at a
time. What is left is a *justification*: the problem follows from these axioms, and
from no proper subset of them. Declarations and annotations (labels, comments,
provenance) are always kept, since they never cause a problem.

An unsatisfiable class C is reduced to an inconsistency: C is empty exactly when adding
"x Type C" for a fresh individual x makes the ontology inconsistent. So one oracle, "is
this set of axioms inconsistent?", serves both questions.

Speed: each DL check starts a Java process (about half a second on a small input), so
when the OWL 2 RL rules also see the problem, a first cut is made with them in-process
(milliseconds per check), and the DL reasoner then only minimises that small set. The
work is capped (:data:`DEFAULT_SECONDS`); a capped explanation is still sufficient (the
problem follows from it) but may not be minimal, and the report says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from .manchester import OWL, RDF, RDFS, Renderer

DEFAULT_SECONDS = 120.0

_DECLARATION_TYPES = {
    OWL + name
    for name in (
        "Class",
        "ObjectProperty",
        "DatatypeProperty",
        "AnnotationProperty",
        "NamedIndividual",
        "Ontology",
        "Axiom",
        "Annotation",
    )
} | {RDFS + "Datatype", RDFS + "Class", RDF + "Property"}
_ANNOTATION_PREDICATES = {
    RDFS + name for name in ("label", "comment", "seeAlso", "isDefinedBy")
} | {
    OWL + name
    for name in (
        "versionInfo",
        "deprecated",
        "priorVersion",
        "backwardCompatibleWith",
        "incompatibleWith",
        "imports",
        "versionIRI",
    )
}
_ANNOTATION_NAMESPACES = (
    "http://purl.org/dc/",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/prov#",
    "http://schema.org/",
    "https://schema.org/",
    "http://xmlns.com/foaf/0.1/",
)


@dataclass
class Explanation:
    """The axioms responsible, already rendered, and how the search went."""

    axioms: list[str]
    minimal: bool
    checks: int
    seconds: float
    note: str = ""


@dataclass(frozen=True)
class Axiom:
    root: tuple  # the triple that states the axiom
    triples: frozenset  # the root triple and its blank-node parts


def split_axioms(graph) -> tuple[list[tuple], list[Axiom]]:
    """(background triples kept in every check, logical axioms that may be removed)."""
    from rdflib import BNode, URIRef

    annotation_props = {
        str(s) for s in graph.subjects(URIRef(RDF + "type"), URIRef(OWL + "AnnotationProperty"))
    }
    ontologies = set(graph.subjects(URIRef(RDF + "type"), URIRef(OWL + "Ontology")))
    nested = {o for o in graph.objects() if isinstance(o, BNode)}
    reified = set(graph.subjects(URIRef(RDF + "type"), URIRef(OWL + "Axiom")))
    reified |= set(graph.subjects(URIRef(OWL + "annotatedSource"), None))
    background: list[tuple] = []
    axioms: list[Axiom] = []
    grouped_roots: set = set()
    for triple in graph:
        s, p, o = triple
        if isinstance(s, BNode) and s in nested:
            continue  # part of the axiom that mentions this blank node
        if s in reified:
            continue  # provenance of an axiom; the OWL API would rebuild the axiom from it
        if s in ontologies or _is_annotation(p, o, annotation_props):
            background.append(triple)
            background.extend(_parts(graph, o))
            continue
        if isinstance(s, BNode):  # a root blank node: AllDisjointClasses, negative assertion
            if s in grouped_roots or str(p) in (RDF + "first", RDF + "rest"):
                continue  # a list no axiom uses says nothing
            grouped_roots.add(s)
            root = next(
                ((s, q, v) for q, v in graph.predicate_objects(s) if str(q) == RDF + "type"), triple
            )
            parts = set(graph.triples((s, None, None)))
            for _, _, value in list(parts):
                parts.update(_parts(graph, value))
            axioms.append(Axiom(root, frozenset(parts)))
            continue
        axioms.append(Axiom(triple, frozenset({triple, *_parts(graph, o)})))
    axioms.sort(key=lambda axiom: tuple(str(term) for term in axiom.root))
    return background, axioms


def _is_annotation(predicate, obj, annotation_props: set[str]) -> bool:
    p = str(predicate)
    if p == RDF + "type":
        return str(obj) in _DECLARATION_TYPES
    return (
        p in _ANNOTATION_PREDICATES or p in annotation_props or p.startswith(_ANNOTATION_NAMESPACES)
    )


def _parts(graph, node) -> list[tuple]:
    """Every triple reachable from ``node`` through blank nodes."""
    from rdflib import BNode

    found, stack, seen = [], [node], set()
    while stack:
        current = stack.pop()
        if not isinstance(current, BNode) or current in seen:
            continue
        seen.add(current)
        for triple in graph.triples((current, None, None)):
            found.append(triple)
            stack.append(triple[2])
    return found


def build_graph(background, axioms):
    import rdflib

    graph = rdflib.Graph()
    for triple in background:
        graph.add(triple)
    for axiom in axioms:
        for triple in axiom.triples:
            graph.add(triple)
    return graph


def unsatisfiability_probe(cls: str) -> list[tuple]:
    """The triples that make an unsatisfiable class cause an inconsistency."""
    from rdflib import URIRef

    probe = URIRef("urn:phtkg:explain:probe-individual")
    return [
        (probe, URIRef(RDF + "type"), URIRef(cls)),
        (probe, URIRef(RDF + "type"), URIRef(OWL + "NamedIndividual")),
    ]


def shrink(
    axioms: list[Axiom], is_problem: Callable[[list[Axiom]], bool], deadline: float
) -> tuple[list[Axiom], bool, int]:
    """Remove axioms while ``is_problem`` stays true: chunks halving in size, then singles.

    The working set always keeps the problem, so stopping at ``deadline`` still leaves a
    sufficient (if not minimal) set. Returns (set, finished, checks made).
    """
    current = list(axioms)
    checks = 0
    chunk = max(1, len(current) // 2)
    while True:
        start = 0
        while start < len(current):
            if time.monotonic() > deadline:
                return current, False, checks
            candidate = current[:start] + current[start + chunk :]
            checks += 1
            if candidate and is_problem(candidate):
                current = candidate
            else:
                start += chunk
        if chunk == 1:
            return current, True, checks
        chunk = max(1, chunk // 2)


def explain(
    graph,
    labels: dict[str, str],
    dl_is_inconsistent: Callable | None,
    unsatisfiable_class: str | None = None,
    seconds: float = DEFAULT_SECONDS,
) -> Explanation:
    """A justification for the inconsistency of ``graph`` (or for ``unsatisfiable_class``).

    ``dl_is_inconsistent(graph) -> bool`` is the DL reasoner's check; None means only the
    OWL 2 RL rules are available, and then the explanation is minimal under those rules.
    """
    from . import owl_rl

    started = time.monotonic()
    deadline = started + seconds
    background, axioms = split_axioms(graph)
    if unsatisfiable_class:
        background = background + unsatisfiability_probe(unsatisfiable_class)
    checks = 0

    def with_rl(subset) -> bool:
        return owl_rl.is_inconsistent(build_graph(background, subset))

    def with_dl(subset) -> bool:
        return dl_is_inconsistent(build_graph(background, subset))

    candidates, finished, note = axioms, True, ""
    module = _relevant(axioms, unsatisfiable_class)
    if len(module) < len(axioms):  # keep the module only if the problem is still there
        checks += 1
        check = with_dl if dl_is_inconsistent is not None else with_rl
        if check(module):
            axioms = candidates = module
    if with_rl(axioms):
        candidates, finished, more = shrink(axioms, with_rl, deadline)
        checks += more + 1
        if dl_is_inconsistent is None:
            note = "minimal under the OWL 2 RL rules"
    elif dl_is_inconsistent is None:
        return Explanation(
            [],
            False,
            1,
            time.monotonic() - started,
            "the OWL 2 RL rules cannot see this problem, so no explanation "
            "could be found without a DL reasoner",
        )
    if dl_is_inconsistent is not None and finished:
        candidates, finished, more = shrink(candidates, with_dl, deadline)
        checks += more
    graph_for_names = build_graph(background, candidates)
    renderer = Renderer(graph_for_names, labels)
    rendered = [renderer.axiom(*axiom.root) for axiom in candidates]
    if not finished:
        note = (
            f"stopped after {seconds:.0f} s and {checks} checks: the problem follows from "
            "these axioms, but some of them may not be needed"
        )
    return Explanation(rendered, finished, checks, time.monotonic() - started, note)


def simplest_first(graph, classes: list[str]) -> list[str]:
    """Unsatisfiable classes ordered by the size of their module, smallest first.

    A class is often empty only because a class it uses is empty ("case planning X" is
    defined through X); the one with the smaller module is usually the root cause, and
    its explanation is the quickest to find.
    """
    _, axioms = split_axioms(graph)
    sizes = {cls: len(_relevant(axioms, cls)) for cls in classes}
    return sorted(classes, key=lambda cls: (sizes[cls], cls))


def _relevant(axioms: list[Axiom], cls: str | None) -> list[Axiom]:
    """For an unsatisfiable class, the axioms that can bear on it (a cheap module).

    Following the idea of locality-based modules: "A SubClassOf ...", "P Domain ..." or
    "A EquivalentTo (B and R some C)" can only matter when A or P is already in the
    signature reached from the class, so the signature grows upward (superclasses, the
    properties used, their domains and ranges, disjointness) and never into the many
    unrelated subclasses and individuals. Axioms of other shapes are taken when they
    mention any term reached. The caller checks that the module still shows the problem
    and falls back to every axiom if it does not. For an
    inconsistency every axiom may matter and all are kept.
    """
    from rdflib import BNode, URIRef

    if cls is None:
        return axioms
    signature = {URIRef(cls)}
    entries = []
    for axiom in axioms:
        terms = {
            t
            for triple in axiom.triples
            for t in (triple[0], triple[1], triple[2])
            if isinstance(t, URIRef) and not str(t).startswith((RDF, RDFS, OWL))
        }
        subject, predicate, obj = axiom.root
        keyed = not isinstance(subject, BNode) and (
            str(predicate) in _KEYED_BY_SUBJECT
            or (
                str(predicate) == OWL + "equivalentClass"
                and isinstance(obj, BNode)
                and not any(str(p) in _NOT_BOTTOM for _, p, _ in axiom.triples)
            )
        )
        entries.append((axiom, {subject} if keyed else terms, terms))
    chosen: set[int] = set()
    changed = True
    while changed:
        changed = False
        for i, (_, trigger, terms) in enumerate(entries):
            if i not in chosen and trigger & signature:
                chosen.add(i)
                signature |= terms
                changed = True
    return [axiom for i, (axiom, _, _) in enumerate(entries) if i in chosen]


_KEYED_BY_SUBJECT = {RDFS + "subClassOf", RDFS + "domain", RDFS + "range", RDFS + "subPropertyOf"}
# Constructs that are not empty when the classes inside them are: an equivalence using
# them can matter even when its named side has not been reached.
_NOT_BOTTOM = {
    OWL + name
    for name in (
        "unionOf",
        "complementOf",
        "allValuesFrom",
        "maxCardinality",
        "maxQualifiedCardinality",
        "cardinality",
        "qualifiedCardinality",
        "hasSelf",
        "oneOf",
        "hasValue",
    )
}
