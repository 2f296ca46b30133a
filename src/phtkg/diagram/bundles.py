"""Find the arrows that can be drawn once per group instead of once per term.

When every term of a group has the same relation to the same term outside it (each
"aggravates" the condition), one arrow from the group's box says it all; a hub with
thirty neighbours then needs a dozen arrows instead of thirty. Every renderer uses this,
so the pictures agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Diagram, Edge, Group


@dataclass(frozen=True)
class Bundle:
    """One arrow standing for ``edges``: between ``group`` and the term ``other``.

    ``outward`` is true when the arrows go from the group's terms to ``other``.
    """

    group: Group
    other: str
    relation_label: str
    outward: bool
    edges: tuple[Edge, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({stem for edge in self.edges for stem in edge.sources}))


def bundles(diagram: Diagram, edges=None) -> tuple[list[Bundle], list[Edge]]:
    """The bundled arrows and the edges left to draw one by one.

    ``edges`` limits the search to some of the diagram's edges (default: all of them).
    """
    edges = list(diagram.edges if edges is None else edges)
    found: list[Bundle] = []
    used: set[Edge] = set()
    for group in diagram.groups:
        if len(group.members) < 2:
            continue
        members = set(group.members)
        families: dict[tuple, list[Edge]] = {}
        for edge in edges:
            inside_source, inside_target = edge.source_iri in members, edge.target_iri in members
            if inside_source == inside_target:
                continue
            other = edge.target_iri if inside_source else edge.source_iri
            families.setdefault((other, edge.relation_label, inside_source), []).append(edge)
        for (other, label, outward), family in sorted(families.items()):
            ends = {edge.source_iri if outward else edge.target_iri for edge in family}
            if ends == members and not used.intersection(family):
                found.append(Bundle(group, other, label, outward, tuple(family)))
                used.update(family)
    return found, [edge for edge in edges if edge not in used]
