"""The reasoner check: exit codes, the report, and one-line errors instead of tracebacks."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from phtkg import reason
from phtkg.reason import main_reason

FIXTURES = Path(__file__).parent / "fixtures" / "reason"

needs_java = pytest.mark.skipif(
    reason.find_java()[0] is None,
    reason="HermiT needs a Java runtime and none was found (PHTKG_JAVA, JAVA_HOME, PATH)",
)


def _run(capsys, *files):
    code = main_reason([str(f) for f in files])
    out, err = capsys.readouterr()
    return code, out, err


def test_module_import_does_not_load_owlready2_or_rdflib():
    """The CLI imports this module for every command; the heavy libraries must wait."""
    import subprocess

    probe = ("import sys, phtkg.reason; "
             "print(any(m.split('.')[0] in ('owlready2', 'rdflib') for m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"


@needs_java
def test_embedded_ontology_is_consistent(capsys):
    code, out, err = _run(capsys)
    assert code == 0, out + err
    assert "consistent: yes" in out
    assert "unsatisfiable classes: none" in out
    assert err == ""


@needs_java
def test_individual_in_two_disjoint_classes_is_inconsistent(capsys):
    code, out, _ = _run(capsys, FIXTURES / "disjoint_individual.ttl")
    assert code == 1
    assert "consistent: no" in out
    assert "inconsistent" in out


@needs_java
def test_class_under_two_disjoint_classes_is_reported_by_label(capsys):
    code, out, _ = _run(capsys, FIXTURES / "unsatisfiable_class.ttl")
    assert code == 1
    assert "consistent: yes" in out
    assert "unsatisfiable classes: 1" in out
    assert "hamstring stretch injury <https://example.org/phtkg-test/HamstringStretchInjury>" in out


@needs_java
def test_result_object_lists_unsatisfiable_iri_and_label():
    graph = reason.load_graph([FIXTURES / "unsatisfiable_class.ttl"])
    result = reason.reason(graph, memory_mb=512)
    assert result.completed and result.consistent
    assert result.unsatisfiable == [
        ("https://example.org/phtkg-test/HamstringStretchInjury", "hamstring stretch injury")]
    assert result.reasoner == "hermit" and result.seconds > 0


@needs_java
def test_merged_files_are_checked_together(capsys, tmp_path):
    """Each file alone is fine; together they put one individual in two disjoint classes."""
    classes = tmp_path / "classes.ttl"
    classes.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix ex: <https://example.org/phtkg-test/> .\n"
        "ex:A a owl:Class . ex:B a owl:Class ; owl:disjointWith ex:A .\n")
    individual = tmp_path / "individual.nt"
    individual.write_text(
        "<https://example.org/phtkg-test/x> "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://example.org/phtkg-test/A> .\n"
        "<https://example.org/phtkg-test/x> "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://example.org/phtkg-test/B> .\n")
    assert _run(capsys, classes)[0] == 0
    code, out, _ = _run(capsys, classes, individual)
    assert code == 1 and "inconsistent" in out


def test_malformed_file_is_one_line_on_stderr(capsys):
    path = FIXTURES / "malformed.ttl"
    code, out, err = _run(capsys, path)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert str(path) in err and "cannot parse" in err
    assert "Traceback" not in err


def test_missing_file_is_exit_2(capsys, tmp_path):
    path = tmp_path / "absent.ttl"
    code, out, err = _run(capsys, path)
    assert code == 2
    assert out == ""
    assert err.strip() == f"{path}: no such file"


def test_unknown_extension_is_exit_2(capsys, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    code, _, err = _run(capsys, path)
    assert code == 2
    assert "unknown file extension" in err and len(err.strip().splitlines()) == 1


def test_unknown_reasoner_is_exit_2(capsys):
    assert main_reason((), reasoner="no-such-reasoner") == 2
    assert "unknown reasoner" in capsys.readouterr().err


def test_no_java_gives_one_clear_line(capsys, monkeypatch):
    monkeypatch.setenv("PHTKG_JAVA", "/nonexistent")
    code, out, err = _run(capsys)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("no Java runtime found: install a JDK")
    assert "JAVA_HOME" in lines[0] and "/nonexistent" in lines[0]


def test_java_found_through_java_home(monkeypatch, tmp_path):
    fake_home = tmp_path / "jdk"
    (fake_home / "bin").mkdir(parents=True)
    java = fake_home / "bin" / "java"
    java.write_text("#!/bin/sh\n")
    java.chmod(0o755)
    monkeypatch.delenv("PHTKG_JAVA", raising=False)
    monkeypatch.setenv("JAVA_HOME", str(fake_home))
    assert reason.find_java()[0] == str(java)


@pytest.mark.skipif(shutil.which("java") is None, reason="no java on PATH")
def test_stale_java_home_falls_back_to_path(monkeypatch, tmp_path):
    monkeypatch.delenv("PHTKG_JAVA", raising=False)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "gone"))
    assert reason.find_java()[0] == shutil.which("java")


def test_java_that_fails_is_one_line_exit_2(capsys, monkeypatch, tmp_path):
    """A broken Java is reported with its own words, not with owlready2's traceback."""
    java = tmp_path / "java"
    java.write_text("#!/bin/sh\necho 'Error: could not start the JVM' >&2\nexit 3\n")
    java.chmod(0o755)
    monkeypatch.setenv("PHTKG_JAVA", str(java))
    code, out, err = _run(capsys, FIXTURES / "unsatisfiable_class.ttl")
    assert code == 2
    assert out == ""
    assert err.strip() == f"HermiT failed (PHTKG_JAVA={java}): Error: could not start the JVM"


@needs_java
def test_quad_formats_are_merged_into_one_graph(capsys, tmp_path):
    trig = tmp_path / "named.trig"
    trig.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix ex: <https://example.org/phtkg-test/> .\n"
        "ex:g1 { ex:A a owl:Class . ex:B a owl:Class ; owl:disjointWith ex:A . }\n"
        "ex:g2 { ex:C a owl:Class ; rdfs:label \"both\" ; rdfs:subClassOf ex:A, ex:B . }\n")
    code, out, _ = _run(capsys, trig)
    assert code == 1 and "both <https://example.org/phtkg-test/C>" in out
