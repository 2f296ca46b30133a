"""Every finding of ``phtkg validate``: the SHACL shapes and the report's checks, together."""

from __future__ import annotations

import threading


def all_findings(store, shapes) -> list:
    """The core shapes' findings (pySHACL), then the SPARQL constraints' and the report's.

    The SPARQL constraints and the report run on pyoxigraph in a second thread while
    pySHACL runs in this one: pyoxigraph lets go of the interpreter while it evaluates,
    so on two cores they overlap. The findings, and the first error raised (in that
    order), are those of running the three one after the other.
    """
    from . import shacl
    from .report import run_report

    rest: dict = {}

    def on_pyoxigraph() -> None:
        try:
            rest["sparql"] = shacl.run_sparql(store, shacl.sparql_constraints(shapes))
            rest["report"] = run_report(store)
        except BaseException as error:  # re-raised below, after the core shapes' own
            rest["error"] = error

    thread = threading.Thread(target=on_pyoxigraph, daemon=True)
    thread.start()
    try:
        core = shacl.run_core(store, shapes)
    finally:
        thread.join()
    if "error" in rest:
        raise rest["error"]
    return core + rest["sparql"] + rest["report"]
