"""Draw a diagram as SVG in pure Python: no Graphviz, no fonts, images or scripts to fetch.

The layout is layered: each group is a titled box of terms in a column (in a
neighbourhood, facts pointing at the focus on the left and facts from it on the right;
in a view, one column per group's ``column``), the focus sits in the middle, and arrows
run between the columns. A group whose terms all share one fact with a term outside it
gets one arrow from its box (see :mod:`.bundles`); a term that opens a group (a
rehabilitation phase) lists what it is linked to under section headings. Text is XML
escaped, every node and arrow has a ``<title>`` for screen readers and tooltips, ids are
prefixed with a hash of the content so that several drawings can be inlined in one page,
and the same diagram always gives the same bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from xml.sax.saxutils import escape as _xml_escape

from .bundles import Bundle, bundles
from .model import Diagram, Edge, Group, Node
from .palette import (BORDER_COLOUR, EDGE_COLOUR, TEXT_COLOUR, category_title, colour)
from .text import text_width, wrap

FONT = "Helvetica, Arial, sans-serif"
NODE_WIDTH = 240
FOCUS_WIDTH = 270
NODE_FONT = 16
FOCUS_FONT = 19
LINE = 20
NODE_PAD_Y = 9
NODE_GAP = 10
PANEL_PAD = 12
PANEL_GAP = 22
PANEL_TITLE_FONT = 15
SECTION_FONT = 14
COLUMN_GAP = 190
EDGE_FONT = 14
EDGE_LABEL_WIDTH = 170
TITLE_FONT = 24
MARGIN = 24
ROUNDED = frozenset({"Activity", "Intervention"})


def _esc(text: str) -> str:
    return _xml_escape(str(text), {'"': "&quot;", "'": "&#39;"})


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass
class _Box:
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def middle(self) -> float:
        return self.y + self.h / 2


@dataclass
class _Placed:
    node: Node
    lines: list[str]
    font: float
    box: _Box = field(default_factory=_Box)
    column: int = 0


@dataclass
class _Panel:
    group: Group
    title: list[str]
    rows: list  # ("node", _Placed) or ("section", [lines])
    box: _Box = field(default_factory=_Box)


def _node(node: Node, focus: bool) -> _Placed:
    font = FOCUS_FONT if focus else NODE_FONT
    width = FOCUS_WIDTH if focus else NODE_WIDTH
    placed = _Placed(node, wrap(node.label, width - 24, font), font)
    placed.box.w = width
    placed.box.h = len(placed.lines) * (font + 4) + 2 * NODE_PAD_Y
    return placed


def _sections(group: Group, diagram: Diagram) -> tuple[dict[str, str], set[Edge]]:
    """A group opened by a term linked to the others: member -> section heading."""
    head = group.members[0]
    members = set(group.members[1:])
    heading: dict[str, str] = {}
    drawn: set[Edge] = set()
    for edge in diagram.edges:
        if edge.source_iri == head and edge.target_iri in members and edge.target_iri not in heading:
            heading[edge.target_iri] = edge.relation_label
            drawn.add(edge)
    return (heading, drawn) if heading else ({}, set())


def render_svg(diagram: Diagram, href=None) -> str:
    """The diagram as a standalone SVG document (text).

    ``href``, if given, is called with each Node and may return a link for it.
    """
    digest = hashlib.sha256(repr(diagram).encode("utf-8")).hexdigest()[:10]
    prefix = f"phtkg-{digest}"
    placed: dict[str, _Placed] = {}
    panels: list[_Panel] = []
    section_edges: set[Edge] = set()
    grouped: set[str] = set()
    for group in diagram.groups:
        heading, drawn = _sections(group, diagram) if len(group.members) > 1 else ({}, set())
        section_edges |= drawn
        rows, current = [], None
        for index, iri in enumerate(group.members):
            if heading and index > 0 and heading.get(iri, "") != current:
                current = heading.get(iri, "")
                rows.append(("section", wrap(current, NODE_WIDTH - 8, SECTION_FONT, 2)))
            item = _node(diagram.node(iri), iri == diagram.focus_iri)
            item.column = group.column
            placed[iri] = item
            rows.append(("node", item))
            grouped.add(iri)
        panels.append(_Panel(group, wrap(group.title, NODE_WIDTH, PANEL_TITLE_FONT, 3), rows))
    loose = []
    for node in diagram.nodes:
        if node.iri not in grouped:
            item = _node(node, node.iri == diagram.focus_iri)
            placed[node.iri] = item
            loose.append(item)

    # ---- columns -----------------------------------------------------------------
    columns = sorted({panel.group.column for panel in panels} | ({0} if loose else set()))
    content: dict[int, list] = {column: [] for column in columns}
    for panel in panels:
        content[panel.group.column].append(panel)
    for item in loose:
        content[0].append(item)

    def height_of(entry) -> float:
        if isinstance(entry, _Placed):
            return entry.box.h
        total = PANEL_PAD + len(entry.title) * (PANEL_TITLE_FONT + 4) + 6
        for kind, row in entry.rows:
            total += (len(row) * (SECTION_FONT + 4) + 4) if kind == "section" else row.box.h + NODE_GAP
        return total - NODE_GAP + PANEL_PAD

    widths = {column: max((entry.box.w if isinstance(entry, _Placed) else NODE_WIDTH + 2 * PANEL_PAD)
                          for entry in content[column]) for column in columns}
    heights = {column: sum(height_of(e) for e in content[column]) + PANEL_GAP * (len(content[column]) - 1)
               for column in columns}
    body_height = max(heights.values()) if heights else 0
    title_lines = wrap(diagram.title, max(600, sum(widths.values())), TITLE_FONT, 2)
    top = MARGIN + len(title_lines) * (TITLE_FONT + 6) + 16
    x = MARGIN
    for column in columns:
        y = top + (body_height - heights[column]) / 2
        for entry in content[column]:
            if isinstance(entry, _Placed):
                entry.box.x = x + (widths[column] - entry.box.w) / 2
                entry.box.y = y
                entry.column = column
                y += entry.box.h + PANEL_GAP
                continue
            entry.box.x, entry.box.y, entry.box.w = x + (widths[column] - NODE_WIDTH - 2 * PANEL_PAD) / 2, y, NODE_WIDTH + 2 * PANEL_PAD
            entry.box.h = height_of(entry)
            inner = y + PANEL_PAD + len(entry.title) * (PANEL_TITLE_FONT + 4) + 6
            for kind, row in entry.rows:
                if kind == "section":
                    inner += len(row) * (SECTION_FONT + 4) + 4
                    continue
                row.box.x = entry.box.x + PANEL_PAD
                row.box.y = inner
                inner += row.box.h + NODE_GAP
            y += entry.box.h + PANEL_GAP
        x += widths[column] + COLUMN_GAP
    width = x - COLUMN_GAP + MARGIN

    # ---- legend and notes ----------------------------------------------------------
    legend_top = top + body_height + 30
    legend, legend_height = _legend(diagram, MARGIN, legend_top, width - 2 * MARGIN)
    height = legend_top + legend_height + MARGIN
    width = max(width, MARGIN * 2 + 600)

    # ---- drawing -------------------------------------------------------------------
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(width)}" height="{_num(height)}" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" font-family="{_esc(FONT)}">',
        f'<title id="{prefix}-title">{_esc(diagram.title)}</title>',
        f'<desc id="{prefix}-desc">{_esc(_description(diagram))}</desc>',
        "<defs>",
        f'<marker id="{prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" '
        f'markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{EDGE_COLOUR}"/></marker>',
        f'<marker id="{prefix}-kind" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="11" '
        f'markerHeight="11" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="white" '
        f'stroke="{EDGE_COLOUR}" stroke-width="1.2"/></marker>',
        "</defs>",
        f'<rect x="0" y="0" width="{_num(width)}" height="{_num(height)}" fill="white"/>',
    ]
    for index, line in enumerate(title_lines):
        out.append(f'<text x="{MARGIN}" y="{_num(MARGIN + TITLE_FONT + index * (TITLE_FONT + 6))}" '
                   f'font-size="{TITLE_FONT}" font-weight="bold" fill="{TEXT_COLOUR}">{_esc(line)}</text>')
    for panel in panels:
        out.extend(_panel(panel))
    bundled, rest = bundles(diagram)
    rest = [edge for edge in rest if edge not in section_edges]
    out.extend(_edges(diagram, bundled, rest, placed, {p.group.name: p for p in panels}, prefix))
    for item in sorted(placed.values(), key=lambda p: (p.box.x, p.box.y, p.node.iri)):
        out.extend(_node_svg(item, item.node.iri == diagram.focus_iri, href))
    out.extend(legend)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _description(diagram: Diagram) -> str:
    parts = [f"{len(diagram.nodes)} terms and {len(diagram.edges)} relations"]
    if diagram.left_out:
        parts.append(f"{diagram.left_out} related terms not shown")
    return "; ".join(parts) + "."


def _panel(panel: _Panel) -> list[str]:
    box = panel.box
    out = [f'<g class="group">',
           f'<title>{_esc(panel.group.title)}</title>',
           f'<rect x="{_num(box.x)}" y="{_num(box.y)}" width="{_num(box.w)}" height="{_num(box.h)}" '
           f'rx="10" fill="#F7F7F7" stroke="#999999" stroke-dasharray="5 4"/>']
    y = box.y + PANEL_PAD
    for line in panel.title:
        y += PANEL_TITLE_FONT + 4
        out.append(f'<text x="{_num(box.x + PANEL_PAD)}" y="{_num(y - 4)}" font-size="{PANEL_TITLE_FONT}" '
                   f'font-weight="bold" fill="#333333">{_esc(line)}</text>')
    y += 6
    for kind, row in panel.rows:
        if kind == "section":
            for line in row:
                y += SECTION_FONT + 4
                out.append(f'<text x="{_num(box.x + PANEL_PAD)}" y="{_num(y - 3)}" font-size="{SECTION_FONT}" '
                           f'font-style="italic" fill="#333333">{_esc(line)}:</text>')
            y += 4
        else:
            y += row.box.h + NODE_GAP
    out.append("</g>")
    return out


def _node_svg(item: _Placed, focus: bool, href) -> list[str]:
    box, node = item.box, item.node
    radius = min(box.h / 2, 18) if node.category in ROUNDED else 4
    tooltip = f"{node.label} ({node.curie}), {category_title(node.category)}"
    link = href(node) if href else None
    out = [f'<a href="{_esc(link)}">' if link else "",
           f'<g class="node {_esc(_css(node.category))}">',
           f"<title>{_esc(tooltip)}</title>",
           f'<rect x="{_num(box.x)}" y="{_num(box.y)}" width="{_num(box.w)}" height="{_num(box.h)}" '
           f'rx="{_num(radius)}" fill="{colour(node.category)}" stroke="{BORDER_COLOUR}" '
           f'stroke-width="{3 if focus else 1.2}"/>']
    bold = ' font-weight="bold"' if focus else ""
    first = box.middle - (len(item.lines) - 1) * (item.font + 4) / 2 + item.font * 0.35
    for index, line in enumerate(item.lines):
        out.append(f'<text x="{_num(box.x + box.w / 2)}" y="{_num(first + index * (item.font + 4))}" '
                   f'font-size="{item.font}"{bold} '
                   f'text-anchor="middle" fill="{TEXT_COLOUR}">{_esc(line)}</text>')
    out.append("</g>")
    if link:
        out.append("</a>")
    return [line for line in out if line]


def _css(category: str) -> str:
    from .palette import css_class

    return css_class(category)


def _anchor(box: _Box, towards: float, column: int, other_column: int, spread: float = 0.0):
    """The point on ``box``'s left or right side that faces the other end."""
    if other_column > column or (other_column == column and towards >= box.x):
        return box.right, box.middle + spread
    return box.x, box.middle + spread


def _curve(x1, y1, x2, y2, same_column: bool) -> tuple[str, float, float]:
    if same_column:
        bend = max(x1, x2) + 70
        path = f"M{_num(x1)},{_num(y1)} C{_num(bend)},{_num(y1)} {_num(bend)},{_num(y2)} {_num(x2)},{_num(y2)}"
        return path, (x1 + 3 * bend + 3 * bend + x2) / 8, (y1 + y2) / 2
    dx = max(40.0, abs(x2 - x1) / 2) * (1 if x2 >= x1 else -1)
    path = (f"M{_num(x1)},{_num(y1)} C{_num(x1 + dx)},{_num(y1)} {_num(x2 - dx)},{_num(y2)} "
            f"{_num(x2)},{_num(y2)}")
    return path, (x1 + x2) / 2, (y1 + y2) / 2


def _edges(diagram, bundled: list[Bundle], rest: list[Edge], placed, panels, prefix) -> list[str]:
    out: list[str] = []
    labels: list[tuple[float, float, str]] = []

    def draw(path: str, dashed: bool, tooltip: str):
        marker = f"{prefix}-kind" if dashed else f"{prefix}-arrow"
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        out.append(f'<g class="edge"><title>{_esc(tooltip)}</title>'
                   f'<path d="{path}" fill="none" stroke="{EDGE_COLOUR}" stroke-width="1.5"'
                   f'{dash} marker-end="url(#{marker})"/></g>')

    for bundle in bundled:
        panel = panels[bundle.group.name]
        other = placed[bundle.other]
        column = bundle.group.column
        px, py = _anchor(panel.box, other.box.x, column, other.column)
        ox, oy = _anchor(other.box, panel.box.x, other.column, column)
        same = column == other.column
        start, end = ((px, py), (ox, oy)) if bundle.outward else ((ox, oy), (px, py))
        path, lx, ly = _curve(*start, *end, same)
        names = ", ".join(placed[e.source_iri if bundle.outward else e.target_iri].node.label
                          for e in bundle.edges)
        text = (f"{bundle.group.title}: {names} {bundle.relation_label} {other.node.label}" if bundle.outward
                else f"{other.node.label} {bundle.relation_label} {names}")
        draw(path, bundle.relation_label == "is a kind of",
             f"{text}; sources: {', '.join(bundle.sources) or 'none annotated'}")
        labels.append((lx, ly, bundle.relation_label))
    for edge in rest:
        source, target = placed[edge.source_iri], placed[edge.target_iri]
        x1, y1 = _anchor(source.box, target.box.x, source.column, target.column)
        x2, y2 = _anchor(target.box, source.box.x, target.column, source.column)
        path, lx, ly = _curve(x1, y1, x2, y2, source.column == target.column)
        draw(path, edge.property_curie == "rdfs:subClassOf",
             f"{source.node.label} {edge.relation_label} {target.node.label} ({edge.property_curie}); "
             f"sources: {', '.join(edge.sources) or 'none annotated'}")
        labels.append((lx, ly, edge.relation_label))
    seen = set()
    for lx, ly, text in sorted(labels, key=lambda item: (item[1], item[0], item[2])):
        key = (round(lx), round(ly / 8), text)
        if key in seen:
            continue
        seen.add(key)
        lines = wrap(text, EDGE_LABEL_WIDTH, EDGE_FONT, 2)
        for index, line in enumerate(lines):
            y = ly - (len(lines) - 1) * (EDGE_FONT + 2) / 2 + index * (EDGE_FONT + 2) + EDGE_FONT * 0.35
            out.append(f'<text x="{_num(lx)}" y="{_num(y)}" font-size="{EDGE_FONT}" text-anchor="middle" '
                       f'fill="{TEXT_COLOUR}" stroke="white" stroke-width="4" paint-order="stroke" '
                       f'stroke-linejoin="round">{_esc(line)}</text>')
    return out


def _legend(diagram: Diagram, left: float, top: float, width: float) -> tuple[list[str], float]:
    out = ['<g class="legend">', f'<text x="{_num(left)}" y="{_num(top + 14)}" font-size="15" '
           f'font-weight="bold" fill="{TEXT_COLOUR}">Legend</text>']
    x, y = left + 70, top
    for category in diagram.categories:
        name = category_title(category)
        item = 22 + text_width(name, 15) + 22
        if x + item > left + max(width, 600) and x > left + 70:
            x, y = left + 70, y + 26
        out.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="18" height="18" rx="3" '
                   f'fill="{colour(category)}" stroke="{BORDER_COLOUR}"/>')
        out.append(f'<text x="{_num(x + 24)}" y="{_num(y + 14)}" font-size="15" fill="{TEXT_COLOUR}">'
                   f"{_esc(name)}</text>")
        x += item
    y += 26
    notes = list(diagram.notes)
    if diagram.left_out:
        notes.insert(0, f"{diagram.left_out} more related term{'s' if diagram.left_out != 1 else ''} "
                        "not shown:")
    for note in notes:
        y += 18
        out.append(f'<text x="{_num(left)}" y="{_num(y)}" font-size="13" font-style="italic" '
                   f'fill="#444444">{_esc(note)}</text>')
    out.append("</g>")
    return out, y - top + 8
