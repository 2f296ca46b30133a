"""Write SPARQL results: the W3C result formats exactly, plus tables for people.

SELECT and ASK results (solutions, a boolean):

* ``json``, ``xml``, ``csv``, ``tsv``: the W3C SPARQL 1.1 Query Results JSON, XML, CSV
  and TSV formats, written by pyoxigraph's own serializers so that they are exact
  (CSV rows end in CRLF as the CSV format says). JSON and XML get a final newline.
  The CSV and TSV formats define no boolean; for ASK both print one line, ``true``
  or ``false``, with no header.
* ``table`` (aligned columns) and ``md`` (a Markdown table) are for reading: IRIs are
  shortened to CURIEs with the project's prefixes and the query's own, literals show
  their text, blank nodes ``_:id``, unbound cells are empty.

CONSTRUCT and DESCRIBE results (triples): ``turtle`` (with prefixes), ``nt``
(N-Triples), ``xml`` (RDF/XML) and ``json-ld``, all written by pyoxigraph; ``json``
means JSON-LD for triples, and ``table``, ``md``, ``csv`` and ``tsv`` give one
subject / predicate / object row per triple.
"""

from __future__ import annotations

import csv
import io

from phtkg import namespaces
from phtkg.output.text import aligned_table, markdown_table
from phtkg.store import syntaxes

SOLUTION_FORMATS = ("table", "json", "xml", "csv", "tsv", "md")
#: The RDF syntaxes of CONSTRUCT and DESCRIBE results (``json`` also means JSON-LD there).
GRAPH_FORMATS = syntaxes.names(syntaxes.RESULTS)
#: The formats only triples can be written in, refused for SELECT and ASK.
GRAPH_ONLY = tuple(fmt for fmt in GRAPH_FORMATS if fmt not in SOLUTION_FORMATS)
FORMATS = ("table", "md", "json", "xml", "csv", "tsv", *GRAPH_ONLY)
XSD = namespaces.XSD


class FormatError(ValueError):
    """The format does not fit the kind of result (e.g. Turtle for a SELECT)."""


def _results_format(fmt: str):
    import pyoxigraph

    return {
        "json": pyoxigraph.QueryResultsFormat.JSON,
        "xml": pyoxigraph.QueryResultsFormat.XML,
        "csv": pyoxigraph.QueryResultsFormat.CSV,
        "tsv": pyoxigraph.QueryResultsFormat.TSV,
    }[fmt]


def _with_newline(data: bytes) -> bytes:
    return data if data.endswith(b"\n") else data + b"\n"


# ---- terms as text for people ----------------------------------------------------------
def display_term(term, prefixes: dict[str, str]) -> str:
    """A short, readable form of an RDF term (``None`` for unbound is empty)."""
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        return _compact(term.value, prefixes)
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.Literal):
        return term.value
    return str(term)


def _compact(iri: str, prefixes: dict[str, str]) -> str:
    best = iri
    for prefix, namespace in prefixes.items():
        if namespace and iri.startswith(namespace):
            local = iri[len(namespace) :]
            if local and "/" not in local and "#" not in local and " " not in local:
                candidate = f"{prefix}:{local}"
                if len(candidate) < len(best):
                    best = candidate
    return best


def known_prefixes(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The project's prefixes, then those the query declares (which win)."""
    return {**namespaces.PREFIXES, **namespaces.XREF_PREFIXES, **(extra or {})}


def text_table(columns: list[str], rows: list[list[str]]) -> str:
    """Aligned columns under a header and a rule; line breaks in cells become spaces."""
    return aligned_table(columns, [[" ".join(cell.split()) for cell in row] for row in rows])


def _people(columns: list[str], rows: list[list[str]], fmt: str) -> bytes:
    writer = markdown_table if fmt == "md" else text_table
    return writer(columns, rows).encode("utf-8")


# ---- SELECT / ASK ------------------------------------------------------------------------
def write_solutions(solutions, fmt: str, prefixes: dict[str, str]) -> bytes:
    if fmt in ("json", "xml"):
        return _with_newline(solutions.serialize(format=_results_format(fmt)))
    if fmt in ("csv", "tsv"):
        return solutions.serialize(format=_results_format(fmt))
    if fmt in ("table", "md"):
        columns = [variable.value for variable in solutions.variables]
        rows = [
            [display_term(solution[column], prefixes) for column in columns]
            for solution in solutions
        ]
        return _people(columns, rows, fmt)
    raise FormatError(
        f"--format {fmt} is for CONSTRUCT and DESCRIBE results; "
        f"use one of {', '.join(SOLUTION_FORMATS)} for SELECT"
    )


def write_boolean(answer, fmt: str) -> bytes:
    """An ASK answer; ``answer`` is a pyoxigraph ``QueryBoolean`` or a plain bool."""
    text = "true" if bool(answer) else "false"
    if fmt in ("json", "xml"):
        if hasattr(answer, "serialize"):
            return _with_newline(answer.serialize(format=_results_format(fmt)))
        if fmt == "json":
            return f'{{"head":{{}},"boolean":{text}}}\n'.encode()
        return (
            '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head></head><boolean>{text}</boolean></sparql>\n"
        ).encode()
    if fmt == "csv":
        return f"{text}\r\n".encode()
    if fmt in ("tsv", "table", "md"):
        return f"{text}\n".encode()
    raise FormatError(
        f"--format {fmt} is for CONSTRUCT and DESCRIBE results; "
        f"use one of {', '.join(SOLUTION_FORMATS)} for ASK"
    )


# ---- CONSTRUCT / DESCRIBE ----------------------------------------------------------------
def _used_prefixes(triples, prefixes: dict[str, str]) -> dict[str, str]:
    import pyoxigraph

    iris = {
        term.value
        for triple in triples
        for term in (triple.subject, triple.predicate, triple.object)
        if isinstance(term, pyoxigraph.NamedNode)
    }
    iris |= {
        triple.object.datatype.value
        for triple in triples
        if isinstance(triple.object, pyoxigraph.Literal)
        and triple.object.datatype
        and not triple.object.language
        and triple.object.datatype.value != XSD + "string"
    }
    return {
        prefix: namespace
        for prefix, namespace in prefixes.items()
        if namespace
        and any(
            iri.startswith(namespace) and _compact(iri, {prefix: namespace}) != iri for iri in iris
        )
    }


def write_triples(triples, fmt: str, prefixes: dict[str, str]) -> bytes:
    import pyoxigraph

    triples = list(triples)
    if fmt in ("table", "md"):
        rows = [
            [
                display_term(t.subject, prefixes),
                display_term(t.predicate, prefixes),
                display_term(t.object, prefixes),
            ]
            for t in triples
        ]
        return _people(["subject", "predicate", "object"], rows, fmt)
    if fmt in ("csv", "tsv"):
        return _triple_rows(triples, fmt)
    syntax = syntaxes.named(fmt, syntaxes.RESULTS)
    if syntax is None:
        raise FormatError(f"unknown format {fmt!r}")
    if syntax.name == "turtle":  # Turtle results declare the prefixes they use
        return pyoxigraph.serialize(
            triples, format=syntax.oxigraph_format(), prefixes=_used_prefixes(triples, prefixes)
        )
    return pyoxigraph.serialize(triples, format=syntax.oxigraph_format())


def _triple_rows(triples, fmt: str) -> bytes:
    """Triples as subject/predicate/object rows: CSV with bare values, TSV with N-Triples terms."""
    import pyoxigraph

    if fmt == "tsv":
        lines = ["?subject\t?predicate\t?object"]
        lines += [
            "\t".join(str(term) for term in (t.subject, t.predicate, t.object)) for t in triples
        ]
        return ("\n".join(lines) + "\n").encode("utf-8")

    def bare(term) -> str:
        return f"_:{term.value}" if isinstance(term, pyoxigraph.BlankNode) else term.value

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["subject", "predicate", "object"])
    for t in triples:
        writer.writerow([bare(t.subject), bare(t.predicate), bare(t.object)])
    return buffer.getvalue().encode("utf-8")


def write_result(result, fmt: str, prefixes: dict[str, str]) -> bytes:
    """Serialize any query result (solutions, boolean or triples) in ``fmt``."""
    import pyoxigraph

    if isinstance(result, pyoxigraph.QuerySolutions):
        return write_solutions(result, fmt, prefixes)
    if isinstance(result, (pyoxigraph.QueryBoolean, bool)):
        return write_boolean(result, fmt)
    return write_triples(result, fmt, prefixes)
