"""phtkg site: a page per term, links that resolve, nothing from another host, the same
bytes every time, a search index, sources down to the section, and one-line errors that
leave an existing folder untouched.

The full site is built once per run (the ``bundled_site`` fixture of conftest.py); the
error paths and the --ontology option use the small fixture graph.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from phtkg import lookups
from phtkg import namespaces as ns
from phtkg.lookups.terms import Match
from phtkg.site import collect as collect_module
from phtkg.site import paths, writer

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini.ttl"


def assert_one_line_error(result, *, code=2, contains=""):
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("phtkg: ")
    assert "Traceback" not in result.output
    assert contains in lines[0]


@pytest.fixture
def site(bundled_site) -> Path:
    return bundled_site.folder


def test_the_build_prints_one_line_with_the_address(bundled_site):
    assert bundled_site.stdout.count("\n") == 1
    assert bundled_site.stdout.startswith("wrote ")
    assert (bundled_site.folder / "index.html").as_uri() in bundled_site.stdout


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


class Links(HTMLParser):
    """Every URL-valued attribute and every id of one HTML file."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()
        self.duplicate_ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                if value in self.ids:
                    self.duplicate_ids.append(value)
                self.ids.add(value)
            if (
                name in ("href", "src", "xlink:href", "action", "srcset", "poster", "data")
                and value is not None
            ):
                self.urls.append((tag, name, value))

    handle_startendtag = handle_starttag


def parsed(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


# ---- structure --------------------------------------------------------------------------
def test_a_page_for_every_named_class_and_linked_individual(site, bundled_store):
    classes = [
        s["c"].value
        for s in bundled_store.query(
            "SELECT DISTINCT ?c WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> "
            f"FILTER(isIRI(?c) && STRSTARTS(STR(?c), '{ns.PHT}')) }}"
        )
    ]
    assert len(classes) > 300
    for iri in classes:
        assert (site / paths.term_page(iri)).is_file(), iri
    for kind in ("measures", "disagreements"):
        for row in lookups.list_category(kind):
            assert (site / paths.term_page(ns.expand_curie(row["id"]))).is_file(), row["id"]
    for row in lookups.list_category("sources"):
        assert (site / "sources" / f"{row['label']}.html").is_file()
    for page in (
        "index.html",
        "aggravation.html",
        "disagreements.html",
        "sources.html",
        "assets/site.css",
        "assets/search.js",
        "assets/search-index.js",
        paths.MARKER,
    ):
        assert (site / page).is_file(), page
    assert (site / "terms" / "ProlongedSitting.html").is_file()


def test_every_internal_link_resolves_to_a_file_and_anchor(site):
    ids: dict[Path, set[str]] = {}
    checked = 0
    for page in sorted(site.rglob("*.html")):
        links = parsed(page)
        assert not links.duplicate_ids, (page, links.duplicate_ids)
        ids[page] = links.ids
        for tag, _, value in links.urls:
            parts = urlsplit(value)
            if parts.scheme or value.startswith("//"):
                assert tag == "a" and parts.scheme in ("http", "https"), (page, value)
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.relative_to(site)}: {value}"
            assert site.resolve() in target.parents, f"{page}: {value} leaves the site"
            if parts.fragment:
                if target not in ids:
                    ids[target] = parsed(target).ids
                assert parts.fragment in ids[target], f"{page.relative_to(site)}: {value}"
            checked += 1
    assert checked > 10000


def test_nothing_is_loaded_from_another_host(site):
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for tag, attribute, value in parsed(page).urls:
            if attribute != "href" or tag != "a":
                assert not re.match(r"(?i)^([a-z][a-z0-9+.-]*:|//)", value) or value.startswith(
                    "#"
                ), (page, tag, attribute, value)
        assert not re.search(
            r"(?i)<(link|script|img|iframe|object|embed|source|audio|video)"
            r"\b[^>]*\b(src|href)\s*=\s*[\"']?\s*(https?:)?//",
            text,
        ), page
        assert "@import" not in text
        assert not re.search(r"(?i)url\(\s*['\"]?\s*(https?:)?//", text), page
    for asset in (site / "assets").iterdir():
        text = asset.read_text(encoding="utf-8")
        if asset.name == "search-index.js":
            entries = json.loads(text.split("=", 1)[1].rstrip().rstrip(";"))
            assert all(not re.match(r"(?i)^[a-z]+:", e["url"]) for e in entries)
            continue
        assert not re.search(r"(?i)https?:", text), asset
        assert "@import" not in text and "fetch(" not in text and "XMLHttpRequest" not in text


def test_every_page_has_the_shared_layout(site):
    for page in [
        site / "index.html",
        site / "terms" / "ProlongedSitting.html",
        site / "sources" / "004_dfda55583e36a3a5.html",
    ]:
        text = page.read_text(encoding="utf-8")
        for label in ("Home", "Aggravation map", "Disagreements", "Sources"):
            assert f">{label}</a>" in text
        assert 'id="search-box"' in text and "assets/search.js" in text
        assert 'http-equiv="Content-Security-Policy"' in text


# ---- content ------------------------------------------------------------------------------
def test_the_term_page_shows_relationships_with_sources_and_sections(site):
    text = (site / "terms" / "ProlongedSitting.html").read_text(encoding="utf-8")
    assert "<h1>prolonged sitting</h1>" in text
    assert "Sitting for a long time without a break" in text
    assert "sitting for extended periods" in text  # a synonym
    assert 'href="ProximalHamstringTendon.html"' in text
    relationships = text.split('id="relationships"')[1].split("</section>")[0]
    assert "aggravates" in relationships and "proximal hamstring tendon" in relationships
    assert "inherited from" in relationships and 'href="Sitting.html"' in relationships
    # a source named down to the section: document 004, "What will aggravate an unhappy tendon?"
    assert re.search(
        r'href="\.\./sources/004_dfda55583e36a3a5\.html#section-aggravate"'
        r'[^>]*title="What will aggravate an unhappy tendon\?"',
        relationships,
    )
    assert 'id="references"' in text and "What will aggravate an unhappy tendon?" in text
    assert "<svg" in text.split('id="diagram"')[1]
    assert "more than 30 minutes" in text  # a reported quantity about it


def test_cross_references_are_links_out_and_text(site):
    text = (site / "terms" / "ProximalHamstringTendon.html").read_text(encoding="utf-8")
    assert 'href="http://id.nlm.nih.gov/mesh/D000070632"' in text
    assert "MESH:D000070632" in text


@pytest.mark.slow  # collects the whole site's data
def test_relationships_are_those_describe_reports(bundled_store):
    store = bundled_store
    data = collect_module.collect(store)
    sample = [
        "ProlongedSitting",
        "ProximalHamstringTendinopathy",
        "Sitting",
        "Driving",
        "ProlongedSittingOnHardSurface",
        "ReactiveTendinopathy",
        "SittingThreshold004",
        "DelayedPainDisagreement",
        "ShockwaveTherapy",
        "IschialTuberosity",
    ]
    for local in sample:
        iri = ns.PHT + local
        term = data.terms[iri]
        described = lookups.describe([Match(iri, term.curie, term.label, True)], store=store)[0]
        mine = sorted(
            (
                r.relation,
                r.direction,
                ns.compact_iri(r.other),
                tuple(r.evidence.stems),
                data.label(r.asserter) if r.inherited else "",
            )
            for r in term.relationships
        )
        theirs = sorted(
            (r["relation"], r["direction"], r["other"], tuple(r["sources"]), r["inherited_from"])
            for r in described["relationships"]
            if r["relation"] != "about term"
        )
        assert mine == theirs, local
        assert term.definition == described["definition"]
        assert sorted(term.synonyms) == sorted(described["synonyms"])
        for relationship in term.relationships:  # every cited section is of a cited document
            assert {c.stem for c in relationship.evidence.citations} <= set(
                relationship.evidence.stems
            )


def test_the_search_index_has_labels_and_synonyms(site):
    text = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert text.splitlines()[1].startswith("window.PHTKG_SEARCH = [")
    entries = json.loads(text.split("=", 1)[1].rstrip().rstrip(";"))
    by_label = {e["label"]: e for e in entries}
    assert by_label["prolonged sitting"]["url"] == "terms/ProlongedSitting.html"
    assert "sitting for extended periods" in by_label["prolonged sitting"]["synonyms"]
    document = by_label['Hamstring Tendinopathy — How to Manage that "Pain in the Bottom"']
    assert document["url"] == "sources/004_dfda55583e36a3a5.html"
    assert "004_dfda55583e36a3a5" in document["synonyms"]
    assert all((site / e["url"]).is_file() for e in entries)


def test_the_aggravation_map_groups_loads_by_load_type(site):
    text = (site / "aggravation.html").read_text(encoding="utf-8")
    assert "compressive load" in text
    group = text.split('id="load-1"')[1].split("</section>")[0]
    assert "compressive load</a>" in group.split("</h2>")[0]
    assert ">prolonged sitting</a>" in group
    assert "<svg" in text and "What will aggravate an unhappy tendon?" in text


def test_the_disagreements_and_sources_pages(site):
    disagreements = (site / "disagreements.html").read_text(encoding="utf-8")
    for row in lookups.list_category("disagreements"):
        assert row["label"] in disagreements
    assert "several hours later or even the next day" in disagreements
    sources = (site / "sources.html").read_text(encoding="utf-8")
    assert sources.count('class="document"') == 5
    assert "What will aggravate an unhappy tendon?" in sources
    document = (site / "sources" / "004_dfda55583e36a3a5.html").read_text(encoding="utf-8")
    section = document.split('id="section-aggravate"')[1].split("</section>")[0]
    assert "prolonged sitting" in section and "aggravates" in section


def test_the_print_stylesheet_hides_navigation(site):
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    printed = css.split("@media print", 1)[1]
    assert ".site-header" in printed and "display: none" in printed
    assert ".chip.chip-Activity" in css


def test_the_diagrams_ask_for_nodes_and_facts_once_per_build(monkeypatch):
    """One DiagramCache serves every page: diagram-term and diagram-edges run once each,
    not once per node and per page."""
    from collections import Counter

    from phtkg.site import build
    from phtkg.store import queries
    from phtkg.store.embedded import load_turtle

    asked: Counter = Counter()
    load = queries.load_query

    def counting(name, folder=None):
        asked[name] += 1
        return load(name, folder)

    monkeypatch.setattr(queries, "load_query", counting)
    files = build.site_files(load_turtle(MINI))
    assert any("<svg" in text.decode("utf-8") for text in files.values())
    assert asked["diagram-term"] == 1 and asked["diagram-edges"] == 1, asked


# ---- determinism and replacing --------------------------------------------------------------
@pytest.mark.slow  # builds the site twice
def test_two_builds_are_byte_identical(cli, tmp_path):
    """Both builds in this process: the shared site may come from another worker, and blank
    node labels differ from process to process."""
    for name in ("first", "again"):
        result = cli("site", "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.output
    first, second = tree(tmp_path / "first"), tree(tmp_path / "again")
    assert list(first) == list(second)
    different = [name for name in first if first[name] != second[name]]
    assert not different, different[:5]


def test_a_site_is_replaced_by_a_new_build(cli, tmp_path):
    folder = tmp_path / "out"
    assert cli("--ontology", str(MINI), "site", "-o", str(folder)).exit_code == 0
    (folder / "index.html").write_text("old")
    (folder / "mine.html").write_text("a file of the user's")
    result = cli("--ontology", str(MINI), "site", "-o", str(folder))
    assert result.exit_code == 0, result.output
    assert (folder / "index.html").read_text() != "old"
    assert (folder / "mine.html").read_text() == "a file of the user's"  # tests/test_files.py
    assert (folder / "terms" / "ProlongedSitting.html").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left


def test_an_empty_folder_is_used(cli, tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    assert cli("--ontology", str(MINI), "site", "-o", str(folder)).exit_code == 0
    assert (folder / "index.html").is_file()


def test_the_ontology_option_is_used(cli, tmp_path):
    folder = tmp_path / "mini"
    result = cli("--ontology", str(MINI), "site", "-o", str(folder))
    assert result.exit_code == 0, result.output
    assert "wrote " in result.stdout
    assert (folder / "terms" / "RecalcitrantProximalHamstringTendinopathy.html").is_file()
    assert not (folder / "terms" / "HamstringStrain.html").exists()


# ---- errors ---------------------------------------------------------------------------------
def test_a_foreign_folder_is_refused_and_untouched(cli, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    (folder / "index.html").write_text("<p>my own page</p>")
    before = tree(folder)
    result = cli("--ontology", str(MINI), "site", "-o", str(folder))
    assert_one_line_error(result, contains="choose an empty or new folder")
    assert tree(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_a_file_as_output_is_refused(cli, tmp_path):
    target = tmp_path / "file.html"
    target.write_text("x")
    assert_one_line_error(
        cli("--ontology", str(MINI), "site", "-o", str(target)), contains="is a file"
    )
    assert target.read_text() == "x"


def test_output_is_required(cli):
    assert_one_line_error(cli("site"), contains="--output")


def test_an_unreadable_ontology_is_one_line(cli, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle <")
    out = tmp_path / "out"
    assert_one_line_error(
        cli("--ontology", str(broken), "site", "-o", str(out)), contains="cannot read the ontology"
    )
    assert not out.exists()


def test_a_folder_that_cannot_be_made_is_one_line(cli, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert_one_line_error(
        cli("--ontology", str(MINI), "site", "-o", str(blocker / "site")),
        contains="cannot write the site",
    )


def test_a_failed_build_leaves_the_old_site(cli, tmp_path, monkeypatch):
    folder = tmp_path / "out"
    assert cli("--ontology", str(MINI), "site", "-o", str(folder)).exit_code == 0
    before = tree(folder)

    def broken_fill(staging, files):
        (staging / "index.html").write_text("half")
        raise OSError(28, "No space left on device", str(staging / "terms"))

    monkeypatch.setattr(writer, "_fill", broken_fill)
    result = cli("--ontology", str(MINI), "site", "-o", str(folder))
    assert_one_line_error(result, contains="No space left on device")
    assert tree(folder) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_terms_that_would_share_a_page_are_one_line(cli, tmp_path):
    clash = tmp_path / "clash.ttl"
    clash.write_text(
        MINI.read_text(encoding="utf-8")
        + """
<https://example.org/other/recoverytimedoca> a owl:NamedIndividual, pht:RecoveryTimeEstimate ;
    rdfs:label "another recovery time"@en .
""",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert_one_line_error(
        cli("--ontology", str(clash), "site", "-o", str(out)), contains="would share the page"
    )
    assert not out.exists()
