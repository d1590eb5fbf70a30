"""Downloads: one http(s) URL -> its bytes, with a time limit, a size limit and a guard on addresses.

Only the standard library speaks HTTP. Every failure becomes an
:class:`~kg.errors.InputError` that names the URL and says in one line what went
wrong (unreachable, timed out, HTTP status, too large, refused), so a batch goes on.

The time limit bounds the whole download (connecting, headers and body), not each
read, so a server sending a byte a second cannot hold a run. Links found inside
fetched content (a feed item's link) must lead to public addresses: loopback,
private, link-local and other non-public targets are refused unless
``allow_private`` says otherwise, for the link itself, every redirect and the
address actually connected to (so a name that resolves differently the second time
gains nothing). A URL the user names may be private; its redirects may not leave a
public address for a private one.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from kg import __version__
from kg.errors import InputError

#: Seconds a whole download may take.
DEFAULT_TIMEOUT = 20.0
#: Larger downloads are refused: no news page or feed is this big.
MAX_DOWNLOAD_BYTES = 20_000_000
#: Redirects followed at most.
MAX_REDIRECTS = 10
USER_AGENT = f"diplo-kg/{__version__}"
_ACCEPT = ("text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
           "application/xml;q=0.9, text/plain;q=0.8, */*;q=0.5")
_ALLOW_HINT = "--allow-private allows it"


@dataclass(frozen=True)
class Download:
    """What a server sent: the final URL (after redirects), its media type and the bytes."""

    url: str
    content_type: str
    data: bytes
    status: int = 200  # 304 when a conditional request found the document unchanged (data is empty)
    etag: str = ""
    last_modified: str = ""


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def refusal(address: str) -> str | None:
    """Why an IP address is no place for a link found in fetched content to lead, or None if public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for flag, kind in (("is_unspecified", "an unspecified"), ("is_loopback", "a loopback"),
                       ("is_link_local", "a link-local"), ("is_multicast", "a multicast"),
                       ("is_private", "a private"), ("is_reserved", "a reserved")):
        if getattr(ip, flag):
            return f"{ip} is {kind} address"
    return None if ip.is_global else f"{ip} is not a public address"


class _Stop(Exception):  # noqa: N818 - raised inside urllib's handlers, turned into an InputError by fetch
    """A download stopped on purpose: refused, or redirected in a loop."""


class _Guard:
    """One download's rules: which addresses it may reach, and the deadline for all of it."""

    def __init__(self, allow_private: bool, timeout: float) -> None:
        self.allow_private = allow_private
        self.timeout = timeout
        self.expired = False
        self.sockets: list[socket.socket] = []
        self.peer_checks = not urllib.request.getproxies()  # through a proxy, the peer is the proxy
        self._lock = threading.Lock()
        self._timer = threading.Timer(timeout, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Guard:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)  # wakes a read that waits on a trickling server

    def check_url(self, url: str) -> None:
        """Refuse a URL whose host resolves to an address that is not public (unless allowed)."""
        if self.allow_private:
            return
        parts = urlsplit(url)
        host = parts.hostname or ""
        try:
            found = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80),
                                       type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError, ValueError):
            return  # urllib reports the unknown host in its own words
        for *_, address in found:
            reason = refusal(str(address[0]))
            if reason:
                raise _Stop(f"refused: {host} is not a public address ({reason}); links found inside fetched "
                            f"content may not reach private, loopback or link-local addresses ({_ALLOW_HINT})")

    def connected(self, sock: socket.socket) -> None:
        with self._lock:
            self.sockets.append(sock)
            if self.expired:
                sock.shutdown(socket.SHUT_RDWR)
        if self.allow_private or not self.peer_checks:
            return
        reason = refusal(str(sock.getpeername()[0]))
        if reason:
            sock.close()
            raise _Stop(f"refused: connected to {reason} ({_ALLOW_HINT})")


def _connector(guard: _Guard) -> Any:
    """socket.create_connection, telling the guard of each socket (its deadline, its peer check)."""
    def connect(address: tuple[str, int], timeout: Any = None, source_address: Any = None) -> socket.socket:
        sock = socket.create_connection(address, timeout, source_address)
        guard.connected(sock)
        return sock
    return connect


class _Connection(http.client.HTTPConnection):
    def __init__(self, *args: Any, guard: _Guard, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connector(guard)


class _SecureConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, guard: _Guard, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connector(guard)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, guard: _Guard) -> None:
        super().__init__()
        self.guard = guard

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(partial(_Connection, guard=self.guard), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, guard: _Guard) -> None:
        super().__init__()
        self.guard = guard

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(partial(_SecureConnection, guard=self.guard), req,
                            context=self._context)  # type: ignore[attr-defined]


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    def __init__(self, guard: _Guard) -> None:
        super().__init__()
        self.guard = guard

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> urllib.request.Request | None:
        visited = getattr(req, "redirect_dict", {})
        if newurl in visited or newurl == req.full_url:
            raise _Stop(f"the server redirects in a loop ({newurl} again)")
        if len(visited) >= MAX_REDIRECTS:
            raise _Stop(f"more than {MAX_REDIRECTS} redirects")
        self.guard.check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _private_host(url: str) -> bool:
    """True when the URL's host resolves only to addresses that are not public."""
    parts = urlsplit(url)
    try:
        found = socket.getaddrinfo(parts.hostname or "", parts.port or 80, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError):
        return False
    return bool(found) and all(refusal(str(address[0])) for *_, address in found)


def fetch(url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_DOWNLOAD_BYTES,
          allow_private: bool = False, link: bool = False, headers: Mapping[str, str] | None = None) -> Download:
    """GET `url` within `timeout` seconds in all, or an InputError naming it and the problem.

    ``link`` marks a URL found inside fetched content: it (and its redirects) must lead to
    public addresses unless ``allow_private``. A URL the user names may be on a private host,
    and then so may its redirects; a public one may not redirect to a private address.
    With conditional `headers` (If-None-Match, If-Modified-Since) an unchanged document
    comes back with status 304 and no data.
    """
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT,
                                                   "Accept-Encoding": "identity", **(headers or {})})
    with _Guard(allow_private or (not link and _private_host(url)), timeout) as guard:
        opener = urllib.request.build_opener(_HTTPHandler(guard), _HTTPSHandler(guard), _RedirectHandler(guard))
        try:
            guard.check_url(url)
            with opener.open(request, timeout=timeout) as response:
                length = response.headers.get("Content-Length", "")
                if length.isdigit() and int(length) > max_bytes:
                    raise InputError(f"{url}: the download is {int(length)} bytes, over the limit of {max_bytes}")
                data = response.read(max_bytes + 1)
                if guard.expired:
                    raise TimeoutError
                if len(data) > max_bytes:
                    raise InputError(f"{url}: the download is over the limit of {max_bytes} bytes")
                content_type = response.headers.get_content_type() or ""
                return Download(url=response.geturl(), content_type=content_type.lower(), data=data,
                                etag=response.headers.get("ETag", ""),
                                last_modified=response.headers.get("Last-Modified", ""))
        except _Stop as stop:
            raise InputError(f"{url}: {stop}") from None
        except urllib.error.HTTPError as error:
            if error.code == 304 and headers:
                return Download(url=url, content_type="", data=b"", status=304, etag=error.headers.get("ETag", ""),
                                last_modified=error.headers.get("Last-Modified", ""))
            raise InputError(f"{url}: the server answered HTTP {error.code} {_line(error.reason)}") from None
        except (urllib.error.URLError, TimeoutError, http.client.HTTPException, OSError, ValueError) as error:
            if guard.expired or isinstance(error, TimeoutError) or isinstance(
                    getattr(error, "reason", None), (TimeoutError, socket.timeout)):
                raise InputError(f"{url}: no complete answer within {timeout:g} s (unreachable or too slow)") \
                    from None
            if isinstance(error, urllib.error.URLError):
                if isinstance(error.reason, _Stop):
                    raise InputError(f"{url}: {error.reason}") from None
                raise InputError(f"{url}: {_reason(error.reason)}") from None
            if isinstance(error, ValueError):
                raise InputError(f"{url}: not a URL I can fetch ({_line(error)})") from None
            raise InputError(f"{url}: the download failed ({_line(error) or type(error).__name__})") from None


def _line(value: object) -> str:
    """A server's or library's text as one line."""
    return " ".join(str(value).split())


def _reason(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "unreachable (connection refused)"
    if isinstance(reason, socket.gaierror):
        return "unreachable (unknown host)"
    text = getattr(reason, "strerror", None) or str(reason)
    return f"unreachable ({_line(text)})"
