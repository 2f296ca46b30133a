"""``phtkg query``: sources, parameters, data, formats, safety, time limits and errors."""

import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph
import pytest

from phtkg.files import write_atomically
from phtkg.sparql import lexer as sparql_lexer
from phtkg.sparql import safety
from phtkg.sparql.params import ParamError, parse_param, parse_term
from phtkg.store.queries import query_names
from phtkg.timeouts import QueryTimeout, call_with_timeout

FIXTURES = Path(__file__).parent / "fixtures" / "query"
PEOPLE = str(FIXTURES / "people.ttl")
PLACES = str(FIXTURES / "places.nt")
XSD = "http://www.w3.org/2001/XMLSchema#"
PHTKG = Path(sys.executable).parent / "phtkg"


@pytest.fixture
def ok(cli):
    """``phtkg query ARGS`` that must succeed without a word on stderr: its stdout."""

    def run(*args):
        result = cli("query", *args)
        assert result.exit_code == 0, result.output
        assert result.stderr == ""
        return result.stdout

    return run


def one_line_error(result, code=2):
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("phtkg: ")
    return lines[0]


def command(*args, timeout=60):
    """Run the installed command in a child process (for exits that end the process)."""
    program = [str(PHTKG)] if PHTKG.exists() else [sys.executable, "-m", "phtkg.cli"]
    return subprocess.run(
        program + ["query", *args], capture_output=True, text=True, timeout=timeout
    )


# ---- choosing the query ---------------------------------------------------------------
def test_list_shows_every_bundled_query_with_parameters_and_a_runnable_example(ok):
    text = ok("--list")
    names = query_names()
    assert len(names) >= 15
    for name in names:
        assert f"\n{name}  —  " in "\n" + text
    assert "parameter: ?term (IRI)" in text
    assert "run: phtkg query aggravates --param term=pht:ProximalHamstringTendinopathy" in text


def test_list_as_json_has_descriptions_and_parameters(ok):
    entries = json.loads(ok("--list", "--format", "json"))
    by_name = {entry["name"]: entry for entry in entries}
    assert set(by_name) == set(query_names())
    assert all(entry["title"] and entry["description"] for entry in entries)
    assert by_name["aggravates"]["parameters"][0].startswith("?term (IRI)")


@pytest.mark.slow  # runs the example of every bundled query
def test_every_listed_example_runs(cli, ok):
    for entry in json.loads(ok("--list", "--format", "json")):
        args = entry["example"].split()[3:]
        args = [arg.strip("'") for arg in args]
        result = cli("query", entry["name"], *args, "--format", "json")
        assert result.exit_code == 0, (entry["name"], result.output)


def test_bundled_query_with_a_parameter(ok):
    out = json.loads(
        ok("aggravates", "--param", "term=pht:ProximalHamstringTendinopathy", "-f", "json")
    )
    factors = {row["factor"]["value"] for row in out["results"]["bindings"]}
    assert "https://w3id.org/phtkg/ProlongedSitting" in factors


def test_query_file_and_inline_query_and_stdin(cli, ok):
    out = ok(str(FIXTURES / "labels.rq"), "--data", PEOPLE, "-f", "csv")
    assert out.splitlines()[1:] == ["http://example.org/alice,Alice", "http://example.org/bob,Bob"]
    inline = ok("-e", "SELECT ?label { pht:ProlongedSitting rdfs:label ?label }", "-f", "tsv")
    assert inline == '?label\n"prolonged sitting"@en\n'
    piped = cli("query", "-", "-f", "tsv", input="ASK { pht:ProlongedSitting ?p ?o }")
    assert piped.exit_code == 0 and piped.stdout == "true\n"


def test_unknown_query_name_suggests_close_names(cli):
    message = one_line_error(cli("query", "agravates"))
    assert "no bundled query 'agravates'" in message and "did you mean aggravates" in message


def test_missing_query_file(cli):
    assert "no such query file" in one_line_error(cli("query", "nothing/here.rq"))


def test_query_and_expression_together_or_neither(cli):
    assert "not both" in one_line_error(cli("query", "aggravates", "-e", "ASK {}"))
    assert "give a bundled query name" in one_line_error(cli("query"))


def test_query_file_that_is_not_utf8(cli, tmp_path):
    path = tmp_path / "latin1.rq"
    path.write_bytes('SELECT * { ?s ?p "caf\xe9" }'.encode("latin-1"))
    assert "not UTF-8" in one_line_error(cli("query", str(path)))


# ---- parameters -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "<https://w3id.org/phtkg/Sitting>",
            pyoxigraph.NamedNode("https://w3id.org/phtkg/Sitting"),
        ),
        ("pht:Sitting", pyoxigraph.NamedNode("https://w3id.org/phtkg/Sitting")),
        ("UBERON:0001", pyoxigraph.NamedNode("http://purl.obolibrary.org/obo/UBERON_0001")),
        ('"sit bone"', pyoxigraph.Literal("sit bone")),
        ('"sit bone"@en', pyoxigraph.Literal("sit bone", language="en")),
        ('"say \\"hi\\""', pyoxigraph.Literal('say "hi"')),
        (
            '"3"^^xsd:integer',
            pyoxigraph.Literal("3", datatype=pyoxigraph.NamedNode(XSD + "integer")),
        ),
        (
            '"3"^^<http://example.org/t>',
            pyoxigraph.Literal("3", datatype=pyoxigraph.NamedNode("http://example.org/t")),
        ),
        ("3", pyoxigraph.Literal("3", datatype=pyoxigraph.NamedNode(XSD + "integer"))),
        ("-2.5", pyoxigraph.Literal("-2.5", datatype=pyoxigraph.NamedNode(XSD + "decimal"))),
        ("1e3", pyoxigraph.Literal("1e3", datatype=pyoxigraph.NamedNode(XSD + "double"))),
        ("true", pyoxigraph.Literal("true", datatype=pyoxigraph.NamedNode(XSD + "boolean"))),
        ("prolonged sitting", pyoxigraph.Literal("prolonged sitting")),
        ("12:30", pyoxigraph.Literal("12:30")),
    ],
)
def test_param_value_syntax(text, expected):
    assert parse_term(text) == expected


def test_param_prefixes_declared_by_the_query_are_known():
    assert parse_term("ex:a", {"ex": "http://example.org/"}) == pyoxigraph.NamedNode(
        "http://example.org/a"
    )


@pytest.mark.parametrize(
    "spec",
    [
        "term",
        "=x",
        "1x=3",
        "term=foo:bar",
        "term=http://x.org/a",
        'term="open',
        "term=<http://x.org/a",
        'term="x"^^foo:t',
    ],
)
def test_bad_param_syntax(spec):
    with pytest.raises(ParamError):
        parse_param(spec)


def test_bad_param_on_the_command_line_is_one_line(cli):
    assert "not NAME=VALUE" in one_line_error(cli("query", "aggravates", "--param", "term"))
    assert "unknown prefix" in one_line_error(cli("query", "aggravates", "--param", "term=foo:bar"))


def test_unknown_missing_and_mistyped_parameters_of_a_bundled_query(cli):
    assert "has no parameter 'needle'" in one_line_error(
        cli("query", "aggravates", "--param", "term=pht:Sitting", "--param", 'needle="x"')
    )
    message = one_line_error(cli("query", "aggravates"))
    assert "needs --param term=" in message and "for example: phtkg query aggravates" in message
    assert "must be an IRI" in one_line_error(
        cli("query", "aggravates", "--param", 'term="sitting"')
    )
    assert "must be a literal" in one_line_error(
        cli("query", "search", "--param", "needle=pht:Sitting")
    )


def test_param_for_a_variable_the_query_lacks(cli):
    assert "has no variable ?y" in one_line_error(
        cli("query", "-e", "SELECT ?x { ?x ?p ?o }", "--param", "y=3")
    )


def test_param_is_bound_as_a_value_whatever_it_holds(ok):
    hostile = '"Alice\\" } UNION { ?s ?p ?label"'
    query = "SELECT ?s ?label { ?s rdfs:label ?label }"
    out = ok("-e", query, "--data", PEOPLE, "--param", f"label={hostile}", "-f", "tsv")
    assert out == "?s\t?label\n"
    out = ok("-e", query, "--data", PEOPLE, "--param", 'label="Alice"@en', "-f", "tsv")
    assert out == '?s\t?label\n<http://example.org/alice>\t"Alice"@en\n'


def test_param_must_be_projected_by_a_select(cli):
    message = one_line_error(
        cli("query", "-e", "SELECT ?s { ?s rdfs:label ?label }", "--param", "label=3")
    )
    assert "?label must be among the variables the SELECT returns" in message


# ---- data ---------------------------------------------------------------------------------
def test_boolean_keywords_are_case_insensitive_and_strings_keep_their_case(ok):
    rows = json.loads(
        ok(
            "--empty",
            "-e",
            'SELECT (TRUE AS ?t) (False AS ?f) ("TRUE" AS ?s) WHERE {}',
            "--format",
            "json",
        )
    )["results"]["bindings"][0]
    assert rows["t"] == {"type": "literal", "value": "true", "datatype": XSD + "boolean"}
    assert rows["f"] == {"type": "literal", "value": "false", "datatype": XSD + "boolean"}
    assert rows["s"] == {"type": "literal", "value": "TRUE"}


def test_lowercasing_booleans_keeps_offsets():
    text = 'SELECT ?TRUE (FALSE AS ?x) WHERE { ?s <urn:TRUE> "FALSE" ; ex:TRUE True }'
    lowered = sparql_lexer.lowercase_booleans(text, sparql_lexer.tokenize(text))
    assert lowered == 'SELECT ?TRUE (false AS ?x) WHERE { ?s <urn:TRUE> "FALSE" ; ex:TRUE true }'


def test_data_files_are_the_union_of_their_triples_with_distinct_blank_nodes(ok):
    out = json.loads(
        ok(
            "-e",
            "SELECT (COUNT(DISTINCT ?b) AS ?n) { ?b ?p ?o FILTER isBlank(?b) }",
            "--data",
            PEOPLE,
            "--data",
            PLACES,
            "-f",
            "json",
        )
    )
    assert out["results"]["bindings"][0]["n"]["value"] == "2"


def test_data_replaces_the_embedded_graph(ok):
    assert (
        ok("-e", "ASK { pht:ProlongedSitting ?p ?o }", "--data", PEOPLE, "-f", "tsv") == "false\n"
    )


def test_empty_leaves_out_the_embedded_graph(ok):
    assert ok("-e", "ASK { ?s ?p ?o }", "--empty", "-f", "tsv") == "false\n"
    assert ok("-e", "ASK { ?s ?p ?o }", "-f", "tsv") == "true\n"


def test_named_files_are_graphs_named_by_their_file_uri(ok):
    out = json.loads(
        ok(
            "-e",
            "SELECT ?g ?label { GRAPH ?g { ?s rdfs:label ?label } }",
            "--named",
            PLACES,
            "-f",
            "json",
        )
    )
    [row] = out["results"]["bindings"]
    assert row["g"]["value"] == Path(PLACES).resolve().as_uri()
    assert row["label"]["value"] == "Leeds"


def test_quads_files_keep_their_named_graphs(ok):
    query = "SELECT ?g ?o { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } ORDER BY ?o"
    out = ok("-e", query, "--data", str(FIXTURES / "graphs.trig"), "-f", "csv")
    assert out.splitlines()[1:] == ["http://example.org/g1,in g1", ",in the default graph"]


def test_format_from_data_format_when_the_extension_says_nothing(cli, ok):
    data = str(FIXTURES / "people.data")
    assert "cannot tell the RDF format" in one_line_error(
        cli("query", "-e", "ASK {}", "--data", data)
    )
    assert (
        ok("-e", "ASK { ?s ?p ?o }", "--data", data, "--data-format", "turtle", "-f", "tsv")
        == "true\n"
    )


def test_missing_and_malformed_data_files(cli):
    assert "no such data file" in one_line_error(cli("query", "-e", "ASK {}", "--data", "nope.ttl"))
    message = one_line_error(cli("query", "-e", "ASK {}", "--data", str(FIXTURES / "broken.ttl")))
    assert "broken.ttl: line 3, column" in message


def test_from_resolves_against_the_query_file(ok, tmp_path):
    os.chdir(tmp_path)  # far from the query file: FROM must not depend on the folder
    try:
        out = ok(str(FIXTURES / "from.rq"), "-f", "csv")
    finally:
        os.chdir(Path(__file__).parent)
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["label", "g", "place"]
    assert [row[0] for row in rows[1:]] == ["Alice", "Bob"]
    assert rows[1][1] == (FIXTURES / "places.nt").resolve().as_uri()


def test_from_a_missing_local_file(cli, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("SELECT * FROM <missing.ttl> { ?s ?p ?o }")
    assert "no such file" in one_line_error(cli("query", str(query)))


def test_data_cannot_be_combined_with_an_endpoint(cli):
    result = cli(
        "--endpoint", "http://127.0.0.1:9/sparql", "query", "-e", "ASK {}", "--data", PEOPLE
    )
    assert "cannot be used with --endpoint" in one_line_error(result)


# ---- formats --------------------------------------------------------------------------------
SELECT = "SELECT ?s ?label { ?s rdfs:label ?label } ORDER BY ?label"


def test_json_is_w3c_results_json(ok):
    out = json.loads(ok("-e", SELECT, "--data", PEOPLE, "-f", "json"))
    assert out["head"]["vars"] == ["s", "label"]
    first = out["results"]["bindings"][0]
    assert first["s"] == {"type": "uri", "value": "http://example.org/alice"}
    assert first["label"] == {"type": "literal", "value": "Alice", "xml:lang": "en"}


def test_xml_is_w3c_results_xml(ok):
    root = ET.fromstring(ok("-e", SELECT, "--data", PEOPLE, "-f", "xml"))
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert root.tag == ns + "sparql"
    assert [v.get("name") for v in root.find(ns + "head")] == ["s", "label"]
    assert len(root.find(ns + "results")) == 2


def test_csv_and_tsv_are_w3c(cli, ok):
    result = cli("query", "-e", SELECT, "--data", PEOPLE, "-f", "csv")
    assert result.stdout_bytes.startswith(b"s,label\r\nhttp://example.org/alice,Alice\r\n")
    tsv = ok("-e", SELECT, "--data", PEOPLE, "-f", "tsv")
    assert tsv.splitlines() == [
        "?s\t?label",
        '<http://example.org/alice>\t"Alice"@en',
        '<http://example.org/bob>\t"Bob"',
    ]


def test_table_and_markdown_are_for_people(ok):
    table = ok("-e", SELECT, "--data", PEOPLE, "-f", "table").splitlines()
    assert table[0].split() == ["s", "label"] and set(table[1]) <= {"-", " "}
    assert "Alice" in table[2]
    md = ok("-e", SELECT, "--data", PEOPLE, "-f", "md").splitlines()
    assert md[:2] == ["| s | label |", "|---|---|"]
    assert md[2] == "| http://example.org/alice | Alice |"


def test_default_format_is_tsv_off_a_terminal(ok):
    assert ok("-e", SELECT, "--data", PEOPLE).startswith("?s\t?label\n")


def test_ask_in_every_format(cli, ok):
    ask = "ASK { ?s ?p ?o }"
    assert json.loads(ok("-e", ask, "-f", "json")) == {"head": {}, "boolean": True}
    root = ET.fromstring(ok("-e", ask, "-f", "xml"))
    assert root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"
    result = cli("query", "-e", ask, "-f", "csv")
    assert result.stdout_bytes == b"true\r\n"
    assert ok("-e", ask, "--empty", "-f", "tsv") == "false\n"


CONSTRUCT = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }"


@pytest.mark.parametrize(
    "fmt, rdf_format",
    [
        ("turtle", pyoxigraph.RdfFormat.TURTLE),
        ("nt", pyoxigraph.RdfFormat.N_TRIPLES),
        ("xml", pyoxigraph.RdfFormat.RDF_XML),
        ("json-ld", pyoxigraph.RdfFormat.JSON_LD),
    ],
)
def test_graph_formats_parse_back_to_the_same_triples(ok, fmt, rdf_format):
    out = ok("-e", CONSTRUCT, "--data", PEOPLE, "-f", fmt)
    triples = {
        (q.subject, q.predicate, q.object)
        for q in pyoxigraph.parse(out.encode(), format=rdf_format)
    }
    assert (
        pyoxigraph.NamedNode("http://example.org/bob"),
        pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
        pyoxigraph.Literal("Bob"),
    ) in triples
    assert len(triples) == 2


def test_turtle_is_the_default_for_graphs_and_declares_only_used_prefixes(ok):
    out = ok("-e", CONSTRUCT, "--data", PEOPLE)
    assert "@prefix rdfs:" in out and "@prefix pht:" not in out


def test_graph_format_for_a_select_is_refused(cli):
    assert "for CONSTRUCT and DESCRIBE" in one_line_error(
        cli("query", "-e", SELECT, "-f", "turtle")
    )


# ---- -o ---------------------------------------------------------------------------------------
def test_output_file_is_written_whole(cli, tmp_path):
    target = tmp_path / "out.json"
    result = cli("query", "-e", SELECT, "--data", PEOPLE, "-f", "json", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text())["head"]["vars"] == ["s", "label"]
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_failed_query_leaves_an_existing_output_file_untouched(cli, tmp_path):
    target = tmp_path / "out.tsv"
    target.write_text("precious\n")
    one_line_error(cli("query", "-e", "SELECT * { ?s ?p }", "-o", str(target)))
    one_line_error(cli("query", "-e", "ASK {}", "--data", "missing.ttl", "-o", str(target)))
    assert target.read_text() == "precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.tsv"]


def test_output_into_a_missing_folder(cli, tmp_path):
    assert "no such folder" in one_line_error(
        cli("query", "-e", "ASK {}", "-o", str(tmp_path / "no" / "x.tsv"))
    )


def test_write_atomically_cleans_up_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "keep.txt"
    target.write_text("old")

    def broken_replace(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomically(target, b"new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


# ---- safety ---------------------------------------------------------------------------------
def test_update_is_refused(cli):
    message = one_line_error(cli("query", "-e", "INSERT DATA { <http://a> <http://b> <http://c> }"))
    assert "SPARQL Update (INSERT) is refused" in message
    assert "refused" in one_line_error(cli("query", "-e", "PREFIX ex: <http://e/>\nDROP ALL"))


SERVICE_QUERY = "SELECT * {\n  SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o }\n}"


def test_service_is_refused_with_its_position(cli):
    message = one_line_error(cli("query", "-e", SERVICE_QUERY))
    assert "SERVICE at line 2, column 3 is refused" in message and "--allow-service" in message


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * { ?s ?p "SERVICE <http://127.0.0.1:1/> { }" }',
        "SELECT * { ?s ?p ?o } # SERVICE <http://127.0.0.1:1/> { ?s ?p ?o }",
        "SELECT * { ?s <http://example.org/SERVICE> ?o }",
        "PREFIX service: <http://example.org/>\nSELECT * { ?s service:SERVICE ?service }",
        "SELECT * { ?s ?p '''multi\nline SERVICE <x> {}''' }",
    ],
)
def test_the_word_service_outside_a_service_clause_is_not_refused(cli, query):
    assert safety.service_position(query) is None
    assert cli("query", "-e", query, "-f", "tsv").exit_code == 0


def test_service_is_found_in_the_parsed_query_and_by_the_tokens():
    hidden = "SELECT * { OPTIONAL { SeRvIcE SILENT ?x { ?s ?p 'SERVICE' } } }"
    assert safety.rdflib_finds_service(hidden) is True
    assert safety.service_position(hidden) == (1, 23)
    assert safety.rdflib_finds_service("SELECT * { ?s ?p 'SERVICE' }") is False
    # RDF-star is beyond rdflib's parser: the tokens decide alone.
    star = "SELECT * { << ?a ?b ?c >> ?p ?o SERVICE <http://x/> { } }"
    assert safety.rdflib_finds_service(star) is None
    assert safety.service_position(star) is not None


def test_allow_service_runs_the_query_and_a_dead_endpoint_is_a_clean_error(cli):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    query = f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    message = one_line_error(cli("query", "-e", query, "--allow-service", "--timeout", "20"))
    assert "refused" not in message.split("query failed")[0] and "query failed" in message


def test_lexer_reads_form_prefixes_and_dataset():
    tokens = sparql_lexer.tokenize(
        "BASE <http://b/> PREFIX ex: <http://e/> # SELECT\nCONSTRUCT {} FROM ex:g FROM NAMED <n>"
        " WHERE { ?s ?p ?o }"
    )
    assert sparql_lexer.query_form(tokens) == "CONSTRUCT"
    assert sparql_lexer.declared_prefixes(tokens) == {"ex": "http://e/"}
    assert [(named, token.text) for named, token in sparql_lexer.dataset_clauses(tokens)] == [
        (False, "ex:g"),
        (True, "<n>"),
    ]
    assert sparql_lexer.variables(tokens) == {"s", "p", "o"}


# ---- errors and time limits ----------------------------------------------------------------
def test_syntax_error_gives_line_and_column_of_the_users_text(cli):
    # rdfs: is not declared, so a PREFIX line goes before the text: positions still match.
    message = one_line_error(cli("query", "-e", "SELECT ?x {\n  ?x rdfs:label ?l\n}\nLIMIT many"))
    assert message.startswith("phtkg: syntax error in the -e query at line 4, column 7: ")


def test_syntax_error_in_a_file_names_the_file(cli, tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("PREFIX ex: <http://e/>\nSELECT * WHERE { ?s ex:p }\n")
    message = one_line_error(cli("query", str(path)))
    assert f"syntax error in {path} at line 2" in message


def test_undeclared_prefix_is_named(cli):
    message = one_line_error(cli("query", "-e", "SELECT * { ?s foo:bar ?o }"))
    assert "undeclared prefix 'foo:'" in message and "line 1, column 15" in message


def test_time_limit_stops_a_runaway_query(tmp_path):
    data = tmp_path / "many.nt"
    data.write_text("".join(f'<http://e/{i}> <http://e/p> "{i}" .\n' for i in range(400)))
    slow = (
        "SELECT (COUNT(*) AS ?n) { ?a ?p ?b . ?c ?p ?d . ?e ?p ?f "
        "FILTER(STRLEN(CONCAT(?b, ?d, ?f)) < 2) }"
    )
    started = time.monotonic()
    result = command("-e", slow, "--data", str(data), "--timeout", "0.5")
    elapsed = time.monotonic() - started
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == (
        "phtkg: the query did not finish within 0.5 s "
        "(raise --timeout, or use --timeout 0 for no limit)"
    )
    assert result.stdout == "" and elapsed < 10


def test_call_with_timeout():
    assert call_with_timeout(lambda: 42, 5) == 42
    assert call_with_timeout(lambda: 42, 0) == 42
    with pytest.raises(ZeroDivisionError):
        call_with_timeout(lambda: 1 / 0, 5)
    with pytest.raises(QueryTimeout):
        call_with_timeout(lambda: time.sleep(2), 0.05)


def test_help_has_examples(cli):
    result = cli("query", "--help")
    assert result.exit_code == 0 and "phtkg query --list" in result.stdout
