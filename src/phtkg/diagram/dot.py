"""Render a diagram as Graphviz DOT, for ``dot -Tsvg`` / ``-Tpng`` or any Graphviz tool.

Every string is written as a double-quoted DOT string with backslashes and quotes
escaped, so a label cannot end its string or smuggle in Graphviz escapes; the legend is
an HTML-like table built only from the fixed category names. Each node links to its IRI
and carries a tooltip; each edge's tooltip names its source documents. Where every term
of a cluster has the same fact about one term, one arrow from the cluster stands for
them all (:mod:`.bundles`).

A view (a diagram without a focus) gets layout hints, so that Graphviz draws it at
lecture size, about as wide as tall:

* a view of columns (the aggravating loads) keeps each group in its column, one term
  under another; the terms of the middle column, which arrows reach from both sides,
  are taller, and the legend stands above them;
* a timeline (a view whose groups open with a term linked to all the others: the
  rehabilitation phases) puts those opening terms in one row, left to right, with each
  group's other terms stacked beneath under headings named by the relation, the later
  headings (the progression criteria) shaded, as the built-in SVG lists them.
"""

from __future__ import annotations

from itertools import pairwise

from .bundles import bundles
from .model import Diagram, Group
from .palette import (
    BORDER_COLOUR,
    DOT_SHAPES,
    DOT_STYLES,
    EDGE_COLOUR,
    TEXT_COLOUR,
    category_title,
    colour,
)
from .svg_layout import _sections
from .text import text_width, wrap

FONT = "Helvetica,Arial,sans-serif"
LABEL_WIDTH = 190  # px at the node font size: about 22 characters a line
VIEW_TITLE_WIDTH = 250  # a view's group titles, such as a combination of load types
NODE_MARGIN = 0.15  # inches left and right of a label
SECTION_FILLS = ("#FFFFFF", "#EEEEEE")  # a timeline group's first heading, then the later ones

#: What a view changes in the graph's attributes.
VIEW_GRAPH = {
    "columns": {"nodesep": "0.12", "ranksep": "1.6", "splines": "true"},
    "timeline": {"rankdir": "TB", "nodesep": "0.35", "ranksep": "0.22"},
}
VIEW_NODE_HEIGHT = {"columns": "0.4"}  # inches: a view of columns packs its terms closer
MIDDLE_NODE_HEIGHT = "0.9"


def quote(text: str) -> str:
    """``text`` as a DOT double-quoted string; line breaks become centred DOT line breaks."""
    lines = str(text).split("\n")
    escaped = [" ".join(line.split()).replace("\\", "\\\\").replace('"', '\\"') for line in lines]
    return '"' + "\\n".join(escaped) + '"'


def _html(text: str) -> str:
    return (
        str(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def _wrapped(text: str, size: float = 16, width: float = LABEL_WIDTH) -> str:
    return "\n".join(wrap(text, width, size))


def _attributes(pairs: dict[str, str]) -> str:
    return ", ".join(f"{key}={value}" for key, value in pairs.items())


def _kind(diagram: Diagram) -> tuple[str, dict[str, dict[str, str]]]:
    """ "neighbourhood", "columns" or "timeline", and for a timeline each opened group's
    member -> heading (by the same rule as the built-in SVG's headings)."""
    if diagram.focus_iri is not None:
        return "neighbourhood", {}
    opened = {
        group.name: _sections(group, diagram)[0]
        for group in diagram.groups
        if len(group.members) > 1
    }
    opened = {name: heading for name, heading in opened.items() if heading}
    return ("timeline", opened) if opened else ("columns", {})


def _runs(group: Group, heading: dict[str, str]) -> list[tuple[str, list[str]]]:
    """An opened group's members after its first, as runs of (heading, members) in order."""
    runs: list[tuple[str, list[str]]] = []
    for iri in group.members[1:]:
        title = heading.get(iri, "")
        if not runs or runs[-1][0] != title:
            runs.append((title, []))
        runs[-1][1].append(iri)
    return runs


def _middle_groups(diagram: Diagram) -> set[str]:
    """The groups of a view of columns that stand between two others."""
    columns = sorted({group.column for group in diagram.groups})
    return {group.name for group in diagram.groups if columns[0] < group.column < columns[-1]}


def render_dot(diagram: Diagram) -> str:
    """The diagram as a DOT ``digraph``, ending with a newline."""
    ids = {node.iri: f"n{number}" for number, node in enumerate(diagram.nodes, 1)}
    kind, sections = _kind(diagram)
    graph = {
        "rankdir": "LR",
        "fontname": quote(FONT),
        "fontsize": "22",
        "label": quote(diagram.title),
        "labelloc": "t",
        "labeljust": "l",
        "nodesep": "0.18",
        "ranksep": "0.9",
        "newrank": "true",
        "compound": "true",
        "pad": "0.3",
        "bgcolor": quote("white"),
        **VIEW_GRAPH.get(kind, {}),
    }
    node_defaults = {
        "fontname": quote(FONT),
        "fontsize": "16",
        "style": quote("filled"),
        "color": quote(BORDER_COLOUR),
        "fontcolor": quote(TEXT_COLOUR),
        "margin": quote(f"{NODE_MARGIN},0.06"),
        "penwidth": "1.2",
    }
    if kind in VIEW_NODE_HEIGHT:
        node_defaults = {"height": VIEW_NODE_HEIGHT[kind], **node_defaults}
    out = [
        "digraph phtkg {",
        f"  graph [{_attributes(graph)}];",
        f"  node [{_attributes(node_defaults)}];",
        f"  edge [{_attributes({'fontname': quote(FONT), 'fontsize': '13', 'color': quote(EDGE_COLOUR), 'fontcolor': quote(TEXT_COLOUR), 'arrowsize': '0.8'})}];",
    ]
    width = ""
    if kind == "timeline":  # one width for every term, so that each stack reads as a list
        widest = max(
            text_width(line, 16)
            for node in diagram.nodes
            for line in _wrapped(node.label).split("\n")
        )
        width = f"{widest / 72 + 2 * NODE_MARGIN + 0.1:.2f}"

    def node_line(iri: str, indent: str, **extra: str) -> str:
        node = diagram.node(iri)
        style = ",".join(
            ["filled"] + ([DOT_STYLES[node.category]] if node.category in DOT_STYLES else [])
        )
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
        if width:
            attributes["width"] = width
        attributes.update(extra)
        return f"{indent}{ids[iri]} [{_attributes(attributes)}];"

    grouped = set()
    stacks: list[list[str]] = []  # a timeline's columns of ids, top to bottom
    section_edges = set()  # a timeline's links drawn as headings, not as arrows
    middle = _middle_groups(diagram) if kind == "columns" else set()
    title_width = LABEL_WIDTH if kind == "neighbourhood" else VIEW_TITLE_WIDTH
    for number, group in enumerate(diagram.groups, 1):
        cluster = {
            "label": quote(_wrapped(group.title, 15, title_width)),
            "style": quote("rounded,dashed"),
            "color": quote("#888888"),
            "fontsize": "15",
            "margin": "10" if kind == "neighbourhood" else "6",
        }
        out.append(f"  subgraph cluster_g{number} {{")
        out.append(f"    graph [{_attributes(cluster)}];")
        grouped.update(group.members)
        if group.name in sections:
            head = group.members[0]
            out.append(
                node_line(head, "    ", margin=quote(f"{NODE_MARGIN},0.12"))
            )  # room in the arrow shape
            stack = [ids[head]]
            for part, (title, members) in enumerate(_runs(group, sections[group.name])):
                links = [
                    e for e in diagram.edges if e.source_iri == head and e.target_iri in members
                ]
                heading = f"h{number}_{part + 1}"
                out.extend(_section(diagram, heading, part, title, members, links, node_line))
                stack += [heading] + [ids[iri] for iri in members]
                section_edges.update(links)
            stacks.append(stack)
            out.append("  }")
            continue
        if kind == "columns":  # one term under another
            out.append("    rank=same;")
        if group.name in middle:  # arrows reach these from both sides: room for their heads
            out.append(f"    node [height={MIDDLE_NODE_HEIGHT}];")
        out.extend(node_line(iri, "    ") for iri in group.members)
        if kind == "timeline":
            stacks.append([ids[iri] for iri in group.members])
        out.append("  }")
    for node in diagram.nodes:
        if node.iri not in grouped:
            out.append(node_line(node.iri, "  "))
    if stacks:  # the opening terms in one row; each stack kept in its column, in order
        out.append(f"  {{rank=same; {'; '.join(stack[0] for stack in stacks)}}}")
        for stack in stacks:
            out.extend(
                f"  {upper} -> {lower} [style=invis, weight=20];"
                for upper, lower in pairwise(stack)
            )

    clusters = {group.name: f"cluster_g{number}" for number, group in enumerate(diagram.groups, 1)}
    titles = {iri: group.title for group in diagram.groups for iri in group.members}
    # a timeline's arrows run along its row or down a stack: none is turned round
    column = (
        {}
        if kind == "timeline"
        else {iri: group.column for group in diagram.groups for iri in group.members}
    )
    one_relation = len({edge.relation_label for edge in diagram.edges}) == 1

    def edge_line(source: str, target: str, attributes: dict[str, str]) -> str:
        """An edge; one whose target stands left of its source is written backwards
        (drawn with dir=back) so that Graphviz keeps the groups in their columns."""
        if column.get(source, 0) > column.get(target, 0):
            attributes = {**attributes, "dir": "back"}
            for tail, head in (("ltail", "lhead"), ("tailport", "headport")):
                if tail in attributes or head in attributes:
                    attributes[tail], attributes[head] = (
                        attributes.pop(head, None),
                        attributes.pop(tail, None),
                    )
                    attributes = {k: v for k, v in attributes.items() if v is not None}
            source, target = target, source
        return f"  {ids[source]} -> {ids[target]} [{_attributes(attributes)}];"

    def label(text: str, *titled: str | None) -> dict[str, str]:
        return {} if one_relation or text in titled else {"label": quote(text)}

    bundled, single = bundles(diagram, [e for e in diagram.edges if e not in section_edges])
    for bundle in bundled:  # one arrow between a cluster and a term stands for the group
        member = bundle.group.members[len(bundle.group.members) // 2]
        names = ", ".join(
            diagram.node(e.source_iri if bundle.outward else e.target_iri).label
            for e in bundle.edges
        )
        attributes = {
            **label(bundle.relation_label, bundle.group.title),
            "tooltip": quote(
                f"{names} {bundle.relation_label} {diagram.node(bundle.other).label} "
                f"({bundle.edges[0].property_curie}); sources: "
                f"{', '.join(bundle.sources) or 'no source annotated'}"
            ),
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
            "tooltip": quote(
                f"{source_label} {edge.relation_label} {target_label} "
                f"({edge.property_curie}); sources: {sources}"
            ),
        }
        if edge.property_curie == "rdfs:subClassOf":
            attributes.update(style="dashed", arrowhead="onormal")
        out.append(edge_line(edge.source_iri, edge.target_iri, attributes))
    out.append(_legend(diagram))
    out.extend(_legend_place(diagram, kind, ids, stacks))
    out.append("}")
    return "\n".join(out) + "\n"


def _section(
    diagram: Diagram, heading: str, part: int, title: str, members: list[str], links, node_line
) -> list[str]:
    """A heading and the terms under it in a timeline group: the terms the group's first
    term links to by one relation. The heading's tooltip names the links' sources."""
    head = diagram.node(links[0].source_iri).label if links else ""
    sources = sorted({stem for edge in links for stem in edge.sources})
    tooltip = (
        f"{head} {title}: {', '.join(diagram.node(iri).label for iri in members)}; "
        f"sources: {', '.join(sources) or 'no source annotated'}"
    )
    fill = SECTION_FILLS[min(part, len(SECTION_FILLS) - 1)]
    box = {
        "label": quote(""),
        "style": quote("rounded,filled"),
        "color": quote(fill),
        "fillcolor": quote(fill),
        "margin": "6",
    }
    text = {
        "label": f"<<i>{_html(title)}:</i>>",
        "shape": "plaintext",
        "style": quote(""),
        "fontsize": "14",
        "height": "0.3",
        "tooltip": quote(tooltip),
    }
    return (
        [
            f"    subgraph cluster_{heading} {{",
            f"      graph [{_attributes(box)}];",
            f"      {heading} [{_attributes(text)}];",
        ]
        + [node_line(iri, "      ") for iri in members]
        + ["    }"]
    )


def _legend_place(
    diagram: Diagram, kind: str, ids: dict[str, str], stacks: list[list[str]]
) -> list[str]:
    """Where a view puts its legend: a timeline under its last stack, below the foot of
    the longest (every row is shared by all stacks, so a legend beside any term would
    open a gap in each); a view of columns in its middle column, above the terms there."""
    if kind == "timeline":
        longest = max(len(stack) for stack in stacks)
        return [
            f"  {stacks[-1][-1]} -> legend [style=invis, minlen={longest - len(stacks[-1]) + 1}];"
        ]
    if kind == "columns" and diagram.groups:
        columns = sorted({group.column for group in diagram.groups})
        middle = columns[len(columns) // 2]
        first = next(group.members[0] for group in diagram.groups if group.column == middle)
        return [f"  {{rank=same; legend; {ids[first]}}}"]
    return []


def _legend(diagram: Diagram) -> str:
    rows = ['<tr><td colspan="2"><b>Legend</b></td></tr>']
    for category in diagram.categories:
        rows.append(
            f'<tr><td bgcolor="{colour(category)}" width="24" border="1"> </td>'
            f'<td align="left">{_html(category_title(category))}</td></tr>'
        )
    for note in _legend_notes(diagram):
        rows.append(f'<tr><td colspan="2" align="left"><i>{_html(note)}</i></td></tr>')
    table = (
        '<table border="0" cellborder="0" cellspacing="4" cellpadding="2">'
        + "".join(rows)
        + "</table>"
    )
    return (
        f'  subgraph cluster_legend {{\n    graph [label="", style="rounded", color="#bbbbbb"];\n'
        f'    legend [shape=plaintext, style="", fontsize="14", label=<{table}>];\n  }}'
    )


def _legend_notes(diagram: Diagram) -> list[str]:
    notes = []
    relations = sorted({edge.relation_label for edge in diagram.edges})
    if len(relations) == 1:
        notes.append(f"every arrow: {relations[0]}")
    if diagram.left_out:
        count = diagram.left_out
        notes.append(f"{count} more related term{'s' if count != 1 else ''} not shown")
    return notes
