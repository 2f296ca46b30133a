"""Remote endpoints and push under faults: lost answers, failures midway, endless or
dripping answers, redirects, credentials and malformed input.

Each fault is a small server or proxy started here on 127.0.0.1 and stopped by the test.
The proxies stand in front of a real Oxigraph server (``stores.start_oxigraph``), so the
tests count what the store really holds after a push; those tests are slow. The others
answer every query with a fixed SPARQL JSON document.
"""

from __future__ import annotations

import base64
import http.client
import http.server
import json
import socket
import sys
import threading
import time
import tracemalloc
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import stores  # noqa: E402

from phtkg.commands.context import AppContext  # noqa: E402
from phtkg.store.push import batches, graph_ntriples  # noqa: E402
from phtkg.store.remote import RemoteEngine  # noqa: E402

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
SECRET = "s3cret-Pa55word"
GRAPH = "https://w3id.org/phtkg/test/faults"
SELECT = "SELECT ?x WHERE { ?x ?p ?o }"
ANSWER = {
    "head": {"vars": ["x"]},
    "results": {"bindings": [{"x": {"type": "literal", "value": "ok"}}]},
}
EMPTY = {"head": {"vars": ["x"]}, "results": {"bindings": []}}
RESULTS_JSON = "application/sparql-results+json"


# ---- small servers ------------------------------------------------------------------------
class Handler(http.server.BaseHTTPRequestHandler):
    """A request handler that reads the whole request first and keeps quiet."""

    stop: threading.Event  # set when the test ends, so that endless answers end too
    seen: list  # (method, path, headers, body) of every request

    def log_message(self, *args) -> None:
        pass

    def read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def answer(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def answer_json(self, document: dict) -> None:
        self.answer(200, json.dumps(document).encode(), {"Content-Type": RESULTS_JSON})

    def do_GET(self) -> None:
        self.seen.append(("GET", self.path, dict(self.headers), b""))
        self.handle_request("GET", b"")

    def do_POST(self) -> None:
        body = self.read_body()
        self.seen.append(("POST", self.path, dict(self.headers), body))
        self.handle_request("POST", body)

    def do_PUT(self) -> None:
        body = self.read_body()
        self.seen.append(("PUT", self.path, dict(self.headers), body))
        self.handle_request("PUT", body)

    def handle_request(self, method: str, body: bytes) -> None:
        self.answer_json(ANSWER)


@contextmanager
def serving(handler: type[Handler], **attributes) -> Iterator[str]:
    """Serve ``handler`` on a free loopback port; the base URL, e.g. http://127.0.0.1:PORT."""
    stop = threading.Event()
    attributes.setdefault("seen", [])
    handler = type(handler.__name__, (handler,), {"stop": stop, **attributes})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        thread.join(10)


def one_line(result) -> str:
    """The one line a failed command printed on stderr (and no traceback)."""
    assert "Traceback" not in result.output, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# ---- credentials (item: user:password@ in the URL, --user, the environment, ~/.netrc) ----
class NeedsBasic(Handler):
    token = base64.b64encode(f"reader:{SECRET}".encode()).decode()

    def handle_request(self, method, body):
        if self.headers.get("Authorization") != f"Basic {self.token}":
            self.answer(401, b"who are you?", {"WWW-Authenticate": 'Basic realm="sparql"'})
        else:
            self.answer_json(ANSWER)


@pytest.mark.parametrize("source", ["url", "options", "environment", "netrc"])
def test_basic_credentials_from_every_source(cli, tmp_path, monkeypatch, source):
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login reader password {SECRET}\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(tmp_path / "none"))
    with serving(NeedsBasic) as base:
        endpoint, args, env = f"{base}/sparql", [], {}
        if source == "url":
            endpoint = f"http://reader:{SECRET}@{base[len('http://') :]}/sparql"
        elif source == "options":
            args = ["--user", "reader", "--password", SECRET]
        elif source == "environment":
            env = {"PHTKG_USER": "reader", "PHTKG_PASSWORD": SECRET}
        else:
            monkeypatch.setenv("NETRC", str(netrc))
        result = cli("--endpoint", endpoint, *args, "query", "-e", SELECT, "-f", "tsv", env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout == '?x\n"ok"\n'


def test_a_refused_password_in_the_url_is_never_printed(cli, monkeypatch):
    monkeypatch.setenv("NETRC", "/nonexistent")
    with serving(NeedsBasic) as base:
        host = base[len("http://") :]
        result = cli("--endpoint", f"http://reader:WRONG-{SECRET}@{host}/sparql", "search", "sit")
        push = cli("push", "--update", f"http://reader:WRONG-{SECRET}@{host}/update")
    for failed in (result, push):
        assert failed.exit_code == 2
        line = one_line(failed)
        assert "HTTP 401" in line and SECRET not in failed.output and "reader" not in line
    engine = RemoteEngine(f"http://reader:{SECRET}@{host}/sparql")
    context = AppContext(endpoint=f"http://reader:{SECRET}@{host}/sparql", password=SECRET)
    for thing in (engine, engine._transport, context, engine._transport.credentials):
        assert SECRET not in repr(thing)
    assert SECRET not in engine.endpoint


class RedirectsAway(Handler):
    target = ""

    def handle_request(self, method, body):
        self.answer(307, b"", {"Location": self.target + "/sparql"})


def test_credentials_never_follow_a_redirect_to_another_server(cli):
    seen: list = []
    with serving(Handler, seen=seen) as elsewhere, serving(RedirectsAway, target=elsewhere) as base:
        host = base[len("http://") :]
        result = cli("--endpoint", f"http://reader:{SECRET}@{host}/sparql", "query", "-e", SELECT)
    assert result.exit_code == 0, result.output
    assert "ok" in result.stdout
    assert len(seen) == 1, "the redirect was not followed"
    assert all(name.lower() != "authorization" for name in seen[0][2])


# ---- the size of an answer ---------------------------------------------------------------
class Endless(Handler):
    """A 200 whose body never ends (it stops at 256 MB, so that a test without a limit ends)."""

    def handle_request(self, method, body):
        self.send_response(200)
        self.send_header("Content-Type", RESULTS_JSON)
        self.send_header("Connection", "close")
        self.end_headers()
        block = b" " * 65536
        try:
            self.wfile.write(b'{"head": {"vars": ["x"]}, "results": {"bindings": [')
            for _ in range(4096):
                if self.stop.is_set():
                    return
                self.wfile.write(block)
        except OSError:
            pass


def test_an_endless_answer_stops_at_the_size_limit(cli):
    with serving(Endless) as base:
        tracemalloc.start()
        started = time.monotonic()
        result = cli("--endpoint", f"{base}/sparql", "--max-response-mb", "2", "search", "sit")
        elapsed = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert result.exit_code == 2
    line = one_line(result)
    assert "larger than 2 MB" in line and "--max-response-mb" in line
    assert peak < 32 * 1024 * 1024, f"{peak / 2**20:.0f} MiB held while reading"
    assert elapsed < 10


# ---- time: one deadline for all the requests of a command --------------------------------
class Drip(Handler):
    """Headers at once, then one byte of the body every half second (for at most 30 s)."""

    def handle_request(self, method, body):
        self.send_response(200)
        self.send_header("Content-Type", RESULTS_JSON)
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        try:
            for _ in range(60):
                if self.stop.wait(0.5):
                    return
                self.wfile.write(b" ")
                self.wfile.flush()
        except OSError:
            pass


@pytest.mark.parametrize(
    "command", [["aggravates"], ["query", "-e", SELECT]], ids=["lookup", "query"]
)
def test_a_dripping_answer_ends_at_the_total_timeout(cli, command):
    with serving(Drip) as base:
        started = time.monotonic()
        result = cli(
            "--endpoint", f"{base}/sparql", "--read-timeout", "5", "--total-timeout", "2", *command
        )
        elapsed = time.monotonic() - started
    assert result.exit_code == 2
    line = one_line(result)
    assert "within 2 s in all" in line and "--total-timeout" in line
    assert elapsed < 3.5


class Slow(Handler):
    """A whole answer, after 0.8 s."""

    def handle_request(self, method, body):
        time.sleep(0.8)
        self.answer_json(ANSWER)


def test_the_total_timeout_covers_every_request_of_a_command():
    with serving(Slow) as base:
        context = AppContext(endpoint=f"{base}/sparql", total_timeout=2)
        first, second = (RemoteEngine(f"{base}/sparql", **context.remote_options()) for _ in "ab")
        started = time.monotonic()
        first.query(SELECT)
        second.query(SELECT)  # 1.6 s so far
        with pytest.raises(Exception, match="within 2 s in all"):
            first.query(SELECT)
        assert time.monotonic() - started < 2.5


# ---- redirects -----------------------------------------------------------------------------
class Moved(Handler):
    """/found answers 302 and /temporary 307, both to /sparql; a GET of /sparql has no
    query, so it answers no rows (what a server sends for an empty GET)."""

    def handle_request(self, method, body):
        if self.path.startswith("/found"):
            self.answer(302, b"", {"Location": "/sparql"})
        elif self.path.startswith("/temporary"):
            self.answer(307, b"", {"Location": "/sparql"})
        elif method == "POST" and b"query=" in body:
            self.answer_json(ANSWER)
        else:
            self.answer_json(EMPTY)


def test_a_307_redirect_is_followed_with_the_query(cli):
    with serving(Moved) as base:
        result = cli("--endpoint", f"{base}/temporary", "query", "-e", SELECT, "-f", "tsv")
    assert result.exit_code == 0, result.output
    assert result.stdout == '?x\n"ok"\n'


def test_a_302_redirect_of_a_post_stops_with_a_message(cli):
    with serving(Moved) as base:
        result = cli("--endpoint", f"{base}/found", "query", "-e", SELECT, "-f", "tsv")
    assert result.exit_code == 2, result.output
    line = one_line(result)
    assert "302" in line and f"{base}/sparql" in line and "give that URL" in line


# ---- bad input -----------------------------------------------------------------------------
def test_an_empty_graph_is_bad_input(cli):
    seen: list = []
    with serving(Handler, seen=seen) as base:
        lookup = cli("--endpoint", f"{base}/sparql", "--graph", "", "search", "sit")
        push = cli("push", "--update", f"{base}/update", "--graph", "")
    alone = cli("--graph", "", "search", "sit")
    for result in (lookup, push, alone):
        assert result.exit_code == 2, result.output
        assert "empty" in one_line(result)
    assert seen == [], "a request was sent"


@pytest.mark.parametrize(
    "url", ["http://[::1/sparql", "http://127.0.0.1:99999/sparql", "http://[::1]x/sparql"]
)
def test_a_malformed_url_is_one_line(cli, url):
    for result in (cli("--endpoint", url, "search", "sit"), cli("push", "--update", url)):
        assert result.exit_code == 2
        assert "not a valid URL" in one_line(result)


class UndeclaredVariable(Handler):
    def handle_request(self, method, body):
        self.answer_json(
            {
                "head": {"vars": ["x"]},
                "results": {
                    "bindings": [
                        {
                            "x": {"type": "literal", "value": "ok"},
                            "y": {"type": "literal", "value": "not in the head"},
                        }
                    ]
                },
            }
        )


@pytest.mark.parametrize(
    "command", [["search", "sit"], ["query", "-e", SELECT]], ids=["lookup", "query"]
)
def test_results_naming_an_undeclared_variable_are_one_clear_line(cli, command):
    with serving(UndeclaredVariable) as base:
        result = cli("--endpoint", f"{base}/sparql", *command)
    assert result.exit_code == 2, result.output
    line = one_line(result)
    assert "not valid SPARQL results" in line and "variable y" in line


def test_a_lookup_does_not_load_the_http_library():
    import subprocess

    code = (
        "import sys; from click.testing import CliRunner; from phtkg.cli import main; "
        "r = CliRunner().invoke(main, ['aggravated-by', 'sitting']); "
        "print(r.exit_code, [m for m in ('httpx', 'httpcore') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0 []"


# ---- push through faulty proxies in front of a real Oxigraph server ------------------------
@pytest.fixture
def oxigraph(tmp_path) -> Iterator[stores.Server]:
    """An empty Oxigraph server of this test's own."""
    try:
        server = stores.start_oxigraph(tmp_path)
    except stores.StoreUnavailable as error:
        pytest.skip(str(error))
    try:
        yield server
    finally:
        server.stop()


def count_in(query_url: str, graph: str | None = None) -> int:
    """Triples in ``graph``, or in every named graph of the store."""
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
    solutions = RemoteEngine(query_url).query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    return int(next(iter(solutions))["n"].value)


def count(server: stores.Server, graph: str | None = None) -> int:
    return count_in(server.query, graph)


class Proxy(Handler):
    """Forwards each request to ``upstream`` and hands back its answer, with two faults.

    ``fault`` (called with the request's number, from 1, and its body) may say "500":
    then the proxy answers 500 without forwarding. With ``lost`` (a set), the first
    successful answer to each distinct write is lost: the store applied the request,
    and the proxy closes the connection instead of answering.
    """

    upstream = ""
    fault: Callable[[int, bytes], str | None] = staticmethod(lambda number, body: None)
    lost: set | None = None
    lock = threading.Lock()

    def handle_request(self, method, body):
        with self.lock:
            number = len(self.seen)
        fault = self.fault(number, body) if method != "GET" else None
        if fault == "500":
            self.answer(500, b"store is on fire\n", {"Content-Type": "text/plain"})
            return
        host, port = self.upstream.split("//")[1].split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        headers = {
            name: value
            for name, value in self.headers.items()
            if name.lower() not in ("host", "connection", "content-length")
        }
        connection.request(method, self.path, body=body or None, headers=headers)
        upstream = connection.getresponse()
        data = upstream.read()
        connection.close()
        write = (method, self.path, body)
        if self.lost is not None and method != "GET" and upstream.status < 300:
            with self.lock:
                fault = "drop" if write not in self.lost else None
                self.lost.add(write)
        if fault == "drop":  # applied by the store, answer lost
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        kept = {
            name: value
            for name, value in upstream.getheaders()
            if name.lower() not in ("connection", "content-length", "transfer-encoding")
        }
        self.answer(upstream.status, data, kept)


def proxied(server: stores.Server, base: str, url: str) -> str:
    origin = server.query.rsplit("/", 1)[0]
    return base + url[len(origin) :]


@pytest.mark.slow  # starts an Oxigraph server
def test_a_lost_answer_never_doubles_an_update_push(cli, oxigraph):
    lines = graph_ntriples(MINI)
    with serving(Proxy, upstream=oxigraph.query.rsplit("/", 1)[0], lost=set()) as base:
        update = proxied(oxigraph, base, oxigraph.update)
        result = cli(
            "push", "--update", update, "--graph", GRAPH, "--batch-size", "50", ontology=MINI
        )
    assert result.exit_code == 0, result.output
    assert f"pushed {len(lines):,} triples" in result.stdout
    assert count(oxigraph, GRAPH) == len(lines)
    assert count(oxigraph) == len(lines), "staging graphs were left in the store"


@pytest.mark.slow  # starts an Oxigraph server
def test_a_lost_answer_never_doubles_a_graph_store_push(cli, oxigraph):
    lines = graph_ntriples(MINI)
    with serving(Proxy, upstream=oxigraph.query.rsplit("/", 1)[0], lost=set()) as base:
        store = proxied(oxigraph, base, oxigraph.store)
        added = cli("push", "--store", store, "--graph", GRAPH, ontology=MINI)
        assert count(oxigraph, GRAPH) == len(lines)
        replaced = cli("push", "--store", store, "--graph", GRAPH, "--replace", ontology=MINI)
    assert added.exit_code == 2, added.output
    line = one_line(added)
    assert "may or may not have added" in line and "--replace" in line
    assert replaced.exit_code == 0, replaced.output
    assert count(oxigraph, GRAPH) == len(lines)


def seed(server: stores.Server) -> None:
    """One triple of the user's in the target graph, which a failed push must leave alone."""
    text = f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <urn:x:mine> <urn:x:p> "mine" }} }}'
    request = urllib.request.Request(
        server.update, data=urllib.parse.urlencode({"update": text}).encode()
    )
    with urllib.request.urlopen(request, timeout=10):
        pass


@pytest.mark.slow  # starts an Oxigraph server
def test_a_push_failing_midway_reports_what_reached_the_store(cli, oxigraph):
    seed(oxigraph)
    lines = graph_ntriples(MINI)
    groups = batches(lines, 50)
    first_two = len(groups[0]) + len(groups[1])
    fault = staticmethod(lambda number, body: "500" if number == 3 else None)
    with serving(Proxy, upstream=oxigraph.query.rsplit("/", 1)[0], fault=fault) as base:
        update = proxied(oxigraph, base, oxigraph.update)
        result = cli(
            "push",
            "--update",
            update,
            "--graph",
            GRAPH,
            "--replace",
            "--batch-size",
            "50",
            ontology=MINI,
        )
    assert result.exit_code == 2
    line = one_line(result)
    assert f"after 2 of {len(groups)} batches ({first_two:,} of {len(lines):,} triples)" in line
    assert "HTTP 500" in line and f"graph <{GRAPH}> is unchanged" in line
    assert "nothing else of this push is left" in line and "push again to finish" in line
    assert count(oxigraph, GRAPH) == 1 and count(oxigraph) == 1


@pytest.mark.slow  # starts an Oxigraph server
def test_a_push_left_halfway_is_finished_or_rolled_back_by_the_named_commands(cli, oxigraph):
    seed(oxigraph)
    lines = graph_ntriples(MINI)
    groups = batches(lines, 50)
    fault = staticmethod(lambda number, body: "500" if number >= 3 else None)
    with serving(Proxy, upstream=oxigraph.query.rsplit("/", 1)[0], fault=fault) as base:
        update = proxied(oxigraph, base, oxigraph.update)
        result = cli(
            "push",
            "--update",
            update,
            "--graph",
            GRAPH,
            "--replace",
            "--batch-size",
            "50",
            ontology=MINI,
        )
    assert result.exit_code == 2
    line = one_line(result)
    assert "staging graphs are still in the store" in line
    assert count(oxigraph, GRAPH) == 1
    assert count(oxigraph) == 1 + len(groups[0]) + len(groups[1])
    rollback = f"phtkg push --update {update} --graph {GRAPH} --replace --rollback"
    finish = f"phtkg push --update {update} --graph {GRAPH} --replace"
    assert rollback in line and f"({finish};" in line
    direct = [word.replace(base, oxigraph.query.rsplit("/", 1)[0]) for word in rollback.split()]
    rolled = cli(*direct[1:], ontology=MINI)
    assert rolled.exit_code == 0, rolled.output
    assert count(oxigraph, GRAPH) == 1 and count(oxigraph) == 1
    finished = cli(*direct[1:-1], "--batch-size", "50", ontology=MINI)
    assert finished.exit_code == 0, finished.output
    assert count(oxigraph, GRAPH) == len(lines) and count(oxigraph) == len(lines)
