"""Load the user's RDF files into an in-memory store to query them.

``--data`` files go into the default graph, which is then the union of their triples
(blank nodes stay distinct between files); a quads file (N-Quads, TriG) keeps its named
graphs. ``--named`` files become named graphs whose name is the file's ``file:`` URI,
the name SPARQL's ``FROM NAMED`` and the W3C tests give such a file. Relative IRIs in a
file resolve against the file's own location.

Every problem is one :class:`DataError` line naming the file, and for a syntax error
the line and column and what is wrong. Files are read by
:func:`phtkg.store.safe_rdf.read_input`, which refuses FIFOs, devices, oversize files
and XML entity bombs before the parser sees them.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

from . import syntaxes

#: ``--data-format`` names: the syntaxes pyoxigraph reads (without it, a file's suffix tells).
FORMAT_NAMES = syntaxes.names(syntaxes.OXIGRAPH_READS)
_POSITION = re.compile(
    r"^(?:Parser error )?(?:at|on|between) line (\d+)(?: column (\d+))?"
    r"(?: and line \d+(?: column \d+)?)?:?\s*",
    re.I,
)


class DataError(Exception):
    """A data file is missing, unreadable, of unknown format or malformed."""


def file_uri(path: Path | str) -> str:
    """The ``file:`` URI of ``path`` (absolute, symlinks resolved)."""
    return Path(path).resolve().as_uri()


def uri_to_path(uri: str) -> Path | None:
    """The local path of a ``file:`` URI, or None for any other IRI."""
    from urllib.request import url2pathname

    parts = urllib.parse.urlparse(uri)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    return Path(url2pathname(parts.path))


def format_name(path: Path, given: str | None = None) -> str:
    """The format of ``path``: ``given`` if set, else guessed from the extension."""
    if given:
        return given
    syntax = syntaxes.by_suffix(path.suffix, syntaxes.OXIGRAPH_READS)
    if syntax is None:
        raise DataError(
            f"{path}: cannot tell the RDF format from the extension "
            f"{path.suffix or '(none)'!r}; give --data-format "
            f"({', '.join(FORMAT_NAMES)})"
        )
    return syntax.name


def describe_problem(path: Path, error: Exception) -> str:
    """``file: line L, column C: problem`` on one line."""
    message = " ".join(str(error).split())
    line = getattr(error, "lineno", None)
    column = getattr(error, "offset", None)
    match = _POSITION.match(message)
    if match:
        line = line or int(match.group(1))
        column = column or (int(match.group(2)) if match.group(2) else None)
        message = message[match.end() :]
    message = re.sub(r"\s*\(line \d+\)$", "", message) or "malformed"
    where = (
        f"line {line}, column {column}: " if line and column else (f"line {line}: " if line else "")
    )
    return f"{path}: {where}{message}"


def load_file(store, path: Path | str, fmt: str | None = None, graph: str | None = None) -> None:
    """Add the RDF file at ``path`` to ``store``.

    ``graph`` (an IRI) receives the triples of the file's default graph; without it
    they go to the store's default graph. Named graphs of a quads file are kept.
    """
    import pyoxigraph

    from .safe_rdf import RdfFileError, read_input

    path = Path(path)
    if not path.exists():
        raise DataError(f"no such data file: {path}")
    # A FIFO, device or folder is refused by read_input before its format matters.
    syntax = syntaxes.named(format_name(path, fmt)) if path.is_file() else None
    try:
        data = read_input(path, syntax)
    except RdfFileError as error:
        raise DataError(str(error)) from None
    target = pyoxigraph.NamedNode(graph) if graph else pyoxigraph.DefaultGraph()
    try:
        store.load(data, format=syntax.oxigraph_format(), base_iri=file_uri(path), to_graph=target)
    except SyntaxError as error:
        raise DataError(describe_problem(path, error)) from error
    except (OSError, ValueError) as error:
        raise DataError(f"cannot read {path}: {' '.join(str(error).split())}") from error


def build_store(data: list[Path] = (), named: list[Path] = (), fmt: str | None = None):
    """A new store with ``data`` in the default graph and ``named`` as named graphs."""
    import pyoxigraph

    store = pyoxigraph.Store()
    for path in data:
        load_file(store, path, fmt)
    for path in named:
        load_file(store, path, fmt, graph=file_uri(path))
    return store


def has_graph(store, iri: str) -> bool:
    import pyoxigraph

    return store.contains_named_graph(pyoxigraph.NamedNode(iri))


def load_dataset_files(store, iris: list[str], fmt: str | None = None) -> list[str]:
    """Load each local ``file:`` IRI of a FROM / FROM NAMED clause as the graph so named.

    Other IRIs are left alone (nothing is fetched from the network); a graph that is
    already in the store (e.g. given with ``--named``) is not loaded twice. Returns the
    IRIs that were loaded.
    """
    loaded = []
    for iri in iris:
        path = uri_to_path(iri)
        if path is None or has_graph(store, iri) or iri in loaded:
            continue
        if not path.exists():
            raise DataError(f"the query reads <{iri}> (FROM), but there is no such file: {path}")
        load_file(store, path, fmt, graph=iri)
        loaded.append(iri)
    return loaded
