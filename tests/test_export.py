"""phtkg export and phtkg stats: every format, lossless round trips, named graphs,
determinism, atomic writes, KGX against the Biolink Model, SSSOM validation, CSV, counts
and one-line errors.

Isomorphism of the full graph is decided with pyoxigraph's RDF canonicalisation (rdflib's
own takes minutes on 18,000 statements); the small fixture is also checked with rdflib's
``isomorphic``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic

from phtkg import resources
from phtkg.build.tables import load_tables, split_list
from phtkg.export import FORMATS, RDF_FORMATS
from phtkg.export.named_graphs import INFERRED_GRAPH
from phtkg.export.render import prepare, render
from phtkg.export.source import read_triples

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "xml": ox.RdfFormat.RDF_XML,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
}
QUADS = {"nquads", "trig"}
DCTERMS_SOURCE = URIRef("http://purl.org/dc/terms/source")
PHT = "https://w3id.org/phtkg/"

# rdflib's own N-Quads and TriG parsers use its deprecated APIs.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def one_line_error(result) -> str:
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# ---- isomorphism ----------------------------------------------------------------------
def _ox_term(term):
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def canonical(triples) -> set[str]:
    """The triples (pyoxigraph or rdflib), canonically labelled, as a set of strings."""
    dataset = ox.Dataset()
    for triple in triples:
        if isinstance(triple, (ox.Triple, ox.Quad)):
            dataset.add(ox.Quad(triple.subject, triple.predicate, triple.object))
        else:
            dataset.add(ox.Quad(*(_ox_term(t) for t in triple[:3])))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(quad) for quad in dataset}


def parse_rdflib(data: bytes, fmt: str) -> list:
    """Every statement of an export read by rdflib; quads lose their graph (the union)."""
    if fmt in QUADS:
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format=fmt)
        return [(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))]
    return list(rdflib.Graph().parse(data=data, format=fmt))


def parse_oxigraph(data: bytes, fmt: str) -> list:
    return list(ox.parse(data, format=OX_FORMATS[fmt]))


# ---- fixtures -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def graph():
    return prepare(*read_triples())


@pytest.fixture(scope="module")
def original() -> set[str]:
    """The bundled ontology file as pyoxigraph reads it, canonically labelled."""
    return canonical(ox.parse(path=str(resources.ontology_turtle()), format=ox.RdfFormat.TURTLE))


@pytest.fixture(scope="module")
def exports(graph) -> dict[str, bytes]:
    return {fmt: render(graph, fmt)[""] for fmt in RDF_FORMATS}


# ---- lossless round trips ------------------------------------------------------------------
@pytest.mark.slow  # renders the bundled graph in every RDF format; rdflib reads it back
@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_rdflib_reads_back_the_same_graph(fmt, exports, original):
    assert canonical(parse_rdflib(exports[fmt], fmt)) == original


@pytest.mark.slow  # renders the bundled graph in every RDF format
@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_pyoxigraph_reads_back_the_same_graph(fmt, exports, original):
    assert canonical(parse_oxigraph(exports[fmt], fmt)) == original


def _plain_strings(graph: rdflib.Graph) -> rdflib.Graph:
    """xsd:string literals as plain literals: one RDF 1.1 term, two rdflib objects."""
    xsd_string = URIRef("http://www.w3.org/2001/XMLSchema#string")
    out = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == xsd_string:
            o = Literal(str(o))
        out.add((s, p, o))
    return out


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_the_fixture_round_trips_isomorphic_in_rdflib(cli, fmt):
    result = cli("export", "--format", fmt, ontology=MINI)
    assert result.exit_code == 0, result.output
    back = rdflib.Graph()
    for triple in parse_rdflib(result.stdout_bytes, fmt):
        back.add(triple)
    assert isomorphic(_plain_strings(back), _plain_strings(rdflib.Graph().parse(MINI)))


# ---- named graphs ---------------------------------------------------------------------------
def _quads(data: bytes, fmt: str) -> dict:
    by_graph: dict = {}
    for quad in ox.parse(data, format=OX_FORMATS[fmt]):
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        by_graph.setdefault(name, set()).add((quad.subject, quad.predicate, quad.object))
    return by_graph


@pytest.mark.slow  # renders the bundled graph in every RDF format
def test_each_document_is_a_named_graph_of_claims_citing_it(exports, graph):
    by_graph = _quads(exports["nquads"], "nquads")
    documents = {str(d) for d in graph.subjects(URIRef(PHT + "fileStem"))}
    assert set(by_graph) == documents | {None}
    union = set().union(*by_graph.values())
    annotated = {}  # axiom -> (its documents, its claim)
    for axiom in graph.subjects(rdflib.RDF.type, rdflib.OWL.Axiom):
        claim = tuple(
            str(graph.value(axiom, p))
            for p in (
                rdflib.OWL.annotatedSource,
                rdflib.OWL.annotatedProperty,
                rdflib.OWL.annotatedTarget,
            )
        )
        annotated[str(axiom)] = ({str(d) for d in graph.objects(axiom, DCTERMS_SOURCE)}, claim)
    for name, triples in by_graph.items():
        if name is None:
            continue
        assert triples, name
        citing = {axiom for axiom, (docs, _) in annotated.items() if name in docs}
        claims = {annotated[axiom][1] for axiom in citing}
        structure = {claim[2] for claim in claims}
        for s, p, o in triples:
            key = (str(s.value), str(p.value), str(getattr(o, "value", o)))
            if isinstance(s, ox.BlankNode) and s.value in citing:
                if p.value == str(DCTERMS_SOURCE):
                    assert o.value == name
                continue
            assert key in claims or s.value in structure or isinstance(s, ox.BlankNode), key
    # No claim of a document is left in the default graph.
    default_axioms = {
        s.value
        for s, p, o in by_graph[None]
        if p.value == str(DCTERMS_SOURCE) and isinstance(s, ox.BlankNode)
    }
    assert not default_axioms
    named = set().union(*(t for name, t in by_graph.items() if name is not None))
    assert not by_graph[None] & named, "a statement is both in the default and a named graph"
    assert len(union) == len(graph)


@pytest.mark.slow  # renders the bundled graph in every RDF format
def test_named_graph_union_is_the_graph_and_trig_equals_nquads(exports, original):
    nquads, trig = _quads(exports["nquads"], "nquads"), _quads(exports["trig"], "trig")
    assert canonical(set().union(*nquads.values())) == original
    assert {name: len(t) for name, t in nquads.items()} == {
        name: len(t) for name, t in trig.items()
    }


@pytest.mark.slow  # renders the bundled graph in every RDF format
def test_a_section_citation_stays_in_its_own_documents_graph(exports):
    by_graph = _quads(exports["nquads"], "nquads")
    citation = PHT + "citation"
    for name, triples in by_graph.items():
        for _s, p, o in triples:
            if p.value == citation:
                assert o.value.startswith(name + "/"), (name, o.value)


# ---- determinism --------------------------------------------------------------------------
_HASH_ALL = """
import hashlib, sys
from phtkg.export import FORMATS
from phtkg.export.render import prepare, render
from phtkg.export.source import read_triples
graph = prepare(*read_triples(sys.argv[1] if len(sys.argv) > 1 else None))
for fmt in FORMATS:
    for suffix, data in sorted(render(graph, fmt).items()):
        print(fmt, suffix, hashlib.sha256(data).hexdigest())
"""


@pytest.mark.slow  # two child processes render every format
def test_two_runs_give_the_same_bytes():
    """Separate processes with different hash seeds, so set order cannot hide in the output;
    the two run side by side."""
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _HASH_ALL],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        for seed in ("1", "2")
    ]
    outputs = []
    for run in runs:
        stdout, stderr = run.communicate(timeout=600)
        assert run.returncode == 0, stderr
        outputs.append(stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == len(FORMATS) + 2  # kgx has three parts


def test_stdout_and_file_are_the_same_bytes(cli, tmp_path):
    target = tmp_path / "mini.ttl"
    to_file = cli("export", "-f", "turtle", "-o", str(target), ontology=MINI)
    to_stdout = cli("export", "-f", "turtle", ontology=MINI)
    assert to_file.exit_code == 0 and to_stdout.exit_code == 0
    assert target.read_bytes() == to_stdout.stdout_bytes


# ---- atomic writes --------------------------------------------------------------------------
def test_a_failing_writer_leaves_the_existing_file_alone(cli, tmp_path, monkeypatch):
    target = tmp_path / "graph.trig"
    target.write_bytes(b"old content\n")

    def broken(*args, **kwargs):
        raise ValueError("the writer broke")

    monkeypatch.setattr("phtkg.export.rdf_writers.trig", broken)
    result = cli("export", "-f", "trig", "-o", str(target), ontology=MINI)
    assert result.exit_code == 2
    assert "the writer broke" in one_line_error(result)
    assert target.read_bytes() == b"old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.trig"]


def test_a_failing_disk_leaves_no_partial_file(cli, tmp_path, monkeypatch):
    target = tmp_path / "graph.nt"
    target.write_bytes(b"old content\n")
    real_fdopen = os.fdopen

    class FullDisk(io.RawIOBase):
        def __init__(self, handle):
            self.stream = real_fdopen(handle, "wb")

        def write(self, data):
            self.stream.write(data[: len(data) // 2])
            self.stream.flush()
            raise OSError(28, "No space left on device")

        def close(self):
            self.stream.close()

    monkeypatch.setattr("phtkg.files.os.fdopen", lambda handle, mode: FullDisk(handle))
    result = cli("export", "-f", "nt", "-o", str(target), ontology=MINI)
    assert result.exit_code == 2
    assert one_line_error(result) == (
        f"phtkg: cannot write {str(target)!r}: No space left on device"
    )
    assert target.read_bytes() == b"old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nt"]


def test_a_missing_folder_is_a_one_line_error(cli, tmp_path):
    result = cli("export", "-f", "nt", "-o", str(tmp_path / "no" / "such" / "x.nt"), ontology=MINI)
    assert result.exit_code == 2
    assert "No such file or directory" in one_line_error(result)


# ---- the dataset description --------------------------------------------------------------
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")


def test_the_description_travels_with_the_export(cli, tmp_path):
    target = tmp_path / "phtkg.nt"
    result = cli("export", "-f", "nt", "-o", str(target))
    assert result.exit_code == 0, result.output
    description = rdflib.Graph().parse(tmp_path / "phtkg.nt.void.ttl")
    dataset = URIRef(PHT + "dataset")
    exported = parse_oxigraph(target.read_bytes(), "nt")
    assert int(description.value(dataset, VOID.triples)) == len(exported)
    assert description.value(dataset, URIRef("http://purl.org/dc/terms/license"))
    assert description.value(dataset, URIRef("http://purl.org/dc/terms/title"))
    assert description.value(dataset, URIRef("http://www.w3.org/ns/dcat#version"))
    for count in (VOID.entities, VOID.classes, VOID.properties, VOID.distinctSubjects):
        assert int(description.value(dataset, count)) > 0
    assert "phtkg.nt" in {
        str(t) for t in description.objects(None, URIRef("http://purl.org/dc/terms/title"))
    }


def test_void_format_prints_the_description_alone(cli):
    result = cli("export", "-f", "void", ontology=MINI)
    assert result.exit_code == 0
    description = rdflib.Graph().parse(data=result.stdout_bytes, format="turtle")
    assert int(description.value(URIRef(PHT + "dataset"), VOID.triples)) == len(
        set(ox.parse(path=str(MINI), format=ox.RdfFormat.TURTLE))
    )


def test_no_description_flag(cli, tmp_path):
    result = cli(
        "export", "-f", "csv", "-o", str(tmp_path / "x.csv"), "--no-description", ontology=MINI
    )
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv"]


# ---- CSV ------------------------------------------------------------------------------------
RELATIONSHIPS = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?s ?p ?o WHERE {
  { ?s rdfs:subClassOf ?r . ?r owl:onProperty ?p ; owl:someValuesFrom ?o . }
  UNION
  { ?s ?p ?o . ?p a owl:ObjectProperty . ?s a owl:Class . ?o a owl:Class . }
  FILTER(isIRI(?s) && isIRI(?o))
}"""


def _relationships() -> set[tuple[str, str, str]]:
    """(subject, relation, object) local names of every restriction and every fact of a
    class as a whole (a triple between classes), read with SPARQL."""
    store = ox.Store()
    store.load(path=str(resources.ontology_turtle()), format=ox.RdfFormat.TURTLE)
    return {
        tuple(row[name].value[len(PHT) :] for name in ("s", "p", "o"))
        for row in store.query(RELATIONSHIPS)
    }


def _relation_rows():
    """The rows of relations.tsv by (subject, relation, object), for their sources."""
    tables = load_tables(resources.tables_dir())
    return {
        (r["subject"], r["relation"], r["object"]): r
        for r in tables.relations
        if r["relation"] != "subClassOf"
    }


def test_csv_has_one_row_per_relationship(graph):
    rows = list(csv.DictReader(io.StringIO(render(graph, "csv")[""].decode("utf-8"))))
    assert list(rows[0]) == [
        "subject_id",
        "subject_label",
        "relation",
        "relation_id",
        "object_id",
        "object_label",
        "load_type",
        "sources",
        "sections",
        "note",
        "disagreement",
    ]
    assert {
        (r["subject_id"][4:], r["relation_id"][4:], r["object_id"][4:]) for r in rows
    } == _relationships()
    assert len(rows) == len(_relationships())
    sitting = next(
        r
        for r in rows
        if r["subject_id"] == "pht:ProlongedSitting" and r["relation_id"] == "pht:aggravates"
    )
    assert sitting["subject_label"] == "prolonged sitting"
    assert sitting["load_type"] == "compressive load"
    assert sitting["sources"] and all(s[:3].isdigit() for s in sitting["sources"].split("; "))
    assert " § " in sitting["sections"]


# ---- SSSOM ----------------------------------------------------------------------------------
def test_sssom_has_every_cross_reference_with_its_strength(graph):
    text = render(graph, "sssom")[""].decode("utf-8")
    body = [line for line in text.splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(body, delimiter="\t"))
    xrefs = load_tables(resources.tables_dir()).xrefs
    assert {(r["subject_id"], r["predicate_id"], r["object_id"]) for r in rows} == {
        ("pht:" + x["id"], f"skos:{x['match']}Match", x["xref"]) for x in xrefs
    }
    assert {r["mapping_justification"] for r in rows} == {"semapv:ManualMappingCuration"}
    assert "#mapping_set_id:" in text and "#license:" in text and "#curie_map:" in text


@pytest.mark.slow  # the sssom validator runs twice as a child process
def test_sssom_validate_reports_nothing(graph, tmp_path):
    pytest.importorskip("sssom", reason="the sssom package is not installed")
    sssom = shutil.which("sssom", path=str(Path(sys.executable).parent)) or shutil.which("sssom")
    if sssom is None:
        pytest.skip("the sssom command is not installed")
    target = tmp_path / "phtkg.sssom.tsv"
    target.write_bytes(render(graph, "sssom")[""])
    for extra in (
        [],
        ["-V", "JsonSchema", "-V", "PrefixMapCompleteness", "-V", "StrictCurieFormat"],
    ):
        done = subprocess.run(
            [sssom, "validate", *extra, str(target)], capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "" and done.stderr.strip() == "", done.stdout + done.stderr


# ---- KGX ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def kgx_folder(cli, tmp_path_factory) -> Path:
    """A folder with the KGX export of the bundled graph, made once for this module."""
    folder = tmp_path_factory.mktemp("kgx")
    result = cli("export", "-f", "kgx", "-o", str(folder / "phtkg"))
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def kgx(kgx_folder) -> tuple[list[dict], list[dict]]:
    """The KGX node and edge tables of the bundled graph."""

    def read(name):
        text = (kgx_folder / name).read_text(encoding="utf-8")
        return list(csv.DictReader(text.splitlines(), delimiter="\t"))

    return read("phtkg_nodes.tsv"), read("phtkg_edges.tsv")


def _own_ids(nodes: list[dict]) -> dict[str, str]:
    """Each node's pht: CURIE and its KGX id (the same, or an external id)."""
    own = {}
    for node in nodes:
        ids = [node["id"]] + node["xref"].split("|")
        [pht] = [i for i in ids if i.startswith("pht:")]
        own[pht] = node["id"]
    return own


@pytest.fixture(scope="module")
def toolkit():
    pytest.importorskip("bmt", reason="bmt (the Biolink Model Toolkit) is not installed")
    pytest.importorskip("biolink_model", reason="the biolink-model package is not installed")
    from importlib.resources import files

    from bmt import Toolkit

    schema = files("biolink_model") / "schema" / "biolink_model.yaml"
    return Toolkit(schema=str(schema), predicate_map={"predicate mappings": []})


@pytest.mark.slow  # loads the Biolink Model Toolkit
def test_kgx_follows_the_biolink_model(kgx, toolkit):
    nodes, edges = kgx
    assert nodes and edges
    category = {node["id"]: node["category"] for node in nodes}
    for node in nodes:
        assert node["id"] and node["category"] and node["name"], node
        for name in node["category"].split("|"):
            assert toolkit.is_category(name), name
    levels = set(toolkit.view.get_enum("KnowledgeLevelEnum").permissible_values)
    agents = set(toolkit.view.get_enum("AgentTypeEnum").permissible_values)
    for edge in edges:
        for column in (
            "id",
            "subject",
            "predicate",
            "object",
            "primary_knowledge_source",
            "knowledge_level",
            "agent_type",
        ):
            assert edge[column], (column, edge)
        assert edge["subject"] in category and edge["object"] in category, edge
        assert toolkit.is_predicate(edge["predicate"]), edge["predicate"]
        assert edge["knowledge_level"] in levels and edge["agent_type"] in agents
        element = toolkit.get_element(edge["predicate"])
        for end, slot in (("subject", "domain"), ("object", "range")):
            wanted = getattr(element, slot)
            if wanted:
                above = toolkit.get_ancestors(
                    category[edge[end]], mixin=True, reflexive=True, formatted=False
                )
                assert wanted in above, (edge["predicate"], slot, wanted, edge[end])
    assert len({edge["id"] for edge in edges}) == len(edges)


@pytest.mark.slow  # loads the Biolink Model Toolkit
def test_kgx_ids_use_the_vocabularies_biolink_names_for_the_category(kgx, toolkit):
    """ID_PREFIXES is the model's id_prefixes, and a node whose id is not the project's own
    has it from an exact cross-reference into the first of them that it has one into."""
    from phtkg.export.kgx import CATEGORIES, ID_PREFIXES

    for category in set(CATEGORIES.values()):
        model = toolkit.get_element(category).id_prefixes or []
        assert ID_PREFIXES.get(category, ()) == tuple(model), category
    exact = {}
    for row in load_tables(resources.tables_dir()).xrefs:
        if row["match"] == "exact":
            exact.setdefault(f"pht:{row['id']}", []).append(row["xref"])
    nodes, _ = kgx
    own = _own_ids(nodes)
    category = {node["id"]: node["category"] for node in nodes}
    external = {pht: kgx_id for pht, kgx_id in own.items() if kgx_id != pht}
    assert len(set(own.values())) == len(nodes) == len(own)
    assert len(external) >= 20 and len(external) < len(nodes), len(external)
    for pht, kgx_id in own.items():
        xrefs = exact.get(pht, [])
        vocabularies = [
            p
            for p in ID_PREFIXES.get(category[kgx_id], ())
            if any(x.startswith(p + ":") for x in xrefs)
        ]
        into = [x for x in xrefs if vocabularies and x.startswith(vocabularies[0] + ":")]
        assert kgx_id == (into[0] if len(into) == 1 else pht), (pht, kgx_id, xrefs)
    assert own["pht:IschialTuberosity"] == "UBERON:0034983"
    assert own["pht:ProximalHamstringTendinopathy"] == "pht:ProximalHamstringTendinopathy"


def test_kgx_node_ids_never_merge_two_terms():
    """An identifier that two terms would both take stays with neither; a term with two
    exact cross-references into its first vocabulary keeps its own id."""
    from phtkg.export.kgx import node_ids

    a, b, c, d = (URIRef(PHT + name) for name in ("A", "B", "C", "D"))
    disease, anatomy = "biolink:Disease", "biolink:AnatomicalEntity"
    ids = node_ids(
        {a: disease, b: disease, c: anatomy, d: anatomy},
        {
            a: ["MONDO:1", "DOID:1"],
            b: ["MONDO:1"],
            c: ["MESH:D1", "UBERON:1", "UBERON:2"],
            d: ["FMA:1", "MESH:D2"],
        },
    )
    assert ids == {a: "pht:A", b: "pht:B", c: "pht:C", d: "MESH:D2"}


def test_kgx_never_has_two_edges_that_kgx_would_merge(kgx, graph):
    """KGX keys an edge on subject, predicate and object: no two edges share all three, and
    in the bundled graph each edge has its relation's first choice (none had to give way)."""
    from phtkg import namespaces as ns
    from phtkg.export import facts
    from phtkg.export.kgx import predicates_for

    nodes, edges = kgx
    keys = [(e["subject"], e["predicate"], e["object"]) for e in edges]
    assert len(set(keys)) == len(keys)
    own = _own_ids(nodes)
    top = {
        own[facts.curie(cls)]: ns.local_name(category)
        for cls, category in facts.category_of(graph).items()
        if facts.curie(cls) in own
    }
    for edge in edges:
        relation = URIRef(ns.expand_curie(edge["original_predicate"]))
        first = predicates_for(relation, top[edge["subject"]], top[edge["object"]])[0]
        assert edge["predicate"] == first, edge
    pairs = {}
    for edge in edges:
        pairs.setdefault((edge["subject"], edge["object"]), set()).add(
            (edge["original_predicate"], edge["predicate"])
        )
    assert sum(len(relations) > 1 for relations in pairs.values()) >= 10
    assert pairs[("pht:ProximalHamstringTendinopathy", "pht:ProvocationTest")] == {
        ("pht:isDiagnosedBy", "biolink:related_to_at_instance_level"),
        ("pht:isDistinguishedBy", "biolink:associated_with"),
    }


def test_kgx_gives_a_relation_its_next_free_predicate():
    """Two relations between the same two terms with the same first choice: the second (by
    relation) takes its next; when none is left the export fails saying which to refine."""
    from phtkg.export.facts import Relationship
    from phtkg.export.kgx import assign_predicates

    a, b = URIRef(PHT + "A"), URIRef(PHT + "B")
    relations = [URIRef(PHT + name) for name in ("isDiagnosedBy", "detects", "rulesOut")]
    category = {a: "Disorder", b: "DiagnosticProcedure"}
    facts = [Relationship(a, relation, b) for relation in relations[:2]]
    assert sorted(assign_predicates(facts, category).values()) == [
        "biolink:related_to",
        "biolink:related_to_at_instance_level",
    ]
    assert assign_predicates(facts, category)[facts[0]] == "biolink:related_to"  # after detects
    with pytest.raises(ValueError, match="more specific biolink_predicate"):
        assign_predicates([Relationship(a, relation, b) for relation in relations], category)


def test_kgx_context_declares_every_prefix_the_tables_use(kgx, kgx_folder):
    """The JSON-LD context beside the tables expands every CURIE; a prefix Biolink's own
    context has expands as there, and only the project's and infores are added."""
    from importlib.resources import files

    nodes, edges = kgx
    context = json.loads((kgx_folder / "phtkg_context.jsonld").read_text(encoding="utf-8"))
    declared = context["@context"]
    used = set()
    for rows, columns in (
        (nodes, ("id", "category", "xref", "provided_by")),
        (edges, ("subject", "predicate", "object", "original_predicate")),
        (edges, ("primary_knowledge_source", "aggregator_knowledge_source")),
        (edges, ("has_evidence_of_type", "publications")),
    ):
        for row in rows:
            for column in columns:
                used.update(v.partition(":")[0] for v in row[column].split("|") if v)
    assert used == set(declared)
    pytest.importorskip("biolink_model", reason="the biolink-model package is not installed")
    prefix_map = files("biolink_model") / "prefixmaps" / "biolink-model-prefix-map.json"
    biolink = json.loads(prefix_map.read_text(encoding="utf-8"))
    assert {p for p in declared if p not in biolink} == {"pht", "phtsrc", "infores"}
    for prefix, namespace in declared.items():
        assert biolink.get(prefix, namespace) == namespace, prefix


def test_kgx_edges_carry_their_documents(kgx):
    """A fact a document states has that document as its primary source; one the project
    inferred, or standard anatomy, has phtkg as its primary source and cites no document."""
    nodes, edges = kgx
    own = _own_ids(nodes)
    by_key = {(e["subject"], e["original_predicate"], e["object"]): e for e in edges}
    documents = {
        f"phtsrc:{row['stem']}": row["key"] for row in load_tables(resources.tables_dir()).sources
    }
    checked = {"ECO:0000302": 0, "ECO:0000305": 0, "ECO:0000306": 0}
    for (subject, relation, obj), row in _relation_rows().items():
        if f"pht:{subject}" not in own or f"pht:{obj}" not in own:
            continue  # an end outside the KGX categories (documents, disagreements)
        edge = by_key[(own[f"pht:{subject}"], f"pht:{relation}", own[f"pht:{obj}"])]
        assert edge["knowledge_level"] == "knowledge_assertion"
        assert edge["agent_type"] == "manual_agent"
        if row["evidence"]:
            continue  # the project's or standard anatomy: checked below by its evidence
        assert edge["has_evidence_of_type"] == "ECO:0000302", edge
        checked["ECO:0000302"] += 1
        stems = {ref.split("#")[0] for ref in split_list(row["sources"])}
        publications = edge["publications"].split("|")
        assert {documents[p] for p in publications} >= stems, edge
        assert edge["primary_knowledge_source"] == f"infores:phtkg-{documents[min(publications)]}"
        assert edge["aggregator_knowledge_source"] == "infores:phtkg"
    for edge in edges:
        if edge["has_evidence_of_type"] in ("ECO:0000305", "ECO:0000306"):
            checked[edge["has_evidence_of_type"]] += 1
            assert edge["primary_knowledge_source"] == "infores:phtkg", edge
            assert edge["publications"] == "" and edge["aggregator_knowledge_source"] == ""
    assert all(checked.values()), checked
    differential = by_key[
        (
            own["pht:IschiofemoralImpingement"],
            "pht:isDifferentialDiagnosisOf",
            own["pht:ProximalHamstringTendinopathy"],
        )
    ]
    assert differential["predicate"] == "biolink:similar_to"


def test_kgx_needs_an_output_prefix(cli):
    result = cli("export", "-f", "kgx", ontology=MINI)
    assert result.exit_code == 2
    assert "--output PREFIX" in one_line_error(result)


# ---- stats --------------------------------------------------------------------------------
def test_stats_counts_categories_and_relations(cli, graph):
    result = cli("stats", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    totals = {r["name"]: r["count"] for r in rows if r["kind"] == "total"}
    assert totals["triples"] == len(graph)
    assert totals["source documents"] == 5
    relations = {r["name"]: r["count"] for r in rows if r["kind"] == "relation"}
    expected = _relationships()
    assert relations["aggravates"] == sum(1 for key in expected if key[1] == "aggravates")
    assert sum(relations.values()) == totals["relationships"] == len(expected)
    categories = {r["name"]: r["count"] for r in rows if r["kind"] == "category"}
    assert categories["anatomical entity"] > 0 and categories["disorder"] > 0


def test_stats_table_on_the_fixture(cli):
    result = cli("stats", "--format", "table", ontology=MINI)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split() == ["kind", "name", "count"]


# ---- inferred ---------------------------------------------------------------------------
def _java() -> bool:
    from phtkg.reasoning.reason import find_java

    return find_java()[0] is not None


def test_inferred_without_java_says_so_in_one_line(cli, monkeypatch):
    monkeypatch.setattr("phtkg.reasoning.reason.find_java", lambda: (None, "nowhere"))
    plain = cli("export", "-f", "nt", ontology=MINI)
    result = cli("export", "-f", "nt", "--inferred", ontology=MINI)
    assert result.exit_code == 0
    assert "without inferred statements" in one_line_error(result)
    assert result.stdout_bytes == plain.stdout_bytes


@pytest.mark.slow  # runs HermiT on the bundled graph
@pytest.mark.skipif(not _java(), reason="the reasoner needs Java")
def test_inferred_adds_the_hierarchy_in_its_own_graph(cli, original):
    result = cli("export", "-f", "nquads", "--inferred")
    assert result.exit_code == 0, result.stderr
    by_graph = _quads(result.stdout_bytes, "nquads")
    inferred = by_graph.pop(str(INFERRED_GRAPH))
    assert canonical(set().union(*by_graph.values())) == original
    subclass = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
    assert (
        ox.NamedNode(PHT + "ProlongedSittingOnHardSurface"),
        ox.NamedNode(subclass),
        ox.NamedNode(PHT + "Activity"),
    ) in inferred


# ---- errors -----------------------------------------------------------------------------
def test_a_bad_format_is_a_one_line_usage_error(cli):
    result = cli("export", "--format", "yaml")
    assert result.exit_code == 2
    assert "'yaml' is not one of" in one_line_error(result)


def test_an_unreadable_ontology_is_a_one_line_error(cli, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle .\n")
    result = cli("export", "-f", "nt", ontology=broken)
    assert result.exit_code == 2
    assert one_line_error(result).startswith("phtkg: cannot read the ontology")


def test_export_refuses_an_endpoint(cli):
    result = cli("--endpoint", "http://localhost:1/sparql", "export", "-f", "nt")
    assert result.exit_code == 2
    assert "--endpoint" in one_line_error(result)


def test_every_format_is_listed_in_the_help(cli):
    result = cli("export", "--help")
    assert result.exit_code == 0
    for fmt in FORMATS:
        assert fmt in result.stdout
