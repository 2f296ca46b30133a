"""``phtkg reason``: consistency and unsatisfiable classes, by HermiT, Pellet or OWL 2 RL."""

from __future__ import annotations

import sys

import click

from phtkg.commands.context import AppContext, pass_app
from phtkg.commands.errors import fail


@click.command("reason")
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
@pass_app
def reason_command(
    app: AppContext,
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
    if not files and app.ontology:
        files = (str(app.ontology),)
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
