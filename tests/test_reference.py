"""The reference in docs/commands.md is what the commands' --help prints today."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "docs" / "reference.py"


def test_the_reference_in_the_docs_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("reference", SCRIPT)
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    document = reference.COMMANDS_MD.read_text(encoding="utf-8")
    assert reference.updated(document) == document, (
        "docs/commands.md is out of date: run python docs/reference.py"
    )
