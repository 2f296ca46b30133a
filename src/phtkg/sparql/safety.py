"""Refuse the two things a read-only query must not do by default: update, and call out.

* **SPARQL Update** (INSERT, DELETE, LOAD, CLEAR, ...) is refused: ``phtkg query``
  only reads. The form is taken from the query's tokens, after its prologue.
* **SERVICE** makes the engine send HTTP requests to whatever address the query
  names, so a query file from someone else could reach hosts on the user's network.
  It is refused unless ``--allow-service`` is given.

The SERVICE check is made on the query's structure, never by searching the text, so
the word "SERVICE" in a string, an IRI, a comment or a prefixed name is not a SERVICE
clause. Two readers look, and either one finding a SERVICE clause refuses the query:

1. the tokens of :mod:`phtkg.sparql.lexer` (strings, IRIs, comments and names are
   tokens of their own, so only a real SERVICE keyword counts); this also gives the
   line and column for the message;
2. when the tokens show none, rdflib's SPARQL parser: the query's algebra is searched
   for a ``ServiceGraphPattern``. This guards against a tokenizer mistake. rdflib
   does not parse everything pyoxigraph accepts (RDF-star, some SPARQL 1.1 corners);
   for such a query the tokens decide alone.

A query whose text does not contain the letters "service" at all (in any case, also
after decoding ``\\u`` escapes) cannot hold a SERVICE clause and is not examined
further, so rdflib is imported only for the few queries that mention the word.
"""

from __future__ import annotations

import re

from phtkg.sparql import lexer as sparql_lexer

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class UnsafeQuery(Exception):
    """The query would update data or call a remote service without permission."""


def _decode_codepoints(text: str) -> str:
    def replace(match: re.Match) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except ValueError:
            return match.group(0)

    return _CODEPOINT.sub(replace, text)


def mentions_service(text: str) -> bool:
    """Whether the letters "service" occur anywhere, raw or after ``\\u`` decoding."""
    return "service" in text.lower() or "service" in _decode_codepoints(text).lower()


def rdflib_finds_service(text: str, base_iri: str | None = None) -> bool | None:
    """True/False from rdflib's algebra of ``text``; None when rdflib cannot parse it."""
    try:
        from rdflib.plugins.sparql.algebra import translateQuery
        from rdflib.plugins.sparql.parser import parseQuery
        from rdflib.plugins.sparql.parserutils import CompValue
    except ImportError:  # pragma: no cover - rdflib is a dependency
        return None
    try:
        algebra = translateQuery(parseQuery(text), base=base_iri).algebra
    except Exception:  # noqa: BLE001 - any parse failure means "cannot tell"
        return None

    stack = [algebra]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, set)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return False


def service_position(text: str, tokens=None, base_iri: str | None = None) -> tuple[int, int] | None:
    """(line, column) of a SERVICE clause in ``text``, or None when there is none.

    When only rdflib finds one (the tokens do not), the position is line 1, column 1.
    """
    if not mentions_service(text):
        return None
    tokens = tokens if tokens is not None else sparql_lexer.tokenize(text)
    found = sparql_lexer.service_tokens(tokens)
    if found:
        return sparql_lexer.line_column(text, found[0].start)
    if rdflib_finds_service(text, base_iri):
        return (1, 1)
    return None


def check(text: str, allow_service: bool = False, tokens=None, base_iri: str | None = None) -> None:
    """Raise :class:`UnsafeQuery` for an update, or a SERVICE clause without permission."""
    tokens = tokens if tokens is not None else sparql_lexer.tokenize(text)
    form = sparql_lexer.query_form(tokens)
    if form in sparql_lexer.UPDATE_KEYWORDS:
        raise UnsafeQuery(f"SPARQL Update ({form}) is refused: phtkg query only reads data")
    if not allow_service:
        where = service_position(text, tokens, base_iri)
        if where:
            raise UnsafeQuery(
                f"SERVICE at line {where[0]}, column {where[1]} is refused: it would send "
                "requests to another server (use --allow-service to permit it)"
            )
