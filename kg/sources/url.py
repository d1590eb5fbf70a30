"""Downloads: one http(s) URL -> its bytes, with a timeout and a size limit.

Only the standard library speaks HTTP. Every failure becomes an
:class:`~kg.errors.InputError` that names the URL and says what went wrong
(unreachable, timed out, HTTP status, too large), so a batch goes on.
"""

from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass

from kg import __version__
from kg.errors import InputError

#: Seconds to wait for a server to connect or answer.
DEFAULT_TIMEOUT = 20.0
#: Larger downloads are refused: no news page or feed is this big.
MAX_DOWNLOAD_BYTES = 20_000_000
USER_AGENT = f"diplo-kg/{__version__}"
_ACCEPT = ("text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
           "application/xml;q=0.9, text/plain;q=0.8, */*;q=0.5")


@dataclass(frozen=True)
class Download:
    """What a server sent: the final URL (after redirects), its media type and the bytes."""

    url: str
    content_type: str
    data: bytes


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def fetch(url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_DOWNLOAD_BYTES) -> Download:
    """GET `url`, or an InputError naming it and the problem."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT,
                                                   "Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http/https only)
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise InputError(f"{url}: the download is {int(length)} bytes, over the limit of {max_bytes}")
            data = response.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise InputError(f"{url}: the download is over the limit of {max_bytes} bytes")
            content_type = response.headers.get_content_type() or ""
            return Download(url=response.geturl(), content_type=content_type.lower(), data=data)
    except urllib.error.HTTPError as error:
        raise InputError(f"{url}: the server answered HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise InputError(f"{url}: {_reason(error.reason, timeout)}") from None
    except TimeoutError:
        raise InputError(f"{url}: no answer within {timeout:g} s (unreachable or too slow)") from None
    except (http.client.HTTPException, OSError) as error:
        raise InputError(f"{url}: the download failed ({error or type(error).__name__})") from None
    except ValueError as error:
        raise InputError(f"{url}: not a URL I can fetch ({error})") from None


def _reason(reason: object, timeout: float) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"no answer within {timeout:g} s (unreachable or too slow)"
    if isinstance(reason, ConnectionRefusedError):
        return "unreachable (connection refused)"
    if isinstance(reason, socket.gaierror):
        return "unreachable (unknown host)"
    text = getattr(reason, "strerror", None) or str(reason)
    return f"unreachable ({text})"
