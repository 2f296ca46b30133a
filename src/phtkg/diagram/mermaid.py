"""Render a diagram as a Mermaid flowchart, which GitHub, GitLab and many editors draw.

User text reaches Mermaid only inside double-quoted labels with every character that
could end the label or start markup written as a Mermaid entity (``#quot;``, ``#35;``),
so a label with quotes, brackets, ``#`` or ``;`` cannot break the syntax or add markup.
"""

from __future__ import annotations

from .bundles import bundles
from .model import Diagram
from .palette import BORDER_COLOUR, MERMAID_SHAPES, TEXT_COLOUR, category_title, colour

_ENTITIES = {
    '"': "#quot;",
    "#": "#35;",
    ";": "#59;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "|": "#124;",
    "`": "#96;",
    "%": "#37;",
}


def escape(text: str) -> str:
    """``text`` made safe inside a double-quoted Mermaid label (one line)."""
    return "".join(_ENTITIES.get(char, char) for char in " ".join(str(text).split()))


def _comment(text: str) -> str:
    return " ".join(str(text).replace("%%", "% %").split())


def class_name(category: str) -> str:
    return "cat_" + ("".join(ch for ch in category.lower() if ch.isalnum()) or "other")


def render_mermaid(diagram: Diagram) -> str:
    """The diagram as Mermaid ``flowchart LR`` text, ending with a newline."""
    ids = {node.iri: f"n{number}" for number, node in enumerate(diagram.nodes, 1)}
    lines = [f"%% {_comment(diagram.title)}", "flowchart LR"]
    for category in diagram.categories:
        lines.append(
            f"  classDef {class_name(category)} fill:{colour(category)},"
            f"stroke:{BORDER_COLOUR},color:{TEXT_COLOUR}"
        )
    lines.append("  classDef focus stroke-width:4px")

    def node_line(iri: str, indent: str) -> str:
        node = diagram.node(iri)
        opening, closing = MERMAID_SHAPES.get(node.category, ("[", "]"))
        return f'{indent}{ids[iri]}{opening}"{escape(node.label)}"{closing}:::{class_name(node.category)}'

    grouped = set()
    for number, group in enumerate(diagram.groups, 1):
        lines.append(f'  subgraph g{number}["{escape(group.title)}"]')
        for iri in group.members:
            lines.append(node_line(iri, "    "))
            grouped.add(iri)
        lines.append("  end")
    for node in diagram.nodes:
        if node.iri not in grouped:
            lines.append(node_line(node.iri, "  "))
    if diagram.focus_iri:
        lines.append(f"  class {ids[diagram.focus_iri]} focus")
    groups = {group.name: f"g{number}" for number, group in enumerate(diagram.groups, 1)}
    bundled, single = bundles(diagram)
    for bundle in bundled:  # one arrow from a subgraph stands for all its terms
        for edge in bundle.edges:
            lines.append(
                f"  %% {ids[edge.source_iri]} {_comment(edge.property_curie)} "
                f"{ids[edge.target_iri]} sources: {_comment(', '.join(edge.sources))}"
            )
        ends = (groups[bundle.group.name], ids[bundle.other])
        source, target = ends if bundle.outward else ends[::-1]
        lines.append(f'  {source} -->|"{escape(bundle.relation_label)}"| {target}')
    for edge in single:
        if edge.sources:
            lines.append(
                f"  %% {ids[edge.source_iri]} {_comment(edge.property_curie)} "
                f"{ids[edge.target_iri]} sources: {_comment(', '.join(edge.sources))}"
            )
        lines.append(
            f'  {ids[edge.source_iri]} -->|"{escape(edge.relation_label)}"| {ids[edge.target_iri]}'
        )
    lines.append('  subgraph legend["Legend"]')
    lines.append("    direction TB")
    for number, category in enumerate(diagram.categories, 1):
        opening, closing = MERMAID_SHAPES.get(category, ("[", "]"))
        lines.append(
            f'    legend{number}{opening}"{escape(category_title(category))}"{closing}'
            f":::{class_name(category)}"
        )
    if diagram.left_out:
        lines.append(f'    legendmore["{escape(_left_out(diagram))}"]')
    lines.append("  end")
    for note in diagram.notes:
        lines.append(f"%% {_comment(note)}")
    return "\n".join(lines) + "\n"


def _left_out(diagram: Diagram) -> str:
    count = diagram.left_out
    return f"{count} more related term{'s' if count != 1 else ''} not shown"
