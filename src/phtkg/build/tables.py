"""Read the editable knowledge tables under ``ontology/src/`` and check them.

The tables are tab-separated, one row per term or per claim, so that a clinician can
edit them in a spreadsheet. This module only reads and cross-checks them; turning
them into OWL is the job of :mod:`phtkg.build.builder`.
"""

from __future__ import annotations

import csv
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from phtkg.namespaces import EDITORIAL

MATCH_KINDS = ("exact", "close", "broad", "narrow", "related")
#: The type of a synonym in terms.tsv, the scope OBO gives it: the same meaning as the
#: label, a wider one that includes the term, a narrower one (a kind or part of what the
#: term covers), or a meaning that overlaps or is associated without being either.
SYNONYM_TYPES = ("exact", "broad", "narrow", "related")
#: How a table row's claim is known, when its evidence cell is empty: a document states it.
DOCUMENT_EVIDENCE = "document"
#: How the bounds of a reported quantity are meant: "more than" its minimum (an open
#: lower bound), "at least" it, "up to" its maximum, or "about" (approximate).
BOUNDS = ("more-than", "at-least", "up-to", "about")
#: What advice of a strength is: for the measure, against it, or a caution (advice.tsv).
POLARITIES = ("for", "against", "caution")
#: Of whom a relations.tsv row is true: empty, every member of the subject class (its
#: subclasses inherit it); "class", the class as a whole (a plan's parts, who a condition
#: commonly affects, what most cases do), which its subclasses do not inherit.
SCOPES = ("", "class")
CLASS_SCOPE = "class"
#: Evidence kinds that only the reasoner gives; a table row cannot claim them.
REASONER_EVIDENCE = ("entailed",)
PROPERTY_COLUMNS = (
    "id",
    "kind",
    "label",
    "definition",
    "domain",
    "range",
    "inverse",
    "characteristics",
    "biolink_predicate",
)
_BIOLINK_CHOICE = re.compile(r"(biolink:\w+)(?:\s*\(([^()]*?)\s*->\s*([^()]*)\))?")


class TableError(ValueError):
    """A problem in a knowledge table, with the file and line it was found on."""


@dataclass(frozen=True)
class Row:
    """One row of a table, remembering where it came from for error messages."""

    file: str
    line: int
    values: dict

    def __getitem__(self, key: str) -> str:
        return (self.values.get(key) or "").strip()

    def where(self) -> str:
        return f"{self.file}:{self.line}"


def split_list(text: str, sep: str = ";") -> list[str]:
    """Split a multi-valued cell; empty parts are dropped."""
    return [part.strip() for part in text.split(sep) if part.strip()]


@dataclass(frozen=True)
class Synonym:
    """One synonym of a term and its type (one of ``SYNONYM_TYPES``)."""

    text: str
    type: str


def read_synonyms(cell: str) -> list[Synonym]:
    """The synonyms of a terms.tsv ``synonyms`` cell, each written ``type: text`` and
    separated by ``|``: ``exact: PHT | broad: hamstring tendinopathy``.

    The type is written beside the synonym, not in a column of its own, so that whoever
    adds a synonym decides its type in the same place. Raises ValueError on a synonym
    without a known type, or one given twice.
    """
    synonyms: list[Synonym] = []
    for part in split_list(cell, "|"):
        kind, colon, text = part.partition(":")
        kind, text = kind.strip(), text.strip()
        if not colon or not text:
            raise ValueError(
                f"synonym {part!r} has no type: write it as 'exact: {part}' "
                f"(one of {', '.join(SYNONYM_TYPES)})"
            )
        if kind not in SYNONYM_TYPES:
            raise ValueError(
                f"synonym type {kind!r} of {text!r} is not one of {', '.join(SYNONYM_TYPES)}"
            )
        if any(synonym.text == text for synonym in synonyms):
            raise ValueError(f"synonym {text!r} is given twice")
        synonyms.append(Synonym(text, kind))
    return synonyms


def read_table(path: Path, required: tuple[str, ...]) -> list[Row]:
    """Read a TSV file into rows, skipping blank lines and lines starting with '#'."""
    rows: list[Row] = []
    with path.open(encoding="utf-8", newline="") as handle:
        lines = handle.read().splitlines()
    data_lines = [
        (n, text)
        for n, text in enumerate(lines, start=1)
        if text.strip() and not text.lstrip().startswith("#")
    ]
    if not data_lines:
        raise TableError(f"{path.name}: the table is empty")
    header_line, header_text = data_lines[0]
    header = header_text.split("\t")
    missing = [column for column in required if column not in header]
    if missing:
        raise TableError(f"{path.name}:{header_line}: missing column(s) {', '.join(missing)}")
    for line_number, text in data_lines[1:]:
        cells = next(csv.reader([text], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) > len(header):
            raise TableError(
                f"{path.name}:{line_number}: {len(cells)} cells but the header has {len(header)}"
            )
        values = dict(zip(header, cells))
        rows.append(Row(path.name, line_number, values))
    return rows


@dataclass(frozen=True)
class BiolinkChoice:
    """One choice of a ``biolink_predicate`` cell: the predicate, for the edges whose subject
    and object fall under these top categories (None: under any)."""

    predicate: str
    subjects: frozenset[str] | None = None
    objects: frozenset[str] | None = None

    def fits(self, subject_category: str, object_category: str) -> bool:
        return (self.subjects is None or subject_category in self.subjects) and (
            self.objects is None or object_category in self.objects
        )


def biolink_choices(cell: str) -> list[BiolinkChoice]:
    """Read a ``biolink_predicate`` cell, the choices tried in order and separated by ``|``.

    Biolink restricts the ends of some predicates, so a choice can name the categories of
    subject and object it joins: ``biolink:ameliorates_condition (Intervention ->
    Disorder;ClinicalFeature) | biolink:affects``. Raises ValueError on a malformed cell.
    """
    choices = []
    for part in split_list(cell, "|"):
        match = _BIOLINK_CHOICE.fullmatch(part)
        if match is None:
            raise ValueError(
                f"{part!r} is not 'biolink:predicate' or 'biolink:predicate (Subjects -> Objects)'"
            )
        predicate, subjects, objects = match.groups()
        if subjects is None:
            choices.append(BiolinkChoice(predicate))
        else:
            choices.append(
                BiolinkChoice(
                    predicate, frozenset(split_list(subjects)), frozenset(split_list(objects))
                )
            )
    return choices


def biolink_predicates(folder: Path) -> dict[str, list[BiolinkChoice]]:
    """The Biolink predicate choices of each property of ``folder/properties.tsv`` that has any."""
    return {
        row["id"]: biolink_choices(row["biolink_predicate"])
        for row in read_table(folder / "properties.tsv", PROPERTY_COLUMNS)
        if row["biolink_predicate"]
    }


@dataclass
class Tables:
    """Every table of the knowledge base, read and cross-checked."""

    ontology: dict = field(default_factory=dict)
    sources: list[Row] = field(default_factory=list)
    sections: list[Row] = field(default_factory=list)
    properties: list[Row] = field(default_factory=list)
    terms: list[Row] = field(default_factory=list)
    relations: list[Row] = field(default_factory=list)
    measures: list[Row] = field(default_factory=list)
    disagreements: list[Row] = field(default_factory=list)
    claims: list[Row] = field(default_factory=list)
    xrefs: list[Row] = field(default_factory=list)
    evidence: list[Row] = field(default_factory=list)
    units: list[Row] = field(default_factory=list)
    advice: list[Row] = field(default_factory=list)

    @property
    def term_ids(self) -> set[str]:
        return {row["id"] for row in self.terms}

    @property
    def property_ids(self) -> set[str]:
        return {row["id"] for row in self.properties}

    @property
    def section_refs(self) -> set[str]:
        return {row["ref"] for row in self.sections}

    @property
    def evidence_kinds(self) -> dict[str, Row]:
        return {row["kind"]: row for row in self.evidence}

    @property
    def advice_relations(self) -> set[str]:
        """The relations whose rows give advice, and so name how firmly (advice.tsv)."""
        return {row["relation"] for row in self.advice}


def evidence_of(row: Row, column: str = "evidence") -> str:
    """The evidence kind of a row: ``evidence`` of relations.tsv, ``parent_evidence`` (of
    the parent link) of terms.tsv; an empty cell: stated by a document."""
    return row[column] or DOCUMENT_EVIDENCE


def merged_relation_rows(tables: Tables) -> OrderedDict[tuple[str, str, str], dict]:
    """relations.tsv rows keyed by (subject, relation, object): rows stating the same fact
    become one, their sources, notes, evidence and disagreement combined, in table order.

    ``refs`` are the sections of the rows a document states (cited); ``based_on`` the
    sections that the project's inferences and the anatomy rows start from (not cited);
    ``strengths`` how firmly the rows give their advice, where the relation is advice;
    ``scope`` is "class" for a fact about the class as a whole, which no subclass inherits.
    """
    merged: OrderedDict[tuple[str, str, str], dict] = OrderedDict()
    for row in tables.relations:
        entry = merged.setdefault(
            (row["subject"], row["relation"], row["object"]),
            {
                "refs": [],
                "based_on": [],
                "evidence": [],
                "notes": [],
                "strengths": [],
                "scope": row["scope"],
                "disagreement": "",
            },
        )
        kind = evidence_of(row)
        if kind not in entry["evidence"]:
            entry["evidence"].append(kind)
        refs = entry["refs"] if kind == DOCUMENT_EVIDENCE else entry["based_on"]
        for ref in split_list(row["sources"]):
            if ref not in refs:
                refs.append(ref)
        if row["note"] and row["note"] not in entry["notes"]:
            entry["notes"].append(row["note"])
        if row["strength"] and row["strength"] not in entry["strengths"]:
            entry["strengths"].append(row["strength"])
        entry["disagreement"] = entry["disagreement"] or row["disagreement"]
    return merged


def load_tables(folder: Path) -> Tables:
    """Read every table in ``folder`` and check that the tables agree with each other."""
    tables = Tables()
    tables.ontology = {
        row["key"]: row["value"] for row in read_table(folder / "ontology.tsv", ("key", "value"))
    }
    tables.sources = read_table(folder / "sources.tsv", ("key", "stem", "title"))
    tables.sections = read_table(folder / "sections.tsv", ("ref", "heading"))
    tables.properties = read_table(folder / "properties.tsv", PROPERTY_COLUMNS)
    tables.terms = read_table(
        folder / "terms.tsv", ("id", "parent", "label", "synonyms", "definition", "sources")
    )
    tables.relations = read_table(
        folder / "relations.tsv",
        (
            "subject",
            "relation",
            "object",
            "sources",
            "note",
            "disagreement",
            "evidence",
            "strength",
        ),
    )
    tables.measures = read_table(
        folder / "measures.tsv",
        (
            "id",
            "type",
            "about",
            "label",
            "min",
            "max",
            "unit",
            "stated",
            "sources",
            "note",
            "disagreement",
            "unit_id",
            "bounds",
        ),
    )
    tables.units = read_table(folder / "units.tsv", ("id", "label"))
    tables.disagreements = read_table(
        folder / "disagreements.tsv",
        ("id", "label", "about", "description", "resolution", "sources"),
    )
    tables.claims = read_table(
        folder / "claims.tsv",
        ("id", "disagreement", "sources", "claim", "subject", "relation", "object", "correction"),
    )
    tables.xrefs = read_table(folder / "xrefs.tsv", ("id", "xref", "match"))
    tables.evidence = read_table(
        folder / "evidence.tsv",
        ("kind", "eco", "eco_label", "knowledge_level", "agent_type", "mark", "description"),
    )
    tables.advice = read_table(
        folder / "advice.tsv", ("id", "relation", "polarity", "rank", "label", "definition")
    )
    check_tables(tables)
    return tables


#: A relations.tsv row with this relation states a classification with its own sources.
SUBCLASS_OF = "subClassOf"


def check_tables(tables: Tables) -> None:
    """Raise TableError on the first table row that refers to something undefined."""
    problems: list[str] = []
    source_keys = {row["key"] for row in tables.sources}
    for row in tables.sections:
        if row["ref"].partition("#")[0] not in source_keys:
            problems.append(f"{row.where()}: section {row['ref']!r} names an unknown document")

    ids: dict[str, str] = {}
    for table in (
        tables.properties,
        tables.terms,
        tables.measures,
        tables.disagreements,
        tables.claims,
        tables.advice,
    ):
        for row in table:
            identifier = row["id"]
            if not identifier:
                problems.append(f"{row.where()}: empty id")
            elif identifier in ids:
                problems.append(
                    f"{row.where()}: id {identifier!r} already defined at {ids[identifier]}"
                )
            else:
                ids[identifier] = row.where()

    terms = tables.term_ids
    properties = {row["id"]: row for row in tables.properties}
    sections = tables.section_refs
    disagreements = {row["id"] for row in tables.disagreements}
    evidence_kinds = tables.evidence_kinds
    units = {row["id"] for row in tables.units}
    if DOCUMENT_EVIDENCE not in evidence_kinds:
        problems.append(f"evidence.tsv: the kind {DOCUMENT_EVIDENCE!r} is missing")

    def check_sources(row: Row, column: str = "sources", allow_editorial: bool = False) -> None:
        refs = split_list(row[column])
        if not refs:
            problems.append(f"{row.where()}: no sources")
        for ref in refs:
            if ref == EDITORIAL and allow_editorial:
                continue
            if ref not in sections:
                problems.append(f"{row.where()}: unknown source section {ref!r} (see sections.tsv)")

    def check_term(row: Row, name: str, what: str) -> None:
        if name not in terms:
            problems.append(f"{row.where()}: {what} {name!r} is not a term in terms.tsv")

    top_categories = {row["id"] for row in tables.terms if not split_list(row["parent"])}

    def check_biolink_predicate(row: Row) -> None:
        if not row["biolink_predicate"]:
            return
        if row["kind"] != "object":
            problems.append(f"{row.where()}: only an object property has a biolink_predicate")
            return
        try:
            choices = biolink_choices(row["biolink_predicate"])
        except ValueError as error:
            problems.append(f"{row.where()}: biolink_predicate: {error}")
            return
        for choice in choices:
            for name in sorted((choice.subjects or set()) | (choice.objects or set())):
                if name not in top_categories:
                    problems.append(
                        f"{row.where()}: biolink_predicate: {name!r} is not a top category "
                        "(a term without a parent in terms.tsv)"
                    )

    for row in tables.properties:
        if row["kind"] not in ("object", "data", "annotation"):
            problems.append(f"{row.where()}: kind must be object, data or annotation")
        for name in split_list(row["domain"]) + (
            [] if row["kind"] == "data" else split_list(row["range"])
        ):
            check_term(row, name, "domain/range class")
        if row["inverse"] and row["inverse"] not in properties:
            problems.append(f"{row.where()}: inverse {row['inverse']!r} is not a property")
        check_biolink_predicate(row)

    def check_evidence(row: Row, column: str, note: str) -> None:
        kind = evidence_of(row, column)
        if kind not in evidence_kinds or kind in REASONER_EVIDENCE:
            allowed = ", ".join(k for k in evidence_kinds if k not in REASONER_EVIDENCE)
            problems.append(f"{row.where()}: {column} {kind!r} is not one of {allowed}")
        elif kind != DOCUMENT_EVIDENCE and not row[note]:
            problems.append(
                f"{row.where()}: {column} {kind!r} needs a {note} that gives the reason "
                "or reference"
            )

    for row in tables.terms:
        if row["parent"]:
            check_evidence(row, "parent_evidence", "parent_note")
        elif row["parent_evidence"]:
            problems.append(f"{row.where()}: parent_evidence without a parent")
        if not row["label"]:
            problems.append(f"{row.where()}: term {row['id']!r} has no label")
        if not row["definition"]:
            problems.append(f"{row.where()}: term {row['id']!r} has no definition")
        for parent in split_list(row["parent"]):
            check_term(row, parent, "parent")
        check_sources(row, allow_editorial=True)
        try:
            read_synonyms(row["synonyms"])
        except ValueError as error:
            problems.append(f"{row.where()}: {error}")

    strengths = {row["id"]: row for row in tables.advice}
    for row in tables.advice:
        prop = properties.get(row["relation"])
        if prop is None or prop["kind"] != "object":
            problems.append(
                f"{row.where()}: relation {row['relation']!r} is not an object property"
            )
        if row["polarity"] not in POLARITIES:
            problems.append(f"{row.where()}: polarity must be one of {', '.join(POLARITIES)}")
        if not row["rank"].isdigit():
            problems.append(f"{row.where()}: rank {row['rank']!r} is not a whole number")

    def check_strength(row: Row) -> None:
        """An advice row names how firmly its documents give it; no other row does."""
        advice = tables.advice_relations
        strength = strengths.get(row["strength"])
        if row["relation"] in advice and evidence_of(row) == DOCUMENT_EVIDENCE:
            choices = ", ".join(k for k, v in strengths.items() if v["relation"] == row["relation"])
            if strength is None or strength["relation"] != row["relation"]:
                problems.append(
                    f"{row.where()}: a {row['relation']} row names its strength ({choices})"
                )
        elif row["strength"]:
            problems.append(f"{row.where()}: strength is only for advice a document states")

    scopes: dict[tuple[str, str, str], tuple[str, str]] = {}
    for row in tables.relations:
        check_term(row, row["subject"], "subject")
        check_term(row, row["object"], "object")
        prop = properties.get(row["relation"])
        if row["relation"] == SUBCLASS_OF:
            pass
        elif prop is None or prop["kind"] != "object":
            problems.append(
                f"{row.where()}: relation {row['relation']!r} is not an object property"
            )
        check_sources(row)
        if row["disagreement"] and row["disagreement"] not in disagreements:
            problems.append(f"{row.where()}: unknown disagreement {row['disagreement']!r}")
        check_evidence(row, "evidence", "note")
        check_strength(row)
        if row["scope"] not in SCOPES:
            problems.append(f"{row.where()}: scope must be empty or {', '.join(SCOPES[1:])}")
        elif row["scope"] and row["relation"] == SUBCLASS_OF:
            problems.append(f"{row.where()}: a subClassOf row has no scope")
        fact = (row["subject"], row["relation"], row["object"])
        if scopes.setdefault(fact, (row["scope"], row.where()))[0] != row["scope"]:
            problems.append(f"{row.where()}: the same fact has another scope at {scopes[fact][1]}")

    for row in tables.measures:
        check_term(row, row["type"], "type")
        for name in split_list(row["about"]):
            check_term(row, name, "about")
        for column in ("min", "max"):
            if row[column]:
                try:
                    float(row[column])
                except ValueError:
                    problems.append(f"{row.where()}: {column} {row[column]!r} is not a number")
        check_sources(row)
        if row["disagreement"] and row["disagreement"] not in disagreements:
            problems.append(f"{row.where()}: unknown disagreement {row['disagreement']!r}")
        if row["unit_id"] and row["unit_id"] not in units:
            problems.append(f"{row.where()}: unit_id {row['unit_id']!r} is not in units.tsv")
        if row["bounds"] and row["bounds"] not in BOUNDS:
            problems.append(f"{row.where()}: bounds must be one of {', '.join(BOUNDS)}")
        if row["bounds"] in ("more-than", "at-least") and not row["min"]:
            problems.append(f"{row.where()}: bounds {row['bounds']!r} needs a min")
        if row["bounds"] == "up-to" and not row["max"]:
            problems.append(f"{row.where()}: bounds 'up-to' needs a max")

    for row in tables.disagreements:
        for name in split_list(row["about"]):
            check_term(row, name, "about")
        check_sources(row)

    for row in tables.claims:
        check_sources(row)
        documents = {ref.partition("#")[0] for ref in split_list(row["sources"])}
        if len(documents) > 1:
            problems.append(f"{row.where()}: a claim is one document's: {sorted(documents)}")
        if row["disagreement"] and row["disagreement"] not in disagreements:
            problems.append(f"{row.where()}: unknown disagreement {row['disagreement']!r}")
        if not row["disagreement"] and not row["correction"]:
            problems.append(f"{row.where()}: a claim is a side of a disagreement or corrected")
        if not row["claim"]:
            problems.append(f"{row.where()}: the claim has no text")
        statement = [row["subject"], row["relation"], row["object"]]
        if any(statement):
            if not all(statement):
                problems.append(f"{row.where()}: give subject, relation and object, or none")
            else:
                check_term(row, row["subject"], "subject")
                check_term(row, row["object"], "object")
                prop = properties.get(row["relation"])
                if prop is None or prop["kind"] != "object":
                    problems.append(
                        f"{row.where()}: relation {row['relation']!r} is not an object property"
                    )

    for row in tables.xrefs:
        check_term(row, row["id"], "term")
        if row["match"] not in MATCH_KINDS:
            problems.append(f"{row.where()}: match must be one of {', '.join(MATCH_KINDS)}")
        if ":" not in row["xref"]:
            problems.append(f"{row.where()}: cross-reference {row['xref']!r} is not a CURIE")

    if problems:
        shown = "\n".join(problems[:25])
        more = f"\n… and {len(problems) - 25} more" if len(problems) > 25 else ""
        raise TableError(shown + more)
