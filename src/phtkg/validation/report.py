"""The quality report of ``phtkg validate``: named checks, each a SPARQL query with a level.

The checks follow ROBOT ``report`` and the OOPS! pitfall catalogue. Each one is a bundled
query ``queries/report-<id>.rq``, so it runs unchanged on any triple store, and this
module gives it its level. A query answers with the columns ``?subject`` (the term or
node at fault; unbound for a problem of the whole graph), ``?property``, ``?value`` and
``?note``, any of which may be left out. "Terms" are the classes and properties in the
project namespace: individuals (documents, citations, reported quantities) and external
IRIs are not terms.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from phtkg import namespaces

ERROR, WARN, INFO = "ERROR", "WARN", "INFO"
#: Levels from the most to the least severe.
LEVELS = (ERROR, WARN, INFO)


@dataclass(frozen=True)
class Check:
    id: str
    level: str
    description: str

    @property
    def query_name(self) -> str:
        return f"report-{self.id}"


@dataclass(frozen=True)
class Finding:
    """One problem: which check found it, at what level, and where."""

    level: str
    check: str
    subject: str = ""
    property: str = ""
    value: str = ""
    note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


#: Every report check. The levels use ROBOT's scale: a fault that misleads readers or
#: tools is an ERROR, a gap that weakens the ontology is a WARN, a matter of style or
#: convenience is an INFO; OOPS! importance (critical, important, minor) guided the
#: checks ROBOT does not have.
CHECKS = (
    Check("missing-label", ERROR, "a term has no rdfs:label"),
    Check("multiple-labels", ERROR, "a term has more than one rdfs:label in one language"),
    Check("duplicate-label", ERROR, "two terms have the same label (ignoring case)"),
    Check(
        "label-whitespace",
        WARN,
        "a label or synonym has leading, trailing, doubled or line-breaking white space",
    ),
    Check("missing-definition", WARN, "a term has no skos:definition"),
    Check(
        "multiple-definitions", ERROR, "a term has more than one skos:definition in one language"
    ),
    Check("missing-ontology-title", ERROR, "the ontology has no dcterms:title"),
    Check("missing-ontology-description", ERROR, "the ontology has no dcterms:description"),
    Check("missing-ontology-license", ERROR, "the ontology has no dcterms:license"),
    Check("missing-ontology-version-iri", WARN, "the ontology has no owl:versionIRI"),
    Check("undeclared-reference", WARN, "a project IRI is used but never declared"),
    Check("undeclared-property", WARN, "a predicate is used but not declared as a property"),
    Check("unconnected-class", WARN, "a class is connected to nothing else in the graph"),
    Check("unused-property", INFO, "neither a property nor its inverse is used anywhere"),
    Check("property-without-domain", WARN, "an object or data property has no rdfs:domain"),
    Check("property-without-range", WARN, "an object or data property has no rdfs:range"),
    Check(
        "multiple-domains-or-ranges",
        WARN,
        "a property has several rdfs:domain or rdfs:range statements (an intersection)",
    ),
    Check("missing-inverse", INFO, "an object property has no inverse and is not symmetric"),
    Check(
        "inverse-domain-range-mismatch",
        WARN,
        "a property's domain is not its inverse's range, or the reverse",
    ),
    Check("hierarchy-cycle", ERROR, "a class or property is its own ancestor"),
    Check(
        "naming-convention",
        INFO,
        "a class name is not UpperCamelCase or a property name is not lowerCamelCase",
    ),
    Check("synonym-clash", INFO, "a synonym of one term is a label or synonym of another"),
)

_IRI_IN_TEXT = re.compile(r"<?(https?://[^\s,<>\"]+)>?")


def level_rank(level: str) -> int:
    """0 for ERROR, 1 for WARN, 2 for INFO: smaller is more severe."""
    return LEVELS.index(level)


def describe_node(store, term, depth: int = 0) -> str:
    """A term as a reader can find it: a CURIE, a literal's text, or what a blank node is.

    Blank nodes have no name, so an axiom annotation is shown as the triple it annotates
    and a restriction or union as its class expression.
    """
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        return namespaces.compact_iri(term.value)
    if isinstance(term, pyoxigraph.Literal):
        return term.value
    if not isinstance(term, pyoxigraph.BlankNode) or depth > 2:
        return f"_:{getattr(term, 'value', term)}"

    def one(predicate: str):
        found = next(
            iter(store.quads_for_pattern(term, pyoxigraph.NamedNode(predicate), None)), None
        )
        return found.object if found is not None else None

    owl = namespaces.OWL
    source = one(owl + "annotatedSource")
    if source is not None:
        parts = [
            describe_node(store, node, depth + 1)
            for node in (source, one(owl + "annotatedProperty"), one(owl + "annotatedTarget"))
        ]
        return "axiom on " + " ".join(part for part in parts if part)
    on_property = one(owl + "onProperty")
    filler = one(owl + "someValuesFrom") or one(owl + "allValuesFrom")
    if on_property is not None and filler is not None:
        kind = "some" if one(owl + "someValuesFrom") is not None else "only"
        return (
            f"({describe_node(store, on_property, depth + 1)} {kind} "
            f"{describe_node(store, filler, depth + 1)})"
        )
    members = one(owl + "unionOf")
    if members is not None:
        names = [describe_node(store, member, depth + 1) for member in _list_items(store, members)]
        return "(" + " or ".join(names) + ")"
    return f"_:{term.value}"


def _list_items(store, head) -> list:
    import pyoxigraph

    first = pyoxigraph.NamedNode(namespaces.RDF + "first")
    rest = pyoxigraph.NamedNode(namespaces.RDF + "rest")
    items, seen = [], set()
    while isinstance(head, pyoxigraph.BlankNode) and head not in seen:
        seen.add(head)
        item = next(iter(store.quads_for_pattern(head, first, None)), None)
        if item is not None:
            items.append(item.object)
        following = next(iter(store.quads_for_pattern(head, rest, None)), None)
        head = following.object if following is not None else None
    return items


def compact_text(text: str) -> str:
    """``text`` with every IRI in it written as a CURIE where a known prefix allows."""
    return _IRI_IN_TEXT.sub(lambda match: namespaces.compact_iri(match.group(1)), text)


#: The checks whose value or note lists several terms, joined by GROUP_CONCAT: the check,
#: the field, the words before the list and its separator. SPARQL leaves the order of a
#: GROUP_CONCAT open (Oxigraph's follows its internal term ids, which differ from one
#: load to the next), so the list is sorted here and a report reads the same every run.
_LISTS = {
    "multiple-labels": ("value", "", " | "),
    "multiple-definitions": ("value", "", " | "),
    "duplicate-label": ("note", "also the label of ", ", "),
    "synonym-clash": ("note", "also names ", ", "),
}


def _in_order(check_id: str, field: str, text: str) -> str:
    """``text`` with its list of terms sorted, for the fields of :data:`_LISTS`."""
    listed = _LISTS.get(check_id)
    if listed is None or listed[0] != field or not text.startswith(listed[1]):
        return text
    _, words, separator = listed
    return words + separator.join(sorted(text[len(words) :].split(separator)))


def run_check(store, check: Check) -> list[Finding]:
    """Run one check's query on a pyoxigraph store (the union of its graphs)."""
    from phtkg.store.queries import load_query

    query = load_query(check.query_name)
    solutions = store.query(query.text, use_default_graph_as_union=True)
    findings = []
    for solution in solutions:

        def cell(name: str, solution=solution):
            try:
                return solution[name]
            except (KeyError, IndexError):
                return None

        note = cell("note")
        findings.append(
            Finding(
                level=check.level,
                check=check.id,
                subject=describe_node(store, cell("subject")),
                property=describe_node(store, cell("property")),
                value=_in_order(check.id, "value", describe_node(store, cell("value"))),
                note=_in_order(check.id, "note", compact_text(note.value))
                if note is not None
                else "",
            )
        )
    return findings


def run_report(store, checks=CHECKS) -> list[Finding]:
    """Every finding of the report checks on ``store``."""
    return [finding for check in checks for finding in run_check(store, check)]
