"""The files phtkg writes: a stdout that cannot take the output is one line on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini.ttl"


def one_line_error(result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("phtkg: ")
    return lines[0]


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def mini_turtle(cli) -> bytes:
    result = cli("export", "-f", "turtle", ontology=MINI)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


# ---- a stdout that cannot take the output ---------------------------------------------------
@pytest.mark.slow  # child processes
@pytest.mark.parametrize(
    "command",
    [
        ["aggravates"],
        ["query", "aggravates", "--param", "term=pht:ProximalHamstringTendinopathy"],
        ["export", "-f", "turtle"],
    ],
)
def test_a_full_stdout_is_one_line(command):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "phtkg.cli", "--ontology", str(MINI), *command],
            stdout=full,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            timeout=120,
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr == "phtkg: could not write the output: No space left on device\n"


@pytest.mark.slow  # a child process
def test_a_reader_that_went_away_is_quiet():
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "phtkg.cli", "--ontology", str(MINI), "aggravates"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (1, "")
