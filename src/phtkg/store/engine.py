"""Where a query runs: the in-memory graph here, or a SPARQL endpoint elsewhere.

Every engine answers ``query(text, substitutions=None, base_iri=None)`` with pyoxigraph's
own result objects (``QuerySolutions`` for SELECT, ``QueryBoolean`` for ASK,
``QueryTriples`` or a list of ``Triple`` for CONSTRUCT/DESCRIBE), so that named queries,
lookups and output formats work the same whichever engine answers. Substitutions bind
query variables to RDF terms: user text reaches an engine only as a value, never as
query text.
"""

from __future__ import annotations

from typing import Protocol


class Engine(Protocol):
    """Anything that can answer a read-only SPARQL query."""

    def query(self, text: str, substitutions: dict | None = None, base_iri: str | None = None):
        """Run ``text`` with variables bound by ``substitutions`` (Variable -> term)."""


class LocalEngine:
    """A pyoxigraph store in this process: the embedded graph or files the user loaded."""

    def __init__(self, store):
        self.store = store

    def query(self, text: str, substitutions: dict | None = None, base_iri: str | None = None):
        return self.store.query(text, substitutions=substitutions or None, base_iri=base_iri)


def as_engine(store_or_engine) -> Engine:
    """Accept a bare pyoxigraph store where an engine is expected."""
    if hasattr(store_or_engine, "query") and not _is_pyoxigraph_store(store_or_engine):
        return store_or_engine
    return LocalEngine(store_or_engine)


def _is_pyoxigraph_store(candidate) -> bool:
    import pyoxigraph

    return isinstance(candidate, pyoxigraph.Store)
