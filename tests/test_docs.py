"""Keep the documentation honest: every example in it still runs and still says the same.

Conventions in the Markdown files (docs/*.md and README.md):

- In a ```console block, a line ``$ phtkg …`` is a command; the lines after it, up to the
  next ``$`` line or the end of the block, are its output as a terminal shows it (stdout
  and stderr together, tables by default).
- A line ``…`` marks output left out.
- A line ``# exit status N`` gives the exit status when it is not 0.
- A ```python block followed by a paragraph "prints" and a ```text block is run, and
  what it prints must equal the text block.

Each command runs in-process with click's CliRunner from the repository root. It must
exit with the stated status (0 if none is stated), and every output line shown must
appear in the real output, so that a changed answer is caught. ``phtkg reason`` prints
its timing, so only its exit status is checked, and it is skipped without Java.
``phtkg build`` writes files: unless it runs with ``--check``, it writes to a temporary
folder instead of the one shown and only its exit status is checked.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

import phtkg.cli
import phtkg.output.rows

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
EXIT_STATUS = re.compile(r"^# exit status (\d+)\s*$")
OMITTED = "…"


@dataclass
class Example:
    path: Path
    line: int  # 1-based line of the "$ phtkg" command
    command: str
    output: list[str] = field(default_factory=list)
    exit_status: int = 0

    @property
    def args(self) -> list[str]:
        return shlex.split(self.command)[1:]

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: $ {self.command}"


def fenced_blocks(path: Path):
    """(info string, first content line number, lines) for each fenced block."""
    lines = path.read_text(encoding="utf-8").splitlines()
    info, start, body = None, 0, []
    for number, line in enumerate(lines, 1):
        if info is None and line.startswith("```"):
            info, start, body = line[3:].strip(), number + 1, []
        elif info is not None and line.startswith("```"):
            yield info, start, body
            info = None
        elif info is not None:
            body.append(line)


def console_examples(path: Path) -> list[Example]:
    examples: list[Example] = []
    for info, start, body in fenced_blocks(path):
        if info != "console":
            continue
        current = None
        for offset, line in enumerate(body):
            if line.startswith("$ "):
                command = line[2:].strip()
                current = (
                    Example(path, start + offset, command) if command.startswith("phtkg") else None
                )
                if current:
                    examples.append(current)
            elif current is not None:
                status = EXIT_STATUS.match(line)
                if status:
                    current.exit_status = int(status.group(1))
                elif line.strip() and line.strip() != OMITTED:
                    current.output.append(line.rstrip())
    return examples


def python_examples(path: Path) -> list[tuple[str, int, str, str]]:
    """(id, line, code, expected output) for python blocks followed by a text block."""
    blocks = list(fenced_blocks(path))
    found = []
    for (info, start, body), (next_info, _, next_body) in zip(blocks, blocks[1:]):
        if info == "python" and next_info == "text":
            found.append(
                (f"{path.relative_to(ROOT)}:{start}", start, "\n".join(body), "\n".join(next_body))
            )
    return found


EXAMPLES = [example for path in DOCS for example in console_examples(path)]
PYTHON = [example for path in DOCS for example in python_examples(path)]


def java_available() -> bool:
    try:
        from phtkg.reasoning.reason import find_java
    except ImportError:
        return False
    return find_java()[0] is not None


@pytest.fixture
def in_root(monkeypatch):
    """Run from the repository root, with lookups printing tables as on a terminal."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(phtkg.output.rows, "default_format", lambda stream=None: "table")
    for name in ("PHTKG_ONTOLOGY", "PHTKG_ENDPOINT", "PHTKG_GRAPH"):
        monkeypatch.delenv(name, raising=False)


def _redirect_build(args: list[str], folder: Path) -> list[str]:
    """The build arguments with --output pointing to ``folder``."""
    if "--output" in args:
        where = args.index("--output") + 1
        return args[:where] + [str(folder)] + args[where + 1 :]
    return args + ["--output", str(folder)]


def test_the_docs_have_examples():
    commands = {example.args[0] for example in EXAMPLES if example.args}
    assert {
        "aggravates",
        "aggravated-by",
        "list",
        "describe",
        "search",
        "build",
        "reason",
    } <= commands
    assert any(example.exit_status for example in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_console_example(example: Example, in_root, tmp_path):
    args = example.args
    check_output = True
    if "reason" in args:
        if not java_available():
            pytest.skip("phtkg reason needs Java")
        check_output = False  # the output gives the time taken
    if "build" in args and "--check" not in args:
        args = _redirect_build(args, tmp_path / "build")
        check_output = False  # the output names the folder written to

    result = CliRunner().invoke(phtkg.cli.main, args, prog_name="phtkg")

    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{example} raised {result.exception!r}\n{result.output}"
    )
    assert result.exit_code == example.exit_status, (
        f"{example}: exit status {result.exit_code}, the doc says {example.exit_status}"
        f"\n{result.output}"
    )
    if check_output:
        real = {line.rstrip() for line in result.output.splitlines()}
        missing = [line for line in example.output if line not in real]
        assert not missing, (
            f"{example}: the doc shows lines the command no longer prints:\n"
            + "\n".join(missing[:5])
            + f"\n--- real output ---\n{result.output}"
        )


@pytest.mark.parametrize("name, line, code, expected", PYTHON, ids=[p[0] for p in PYTHON])
def test_python_example(name, line, code, expected, in_root):
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile("\n" * (line - 1) + code, name, "exec"), {"__name__": "__doc_example__"})
    assert printed.getvalue().rstrip("\n") == expected.rstrip("\n"), name


def test_named_queries_are_all_listed_with_their_titles():
    from phtkg.store.queries import load_query, query_names

    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `([\w-]+)` \| ([^|]+?) \|", text, re.M))
    for name in query_names():
        assert name in listed, f"queries/{name}.rq is not listed in docs/commands.md"
        assert listed[name] == load_query(name).title, f"the title of {name} changed"
