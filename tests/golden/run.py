"""Run the fixed commands and fingerprint what they print and write.

``python tests/golden/run.py --write`` records today's fingerprints in
``tests/golden/outputs.json``; ``tests/test_golden.py`` compares against them. Record again
only when a change of output is intended, and say so in the commit.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MANIFEST = HERE / "outputs.json"

sys.path.insert(0, str(HERE))
from commands import commands  # noqa: E402

#: Run times differ from run to run; they are masked before the comparison.
TIMINGS = re.compile(rb'(?<=[ (])\d+(?:\.\d+)? (?:s|ms)\b|(?<="seconds": )[\d.]+')


def normalised(data: bytes, out: Path) -> bytes:
    return TIMINGS.sub(b"N", data.replace(str(out).encode(), b"{out}"))


def digest(data: bytes) -> str:
    return f"{len(data)}:{hashlib.sha256(data).hexdigest()[:16]}"


@dataclass(frozen=True)
class Run:
    """What ``phtkg ARGS`` did in a child process: exit status, output, the files it wrote."""

    exit: int
    stdout: bytes
    stderr: bytes
    files: dict[str, bytes]
    out: Path  # what ``{out}`` in the arguments stood for


def run(args: list[str], scratch: Path) -> Run:
    """``phtkg ARGS`` from the repository root, ``{out}`` being a file in ``scratch``."""
    out = scratch / "out"
    argv = [a.replace("{out}", str(out)) for a in args]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHTKG_")}
    env.update(COLUMNS="100", NO_COLOR="1", LC_ALL="C.UTF-8")
    done = subprocess.run(
        [sys.executable, "-m", "phtkg.cli", *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    written = {p.name: p.read_bytes() for p in sorted(scratch.iterdir())}
    return Run(done.returncode, done.stdout, done.stderr, written, out)


def fingerprint_of(done: Run) -> dict:
    """Exit status, stdout, stderr and every file written, each as size and hash."""
    return {
        "exit": done.exit,
        "stdout": digest(normalised(done.stdout, done.out)),
        "stderr": digest(normalised(done.stderr, done.out)),
        "files": {name: digest(data) for name, data in done.files.items()},
    }


def fingerprint(args: list[str]) -> dict:
    """The fingerprint of one run in a fresh temporary folder."""
    with tempfile.TemporaryDirectory() as scratch:
        return fingerprint_of(run(args, Path(scratch)))


def main() -> None:
    only = [a for a in sys.argv[1:] if not a.startswith("-")]
    results = {
        name: fingerprint(args) for name, args, _slow in commands() if not only or name in only
    }
    if "--write" in sys.argv:
        recorded = json.loads(MANIFEST.read_text()) if only and MANIFEST.exists() else {}
        recorded.update(results)
        MANIFEST.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    else:
        json.dump(results, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
