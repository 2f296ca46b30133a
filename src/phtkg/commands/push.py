"""``phtkg push``: upload the graph to a triple store (Graph Store protocol or SPARQL Update)."""

from __future__ import annotations

import sys

import click

from phtkg.commands.context import AppContext, pass_app
from phtkg.commands.errors import fail
from phtkg.store.http import RemoteError, Transport, check_url, safe_url
from phtkg.store.push import MAX_BATCH, graph_ntriples, push_graph_store, push_update
from phtkg.store.remote import iri_syntax


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
    batch_size: int,
) -> None:
    """Upload the graph to a triple store.

    Sends the bundled ontology (or the file given with --ontology) as N-Triples, either
    to a Graph Store HTTP Protocol endpoint (--store: one request, PUT with --replace,
    else POST) or to a SPARQL Update endpoint (--update: INSERT DATA requests of at most
    1,000 triples, with progress on a terminal). Credentials come from the group options
    --user/--password/--auth or PHTKG_USER/PHTKG_PASSWORD and are never printed.
    Virtuoso's Graph Store has no default graph: give --graph there.

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
        check_url(target)
        if graph_iri:
            iri_syntax(graph_iri)
        transport = Transport(target, **options)
    except RemoteError as error:
        fail(str(error))
    try:
        lines = graph_ntriples(app.ontology)
    except (OSError, SyntaxError, ValueError) as error:
        fail(f"cannot read the ontology: {' '.join(str(error).split())}")
    progress = _terminal_progress if sys.stderr.isatty() else None
    try:
        if store_url:
            sent = push_graph_store(transport, store_url, lines, graph_iri, replace)
        else:
            sent = push_update(
                transport, update_url, lines, graph_iri, replace, batch_size, progress
            )
    except RemoteError as error:
        fail(str(error))
    where = f"graph <{graph_iri}>" if graph_iri else "the default graph"
    click.echo(f"pushed {sent:,} triples to {safe_url(target)} ({where})")
