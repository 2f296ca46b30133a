"""Load the ontology into an in-memory pyoxigraph store for fast read-only queries.

pyoxigraph parses and queries the whole ontology in milliseconds, which keeps the
command line quick; rdflib and owlready2 are only needed to build and to reason.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from phtkg import resources

from . import syntaxes


def load_turtle(path: Path | str):
    """Return a new in-memory store holding the Turtle file at ``path``."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def load_file(path: Path | str):
    """Return a new in-memory store holding the RDF file at ``path``, format from its extension."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(path=str(path), format=syntaxes.oxigraph_format_for(path))
    return store


@cache
def _cached_store(path: str):
    return load_file(path)


def ontology_store(path: Path | str | None = None):
    """The store for ``path`` (default: the bundled ontology), loaded once per process."""
    target = Path(path) if path is not None else resources.ontology_turtle()
    return _cached_store(str(target.resolve()))


def clear_cache() -> None:
    """Forget loaded stores, e.g. after rebuilding the ontology file."""
    _cached_store.cache_clear()
