"""Format lookup rows as an aligned table, Markdown, JSON, CSV or TSV.

Tables are for people (lists joined with ", ", long cells shortened), and so is Markdown
(nothing shortened); JSON keeps lists as lists; CSV and TSV are for spreadsheets and
shell pipes (lists joined with ";").
"""

from __future__ import annotations

import sys

from phtkg.output.text import aligned_table, markdown_table, visible

FORMATS = ("table", "json", "csv", "tsv")
#: The formats of the commands that also write a Markdown table (``md``).
FORMATS_WITH_MD = (*FORMATS, "md")


def default_format(stream=None) -> str:
    """``table`` when writing to a terminal, else ``tsv``."""
    stream = stream if stream is not None else sys.stdout
    isatty = getattr(stream, "isatty", None)
    return "table" if isatty is not None and isatty() else "tsv"


def columns_of(rows: list[dict]) -> list[str]:
    """The keys of all rows, in first-seen order."""
    columns: list[str] = []
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    return columns


def cell_text(value, list_separator: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return list_separator.join(cell_text(item, list_separator) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


#: Columns a table never cuts: every answer must show all of its sources.
_NEVER_SHORTENED = {"sources"}


def _shorten(text: str, width: int | None) -> str:
    text = " ".join(text.split())
    if width is None or len(text) <= width:
        return text
    return text[: width - 1].rstrip() + "…"


def to_table(rows: list[dict], columns: list[str] | None = None, max_width: int | None = 60) -> str:
    """Aligned columns with a header line; cells longer than ``max_width`` are shortened."""
    columns = columns or columns_of(rows)
    if not columns:
        return ""
    header = [column.replace("_", " ") for column in columns]
    body = [
        [
            _shorten(
                cell_text(row.get(column), ", "), None if column in _NEVER_SHORTENED else max_width
            )
            for column in columns
        ]
        for row in rows
    ]
    return aligned_table(header, body)


def to_markdown(rows: list[dict], columns: list[str] | None = None) -> str:
    """A Markdown table of the rows, lists joined with ``, ``."""
    columns = columns or columns_of(rows)
    body = [[cell_text(row.get(column), ", ") for column in columns] for row in rows]
    return markdown_table(columns, body)


def to_json(rows) -> str:
    """A JSON array of objects (or any JSON-able structure), lists kept as lists."""
    import json  # each format's module only when that format is written

    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: list[dict], columns: list[str] | None = None) -> str:
    import csv
    import io

    columns = columns or columns_of(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell_text(row.get(column), ";") for column in columns])
    return buffer.getvalue()


def to_tsv(rows: list[dict], columns: list[str] | None = None) -> str:
    """Tab-separated, no quoting; tabs and line breaks inside cells become spaces."""
    columns = columns or columns_of(rows)

    def clean(value) -> str:
        return " ".join(cell_text(value, ";").split())

    lines = ["\t".join(columns)]
    lines += ["\t".join(clean(row.get(column)) for column in columns) for row in rows]
    return "\n".join(lines) + "\n"


def render(rows: list[dict], fmt: str, columns: list[str] | None = None) -> str:
    """Rows in format ``fmt``; ``columns`` picks and orders the table/CSV/TSV columns."""
    if fmt == "table":
        return to_table(rows, columns)
    if fmt == "json":
        return to_json(rows)
    if fmt == "csv":
        return to_csv(rows, columns)
    if fmt == "tsv":
        return to_tsv(rows, columns)
    if fmt == "md":
        return to_markdown(rows, columns)
    raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS_WITH_MD)}")


# ---- describe -------------------------------------------------------------------------
RELATIONSHIP_COLUMNS = [
    "direction",
    "relation",
    "other_label",
    "other",
    "inherited_from",
    "sources",
]


def _names(items: list[dict]) -> str:
    return ", ".join(f"{item['label']} ({item['id']})" for item in items)


def describe_text(description: dict) -> str:
    """A readable block for one described term: its facts, then its relationships
    (control characters shown as escapes, as in every table)."""
    d = description
    lines = [f"{d['label']}  ({d['id']})"]

    def field(name: str, value: str) -> None:
        if value:
            lines.append(f"  {name + ':':<18}{value}")

    field("category", d["category"])
    field("definition", d["definition"])
    field("sources", ", ".join(d["sources"]))
    field("synonyms", ", ".join(d["synonyms"]))
    field("types", _names(d["types"]))
    field("parents", _names(d["parents"]))
    field("children", _names(d["children"]))
    for xref in d["xrefs"]:
        field(xref["relation"].split(":")[-1], xref["id"])
    for value in d["values"]:
        shown = (
            f"{value['value_label']} ({value['value']})" if value["value_label"] else value["value"]
        )
        field(value["property_label"], f"{shown}  [{', '.join(value['sources'])}]")
    if d["claims"]:
        lines.append("  claims:")
        for claim in d["claims"]:
            stated = f": {claim['stated_value']}" if claim.get("stated_value") else ""
            lines.append(
                f"    {claim['subject_label']} {claim['relation']} {claim['object_label']}"
                f"{stated}  [{', '.join(claim['sources'])}]"
            )
    if d.get("sides"):
        lines.append("  sides:")
        for side in d["sides"]:
            where = "; ".join(side["sections"])
            lines.append(f"    [{', '.join(side['sources'])}{' § ' + where if where else ''}]")
            lines.append(f"      {side['claim']}")
            if side["correction"]:
                lines.append(f"      correction: {side['correction']}")
    if d["relationships"]:
        lines.append("  relationships:")
        rows = d["relationships"]
        columns = (
            RELATIONSHIP_COLUMNS
            + (["evidence"] if any(row.get("evidence") != "stated" for row in rows) else [])
            + (["strength"] if any(row.get("strength") for row in rows) else [])
            + (["disagreements"] if any(row.get("disagreements") for row in rows) else [])
        )
        table = to_table(d["relationships"], columns, max_width=None)
        lines.extend("    " + line for line in table.rstrip("\n").split("\n"))
    return "\n".join(visible(line) for line in lines) + "\n"


def render_description(descriptions: list[dict], fmt: str) -> str:
    """``describe`` output: text blocks, the full structure as JSON, or relationship rows."""
    if fmt == "table":
        return "\n".join(describe_text(d) for d in descriptions)
    if fmt == "json":
        return to_json(descriptions)
    rows = [row for d in descriptions for row in d["relationships"]]
    columns = [
        "id",
        "label",
        "relation",
        "direction",
        "other",
        "other_label",
        "inherited_from",
        "sources",
        "evidence",
        "strength",
        "scope",
    ]
    return render(rows, fmt, columns)
