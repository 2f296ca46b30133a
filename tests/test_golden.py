"""A fixed set of commands prints and writes the same bytes as when it was recorded.

The fingerprints in ``tests/golden/outputs.json`` were recorded by
``python tests/golden/run.py --write``; a difference means the output changed. Where the
change is intended, record again and say why in the commit. The commands run as run.py
runs them, through conftest's ``phtkg_run``, which other tests asking for the same
command share.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
sys.path.insert(0, str(GOLDEN))

from commands import commands  # noqa: E402
from run import fingerprint_of  # noqa: E402

RECORDED = json.loads((GOLDEN / "outputs.json").read_text())


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "args"),
    [(name, args) for name, args, _ in commands()],
    ids=[name for name, _, _ in commands()],
)
def test_output_is_unchanged(phtkg_run, name: str, args: list[str]) -> None:
    if args[0] in ("reason", "check") and "--reasoner" not in args:
        from phtkg.reasoning.java import find_java

        if find_java()[0] is None:
            pytest.skip("no Java for HermiT")
    assert fingerprint_of(phtkg_run(*args)) == RECORDED[name], (
        f"the output of 'phtkg {' '.join(args)}' changed; if that is intended, run "
        f"'python tests/golden/run.py --write {name}'"
    )
