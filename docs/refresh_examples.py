"""Rewrite the output shown under each ``$ phtkg …`` example in the docs with real output.

Run it after the knowledge tables change: ``python docs/refresh_examples.py``. An example
whose shown lines all still appear (and whose exit status is unchanged) is left as it is,
so a hand-picked selection survives; any other is rewritten, keeping its length (an
example cut with a ``…`` line stays cut after as many lines),
keeps ``# exit status N`` lines, and leaves ``phtkg reason``, ``phtkg build`` and ``phtkg check``
examples alone because their output holds timings or paths. tests/test_docs.py checks the result.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from click.testing import CliRunner

import phtkg.cli
import phtkg.output.rows

ROOT = Path(__file__).resolve().parent.parent
OMITTED = "…"
UNTOUCHED = ("reason", "build", "check")


def run(command: str) -> tuple[list[str], int]:
    """Output lines (stdout and stderr, as a terminal shows them) and exit status."""
    result = CliRunner().invoke(phtkg.cli.main, shlex.split(command)[1:], prog_name="phtkg")
    return [line.rstrip() for line in result.output.splitlines()], result.exit_code


def refreshed(lines: list[str]) -> list[str]:
    """The document's lines with every refreshable example's output replaced."""
    out: list[str] = []
    index = 0
    in_console = False
    while index < len(lines):
        line = lines[index]
        if line.startswith("```"):
            in_console = not in_console and line[3:].strip() == "console"
            out.append(line)
            index += 1
            continue
        if not (in_console and line.startswith("$ phtkg")):
            out.append(line)
            index += 1
            continue
        end = index + 1
        while end < len(lines) and not lines[end].startswith(("$ ", "```")):
            end += 1
        shown = lines[index + 1 : end]
        out.append(line)
        words = shlex.split(line[2:])
        if len(words) > 1 and words[1] in UNTOUCHED:
            out.extend(shown)
        else:
            real, status = run(line[2:])
            kept = [
                text
                for text in shown
                if text.strip() and text.strip() != OMITTED and not text.startswith("# exit status")
            ]
            stated = next(
                (int(text.split()[-1]) for text in shown if text.startswith("# exit status")), 0
            )
            if status == stated and set(kept) <= set(real):  # still true: keep its selection
                out.extend(shown)
                index = end
                continue
            if OMITTED in (text.strip() for text in shown) and len(real) > len(kept):
                real = real[: len(kept)] + [OMITTED]
            out.extend(real)
            if status:
                out.append(f"# exit status {status}")
        index = end
    return out


def main() -> int:
    os.chdir(ROOT)
    phtkg.output.rows.default_format = lambda stream=None: "table"
    for path in sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]:
        lines = path.read_text(encoding="utf-8").splitlines()
        new = refreshed(lines)
        if new != lines:
            path.write_text("\n".join(new) + "\n", encoding="utf-8")
            print(f"updated {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
