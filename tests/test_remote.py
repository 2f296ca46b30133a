"""Remote endpoints and push: the graph pushed to real stores answers like the local one.

The stores run on 127.0.0.1 for the session (conftest.py's ``sparql_server``, started by
``stores.py``): the Oxigraph server always, OpenLink Virtuoso 7 where ``virtuoso-t`` is
installed. Each gets the graph twice, once through the Graph Store Protocol and once
through SPARQL Update, into two named graphs; then every bundled query (with the example
values from its header) and every lookup must give the same rows from each graph as from
the local one.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pyoxigraph
import pytest

sys.path.insert(0, str(Path(__file__).parent))

import stores  # noqa: E402

from phtkg import lookups  # noqa: E402
from phtkg.commands.context import AppContext  # noqa: E402
from phtkg.sparql.lexer import outer_where_brace, query_form, tokenize  # noqa: E402
from phtkg.store.dialects import PORTABLE_FORMS  # noqa: E402
from phtkg.store.http import RemoteError, Transport, safe_url  # noqa: E402
from phtkg.store.push import (
    batches,
    graph_ntriples,
    insert_data,
    push_graph_store,  # noqa: E402
    push_update,
)
from phtkg.store.queries import load_query, query_names, run_query  # noqa: E402
from phtkg.store.remote import (  # noqa: E402
    RemoteEngine,
    bind_values,
    iri_syntax,
    normalise_json_results,
    parse_results,
)

GSP_GRAPH = "https://w3id.org/phtkg/test/gsp"
UPDATE_GRAPH = "https://w3id.org/phtkg/test/update"
SECRET = "s3cret-Pa55word"

# Bundled queries Virtuoso 7.2.5 still answers wrongly, with the reason observed. Its
# property paths (rdfs:subClassOf* and +) drop or add solutions when two of them meet in one
# group (in a join, MINUS, FILTER NOT EXISTS, OPTIONAL or joined sub-SELECTs), and some plans
# fail to compile (openlink/virtuoso-opensource issues 127, 704, 759, 831). The other bundled
# queries are written so that it answers them as Oxigraph does (one path per query level,
# second paths nested in FILTER EXISTS; see docs/triple-stores.md). These two keep the form
# that stays fast on Oxigraph over large data; their -portable twins, which phtkg sends to an
# endpoint in their place, answer on Virtuoso as locally. This test sends every other file as
# written; these two are marked and not sent, since Virtuoso 7.2 is a fixed version.
VIRTUOSO_WRONG = {
    "aggravates": "wrong rows: paths under MINUS (aggravates-portable answers it right)",
    "aggravated-by": "wrong rows: paths under UNION and MINUS (aggravated-by-portable "
    "answers it right)",
}
# Answers Virtuoso 7.2.5 gives wrongly on this graph only in some server states, so they
# are not strict: run alone, reported-quantities gives the same rows; run after a query
# that matches ?s a ?kind (report-label-whitespace, or one line of VALUES), it gives none
# until a query of its own shape has been compiled. The plan changed when the axioms the
# project inferred stopped citing documents; no form of the query that we tried avoids it.
VIRTUOSO_SOMETIMES_WRONG = {
    "reported-quantities": "no rows after some other queries (a plan fault of Virtuoso 7.2)",
    # the same plan fault, seen since the definitions gained their OBO annotations, with
    # the graph loaded twice (GSP and Update); moving its paths into FILTER EXISTS, which
    # mended list-individuals, does not mend it
    "reported-quantities-of-type": "no rows with the graph loaded twice (the plan fault "
    "of reported-quantities)",
}


# ---- the stores ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def server(sparql_server):
    """A running store holding the graph in GSP_GRAPH (Graph Store) and UPDATE_GRAPH (Update)."""
    lines = graph_ntriples()
    transport = Transport(
        sparql_server.store, sparql_server.user, sparql_server.password, sparql_server.auth
    )
    push_graph_store(transport, sparql_server.store, lines, GSP_GRAPH, replace=True)
    transport = Transport(
        sparql_server.update, sparql_server.user, sparql_server.password, sparql_server.auth
    )
    push_update(transport, sparql_server.update, lines, UPDATE_GRAPH, replace=True)
    sparql_server.extra["triples"] = len(lines)
    return sparql_server


def engine(server, graph):
    return RemoteEngine(server.query, graph=graph)


# ---- comparing rows ---------------------------------------------------------------------
def example_values(name: str) -> dict:
    """The parameter values in the query header's ``# example:`` line."""
    query = load_query(name)
    return {
        variable: iri or literal
        for variable, iri, literal in re.findall(
            r'\?(\w+)\s*=\s*(?:<([^>]*)>|"([^"]*)")', query.example
        )
    }


def comparable(name: str, rows: list[dict]) -> list[dict]:
    """Rows with what SPARQL leaves open made equal.

    GROUP_CONCAT order is unspecified (so its parts are sorted), an aggregate over only
    unbound values is "" on some stores and unbound on others, and blank node labels
    are local to one answer.
    """
    text = load_query(name).text
    separators = dict(
        (variable, separator)
        for separator, variable in re.findall(r'separator="(.)"\)\s*AS\s*\?(\w+)', text)
    )
    for inner, outer in re.findall(r"SAMPLE\(\?(\w+)\)\s*AS\s*\?(\w+)", text):
        if inner in separators:  # a joined list passed up from a sub-SELECT
            separators[outer] = separators[inner]
    result = []
    for row in rows:
        clean = {}
        for key, value in row.items():
            if key in separators:
                value = tuple(sorted(part for part in (value or "").split(separators[key]) if part))
            elif isinstance(value, str) and value.startswith("_:"):
                value = "_:"
            clean[key] = value
        result.append(clean)
    return result


def order_keys(name: str, rows: list[dict]) -> list[tuple]:
    """The sequence of ORDER BY values: ties may come in any order, the keys may not.

    A blank node ends a row's key: its label is local to one answer, and STR() of a blank
    node is an error in SPARQL, so stores order rows that differ there as they like (one
    as ties, another by its own label), and the keys after it in any order.
    """
    clause = re.search(r"ORDER BY(.*)$", load_query(name).text, re.S)
    variables = re.findall(r"\?(\w+)", clause.group(1)) if clause else []
    keys = []
    for row in rows:
        key = []
        for variable in variables:
            value = row.get(variable)
            if isinstance(value, str) and value.startswith("_:"):
                key.append("_:")
                break
            key.append(str(value))
        keys.append(tuple(key))
    return keys


def as_sorted(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True, default=str))


SELECT_QUERIES = [name for name in query_names() if load_query(name).text.count("CONSTRUCT") == 0]


@pytest.mark.parametrize("graph", [GSP_GRAPH, UPDATE_GRAPH], ids=["gsp", "update"])
def test_the_pushed_graph_is_all_there(server, graph):
    solutions = engine(server, graph).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(next(iter(solutions))["n"].value) == server.extra["triples"]


@pytest.mark.parametrize("graph", [GSP_GRAPH, UPDATE_GRAPH], ids=["gsp", "update"])
@pytest.mark.parametrize("name", SELECT_QUERIES)
def test_every_bundled_query_gives_the_same_rows(request, server, graph, name, bundled_store):
    if server.name == "virtuoso" and name in VIRTUOSO_WRONG:
        # Not run: Virtuoso takes 15-20 s to give the wrong rows, and phtkg never sends
        # these files to an endpoint (it sends their portable twins, tested below).
        pytest.xfail(f"Virtuoso 7.2 evaluates this query wrongly: {VIRTUOSO_WRONG[name]}")
    if server.name == "virtuoso" and name in VIRTUOSO_SOMETIMES_WRONG:
        reason = f"Virtuoso 7.2: {VIRTUOSO_SOMETIMES_WRONG[name]}"
        request.applymarker(pytest.mark.xfail(reason=reason, strict=False))
    values = example_values(name)
    expected = comparable(name, run_query(name, bundled_store, **values))
    got = comparable(name, run_query(name, engine(server, graph), as_written=True, **values))
    assert as_sorted(got) == as_sorted(expected)
    assert order_keys(name, got) == order_keys(name, expected)


@pytest.mark.parametrize("name", sorted(PORTABLE_FORMS))
def test_phtkg_sends_an_endpoint_the_portable_twin(server, name, bundled_store):
    values = example_values(name)
    expected = comparable(name, run_query(name, bundled_store, **values))
    got = comparable(name, run_query(name, engine(server, GSP_GRAPH), **values))
    assert as_sorted(got) == as_sorted(expected)
    assert order_keys(name, got) == order_keys(name, expected)


def test_construct_queries_give_the_same_triples(server, bundled_store):
    def shape(triples):
        return sorted(
            " ".join(
                "_:" if isinstance(term, pyoxigraph.BlankNode) else str(term) for term in triple
            )
            for triple in triples
        )

    for name in query_names():
        text = load_query(name).text
        if query_form(tokenize(text)) != "CONSTRUCT":
            continue
        assert shape(engine(server, GSP_GRAPH).query(text)) == shape(bundled_store.query(text)), (
            name
        )


LOOKUPS = [
    ("aggravates", lambda store: lookups.aggravates(store=store)),
    (
        "aggravates-tendon",
        lambda store: lookups.aggravates("proximal hamstring tendon", store=store),
    ),
    ("aggravated-by", lambda store: lookups.aggravated_by("sitting", store=store)),
    ("describe", lambda store: lookups.describe("PHT", store=store)),
    (
        "describe-disagreement",
        lambda store: lookups.describe(
            lookups.list_category("disagreements")[0]["id"], store=store
        ),
    ),
    (
        "describe-measure",
        lambda store: lookups.describe(lookups.list_category("measures")[0]["id"], store=store),
    ),
    ("search", lambda store: lookups.search("sit", store=store)),
] + [
    (f"list-{category}", lambda store, c=category: lookups.list_category(c, store=store))
    for category in lookups.CATEGORIES
]
# The lookups whose answer differs on Virtuoso 7.2, with the reason observed.
# The lookup: why Virtuoso 7.2 answers it wrongly. aggravated-by: Virtuoso returns the
# facts of sitting's subclasses as if they were its ancestors' (factor and asserter
# swapped along rdfs:subClassOf*), for this graph's statistics since the inferred axioms
# stopped citing documents; the same query gave the right rows before, and each form of
# its UNION we tried gives the same wrong rows.
VIRTUOSO_WRONG_LOOKUPS: dict[str, str] = {
    "aggravated-by": "subclass facts read as inherited ones (rdfs:subClassOf* reversed)",
}


@pytest.mark.parametrize("name,lookup", LOOKUPS, ids=[name for name, _ in LOOKUPS])
def test_every_lookup_gives_the_same_answer(request, server, name, lookup, bundled_store):
    if server.name == "virtuoso" and name in VIRTUOSO_WRONG_LOOKUPS:
        request.applymarker(
            pytest.mark.xfail(
                reason=f"Virtuoso 7.2 answers differently: {VIRTUOSO_WRONG_LOOKUPS[name]}"
            )
        )
    assert lookup(engine(server, GSP_GRAPH)) == lookup(bundled_store)


def test_the_command_line_asks_the_endpoint(cli, server):
    remote = cli(
        "--endpoint", server.query, "--graph", GSP_GRAPH, "list", "sources", "--format", "tsv"
    )
    here = cli("list", "sources", "--format", "tsv")
    assert remote.exit_code == 0, remote.output
    assert remote.output == here.output


def test_phtkg_query_sends_the_portable_twin_of_a_bundled_query(cli, server):
    args = [
        "query",
        "aggravates",
        "--param",
        "term=pht:ProximalHamstringTendinopathy",
        "--format",
        "json",
    ]
    remote = cli("--endpoint", server.query, "--graph", GSP_GRAPH, *args)
    here = cli(*args)
    assert remote.exit_code == 0, remote.output

    def rows(output):
        # GROUP_CONCAT's order is the store's own: compare the parts; an aggregate over
        # no values is "" on some stores and unbound on others.
        return sorted(
            json.dumps(
                {k: sorted(v["value"].split("|")) for k, v in row.items() if v["value"]},
                sort_keys=True,
            )
            for row in json.loads(output)["results"]["bindings"]
        )

    assert len(rows(here.output)) > 20
    assert rows(remote.output) == rows(here.output)


def test_the_diagram_command_asks_the_endpoint(cli, server):
    args = ["diagram", "pht:ProlongedSitting", "--relation", "aggravates", "--format", "dot"]
    remote = cli("--endpoint", server.query, "--graph", GSP_GRAPH, *args)
    here = cli(*args)
    assert remote.exit_code == 0, remote.output
    assert remote.output == here.output


def test_the_command_line_pushes_with_credentials_from_the_environment(cli, server):
    env = {"PHTKG_USER": server.user or "", "PHTKG_PASSWORD": server.password or ""}
    result = cli(
        "--auth",
        server.auth,
        "push",
        "--store",
        server.store,
        "--graph",
        GSP_GRAPH + "/cli",
        "--replace",
        env=env,
    )
    assert result.exit_code == 0, result.output
    assert f"pushed {server.extra['triples']:,} triples" in result.output
    if server.password:
        assert server.password not in result.output.replace("password", "")


def test_a_wrong_password_is_one_line_without_the_password(cli, server):
    if not server.user:
        pytest.skip("this store takes writes without credentials")
    result = cli(
        "--user",
        server.user,
        "--auth",
        server.auth,
        "push",
        "--store",
        server.store,
        "--graph",
        GSP_GRAPH + "/x",
        env={"PHTKG_PASSWORD": SECRET},
    )
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert "401" in result.output and SECRET not in result.output


def test_an_http_error_is_one_line(cli, server):
    result = cli("--endpoint", server.query.rsplit("/", 1)[0] + "/nothing", "search", "sit")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "HTTP 404" in lines[0] and "Traceback" not in result.output


# ---- without a store -------------------------------------------------------------------
def test_an_unreachable_endpoint_is_one_line_without_credentials(cli):
    url = f"http://127.0.0.1:{stores.free_port()}/sparql"
    result = cli(
        "--endpoint",
        url,
        "--user",
        "me",
        "--retries",
        "1",
        "--connect-timeout",
        "2",
        "aggravates",
        env={"PHTKG_PASSWORD": SECRET},
    )
    assert result.exit_code == 2
    assert result.output.strip() == f"phtkg: cannot reach {url}: connection refused"
    push = cli(
        "--password",
        SECRET,
        "--retries",
        "0",
        "push",
        "--update",
        url.replace("127.0.0.1", f"me:{SECRET}@127.0.0.1"),
    )
    assert push.exit_code == 2 and SECRET not in push.output
    assert push.output.startswith("phtkg: cannot reach") and "Traceback" not in push.output


def test_a_silent_server_is_a_read_timeout_not_a_hang():
    import socket
    import time

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        started = time.monotonic()
        with pytest.raises(RemoteError, match="no answer from .* within the read timeout"):
            RemoteEngine(url, read_timeout=0.5, retries=3).query("ASK {}")
        assert time.monotonic() - started < 5


def test_push_needs_exactly_one_target(cli):
    result = cli("push")
    assert result.exit_code == 2 and "--store URL or --update URL" in result.output


def test_typed_literals_and_blank_nodes_are_normalised():
    virtuoso = json.dumps(
        {
            "head": {"vars": ["n", "label", "b"]},
            "results": {
                "bindings": [
                    {
                        "n": {
                            "type": "typed-literal",
                            "datatype": "http://www.w3.org/2001/XMLSchema#integer",
                            "value": "3",
                        },
                        "label": {"type": "literal", "xml:lang": "en", "value": "sitting"},
                        "b": {"type": "bnode", "value": "nodeID://b10006"},
                    }
                ]
            },
        }
    ).encode()
    solution = next(iter(parse_results(virtuoso, "application/sparql-results+json", "SELECT")))
    assert solution["n"] == pyoxigraph.Literal(
        "3", datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    )
    assert solution["label"] == pyoxigraph.Literal("sitting", language="en")
    assert isinstance(solution["b"], pyoxigraph.BlankNode)
    assert b"typed-literal" not in normalise_json_results(virtuoso)


def test_a_hostile_term_stays_one_literal(bundled_store):
    hostile = 'x"} DROP ALL { "'
    text = bind_values(
        "SELECT ?needle ?o WHERE { ?s ?p ?o }",
        {pyoxigraph.Variable("needle"): pyoxigraph.Literal(hostile)},
    )
    assert text.count("VALUES") == 1 and "DROP ALL" in text
    parsed = list(bundled_store.query(text + " LIMIT 1"))
    assert parsed[0]["needle"].value == hostile
    with pytest.raises(RemoteError, match="not a valid IRI"):
        iri_syntax("http://a/> } DROP ALL { <http://b/")


def test_the_outer_where_group_is_found_past_strings_comments_and_iris():
    text = (
        "PREFIX ex: <http://e/#WHERE{>\n# WHERE { in a comment\n"
        'CONSTRUCT { ?s ex:where "WHERE {" } WHERE { ?s ?where ?o '
        "{ SELECT ?s WHERE { ?s ?p ?o } } FILTER(?o < 3) }"
    )
    brace = outer_where_brace(tokenize(text))
    assert text[brace - 6 : brace + 1] == "WHERE {" and text[brace + 1 : brace + 4] == " ?s"
    assert outer_where_brace(tokenize("ASK { ?s ?p ?o }")) == 4
    assert query_form(tokenize("# load types\nPREFIX a: <http://a/>\nSELECT * {}")) == "SELECT"


def test_batches_keep_blank_node_groups_whole():
    lines = [f"<http://a/{i}> <http://p> _:b{i // 3} ." for i in range(12)] + [
        f'_:b{i} <http://q> "x _:b9" .' for i in range(4)
    ]
    grouped = batches(lines, size=4)
    assert all(len(batch) <= 4 for batch in grouped)
    for label in range(4):
        holding = [
            i
            for i, batch in enumerate(grouped)
            if any(f"_:b{label} " in line or line.endswith(f"_:b{label} .") for line in batch)
        ]
        assert len(holding) == 1
    assert "INSERT {" in insert_data(lines[:1], None) and "WHERE {}" in insert_data(lines[:1], None)
    assert insert_data(['<http://a> <http://b> "c" .'], "http://g").startswith(
        "INSERT DATA {\nGRAPH <http://g>"
    )


def test_credentials_come_from_options_or_the_environment(monkeypatch):
    monkeypatch.setenv("PHTKG_USER", "env-user")
    monkeypatch.setenv("PHTKG_PASSWORD", SECRET)
    options = AppContext(graph="http://g", auth="digest").remote_options()
    assert options["user"] == "env-user" and options["password"] == SECRET
    assert AppContext(user="u", password="p").remote_options()["user"] == "u"
    assert SECRET not in safe_url(f"http://u:{SECRET}@host:8890/sparql?x={SECRET}")
    assert SECRET not in repr(RemoteEngine("http://127.0.0.1:1/sparql", user="u", password=SECRET))


def test_a_push_whose_first_answers_are_lost_holds_the_graph_once(cli, server):
    """The first answer to every write the store applies is lost (a proxy forwards the
    request and drops the answer):
    the update push, staging graphs and ADD included, leaves the graph there once."""
    from test_remote_faults import MINI, Proxy, count_in, serving

    graph = UPDATE_GRAPH + "/lost-answers"
    lines = graph_ntriples(MINI)
    origin = server.query.rsplit("/", 1)[0]
    credentials = ["--user", server.user, "--password", server.password] if server.user else []
    with serving(Proxy, upstream=origin, lost=set()) as base:
        update = base + server.update[len(origin) :]
        result = cli(
            *credentials,
            "--auth",
            server.auth,
            "push",
            "--update",
            update,
            "--graph",
            graph,
            "--replace",
            "--batch-size",
            "50",
            ontology=MINI,
        )
    assert result.exit_code == 0, result.output
    assert count_in(server.query, graph) == len(lines)
