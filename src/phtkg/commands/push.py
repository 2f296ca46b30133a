"""``phtkg push``: upload the graph to a triple store (Graph Store protocol or SPARQL Update).

A push that stops says what had reached the store and names the command that finishes
it (every request of a push can be sent again without doubling anything, see
:mod:`phtkg.store.push`) or removes what it left.
"""

from __future__ import annotations

import shlex
import sys

import click

from phtkg.commands.context import AppContext, pass_app
from phtkg.commands.errors import fail
from phtkg.store.http import RemoteError, Transport, safe_url
from phtkg.store.push import (
    MAX_BATCH,
    PushFailed,
    graph_ntriples,
    push_graph_store,
    push_update,
    roll_back,
)
from phtkg.store.remote import check_graph_iri


def _terminal_progress(sent: int, total: int) -> None:
    click.echo(f"\rphtkg: pushed {sent:,} of {total:,} triples", nl=sent >= total, err=True)


@click.command("push")
@click.option(
    "--store",
    "store_url",
    metavar="URL",
    help="Graph Store HTTP Protocol endpoint, e.g. http://localhost:7878/store.",
)
@click.option(
    "--update",
    "update_url",
    metavar="URL",
    help="SPARQL Update endpoint, e.g. http://localhost:7878/update.",
)
@click.option(
    "--graph",
    "graph_iri",
    metavar="IRI",
    help="Put the triples in this named graph [default: the store's default graph].",
)
@click.option(
    "--replace", is_flag=True, help="Replace what the graph holds instead of adding to it."
)
@click.option(
    "--rollback",
    is_flag=True,
    help="With --update: remove the staging graphs a push that stopped left in the store "
    "(the graph itself is not touched).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, MAX_BATCH),
    default=MAX_BATCH,
    show_default=True,
    help="With --update: triples per INSERT DATA request.",
)
@pass_app
def push_command(
    app: AppContext,
    store_url: str | None,
    update_url: str | None,
    graph_iri: str | None,
    replace: bool,
    rollback: bool,
    batch_size: int,
) -> None:
    """Upload the graph to a triple store.

    Sends the bundled ontology (or the file given with --ontology) as N-Triples, either
    to a Graph Store HTTP Protocol endpoint (--store: one request, PUT with --replace,
    else POST) or to a SPARQL Update endpoint (--update: batches of at most 1,000
    triples into staging graphs, then one step that puts them in the graph, with
    progress on a terminal). No request is sent twice if that could double the triples;
    a push that stops says what reached the store and how to finish or undo it.
    Credentials come from the group options --user/--password/--auth,
    PHTKG_USER/PHTKG_PASSWORD, the URL or ~/.netrc, and are never printed. Virtuoso's
    Graph Store has no default graph: give --graph there.

    \b
    Examples:
      phtkg push --store http://localhost:7878/store --graph https://w3id.org/phtkg/graph --replace
      phtkg push --update http://localhost:7878/update
      PHTKG_USER=dba PHTKG_PASSWORD=… phtkg --auth digest push \\
          --store http://localhost:8890/sparql-graph-crud-auth --graph https://w3id.org/phtkg/graph
    """
    if bool(store_url) == bool(update_url):
        raise click.UsageError("give either --store URL or --update URL")
    target = store_url or update_url
    options = app.remote_options()
    options.pop("graph", None)
    try:
        if graph_iri is not None:
            check_graph_iri(graph_iri)
        transport = Transport(target, **options)
    except RemoteError as error:
        fail(str(error), 2, "see 'phtkg push --help'")
    where = f"graph <{graph_iri}>" if graph_iri else "the default graph"
    again = _command(store_url, update_url, graph_iri, replace)
    if rollback:
        if store_url:
            fail(
                "--rollback goes with --update: a Graph Store push is one request and "
                "leaves nothing behind",
                2,
            )
        try:
            roll_back(transport, transport.url, graph_iri)
        except RemoteError as error:
            fail(str(error))
        click.echo(f"removed the staging graphs of pushes into {where} from {safe_url(target)}")
        return
    try:
        lines = graph_ntriples(app.ontology)
    except (OSError, SyntaxError, ValueError) as error:
        fail(f"cannot read the ontology: {' '.join(str(error).split())}")
    progress = _terminal_progress if sys.stderr.isatty() else None
    try:
        if store_url:
            sent = push_graph_store(transport, transport.url, lines, graph_iri, replace)
        else:
            sent = push_update(
                transport, transport.url, lines, graph_iri, replace, batch_size, progress
            )
    except PushFailed as error:
        fail(failure_message(error, where, again, store=bool(store_url), replace=replace))
    click.echo(f"pushed {sent:,} triples to {safe_url(target)} ({where})")


def _command(store_url, update_url, graph_iri, replace) -> str:
    """The push command to run again, without credentials or group options."""
    words = [
        "phtkg",
        "push",
        "--store" if store_url else "--update",
        safe_url(store_url or update_url),
    ]
    if graph_iri:
        words += ["--graph", graph_iri]
    if replace:
        words.append("--replace")
    return " ".join(shlex.quote(word) for word in words)


def failure_message(error: PushFailed, where: str, again: str, store: bool, replace: bool) -> str:
    """One line: why the push stopped, what reached the store, how to finish or undo it."""
    if store:
        if error.target == "unchanged":
            return f"{error.cause}; {where} is unchanged"
        if replace:
            return (
                f"{error.cause}; {where} may or may not have been replaced: push again "
                f"to be sure ({again}), which replaces it either way"
            )
        return (
            f"{error.cause}; the store may or may not have added the "
            f"{error.triples_total:,} triples to {where}, and phtkg does not send the "
            "POST again, which would add the blank nodes a second time: push with "
            f"--replace, which replaces the graph either way ({again} --replace)"
        )
    if error.batches_confirmed == 0 and error.target == "unchanged" and not error.staging_left:
        return f"{error.cause}; nothing reached the store"
    confirmed = (
        f"{error.batches_confirmed} of {error.batches_total} batches "
        f"({error.triples_confirmed:,} of {error.triples_total:,} triples)"
    )
    if error.target == "unchanged":
        state = f"push stopped after {confirmed} had reached staging graphs: {error.cause}; {where} is unchanged"
    elif error.target == "unknown":
        state = (
            f"all {confirmed} reached staging graphs, but the step that puts them in "
            f"{where} got no answer: {error.cause}; {where} may or may not hold them"
        )
    else:
        state = (
            f"all {confirmed} reached staging graphs, but the step that puts them in "
            f"{where} failed: {error.cause}; {where} may hold part of them"
        )
    finish = f"push again to finish ({again}; it sends nothing twice"
    if error.target != "unchanged" and not replace:
        finish += ", but without --replace the graph gets the blank-node triples again"
    finish += ")"
    if error.staging_left:
        return (
            f"{state}; its staging graphs are still in the store: {finish}, or remove "
            f"them ({again} --rollback)"
        )
    return f"{state}, and nothing else of this push is left in the store; {finish}"
