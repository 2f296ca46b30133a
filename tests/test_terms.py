"""Resolving what a user typed to ontology terms."""

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from phtkg import namespaces as ns
from phtkg import resources
from phtkg.build.tables import (
    Synonym,
    TableError,
    load_tables,
    read_synonyms,
    read_table,
    split_list,
)
from phtkg.lookups.terms import EmptyTerm, TermNotFound, as_iri, find_matches, resolve, suggest

OWL_CLASS = "http://www.w3.org/2002/07/owl#Class"


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


# ---- the term tables: merges, unique names, synonyms with a source -----------------------
TABLES = resources.tables_dir()
SHARED = Path(__file__).resolve().parents[2] / "shared"  # beside the repository
STANDARD_SYNONYMS = Path(__file__).parent / "fixtures" / "standard-synonyms.tsv"

#: Terms merged into another (audit of terms, 1a): merged-away id -> the surviving id.
MERGED = {
    "SciaticNerveInvolvement": "SciaticNerveIrritation",
    "StiffnessAtActivityStart": "WarmUpEffect",
    "MedicalCheck": "ClinicalReview",
    "RapidLoadReintroduction": "RushedProgression",
}


def _terms() -> list[dict]:
    return read_table(TABLES / "terms.tsv", ("id", "parent", "label", "synonyms"))


def _synonyms(row) -> list[str]:
    return [synonym.text for synonym in read_synonyms(row["synonyms"])]


@pytest.mark.parametrize("gone, kept", sorted(MERGED.items()))
def test_a_merged_away_id_is_gone_everywhere(gone, kept, bundled_store):
    ids = {row["id"] for row in _terms()}
    assert gone not in ids and kept in ids
    word = re.compile(rf"\b{gone}\b")
    files = sorted(TABLES.glob("*.tsv")) + sorted(resources.queries_dir().glob("*.rq"))
    assert [f.name for f in files if word.search(f.read_text(encoding="utf-8"))] == []
    iri = f"<{as_iri('pht:' + gone)}>"
    assert not bundled_store.query(f"ASK {{ {{ {iri} ?p ?o }} UNION {{ ?s ?p {iri} }} }}")
    # nor a case rule generated from it (CaseWarrantingMedicalCheck)
    generated = bundled_store.query(
        f'ASK {{ ?c a <{OWL_CLASS}> FILTER(STRENDS(STR(?c), "{gone}")) }}'
    )
    assert not generated


def test_no_two_terms_share_a_label_or_a_synonym():
    names: dict[str, set[str]] = {}
    for row in _terms():
        for name in [row["label"], *_synonyms(row)]:
            names.setdefault(name.strip().casefold(), set()).add(row["id"])
    shared = {name: sorted(ids) for name, ids in names.items() if len(ids) > 1}
    assert shared == {}
    # the clash there was: a risk factor's label given to the injury as a synonym
    assert names["previous hamstring injury"] == {"PreviousHamstringInjury"}


# ---- synonym types ------------------------------------------------------------------------
def test_a_synonyms_cell_reads_as_typed_synonyms():
    cell = "exact: PHT | broad:hamstring tendinopathy|related: ratio: 2 to 1"
    assert read_synonyms(cell) == [
        Synonym("PHT", "exact"),
        Synonym("hamstring tendinopathy", "broad"),
        Synonym("ratio: 2 to 1", "related"),  # only the first colon ends the type
    ]
    assert read_synonyms("") == []


@pytest.mark.parametrize(
    "cell, message",
    [
        ("chair sitting", "synonym 'chair sitting' has no type: write it as 'exact: chair"),
        ("exakt: chair sitting", "synonym type 'exakt' of 'chair sitting' is not one of exact,"),
        ("Exact: chair sitting", "synonym type 'Exact' of 'chair sitting' is not one of"),
        ("exact:", "synonym 'exact:' has no type"),
        ("exact: chair sitting | related: chair sitting", "synonym 'chair sitting' is given twice"),
    ],
)
def test_a_synonym_without_a_known_type_is_a_table_error_with_its_line(tmp_path, cell, message):
    tables = tmp_path / "src"
    shutil.copytree(TABLES, tables)
    path = tables / "terms.tsv"
    row = ["ChairSitting", "Sitting", "sitting on a chair", cell, "Sitting on a chair."]
    text = path.read_text(encoding="utf-8") + "\t".join([*row, "004#aggravate"]) + "\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TableError) as error:
        load_tables(tables)
    assert f"terms.tsv:{len(text.splitlines())}: {message}" in str(error.value)


def _variant_key(name: str) -> str:
    """A name without case, hyphens, spaces or a plural -s: 'Sit-bones' and 'sit bone' agree."""
    words = name.casefold().replace("-", " ").split()
    return "".join(word[:-1] if len(word) > 3 and word.endswith("s") else word for word in words)


def test_a_spelling_or_plural_variant_has_the_type_of_the_name_it_varies():
    """'sitting bones' means what 'sitting bone' means: the same type, and exact beside the
    label; a judgement on meaning cannot differ between two spellings of one name."""
    differing = []
    for row in _terms():
        types: dict[str, set[str]] = {_variant_key(row["label"]): {"exact"}}
        for synonym in read_synonyms(row["synonyms"]):
            types.setdefault(_variant_key(synonym.text), set()).add(synonym.type)
        differing += [
            (row["id"], key, sorted(kinds)) for key, kinds in types.items() if len(kinds) > 1
        ]
    assert differing == []


def _content_words(text: str) -> set[str]:
    """Lower-cased words without the small ones and with plural or verb endings cut."""
    stop = {"a", "an", "the", "of", "in", "on", "at", "to", "and", "or", "with", "for", "by"}
    stop |= {"from", "as", "is", "be", "it", "its", "this", "that", "into", "than", "then"}
    stop |= {"when", "while", "after", "before"}
    words = set()
    for word in re.findall(r"[A-Za-z0-9]+", text.lower()):
        if word in stop:
            continue
        for ending in ("ies", "es", "s", "ing", "ed", "ly"):
            if len(word) > 4 and word.endswith(ending):
                word = word[: -len(ending)]
                break
        words.add(word)
    return words


def test_every_synonym_is_used_by_a_document_or_a_vocabulary_or_is_a_listed_standard_name():
    """Synonyms only where a document or a standard vocabulary uses them (audit 1c): all its
    words in one sentence of a source document, or an exact label or synonym of
    reference-terms.tsv, or a row of tests/fixtures/standard-synonyms.tsv."""
    sources = sorted((SHARED / "sources").glob("0*.txt"))
    vocabulary = SHARED / "vocab" / "reference-terms.tsv"
    if not sources or not vocabulary.is_file():
        pytest.skip(f"the source documents and vocabulary ({SHARED}) are not there")
    sentences = [
        _content_words(sentence)
        for path in sources
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", path.read_text(encoding="utf-8"))
    ]
    lines = vocabulary.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    label, synonyms = header.index("exact_label"), header.index("exact_synonyms")
    names = set()
    for line in lines[1:]:
        cells = line.split("\t") + [""] * len(header)
        names |= {n.strip().casefold() for n in [cells[label], *cells[synonyms].split("|")]}
    listed = {
        (row["term"], row["synonym"])
        for row in read_table(STANDARD_SYNONYMS, ("term", "synonym", "kind"))
    }
    unsourced, stale = [], []
    for row in _terms():
        for synonym in _synonyms(row):
            words = _content_words(synonym)
            used = synonym.casefold() in names or any(words <= s for s in sentences if words)
            if (row["id"], synonym) in listed:
                if used:
                    stale.append((row["id"], synonym))
                listed.discard((row["id"], synonym))
            elif not used:
                unsourced.append((row["id"], synonym))
    assert unsourced == [], "synonyms no document or vocabulary uses (drop, or list them)"
    assert stale == [], "listed in standard-synonyms.tsv, but a document or vocabulary uses them"
    assert listed == set(), "rows of standard-synonyms.tsv for synonyms no term has"


def test_stats_leaves_the_generated_case_classes_out_of_the_domain():
    import rdflib

    from phtkg.commands.stats import stats_rows

    graph = rdflib.Graph().parse(resources.ontology_turtle())
    rows = stats_rows(graph)
    totals = {row["name"]: row["count"] for row in rows if row["kind"] == "total"}
    categories = {row["name"]: row["count"] for row in rows if row["kind"] == "category"}
    generated = {
        str(c)
        for c in graph.subjects(rdflib.RDF.type, rdflib.OWL.Class)
        if re.match(rf"{re.escape(ns.PHT)}Case(With|Warranting|Planning)", str(c))
    }
    assert generated and totals["case rules"] == len(generated)
    assert totals["domain classes"] == totals["classes"] - len(generated) - 1  # case record
    assert totals["domain classes"] == len(_terms()) - 1
    assert "case record" not in categories
    # each category counts the terms of terms.tsv below it, and nothing generated
    parents = {row["id"]: split_list(row["parent"]) for row in _terms()}

    def top(term: str) -> str:
        return top(parents[term][0]) if parents[term] else term

    below = Counter(top(t) for t, p in parents.items() if p)
    assert categories["information resource"] == below["InformationResource"] == 5
    tops = [t for t, p in parents.items() if not p and t != "CaseRecord"]
    assert sum(categories.values()) == sum(below[t] for t in tops)
    assert len(categories) == len(tops)
