"""Keep the documentation honest: every example in it still runs and still says the same.

Conventions in the Markdown files (docs/*.md and README.md):

- In a ```console block, a line ``$ phtkg …`` is a command; the lines after it, up to the
  next ``$`` line or the end of the block, are its output as a terminal shows it (stdout
  and stderr together, tables by default).
- A line ``…`` marks output left out.
- A line ``# exit status N`` gives the exit status when it is not 0.
- A ```python block followed by a paragraph "prints" and a ```text block is run, and
  what it prints must equal the text block.

Each command runs in-process with click's CliRunner from the repository root, once for
all the places that show it. It must exit with the stated status (0 if none is stated),
and every output line shown must appear in the real output, so that a changed answer is
caught. ``phtkg reason`` prints its timing, so only its exit status is checked, and it is
skipped without Java. ``phtkg build`` writes files: unless it runs with ``--check``, it
writes to a temporary folder instead of the one shown and only its exit status is
checked. A path under /tmp is replaced by one in pytest's temporary folder, and put back
in the output before it is compared. ``phtkg site -o DIR`` is not run again: the site
every site test reads (conftest's ``bundled_site``) was built by that same command. The
commands that run Java run in a child process (conftest's ``phtkg_run``), once for the
tests here, in test_check.py and in test_golden.py that ask for the same command.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest

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


def builds_the_site(example: Example) -> bool:
    return example.args[:1] == ["site"] and "-o" in example.args and example.exit_status == 0


def runs_java(example: Example) -> bool:
    """``reason`` with HermiT or Pellet, and ``check`` of a case it reads: Java reasons."""
    args = example.args
    if example.exit_status == 2 or args[:1] not in (["reason"], ["check"]):
        return False
    return "--reasoner" not in args or args[args.index("--reasoner") + 1] != "rl"


def works_the_whole_graph(example: Example) -> bool:
    """``build`` (the ontology from its tables) and ``validate`` of the bundled graph."""
    args = example.args
    files = [arg for arg in args[1:] if not arg.startswith("-") and "." in arg]
    return args[:1] == ["build"] or (args[:1] == ["validate"] and not files)


def runs() -> list:
    """One run per distinct command, checked against every place the docs show it.

    The same command in several docs (``phtkg reason``, ``phtkg site -o /tmp/phtkg-site``)
    gives the same answer, so it runs once. Examples that run Java, build the site or the
    ontology, or validate the bundled graph are slow.
    """
    by_command: dict[str, list[Example]] = {}
    for example in EXAMPLES:
        by_command.setdefault(example.command, []).append(example)
    params = []
    for same in by_command.values():
        more = f" (and {len(same) - 1} more)" if len(same) > 1 else ""
        slow = builds_the_site(same[0]) or runs_java(same[0]) or works_the_whole_graph(same[0])
        params.append(
            pytest.param(same, id=f"{same[0]}{more}", marks=[pytest.mark.slow] if slow else [])
        )
    return params


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


def _redirect_tmp(args: list[str], folder: Path) -> tuple[list[str], dict[str, str]]:
    """Paths under /tmp moved into ``folder``, so that runs at the same time do not meet;
    the moves, to put the documented paths back into the output."""
    moved = {}
    for arg in args:
        if arg.startswith("/tmp/"):
            moved[arg] = str(folder / Path(arg).name)
    return [moved.get(arg, arg) for arg in args], moved


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


@pytest.mark.parametrize("same", runs())
def test_console_example(same: list[Example], in_root, tmp_path, cli, request):
    example = same[0]
    args = example.args
    check_output = True
    if "reason" in args:
        if not java_available():
            pytest.skip("phtkg reason needs Java")
        check_output = False  # the output gives the time taken
    if "build" in args and "--check" not in args:
        args = _redirect_build(args, tmp_path / "build")
        check_output = False  # the output names the folder written to
    args, moved = _redirect_tmp(args, tmp_path)

    if builds_the_site(example):  # the site every test reads, built once for the run
        site = request.getfixturevalue("bundled_site")
        exit_code, exception, output = 0, None, site.stdout + site.stderr
        moved = {example.args[example.args.index("-o") + 1]: str(site.folder)}
    elif runs_java(example):  # in a child process, shared with the tests asking the same
        ran = request.getfixturevalue("phtkg_run")(*args)
        exit_code, exception = ran.exit, None
        output = (ran.stdout + ran.stderr).decode("utf-8", errors="replace")
    else:
        result = cli(*args)
        exit_code, exception, output = result.exit_code, result.exception, result.output
    for documented, real in moved.items():
        output = output.replace(real, documented)

    for example in same:
        assert exception is None or isinstance(exception, SystemExit), (
            f"{example} raised {exception!r}\n{output}"
        )
        assert exit_code == example.exit_status, (
            f"{example}: exit status {exit_code}, the doc says {example.exit_status}\n{output}"
        )
        if check_output:
            real = {line.rstrip() for line in output.splitlines()}
            missing = [line for line in example.output if line not in real]
            assert not missing, (
                f"{example}: the doc shows lines the command no longer prints:\n"
                + "\n".join(missing[:5])
                + f"\n--- real output ---\n{output}"
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
