"""Options that several commands share, declared once."""

from __future__ import annotations

import click

from phtkg.output.rows import FORMATS


def format_option(command):
    """``--format/-f`` for answers given as rows."""
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(FORMATS),
        default=None,
        help="Output format [default: table on a terminal, else tsv].",
    )(command)
