"""Two ready-made pictures for teaching: the aggravating loads, and the rehabilitation pathway.

* :func:`aggravation_view`: every activity that aggravates something (own or inherited
  facts, as ``phtkg aggravates`` reports them), grouped by its load types, with arrows
  to what it aggravates. An activity with several load types (a deep lunge both
  compresses and stretches the tendon) sits in the group of that combination, named by
  the shortest names of its load types, so every activity is drawn once. The groups
  stand left and right of the aggravated terms.
* :func:`rehab_view`: the rehabilitation phases in order (``pht:precedes``), each with
  what it includes and its progression criteria.
"""

from __future__ import annotations

from phtkg.store.queries import run_query

from .. import namespaces as ns
from ..lookups import _in_precedence_order
from .model import Diagram, Edge, Group, Node, make_diagram
from .nodes import term_node

AGGRAVATES = ns.PHT + "aggravates"
INCLUDES = ns.PHT + "includes"
CRITERION = ns.PHT + "hasProgressionCriterion"
PRECEDES = ns.PHT + "precedes"
NO_LOAD_TYPE = "no load type stated"


def _stems(joined) -> tuple[str, ...]:
    return tuple(sorted({part for part in str(joined or "").split("|") if part}))


def _short_name(store, iri: str, cache: dict[str, Node]) -> str:
    """The shortest of a load type's label and synonyms, for the title of a combination."""
    names = [term_node(store, iri, cache).label]
    names += [row["synonym"] for row in run_query("describe-synonyms", store, term=iri)]
    return min(names, key=lambda name: (len(name), name.lower()))


def aggravation_view(store, *, cache=None) -> Diagram:
    """Loads grouped by load type (or combination of load types), with what they aggravate.

    ``cache``, a :class:`phtkg.diagram.cache.DiagramCache` of the same store, supplies
    the nodes; the diagram is the same with or without it.
    """
    nodes: dict[str, Node] = cache.nodes if cache is not None else {}
    rows = run_query("diagram-aggravation", store)
    types_of: dict[str, set[str]] = {}
    for row in run_query("diagram-load-types", store):
        types_of.setdefault(row["factor"], set()).add(row["loadType"])
    load_types: dict[str, tuple[str, ...]] = {}
    edges: list[Edge] = []
    targets: set[str] = set()
    for row in rows:
        factor, target = row["factor"], row["target"]
        load_types[factor] = tuple(sorted(types_of.get(factor, ())))
        targets.add(target)
        edges.append(
            Edge(factor, target, "aggravates", ns.compact_iri(AGGRAVATES), _stems(row["sources"]))
        )
    type_names = {
        iri: _short_name(store, iri, nodes) for types in load_types.values() for iri in types
    }

    def title(types: tuple[str, ...]) -> str:
        if not types:
            return NO_LOAD_TYPE
        if len(types) == 1:
            return term_node(store, types[0], nodes).label
        return " + ".join(sorted(type_names[t] for t in types))

    combos = sorted(set(load_types.values()), key=lambda t: (not t, len(t), title(t).lower()))
    factors = [term_node(store, iri, nodes) for iri in load_types]
    members = {
        combo: tuple(
            n.iri
            for n in sorted(
                (n for n in factors if load_types[n.iri] == combo),
                key=lambda n: (n.label.lower(), n.iri),
            )
        )
        for combo in combos
    }
    # the groups go left and right of the aggravated terms, balancing the two sides
    half = (sum(len(m) + 1 for m in members.values()) + 1) // 2
    groups, running = [], 0
    for number, combo in enumerate(combos, 1):
        column = 0 if running < half else 2
        running += len(members[combo]) + 1
        groups.append(Group(f"loads-{number}", title(combo), members[combo], column))
    target_nodes = sorted(
        (term_node(store, iri, nodes) for iri in targets if iri not in load_types),
        key=lambda n: (n.label.lower(), n.iri),
    )
    if target_nodes:
        groups.append(Group("aggravated", "aggravated", tuple(n.iri for n in target_nodes), 1))
    return make_diagram(
        "What aggravates what, by load type", factors + target_nodes, edges, groups=groups
    )


def rehab_view(store) -> Diagram:
    """The rehabilitation phases in order, each with its contents and progression criteria."""
    cache: dict[str, Node] = {}
    rows = run_query("rehabilitation-pathway", store)
    phases = {
        row["phase"]: {
            "term": row["phase"],
            "label": row["phaseLabel"] or ns.compact_iri(row["phase"]),
        }
        for row in rows
    }
    ordered = [row["term"] for row in _in_precedence_order(list(phases.values()), store)]
    edges: list[Edge] = []
    items: dict[str, list[tuple[int, str, str]]] = {phase: [] for phase in ordered}
    kinds = {INCLUDES: 0, CRITERION: 1}
    for row in rows:
        prop, phase, item = row["property"], row["phase"], row["item"]
        if prop not in kinds and prop != PRECEDES:
            continue
        label = row["relation"] or ns.compact_iri(prop)
        edges.append(Edge(phase, item, label, ns.compact_iri(prop), _stems(row["sources"])))
        if prop in kinds:
            items[phase].append((kinds[prop], (row["itemLabel"] or item).lower(), item))
    nodes = [term_node(store, iri, cache) for iri in ordered]
    groups = []
    placed = set(ordered)
    for number, phase in enumerate(ordered, 1):
        members = [phase]
        for _, _, item in sorted(items[phase]):
            if item not in placed:
                placed.add(item)
                members.append(item)
            nodes.append(term_node(store, item, cache))
        groups.append(Group(f"phase-{number}", f"Phase {number}", tuple(members), number - 1))
    return make_diagram("The rehabilitation pathway, phase by phase", nodes, edges, groups=groups)
