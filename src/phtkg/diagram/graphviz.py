"""Run Graphviz's ``dot`` program to turn DOT text into SVG or PNG.

Graphviz is an optional system tool: Mermaid, DOT and the pure-Python SVG need nothing,
so a missing ``dot`` is reported with how to install it and which formats work without.
"""

from __future__ import annotations

import shutil
import subprocess

TIMEOUT_SECONDS = 60
INSTALL_HINT = (
    "install it with 'apt-get install graphviz', 'brew install graphviz' or "
    "'conda install graphviz', or use --format mermaid or dot, which need nothing"
)


class GraphvizError(RuntimeError):
    """Graphviz failed, timed out or is missing."""


class GraphvizMissing(GraphvizError):
    """The ``dot`` program is not on the PATH."""

    def __init__(self) -> None:
        super().__init__(
            f"Graphviz is not installed: svg and png need its 'dot' program ({INSTALL_HINT})"
        )


def dot_program() -> str | None:
    """The path of ``dot``, or None."""
    return shutil.which("dot")


def run_graphviz(dot_text: str, fmt: str, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """``dot_text`` laid out by Graphviz as ``fmt`` ("svg" or "png")."""
    if fmt not in ("svg", "png"):
        raise ValueError(f"Graphviz output format must be svg or png, not {fmt!r}")
    program = dot_program()
    if program is None:
        raise GraphvizMissing()
    try:
        done = subprocess.run(
            [program, f"-T{fmt}"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise GraphvizError(f"Graphviz took longer than {timeout:g} seconds") from None
    except OSError as error:
        raise GraphvizError(f"cannot run Graphviz's 'dot': {error.strerror or error}") from None
    if done.returncode != 0 or not done.stdout:
        message = " ".join(done.stderr.decode("utf-8", "replace").split())[:300]
        raise GraphvizError(
            f"Graphviz failed (exit status {done.returncode}): {message or 'no output'}"
        )
    return done.stdout
