"""The one way a command reports a problem: one line on stderr and an exit status.

Exit statuses: 0 success; 1 nothing found, out of date, or a problem the check was asked
to find; 2 bad input, a check that could not be made, or output that could not be written
(a file, or stdout: a full disk, /dev/full). Never a traceback.
"""

from __future__ import annotations

import errno
import os
import sys
from contextlib import contextmanager

import click

from phtkg.output.text import visible


def fail(message: str, code: int = 2, hint: str = "") -> None:
    """Print ``phtkg: message (hint)`` on stderr and exit with ``code``.

    Control characters in the message (a newline or an escape sequence in a file name or
    a term the user gave) are shown as escapes, so the message stays one line and
    cannot steer the terminal.
    """
    click.echo(visible(f"phtkg: {message}" + (f" ({hint})" if hint else "")), err=True)
    sys.exit(code)


def warn(message: str) -> None:
    """A line on stderr that does not end the command (control characters escaped)."""
    click.echo(visible(f"phtkg: {message}"), err=True)


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


#: What a failed write to an open stream raises (a failed open would name its file).
_WRITE_ERRORS = frozenset(
    getattr(errno, name)
    for name in ("EPIPE", "ENOSPC", "EDQUOT", "EFBIG", "EIO", "EBADF", "ECONNRESET")
    if hasattr(errno, name)
)


def is_output_error(error: OSError) -> bool:
    """Did writing to stdout fail? (Files phtkg writes are named in their errors.)"""
    return error.filename is None and error.errno in _WRITE_ERRORS


def file_failed(error: OSError) -> None:
    """A file the system would not open or stat (a name too long, a loop of links, no
    permission) that no command caught: one line naming the file, exit 2."""
    name = str(error.filename)
    shown = name if len(name) <= 80 else name[:60] + "…" + name[-10:]
    fail(f"cannot use {shown!r}: {error.strerror or error}", 2, "check the file name")


def flush_output() -> None:
    """Send what is still buffered for stdout now, so that a failure is reported here
    rather than as a traceback by the interpreter on its way out."""
    sys.stdout.flush()


def output_failed(error: OSError) -> None:
    """Stdout cannot take the output: one line on stderr, exit 2.

    A reader that went away (``| head``, a broken pipe) is not a problem: exit 1, quietly.
    Stdout is pointed at the null device first, so the interpreter's last flush of what is
    still buffered cannot fail again.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    if error.errno == errno.EPIPE:
        sys.exit(1)
    fail(f"could not write the output: {error.strerror or error}", 2)
