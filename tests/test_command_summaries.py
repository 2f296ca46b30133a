"""``phtkg --help`` lists the commands from static summaries; they must say what the commands say."""

from __future__ import annotations

import inspect

import pytest

from phtkg.commands.group import COMMANDS, load_command


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_summary_is_the_first_sentence_of_the_commands_help(name: str) -> None:
    command = load_command(name)
    first_paragraph = inspect.cleandoc(command.help or "").split("\n\n")[0]
    assert " ".join(first_paragraph.split()) == COMMANDS[name].summary
    assert command.name == name


def test_help_imports_no_command_module() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from click.testing import CliRunner; from phtkg.cli import main; "
        "r = CliRunner().invoke(main, ['--help']); "
        "print(r.exit_code, sorted(m for m in sys.modules if m.startswith('phtkg.commands.')"
        " and m.rsplit('.', 1)[1] not in ('context', 'errors', 'group', 'warmup')"
        " or m == 'phtkg.store.embedded'))"
    )  # warmup only reads the words of the command line, and --help starts no load
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0 []"
