"""Upload the graph to a triple store, so the bundled queries can run there.

Two ways in, because stores differ in what they offer: the SPARQL 1.1 Graph Store HTTP
Protocol (one PUT or POST of the whole graph: fast, and what Oxigraph, Virtuoso, Fuseki
and GraphDB serve) and SPARQL 1.1 Update (``INSERT DATA`` requests, for stores that only
take updates). Update requests carry no more triples than every known store takes (1,000;
see :mod:`phtkg.store.dialects`), and the triples that share a blank node always travel
in the same request: blank node labels only mean something inside one request, so
splitting an OWL restriction across two would break it.
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from pathlib import Path

from . import syntaxes
from .dialects import ENDPOINT
from .http import USER_AGENT, Transport
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


def push_graph_store(
    transport: Transport,
    store_url: str,
    lines: list[str],
    graph: str | None = None,
    replace: bool = False,
) -> int:
    """PUT (``replace``) or POST the triples to the Graph Store endpoint; the count sent."""
    body = ("\n".join(lines) + "\n").encode("utf-8")
    request = urllib.request.Request(
        graph_store_url(store_url, graph),
        data=body,
        method="PUT" if replace else "POST",
        headers={"Content-Type": NTRIPLES.media_type, "User-Agent": USER_AGENT},
    )
    transport.send(request)
    return len(lines)


def _update_request(update_url: str, text: str) -> urllib.request.Request:
    return urllib.request.Request(
        update_url,
        data=urllib.parse.urlencode({"update": text}).encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "User-Agent": USER_AGENT},
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


def push_update(
    transport: Transport,
    update_url: str,
    lines: list[str],
    graph: str | None = None,
    replace: bool = False,
    size: int = MAX_BATCH,
    progress=None,
) -> int:
    """Send the triples in update requests of at most ``size`` triples; the count sent."""
    if replace:
        clear = f"DROP SILENT GRAPH {iri_syntax(graph)}" if graph else "CLEAR SILENT DEFAULT"
        transport.send(_update_request(update_url, clear))
    sent = 0
    for batch in batches(lines, size):
        transport.send(_update_request(update_url, insert_data(batch, graph)))
        sent += len(batch)
        if progress:
            progress(sent, len(lines))
    return sent
