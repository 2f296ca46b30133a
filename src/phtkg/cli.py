"""The ``phtkg`` command line: look things up in the knowledge graph, build it, check it.

Errors are one line on stderr. Exit codes: 0 success, 1 nothing found (or out of date,
or the reasoner found a problem), 2 bad input or a check that could not be made.
rdflib and owlready2 are imported only by the commands that need them, so lookups start fast.
"""

from __future__ import annotations

import errno
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from phtkg.lookups.terms import EmptyTerm, Match, TermNotFound, resolve, suggest
from phtkg.output.rows import FORMATS, default_format, render, render_description
from phtkg.store.queries import QueryError

from . import lookups, resources

FACT_COLUMNS = ["factor_label", "target_label", "load_type", "inherited_from", "sources"]
LIST_COLUMNS = ["label", "parent", "definition", "sources"]
SEARCH_COLUMNS = ["label", "category", "matched", "id", "sources"]


def fail(message: str, code: int, hint: str = "") -> None:
    """Print one line on stderr and exit with ``code``."""
    click.echo(f"phtkg: {message}" + (f" ({hint})" if hint else ""), err=True)
    sys.exit(code)


#: Commands whose modules load only when they are run, so that a lookup does not pay
#: for HTTP, SPARQL-parsing or upload code: name -> (module, attribute).
LAZY_COMMANDS = {
    "query": ("phtkg.commands.query", "query_command"),
    "push": ("phtkg.store.push", "push_command"),
    "check": ("phtkg.commands.check", "check_command"),
    "validate": ("phtkg.commands.validate", "validate_command"),
    "export": ("phtkg.commands.export", "export_command"),
    "stats": ("phtkg.commands.stats", "stats_command"),
    "diagram": ("phtkg.commands.diagram", "diagram_command"),
    "site": ("phtkg.commands.site", "site_command"),
}


class OneLineErrorGroup(click.Group):
    """A click group whose usage errors are one line on stderr (exit 2), never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, name: str):
        if name in LAZY_COMMANDS and name not in self.commands:
            import importlib

            module, attribute = LAZY_COMMANDS[name]
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as error:
            click.echo(error.ctx.get_help() if error.ctx else str(error))
            sys.exit(0)
        except click.UsageError as error:
            hint = f"see '{error.ctx.command_path} --help'" if error.ctx else "see 'phtkg --help'"
            fail(error.format_message().replace("\n", " "), 2, hint)
        except click.ClickException as error:
            fail(error.format_message().replace("\n", " "), error.exit_code)
        except click.Abort:
            fail("aborted", 1)
        except KeyboardInterrupt:
            sys.exit(130)
        except OSError as error:
            if error.errno != errno.EPIPE:
                raise
            _quiet_broken_pipe()
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)


def _quiet_broken_pipe() -> None:
    """The reader went away (e.g. ``| head``): stop without a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(1)


# ---- shared pieces ------------------------------------------------------------------
def format_option(command):
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(FORMATS),
        default=None,
        help="Output format [default: table on a terminal, else tsv].",
    )(command)


def _store(ctx: click.Context):
    """The engine to ask: a remote endpoint if one was given, else the local graph."""
    if ctx.obj and ctx.obj.get("endpoint"):
        return remote_engine(ctx)
    return local_store(ctx)


def remote_engine(ctx: click.Context):
    """The SPARQL endpoint named by --endpoint (and scoped by --graph).

    An endpoint that cannot be reached or answers with an HTTP error ends the command
    with one line on stderr and exit status 2, never a traceback.
    """
    from phtkg.store.remote import RemoteEngine, RemoteError, remote_options

    try:
        return _OneLineRemoteErrors(RemoteEngine(ctx.obj["endpoint"], **remote_options(ctx.obj)))
    except RemoteError as error:
        fail(str(error), 2, "see 'phtkg --help'")


class _OneLineRemoteErrors:
    """An engine whose failures end the command with one line (exit 2)."""

    def __init__(self, engine):
        self.engine = engine

    def __getattr__(self, name):
        return getattr(self.engine, name)

    def query(self, text: str, substitutions: dict | None = None, base_iri: str | None = None):
        from phtkg.store.remote import RemoteError

        try:
            return self.engine.query(text, substitutions=substitutions, base_iri=base_iri)
        except RemoteError as error:
            fail(str(error), 2)


def local_store(ctx: click.Context):
    """The local graph, loaded once; an unreadable file is a one-line error."""
    from phtkg.store.embedded import ontology_store

    path = ctx.obj.get("ontology") if ctx.obj else None
    try:
        return ontology_store(path)
    except (OSError, SyntaxError, ValueError) as error:
        fail(
            f"cannot read the ontology {str(path or resources.ontology_turtle())!r}: "
            f"{' '.join(str(error).split())}",
            2,
        )


@contextmanager
def reported_errors(ctx: click.Context):
    """Turn lookup problems into one-line messages and exit codes."""
    hint = f"see '{ctx.command_path} --help'"
    try:
        yield
    except TermNotFound as error:
        fail(str(error), 1)
    except (EmptyTerm, lookups.UnknownCategory) as error:
        fail(str(error), 2, hint)
    except QueryError as error:
        fail(f"query failed: {error}", 2)


def _resolve(ctx: click.Context, text: str, store) -> list[Match]:
    """Resolve TERM, telling stderr which terms it matched when it was not one exact name."""
    with reported_errors(ctx):
        matches = resolve(text, store)
    if len(matches) > 1 or not matches[0].exact:
        names = ", ".join(f"{m.label} ({m.curie})" for m in matches)
        count = f"{len(matches)} terms" if len(matches) > 1 else "1 term"
        click.echo(f"phtkg: {text!r} matched {count}: {names}", err=True)
    return matches


def _emit(
    rows: list[dict],
    fmt: str | None,
    table_columns: list[str],
    all_columns: list[str],
    nothing: str,
) -> None:
    fmt = fmt or default_format()
    columns = table_columns if fmt == "table" else all_columns
    if rows or fmt != "table":
        click.echo(render(rows, fmt, columns), nl=False)
    if not rows:
        fail(nothing, 1)


FACT_KEYS = [
    "id",
    "label",
    "factor",
    "factor_label",
    "target",
    "target_label",
    "load_type",
    "sources",
    "inherited_from",
]


# ---- the group ----------------------------------------------------------------------
@click.group(cls=OneLineErrorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--ontology",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    envvar="PHTKG_ONTOLOGY",
    default=None,
    help="Query this RDF file (Turtle, RDF/XML, N-Triples, …) instead of the bundled ontology [env: PHTKG_ONTOLOGY].",
)
@click.option(
    "--endpoint",
    metavar="URL",
    envvar="PHTKG_ENDPOINT",
    default=None,
    help="Ask this SPARQL 1.1 endpoint instead of the bundled graph [env: PHTKG_ENDPOINT].",
)
@click.option(
    "--graph",
    "graph_iri",
    metavar="IRI",
    envvar="PHTKG_GRAPH",
    default=None,
    help="With --endpoint: the graph to query, sent as default-graph-uri [env: PHTKG_GRAPH].",
)
@click.option(
    "--user",
    metavar="NAME",
    envvar="PHTKG_USER",
    default=None,
    help="User name for --endpoint and push [env: PHTKG_USER].",
)
@click.option(
    "--password",
    metavar="SECRET",
    envvar="PHTKG_PASSWORD",
    default=None,
    show_default=False,
    help="Password for --endpoint and push; prefer the environment, which other "
    "users cannot see in the process list [env: PHTKG_PASSWORD].",
)
@click.option(
    "--auth",
    type=click.Choice(["basic", "digest"]),
    default="basic",
    show_default=True,
    help="HTTP authentication scheme for the credentials.",
)
@click.option(
    "--connect-timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds to wait for a connection to an endpoint.",
)
@click.option(
    "--read-timeout",
    type=click.FloatRange(min=0.1),
    default=120.0,
    show_default=True,
    help="Seconds to wait for an endpoint's answer.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="Retries, with backoff, when the connection to an endpoint fails.",
)
@click.version_option(package_name="phtkg")
@click.pass_context
def main(
    ctx: click.Context,
    ontology: Path | None,
    endpoint: str | None,
    graph_iri: str | None,
    user: str | None,
    password: str | None,
    auth: str,
    connect_timeout: float,
    read_timeout: float,
    retries: int,
) -> None:
    """Query the proximal hamstring tendinopathy (PHT) knowledge graph.

    Every answer names the source documents that support it. A TERM can be a label,
    a synonym, a CURIE such as pht:ProlongedSitting or a full IRI, in any case; text
    that is not an exact name matches every term whose name contains it.

    \b
    Examples:
      phtkg aggravates
      phtkg aggravated-by "prolonged sitting"
      phtkg list red-flags
      phtkg describe PHT --format json
      phtkg search shockwave
    """
    ctx.ensure_object(dict)
    ctx.obj["ontology"] = ontology
    ctx.obj["endpoint"] = endpoint
    ctx.obj["graph"] = graph_iri
    ctx.obj.update(
        user=user,
        password=password,
        auth=auth,
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        retries=retries,
    )
    if graph_iri and not endpoint:
        fail("--graph needs --endpoint", 2, "see 'phtkg --help'")


# ---- lookups ------------------------------------------------------------------------
@main.command("aggravates")
@click.argument("term", required=False)
@format_option
@click.pass_context
def aggravates_command(ctx: click.Context, term: str | None, fmt: str | None) -> None:
    """Show what aggravates a condition, structure or symptom (default: PHT).

    Lists the activities, postures and loads that aggravate TERM or a more specific
    kind of it. An activity inherits the facts of the broader activities above it
    ("inherited from" names the one the documents speak about), and each row gives
    the activity's load type and the source documents.

    \b
    Examples:
      phtkg aggravates
      phtkg aggravates "proximal hamstring tendon" --format json
    """
    store = _store(ctx)
    matches = _resolve(ctx, term if term is not None else lookups.DEFAULT_CONDITION, store)
    with reported_errors(ctx):
        rows = lookups.aggravates(matches, store=store)
    _emit(
        rows,
        fmt,
        FACT_COLUMNS,
        FACT_KEYS,
        f"nothing in the graph aggravates {', '.join(m.label for m in matches)}",
    )


@main.command("aggravated-by")
@click.argument("term")
@format_option
@click.pass_context
def aggravated_by_command(ctx: click.Context, term: str, fmt: str | None) -> None:
    """Show what an activity, posture or load aggravates, and how.

    Lists what TERM aggravates, including the facts it inherits from broader
    activities, and the facts about its more specific kinds (for "sitting": prolonged
    sitting, driving, ...), with the load type and the source documents of each.

    \b
    Examples:
      phtkg aggravated-by sitting
      phtkg aggravated-by "prolonged sitting" --format tsv
    """
    store = _store(ctx)
    matches = _resolve(ctx, term, store)
    with reported_errors(ctx):
        rows = lookups.aggravated_by(matches, store=store)
    _emit(
        rows,
        fmt,
        FACT_COLUMNS,
        FACT_KEYS,
        f"the graph says nothing that {', '.join(m.label for m in matches)} aggravates",
    )


def _category_help() -> str:
    return ", ".join(lookups.CATEGORIES)


@main.command("list")
@click.argument("category", required=False)
@format_option
@click.pass_context
def list_command(ctx: click.Context, category: str | None, fmt: str | None) -> None:
    """List the terms of a category, with parent, definition and sources.

    CATEGORY is one of: anatomy, symptoms, red-flags, risk-factors, loads,
    activities, exercises, load-types, tests, differentials, disorders, treatments,
    stages, phases (in order), populations, mechanisms, considerations, outcomes,
    measures, disagreements, sources. "loads" are the activities that aggravate
    something; "symptoms" leaves out the red flags.

    \b
    Examples:
      phtkg list red-flags
      phtkg list phases --format json
    """
    if not category:
        fail("give a category", 2, f"one of: {_category_help()}")
    store = _store(ctx)
    with reported_errors(ctx):
        rows = lookups.list_category(category, store=store)
    _emit(rows, fmt, LIST_COLUMNS, ["id"] + LIST_COLUMNS, f"the category {category!r} is empty")


@main.command("describe")
@click.argument("term")
@format_option
@click.pass_context
def describe_command(ctx: click.Context, term: str, fmt: str | None) -> None:
    """Show everything the graph says about a term.

    Prints the label, definition, synonyms, cross-references, parents and children,
    every relationship in both directions (including those inherited from broader
    terms) and, for reported quantities and disagreements, their values and claims,
    each with its source documents. --format json gives the whole structure; csv and
    tsv give the relationship rows.

    \b
    Examples:
      phtkg describe PHT
      phtkg describe pht:ProlongedSitting --format json
    """
    store = _store(ctx)
    matches = _resolve(ctx, term, store)
    with reported_errors(ctx):
        descriptions = lookups.describe(matches, store=store)
    click.echo(render_description(descriptions, fmt or default_format()), nl=False)


@main.command("search")
@click.argument("text")
@format_option
@click.pass_context
def search_command(ctx: click.Context, text: str, fmt: str | None) -> None:
    """Find terms whose label or synonym contains some text.

    The match ignores case. Each row gives the term's category, the name that
    matched and the source documents of its definition; use the id with describe.

    \b
    Examples:
      phtkg search shockwave
      phtkg search "sit bone" --format csv
    """
    store = _store(ctx)
    with reported_errors(ctx):
        rows = lookups.search(text, store=store)
        nothing = f"no term name contains {text.strip()!r}"
        if not rows:
            close = suggest(text, store)
            nothing += (
                f"; did you mean {', '.join(repr(c) for c in close)}?"
                if close
                else "; try a shorter part of a word"
            )
    _emit(rows, fmt, SEARCH_COLUMNS, ["id", "label", "category", "matched", "sources"], nothing)


# ---- building and checking ------------------------------------------------------------
def _same_files(built: list[Path], committed: Path) -> list[str]:
    """Names of built files that differ from (or are missing in) ``committed``."""
    return [
        path.name
        for path in built
        if not (committed / path.name).is_file()
        or (committed / path.name).read_bytes() != path.read_bytes()
    ]


@main.command("build")
@click.option(
    "--tables",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of knowledge tables [default: the bundled ontology/src].",
)
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write phtkg.ttl and phtkg.owl to [default: the bundled ontology/].",
)
@click.option(
    "--check",
    is_flag=True,
    help="Do not write; exit 1 if the files in the output folder are out of date.",
)
def build_command(tables: Path | None, output: Path | None, check: bool) -> None:
    """Build the ontology (Turtle and RDF/XML) from the knowledge tables.

    Reads the tables, checks that they agree with each other and writes phtkg.ttl and
    phtkg.owl. The build is deterministic, so --check can verify in CI that the
    committed files match the tables.

    \b
    Examples:
      phtkg build
      phtkg build --check
    """
    import tempfile

    from phtkg.build.builder import build_ontology
    from phtkg.build.tables import TableError
    from phtkg.store.embedded import clear_cache

    tables = tables or resources.tables_dir()
    output = output or resources.ontology_dir()
    if not tables.is_dir():
        fail(f"no tables folder {str(tables)!r}", 2, "see 'phtkg build --help'")
    try:
        if check:
            with tempfile.TemporaryDirectory() as scratch:
                stale = _same_files(build_ontology(tables, Path(scratch)), output)
            if stale:
                fail(f"out of date: {', '.join(stale)} in {output}", 1, "run 'phtkg build'")
            click.echo(f"up to date: {output}")
            return
        written = build_ontology(tables, output)
    except TableError as error:
        problems = str(error).splitlines()
        if len(problems) > 1:
            click.echo(f"phtkg: {len(problems)} problems in the tables:", err=True)
            click.echo("\n".join(problems), err=True)
            sys.exit(2)
        fail(f"problem in the tables: {problems[0] if problems else error}", 2)
    except (OSError, ValueError) as error:
        fail(f"cannot build: {error}", 2)
    clear_cache()
    click.echo("wrote " + ", ".join(str(path) for path in written))


@main.command("reason")
@click.argument("files", nargs=-1, type=click.Path())
@click.option(
    "--reasoner",
    type=click.Choice(["hermit", "pellet", "rl"]),
    default="hermit",
    show_default=True,
    help="hermit or pellet (OWL 2 DL, need Java), or rl (OWL 2 RL rules in Python, "
    "incomplete outside that profile).",
)
@click.option(
    "--consistency-only",
    is_flag=True,
    help="Only check consistency; skip classification (much faster on large inputs).",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Show a minimal set of axioms behind an inconsistency or an unsatisfiable class.",
)
@click.option(
    "--explain-seconds",
    type=click.FloatRange(min=1),
    default=None,
    help="Time limit for --explain [default: 120]; past it the axioms shown are "
    "sufficient but may not be minimal.",
)
@click.option(
    "--inferred",
    "inferred",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="FILE",
    help="Write the inferred class hierarchy and individual types to FILE (Turtle).",
)
@click.option(
    "--memory-mb",
    type=click.IntRange(min=64),
    default=2000,
    show_default=True,
    help="Java heap for the reasoner, in MB.",
)
@click.pass_context
def reason_command(
    ctx: click.Context,
    files: tuple[str, ...],
    reasoner: str,
    consistency_only: bool,
    explain: bool,
    explain_seconds: float | None,
    inferred: str | None,
    memory_mb: int,
) -> None:
    """Check the ontology with a reasoner: consistency and unsatisfiable classes.

    Reports whether the ontology is consistent and which classes are unsatisfiable
    (for example a term placed under two disjoint categories), by label and IRI.
    Checks FILES if given (Turtle, RDF/XML, OWL/XML, N-Triples, JSON-LD, ...; their
    owl:imports are looked up among FILES and in a catalog-v001.xml, never fetched),
    else the bundled ontology. HermiT and Pellet need Java; without Java the OWL 2 RL
    rules run instead. Exit 0 when all is well, 1 when the reasoner finds a problem
    (with --consistency-only: an inconsistency), 2 when the check could not be made.

    \b
    Examples:
      phtkg reason
      phtkg reason --explain my-extension.ttl ontology/phtkg.ttl
      phtkg reason --consistency-only big.owl
      phtkg reason --inferred inferred.ttl
      phtkg reason --reasoner rl
    """
    try:
        from phtkg.reasoning.reason import main_reason
    except ImportError as error:
        fail(f"the reasoner is not available: {error}", 2)
    if not files and ctx.obj and ctx.obj.get("ontology"):
        files = (str(ctx.obj["ontology"]),)
    sys.exit(
        main_reason(
            files=files,
            reasoner=reasoner,
            memory_mb=memory_mb,
            consistency_only=consistency_only,
            explain=explain,
            inferred=inferred,
            explain_seconds=explain_seconds,
        )
        or 0
    )


if __name__ == "__main__":  # pragma: no cover
    main()
