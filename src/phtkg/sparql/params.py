"""Read ``--param NAME=VALUE`` into a variable name and an RDF term.

The VALUE syntax follows Turtle, so that what a user writes means what it would mean
in a query:

====================================  ==========================================
``<https://w3id.org/phtkg/Sitting>``  an IRI
``pht:Sitting``                       a CURIE with a known prefix (the project's
                                      prefixes and those the query declares)
``"sitting"``                         a plain string literal
``"sitting"@en``                      a literal with a language tag
``"3"^^xsd:integer``                  a typed literal (datatype as CURIE or <IRI>)
``3``, ``-2.5``, ``1e3``              xsd:integer, xsd:decimal, xsd:double
``true``, ``false``                   xsd:boolean
anything else                         a plain string literal, exactly as written
====================================  ==========================================

Inside double quotes, ``\\"`` and ``\\\\`` (and ``\\n``, ``\\t``) are escapes. A value
that looks like a CURIE with an unknown prefix (``http://…`` without angle brackets,
``foo:bar``) is an error rather than a silent literal: quote it for a literal, or put
an IRI in ``<…>``. The value becomes a pyoxigraph term that is bound to the variable
(never pasted into the query text), so any character in it is data.
"""

from __future__ import annotations

import re

from phtkg import namespaces

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(\S+))?', re.S)
_CURIE = re.compile(r"([A-Za-z][\w.-]*)?:(\S*)")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")
_DOUBLE = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+")
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


class ParamError(ValueError):
    """A --param is not NAME=VALUE, or its value is not a valid term."""


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text, flags=re.S)


def _iri(text: str, prefixes: dict[str, str], original: str):
    import pyoxigraph

    if text.startswith("<") and text.endswith(">"):
        iri = text[1:-1]
    else:
        match = _CURIE.fullmatch(text)
        prefix = (match.group(1) or "") if match else None
        if match is None or prefix not in prefixes:
            raise ParamError(
                f"unknown prefix {prefix + ':' if prefix is not None else text!r} in "
                f'{original!r}; write an IRI as <…>, or quote text as "…"'
            )
        iri = prefixes[prefix] + match.group(2)
    try:
        return pyoxigraph.NamedNode(iri)
    except ValueError as error:
        raise ParamError(f"not a valid IRI in {original!r}: {error}") from error


def parse_term(value: str, prefixes: dict[str, str] | None = None):
    """The pyoxigraph term that ``value`` denotes (see the module's table)."""
    import pyoxigraph

    prefixes = {**namespaces.PREFIXES, **namespaces.XREF_PREFIXES, **(prefixes or {})}
    xsd = namespaces.XSD
    text = value.strip()
    if text.startswith("<"):
        if not text.endswith(">"):
            raise ParamError(f"an IRI in <…> is not closed: {value!r}")
        return _iri(text, prefixes, value)
    if text.startswith('"'):
        match = _QUOTED.fullmatch(text)
        if match is None:
            raise ParamError(
                f"cannot read the quoted literal {value!r}; "
                'write "text", "text"@en or "text"^^xsd:type'
            )
        lexical = _unescape(match.group(1))
        if match.group(2):
            return pyoxigraph.Literal(lexical, language=match.group(2))
        if match.group(3):
            return pyoxigraph.Literal(lexical, datatype=_iri(match.group(3), prefixes, value))
        return pyoxigraph.Literal(lexical)
    for pattern, datatype in ((_INTEGER, "integer"), (_DECIMAL, "decimal"), (_DOUBLE, "double")):
        if pattern.fullmatch(text):
            return pyoxigraph.Literal(text, datatype=pyoxigraph.NamedNode(xsd + datatype))
    if text in ("true", "false"):
        return pyoxigraph.Literal(text, datatype=pyoxigraph.NamedNode(xsd + "boolean"))
    curie = _CURIE.fullmatch(text)
    if curie and (curie.group(1) is not None or "" in prefixes):
        return _iri(text, prefixes, value)
    return pyoxigraph.Literal(value)


def parse_param(spec: str, prefixes: dict[str, str] | None = None) -> tuple[str, object]:
    """``NAME=VALUE`` (``?NAME=`` also accepted) into (name, term)."""
    name, sep, value = spec.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not _NAME.fullmatch(name):
        raise ParamError(f"--param {spec!r} is not NAME=VALUE (for example term=pht:Sitting)")
    return name, parse_term(value, prefixes)
