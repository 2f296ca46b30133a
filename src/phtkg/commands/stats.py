"""``phtkg stats``: how big the graph is, per category and per relation.

The totals are the ones the dataset description (VoID) of an export carries, computed by
the same code (:mod:`.description`), so the two always agree.
"""

from __future__ import annotations

import click

from phtkg.commands.context import AppContext, pass_app
from phtkg.commands.errors import fail
from phtkg.commands.options import format_option
from phtkg.output.rows import render

COLUMNS = ["kind", "name", "count"]


def stats_rows(graph) -> list[dict]:
    from phtkg.export.description import category_counts, counts, relation_counts

    rows = [
        {"kind": "total", "name": name, "count": number} for name, number in counts(graph).items()
    ]
    rows += [
        {"kind": "category", "name": name, "count": number}
        for name, number in category_counts(graph)
    ]
    rows += [
        {"kind": "relation", "name": name, "count": number}
        for name, number in relation_counts(graph)
    ]
    return rows


@click.command("stats")
@format_option
@pass_app
def stats_command(app: AppContext, fmt: str | None) -> None:
    """Count what is in the graph: totals, terms per category, facts per relation.

    Totals are triples, entities (IRIs described), classes, properties, distinct
    subjects and objects, individuals, relationships, cross-references and source
    documents. Of the classes, "domain classes" are the terms of the knowledge tables and
    "case rules" the classes the build generates below case record for phtkg check; the
    categories count domain classes only. A category counts the terms under it (at any
    depth); a relation counts the relationships asserted with it. Reads the bundled ontology, or the file given
    with phtkg --ontology.

    \b
    Examples:
      phtkg stats
      phtkg stats --format json
    """
    from phtkg.export.render import prepare
    from phtkg.export.source import SourceError, read_triples

    app.refuse_endpoint("stats")
    try:
        graph = prepare(*read_triples(app.ontology))
    except SourceError as error:
        fail(str(error))
    click.echo(render(stats_rows(graph), fmt or app.default_format(), COLUMNS), nl=False)
