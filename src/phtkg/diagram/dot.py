"""Render a diagram as Graphviz DOT, for ``dot -Tsvg`` / ``-Tpng`` or any Graphviz tool.

Every string is written as a double-quoted DOT string with backslashes and quotes
escaped, so a label cannot end its string or smuggle in Graphviz escapes; the legend is
an HTML-like table built only from the fixed category names. Each node links to its IRI
and carries a tooltip; each edge's tooltip names its source documents.
"""

from __future__ import annotations

from .model import Diagram
from .palette import (BORDER_COLOUR, DOT_ROUNDED, DOT_SHAPES, EDGE_COLOUR, TEXT_COLOUR,
                      category_title, colour)
from .text import wrap

FONT = "Helvetica,Arial,sans-serif"
LABEL_WIDTH = 190  # px at the node font size: about 22 characters a line


def quote(text: str) -> str:
    """``text`` as a DOT double-quoted string; line breaks become centred DOT line breaks."""
    lines = str(text).split("\n")
    escaped = [" ".join(line.split()).replace("\\", "\\\\").replace('"', '\\"') for line in lines]
    return '"' + "\\n".join(escaped) + '"'


def _html(text: str) -> str:
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _wrapped(text: str, size: float = 16) -> str:
    return "\n".join(wrap(text, LABEL_WIDTH, size))


def _attributes(pairs: dict[str, str]) -> str:
    return ", ".join(f"{key}={value}" for key, value in pairs.items())


def render_dot(diagram: Diagram) -> str:
    """The diagram as a DOT ``digraph``, ending with a newline."""
    ids = {node.iri: f"n{number}" for number, node in enumerate(diagram.nodes, 1)}
    out = [
        "digraph phtkg {",
        f"  graph [{_attributes({'rankdir': 'LR', 'fontname': quote(FONT), 'fontsize': '22', 'label': quote(diagram.title), 'labelloc': 't', 'labeljust': 'l', 'nodesep': '0.18', 'ranksep': '0.9', 'newrank': 'true', 'pad': '0.3', 'bgcolor': quote('white')})}];",
        f"  node [{_attributes({'fontname': quote(FONT), 'fontsize': '16', 'style': quote('filled'), 'color': quote(BORDER_COLOUR), 'fontcolor': quote(TEXT_COLOUR), 'margin': quote('0.15,0.06'), 'penwidth': '1.2'})}];",
        f"  edge [{_attributes({'fontname': quote(FONT), 'fontsize': '13', 'color': quote(EDGE_COLOUR), 'fontcolor': quote(TEXT_COLOUR), 'arrowsize': '0.8'})}];",
    ]

    def node_line(iri: str, indent: str) -> str:
        node = diagram.node(iri)
        style = "filled,rounded" if node.category in DOT_ROUNDED else "filled"
        attributes = {
            "label": quote(_wrapped(node.label)),
            "shape": DOT_SHAPES.get(node.category, "box"),
            "style": quote(style + (",bold" if iri == diagram.focus_iri else "")),
            "fillcolor": quote(colour(node.category)),
            "tooltip": quote(f"{node.label} ({node.curie}), {category_title(node.category)}"),
            "URL": quote(node.iri),
        }
        if iri == diagram.focus_iri:
            attributes.update(penwidth="3", fontsize="18")
        return f"{indent}{ids[iri]} [{_attributes(attributes)}];"

    grouped = set()
    for number, group in enumerate(diagram.groups, 1):
        out.append(f"  subgraph cluster_g{number} {{")
        out.append(f"    graph [{_attributes({'label': quote(_wrapped(group.title, 15)), 'style': quote('rounded,dashed'), 'color': quote('#888888'), 'fontsize': '15', 'margin': '10'})}];")
        for iri in group.members:
            out.append(node_line(iri, "    "))
            grouped.add(iri)
        out.append("  }")
    for node in diagram.nodes:
        if node.iri not in grouped:
            out.append(node_line(node.iri, "  "))
    for edge in diagram.edges:
        sources = ", ".join(edge.sources) or "no source annotated"
        source_label = diagram.node(edge.source_iri).label
        target_label = diagram.node(edge.target_iri).label
        attributes = {
            "label": quote(edge.relation_label),
            "tooltip": quote(f"{source_label} {edge.relation_label} {target_label} "
                             f"({edge.property_curie}); sources: {sources}"),
            "labeltooltip": quote(f"{edge.property_curie}; sources: {sources}"),
        }
        if edge.property_curie == "rdfs:subClassOf":
            attributes.update(style="dashed", arrowhead="onormal")
        out.append(f"  {ids[edge.source_iri]} -> {ids[edge.target_iri]} [{_attributes(attributes)}];")
    out.append(_legend(diagram))
    out.append("}")
    return "\n".join(out) + "\n"


def _legend(diagram: Diagram) -> str:
    rows = [f'<tr><td colspan="2"><b>Legend</b></td></tr>']
    for category in diagram.categories:
        rows.append(f'<tr><td bgcolor="{colour(category)}" width="24" border="1"> </td>'
                    f'<td align="left">{_html(category_title(category))}</td></tr>')
    for note in _legend_notes(diagram):
        rows.append(f'<tr><td colspan="2" align="left"><i>{_html(note)}</i></td></tr>')
    table = ('<table border="0" cellborder="0" cellspacing="4" cellpadding="2">'
             + "".join(rows) + "</table>")
    return (f"  subgraph cluster_legend {{\n    graph [label=\"\", style=\"rounded\", color=\"#bbbbbb\"];\n"
            f"    legend [shape=plaintext, style=\"\", fontsize=\"14\", label=<{table}>];\n  }}")


def _legend_notes(diagram: Diagram) -> list[str]:
    if not diagram.left_out:
        return []
    count = diagram.left_out
    return [f"{count} more related term{'s' if count != 1 else ''} not shown"]
