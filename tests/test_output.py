"""Output formatters."""

import csv
import io
import json

import pytest

from phtkg.output.rows import (
    default_format,
    describe_text,
    render,
    render_description,
    to_csv,
    to_json,
    to_table,
    to_tsv,
)

ROWS = [
    {"id": "pht:A", "label": "alpha", "sources": ["doc_a", "doc_b"]},
    {"id": "pht:LongerName", "label": "with, comma\tand tab", "sources": ["doc_c"]},
]


def test_table_aligns_columns_and_joins_lists():
    lines = to_table(ROWS).splitlines()
    assert lines[0].split() == ["id", "label", "sources"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert "doc_a, doc_b" in lines[2]
    starts = [
        line.index("alpha" if i == 2 else "with") for i, line in enumerate(lines[2:], start=2)
    ]
    assert starts[0] == starts[1] == lines[0].index("label")


def test_table_shortens_long_cells():
    text = to_table([{"id": "x", "definition": "word " * 40}], max_width=20)
    assert "…" in text and max(len(line) for line in text.splitlines()) < 40


def test_table_columns_pick_and_order():
    lines = to_table(ROWS, ["label", "id"]).splitlines()
    assert lines[0].split() == ["label", "id"]


def test_json_is_an_array_of_objects_with_lists():
    assert json.loads(to_json(ROWS)) == ROWS


def test_csv_quotes_and_joins_lists_with_semicolons():
    parsed = list(csv.DictReader(io.StringIO(to_csv(ROWS))))
    assert parsed[0]["sources"] == "doc_a;doc_b"
    assert parsed[1]["label"] == "with, comma\tand tab"


def test_tsv_has_one_line_per_row_and_no_tabs_inside_cells():
    lines = to_tsv(ROWS).splitlines()
    assert lines[0] == "id\tlabel\tsources"
    assert lines[1] == "pht:A\talpha\tdoc_a;doc_b"
    assert lines[2].split("\t") == ["pht:LongerName", "with, comma and tab", "doc_c"]


def test_empty_rows_still_give_a_header_when_columns_are_known():
    assert to_tsv([], ["id", "label"]) == "id\tlabel\n"
    assert json.loads(render([], "json")) == []


def test_unknown_format_is_an_error():
    with pytest.raises(ValueError, match="unknown format"):
        render(ROWS, "xml")


class FakeStream:
    def __init__(self, tty):
        self.tty = tty

    def isatty(self):
        return self.tty


def test_default_format_depends_on_the_terminal():
    assert default_format(FakeStream(True)) == "table"
    assert default_format(FakeStream(False)) == "tsv"


DESCRIPTION = {
    "id": "pht:X",
    "iri": "https://w3id.org/phtkg/X",
    "label": "x thing",
    "kind": "class",
    "category": "activity",
    "definition": "A thing.",
    "sources": ["doc_a"],
    "synonyms": ["ex"],
    "xrefs": [],
    "parents": [{"id": "pht:Activity", "label": "activity", "sources": []}],
    "children": [],
    "types": [],
    "values": [],
    "claims": [],
    "relationships": [
        {
            "id": "pht:X",
            "label": "x thing",
            "relation": "aggravates",
            "direction": "out",
            "other": "pht:Y",
            "other_label": "y thing",
            "sources": ["doc_a"],
            "inherited_from": "",
            "disagreements": [],
            "note": "",
        }
    ],
}


def test_description_as_text_and_rows():
    text = describe_text(DESCRIPTION)
    assert text.startswith("x thing  (pht:X)")
    assert "A thing." in text and "activity (pht:Activity)" in text and "y thing" in text
    rows = render_description([DESCRIPTION], "tsv").splitlines()
    assert rows[0].split("\t")[:4] == ["id", "label", "relation", "direction"]
    assert rows[1].startswith("pht:X\tx thing\taggravates\tout\tpht:Y")
    assert json.loads(render_description([DESCRIPTION], "json")) == [DESCRIPTION]
