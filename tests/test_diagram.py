"""phtkg diagram: the model a diagram is built from, its renderers and the command."""

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from phtkg import lookups
from phtkg import namespaces as ns
from phtkg.commands import diagram as diagram_command
from phtkg.diagram import (
    CATEGORY_COLOURS,
    Diagram,
    DiagramCache,
    Edge,
    Node,
    UnknownRelation,
    aggravation_view,
    category_title,
    graphviz,
    neighbourhood,
    rehab_view,
    render_dot,
    render_mermaid,
    render_svg,
)
from phtkg.diagram.nodes import term_node
from phtkg.diagram.palette import TEXT_COLOUR, contrast_ratio
from phtkg.store.embedded import load_turtle
from phtkg.store.queries import run_query

HOSTILE = Path(__file__).parent / "fixtures" / "diagram-hostile.ttl"
MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
PHT = ns.PHT + "ProximalHamstringTendinopathy"
SITTING = ns.PHT + "ProlongedSitting"
TENDON = ns.PHT + "ProximalHamstringTendon"
HAS_DOT = shutil.which("dot") is not None
needs_graphviz = pytest.mark.skipif(not HAS_DOT, reason="Graphviz's dot is not installed")


@pytest.fixture(scope="module")
def hostile():
    return load_turtle(HOSTILE)


def one_line_error(result, code):
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("phtkg: ")
    return lines[0]


def edge(diagram, source, target):
    return [e for e in diagram.edges if e.source_iri == source and e.target_iri == target]


# ---- the model ---------------------------------------------------------------------------
def test_prolonged_sitting_aggravates_the_tendon_with_its_sources(bundled_store):
    diagram = neighbourhood(bundled_store, SITTING)
    assert diagram.focus_iri == SITTING
    facts = edge(diagram, SITTING, TENDON)
    assert [(e.relation_label, e.property_curie) for e in facts] == [
        ("aggravates", "pht:aggravates")
    ]
    assert facts[0].sources and all(
        re.fullmatch(r"\d{3}_[0-9a-f]{16}", s) for s in facts[0].sources
    )
    nodes = {node.iri: node for node in diagram.nodes}
    assert nodes[SITTING] == Node(SITTING, "pht:ProlongedSitting", "prolonged sitting", "Activity")
    assert nodes[TENDON].category == "AnatomicalEntity"
    assert nodes[PHT].category == "Disorder"


def test_both_directions_and_the_broader_term(bundled_store):
    diagram = neighbourhood(bundled_store, SITTING)
    kinds = {(e.source_iri, e.relation_label, e.target_iri) for e in diagram.edges}
    assert (SITTING, "is a kind of", ns.PHT + "Sitting") in kinds
    assert (ns.PHT + "SittingPain", "has cause", SITTING) in kinds  # a fact pointing at it
    assert all(SITTING in (e.source_iri, e.target_iri) for e in diagram.edges)


def test_nothing_inherited_is_drawn(bundled_store):
    # prolonged sitting inherits "aggravates reactive tendinopathy" from sitting
    diagram = neighbourhood(bundled_store, SITTING)
    assert not edge(diagram, SITTING, ns.PHT + "ReactiveTendinopathy")


def test_model_is_sorted_and_frozen(bundled_store):
    diagram = neighbourhood(bundled_store, SITTING)
    assert list(diagram.nodes) == sorted(diagram.nodes, key=lambda n: (n.label.lower(), n.iri))
    with pytest.raises(AttributeError):
        diagram.nodes[0].label = "x"
    assert neighbourhood(bundled_store, SITTING) == diagram


def test_groups_put_facts_pointing_here_left(bundled_store):
    diagram = neighbourhood(bundled_store, SITTING)
    columns = {group.title: group.column for group in diagram.groups}
    assert columns["aggravates"] == 1 and columns["has cause"] == -1
    members = [iri for group in diagram.groups for iri in group.members]
    assert len(members) == len(set(members)) and SITTING not in members


@pytest.mark.parametrize(
    "name", ["aggravates", "Aggravates", "pht:aggravates", "https://w3id.org/phtkg/aggravates"]
)
def test_relation_filter_by_label_local_name_curie_or_iri(bundled_store, name):
    diagram = neighbourhood(bundled_store, SITTING, relations=[name])
    assert diagram.edges and {e.property_curie for e in diagram.edges} == {"pht:aggravates"}


def test_relation_filter_several_and_is_a_kind_of(bundled_store):
    diagram = neighbourhood(
        bundled_store, SITTING, relations=["has load type", "hasLoadType", "is a kind of"]
    )
    assert {e.relation_label for e in diagram.edges} == {"has load type", "is a kind of"}


def test_unknown_relation_names_close_and_valid_ones(bundled_store):
    with pytest.raises(UnknownRelation) as caught:
        neighbourhood(bundled_store, SITTING, relations=["agravates"])
    message = str(caught.value)
    assert "did you mean 'aggravates'" in message and "valid ones include" in message


def test_depth_reaches_further(bundled_store):
    near = neighbourhood(bundled_store, SITTING, depth=1, max_nodes=500)
    far = neighbourhood(bundled_store, SITTING, depth=2, max_nodes=500)
    assert {n.iri for n in near.nodes} < {n.iri for n in far.nodes}
    assert any(abs(group.column) == 2 for group in far.groups)
    with pytest.raises(ValueError):
        neighbourhood(bundled_store, SITTING, depth=4)


def test_cap_shares_terms_over_relations_and_counts_the_rest(bundled_store):
    everything = neighbourhood(bundled_store, PHT, max_nodes=1000)
    capped = neighbourhood(bundled_store, PHT, max_nodes=12)
    assert everything.left_out == 0 and len(capped.nodes) == 12
    assert capped.left_out == len(everything.nodes) - 12
    # the diagram draws asserted facts only (running on flat ground inherits from running)
    rows = lookups.aggravates(store=bundled_store)
    aggravating = len([row for row in rows if not row["inherited_from"]])
    assert aggravating < len(rows)
    assert any(
        re.fullmatch(rf"aggravates: \d of {aggravating} shown", note) for note in capped.notes
    )
    # the best supported aggravating activity is kept first
    assert SITTING in {n.iri for n in neighbourhood(bundled_store, PHT).nodes}


def test_views_have_their_groups(bundled_store):
    loads = aggravation_view(bundled_store)
    titles = {group.title: group for group in loads.groups}
    compression = titles["compressive load"]
    assert SITTING in compression.members and PHT in titles["aggravated"].members
    assert "tensile (stretch) load" in titles and "no load type stated" in titles
    assert all(e.relation_label == "aggravates" for e in loads.edges)
    members = [iri for group in loads.groups for iri in group.members]
    assert len(members) == len(set(members)) == len(loads.nodes)

    rehab = rehab_view(bundled_store)
    assert [g.title for g in rehab.groups] == ["Phase 1", "Phase 2", "Phase 3", "Phase 4"]
    firsts = [rehab.node(g.members[0]).label for g in rehab.groups]
    assert firsts == [
        "initial phase",
        "gradual loading phase",
        "lengthened and compressive loading phase",
        "return-to-sport phase",
    ]
    relations = {e.relation_label for e in rehab.edges}
    assert relations == {"includes", "has progression criterion", "precedes"}


def _iris(store) -> list[str]:
    import pyoxigraph

    return sorted(
        {
            term.value
            for quad in store.quads_for_pattern(None, None, None)
            for term in (quad.subject, quad.object)
            if isinstance(term, pyoxigraph.NamedNode)
        }
    )


@pytest.mark.parametrize("graph", [MINI, HOSTILE])
def test_a_cache_answers_as_the_queries_do_for_every_term(graph):
    """DiagramCache's unbound answers, per term, are the bound queries' rows and nodes."""
    store = load_turtle(graph)
    cache = DiagramCache(store)
    for iri in _iris(store):
        bound = run_query("diagram-edges", store, term=iri)
        cached = cache.edge_rows(iri)
        for row in bound + cached:  # the order of a GROUP_CONCAT is the engine's
            row["sources"] = "|".join(sorted(str(row["sources"] or "").split("|")))
        assert cached == bound, iri
        assert cache.nodes.get(iri, term_node(store, iri)) == term_node(store, iri), iri


def test_one_cache_shared_by_many_diagrams_draws_each_as_alone(bundled_store, hostile):
    cache = DiagramCache(bundled_store)
    for iri in (PHT, SITTING, TENDON, ns.PHT + "Activity", ns.PHT + "SittingPain"):
        for depth in (1, 2):
            alone = neighbourhood(bundled_store, iri, depth=depth)
            assert neighbourhood(bundled_store, iri, depth=depth, cache=cache) == alone
    assert aggravation_view(bundled_store, cache=cache) == aggravation_view(bundled_store)
    shared = DiagramCache(hostile)
    for iri in _iris(hostile):
        assert neighbourhood(hostile, iri, cache=shared) == neighbourhood(hostile, iri), iri
    assert aggravation_view(hostile, cache=shared) == aggravation_view(hostile)


def test_palette_covers_every_category_with_readable_text(bundled_store):
    assert len(CATEGORY_COLOURS) == 16 and len(set(CATEGORY_COLOURS.values())) == 16
    assert all(contrast_ratio(c, TEXT_COLOUR) >= 7 for c in CATEGORY_COLOURS.values())
    assert category_title("AnatomicalEntity") == "anatomical entity"
    assert category_title("SomethingNew") == "something new"


# ---- renderers -----------------------------------------------------------------------------
def test_mermaid_escapes_hostile_labels(hostile):
    text = render_mermaid(neighbourhood(hostile, ns.PHT + "Hostile"))
    assert text.splitlines()[1] == "flowchart LR"
    for line in text.splitlines():
        if line.lstrip().startswith("%%"):
            assert "%%" not in line.lstrip()[2:]
            continue
        # every quoted label is closed on its line and holds no raw quote, '#', ';', '|' or markup
        for label in re.findall(r'"([^"]*)"', line):
            assert not re.search(r"[#;|<>`%]", re.sub(r"#(\d+|quot|amp|lt|gt);", "", label)), label
        assert line.count('"') % 2 == 0, line
    assert "#quot;on#quot;" in text and "#lt;b#gt;bold" in text and "#35;1#59;" in text
    assert 'subgraph legend["Legend"]' in text and text.endswith("end\n")


def test_dot_escapes_hostile_labels(hostile):
    text = render_dot(neighbourhood(hostile, ns.PHT + "Hostile"))
    assert 'label="sitting \\"on\\" [hard]' in text
    assert "\\\\ back" in text and "cluster_legend" in text
    assert "sources: doc_a, doc_b" in text


@needs_graphviz
@pytest.mark.parametrize("view", ["neighbourhood", "aggravation", "rehab", "hostile"])
def test_graphviz_parses_the_dot(bundled_store, hostile, view):
    diagram = {
        "neighbourhood": lambda: neighbourhood(bundled_store, PHT),
        "aggravation": lambda: aggravation_view(bundled_store),
        "rehab": lambda: rehab_view(bundled_store),
        "hostile": lambda: neighbourhood(hostile, ns.PHT + "Hostile"),
    }[view]()
    done = subprocess.run(
        ["dot", "-Tsvg"], input=render_dot(diagram).encode(), capture_output=True, timeout=60
    )
    assert done.returncode == 0 and not done.stderr, done.stderr
    svg = ET.fromstring(done.stdout)
    texts = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    if view == "hostile":
        assert 'sitting "on" [hard]' in texts and "<b>bold</b>" in texts


def _ids(text, diagram):
    """DOT node id -> the term's IRI."""
    by_label = {}
    for ident, label in re.findall(r'^\s+(n\d+) \[label="([^"]*)"', text, re.M):
        by_label[ident] = label.replace("\\n", " ")
    return {
        ident: next(n.iri for n in diagram.nodes if n.label == label)
        for ident, label in by_label.items()
    }


def test_dot_hints_lay_the_aggravation_view_out_in_columns(bundled_store):
    diagram = aggravation_view(bundled_store)
    text = render_dot(diagram)
    assert text == render_dot(aggravation_view(bundled_store))
    assert "rankdir=LR" in text and "splines=true" in text
    assert text.count("    rank=same;") == len(diagram.groups)  # each group one column
    ids = {iri: ident for ident, iri in _ids(text, diagram).items()}
    first_target = next(g for g in diagram.groups if g.name == "aggravated").members[0]
    assert f"{{rank=same; legend; {ids[first_target]}}}" in text  # the legend above the targets
    assert "node [height=0.9];" in text  # room for arrowheads from both sides


def test_dot_hints_lay_the_rehab_view_out_as_a_timeline(bundled_store):
    diagram = rehab_view(bundled_store)
    text = render_dot(diagram)
    assert "rankdir=TB" in text
    ids = _ids(text, diagram)
    row = re.search(r"^  \{rank=same; ([^}]*)\}$", text, re.M).group(1).split("; ")
    assert [ids[i] for i in row] == [g.members[0] for g in diagram.groups]  # phases in order
    assert text.count("<<i>includes:</i>>") == 4
    assert text.count("<<i>has progression criterion:</i>>") == 3
    arrows = re.findall(r'-> n\d+ \[label="([^"]*)"', text)
    # headings, not arrows; only an item a second phase includes too gets an arrow there
    included = Counter(e.target_iri for e in diagram.edges if e.relation_label == "includes")
    assert arrows.count("includes") == sum(n - 1 for n in included.values())
    assert arrows.count("precedes") == 3
    assert "initial phase includes: buttock squeeze" in text  # the heading's tooltip


def test_dot_hints_leave_the_neighbourhood_as_it_was(bundled_store):
    text = render_dot(neighbourhood(bundled_store, SITTING))
    assert "rank=same" not in text and "rankdir=LR" in text and "splines" not in text
    assert "nodesep=0.18, ranksep=0.9" in text and "height=" not in text


@needs_graphviz
def test_graphviz_draws_the_views_about_as_wide_as_tall(bundled_store):
    def place(diagram):
        done = subprocess.run(
            ["dot", "-Tplain"],
            input=render_dot(diagram).encode(),
            capture_output=True,
            timeout=60,
            check=True,
        )
        lines = [line.split() for line in done.stdout.decode().splitlines()]
        width, height = map(float, lines[0][2:4])
        return width / height, {f[1]: (float(f[2]), float(f[3])) for f in lines if f[0] == "node"}

    rehab = rehab_view(bundled_store)
    ratio, where = place(rehab)
    assert 0.7 < ratio < 1.6, ratio
    ids = {iri: i for i, iri in _ids(render_dot(rehab), rehab).items()}
    phases = [where[ids[g.members[0]]] for g in rehab.groups]
    assert [x for x, _ in phases] == sorted(x for x, _ in phases)  # left to right
    assert len({y for _, y in phases}) == 1  # in one row
    for group in rehab.groups:  # each phase's contents stacked beneath it
        xs = {where[ids[iri]][0] for iri in group.members}
        ys = [where[ids[iri]][1] for iri in group.members]
        assert len(xs) == 1 and ys == sorted(ys, reverse=True), group.title

    loads = aggravation_view(bundled_store)
    ratio, where = place(loads)
    assert 0.7 < ratio < 1.6, ratio
    ids = {iri: i for i, iri in _ids(render_dot(loads), loads).items()}
    columns = {}
    for group in loads.groups:
        xs = {where[ids[iri]][0] for iri in group.members}
        assert len(xs) == 1, group.title  # one term under another
        columns.setdefault(group.column, set()).update(xs)
    assert all(len(xs) == 1 for xs in columns.values())
    x = {column: xs.pop() for column, xs in columns.items()}
    assert x[0] < x[1] < x[2]  # the aggravated terms between the loads


@pytest.mark.parametrize("view", ["sitting", "hub", "aggravation", "rehab", "hostile", "deep"])
def test_pure_svg_is_well_formed_self_contained_and_deterministic(bundled_store, hostile, view):
    make = {
        "sitting": lambda: neighbourhood(bundled_store, SITTING),
        "hub": lambda: neighbourhood(bundled_store, PHT),
        "aggravation": lambda: aggravation_view(bundled_store),
        "rehab": lambda: rehab_view(bundled_store),
        "hostile": lambda: neighbourhood(hostile, ns.PHT + "Hostile"),
        "deep": lambda: neighbourhood(bundled_store, SITTING, depth=2),
    }[view]
    diagram = make()
    text = render_svg(diagram)
    assert text == render_svg(make())
    root = ET.fromstring(text)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert titles[0] == diagram.title
    for node in diagram.nodes:
        assert any(t and t.startswith(f"{node.label} ({node.curie})") for t in titles), node
    for needle in ("<script", "href", "@import", "<image", "<foreignObject", "url(http", "<style"):
        assert needle not in text
    assert {url for url in re.findall(r'"(https?://[^"]*)"', text)} == {
        "http://www.w3.org/2000/svg"
    }


def test_pure_svg_links_and_escapes(hostile):
    diagram = neighbourhood(hostile, ns.PHT + "Hostile")
    text = render_svg(diagram, href=lambda node: f"terms/{node.curie}.html?a=1&b=2")
    root = ET.fromstring(text)
    links = [a.get("href") for a in root.iter("{http://www.w3.org/2000/svg}a")]
    assert "terms/pht:Hostile.html?a=1&b=2" in links
    assert "&lt;b&gt;bold&lt;/b&gt;" in text and "<b>" not in text


def test_pure_svg_ids_differ_between_diagrams(bundled_store):
    first, second = (
        render_svg(neighbourhood(bundled_store, SITTING)),
        render_svg(rehab_view(bundled_store)),
    )
    ids = lambda text: set(re.findall(r'id="([^"]+)"', text))  # noqa: E731
    assert ids(first) and not ids(first) & ids(second)


def test_a_hand_made_diagram_renders():
    a, b = Node("urn:a", "a", "A"), Node("urn:b", "b", "B", "Disorder")
    diagram = Diagram("t", (a, b), (Edge("urn:a", "urn:b", "r", "x:r", ("s",)),))
    for render in (render_mermaid, render_dot, render_svg):
        assert "t" in render(diagram)


# ---- the command ----------------------------------------------------------------------------
def test_default_is_the_condition_in_mermaid(cli):
    result = cli("diagram")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "%% proximal hamstring tendinopathy: facts one step away\nflowchart LR\n"
    )
    assert re.search(
        r"^phtkg: drew 24 of (\d+) terms, \d+ left out \(--max-nodes \1 to draw them all",
        result.stderr,
    )


def test_max_nodes_and_relation_narrow_the_drawing(cli):
    result = cli("diagram", "PHT", "--relation", "aggravates", "--max-nodes", "5")
    assert result.exit_code == 0
    assert result.stdout.count("-->|") == 1  # one arrow for the whole group
    drawn = re.search(r"drew 5 of (\d+) terms, (\d+) left out", result.stderr)
    asserted = [row for row in lookups.aggravates() if not row["inherited_from"]]
    assert drawn and int(drawn.group(1)) == len(asserted) + 1  # and PHT itself
    assert int(drawn.group(2)) == int(drawn.group(1)) - 5
    whole = cli("diagram", "PHT", "--relation", "aggravates", "--max-nodes", "100")
    assert whole.exit_code == 0 and whole.stderr == ""


def test_formats_from_the_extension(cli, tmp_path):
    for name, start in (("a.mmd", b"%% "), ("a.dot", b"digraph"), ("a.gv", b"digraph")):
        result = cli("diagram", "prolonged sitting", "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert result.stdout == f"wrote {tmp_path / name}\n"
        assert (tmp_path / name).read_bytes().startswith(start)


@needs_graphviz
def test_svg_and_png_through_graphviz(cli, tmp_path):
    result = cli("diagram", "prolonged sitting", "-o", str(tmp_path / "a.svg"))
    assert result.exit_code == 0, result.output
    ET.parse(tmp_path / "a.svg")
    result = cli("diagram", "--view", "rehab", "-o", str(tmp_path / "a.png"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    piped = cli("diagram", "--view", "rehab", "--format", "png")  # not a terminal: the bytes go out
    assert piped.exit_code == 0 and piped.stdout_bytes.startswith(b"\x89PNG")


def test_builtin_svg_needs_no_graphviz(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(graphviz.shutil, "which", lambda name: None)
    result = cli("diagram", "--view", "aggravation", "--format", "svg", "--builtin")
    assert result.exit_code == 0, result.output
    ET.fromstring(result.stdout)


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_missing_graphviz_is_one_line_and_writes_nothing(cli, tmp_path, monkeypatch, fmt):
    monkeypatch.setattr(graphviz.shutil, "which", lambda name: None)
    target = tmp_path / f"a.{fmt}"
    line = one_line_error(cli("diagram", "-o", str(target)), 2)
    assert "Graphviz is not installed" in line and "apt-get install graphviz" in line
    assert "brew install graphviz" in line and "--format mermaid or dot" in line
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_missing_graphviz_on_a_path_without_dot(tmp_path):
    import os
    import sys

    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}
    if shutil.which("dot", path=env["PATH"]):
        pytest.skip("dot sits beside the Python interpreter")
    done = subprocess.run(
        [sys.executable, "-m", "phtkg.cli", "diagram", "-f", "svg"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert (
        done.stderr.startswith("phtkg: Graphviz is not installed") and done.stderr.count("\n") == 1
    )


def test_graphviz_failure_is_reported(monkeypatch):
    monkeypatch.setattr(graphviz, "dot_program", lambda: "/bin/false")
    with pytest.raises(graphviz.GraphvizError, match="Graphviz failed"):
        graphviz.run_graphviz("digraph {}", "svg")


def test_png_to_a_terminal_is_refused(cli, monkeypatch, tmp_path):
    monkeypatch.setattr(diagram_command, "stdout_is_terminal", lambda: True)
    line = one_line_error(cli("diagram", "--format", "png"), 2)
    assert "png is binary" in line and "-o FILE.png" in line


@pytest.mark.parametrize(
    "args, code, words",
    [
        (["PHT", "--view", "rehab"], 2, "either TERM or --view"),
        (["--view", "rehab", "--depth", "2"], 2, "apply to a term"),
        (["--view", "nothing"], 2, "--view"),
        (["--depth", "4"], 2, "--depth"),
        (["--max-nodes", "0"], 2, "--max-nodes"),
        (["PHT", "--relation", "agravates"], 2, "did you mean 'aggravates'"),
        (["nosuchthingatall"], 1, "no term matches 'nosuchthingatall'"),
        (["sitting on a hard"], 0, None),
        (["sit"], 2, "'sit' matches"),
        (["-o", "picture.txt"], 2, "cannot tell the format"),
        (["--format", "dot", "--builtin"], 2, "--builtin draws svg only"),
        (
            ["PHT", "--relation", "precedes"],
            1,
            "no class-level facts about proximal hamstring tendinopathy",
        ),
    ],
)
def test_errors_are_one_line_with_the_right_status(cli, tmp_path, args, code, words):
    target = tmp_path / "out.dot"
    result = cli("diagram", *args, *(["-o", str(target)] if "-o" not in args and code else []))
    if code == 0:
        assert (
            result.exit_code == 0
            and "matched 1 term: prolonged sitting on a hard surface" in result.stderr
        )
        return
    assert words in one_line_error(result, code)
    assert not target.exists()


def test_an_existing_file_is_left_alone_on_failure(cli, tmp_path):
    target = tmp_path / "keep.mmd"
    target.write_text("old")
    one_line_error(cli("diagram", "PHT", "--relation", "nope", "-o", str(target)), 2)
    assert target.read_text() == "old"


def test_unwritable_output_is_one_line(cli, tmp_path):
    line = one_line_error(cli("diagram", "-o", str(tmp_path / "missing" / "a.mmd")), 2)
    assert "cannot write" in line


def test_works_on_another_ontology_file(cli):
    result = cli("diagram", "pht:Hostile", "--format", "mermaid", ontology=HOSTILE)
    assert result.exit_code == 0, result.output
    assert "#quot;on#quot;" in result.stdout
    lonely = cli("diagram", "lonely activity", ontology=HOSTILE)
    assert lonely.exit_code == 0  # its broader term is a fact to draw
    loads = cli("diagram", "--view", "aggravation", ontology=HOSTILE)
    assert loads.exit_code == 0 and "aggravated" in loads.stdout


def test_help_lists_the_command(cli):
    result = cli("--help")
    assert "diagram" in result.output
