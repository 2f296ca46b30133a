"""Stop a query that runs too long.

A running pyoxigraph query cannot be interrupted from Python, but it releases the GIL
while it evaluates and serializes. So the whole job (run the query and serialize its
results into bytes) runs in a worker thread, and the main thread waits for it with a
time limit. When the limit passes, the caller reports it and ends the process with
:func:`exit_now`, which also ends the worker. Unlike running the query in a forked
child process, this costs no copy of the loaded graph and no pipe: a thread start and
an event wait, well under a millisecond per query.
"""

from __future__ import annotations

import os
import sys
import threading

#: How long phtkg waits for a SPARQL endpoint, and how often it tries again: a connection,
#: one read of the answer, and every request of one command together (the total timeout
#: bounds an answer that trickles in, which no read timeout notices).
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_READ_TIMEOUT = 120.0
DEFAULT_TOTAL_TIMEOUT = 300.0
DEFAULT_RETRIES = 2
#: The largest RDF file (or query text) phtkg reads, in megabytes, unless --max-input-mb
#: says otherwise (the bundled ontology is about 1 MB as Turtle, 3 MB as N-Triples; the
#: same limit as an endpoint's answer).
DEFAULT_MAX_INPUT_MB = 100
#: The largest answer phtkg reads from an endpoint, in megabytes (the bundled graph as
#: N-Triples is about 3 MB).
DEFAULT_MAX_RESPONSE_MB = 100
#: How long a reasoner (HermiT, Pellet, the OWL 2 RL rules) may run for ``reason`` and
#: ``check`` before it is stopped: the bundled graph takes seconds, an ontology that would
#: take longer is most likely pathological (``--timeout`` raises it, 0 lifts it).
DEFAULT_REASONER_TIMEOUT = 600.0
#: How long ``java -version`` may take before that Java is taken for broken (it answers
#: in well under a second; a wrapper script that hangs would otherwise hold up every
#: command that reasons).
JAVA_PROBE_TIMEOUT = 5.0


class Deadline:
    """One time limit shared by several steps (all the requests of a command to an
    endpoint), started by the first step that asks how much time is left."""

    def __init__(self, seconds: float | None = DEFAULT_TOTAL_TIMEOUT):
        self.seconds = seconds or None
        self._end: float | None = None

    def remaining(self) -> float | None:
        """Seconds left (None: no limit); the clock starts at the first call."""
        import time

        if self.seconds is None:
            return None
        if self._end is None:
            self._end = time.monotonic() + self.seconds
        return self._end - time.monotonic()


class QueryTimeout(Exception):
    """The query did not finish within the time limit."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"the query did not finish within {seconds:g} s")


def call_with_timeout(function, seconds: float | None, *, interruptible: bool = False):
    """Return ``function()``, or raise :class:`QueryTimeout` after ``seconds`` (0/None: no limit).

    With ``interruptible`` the function runs in the worker thread even without a limit,
    so that Ctrl-C reaches the caller at once as KeyboardInterrupt: Python handles a
    signal in the main thread only, and not while that thread is inside a native call.
    On a timeout or an interrupt the worker thread is still running: end the process
    soon (see :func:`exit_now`) rather than carrying on.
    """
    if not seconds and not interruptible:
        return function()
    outcome: dict = {}
    finished = threading.Event()

    def work() -> None:
        try:
            outcome["value"] = function()
        except BaseException as error:  # noqa: BLE001 - handed to the caller
            # Without its frames: objects made in this thread must not be freed in another.
            outcome["error"] = error.with_traceback(None)
            error.__context__ = error.__cause__ = None
        finally:
            finished.set()

    threading.Thread(target=work, name="phtkg-query", daemon=True).start()
    if not finished.wait(seconds or None):
        raise QueryTimeout(seconds)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def exit_now(code: int) -> None:
    """Flush the standard streams and end the process at once, worker threads included."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)
