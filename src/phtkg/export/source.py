"""Read the graph to export: the bundled ontology, or the file given with ``--ontology``.

pyoxigraph parses the file (in well under a second, where rdflib's Turtle parser takes
seconds) and the statements become rdflib terms, which the writers and the table exports
walk. A quad format is read as one graph: the export is of one graph. A literal typed
``xsd:string`` becomes rdflib's plain literal, the same RDF 1.1 term; every other literal
keeps its exact lexical form.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Literal, URIRef

from phtkg.store import syntaxes

from .. import resources

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class SourceError(Exception):
    """The graph cannot be read; the message is one line."""


def to_rdflib(term, _iris: dict = {}):  # noqa: B006 - a deliberate cache of IRIs
    """The rdflib term for a pyoxigraph term."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        iri = _iris.get(term.value)
        if iri is None:
            iri = _iris[term.value] = URIRef(term.value)
        return iri
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)


def read_triples(path: Path | str | None = None) -> tuple[set, dict[str, str]]:
    """(the file's statements as rdflib triples, the prefixes it declares)."""
    import pyoxigraph

    from phtkg.store.safe_rdf import RdfFileError, read_input

    limited = path is not None  # the bundled ontology is no user input
    path = Path(path) if path is not None else resources.ontology_turtle()
    syntax = syntaxes.by_suffix(path.suffix, syntaxes.OXIGRAPH_READS) or syntaxes.named("turtle")
    try:
        data = read_input(path, syntax, limited=limited)
        parser = pyoxigraph.parse(data, format=syntax.oxigraph_format())
        triples = {
            (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)) for q in parser
        }
        prefixes = dict(getattr(parser, "prefixes", {}) or {})
    except RdfFileError as error:  # refused before parsing; names the file
        raise SourceError(f"cannot read the ontology: {error}") from None
    except (OSError, SyntaxError, ValueError) as error:
        text = " ".join(str(error).split()) or type(error).__name__
        raise SourceError(f"cannot read the ontology {str(path)!r}: {text[:300]}") from None
    return triples, prefixes
