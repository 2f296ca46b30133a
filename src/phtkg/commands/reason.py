"""``phtkg reason``: consistency and unsatisfiable classes, by HermiT, Pellet or OWL 2 RL."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

import click

from phtkg.commands.context import AppContext, pass_app
from phtkg.commands.errors import fail, warn
from phtkg.commands.options import OutputPath, reasoner_timeout_option
from phtkg.timeouts import exit_now

if TYPE_CHECKING:
    from phtkg.reasoning.reason import ReasonResult


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
    type=OutputPath(dir_okay=False),
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
@reasoner_timeout_option
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
    timeout: float,
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
        import phtkg.reasoning.reason  # noqa: F401  (owlready2 and rdflib must be there)
    except ImportError as error:
        fail(f"the reasoner is not available: {error}", 2)
    if not files and app.ontology:
        files = (str(app.ontology),)
    sys.exit(
        run_reason(
            files=files,
            reasoner=reasoner,
            memory_mb=memory_mb,
            consistency_only=consistency_only,
            explain=explain,
            inferred=inferred,
            explain_seconds=explain_seconds,
            timeout=timeout,
        )
        or 0
    )


def _note(message: str) -> None:
    click.echo(message, err=True)


def run_reason(
    files=(),
    reasoner: str = "hermit",
    memory_mb: int = 2000,
    consistency_only: bool = False,
    explain: bool = False,
    inferred: str | None = None,
    explain_seconds: float | None = None,
    timeout: float | None = None,
) -> int:
    """Check the given files (or the embedded ontology), print a report, return the exit code.

    Problems that stop the check (unreadable input, a broken Java) go to stderr as one
    line, so scripts can tell them apart from the report on stdout; so do notes (an
    import that was not loaded, the fallback to OWL 2 RL).
    """
    from phtkg.reasoning.java import probe_in_background
    from phtkg.reasoning.reason import (
        REASONERS,
        RdfFileError,
        exit_code,
        format_report,
        load_graph,
        load_input,
        reason,
        write_inferred,
    )

    if reasoner not in REASONERS:
        return _fail(f"unknown reasoner {reasoner!r} (choose from {', '.join(REASONERS)})")
    if inferred and consistency_only:
        return _fail("--inferred needs the classification that --consistency-only skips")
    probe = None if reasoner == "rl" else probe_in_background(prefer_newest=reasoner == "pellet")
    try:
        graph = load_graph(files, on_note=_note) if reasoner == "rl" else load_input(files, _note)
    except RdfFileError as exc:
        return _fail(str(exc))
    finally:
        if probe is not None:
            probe.join()  # its answer is kept for the reasoner's own call
    result = reason(graph, reasoner, memory_mb, consistency_only, on_note=_note, timeout=timeout)
    if result.timed_out:
        warn(f"{result.message} (raise --timeout, or 0 for no limit)")
        if result.reasoner == "rl":  # the rules may still be running in a worker thread
            exit_now(2)
        return 2
    if not result.completed:
        return _fail(result.message)
    click.echo(format_report(result))
    if explain and exit_code(result) == 1:
        _print_explanation(graph, result, memory_mb, explain_seconds)
    if inferred and not result.consistent:
        _note(
            f"note: nothing written to {inferred}: an inconsistent ontology entails "
            "everything, so there is no inferred hierarchy to write"
        )
    elif inferred:
        try:
            count = write_inferred(result, inferred)
        except OSError as exc:
            return _fail(f"{inferred}: cannot write: {exc.strerror or exc}")
        click.echo(f"inferred: {count} statements written to {inferred}")
    if consistency_only:
        return 0 if result.consistent else 1
    return exit_code(result)


def _fail(message: str) -> int:
    warn(message)
    return 2


def _print_explanation(graph, result: ReasonResult, memory_mb: int, seconds: float | None) -> None:
    """Print a minimal set of axioms behind the inconsistency, or behind each empty class."""
    from phtkg.reasoning import explain
    from phtkg.reasoning.reason import as_graph, dl_oracle, labels_by_iri

    graph = as_graph(graph)
    oracle = dl_oracle(result, memory_mb)
    labels = labels_by_iri(graph)
    budget = seconds if seconds is not None else explain.DEFAULT_SECONDS
    deadline = time.monotonic() + budget
    targets = (
        [None]
        if not result.consistent
        else explain.simplest_first(graph, [iri for iri, _ in result.unsatisfiable])
    )
    for target in targets[:5]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            click.echo(
                f"(no time left for more explanations within {budget:.0f} s; "
                "raise --explain-seconds)"
            )
            break
        found = explain.explain(graph, labels, oracle, target, remaining)
        if target is None:
            title = "why the ontology is inconsistent"
        else:
            title = f"why {labels.get(target) or '<' + target + '>'} is unsatisfiable"
        how = "minimal" if found.minimal else "not minimal"
        click.echo(
            f"explanation ({title}; {len(found.axioms)} axioms, {how}, "
            f"{found.checks} checks, {found.seconds:.1f} s):"
        )
        for axiom in found.axioms:
            click.echo(f"  {axiom}")
        if found.note:
            click.echo(f"  ({found.note})")
    if len(targets) > 5:
        click.echo(
            f"(explanations for the other {len(targets) - 5} unsatisfiable classes "
            "are left out; check them one file at a time)"
        )
