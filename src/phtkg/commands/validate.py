"""``phtkg validate``: the SHACL shapes and the quality report, on the embedded graph or files.

Both halves answer with :class:`phtkg.validation.report.Finding` rows, so one table, TSV, JSON or
Markdown output serves them, and ``--fail-on`` sets which level makes the command fail
(exit 1). A file that cannot be read safely is one line on stderr and exit 2; files are
read by :mod:`phtkg.store.safe_rdf`, which refuses XML external entities and entity bombs and
never fetches anything.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from phtkg.commands.context import AppContext, pass_app
from phtkg.commands.errors import fail
from phtkg.output.rows import to_json, to_markdown, to_table, to_tsv

FORMATS = ("table", "tsv", "json", "md")
COLUMNS = ["level", "check", "subject", "property", "value", "note"]
CHECK_COLUMNS = ["check", "level", "kind", "description"]
FAIL_ON = ("error", "warn", "info", "none")


def load_store(files: tuple[str, ...]):
    """A pyoxigraph store of ``files`` merged, or of the embedded ontology if none."""
    from phtkg.resources import ontology_turtle
    from phtkg.store.embedded import load_file

    if not files:
        return load_file(ontology_turtle())
    from phtkg.store.safe_rdf import RdfFileError, load_rdf_files
    from phtkg.validation.shacl import to_store

    try:
        graph = load_rdf_files([Path(name) for name in files], follow_imports=False)
        return to_store(graph)
    except RdfFileError as error:
        fail(str(error))
    except ValueError as error:  # a term pyoxigraph refuses, e.g. a malformed language tag
        fail(f"cannot read {', '.join(files)}: {' '.join(str(error).split())}")


def sort_key(finding) -> tuple:
    from phtkg.validation.report import level_rank

    return (
        level_rank(finding.level),
        finding.check,
        finding.subject,
        finding.property,
        finding.value,
        finding.note,
    )


def render(rows: list[dict], fmt: str, columns: list[str]) -> str:
    if fmt == "table":
        return to_table(rows, columns) if rows else ""
    if fmt == "json":
        return to_json(rows)
    if fmt == "md":
        return to_markdown(rows, columns)
    return to_tsv(rows, columns)


def summary(findings) -> str:
    from phtkg.validation.report import LEVELS

    if not findings:
        return "no findings"
    counts = [f"{sum(1 for f in findings if f.level == level)} {level}" for level in LEVELS]
    return ", ".join(count for count in counts if not count.startswith("0 "))


def failing(findings, fail_on: str) -> bool:
    """True when a finding is at or above the ``--fail-on`` level."""
    from phtkg.validation.report import LEVELS, level_rank

    if fail_on == "none":
        return False
    threshold = LEVELS.index(fail_on.upper())
    return any(level_rank(finding.level) <= threshold for finding in findings)


def check_rows() -> list[dict]:
    """Every check, report and shape, with its level and what it finds."""
    from phtkg.validation.report import CHECKS
    from phtkg.validation.shacl import shape_checks

    rows = [
        {
            "check": check.id,
            "level": check.level,
            "kind": "report",
            "description": check.description,
        }
        for check in CHECKS
    ]
    return rows + [{**row, "kind": "shape"} for row in shape_checks()]


@click.command("validate")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format [default: table on a terminal, else tsv].",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON, case_sensitive=False),
    default="error",
    show_default=True,
    help="Exit 1 when a finding at this level or a more severe one exists.",
)
@click.option("--list-checks", is_flag=True, help="List every check with its level and exit.")
@pass_app
def validate_command(
    app: AppContext, files: tuple[str, ...], fmt: str | None, fail_on: str, list_checks: bool
) -> None:
    """Check the ontology with SHACL shapes and a quality report.

    Runs the SHACL shapes of ontology/shapes.ttl (every class has a label, a
    definition and a source; restrictions respect domains and ranges; provenance is
    well formed) and the report checks (labels, definitions, the ontology header,
    undeclared terms, domains, ranges, inverses, hierarchy cycles, ...), each finding
    with a level: ERROR, WARN or INFO. Checks FILES if given (Turtle, RDF/XML,
    N-Triples, JSON-LD, ...; the format comes from the extension), else the bundled
    ontology. Exit 0 when no finding reaches --fail-on, 1 when one does, 2 when a file
    cannot be read.

    \b
    Examples:
      phtkg validate
      phtkg validate my-ontology.ttl --fail-on warn --format md
      phtkg validate --list-checks
    """
    from phtkg.store.queries import QueryError
    from phtkg.validation.run import all_findings
    from phtkg.validation.shacl import ShapesError, load_shapes

    fmt = fmt or app.default_format()
    if list_checks:
        try:
            rows = check_rows()
        except ShapesError as error:
            fail(str(error))
        click.echo(render(rows, fmt, CHECK_COLUMNS), nl=False)
        return
    if not files and app.ontology:
        files = (str(app.ontology),)
    store = load_store(files)
    try:
        shapes = load_shapes()
        findings = all_findings(store, shapes)
    except (ShapesError, QueryError) as error:
        fail(str(error))
    findings.sort(key=sort_key)
    rows = [finding.as_dict() for finding in findings]
    click.echo(render(rows, fmt, COLUMNS), nl=False)
    if fmt == "table":
        click.echo(("\n" if rows else "") + summary(findings))
    sys.exit(1 if failing(findings, fail_on.lower()) else 0)
