"""A small SPARQL tokenizer: enough to see a query's shape without a full parser.

``phtkg query`` needs a few facts about a query before it runs it: its form (SELECT,
ASK, CONSTRUCT, DESCRIBE or an update), the prefixes it declares, the IRIs of its
FROM / FROM NAMED clauses, the variables it mentions, and whether a SERVICE keyword
occurs; the query loader needs the form, and the remote engine the outermost WHERE
group, where it binds values. Regular expressions over the raw text get these wrong as soon as a string,
an IRI or a comment contains such a word, so this module splits the text into tokens
the way the SPARQL grammar does (strings, IRIs, comments, prefixed names, variables,
language tags, keywords) and answers from the tokens. It never needs rdflib, so it
is cheap enough to run on every query.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace

_ASCII_NAME_START = "A-Za-z"
_ASCII_NAME_CHAR = "0-9_\\-"
_NAME_START = _ASCII_NAME_START + (
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_NAME_CHAR = _NAME_START + _ASCII_NAME_CHAR + "\u00b7\u0300-\u036f\u203f-\u2040"


@lru_cache(maxsize=2)
def _patterns(ascii_only: bool) -> SimpleNamespace:
    """The token patterns, compiled on first use.

    Names may use most of Unicode, and those character classes take some 40 ms to
    compile, which every lookup would pay. A text that is all ASCII (every bundled
    query) is matched the same by the ASCII part of each class, so it gets patterns
    compiled from that part alone.
    """
    start = _ASCII_NAME_START if ascii_only else _NAME_START
    char = start + _ASCII_NAME_CHAR if ascii_only else _NAME_CHAR
    return SimpleNamespace(
        whitespace=re.compile(r"\s+"),
        comment=re.compile(r"#[^\n\r]*"),
        long_string=re.compile(
            r'"""(?:[^"\\]|\\.|"(?!""))*"""|'
            r"'''(?:[^'\\]|\\.|'(?!''))*'''",
            re.S,
        ),
        string=re.compile(r'"(?:[^"\\\n\r]|\\.)*"|' r"'(?:[^'\\\n\r]|\\.)*'"),
        iri=re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>'),
        variable=re.compile(rf"[?$][{char}]+"),
        langtag=re.compile(r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*"),
        prefix_part=re.compile(rf"(?:[{start}](?:[{char}.]*[{char}])?)?:"),
        local_part=re.compile(rf"(?:[{char}:.]|%[0-9A-Fa-f]{{2}}|\\[_~.\-!$&'()*+,;=/?#@%])*"),
        blank_node=re.compile(rf"_:[{char}](?:[{char}.]*[{char}])?"),
        word=re.compile(r"[A-Za-z_][A-Za-z0-9_]*"),
        number=re.compile(r"[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?"),
    )


UPDATE_KEYWORDS = frozenset(
    ["INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"]
)
QUERY_FORMS = frozenset(["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"])
_DECLARATION_LENGTHS = {"BASE": 2, "PREFIX": 3}  # BASE <iri>, PREFIX name: <iri>


@dataclass(frozen=True)
class Token:
    kind: str  # keyword, pname, iri, var, string, bnode, langtag, number, punct
    text: str
    start: int  # offset in the query text

    @property
    def keyword(self) -> str:
        return self.text.upper() if self.kind == "keyword" else ""


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into SPARQL tokens, dropping whitespace and comments.

    Unknown characters become one-character ``punct`` tokens, so the tokenizer never
    fails: a malformed query is the parser's business, not ours.
    """
    return list(iter_tokens(text))


def iter_tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text`` one at a time, for a reader that needs only the first few."""
    p = _patterns(text.isascii())
    position, end = 0, len(text)
    while position < end:
        char = text[position]
        match = None
        kind = "punct"
        if char.isspace():
            match = p.whitespace.match(text, position)
            position = match.end()
            continue
        if char == "#":
            position = p.comment.match(text, position).end()
            continue
        if char in "\"'":
            match = p.long_string.match(text, position) or p.string.match(text, position)
            if match is None:  # an unterminated string runs to the end of the text
                yield Token("string", text[position:], position)
                return
            kind = "string"
        elif char == "<":
            match = p.iri.match(text, position)
            kind = "iri"
        elif char in "?$":
            match = p.variable.match(text, position)
            kind = "var"
        elif char == "@":
            match = p.langtag.match(text, position)
            kind = "langtag"
        elif char == "_" and text.startswith("_:", position):
            match = p.blank_node.match(text, position)
            kind = "bnode"
        elif char.isdigit() or (char == "." and text[position + 1 : position + 2].isdigit()):
            match = p.number.match(text, position)
            kind = "number"
        if match is None and (char == ":" or char.isalpha() or ord(char) > 127):
            prefix = p.prefix_part.match(text, position)
            if prefix:
                local = p.local_part.match(text, prefix.end())
                stop = local.end()
                while stop > prefix.end() and text[stop - 1] == ".":
                    stop -= 1
                yield Token("pname", text[position:stop], position)
                position = stop
                continue
            match = p.word.match(text, position)
            kind = "keyword"
        if match is None or match.end() == position:
            yield Token("punct", char, position)
            position += 1
            continue
        yield Token(kind, match.group(0), position)
        position = match.end()


def _split_prologue(tokens: Iterable[Token]) -> tuple[list[Token], Iterator[Token]]:
    """The tokens of the BASE / PREFIX declarations, and the tokens after them."""
    stream = iter(tokens)
    prologue: list[Token] = []
    for token in stream:
        length = _DECLARATION_LENGTHS.get(token.keyword)
        if length is None:
            return prologue, itertools.chain([token], stream)
        prologue += [token, *itertools.islice(stream, length - 1)]
    return prologue, stream


def query_form(tokens: Iterable[Token]) -> str:
    """SELECT, ASK, CONSTRUCT, DESCRIBE, an update keyword, or "" when unclear.

    ``tokens`` may be :func:`iter_tokens` of a text: reading stops at the form.
    """
    first = next(_split_prologue(tokens)[1], None)
    return first.keyword if first is not None else ""


def outer_where_brace(tokens: list[Token]) -> int:
    """The offset of the ``{`` that opens the outermost WHERE group, or -1.

    SPARQL lets SELECT, ASK and DESCRIBE leave out the WHERE keyword, so without one the
    first top-level ``{`` is taken; a CONSTRUCT template never counts.
    """
    construct = query_form(tokens) == "CONSTRUCT"
    depth, after_where, first_open = 0, False, -1
    for token in tokens:
        if token.kind != "punct":
            after_where = after_where or (depth == 0 and token.keyword == "WHERE")
        elif token.text == "{":
            if depth == 0:
                if after_where:
                    return token.start
                if first_open < 0 and not construct:
                    first_open = token.start
            depth += 1
        elif token.text == "}":
            depth -= 1
    return first_open


def declared_prefixes(tokens: list[Token]) -> dict[str, str]:
    """``PREFIX name: <iri>`` declarations of the prologue (name without the colon)."""
    prefixes: dict[str, str] = {}
    for index, token in enumerate(tokens):
        if token.keyword == "PREFIX" and index + 2 < len(tokens):
            name, iri = tokens[index + 1], tokens[index + 2]
            if name.kind == "pname" and name.text.endswith(":") and iri.kind == "iri":
                prefixes[name.text[:-1]] = iri.text[1:-1]
    return prefixes


def base_declaration(tokens: list[Token]) -> str | None:
    """The IRI of a ``BASE <iri>`` in the prologue, if any (the last one wins)."""
    base = None
    prologue = _split_prologue(tokens)[0]
    for index, token in enumerate(prologue):
        following = prologue[index + 1] if index + 1 < len(prologue) else None
        if token.keyword == "BASE" and following is not None and following.kind == "iri":
            base = following.text[1:-1]
    return base


def dataset_clauses(tokens: list[Token]) -> list[tuple[bool, Token]]:
    """(named?, IRI or prefixed-name token) for each top-level FROM / FROM NAMED."""
    clauses = []
    depth = 0
    for index, token in enumerate(tokens):
        if token.text == "{" and token.kind == "punct":
            depth += 1
        elif token.text == "}" and token.kind == "punct":
            depth -= 1
        elif depth == 0 and token.keyword == "FROM":
            named = index + 1 < len(tokens) and tokens[index + 1].keyword == "NAMED"
            target = index + (2 if named else 1)
            if target < len(tokens) and tokens[target].kind in ("iri", "pname"):
                clauses.append((named, tokens[target]))
    return clauses


def variables(tokens: list[Token]) -> set[str]:
    """The names of the variables the query mentions (without ``?`` or ``$``)."""
    return {token.text[1:] for token in tokens if token.kind == "var"}


def service_tokens(tokens: list[Token]) -> list[Token]:
    """Every SERVICE keyword token (strings, IRIs, comments and names are not keywords)."""
    return [token for token in tokens if token.keyword == "SERVICE"]


def lowercase_booleans(text: str, tokens: list[Token]) -> str:
    """``text`` with the keywords ``TRUE`` / ``False`` … written as ``true`` / ``false``.

    SPARQL keywords are case-insensitive, boolean literals included, but some engines
    accept them only in lower case. The text keeps its length, so token offsets and
    error positions stay right.
    """
    for token in tokens:
        if token.keyword in ("TRUE", "FALSE") and token.text != token.text.lower():
            end = token.start + len(token.text)
            text = text[: token.start] + token.text.lower() + text[end:]
    return text


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
