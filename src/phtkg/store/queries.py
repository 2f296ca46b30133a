"""Named SPARQL queries: read them from ``queries/*.rq`` and run them with bound values.

Each query file starts with a header of ``# key: value`` comment lines (title,
description, parameters, example). Parameters are variables left unbound in the
query text and projected by its SELECT; at run time they are substituted with RDF
terms, so user text is only ever data and never becomes part of the query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from phtkg import resources
from phtkg.sparql import lexer

from .dialects import dialect_of

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {
    XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
    )
}
_FLOAT_TYPES = {XSD + "decimal", XSD + "double", XSD + "float"}
_HEADER_LINE = re.compile(r"^#\s*([A-Za-z][\w-]*)\s*:\s*(.*)$")
_PARAMETER = re.compile(r"\?(\w+)\s*\((IRI|literal)\)\s*([^?]*)")


class QueryError(Exception):
    """A named query is missing, malformed, not read-only or given the wrong parameters."""


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # "IRI" or "literal"
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    example: str = ""
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)

    @property
    def parameter_names(self) -> list[str]:
        return [parameter.name for parameter in self.parameters]


def parse_header(text: str) -> dict[str, str]:
    """Read the leading ``# key: value`` comment block; indented ``#`` lines continue a value."""
    header: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER_LINE.match(line)
        if match:
            key = match.group(1).lower()
            header[key] = match.group(2).strip()
        elif key and line[1:].strip():
            header[key] = f"{header[key]} {line[1:].strip()}".strip()
    return header


def parse_parameters(spec: str) -> tuple[Parameter, ...]:
    """Parse ``?name (IRI) what it is; ?other (literal) …`` into parameters."""
    if spec.strip().lower() in ("", "none"):
        return ()
    return tuple(
        Parameter(name, kind, description.strip(" ;,."))
        for name, kind, description in _PARAMETER.findall(spec)
    )


def parse_query(name: str, text: str, path: Path) -> NamedQuery:
    if lexer.query_form(lexer.iter_tokens(text)) not in lexer.QUERY_FORMS:
        raise QueryError(
            f"query {name!r} is not a read-only query (SELECT, ASK, CONSTRUCT, DESCRIBE)"
        )
    header = parse_header(text)
    return NamedQuery(
        name=name,
        path=path,
        text=text,
        title=header.get("title", ""),
        description=header.get("description", ""),
        example=header.get("example", ""),
        parameters=parse_parameters(header.get("parameters", "")),
    )


def query_names(folder: Path | None = None) -> list[str]:
    """The names of the bundled queries (file names without ``.rq``)."""
    folder = folder or resources.queries_dir()
    return sorted(path.stem for path in folder.glob("*.rq"))


@cache
def _load(path: str) -> NamedQuery:
    file = Path(path)
    return parse_query(file.stem, file.read_text(encoding="utf-8"), file)


def load_query(name: str, folder: Path | None = None) -> NamedQuery:
    """Read and parse the named query ``name`` (``queries/<name>.rq``)."""
    path = (folder or resources.queries_dir()) / f"{name}.rq"
    if not re.fullmatch(r"[\w-]+", name) or not path.is_file():
        raise QueryError(f"no named query {name!r}")
    return _load(str(path))


def to_term(value, kind: str):
    """Turn a Python value into the pyoxigraph term a parameter of ``kind`` expects."""
    import pyoxigraph

    if isinstance(value, (pyoxigraph.NamedNode, pyoxigraph.Literal, pyoxigraph.BlankNode)):
        return value
    if kind == "IRI":
        try:
            return pyoxigraph.NamedNode(str(value))
        except ValueError as error:
            raise QueryError(f"not a valid IRI: {value!r}") from error
    return pyoxigraph.Literal(str(value))


def to_python(term):
    """Turn a pyoxigraph term into a plain Python value (IRIs become strings)."""
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return term.value
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.Literal):
        datatype = term.datatype.value if term.datatype is not None else ""
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        if datatype in _INTEGER_TYPES:
            try:
                return int(term.value)
            except ValueError:
                return term.value
        if datatype in _FLOAT_TYPES:
            from decimal import Decimal, InvalidOperation  # rare: not paid for by every lookup

            try:
                number = Decimal(term.value)
            except InvalidOperation:
                return term.value
            return int(number) if number == number.to_integral_value() else float(number)
        return term.value
    return str(term)


def _substitutions(query: NamedQuery, values: dict) -> dict:
    import pyoxigraph

    expected = set(query.parameter_names)
    unknown = sorted(set(values) - expected)
    missing = sorted(expected - set(values))
    if unknown or missing:
        problems = ([f"unknown parameter(s) {', '.join(unknown)}"] if unknown else []) + (
            [f"missing parameter(s) {', '.join(missing)}"] if missing else []
        )
        raise QueryError(f"query {query.name!r}: {'; '.join(problems)}")
    kinds = {parameter.name: parameter.kind for parameter in query.parameters}
    return {
        pyoxigraph.Variable(name): to_term(value, kinds[name]) for name, value in values.items()
    }


def _execute(store, query: NamedQuery, values: dict):
    """Run ``query`` on a pyoxigraph store or any :class:`phtkg.store.engine.Engine`."""
    from .engine import as_engine

    try:
        return as_engine(store).query(
            query.text, substitutions=_substitutions(query, values) or None
        )
    except SyntaxError as error:
        raise QueryError(f"query {query.name!r} is not valid SPARQL: {error}") from error


def form_for(name: str, store) -> str:
    """The form of bundled query ``name`` to send to ``store``: its portable twin to a store
    that needs one (:mod:`phtkg.store.dialects`)."""
    return dialect_of(store).form_of(name)


def run_query(name: str, store, *, as_written: bool = False, **values) -> list[dict]:
    """Run the named SELECT query on ``store`` with parameters bound; rows as dicts.

    Parameter variables are left out of the rows: they only echo the input. A SPARQL
    endpoint is sent the query's portable twin where it has one, unless ``as_written``.
    """
    import pyoxigraph

    solutions = _execute(store, load_query(name if as_written else form_for(name, store)), values)
    if not isinstance(solutions, pyoxigraph.QuerySolutions):
        raise QueryError(f"query {name!r} is not a SELECT query")
    return _rows(solutions, leave_out=values)


def run_query_unbound(name: str, store) -> list[dict]:
    """Run the named SELECT query with its parameters left unbound: one run answers for
    every value, and each parameter comes back as a column of the rows."""
    from .engine import as_engine

    try:
        return _rows(as_engine(store).query(load_query(form_for(name, store)).text))
    except SyntaxError as error:
        raise QueryError(f"query {name!r} is not valid SPARQL: {error}") from error


def _rows(solutions, leave_out=()) -> list[dict]:
    columns = [
        variable.value for variable in solutions.variables if variable.value not in leave_out
    ]
    return [{column: to_python(solution[column]) for column in columns} for solution in solutions]
