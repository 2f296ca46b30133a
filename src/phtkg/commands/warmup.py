"""Start loading the bundled graph while the command line itself is still being imported.

A lookup spends about as long importing click and its own modules as pyoxigraph spends
parsing the bundled Turtle, and pyoxigraph does that work outside Python's interpreter
lock, so on a machine with two cores the two can overlap. Only the words of the command
line are looked at, before click has parsed them: when they name a lookup on the
bundled graph, the load starts in a thread (:func:`phtkg.store.embedded.prefetch`), and
the lookup's own call for the store waits for it. Anything else (another command, a
graph of the user's, an endpoint, help) starts nothing; a guess that is wrong costs only
time, never a different answer, since the thread loads exactly what the lookup would.
"""

from __future__ import annotations

import os

#: The commands that answer from the bundled graph unless told otherwise (a test keeps
#: this equal to the commands of phtkg.commands.lookups and phtkg.commands.navigation).
LOOKUPS = frozenset(
    {"aggravates", "aggravated-by", "describe", "list", "search"}
    | {"ancestors", "descendants", "tree", "paths", "related"}
)
#: Options after which the bundled graph is not what the command will read.
ELSEWHERE = ("--ontology", "--endpoint", "-h", "--help", "--version")
ELSEWHERE_ENV = ("PHTKG_ONTOLOGY", "PHTKG_ENDPOINT")


def names_a_bundled_lookup(args: list[str]) -> bool:
    """Whether ``args`` (the command line after the program name) run a lookup on the
    bundled graph: its first word is a lookup and no option points elsewhere."""
    if any(os.environ.get(name) for name in ELSEWHERE_ENV):
        return False
    if any(arg.split("=", 1)[0] in ELSEWHERE for arg in args):
        return False
    words = [arg for arg in args if not arg.startswith("-")]
    return bool(words) and words[0] in LOOKUPS


def start_if_a_lookup(args: list[str]) -> None:
    if names_a_bundled_lookup(args):
        from phtkg.store.embedded import prefetch

        prefetch()
