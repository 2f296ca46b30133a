"""Ask a SPARQL 1.1 endpoint instead of the embedded graph.

:class:`RemoteEngine` answers the same ``query(text, substitutions, base_iri)`` call as
the local engine, with pyoxigraph result objects, so named queries and lookups run
unchanged against Oxigraph, Virtuoso, Fuseki, QLever or GraphDB. SPARQLWrapper builds the
protocol request (query, ``default-graph-uri``, ``Accept``); :mod:`phtkg.store.http`
sends it within the command's limits (timeouts, the total deadline, the largest answer)
with the endpoint's credentials, and pyoxigraph's result parsers read the answer.

Substituted values are written into a ``VALUES`` block at the start of the outermost
``WHERE`` group, each term serialised and escaped as SPARQL syntax, so user text is
only ever a value. Results are normalised for what real stores send (Virtuoso's
``typed-literal``, its ``nodeID://`` blank nodes) before pyoxigraph parses them, and
parsed whole before they are handed on, so a malformed answer is one error here rather
than a failure halfway through printing it. Every failure is a :class:`RemoteError` with
a one-line message that never contains credentials.
"""

from __future__ import annotations

import json
import re
from collections import deque

from phtkg.sparql.lexer import QUERY_FORMS, iter_tokens, outer_where_brace, query_form, tokenize
from phtkg.timeouts import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_MB,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_RETRIES,
    DEFAULT_TOTAL_TIMEOUT,
    Deadline,
)

from . import syntaxes
from .http import USER_AGENT, RemoteError, Transport, safe_url, without_userinfo

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANG = re.compile(r"^[A-Za-z]+(-[A-Za-z0-9]+)*$")
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: What a CONSTRUCT or DESCRIBE is asked to answer in: N-Triples, else Turtle or RDF/XML.
_GRAPH_ACCEPT = syntaxes.accept_header(("nt", 1), ("turtle", 0.9), ("xml", 0.5))


# ---- writing values -------------------------------------------------------------------
def _escape(value: str) -> str:
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def iri_syntax(iri: str) -> str:
    """``<iri>``; an IRI with characters an IRIREF cannot hold is refused."""
    if _IRI_FORBIDDEN.search(iri):
        raise RemoteError(f"not a valid IRI: {iri!r}")
    return f"<{iri}>"


def check_graph_iri(iri: str) -> None:
    """Refuse an empty or relative graph IRI: a store would put the triples elsewhere."""
    if not iri or not iri.strip():
        raise RemoteError(
            "the graph IRI is empty: give an absolute IRI such as https://example.org/graph"
        )
    if not _ABSOLUTE_IRI.match(iri):
        raise RemoteError(f"not an absolute IRI: {iri!r} (it needs a scheme, such as https:)")
    iri_syntax(iri)


def term_syntax(term) -> str:
    """The SPARQL syntax of a pyoxigraph IRI or literal, escaped so it stays one value."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return iri_syntax(term.value)
    if isinstance(term, pyoxigraph.Literal):
        text = f'"{_escape(term.value)}"'
        if term.language:
            if not _LANG.match(term.language):
                raise RemoteError(f"not a valid language tag: {term.language!r}")
            return f"{text}@{term.language}"
        datatype = term.datatype.value if term.datatype is not None else XSD_STRING
        return text if datatype == XSD_STRING else f"{text}^^{iri_syntax(datatype)}"
    if isinstance(term, str):
        return f'"{_escape(term)}"'
    raise RemoteError(
        f"cannot send {type(term).__name__} as a query value (only IRIs and literals)"
    )


def values_block(substitutions: dict) -> str:
    """``VALUES (?a ?b) { (<…> "…") }`` for ``{Variable or name: term}``."""
    names, terms = [], []
    for variable, term in substitutions.items():
        name = getattr(variable, "value", variable)
        if not _VARIABLE.match(str(name)):
            raise RemoteError(f"not a valid variable name: {name!r}")
        names.append(f"?{name}")
        terms.append(term_syntax(term))
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


def bind_values(text: str, substitutions: dict | None) -> str:
    """The query with ``substitutions`` bound by a VALUES block in its outermost WHERE group."""
    if not substitutions:
        return text
    brace = outer_where_brace(tokenize(text))
    if brace < 0:
        raise RemoteError("cannot bind values: the query has no WHERE group")
    return f"{text[: brace + 1]}\n  {values_block(substitutions)}\n{text[brace + 1 :]}"


# ---- reading results ------------------------------------------------------------------
def normalise_json_results(data: bytes) -> bytes:
    """SPARQL JSON results as the W3C format says, whatever the store sent.

    Virtuoso (and other older stores) send ``"type": "typed-literal"``, which predates
    the 2013 Recommendation; it is a literal with a datatype. Blank node labels such as
    Virtuoso's ``nodeID://b10006`` are relabelled consistently, because labels are only
    meaningful inside one result set. ``xsd:string`` and ``rdf:langString`` datatypes
    that some stores add are dropped, as RDF 1.1 makes them implicit.
    """
    try:
        document = json.loads(data)
    except ValueError as error:
        raise RemoteError(f"the endpoint's answer is not JSON: {error}") from None
    results = document.get("results") if isinstance(document, dict) else None
    if not isinstance(results, dict):
        return data
    labels: dict[str, str] = {}
    for binding in results.get("bindings", []):
        if not isinstance(binding, dict):
            raise RemoteError(
                "the endpoint's answer is not valid SPARQL results: a row is not an object"
            )
        for value in binding.values():
            if not isinstance(value, dict):
                raise RemoteError(
                    "the endpoint's answer is not valid SPARQL results: a value is not an object"
                )
            kind = value.get("type")
            if kind == "typed-literal":
                value["type"] = "literal"
            if value.get("type") == "literal":
                if value.get("datatype") == XSD_STRING or "xml:lang" in value:
                    value.pop("datatype", None)
            elif kind == "bnode":
                value["value"] = labels.setdefault(value["value"], f"b{len(labels)}")
    return json.dumps(document).encode("utf-8")


def parse_results(data: bytes, content_type: str, form: str):
    """pyoxigraph results for the body of a query response, checked whole.

    pyoxigraph reads solutions lazily, so a row that names a variable the head does not
    declare, or holds an invalid IRI, would fail only when a command prints it: the
    answer is read through once here, then parsed again for the caller.
    """
    import pyoxigraph

    media = (content_type or "").split(";")[0].strip().lower()
    results = None
    try:
        if form in ("CONSTRUCT", "DESCRIBE"):
            syntax = syntaxes.by_media_type(media) or syntaxes.named("nt")
            triples = pyoxigraph.parse(data, format=syntax.oxigraph_format())
            return [quad.triple for quad in triples]
        results_format = pyoxigraph.QueryResultsFormat.from_media_type(media) if media else None
        if results_format is None and media in ("application/json", "text/json", ""):
            results_format = pyoxigraph.QueryResultsFormat.JSON
        if results_format is None:
            raise RemoteError(f"the endpoint answered with {media!r}, not SPARQL results")
        if results_format == pyoxigraph.QueryResultsFormat.JSON:
            data = normalise_json_results(data)
        results = pyoxigraph.parse_query_results(data, format=results_format)
        if isinstance(results, pyoxigraph.QuerySolutions):
            deque(results, maxlen=0)  # read every row, keep none
            results = pyoxigraph.parse_query_results(data, format=results_format)
        return results
    except (SyntaxError, ValueError) as error:
        problem = " ".join(str(error).split())
    # Raised here, with no reference left to pyoxigraph's objects: they may only be
    # freed by the thread that made them, and an exception's frames outlive this call.
    results = None
    raise RemoteError(f"the endpoint's answer is not valid SPARQL results: {problem}")


# ---- the engine -------------------------------------------------------------------------
class RemoteEngine:
    """A SPARQL 1.1 query endpoint, optionally scoped to one graph with ``default-graph-uri``.

    Scoping matters: some stores (Virtuoso) show an unscoped query every graph, their own
    system graphs included.
    """

    def __init__(
        self,
        endpoint: str,
        graph: str | None = None,
        user: str | None = None,
        password: str | None = None,
        auth: str = "basic",
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        total_timeout: float | None = DEFAULT_TOTAL_TIMEOUT,
        max_response_mb: float | None = DEFAULT_MAX_RESPONSE_MB,
        deadline: Deadline | None = None,
    ):
        if graph is not None:
            check_graph_iri(graph)
        self._transport = Transport(
            endpoint,
            user,
            password,
            auth,
            connect_timeout,
            read_timeout,
            retries,
            total_timeout,
            max_response_mb,
            deadline,
        )
        self.endpoint = without_userinfo(endpoint)
        self.graph = graph
        self.auth = auth

    def __repr__(self) -> str:
        return f"RemoteEngine({safe_url(self.endpoint)!r}, graph={self.graph!r})"

    def query(self, text: str, substitutions: dict | None = None, base_iri: str | None = None):
        form = query_form(iter_tokens(text))
        if form not in QUERY_FORMS:
            raise RemoteError(
                f"only read-only queries are sent to {safe_url(self.endpoint)} "
                f"(SELECT, ASK, CONSTRUCT, DESCRIBE), not {form or 'this text'}"
            )
        text = bind_values(text, substitutions)
        if base_iri:
            text = f"BASE {iri_syntax(base_iri)}\n{text}"
        request = self._request(text, form)
        body, content_type = self._transport.send(
            request.get_method(),
            request.full_url,
            content=request.data,
            headers=dict(request.header_items()),
        )
        return parse_results(body, content_type, form)

    def _request(self, text: str, form: str):
        """The protocol request, built by SPARQLWrapper: POST, URL-encoded, conneg only."""
        from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper

        wrapper = SPARQLWrapper(self.endpoint, agent=USER_AGENT)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setOnlyConneg(True)
        wrapper.setReturnFormat(TURTLE if form in ("CONSTRUCT", "DESCRIBE") else JSON)
        wrapper.setQuery(text)
        # SPARQLWrapper guesses the form with a regular expression that can stop at a word
        # in a comment ("load types" reads as LOAD, an update); our scan knows better.
        wrapper.queryType = form
        if self.graph:
            wrapper.addDefaultGraph(self.graph)
        request = wrapper._createRequest()
        if form in ("CONSTRUCT", "DESCRIBE"):
            request.add_header("Accept", _GRAPH_ACCEPT)
        else:
            request.add_header(
                "Accept", "application/sparql-results+json, application/sparql-results+xml;q=0.5"
            )
        return request
