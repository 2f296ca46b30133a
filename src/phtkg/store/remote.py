"""Ask a SPARQL 1.1 endpoint instead of the embedded graph.

:class:`RemoteEngine` answers the same ``query(text, substitutions, base_iri)`` call as
the local engine, with pyoxigraph result objects, so named queries and lookups run
unchanged against Oxigraph, Virtuoso, Fuseki, QLever or GraphDB. SPARQLWrapper builds the
protocol request (query, ``default-graph-uri``, ``Accept``); the request is sent by an
opener of our own (:mod:`phtkg.store.http`) so that connect and read timeouts differ,
digest credentials stay in this engine (SPARQLWrapper would install a process-wide
opener for them) and only connection failures are retried.

Substituted values are written into a ``VALUES`` block at the start of the outermost
``WHERE`` group, each term serialised and escaped as SPARQL syntax, so user text is
only ever a value. Results are normalised for what real stores send (Virtuoso's
``typed-literal``, its ``nodeID://`` blank nodes) before pyoxigraph parses them.
Every failure is a :class:`RemoteError` with a one-line message that never contains
credentials.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request

from phtkg.sparql.lexer import QUERY_FORMS, iter_tokens, outer_where_brace, query_form, tokenize
from phtkg.timeouts import DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_RETRIES

from . import syntaxes
from .http import USER_AGENT, RemoteError, Transport, check_url, safe_url

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANG = re.compile(r"^[A-Za-z]+(-[A-Za-z0-9]+)*$")
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
    document = json.loads(data)
    results = document.get("results")
    if not isinstance(results, dict):
        return data
    labels: dict[str, str] = {}
    for binding in results.get("bindings", []):
        for value in binding.values():
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
    """pyoxigraph results for the body of a query response."""
    import pyoxigraph

    media = (content_type or "").split(";")[0].strip().lower()
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
        return pyoxigraph.parse_query_results(data, format=results_format)
    except (SyntaxError, ValueError) as error:
        raise RemoteError(f"cannot read the endpoint's answer: {error}") from error


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
    ):
        check_url(endpoint)
        if graph is not None:
            iri_syntax(graph)
        self.endpoint = endpoint
        self.graph = graph
        self.user = user
        self.auth = auth
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.retries = retries
        self._transport = Transport(
            endpoint, user, password, auth, connect_timeout, read_timeout, retries
        )

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
        body, content_type = self._transport.send(self._request(text, form))
        return parse_results(body, content_type, form)

    def _request(self, text: str, form: str) -> urllib.request.Request:
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
