"""The one way a command reports a problem: one line on stderr and an exit status.

Exit statuses: 0 success; 1 nothing found, out of date, or a problem the check was asked
to find; 2 bad input or a check that could not be made. Never a traceback.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager

import click


def fail(message: str, code: int = 2, hint: str = "") -> None:
    """Print ``phtkg: message (hint)`` on stderr and exit with ``code``."""
    click.echo(f"phtkg: {message}" + (f" ({hint})" if hint else ""), err=True)
    sys.exit(code)


def warn(message: str) -> None:
    """A line on stderr that does not end the command."""
    click.echo(f"phtkg: {message}", err=True)


@contextmanager
def reported_errors(command_path: str):
    """Turn lookup and query problems into one-line messages and exit statuses."""
    from phtkg.lookups import UnknownCategory
    from phtkg.lookups.terms import EmptyTerm, TermNotFound
    from phtkg.store.queries import QueryError

    hint = f"see '{command_path} --help'"
    try:
        yield
    except TermNotFound as error:
        fail(str(error), 1)
    except (EmptyTerm, UnknownCategory) as error:
        fail(str(error), 2, hint)
    except QueryError as error:
        fail(f"query failed: {error}", 2)


def quiet_broken_pipe() -> None:
    """The reader went away (e.g. ``| head``): stop without a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(1)
