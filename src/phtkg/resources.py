"""Where the ontology and the named queries live, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[0]


def ontology_dir() -> Path:
    """The ontology folder: inside the wheel when installed, else the checkout's."""
    return _first_existing(_PACKAGE_DIR / "ontology", _PACKAGE_DIR.parent.parent / "ontology")


def queries_dir() -> Path:
    """The folder of bundled named SPARQL queries."""
    return _first_existing(_PACKAGE_DIR / "queries", _PACKAGE_DIR.parent.parent / "queries")


def ontology_turtle() -> Path:
    return ontology_dir() / "phtkg.ttl"


def ontology_rdfxml() -> Path:
    return ontology_dir() / "phtkg.owl"


def tables_dir() -> Path:
    return ontology_dir() / "src"
