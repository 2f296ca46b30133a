"""The application context: what the group's options chose, built once per command line.

Every command receives it with :data:`pass_app` instead of reading an untyped dict.
It knows which engine to ask (the embedded graph, an ``--ontology`` file or an
``--endpoint``), the remote options, and how output is shown (format and colour).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from phtkg.commands.errors import fail
from phtkg.timeouts import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_MB,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_RETRIES,
    DEFAULT_TOTAL_TIMEOUT,
    Deadline,
)


def _stdout_is_terminal() -> bool:
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty())


@dataclass
class AppContext:
    """The group's choices, typed; the defaults are those of a bare ``phtkg`` call."""

    ontology: Path | None = None
    endpoint: str | None = field(default=None, repr=False)  # may hold user:password@
    graph: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    auth: str = "basic"
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT
    max_response_mb: float = DEFAULT_MAX_RESPONSE_MB
    retries: int = DEFAULT_RETRIES
    colour: bool = field(
        default_factory=lambda: _stdout_is_terminal() and "NO_COLOR" not in os.environ
    )
    #: Every request of this command to an endpoint shares one total timeout.
    deadline: Deadline | None = field(default=None, repr=False, compare=False)

    @property
    def engine_kind(self) -> str:
        """``endpoint``, ``file`` (--ontology) or ``embedded`` (the bundled graph)."""
        if self.endpoint:
            return "endpoint"
        return "file" if self.ontology else "embedded"

    def default_format(self) -> str:
        """table on a terminal, else tsv: one switch for every command."""
        from phtkg.output import rows

        return rows.default_format()

    def remote_options(self) -> dict:
        """Constructor arguments for a remote engine or transport.

        Credentials come from ``--user``/``--password`` or the environment
        (``PHTKG_USER``, ``PHTKG_PASSWORD``), which keeps the password out of the
        process list; failing those, the transport looks in the URL and ``~/.netrc``.
        Every engine and transport of one command shares the same deadline.
        """
        if self.deadline is None:
            self.deadline = Deadline(self.total_timeout)
        return {
            "graph": self.graph,
            "user": self.user or os.environ.get("PHTKG_USER") or None,
            "password": self.password or os.environ.get("PHTKG_PASSWORD") or None,
            "auth": self.auth or "basic",
            "connect_timeout": self.connect_timeout,
            "read_timeout": self.read_timeout,
            "retries": self.retries,
            "total_timeout": self.total_timeout,
            "max_response_mb": self.max_response_mb,
            "deadline": self.deadline,
        }

    def store(self):
        """The engine to ask: the remote endpoint if one was given, else the local graph."""
        return self.remote_engine() if self.endpoint else self.local_store()

    def local_store(self):
        """The local graph, loaded once; an unreadable or refused file is a one-line error."""
        from phtkg import resources
        from phtkg.store.embedded import ontology_store

        try:
            return ontology_store(self.ontology)
        except (OSError, SyntaxError, ValueError) as error:
            if self.ontology is not None:  # a file the user gave went through the checks
                from phtkg.store.safe_rdf import RdfFileError

                if isinstance(error, RdfFileError):  # names the file already
                    fail(f"cannot read the ontology: {error}", 2)
            fail(
                f"cannot read the ontology {str(self.ontology or resources.ontology_turtle())!r}: "
                f"{' '.join(str(error).split())}",
                2,
            )

    def remote_engine(self):
        """The SPARQL endpoint named by --endpoint (and scoped by --graph).

        An endpoint that cannot be reached or answers with an HTTP error ends the
        command with one line on stderr and exit status 2, never a traceback.
        """
        from phtkg.store.http import RemoteError
        from phtkg.store.remote import RemoteEngine

        try:
            return _OneLineRemoteErrors(RemoteEngine(self.endpoint, **self.remote_options()))
        except RemoteError as error:
            fail(str(error), 2, "see 'phtkg --help'")

    def refuse_endpoint(self, command: str, hint: str = "") -> None:
        """Commands that read the local graph only say so when given --endpoint."""
        if self.endpoint:
            fail(f"{command} reads the local graph, not --endpoint", 2, hint)


class _OneLineRemoteErrors:
    """An engine whose failures end the command with one line (exit 2)."""

    def __init__(self, engine):
        self.engine = engine

    def __getattr__(self, name):
        return getattr(self.engine, name)

    def query(self, text: str, substitutions: dict | None = None, base_iri: str | None = None):
        from phtkg.store.http import RemoteError

        try:
            return self.engine.query(text, substitutions=substitutions, base_iri=base_iri)
        except RemoteError as error:
            fail(str(error), 2)


#: Hands a command the :class:`AppContext` of its group (a default one when the command
#: is invoked on its own, as tests do).
pass_app = click.make_pass_decorator(AppContext, ensure=True)
