"""HTTP to a SPARQL server: limits, credentials, redirects, retries and one-line errors.

httpx sends every request; this module decides what it may do. Each answer is streamed
and capped in size, and one :class:`Deadline` bounds every request of a command
together, so an answer that trickles in a byte at a time ends as surely as a silent one
(a read timeout only bounds the wait for the next byte). A request is sent again only
when that cannot change what the store holds: when it never reached the server, or
when it is idempotent (a query, a Graph Store ``PUT``, an update that replaces a graph).
Credentials come from the options, the URL or ``~/.netrc``, go only to the endpoint's
own origin, and are never printed. A redirect is followed when it keeps the method and
body (307, 308, or any redirect of a GET); one that would turn a POST into a GET, and so
drop the query, ends with a message. Every failure is a :class:`RemoteError` whose
message is one line. :mod:`phtkg.store.remote` (queries) and :mod:`phtkg.store.push`
(uploads) send through :class:`Transport`.
"""

from __future__ import annotations

import os
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import NamedTuple

from phtkg.timeouts import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_MB,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_RETRIES,
    DEFAULT_TOTAL_TIMEOUT,
    Deadline,
    QueryTimeout,
    call_with_timeout,
)

from .dialects import ENDPOINT

AUTH_KINDS = ("basic", "digest")
USER_AGENT = "phtkg (SPARQL 1.1 client)"
MAX_REDIRECTS = 5
#: A smaller body is simply sent again after a digest challenge (see Transport).
PREFLIGHT_BYTES = 64 * 1024
MEGABYTE = 1024 * 1024


class RemoteError(Exception):
    """The endpoint could not be reached or refused the request; the message is one line."""

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))


class NotSent(RemoteError):
    """The request never reached the server (no connection), so sending it again is safe."""


class Unconfirmed(RemoteError):
    """The request was sent but no answer came: the server may or may not have applied it."""


# ---- URLs and credentials ---------------------------------------------------------------
def _split(url: str) -> urllib.parse.SplitResult | None:
    """The parts of ``url``, or None when it cannot be parsed (``http://[::1/``, port 99999)."""
    try:
        parts = urllib.parse.urlsplit(url or "")
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return None
    return parts


def _parses(url: str) -> bool:
    """True if httpx, which sends the request, reads ``url`` too (it is stricter)."""
    import httpx

    try:
        httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError):
        return False
    return True


def safe_url(url: str) -> str:
    """``url`` without user information, query string or fragment, for messages.

    Cut from the text rather than parsed, so that a URL no parser takes (a password
    with a raw ``/`` or ``@``, an unclosed bracket) is shown as typed, minus what could
    be a secret.
    """
    scheme, separator, rest = (url or "").partition("://")
    if not separator:
        scheme, rest = "", scheme
    head = rest.split("?", 1)[0].split("#", 1)[0]
    head = head.rpartition("@")[2]
    return f"{scheme}{separator}{head}"


def check_url(url: str) -> None:
    """Refuse anything but an absolute http(s) URL, with a one-line message."""
    parts = _split(url)
    if parts is None or not _parses(url):
        raise RemoteError(f"not a valid URL: {safe_url(url)} (check the brackets and the port)")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"not an http(s) URL: {safe_url(url or '') or repr(url or '')}")


def without_userinfo(url: str) -> str:
    """``url`` with any ``user:password@`` taken out (they travel as a header instead)."""
    parts = _split(url)
    if parts is None or "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


@dataclass(frozen=True)
class Credentials:
    """A user name and password, and where they came from (the password is never shown)."""

    user: str
    password: str = field(repr=False)
    source: str = "the options"


def find_credentials(url: str, user: str | None = None, password: str | None = None):
    """The credentials for ``url``: the options first, then the URL, then ``~/.netrc``.

    ``$NETRC`` names another netrc file, as for curl. A user name without a password
    takes the password the URL or the netrc file gives for that name. None without both.
    """
    parts = _split(url)
    url_user = urllib.parse.unquote(parts.username) if parts and parts.username else None
    url_password = urllib.parse.unquote(parts.password) if parts and parts.password else None
    source = "the options"
    if not user and url_user:
        user, source = url_user, "the URL"
    if user and not password and url_password and user == url_user:
        password, source = url_password, "the URL"
    if not (user and password) and parts is not None and parts.hostname:
        login, secret = _netrc_entry(parts.hostname)
        if secret and (not user or user == login):
            user, password, source = user or login, secret, "~/.netrc"
    if user and password:
        return Credentials(user, password, source)
    return None


def _netrc_entry(host: str) -> tuple[str | None, str | None]:
    import netrc

    path = os.environ.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
    if not os.path.isfile(path):
        return None, None
    try:
        entry = netrc.netrc(path).authenticators(host)
    except (netrc.NetrcParseError, OSError) as error:
        reason = getattr(error, "msg", None) or getattr(error, "strerror", None) or error
        raise RemoteError(f"cannot read the netrc file {path!r}: {reason}") from None
    return (entry[0], entry[2]) if entry else (None, None)


def _origin(url) -> tuple:
    import httpx

    url = httpx.URL(str(url))
    return url.scheme, url.host, url.port or {"http": 80, "https": 443}.get(url.scheme)


# ---- sending ----------------------------------------------------------------------------
class Answer(NamedTuple):
    body: bytes
    content_type: str


class Transport:
    """Sends requests to one server within the command's limits; see the module docstring.

    Where endpoints may challenge a request while its body is still arriving and then
    close the connection (:mod:`phtkg.store.dialects`), a large body with digest
    credentials is sent only after a small request has fetched the server's challenge.
    """

    def __init__(
        self,
        url: str,
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
        import httpx

        if auth not in AUTH_KINDS:
            raise RemoteError(f"unknown authentication {auth!r}; choose basic or digest")
        check_url(url)
        self.credentials = find_credentials(url, user, password)
        self.url = without_userinfo(url)
        self.auth = auth
        self.retries = retries
        self.read_timeout = read_timeout
        self.max_response_mb = max_response_mb or None
        self.deadline = deadline or Deadline(total_timeout)
        self._auth = None
        if self.credentials:
            kind = httpx.DigestAuth if auth == "digest" else httpx.BasicAuth
            self._auth = kind(self.credentials.user, self.credentials.password)
        self._challenged = False
        self._client = httpx.Client(
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
        )

    def __repr__(self) -> str:
        user = f", user={self.credentials.user!r}" if self.credentials else ""
        return f"Transport({safe_url(self.url)!r}{user})"

    def send(
        self,
        method: str,
        url: str | None = None,
        *,
        content: bytes | None = None,
        headers: dict | None = None,
        idempotent: bool = True,
    ) -> Answer:
        """The answer to one request, retried with backoff where that is safe."""
        url = without_userinfo(url or self.url)
        if self._needs_challenge(content):
            self._fetch_challenge()
        attempt = 0
        while True:
            try:
                return self._within_deadline(
                    url, lambda cancelled: self._exchange(method, url, content, headers, cancelled)
                )
            except (NotSent, Unconfirmed) as error:
                safe_again = isinstance(error, NotSent) or idempotent
                if attempt >= self.retries or not safe_again:
                    raise
            pause = min(0.5 * 2**attempt, 8.0)
            remaining = self.deadline.remaining()
            if remaining is not None and remaining <= pause:
                raise deadline_passed(self.deadline, url)
            time.sleep(pause)
            attempt += 1

    def _within_deadline(self, url: str, work):
        """``work(cancelled)`` in a worker thread, given up when the deadline passes."""
        remaining = self.deadline.remaining()
        cancelled = threading.Event()
        if remaining is None:
            return work(cancelled)
        if remaining <= 0:
            raise deadline_passed(self.deadline, url)
        try:
            return call_with_timeout(lambda: work(cancelled), remaining)
        except QueryTimeout:
            cancelled.set()  # the worker stops at its next chunk
            raise deadline_passed(self.deadline, url) from None

    def _exchange(self, method, url, content, headers, cancelled) -> Answer:
        """One request and its answer, following redirects that keep the request whole."""
        import httpx

        start = _origin(self.url)
        for _ in range(MAX_REDIRECTS + 1):
            try:
                request = self._client.build_request(method, url, content=content, headers=headers)
            except httpx.InvalidURL:
                raise RemoteError(f"not a valid URL: {safe_url(url)}") from None
            auth = self._auth if _origin(request.url) == start else None
            try:
                response = self._client.send(request, auth=auth, stream=True)
            except httpx.HTTPError as error:
                raise _transport_error(error, url, self.read_timeout) from None
            try:
                if response.is_redirect:
                    method, url, content = _redirected(response, method, url, content)
                    continue
                if response.status_code >= 400:
                    raise RemoteError(http_error_message(response, url))
                body = self._read(response, url, cancelled)
                return Answer(body, response.headers.get("Content-Type", ""))
            except httpx.HTTPError as error:
                raise _transport_error(error, url, self.read_timeout) from None
            finally:
                response.close()
        raise RemoteError(f"more than {MAX_REDIRECTS} redirects from {safe_url(self.url)}")

    def _read(self, response, url: str, cancelled: threading.Event) -> bytes:
        """The body, read as it arrives and refused past ``max_response_mb``."""
        limit = int(self.max_response_mb * MEGABYTE) if self.max_response_mb else None
        too_large = RemoteError(
            f"the answer from {safe_url(url)} is larger than {self.max_response_mb:g} MB "
            "(raise --max-response-mb, or 0 for no limit)"
        )
        length = response.headers.get("Content-Length", "")
        if limit and length.isdigit() and int(length) > limit:
            raise too_large
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            if cancelled.is_set():
                raise RemoteError("cancelled")
            size += len(chunk)
            if limit and size > limit:
                raise too_large
            chunks.append(chunk)
        return b"".join(chunks)

    # -- digest challenges fetched ahead of a large body --
    def _needs_challenge(self, content: bytes | None) -> bool:
        import httpx

        large = content is not None and len(content) > PREFLIGHT_BYTES
        digest = isinstance(self._auth, httpx.DigestAuth)
        return digest and large and ENDPOINT.challenges_midway and not self._challenged

    def _fetch_challenge(self) -> None:
        """A bodiless GET with the digest credentials, so the next request carries them."""
        self._challenged = True
        try:
            self._within_deadline(
                self.url, lambda cancelled: self._exchange("GET", self.url, None, None, cancelled)
            )
        except RemoteError:
            pass  # the GET itself may be refused (405); its challenge is what counts


class DeadlinePassed(RemoteError):
    """The command's total timeout passed before the exchange ended."""


def deadline_passed(deadline: Deadline, url: str) -> DeadlinePassed:
    return DeadlinePassed(
        f"no complete answer from {safe_url(url)} within {deadline.seconds:g} s in all "
        "(raise --total-timeout, or 0 for no limit)"
    )


def _redirected(response, method: str, url: str, content: bytes | None):
    """``(method, url, content)`` to follow a redirect, or a RemoteError if it changes them."""
    target = str(response.url.join(response.headers["Location"]))
    status = f"{response.status_code} {response.reason_phrase}".strip()
    if response.status_code in (307, 308):
        return method, target, content
    if method in ("GET", "HEAD"):
        return method, target, None
    raise RemoteError(
        f"{safe_url(url)} answered {status}, which sends the {method} on to "
        f"{safe_url(target)} as a GET without its body (the query or data would be lost); "
        "give that URL instead"
    )


def _transport_error(error, url: str, read_timeout: float) -> RemoteError:
    """The RemoteError for an httpx failure: was the request sent, and what went wrong."""
    import httpx

    where = safe_url(url)
    if isinstance(error, httpx.ConnectTimeout):
        return NotSent(f"cannot reach {where}: no connection within the connect timeout")
    if isinstance(error, (httpx.ConnectError, httpx.PoolTimeout)):
        return NotSent(f"cannot reach {where}: {_reason(error)}")
    if isinstance(error, httpx.ReadTimeout):
        # Not retried: the server is working on the request; asking again will not help.
        return RemoteError(
            f"no answer from {where} within the read timeout of {read_timeout:g} s "
            "(see --read-timeout)"
        )
    if isinstance(error, (httpx.TransportError, httpx.StreamError)):
        return Unconfirmed(f"no answer from {where}: {_reason(error)}")
    return RemoteError(f"cannot talk to {where}: {_reason(error)}")


def _reason(error: BaseException) -> str:
    """What the operating system said, in a few words, never a URL with credentials."""
    import socket

    cause = error
    while cause is not None and not isinstance(cause, OSError):
        cause = cause.__cause__ or cause.__context__
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    if isinstance(cause, socket.gaierror):
        return "unknown host"
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror.lower()
    text = str(error) or type(error).__name__
    if "disconnected without sending a response" in text:
        return "the connection closed before the answer"
    if "peer closed connection" in text:
        return "the connection closed in the middle of the answer"
    return " ".join(text.split())


def http_error_message(response, url: str) -> str:
    """``HTTP 400 Bad Request from URL: first line of the body``, without credentials."""
    detail = ""
    try:
        head = b""
        for chunk in response.iter_bytes():
            head += chunk
            if len(head) >= 2000:
                break
        lines = [
            line.strip()
            for line in head[:2000].decode("utf-8", "replace").splitlines()
            if line.strip() and not line.lstrip().startswith("<")
        ]
        detail = lines[0][:200] if lines else ""
    except Exception:  # noqa: BLE001 - the status says enough without the body
        pass
    status = f"HTTP {response.status_code} {response.reason_phrase or ''}".strip()
    return f"{status} from {safe_url(url)}" + (f": {detail}" if detail else "")
