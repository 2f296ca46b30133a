"""The package is built in wings that import only downward (docs/architecture.md).

Each wing sits on a level; a module may import its own wing and the wings on lower
levels, never a wing on its own level or above. So the flow stays one way:
tables -> build -> ontology -> store -> answers -> output -> commands.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "phtkg"

#: The level of every wing, lowest first. A new wing must be placed here.
LEVELS = {
    "namespaces": 0,
    "resources": 0,
    "files": 0,
    "timeouts": 0,
    "sparql": 1,
    "evidence": 1,
    "serialization": 1,
    "store": 2,
    "build": 2,
    "lookups": 3,
    "reasoning": 3,
    "validation": 3,
    "cases": 4,
    "output": 5,
    "export": 6,
    "diagram": 6,
    "site": 7,
    "commands": 8,
    "cli": 9,
}


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p != PACKAGE / "__init__.py")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def wing(module: str) -> str:
    return module.split(".")[1]


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every phtkg import in ``path``, at any depth."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "phtkg":  # from phtkg import x: x is the wing
                found += [(node.lineno, f"phtkg.{alias.name}") for alias in node.names]
            elif target.startswith("phtkg."):
                found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("phtkg.")]
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_go_only_downward(path: Path) -> None:
    own = wing(module_name(path))
    assert own in LEVELS, f"{own} is not placed on a level in LEVELS"
    upward = [
        f"line {line}: {target}"
        for line, target in imported(path)
        if wing(target) != own and LEVELS[wing(target)] >= LEVELS[own]
    ]
    assert upward == [], f"{own} (level {LEVELS[own]}) imports a wing at its level or above"


def test_every_wing_is_a_package_or_a_base_module() -> None:
    for child in PACKAGE.iterdir():
        if child.name.startswith(("_", ".")) or child.suffix not in ("", ".py"):
            continue
        assert child.stem in LEVELS, f"{child.name} is not placed on a level"


def test_commands_never_reach_back_into_the_group() -> None:
    """No module imports phtkg.cli, reads an untyped ctx.obj or imports by name at run time."""
    for path in modules():
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(PACKAGE)
        assert not re.search(r"ctx\.obj(?! = AppContext\()", text), where
        assert all(target != "phtkg.cli" for _, target in imported(path)), where
        if path.name != "group.py":
            assert "import_module" not in text, where
