"""The RDF syntaxes phtkg reads and writes, each described once.

A syntax has the name the command line knows it by (``--format``, ``--data-format``),
other names it answers to, its media types (the first is the one phtkg sends and states),
the file suffixes it is known by, and the name each library gives it: pyoxigraph's
``RdfFormat`` reads ``--data`` files, ontology files and an endpoint's answers and writes
query results; rdflib (or owlready2, for OWL/XML) reads the files ``reason`` and
``validate`` are given (:mod:`phtkg.store.safe_rdf`). Every ``--format`` list of RDF
syntaxes is read from here, in the order of :data:`SYNTAXES`.

A syntax that ``phtkg export`` writes names its writer, a function of
:mod:`phtkg.export.rdf_writers` that the export looks up by that name when it runs. This
is how rdflib's ``plugin.register`` names a serializer by module and class: the table,
low in the package, describes the writer without importing the export wing. Adding an
export syntax is one entry here with ``writer`` set, and that function.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Syntax:
    """One RDF syntax and the names it goes by."""

    name: str
    label: str  # how messages and help name it
    media_types: tuple[str, ...]
    suffixes: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    gloss: str = ""  # what help adds after a name that does not say which syntax it is
    oxigraph: str | None = None  # the pyoxigraph.RdfFormat member
    rdflib: str | None = None  # the rdflib parser that reads the files of reason and validate
    owlready: str | None = None  # the owlready2 parser, for a syntax rdflib cannot read
    quads: bool = False  # read and written as a dataset, named graphs and all
    line_based: bool = False  # one statement per line: a parse error is found line by line
    results: bool = False  # offered for CONSTRUCT and DESCRIBE results
    writer: str | None = None  # its function in phtkg.export.rdf_writers

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    @property
    def container(self) -> str:
        """``xml`` or ``json`` for a syntax written in XML or JSON (the ``+xml`` or
        ``+json`` of its media type), else ``""``."""
        structure = self.media_type.rpartition("+")[2]
        return structure if structure in ("xml", "json") else ""

    def oxigraph_format(self):
        """The ``pyoxigraph.RdfFormat`` of this syntax (pyoxigraph is imported here)."""
        import pyoxigraph

        if self.oxigraph is None:
            raise ValueError(f"pyoxigraph does not read {self.label}")
        return getattr(pyoxigraph.RdfFormat, self.oxigraph)


SYNTAXES = (
    Syntax(
        "turtle",
        "Turtle",
        media_types=("text/turtle", "application/x-turtle"),
        suffixes=(".ttl", ".turtle"),
        aliases=("ttl",),
        oxigraph="TURTLE",
        rdflib="turtle",
        results=True,
        writer="turtle",
    ),
    Syntax(
        "xml",
        "RDF/XML",
        media_types=("application/rdf+xml", "application/xml"),
        suffixes=(".rdf", ".owl", ".xml"),
        aliases=("rdfxml", "rdf/xml", "rdf", "owl"),
        gloss="RDF/XML",
        oxigraph="RDF_XML",
        rdflib="xml",
        results=True,
        writer="rdfxml",
    ),
    Syntax(
        "nt",
        "N-Triples",
        media_types=("application/n-triples", "text/plain"),
        suffixes=(".nt", ".ntriples"),
        aliases=("ntriples", "n-triples"),
        oxigraph="N_TRIPLES",
        rdflib="nt",
        line_based=True,
        results=True,
        writer="ntriples",
    ),
    Syntax(
        "nquads",
        "N-Quads",
        media_types=("application/n-quads",),
        suffixes=(".nq", ".nquads"),
        aliases=("nq", "n-quads"),
        oxigraph="N_QUADS",
        rdflib="nquads",
        quads=True,
        line_based=True,
        writer="nquads",
    ),
    Syntax(
        "trig",
        "TriG",
        media_types=("application/trig",),
        suffixes=(".trig",),
        oxigraph="TRIG",
        rdflib="trig",
        quads=True,
        writer="trig",
    ),
    Syntax(
        "json-ld",
        "JSON-LD",
        media_types=("application/ld+json", "application/json"),
        suffixes=(".jsonld", ".json"),
        aliases=("jsonld", "json"),
        oxigraph="JSON_LD",
        rdflib="json-ld",
        results=True,
        writer="jsonld",
    ),
    Syntax("n3", "N3", media_types=("text/n3",), suffixes=(".n3",), oxigraph="N3"),
    Syntax(
        "owlxml",
        "OWL/XML",
        media_types=("application/owl+xml",),
        suffixes=(".owx",),
        aliases=("owx", "owl/xml"),
        owlready="owlxml",
    ),
)

#: What pyoxigraph reads: ``--data`` and ``--named`` files, ontology files, answers.
OXIGRAPH_READS = tuple(syntax for syntax in SYNTAXES if syntax.oxigraph)
#: What :mod:`phtkg.store.safe_rdf` reads for ``reason`` and ``validate``.
SAFE_READS = tuple(syntax for syntax in SYNTAXES if syntax.rdflib or syntax.owlready)
#: What ``phtkg query`` writes CONSTRUCT and DESCRIBE results in.
RESULTS = tuple(syntax for syntax in SYNTAXES if syntax.results)
#: What ``phtkg export`` writes.
EXPORTED = tuple(syntax for syntax in SYNTAXES if syntax.writer)


def names(syntaxes: tuple[Syntax, ...]) -> tuple[str, ...]:
    """The command-line names of ``syntaxes``, e.g. for a ``click.Choice``."""
    return tuple(syntax.name for syntax in syntaxes)


def named(name: str, among: tuple[Syntax, ...] = SYNTAXES) -> Syntax | None:
    """The syntax called ``name`` (or one of its aliases), or None."""
    key = name.lower()
    return next((s for s in among if key == s.name or key in s.aliases), None)


def by_suffix(suffix: str, among: tuple[Syntax, ...] = SYNTAXES) -> Syntax | None:
    """The syntax a file suffix such as ``.ttl`` stands for, or None."""
    key = suffix.lower()
    return next((s for s in among if key in s.suffixes), None)


def by_media_type(media_type: str, among: tuple[Syntax, ...] = OXIGRAPH_READS) -> Syntax | None:
    """The syntax a ``Content-Type`` names, parameters ignored, or None.

    Stores label a syntax in more ways than these entries list (``text/x-turtle``,
    ``application/ntriples``), so a type none of them lists is looked up among the
    aliases pyoxigraph knows.
    """
    media = media_type.split(";")[0].strip().lower()
    if not media:
        return None
    found = next((s for s in among if media in s.media_types), None)
    if found is not None:
        return found
    import pyoxigraph

    known = pyoxigraph.RdfFormat.from_media_type(media)
    return next((s for s in among if s.oxigraph and s.oxigraph_format() == known), None)


def oxigraph_format_for(path: Path | str):
    """The ``pyoxigraph.RdfFormat`` to read the file at ``path`` with: the one its
    suffix names, else Turtle (the syntax the project's own files are in)."""
    syntax = by_suffix(Path(path).suffix, OXIGRAPH_READS) or named("turtle")
    return syntax.oxigraph_format()


def accept_header(*wanted: tuple[str, float]) -> str:
    """An ``Accept`` header for ``(name, q)`` pairs, most wanted first (q 1 is left out)."""
    return ", ".join(
        named(name).media_type + ("" if quality == 1 else f";q={quality:g}")
        for name, quality in wanted
    )


def help_list(syntaxes: tuple[Syntax, ...]) -> str:
    """``turtle, xml (RDF/XML), nt, …``: the names for a help text, glossed where needed."""
    return ", ".join(s.name + (f" ({s.gloss})" if s.gloss else "") for s in syntaxes)
