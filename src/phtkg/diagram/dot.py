"""Render a diagram as Graphviz DOT, for ``dot -Tsvg`` / ``-Tpng`` or any Graphviz tool.

Every string is written as a double-quoted DOT string with backslashes and quotes
escaped, so a label cannot end its string or smuggle in Graphviz escapes; the legend is
an HTML-like table built only from the fixed category names. Each node links to its IRI
and carries a tooltip; each edge's tooltip names its source documents. Where every term
of a cluster has the same fact about one term, one arrow from the cluster stands for
them all (:mod:`.bundles`).
"""

from __future__ import annotations

from .bundles import bundles
from .model import Diagram
from .palette import (BORDER_COLOUR, DOT_SHAPES, DOT_STYLES, EDGE_COLOUR, TEXT_COLOUR,
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
        f"  graph [{_attributes({'rankdir': 'LR', 'fontname': quote(FONT), 'fontsize': '22', 'label': quote(diagram.title), 'labelloc': 't', 'labeljust': 'l', 'nodesep': '0.18', 'ranksep': '0.9', 'newrank': 'true', 'compound': 'true', 'pad': '0.3', 'bgcolor': quote('white')})}];",
        f"  node [{_attributes({'fontname': quote(FONT), 'fontsize': '16', 'style': quote('filled'), 'color': quote(BORDER_COLOUR), 'fontcolor': quote(TEXT_COLOUR), 'margin': quote('0.15,0.06'), 'penwidth': '1.2'})}];",
        f"  edge [{_attributes({'fontname': quote(FONT), 'fontsize': '13', 'color': quote(EDGE_COLOUR), 'fontcolor': quote(TEXT_COLOUR), 'arrowsize': '0.8'})}];",
    ]

    def node_line(iri: str, indent: str) -> str:
        node = diagram.node(iri)
        style = ",".join(["filled"] + ([DOT_STYLES[node.category]] if node.category in DOT_STYLES else []))
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
    clusters = {group.name: f"cluster_g{number}" for number, group in enumerate(diagram.groups, 1)}
    titles = {iri: group.title for group in diagram.groups for iri in group.members}
    column = {iri: group.column for group in diagram.groups for iri in group.members}
    one_relation = len({edge.relation_label for edge in diagram.edges}) == 1

    def edge_line(source: str, target: str, attributes: dict[str, str]) -> str:
        """An edge; one whose target stands left of its source is written backwards
        (drawn with dir=back) so that Graphviz keeps the groups in their columns."""
        if column.get(source, 0) > column.get(target, 0):
            attributes = {**attributes, "dir": "back"}
            for tail, head in (("ltail", "lhead"), ("tailport", "headport")):
                if tail in attributes or head in attributes:
                    attributes[tail], attributes[head] = attributes.pop(head, None), attributes.pop(tail, None)
                    attributes = {k: v for k, v in attributes.items() if v is not None}
            source, target = target, source
        return f"  {ids[source]} -> {ids[target]} [{_attributes(attributes)}];"

    def label(text: str, *titled: str | None) -> dict[str, str]:
        return {} if one_relation or text in titled else {"label": quote(text)}

    bundled, single = bundles(diagram)
    for bundle in bundled:  # one arrow between a cluster and a term stands for the group
        member = bundle.group.members[len(bundle.group.members) // 2]
        names = ", ".join(diagram.node(e.source_iri if bundle.outward else e.target_iri).label
                          for e in bundle.edges)
        attributes = {
            **label(bundle.relation_label, bundle.group.title),
            "tooltip": quote(f"{names} {bundle.relation_label} {diagram.node(bundle.other).label} "
                             f"({bundle.edges[0].property_curie}); sources: "
                             f"{', '.join(bundle.sources) or 'no source annotated'}"),
            ("ltail" if bundle.outward else "lhead"): quote(clusters[bundle.group.name]),
        }
        if bundle.edges[0].property_curie == "rdfs:subClassOf":
            attributes.update(style="dashed", arrowhead="onormal")
        source, target = (member, bundle.other) if bundle.outward else (bundle.other, member)
        out.append(edge_line(source, target, attributes))
        for edge in bundle.edges:  # keeps every member in its rank, drawn by the arrow above
            if member not in (edge.source_iri, edge.target_iri):
                out.append(edge_line(edge.source_iri, edge.target_iri, {"style": "invis"}))
    for edge in single:
        sources = ", ".join(edge.sources) or "no source annotated"
        source_label = diagram.node(edge.source_iri).label
        target_label = diagram.node(edge.target_iri).label
        attributes = {
            **label(edge.relation_label, titles.get(edge.source_iri), titles.get(edge.target_iri)),
            "tooltip": quote(f"{source_label} {edge.relation_label} {target_label} "
                             f"({edge.property_curie}); sources: {sources}"),
        }
        if edge.property_curie == "rdfs:subClassOf":
            attributes.update(style="dashed", arrowhead="onormal")
        out.append(edge_line(edge.source_iri, edge.target_iri, attributes))
    out.append(_legend(diagram))
    out.append("}")
    return "\n".join(out) + "\n"


def _legend(diagram: Diagram) -> str:
    rows = ['<tr><td colspan="2"><b>Legend</b></td></tr>']
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
    notes = []
    relations = sorted({edge.relation_label for edge in diagram.edges})
    if len(relations) == 1:
        notes.append(f"every arrow: {relations[0]}")
    if diagram.left_out:
        count = diagram.left_out
        notes.append(f"{count} more related term{'s' if count != 1 else ''} not shown")
    return notes
