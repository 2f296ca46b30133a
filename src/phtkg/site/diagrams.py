"""The diagrams of the site, drawn by :mod:`phtkg.diagram` and inlined as SVG.

Each node links to its term's page (relative to the page that shows the diagram), so
the picture is a way around the site too. One :class:`phtkg.diagram.DiagramCache` serves
every diagram of a build, so the graph is asked for nodes and facts once, not per page.
The category colours of the chips come from the same palette, so a colour means the same
on a chip as in a diagram.
"""

from __future__ import annotations

from .. import diagram
from .. import namespaces as ns
from . import markup, paths


def _linker(page: str, page_of):
    def href(node) -> str | None:
        target = page_of(node.iri)
        return paths.relative(page, target) if target and target != page else None

    return href


def _inline(svg: str) -> str:
    """Drop any XML declaration, so the SVG can sit inside HTML."""
    text = svg.strip()
    if text.startswith("<?xml"):
        text = text.split("?>", 1)[1].lstrip()
    return text


def neighbourhood_svg(store, iri: str, page: str, page_of, cache=None) -> str:
    """The term's neighbourhood, one fact away, as inline SVG; "" when it has no facts.

    ``cache`` is the :class:`phtkg.diagram.DiagramCache` shared by the site's diagrams.
    """
    drawing = diagram.neighbourhood(store, iri, depth=1, cache=cache)
    if not drawing.edges:
        return ""  # the term alone: a picture would say nothing
    return _inline(diagram.render_svg(drawing, href=_linker(page, page_of)))


def aggravation_svg(store, page: str, page_of, cache=None) -> str:
    drawing = diagram.aggravation_view(store, cache=cache)
    return _inline(diagram.render_svg(drawing, href=_linker(page, page_of)))


def category_css() -> str:
    """Chip colours, one rule per top category, from the diagrams' palette."""
    return "".join(
        f".chip.{markup.category_class(ns.PHT + local)} {{ background: {colour}; }}\n"
        for local, colour in sorted(diagram.CATEGORY_COLOURS.items())
    )
