"""Load the ontology into an in-memory pyoxigraph store for fast read-only queries.

pyoxigraph parses and queries the whole ontology in milliseconds, which keeps the
command line quick; rdflib and owlready2 are only needed to build and to reason.
Files a user gives are read by :func:`phtkg.store.safe_rdf.read_input`, which refuses
FIFOs, devices, oversize files and XML entity bombs before pyoxigraph sees a byte; the
bundled ontology is loaded as it is.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

from phtkg import resources


def load_turtle(path: Path | str):
    """Return a new in-memory store holding the Turtle file at ``path``."""
    from . import syntaxes

    return _store_of(path, syntaxes.named("turtle"))


def load_file(path: Path | str):
    """Return a new in-memory store holding the RDF file at ``path``, format from its extension."""
    if _is_bundled(path):
        return _bundled_store()
    from . import syntaxes  # here: the bundled graph's load needs none of it

    syntax = syntaxes.by_suffix(Path(path).suffix, syntaxes.OXIGRAPH_READS)
    return _store_of(path, syntax or syntaxes.named("turtle"))


def _store_of(path: Path | str, syntax):
    if _is_bundled(path):
        return _bundled_store()
    import pyoxigraph

    from .safe_rdf import read_input

    store = pyoxigraph.Store()
    store.load(read_input(path, syntax), format=syntax.oxigraph_format())
    return store


def _is_bundled(path: Path | str) -> bool:
    return Path(path).resolve() == resources.ontology_turtle().resolve()


def _bundled_store():
    """The package's own Turtle, which is no input: loaded as it is, without the checks
    (and without importing them, which a lookup would otherwise pay for at every start)."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(path=str(resources.ontology_turtle()), format=pyoxigraph.RdfFormat.TURTLE)
    return store


@cache
def _cached_store(path: str):
    return load_file(path)


#: Loads started by :func:`prefetch`, by resolved path, until the store is asked for.
_loading: dict[str, threading.Thread] = {}


def ontology_store(path: Path | str | None = None):
    """The store for ``path`` (default: the bundled ontology), loaded once per process."""
    key = _key(path)
    loading = _loading.pop(key, None)
    if loading is not None:
        loading.join()  # then the store is in the cache, or the call below meets the error
    return _cached_store(key)


def prefetch(path: Path | str | None = None) -> None:
    """Start loading the store for ``path`` in a thread, for :func:`ontology_store` to
    take; pyoxigraph parses without holding Python's lock, so other work goes on."""
    key = _key(path)
    if key in _loading:
        return
    thread = threading.Thread(target=_load_quietly, args=(key,), name="phtkg-prefetch", daemon=True)
    _loading[key] = thread
    thread.start()


def _load_quietly(key: str) -> None:
    try:
        _cached_store(key)
    except Exception:  # noqa: BLE001 - ontology_store loads it again and reports the error
        pass


def _key(path: Path | str | None) -> str:
    target = Path(path) if path is not None else resources.ontology_turtle()
    return str(target.resolve())


def clear_cache() -> None:
    """Forget loaded stores, e.g. after rebuilding the ontology file."""
    for loading in list(_loading.values()):
        loading.join()
    _loading.clear()
    _cached_store.cache_clear()
