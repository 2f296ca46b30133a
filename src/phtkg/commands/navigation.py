"""The navigation commands: ``ancestors``, ``descendants``, ``tree``, ``paths`` and ``related``.

Each resolves its TERMs as ``describe`` does, asks :mod:`phtkg.lookups.navigation` and
prints rows; nothing found is a one-line message with exit status 1. Like the other
lookups, only click, pyoxigraph and the lookups are loaded.
"""

from __future__ import annotations

import click

from phtkg.commands.context import AppContext, pass_app
from phtkg.commands.errors import fail, reported_errors
from phtkg.commands.lookups import resolve_term
from phtkg.commands.options import format_option_with_md
from phtkg.lookups import navigation
from phtkg.lookups.terms import Match
from phtkg.output.navigation import paths_text, tree_text
from phtkg.output.rows import render

#: Shown in a table when some step is not stated by a document (nor an editorial link).
EVIDENCE_COLUMN = "evidence"
#: Shown in a table when the TERM matched more than one term.
TERM_COLUMN = "term_label"

HIERARCHY_TABLE = ["distance", "label", "id", "via_label", "sources"]
HIERARCHY_KEYS = ["term", "term_label", "distance", "id", "label", "via", "via_label", "sources"]
TREE_TABLE = ["depth", "label", "id", "parent_label", "repeat", "hidden_subclasses", "sources"]
TREE_KEYS = [
    "depth",
    "id",
    "label",
    "parent",
    "parent_label",
    "repeat",
    "first_under",
    "hidden_subclasses",
    "sources",
]
STEP_KEYS = ["direction", "relation", "predicate"]
RELATED_TABLE = ["distance", "from_label", "direction", "relation", "label", "id", "sources"]
RELATED_KEYS = [
    "term",
    "term_label",
    "distance",
    "from",
    "from_label",
    *STEP_KEYS,
    "id",
    "label",
    "sources",
    "sections",
    "evidence",
]
PATH_TABLE = ["path", "step", "from_label", "direction", "relation", "to_label", "sources"]
PATH_KEYS = [
    "path",
    "step",
    "length",
    "from",
    "from_label",
    *STEP_KEYS,
    "to",
    "to_label",
    "sources",
    "sections",
    "evidence",
]


def _command_path() -> str:
    return click.get_current_context().command_path


def _columns(rows: list[dict], table: list[str], several_terms: bool) -> list[str]:
    """The columns for people: the term's own column when TERM matched several, the
    evidence when some row is not stated."""
    columns = ([TERM_COLUMN] if several_terms else []) + table
    if any(row.get(EVIDENCE_COLUMN, "stated") not in ("stated", "") for row in rows):
        columns.append(EVIDENCE_COLUMN)
    return columns


def _emit(
    app: AppContext,
    rows: list[dict],
    fmt: str | None,
    people: list[str],
    keys: list[str],
    nothing: str,
    text=None,
) -> None:
    """Rows in the chosen format: ``text`` (rows to text) or an aligned table on a
    terminal, ``people`` columns in a Markdown table, ``keys`` for programs."""
    fmt = fmt or app.default_format()
    if rows or fmt != "table":
        if fmt == "table" and text is not None:
            output = text(rows)
        else:
            output = render(rows, fmt, people if fmt in ("table", "md") else keys)
        # color=True: click would strip escape sequences from the data of a csv or tsv
        # written to a pipe; tables show them as escapes already (phtkg.output.text).
        click.echo(output, nl=False, color=True)
    if not rows:
        fail(nothing, 1)


def _names(matches: list[Match]) -> str:
    return ", ".join(match.label for match in matches)


@click.command("ancestors")
@click.argument("term")
@format_option_with_md
@pass_app
def ancestors_command(app: AppContext, term: str, fmt: str | None) -> None:
    """Show every class above a term, nearest first, with the distance.

    Lists the named classes above TERM in the class hierarchy, however many steps up:
    its parents at distance 1, theirs at 2, and so on. "via" names the class one step
    nearer TERM, and the sources are those of that subclass link ("editorial" where the
    project classifies the term itself). An individual's first step up is to its types.

    \b
    Examples:
      phtkg ancestors "heavy slow resistance"
      phtkg ancestors "gluteal weakness" --format json
    """
    store = app.store()
    matches = resolve_term(term, store)
    with reported_errors(_command_path()):
        rows = navigation.ancestors(matches, store)
    _emit(
        app,
        rows,
        fmt,
        _columns(rows, HIERARCHY_TABLE, len(matches) > 1),
        HIERARCHY_KEYS,
        f"nothing is above {_names(matches)}: it is at the top of the hierarchy",
    )


@click.command("descendants")
@click.argument("term")
@format_option_with_md
@pass_app
def descendants_command(app: AppContext, term: str, fmt: str | None) -> None:
    """Show every class below a term, nearest first, with the distance.

    Lists the more specific kinds of TERM, however many steps down: its subclasses at
    distance 1, theirs at 2, and so on. "via" names the class one step nearer TERM, and
    the sources are those of that subclass link ("editorial" where the project
    classifies the term itself).

    \b
    Examples:
      phtkg descendants "sitting modification"
      phtkg descendants exercise --format csv
    """
    store = app.store()
    matches = resolve_term(term, store)
    with reported_errors(_command_path()):
        rows = navigation.descendants(matches, store)
    _emit(
        app,
        rows,
        fmt,
        _columns(rows, HIERARCHY_TABLE, len(matches) > 1),
        HIERARCHY_KEYS,
        f"nothing is below {_names(matches)}: it has no subclasses",
    )


@click.command("tree")
@click.argument("term", required=False)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=None,
    help="Show only this many levels below the top [default: all].",
)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="With no TERM, also show the case rules under case record and the provenance "
    "classes under information resource.",
)
@format_option_with_md
@pass_app
def tree_command(
    app: AppContext, term: str | None, depth: int | None, everything: bool, fmt: str | None
) -> None:
    """Show the class hierarchy below a term as an indented tree.

    Without TERM, the whole hierarchy of the domain below its top categories; the case
    rules that the build generates for phtkg check (under case record) and the
    provenance classes (under information resource) only with --all. Subclasses are
    sorted by label. A class with several parents appears under each: its subclasses
    are shown at its first place, and every later place is marked as a repeat. --format
    json, csv, tsv and md give one row per place, with the sources of each subclass link.

    \b
    Examples:
      phtkg tree "sitting modification"
      phtkg tree --depth 0
      phtkg tree exercise --format md
    """
    store = app.store()
    matches = resolve_term(term, store) if term is not None else []
    with reported_errors(_command_path()):
        hierarchy = navigation.Hierarchy.read(store)
    if matches:
        not_classes = [m for m in matches if not hierarchy.is_class(m.iri)]
        if not_classes:
            fail(
                f"{_names(not_classes)} is not a class, so it has no place in the tree",
                1,
                f'phtkg ancestors "{term}" shows the classes it is of',
            )
        roots = [m.iri for m in matches]
    else:
        roots = hierarchy.roots(everything=everything)
    rows = navigation.tree(hierarchy, roots, depth)
    _emit(app, rows, fmt, TREE_TABLE, TREE_KEYS, "the graph has no classes", text=tree_text)


@click.command("paths")
@click.argument("start")
@click.argument("end")
@click.option(
    "--max-length",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="The most steps a path may have.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="The most paths to show.",
)
@format_option_with_md
@pass_app
def paths_command(
    app: AppContext, start: str, end: str, max_length: int, limit: int, fmt: str | None
) -> None:
    """Show how two terms are connected: the shortest paths of facts between them.

    A step is a class-level fact that describe shows (a relationship asserted on a
    class, in either direction) or a subclass link; a fact a class inherits is the step
    up to the broader class that states it, then that fact. The shortest paths come
    first, then longer ones up to --max-length steps, until --limit paths are shown.
    Each step names its relation (-->: as the fact is stated; <--: against it) and the
    documents and sections behind it.

    \b
    Examples:
      phtkg paths "sitting modification" "pain on sitting"
      phtkg paths hamstring "sciatic nerve" --max-length 3 --limit 2
      phtkg paths sitting PHT --format json
    """
    store = app.store()
    starts = resolve_term(start, store)
    ends = resolve_term(end, store)
    if not {m.iri for m in ends} - {m.iri for m in starts}:
        fail(f"{start!r} and {end!r} name the same term", 2, "give two different terms")
    with reported_errors(_command_path()):
        graph = navigation.FactGraph.read(store)
    found = navigation.paths(graph, starts, ends, max_length=max_length, limit=limit)
    if isinstance(found, navigation.NoPath):
        between = f"{_names(starts)} and {_names(ends)}"
        if found.shortest is None:
            fail(f"no path of facts joins {between}", 1)
        fail(
            f"no path of at most {max_length} steps joins {between}",
            1,
            f"the shortest has {found.shortest}; use --max-length {found.shortest}",
        )
    rows = navigation.path_rows(graph, found)
    _emit(
        app,
        rows,
        fmt,
        _columns(rows, PATH_TABLE, False) + ["sections"],
        PATH_KEYS,
        "",
        text=paths_text,
    )


@click.command("related")
@click.argument("term")
@click.option(
    "--depth",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="How many steps away from TERM to go.",
)
@format_option_with_md
@pass_app
def related_command(app: AppContext, term: str, depth: int, fmt: str | None) -> None:
    """Show the neighbourhood of a term: every term within some steps of it.

    A step is a class-level fact that describe shows (a relationship asserted on a
    class, in either direction) or a subclass link, so at --depth 1 these are TERM's
    parents, children and the terms its own facts name, and those whose facts name it
    (a fact TERM inherits is one step further, through the broader class). Each row
    gives the distance, the term one step nearer TERM ("from"), the relation and its
    direction (out: "from" is the subject of the fact; in: its object) and the sources;
    --format json, csv, tsv and md also give the cited sections.

    \b
    Examples:
      phtkg related "sitting on a cushion"
      phtkg related "wedge cushion" --depth 2 --format md
    """
    store = app.store()
    matches = resolve_term(term, store)
    fmt = fmt or app.default_format()
    with reported_errors(_command_path()):  # tables show no sections: none are read
        graph = navigation.FactGraph.read(store, sections=fmt not in ("table", "md"))
    rows = navigation.related(graph, matches, depth)
    _emit(
        app,
        rows,
        fmt,
        _columns(rows, RELATED_TABLE, len(matches) > 1),
        RELATED_KEYS,
        f"the graph has no class-level fact about {_names(matches)}",
    )
