"""Resolve what a user typed (a label, a synonym, a CURIE or an IRI) to ontology terms.

An exact, case-insensitive match on a label, synonym, CURIE or IRI wins; otherwise
every term whose label or synonym contains the text matches. The text is bound into
a named query as a literal, never pasted into SPARQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from phtkg import namespaces as ns
from phtkg.store.embedded import ontology_store
from phtkg.store.queries import run_query


class EmptyTerm(ValueError):
    """The user gave an empty or blank term."""

    def __init__(self) -> None:
        super().__init__("the term is empty; give a label, synonym, CURIE or IRI")


class TermNotFound(LookupError):
    """No term matches the text; ``suggestions`` holds close names, best first."""

    def __init__(self, text: str, suggestions: list[str]):
        self.text = text
        self.suggestions = suggestions
        hint = (
            f"; did you mean {', '.join(repr(s) for s in suggestions)}?"
            if suggestions
            else ("; try 'phtkg search' with part of a word")
        )
        super().__init__(f"no term matches {text!r}{hint}")


@dataclass(frozen=True)
class Match:
    """A term that the user's text matched, and the name it matched on."""

    iri: str
    label: str
    matched: str
    exact: bool

    @property
    def curie(self) -> str:
        return ns.compact_iri(self.iri)


def as_iri(text: str) -> str:
    """The text as a full IRI: a CURIE with a known prefix (any case) is expanded."""
    prefix, sep, local = text.partition(":")
    if sep and not local.startswith("//"):
        expanded = ns.expand_curie(f"{prefix.lower()}:{local}") or ns.expand_curie(
            f"{prefix.upper()}:{local}"
        )
        if expanded:
            return expanded
    return text


def find_matches(text: str, store=None) -> list[Match]:
    """Every term the text matches (exact matches only, if there are any); may be empty."""
    store = store if store is not None else ontology_store()
    needle = (text or "").strip()
    if not needle:
        raise EmptyTerm()
    rows = run_query("match-terms", store, needle=needle, iri=as_iri(needle))
    exact = [row for row in rows if row["exact"]]
    chosen: dict[str, Match] = {}
    for row in exact or rows:
        previous = chosen.get(row["term"])
        match = Match(row["term"], row["label"], row["matched"], bool(row["exact"]))
        if previous is None or _preference(match) < _preference(previous):
            chosen[row["term"]] = match
    return sorted(chosen.values(), key=lambda m: (m.label.lower(), m.iri))


def _preference(match: Match) -> tuple:
    """Prefer reporting a match on the label, then on the shortest synonym."""
    return (match.matched != match.label, len(match.matched), match.matched)


def suggest(text: str, store=None, limit: int = 3) -> list[str]:
    """Names (labels or synonyms) close to ``text``, best first."""
    names = {
        row["name"]
        for row in run_query("term-names", store if store is not None else ontology_store())
    }
    by_lower: dict[str, str] = {}
    for name in sorted(names):
        by_lower.setdefault(name.lower(), name)
    import difflib  # only when nothing matched

    close = difflib.get_close_matches(text.strip().lower(), list(by_lower), n=limit, cutoff=0.6)
    return [by_lower[name] for name in close]


def resolve(text: str, store=None) -> list[Match]:
    """The terms ``text`` names; raises TermNotFound (with suggestions) if there are none."""
    store = store if store is not None else ontology_store()
    matches = find_matches(text, store)
    if not matches:
        raise TermNotFound(text.strip(), suggest(text, store))
    return matches
