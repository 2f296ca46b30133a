"""Walking the graph: the class hierarchy, and the class-level facts as a network.

``ancestors``, ``descendants`` and ``tree`` walk the asserted class hierarchy; ``paths``
and ``related`` walk the facts that ``describe`` shows (existential restrictions and
facts of a class as a whole, in both directions) together with the subclass links. A
fact that a class inherits is reached through the class it comes from: one "is a kind
of" step, then the fact, so every step of a walk is a statement the graph makes, with
its own sources.

Each walk reads what it needs with one or two bundled queries for the whole graph and
walks it in Python: a breadth-first search over a few thousand links takes milliseconds,
where a query for each term visited would cost a round trip each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from phtkg import evidence
from phtkg import namespaces as ns
from phtkg.store.queries import run_query

from .facts import SUBCLASS_OF, Fact, asserted_facts, citation_index
from .terms import Match

#: The top categories a whole tree leaves out unless asked: the case rules the build
#: generates for ``phtkg check``, and the provenance classes (documents, sections,
#: claims, disagreements).
SET_APART = (ns.PHT + "CaseRecord", ns.PHT + "InformationResource")
#: How a step along a subclass link reads.
KIND_OF = "is a kind of"


def _curie(iri: str) -> str:
    return ns.compact_iri(iri) if iri else ""


def _stems(joined) -> tuple[str, ...]:
    return tuple(sorted({part for part in str(joined).split("|") if part})) if joined else ()


def _link_sources(stems) -> list[str]:
    """A subclass link's sources; one no document states is the project's ("editorial"),
    as ``describe`` shows parents and children."""
    return sorted(stems) or [ns.EDITORIAL]


# ---- the class hierarchy -----------------------------------------------------------
@dataclass
class Hierarchy:
    """The asserted hierarchy of named classes: each class's parents and children, with
    the file stems of the documents behind each subclass link."""

    labels: dict[str, str] = field(default_factory=dict)
    parents: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    children: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    @classmethod
    def read(cls, store) -> Hierarchy:
        hierarchy = cls()
        for row in run_query("class-hierarchy", store):
            child, parent = row["class"], row["parent"]
            hierarchy.labels[child] = row["label"] or _curie(child)
            hierarchy.parents.setdefault(child, {})
            hierarchy.children.setdefault(child, {})
            if parent:
                stems = _stems(row["sources"])
                hierarchy.parents[child][parent] = stems
                hierarchy.children.setdefault(parent, {})[child] = stems
        return hierarchy

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or _curie(iri)

    def is_class(self, iri: str) -> bool:
        return iri in self.labels

    def sort_key(self, iri: str) -> tuple[str, str]:
        return (self.label(iri).lower(), iri)

    def roots(self, *, everything: bool = False) -> list[str]:
        """The classes at the top, by label; without ``everything``, less :data:`SET_APART`."""
        tops = [iri for iri, parents in self.parents.items() if not parents]
        if not everything:
            tops = [iri for iri in tops if iri not in SET_APART]
        return sorted(tops, key=self.sort_key)


def _types(match: Match, store) -> dict[str, tuple[str, ...]]:
    """The named classes an individual is of, with the sources of each type statement."""
    return {
        row["other"]: _stems(row["sources"])
        for row in run_query("describe-hierarchy", store, term=match.iri)
        if row["direction"] == "type"
    }


def _breadth_first(start: str, links_of, hierarchy: Hierarchy, term: Match) -> list[dict]:
    """Every class reachable from ``start`` along ``links_of`` (a class to {class: stems}),
    nearest first: its distance, the classes one step nearer ``start`` on its shortest
    paths (``via``) and the sources of those last links."""
    distance = {start: 0}
    via: dict[str, list[str]] = defaultdict(list)
    stems: dict[str, set[str]] = defaultdict(set)
    frontier = [start]
    while frontier:
        reached = []
        for node in frontier:
            for other, link_stems in links_of(node).items():
                if other not in distance:
                    distance[other] = distance[node] + 1
                    reached.append(other)
                if distance[other] == distance[node] + 1:
                    via[other].append(node)
                    stems[other].update(link_stems)
        frontier = reached

    def label(iri: str) -> str:
        return term.label if iri == start else hierarchy.label(iri)

    found = sorted(
        (iri for iri in distance if iri != start),
        key=lambda iri: (distance[iri], *hierarchy.sort_key(iri)),
    )
    rows = []
    for iri in found:
        nearer = sorted(via[iri], key=hierarchy.sort_key)
        rows.append(
            {
                "term": term.curie,
                "term_label": term.label,
                "distance": distance[iri],
                "id": _curie(iri),
                "label": label(iri),
                "via": [_curie(node) for node in nearer],
                "via_label": [label(node) for node in nearer],
                "sources": _link_sources(stems[iri]),
            }
        )
    return rows


def ancestors(matches: list[Match], store) -> list[dict]:
    """Every named class above each matched term, nearest first, with its distance.

    An individual's first step up is to the classes it is of (its types).
    """
    hierarchy = Hierarchy.read(store)
    rows = []
    for match in matches:
        start = match.iri

        def up(node: str, match=match, start=start) -> dict[str, tuple[str, ...]]:
            if node == start and not hierarchy.is_class(node):
                return _types(match, store)
            return hierarchy.parents.get(node, {})

        rows += _breadth_first(start, up, hierarchy, match)
    return rows


def descendants(matches: list[Match], store) -> list[dict]:
    """Every named class below each matched term, nearest first, with its distance."""
    hierarchy = Hierarchy.read(store)
    rows = []
    for match in matches:
        rows += _breadth_first(
            match.iri, lambda node: hierarchy.children.get(node, {}), hierarchy, match
        )
    return rows


def tree(hierarchy: Hierarchy, roots: list[str], depth: int | None = None) -> list[dict]:
    """The classes below each root, depth first and by label, one row per place.

    A class with several parents has a place under each; its subclasses are shown at its
    first place, and every later place is a ``repeat`` that names the parent of the first
    (``first_under``). With ``depth``, classes deeper than that are left out and
    ``hidden_subclasses`` counts those below a class at the limit.
    """
    rows: list[dict] = []
    first_under: dict[str, str] = {}

    def visit(node: str, parent: str, level: int) -> None:
        children = sorted(hierarchy.children.get(node, {}), key=hierarchy.sort_key)
        repeat = node in first_under
        stems = hierarchy.parents.get(node, {}).get(parent, ()) if parent else None
        row = {
            "depth": level,
            "id": _curie(node),
            "label": hierarchy.label(node),
            "parent": _curie(parent),
            "parent_label": hierarchy.label(parent) if parent else "",
            "repeat": repeat,
            "first_under": first_under.get(node, "") if repeat else "",
            "hidden_subclasses": 0,
            "sources": [] if stems is None else _link_sources(stems),
        }
        rows.append(row)
        if repeat:
            return
        first_under[node] = row["parent_label"] or "the top"
        if depth is not None and level >= depth:
            row["hidden_subclasses"] = len(children)
            return
        for child in children:
            visit(child, node, level + 1)

    for root in roots:
        visit(root, "", 0)
    return rows


# ---- the facts as a network ---------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """One step along a fact: from ``start`` to ``end``. ``direction`` is "out" when
    ``start`` is the fact's subject and "in" when it is its object, as in ``describe``."""

    start: str
    end: str
    direction: str
    fact: Fact

    @property
    def relation_label(self) -> str:
        return KIND_OF if self.fact.relation == SUBCLASS_OF else self.fact.relation_label

    @property
    def sources(self) -> list[str]:
        if self.fact.relation == SUBCLASS_OF:
            return _link_sources(self.fact.sources)
        return list(self.fact.sources)

    @property
    def sections(self) -> list[str]:
        """Each cited section as ``stem § heading``."""
        return [f"{c.stem} § {c.heading}" if c.heading else c.stem for c in self.fact.citations]


class FactGraph:
    """Every asserted class-level fact and subclass link, walkable from either end."""

    def __init__(self, facts: list[Fact]):
        self.labels: dict[str, str] = {}
        steps: dict[str, list[Step]] = defaultdict(list)
        for fact in facts:
            subject, other = fact.subject, fact.object
            if subject == other:
                continue
            self.labels.setdefault(subject, fact.asserter_label)
            self.labels.setdefault(other, fact.other_label)
            steps[subject].append(Step(subject, other, "out", fact))
            steps[other].append(Step(other, subject, "in", fact))
        for node_steps in steps.values():
            node_steps.sort(key=self._step_key)
        self.steps = dict(steps)

    @classmethod
    def read(cls, store, *, sections: bool = True) -> FactGraph:
        """The graph of ``store``; without ``sections`` the steps cite no sections (their
        documents stay), which saves reading every citation."""
        citations = citation_index(store) if sections else None
        return cls(asserted_facts(store, citations, subclass_links=True))

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or _curie(iri)

    def _step_key(self, step: Step) -> tuple:
        return (
            self.label(step.end).lower(),
            step.direction != "out",
            step.relation_label.lower(),
            step.end,
        )

    def steps_from(self, node: str) -> list[Step]:
        return self.steps.get(node, [])

    def distances(self, starts: set[str]) -> dict[str, int]:
        """The number of steps from the nearest of ``starts`` to every term it reaches
        (each fact is walkable both ways, so it is also the number back)."""
        distance = {node: 0 for node in starts}
        frontier = sorted(starts)
        while frontier:
            reached = []
            for node in frontier:
                for step in self.steps_from(node):
                    if step.end not in distance:
                        distance[step.end] = distance[node] + 1
                        reached.append(step.end)
            frontier = reached
        return distance


def step_row(graph: FactGraph, step: Step) -> dict:
    """The fields of one step, as the rows of ``paths`` and ``related`` carry them."""
    return {
        "from": _curie(step.start),
        "from_label": graph.label(step.start),
        "direction": step.direction,
        "relation": step.relation_label,
        "predicate": _curie(step.fact.relation),
        "to": _curie(step.end),
        "to_label": graph.label(step.end),
        "sources": step.sources,
        "sections": step.sections,
        "evidence": evidence.marks(step.fact.evidence),
    }


def related(graph: FactGraph, matches: list[Match], depth: int = 1) -> list[dict]:
    """Every term within ``depth`` steps of each matched term, nearest first.

    One row for each step that reaches a term at its shortest distance: a term that two
    facts reach equally soon has a row for each. ``id`` and ``label`` name the term
    reached, ``from`` the term one step nearer.
    """
    rows = []
    for match in matches:
        distance = {match.iri: 0}
        frontier = [match.iri]
        found: list[tuple[int, Step]] = []
        for level in range(1, depth + 1):
            reached = []
            for node in frontier:
                for step in graph.steps_from(node):
                    if step.end not in distance:
                        distance[step.end] = level
                        reached.append(step.end)
                    if distance[step.end] == level:
                        found.append((level, step))
            frontier = reached
        found.sort(key=lambda item: (item[0], graph.label(item[1].start).lower(), item[1].start))
        for level, step in found:
            row = step_row(graph, step)
            row["id"], row["label"] = row.pop("to"), row.pop("to_label")
            rows.append({"term": match.curie, "term_label": match.label, "distance": level, **row})
    return rows


@dataclass(frozen=True)
class NoPath:
    """Why no path was found: ``shortest`` is the length of the shortest path there is
    (None when the terms are not connected at all)."""

    shortest: int | None


def _paths_of_length(
    graph: FactGraph, starts: set[str], ends: set[str], to_end: dict[str, int], length: int
) -> Iterator[list[Step]]:
    """The simple paths of exactly ``length`` steps from a start to an end, in a fixed
    order; a path never passes through another start or end on its way."""

    def extend(node: str, path: list[Step], visited: set[str]) -> Iterator[list[Step]]:
        left = length - len(path)
        if left == 0:
            if node in ends:
                yield list(path)
            return
        for step in graph.steps_from(node):
            after = step.end
            if after in visited or to_end.get(after, length + 1) > left - 1:
                continue
            if left > 1 and (after in ends or after in starts):
                continue
            path.append(step)
            visited.add(after)
            yield from extend(after, path, visited)
            visited.discard(after)
            path.pop()

    for start in sorted(starts, key=lambda iri: (graph.label(iri).lower(), iri)):
        yield from extend(start, [], {start})


def paths(
    graph: FactGraph,
    starts: list[Match],
    ends: list[Match],
    *,
    max_length: int = 4,
    limit: int = 5,
) -> list[list[Step]] | NoPath:
    """The shortest paths between a start and an end term, at most ``limit`` of them and
    none longer than ``max_length`` steps: all paths of the shortest length first, then
    longer ones while fewer than ``limit`` are found. A :class:`NoPath` when none is."""
    start_iris = {m.iri for m in starts}
    end_iris = {m.iri for m in ends} - start_iris
    to_end = graph.distances(end_iris)
    shortest = min((to_end[iri] for iri in start_iris if iri in to_end), default=None)
    if shortest is None or shortest > max_length:
        return NoPath(shortest)
    found: list[list[Step]] = []
    for length in range(shortest, max_length + 1):
        for path in _paths_of_length(graph, start_iris, end_iris, to_end, length):
            found.append(path)
            if len(found) == limit:
                return found
    return found


def path_rows(graph: FactGraph, found: list[list[Step]]) -> list[dict]:
    """One row per step of each path, numbered from 1."""
    return [
        {"path": number, "step": index, "length": len(path), **step_row(graph, step)}
        for number, path in enumerate(found, 1)
        for index, step in enumerate(path, 1)
    ]
