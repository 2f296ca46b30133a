"""The frame every page shares: head, header with navigation and search, footer."""

from __future__ import annotations

from . import paths, templates
from .markup import esc

NAVIGATION = [
    (paths.INDEX, "Home"),
    (paths.AGGRAVATION, "Aggravation map"),
    (paths.DISAGREEMENTS, "Disagreements"),
    (paths.SOURCES, "Sources"),
]

FOOTER = (
    "Made by <code>phtkg site</code> from the phtkg knowledge graph of proximal "
    "hamstring tendinopathy. Every fact names the documents and sections it comes "
    "from; the graph records what the documents say and is not medical advice."
)


def _section_of(page: str) -> str:
    """The navigation entry a page belongs to (a document's page belongs to Sources)."""
    if page.startswith("sources/"):
        return paths.SOURCES
    return page


def page(path: str, title: str, content: str, body_class: str = "") -> bytes:
    """The whole HTML document for the page at ``path`` (relative to the site root)."""
    here = _section_of(path)
    nav = "\n".join(
        templates.NAV_LINK.substitute(
            href=esc(paths.relative(path, target)),
            text=esc(text),
            current=' aria-current="page"' if target == here else "",
        )
        for target, text in NAVIGATION
    )
    html = templates.LAYOUT.substitute(
        csp=esc(templates.CONTENT_SECURITY_POLICY),
        title=esc(title),
        root=esc(paths.root_of(path)),
        body_class=esc(body_class),
        nav=nav,
        content=content,
        footer=FOOTER,
    )
    return html.encode("utf-8")
