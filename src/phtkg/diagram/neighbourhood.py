"""The neighbourhood of a term: its asserted facts in both directions, breadth first.

Each step adds the terms one fact away from the terms already drawn: facts asserted on a
term, facts pointing at it, and its broader terms ("is a kind of"). Nothing inherited is
drawn, so each fact appears once, at the class that asserts it. A hub such as the
condition has well over a hundred neighbours, so the number of terms is capped; the cap
is shared out over the relations in turn, so that every kind of fact shows some of its
terms (those supported by the most documents first), and the diagram's notes say how
many of each were left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from phtkg.store.queries import run_query

from .. import namespaces as ns
from .model import Diagram, Edge, Group, Node, make_diagram
from .nodes import term_node
from .relations import relation_label, resolve_relations

DEFAULT_DEPTH = 1
MAX_DEPTH = 3
DEFAULT_MAX_NODES = 24


@dataclass(frozen=True)
class _Fact:
    node: str  # the term that was expanded
    direction: str  # "out": node -> other, "in": other -> node
    prop: str
    label: str
    other: str
    other_label: str
    sources: tuple[str, ...]

    def edge(self) -> Edge:
        source, target = (
            (self.node, self.other) if self.direction == "out" else (self.other, self.node)
        )
        return Edge(source, target, self.label, ns.compact_iri(self.prop), self.sources)


def _facts(store, iri: str, wanted: frozenset[str] | None, cache=None) -> list[_Fact]:
    facts = []
    rows = (
        cache.edge_rows(iri) if cache is not None else run_query("diagram-edges", store, term=iri)
    )
    for row in rows:
        prop = row["property"]
        if wanted is not None and prop not in wanted:
            continue
        facts.append(
            _Fact(
                iri,
                row["direction"],
                prop,
                relation_label(prop, row["relationLabel"]),
                row["other"],
                row["otherLabel"] or ns.compact_iri(row["other"]),
                tuple(sorted({s for s in str(row["sources"] or "").split("|") if s})),
            )
        )
    return facts


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _share_out(groups: dict[tuple, list[str]], budget: int) -> dict[tuple, list[str]]:
    """Take up to ``budget`` terms from the groups in turn, one from each group per round."""
    chosen: dict[tuple, list[str]] = {key: [] for key in groups}
    keys = sorted(groups)
    while budget > 0:
        took = False
        for key in keys:
            if budget > 0 and len(chosen[key]) < len(groups[key]):
                chosen[key].append(groups[key][len(chosen[key])])
                budget -= 1
                took = True
        if not took:
            break
    return chosen


def _notes(omitted: list[tuple[tuple, int, int]]) -> list[str]:
    """One short note per relation with terms left out: "aggravates: 3 of 28 shown"."""
    both_ways = {
        label
        for (_, label, direction), _, _ in omitted
        if any(other == label and d != direction for (_, other, d), _, _ in omitted)
    }
    notes = []
    for (column, label, direction), shown, total in omitted:
        where = []
        if label in both_ways:
            where.append("pointing here" if direction == "in" else "from here")
        if abs(column) > 1:
            where.append(f"{abs(column)} steps away")
        place = f" ({', '.join(where)})" if where else ""
        notes.append(f"{label}{place}: {shown} of {total} shown")
    return notes


def neighbourhood(
    store,
    term_iri: str,
    depth: int = DEFAULT_DEPTH,
    relations=None,
    max_nodes: int = DEFAULT_MAX_NODES,
    *,
    cache=None,
) -> Diagram:
    """The terms up to ``depth`` facts away from ``term_iri`` (at most ``max_nodes`` terms).

    ``relations`` narrows the facts to some relations, given by label, local name, CURIE
    or IRI (see :func:`phtkg.diagram.relations.resolve_relations`; an unknown name raises
    UnknownRelation). The diagram's groups hold the terms reached by one relation in one
    direction at one distance; negative columns point at the focus, positive ones away.
    ``cache``, a :class:`phtkg.diagram.cache.DiagramCache` of the same store, answers
    the queries when many diagrams are drawn; the diagram is the same with or without it.
    """
    if not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between 1 and {MAX_DEPTH}")
    if max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")
    wanted = resolve_relations(relations, store)
    nodes: dict[str, Node] = cache.nodes if cache is not None else {}
    focus = term_node(store, term_iri, nodes)
    column_of = {focus.iri: 0}
    kept = [focus.iri]
    seen = {focus.iri}
    facts: list[_Fact] = []
    groups: dict[tuple, list[str]] = {}
    titles: dict[tuple, str] = {}
    omitted: list[tuple[tuple, int, int]] = []
    left_out = 0
    frontier = [focus.iri]
    for level in range(1, depth + 1):
        found: dict[tuple, list[str]] = {}
        labels: dict[str, str] = {}
        support: dict[str, int] = {}
        for iri in frontier:
            for fact in _facts(store, iri, wanted, cache):
                facts.append(fact)
                if fact.other in seen:
                    continue
                seen.add(fact.other)
                side = column_of[iri] or (-1 if fact.direction == "in" else 1)
                column = level if side > 0 else -level
                key = (column, fact.label, fact.direction)
                found.setdefault(key, []).append(fact.other)
                labels[fact.other] = fact.other_label
                support[fact.other] = len(fact.sources)
                column_of[fact.other] = column
        for key in found:  # the best supported facts first
            found[key].sort(key=lambda iri: (-support[iri], labels[iri].lower(), iri))
        chosen = _share_out(found, max_nodes - len(kept))
        frontier = []
        for key in sorted(found):
            picked = chosen[key]
            frontier += picked
            kept += picked
            if picked:
                groups[key] = picked
                titles[key] = key[1]
            missing = len(found[key]) - len(picked)
            if missing:
                left_out += missing
                omitted.append((key, len(picked), len(found[key])))
        if not frontier:
            break
    drawn = [term_node(store, iri, nodes) for iri in kept]
    notes = _notes(omitted)
    # order: the facts pointing at the focus first (left), then those from it (right)
    ordered = sorted(groups, key=lambda k: (k[0], k[1].lower(), k[2]))
    diagram_groups = [
        Group(
            f"{'in' if key[0] < 0 else 'out'}{abs(key[0])}-{key[2]}-{_slug(key[1])}",
            key[1],
            tuple(groups[key]),
            key[0],
        )
        for key in ordered
    ]
    title = (
        f"{focus.label}: {'facts one step' if depth == 1 else f'facts up to {depth} steps'} away"
    )
    return make_diagram(
        title,
        drawn,
        [fact.edge() for fact in facts],
        focus_iri=focus.iri,
        groups=diagram_groups,
        notes=notes,
        left_out=left_out,
    )
