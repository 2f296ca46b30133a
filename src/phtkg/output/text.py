r"""Tables for people: aligned plain-text columns and Markdown, the one writer of each.

Both take cells that are already text; :mod:`.rows` (lookup answers) and
:mod:`.results` (SPARQL results) turn their values into text first.

Text from the graph may hold control characters: an ANSI escape sequence in a label
would recolour, clear or retitle the reader's terminal, and a bidirectional control
would show the cells in another order than they are. In these tables every such
character is written as a Python escape (ESC as ``\x1b``, RIGHT-TO-LEFT OVERRIDE as
``\u202e``), which reads unambiguously and can be pasted back into a query. The formats
for programs (JSON, CSV, TSV and the RDF syntaxes) keep the data exactly as it is.
"""

from __future__ import annotations

import re

#: C0 and C1 controls, DEL, and the Unicode bidirectional marks, embeddings,
#: overrides and isolates.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    r"""``text`` with each control character written as its escape (``\x1b``)."""
    return _CONTROL.sub(_escape, text)


def aligned_table(header: list[str], body: list[list[str]]) -> str:
    """Columns padded to their widest cell, under the header and a rule of dashes."""
    if not header:
        return ""
    header = [visible(text) for text in header]
    body = [[visible(text) for text in line] for line in body]
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
    """One line, with control characters shown as escapes (:func:`visible`) and the
    characters that would end a cell or escape one escaped."""
    return visible(" ".join(text.split())).replace("\\", "\\\\").replace("|", "\\|")


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
