"""Draw a diagram as SVG in pure Python: no Graphviz, and no fonts, images or scripts to fetch.

The boxes are placed by :mod:`.svg_layout` and the arrows routed by :mod:`.svg_edges`;
this module writes the document: title, group boxes, term boxes, legend and notes. Text
is XML-escaped, every term and arrow has a ``<title>`` (read by screen readers and shown
as a tooltip), ids carry a hash of the content so that several drawings can be inlined
in one web page, and the same diagram always gives the same bytes.
"""

from __future__ import annotations

import hashlib

from .model import Diagram
from .palette import (
    BORDER_COLOUR,
    EDGE_COLOUR,
    TEXT_COLOUR,
    category_title,
    colour,
    css_class,
)
from .svg_edges import draw_edges, esc, num
from .svg_layout import (
    MARGIN,
    PANEL_PAD,
    PANEL_TITLE_FONT,
    SECTION_FONT,
    TITLE_FONT,
    Panel,
    Placed,
    layout,
)
from .text import text_width, wrap

FONT = "Helvetica, Arial, sans-serif"
ROUNDED = frozenset({"Activity", "Intervention"})
LEGEND_FONT = 15
NOTE_FONT = 13


def render_svg(diagram: Diagram, href=None) -> str:
    """The diagram as a standalone SVG document (text, ending with a newline).

    ``href``, if given, is called with each :class:`Node` and may return a link for it.
    """
    prefix = "phtkg-" + hashlib.sha256(repr(diagram).encode("utf-8")).hexdigest()[:10]
    lay = layout(diagram)
    legend, legend_height = _legend(diagram, MARGIN, lay.bottom + 34, lay.width - 2 * MARGIN)
    width, height = lay.width, lay.bottom + 34 + legend_height + MARGIN
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{num(width)}" height="{num(height)}" '
        f'viewBox="0 0 {num(width)} {num(height)}" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" font-family="{esc(FONT)}">',
        f'<title id="{prefix}-title">{esc(diagram.title)}</title>',
        f'<desc id="{prefix}-desc">{esc(_description(diagram))}</desc>',
        "<defs>",
        f'<marker id="{prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
        f'markerHeight="8" markerUnits="strokeWidth" orient="auto"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="context-stroke" stroke="none"/></marker>',
        f'<marker id="{prefix}-kind" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" '
        f'markerHeight="9" markerUnits="strokeWidth" orient="auto"><path d="M0.5,0.5 L9.5,5 L0.5,9.5 z" '
        f'fill="white" stroke="{EDGE_COLOUR}" stroke-width="1"/></marker>',
        "</defs>",
        f'<rect x="0" y="0" width="{num(width)}" height="{num(height)}" fill="white"/>',
    ]
    for index, line in enumerate(lay.title):
        out.append(
            f'<text x="{MARGIN}" y="{num(MARGIN + TITLE_FONT + index * (TITLE_FONT + 6))}" '
            f'font-size="{TITLE_FONT}" font-weight="bold" fill="{TEXT_COLOUR}">{esc(line)}</text>'
        )
    for panel in lay.panels:
        out.extend(_panel(panel))
    out.extend(draw_edges(diagram, lay, prefix))
    for item in sorted(lay.placed.values(), key=lambda p: (p.box.x, p.box.y, p.node.iri)):
        out.extend(_node(item, href))
    out.extend(legend)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _description(diagram: Diagram) -> str:
    text = f"{len(diagram.nodes)} terms and {len(diagram.edges)} relations"
    if diagram.left_out:
        text += f"; {diagram.left_out} related terms not shown"
    return text + "."


def _panel(panel: Panel) -> list[str]:
    box = panel.box
    out = [
        '<g class="group">',
        f"<title>{esc(panel.group.title)}</title>",
        f'<rect x="{num(box.x)}" y="{num(box.y)}" width="{num(box.w)}" height="{num(box.h)}" '
        f'rx="10" fill="#F6F6F6" stroke="#9A9A9A" stroke-dasharray="5 4"/>',
    ]
    y = box.y + PANEL_PAD
    for line in panel.title:
        y += PANEL_TITLE_FONT + 4
        out.append(
            f'<text x="{num(box.x + PANEL_PAD)}" y="{num(y - 4)}" font-size="{PANEL_TITLE_FONT}" '
            f'font-weight="bold" fill="#333333">{esc(line)}</text>'
        )
    y += 6
    for kind, row in panel.rows:
        if kind == "section":
            for line in row:
                y += SECTION_FONT + 4
                out.append(
                    f'<text x="{num(box.x + PANEL_PAD)}" y="{num(y - 3)}" '
                    f'font-size="{SECTION_FONT}" font-style="italic" fill="#333333">{esc(line)}</text>'
                )
            y += 4
        else:
            y = row.box.bottom + 8
    out.append("</g>")
    return out


def _node(item: Placed, href) -> list[str]:
    box, node = item.box, item.node
    radius = min(box.h / 2, 18) if node.category in ROUNDED else 4
    link = href(node) if href else None
    out = [
        f'<a href="{esc(link)}">' if link else "",
        f'<g class="node {esc(css_class(node.category))}">',
        f"<title>{esc(f'{node.label} ({node.curie}), {category_title(node.category)}')}</title>",
        f'<rect x="{num(box.x)}" y="{num(box.y)}" width="{num(box.w)}" height="{num(box.h)}" '
        f'rx="{num(radius)}" fill="{colour(node.category)}" stroke="{BORDER_COLOUR}" '
        f'stroke-width="{3 if item.focus else 1.2}"/>',
    ]
    bold = ' font-weight="bold"' if item.focus else ""
    first = box.middle - (len(item.lines) - 1) * (item.font + 4) / 2 + item.font * 0.35
    for index, line in enumerate(item.lines):
        out.append(
            f'<text x="{num(box.x + box.w / 2)}" y="{num(first + index * (item.font + 4))}" '
            f'font-size="{item.font}"{bold} text-anchor="middle" fill="{TEXT_COLOUR}">{esc(line)}</text>'
        )
    out.append("</g>")
    if link:
        out.append("</a>")
    return [line for line in out if line]


def _legend(diagram: Diagram, left: float, top: float, width: float) -> tuple[list[str], float]:
    """Swatches for the categories drawn, then what was left out."""
    out = [
        '<g class="legend">',
        f'<text x="{num(left)}" y="{num(top + 14)}" font-size="{LEGEND_FONT}" '
        f'font-weight="bold" fill="{TEXT_COLOUR}">Legend</text>',
    ]
    start = left + 72
    x, y = start, top
    for category in diagram.categories:
        name = category_title(category)
        item = 24 + text_width(name, LEGEND_FONT) + 24
        if x + item > left + width and x > start:
            x, y = start, y + 26
        out.append(
            f'<rect x="{num(x)}" y="{num(y)}" width="18" height="18" rx="3" '
            f'fill="{colour(category)}" stroke="{BORDER_COLOUR}"/>'
        )
        out.append(
            f'<text x="{num(x + 24)}" y="{num(y + 14)}" font-size="{LEGEND_FONT}" '
            f'fill="{TEXT_COLOUR}">{esc(name)}</text>'
        )
        x += item
    y += 24
    if diagram.left_out:
        count = diagram.left_out
        text = f"{count} more related term{'s' if count != 1 else ''} not shown" + (
            ": " + "; ".join(diagram.notes) if diagram.notes else "."
        )
        for line in wrap(text, width, NOTE_FONT, 6):
            y += NOTE_FONT + 5
            out.append(
                f'<text x="{num(left)}" y="{num(y)}" font-size="{NOTE_FONT}" font-style="italic" '
                f'fill="#444444">{esc(line)}</text>'
            )
    out.append("</g>")
    return out, y - top + 6
