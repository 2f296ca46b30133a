"""HTTP to a SPARQL server: timeouts, credentials, retries and one-line errors.

Connect and read timeouts differ; digest credentials stay in a transport's own opener
(never a process-wide one); only connection failures are retried, with backoff. Every
failure is a :class:`RemoteError` whose message is one line and never contains
credentials. :mod:`phtkg.store.remote` (queries) and :mod:`phtkg.store.push` (uploads)
send through it.
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

from phtkg.timeouts import DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_RETRIES

from .dialects import ENDPOINT

AUTH_KINDS = ("basic", "digest")
USER_AGENT = "phtkg (SPARQL 1.1 client)"


class RemoteError(Exception):
    """The endpoint could not be reached or refused the request; the message is one line."""

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))


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


def check_url(url: str) -> None:
    """Refuse anything but an absolute http(s) URL, with a one-line message."""
    parts = urllib.parse.urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"not an http(s) URL: {safe_url(url or '') or repr(url)}")
