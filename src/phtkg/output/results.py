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

A result is read row by row in Python, within a :class:`Ceiling` (rows and megabytes),
so that a runaway query (a cartesian product) stops at the ceiling instead of growing
until memory runs out, and so that the thread reading it reaches Python code between
rows. The rows are kept as W3C TSV terms, which pyoxigraph reads back and writes in the
format asked for, byte for byte what it writes for the query's own results.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

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


#: The most rows (solutions or triples) a query may give, unless --max-rows says otherwise.
DEFAULT_MAX_ROWS = 1_000_000
#: The most megabytes its rows may take as text, unless --max-result-mb says otherwise
#: (the bundled graph's triples take 3 MB).
DEFAULT_MAX_RESULT_MB = 200


class FormatError(ValueError):
    """The format does not fit the kind of result (e.g. Turtle for a SELECT)."""


class WrongResultForm(ValueError):
    """An engine answered a query with another kind of result (rows for an ASK)."""


#: What each query form is answered with, as messages name it.
_ANSWERS = {"SELECT": "rows", "ASK": "true or false", "CONSTRUCT": "triples", "DESCRIBE": "triples"}


def check_form(result, form: str, who: str = "the store") -> None:
    """Raise WrongResultForm unless ``result`` is what a ``form`` query is answered with.

    An endpoint may answer with any result it likes; printing rows for an ASK (and
    exiting 0) would pass a wrong answer off as right.
    """
    import pyoxigraph

    if form not in _ANSWERS:
        return
    if isinstance(result, pyoxigraph.QuerySolutions):
        got = "SELECT"
    elif isinstance(result, (pyoxigraph.QueryBoolean, bool)):
        got = "ASK"
    else:
        got = "CONSTRUCT"
    if _ANSWERS[got] != _ANSWERS[form]:
        raise WrongResultForm(
            f"{who} answered the {form} query with {_ANSWERS[got]} ({got} results), "
            f"not {_ANSWERS[form]}"
        )


class ResultTooLarge(Exception):
    """A result went past its :class:`Ceiling`; the message names the option that raises it."""


@dataclass(frozen=True)
class Ceiling:
    """How much of a result is read: at most ``rows`` rows and ``megabytes`` of text
    (0 or None: no limit)."""

    rows: int | None = DEFAULT_MAX_ROWS
    megabytes: float | None = DEFAULT_MAX_RESULT_MB

    def counted(self, rows: Iterable, size=len) -> Iterator:
        """``rows`` one by one, or ResultTooLarge as soon as one goes past a limit."""
        most_bytes = self.megabytes * 1_000_000 if self.megabytes else None
        count = total = 0
        for row in rows:
            count += 1
            if self.rows and count > self.rows:
                raise ResultTooLarge(
                    f"the query gives more than {self.rows:,} rows "
                    "(raise --max-rows, or 0 for no limit)"
                )
            if most_bytes is not None:
                total += size(row)
                if total > most_bytes:
                    raise ResultTooLarge(
                        f"the results take more than {self.megabytes:g} MB "
                        "(raise --max-result-mb, or 0 for no limit)"
                    )
            yield row


NO_CEILING = Ceiling(None, None)


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
def tsv_term(term) -> str:
    """A term as the W3C TSV results format writes it (unbound: empty)."""
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.Triple):  # str() gives no <<( )>> around a triple term
        parts = (term.subject, term.predicate, term.object)
        return f"<<( {' '.join(tsv_term(part) for part in parts)} )>>"
    return str(term)


def _row_size(row: list[str]) -> int:
    return sum(len(cell) for cell in row) + len(row)


def write_solutions(
    solutions, fmt: str, prefixes: dict[str, str], ceiling: Ceiling = NO_CEILING
) -> bytes:
    columns = [variable.value for variable in solutions.variables]
    if fmt in ("json", "xml", "csv", "tsv"):
        import pyoxigraph

        tsv = bytearray("\t".join(f"?{column}" for column in columns).encode("utf-8") + b"\n")
        rows = ([tsv_term(solution[column]) for column in columns] for solution in solutions)
        for row in ceiling.counted(rows, _row_size):
            tsv += "\t".join(row).encode("utf-8") + b"\n"
        copy = pyoxigraph.parse_query_results(tsv, format=pyoxigraph.QueryResultsFormat.TSV)
        data = copy.serialize(format=_results_format(fmt))
        return _with_newline(data) if fmt in ("json", "xml") else data
    if fmt in ("table", "md"):
        rows = (
            [display_term(solution[column], prefixes) for column in columns]
            for solution in solutions
        )
        return _people(columns, list(ceiling.counted(rows, _row_size)), fmt)
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


def write_triples(
    triples, fmt: str, prefixes: dict[str, str], ceiling: Ceiling = NO_CEILING
) -> bytes:
    import pyoxigraph

    triples = list(ceiling.counted(triples, lambda triple: len(str(triple))))
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


def write_result(
    result, fmt: str, prefixes: dict[str, str], ceiling: Ceiling = NO_CEILING
) -> bytes:
    """Serialize any query result (solutions, boolean or triples) in ``fmt``, or raise
    ResultTooLarge when it goes past ``ceiling``."""
    import pyoxigraph

    if isinstance(result, pyoxigraph.QuerySolutions):
        return write_solutions(result, fmt, prefixes, ceiling)
    if isinstance(result, (pyoxigraph.QueryBoolean, bool)):
        return write_boolean(result, fmt)
    return write_triples(result, fmt, prefixes, ceiling)
