"""phtkg check: every example case gets its documented verdict, and bad input is one line.

Each file in docs/examples/ states its expected verdict in a header comment:
``# expect: ok``, ``# expect: conflict``, ``# expect: inferred: <class label>`` or
``# expect: error``. The reasoner examples are skipped without Java.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "docs" / "examples").glob("*.yaml")) + sorted(
    (ROOT / "docs" / "examples").glob("*.ttl")
)
EXPECT = re.compile(r"^# expect: (ok|conflict|error|inferred: (.+))\s*$", re.M)


@pytest.fixture(scope="module")
def checked_json(phtkg_run, java):
    """The JSON report of an example, from ``phtkg check`` in a child process: HermiT runs
    once per example for every test that reads it (tests/test_golden.py too)."""

    def report(path: Path):
        return phtkg_run("check", path.relative_to(ROOT), "--format", "json")

    return report


def expectation(path: Path) -> tuple[str, str]:
    found = EXPECT.search(path.read_text(encoding="utf-8"))
    assert found, f"{path.name} has no '# expect: ...' header"
    verdict = found.group(1)
    return ("inferred", found.group(2).strip()) if verdict.startswith("inferred") else (verdict, "")


def test_there_are_enough_examples_of_each_kind():
    kinds = [expectation(path)[0] for path in EXAMPLES]
    assert len(EXAMPLES) >= 8
    assert {"ok", "conflict", "inferred", "error"} <= set(kinds)
    assert any(path.suffix == ".ttl" for path in EXAMPLES)


ERRORS = [path for path in EXAMPLES if expectation(path)[0] == "error"]
VERDICTS = [path for path in EXAMPLES if path not in ERRORS]


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.name)
def test_example_with_a_mistake_is_one_line_with_a_suggestion(cli, path: Path):
    result = cli("check", path)
    assert (
        result.exit_code == 2
        and result.exception is None
        or isinstance(result.exception, SystemExit)
    )
    assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1
    assert "did you mean" in result.stderr


@pytest.mark.parametrize("path", VERDICTS, ids=lambda p: p.name)
def test_example_gets_its_documented_verdict(checked_json, path: Path):
    verdict, detail = expectation(path)
    result = checked_json(path)
    assert result.exit == (1 if verdict == "conflict" else 0), result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["verdict"] == verdict, report
    assert report["reasoner"]["runs"] == 1
    findings = report["findings"]
    for finding in findings:
        assert finding["kind"] in ("inferred", "conflict")
        cited = [axiom for axiom in finding["axioms"] if axiom["sources"]]
        assert cited, f"{path.name}: a finding names no sourced axiom: {finding}"
        assert all(re.match(r"\d{3}_[0-9a-f]{16} § ", s) for a in cited for s in a["sources"])
    if verdict == "inferred":
        assert any(f["message"].startswith(detail + ":") for f in findings), findings
    if verdict == "ok":
        assert findings == []


def test_conflict_names_the_rule_and_its_document(checked_json):
    result = checked_json(ROOT / "docs/examples/reactive-deep-stretching.yaml")
    report = json.loads(result.stdout)
    [finding] = report["findings"]
    assert finding["message"].startswith("deep hamstring stretch is planned")
    texts = {axiom["text"]: axiom for axiom in finding["axioms"]}
    rule = (
        "case with reactive tendinopathy SubClassOf plans only (not hamstring stretching) "
        "[from: hamstring stretching is not recommended for reactive tendinopathy]"
    )
    assert rule in texts
    assert texts[rule]["sources"] == ["003_69d07a8752c1d115 § How do you get rid of it?"]


def test_a_missing_prerequisite_names_the_closure_of_what_was_tried(checked_json):
    result = checked_json(ROOT / "docs/examples/injection-first.yaml")
    [finding] = json.loads(result.stdout)["findings"]
    assert "considered only after conservative management" in finding["message"]
    assert any("has tried only" in axiom["text"] for axiom in finding["axioms"])


def test_table_report_shows_verdict_and_sources(phtkg_run, java):
    """The same run as the example in docs/teaching.md."""
    result = phtkg_run("check", "--format", "table", "docs/examples/saddle-numbness.yaml")
    assert result.exit == 0
    text = result.stdout.decode()
    assert "verdict: inferred" in text
    assert (
        "inferred: case warranting immediate medical attention: because saddle numbness "
        "warrants immediate medical attention (000_7ec0ad743bb0a478 § Warning signs to "
        "watch for)"
    ) in text


# ---- bad input: exit 2, one line on stderr, no traceback ---------------------------------
def _one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("phtkg: "), result.stderr
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0]


def test_unknown_term_suggests_names(cli, tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text("stage: reactive\nplanned:\n  - hamstring strech\n", encoding="utf-8")
    _one_line_error(
        cli("check", str(case)),
        "no term matches 'hamstring strech'",
        "did you mean",
        "'hamstring stretch'",
    )


def test_malformed_yaml(cli, tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text("planned: [isometric exercise\nstage: reactive\n", encoding="utf-8")
    _one_line_error(cli("check", str(case)), "not valid YAML")


def test_missing_file(cli, tmp_path):
    _one_line_error(cli("check", str(tmp_path / "nothing.yaml")), "no such file")


def test_unknown_key(cli, tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text("plan: [isometric exercise]\n", encoding="utf-8")
    _one_line_error(cli("check", str(case)), "unknown key 'plan'")


def test_term_of_the_wrong_kind(cli, tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text("planned: [saddle numbness]\n", encoding="utf-8")
    _one_line_error(cli("check", str(case)), "'saddle numbness' is not a treatment")


def test_turtle_without_a_case_record(cli, tmp_path):
    case = tmp_path / "case.ttl"
    case.write_text(
        "@prefix pht: <https://w3id.org/phtkg/> .\n<https://example.org/x> a pht:Running .\n",
        encoding="utf-8",
    )
    _one_line_error(cli("check", str(case)), "expected one pht:CaseRecord, found 0")


def test_no_java_is_one_line(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PHTKG_JAVA", str(tmp_path / "no-java-here"))
    _one_line_error(cli("check", str(ROOT / "docs/examples/complete-rest.yaml")), "no Java runtime")


# ---- the generated rules ------------------------------------------------------------------
def test_rules_are_generated_with_the_sources_of_their_rows():
    from phtkg.cases.rules import RuleBook

    book = RuleBook()
    pht = "https://w3id.org/phtkg/"
    not_recommended = {(r.case_class, r.term): r for r in book.not_recommended}
    lunge = not_recommended[(pht + "CaseWithReactiveTendinopathy", pht + "Lunge")]
    assert lunge.axiom.sources == ["003_69d07a8752c1d115 § How do you get rid of it?"]
    # advice kept "until conservative treatment has failed" is a prerequisite, not a ban
    assert (pht + "CaseWithProximalHamstringTendinopathy", pht + "Injection") not in not_recommended
    assert {(r.term, r.other) for r in book.prerequisites} >= {
        (pht + "Injection", pht + "ConservativeManagement"),
        (pht + "ShockwaveTherapy", pht + "LoadManagement"),
    }
    assert pht + "CaseWarrantingImmediateMedicalAttention" in book.warranting


RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
OWL_CLASS = "<http://www.w3.org/2002/07/owl#Class>"
SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
TINY = (
    f"<urn:t:A> {RDF_TYPE} {OWL_CLASS} .\n<urn:t:B> {RDF_TYPE} {OWL_CLASS} .\n"
    "<urn:t:A> <http://www.w3.org/2002/07/owl#disjointWith> <urn:t:B> .\n"
)


def _probes(*parents: list[str]):
    """Probe classes as Hermit.satisfiable takes them: their names, and N-Triples."""
    names, lines = [], []
    for number, classes in enumerate(parents):
        names.append(f"urn:t:probe{number}")
        lines.append(f"<{names[-1]}> {RDF_TYPE} {OWL_CLASS} .")
        lines += [f"<{names[-1]}> {SUBCLASS} <{cls}> ." for cls in classes]
    return SimpleNamespace(names=names, ntriples="\n".join(lines) + "\n")


def test_one_hermit_run_tells_each_probe_apart(java):
    """A probe below two disjoint classes is unsatisfiable, one below either is not."""
    from phtkg.cases.check import Hermit

    probes = _probes(["urn:t:A"], ["urn:t:A", "urn:t:B"], ["urn:t:B"])
    hermit = Hermit(TINY, memory_mb=200)
    answers = hermit.satisfiable(probes.ntriples, probes)
    assert answers == dict(zip(probes.names, [True, False, True]))
    assert hermit.runs == 1


def test_an_inconsistent_ontology_gives_no_answers(java):
    from phtkg.cases.check import Hermit

    individual = f"<urn:t:x> {RDF_TYPE} <urn:t:A> .\n<urn:t:x> {RDF_TYPE} <urn:t:B> .\n"
    probes = _probes(["urn:t:A"])
    assert Hermit(TINY + individual, memory_mb=200).satisfiable(probes.ntriples, probes) is None


@pytest.mark.parametrize(
    ("name", "runs"),
    [("settled-runner.yaml", 1), ("night-pain.yaml", 1), ("reactive-deep-lunges.yaml", 2)],
)
def test_a_screened_case_gets_the_findings_of_one_probe_per_item(
    checked_json, monkeypatch, name, runs
):
    """Screening (all planned items together first) is what a case with many planned
    items gets; here the examples are screened, and match their one-run reports."""
    from phtkg.cases import check
    from phtkg.cases.model import load_case

    path = ROOT / "docs" / "examples" / name
    one_run = json.loads(checked_json(path).stdout)
    assert one_run["reasoner"]["runs"] == 1
    monkeypatch.setattr(check, "SCREEN_ABOVE", 1)
    monkeypatch.setattr(check, "_rules_foresee_a_conflict", lambda case, book: False)
    screened = check.check_case(load_case(path))
    assert screened.runs == runs
    assert screened.verdict == one_run["verdict"]
    assert [finding.as_dict() for finding in screened.findings] == one_run["findings"]


def test_a_screened_case_with_an_untried_prerequisite_names_it(java, monkeypatch, tmp_path):
    """The screen also asks about each prerequisite nothing tried is: planning shockwave
    with only exercises tried conflicts although the two planned items go together."""
    from phtkg.cases import check
    from phtkg.cases.model import load_case

    case = tmp_path / "shockwave-and-walking.yaml"
    case.write_text(
        "name: shockwave and walking\ntried:\n  - progressive loading programme\n"
        "planned:\n  - shockwave therapy\n  - isometric exercise\n",
        encoding="utf-8",
    )
    one_run = check.check_case(load_case(case))
    monkeypatch.setattr(check, "SCREEN_ABOVE", 1)
    monkeypatch.setattr(check, "_rules_foresee_a_conflict", lambda case, book: False)
    screened = check.check_case(load_case(case))
    assert (one_run.runs, screened.runs) == (1, 2)
    assert screened.verdict == one_run.verdict == "conflict"
    assert [f.as_dict() for f in screened.findings] == [f.as_dict() for f in one_run.findings]
    assert "considered only after" in screened.findings[0].message


def test_a_conflict_the_rules_foresee_is_asked_about_in_one_run(checked_json, monkeypatch):
    """Where a generated rule already speaks against a planned item, the screen would only
    add a run: the items are asked about at once, with the same findings."""
    from phtkg.cases import check
    from phtkg.cases.model import load_case
    from phtkg.cases.rules import RuleBook

    path = ROOT / "docs" / "examples" / "reactive-deep-lunges.yaml"
    case = load_case(path)
    assert check._rules_foresee_a_conflict(case, RuleBook(case_store()))
    monkeypatch.setattr(check, "SCREEN_ABOVE", 1)
    result = check.check_case(case)
    one_run = json.loads(checked_json(path).stdout)
    assert result.runs == 1
    assert [finding.as_dict() for finding in result.findings] == one_run["findings"]


def test_the_rules_foresee_no_conflict_in_a_settled_plan():
    from phtkg.cases import check
    from phtkg.cases.model import load_case
    from phtkg.cases.rules import RuleBook

    case = load_case(ROOT / "docs" / "examples" / "settled-runner.yaml")
    assert not check._rules_foresee_a_conflict(case, RuleBook(case_store()))


def case_store():
    from phtkg.store.embedded import ontology_store

    return ontology_store()
