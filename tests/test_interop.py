"""Every file phtkg writes, read by the tool its community uses, with counts in and out.

pronto reads the shipped RDF/XML, the OBO flat file and OBO Graphs JSON; py-horned-owl and
owlready2 read OWL Functional Syntax and OWL/XML; Raptor's ``rapper`` (Debian's
raptor2-utils) reads every RDF syntax; sssom-py converts and parses the mappings. Each
test compares what the tool read with what the graph holds (terms, definitions,
synonyms, relationships, axioms, triples, mappings), not only that it parsed. OAK and KGX
have modules of their own (test_interop_oak.py, test_interop_kgx.py).
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from phtkg import resources
from phtkg.export import facts
from phtkg.export.render import prepare, render
from phtkg.export.source import read_triples

pytestmark = pytest.mark.slow  # each test runs a whole-graph export through another library

ONTOLOGY = resources.ontology_turtle()
SKOS_ALT_LABEL = URIRef("http://www.w3.org/2004/02/skos/core#altLabel")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return prepare(*read_triples(ONTOLOGY))


@pytest.fixture(scope="module")
def written(graph, tmp_path_factory) -> dict[str, Path]:
    """Each export format of this module, written once to a file."""
    folder = tmp_path_factory.mktemp("interop")
    suffixes = {"obo": ".obo", "obojson": ".json", "ofn": ".ofn", "owx": ".owx"}
    suffixes |= {"turtle": ".ttl", "xml": ".rdf", "nt": ".nt", "nquads": ".nq", "trig": ".trig"}
    suffixes |= {"sssom": ".sssom.tsv"}
    paths = {}
    for fmt, suffix in suffixes.items():
        paths[fmt] = folder / f"phtkg{suffix}"
        paths[fmt].write_bytes(render(graph, fmt)[""])
    return paths


# ---- what the graph holds ------------------------------------------------------------------
def classes(graph: Graph) -> set[str]:
    return {facts.curie(cls) for cls in facts.named_classes(graph)}


def synonym_count(graph: Graph) -> int:
    return sum(1 for cls in facts.named_classes(graph) for _ in graph.objects(cls, SKOS_ALT_LABEL))


def restriction_facts(graph: Graph) -> set[tuple[str, str, str]]:
    """(subject, relation, object) of every fact on each member of a class (no class scope)."""
    return {
        (facts.curie(f.subject), facts.curie(f.relation), facts.curie(f.object))
        for f in facts.relationships(graph, provenance=False)
        if f.scope != "class"
    }


# ---- pronto: the RDF/XML, OBO and OBO Graphs -----------------------------------------------
def pronto_load(path: Path):
    pronto = pytest.importorskip("pronto")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pronto.Ontology(str(path))


def test_pronto_reads_every_class_of_the_shipped_rdfxml(graph):
    ontology = pronto_load(ONTOLOGY.with_suffix(".owl"))
    assert ontology.metadata.ontology is not None  # the header is found, so it is read
    read = {term.id for term in ontology.terms()}
    assert read == {str(cls) for cls in facts.named_classes(graph)}


@pytest.mark.parametrize("fmt", ["obo", "obojson"])
def test_pronto_reads_every_term_definition_synonym_and_relationship(fmt, graph, written):
    ontology = pronto_load(written[fmt])
    terms = list(ontology.terms())
    ids = {term.id for term in terms}
    expected = classes(graph)
    if fmt == "obojson":  # OBO Graphs identifies nodes by IRI
        expected = {str(cls) for cls in facts.named_classes(graph)}
    assert ids == expected
    definition = URIRef(facts.SKOS + "definition")
    defined = {cls for cls in facts.named_classes(graph) if graph.value(cls, definition)}
    assert sum(1 for term in terms if term.definition) == len(defined)
    assert sum(len(term.synonyms) for term in terms) == synonym_count(graph)
    if fmt == "obo":  # pronto reads no relationships back from OBO Graphs JSON
        read = {
            (term.id, relation.id, target.id)
            for term in terms
            for relation, targets in term.relationships.items()
            for target in targets
        }
        assert read == restriction_facts(graph)


def test_obo_definitions_keep_their_sections(graph, written):
    ontology = pronto_load(written["obo"])
    term = ontology["pht:ProximalHamstringTendinopathy"]
    assert term.definition and term.definition.xrefs
    assert all(x.id.startswith("https://w3id.org/phtkg/source/") for x in term.definition.xrefs)


def test_a_class_scope_fact_is_no_obo_relationship(graph, written):
    """A fact of a class as a whole (LoadManagement includes sitting modification) is a
    property value, so that OBO tools do not read it as true of every member."""
    text = written["obo"].read_text(encoding="utf-8")
    stanza = text.split("id: pht:LoadManagement\n", 1)[1].split("\n\n", 1)[0]
    assert "property_value: pht:includes pht:SittingModification" in stanza
    assert "relationship: pht:includes pht:SittingModification" not in stanza


# ---- py-horned-owl and owlready2: OWL Functional Syntax and OWL/XML --------------------------
def test_horned_owl_reads_the_same_axioms_in_both_owl_syntaxes(graph, written):
    pyhornedowl = pytest.importorskip("pyhornedowl")
    from phtkg.export.owl_syntaxes import ontology_of

    expected = len(ontology_of(graph).get_axioms())
    for fmt in ("ofn", "owx"):
        read = pyhornedowl.open_ontology_from_file(str(written[fmt]))
        assert len(read.get_axioms()) == expected, fmt
    declared = {
        str(iri) for iri in pyhornedowl.open_ontology_from_file(str(written["ofn"])).get_classes()
    }
    assert {str(cls) for cls in facts.named_classes(graph)} <= declared


def test_the_disjoint_top_categories_survive_in_owl_syntaxes(graph, written):
    tops = sorted(str(c) for c in facts.top_categories(graph))
    text = written["ofn"].read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.strip().startswith("DisjointClasses("))
    assert line.count("pht:") == len(tops)
    assert "<DisjointClasses>" in written["owx"].read_text(encoding="utf-8")


def test_owlready2_reads_every_class_of_the_owl_xml(graph, written, tmp_path):
    """owlready2 (the library phtkg reasons with) opens the OWL/XML in a child process,
    as owlready2 keeps one world per process."""
    script = (
        "import sys, owlready2\n"
        "onto = owlready2.get_ontology('file://' + sys.argv[1]).load(format='owlxml')\n"
        "print(len(list(onto.classes())))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(written["owx"])],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) == len(facts.named_classes(graph))


# ---- Raptor: every RDF syntax -----------------------------------------------------------------
RAPPER_SYNTAX = {"turtle": "turtle", "xml": "rdfxml", "nt": "ntriples", "nquads": "nquads"}
RAPPER_SYNTAX["trig"] = "trig"


def rapper_count(path: Path, syntax: str) -> int:
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper (Debian's raptor2-utils) is not installed")
    done = subprocess.run(
        [rapper, "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    errors = [line for line in done.stderr.splitlines() if "Error" in line or "Warning" in line]
    assert errors == []
    return int(done.stderr.split("returned")[1].split()[0])


@pytest.mark.parametrize("fmt", sorted(RAPPER_SYNTAX))
def test_rapper_reads_every_statement(fmt, written):
    oxi_format = {"turtle": "TURTLE", "xml": "RDF_XML", "nt": "N_TRIPLES"}
    oxi_format |= {"nquads": "N_QUADS", "trig": "TRIG"}
    expected = len(
        list(ox.parse(path=str(written[fmt]), format=getattr(ox.RdfFormat, oxi_format[fmt])))
    )
    assert rapper_count(written[fmt], RAPPER_SYNTAX[fmt]) == expected


@pytest.mark.parametrize("suffix,syntax", [(".ttl", "turtle"), (".owl", "rdfxml")])
def test_rapper_reads_the_shipped_files_whole(suffix, syntax, graph):
    assert rapper_count(ONTOLOGY.with_suffix(suffix), syntax) == len(graph)


def test_trig_has_no_graph_keyword(written):
    text = written["trig"].read_text(encoding="utf-8")
    assert "GRAPH " not in text and "phtsrc:000_7ec0ad743bb0a478 {" in text


# ---- sssom-py ---------------------------------------------------------------------------------
def test_sssom_parses_and_converts_every_mapping_without_a_warning(graph, written, caplog):
    """``sssom convert -O rdf`` and ``sssom parse``, run as the functions the commands call
    (the command line takes about ten seconds to start); sssom-py logs a bad value. The
    parse is that of ``sssom parse`` with the file's own curie map: the command first
    builds the Bioregistry's prefix map, which takes 20 s and changes nothing here."""
    pytest.importorskip("sssom", reason="the sssom package is not installed")
    from sssom.io import convert_file
    from sssom.parsers import parse_sssom_table
    from sssom.writers import write_table

    mappings = len(facts.cross_references(graph))
    converted, parsed = io.StringIO(), io.StringIO()
    with caplog.at_level(logging.WARNING):
        convert_file(str(written["sssom"]), converted, output_format="rdf")
        document = parse_sssom_table(str(written["sssom"]))
        document.clean_prefix_map(strict=True)
        write_table(document, parsed)
    assert [record.getMessage() for record in caplog.records] == []
    rdf = Graph().parse(data=converted.getvalue(), format="turtle")
    assert len(set(rdf.subjects(RDF.type, OWL.Axiom))) == mappings
    rows = [line for line in parsed.getvalue().splitlines() if line[:1] != "#"]
    assert len(rows) - 1 == mappings  # the header row


def test_sssom_sources_are_curies_of_the_curie_map(written):
    text = written["sssom"].read_text(encoding="utf-8")
    assert '#subject_source: "pht:phtkg.owl"' in text
    assert "#  pht: " in text


def test_the_owl_api_reads_both_owl_syntaxes_as_the_rdfxml(java, written, tmp_path):
    """HermiT loads files through the OWL API (the library of Protégé and ROBOT): the
    classification of each OWL syntax is that of the RDF/XML export."""
    from phtkg.reasoning.dl import run_hermit_command

    found = {}
    for fmt in ("xml", "ofn", "owx"):
        target = tmp_path / f"{fmt}.txt"
        done = run_hermit_command(
            java, 2000, ["-c", "-o", str(target), written[fmt].as_uri()], timeout=300
        )
        assert done.returncode == 0, done.stderr[-2000:]
        found[fmt] = sorted(target.read_text(encoding="utf-8").splitlines())
    assert len(found["xml"]) > 300
    assert found["ofn"] == found["xml"] and found["owx"] == found["xml"]
