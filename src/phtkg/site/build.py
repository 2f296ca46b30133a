"""Make every file of the site in memory: pages, stylesheet, scripts, search index.

Nothing here depends on the time, the machine or the order of a set, so the same graph
always gives the same bytes.
"""

from __future__ import annotations

from importlib import resources as importlib_resources

from .. import diagram
from . import (
    aggravation_page,
    diagrams,
    disagreements_page,
    home_page,
    layout,
    paths,
    search_index,
    sources_page,
)
from .collect import collect
from .term_page import TermPageWriter


def _asset(name: str) -> bytes:
    return importlib_resources.files("phtkg.site").joinpath("assets", name).read_bytes()


def site_files(store) -> dict[str, bytes]:
    """Every file of the site, by its path relative to the site's folder."""
    data = collect(store)
    writer = TermPageWriter(data, diagrams=None)
    _check_page_names(data, writer.page_of)
    cache = diagram.DiagramCache(store)
    writer.diagrams = lambda iri: diagrams.neighbourhood_svg(
        store, iri, paths.term_page(iri), writer.page_of, cache
    )

    pages = [
        home_page.render(data, writer),
        aggravation_page.render(
            data,
            writer,
            diagrams.aggravation_svg(store, paths.AGGRAVATION, writer.page_of, cache),
        ),
        disagreements_page.render(data, writer),
        sources_page.render_overview(data),
    ]
    pages += [sources_page.render_document(data, writer, d) for d in data.documents]
    pages += [writer.render(term) for term in data.terms.values() if term.kind != "document"]

    files: dict[str, bytes] = {}
    for path, title, content in pages:
        kind = "term" if path.startswith("terms/") else path.split("/")[0].split(".")[0]
        files[path] = layout.page(path, title, content, body_class=f"page-{kind}")
    files[paths.STYLESHEET] = _asset("site.css") + (
        "\n/* Category colours, from the diagrams' palette. */\n" + diagrams.category_css()
    ).encode("utf-8")
    files[paths.SEARCH_SCRIPT] = _asset("search.js")
    files[paths.SEARCH_INDEX] = search_index.script(data, writer.page_of).encode("utf-8")
    return dict(sorted(files.items()))


def _check_page_names(data, page_of) -> None:
    """Two terms must not share a page, not even on a file system that ignores case."""
    owners: dict[str, str] = {}
    for iri in data.terms:
        page = page_of(iri).casefold()
        if page in owners:
            raise paths.UnsafeName(
                f"{owners[page]!r} and {iri!r} would share the page {page_of(iri)!r}"
            )
        owners[page] = iri


def page_count(files: dict[str, bytes]) -> int:
    return sum(1 for path in files if path.endswith(".html"))
