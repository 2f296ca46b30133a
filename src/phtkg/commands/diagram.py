"""``phtkg diagram``: a term's neighbourhood, or a teaching view, as Mermaid, DOT, SVG or PNG.

Mermaid and DOT are text and need nothing; svg and png are laid out by Graphviz's ``dot``
program (or, with ``--builtin``, svg by the pure-Python layered layout the web site uses).
Exit statuses: 0 drawn; 1 the term is unknown or has no facts to draw; 2 bad input, an
ambiguous term, a file that cannot be written, or Graphviz missing or failing. Errors are
one line on stderr and a failed command writes no file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from phtkg.commands.context import AppContext, pass_app
from phtkg.commands.errors import fail, reported_errors, warn
from phtkg.commands.options import OutputPath
from phtkg.files import STDOUT

FORMATS = ("mermaid", "dot", "svg", "png")
VIEWS = ("aggravation", "rehab")
EXTENSIONS = {
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
    ".dot": "dot",
    ".gv": "dot",
    ".svg": "svg",
    ".png": "png",
}


def stdout_is_terminal() -> bool:
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty())


def choose_format(fmt: str | None, output: Path | None) -> str:
    """--format if given, else the one -o's extension names, else mermaid."""
    if fmt:
        return fmt
    if output is None:
        return "mermaid"
    suffix = output.suffix.lower()
    if suffix not in EXTENSIONS:
        fail(
            f"cannot tell the format from {output.name!r}",
            2,
            "give --format mermaid, dot, svg or png, or a file ending in "
            ".mmd, .dot, .gv, .svg or .png",
        )
    return EXTENSIONS[suffix]


def _term(text: str, store):
    """The one term TERM names; several matches are an error that lists them."""
    from phtkg.lookups.terms import resolve

    with reported_errors(click.get_current_context().command_path):
        matches = resolve(text, store)
    if len(matches) > 1:
        names = ", ".join(f"{m.label} ({m.curie})" for m in matches[:8])
        more = f" and {len(matches) - 8} more" if len(matches) > 8 else ""
        fail(
            f"{text.strip()!r} matches {len(matches)} terms: {names}{more}",
            2,
            "give one of them, e.g. by its CURIE",
        )
    match = matches[0]
    if not match.exact:
        warn(f"{text!r} matched 1 term: {match.label} ({match.curie})")
    return match


def _build(store, term, view, depth, relations, max_nodes):
    from phtkg.diagram import aggravation_view, neighbourhood, rehab_view
    from phtkg.diagram.relations import UnknownRelation

    from ..lookups import DEFAULT_CONDITION

    if view == "aggravation":
        return aggravation_view(store), None
    if view == "rehab":
        return rehab_view(store), None
    match = _term(term if term is not None else DEFAULT_CONDITION, store)
    with reported_errors(click.get_current_context().command_path):
        try:
            return neighbourhood(
                store, match.iri, depth=depth, relations=relations, max_nodes=max_nodes
            ), match
        except UnknownRelation as error:
            fail(str(error), 2, "see 'phtkg query diagram-relations' for all of them")


def _render(diagram, fmt: str, builtin: bool) -> bytes:
    from phtkg.diagram import render_dot, render_mermaid, render_svg
    from phtkg.diagram.graphviz import GraphvizError, run_graphviz

    if fmt == "mermaid":
        return render_mermaid(diagram).encode("utf-8")
    if fmt == "dot":
        return render_dot(diagram).encode("utf-8")
    if fmt == "svg" and builtin:
        return render_svg(diagram).encode("utf-8")
    try:
        return run_graphviz(render_dot(diagram), fmt)
    except GraphvizError as error:
        fail(str(error), 2)


def _report_left_out(diagram, depth: int, narrowed: bool) -> None:
    count = diagram.left_out
    if not count:
        return
    shown = len(diagram.nodes)
    hints = [f"--max-nodes {shown + count} to draw them all"]
    if not narrowed:
        hints.append("--relation R to keep some relations")
    if depth > 1:
        hints.append("--depth 1 for the nearest terms only")
    click.echo(
        f"phtkg: drew {shown} of {shown + count} terms, {count} left out ({', '.join(hints)})",
        err=True,
    )


@click.command("diagram")
@click.argument("term", required=False)
@click.option(
    "--depth",
    type=click.IntRange(1, 3),
    default=None,
    help="How many facts away from TERM to go, 1 to 3 [default: 1].",
)
@click.option(
    "--relation",
    "relations",
    multiple=True,
    metavar="R",
    help='Draw only this relation: a label ("aggravates"), local name or CURIE '
    '(pht:hasFeature); "is a kind of" for broader terms. Repeatable.',
)
@click.option(
    "--view",
    type=click.Choice(VIEWS),
    default=None,
    help="Instead of a term: aggravation (loads by load type and what they "
    "aggravate) or rehab (the phases with their contents and criteria).",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="mermaid or dot (text, need nothing), svg or png (need Graphviz) "
    "[default: from -o's extension, else mermaid].",
)
@click.option(
    "--output",
    "-o",
    type=OutputPath(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    help="Write to this file (.mmd, .dot/.gv, .svg, .png) [default: stdout, also '-'].",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=None,
    help="Draw at most this many terms [default: 24]; stderr says how many were left out.",
)
@click.option(
    "--builtin",
    is_flag=True,
    help="With svg: draw with the built-in layered layout (pure Python, no "
    "Graphviz), as on the web site.",
)
@pass_app
def diagram_command(
    app: AppContext,
    term: str | None,
    depth: int | None,
    relations: tuple[str, ...],
    view: str | None,
    fmt: str | None,
    output: Path | None,
    max_nodes: int | None,
    builtin: bool,
) -> None:
    """Draw a term's neighbourhood, or a teaching view, as a diagram.

    Draws the facts about TERM (default: proximal hamstring tendinopathy) in both
    directions and its broader terms, out to --depth steps, with terms coloured by
    category, arrows labelled by relation and a legend. A hub has too many neighbours
    for one slide, so at most --max-nodes terms are drawn, shared out over the
    relations, and stderr says how many were left out. --view draws the aggravating
    loads by load type, or the rehabilitation phases in order.

    \b
    Examples:
      phtkg diagram
      phtkg diagram "prolonged sitting" -o sitting.png
      phtkg diagram PHT --relation aggravates --relation "is risk factor for" -o pht.svg
      phtkg diagram --view rehab --format dot > rehab.dot
      phtkg diagram --view aggravation --format svg --builtin -o loads.svg
    """
    from phtkg.diagram.neighbourhood import DEFAULT_DEPTH, DEFAULT_MAX_NODES

    if view and term is not None:
        raise click.UsageError("give either TERM or --view, not both")
    if view and (depth is not None or relations or max_nodes is not None):
        raise click.UsageError("--depth, --relation and --max-nodes apply to a term, not to --view")
    if output is not None and str(output) == STDOUT:
        output = None
    fmt = choose_format(fmt, output)
    if builtin and fmt != "svg":
        raise click.UsageError("--builtin draws svg only")
    if fmt == "png" and output is None and stdout_is_terminal():
        fail("png is binary and stdout is a terminal", 2, "write it to a file with -o FILE.png")
    depth = depth or DEFAULT_DEPTH
    max_nodes = max_nodes or DEFAULT_MAX_NODES
    store = app.store()
    diagram, match = _build(store, term, view, depth, relations, max_nodes)
    if not diagram.edges:
        what = match.label if match else view
        narrowed = (
            f" with the relation{'s' if len(relations) > 1 else ''} {', '.join(relations)}"
            if relations
            else ""
        )
        fail(f"the graph has no class-level facts about {what}{narrowed} to draw", 1)
    data = _render(diagram, fmt, builtin)
    from phtkg.files import is_stream, write_atomically, write_stdout

    if output is None:
        write_stdout(data)
    else:
        stream = is_stream(output)  # a device or FIFO gets the drawing alone
        try:
            write_atomically(output, data)
        except OSError as error:
            fail(f"cannot write {str(output)!r}: {error.strerror or error}", 2)
        if not stream:
            click.echo(f"wrote {output}")
    if match is not None:
        _report_left_out(diagram, depth, bool(relations))
