"""Ask a SPARQL 1.1 endpoint instead of the embedded graph.

:class:`RemoteEngine` answers the same ``query(text, substitutions, base_iri)`` call as
the local engine, with pyoxigraph result objects, so named queries and lookups run
unchanged against Oxigraph, Virtuoso, Fuseki, QLever or GraphDB. SPARQLWrapper builds the
protocol request (query, ``default-graph-uri``, ``Accept``); the request is sent by an
opener of our own so that connect and read timeouts differ, digest credentials stay in
this engine (SPARQLWrapper would install a process-wide opener for them) and only
connection failures are retried.

Substituted values are written into a ``VALUES`` block at the start of the outermost
``WHERE`` group, each term serialised and escaped as SPARQL syntax, so user text is
only ever a value. Results are normalised for what real stores send (Virtuoso's
``typed-literal``, its ``nodeID://`` blank nodes) before pyoxigraph parses them.
Every failure is a :class:`RemoteError` with a one-line message that never contains
credentials.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

from phtkg.sparql.lexer import QUERY_FORMS, iter_tokens, outer_where_brace, query_form, tokenize
from phtkg.timeouts import DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_RETRIES

from . import syntaxes
from .dialects import ENDPOINT

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
AUTH_KINDS = ("basic", "digest")
USER_AGENT = "phtkg (SPARQL 1.1 client)"

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANG = re.compile(r"^[A-Za-z]+(-[A-Za-z0-9]+)*$")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: What a CONSTRUCT or DESCRIBE is asked to answer in: N-Triples, else Turtle or RDF/XML.
_GRAPH_ACCEPT = syntaxes.accept_header(("nt", 1), ("turtle", 0.9), ("xml", 0.5))


class RemoteError(Exception):
    """The endpoint could not be reached or refused the request; the message is one line."""

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))


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


# ---- sending requests -----------------------------------------------------------------
class ConnectTimeout(OSError):
    """Opening the connection took longer than the connect timeout."""


def _timed_connection(base, connect_timeout: float, read_timeout: float):
    """An ``http.client`` connection class with a connect timeout and a read timeout."""

    class TimedConnection(base):
        def connect(self):
            self.timeout = connect_timeout
            try:
                super().connect()
            except TimeoutError as error:
                raise ConnectTimeout(f"no connection within {connect_timeout:g} s") from error
            self.sock.settimeout(read_timeout)

    return TimedConnection


class Transport:
    """Sends requests to one server: timeouts, credentials, retries, one-line errors.

    Digest credentials live in this transport's own opener (never a process-wide one).
    Where endpoints may challenge a request while its body is still arriving and then
    close the connection (:mod:`phtkg.store.dialects`), a large body with digest
    credentials is sent only after a small request has fetched the server's challenge.
    """

    PREFLIGHT_BYTES = 64 * 1024  # a smaller body is simply sent again after the challenge

    def __init__(
        self,
        url: str,
        user: str | None = None,
        password: str | None = None,
        auth: str = "basic",
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
    ):
        if auth not in AUTH_KINDS:
            raise RemoteError(f"unknown authentication {auth!r}; choose basic or digest")
        self.url = url
        self.auth = auth
        self.retries = retries
        self._basic = basic_header(user, password) if auth == "basic" else {}
        http_class = _timed_connection(http.client.HTTPConnection, connect_timeout, read_timeout)
        https_class = _timed_connection(http.client.HTTPSConnection, connect_timeout, read_timeout)

        class TimedHTTPHandler(urllib.request.HTTPHandler):
            def http_open(self, req):
                return self.do_open(http_class, req)

        class TimedHTTPSHandler(urllib.request.HTTPSHandler):
            def https_open(self, req):
                return self.do_open(https_class, req, context=self._context)

        self._plain = urllib.request.build_opener(TimedHTTPHandler(), TimedHTTPSHandler())
        self._digest = None
        handlers = [TimedHTTPHandler(), TimedHTTPSHandler()]
        if user and password and auth == "digest":
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, url, user, password)
            self._digest = urllib.request.HTTPDigestAuthHandler(manager)
            handlers.append(self._digest)
        self._opener = urllib.request.build_opener(*handlers)

    def send(self, request: urllib.request.Request):
        """``(body, content_type)`` of the answer; a :class:`RemoteError` otherwise."""
        for name, value in self._basic.items():
            request.add_unredirected_header(name, value)
        large = request.data and len(request.data) > self.PREFLIGHT_BYTES
        if self._digest and large and ENDPOINT.challenges_midway:
            self._authorize_digest(request)
        return send(self._opener, request, self.retries, request.full_url)

    def _authorize_digest(self, request: urllib.request.Request) -> None:
        """Answer the server's digest challenge up front, fetched with a bodiless GET."""
        probe = urllib.request.Request(
            request.full_url, method="GET", headers={"User-Agent": USER_AGENT}
        )
        try:
            self._plain.open(probe).close()
        except urllib.error.HTTPError as error:
            challenge = error.headers.get("WWW-Authenticate", "")
            error.close()
            kind, _, rest = challenge.partition(" ")
            if error.code != 401 or kind.lower() != "digest":
                return
            fields = urllib.request.parse_keqv_list(
                filter(None, urllib.request.parse_http_list(rest))
            )
            authorization = self._digest.get_authorization(request, fields)
            if authorization:
                request.add_unredirected_header("Authorization", f"Digest {authorization}")
        except (urllib.error.URLError, OSError):
            return


def basic_header(user: str | None, password: str | None) -> dict:
    import base64

    if not (user and password):
        return {}
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def safe_url(url: str) -> str:
    """``url`` without user information, query string or fragment, for messages."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


def _reason(error: BaseException) -> str:
    reason = getattr(error, "reason", None) or error
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ConnectTimeout):
        return str(reason)
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(reason, socket.gaierror):
        return "unknown host"
    text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return " ".join(text.split())


def _is_connection_error(error: BaseException) -> bool:
    """True for failures to connect or a dropped connection, which are worth a retry."""
    if isinstance(error, urllib.error.HTTPError):
        return False
    reason = getattr(error, "reason", error) if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, ConnectTimeout):
        return True
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return False  # a read timeout: the server is working on it; asking again will not help
    return isinstance(
        reason,
        (
            ConnectionError,
            http.client.RemoteDisconnected,
            http.client.IncompleteRead,
            socket.gaierror,
            OSError,
        ),
    )


def _is_read_timeout(error: BaseException) -> bool:
    reason = getattr(error, "reason", error) if isinstance(error, urllib.error.URLError) else error
    return isinstance(reason, (socket.timeout, TimeoutError)) and not isinstance(
        reason, ConnectTimeout
    )


def http_error_message(error: urllib.error.HTTPError, url: str) -> str:
    """``HTTP 400 Bad Request from URL: first line of the body``, without credentials."""
    detail = ""
    try:
        body = error.read(2000).decode("utf-8", "replace")
        lines = [
            line.strip()
            for line in body.splitlines()
            if line.strip() and not line.lstrip().startswith("<")
        ]
        detail = lines[0][:200] if lines else ""
    except (OSError, ValueError):
        pass
    status = f"HTTP {error.code} {error.reason or ''}".strip()
    return f"{status} from {safe_url(url)}" + (f": {detail}" if detail else "")


def send(opener, request: urllib.request.Request, retries: int, url: str):
    """Open ``request``, retrying connection errors with backoff; ``(body, content_type)``.

    Only failures to connect are retried: reads are never repeated after the server
    started answering, and HTTP errors are the server's answer. The writes phtkg sends
    (Graph Store PUT/POST of a whole graph, INSERT DATA) give the same graph when repeated.
    """
    attempt = 0
    while True:
        try:
            with opener.open(request) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            raise RemoteError(http_error_message(error, url)) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
            if _is_read_timeout(error):
                raise RemoteError(
                    f"no answer from {safe_url(url)} within the read timeout (see --read-timeout)"
                ) from None
            if attempt >= retries or not _is_connection_error(error):
                raise RemoteError(f"cannot reach {safe_url(url)}: {_reason(error)}") from None
            time.sleep(min(0.5 * 2**attempt, 8.0))
            attempt += 1


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


def check_url(url: str) -> None:
    """Refuse anything but an absolute http(s) URL, with a one-line message."""
    parts = urllib.parse.urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"not an http(s) URL: {safe_url(url or '') or repr(url)}")
