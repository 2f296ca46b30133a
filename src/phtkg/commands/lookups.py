"""The lookups: ``aggravates``, ``aggravated-by``, ``list``, ``describe`` and ``search``.

Each resolves its TERM, asks :mod:`phtkg.lookups` and prints rows; nothing found is a
one-line message with exit status 1. Only click, pyoxigraph and the lookups are loaded,
so that a lookup starts fast.
"""

from __future__ import annotations

import click

from phtkg import lookups
from phtkg.commands.context import AppContext, pass_app
from phtkg.commands.errors import fail, reported_errors, warn
from phtkg.commands.options import format_option
from phtkg.lookups.terms import Match, resolve, suggest
from phtkg.output.rows import render, render_description

FACT_COLUMNS = ["factor_label", "target_label", "load_type", "inherited_from", "sources"]
#: Shown in a table only when some row is not stated by a document.
EVIDENCE_COLUMN = "evidence"
LIST_COLUMNS = ["label", "parent", "definition", "sources"]
SEARCH_COLUMNS = ["label", "category", "matched", "id", "sources"]


def resolve_term(text: str, store) -> list[Match]:
    """Resolve TERM, telling stderr which terms it matched when it was not one exact name."""
    with reported_errors(click.get_current_context().command_path):
        matches = resolve(text, store)
    if len(matches) > 1 or not matches[0].exact:
        names = ", ".join(f"{m.label} ({m.curie})" for m in matches)
        count = f"{len(matches)} terms" if len(matches) > 1 else "1 term"
        warn(f"{text!r} matched {count}: {names}")
    return matches


def _emit(
    app: AppContext,
    rows: list[dict],
    fmt: str | None,
    table_columns: list[str],
    all_columns: list[str],
    nothing: str,
) -> None:
    fmt = fmt or app.default_format()
    columns = table_columns if fmt == "table" else all_columns
    if fmt == "table" and any(row.get(EVIDENCE_COLUMN, "stated") != "stated" for row in rows):
        columns = [*columns, EVIDENCE_COLUMN]
    if rows or fmt != "table":
        # color=True: click would strip escape sequences from the data of a csv or tsv
        # written to a pipe; tables show them as escapes already (phtkg.output.text).
        click.echo(render(rows, fmt, columns), nl=False, color=True)
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
    "evidence",
    "inherited_from",
]

sources_only_option = click.option(
    "--sources-only",
    is_flag=True,
    help="Show only what a document states: leave out what phtkg inferred itself.",
)


@click.command("aggravates")
@click.argument("term", required=False)
@format_option
@sources_only_option
@pass_app
def aggravates_command(
    app: AppContext, term: str | None, fmt: str | None, sources_only: bool
) -> None:
    """Show what aggravates a condition, structure or symptom (default: PHT).

    Lists the activities, postures and loads that aggravate TERM or a more specific
    kind of it. An activity inherits the facts of the broader activities above it
    ("inherited from" names the one the documents speak about), and each row gives
    the activity's load type and the source documents. What phtkg inferred itself,
    not a document, is marked "inferred by phtkg"; --sources-only leaves it out.

    \b
    Examples:
      phtkg aggravates
      phtkg aggravates "proximal hamstring tendon" --format json
      phtkg aggravates --sources-only
    """
    store = app.store()
    matches = resolve_term(term if term is not None else lookups.DEFAULT_CONDITION, store)
    with reported_errors(click.get_current_context().command_path):
        rows = lookups.aggravates(matches, store=store, sources_only=sources_only)
    _emit(
        app,
        rows,
        fmt,
        FACT_COLUMNS,
        FACT_KEYS,
        f"nothing in the graph aggravates {', '.join(m.label for m in matches)}",
    )


@click.command("aggravated-by")
@click.argument("term")
@format_option
@sources_only_option
@pass_app
def aggravated_by_command(app: AppContext, term: str, fmt: str | None, sources_only: bool) -> None:
    """Show what an activity, posture or load aggravates, and how.

    Lists what TERM aggravates, including the facts it inherits from broader
    activities, and the facts about its more specific kinds (for "sitting": prolonged
    sitting, driving, ...), with the load type and the source documents of each;
    --sources-only leaves out what phtkg inferred itself.

    \b
    Examples:
      phtkg aggravated-by sitting
      phtkg aggravated-by "prolonged sitting" --format tsv
    """
    store = app.store()
    matches = resolve_term(term, store)
    with reported_errors(click.get_current_context().command_path):
        rows = lookups.aggravated_by(matches, store=store, sources_only=sources_only)
    _emit(
        app,
        rows,
        fmt,
        FACT_COLUMNS,
        FACT_KEYS,
        f"the graph says nothing that {', '.join(m.label for m in matches)} aggravates",
    )


def _category_help() -> str:
    return ", ".join(lookups.CATEGORIES)


@click.command("list")
@click.argument("category", required=False)
@format_option
@pass_app
def list_command(app: AppContext, category: str | None, fmt: str | None) -> None:
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
    store = app.store()
    with reported_errors(click.get_current_context().command_path):
        rows = lookups.list_category(category, store=store)
    _emit(
        app, rows, fmt, LIST_COLUMNS, ["id"] + LIST_COLUMNS, f"the category {category!r} is empty"
    )


@click.command("describe")
@click.argument("term")
@format_option
@sources_only_option
@pass_app
def describe_command(app: AppContext, term: str, fmt: str | None, sources_only: bool) -> None:
    """Show everything the graph says about a term.

    Prints the label, definition, synonyms, cross-references, parents and children,
    every relationship in both directions (including those inherited from broader
    terms) and, for reported quantities and disagreements, their values and claims,
    each with its source documents. A relationship that phtkg inferred itself, or
    that is standard anatomy no document states, says so (--sources-only leaves it
    out). --format json gives the whole structure; csv and tsv give the relationship
    rows.

    \b
    Examples:
      phtkg describe PHT
      phtkg describe pht:ProlongedSitting --format json
    """
    store = app.store()
    matches = resolve_term(term, store)
    with reported_errors(click.get_current_context().command_path):
        descriptions = lookups.describe(matches, store=store, sources_only=sources_only)
    click.echo(render_description(descriptions, fmt or app.default_format()), nl=False, color=True)


@click.command("search")
@click.argument("text")
@format_option
@pass_app
def search_command(app: AppContext, text: str, fmt: str | None) -> None:
    """Find terms whose label or synonym contains some text.

    The match ignores case. Each row gives the term's category, the name that
    matched and the source documents of its definition; use the id with describe.

    \b
    Examples:
      phtkg search shockwave
      phtkg search "sit bone" --format csv
    """
    store = app.store()
    with reported_errors(click.get_current_context().command_path):
        rows = lookups.search(text, store=store)
        nothing = f"no term name contains {text.strip()!r}"
        if not rows:
            close = suggest(text, store)
            nothing += (
                f"; did you mean {', '.join(repr(c) for c in close)}?"
                if close
                else "; try a shorter part of a word"
            )
    _emit(
        app, rows, fmt, SEARCH_COLUMNS, ["id", "label", "category", "matched", "sources"], nothing
    )
