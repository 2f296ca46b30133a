"""``phtkg site -o DIR``: write the browsable offline site of the graph."""

from __future__ import annotations

from pathlib import Path

import click

from phtkg.commands.context import AppContext, pass_app
from phtkg.commands.errors import fail
from phtkg.commands.options import OutputPath


@click.command("site")
@click.option(
    "--output",
    "-o",
    "output",
    required=True,
    metavar="DIR",
    type=OutputPath(folder=True, path_type=Path),
    help="Folder to write the site to: new, empty, or made by an earlier 'phtkg site'.",
)
@pass_app
def site_command(app: AppContext, output: Path) -> None:
    """Write a static HTML site of the graph that works offline, from file://.

    One page per term (definition, synonyms, cross-references, every relationship with
    its sources and sections, a diagram of its neighbourhood), a home page by category,
    an aggravation map, the documents' disagreements, the sources, search over labels
    and synonyms, and a print stylesheet for handouts. Nothing is loaded from another
    host. The same graph always gives the same files. DIR must be new, empty or made by an
    earlier 'phtkg site': its files are replaced, and any file phtkg did not write is left
    alone (DIR/.phtkg-site lists the files it wrote). Open DIR/index.html.

    \b
    Examples:
      phtkg site -o site
      phtkg --ontology my-graph.ttl site -o /tmp/my-site
    """
    from phtkg.site import build, writer
    from phtkg.site.paths import UnsafeName

    try:
        writer.check_target(Path(output))
    except writer.SiteFolderError as error:
        fail(str(error), 2, error.hint)
    store = app.local_store()
    try:
        files = build.site_files(store)
        folder = writer.write_site(Path(output), files)
    except writer.SiteFolderError as error:
        fail(str(error), 2, error.hint)
    except UnsafeName as error:
        fail(str(error), 2)
    except OSError as error:
        where = f" {error.filename!r}" if error.filename else ""
        fail(f"cannot write the site{where}: {error.strerror or error}", 2)
    click.echo(
        f"wrote {build.page_count(files)} pages to {folder}; "
        f"open {(folder / 'index.html').as_uri()}"
    )
