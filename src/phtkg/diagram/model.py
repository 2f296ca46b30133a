"""What a diagram shows, apart from how it is drawn: nodes, labelled edges and groups.

The queries fill these plain, frozen records and every renderer (Mermaid, DOT, SVG) reads
them, so the same picture comes out of each format. Everything is kept in a fixed order,
so the same graph always gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Node:
    """A term: ``category`` is the local name of its top category (e.g. "Activity"), or ""."""

    iri: str
    curie: str
    label: str
    category: str = ""


@dataclass(frozen=True, order=True)
class Edge:
    """A class-level fact drawn as an arrow; ``sources`` are the supporting documents' file stems."""

    source_iri: str
    target_iri: str
    relation_label: str
    property_curie: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    """A cluster of nodes drawn together under a title.

    ``column`` places the group for the layered SVG layout: in a neighbourhood negative
    columns are left of the focus (facts pointing at it) and positive ones right of it;
    views number their columns from 0, left to right.
    """

    name: str
    title: str
    members: tuple[str, ...]
    column: int = 0


@dataclass(frozen=True)
class Diagram:
    """A picture of part of the graph.

    ``focus_iri`` is the term the picture is about (drawn in the middle); ``groups`` are
    clusters of nodes, each node in at most one; ``notes`` say what was left out and how
    to see it, and ``left_out`` counts the terms not drawn.
    """

    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    focus_iri: str | None = None
    groups: tuple[Group, ...] = ()
    notes: tuple[str, ...] = ()
    left_out: int = 0

    def node(self, iri: str) -> Node | None:
        return self._by_iri().get(iri)

    def _by_iri(self) -> dict[str, Node]:
        return {node.iri: node for node in self.nodes}

    def group_of(self, iri: str) -> Group | None:
        for group in self.groups:
            if iri in group.members:
                return group
        return None

    @property
    def categories(self) -> tuple[str, ...]:
        """The categories drawn, in the palette's order (for the legend)."""
        from .palette import category_order

        return category_order({node.category for node in self.nodes})


def node_key(node: Node) -> tuple:
    return (node.label.lower(), node.iri)


def edge_key(edge: Edge) -> tuple:
    return (edge.source_iri, edge.relation_label.lower(), edge.target_iri, edge.property_curie)


def make_diagram(
    title: str,
    nodes,
    edges,
    *,
    focus_iri: str | None = None,
    groups=(),
    notes=(),
    left_out: int = 0,
) -> Diagram:
    """A Diagram with nodes and edges deduplicated and sorted; edges only between nodes."""
    by_iri: dict[str, Node] = {}
    for node in nodes:
        by_iri.setdefault(node.iri, node)
    unique_edges: dict[tuple, Edge] = {}
    for edge in edges:
        if edge.source_iri in by_iri and edge.target_iri in by_iri:
            key = (edge.source_iri, edge.property_curie, edge.target_iri)
            previous = unique_edges.get(key)
            if previous is not None:
                edge = Edge(
                    edge.source_iri,
                    edge.target_iri,
                    edge.relation_label,
                    edge.property_curie,
                    tuple(sorted(set(previous.sources) | set(edge.sources))),
                )
            unique_edges[key] = edge
    placed: set[str] = set()
    clean_groups = []
    for group in groups:
        members = tuple(iri for iri in group.members if iri in by_iri and iri not in placed)
        placed.update(members)
        if members:
            clean_groups.append(Group(group.name, group.title, members, group.column))
    return Diagram(
        title=title,
        nodes=tuple(sorted(by_iri.values(), key=node_key)),
        edges=tuple(
            sorted(
                (
                    Edge(
                        e.source_iri,
                        e.target_iri,
                        e.relation_label,
                        e.property_curie,
                        tuple(sorted(set(e.sources))),
                    )
                    for e in unique_edges.values()
                ),
                key=edge_key,
            )
        ),
        focus_iri=focus_iri if focus_iri in by_iri else None,
        groups=tuple(clean_groups),
        notes=tuple(notes),
        left_out=left_out,
    )
