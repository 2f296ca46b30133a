"""Resolving what a user typed to ontology terms."""

import pytest

from phtkg.lookups.terms import EmptyTerm, TermNotFound, as_iri, find_matches, resolve, suggest


def curies(matches):
    return [match.curie for match in matches]


def test_exact_label_wins_over_partial_matches(mini_store):
    assert curies(resolve("sitting", mini_store)) == ["pht:Sitting"]


def test_exact_synonym_any_case(mini_store):
    assert curies(resolve("pht", mini_store)) == ["pht:ProximalHamstringTendinopathy"]
    assert curies(resolve("  Sit Bone ", mini_store)) == ["pht:IschialTuberosity"]


def test_all_exact_matches_are_returned(mini_store):
    # "sitting pain" is a synonym of one term; no other term has that exact name
    assert curies(resolve("sitting pain", mini_store)) == ["pht:SittingPain"]


def test_partial_text_matches_every_term_containing_it(mini_store):
    matches = resolve("sitt", mini_store)
    assert set(curies(matches)) == {
        "pht:IschialTuberosity",
        "pht:SittingPain",
        "pht:ProlongedSitting",
        "pht:ProlongedSittingOnHardSurface",
        "pht:Sitting",
    }
    assert not any(match.exact for match in matches)


def test_partial_match_on_label(mini_store):
    assert curies(resolve("shockwave", mini_store)) == ["pht:ShockwaveTherapy"]


def test_curie_and_iri_any_case(mini_store):
    assert curies(resolve("pht:ProlongedSitting", mini_store)) == ["pht:ProlongedSitting"]
    assert curies(resolve("PHT:prolongedsitting", mini_store)) == ["pht:ProlongedSitting"]
    assert curies(resolve("https://w3id.org/phtkg/ProlongedSitting", mini_store)) == [
        "pht:ProlongedSitting"
    ]
    assert curies(resolve("phtsrc:doc_a", mini_store)) == ["phtsrc:doc_a"]


def test_section_citations_are_not_terms(mini_store):
    assert find_matches("§ Loads", mini_store) == []


def test_unknown_term_suggests_close_names(mini_store):
    with pytest.raises(TermNotFound) as caught:
        resolve("sittng", mini_store)
    assert "sitting" in caught.value.suggestions
    assert "did you mean" in str(caught.value)


def test_unknown_term_without_close_names_still_explains(mini_store):
    with pytest.raises(TermNotFound, match="no term matches"):
        resolve("zzzzqqqq", mini_store)


def test_empty_term_is_refused(mini_store):
    with pytest.raises(EmptyTerm):
        resolve("   ", mini_store)


@pytest.mark.parametrize("text", ['"} DROP ALL {', "') } UNION { ?s ?p ?o", "<x> . } #", '\\"'])
def test_sparql_like_text_is_only_data(mini_store, text):
    before = len(mini_store)
    with pytest.raises(TermNotFound):
        resolve(text, mini_store)
    assert len(mini_store) == before


def test_as_iri_expands_known_prefixes_only():
    assert as_iri("pht:X") == "https://w3id.org/phtkg/X"
    assert as_iri("UBERON:1") == "http://purl.obolibrary.org/obo/UBERON_1"
    assert as_iri("nope:X") == "nope:X"
    assert as_iri("sitting") == "sitting"


def test_suggestions_come_from_labels_and_synonyms(mini_store):
    assert suggest("ESWTT", mini_store) == ["ESWT"]


# ---- the embedded ontology -----------------------------------------------------------
def test_embedded_condition_by_label_and_synonym(bundled_store):
    store = bundled_store
    assert curies(resolve("proximal hamstring tendinopathy", store)) == [
        "pht:ProximalHamstringTendinopathy"
    ]
    assert curies(resolve("PHT", store)) == ["pht:ProximalHamstringTendinopathy"]
    assert curies(resolve("sit bone", store)) == ["pht:IschialTuberosity"]
