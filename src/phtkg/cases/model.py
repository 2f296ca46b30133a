"""Read a case file (YAML or Turtle) into a :class:`Case`: the terms it names, by role.

A case describes one patient or one rehabilitation plan with ontology terms: the
condition and stage of the tendon, symptoms and findings, current activities, planned
treatments and exercises, and what has been tried. Every value must name exactly one
term (by label, synonym, CURIE or IRI) of the kind its key expects, so that a typo is
an error with suggestions rather than a silently unchecked plan. See docs/cases.md.

Problems with the file raise :class:`CaseError` with a one-line message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from phtkg import namespaces as ns
from phtkg.store.queries import run_query

CASE_BASE = ns.PHT + "case/"
DEFAULT_CONDITION = "ProximalHamstringTendinopathy"


@dataclass(frozen=True)
class Role:
    """One key of a case file: the property that links the case to its values, and their kinds."""

    key: str
    prop: str
    categories: tuple[str, ...]
    what: str


ROLES = {
    role.key: role
    for role in (
        Role("condition", "hasCondition", ("Disorder",), "a condition"),
        Role("stage", "hasCondition", ("TendonStage",), "a stage of the tendon"),
        Role("symptoms", "presentsWith", ("ClinicalFeature",), "a symptom, sign or finding"),
        Role("findings", "presentsWith", ("ClinicalFeature",), "a symptom, sign or finding"),
        Role("activities", "performs", ("Activity",), "an activity"),
        Role("planned", "plans", ("Activity", "Intervention"), "a treatment, exercise or activity"),
        Role(
            "tried", "hasTried", ("Activity", "Intervention"), "a treatment, exercise or activity"
        ),
    )
}
TEXT_KEYS = ("name", "description")
#: Short names for the stages, as clinicians say them.
STAGES = {
    "reactive": "ReactiveTendinopathy",
    "disrepair": "TendonDisrepair",
    "degenerative": "DegenerativeTendinopathy",
    "settled": "SettledTendinopathy",
}
YAML_SUFFIXES = (".yaml", ".yml")
#: The limits of a YAML case file, so that a hostile one is refused in a moment: its size
#: (checked before it is parsed), how deep its lists and mappings nest, and how many
#: keys and values it holds (the vocabulary has a few hundred terms a case can name; a
#: longer plan repeats them, and a name given again is looked up and counted once). See
#: docs/cases.md.
MAX_CASE_BYTES = 1_000_000
MAX_CASE_DEPTH = 10
MAX_CASE_ENTRIES = 20_000


class CaseError(ValueError):
    """A case file that cannot be read or names something that is not a term; one line."""


@dataclass(frozen=True)
class CaseItem:
    """One value of a case: which role it plays and which term (class) it is an instance of."""

    role: str
    prop: str
    term: str  # the class IRI
    label: str
    written: str  # what the file says


@dataclass
class Case:
    iri: str
    name: str
    path: Path
    items: list[CaseItem] = field(default_factory=list)

    def add(self, item: CaseItem) -> None:
        """Add ``item``, unless the case already has its term in the same relation: a term
        given twice (or under two of its names) says nothing more, and would only add
        probes to the check."""
        if (item.prop, item.term) not in {(had.prop, had.term) for had in self.items}:
            self.items.append(item)

    def item_iri(self, index: int) -> str:
        return f"{self.iri}/{self.items[index].role}-{index + 1}"

    def by_prop(self, prop: str) -> list[int]:
        return [i for i, item in enumerate(self.items) if item.prop == prop]


# ---------------------------------------------------------------------------------------
# Terms


class TermIndex:
    """Which terms belong to which top category, and their labels, from the ontology store."""

    def __init__(self, store=None):
        from phtkg.store.embedded import ontology_store

        self.store = store if store is not None else ontology_store()
        self.members: dict[str, set[str]] = {}
        self.labels: dict[str, str] = {}
        self._resolved: dict[tuple[str, str], CaseItem] = {}
        for category in sorted(self._categories()):
            iri = ns.PHT + category
            for row in run_query("case-terms", self.store, category=iri):
                self.members.setdefault(iri, set()).add(row["term"])
                if row["label"] is not None:
                    self.labels[row["term"]] = row["label"]

    @staticmethod
    def _categories() -> set[str]:
        return {c for role in ROLES.values() for c in role.categories}

    def allowed(self, role: Role) -> set[str]:
        return set().union(*(self.members.get(ns.PHT + c, set()) for c in role.categories))

    def resolve(self, role: Role, text, where: str) -> CaseItem:
        """The one term of the right kind that ``text`` names exactly, or a CaseError.

        A name the case gives again (a plan that lists a session per week) is looked up
        once.
        """
        if not isinstance(text, str):
            raise CaseError(f"{where}: expected a term name, got {_shown(text)}")
        key = (role.key, text.strip())
        if key not in self._resolved:
            self._resolved[key] = self._look_up(role, text.strip(), where)
        return self._resolved[key]

    def _look_up(self, role: Role, written: str, where: str) -> CaseItem:
        from phtkg.lookups.terms import EmptyTerm, find_matches, suggest

        if role.key == "stage" and written.lower() in STAGES:
            term = ns.PHT + STAGES[written.lower()]
            return CaseItem(role.key, role.prop, term, self.labels.get(term, written), written)
        try:
            matches = find_matches(written, self.store)
        except EmptyTerm:
            raise CaseError(f"{where}: empty value; give a label, synonym or CURIE") from None
        allowed = self.allowed(role)
        fitting = [m for m in matches if m.iri in allowed]
        exact = [m for m in fitting if m.exact]
        if len(exact) == 1:
            return CaseItem(role.key, role.prop, exact[0].iri, exact[0].label, written)
        if len(exact) > 1:
            names = ", ".join(f"{m.label!r} ({m.curie})" for m in exact[:5])
            raise CaseError(f"{where}: {written!r} is ambiguous: {names}; write one of them")
        wrong_kind = [m for m in matches if m.exact and m.iri not in allowed]
        if wrong_kind:
            raise CaseError(f"{where}: {wrong_kind[0].label!r} is not {role.what}")
        close = [m.label for m in fitting][:3] or [
            name
            for name in suggest(written, self.store, limit=6)
            if any(m.iri in allowed for m in find_matches(name, self.store))
        ][:3]
        hint = (
            f"; did you mean {', '.join(repr(name) for name in close)}?"
            if close
            else "; try 'phtkg search' with part of a word"
        )
        raise CaseError(f"{where}: no term matches {written!r}{hint}")


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# ---------------------------------------------------------------------------------------
# Files


def load_case(path, index: TermIndex | None = None) -> Case:
    """Read a YAML or RDF case file into a Case; raise CaseError with one line.

    The file is read (and refused if it is no regular file) before the ontology's terms
    are gathered, so a bad file is told at once.
    """
    path = Path(path)
    if path.suffix.lower() in YAML_SUFFIXES:
        data = _read_yaml(path)
        return _case_from_yaml(path, data, index or TermIndex())
    graph = _read_rdf(path)
    return _case_from_rdf(path, graph, index or TermIndex())


def _read_yaml(path: Path):
    """The YAML document of a case file, from a regular file only, within the limits."""
    import yaml

    from phtkg.store.safe_rdf import InputTooLarge, RdfFileError, read_regular_file

    try:
        text = read_regular_file(path, MAX_CASE_BYTES).decode("utf-8")
        _check_shape(path, text)
        return yaml.load(text, Loader=_safe_loader())
    except InputTooLarge as exc:
        raise CaseError(
            f"{path}: refused: {exc.size:,} bytes; a case file may have at most "
            f"{MAX_CASE_BYTES:,} (see docs/cases.md)"
        ) from None
    except RdfFileError as exc:
        raise CaseError(str(exc)) from None
    except UnicodeDecodeError:
        raise CaseError(f"{path}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        exc = _pure_python_error(text) or exc  # its words say more than libyaml's
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "cannot parse"
        raise CaseError(f"{path}: not valid YAML{line}: {problem}") from None


def _safe_loader():
    """PyYAML's safe loader, in C (libyaml) where PyYAML was built with it: it reads the
    same documents about twenty times faster, which a plan of thousands of entries feels.
    A document it refuses is read again by the Python loader, whose message is reported."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _pure_python_error(text: str):
    """The error PyYAML's Python parser gives for ``text`` (None if it reads it)."""
    import yaml

    try:
        for _ in yaml.parse(text, Loader=yaml.SafeLoader):
            pass
        yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        return exc
    return None


def _check_shape(path: Path, text: str) -> None:
    """Refuse nesting deeper than MAX_CASE_DEPTH or more than MAX_CASE_ENTRIES entries.

    Read from the parser's events, which come one at a time: building the document
    first would recurse once per level and fail on a deep file with a RecursionError.
    """
    import yaml

    depth = entries = 0
    for event in yaml.parse(text, Loader=_safe_loader()):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_CASE_DEPTH:
                raise CaseError(
                    f"{path}: refused at line {event.start_mark.line + 1}: lists and "
                    f"mappings nested more than {MAX_CASE_DEPTH} deep; a case needs two "
                    "(see docs/cases.md)"
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
            entries += 1
            if entries > MAX_CASE_ENTRIES:
                raise CaseError(
                    f"{path}: refused at line {event.start_mark.line + 1}: more than "
                    f"{MAX_CASE_ENTRIES:,} keys and values; a case names at most a few "
                    "hundred terms (see docs/cases.md)"
                )


def _read_rdf(path: Path):
    """The graph of an RDF case file, read as every RDF input is (phtkg.store.safe_rdf)."""
    from phtkg.reasoning.reason import InputError, load_graph

    try:
        return load_graph([path])
    except InputError as exc:
        raise CaseError(str(exc)) from None


def _case_from_yaml(path: Path, data, index: TermIndex) -> Case:
    if not isinstance(data, dict):
        raise CaseError(f"{path}: expected a mapping of keys such as stage, symptoms, planned")
    unknown = [str(key) for key in data if key not in ROLES and key not in TEXT_KEYS]
    if unknown:
        known = ", ".join([*ROLES, *TEXT_KEYS])
        raise CaseError(f"{path}: unknown key {unknown[0]!r} (known keys: {known})")
    name = str(data.get("name") or path.stem)
    case = Case(CASE_BASE + _slug(path.stem), name, path)
    if not data.get("condition"):
        data = {"condition": DEFAULT_CONDITION, **data}
    for key, role in ROLES.items():
        values = data.get(key)
        if values is None:
            continue
        values = values if isinstance(values, list) else [values]
        for number, value in enumerate(values, 1):
            where = f"{path}: {key}" + (f"[{number}]" if len(values) > 1 else "")
            if key == "condition" and value == DEFAULT_CONDITION:
                value = f"pht:{DEFAULT_CONDITION}"
            case.add(index.resolve(role, value, where))
    return case


def _case_from_rdf(path: Path, graph, index: TermIndex) -> Case:
    """A Turtle (or other RDF) file with one pht:CaseRecord and its links to typed values."""
    from rdflib import RDF, URIRef

    records = sorted(set(graph.subjects(RDF.type, URIRef(ns.PHT + "CaseRecord"))), key=str)
    if len(records) != 1:
        raise CaseError(f"{path}: expected one pht:CaseRecord, found {len(records)}")
    record = records[0]
    label = graph.value(record, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
    iri = str(record) if isinstance(record, URIRef) else CASE_BASE + _slug(path.stem)
    case = Case(iri, str(label) if label else path.stem, path)
    roles_by_prop: dict[str, list[Role]] = {}
    for role in ROLES.values():
        roles_by_prop.setdefault(role.prop, []).append(role)
    for prop, roles in roles_by_prop.items():
        for value in sorted(graph.objects(record, URIRef(ns.PHT + prop)), key=str):
            where = f"{path}: pht:{prop} {_short(value)}"
            case.add(_rdf_item(graph, value, roles, index, where))
    if not case.by_prop("hasCondition"):
        case.items.insert(
            0, index.resolve(ROLES["condition"], f"pht:{DEFAULT_CONDITION}", f"{path}: condition")
        )
    return case


def _rdf_item(graph, value, roles: list[Role], index: TermIndex, where: str) -> CaseItem:
    """The term a linked value stands for: its one pht: type, or the value itself if a term."""
    from rdflib import RDF, URIRef

    candidates = [str(t) for t in graph.objects(value, RDF.type) if str(t).startswith(ns.PHT)]
    if not candidates and isinstance(value, URIRef):
        candidates = [str(value)]
    if len(candidates) != 1:
        raise CaseError(f"{where}: give the value exactly one pht: type (found {len(candidates)})")
    for role in roles:
        if candidates[0] in index.allowed(role):
            term = candidates[0]
            return CaseItem(
                role.key, role.prop, term, index.labels.get(term, term), ns.compact_iri(term)
            )
    return index.resolve(roles[0], ns.compact_iri(candidates[0]), where)  # says what is wrong


def _short(node) -> str:
    from rdflib import URIRef

    return ns.compact_iri(str(node)) if isinstance(node, URIRef) else "[]"


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text) or "case"
