"""Invariants of the embedded ontology and of the build that makes it."""

import re
import shutil
from pathlib import Path

import pytest

from phtkg import namespaces as ns
from phtkg import resources
from phtkg.build.builder import build_ontology
from phtkg.build.tables import TableError, read_table, split_list

PREFIXES = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX pht: <https://w3id.org/phtkg/>
"""
REFERENCE_TERMS = Path(__file__).resolve().parents[2] / "shared" / "vocab" / "reference-terms.tsv"
MATCH_QUALIFIERS = {
    "exact": ns.SKOS + "exactMatch",
    "close": ns.SKOS + "closeMatch",
    "broad": ns.SKOS + "broadMatch",
    "narrow": ns.SKOS + "narrowMatch",
    "related": ns.SKOS + "relatedMatch",
}


def select(store, text: str) -> list[dict]:
    solutions = store.query(PREFIXES + text)
    names = [variable.value for variable in solutions.variables]
    return [
        {name: (solution[name].value if solution[name] is not None else None) for name in names}
        for solution in solutions
    ]


def curies(rows, *columns) -> list[tuple]:
    return [tuple(ns.compact_iri(row[c]) if row[c] else None for c in columns) for row in rows]


# ---- classes and definitions --------------------------------------------------------
def test_every_class_has_one_label_and_a_definition(bundled_store):
    rows = select(
        bundled_store,
        """
        SELECT ?class (COUNT(DISTINCT ?label) AS ?labels) (COUNT(DISTINCT ?definition) AS ?definitions)
        WHERE {
          ?class a owl:Class .
          FILTER(isIRI(?class) && STRSTARTS(STR(?class), STR(pht:)))
          OPTIONAL { ?class rdfs:label ?label }
          OPTIONAL { ?class skos:definition ?definition }
        }
        GROUP BY ?class""",
    )
    assert len(rows) > 100
    bad = [
        (ns.compact_iri(r["class"]), r["labels"], r["definitions"])
        for r in rows
        if int(r["labels"]) != 1 or int(r["definitions"]) < 1
    ]
    assert bad == [], f"classes without exactly one label or without a definition: {bad}"


def test_definitions_outside_information_resources_have_sources(bundled_store):
    rows = select(
        bundled_store,
        """
        SELECT ?class WHERE {
          ?class a owl:Class ; skos:definition ?definition .
          FILTER(isIRI(?class) && STRSTARTS(STR(?class), STR(pht:)))
          FILTER NOT EXISTS { ?class rdfs:subClassOf* pht:InformationResource }
          FILTER(?class != pht:CaseRecord)  # editorial, like the information resources
          FILTER NOT EXISTS {
            ?axiom owl:annotatedSource ?class ;
                   owl:annotatedProperty skos:definition ;
                   owl:annotatedTarget ?definition ;
                   dcterms:source ?document .
          }
        }""",
    )
    assert curies(rows, "class") == []


# ---- provenance of relationships ----------------------------------------------------
@pytest.mark.slow  # a query over every restriction that takes many seconds
def test_every_restriction_axiom_has_documents_and_section_citations(bundled_store):
    restrictions = select(
        bundled_store,
        """
        SELECT (COUNT(*) AS ?n) WHERE {
          ?subject rdfs:subClassOf ?restriction . ?restriction a owl:Restriction . }""",
    )
    assert int(restrictions[0]["n"]) > 100
    missing = select(
        bundled_store,
        """
        SELECT ?subject ?property ?object WHERE {
          ?subject rdfs:subClassOf ?restriction .
          ?restriction a owl:Restriction ; owl:onProperty ?property ; owl:someValuesFrom ?object .
          # Cited to the documents and sections that state it, or, for what the project
          # inferred or standard anatomy, named with the sections it starts from.
          FILTER NOT EXISTS {
            ?axiom a owl:Axiom ;
                   owl:annotatedSource ?subject ;
                   owl:annotatedProperty rdfs:subClassOf ;
                   owl:annotatedTarget ?restriction ;
                   pht:citation|pht:basedOn ?section .
            ?section pht:sectionHeading ?heading ; dcterms:isPartOf ?document .
            ?document pht:fileStem ?stem .
          }
        }""",
    )
    assert curies(missing, "subject", "property", "object") == []


def test_no_source_document_without_a_file_stem_or_citation_without_a_heading(bundled_store):
    """Every document and section that an axiom names can be shown to a reader."""
    rows = select(
        bundled_store,
        """
        SELECT DISTINCT ?node ?kind WHERE {
          {
            ?axiom a owl:Axiom ; dcterms:source ?node .
            FILTER NOT EXISTS { ?node pht:fileStem ?stem }
            BIND("document" AS ?kind)
          } UNION {
            ?axiom a owl:Axiom ; pht:citation ?node .
            FILTER NOT EXISTS { ?node pht:sectionHeading ?heading ; dcterms:isPartOf ?document .
                                ?axiom dcterms:source ?document }
            BIND("section" AS ?kind)
          }
        }""",
    )
    assert rows == []


# ---- properties and header ------------------------------------------------------------
def _domain_or_range(store, prop: str, which: str) -> list[set[str]]:
    rows = select(
        store,
        f"""
        SELECT ?value ?member WHERE {{
          <{prop}> rdfs:{which} ?value .
          OPTIONAL {{ ?value owl:unionOf ?list . ?list rdf:rest*/rdf:first ?member }}
        }}""",
    )
    values: dict[str, set[str]] = {}
    for row in rows:
        members = values.setdefault(row["value"], set())
        members.add(row["member"] if row["member"] else row["value"])
    return list(values.values())


def test_every_object_property_has_label_definition_domain_and_range(bundled_store):
    table = read_table(
        resources.tables_dir() / "properties.tsv",
        ("id", "kind", "label", "definition", "domain", "range"),
    )
    object_rows = [row for row in table if row["kind"] == "object"]
    assert len(object_rows) > 40
    declared = {
        row["p"] for row in select(bundled_store, "SELECT ?p WHERE { ?p a owl:ObjectProperty }")
    }
    for row in object_rows:
        prop = ns.PHT + row["id"]
        assert prop in declared, f"{row['id']} is not an owl:ObjectProperty"
        labels = select(bundled_store, f"SELECT ?l WHERE {{ <{prop}> rdfs:label ?l }}")
        definitions = select(bundled_store, f"SELECT ?d WHERE {{ <{prop}> skos:definition ?d }}")
        assert len(labels) == 1 and labels[0]["l"] == row["label"], row.where()
        assert len(definitions) == 1 and definitions[0]["d"], row.where()
        for which in ("domain", "range"):
            expected = {ns.PHT + name for name in split_list(row[which])}
            found = _domain_or_range(bundled_store, prop, which)
            if expected:
                assert found == [expected], f"{row.where()}: {which} {found} is not {expected}"
            else:
                assert found == [], f"{row.where()}: {which} {found} where the table gives none"


def test_ontology_header(bundled_store):
    rows = select(
        bundled_store,
        """
        SELECT ?title ?description ?license ?version WHERE {
          ?ontology a owl:Ontology ;
                    dcterms:title ?title ; dcterms:description ?description ;
                    dcterms:license ?license ; owl:versionIRI ?version .
        }""",
    )
    assert len(rows) == 1
    header = rows[0]
    assert header["title"] and header["description"]
    assert header["license"].startswith("https://creativecommons.org/")
    assert re.search(r"/releases/\d+\.\d+\.\d+/phtkg\.owl$", header["version"])


# ---- cross-references ---------------------------------------------------------------
def _reference_terms() -> dict[str, set[str]]:
    """ID -> the match qualifiers the reference table gives it."""
    if not REFERENCE_TERMS.is_file():
        pytest.skip(
            f"the reference vocabulary {REFERENCE_TERMS} is not there (it lives beside the repo)"
        )
    qualifiers: dict[str, set[str]] = {}
    lines = REFERENCE_TERMS.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    concept, identifier = header.index("concept"), header.index("id")
    for line in lines[1:]:
        if not line.strip():
            continue
        cells = line.split("\t")
        match = re.search(r"\[\s*([A-Za-z]+)", cells[concept])
        qualifiers.setdefault(cells[identifier].strip(), set()).add(
            match.group(1).lower() if match else ""
        )
    return qualifiers


def test_cross_references_are_verified_reference_terms(bundled_store):
    reference = _reference_terms()
    rows = select(
        bundled_store,
        """
        SELECT ?term ?predicate ?xref WHERE {
          VALUES ?predicate { skos:exactMatch skos:closeMatch skos:broadMatch
                              skos:narrowMatch skos:relatedMatch }
          ?term ?predicate ?xref .
        }""",
    )
    assert len(rows) > 50
    unknown, overstated = [], []
    exact = ns.SKOS + "exactMatch"
    for row in rows:
        xref = ns.compact_iri(row["xref"])
        if xref not in reference:
            unknown.append((ns.compact_iri(row["term"]), xref))
            continue
        # A local term may be narrower or broader than the vocabulary's concept (then the
        # link is broad or narrow though the table says exact), but never claimed equal to
        # a concept the table says is not the same.
        if row["predicate"] == exact and MATCH_QUALIFIERS["exact"] not in {
            MATCH_QUALIFIERS.get(q) for q in reference[xref]
        }:
            overstated.append(
                f"{ns.compact_iri(row['term'])} {xref} (table: {', '.join(sorted(reference[xref]))})"
            )
    assert unknown == [], f"cross-references not in {REFERENCE_TERMS.name}: {unknown}"
    assert overstated == [], f"exact where the table says otherwise: {overstated}"


# ---- top-level categories -------------------------------------------------------------
def test_top_level_categories_are_pairwise_disjoint(bundled_store):
    terms = read_table(resources.tables_dir() / "terms.tsv", ("id", "parent"))
    top = {ns.PHT + row["id"] for row in terms if not row["parent"]}
    assert len(top) >= 10
    rows = select(
        bundled_store,
        """
        SELECT ?axiom ?member WHERE {
          ?axiom a owl:AllDisjointClasses ; owl:members ?list .
          ?list rdf:rest*/rdf:first ?member .
        }""",
    )
    groups: dict[str, set[str]] = {}
    for row in rows:
        groups.setdefault(row["axiom"], set()).add(row["member"])
    assert any(top <= members for members in groups.values()), (
        f"no owl:AllDisjointClasses holds all of {sorted(ns.compact_iri(t) for t in top)}"
    )


# ---- the build ---------------------------------------------------------------------------
@pytest.mark.slow  # builds the ontology twice
def test_building_twice_gives_the_committed_files_byte_for_byte(tmp_path):
    tables = resources.tables_dir()
    first, second = tmp_path / "first", tmp_path / "second"
    build_ontology(tables, first)
    build_ontology(tables, second)
    for name in ("phtkg.ttl", "phtkg.owl"):
        built = (first / name).read_bytes()
        assert built == (second / name).read_bytes(), f"{name} differs between two builds"
        committed = resources.ontology_dir() / name
        assert built == committed.read_bytes(), (
            f"{committed} is not what the tables build; run the build and commit it"
        )


def _canonical_triples(triples) -> set[str]:
    """The triples with blank nodes named canonically (RDFC-1.0), to compare two graphs."""
    import pyoxigraph

    dataset = pyoxigraph.Dataset(pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.UNSTABLE)
    return {str(quad) for quad in dataset}


@pytest.mark.slow  # builds the ontology and reads both files
def test_the_turtle_and_rdfxml_files_hold_exactly_the_built_graph():
    """A writer that doubles or drops a list cell would change what the files say."""
    import pyoxigraph

    from phtkg.build.builder import build_graph

    built_nt = build_graph(resources.tables_dir()).serialize(format="nt", encoding="utf-8")
    built = _canonical_triples(pyoxigraph.parse(built_nt, format=pyoxigraph.RdfFormat.N_TRIPLES))
    for name, fmt in (
        ("phtkg.ttl", pyoxigraph.RdfFormat.TURTLE),
        ("phtkg.owl", pyoxigraph.RdfFormat.RDF_XML),
    ):
        written = _canonical_triples(
            pyoxigraph.parse(path=str(resources.ontology_dir() / name), format=fmt)
        )
        assert written == built, (
            f"{name}: {len(written - built)} triples not built, {len(built - written)} missing"
        )


@pytest.fixture
def tables_copy(tmp_path):
    folder = tmp_path / "src"
    shutil.copytree(resources.tables_dir(), folder)
    return folder


def _append_row(path: Path, cells: list[str]) -> int:
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    text += "\t".join(cells) + "\n"
    path.write_text(text, encoding="utf-8")
    return len(text.splitlines())


def test_a_relation_naming_an_unknown_term_is_a_table_error_with_its_line(tables_copy, tmp_path):
    line = _append_row(
        tables_copy / "relations.tsv",
        ["ProlongedSitting", "aggravates", "NoSuchTerm", "004#aggravate", "", ""],
    )
    with pytest.raises(TableError) as error:
        build_ontology(tables_copy, tmp_path / "out")
    assert f"relations.tsv:{line}:" in str(error.value)
    assert "NoSuchTerm" in str(error.value)
    assert not (tmp_path / "out" / "phtkg.ttl").exists()


def test_an_unknown_source_section_is_a_table_error_with_its_line(tables_copy, tmp_path):
    line = _append_row(
        tables_copy / "relations.tsv",
        [
            "ProlongedSitting",
            "aggravates",
            "ProximalHamstringTendon",
            "004#no-such-section",
            "",
            "",
        ],
    )
    with pytest.raises(TableError) as error:
        build_ontology(tables_copy, tmp_path / "out")
    assert f"relations.tsv:{line}:" in str(error.value)
    assert "004#no-such-section" in str(error.value)


def _set_biolink_predicate(path: Path, prop: str, cell: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        cells = line.split("\t")
        if cells[0] == prop:
            lines[number - 1] = "\t".join(cells[:-1] + [cell])
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return number
    raise AssertionError(f"{prop} is not in {path.name}")


@pytest.mark.parametrize(
    "cell, problem",
    [
        ("affects", "is not 'biolink:predicate'"),
        (
            "biolink:ameliorates_condition (Exercise -> Disorder)",
            "'Exercise' is not a top category",
        ),
    ],
)
def test_a_malformed_biolink_predicate_is_a_table_error_with_its_line(
    tables_copy, tmp_path, cell, problem
):
    line = _set_biolink_predicate(tables_copy / "properties.tsv", "eases", cell)
    with pytest.raises(TableError) as error:
        build_ontology(tables_copy, tmp_path / "out")
    assert f"properties.tsv:{line}: biolink_predicate" in str(error.value)
    assert problem in str(error.value)


def test_the_biolink_predicate_column_reads_as_choices_tried_in_order():
    from phtkg.build.tables import biolink_predicates

    eases = biolink_predicates(resources.tables_dir())["eases"]
    assert [choice.predicate for choice in eases] == [
        "biolink:ameliorates_condition",
        "biolink:affects",
    ]
    assert eases[0].fits("Intervention", "TendonStage")
    assert not eases[0].fits("Activity", "TendonStage")
    assert eases[1].fits("Activity", "TendonStage")
