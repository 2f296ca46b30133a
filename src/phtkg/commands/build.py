"""``phtkg build``: the ontology files from the knowledge tables, or a check that they agree."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from phtkg.commands.errors import fail, warn
from phtkg.commands.options import OutputPath


def _same_files(built: list[Path], committed: Path) -> list[str]:
    """Names of built files that differ from (or are missing in) ``committed``."""
    return [
        path.name
        for path in built
        if not (committed / path.name).is_file()
        or (committed / path.name).read_bytes() != path.read_bytes()
    ]


@click.command("build")
@click.option(
    "--tables",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of knowledge tables [default: the bundled ontology/src].",
)
@click.option(
    "--output",
    type=OutputPath(file_okay=False, folder=True, path_type=Path),
    default=None,
    help="Folder to write phtkg.ttl and phtkg.owl to [default: the bundled ontology/].",
)
@click.option(
    "--check",
    is_flag=True,
    help="Do not write; exit 1 if the files in the output folder are out of date.",
)
def build_command(tables: Path | None, output: Path | None, check: bool) -> None:
    """Build the ontology (Turtle and RDF/XML) from the knowledge tables.

    Reads the tables, checks that they agree with each other and writes phtkg.ttl and
    phtkg.owl. The build is deterministic, so --check can verify in CI that the
    committed files match the tables.

    \b
    Examples:
      phtkg build
      phtkg build --check
    """
    import tempfile

    from phtkg import resources
    from phtkg.build.builder import build_ontology
    from phtkg.build.tables import TableError
    from phtkg.store.embedded import clear_cache

    tables = tables or resources.tables_dir()
    output = output or resources.ontology_dir()
    if not tables.is_dir():
        fail(f"no tables folder {str(tables)!r}", 2, "see 'phtkg build --help'")
    try:
        if check:
            with tempfile.TemporaryDirectory() as scratch:
                stale = _same_files(build_ontology(tables, Path(scratch)), output)
            if stale:
                fail(f"out of date: {', '.join(stale)} in {output}", 1, "run 'phtkg build'")
            click.echo(f"up to date: {output}")
            return
        written = build_ontology(tables, output)
    except TableError as error:
        problems = str(error).splitlines()
        if len(problems) > 1:
            warn(f"{len(problems)} problems in the tables:")
            click.echo("\n".join(problems), err=True)
            sys.exit(2)
        fail(f"problem in the tables: {problems[0] if problems else error}", 2)
    except (OSError, ValueError) as error:
        fail(f"cannot build: {error}", 2)
    clear_cache()
    click.echo("wrote " + ", ".join(str(path) for path in written))
