"""The ``phtkg`` command line: the group, its options, and its commands.

This module only assembles: each command is defined in :mod:`phtkg.commands` and
loaded when it runs (see :mod:`phtkg.commands.group`), and the group's options become
the typed :class:`~phtkg.commands.context.AppContext` every command receives.
"""

from __future__ import annotations

import sys
from pathlib import Path

from phtkg.commands.warmup import start_if_a_lookup

start_if_a_lookup(sys.argv[1:])  # before click and the commands are imported: see warmup

import click  # noqa: E402

from phtkg.commands.context import AppContext  # noqa: E402
from phtkg.commands.errors import fail  # noqa: E402
from phtkg.commands.group import PhtkgGroup  # noqa: E402
from phtkg.timeouts import (  # noqa: E402
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_INPUT_MB,
    DEFAULT_MAX_RESPONSE_MB,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_RETRIES,
    DEFAULT_TOTAL_TIMEOUT,
)


@click.group(cls=PhtkgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--ontology",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    envvar="PHTKG_ONTOLOGY",
    default=None,
    help="Query this RDF file (Turtle, RDF/XML, N-Triples, …) instead of the bundled ontology [env: PHTKG_ONTOLOGY].",
)
@click.option(
    "--max-input-mb",
    type=click.FloatRange(min=0),
    envvar="PHTKG_MAX_INPUT_MB",
    default=DEFAULT_MAX_INPUT_MB,
    show_default=True,
    help="The largest RDF file to read (--ontology, --data, reason, validate, check), "
    "in megabytes; 0 for no limit [env: PHTKG_MAX_INPUT_MB].",
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
    default=DEFAULT_CONNECT_TIMEOUT,
    show_default=True,
    help="Seconds to wait for a connection to an endpoint.",
)
@click.option(
    "--read-timeout",
    type=click.FloatRange(min=0.1),
    default=DEFAULT_READ_TIMEOUT,
    show_default=True,
    help="Seconds to wait for the next part of an endpoint's answer.",
)
@click.option(
    "--total-timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_TOTAL_TIMEOUT,
    show_default=True,
    help="Seconds all the requests of one command to an endpoint may take together; "
    "0 for no limit.",
)
@click.option(
    "--max-response-mb",
    type=click.FloatRange(min=0),
    default=DEFAULT_MAX_RESPONSE_MB,
    show_default=True,
    help="The largest answer to read from an endpoint, in megabytes; 0 for no limit.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=DEFAULT_RETRIES,
    show_default=True,
    help="Retries, with backoff, of a request that can be sent again without changing "
    "the result (a query, a replacing upload) or that never reached the endpoint.",
)
@click.version_option(package_name="phtkg")
@click.pass_context
def main(
    ctx: click.Context,
    ontology: Path | None,
    max_input_mb: float,
    endpoint: str | None,
    graph_iri: str | None,
    user: str | None,
    password: str | None,
    auth: str,
    connect_timeout: float,
    read_timeout: float,
    total_timeout: float,
    max_response_mb: float,
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
    if graph_iri is not None and not graph_iri.strip():
        fail("--graph is empty: give the graph's IRI", 2, "see 'phtkg --help'")
    if graph_iri and not endpoint:
        fail("--graph needs --endpoint", 2, "see 'phtkg --help'")
    if max_input_mb != DEFAULT_MAX_INPUT_MB:  # else the readers' own default holds
        from phtkg.store.safe_rdf import input_limit

        ctx.with_resource(input_limit(max_input_mb))
    ctx.obj = AppContext(
        ontology=ontology,
        endpoint=endpoint,
        graph=graph_iri,
        user=user,
        password=password,
        auth=auth,
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        total_timeout=total_timeout,
        max_response_mb=max_response_mb,
        retries=retries,
    )


if __name__ == "__main__":  # pragma: no cover
    main()
