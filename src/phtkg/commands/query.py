"""``phtkg query``: run a bundled named query, a ``.rq`` file or inline SPARQL.

The command reads the query, checks it is safe (read-only, no SERVICE unless allowed),
binds ``--param`` values as RDF terms, chooses the data (the embedded graph, the
``--endpoint`` of the group, or the user's files), runs the query with a time limit
and writes the results in a W3C format or as a table. Everything that can go wrong
ends in one line on stderr: exit 2 for bad input, a refused, failed or timed-out
query; a query that returns no rows still exits 0, as SPARQL tools do, because an
empty result is an answer.

Only click and light modules are imported here at load time; pyoxigraph is loaded
when a query runs and rdflib only when a query mentions SERVICE.
"""

from __future__ import annotations

import os
import re
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import click

from phtkg import namespaces
from phtkg.commands.context import AppContext, pass_app
from phtkg.commands.errors import fail
from phtkg.commands.options import OutputPath
from phtkg.files import STDOUT, write_atomically, write_stdout
from phtkg.output.results import (
    DEFAULT_MAX_RESULT_MB,
    DEFAULT_MAX_ROWS,
    FORMATS,
    GRAPH_ONLY,
    Ceiling,
    FormatError,
    ResultTooLarge,
    WrongResultForm,
    known_prefixes,
)
from phtkg.sparql import lexer as sparql_lexer
from phtkg.sparql import safety
from phtkg.sparql.params import ParamError, parse_param
from phtkg.store.datasets import FORMAT_NAMES, DataError
from phtkg.timeouts import QueryTimeout, call_with_timeout, exit_now

_SYNTAX_POSITION = re.compile(r"^error at (\d+):(\d+):?\s*")
_NOT_PROJECTED = re.compile(r"does not contains? variable \?(\w+) in its SELECT projection")
_EXAMPLE_BINDING = re.compile(
    r"\?(\w+)\s*=\s*(<[^>]*>|\"(?:[^\"\\]|\\.)*\"(?:@[A-Za-z-]+|\^\^[^,\s]+)?|[^,\s]+)"
)


@dataclass
class QuerySource:
    """The query to run and where it came from."""

    text: str
    label: str  # how messages name it: a file, a query name, "-e"
    base_iri: str  # relative IRIs and FROM resolve against this
    named: object = None  # the NamedQuery for a bundled query
    tokens: list = field(default_factory=list)


# ---- finding the query -----------------------------------------------------------------
def _read_text(path: Path) -> str:
    """A query file's text, held to the input limit (--max-input-mb) as RDF files are."""
    from phtkg.store.safe_rdf import RdfFileError, max_input_bytes, read_regular_file

    try:
        return read_regular_file(path, max_input_bytes()).decode("utf-8")
    except UnicodeDecodeError:
        fail(f"the query file {str(path)!r} is not UTF-8 text")
    except RdfFileError as error:
        fail(f"cannot read the query file: {error}")


def _read_stdin() -> str:
    """The query on stdin, held to the input limit: a stream that never ends is refused."""
    from phtkg.store.safe_rdf import max_input_bytes

    limit = max_input_bytes()
    data = sys.stdin.buffer.read(limit + 1 if limit is not None else -1)
    if limit is not None and len(data) > limit:
        fail(
            f"the query on stdin is larger than the input limit of {limit / 1e6:g} MB",
            2,
            "raise it with 'phtkg --max-input-mb N query ...'",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        fail("the query on stdin is not UTF-8 text")


def _looks_like_path(query: str) -> bool:
    return query.endswith(".rq") or query.endswith(".sparql") or "/" in query or os.sep in query


def find_query(query: str | None, inline: str | None) -> QuerySource:
    """The query named by the QUERY argument (a bundled name or a file) or by ``-e``."""
    from phtkg.store.queries import QueryError, load_query, query_names

    if query and inline is not None:
        fail("give either QUERY or -e TEXT, not both", 2, "see 'phtkg query --help'")
    if inline is not None:
        return QuerySource(inline, "the -e query", Path.cwd().as_uri() + "/")
    if not query:
        fail(
            "give a bundled query name, a .rq file or -e TEXT",
            2,
            "see 'phtkg query --list' and 'phtkg query --help'",
        )
    if query == "-":
        return QuerySource(_read_stdin(), "the query on stdin", Path.cwd().as_uri() + "/")
    path = Path(query)
    if path.is_file():
        return QuerySource(_read_text(path), str(path), path.resolve().as_uri())
    if path.exists():
        fail(f"the query {query!r} is not a file")
    names = query_names()
    if query in names:
        try:
            named = load_query(query)
        except QueryError as error:
            fail(str(error))
        return QuerySource(named.text, f"query {query!r}", named.path.resolve().as_uri(), named)
    if _looks_like_path(query):
        fail(f"no such query file: {query}")
    import difflib

    close = difflib.get_close_matches(query, names, n=3, cutoff=0.6)
    hint = (f"did you mean {', '.join(close)}? " if close else "") + "see 'phtkg query --list'"
    fail(f"no bundled query {query!r} and no file of that name", 2, hint)


# ---- parameters --------------------------------------------------------------------------
def bind_params(source: QuerySource, params: tuple[str, ...], prefixes: dict[str, str]) -> dict:
    """Variable -> term for every ``--param``, checked against the query."""
    import pyoxigraph

    values: dict[str, object] = {}
    for spec in params:
        try:
            name, term = parse_param(spec, prefixes)
        except ParamError as error:
            fail(str(error), 2, "see 'phtkg query --help'")
        if name in values:
            fail(f"--param {name} is given twice")
        values[name] = term
    if source.named is not None:
        _check_declared(source.named, values)
    else:
        mentioned = sparql_lexer.variables(source.tokens)
        for name in values:
            if name not in mentioned:
                fail(f"--param {name}: {source.label} has no variable ?{name}")
    return {pyoxigraph.Variable(name): term for name, term in values.items()}


def _check_declared(named, values: dict) -> None:
    import pyoxigraph

    declared = {parameter.name: parameter for parameter in named.parameters}
    for name, term in values.items():
        if name not in declared:
            expected = ", ".join(declared) or "none"
            fail(f"query {named.name!r} has no parameter {name!r} (its parameters: {expected})")
        wants_iri = declared[name].kind == "IRI"
        if wants_iri and not isinstance(term, pyoxigraph.NamedNode):
            fail(
                f"--param {name} of query {named.name!r} must be an IRI, such as "
                f"pht:ProlongedSitting or <https://…>"
            )
        if not wants_iri and not isinstance(term, pyoxigraph.Literal):
            fail(f'--param {name} of query {named.name!r} must be a literal, such as "text"')
    missing = [name for name in declared if name not in values]
    if missing:
        fail(
            f"query {named.name!r} needs --param {', '.join(f'{m}=…' for m in missing)}",
            2,
            _example_hint(named) or "see 'phtkg query --list'",
        )


def example_command(named) -> str:
    """The header's ``example:`` bindings as a ``phtkg query`` command line."""
    import shlex

    parts = ["phtkg", "query", named.name]
    for name, value in _EXAMPLE_BINDING.findall(named.example or ""):
        if value.startswith("<") and value.endswith(">"):
            curie = namespaces.compact_iri(value[1:-1])
            value = curie if curie != value[1:-1] else value
        parts += ["--param", f"{name}={value}"]
    return shlex.join(parts)


def _example_hint(named) -> str:
    return f"for example: {example_command(named)}" if named.parameters and named.example else ""


# ---- the query text as sent ----------------------------------------------------------------
def with_known_prefixes(source: QuerySource) -> tuple[str, int]:
    """The query text, with PREFIX lines for project prefixes it uses but does not declare.

    They are added as one first line, so an error position moves down by one line.
    Returns (text, number of lines added).
    """
    declared = sparql_lexer.declared_prefixes(source.tokens)
    project = {**namespaces.PREFIXES, **namespaces.XREF_PREFIXES}
    used = []
    for token in source.tokens:
        if token.kind == "pname":
            prefix = token.text.split(":", 1)[0]
            if prefix in project and prefix not in declared and prefix not in used:
                used.append(prefix)
    if not used:
        return source.text, 0
    line = " ".join(f"PREFIX {prefix}: <{project[prefix]}>" for prefix in used)
    return f"{line}\n{source.text}", 1


def undeclared_prefix(source: QuerySource) -> str | None:
    """A message for the first prefixed name whose prefix nobody declares, if any."""
    declared = sparql_lexer.declared_prefixes(source.tokens)
    project = {**namespaces.PREFIXES, **namespaces.XREF_PREFIXES}
    for token in source.tokens:
        if token.kind == "pname":
            prefix = token.text.split(":", 1)[0]
            if prefix not in declared and prefix not in project:
                line, column = sparql_lexer.line_column(source.text, token.start)
                return (
                    f"undeclared prefix '{prefix}:' in {source.label} at line {line}, "
                    f"column {column} (declare it with PREFIX {prefix}: <…>)"
                )
    return None


def syntax_message(source: QuerySource, error: Exception, added_lines: int) -> str:
    """One line: where in the user's text the query is wrong, and how."""
    message = " ".join(str(error).split())
    match = _SYNTAX_POSITION.match(message)
    if not match:
        return undeclared_prefix(source) or f"syntax error in {source.label}: {message}"
    problem = undeclared_prefix(source)
    if problem:
        return problem
    line = max(1, int(match.group(1)) - added_lines)
    column = int(match.group(2)) if int(match.group(1)) > added_lines else 1
    return (
        f"syntax error in {source.label} at line {line}, column {column}: "
        f"{message[match.end() :] or 'invalid SPARQL'}"
    )


# ---- data -------------------------------------------------------------------------------
def dataset_iris(source: QuerySource, prefixes: dict[str, str]) -> list[str]:
    """The absolute IRIs of the query's FROM / FROM NAMED clauses."""
    base = source.base_iri
    declared_base = sparql_lexer.base_declaration(source.tokens)
    if declared_base:
        base = urllib.parse.urljoin(base, declared_base)
    iris = []
    for _named, token in sparql_lexer.dataset_clauses(source.tokens):
        if token.kind == "iri":
            iris.append(urllib.parse.urljoin(base, token.text[1:-1]))
        else:
            prefix, _, local = token.text.partition(":")
            if prefix in prefixes:
                iris.append(prefixes[prefix] + local)
    return iris


def choose_engine(
    app: AppContext,
    source: QuerySource,
    prefixes: dict[str, str],
    data: tuple[Path, ...],
    named: tuple[Path, ...],
    data_format: str | None,
    empty: bool = False,
):
    """The embedded graph, the group's --endpoint, or a store of the user's files.

    Any --data or --named file, --empty, or a FROM naming a local file means a new
    store of just those files: the embedded graph is not mixed into the user's data.
    """
    from phtkg.store import datasets

    if app.endpoint:
        if data or named or empty:
            fail(
                "--data, --named and --empty query local files; they cannot be used with --endpoint"
            )
        return app.store()
    local_iris = [iri for iri in dataset_iris(source, prefixes) if datasets.uri_to_path(iri)]
    if not (data or named or local_iris or empty):
        return app.store()
    try:
        store = datasets.build_store(list(data), list(named), data_format)
        datasets.load_dataset_files(store, local_iris, data_format)
    except DataError as error:
        fail(str(error))
    return store


# ---- output -----------------------------------------------------------------------------
def _check_output_path(path: Path) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        fail(f"cannot write {str(path)!r}: no such folder {str(folder)!r}")
    if path.is_dir():
        fail(f"cannot write {str(path)!r}: it is a folder")


def choose_format(app: AppContext, fmt: str | None, form: str, output: Path | None) -> str:
    """The format asked for, or the default for the kind of query and the destination."""
    if form in ("CONSTRUCT", "DESCRIBE"):
        return fmt or "turtle"
    if fmt in GRAPH_ONLY and form in ("SELECT", "ASK"):
        fail(
            f"--format {fmt} is for CONSTRUCT and DESCRIBE results; a {form} query gives "
            "table, md, json, xml, csv or tsv"
        )
    if fmt:
        return fmt
    return "tsv" if output is not None else app.default_format()


# ---- --list -----------------------------------------------------------------------------
def _first_sentence(text: str) -> str:
    """The description up to its first full stop (the rest is in --format json)."""
    match = re.search(r"(?<![.:]\w)\.(\s|$)", text)
    return text[: match.start() + 1] if match else text


def list_queries(fmt: str | None) -> None:
    """Print every bundled query with its title, description, parameters and an example."""
    import textwrap

    from phtkg.output.rows import render
    from phtkg.store.queries import QueryError, load_query, query_names

    entries = []
    for name in query_names():
        try:
            named = load_query(name)
        except QueryError:
            continue
        entries.append(
            {
                "name": name,
                "title": named.title,
                "description": named.description,
                "parameters": [
                    f"?{p.name} ({p.kind}) {p.description}".strip() for p in named.parameters
                ],
                "example": example_command(named),
            }
        )
    if fmt in ("json", "csv", "tsv"):
        click.echo(render(entries, fmt), nl=False)
        return
    blocks = []
    for entry in entries:
        lines = [f"{entry['name']}  —  {entry['title']}"]
        lines += textwrap.wrap(
            _first_sentence(entry["description"]),
            88,
            initial_indent="    ",
            subsequent_indent="    ",
        )
        for parameter in entry["parameters"]:
            lines.append(f"    parameter: {parameter}")
        lines.append(f"    run: {entry['example']}")
        blocks.append("\n".join(lines))
    click.echo("\n\n".join(blocks))


# ---- the command ------------------------------------------------------------------------
@click.command("query")
@click.argument("query", required=False, metavar="[QUERY]")
@click.option(
    "-e",
    "--expression",
    "inline",
    metavar="TEXT",
    help="Run this SPARQL text instead of a named query or file.",
)
@click.option(
    "--list",
    "list_only",
    is_flag=True,
    help="List the bundled queries with their descriptions and parameters.",
)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help='Bind ?NAME to a term: <iri>, pht:Term, "text", "text"@en, '
    '"1"^^xsd:integer, 3, 2.5, true; other text is a plain literal. Repeatable.',
)
@click.option(
    "--data",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Query this RDF file instead of the embedded graph (its triples go to the "
    "default graph). Repeatable.",
)
@click.option(
    "--named",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Load this RDF file as a named graph called by its file: URI. Repeatable.",
)
@click.option(
    "--empty",
    is_flag=True,
    help="Leave out the embedded graph: query only the --data, --named and FROM "
    "files (an empty dataset if there are none).",
)
@click.option(
    "--data-format",
    type=click.Choice(FORMAT_NAMES),
    default=None,
    help="Format of the --data/--named files [default: from each file's extension].",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="SELECT/ASK: table, md, json, xml, csv, tsv [default: table on a terminal, "
    "else tsv]. CONSTRUCT/DESCRIBE: turtle, nt, xml, json-ld [default: turtle].",
)
@click.option(
    "--output",
    "-o",
    type=OutputPath(allow_dash=True, path_type=Path),
    default=None,
    metavar="FILE",
    help="Write the results to FILE (replaced only when the query succeeds; '-' is stdout).",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Allow SERVICE clauses, which send requests to other servers.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop a query that runs longer than this; 0 for no limit.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=0),
    default=DEFAULT_MAX_ROWS,
    show_default=True,
    metavar="N",
    help="Stop a query that gives more rows (solutions or triples) than this; 0 for no limit.",
)
@click.option(
    "--max-result-mb",
    type=click.FloatRange(min=0),
    default=DEFAULT_MAX_RESULT_MB,
    show_default=True,
    metavar="MB",
    help="Stop a query whose rows take more megabytes than this; 0 for no limit.",
)
@pass_app
def query_command(
    app: AppContext,
    query: str | None,
    inline: str | None,
    list_only: bool,
    params: tuple[str, ...],
    data: tuple[Path, ...],
    named: tuple[Path, ...],
    empty: bool,
    data_format: str | None,
    fmt: str | None,
    output: Path | None,
    allow_service: bool,
    timeout: float,
    max_rows: int,
    max_result_mb: float,
) -> None:
    """Run a SPARQL query: a bundled query by name, a .rq file, or -e TEXT.

    Queries the embedded graph, or the group's --endpoint, or the RDF files given with
    --data and --named. Only read-only queries run (SELECT, ASK, CONSTRUCT, DESCRIBE);
    SERVICE is refused unless --allow-service is given. The project's prefixes (pht:,
    rdfs:, skos:, …) may be used without declaring them. Exit 0 with results (also
    none), 2 for bad input or a failed, refused, timed-out or too large query, 130
    when interrupted (Ctrl-C).

    \b
    Examples:
      phtkg query --list
      phtkg query aggravates --param term=pht:ProximalHamstringTendinopathy
      phtkg query -e 'SELECT ?label { pht:ProlongedSitting rdfs:label ?label }'
      phtkg query my.rq --data my.ttl --format json -o results.json
    """
    if list_only:
        if query or inline is not None:
            fail("--list takes no QUERY or -e", 2, "see 'phtkg query --help'")
        list_queries(fmt)
        return
    source = find_query(query, inline)
    source.tokens = sparql_lexer.tokenize(source.text)
    source.text = sparql_lexer.lowercase_booleans(source.text, source.tokens)
    try:
        safety.check(source.text, allow_service, source.tokens, source.base_iri)
    except safety.UnsafeQuery as error:
        fail(f"{error} ({source.label})" if source.named is None else str(error))
    form = sparql_lexer.query_form(source.tokens)
    if output is not None and str(output) == STDOUT:
        output = None
    if output is not None:
        _check_output_path(output)
    fmt = choose_format(app, fmt, form, output)
    prefixes = known_prefixes(sparql_lexer.declared_prefixes(source.tokens))
    substitutions = bind_params(source, params, prefixes)
    engine = choose_engine(app, source, prefixes, data, named, data_format, empty)
    if source.named is not None and getattr(engine, "endpoint", None):
        _use_portable_form(source, engine)
    text, added_lines = with_known_prefixes(source)
    ceiling = Ceiling(max_rows, max_result_mb)
    data_bytes = run(
        engine, source, text, added_lines, substitutions, fmt, prefixes, timeout, ceiling, form
    )
    if output is None:
        write_stdout(data_bytes)
        return
    try:
        write_atomically(output, data_bytes)
    except OSError as error:
        fail(f"cannot write {str(output)!r}: {error.strerror or error}")


def _use_portable_form(source: QuerySource, engine) -> None:
    """Send an endpoint the bundled query's portable twin, which gives the same rows."""
    from phtkg.store.queries import form_for, load_query

    twin = form_for(source.named.name, engine)
    if twin != source.named.name:
        source.text = load_query(twin).text
        source.tokens = sparql_lexer.tokenize(source.text)


def run(
    engine,
    source: QuerySource,
    text: str,
    added_lines: int,
    substitutions: dict,
    fmt: str,
    prefixes: dict[str, str],
    timeout: float,
    ceiling: Ceiling,
    form: str,
) -> bytes:
    """Run the query and serialize its results, within ``timeout`` seconds and ``ceiling``.

    A result that does not fit the query's ``form`` (rows for an ASK) is an error. The
    work runs in a worker thread, so Ctrl-C stops any query at once: the main thread
    only waits, and ends the process (worker and all) when interrupted.
    """
    from phtkg.output.results import check_form, write_result
    from phtkg.store.dialects import dialect_of
    from phtkg.store.engine import as_engine

    endpoint = getattr(engine, "endpoint", None)
    file_base = dialect_of(engine).file_base
    base_iri = source.base_iri if file_base or not source.base_iri.startswith("file:") else None

    def job() -> bytes:
        # pyoxigraph result objects must be dropped by the thread that made them.
        result = as_engine(engine).query(
            text, substitutions=substitutions or None, base_iri=base_iri
        )
        try:
            check_form(result, form, "the endpoint" if endpoint else "the store")
            return write_result(result, fmt, prefixes, ceiling)
        finally:
            del result

    try:
        return call_with_timeout(job, timeout, interruptible=True)
    except QueryTimeout as error:
        click.echo(f"phtkg: {error} (raise --timeout, or use --timeout 0 for no limit)", err=True)
        exit_now(2)
    except KeyboardInterrupt:
        click.echo("phtkg: interrupted: the query was stopped", err=True)
        exit_now(130)
    except (ResultTooLarge, WrongResultForm) as error:
        fail(str(error))
    except SyntaxError as error:
        fail(syntax_message(source, error, added_lines))
    except FormatError as error:
        fail(str(error))
    except (OSError, ValueError, RuntimeError) as error:
        projection = _NOT_PROJECTED.search(str(error))
        if projection:
            name = projection.group(1)
            fail(
                f"--param {name}: ?{name} must be among the variables the SELECT returns "
                f"(or use SELECT *): parameters are bound through the projection"
            )
        fail(f"query failed: {' '.join(str(error).split()) or type(error).__name__}")
    except Exception as error:  # noqa: BLE001 - an engine's own error is still one line
        fail(f"query failed: {' '.join(str(error).split()) or type(error).__name__}")
