"""A few W3C OWL 2 consistency test cases through ``phtkg reason``, as a quick guard.

The full run (265 approved DL cases, see docs/reasoning.md) takes minutes; this picks
cases that once failed for a reason in phtkg rather than in the reasoner: a literal
rdflib would rewrite ("-INF", "-0", a dateTime), an ``owl:imports`` given as a second
file, and a consistent ontology whose classes are all unsatisfiable (the harness asks
about consistency only). It needs the shared W3C test data next to the repository and
Java, and is skipped without them.
"""

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
RUNNER = SHARED / "conformance" / "run_owl2_consistency.py"
CASES = [
    r"^Consistent-but-all-unsat$",
    r"^Consistent-dateTime$",
    r"^Minus Infinity is not in owl:real$",
    r"^Plus and Minus Zero are Distinct$",
    r"^WebOnt-miscellaneous-001$",
    r"^WebOnt-I5.2-001$",
]


def phtkg_program() -> str:
    script = Path(sys.executable).parent / "phtkg"
    if script.exists():
        return shlex.quote(str(script))
    return f"{shlex.quote(sys.executable)} -m phtkg.cli"


@pytest.mark.skipif(not RUNNER.is_file(), reason=f"no W3C test runner at {RUNNER}")
def test_w3c_owl2_consistency_subset_passes(java):
    args = [
        sys.executable,
        str(RUNNER),
        "-j",
        "2",
        "--cmd",
        f"{phtkg_program()} reason --consistency-only {{premise}} {{imports}}",
    ]
    for case in CASES:
        args += ["-k", case]
    result = subprocess.run(args, capture_output=True, text=True, timeout=600)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout + result.stderr
    assert summary == f"{len(CASES)} passed, 0 failed, 0 skipped", result.stdout
