"""A few W3C SPARQL 1.1 evaluation tests through ``phtkg query``, as a quick guard.

The full run (518 tests, see docs/query.md) takes minutes; this picks one test of each
kind the command must get right: SELECT, ASK, boolean keywords in any case, CONSTRUCT, CSV and TSV results, an
aggregate, a property path, named graphs given with --named, and a dataset named by
FROM / FROM NAMED in the query file. It needs the shared W3C test data next to the
repository and is skipped without it.
"""

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
RUNNER = SHARED / "conformance" / "run_w3c_sparql.py"
TESTS = [
    r"sparql10/ask/ask-1$",
    r"sparql10/dataset/dawg-dataset-01$",
    r"sparql10/expr-builtin/case-insensitive-booleans$",
    r"sparql10/graph/dawg-graph-05$",
    r"sparql11/aggregates/agg01$",
    r"sparql11/aggregates/agg-avg-03$",
    r"sparql11/construct/constructwhere01$",
    r"sparql11/csv-tsv-res/csv01$",
    r"sparql11/csv-tsv-res/tsv01$",
    r"sparql11/property-path/pp01$",
]


def phtkg_program() -> str:
    script = Path(sys.executable).parent / "phtkg"
    if script.exists():
        return shlex.quote(str(script))
    return f"{shlex.quote(sys.executable)} -m phtkg.cli"


@pytest.mark.slow  # phtkg runs as a child process for each W3C test
@pytest.mark.skipif(not RUNNER.is_file(), reason=f"no W3C test runner at {RUNNER}")
def test_w3c_sparql_subset_passes():
    query = f"{phtkg_program()} query --empty --data {{data}} --named {{named}} {{query}}"
    args = [
        sys.executable,
        str(RUNNER),
        "-j",
        "2",
        "--cmd",
        f"{query} --format json",
        "--graph-cmd",
        f"{query} --format nt",
        "--csv-cmd",
        f"{query} --format csv",
    ]
    for test in TESTS:
        args += ["-k", test]
    result = subprocess.run(args, capture_output=True, text=True, timeout=300)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout + result.stderr
    assert summary == f"{len(TESTS)} passed, 0 failed, 0 skipped", result.stdout
