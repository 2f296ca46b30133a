"""The lookups API, against a small fixture ontology and the embedded one."""

import pytest

from phtkg import lookups
from phtkg.lookups.terms import EmptyTerm, TermNotFound

FACT_KEYS = {
    "id",
    "label",
    "factor",
    "factor_label",
    "target",
    "target_label",
    "load_type",
    "sources",
    "evidence",
    "inherited_from",
}


def by_factor(rows):
    return {row["factor"]: row for row in rows}


def assert_rows_are_complete(rows, keys=("id", "label", "sources")):
    for row in rows:
        for key in keys:
            assert row[key], f"{key} is empty in {row}"
        assert isinstance(row["sources"], list)


# ---- aggravates -------------------------------------------------------------------------
def test_aggravates_defaults_to_the_condition_and_includes_inherited_facts(mini_store):
    rows = lookups.aggravates(store=mini_store)
    assert set(rows[0]) == FACT_KEYS
    facts = by_factor(rows)
    assert set(facts) == {
        "pht:DeepSquat",
        "pht:ProlongedSitting",
        "pht:Running",
        "pht:ProlongedSittingOnHardSurface",
        "pht:UphillRunning",
    }
    assert len(rows) == len(facts)
    assert facts["pht:ProlongedSitting"]["inherited_from"] == ""
    assert facts["pht:ProlongedSittingOnHardSurface"]["inherited_from"] == "prolonged sitting"
    assert facts["pht:ProlongedSittingOnHardSurface"]["sources"] == ["doc_a", "doc_b"]
    assert_rows_are_complete(rows)


def test_own_fact_hides_the_same_fact_inherited_from_an_ancestor(mini_store):
    # running and uphill running both aggravate PHT: uphill running gets one row, its own
    hills = [
        row for row in lookups.aggravates(store=mini_store) if row["factor"] == "pht:UphillRunning"
    ]
    assert [(row["inherited_from"], row["sources"]) for row in hills] == [("", ["doc_b"])]


def test_aggravates_counts_targets_that_are_subclasses(mini_store):
    squat = by_factor(lookups.aggravates(store=mini_store))["pht:DeepSquat"]
    assert squat["target"] == "pht:RecalcitrantProximalHamstringTendinopathy"
    assert squat["target_label"] == "stubborn proximal hamstring tendinopathy"


def test_aggravates_a_subtype_does_not_include_facts_about_its_parent(mini_store):
    rows = lookups.aggravates("stubborn proximal hamstring tendinopathy", store=mini_store)
    assert [row["factor"] for row in rows] == ["pht:DeepSquat"]


def test_load_types_are_own_or_inherited(mini_store):
    facts = by_factor(lookups.aggravates(store=mini_store))
    assert (
        facts["pht:ProlongedSitting"]["load_type"] == "compression against the ischial tuberosity"
    )
    assert facts["pht:UphillRunning"]["load_type"] == "tensile (stretch) load"  # from running
    assert facts["pht:DeepSquat"]["load_type"] == ""


def test_aggravated_by_includes_inherited_facts(mini_store):
    rows = lookups.aggravated_by("hard chair sitting", store=mini_store)
    assert [(r["factor"], r["target"], r["inherited_from"]) for r in rows] == [
        (
            "pht:ProlongedSittingOnHardSurface",
            "pht:ProximalHamstringTendinopathy",
            "prolonged sitting",
        )
    ]
    assert rows[0]["sources"] == ["doc_a", "doc_b"]


def test_aggravated_by_a_general_activity_reports_its_specific_kinds(mini_store):
    rows = lookups.aggravated_by("sitting", store=mini_store)
    assert [(r["factor"], r["inherited_from"]) for r in rows] == [("pht:ProlongedSitting", "")]
    assert rows[0]["id"] == "pht:ProlongedSitting" and rows[0]["label"] == "prolonged sitting"


def test_aggravated_by_own_and_more_specific_facts(mini_store):
    rows = lookups.aggravated_by("running", store=mini_store)
    assert [(r["factor"], r["inherited_from"], r["sources"]) for r in rows] == [
        ("pht:Running", "", ["doc_a"]),
        ("pht:UphillRunning", "", ["doc_b"]),
    ]


def test_aggravated_by_nothing(mini_store):
    assert lookups.aggravated_by("cycling", store=mini_store) == []


def test_unknown_and_empty_terms(mini_store):
    with pytest.raises(TermNotFound):
        lookups.aggravated_by("nonexistent activity", store=mini_store)
    with pytest.raises(EmptyTerm):
        lookups.aggravated_by("", store=mini_store)


# ---- list ---------------------------------------------------------------------------------
def labels(rows):
    return [row["label"] for row in rows]


def test_symptoms_leave_out_warning_signs(mini_store):
    assert labels(lookups.list_category("symptoms", store=mini_store)) == ["pain on sitting"]
    assert labels(lookups.list_category("red-flags", store=mini_store)) == ["night pain"]


def test_loads_are_activities_that_aggravate_something(mini_store):
    rows = lookups.list_category("loads", store=mini_store)
    assert labels(rows) == [
        "deep squat",
        "prolonged sitting",
        "prolonged sitting on a hard surface",
        "running",
        "uphill running",
    ]
    assert "cycling" in labels(lookups.list_category("activities", store=mini_store))


def test_differentials_have_a_differential_restriction(mini_store):
    assert labels(lookups.list_category("differentials", store=mini_store)) == [
        "deep gluteal syndrome"
    ]
    assert len(lookups.list_category("disorders", store=mini_store)) == 3


def test_phases_follow_the_precedes_chain_not_the_alphabet(mini_store):
    assert labels(lookups.list_category("phases", store=mini_store)) == [
        "settling phase",
        "gradual loading phase",
    ]


def test_list_rows_have_parent_definition_and_sources(mini_store):
    row = {r["id"]: r for r in lookups.list_category("anatomy", store=mini_store)}[
        "pht:IschialTuberosity"
    ]
    assert row == {
        "id": "pht:IschialTuberosity",
        "label": "ischial tuberosity",
        "parent": "anatomical entity",
        "definition": "The bony bump you sit on.",
        "sources": ["doc_b"],
    }
    disorders = {r["id"]: r for r in lookups.list_category("disorders", store=mini_store)}
    assert (
        disorders["pht:RecalcitrantProximalHamstringTendinopathy"]["parent"]
        == "proximal hamstring tendinopathy"
    )


def test_definitions_without_annotated_sources_are_marked_editorial(mini_store):
    row = {r["id"]: r for r in lookups.list_category("activities", store=mini_store)}["pht:Sitting"]
    assert row["sources"] == ["editorial"]


def test_individual_categories(mini_store):
    assert [
        (r["id"], r["sources"]) for r in lookups.list_category("sources", store=mini_store)
    ] == [
        ("phtsrc:doc_a", ["doc_a"]),
        ("phtsrc:doc_b", ["doc_b"]),
    ]
    measures = lookups.list_category("measures", store=mini_store)
    assert [(r["id"], r["parent"], r["sources"]) for r in measures] == [
        ("pht:RecoveryTimeDocA", "recovery time estimate", ["doc_a"])
    ]
    disagreements = lookups.list_category("disagreements", store=mini_store)
    assert [(r["id"], r["sources"]) for r in disagreements] == [
        ("pht:SquatDisagreement", ["doc_a", "doc_b"])
    ]


def test_category_names_are_forgiving_about_case_and_underscores(mini_store):
    assert labels(lookups.list_category("Red_Flags", store=mini_store)) == ["night pain"]


def test_unknown_category_lists_the_valid_ones(mini_store):
    with pytest.raises(lookups.UnknownCategory) as caught:
        lookups.list_category("bananas", store=mini_store)
    for name in ("anatomy", "red-flags", "phases", "sources", "disagreements"):
        assert name in str(caught.value)


def test_every_category_runs(mini_store):
    for name in lookups.CATEGORIES:
        for row in lookups.list_category(name, store=mini_store):
            assert set(row) == {"id", "label", "parent", "definition", "sources"}
            assert row["sources"]


# ---- describe -------------------------------------------------------------------------------
def relationships(description):
    return {(r["direction"], r["relation"], r["other"]): r for r in description["relationships"]}


def test_describe_gathers_everything_about_a_term(mini_store):
    [pht] = lookups.describe("PHT", store=mini_store)
    assert pht["id"] == "pht:ProximalHamstringTendinopathy"
    assert pht["definition"].startswith("Pain and reduced function")
    assert pht["sources"] == ["doc_a", "doc_b"]
    assert set(pht["synonyms"]) == {"PHT", "high hamstring tendinopathy"}
    assert pht["xrefs"] == [
        {
            "relation": "skos:exactMatch",
            "id": "MONDO:0000001",
            "iri": "http://purl.obolibrary.org/obo/MONDO_0000001",
        }
    ]
    assert pht["parents"] == [{"id": "pht:Disorder", "label": "disorder", "sources": ["doc_a"]}]
    assert [c["id"] for c in pht["children"]] == ["pht:RecalcitrantProximalHamstringTendinopathy"]
    incoming = relationships(pht)
    sitting = incoming[("in", "aggravates", "pht:ProlongedSitting")]
    assert sitting["sources"] == ["doc_a", "doc_b"] and sitting["note"] == "Worse on hard chairs."
    assert ("in", "is differential diagnosis of", "pht:DeepGlutealSyndrome") in incoming
    assert ("in", "about term", "pht:RecoveryTimeDocA") in incoming


def test_describe_includes_inherited_outgoing_facts(mini_store):
    [hard] = lookups.describe("pht:ProlongedSittingOnHardSurface", store=mini_store)
    facts = relationships(hard)
    aggravation = facts[("out", "aggravates", "pht:ProximalHamstringTendinopathy")]
    assert aggravation["inherited_from"] == "prolonged sitting"
    assert facts[("out", "has load type", "pht:CompressiveLoad")]["sources"] == ["doc_a"]
    for row in hard["relationships"]:
        assert {"id", "label", "relation", "direction", "other", "other_label", "sources"} <= set(
            row
        )
        assert row["id"] == "pht:ProlongedSittingOnHardSurface" and row["sources"]


def test_describe_does_not_repeat_a_fact_asserted_closer(mini_store):
    [hills] = lookups.describe("uphill running", store=mini_store)
    aggravations = [
        r
        for r in hills["relationships"]
        if r["direction"] == "out" and r["relation"] == "aggravates"
    ]
    assert [(r["other"], r["inherited_from"]) for r in aggravations] == [
        ("pht:ProximalHamstringTendinopathy", "")
    ]
    load = relationships(hills)[("out", "has load type", "pht:TensileLoad")]
    assert load["inherited_from"] == "running"


def test_describe_a_measure_gives_its_values(mini_store):
    [measure] = lookups.describe("recovery time according to doc_a", store=mini_store)
    values = {v["property"]: v for v in measure["values"]}
    assert values["pht:minValue"]["value"] == 3 and values["pht:maxValue"]["value"] == 6
    assert values["pht:unit"]["value"] == "months"
    assert values["pht:aboutTerm"]["value"] == "pht:ProximalHamstringTendinopathy"
    assert all(v["sources"] == ["doc_a"] for v in measure["values"])
    assert [t["id"] for t in measure["types"]] == ["pht:RecoveryTimeEstimate"]


def test_describe_a_disagreement_gives_its_claims(mini_store):
    [disagreement] = lookups.describe("pht:SquatDisagreement", store=mini_store)
    assert [
        (c["subject"], c["relation"], c["object"], c["sources"]) for c in disagreement["claims"]
    ] == [
        ("pht:DeepSquat", "aggravates", "pht:RecalcitrantProximalHamstringTendinopathy", ["doc_a"])
    ]
    values = {v["property"]: v["value"] for v in disagreement["values"]}
    assert values["pht:resolution"].startswith("Depth matters")


def test_describe_returns_one_entry_per_matched_term(mini_store):
    described = lookups.describe("sitt", store=mini_store)
    assert len(described) == 5


# ---- search ---------------------------------------------------------------------------------
def test_search_finds_labels_and_synonyms(mini_store):
    rows = lookups.search("SHOCKWAVE", store=mini_store)
    assert rows == [
        {
            "id": "pht:ShockwaveTherapy",
            "label": "extracorporeal shockwave therapy",
            "category": "intervention",
            "matched": "extracorporeal shockwave therapy",
            "sources": ["doc_a"],
        }
    ]
    [bone] = lookups.search("sit bone", store=mini_store)
    assert (bone["id"], bone["matched"], bone["category"]) == (
        "pht:IschialTuberosity",
        "sit bone",
        "anatomical entity",
    )


def test_search_gives_one_row_per_term_preferring_the_label(mini_store):
    rows = lookups.search("sitting", store=mini_store)
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    assert {r["id"]: r["matched"] for r in rows}["pht:ProlongedSitting"] == "prolonged sitting"
    assert_rows_are_complete(rows)


def test_search_treats_sparql_as_text(mini_store):
    before = len(mini_store)
    assert lookups.search('"} DROP ALL {', store=mini_store) == []
    assert len(mini_store) == before


# ---- the embedded ontology (only facts that will certainly be there) -----------------------
def test_embedded_search_finds_the_condition():
    rows = lookups.search("PHT")
    assert "pht:ProximalHamstringTendinopathy" in [row["id"] for row in rows]
    assert_rows_are_complete(rows)


def test_embedded_describe_the_condition():
    [pht] = lookups.describe("proximal hamstring tendinopathy")
    assert "PHT" in pht["synonyms"]
    assert pht["sources"] and pht["definition"]


def test_embedded_lookups_always_carry_sources(bundled_store):
    """A row has its documents, or else says that no document states it and how it is known."""
    store = bundled_store
    facts = lookups.aggravates(store=store)
    assert_rows_are_complete([row for row in facts if row["evidence"] == "stated"])
    for row in facts:
        assert row["evidence"] in ("stated", "inferred by phtkg", "standard anatomy"), row
        assert bool(row["sources"]) == (row["evidence"] == "stated"), row
    for name in ("anatomy", "red-flags", "sources"):
        rows = lookups.list_category(name, store=store)
        assert rows
        assert_rows_are_complete(rows)


# ---- class-level facts ------------------------------------------------------------------
def _fact_key(fact):
    return (fact.subject, fact.relation, fact.object, fact.sources, fact.disagreements, fact.note)


@pytest.mark.parametrize("store", ["mini_store", "bundled_store"])
def test_the_exports_facts_are_the_facts_describe_and_the_site_show(request, store):
    """Every fact once as asserted (class-facts) is a term's own fact and another's incoming
    fact as seen from each term (describe-relations), with the same sources."""
    from phtkg.lookups.facts import asserted_facts, facts_about

    store = request.getfixturevalue(store)
    asserted = {_fact_key(fact) for fact in asserted_facts(store)}
    seen = [fact for fact in facts_about(store) if not fact.term.startswith("_:")]
    assert asserted
    assert asserted == {_fact_key(f) for f in seen if f.direction == "out" and not f.inherited}
    assert asserted == {_fact_key(f) for f in seen if f.direction == "in"}


def test_a_fact_carries_the_sections_its_axiom_cites(mini_store):
    from phtkg.lookups.facts import citation_index, facts_about

    facts = facts_about(mini_store, "https://w3id.org/phtkg/ProlongedSitting")
    cited = facts_about(
        mini_store, "https://w3id.org/phtkg/ProlongedSitting", citation_index(mini_store)
    )
    assert [_fact_key(fact) for fact in facts] == [_fact_key(fact) for fact in cited]
    assert any(fact.citations for fact in cited)
    for fact in cited:
        assert {citation.stem for citation in fact.citations} <= set(fact.sources)
        assert fact.documents == tuple("https://w3id.org/phtkg/source/" + s for s in fact.sources)
