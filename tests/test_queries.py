"""The named queries: headers, parameters bound as data, read-only."""

import re
from pathlib import Path

import pytest

from phtkg import resources
from phtkg.store.queries import (
    QueryError,
    load_query,
    parse_header,
    parse_query,
    query_names,
    run_query,
)

PHT = "https://w3id.org/phtkg/"


def test_every_query_has_a_complete_header():
    names = query_names()
    assert {"aggravates", "aggravated-by", "list-category", "search", "match-terms"} <= set(names)
    for name in names:
        query = load_query(name)
        header = parse_header(query.text)
        for key in ("title", "description", "parameters", "example"):
            assert header.get(key), f"{name}.rq has no '# {key}:' line"


def test_parameters_are_projected_so_they_can_be_substituted():
    for name in query_names():
        query = load_query(name)
        projection = re.search(r"SELECT(.*?)WHERE", query.text, re.S | re.I).group(1)
        for parameter in query.parameter_names:
            assert f"?{parameter}" in projection, f"{name}: ?{parameter} is not in the SELECT"


def test_header_parsing_reads_continuation_lines_and_parameters():
    text = (
        "# title: T\n# description: first line\n#   second line\n"
        "# parameters: ?term (IRI) the term; ?needle (literal) text\n# example: x\nSELECT ?x WHERE {}"
    )
    query = parse_query("t", text, Path("t.rq"))
    assert query.description == "first line second line"
    assert [(p.name, p.kind) for p in query.parameters] == [("term", "IRI"), ("needle", "literal")]


@pytest.mark.parametrize(
    "text",
    [
        "DELETE WHERE { ?s ?p ?o }",
        "# title: sneaky\nPREFIX pht: <https://w3id.org/phtkg/>\nINSERT DATA { pht:a pht:b pht:c }",
        "DROP ALL",
    ],
)
def test_updates_are_refused(text):
    with pytest.raises(QueryError, match="read-only"):
        parse_query("update", text, Path("update.rq"))


def test_missing_and_unknown_parameters_are_errors(mini_store):
    with pytest.raises(QueryError, match="missing"):
        run_query("search", mini_store)
    with pytest.raises(QueryError, match="unknown"):
        run_query("search", mini_store, needle="x", other="y")


def test_unknown_query_name_is_an_error(mini_store):
    with pytest.raises(QueryError):
        run_query("../secret", mini_store)


def test_literal_parameter_is_data_not_sparql(mini_store):
    before = len(mini_store)
    rows = run_query("search", mini_store, needle='"} } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o')
    assert rows == []
    assert len(mini_store) == before


def test_rows_are_plain_python_values(mini_store):
    rows = run_query("describe-values", mini_store, term=PHT + "RecoveryTimeDocA")
    values = {row["property"]: row["value"] for row in rows}
    assert values[PHT + "minValue"] == 3
    assert values[PHT + "unit"] == "months"
    assert values[PHT + "aboutTerm"] == PHT + "ProximalHamstringTendinopathy"


def test_queries_folder_is_found():
    assert (resources.queries_dir() / "aggravates.rq").is_file()


# ---- portable forms -------------------------------------------------------------------------
def _parameter_values(store, query: str) -> list[str]:
    """Classes the query can be asked about: those with an answer, and others near them."""
    from phtkg import lookups
    from phtkg import namespaces as ns

    column = "target" if query == "aggravates" else "factor"
    found = {row[column] for row in run_query("diagram-aggravation", store)}
    near = ("stages", "disorders", "symptoms") if query == "aggravates" else ("exercises",)
    for category in near:
        found |= {ns.expand_curie(row["id"]) for row in lookups.list_category(category)}
    return sorted(found | {PHT + "Activity", PHT + "Tendon", PHT + "AnatomicalEntity"})


@pytest.mark.slow  # both forms for each of dozens of classes: the portable one takes seconds
@pytest.mark.parametrize(
    "query,parameter,answered_at_least",
    [("aggravates", "term", 10), ("aggravated-by", "activity", 30)],
)
def test_a_portable_form_gives_the_same_rows_as_the_fast_form(
    bundled_store, query, parameter, answered_at_least
):
    from phtkg.store.dialects import PORTABLE_FORMS

    store = bundled_store
    values = _parameter_values(store, query)
    assert len(values) > 20
    answered = 0

    def parts(rows):  # GROUP_CONCAT's order is unspecified: compare its parts
        return [
            {k: sorted(v.split("|")) if isinstance(v, str) else v for k, v in row.items()}
            for row in rows
        ]

    for value in values:
        fast = run_query(query, store, **{parameter: value})
        portable = run_query(PORTABLE_FORMS[query], store, **{parameter: value})
        assert parts(portable) == parts(fast), f"{query} and its portable form differ for {value}"
        answered += bool(fast)
    assert answered >= answered_at_least
