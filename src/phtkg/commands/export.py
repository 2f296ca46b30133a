"""``phtkg export``: the graph in an RDF syntax, as KGX, SSSOM or CSV, on stdout or to files.

Problems are one line on stderr with exit status 2 (bad input, an unreadable ontology, a
file that cannot be written); a failed export writes nothing.
"""

from __future__ import annotations

from pathlib import Path

import click

from phtkg.commands.context import AppContext, pass_app
from phtkg.commands.errors import fail, warn
from phtkg.commands.options import OutputPath
from phtkg.export import FORMATS
from phtkg.store import syntaxes

_HELP_FORMATS = (
    f"{syntaxes.help_list(syntaxes.EXPORTED)}: the graph; ofn, owx: the graph in OWL "
    "Functional Syntax and OWL/XML; obo, obojson: the terms, their definitions, synonyms, "
    "cross-references and relationships as an OBO flat file and OBO Graphs JSON; kgx: "
    "Biolink KGX node and edge tables; sssom: the cross-references; csv: one "
    "row per relationship; void: the dataset description alone."
)


def targets(output: Path, parts: dict[str, bytes]) -> dict[Path, bytes]:
    """Where each part goes: the main part to ``output``, the others to ``output + suffix``."""
    return {
        (output if not suffix else output.with_name(output.name + suffix)): data
        for suffix, data in parts.items()
    }


@click.command("export")
@click.option(
    "--format", "-f", "fmt", type=click.Choice(FORMATS), required=True, help=_HELP_FORMATS
)
@click.option(
    "--output",
    "-o",
    type=OutputPath(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    help="Write to this file (kgx: PREFIX, giving PREFIX_nodes.tsv and "
    "PREFIX_edges.tsv and PREFIX_context.jsonld) and the dataset description to PATH.void.ttl "
    "[default: stdout; '-', a device or a FIFO is written to as it is, without the "
    "description].",
)
@click.option(
    "--inferred",
    is_flag=True,
    help="Add the class hierarchy and types the HermiT reasoner infers (needs Java).",
)
@click.option(
    "--no-description",
    is_flag=True,
    help="With --output, do not write the PATH.void.ttl description.",
)
@pass_app
def export_command(
    app: AppContext, fmt: str, output: Path | None, inferred: bool, no_description: bool
) -> None:
    """Export the knowledge graph for other tools.

    RDF exports are lossless: read back, each is the same graph (N-Quads and TriG also
    put each source document's claims in a named graph named after the document). The
    output is the same bytes every time, and with --output it is written atomically: a
    failed export leaves no partial file and never damages an existing one. Reads the
    bundled ontology, or the file given with phtkg --ontology.

    \b
    Examples:
      phtkg export --format turtle -o phtkg.ttl
      phtkg export --format nquads -o phtkg.nq
      phtkg export --format kgx -o phtkg
      phtkg export --format obo -o phtkg.obo
      phtkg export --format csv > relationships.csv
    """
    from phtkg.export.render import description_turtle, prepare, render
    from phtkg.export.source import SourceError, read_triples
    from phtkg.files import is_stream, write_all, write_stdout

    app.refuse_endpoint("export", "use --ontology FILE to export a file")
    if output is not None and str(output) == "-":
        output = None
    if fmt == "kgx" and output is None:
        fail("--format kgx writes three files: give --output PREFIX")
    try:
        graph = prepare(*read_triples(app.ontology))
    except SourceError as error:
        fail(str(error))
    extra = frozenset()
    if inferred:
        from phtkg.export.inferred import NotInferred, inferred_triples

        try:
            extra = frozenset(inferred_triples(graph))
        except NotInferred as error:
            warn(str(error))
        for triple in extra:
            graph.add(triple)
    try:
        parts = render(graph, fmt, extra)
    except ValueError as error:
        fail(f"cannot export as {fmt}: {' '.join(str(error).split())}")
    if output is None:
        write_stdout(parts[""])
        return
    files = targets(output, parts)
    if fmt != "void" and not no_description and not is_stream(output):
        files[output.with_name(output.name + ".void.ttl")] = description_turtle(
            graph, fmt, tuple(path.name for path in files), bool(extra)
        )
    made = [str(path) for path in files if not is_stream(path)]
    try:
        write_all(files)
    except OSError as error:
        where = error.filename or output
        fail(f"cannot write {str(where)!r}: {error.strerror or error}")
    if made:  # a stream gets the data alone (it may be this very stdout: /dev/stdout)
        click.echo("wrote " + ", ".join(made))
