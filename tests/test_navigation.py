"""ancestors, descendants, tree, paths and related on the bundled graph.

Every expected answer is worked out here from the triples of ``ontology/phtkg.ttl`` as
pyoxigraph's parser reads them (no store, none of phtkg's queries): the subclass links,
the existential restrictions and the facts of a class as a whole, the sources annotated
on their axioms, and breadth-first distances over them.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph
import pytest

from phtkg import namespaces as ns
from phtkg import resources

OWL, RDF, RDFS, PHT = ns.OWL, ns.RDF, ns.RDFS, ns.PHT
SUBCLASS_OF = RDFS + "subClassOf"
SOURCE = ns.DCTERMS + "source"


# ---- what the triples say ------------------------------------------------------------------
@dataclass
class Triples:
    """The bundled ontology's triples, and the class-level facts they state."""

    labels: dict[str, str] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    classes: set[str] = field(default_factory=set)
    parents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    children: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: (subject, property, object) of every fact, subclass links included; the value is
    #: the node the axiom annotations name as the target (the restriction, or the object).
    facts: dict[tuple[str, str, str], object] = field(default_factory=dict)
    #: (annotated source, property, target) -> file stems of the documents on the axiom.
    stems: dict[tuple[str, str, object], set[str]] = field(default_factory=dict)

    def neighbours(self, node: str) -> set[tuple[str, str, str]]:
        """(other, property, direction) of every fact with ``node`` at one end."""
        found = set()
        for subject, prop, obj in self.facts:
            if subject == obj:
                continue
            if subject == node:
                found.add((obj, prop, "out"))
            if obj == node:
                found.add((subject, prop, "in"))
        return found

    def distances(self, starts: set[str]) -> dict[str, int]:
        adjacent = defaultdict(set)
        for subject, _, obj in self.facts:
            if subject != obj:
                adjacent[subject].add(obj)
                adjacent[obj].add(subject)
        distance = dict.fromkeys(starts, 0)
        frontier = list(starts)
        while frontier:
            node = frontier.pop(0)
            for other in adjacent[node]:
                if other not in distance:
                    distance[other] = distance[node] + 1
                    frontier.append(other)
        return distance

    def fact_stems(self, subject: str, prop: str, obj: str) -> set[str]:
        target = self.facts[(subject, prop, obj)]
        annotated = prop if target == obj and prop != SUBCLASS_OF else SUBCLASS_OF
        return self.stems.get((subject, annotated, target), set())


def _value(term):
    return term.value if isinstance(term, pyoxigraph.NamedNode) else term


@cache
def triples() -> Triples:
    parsed = list(
        pyoxigraph.parse(path=str(resources.ontology_turtle()), format=pyoxigraph.RdfFormat.TURTLE)
    )
    out: dict[object, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for triple in parsed:
        out[triple.subject][triple.predicate.value].append(triple.object)
    t = Triples()
    for subject, props in out.items():
        if not isinstance(subject, pyoxigraph.NamedNode):
            continue
        iri = subject.value
        for label in props.get(RDFS + "label", []):
            t.labels[iri] = min(t.labels.get(iri, label.value), label.value)
        for kind in props.get(RDF + "type", []):
            t.types[iri].add(_value(kind))
    object_properties = {iri for iri, kinds in t.types.items() if OWL + "ObjectProperty" in kinds}
    t.classes = {iri for iri, kinds in t.types.items() if OWL + "Class" in kinds}
    for subject in t.classes:
        props = out[pyoxigraph.NamedNode(subject)]
        for above in props.get(SUBCLASS_OF, []):
            if isinstance(above, pyoxigraph.NamedNode) and above.value != subject:
                t.parents[subject].add(above.value)
                t.children[above.value].add(subject)
                t.facts[(subject, SUBCLASS_OF, above.value)] = above.value
            elif isinstance(above, pyoxigraph.BlankNode):
                restriction = out[above]
                for prop in restriction.get(OWL + "onProperty", []):
                    for some in restriction.get(OWL + "someValuesFrom", []):
                        if isinstance(some, pyoxigraph.NamedNode):
                            t.facts[(subject, prop.value, some.value)] = above
        for prop in object_properties & set(props):
            for obj in props[prop]:
                if isinstance(obj, pyoxigraph.NamedNode) and obj.value in t.classes:
                    t.facts.setdefault((subject, prop, obj.value), obj.value)
    file_stems = {
        subject: props[PHT + "fileStem"][0].value
        for subject, props in out.items()
        if PHT + "fileStem" in props
    }
    for props in out.values():
        if pyoxigraph.NamedNode(OWL + "Axiom") not in props.get(RDF + "type", []):
            continue
        key = (
            props[OWL + "annotatedSource"][0].value,
            props[OWL + "annotatedProperty"][0].value,
            _value(props[OWL + "annotatedTarget"][0]),
        )
        stems = {file_stems[d] for d in props.get(SOURCE, []) if d in file_stems}
        t.stems.setdefault(key, set()).update(stems)
    return t


def curie(iri: str) -> str:
    return ns.compact_iri(iri)


def iri(curie_text: str) -> str:
    return ns.expand_curie(curie_text) or curie_text


def walk(start: str, links: dict[str, set[str]]) -> dict[str, int]:
    """Breadth-first distances from ``start`` along ``links``, ``start`` left out."""
    distance, frontier = {start: 0}, [start]
    while frontier:
        node = frontier.pop(0)
        for other in links.get(node, ()):
            if other not in distance:
                distance[other] = distance[node] + 1
                frontier.append(other)
    del distance[start]
    return distance


def rows_of(cli, *args) -> list[dict]:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ---- ancestors and descendants -------------------------------------------------------------
@pytest.mark.parametrize(
    "term", ["pht:HeavySlowResistance", "pht:DiabetesRiskFactor", "pht:WedgeCushion"]
)
def test_ancestors_are_every_class_above_nearest_first(cli, term):
    t = triples()
    rows = rows_of(cli, "ancestors", term)
    expected = walk(iri(term), t.parents)
    assert expected, "the example has classes above it"
    assert {row["id"]: row["distance"] for row in rows} == {
        curie(c): d for c, d in expected.items()
    }
    assert [row["distance"] for row in rows] == sorted(row["distance"] for row in rows)


def test_the_ancestors_and_descendants_of_every_class(bundled_store):
    from phtkg.lookups import navigation
    from phtkg.lookups.terms import Match

    t = triples()
    for cls in sorted(t.classes):
        match = [Match(cls, t.labels.get(cls, cls), cls, True)]
        up = navigation.ancestors(match, bundled_store)
        assert {row["id"]: row["distance"] for row in up} == {
            curie(c): d for c, d in walk(cls, t.parents).items()
        }, cls
        down = navigation.descendants(match, bundled_store)
        assert {row["id"]: row["distance"] for row in down} == {
            curie(c): d for c, d in walk(cls, t.children).items()
        }, cls


def test_each_ancestor_names_the_class_below_it_and_that_links_sources(cli):
    t = triples()
    rows = rows_of(cli, "ancestors", "pht:GlutealWeakness")
    distance = {iri(row["id"]): row["distance"] for row in rows} | {PHT + "GlutealWeakness": 0}
    for row in rows:
        above = iri(row["id"])
        via = {iri(v) for v in row["via"]}
        assert via == {c for c in distance if distance[c] == row["distance"] - 1} & {
            c for c in t.children[above]
        }
        stems = set().union(*(t.fact_stems(c, SUBCLASS_OF, above) for c in via))
        assert row["sources"] == (sorted(stems) or [ns.EDITORIAL])


def test_an_individuals_ancestors_start_at_its_types(cli):
    t = triples()
    individual = PHT + "PainLimit001"
    rows = rows_of(cli, "ancestors", curie(individual))
    types = t.types[individual] & t.classes
    assert types
    assert {iri(row["id"]) for row in rows if row["distance"] == 1} == types
    above = set().union(*(set(walk(c, t.parents)) for c in types))
    assert {iri(row["id"]) for row in rows} == types | above


def test_a_class_at_the_top_has_no_ancestors(cli):
    result = cli("ancestors", "pht:Activity", "--format", "table")
    assert result.exit_code == 1
    assert one_line(result).startswith("phtkg: nothing is above activity")


def test_a_term_that_matches_several_gives_the_descendants_of_each(cli):
    t = triples()
    result = cli("descendants", "stretch", "--format", "json")
    assert result.exit_code == 0
    matched = {iri(c) for c in re.findall(r"\((pht:\w+)\)", result.stderr)}
    assert len(matched) > 1
    rows = json.loads(result.stdout)
    by_term = defaultdict(dict)
    for row in rows:
        by_term[iri(row["term"])][iri(row["id"])] = row["distance"]
    assert set(by_term) == {c for c in matched if t.children[c]}
    for term, found in by_term.items():
        assert found == walk(term, t.children)
    table = cli("descendants", "stretch", "--format", "table").stdout.splitlines()
    assert table[0].startswith("term label  ")


# ---- tree ----------------------------------------------------------------------------------
def domain_classes(t: Triples) -> set[str]:
    set_apart = {PHT + "CaseRecord", PHT + "InformationResource"}
    below = set().union(*(set(walk(top, t.children)) for top in set_apart))
    return t.classes - set_apart - below


def test_the_whole_tree_is_the_domain_hierarchy_with_a_place_under_each_parent(cli):
    t = triples()
    rows = rows_of(cli, "tree")
    domain = domain_classes(t)
    assert {iri(row["id"]) for row in rows} == domain
    tops = {iri(row["id"]) for row in rows if row["depth"] == 0}
    assert tops == {c for c in domain if not t.parents[c]}
    places = defaultdict(list)
    for row in rows:
        places[iri(row["id"])].append(row)
    for cls, at in places.items():
        assert len(at) == max(len(t.parents[cls]), 1), cls
        assert {iri(row["parent"]) for row in at if row["parent"]} == t.parents[cls]
        first = [row for row in at if not row["repeat"]]
        assert len(first) == 1, cls
        for row in at:
            if row["repeat"]:
                assert row["first_under"] == first[0]["parent_label"]
    multiple = [cls for cls in domain if len(t.parents[cls]) > 1]
    assert multiple, "the graph has classes with several parents"


def test_a_place_lists_exactly_the_subclasses_of_its_class(cli):
    t = triples()
    rows = rows_of(cli, "tree", "--all")
    assert {iri(row["id"]) for row in rows} == t.classes
    stack: list[str] = []
    shown_children = defaultdict(set)
    for row in rows:
        del stack[row["depth"] :]
        if stack:
            assert iri(row["parent"]) == stack[-1]
            shown_children[stack[-1]].add(iri(row["id"]))
        stack.append(iri(row["id"]))
    for row in rows:
        if not row["repeat"]:
            assert shown_children[iri(row["id"])] == t.children[iri(row["id"])], row["id"]


def test_the_tree_text_draws_each_row_at_its_depth_and_marks_repeats(cli):
    rows = rows_of(cli, "tree")
    text = cli("tree", "--format", "table").stdout.splitlines()
    assert len(text) == len(rows)
    for line, row in zip(text, rows):
        label_at = len(re.match(r"[│├└─ ]*", line).group())
        assert label_at == 4 * row["depth"], line
        assert line[label_at:].startswith(row["label"])
        assert ("[repeat: see under " in line) == row["repeat"]
    depths = [row["depth"] for row in rows]
    connectors: list[str] = []  # the connector of each ancestor's line, level 1 first
    for at, (line, depth) in enumerate(zip(text, depths)):
        if not depth:
            continue
        later = next((d for d in depths[at + 1 :] if d <= depth), 0)
        connector = "└── " if later < depth else "├── "
        del connectors[depth - 1 :]
        lanes = "".join("│   " if c == "├── " else "    " for c in connectors)
        assert line.startswith(lanes + connector), line
        connectors.append(connector)


def test_the_tree_below_a_term_is_its_descendants(cli):
    t = triples()
    rows = rows_of(cli, "tree", "sitting modification")
    top = PHT + "SittingModification"
    assert rows[0]["id"] == curie(top) and rows[0]["depth"] == 0
    assert {iri(row["id"]) for row in rows[1:]} == set(walk(top, t.children))
    assert {iri(row["id"]): row["depth"] for row in rows if not row["repeat"]} == {
        top: 0,
        **walk(top, t.children),
    }


def test_tree_depth_cuts_the_levels_and_counts_what_it_leaves_out(cli):
    t = triples()
    rows = rows_of(cli, "tree", "--depth", "1")
    assert max(row["depth"] for row in rows) == 1
    for row in rows:
        if row["depth"] == 1 and not row["repeat"]:
            assert row["hidden_subclasses"] == len(t.children[iri(row["id"])])
    tops = cli("tree", "--depth", "0", "--format", "table").stdout.splitlines()
    assert len(tops) == len({c for c in domain_classes(t) if not t.parents[c]})


def test_the_tree_of_an_individual_is_refused(cli):
    result = cli("tree", "pht:PainLimit001")
    assert result.exit_code == 1
    assert "is not a class" in one_line(result)


# ---- related -------------------------------------------------------------------------------
def related_rows_expected(t: Triples, start: str, depth: int) -> set[tuple]:
    distance = {k: v for k, v in t.distances({start}).items() if v <= depth}
    expected = set()
    for node, at in distance.items():
        if at >= depth:
            continue
        for other, prop, direction in t.neighbours(node):
            if distance.get(other) == at + 1:
                expected.add((at + 1, curie(node), direction, curie(prop), curie(other)))
    return expected


def as_steps(rows: list[dict]) -> set[tuple]:
    return {
        (row["distance"], row["from"], row["direction"], row["predicate"], row["id"])
        for row in rows
    }


@pytest.mark.parametrize("term", ["pht:Cushion", "pht:SciaticNerve", "pht:SittingModification"])
def test_related_at_depth_1_is_every_fact_and_link_of_the_term(cli, term):
    t = triples()
    rows = rows_of(cli, "related", term)
    assert rows
    expected = {
        (1, term, direction, curie(prop), curie(other))
        for other, prop, direction in t.neighbours(iri(term))
    }
    assert as_steps(rows) == expected
    assert len(rows) == len(expected)


def test_related_goes_as_deep_as_asked(cli):
    t = triples()
    one = rows_of(cli, "related", "pht:WedgeCushion")
    two = rows_of(cli, "related", "pht:WedgeCushion", "--depth", "2")
    assert as_steps(two) == related_rows_expected(t, PHT + "WedgeCushion", 2)
    assert {row["distance"] for row in two} == {1, 2}
    assert as_steps(one) == {step for step in as_steps(two) if step[0] == 1}
    reached_first = {row["id"] for row in one}
    assert all(row["from"] in reached_first for row in two if row["distance"] == 2)


def test_each_related_step_carries_the_sources_of_its_fact(cli):
    t = triples()
    for row in rows_of(cli, "related", "pht:SciaticNerve"):
        start, end = iri(row["from"]), iri(row["id"])
        subject, obj = (start, end) if row["direction"] == "out" else (end, start)
        stems = sorted(t.fact_stems(subject, iri(row["predicate"]), obj))
        if row["predicate"] == "rdfs:subClassOf":
            stems = stems or [ns.EDITORIAL]
        assert row["sources"] == stems, row
        assert {section.split(" § ")[0] for section in row["sections"]} <= set(stems)


# ---- paths ---------------------------------------------------------------------------------
def assert_is_a_path_of_facts(t: Triples, steps: list[dict], starts: set[str], ends: set[str]):
    assert iri(steps[0]["from"]) in starts and iri(steps[-1]["to"]) in ends
    visited = [iri(steps[0]["from"])]
    for before, after in zip(steps, steps[1:]):
        assert before["to"] == after["from"]
    for step in steps:
        start, end = iri(step["from"]), iri(step["to"])
        subject, obj = (start, end) if step["direction"] == "out" else (end, start)
        assert (subject, iri(step["predicate"]), obj) in t.facts, step
        stems = sorted(t.fact_stems(subject, iri(step["predicate"]), obj))
        if step["predicate"] == "rdfs:subClassOf":
            stems = stems or [ns.EDITORIAL]
        assert step["sources"] == stems, step
        visited.append(end)
    assert len(set(visited)) == len(visited), "a path visits each term once"


def grouped(rows: list[dict]) -> list[list[dict]]:
    paths = defaultdict(list)
    for row in rows:
        paths[row["path"]].append(row)
    return [sorted(steps, key=lambda s: s["step"]) for _, steps in sorted(paths.items())]


@pytest.mark.parametrize(
    "start, end",
    [
        ("pht:SittingModification", "pht:SittingPain"),
        ("pht:Sitting", "pht:SciaticNerve"),
        ("pht:HeavySlowResistance", "pht:ProximalHamstringTendinopathy"),
        ("pht:WedgeCushion", "pht:IschialTuberosity"),
    ],
)
def test_paths_are_the_shortest_paths_of_facts_with_sources_on_every_step(cli, start, end):
    t = triples()
    shortest = t.distances({iri(end)})[iri(start)]
    rows = rows_of(cli, "paths", start, end)
    paths = grouped(rows)
    assert 1 <= len(paths) <= 5
    assert len(paths[0]) == shortest
    assert [len(p) for p in paths] == sorted(len(p) for p in paths)
    assert all(len(p) <= 4 for p in paths)
    assert len({tuple((s["from"], s["predicate"], s["to"]) for s in p) for p in paths}) == len(
        paths
    )
    for steps in paths:
        assert all(step["length"] == len(steps) for step in steps)
        assert_is_a_path_of_facts(t, steps, {iri(start)}, {iri(end)})
        assert all(step["sources"] for step in steps)


def test_paths_of_one_length_are_all_there_before_longer_ones(cli):
    # sitting modification and pain on sitting: one fact, then a path through each of
    # the kinds of sitting modification that ease the pain
    t = triples()
    start, end = PHT + "SittingModification", PHT + "SittingPain"
    rows = rows_of(cli, "paths", curie(start), curie(end), "--limit", "50", "--max-length", "2")
    two_steps = {
        (middle, prop)
        for middle, _, _ in t.neighbours(start)
        for other, prop, _ in t.neighbours(middle)
        if other == end and middle != end
    }
    paths = grouped(rows)
    found = {(iri(p[0]["to"]), iri(p[1]["predicate"])) for p in paths if len(p) == 2}
    assert found == two_steps


def test_paths_between_terms_that_match_several_join_one_of_each(cli):
    t = triples()
    result = cli("paths", "glute", "pain on", "--limit", "20", "--format", "json")
    assert result.exit_code == 0
    names = result.stderr.splitlines()
    starts = {iri(c) for c in re.findall(r"\((pht:\w+)\)", names[0])}
    ends = {iri(c) for c in re.findall(r"\((pht:\w+)\)", names[1])} - starts
    assert len(starts) > 1 and len(ends) > 1
    paths = grouped(json.loads(result.stdout))
    assert len(paths[0]) == min(t.distances(ends).get(s, 99) for s in starts)
    for steps in paths:
        assert_is_a_path_of_facts(t, steps, starts, ends)
        inside = {iri(step["to"]) for step in steps[:-1]}
        assert not inside & (starts | ends), "a path stops at the first term it may"


def test_the_limit_and_the_length_bound_the_paths(cli):
    paths = grouped(rows_of(cli, "paths", "sitting", "sciatic nerve", "--limit", "2"))
    assert len(paths) == 2
    result = cli("paths", "pht:WedgeCushion", "pht:SciaticNerve", "--max-length", "1")
    assert result.exit_code == 1
    shortest = triples().distances({PHT + "SciaticNerve"})[PHT + "WedgeCushion"]
    assert one_line(result) == (
        "phtkg: no path of at most 1 steps joins wedge cushion and sciatic nerve "
        f"(the shortest has {shortest}; use --max-length {shortest})"
    )


def test_terms_no_fact_connects_have_no_path(cli):
    t = triples()
    connected = t.distances({PHT + "ProximalHamstringTendinopathy"})
    apart = sorted(c for c in t.classes if c not in connected and t.neighbours(c))
    assert apart, "the graph has classes the condition is not connected to"
    result = cli("paths", curie(apart[0]), "PHT", "--max-length", "20")
    assert result.exit_code == 1
    assert one_line(result).startswith("phtkg: no path of facts joins")


def test_the_paths_text_gives_every_step_its_documents_and_sections(cli):
    rows = rows_of(cli, "paths", "pht:Sitting", "pht:SciaticNerve", "--limit", "1")
    text = cli("paths", "pht:Sitting", "pht:SciaticNerve", "--limit", "1", "-f", "table").stdout
    lines = text.splitlines()
    assert lines[0] == f"path 1: {len(rows)} steps"
    for row in rows:
        arrow = (
            f"--{row['relation']}-->" if row["direction"] == "out" else f"<--{row['relation']}--"
        )
        at = lines.index(f"    {arrow}  {row['to_label']}")
        cited = lines[at + 1 : at + 1 + len(row["sections"])]
        assert cited == [f"        {section}" for section in row["sections"]]


def test_a_path_needs_two_different_terms(cli):
    result = cli("paths", "PHT", "pht:ProximalHamstringTendinopathy")
    assert result.exit_code == 2
    assert "name the same term" in one_line(result)


# ---- formats, unknown terms, imports -------------------------------------------------------
COMMAND_LINES = [
    ("ancestors", "heavy slow resistance"),
    ("descendants", "sitting modification"),
    ("tree", "sitting modification"),
    ("paths", "sitting modification", "pain on sitting"),
    ("related", "sitting on a cushion"),
]


@pytest.mark.parametrize("args", COMMAND_LINES, ids=lambda args: args[0])
def test_every_format_parses_to_the_same_rows(cli, args):
    rows = rows_of(cli, *args)
    assert rows and all(isinstance(row, dict) for row in rows)
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        text = cli(*args, "--format", fmt).stdout
        parsed = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
        assert len(parsed) == len(rows)
        assert [row["id"] if "id" in row else row["to"] for row in parsed] == [
            row["id"] if "id" in row else row["to"] for row in rows
        ]
    markdown = cli(*args, "--format", "md").stdout.splitlines()
    assert len(markdown) == len(rows) + 2
    cells = [re.split(r"(?<!\\)\|", line)[1:-1] for line in markdown]
    assert all(line.startswith("|") and line.endswith("|") for line in markdown)
    assert set(cells[1]) == {"---"}
    assert all(len(line) == len(cells[0]) for line in cells)
    body = [dict(zip((c.strip() for c in cells[0]), line)) for line in cells[2:]]
    assert [row["label" if "label" in row else "to_label"].strip() for row in body] == [
        row["label" if "label" in row else "to_label"] for row in rows
    ]


@pytest.mark.parametrize(
    "args",
    [
        ("ancestors", "sitting on a chair"),
        ("descendants", "sitting on a chair"),
        ("tree", "sitting on a chair"),
        ("related", "sitting on a chair"),
        ("paths", "sitting on a chair", "PHT"),
        ("paths", "PHT", "sitting on a chair"),
    ],
    ids=lambda args: " ".join(args[:1] + args[2:]),
)
def test_an_unknown_term_is_one_line_with_close_names(cli, args):
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stdout == ""
    line = one_line(result)
    assert line.startswith("phtkg: no term matches 'sitting on a chair'; did you mean")


def one_line(result) -> str:
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


HEAVY_FOR_A_LOOKUP = (
    "rdflib",
    "owlready2",
    "SPARQLWrapper",
    "phtkg.build",
    "phtkg.reasoning",
    "phtkg.export",
    "phtkg.store.remote",
    "phtkg.store.http",
    "phtkg.store.safe_rdf",
)


def test_navigation_loads_no_rdflib_reasoning_build_or_export_code():
    code = (
        "import sys; from click.testing import CliRunner; from phtkg.cli import main; "
        f"codes = [CliRunner().invoke(main, list(args)).exit_code for args in {COMMAND_LINES!r}]; "
        f"heavy = {HEAVY_FOR_A_LOOKUP!r}; "
        "print(codes, sorted(m for m in sys.modules if any(m == h or m.startswith(h + '.') "
        "for h in heavy)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"{[0] * len(COMMAND_LINES)} []"
