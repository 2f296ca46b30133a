"""The ``phtkg`` group: commands loaded only when run, and errors as one line.

Each command lives in its own module under :mod:`phtkg.commands` and is imported only
when it runs, so a lookup does not pay for HTTP, SPARQL parsing, rdflib or a reasoner.
``phtkg --help`` lists every command from the summaries in :data:`COMMANDS` without
importing any of them (a test keeps those summaries equal to the commands' own).
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass

import click
from click.utils import make_default_short_help

from phtkg.commands.errors import (
    fail,
    file_failed,
    flush_output,
    is_output_error,
    output_failed,
)


@dataclass(frozen=True)
class Entry:
    """Where a command is defined, and the first sentence of its help."""

    module: str
    attribute: str
    summary: str


COMMANDS: dict[str, Entry] = {
    "aggravates": Entry(
        "phtkg.commands.lookups",
        "aggravates_command",
        "Show what aggravates a condition, structure or symptom (default: PHT).",
    ),
    "aggravated-by": Entry(
        "phtkg.commands.lookups",
        "aggravated_by_command",
        "Show what an activity, posture or load aggravates, and how.",
    ),
    "ancestors": Entry(
        "phtkg.commands.navigation",
        "ancestors_command",
        "Show every class above a term, nearest first, with the distance.",
    ),
    "build": Entry(
        "phtkg.commands.build",
        "build_command",
        "Build the ontology (Turtle and RDF/XML) from the knowledge tables.",
    ),
    "check": Entry(
        "phtkg.commands.check",
        "check_command",
        "Check a case or plan (YAML or Turtle) against the ontology with HermiT.",
    ),
    "describe": Entry(
        "phtkg.commands.lookups",
        "describe_command",
        "Show everything the graph says about a term.",
    ),
    "descendants": Entry(
        "phtkg.commands.navigation",
        "descendants_command",
        "Show every class below a term, nearest first, with the distance.",
    ),
    "diagram": Entry(
        "phtkg.commands.diagram",
        "diagram_command",
        "Draw a term's neighbourhood, or a teaching view, as a diagram.",
    ),
    "export": Entry(
        "phtkg.commands.export",
        "export_command",
        "Export the knowledge graph for other tools.",
    ),
    "list": Entry(
        "phtkg.commands.lookups",
        "list_command",
        "List the terms of a category, with parent, definition and sources.",
    ),
    "paths": Entry(
        "phtkg.commands.navigation",
        "paths_command",
        "Show how two terms are connected: the shortest paths of facts between them.",
    ),
    "push": Entry(
        "phtkg.commands.push",
        "push_command",
        "Upload the graph to a triple store.",
    ),
    "query": Entry(
        "phtkg.commands.query",
        "query_command",
        "Run a SPARQL query: a bundled query by name, a .rq file, or -e TEXT.",
    ),
    "reason": Entry(
        "phtkg.commands.reason",
        "reason_command",
        "Check the ontology with a reasoner: consistency and unsatisfiable classes.",
    ),
    "related": Entry(
        "phtkg.commands.navigation",
        "related_command",
        "Show the neighbourhood of a term: every term within some steps of it.",
    ),
    "search": Entry(
        "phtkg.commands.lookups",
        "search_command",
        "Find terms whose label or synonym contains some text.",
    ),
    "site": Entry(
        "phtkg.commands.site",
        "site_command",
        "Write a static HTML site of the graph that works offline, from file://.",
    ),
    "stats": Entry(
        "phtkg.commands.stats",
        "stats_command",
        "Count what is in the graph: totals, terms per category, facts per relation.",
    ),
    "tree": Entry(
        "phtkg.commands.navigation",
        "tree_command",
        "Show the class hierarchy below a term as an indented tree.",
    ),
    "validate": Entry(
        "phtkg.commands.validate",
        "validate_command",
        "Check the ontology with SHACL shapes and a quality report.",
    ),
}


def load_command(name: str) -> click.Command:
    """Import the module that defines command ``name`` and return the command."""
    entry = COMMANDS[name]
    return getattr(importlib.import_module(entry.module), entry.attribute)


class PhtkgGroup(click.Group):
    """Lazy commands, and usage errors as one line on stderr (exit 2), never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, name: str):
        if name in COMMANDS and name not in self.commands:
            self.add_command(load_command(name), name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the static summaries: nothing is imported to print it."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in COMMANDS and name not in self.commands:
                rows.append((name, make_default_short_help(COMMANDS[name].summary, limit)))
            else:
                rows.append((name, self.commands[name].get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            try:
                result = self._run(args, prog_name, complete_var, **extra)
            finally:
                flush_output()
        except OSError as error:
            if not is_output_error(error):
                raise
            output_failed(error)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)

    def _run(self, args, prog_name, complete_var, **extra):
        """The command, with click's exceptions turned into one line and an exit status."""
        try:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as error:
            click.echo(error.ctx.get_help() if error.ctx else str(error))
            sys.exit(0)
        except click.UsageError as error:
            hint = f"see '{error.ctx.command_path} --help'" if error.ctx else "see 'phtkg --help'"
            fail(error.format_message().replace("\n", " "), 2, hint)
        except click.ClickException as error:
            fail(error.format_message().replace("\n", " "), error.exit_code)
        except click.Abort as error:
            if isinstance(error.__cause__, KeyboardInterrupt):
                sys.exit(130)  # Ctrl-C, as a shell reports it
            fail("aborted", 1)
        except KeyboardInterrupt:
            sys.exit(130)
        except OSError as error:
            if error.filename is None:
                raise  # stdout (see main) or a bug: not a file the user named
            file_failed(error)
