"""Fixtures the test modules share, and the rule that marks tests ``slow``.

A test is slow when it asks for one of the fixtures in ``SLOW_FIXTURES`` (they start a
store server, run Java or build the whole site), or when it is marked
``@pytest.mark.slow`` where it is written, with a comment saying why: it starts a
browser or child processes, or works the whole bundled graph through something that takes
seconds (every RDF format, a build of the ontology, SHACL validation, dozens of queries).
``python -m pytest -m "not slow"`` runs the rest in about 55 s on two cores (the whole
suite in about 5 minutes).

The expensive fixtures are made once: the stores once per session (that is, per
pytest-xdist worker), the site and the slow commands of ``phtkg_run`` once per run,
shared by every worker through a file lock.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent / "golden"))

import stores  # noqa: E402
from run import Run  # noqa: E402  (tests/golden/run.py)
from run import run as run_in_child  # noqa: E402

try:
    import fcntl
except ImportError:  # Windows: each worker then makes what it needs itself
    fcntl = None

TESTS = Path(__file__).resolve().parent
MINI = TESTS / "fixtures" / "mini.ttl"

# What phtkg keeps across runs (the versions of the Java executables it has asked) goes to
# a folder of this test process, not the user's cache; set before any test module asks.
_CACHE = tempfile.mkdtemp(prefix="phtkg-test-cache-")
os.environ["PHTKG_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)

#: Asking for one of these makes a test slow (see the module docstring).
SLOW_FIXTURES = frozenset({"java", "sparql_server", "bundled_site", "interop_tool"})


@pytest.hookimpl(tryfirst=True)  # before -m selects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


# ---- made once per run -----------------------------------------------------------------
def once_per_run(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder filled by ``make(folder)`` once for the whole run.

    Under pytest-xdist the first worker to ask fills it while the others wait on a lock,
    then every worker reads the same folder, so a slow build is not repeated per worker.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER") or fcntl is None:
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    root = tmp_path_factory.getbasetemp().parent  # shared by the workers of this run
    folder, done = root / name, root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


# ---- the command line -------------------------------------------------------------------
def invoke(*args, ontology: Path | str | None = None, input=None, env=None) -> Result:
    """``phtkg ARGS`` run in-process, as a user types it (``--ontology`` first if given)."""
    from phtkg.cli import main

    base = ["--ontology", str(ontology)] if ontology is not None else []
    argv = base + [str(arg) for arg in args]
    return CliRunner().invoke(main, argv, input=input, env=env, prog_name="phtkg")


@pytest.fixture(scope="session")
def cli() -> Callable[..., Result]:
    """Run phtkg in-process: ``cli("search", "sit", ontology=MINI)`` gives click's Result."""
    return invoke


@pytest.fixture(scope="session")
def phtkg_run(tmp_path_factory) -> Callable[..., Run]:
    """``phtkg ARGS`` in a child process from the repository root, as tests/golden/run.py
    runs it, once per run for the same ARGS.

    The golden fingerprints, the check reports, the docs and the validation tests ask for
    some of the same slow commands (HermiT takes ten seconds a case); they share one run.
    """
    done: dict[tuple[str, ...], Run] = {}

    def run(*args) -> Run:
        argv = tuple(str(arg) for arg in args)
        if argv not in done:
            key = hashlib.sha256("\0".join(argv).encode()).hexdigest()[:16]
            folder = once_per_run(tmp_path_factory, f"phtkg-{key}", lambda f: _run_into(argv, f))
            scratch = folder / "scratch"
            printed = json.loads((folder / "printed.json").read_text(encoding="utf-8"))
            done[argv] = Run(
                printed["exit"],
                (folder / "stdout").read_bytes(),
                (folder / "stderr").read_bytes(),
                {p.name: p.read_bytes() for p in sorted(scratch.iterdir())},
                scratch / "out",
            )
        return done[argv]

    return run


def _run_into(argv: tuple[str, ...], folder: Path) -> None:
    scratch = folder / "scratch"
    scratch.mkdir()
    ran = run_in_child(list(argv), scratch)
    (folder / "stdout").write_bytes(ran.stdout)
    (folder / "stderr").write_bytes(ran.stderr)
    (folder / "printed.json").write_text(json.dumps({"exit": ran.exit}), encoding="utf-8")


# ---- stores -------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def bundled_store():
    """The bundled ontology in a pyoxigraph store (loaded once per process; only read)."""
    from phtkg.store.embedded import ontology_store

    return ontology_store()


@pytest.fixture(scope="session")
def mini_store():
    """The small fixture graph ``tests/fixtures/mini.ttl`` in a store (only read)."""
    from phtkg.store.embedded import load_turtle

    return load_turtle(MINI)


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def sparql_server(request, tmp_path_factory) -> Iterator[stores.Server]:
    """An empty SPARQL store on 127.0.0.1, started once per session and stopped after it.

    The Oxigraph server, then OpenLink Virtuoso 7; a store that is not installed skips
    the tests that need it, saying how to install it (see ``stores.py``).
    """
    start = {"oxigraph": stores.start_oxigraph, "virtuoso": stores.start_virtuoso}
    try:
        server = start[request.param](tmp_path_factory.mktemp(request.param))
    except stores.StoreUnavailable as error:
        pytest.skip(str(error))
    try:
        yield server
    finally:
        server.stop()


# ---- Java ---------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def java():
    """The Java runtime HermiT runs on; a test that asks for it skips where there is none."""
    from phtkg.reasoning.java import NoJava, choose_java

    try:
        return choose_java(minimum=8)
    except NoJava as error:
        pytest.skip(f"HermiT needs a Java runtime and none was found ({error})")


# ---- other communities' tools -------------------------------------------------------------
#: The virtual environment that holds the tools whose pins clash with the project's own
#: (OAK, KGX), made from tests/interop-requirements.txt by .ci/run, or by the first test
#: that needs it.
INTEROP_VENV = Path(os.environ.get("PHTKG_INTEROP_VENV", TESTS.parent / ".venv-interop"))
INTEROP_REQUIREMENTS = TESTS / "interop-requirements.txt"


def _make_interop_venv() -> str | None:
    """Make :data:`INTEROP_VENV` unless it is there (one worker makes it, the others wait);
    None when done, else why it could not be made."""
    import subprocess
    import venv

    if fcntl is None:
        return "the interoperability venv is made only where fcntl locks files"
    lock_path = INTEROP_VENV.with_name(INTEROP_VENV.name + ".lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = INTEROP_VENV / ".phtkg-installed"
        if done.exists():
            return None
        venv.create(INTEROP_VENV, clear=True, with_pip=True)
        pip = [str(INTEROP_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        pip += ["--disable-pip-version-check", "--timeout", "30", "--retries", "1"]
        installed = subprocess.run(
            [*pip, "-r", str(INTEROP_REQUIREMENTS)], capture_output=True, text=True, timeout=1800
        )
        if installed.returncode != 0:
            return f"pip could not install {INTEROP_REQUIREMENTS.name}: {installed.stderr[-300:]}"
        done.touch()
    return None


@pytest.fixture(scope="session")
def interop_tool() -> Callable[[str], Path]:
    """``interop_tool("runoak")``: the path of a command from the interoperability venv,
    made first if it is missing; a test skips, saying why, where it cannot be made."""
    found_venv = (INTEROP_VENV / ".phtkg-installed").exists() or "PHTKG_INTEROP_VENV" in os.environ
    problem = None if found_venv else _make_interop_venv()

    def find(name: str) -> Path:
        found = shutil.which(name, path=str(INTEROP_VENV / "bin"))
        if found is None:
            pytest.skip(
                f"{name} is not installed in {INTEROP_VENV}"
                + (f" ({problem})" if problem else "")
                + f"; make it with: python -m venv {INTEROP_VENV} && "
                f"{INTEROP_VENV}/bin/pip install -r tests/interop-requirements.txt"
            )
        return Path(found)

    return find


# ---- the site -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Site:
    """A built site: its folder and what ``phtkg site -o FOLDER`` printed."""

    folder: Path
    stdout: str
    stderr: str


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory) -> Site:
    """The site of the bundled graph, built once per run (it takes 10 to 20 s); only read."""

    def build(folder: Path) -> None:
        result = invoke("site", "-o", folder / "site")
        printed = {"exit": result.exit_code, "stdout": result.stdout, "stderr": result.stderr}
        (folder / "printed.json").write_text(json.dumps(printed), encoding="utf-8")

    folder = once_per_run(tmp_path_factory, "bundled-site", build)
    printed = json.loads((folder / "printed.json").read_text(encoding="utf-8"))
    if printed["exit"] != 0:
        pytest.fail(f"phtkg site failed (exit {printed['exit']}): {printed['stderr']}")
    return Site(folder / "site", printed["stdout"], printed["stderr"])
