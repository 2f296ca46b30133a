"""The lookups behind the command line, as a Python API for notebooks and scripts.

Each lookup runs named queries from ``queries/`` and returns plain rows (dicts) that
always carry ``id`` (a CURIE), ``label`` and ``sources`` (the file stems of the
documents that state the row); rows of facts also say how the fact is known
(``evidence``: "stated", "inferred by phtkg", "standard anatomy"). Pass ``store=`` to query another graph than the
bundled ontology, for example one loaded with :func:`phtkg.store.embedded.load_turtle`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from phtkg import evidence
from phtkg import namespaces as ns
from phtkg.store.embedded import ontology_store
from phtkg.store.queries import run_query

from .facts import facts_about
from .terms import EmptyTerm, Match, resolve

DEFAULT_CONDITION = "pht:ProximalHamstringTendinopathy"

TermLike = str | Sequence[Match]


class UnknownCategory(ValueError):
    """The category name is not one of :data:`CATEGORIES`."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(f"unknown category {name!r}; choose one of: {', '.join(CATEGORIES)}")


@dataclass(frozen=True)
class Category:
    """How a ``phtkg list`` category is found in the graph."""

    iri: str
    description: str
    exclude: str = ns.OWL + "Nothing"
    relation: str = ""
    individuals: bool = False
    ordered: bool = False


def _pht(name: str) -> str:
    return ns.PHT + name


CATEGORIES: dict[str, Category] = {
    "anatomy": Category(_pht("AnatomicalEntity"), "bones, muscles, tendons, nerves, regions"),
    "symptoms": Category(
        _pht("ClinicalFeature"),
        "symptoms, signs and findings (not warning signs)",
        exclude=_pht("WarningSign"),
    ),
    "red-flags": Category(_pht("WarningSign"), "warning signs that need a clinician"),
    "risk-factors": Category(_pht("RiskFactor"), "risk factors"),
    "loads": Category(
        _pht("Activity"),
        "activities that aggravate something (own or inherited)",
        relation=_pht("aggravates"),
    ),
    "activities": Category(_pht("Activity"), "all activities, positions and load patterns"),
    "exercises": Category(_pht("Exercise"), "exercises"),
    "load-types": Category(_pht("LoadType"), "types of mechanical load"),
    "tests": Category(_pht("DiagnosticProcedure"), "clinical tests and imaging"),
    "differentials": Category(
        _pht("Disorder"),
        "disorders that are a differential diagnosis",
        relation=_pht("isDifferentialDiagnosisOf"),
    ),
    "disorders": Category(_pht("Disorder"), "the condition, differentials, injuries, diseases"),
    "treatments": Category(_pht("Intervention"), "treatments and clinical actions"),
    "stages": Category(_pht("TendonStage"), "stages of the tendon"),
    "phases": Category(_pht("RehabilitationPhase"), "rehabilitation phases in order", ordered=True),
    "populations": Category(_pht("Population"), "who gets it"),
    "mechanisms": Category(_pht("MechanismOrEffect"), "how risk factors harm and treatments help"),
    "considerations": Category(_pht("Consideration"), "limitations and reasons for caution"),
    "outcomes": Category(_pht("Outcome"), "prognosis and outcomes"),
    "measures": Category(
        _pht("Measure"), "reported quantities, one per document claim", individuals=True
    ),
    "disagreements": Category(
        _pht("Disagreement"), "points where the documents disagree", individuals=True
    ),
    "sources": Category(_pht("SourceDocument"), "the source documents", individuals=True),
}


# ---- helpers ----------------------------------------------------------------------
def _store(store):
    return store if store is not None else ontology_store()


def _matches(term, store) -> list[Match]:
    if isinstance(term, str) or term is None:
        if term is None or not term.strip():
            raise EmptyTerm()
        return resolve(term, store)
    return list(term)


def _split(joined) -> list[str]:
    """Split a ``|``-joined aggregate into a sorted list without blanks or repeats."""
    if not joined:
        return []
    return sorted({part for part in str(joined).split("|") if part})


def _curie(iri) -> str:
    return ns.compact_iri(iri) if iri else ""


def _sources(joined, *, editorial: bool = False) -> list[str]:
    """The file stems of a row; definitions the tables mark "editorial" have none annotated."""
    stems = _split(joined)
    return stems if stems or not editorial else [ns.EDITORIAL]


def _unique(rows: list[dict], *keys: str) -> list[dict]:
    seen, unique = set(), []
    for row in rows:
        key = tuple(str(row[k]) for k in keys)
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique


# ---- aggravating factors ------------------------------------------------------------
def _load_types(row: dict, sources_only: bool) -> str:
    """The factor's load types; one no document states is marked (or, sources only, left out)."""
    stated = set(_split(row["statedLoadTypes"]))
    inferred = evidence.BY_NAME["project"].mark
    shown = []
    for label in _split(row["loadTypes"]):
        if label in stated:
            shown.append(label)
        elif not sources_only:
            shown.append(f"{label} ({inferred})")
    return ", ".join(shown)


def _evidence(row: dict) -> tuple[str, ...]:
    """How the fact of a query row is known (its ?evidence and ?sources)."""
    return evidence.kinds_of(_split(row["evidence"]), cited=bool(row["sources"]))


def _fact_row(row: dict, sources_only: bool) -> dict:
    factor, asserter = row["factor"], row["asserter"]
    factor_label = row["factorLabel"] or _curie(factor)
    return {
        "id": _curie(factor),
        "label": factor_label,
        "factor": _curie(factor),
        "factor_label": factor_label,
        "target": _curie(row["target"]),
        "target_label": row["targetLabel"] or _curie(row["target"]),
        "load_type": _load_types(row, sources_only),
        "sources": _sources(row["sources"]),
        "evidence": evidence.marks(_evidence(row)),
        "inherited_from": "" if asserter == factor else (row["asserterLabel"] or _curie(asserter)),
    }


def _facts(
    query: str, parameter: str, matches: list[Match], store, sources_only: bool
) -> list[dict]:
    rows = [
        _fact_row(row, sources_only)
        for match in matches
        for row in run_query(query, store, **{parameter: match.iri})
        if not sources_only or evidence.stated(_evidence(row))
    ]
    rows = _unique(rows, "factor", "target", "inherited_from")
    return sorted(
        rows,
        key=lambda r: (r["label"].lower(), r["target_label"].lower(), r["inherited_from"].lower()),
    )


def aggravates(
    term: TermLike | None = None, *, store=None, sources_only: bool = False
) -> list[dict]:
    """What aggravates ``term`` (default: proximal hamstring tendinopathy) or its subtypes.

    Activities inherit the facts of their ancestors (``inherited_from`` names the
    ancestor that carries the asserted fact); ``load_type`` lists the activity's own
    and inherited load types; ``evidence`` says how the fact is known. With
    ``sources_only`` only what a document states is kept.
    """
    store = _store(store)
    matches = _matches(term or DEFAULT_CONDITION, store)
    return _facts("aggravates", "term", matches, store, sources_only)


def aggravated_by(term: TermLike, *, store=None, sources_only: bool = False) -> list[dict]:
    """What the activity ``term`` aggravates, and how.

    Includes facts inherited from the activity's ancestors and the facts asserted on its
    more specific kinds (its subclasses), whose rows name that subclass as ``factor``.
    With ``sources_only`` only what a document states is kept.
    """
    store = _store(store)
    return _facts("aggravated-by", "activity", _matches(term, store), store, sources_only)


def category_names() -> list[str]:
    return list(CATEGORIES)


def normalise_category(name: str) -> str:
    """The canonical category name for ``name`` (any case, ``_`` or ``-``); else UnknownCategory."""
    key = (name or "").strip().lower().replace("_", "-").replace(" ", "-")
    if key not in CATEGORIES:
        raise UnknownCategory(name)
    return key


def _category_rows(category: Category, store) -> list[dict]:
    if category.individuals:
        return run_query("list-individuals", store, category=category.iri)
    if category.relation:
        return run_query(
            "list-category-with-relation", store, category=category.iri, property=category.relation
        )
    return run_query("list-category", store, category=category.iri, exclude=category.exclude)


def _in_precedence_order(rows: list[dict], store) -> list[dict]:
    """Order phases along the pht:precedes chain; unordered ones by label."""
    by_iri = {row["term"]: row for row in rows}
    later: dict[str, set[str]] = {iri: set() for iri in by_iri}
    waiting = {iri: 0 for iri in by_iri}
    for pair in run_query("phase-order", store):
        earlier, after = pair["earlier"], pair["later"]
        if earlier in by_iri and after in by_iri and after not in later[earlier]:
            later[earlier].add(after)
            waiting[after] += 1

    def label_key(iri: str):
        return (by_iri[iri]["label"].lower(), iri)

    ready = sorted((iri for iri, count in waiting.items() if count == 0), key=label_key)
    ordered: list[str] = []
    while ready:
        current = ready.pop(0)
        ordered.append(current)
        for after in later[current]:
            waiting[after] -= 1
            if waiting[after] == 0:
                ready.append(after)
        ready.sort(key=label_key)
    ordered += sorted((iri for iri in by_iri if iri not in ordered), key=label_key)  # cycles
    return [by_iri[iri] for iri in ordered]


def list_category(name: str, *, store=None) -> list[dict]:
    """The terms of a category (see :data:`CATEGORIES`), by label; phases in their order."""
    store = _store(store)
    category = CATEGORIES[normalise_category(name)]
    rows = _category_rows(category, store)
    if category.ordered:
        rows = _in_precedence_order(rows, store)
    return [
        {
            "id": _curie(row["term"]),
            "label": row["label"],
            "parent": ", ".join(_split(row["parents"])),
            "definition": row["definition"] or "",
            "sources": _sources(row["sources"], editorial=bool(row["definition"])),
        }
        for row in rows
    ]


# ---- search -----------------------------------------------------------------------
def search(text: str, *, store=None) -> list[dict]:
    """Terms whose label or synonym contains ``text`` (ignoring case), one row per term."""
    if not text or not text.strip():
        raise EmptyTerm()
    store = _store(store)
    best: dict[str, dict] = {}
    for row in run_query("search", store, needle=text.strip()):
        previous = best.get(row["term"])
        on_label = row["matched"] == row["label"]
        if previous is None or (on_label and previous["matched"] != previous["label"]):
            best[row["term"]] = row
    return [
        {
            "id": _curie(row["term"]),
            "label": row["label"],
            "category": ", ".join(_split(row["categories"])),
            "matched": row["matched"],
            "sources": _sources(row["sources"], editorial=True),
        }
        for row in sorted(best.values(), key=lambda r: (r["label"].lower(), r["term"]))
    ]


# ---- describe ---------------------------------------------------------------------
def _relationship_rows(match: Match, store) -> list[dict]:
    subject = {"id": match.curie, "label": match.label}
    rows = []
    for fact in facts_about(store, match.iri):
        rows.append(
            {
                **subject,
                "relation": fact.relation_label,
                "direction": fact.direction,
                "other": _curie(fact.other),
                "other_label": fact.other_label,
                "sources": list(fact.sources),
                "evidence": evidence.marks(fact.evidence),
                "strength": " | ".join(fact.strength),
                "scope": fact.scope,
                "inherited_from": fact.inherited_from,
                "disagreements": [_curie(d) for d in fact.disagreements],
                "note": fact.note,
            }
        )
    for row in run_query("describe-mentions", store, term=match.iri):
        rows.append(
            {
                **subject,
                "relation": "about term",
                "direction": "in",
                "other": _curie(row["other"]),
                "other_label": row["otherLabel"] or _curie(row["other"]),
                "sources": _sources(row["sources"]),
                "evidence": evidence.DOCUMENT.mark,
                "strength": "",
                "scope": "",
                "inherited_from": "",
                "disagreements": [],
                "note": "",
            }
        )
    return rows


def _relation_label(prop: str, label) -> str:
    if prop == ns.RDF + "type":
        return "is of type"
    if prop == ns.RDFS + "subClassOf":
        return "is a kind of"
    return label or _curie(prop)


def _describe_one(match: Match, store) -> dict:
    found = run_query("describe-term", store, term=match.iri)
    head = (
        found[0]
        if found
        else {
            "label": match.label,
            "definition": None,
            "isClass": False,
            "categories": None,
            "sources": None,
        }
    )
    term_sources = _sources(head["sources"], editorial=bool(head["definition"]))
    hierarchy = run_query("describe-hierarchy", store, term=match.iri)

    def linked(direction: str) -> list[dict]:
        return [
            {
                "id": _curie(row["other"]),
                "label": row["otherLabel"] or _curie(row["other"]),
                "sources": _sources(row["sources"], editorial=True),
            }
            for row in hierarchy
            if row["direction"] == direction
        ]

    values = [
        {
            "property": _curie(row["property"]),
            "property_label": row["propertyLabel"] or _curie(row["property"]),
            "value": _curie(row["value"]) if row["valueLabel"] else row["value"],
            "value_label": row["valueLabel"] or "",
            "sources": _sources(row["sources"]) or term_sources,
        }
        for row in run_query("describe-values", store, term=match.iri)
    ]

    claims = [
        {
            "subject": _curie(row["subject"]),
            "subject_label": row["subjectLabel"] or _curie(row["subject"]),
            "relation": _relation_label(row["property"], row["relationLabel"]),
            "object": _curie(row["object"]),
            "object_label": row["objectLabel"] or _curie(row["object"]),
            "stated_value": row["stated"] or "",
            "sources": _sources(row["sources"]),
            "note": row["notes"] or "",
        }
        for row in run_query("describe-claims", store, term=match.iri)
    ]
    sides = [
        {
            "id": _curie(row["claim"]),
            "label": row["label"] or _curie(row["claim"]),
            "claim": row["claimText"] or "",
            "sections": _split(row["sections"]),
            "correction": row["correction"] or "",
            "sources": _sources(row["source"]),
        }
        for row in run_query("describe-sides", store, term=match.iri)
    ]

    return {
        "id": match.curie,
        "iri": match.iri,
        "label": head["label"],
        "kind": "class" if head["isClass"] else "individual",
        "category": ", ".join(_split(head["categories"])),
        "definition": head["definition"] or "",
        "sources": term_sources,
        "synonyms": [
            row["synonym"] for row in run_query("describe-synonyms", store, term=match.iri)
        ],
        "xrefs": [
            {"relation": _curie(row["predicate"]), "id": _curie(row["xref"]), "iri": row["xref"]}
            for row in run_query("describe-xrefs", store, term=match.iri)
        ],
        "parents": linked("parent"),
        "children": linked("child"),
        "types": linked("type"),
        "values": values,
        "relationships": _relationship_rows(match, store),
        "claims": claims,
        "sides": sides,
    }


def describe(term: TermLike, *, store=None, sources_only: bool = False) -> list[dict]:
    """Everything the graph says about each term ``term`` matches, one dict per term.

    ``relationships`` holds the class-level facts in both directions (outgoing ones
    include those inherited from ancestors), each with its ``evidence``; ``values`` the
    values of an individual; ``claims`` the graph's statements on each side of a
    disagreement and ``sides`` each document's claim on it, in its words. With
    ``sources_only`` the relationships keep only what a document states.
    """
    store = _store(store)
    descriptions = [_describe_one(match, store) for match in _matches(term, store)]
    if sources_only:
        stated = evidence.DOCUMENT.mark
        for description in descriptions:
            description["relationships"] = [
                row for row in description["relationships"] if row["evidence"] == stated
            ]
    return descriptions
