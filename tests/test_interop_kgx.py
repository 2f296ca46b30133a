"""The KGX export opened by the real KGX tools, as docs/export.md tells a user to run them.

``kgx transform`` keeps every node and edge (nothing merged, every original predicate
kept), ``kgx validate`` finds nothing but the project's own prefix, which the JSON-LD
context beside the tables declares, and nothing at all once the validator knows the
context's prefixes; ``kgx neo4j-upload`` sends every node and edge.

KGX pins versions that clash with the project's, so it lives in a venv of its own
(conftest's ``interop_tool``) and runs as a child process. At start-up it fetches the
Biolink model and its prefix contexts from GitHub, and has no option to read them from
disk: the children here get a ``sitecustomize`` that points it at the copies the venv's
biolink-model and prefixcommons packages ship, and that refuses every network
connection, so the tests run offline. No Neo4j server runs in the tests: for
``neo4j-upload`` the same file swaps the Neo4j driver for one that records the Cypher
statements KGX sends.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # every test runs KGX in a child process

#: Imported by the KGX child processes before KGX: the Biolink model and prefix contexts
#: from the installed packages, no network, and a recording Neo4j driver on request.
OFFLINE_SITECUSTOMIZE = """
import json
import os
import socket
from importlib.resources import files

_connect = socket.socket.connect


def _local_only(sock, address):
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        raise OSError(f"no network in the tests (KGX tried {address!r})")
    return _connect(sock, address)


socket.socket.connect = _local_only

import bmt.toolkit  # noqa: E402

bmt.toolkit.Toolkit.__init__.__defaults__ = (
    str(files("biolink_model") / "schema" / "biolink_model.yaml"),
    {"predicate mappings": []},
)

import kgx.config  # noqa: E402

kgx.config.get_config()["jsonld-context"] = {
    "biolink": str(files("biolink_model") / "prefixmaps" / "biolink-model-prefix-map.json"),
    "monarch_context": str(files("prefixcommons") / "registry" / "monarch_context.jsonld"),
    "obo_context": str(files("prefixcommons") / "registry" / "obo_context.jsonld"),
}

if os.environ.get("NEO4J_RECORD"):
    import neo4j

    class _Session:
        def run(self, query, parameters=None, **kwargs):
            with open(os.environ["NEO4J_RECORD"], "a", encoding="utf-8") as record:
                line = {"query": query, "parameters": parameters or {}}
                record.write(json.dumps(line, default=str) + "\\n")

    class _Driver:
        def session(self, **kwargs):
            return _Session()

    neo4j.GraphDatabase.driver = staticmethod(lambda uri, auth=None, **kwargs: _Driver())
"""

#: kgx validate's own steps (kgx.cli.cli_utils.validate), the context's prefixes added to
#: the Biolink ones the validator accepts.
VALIDATE_WITH_CONTEXT = """
import json, sys
from kgx.transformer import Transformer
from kgx.validator import Validator

context, *tables = sys.argv[1:]
validator = Validator()
validator.prefixes.update(json.load(open(context))["@context"])
Transformer(stream=True).transform(
    input_args={"filename": tables, "format": "tsv"},
    output_args={"format": "null"},
    inspector=validator,
)
json.dump(validator.get_errors(), sys.stdout)
"""

#: Every id of the node table expanded with the context, by curies and by KGX.
EXPAND_WITH_CONTEXT = """
import csv, json, sys
import curies
from kgx.prefix_manager import PrefixManager

converter = curies.load_jsonld_context("phtkg_context.jsonld")
manager = PrefixManager()
manager.update_prefix_map(json.load(open("phtkg_context.jsonld"))["@context"])
with open("phtkg_nodes.tsv", newline="") as handle:
    ids = [row["id"] for row in csv.DictReader(handle, delimiter="\t")]
json.dump([[i, converter.expand(i), manager.expand(i)] for i in ids], sys.stdout)
"""

TABLES = ["phtkg_nodes.tsv", "phtkg_edges.tsv"]


@pytest.fixture(scope="module")
def exported(cli, tmp_path_factory) -> Path:
    """A folder with ``phtkg export --format kgx -o phtkg`` of the bundled graph."""
    folder = tmp_path_factory.mktemp("kgx-interop")
    result = cli("export", "--format", "kgx", "-o", str(folder / "phtkg"))
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def kgx(interop_tool, tmp_path_factory) -> Callable[..., subprocess.CompletedProcess]:
    """``kgx(*args, cwd=FOLDER)``: the real kgx command (or, with ``python=True``, the
    venv's python), offline."""
    command = interop_tool("kgx")
    site = tmp_path_factory.mktemp("kgx-offline")
    (site / "sitecustomize.py").write_text(OFFLINE_SITECUSTOMIZE, encoding="utf-8")

    def run(*args, cwd: Path, python: bool = False, env=None) -> subprocess.CompletedProcess:
        program = command.parent / "python" if python else command
        environment = {**os.environ, "PYTHONPATH": str(site), **(env or {})}
        return subprocess.run(
            [str(program), *args],
            cwd=cwd,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
        )

    return run


def read_tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _values(value) -> list[str]:
    """A KGX value as a list: TSV cells join lists with '|', JSON has them as arrays."""
    if isinstance(value, list):
        return [str(v) for v in value]
    return [v for v in str(value or "").split("|") if v]


def _report(stderr: str) -> dict:
    """kgx validate's report: the JSON it writes to stderr (it ignores --output)."""
    return json.loads(stderr[stderr.index("{") :])


@pytest.mark.parametrize("output_format", ["tsv", "json"])
def test_kgx_transform_keeps_every_node_and_edge(kgx, exported, tmp_path, output_format):
    """TSV in, TSV or JSON out: the same nodes with their categories and names, the same
    edges by id, subject, predicate and object, and every original predicate."""
    out = tmp_path / ("out.json" if output_format == "json" else "out")
    done = kgx("transform", "-i", "tsv", "-f", output_format, "-o", str(out), *TABLES, cwd=exported)
    assert done.returncode == 0, done.stdout + done.stderr
    if output_format == "json":
        graph = json.loads(out.read_text(encoding="utf-8"))
        nodes_out, edges_out = graph["nodes"], graph["edges"]
    else:
        nodes_out = read_tsv(tmp_path / "out_nodes.tsv")
        edges_out = read_tsv(tmp_path / "out_edges.tsv")
    nodes_in = read_tsv(exported / TABLES[0])
    edges_in = read_tsv(exported / TABLES[1])
    assert len(nodes_in) > 100 and len(edges_in) > 100  # the whole bundled graph

    def node_view(nodes):
        return {(n["id"], tuple(_values(n["category"])), n["name"]) for n in nodes}

    def edge_view(edges, *columns):
        return {tuple(str(e[c]) for c in columns) for e in edges}

    assert len(nodes_out) == len(nodes_in)
    assert node_view(nodes_out) == node_view(nodes_in)
    assert len(edges_out) == len(edges_in)
    for columns in (
        ("id", "subject", "predicate", "object"),
        ("subject", "original_predicate", "object"),
        ("id", "primary_knowledge_source", "knowledge_level", "agent_type"),
    ):
        assert edge_view(edges_out, *columns) == edge_view(edges_in, *columns), columns
    publications = {e["id"]: sorted(_values(e.get("publications"))) for e in edges_in}
    assert {e["id"]: sorted(_values(e.get("publications"))) for e in edges_out} == publications


def test_kgx_validate_reports_only_the_projects_own_prefix(kgx, exported):
    """Every error kgx validate reports is about an id with the pht prefix, which Biolink's
    context lacks and the export's context declares; it names each such node."""
    done = kgx("validate", "-i", "tsv", *TABLES, cwd=exported)
    report = _report(done.stderr)
    assert set(report) == {"ERROR"}, report.keys()
    assert set(report["ERROR"]) == {"INVALID_NODE_PROPERTY_VALUE", "INVALID_EDGE_PROPERTY_VALUE"}
    messages = [m for kind in report["ERROR"].values() for m in kind]
    assert messages and all("CURIE prefix 'pht'" in m for m in messages)
    context = json.loads((exported / "phtkg_context.jsonld").read_text(encoding="utf-8"))
    assert "pht" in context["@context"]
    own = {n["id"] for n in read_tsv(exported / TABLES[0]) if n["id"].startswith("pht:")}
    flagged = {
        id_ for ids in report["ERROR"]["INVALID_NODE_PROPERTY_VALUE"].values() for id_ in ids
    }
    assert flagged == own
    assert done.returncode == 1  # kgx exits 1 when it reports any error


def test_kgx_validator_with_the_context_reports_nothing(kgx, exported):
    """With the prefixes of phtkg_context.jsonld added to the Biolink ones, KGX's validator
    finds no error and no warning at all."""
    done = kgx(
        "-c", VALIDATE_WITH_CONTEXT, "phtkg_context.jsonld", *TABLES, cwd=exported, python=True
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {}


def test_the_context_expands_every_node_id_in_curies_and_kgx(kgx, exported):
    """curies and KGX's PrefixManager, given phtkg_context.jsonld, expand every node id to
    the same IRI: the project's for a pht: id."""
    done = kgx("-c", EXPAND_WITH_CONTEXT, cwd=exported, python=True)
    assert done.returncode == 0, done.stderr
    expanded = json.loads(done.stdout)
    assert len(expanded) == len(read_tsv(exported / TABLES[0]))
    for curie, by_curies, by_kgx in expanded:
        assert by_curies == by_kgx and by_curies.startswith("http"), (curie, by_curies, by_kgx)
        if curie.startswith("pht:"):
            assert by_curies == "https://w3id.org/phtkg/" + curie[len("pht:") :]


def test_kgx_neo4j_upload_sends_every_node_and_edge(kgx, exported, tmp_path):
    """kgx neo4j-upload sends each node once and each edge once, and no two edges share
    subject, relationship type and object (its MERGE would make them one)."""
    record = tmp_path / "cypher.jsonl"
    done = kgx(
        "neo4j-upload",
        "-l",
        "bolt://localhost:7687",
        "-u",
        "neo4j",
        "-p",
        "password",
        "-i",
        "tsv",
        *TABLES,
        cwd=exported,
        env={"NEO4J_RECORD": str(record)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    statements = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    nodes = [n for s in statements for n in s["parameters"].get("nodes", [])]
    for statement in statements:  # under biolink:NamedThing and the label of its category
        for node in statement["parameters"].get("nodes", []):
            labels = ("`biolink:NamedThing`", *(f"n:`{c}`" for c in node["category"]))
            assert all(label in statement["query"] for label in labels), statement["query"]
    edges = [e for s in statements for e in s["parameters"].get("edges", [])]
    nodes_in = read_tsv(exported / TABLES[0])
    edges_in = read_tsv(exported / TABLES[1])
    assert sorted(n["id"] for n in nodes) == sorted(n["id"] for n in nodes_in)
    assert sorted(e["id"] for e in edges) == sorted(e["id"] for e in edges_in)
    merged_on = {(e["subject"], e["predicate"], e["object"]) for e in edges}
    assert len(merged_on) == len(edges_in)
    types = {
        s["parameters"]["relationship"] for s in statements if "relationship" in s["parameters"]
    }
    assert types == {e["predicate"] for e in edges_in}
