"""The registry of RDF syntaxes: each entry agrees with the libraries, and every list of
syntax names the command line offers is read from it."""

from __future__ import annotations

import pyoxigraph
import pytest

from phtkg.export import RDF_FORMATS, rdf_writers
from phtkg.output import results
from phtkg.store import datasets, syntaxes

ENTRIES = [pytest.param(syntax, id=syntax.name) for syntax in syntaxes.SYNTAXES]


def test_names_aliases_and_suffixes_each_mean_one_syntax():
    names = [name for s in syntaxes.SYNTAXES for name in (s.name, *s.aliases)]
    suffixes = [suffix for s in syntaxes.SYNTAXES for suffix in s.suffixes]
    assert len(names) == len(set(names))
    assert len(suffixes) == len(set(suffixes))


@pytest.mark.parametrize("syntax", ENTRIES)
def test_pyoxigraph_reads_each_media_type_as_the_entry_says(syntax):
    if syntax.oxigraph is None:
        assert syntaxes.by_media_type(syntax.media_type) is None
        return
    for media_type in syntax.media_types:
        assert pyoxigraph.RdfFormat.from_media_type(media_type) == syntax.oxigraph_format()
        assert syntaxes.by_media_type(f"{media_type}; charset=utf-8") is syntax


@pytest.mark.parametrize("syntax", ENTRIES)
def test_every_named_writer_exists(syntax):
    if syntax.writer:
        assert callable(getattr(rdf_writers, syntax.writer))


def test_lookups_by_name_alias_suffix_and_media_type():
    assert syntaxes.named("ttl") is syntaxes.named("turtle")
    assert syntaxes.named("rdfxml") is syntaxes.named("owl") is syntaxes.named("xml")
    assert syntaxes.named("nq").name == "nquads"
    assert syntaxes.named("json", syntaxes.RESULTS).name == "json-ld"
    assert syntaxes.named("owlxml", syntaxes.OXIGRAPH_READS) is None
    assert syntaxes.by_suffix(".OWL").name == "xml"
    assert syntaxes.by_suffix(".owx", syntaxes.OXIGRAPH_READS) is None
    assert syntaxes.by_media_type("text/x-turtle").name == "turtle"  # an alias of pyoxigraph's
    assert syntaxes.by_media_type("text/html") is None
    assert syntaxes.oxigraph_format_for("unknown.suffix") == pyoxigraph.RdfFormat.TURTLE


def test_the_command_line_lists_come_from_the_registry():
    assert RDF_FORMATS == ("turtle", "xml", "nt", "nquads", "trig", "json-ld")
    assert datasets.FORMAT_NAMES == syntaxes.names(syntaxes.OXIGRAPH_READS)
    assert results.GRAPH_FORMATS == syntaxes.names(syntaxes.RESULTS)
    assert results.GRAPH_ONLY == ("turtle", "nt", "json-ld")
    assert syntaxes.help_list(syntaxes.EXPORTED).startswith("turtle, xml (RDF/XML), nt")


def test_the_accept_header_names_media_types_in_order():
    header = syntaxes.accept_header(("nt", 1), ("turtle", 0.9), ("xml", 0.5))
    assert header == "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
