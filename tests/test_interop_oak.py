"""OAK (the Ontology Access Kit) reads phtkg's labels, definitions, synonyms and relations.

Every test runs the real ``runoak`` on the two shipped files, built from the tables into a
folder of the test run, and compares what it prints with what the tables say, term by
term. OAK pins versions that clash with the project's, so it lives in a venv of its own
(conftest's ``interop_tool``) and runs as a child process, with a ``sitecustomize`` that
refuses every network connection: the adapters used here read local files only.

OAK opens the files through three adapters. Each reads a different part of what the
files hold; ``ADAPTERS`` says what, and why the rest is missing, so that the tests expect
exactly what each one shows (a gap that OAK closes makes a test fail, and the docs then
need the new output). The commands of ``COMMANDS`` on ``TERM`` are those that
docs/interoperability.md shows.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from conftest import once_per_run

from phtkg import namespaces as ns
from phtkg import resources
from phtkg.build.builder import build_ontology
from phtkg.build.rules import told_ancestors
from phtkg.build.tables import (
    EDITORIAL,
    SUBCLASS_OF,
    Tables,
    load_tables,
    merged_relation_rows,
    read_synonyms,
    split_list,
)

pytestmark = pytest.mark.slow  # every test runs OAK in a child process (5 to 40 s a run)

#: Imported by each runoak child first: a connection anywhere but this machine fails.
OFFLINE_SITECUSTOMIZE = """
import socket

_connect = socket.socket.connect


def _local_only(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if host not in ("127.0.0.1", "::1", "localhost") and not isinstance(address, str):
        raise OSError(f"phtkg tests: no network for OAK ({address!r})")
    return _connect(self, address)


socket.socket.connect = _local_only
"""

#: The term of the documented commands: all four synonym types, several sources.
TERM = "UphillRunning"
#: A term with two parents, for the ancestors.
TWO_PARENTS = "DistanceRunning"
OIO = "oio:"  # how OAK writes the oboInOwl properties
SCOPE_PREDICATES = {
    "exact": "oio:hasExactSynonym",
    "broad": "oio:hasBroadSynonym",
    "narrow": "oio:hasNarrowSynonym",
    "related": "oio:hasRelatedSynonym",
}


@dataclass(frozen=True)
class Adapter:
    """How ``runoak`` opens one file, and what that adapter reads of it."""

    args: tuple[str, ...]
    #: pronto names a term that has no OBO-style IRI by its IRI; the others by pht: CURIEs.
    iri_ids: bool = False
    #: Synonym types the adapter does not read.
    unread_synonyms: frozenset[str] = frozenset()
    #: Whether the adapter shows a class's existential restrictions as relationships.
    restrictions: bool = True
    #: Whether it shows a reported quantity (an owl:hasValue restriction) as a relationship.
    quantities: bool = True
    #: Whether ``info -O obo`` works (and then whether it gives the definition's sources).
    obo: bool = True
    definition_xrefs: bool = False
    #: Whether ``aliases`` also lists the skos:altLabel of each synonym.
    alt_labels: bool = False

    def id(self, term: str) -> str:
        return ns.PHT + term if self.iri_ids else f"pht:{term}"

    def term(self, shown: str) -> str:
        """The terms.tsv id of an id OAK printed (or the printed id, if not a pht: term)."""
        for start in (ns.PHT, "pht:"):
            if shown.startswith(start):
                return shown[len(start) :]
        return shown


ADAPTERS = {
    # rdflib, the default for .ttl. It ignores the file's @prefix lines: pht: is given.
    # info -O obo does not work: OAK 0.7.4 gives its OBO writer no node types (so the
    # stanza is empty) and fails on skos:altLabel, which it takes for a synonym scope.
    "turtle": Adapter(
        ("--prefix", f"pht={ns.PHT}", "-i", "ontology/phtkg.ttl"),
        quantities=False,  # OAK 0.7.4's rdflib adapter reads someValuesFrom only
        obo=False,
        alt_labels=True,
    ),
    # py-horned-owl, the default for .owl; pht: comes from the RDF/XML's xmlns:pht (it
    # reads the Turtle too, as ``-i owl:ontology/phtkg.ttl``, with the same results).
    # OAK 0.7.4's py-horned-owl adapter reads exact, narrow and related synonyms only.
    "rdfxml": Adapter(("-i", "ontology/phtkg.owl"), unread_synonyms=frozenset({"broad"})),
    # pronto, the only adapter that shows a definition's sources. pronto reads a
    # restriction only when it is written inside its rdfs:subClassOf element; the
    # RDF/XML refers to each restriction by rdf:nodeID, so pronto shows the parents only.
    "rdfxml-pronto": Adapter(
        ("-i", "pronto:ontology/phtkg.owl"),
        iri_ids=True,
        restrictions=False,
        quantities=False,
        definition_xrefs=True,
    ),
}
OBO_ADAPTERS = [name for name, adapter in ADAPTERS.items() if adapter.obo]

#: The documented commands: what follows ``runoak`` and the adapter's arguments.
COMMANDS = {
    "labels": ("labels",),
    "definitions": ("definitions",),
    "aliases": ("aliases",),
    "ancestors": ("ancestors", "-p", "i"),
    "relationships": ("relationships",),
    "info": ("info", "-O", "obo"),
}


# ---- running OAK ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tables() -> Tables:
    return load_tables(resources.tables_dir())


#: Run in the child: each (adapter arguments, command, its arguments, output file) of a
#: JSON list through runoak's own click command, one after the other in one process, so that OAK is imported once (about 6 s).
BATCH = """
import json, sys
from oaklib.cli import main

for adapter, command, arguments, output in json.load(open(sys.argv[1])):
    try:
        main([*adapter, command, "-o", output, *arguments], standalone_mode=False)
    except SystemExit as stop:
        if stop.code not in (0, None):
            raise
"""


def planned(adapter: str, tables: Tables) -> list[tuple[str, ...]]:
    """Every runoak command the tests below give ``adapter``: they run in one batch."""
    spec = ADAPTERS[adapter]
    every = [spec.id(term) for term in term_ids(tables)]
    plan = [("labels", *every), ("definitions", ".all"), ("aliases", ".all")]
    plan += [(*COMMANDS[name], spec.id(TERM)) for name in ("labels", "definitions", "aliases")]
    plan += [(*COMMANDS["ancestors"], spec.id(term)) for term in (TERM, TWO_PARENTS)]
    if adapter == "turtle":
        asked = [TERM, "ProximalHamstringTendinopathy"]
        plan += [(*COMMANDS["relationships"], spec.id(term)) for term in asked]
    else:
        plan.append((*COMMANDS["relationships"], ".all"))
    if spec.obo:
        plan.append((*COMMANDS["info"], spec.id(TERM)))
    if spec.definition_xrefs:
        plan.append(("info", "-O", "obo", ".all"))
    return plan


@pytest.fixture(scope="module")
def oak(interop_tool, tables, tmp_path_factory) -> Callable[..., str]:
    """``oak(adapter, *args)``: what ``runoak ADAPTER-ARGS ARGS`` prints, run in a folder
    whose ontology/ holds the files built from the tables. The commands of an adapter run
    in one child process, once per test run (the workers share the outputs)."""
    runoak = interop_tool("runoak")
    python = runoak.parent / "python"

    def build(root):
        build_ontology(resources.tables_dir(), root / "ontology")
        offline = root / "offline"
        offline.mkdir()
        (offline / "sitecustomize.py").write_text(OFFLINE_SITECUSTOMIZE, encoding="utf-8")

    root = once_per_run(tmp_path_factory, "oak-files", build)
    env = dict(os.environ, PYTHONPATH=str(root / "offline"), PYSTOW_HOME=str(root / "pystow"))
    outputs: dict[tuple[str, ...], str] = {}

    def batch(adapter: str):
        plan = planned(adapter, tables)

        def make(folder):
            jobs = []
            for number, (command, *arguments) in enumerate(plan):
                output = str(folder / f"{number}.tsv")
                jobs.append((ADAPTERS[adapter].args, command, arguments, output))
            (folder / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
            done = subprocess.run(
                [str(python), "-c", BATCH, str(folder / "jobs.json")],
                cwd=root,
                env=env,
                capture_output=True,
                text=True,
                timeout=900,
            )
            assert done.returncode == 0, f"runoak ({adapter}):\n{done.stderr[-3000:]}"

        folder = once_per_run(tmp_path_factory, f"oak-{adapter}", make)
        for number, args in enumerate(plan):
            outputs[(adapter, *args)] = (folder / f"{number}.tsv").read_text(encoding="utf-8")

    def run(adapter: str, *args: str) -> str:
        if (adapter, *args) not in outputs:
            batch(adapter)
        assert (adapter, *args) in outputs, f"add runoak {' '.join(args)} to planned()"
        return outputs[(adapter, *args)]

    return run


def rows(text: str) -> list[dict[str, str]]:
    """The rows of a table runoak printed (tab-separated, a header line first)."""
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


def stanza(text: str, term_id: str) -> dict[str, list[str]]:
    """The tags of the OBO stanza of ``term_id``: ``{"name": [...], "synonym": [...]}``."""
    tags: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("id: "):
            current = line[4:].strip()
        elif current == term_id and ": " in line:
            tag, _, value = line.partition(": ")
            tags.setdefault(tag, []).append(value)
    return tags


# ---- what the tables say ---------------------------------------------------------------------
def term_ids(tables: Tables) -> list[str]:
    return [row["id"] for row in tables.terms]


def row_of(tables: Tables, term: str):
    return next(row for row in tables.terms if row["id"] == term)


def label(tables: Tables, term: str) -> str:
    return row_of(tables, term)["label"]


def synonyms(tables: Tables, adapter: Adapter) -> set[tuple[str, str, str]]:
    """(term, OAK's predicate, text) of every synonym of the tables the adapter reads."""
    return {
        (row["id"], SCOPE_PREDICATES[synonym.type], synonym.text)
        for row in tables.terms
        for synonym in read_synonyms(row["synonyms"])
        if synonym.type not in adapter.unread_synonyms
    }


def relationships(tables: Tables, adapter: Adapter) -> set[tuple[str, str, str]]:
    """(term, predicate, object) of every relationship of a term the adapter shows."""
    found = {
        (row["id"], "rdfs:subClassOf", parent)
        for row in tables.terms
        for parent in split_list(row["parent"])
    }
    for (subject, relation, obj), _ in merged_relation_rows(tables).items():
        if relation == SUBCLASS_OF:
            found.add((subject, "rdfs:subClassOf", obj))
        elif adapter.restrictions:
            found.add((subject, f"pht:{relation}", obj))
    if adapter.quantities:
        for row in tables.measures:
            for about in split_list(row["about"]):
                found.add((about, "pht:hasReportedQuantity", row["id"]))
    return found


def cited_sections(tables: Tables, term: str) -> list[str]:
    """The IRIs of the sections the definition of ``term`` cites."""
    row = row_of(tables, term)
    documents = {source["key"]: source["stem"] for source in tables.sources}
    return sorted(
        f"{ns.SOURCE}{documents[ref.partition('#')[0]]}/{ref.partition('#')[2]}"
        for ref in split_list(row["sources"])
        if ref != EDITORIAL
    )


# ---- labels, definitions, synonyms ---------------------------------------------------------
@pytest.mark.parametrize("adapter", ADAPTERS)
def test_labels_gives_the_label_of_every_term_by_its_id(oak, tables, adapter):
    spec = ADAPTERS[adapter]
    shown = rows(oak(adapter, "labels", *[spec.id(term) for term in term_ids(tables)]))
    assert {spec.term(row["id"]): row["label"] for row in shown} == {
        row["id"]: row["label"] for row in tables.terms
    }


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_definitions_gives_the_definition_of_every_term(oak, tables, adapter):
    shown = rows(oak(adapter, "definitions", ".all"))
    read = {ADAPTERS[adapter].term(row["id"]): row["definition"] for row in shown}
    expected = {row["id"]: row["definition"] for row in tables.terms}
    assert {term: read.get(term) for term in expected} == expected


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_aliases_gives_every_synonym_with_its_type(oak, tables, adapter):
    spec = ADAPTERS[adapter]
    shown = rows(oak(adapter, "aliases", ".all"))
    read = {(spec.term(row["curie"]), row["pred"], row["alias"]) for row in shown}
    terms = set(term_ids(tables))
    assert {entry for entry in read if entry[1].startswith(OIO)} == synonyms(tables, spec)
    labels = {(term, pred, alias) for term, pred, alias in read if pred == "rdfs:label"}
    assert {(row["id"], "rdfs:label", row["label"]) for row in tables.terms} <= labels
    alt_labels = {(t, p, a) for t, p, a in read if p == "skos:altLabel" and t in terms}
    every_synonym = synonyms(tables, Adapter(()))
    assert alt_labels == (
        {(term, "skos:altLabel", text) for term, _, text in every_synonym}
        if spec.alt_labels
        else set()
    )


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_the_documented_commands_give_the_terms_label_definition_and_synonyms(oak, tables, adapter):
    spec = ADAPTERS[adapter]
    row = row_of(tables, TERM)
    (label,) = rows(oak(adapter, *COMMANDS["labels"], spec.id(TERM)))
    assert (label["id"], label["label"]) == (spec.id(TERM), row["label"])
    (definition,) = rows(oak(adapter, *COMMANDS["definitions"], spec.id(TERM)))
    assert definition["definition"] == row["definition"]
    aliases = rows(oak(adapter, *COMMANDS["aliases"], spec.id(TERM)))
    read = {(alias["pred"], alias["alias"]) for alias in aliases if alias["pred"] != "rdfs:label"}
    expected = {(pred, text) for term, pred, text in synonyms(tables, spec) if term == TERM}
    if spec.alt_labels:
        expected |= {("skos:altLabel", s.text) for s in read_synonyms(row["synonyms"])}
    assert read == expected
    assert {s.type for s in read_synonyms(row["synonyms"])} == set(SCOPE_PREDICATES)


# ---- the hierarchy and the relations --------------------------------------------------------
@pytest.mark.parametrize("adapter", ADAPTERS)
@pytest.mark.parametrize("term", [TERM, TWO_PARENTS])
def test_ancestors_gives_the_told_parents_up_to_the_top_category(oak, tables, adapter, term):
    spec = ADAPTERS[adapter]
    shown = rows(oak(adapter, *COMMANDS["ancestors"], spec.id(term)))
    assert {spec.term(row["id"]) for row in shown} == told_ancestors(tables)[term]


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_relationships_gives_every_parent_and_relation_of_a_term(oak, tables, adapter):
    spec = ADAPTERS[adapter]
    terms = set(term_ids(tables))
    if adapter == "turtle":  # the rdflib adapter takes minutes over every term: two terms
        asked = [TERM, "ProximalHamstringTendinopathy"]
        shown = [
            row for t in asked for row in rows(oak(adapter, *COMMANDS["relationships"], spec.id(t)))
        ]
    else:
        asked = sorted(terms)
        shown = rows(oak(adapter, *COMMANDS["relationships"], ".all"))
    read = {
        (spec.term(row["subject"]), row["predicate"], spec.term(row["object"]))
        for row in shown
        if spec.term(row["subject"]) in asked
    }
    expected = {fact for fact in relationships(tables, spec) if fact[0] in asked}
    assert read == expected
    assert len(expected) >= len(asked)


# ---- OBO ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("adapter", OBO_ADAPTERS)
def test_info_as_obo_gives_the_terms_stanza(oak, tables, adapter):
    spec = ADAPTERS[adapter]
    row = row_of(tables, TERM)
    tags = stanza(oak(adapter, *COMMANDS["info"], spec.id(TERM)), spec.id(TERM))
    assert tags["name"] == [row["label"]]
    (definition,) = tags["def"]
    text, _, xrefs = definition.rpartition(" [")
    assert text == f'"{row["definition"]}"'
    assert sorted(xrefs.rstrip("]").split(", ")) == (  # in any order
        cited_sections(tables, TERM) if spec.definition_xrefs else [""]
    )
    assert sorted(tags["synonym"]) == sorted(
        f'"{text}" {pred.removeprefix("oio:has").removesuffix("Synonym").upper()} []'
        for term, pred, text in synonyms(tables, spec)
        if term == TERM
    )
    facts = {(p, o) for s, p, o in relationships(tables, spec) if s == TERM}
    assert sorted(tags["is_a"]) == sorted(
        f"{spec.id(o)} ! {label(tables, o)}" for p, o in facts if p == "rdfs:subClassOf"
    )
    assert sorted(tags.get("relationship", [])) == sorted(
        f"{p} {spec.id(o)} ! {label(tables, o)}" for p, o in facts if p != "rdfs:subClassOf"
    )


@pytest.mark.parametrize("adapter", [a for a in OBO_ADAPTERS if ADAPTERS[a].definition_xrefs])
def test_info_as_obo_cites_the_sections_of_every_definition(oak, tables, adapter):
    spec = ADAPTERS[adapter]
    text = oak(adapter, "info", "-O", "obo", ".all")
    cited = {}
    for term in term_ids(tables):
        (definition,) = stanza(text, spec.id(term))["def"]
        cited[term] = sorted(filter(None, definition.rpartition(" [")[2].rstrip("]").split(", ")))
    assert cited == {term: cited_sections(tables, term) for term in term_ids(tables)}
    assert sum(map(len, cited.values())) > len(cited)
