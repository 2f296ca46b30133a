"""Where each box goes in the pure-Python SVG: a layered layout of titled group boxes.

Each group is a box of terms in its column; the focus (and any term outside a group)
sits in column 0. A diagram with a focus is centred vertically around it; a view is
aligned to the top, so that its columns read like a timeline. In a view, a term that
opens a group and is linked to every other term in it (a rehabilitation phase) lists
them under headings named by its relation to them, instead of an arrow to each.
Sizes come from estimated text widths, never from installed fonts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Diagram, Edge, Group, Node
from .text import wrap

NODE_WIDTH = 240
FOCUS_WIDTH = 270
NODE_FONT = 16
FOCUS_FONT = 19
NODE_PAD_Y = 8
NODE_GAP = 8
PANEL_PAD = 12
PANEL_GAP = 20
PANEL_TITLE_FONT = 15
SECTION_FONT = 14
COLUMN_GAP = 190
TITLE_FONT = 24
MARGIN = 24
FOCUS_MIN_HEIGHT = 84


@dataclass
class Box:
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def middle(self) -> float:
        return self.y + self.h / 2


@dataclass
class Placed:
    """A term's box."""

    node: Node
    lines: list[str]
    font: float
    focus: bool = False
    box: Box = field(default_factory=Box)
    column: int = 0


@dataclass
class Panel:
    """A group's box: its title, then rows of terms and section headings."""

    group: Group
    title: list[str]
    rows: list  # ("node", Placed) or ("section", [lines])
    box: Box = field(default_factory=Box)

    @property
    def column(self) -> int:
        return self.group.column


@dataclass
class Layout:
    title: list[str]
    placed: dict[str, Placed]
    panels: list[Panel]
    section_edges: set[Edge]
    column_left: dict[int, float]
    column_right: dict[int, float]
    top: float
    bottom: float
    width: float


def _placed(node: Node, focus: bool) -> Placed:
    font = FOCUS_FONT if focus else NODE_FONT
    width = FOCUS_WIDTH if focus else NODE_WIDTH
    item = Placed(node, wrap(node.label, width - 24, font), font, focus)
    item.box.w = width
    item.box.h = len(item.lines) * (font + 4) + 2 * NODE_PAD_Y
    if focus:
        item.box.h = max(item.box.h, FOCUS_MIN_HEIGHT)
    return item


def _sections(group: Group, diagram: Diagram) -> tuple[dict[str, str], set[Edge]]:
    """For a group opened by a term linked to all the others: member -> heading, and those links."""
    head, members = group.members[0], set(group.members[1:])
    heading: dict[str, str] = {}
    links: set[Edge] = set()
    for edge in diagram.edges:
        if (
            edge.source_iri == head
            and edge.target_iri in members
            and edge.target_iri not in heading
        ):
            heading[edge.target_iri] = edge.relation_label
            links.add(edge)
    if set(heading) != members:  # only a term linked to every other member opens the group
        return {}, set()
    return heading, links


def _panel_height(panel: Panel) -> float:
    total = PANEL_PAD + len(panel.title) * (PANEL_TITLE_FONT + 4) + 6
    for kind, row in panel.rows:
        total += (len(row) * (SECTION_FONT + 4) + 4) if kind == "section" else row.box.h + NODE_GAP
    return total - NODE_GAP + PANEL_PAD


def _height(entry) -> float:
    return entry.box.h if isinstance(entry, Placed) else _panel_height(entry)


def _width(entry) -> float:
    return entry.box.w if isinstance(entry, Placed) else NODE_WIDTH + 2 * PANEL_PAD


def layout(diagram: Diagram) -> Layout:
    """Place every group box and term box of ``diagram``."""
    placed: dict[str, Placed] = {}
    panels: list[Panel] = []
    section_edges: set[Edge] = set()
    for group in diagram.groups:
        opened = len(group.members) > 1 and diagram.focus_iri is None  # views, not neighbourhoods
        heading, links = _sections(group, diagram) if opened else ({}, set())
        section_edges |= links
        rows, current = [], None
        for index, iri in enumerate(group.members):
            if heading and index > 0 and heading.get(iri, "") != current:
                current = heading.get(iri, "")
                rows.append(("section", wrap(current + ":", NODE_WIDTH - 8, SECTION_FONT, 2)))
            item = _placed(diagram.node(iri), iri == diagram.focus_iri)
            item.column = group.column
            placed[iri] = item
            rows.append(("node", item))
        panels.append(Panel(group, wrap(group.title, NODE_WIDTH, PANEL_TITLE_FONT, 3), rows))
    loose = []
    for node in diagram.nodes:
        if node.iri not in placed:
            item = _placed(node, node.iri == diagram.focus_iri)
            placed[node.iri] = item
            loose.append(item)

    columns = sorted({panel.column for panel in panels} | ({0} if loose else set()))
    content: dict[int, list] = {column: [] for column in columns}
    for panel in panels:
        content[panel.column].append(panel)
    content.setdefault(0, []).extend(
        sorted(loose, key=lambda p: (not p.focus, p.node.label.lower()))
    )
    widths = {c: max(_width(e) for e in content[c]) for c in columns}
    heights = {
        c: sum(_height(e) for e in content[c]) + PANEL_GAP * (len(content[c]) - 1) for c in columns
    }
    body = max(heights.values(), default=0)
    title = wrap(
        diagram.title,
        max(600, sum(widths.values()) + COLUMN_GAP * (len(columns) - 1)),
        TITLE_FONT,
        2,
    )
    top = MARGIN + len(title) * (TITLE_FONT + 6) + 16
    centred = diagram.focus_iri is not None
    left: dict[int, float] = {}
    right: dict[int, float] = {}
    x = MARGIN
    for column in columns:
        left[column], right[column] = x, x + widths[column]
        y = top + ((body - heights[column]) / 2 if centred else 0)
        for entry in content[column]:
            entry.box.x = x + (widths[column] - _width(entry)) / 2
            entry.box.y = y
            entry.box.w = _width(entry)
            entry.box.h = _height(entry)
            if isinstance(entry, Panel):
                inner = y + PANEL_PAD + len(entry.title) * (PANEL_TITLE_FONT + 4) + 6
                for kind, row in entry.rows:
                    if kind == "section":
                        inner += len(row) * (SECTION_FONT + 4) + 4
                        continue
                    row.box.x, row.box.y = entry.box.x + PANEL_PAD, inner
                    inner += row.box.h + NODE_GAP
            else:
                entry.column = column
            y += entry.box.h + PANEL_GAP
        x += widths[column] + COLUMN_GAP
    width = max(x - COLUMN_GAP + MARGIN, 2 * MARGIN + 600)
    return Layout(title, placed, panels, section_edges, left, right, top, top + body, width)
