"""What differs between the stores phtkg talks to, in one place, as data.

phtkg answers from the embedded pyoxigraph store and from SPARQL endpoints: an Oxigraph
server, OpenLink Virtuoso 7.2, or any other SPARQL 1.1 store. It cannot tell which server
an endpoint runs, so every endpoint is sent what all the known servers take:
:data:`ENDPOINT` is the strictest of :data:`OXIGRAPH_SERVER` and :data:`VIRTUOSO`, field
by field. A quirk found in another store is one more entry here, and what endpoints are
sent follows from it. The code that sends queries and updates reads these fields instead
of knowing about any store.

The portable twins of bundled queries are listed here, not in the ``.rq`` headers: both
forms of a query give the same rows, so which one to send is a fact about the store, and
here it sits beside the other facts about stores (the query loader stays a plain reader
of files, with no need to read every query to learn which have twins).

Graph handling needs no field, because phtkg does the same for every endpoint: with
``--graph`` each query is scoped with ``default-graph-uri`` (unscoped, Virtuoso shows a
query every graph, its system graphs included), and Virtuoso's Graph Store has no default
graph, so ``push --store`` there needs ``--graph``.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Bundled queries kept in the form Oxigraph runs fastest on large data, each with a twin
#: that gives the same rows in a form Virtuoso 7.2 evaluates correctly (its property paths
#: under MINUS and UNION drop or add solutions).
PORTABLE_FORMS = {"aggravates": "aggravates-portable", "aggravated-by": "aggravated-by-portable"}


@dataclass(frozen=True)
class Dialect:
    """What one kind of store takes."""

    name: str
    #: Answers the bundled queries as written; if not, it is sent their portable twins.
    as_written: bool = True
    #: May be told a ``file:`` base IRI; a server cannot read the file and would learn
    #: local paths from it.
    file_base: bool = True
    #: The most triples one update may carry (None: no limit known).
    max_update_triples: int | None = None
    #: Takes blank nodes in ``INSERT DATA``; if not, ``INSERT { … } WHERE {}`` is sent,
    #: which adds the same triples.
    blank_nodes_in_insert_data: bool = True
    #: Answers a large body with a digest challenge while it is still arriving, then
    #: closes the connection, so the challenge must be fetched before the body is sent.
    challenges_midway: bool = False

    def form_of(self, name: str) -> str:
        """The bundled query to send for ``name``: its portable twin where one is needed."""
        return name if self.as_written else PORTABLE_FORMS.get(name, name)


EMBEDDED = Dialect("the embedded pyoxigraph store")
OXIGRAPH_SERVER = Dialect("an Oxigraph server", file_base=False)
VIRTUOSO = Dialect(
    "Virtuoso 7.2",
    as_written=False,
    file_base=False,
    max_update_triples=1000,  # it fails above about 1,200
    blank_nodes_in_insert_data=False,
    challenges_midway=True,
)


def strictest(name: str, *dialects: Dialect) -> Dialect:
    """The dialect every one of ``dialects`` takes."""
    limits = [d.max_update_triples for d in dialects if d.max_update_triples is not None]
    return Dialect(
        name,
        as_written=all(d.as_written for d in dialects),
        file_base=all(d.file_base for d in dialects),
        max_update_triples=min(limits) if limits else None,
        blank_nodes_in_insert_data=all(d.blank_nodes_in_insert_data for d in dialects),
        challenges_midway=any(d.challenges_midway for d in dialects),
    )


#: What any SPARQL endpoint is sent.
ENDPOINT = strictest("a SPARQL endpoint", OXIGRAPH_SERVER, VIRTUOSO)


def dialect_of(store) -> Dialect:
    """:data:`ENDPOINT` for an engine that asks an endpoint, else :data:`EMBEDDED`."""
    return ENDPOINT if getattr(store, "endpoint", None) else EMBEDDED
