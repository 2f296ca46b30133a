"""Every assertion says how it is known, and cites only documents that state it.

The rules are checked over the whole bundled graph: each annotated axiom carries an ECO
evidence class; a document is cited only for a claim a document states; an inference of
the project or a fact of standard anatomy says why; a section citation belongs to the
document it is cited with. The lookups show the kind and can leave inferences out.
"""

from __future__ import annotations

import shutil

import pytest

from phtkg import evidence, lookups, resources
from phtkg import namespaces as ns
from phtkg.build.builder import build_ontology
from phtkg.build.tables import TableError, load_tables, read_table
from phtkg.store.queries import run_query

PREFIXES = f"""
PREFIX owl: <{ns.OWL}>
PREFIX rdfs: <{ns.RDFS}>
PREFIX dcterms: <{ns.DCTERMS}>
PREFIX pht: <{ns.PHT}>
PREFIX skos: <{ns.SKOS}>
PREFIX obo: <{ns.OBO}>
"""
DOCUMENT_ECO = evidence.DOCUMENT.eco


def ask(store, query: str) -> list:
    return list(store.query(PREFIXES + query))


def test_the_evidence_kinds_in_code_are_those_of_the_table():
    table = read_table(
        resources.tables_dir() / "evidence.tsv",
        ("kind", "eco", "eco_label", "knowledge_level", "agent_type", "mark", "description"),
    )
    assert [
        (
            row["kind"],
            ns.expand_curie(row["eco"]),
            row["mark"],
            row["knowledge_level"],
            row["agent_type"],
        )
        for row in table
    ] == [
        (kind.name, kind.eco, kind.mark, kind.knowledge_level, kind.agent_type)
        for kind in evidence.KINDS
    ]


def test_every_annotated_axiom_says_how_it_is_known(bundled_store):
    missing = ask(
        bundled_store,
        "SELECT ?axiom ?subject WHERE { ?axiom a owl:Axiom ; owl:annotatedSource ?subject ."
        " FILTER NOT EXISTS { ?axiom obo:RO_0002558 ?eco } }",
    )
    assert missing == []
    known = {
        str(row[0].value)
        for row in ask(bundled_store, "SELECT DISTINCT ?eco WHERE { ?axiom obo:RO_0002558 ?eco }")
    }
    assert known <= set(evidence.BY_ECO)
    assert {DOCUMENT_ECO, evidence.BY_NAME["project"].eco} <= known


def test_a_document_is_cited_only_for_what_a_document_states(bundled_store):
    cited_without_statement = ask(
        bundled_store,
        "SELECT ?axiom WHERE { ?axiom a owl:Axiom ; dcterms:source|pht:citation ?cited ."
        f" FILTER NOT EXISTS {{ ?axiom obo:RO_0002558 <{DOCUMENT_ECO}> }} }}",
    )
    assert cited_without_statement == []
    stated_without_citation = ask(
        bundled_store,
        f"SELECT ?axiom WHERE {{ ?axiom obo:RO_0002558 <{DOCUMENT_ECO}> ;"
        " owl:annotatedProperty ?p . FILTER NOT EXISTS { ?axiom pht:citation ?section } }",
    )
    assert stated_without_citation == []


def test_an_inference_or_anatomy_fact_says_why(bundled_store):
    rows = ask(
        bundled_store,
        "SELECT ?axiom (SAMPLE(?note) AS ?why) (COUNT(?basis) AS ?bases) WHERE {"
        " ?axiom obo:RO_0002558 ?eco ."
        f" FILTER(?eco != <{DOCUMENT_ECO}>)"
        " OPTIONAL { ?axiom rdfs:comment ?note } OPTIONAL { ?axiom pht:basedOn ?basis }"
        "} GROUP BY ?axiom",
    )
    assert len(rows) >= 20
    for row in rows:
        assert row[1] is not None and row[1].value.strip(), row
    # Those made from table rows with sections name them as what they start from.
    assert sum(1 for row in rows if int(row[2].value) >= 1) >= 20


def test_every_section_citation_belongs_to_a_document_the_axiom_cites(bundled_store):
    stray = ask(
        bundled_store,
        "SELECT ?axiom ?section WHERE { ?axiom pht:citation ?section ."
        " ?section dcterms:isPartOf ?document ."
        " FILTER NOT EXISTS { ?axiom dcterms:source ?document } }",
    )
    assert stray == []
    unsectioned = ask(
        bundled_store,
        "SELECT ?axiom ?document WHERE { ?axiom a owl:Axiom ; dcterms:source ?document ."
        " FILTER NOT EXISTS { ?axiom pht:citation ?s . ?s dcterms:isPartOf ?document } }",
    )
    assert unsectioned == []


def test_a_load_type_the_project_inferred_is_marked_and_left_out_with_sources_only(
    bundled_store,
):
    rows = lookups.aggravates(store=bundled_store)
    stairs = [row for row in rows if row["id"] == "pht:StairClimbing"]
    assert stairs and all(
        row["load_type"] == "tensile (stretch) load (inferred by phtkg)" for row in stairs
    )
    assert all(row["evidence"] == "stated" and row["sources"] for row in stairs)
    # A fact no document states: cycling is named only as a sport the condition develops in.
    cycling = [row for row in rows if row["id"] == "pht:Cycling"]
    assert cycling and all(
        row["evidence"] == "inferred by phtkg" and not row["sources"] for row in cycling
    )
    only = lookups.aggravates(store=bundled_store, sources_only=True)
    assert [row["load_type"] for row in only if row["id"] == "pht:StairClimbing"] == [""]
    assert not [row for row in only if row["id"] == "pht:Cycling"]
    assert all(row["evidence"] == "stated" and row["sources"] for row in only)
    assert len(only) < len(rows)


def test_describe_marks_standard_anatomy_and_sources_only_leaves_it_out(bundled_store):
    (tuberosity,) = lookups.describe("pht:IschialTuberosity", store=bundled_store)
    ischium = [r for r in tuberosity["relationships"] if r["other"] == "pht:Ischium"]
    assert [(r["evidence"], r["sources"]) for r in ischium] == [("standard anatomy", [])]
    (stated,) = lookups.describe("pht:IschialTuberosity", store=bundled_store, sources_only=True)
    assert stated["relationships"]
    assert all(r["evidence"] == "stated" for r in stated["relationships"])
    assert not [r for r in stated["relationships"] if r["other"] == "pht:Ischium"]


def test_the_cli_shows_the_evidence_column_only_where_some_row_is_inferred(cli):
    anatomy = cli("describe", "pht:IschialTuberosity", "--format", "table")
    assert anatomy.exit_code == 0 and "standard anatomy" in anatomy.output
    only = cli("aggravates", "--sources-only", "--format", "table")
    assert only.exit_code == 0
    assert "inferred by phtkg" not in only.output and "evidence" not in only.output


@pytest.fixture
def tables_copy(tmp_path):
    folder = tmp_path / "src"
    shutil.copytree(resources.tables_dir(), folder)
    return folder


def _append(folder, table: str, cells: list[str]) -> int:
    """Add a row to a copied table; returns its line number."""
    path = folder / table
    text = path.read_text(encoding="utf-8") + "\t".join(cells) + "\n"
    path.write_text(text, encoding="utf-8")
    return len(text.splitlines())


def _append_relation(folder, cells: list[str]) -> int:
    return _append(folder, "relations.tsv", cells)


#: A term whose parent link the project makes (grouped under Sitting by the project).
CHAIR_SITTING = ["ChairSitting", "Sitting", "sitting on a chair", "", "Sitting on a chair."]


def test_an_unknown_evidence_kind_is_a_table_error_with_its_line(tables_copy, tmp_path):
    line = _append_relation(
        tables_copy,
        ["Sitting", "aggravates", "ProximalHamstringTendon", "004#aggravate", "x", "", "guess"],
    )
    with pytest.raises(TableError, match=rf"relations.tsv:{line}: evidence 'guess' is not one"):
        build_ontology(tables_copy, tmp_path / "out")


def test_an_inference_without_its_reason_is_a_table_error(tables_copy, tmp_path):
    line = _append_relation(
        tables_copy,
        ["Sitting", "aggravates", "ProximalHamstringTendon", "004#aggravate", "", "", "project"],
    )
    with pytest.raises(TableError, match=rf"relations.tsv:{line}: evidence 'project' needs a note"):
        build_ontology(tables_copy, tmp_path / "out")


def test_a_parent_link_the_project_made_is_based_on_its_sections_not_cited(tables_copy, tmp_path):
    _append(
        tables_copy,
        "terms.tsv",
        [*CHAIR_SITTING, "004#aggravate", "project", "Grouped by the project."],
    )
    build_ontology(tables_copy, tmp_path / "out")
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(path=str(tmp_path / "out" / "phtkg.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    (row,) = ask(
        store,
        "SELECT ?eco ?basis ?why (COUNT(?doc) AS ?cited) WHERE {"
        " ?axiom owl:annotatedSource pht:ChairSitting ; owl:annotatedProperty rdfs:subClassOf ;"
        " owl:annotatedTarget pht:Sitting ; obo:RO_0002558 ?eco ; pht:basedOn ?basis ;"
        " rdfs:comment ?why . OPTIONAL { ?axiom dcterms:source ?doc } }"
        " GROUP BY ?eco ?basis ?why",
    )
    assert row[0].value == evidence.BY_NAME["project"].eco
    assert row[1].value.endswith("/aggravate") and row[2].value == "Grouped by the project."
    assert int(row[3].value) == 0
    # The definition is still the document's: cited, with the author-statement evidence.
    (definition,) = ask(
        store,
        "SELECT ?eco WHERE { ?axiom owl:annotatedSource pht:ChairSitting ;"
        " owl:annotatedProperty skos:definition ; obo:RO_0002558 ?eco ; pht:citation ?s }",
    )
    assert definition[0].value == DOCUMENT_ECO


def test_a_parent_link_of_the_project_without_its_reason_is_a_table_error(tables_copy, tmp_path):
    line = _append(tables_copy, "terms.tsv", [*CHAIR_SITTING, "004#aggravate", "project", ""])
    with pytest.raises(TableError, match=rf"terms.tsv:{line}: parent_evidence 'project' needs"):
        build_ontology(tables_copy, tmp_path / "out")


def test_a_claim_is_one_documents_and_names_a_known_disagreement(tables_copy, tmp_path):
    line = _append(
        tables_copy,
        "claims.tsv",
        ["TwoDocumentsClaim", "NoSuchDisagreement", "001#what-is; 002#anatomy", "Said twice."]
        + ["", "", "", ""],
    )
    with pytest.raises(TableError) as error:
        build_ontology(tables_copy, tmp_path / "out")
    assert f"claims.tsv:{line}: a claim is one document's" in str(error.value)
    assert f"claims.tsv:{line}: unknown disagreement 'NoSuchDisagreement'" in str(error.value)
    assert not (tmp_path / "out").exists()


def test_a_quantity_names_a_unit_of_the_units_table_and_a_known_bound(tables_copy, tmp_path):
    path = tables_copy / "measures.tsv"
    text = path.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("SittingThreshold004\t"))
    line = text.splitlines().index(row) + 1
    cells = row.split("\t")
    cells[-2:] = ["UO:9999999", "roughly"]
    path.write_text(text.replace(row, "\t".join(cells)), encoding="utf-8")
    with pytest.raises(TableError) as error:
        build_ontology(tables_copy, tmp_path / "out")
    assert f"measures.tsv:{line}: unit_id 'UO:9999999' is not in units.tsv" in str(error.value)
    assert f"measures.tsv:{line}: bounds must be one of" in str(error.value)


def test_a_quantity_is_an_owl_fact_of_its_term_with_its_unit_and_open_bound(bundled_store):
    (row,) = ask(
        bundled_store,
        "SELECT ?unit ?open WHERE { pht:ProlongedSitting rdfs:subClassOf ?r ."
        " ?r owl:onProperty pht:hasReportedQuantity ; owl:hasValue pht:SittingThreshold004 ."
        " pht:SittingThreshold004 obo:IAO_0000039 ?unit ; pht:minExclusive ?open }",
    )
    assert row[0].value == ns.OBO + "UO_0000031" and row[1].value == "true"


# ---- advice: the relation gives the polarity, the axiom how firmly ----------------------
def test_stated_advice_says_how_firmly_with_a_strength_of_its_relation(bundled_store):
    rows = ask(
        bundled_store,
        "SELECT ?measure ?property ?strength WHERE {"
        " ?axiom obo:RO_0002558 obo:ECO_0000302 ; owl:annotatedSource ?measure ;"
        " owl:annotatedTarget ?r . ?r owl:onProperty ?property ."
        " VALUES ?property { pht:isRecommendedFor pht:isNotRecommendedFor"
        "                    pht:isUsedWithCautionBecauseOf }"
        " OPTIONAL { ?axiom pht:adviceStrength ?strength ."
        "            ?strength pht:adviceRelation ?property } }",
    )
    assert len(rows) >= 40
    assert [row for row in rows if row[2] is None] == []


def test_negative_advice_never_entails_a_recommendation(bundled_store):
    """Polarity lives in the property: neither advice property is below the other, or
    below a common one, so no reasoner derives a recommendation from "not recommended"."""
    (row,) = ask(
        bundled_store,
        "SELECT (COUNT(*) AS ?n) WHERE {"
        " VALUES ?against { pht:isNotRecommendedFor pht:hasManagementToAvoid }"
        " ?against rdfs:subPropertyOf+ ?above }",
    )
    assert int(row[0].value) == 0
    # The meaning a reasoner uses is the case rule: a case with S plans only what is not X.
    (rule,) = ask(
        bundled_store,
        "SELECT (COUNT(*) AS ?n) WHERE { pht:CaseWithProximalHamstringTendinopathy"
        " rdfs:subClassOf ?only . ?only owl:onProperty pht:plans ; owl:allValuesFrom ?not ."
        " ?not owl:complementOf ?x }",
    )
    assert int(rule[0].value) >= 1


def test_each_document_keeps_its_own_strength_of_one_advice(bundled_store):
    """Surgery: 001 keeps it for failed conservative care, 000 says most cases settle without."""
    rows = run_query(
        "recommended-management", bundled_store, term=ns.PHT + "ProximalHamstringTendinopathy"
    )
    strength = {
        (row["measureLabel"], row["recommendation"]): set(row["strength"].split("|"))
        for row in rows
        if row["targetLabel"] == "proximal hamstring tendinopathy"
    }
    assert strength["surgery", "not recommended"] == {
        "usually not",
        "only if conservative care fails",
    }
    assert strength["complete rest", "not recommended"] == {"avoid"}
    assert strength["hamstring stretching", "not recommended"] == {"avoid", "usually not"}
    assert strength["pain monitoring", "recommended"] == {"advised"}


def test_advice_without_its_strength_is_a_table_error(tables_copy, tmp_path):
    line = _append_relation(
        tables_copy,
        ["Massage", "isNotRecommendedFor", "ReactiveTendinopathy", "003#treatment", "", "", ""],
    )
    wrong = _append_relation(
        tables_copy,
        [
            "Massage",
            "isRecommendedFor",
            "ReactiveTendinopathy",
            "003#treatment",
            "",
            "",
            "",
            "Avoid",
        ],
    )
    other = _append_relation(
        tables_copy,
        ["Sitting", "aggravates", "ProximalHamstringTendon", "004#aggravate", "", "", "", "Avoid"],
    )
    with pytest.raises(TableError) as error:
        build_ontology(tables_copy, tmp_path / "out")
    assert f"relations.tsv:{line}: a isNotRecommendedFor row names its strength (Avoid," in str(
        error.value
    )
    assert f"relations.tsv:{wrong}: a isRecommendedFor row names its strength" in str(error.value)
    assert f"relations.tsv:{other}: strength is only for advice" in str(error.value)


# ---- inheritance: a fact of a class as a whole is not passed down -----------------------
#: Relations whose rows are about a class as a whole: the parts of a plan, who a
#: condition commonly affects. No subclass inherits them (the inheritance audit).
WHOLE_CLASS_RELATIONS = ("includes", "commonlyAffects")


def test_whole_class_relations_are_stated_of_the_class_as_a_whole():
    tables = load_tables(resources.tables_dir())
    rows = [row for row in tables.relations if row["relation"] in WHOLE_CLASS_RELATIONS]
    assert rows and [row.where() for row in rows if row["scope"] != "class"] == []


def test_a_fact_of_a_class_as_a_whole_is_a_triple_not_a_restriction(bundled_store):
    (row,) = ask(
        bundled_store,
        "SELECT (COUNT(?r) AS ?restrictions) (COUNT(?eco) AS ?annotated) WHERE {"
        " pht:LoadManagement pht:includes pht:SittingModification ."
        " OPTIONAL { pht:LoadManagement rdfs:subClassOf ?r ."
        "            ?r owl:onProperty pht:includes ; owl:someValuesFrom pht:SittingModification }"
        " OPTIONAL { ?axiom owl:annotatedSource pht:LoadManagement ;"
        "            owl:annotatedProperty pht:includes ;"
        "            owl:annotatedTarget pht:SittingModification ; obo:RO_0002558 ?eco } }",
    )
    assert (int(row[0].value), int(row[1].value)) == (0, 1)


def test_a_kind_of_a_plan_does_not_inherit_its_parts(bundled_store):
    """Sitting modification is a kind of load management: it does not include load
    management's parts, or itself; what includes it is shown from its side."""
    facts = lookups.describe("sitting modification", store=bundled_store)[0]["relationships"]
    own = {(r["relation"], r["other_label"], r["direction"]) for r in facts}
    assert ("includes", "sitting modification", "out") not in own
    assert ("includes", "load management", "in") in own
    assert not [r for r in facts if r["relation"] == "includes" and r["inherited_from"]]
    scoped = [r for r in facts if r["scope"] == "class"]
    assert scoped and all(not r["inherited_from"] for r in scoped)


def test_a_stubborn_case_does_not_inherit_what_most_cases_do(bundled_store):
    facts = lookups.describe("pht:RecalcitrantProximalHamstringTendinopathy", store=bundled_store)[
        0
    ]["relationships"]
    inherited = {(r["relation"], r["other"]) for r in facts if r["inherited_from"]}
    assert ("has prognosis", "pht:SettlesWithoutSurgery") not in inherited
    assert ("commonly affects", "pht:Runner") not in inherited
    assert ("has prognosis", "pht:Recurrence") in inherited  # true of every case


def test_an_unknown_scope_is_a_table_error(tables_copy, tmp_path):
    line = _append_relation(
        tables_copy,
        ["Sitting", "aggravates", "ProximalHamstringTendon", "004#aggravate", "", "", "", "", "x"],
    )
    with pytest.raises(TableError, match=rf"relations.tsv:{line}: scope must be empty or class"):
        build_ontology(tables_copy, tmp_path / "out")


# ---- disagreements: every one is a record, with its sides -------------------------------
def _sides_by_disagreement(tables) -> dict[str, set[str]]:
    sides: dict[str, set[str]] = {}
    for claim in tables.claims:
        if claim["disagreement"]:
            document = claim["sources"].split("#")[0].strip()
            sides.setdefault(claim["disagreement"], set()).add(document)
    return sides


def test_every_disagreement_has_its_sides_and_each_disputed_row_one_of_them():
    """No disagreement outside the records: each has sides from two documents or more (or
    one side that anatomy corrects), and a row marked as part of it cites a document whose
    side is recorded."""
    tables = load_tables(resources.tables_dir())
    sides = _sides_by_disagreement(tables)
    corrected = {claim["disagreement"] for claim in tables.claims if claim["correction"]}
    for disagreement in tables.disagreements:
        name = disagreement["id"]
        assert len(sides.get(name, ())) >= 2 or name in corrected, name
    for row in [*tables.relations, *tables.measures]:
        if row["disagreement"]:
            documents = {ref.partition("#")[0] for ref in row["sources"].split(";") if ref}
            documents = {d.strip() for d in documents}
            assert documents & sides[row["disagreement"]], row.where()
