"""The phtkg command line: output, exit codes and one-line errors."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from phtkg import resources

FIXTURE = str(Path(__file__).parent / "fixtures" / "mini.ttl")
COMMANDS = ["aggravates", "aggravated-by", "list", "describe", "search", "build", "reason"]


def one_line_error(result):
    assert "Traceback" not in result.output
    assert result.stdout == "" or result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_aggravates_as_json(cli):
    result = cli("aggravates", "--format", "json", ontology=FIXTURE)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {row["factor"] for row in rows} >= {"pht:ProlongedSitting", "pht:UphillRunning"}
    assert all(isinstance(row["sources"], list) and row["sources"] for row in rows)


def test_aggravated_by_as_tsv_has_every_key(cli):
    result = cli(
        "aggravated-by", "prolonged sitting on a hard surface", "-f", "tsv", ontology=FIXTURE
    )
    assert result.exit_code == 0, result.output
    header, row = result.stdout.splitlines()
    assert header.split("\t") == [
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
    ]
    # The fixture has no evidence annotations: a fact citing documents counts as stated.
    assert row.split("\t")[-3:] == ["doc_a;doc_b", "stated", "prolonged sitting"]


def test_table_format_is_readable(cli):
    result = cli("aggravated-by", "pht:ProlongedSitting", "-f", "table", ontology=FIXTURE)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["factor", "label"]
    assert "doc_a, doc_b" in lines[2]


def test_default_format_is_tsv_when_not_a_terminal(cli):
    result = cli("list", "red-flags", ontology=FIXTURE)
    assert result.stdout.splitlines() == [
        "id\tlabel\tparent\tdefinition\tsources",
        "pht:NightPain\tnight pain\twarning sign\tPain at night.\teditorial",
    ]


def test_several_matches_are_reported_on_stderr(cli):
    result = cli("describe", "sitt", "-f", "json", ontology=FIXTURE)
    assert result.exit_code == 0
    assert "matched 5 terms" in result.stderr
    assert len(json.loads(result.stdout)) == 5


def test_exact_match_is_silent(cli):
    result = cli("describe", "PHT", "-f", "json", ontology=FIXTURE)
    assert result.exit_code == 0 and result.stderr == ""


def test_describe_table_shows_relationships(cli):
    result = cli("describe", "prolonged sitting on a hard surface", "-f", "table", ontology=FIXTURE)
    assert result.exit_code == 0
    assert "relationships:" in result.stdout and "prolonged sitting" in result.stdout


def test_describe_csv_gives_relationship_rows(cli):
    result = cli("describe", "PHT", "-f", "csv", ontology=FIXTURE)
    assert result.stdout.splitlines()[0].startswith("id,label,relation,direction,other,other_label")


def test_search(cli):
    result = cli("search", "shockwave", "-f", "json", ontology=FIXTURE)
    assert result.exit_code == 0
    assert [row["id"] for row in json.loads(result.stdout)] == ["pht:ShockwaveTherapy"]


def test_unknown_term_exits_1_with_a_suggestion(cli):
    result = cli("aggravated-by", "sittng", ontology=FIXTURE)
    assert result.exit_code == 1
    line = one_line_error(result)
    assert "did you mean" in line and "sitting" in line


def test_nothing_found_exits_1(cli):
    result = cli("aggravated-by", "cycling", "-f", "table", ontology=FIXTURE)
    assert result.exit_code == 1
    assert "nothing" in one_line_error(result)


def test_unknown_category_exits_2_with_one_line(cli):
    result = cli("list", "bananas", ontology=FIXTURE)
    assert result.exit_code == 2
    line = one_line_error(result)
    assert "unknown category" in line and "red-flags" in line


def test_missing_category_exits_2(cli):
    result = cli("list", ontology=FIXTURE)
    assert result.exit_code == 2
    assert "anatomy" in one_line_error(result)


def test_empty_term_exits_2(cli):
    result = cli("describe", "  ", ontology=FIXTURE)
    assert result.exit_code == 2
    assert "empty" in one_line_error(result)


def test_bad_option_exits_2_with_one_line(cli):
    result = cli("search", "x", "--format", "xml", ontology=FIXTURE)
    assert result.exit_code == 2
    assert "--help" in one_line_error(result)
    result = cli("--no-such-option", ontology=FIXTURE)
    assert result.exit_code == 2
    one_line_error(result)


@pytest.mark.parametrize("command", ["search", "describe", "aggravated-by", "aggravates"])
def test_sparql_injection_is_data(cli, command):
    result = cli(command, '"} DROP ALL {', ontology=FIXTURE)
    assert result.exit_code == 1
    one_line_error(result)
    # the graph is untouched: the next lookup still works
    assert cli("search", "shockwave", ontology=FIXTURE).exit_code == 0


def test_unreadable_ontology_is_one_line(cli, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle {")
    result = cli("--ontology", str(broken), "search", "x")
    assert result.exit_code == 2
    assert "cannot read the ontology" in one_line_error(result)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(cli, command):
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout and "phtkg " + command.split()[0] in result.stdout


@pytest.mark.slow  # builds the ontology three times
def test_build_writes_and_check_detects_stale_files(cli, tmp_path):
    tables = tmp_path / "src"
    shutil.copytree(resources.tables_dir(), tables)
    output = tmp_path / "out"
    result = cli("build", "--tables", str(tables), "--output", str(output))
    assert result.exit_code == 0, result.output
    assert (output / "phtkg.ttl").is_file() and (output / "phtkg.owl").is_file()
    check = cli("build", "--tables", str(tables), "--output", str(output), "--check")
    assert check.exit_code == 0, check.output
    (output / "phtkg.ttl").write_text("# stale\n")
    stale = cli("build", "--tables", str(tables), "--output", str(output), "--check")
    assert stale.exit_code == 1
    assert "phtkg.ttl" in one_line_error(stale)


def test_build_reports_table_problems(cli, tmp_path):
    tables = tmp_path / "src"
    shutil.copytree(resources.tables_dir(), tables)
    with (tables / "terms.tsv").open("a", encoding="utf-8") as handle:
        handle.write("BrokenTerm\tNoSuchParent\tbroken term\t\tA broken term.\teditorial\n")
    result = cli("build", "--tables", str(tables), "--output", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert "NoSuchParent" in result.stderr and "Traceback" not in result.output


def test_reason_without_the_reasoner_module_exits_2(cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "phtkg.reasoning.reason", None)  # makes the import fail
    result = cli("reason")
    assert result.exit_code == 2
    assert "reasoner is not available" in one_line_error(result)


def test_cli_import_does_not_load_rdflib_or_owlready2():
    code = (
        "import sys, phtkg.cli; "
        "print(sorted(m for m in ('rdflib', 'owlready2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


HEAVY_FOR_A_LOOKUP = (
    "rdflib",
    "owlready2",
    "SPARQLWrapper",
    "phtkg.store.push",
    "phtkg.store.remote",
    "phtkg.store.http",
    "phtkg.commands.query",
    "phtkg.reasoning.reason",
    # what a lookup of the bundled graph has no use for, each a few milliseconds of start-up
    "phtkg.store.safe_rdf",  # the checks of files a user gives
    "phtkg.build",
    "decimal",
    "difflib",  # suggestions when nothing matches
    "json",
    "csv",
)


def test_lookup_in_a_fresh_process_loads_no_reasoning_query_or_upload_code():
    code = (
        "import sys; from click.testing import CliRunner; from phtkg.cli import main; "
        "r = CliRunner().invoke(main, ['aggravated-by', 'sitting']); "
        f"print(r.exit_code, [m for m in {HEAVY_FOR_A_LOOKUP!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0 []"


def test_console_script_on_the_embedded_ontology():
    script = shutil.which("phtkg", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the phtkg console script is not installed")
    out = subprocess.run([script, "search", "sit bone"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "pht:IschialTuberosity" in out.stdout


# ---- loading the bundled graph while the command line is imported -------------------------
@pytest.mark.parametrize(
    ("args", "starts"),
    [
        (["aggravated-by", "sitting"], True),
        (["describe", "PHT", "--format", "json"], True),
        (["--max-input-mb", "5", "search", "sit"], False),  # a value read as the command
        (["list", "red-flags"], True),
        (["--ontology", "mini.ttl", "aggravates"], False),
        (["--ontology=mini.ttl", "aggravates"], False),
        (["--endpoint", "http://127.0.0.1:1/sparql", "aggravates"], False),
        (["describe", "--help"], False),
        (["--version"], False),
        (["query", "aggravates"], False),
        (["reason"], False),
        ([], False),
    ],
)
def test_which_command_lines_start_loading_the_bundled_graph(args, starts, monkeypatch):
    from phtkg.commands import warmup

    for name in warmup.ELSEWHERE_ENV:
        monkeypatch.delenv(name, raising=False)
    assert warmup.names_a_bundled_lookup(args) is starts


@pytest.mark.parametrize("variable", ["PHTKG_ONTOLOGY", "PHTKG_ENDPOINT"])
def test_a_graph_named_in_the_environment_starts_no_bundled_load(variable, monkeypatch):
    from phtkg.commands import warmup

    monkeypatch.setenv(variable, "elsewhere")
    assert not warmup.names_a_bundled_lookup(["aggravates"])


def test_the_warmup_knows_every_lookup_command():
    from phtkg.commands.group import COMMANDS
    from phtkg.commands.warmup import LOOKUPS

    lookup_modules = ("phtkg.commands.lookups", "phtkg.commands.navigation")
    assert LOOKUPS == {name for name, entry in COMMANDS.items() if entry.module in lookup_modules}


def test_a_prefetched_store_is_the_one_a_lookup_gets(tmp_path):
    from phtkg.store import embedded

    copy = tmp_path / "mini.ttl"
    copy.write_bytes(Path(FIXTURE).read_bytes())
    embedded.prefetch(copy)
    store = embedded.ontology_store(copy)
    assert len(store) == len(embedded.load_file(FIXTURE))
    assert embedded.ontology_store(copy) is store
    assert str(copy.resolve()) not in embedded._loading


def test_a_prefetch_that_fails_leaves_the_error_to_the_lookup(tmp_path):
    from phtkg.store import embedded
    from phtkg.store.safe_rdf import RdfFileError

    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix : <urn:x#> .\n:a :b \n", encoding="utf-8")
    embedded.prefetch(broken)
    with pytest.raises((RdfFileError, SyntaxError)):
        embedded.ontology_store(broken)


def test_a_lookup_answers_the_same_with_and_without_the_early_load():
    script = shutil.which("phtkg", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the phtkg console script is not installed")
    args = [script, "describe", "PHT", "--format", "tsv"]
    early = subprocess.run(args, capture_output=True, check=True)
    env = dict(
        os.environ, PHTKG_ONTOLOGY=str(resources.ontology_turtle())
    )  # the same file, no early load
    late = subprocess.run(args, capture_output=True, check=True, env=env)
    assert early.stdout == late.stdout and early.stdout
