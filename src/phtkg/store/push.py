"""Upload the graph to a triple store, so the bundled queries can run there.

Two ways in, because stores differ in what they offer: the SPARQL 1.1 Graph Store HTTP
Protocol (one PUT or POST of the whole graph: fast, and what Oxigraph, Virtuoso, Fuseki
and GraphDB serve) and SPARQL 1.1 Update (for stores that only take updates). Update
requests carry no more triples than every known store takes (1,000; see
:mod:`phtkg.store.dialects`), and the triples that share a blank node always travel in
the same request: blank node labels only mean something inside one request, so
splitting an OWL restriction across two would break it.

A lost answer must not double the graph, and blank nodes make every resent insert new
triples. So no request is sent again unless sending it twice gives the same store: a
Graph Store ``PUT`` replaces the graph, and a ``POST`` (which adds) is never resent
once it may have arrived. Over SPARQL Update each batch goes to a staging graph of its
own, in one request that first empties that graph; when every batch is confirmed, one
request puts the staging graphs into the target (``ADD``, after ``DROP`` with
``replace``) and a last one drops them. Every request can then be resent, the target is
untouched until the end, and a push that stops says what had reached the store
(:class:`PushFailed`). The final step is ``ADD`` rather than ``MOVE``: a resent ``MOVE
SILENT`` finds its source gone and empties the target (Virtuoso 7.2 does so), and
``MOVE`` takes one source graph where the batches need one graph each to be resendable.
"""

from __future__ import annotations

import hashlib
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from . import syntaxes
from .dialects import ENDPOINT
from .http import DeadlinePassed, NotSent, RemoteError, Transport, Unconfirmed
from .remote import iri_syntax

MAX_BATCH = ENDPOINT.max_update_triples
NTRIPLES = syntaxes.named("nt")  # what the graph travels as


def graph_ntriples(path: Path | str | None = None) -> list[str]:
    """The ontology (the bundled one, or ``path``) as sorted N-Triples lines."""
    import pyoxigraph

    from phtkg.store.embedded import ontology_store

    store = ontology_store(path)
    data = store.dump(
        format=NTRIPLES.oxigraph_format(), from_graph=pyoxigraph.DefaultGraph()
    ).decode("utf-8")
    return sorted(line for line in data.splitlines() if line.strip())


def _blank_nodes(line: str) -> list[str]:
    """Blank node labels in an N-Triples line (subject and object positions only)."""
    subject, _, rest = line.partition(" ")
    obj = rest.partition(" ")[2]
    labels = [subject] if subject.startswith("_:") else []
    if obj.startswith("_:"):
        labels.append(obj.split(" ", 1)[0])
    return labels


def batches(lines: list[str], size: int = MAX_BATCH) -> list[list[str]]:
    """Group N-Triples lines into batches of at most ``size`` lines.

    Triples connected through blank nodes form one unit that is never split; a unit
    larger than ``size`` travels alone.
    """
    parent: dict[str, str] = {}

    def find(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    for line in lines:
        labels = _blank_nodes(line)
        for other in labels[1:]:
            parent[find(other)] = find(labels[0])
    units: dict[str, list[str]] = {}
    for index, line in enumerate(lines):
        labels = _blank_nodes(line)
        key = find(labels[0]) if labels else f"#{index}"
        units.setdefault(key, []).append(line)
    result: list[list[str]] = []
    current: list[str] = []
    for unit in units.values():
        if current and len(current) + len(unit) > size:
            result.append(current)
            current = []
        current.extend(unit)
    if current:
        result.append(current)
    return result


def graph_store_url(store_url: str, graph: str | None) -> str:
    """The Graph Store Protocol URL of ``graph`` (``?graph=IRI``), or of the default graph."""
    query = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    return f"{store_url}{'&' if '?' in store_url else '?'}{query}"


@dataclass(eq=False)
class PushFailed(RemoteError):
    """A push that stopped, with what had reached the store and what is left there."""

    cause: str
    batches_total: int = 1
    batches_confirmed: int = 0
    triples_total: int = 0
    triples_confirmed: int = 0
    #: ``unchanged``, ``unknown`` (the request that changes it got no answer) or
    #: ``incomplete`` (that request failed and the store may have done part of it).
    target: str = "unchanged"
    #: Staging graphs this push left in the store (a later push or --rollback removes them).
    staging_left: bool = False

    def __post_init__(self):
        super().__init__(self.cause)


def push_graph_store(
    transport: Transport,
    store_url: str,
    lines: list[str],
    graph: str | None = None,
    replace: bool = False,
) -> int:
    """PUT (``replace``) or POST the triples to the Graph Store endpoint; the count sent.

    A PUT is sent again after a lost answer (it replaces the graph, so twice is once);
    a POST is not, since the store would add the blank nodes a second time.
    """
    body = ("\n".join(lines) + "\n").encode("utf-8")
    try:
        transport.send(
            "PUT" if replace else "POST",
            graph_store_url(store_url, graph),
            content=body,
            headers={"Content-Type": NTRIPLES.media_type},
            idempotent=replace,
        )
    except RemoteError as error:
        unknown = isinstance(error, (Unconfirmed, DeadlinePassed))
        raise PushFailed(
            str(error), 1, 0, len(lines), 0, "unknown" if unknown else "unchanged"
        ) from None
    return len(lines)


def _update_body(text: str) -> bytes:
    return urllib.parse.urlencode({"update": text}).encode("utf-8")


def _send_update(transport: Transport, update_url: str, text: str) -> None:
    transport.send(
        "POST",
        update_url,
        content=_update_body(text),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )


def insert_data(lines: list[str], graph: str | None) -> str:
    """An update that adds ``lines``, inside ``GRAPH <g> { … }`` when a graph is named.

    ``INSERT DATA``, unless the triples have blank nodes and endpoints may refuse them
    there (:mod:`phtkg.store.dialects`): then the equivalent ``INSERT { … } WHERE {}``,
    which gives the same fresh blank nodes.
    """
    triples = "\n".join(lines)
    if graph:
        triples = f"GRAPH {iri_syntax(graph)} {{\n{triples}\n}}"
    blank_nodes = any(_blank_nodes(line) for line in lines)
    if blank_nodes and not ENDPOINT.blank_nodes_in_insert_data:
        return f"INSERT {{\n{triples}\n}} WHERE {{}}"
    return f"INSERT DATA {{\n{triples}\n}}"


def staging_prefix(graph: str | None) -> str:
    """The IRIs of this target's staging graphs start so (one prefix per target graph)."""
    digest = hashlib.sha256((graph or "default graph").encode("utf-8")).hexdigest()[:16]
    return f"urn:phtkg:push:{digest}:"


def staged_batch(batch: list[str], staging: str) -> str:
    """Empty the staging graph, then insert the batch: the same store however often sent."""
    return f"DROP SILENT GRAPH {iri_syntax(staging)} ;\n{insert_data(batch, staging)}"


def put_in_place(staging: list[str], graph: str | None, replace: bool) -> str:
    """Add every staging graph to the target, replacing it first with ``replace``."""
    target = iri_syntax(graph) if graph else "DEFAULT"
    steps = [f"DROP SILENT GRAPH {target}" if graph else "CLEAR SILENT DEFAULT"] if replace else []
    steps += [f"ADD {iri_syntax(name)} TO {target}" for name in staging]
    return " ;\n".join(steps)


def drop_graphs(names: list[str]) -> str:
    return " ;\n".join(f"DROP SILENT GRAPH {iri_syntax(name)}" for name in names)


def push_update(
    transport: Transport,
    update_url: str,
    lines: list[str],
    graph: str | None = None,
    replace: bool = False,
    size: int = MAX_BATCH,
    progress=None,
) -> int:
    """Send the triples through staging graphs (see the module docstring); the count sent.

    On failure, the staging graphs this push made are dropped where the store still
    answers, and :class:`PushFailed` says what had been confirmed.
    """
    groups = batches(lines, size)
    prefix = staging_prefix(graph)
    staging = [f"{prefix}{number}" for number in range(1, len(groups) + 1)]
    confirmed = sent = 0
    step = "staging"
    try:
        for batch, name in zip(groups, staging):
            _send_update(transport, update_url, staged_batch(batch, name))
            confirmed += 1
            sent += len(batch)
            if progress:
                progress(sent, len(lines))
        step = "target"
        _send_update(transport, update_url, put_in_place(staging, graph, replace))
    except RemoteError as error:
        if step == "staging":
            target = "unchanged"
        else:
            target = "unknown" if isinstance(error, (Unconfirmed, DeadlinePassed)) else "incomplete"
        if confirmed == 0 and isinstance(error, NotSent):
            raise PushFailed(str(error), len(groups), 0, len(lines), 0) from None
        tidied = not isinstance(error, DeadlinePassed) and _try(
            transport, update_url, drop_graphs(staging[: confirmed + 1])
        )
        raise PushFailed(
            str(error), len(groups), confirmed, len(lines), sent, target, not tidied
        ) from None
    _try(transport, update_url, drop_graphs(staging))
    return sent


def _try(transport: Transport, update_url: str, text: str) -> bool:
    """Send an update that tidies up; False if the store did not confirm it."""
    try:
        _send_update(transport, update_url, text)
    except RemoteError:
        return False
    return True


def roll_back(transport: Transport, update_url: str, graph: str | None) -> None:
    """Remove every staging graph a push into ``graph`` left; the graph itself is untouched."""
    prefix = staging_prefix(graph)  # hexadecimal digits: nothing to escape
    _send_update(
        transport,
        update_url,
        "DELETE { GRAPH ?staging { ?s ?p ?o } } WHERE { GRAPH ?staging { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?staging), "{prefix}")) }}',
    )
