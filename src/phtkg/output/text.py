"""Tables for people: aligned plain-text columns and Markdown, the one writer of each.

Both take cells that are already text; :mod:`.rows` (lookup answers) and
:mod:`.results` (SPARQL results) turn their values into text first.
"""

from __future__ import annotations


def aligned_table(header: list[str], body: list[list[str]]) -> str:
    """Columns padded to their widest cell, under the header and a rule of dashes."""
    if not header:
        return ""
    widths = [
        max(len(text) for text in [header[i]] + [line[i] for line in body])
        for i in range(len(header))
    ]
    lines = [header, ["-" * width for width in widths]] + body
    return (
        "\n".join(
            "  ".join(text.ljust(width) for text, width in zip(line, widths)).rstrip()
            for line in lines
        )
        + "\n"
    )


def markdown_cell(text: str) -> str:
    """One line, with the characters that would end a cell or escape one escaped."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def markdown_table(header: list[str], body: list[list[str]]) -> str:
    """A GitHub-flavoured Markdown table."""
    if not header:
        return ""
    lines = [
        "| " + " | ".join(markdown_cell(c) for c in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(markdown_cell(c) for c in row) + " |" for row in body]
    return "\n".join(lines) + "\n"
