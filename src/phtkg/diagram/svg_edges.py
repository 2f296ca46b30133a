"""The arrows of the pure-Python SVG: bundles, single arrows and buses.

* A group whose terms all share one fact with an outside term gets one arrow from its
  box (:mod:`.bundles`).
* Other arrows run from term to term; where several meet one side of a box, their ends
  are spread along it in the order of the other ends, so they do not cross there.
* Where many arrows of one relation run from one column to the next and none of them
  touches the focus (the aggravation view), they are
  drawn as buses: one vertical line per target term, joined by a dot to a horizontal line
  from each term that has the fact, like the rows and columns of a table.

An arrow's label is left out when the title of a group at either end already says it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .bundles import bundles
from .model import Diagram, Edge
from .palette import EDGE_COLOUR, TEXT_COLOUR, colour
from .svg_layout import Box, Layout
from .text import wrap

EDGE_FONT = 14
EDGE_LABEL_WIDTH = 170
BUS_MIN = 8
SUBCLASS = "rdfs:subClassOf"


def esc(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(str(text), {'"': "&quot;", "'": "&#39;"})


def num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass
class _Link:
    start: Box
    start_key: str
    start_column: int
    end: Box
    end_key: str
    end_column: int
    label: str
    show_label: bool
    dashed: bool
    tooltip: str


def _side(column: int, other_column: int) -> str:
    return "r" if other_column >= column else "l"


def _darker(hex_colour: str, factor: float = 0.55) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"#{int(r * factor):02X}{int(g * factor):02X}{int(b * factor):02X}"


def _sources(edges) -> str:
    stems = sorted({stem for edge in edges for stem in edge.sources})
    return ", ".join(stems) or "none annotated"


def draw_edges(diagram: Diagram, lay: Layout, prefix: str) -> list[str]:
    """SVG elements for every arrow of ``diagram`` laid out as ``lay``."""
    placed = lay.placed
    panels = {panel.group.name: panel for panel in lay.panels}
    group_title = {iri: group.title for group in diagram.groups for iri in group.members}
    drawable = [edge for edge in diagram.edges if edge not in lay.section_edges]
    # many arrows from one column to the next: buses
    by_pair: dict[tuple[int, int], list[Edge]] = {}
    for edge in drawable:
        pair = (placed[edge.source_iri].column, placed[edge.target_iri].column)
        focus = diagram.focus_iri in (edge.source_iri, edge.target_iri)
        if abs(pair[0] - pair[1]) == 1 and not focus:
            by_pair.setdefault(pair, []).append(edge)
    bused = {
        pair: edges
        for pair, edges in by_pair.items()
        if len(edges) >= BUS_MIN and len({edge.relation_label for edge in edges}) == 1
    }
    in_bus = {edge for edges in bused.values() for edge in edges}
    bundled, rest = bundles(diagram, [edge for edge in drawable if edge not in in_bus])

    links: list[_Link] = []
    for bundle in bundled:
        panel, other = panels[bundle.group.name], placed[bundle.other]
        names = ", ".join(
            placed[e.source_iri if bundle.outward else e.target_iri].node.label
            for e in bundle.edges
        )
        ends = [
            (panel.box, "g:" + bundle.group.name, panel.column),
            (other.box, "n:" + bundle.other, other.column),
        ]
        if not bundle.outward:
            ends.reverse()
            text = f"{other.node.label} {bundle.relation_label} {names}"
        else:
            text = f"{names} {bundle.relation_label} {other.node.label}"
        links.append(
            _Link(
                *ends[0],
                *ends[1],
                bundle.relation_label,
                bundle.relation_label != bundle.group.title,
                bundle.edges[0].property_curie == SUBCLASS,
                f"{text}; sources: {_sources(bundle.edges)}",
            )
        )

    for edge in rest:
        source, target = placed[edge.source_iri], placed[edge.target_iri]
        hidden = edge.relation_label in (
            group_title.get(edge.source_iri),
            group_title.get(edge.target_iri),
        )
        links.append(
            _Link(
                source.box,
                "n:" + edge.source_iri,
                source.column,
                target.box,
                "n:" + edge.target_iri,
                target.column,
                edge.relation_label,
                not hidden,
                edge.property_curie == SUBCLASS,
                f"{source.node.label} {edge.relation_label} {target.node.label} "
                f"({edge.property_curie}); sources: {_sources([edge])}",
            )
        )

    out: list[str] = []
    labels: list[tuple[float, float, str]] = []
    ports = _ports(links)
    for index, link in enumerate(links):
        (x1, y1), (x2, y2) = ports[(index, 0)], ports[(index, 1)]
        path, lx, ly = _curve(x1, y1, x2, y2, link.start_column == link.end_column)
        out.append(_arrow(path, link.dashed, link.tooltip, prefix))
        if link.show_label:
            labels.append((lx, ly, link.label))
    for pair in sorted(bused):
        out.extend(_buses(pair, bused[pair], lay, diagram, prefix, labels))
    out.extend(_labels(labels))
    return out


def _ports(links: list[_Link]) -> dict[tuple[int, int], tuple[float, float]]:
    """Where each arrow leaves and meets its boxes, spread along shared sides."""
    sides: dict[tuple[str, str], list[tuple[float, int, int]]] = {}
    boxes: dict[tuple[str, str], Box] = {}
    for index, link in enumerate(links):
        for end, (box, key, column, other, other_column) in enumerate(
            (
                (link.start, link.start_key, link.start_column, link.end, link.end_column),
                (link.end, link.end_key, link.end_column, link.start, link.start_column),
            )
        ):
            side = _side(column, other_column)
            sides.setdefault((key, side), []).append((other.middle, index, end))
            boxes[(key, side)] = box
    ports = {}
    for (key, side), ends in sides.items():
        box = boxes[(key, side)]
        x = box.right if side == "r" else box.x
        ends.sort()
        count = len(ends)
        spread = min(box.h * 0.7, (count - 1) * 14.0)
        for position, (_, index, end) in enumerate(ends):
            offset = 0.0 if count == 1 else -spread / 2 + position * spread / (count - 1)
            ports[(index, end)] = (x, box.middle + offset)
    return ports


def _curve(x1, y1, x2, y2, same_column: bool) -> tuple[str, float, float]:
    if same_column:
        bend = max(x1, x2) + 70
        return (
            f"M{num(x1)},{num(y1)} C{num(bend)},{num(y1)} {num(bend)},{num(y2)} {num(x2)},{num(y2)}",
            (x1 + x2 + 6 * bend) / 8,
            (y1 + y2) / 2,
        )
    dx = max(40.0, abs(x2 - x1) / 2) * (1 if x2 >= x1 else -1)
    return (
        f"M{num(x1)},{num(y1)} C{num(x1 + dx)},{num(y1)} {num(x2 - dx)},{num(y2)} {num(x2)},{num(y2)}",
        (x1 + x2) / 2,
        (y1 + y2) / 2,
    )


def _arrow(path: str, dashed: bool, tooltip: str, prefix: str, stroke: str = EDGE_COLOUR) -> str:
    marker = f"{prefix}-kind" if dashed else f"{prefix}-arrow"
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    return (
        f'<g class="edge"><title>{esc(tooltip)}</title><path d="{path}" fill="none" '
        f'stroke="{stroke}" stroke-width="1.6"{dash} marker-end="url(#{marker})"/></g>'
    )


def _labels(labels: list[tuple[float, float, str]]) -> list[str]:
    out, seen = [], set()
    for lx, ly, text in sorted(labels, key=lambda item: (item[1], item[0], item[2])):
        key = (round(lx / 4), round(ly / 8), text)
        if key in seen:
            continue
        seen.add(key)
        lines = wrap(text, EDGE_LABEL_WIDTH, EDGE_FONT, 2)
        for index, line in enumerate(lines):
            y = (
                ly
                - (len(lines) - 1) * (EDGE_FONT + 2) / 2
                + index * (EDGE_FONT + 2)
                + EDGE_FONT * 0.35
            )
            out.append(
                f'<text x="{num(lx)}" y="{num(y)}" font-size="{EDGE_FONT}" text-anchor="middle" '
                f'fill="{TEXT_COLOUR}" stroke="white" stroke-width="4" paint-order="stroke" '
                f'stroke-linejoin="round">{esc(line)}</text>'
            )
    return out


def _buses(
    pair: tuple[int, int],
    edges: list[Edge],
    lay: Layout,
    diagram: Diagram,
    prefix: str,
    labels: list,
) -> list[str]:
    """One vertical bus per target between two columns, a dot where a source joins it."""
    placed = lay.placed
    source_column, target_column = pair
    rightward = target_column > source_column
    gap_left = lay.column_right[min(pair)]
    gap_right = lay.column_left[max(pair)]
    targets = sorted(
        {edge.target_iri for edge in edges}, key=lambda iri: (placed[iri].box.middle, iri)
    )
    # the bus nearest the targets serves the top target, so feeds cross as little as possible
    usable_left, usable_right = gap_left + 28, gap_right - 36
    step = (usable_right - usable_left) / max(1, len(targets) - 1) if len(targets) > 1 else 0
    bus_x = {}
    for index, iri in enumerate(targets):
        x = usable_left + index * step if len(targets) > 1 else (usable_left + usable_right) / 2
        bus_x[iri] = x if rightward else usable_right + usable_left - x
    out = ['<g class="buses">']
    by_source: dict[str, list[Edge]] = {}
    for edge in edges:
        by_source.setdefault(edge.source_iri, []).append(edge)
    for iri in targets:
        target = placed[iri]
        ys = [placed[e.source_iri].box.middle for e in edges if e.target_iri == iri] + [
            target.box.middle
        ]
        stroke = _darker(colour(target.node.category))
        end_x = target.box.x if rightward else target.box.right
        names = sorted(placed[e.source_iri].node.label for e in edges if e.target_iri == iri)
        relation = sorted({e.relation_label for e in edges if e.target_iri == iri})
        out.append(
            f'<g class="bus"><title>{esc(", ".join(names))} {esc(" / ".join(relation))} '
            f"{esc(target.node.label)}</title>"
            f'<path d="M{num(bus_x[iri])},{num(min(ys))} V{num(max(ys))}" fill="none" '
            f'stroke="{stroke}" stroke-width="3"/></g>'
        )
        out.append(
            _arrow(
                f"M{num(bus_x[iri])},{num(target.box.middle)} H{num(end_x)}",
                False,
                f"{' / '.join(relation)} {target.node.label}",
                prefix,
                stroke,
            )
        )
    for source_iri in sorted(by_source, key=lambda iri: (placed[iri].box.middle, iri)):
        source = placed[source_iri]
        mine = sorted(by_source[source_iri], key=lambda e: bus_x[e.target_iri])
        start_x = source.box.right if rightward else source.box.x
        far = (
            max(bus_x[e.target_iri] for e in mine)
            if rightward
            else min(bus_x[e.target_iri] for e in mine)
        )
        y = source.box.middle
        tooltip = "; ".join(
            f"{source.node.label} {e.relation_label} {placed[e.target_iri].node.label} "
            f"(sources: {_sources([e])})"
            for e in mine
        )
        out.append(
            f'<g class="edge"><title>{esc(tooltip)}</title>'
            f'<path d="M{num(start_x)},{num(y)} H{num(far)}" fill="none" stroke="{EDGE_COLOUR}" '
            f'stroke-width="1.4"/>'
        )
        for edge in mine:
            dot = _darker(colour(placed[edge.target_iri].node.category))
            out.append(
                f'<circle cx="{num(bus_x[edge.target_iri])}" cy="{num(y)}" r="5" fill="{dot}" '
                f'stroke="white" stroke-width="1.5"/>'
            )
        out.append("</g>")
    relations = sorted({edge.relation_label for edge in edges})
    labels.append(
        (
            (gap_left + gap_right) / 2,
            lay.top - 6,
            " / ".join(relations) + (" →" if rightward else " ←"),
        )
    )
    out.append("</g>")
    return out
