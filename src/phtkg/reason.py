"""Check the ontology with an OWL 2 DL reasoner: is it consistent, which classes are empty.

The reasoner (HermiT) is a Java program driven through owlready2. owlready2 and rdflib are
imported inside the functions, not at module level, so that importing this module (as the
command line does for every command) stays cheap.

Exit codes of :func:`main_reason`: 0 consistent and every class satisfiable, 1 inconsistent
or some class unsatisfiable, 2 the check could not be made (bad input, no Java, reasoner
failure).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

OWL_NOTHING = "http://www.w3.org/2002/07/owl#Nothing"
OWL_IMPORTS = "http://www.w3.org/2002/07/owl#imports"

NO_JAVA_MESSAGE = (
    "no Java runtime found: install a JDK (e.g. apt-get install default-jre-headless) "
    "or set JAVA_HOME; {detail}"
)

# rdflib format names by file extension; quad formats are merged into one graph.
_FORMATS = {
    ".ttl": "turtle",
    ".owl": "xml",
    ".rdf": "xml",
    ".xml": "xml",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".nq": "nquads",
    ".trig": "trig",
}
_QUAD_FORMATS = {"nquads", "trig"}


@dataclass
class ReasonResult:
    """What the reasoner found.

    ``completed`` is False when the reasoner could not run at all (no Java, Java crashed);
    then ``consistent`` and ``unsatisfiable`` carry no information and ``message`` says why.
    """

    consistent: bool
    unsatisfiable: list[tuple[str, str]] = field(default_factory=list)  # (iri, label)
    reasoner: str = "hermit"
    seconds: float = 0.0
    message: str = ""
    completed: bool = True


class InputError(Exception):
    """A file given to the check cannot be read; the message names the file and the problem."""


# ---------------------------------------------------------------------------------------
# Java


def find_java() -> tuple[str | None, str]:
    """Locate the java executable: PHTKG_JAVA, then JAVA_HOME, then PATH.

    PHTKG_JAVA is an explicit choice, so when it is wrong we say so instead of silently
    using another Java. A stale JAVA_HOME is common, so that one falls back to PATH.
    Returns (path or None, a short description of where we looked).
    """
    explicit = os.environ.get("PHTKG_JAVA")
    if explicit:
        found = _java_in(explicit)
        return (found, f"PHTKG_JAVA={explicit}") if found else (
            None, f"PHTKG_JAVA={explicit} is not a Java executable")
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        found = _java_in(java_home)
        if found:
            return found, f"JAVA_HOME={java_home}"
    on_path = shutil.which("java")
    if on_path:
        return on_path, "PATH"
    looked = f"JAVA_HOME={java_home} has no bin/java and " if java_home else ""
    return None, f"{looked}no 'java' on PATH"


def _java_in(location: str) -> str | None:
    """Accept either a java executable or a JDK/JRE home directory containing bin/java."""
    path = Path(location)
    candidates = [path] if path.is_file() else [path / "bin" / "java", path / "bin" / "java.exe"]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


# ---------------------------------------------------------------------------------------
# Input


def load_graph(files=()):
    """Parse the given files (or the embedded ontology) and merge them into one rdflib Graph.

    owl:imports are not followed: the check covers exactly the triples given, so that it
    never depends on the network.
    """
    import rdflib

    from phtkg import resources

    paths = [Path(f) for f in files] or [resources.ontology_turtle()]
    graph = rdflib.Graph()
    for path in paths:
        _parse_into(graph, path)
    graph.remove((None, rdflib.URIRef(OWL_IMPORTS), None))
    return graph


def _parse_into(graph, path: Path) -> None:
    """Add one file's triples to ``graph``; any problem becomes a one-line InputError."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = " ".join(sorted(_FORMATS))
        raise InputError(f"{path}: unknown file extension {path.suffix!r} (use one of {known})")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's internal API churn
            _parse_file(graph, path, fmt)
    except Exception as exc:  # parsers raise many unrelated types; all mean "cannot parse"
        raise InputError(f"{path}: cannot parse as {fmt}: {_one_line(exc)}") from None


def _parse_file(graph, path: Path, fmt: str) -> None:
    """Parse with rdflib; quads lose their graph name, since OWL reasons over one graph."""
    import rdflib

    if fmt in _QUAD_FORMATS:
        dataset = rdflib.Dataset()
        dataset.parse(path, format=fmt)
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
    else:
        graph.parse(path, format=fmt)


def _one_line(exc: BaseException) -> str:
    """The telling part of a parser's message, on one line.

    Lines ending in ':' only introduce the next one (rdflib's Turtle parser says
    "at line 3 of <>:" and then the reason), so they are joined; the echoed source
    excerpt that follows is dropped.
    """
    lines = [" ".join(line.split()) for line in str(exc).splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    text = lines.pop(0)
    while text.endswith(":") and lines:
        text = f"{text} {lines.pop(0)}"
    return text.replace(" of <>:", ":").split(" at ^ in:")[0].rstrip(":")


def labels_by_iri(graph) -> dict[str, str]:
    """rdfs:label for each subject, preferring English, for naming classes in reports."""
    from rdflib.namespace import RDFS

    labels: dict[str, str] = {}
    for subject, label in graph.subject_objects(RDFS.label):
        key = str(subject)
        if key not in labels or getattr(label, "language", None) == "en":
            labels[key] = str(label)
    return labels


# ---------------------------------------------------------------------------------------
# Reasoning


def reason(graph, reasoner: str = "hermit", memory_mb: int = 2000) -> ReasonResult:
    """Run ``reasoner`` on ``graph`` and report consistency and unsatisfiable classes."""
    runner = REASONERS.get(reasoner)
    if runner is None:
        return ReasonResult(False, [], reasoner, 0.0,
                            f"unknown reasoner {reasoner!r} (choose from {', '.join(REASONERS)})",
                            completed=False)
    return runner(graph, memory_mb)


def _run_hermit(graph, memory_mb: int) -> ReasonResult:
    """Classify with HermiT in a fresh owlready2 World.

    A fresh World keeps repeated checks (and the tests) independent of each other and of
    anything else loaded into owlready2's default world.
    """
    java, where = find_java()
    if java is None:
        return ReasonResult(False, [], "hermit", 0.0, NO_JAVA_MESSAGE.format(detail=where),
                            completed=False)
    import owlready2

    chatter = io.StringIO()
    with tempfile.TemporaryDirectory(prefix="phtkg-reason-") as tmp, \
            _owlready_java(owlready2, java, memory_mb), _temp_dir(tmp), \
            contextlib.redirect_stdout(chatter), contextlib.redirect_stderr(chatter):
        world = owlready2.World()
        try:
            _load_into_world(world, graph, Path(tmp) / "input.nt")
            return _classify_with_hermit(owlready2, world, graph, where, memory_mb)
        finally:
            world.close()


def _classify_with_hermit(owlready2, world, graph, where: str, memory_mb: int) -> ReasonResult:
    """Run HermiT on a loaded World and turn its outcome into a ReasonResult."""
    started = time.perf_counter()
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return ReasonResult(False, [], "hermit", time.perf_counter() - started,
                            "the ontology is inconsistent: it has no model")
    except (owlready2.OwlReadyJavaError, OSError) as exc:
        return ReasonResult(False, [], "hermit", time.perf_counter() - started,
                            f"HermiT failed ({where}): {_java_problem(exc, memory_mb)}",
                            completed=False)
    seconds = time.perf_counter() - started
    return ReasonResult(True, _unsatisfiable(world, labels_by_iri(graph)), "hermit", seconds, "")


REASONERS = {"hermit": _run_hermit}


def _load_into_world(world, graph, nt_path: Path) -> None:
    """Hand the graph to owlready2 as N-Triples.

    owlready2 cannot read Turtle, and N-Triples is the format its parser reads most
    faithfully (no prefixes, no nesting, every blank node explicit).
    """
    graph.serialize(destination=str(nt_path), format="nt", encoding="utf-8")
    with open(nt_path, "rb") as fileobj:
        world.get_ontology(nt_path.as_uri()).load(fileobj=fileobj, format="ntriples")


def _unsatisfiable(world, labels: dict[str, str]) -> list[tuple[str, str]]:
    """Named classes the reasoner made equivalent to owl:Nothing, sorted by label."""
    found = {cls.iri for cls in world.inconsistent_classes()
             if getattr(cls, "iri", None) and cls.iri != OWL_NOTHING}
    return sorted(((iri, labels.get(iri, "")) for iri in found),
                  key=lambda item: (item[1].lower(), item[0]))


def _java_problem(exc: BaseException, memory_mb: int) -> str:
    """Pick the telling line out of a Java error dump."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    for line in lines:
        if "OutOfMemoryError" in line:
            return f"{line} (raise the Java heap above {memory_mb} MB)"
    for line in lines:
        if "Exception" in line or "Error:" in line:
            return line
    return lines[-1] if lines else type(exc).__name__


@contextlib.contextmanager
def _owlready_java(owlready2, java: str, memory_mb: int):
    """Point owlready2 at our Java and heap size, and put its module settings back after."""
    from owlready2 import reasoning

    saved = owlready2.JAVA_EXE, reasoning.JAVA_MEMORY
    owlready2.JAVA_EXE, reasoning.JAVA_MEMORY = java, int(memory_mb)
    try:
        yield
    finally:
        owlready2.JAVA_EXE, reasoning.JAVA_MEMORY = saved


@contextlib.contextmanager
def _temp_dir(path: str):
    """Make owlready2 write its reasoner input under ``path``.

    owlready2 leaves its temporary file behind when HermiT reports an inconsistency;
    putting it in a directory we delete guarantees the cleanup.
    """
    saved = tempfile.tempdir
    tempfile.tempdir = path
    try:
        yield
    finally:
        tempfile.tempdir = saved


# ---------------------------------------------------------------------------------------
# Command


def format_report(result: ReasonResult) -> str:
    """The human-readable report printed by ``phtkg reason``."""
    lines = [f"reasoner: {result.reasoner} ({result.seconds:.2f} s)"]
    if not result.consistent:
        lines.append(f"consistent: no ({result.message}; "
                     "unsatisfiable classes cannot be computed for an inconsistent ontology)")
        return "\n".join(lines)
    lines.append("consistent: yes")
    if not result.unsatisfiable:
        lines.append("unsatisfiable classes: none")
        return "\n".join(lines)
    lines.append(f"unsatisfiable classes: {len(result.unsatisfiable)}")
    lines.extend(f"  {label or '(no label)'} <{iri}>" for iri, label in result.unsatisfiable)
    return "\n".join(lines)


def exit_code(result: ReasonResult) -> int:
    """0 all good, 1 a logical problem was found, 2 the check could not be made."""
    if not result.completed:
        return 2
    return 0 if result.consistent and not result.unsatisfiable else 1


def main_reason(files=(), reasoner: str = "hermit", memory_mb: int = 2000) -> int:
    """Check the given files (or the embedded ontology), print a report, return the exit code.

    Problems that stop the check (unreadable input, no Java) go to stderr as one line, so
    scripts can tell them apart from the report on stdout.
    """
    if reasoner not in REASONERS:
        return _fail(f"unknown reasoner {reasoner!r} (choose from {', '.join(REASONERS)})")
    if not isinstance(memory_mb, int) or memory_mb < 64:
        return _fail(f"Java heap of {memory_mb!r} MB is too small (give at least 64)")
    try:
        graph = load_graph(files)
    except InputError as exc:
        return _fail(str(exc))
    result = reason(graph, reasoner=reasoner, memory_mb=memory_mb)
    if not result.completed:
        return _fail(result.message)
    print(format_report(result))
    return exit_code(result)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2
