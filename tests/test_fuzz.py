"""Random arguments, hostile files and broken endpoints thrown at every command.

A seeded generator (so that a failure can be replayed: its seed is in the test id and
the message) builds command lines from each command's own options, filled with values
that have broken tools before: empty strings, huge and negative numbers, control
characters, a FIFO, a directory, a device, an RDF/XML file with nested entities, a case
file nested thousands of levels deep, binary junk, and an endpoint that answers every
request with something wrong. Every command line runs in a child process with a
deadline, and must end:

* with exit status 0, 1 or 2, and no traceback;
* on bad input (exit 2), with one line on stderr (warnings, which begin
  ``phtkg: warning``, aside); exit 1 is a finding (nothing found, a conflict, a
  violation) reported as the command documents;
* without touching the files it was given, without leaving a temporary file, and, when
  it fails, without changing the file it was asked to write.
"""

from __future__ import annotations

import hashlib
import http.server
import os
import random
import stat
import subprocess
import sys
import threading
from pathlib import Path

import click
import pytest

from phtkg.commands.options import OutputPath

ROOT = Path(__file__).resolve().parent.parent
#: The seeds run; PHTKG_FUZZ_SEEDS=START:STOP runs others (a longer search for new faults).
SEEDS = range(*map(int, os.environ.get("PHTKG_FUZZ_SEEDS", "0:6").split(":")))
RUNS_PER_SEED = 12
DEADLINE_S = 30  # far above any refusal; a command that reaches it hangs

pytestmark = pytest.mark.slow  # child processes


# ---- the endpoint that answers wrongly ----------------------------------------------------
ANSWERS = [
    (200, "application/sparql-results+json", b'{"head": {"vars": ["a"]}, "results": {"bind'),
    (
        200,
        "application/sparql-results+json",
        b'{"head": {"vars": []}, "results": {"bindings": [{"x": {"type": "uri", "value": "u"}}]}}',
    ),
    (200, "application/sparql-results+json", b'{"head": {}, "boolean": "maybe"}'),
    (200, "text/html", b"<html><body>It works!</body></html>"),
    (200, "text/turtle", b"@prefix : <x> . :a :b"),
    (200, "application/sparql-results+xml", b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]>"),
    (500, "text/plain", b"Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error"),
    (401, "text/plain", b"unauthorized"),
    (302, "text/plain", b""),
    (404, "text/html", b"not here"),
    (200, "application/octet-stream", bytes(range(256)) * 8),
]


class WrongEndpoint(http.server.BaseHTTPRequestHandler):
    """Answers each request with the next of :data:`ANSWERS`."""

    counter = 0
    lock = threading.Lock()

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(min(length, 1 << 24))
        with self.lock:
            status, content_type, body = ANSWERS[WrongEndpoint.counter % len(ANSWERS)]
            WrongEndpoint.counter += 1
        self.send_response(status)
        if status == 302:
            self.send_header("Location", "/elsewhere")
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="x"')
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def wrong_endpoint():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), WrongEndpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


# ---- hostile files ------------------------------------------------------------------------
ANSI_TTL = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
<https://w3id.org/phtkg/Evil> a owl:Class ; rdfs:label "evil\\u001b[2J\\u001b[31m red" ;
  rdfs:seeAlso <javascript:alert(1)> .
"""


def hostile_files(folder: Path) -> dict[str, Path]:
    """Files that have broken tools before, made once per module."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "empty": folder / "empty.ttl",
        "junk": folder / "junk.owl",
        "laughs": folder / "laughs.owl",
        "ansi": folder / "ansi.ttl",
        "deep": folder / "deep.yaml",
        "wide": folder / "wide.yaml",
        "query": folder / "junk.rq",
        "cartesian": folder / "cartesian.rq",
        "mini": folder / "mini.ttl",
        "dir": folder / "a-folder",
        "fifo": folder / "a-fifo",
    }
    files["empty"].write_bytes(b"")
    files["junk"].write_bytes(bytes(random.Random(0).randrange(256) for _ in range(4096)))
    files["laughs"].write_bytes((ROOT / "tests" / "fixtures" / "reason" / "bomb.rdf").read_bytes())
    files["ansi"].write_text(ANSI_TTL, encoding="utf-8")
    files["deep"].write_text("a:\n" + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    files["wide"].write_text(
        "name: wide\ncondition: proximal hamstring tendinopathy\nfeatures:\n"
        + "".join(f"  - feature {i}\n" for i in range(5_000)),
        encoding="utf-8",
    )
    files["query"].write_text("SELECT ?x WHERE { ?x ?y", encoding="utf-8")
    files["cartesian"].write_text("SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", encoding="utf-8")
    files["mini"].write_bytes((ROOT / "tests" / "fixtures" / "mini.ttl").read_bytes())
    files["dir"].mkdir(exist_ok=True)
    if not files["fifo"].exists():
        os.mkfifo(files["fifo"])
    return files


def fingerprint(folder: Path) -> dict[str, str]:
    """Every regular file under ``folder`` and its digest (FIFOs by name only)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        mode = path.lstat().st_mode
        if stat.S_ISREG(mode):
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif stat.S_ISFIFO(mode):
            found[str(path.relative_to(folder))] = "fifo"
    return found


# ---- command lines ------------------------------------------------------------------------
def commands() -> dict[str, click.Command]:
    from importlib import import_module

    from phtkg.commands.group import COMMANDS

    return {
        name: getattr(import_module(entry.module), entry.attribute)
        for name, entry in COMMANDS.items()
    }


def values(rng: random.Random, files: dict[str, Path], endpoint: str) -> list[str]:
    """Values that have broken tools before, and a few ordinary ones."""
    return [
        "",
        "-",
        "0",
        "-1",
        "1e309",
        "nan",
        "99999999999999999999",
        "sitting",
        "proximal hamstring tendinopathy",
        "x" * 5_000,
        "\x1b[31mred\x07",
        "a\nb",
        "ünï©ødé ∂",
        "javascript:alert(1)",
        "http://[::1/sparql",
        endpoint,
        "/dev/null",
        "/nonexistent/x.ttl",
        str(files["dir"]),
        *(str(path) for path in files.values()),
        "".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(rng.randrange(1, 40))),
    ]


SLOW_COMMANDS = {"site", "reason", "check", "validate", "build", "export", "diagram", "push"}


def command_line(
    rng: random.Random, name: str, command: click.Command, files, endpoint, out: Path
) -> list[str]:
    """A random command line for ``name``: some of its options and arguments, random values."""
    pool = values(rng, files, endpoint)
    argv: list[str] = []
    if rng.random() < 0.3:
        argv += rng.choice(
            [
                ["--ontology", str(rng.choice(list(files.values())))],
                ["--endpoint", endpoint],
                ["--endpoint", endpoint, "--graph", rng.choice(["", "urn:g", "not an iri"])],
                ["--endpoint", rng.choice(pool), "--retries", "0", "--connect-timeout", "0.5"],
            ]
        )
    elif name in SLOW_COMMANDS:
        argv += ["--ontology", str(files["mini"])]  # the bundled graph takes seconds
    argv.append(name)
    for param in command.params:
        if rng.random() > 0.5 and not param.required:
            continue
        if isinstance(param, click.Argument):
            count = 1 if param.nargs == 1 else rng.randrange(1, 3)
            argv += [rng.choice(pool) for _ in range(count)]
            continue
        option = rng.choice(param.opts)
        if getattr(param, "is_flag", False):
            argv.append(option)
        elif isinstance(param.type, OutputPath):  # -o, --output, --inferred
            argv += [option, str(rng.choice([out / "precious.txt", out / "new.txt", *pool[:3]]))]
        elif isinstance(param.type, click.Choice) and rng.random() < 0.7:
            argv += [option, rng.choice(list(param.type.choices))]
        else:
            argv += [option, rng.choice(pool)]
    if name == "build" and "--output" not in argv:
        argv += ["--output", str(out / "built")]  # never the repository's own files
    if name == "query" and rng.random() < 0.3:
        argv += ["--timeout", "5"]
    return argv


def run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    environment.pop("PHTKG_ENDPOINT", None)
    return subprocess.run(
        [sys.executable, "-m", "phtkg.cli", *argv],
        cwd=cwd,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=DEADLINE_S,
    )


def shown(argv: list[str]) -> str:
    """The command line for a message, each long value cut to its start."""
    return repr([value if len(value) <= 60 else value[:40] + f"…({len(value)})" for value in argv])


def problems_of(done: subprocess.CompletedProcess) -> list[str]:
    stderr = done.stderr.decode("utf-8", "replace")
    found = []
    if done.returncode not in (0, 1, 2):
        found.append(f"exit status {done.returncode}")
    if "Traceback" in stderr or "Traceback" in done.stdout.decode("utf-8", "replace"):
        found.append("a traceback")
    lines = [line for line in stderr.splitlines() if not line.startswith("phtkg: warning")]
    if done.returncode == 2 and len(lines) != 1:
        found.append(f"{len(lines)} lines on stderr")
    return found


# ---- the test -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def arena(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    return folder, hostile_files(folder / "given")


@pytest.mark.parametrize("seed", SEEDS)
def test_random_command_lines_end_cleanly(seed, arena, wrong_endpoint):
    folder, files = arena
    rng = random.Random(seed)
    table = commands()
    given = fingerprint(folder / "given")
    repository = fingerprint(ROOT / "ontology")
    failures = []
    for attempt in range(RUNS_PER_SEED):
        name = rng.choice(sorted(table))
        out = folder / f"out-{seed}-{attempt}"
        out.mkdir()
        (out / "precious.txt").write_text("kept\n", encoding="utf-8")
        argv = command_line(rng, name, table[name], files, wrong_endpoint, out)
        try:
            done = run(argv, cwd=out)
        except subprocess.TimeoutExpired:
            failures.append(f"{shown(argv)}: no answer within {DEADLINE_S} s")
            continue
        found = problems_of(done)
        left = sorted(str(p.name) for p in out.rglob("*") if p.name.endswith(".part"))
        if left:
            found.append(f"left {left}")
        if done.returncode != 0 and (out / "precious.txt").read_text(encoding="utf-8") != "kept\n":
            found.append("changed the output file although it failed")
        if found:
            stderr = done.stderr.decode("utf-8", "replace")[-600:]
            failures.append(f"{shown(argv)}: {', '.join(found)}\n{stderr}")
    assert fingerprint(folder / "given") == given, "a given file was changed"
    assert fingerprint(ROOT / "ontology") == repository, "the repository's ontology was changed"
    assert not failures, f"seed {seed}:\n" + "\n".join(failures)
