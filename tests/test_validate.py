"""``phtkg validate``: the SHACL shapes, the report checks, levels, formats and bad input."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from phtkg import resources
from phtkg.commands.validate import COLUMNS, load_store
from phtkg.validation import report, shacl

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "validate"

#: What each report check finds in report-problems.ttl, and nothing else.
EXPECTED_REPORT = {
    "missing-label": {"pht:Unlabelled"},
    "multiple-labels": {"pht:TwoLabels"},
    "duplicate-label": {"pht:Sitting", "pht:SittingAgain"},
    "label-whitespace": {"pht:Spaced"},
    "missing-definition": {"pht:Undefined"},
    "multiple-definitions": {"pht:TwoDefinitions"},
    "missing-ontology-title": {"pht:bad.owl"},
    "missing-ontology-description": {"pht:bad.owl"},
    "missing-ontology-license": {"pht:bad.owl"},
    "missing-ontology-version-iri": {"pht:bad.owl"},
    "undeclared-reference": {"pht:Misspelt"},
    "undeclared-property": {"http://example.org/note"},
    "unconnected-class": {"pht:Island"},
    "unused-property": {"pht:unusedRelation"},
    "property-without-domain": {"pht:noDomain"},
    "property-without-range": {"pht:noRange"},
    "multiple-domains-or-ranges": {"pht:twoDomains", "pht:twoDomainsInverse"},
    "missing-inverse": {"pht:oneWay"},
    "inverse-domain-range-mismatch": {"pht:mismatched"},
    "hierarchy-cycle": {"pht:LoopA", "pht:LoopB"},
    "naming-convention": {"pht:lowercaseClass", "pht:UpperProperty"},
    "synonym-clash": {"pht:Chair"},
}

#: What each shape finds in shape-problems.ttl (an axiom is named by the triple it annotates).
EXPECTED_SHAPES = {
    "shacl:restriction-domain": {"pht:WrongSubject"},
    "shacl:restriction-range": {"pht:WrongFiller"},
    "shacl:class-label": {"pht:NoLabel"},
    "shacl:class-single-label": {"pht:TwoLabels"},
    "shacl:class-definition": {"pht:NoDefinition"},
    "shacl:class-definition-source": {
        "pht:Activity",
        "pht:Disorder",
        "pht:Massage",
        "pht:NoLabel",
        "pht:TwoLabels",
        "pht:WrongFiller",
        "pht:WrongSubject",
    },
    "shacl:property-label": {"pht:unlabelled"},
    "shacl:assertion-domain": {"phtsrc:d2"},
    "shacl:assertion-datatype": {"pht:m1"},
    "shacl:axiom-document": {"axiom on pht:Massage rdfs:subClassOf pht:Intervention"},
    "shacl:axiom-evidence": {
        "axiom on pht:WrongSubject rdfs:subClassOf pht:Disorder",
        "axiom on pht:NoDefinition rdfs:subClassOf pht:Activity",
    },
    "shacl:stated-axiom-cites-a-document": {
        "axiom on pht:Activity skos:definition Something done."
    },
    "shacl:cited-axiom-is-stated": {"axiom on pht:WrongFiller rdfs:subClassOf pht:Activity"},
    "shacl:inference-says-why": {"axiom on pht:NoLabel rdfs:subClassOf pht:Activity"},
    "shacl:axiom-based-on": {"axiom on pht:TwoLabels rdfs:subClassOf pht:Activity"},
    "shacl:disagreement-has-its-sides": {"pht:OneSided"},
    "shacl:stated-advice-has-its-strength": {
        "axiom on pht:Massage rdfs:subClassOf (pht:isNotRecommendedFor some pht:Disorder)"
    },
    "shacl:axiom-annotates-a-triple": {
        "axiom on pht:Disorder skos:definition A condition of some kind."
    },
    "shacl:citation-of-a-document": {
        "axiom on pht:Intervention skos:definition A treatment.",
        "axiom on pht:Measure skos:definition A quantity.",
    },
    "shacl:axiom-citation": {"axiom on pht:Measure skos:definition A quantity."},
    "shacl:axiom-disagreement": {"axiom on pht:Measure skos:definition A quantity."},
}


def findings_of(*names: str) -> list[report.Finding]:
    store = load_store(tuple(str(FIXTURES / name) for name in names)) if names else load_store(())
    return shacl.validate_shapes(store) + report.run_report(store)


def by_check(findings, shapes: bool) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for finding in findings:
        if finding.check.startswith("shacl:") == shapes:
            found.setdefault(finding.check, set()).add(finding.subject)
    return found


def fixture(name: str) -> str:
    return str(FIXTURES / name)


# ---- the embedded ontology ------------------------------------------------------------
@pytest.fixture(scope="module")
def embedded():
    return findings_of()


@pytest.mark.slow  # validates the bundled graph
def test_embedded_graph_has_no_error(embedded):
    assert [f for f in embedded if f.level == report.ERROR] == []


@pytest.mark.slow  # validates the bundled graph
def test_embedded_graph_has_no_warning(embedded):
    warnings = {(f.check, f.subject) for f in embedded if f.level == report.WARN}
    assert warnings == set()


@pytest.mark.slow  # validates the bundled graph
def test_default_run_on_the_embedded_graph_passes(phtkg_run):
    """In a child process, the same run as tests/test_golden.py's validate.json."""
    result = phtkg_run("validate", "--format", "json")
    assert result.exit == 0, result.stderr
    rows = json.loads(result.stdout)
    assert all(set(row) == set(COLUMNS) for row in rows)


# ---- each check finds its problem, and only it ------------------------------------------
def test_every_report_check_is_in_the_fixture():
    assert set(EXPECTED_REPORT) == {check.id for check in report.CHECKS}


def test_each_report_check_finds_exactly_its_problems():
    assert by_check(findings_of("report-problems.ttl"), shapes=False) == EXPECTED_REPORT


def test_each_shape_finds_exactly_its_problems():
    assert by_check(findings_of("shape-problems.ttl"), shapes=True) == EXPECTED_SHAPES


def test_a_clean_file_has_no_findings():
    assert findings_of("clean.ttl") == []


def test_a_graph_without_an_ontology_header_says_so():
    header = [
        f for f in findings_of("shape-problems.ttl") if f.check.startswith("missing-ontology-")
    ]
    assert len(header) == 4
    assert {f.note for f in header} == {"the graph declares no owl:Ontology"}


@pytest.mark.slow  # pyshacl on the bundled graph
def test_shape_findings_agree_with_pyshacl_running_every_constraint_itself():
    """The SPARQL constraints run on pyoxigraph give what pyshacl gives running them."""
    import pyshacl

    from phtkg.store.safe_rdf import load_rdf_files

    graph = load_rdf_files([FIXTURES / "shape-problems.ttl"], follow_imports=False)
    _conforms, results, _text = pyshacl.validate(
        graph, shacl_graph=shacl.load_shapes(), advanced=True, inference="none"
    )
    sh = shacl.SH
    import rdflib

    expected = Counter()
    for result in results.subjects(rdflib.RDF.type, rdflib.URIRef(sh + "ValidationResult")):
        source = results.value(result, rdflib.URIRef(sh + "sourceConstraint")) or results.value(
            result, rdflib.URIRef(sh + "sourceShape")
        )
        expected["shacl:" + shacl.check_id(source)] += 1
    store = load_store((fixture("shape-problems.ttl"),))
    found = Counter(f.check for f in shacl.validate_shapes(store))
    assert found == expected


def test_every_check_has_a_level_and_a_description(cli):
    rows = json.loads(cli("validate", "--list-checks", "--format", "json").output)
    ids = {row["check"] for row in rows}
    assert {check.id for check in report.CHECKS} <= ids
    assert set(EXPECTED_SHAPES) <= ids
    assert all(row["level"] in report.LEVELS and row["description"] for row in rows)


def test_the_shapes_file_ships_with_the_ontology():
    assert (resources.ontology_dir() / "shapes.ttl").is_file()


# ---- levels and --fail-on -----------------------------------------------------------------
@pytest.mark.parametrize(
    "fail_on, status", [("error", 0), ("warn", 1), ("info", 1), ("none", 0), ("WARN", 1)]
)
def test_fail_on_a_warning(cli, fail_on, status):
    result = cli("validate", fixture("clean.ttl"), fixture("extra-warn.ttl"), "--fail-on", fail_on)
    assert result.exit_code == status, result.output


@pytest.mark.parametrize("fail_on, status", [("warn", 0), ("info", 1)])
def test_fail_on_an_info(cli, fail_on, status):
    result = cli("validate", fixture("clean.ttl"), fixture("extra-info.ttl"), "--fail-on", fail_on)
    assert result.exit_code == status, result.output


def test_errors_fail_by_default_and_not_with_none(cli):
    assert cli("validate", fixture("report-problems.ttl")).exit_code == 1
    assert cli("validate", fixture("report-problems.ttl"), "--fail-on", "none").exit_code == 0


def test_findings_are_sorted_by_level(cli):
    rows = json.loads(cli("validate", fixture("report-problems.ttl"), "-f", "json").output)
    ranks = [report.LEVELS.index(row["level"]) for row in rows]
    assert ranks == sorted(ranks)


# ---- formats ------------------------------------------------------------------------------
def test_table_has_a_summary_and_a_clean_file_says_so(cli):
    result = cli("validate", fixture("clean.ttl"), fixture("extra-warn.ttl"), "-f", "table")
    lines = result.output.splitlines()
    assert lines[0].split() == ["level", "check", "subject", "property", "value", "note"]
    assert lines[-1] == "1 WARN, 2 INFO"
    assert cli("validate", fixture("clean.ttl"), "-f", "table").output == "no findings\n"


def test_tsv_json_and_markdown(cli):
    args = (fixture("clean.ttl"), fixture("extra-warn.ttl"))
    tsv = cli("validate", *args, "-f", "tsv").output.splitlines()
    assert tsv[0] == "\t".join(COLUMNS)
    assert "WARN\tproperty-without-range\tpht:hasPart\trdfs:range\t\t" in tsv
    rows = json.loads(cli("validate", *args, "-f", "json").output)
    assert {
        "level": "WARN",
        "check": "property-without-range",
        "subject": "pht:hasPart",
        "property": "rdfs:range",
        "value": "",
        "note": "",
    } in rows
    markdown = cli("validate", *args, "-f", "md").output.splitlines()
    assert markdown[0] == "| level | check | subject | property | value | note |"
    assert markdown[1] == "|---|---|---|---|---|---|"
    assert "| WARN | property-without-range | pht:hasPart | rdfs:range |  |  |" in markdown


def test_markdown_escapes_pipes(cli):
    rows = json.loads(cli("validate", fixture("report-problems.ttl"), "-f", "json").output)
    assert any("|" in row["value"] for row in rows)
    markdown = cli("validate", fixture("report-problems.ttl"), "-f", "md").output.splitlines()
    row = next(line for line in markdown if line.startswith("| ERROR | multiple-labels |"))
    assert row.count(" | ") == 5 and " \\| " in row


def test_empty_machine_formats(cli):
    assert cli("validate", fixture("clean.ttl"), "-f", "json").output.strip() == "[]"
    assert cli("validate", fixture("clean.ttl"), "-f", "tsv").output == "\t".join(COLUMNS) + "\n"


def test_ontology_option_of_the_group_is_validated(cli):
    result = cli("--ontology", fixture("clean.ttl"), "validate", "-f", "table")
    assert result.exit_code == 0 and result.output == "no findings\n"


# ---- bad input ----------------------------------------------------------------------------
def _one_line_error(result, *parts: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("phtkg: ")
    assert "Traceback" not in result.output
    for part in parts:
        assert part in lines[0]


def test_missing_file(cli):
    _one_line_error(
        cli("validate", str(FIXTURES / "no-such-file.ttl")), "no-such-file.ttl", "no such file"
    )


def test_malformed_file_names_the_line(cli):
    _one_line_error(cli("validate", fixture("malformed.ttl")), "malformed.ttl", "line 4")


def test_xml_external_entities_are_refused(cli):
    _one_line_error(
        cli("validate", fixture("external-entity.owl")), "external-entity.owl", "line 3", "entity"
    )


def test_unknown_extension(cli, tmp_path):
    path = tmp_path / "ontology.txt"
    path.write_text("nothing\n")
    _one_line_error(cli("validate", str(path)), "ontology.txt", "extension")


def test_bad_option_values(cli):
    result = cli("validate", "--fail-on", "sometimes")
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1


def test_the_docs_describe_every_check_with_its_level():
    import re

    text = (Path(__file__).resolve().parent.parent / "docs" / "validation.md").read_text(
        encoding="utf-8"
    )
    documented = dict(re.findall(r"^\| `([\w:-]+)` \| (ERROR|WARN|INFO) \|", text, re.M))
    for check in report.CHECKS:
        assert documented.get(check.id) == check.level, check.id
    shape_ids = set(re.findall(r"`(shacl:[\w-]+)`", text))
    listed = {row["check"] for row in shacl.shape_checks()}
    assert listed == shape_ids


@pytest.mark.slow  # child processes: Oxigraph's term ids, and so GROUP_CONCAT, vary between them
@pytest.mark.parametrize("fixture", ["report-problems.ttl", "shape-problems.ttl"])
def test_a_report_reads_the_same_every_run(fixture):
    """Lists a check joins, and the one user undeclared-property shows, do not follow the
    order of a store's internal ids, which differ from one process to the next."""
    import subprocess
    import sys

    path = Path(__file__).parent / "fixtures" / "validate" / fixture
    reports = {
        subprocess.run(
            [sys.executable, "-m", "phtkg.cli", "validate", str(path), "--format", "json"],
            capture_output=True,
            timeout=120,
        ).stdout
        for _ in range(4)
    }
    assert len(reports) == 1
