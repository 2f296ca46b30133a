"""Resolving what a user typed to ontology terms."""

from pathlib import Path

import pytest

from phtkg.lookups.terms import EmptyTerm, TermNotFound, as_iri, find_matches, resolve, suggest
from phtkg.store.embedded import load_turtle, ontology_store

FIXTURE = Path(__file__).parent / "fixtures" / "mini.ttl"


@pytest.fixture(scope="module")
def store():
    return load_turtle(FIXTURE)


def curies(matches):
    return [match.curie for match in matches]


def test_exact_label_wins_over_partial_matches(store):
    assert curies(resolve("sitting", store)) == ["pht:Sitting"]


def test_exact_synonym_any_case(store):
    assert curies(resolve("pht", store)) == ["pht:ProximalHamstringTendinopathy"]
    assert curies(resolve("  Sit Bone ", store)) == ["pht:IschialTuberosity"]


def test_all_exact_matches_are_returned(store):
    # "sitting pain" is a synonym of one term; no other term has that exact name
    assert curies(resolve("sitting pain", store)) == ["pht:SittingPain"]


def test_partial_text_matches_every_term_containing_it(store):
    matches = resolve("sitt", store)
    assert set(curies(matches)) == {
        "pht:IschialTuberosity",
        "pht:SittingPain",
        "pht:ProlongedSitting",
        "pht:ProlongedSittingOnHardSurface",
        "pht:Sitting",
    }
    assert not any(match.exact for match in matches)


def test_partial_match_on_label(store):
    assert curies(resolve("shockwave", store)) == ["pht:ShockwaveTherapy"]


def test_curie_and_iri_any_case(store):
    assert curies(resolve("pht:ProlongedSitting", store)) == ["pht:ProlongedSitting"]
    assert curies(resolve("PHT:prolongedsitting", store)) == ["pht:ProlongedSitting"]
    assert curies(resolve("https://w3id.org/phtkg/ProlongedSitting", store)) == [
        "pht:ProlongedSitting"
    ]
    assert curies(resolve("phtsrc:doc_a", store)) == ["phtsrc:doc_a"]


def test_section_citations_are_not_terms(store):
    assert find_matches("§ Loads", store) == []


def test_unknown_term_suggests_close_names(store):
    with pytest.raises(TermNotFound) as caught:
        resolve("sittng", store)
    assert "sitting" in caught.value.suggestions
    assert "did you mean" in str(caught.value)


def test_unknown_term_without_close_names_still_explains(store):
    with pytest.raises(TermNotFound, match="no term matches"):
        resolve("zzzzqqqq", store)


def test_empty_term_is_refused(store):
    with pytest.raises(EmptyTerm):
        resolve("   ", store)


@pytest.mark.parametrize("text", ['"} DROP ALL {', "') } UNION { ?s ?p ?o", "<x> . } #", '\\"'])
def test_sparql_like_text_is_only_data(store, text):
    before = len(store)
    with pytest.raises(TermNotFound):
        resolve(text, store)
    assert len(store) == before


def test_as_iri_expands_known_prefixes_only():
    assert as_iri("pht:X") == "https://w3id.org/phtkg/X"
    assert as_iri("UBERON:1") == "http://purl.obolibrary.org/obo/UBERON_1"
    assert as_iri("nope:X") == "nope:X"
    assert as_iri("sitting") == "sitting"


def test_suggestions_come_from_labels_and_synonyms(store):
    assert suggest("ESWTT", store) == ["ESWT"]


# ---- the embedded ontology -----------------------------------------------------------
def test_embedded_condition_by_label_and_synonym():
    store = ontology_store()
    assert curies(resolve("proximal hamstring tendinopathy", store)) == [
        "pht:ProximalHamstringTendinopathy"
    ]
    assert curies(resolve("PHT", store)) == ["pht:ProximalHamstringTendinopathy"]
    assert curies(resolve("sit bone", store)) == ["pht:IschialTuberosity"]
