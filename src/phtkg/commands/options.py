"""Options that several commands share, declared once."""

from __future__ import annotations

import click

from phtkg.output.rows import FORMATS, FORMATS_WITH_MD


def reasoner_timeout_option(command):
    """``--timeout`` for the commands that run a reasoner."""
    from phtkg.timeouts import DEFAULT_REASONER_TIMEOUT

    return click.option(
        "--timeout",
        type=click.FloatRange(min=0),
        default=DEFAULT_REASONER_TIMEOUT,
        show_default=True,
        metavar="SECONDS",
        help="Stop the reasoner if it runs longer than this; 0 for no limit.",
    )(command)


def format_option(command, formats: tuple[str, ...] = FORMATS):
    """``--format/-f`` for answers given as rows."""
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(formats),
        default=None,
        help="Output format [default: table on a terminal, else tsv].",
    )(command)


def format_option_with_md(command):
    """``--format/-f`` for answers given as rows, Markdown (``md``) among the formats."""
    return format_option(command, FORMATS_WITH_MD)


class OutputPath(click.Path):
    """A file or folder to write: an empty name is bad input (click would read it as '.')."""

    def __init__(self, *args, folder: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.folder = folder

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            what = "a folder" if self.folder else "a file name"
            dash = ", or '-' for stdout" if self.allow_dash else ""
            self.fail(f"the name is empty: give {what}{dash}", param, ctx)
        return super().convert(value, param, ctx)
