"""HTTP for ``researchtopics enrich``: timeouts, polite rate limits, retries with backoff,
and a disk cache that lets an interrupted run resume without asking again.

Standard library only (``urllib``): the three APIs need nothing but GET.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import http.client
import json
import os
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ... import __version__
from ...bib.dates import ascii_number
from ...bib.files import replace_file

__all__ = ["Client", "FetchError", "Response", "Unreachable"]

#: Statuses worth asking again for: rate limited, or the server's trouble.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: A ``Retry-After`` longer than this is not waited for (the entry fails instead).
MAX_RETRY_AFTER = 120.0
#: A response body larger than this fails its entry (API answers are a few kB).
MAX_BODY = 16 * 2**20


class FetchError(Exception):
    """A request that failed after its retries: the entry fails, the run goes on."""


class Unreachable(FetchError):
    """The host cannot be reached at all (offline, DNS, refused): the run stops."""


@dataclass(frozen=True)
class Response:
    """A finished request: 200 or 404 (the API's "no such work"), and when it was made."""

    status: int
    body: bytes
    fetched: str
    cached: bool = False


def _sleep(seconds: float) -> None:
    """Waiting, in one place, so tests can make it instant."""
    time.sleep(seconds)


def _today() -> str:
    return dt.date.today().isoformat()


@dataclass
class Client:
    """One client per run: per-host pacing state and the cache live here."""

    cache_dir: str | None = None
    #: Responses older than this (seconds) are fetched again: counts change.
    max_age: float = 24 * 3600
    timeout: float = 30.0
    retries: int = 4
    backoff: float = 1.0
    #: Seconds between two requests to one host (arXiv asks for three).
    intervals: dict[str, float] = field(default_factory=dict)
    mailto: str = ""
    #: The date stamped on responses (None: today's, looked up when asked, so tests can
    #: replace :func:`_today`).
    today: Callable[[], str] | None = None
    #: URLs requested from the network (not the cache) in this run: the report counts them.
    requested: list[str] = field(default_factory=list)
    _last: dict[str, float] = field(default_factory=dict)

    @property
    def user_agent(self) -> str:
        contact = f" (mailto:{self.mailto})" if self.mailto else ""
        return f"sphinxcontrib-researchtopics/{__version__}{contact}"

    def get(self, url: str, host_key: str = "") -> Response:
        """GET *url*: from the cache when fresh, else the network (200 and 404 cached)."""
        cached = self._read_cache(url)
        if cached is not None:
            return cached
        response = self._fetch(url, host_key or urlsplit(url).netloc)
        self._write_cache(url, response)
        return response

    # -- network -----------------------------------------------------------------------

    def _date(self) -> str:
        return (self.today or _today)()

    def _pace(self, host_key: str) -> None:
        interval = self.intervals.get(host_key, 0.0)
        last = self._last.get(host_key)
        if interval and last is not None:
            wait = last + interval - time.monotonic()
            if wait > 0:
                _sleep(wait)
        self._last[host_key] = time.monotonic()

    def _fetch(self, url: str, host_key: str) -> Response:
        if urlsplit(url).scheme.lower() not in ("http", "https"):  # urllib reads file: too
            raise Unreachable(f"cannot reach {_origin(url)}: only http(s) APIs are asked")
        headers = {"User-Agent": self.user_agent, "Accept": "application/json, */*;q=0.5"}
        last_error = ""
        for attempt in range(self.retries + 1):
            self._pace(host_key)
            self.requested.append(url)
            delay = self.backoff * (2**attempt)
            try:
                request = urllib.request.Request(url, headers=headers)
                opener = urllib.request.build_opener(SameHostRedirects)
                with opener.open(request, timeout=self.timeout) as reply:
                    return Response(200, read_body(reply, self.timeout), self._date())
            except urllib.error.HTTPError as error:
                if error.code == 404:
                    return Response(404, b"", self._date())
                last_error = f"HTTP {error.code} {error.reason}"
                if error.code not in RETRY_STATUSES:
                    raise FetchError(f"{last_error} from {url}") from None
                waited = _retry_after(error.headers.get("Retry-After"))
                if waited is not None:
                    if waited > MAX_RETRY_AFTER:
                        raise FetchError(
                            f"{last_error} from {url}: asked to wait {waited:.0f} s"
                        ) from None
                    delay = max(delay, waited)
            except urllib.error.URLError as error:
                reason = error.reason
                if isinstance(reason, (TimeoutError, socket.timeout)):
                    last_error = f"timed out after {self.timeout:g} s"
                else:
                    last_error = str(reason)
                    if attempt >= min(self.retries, 1):  # refused twice: it is down
                        raise Unreachable(f"cannot reach {_origin(url)}: {reason}") from None
            except TimeoutError:
                last_error = f"timed out after {self.timeout:g} s"
            except http.client.IncompleteRead as error:
                last_error = f"truncated response ({len(error.partial)} bytes received)"
            except http.client.HTTPException as error:
                last_error = f"malformed response ({type(error).__name__})"
            except (ConnectionError, OSError) as error:
                last_error = str(error) or type(error).__name__
            if attempt < self.retries:
                _sleep(delay)
        raise FetchError(f"{last_error} from {url} (after {self.retries + 1} attempts)")

    # -- cache -------------------------------------------------------------------------

    def _cache_path(self, url: str) -> Path | None:
        if not self.cache_dir:
            return None
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return Path(self.cache_dir) / f"{digest}.json"

    def _read_cache(self, url: str) -> Response | None:
        path = self._cache_path(url)
        if path is None:
            return None
        try:
            if time.time() - path.stat().st_mtime > self.max_age:
                return None
            saved = json.loads(path.read_text(encoding="utf-8"))
            if saved.get("url") != url or saved.get("status") not in (200, 404):
                return None
            return Response(
                int(saved["status"]),
                str(saved["body"]).encode("utf-8"),
                str(saved["fetched"]),
                True,
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def _write_cache(self, url: str, response: Response) -> None:
        path = self._cache_path(url)
        if path is None:
            return
        try:
            body = response.body.decode("utf-8")
        except UnicodeDecodeError:
            return
        saved = {"url": url, "status": response.status, "fetched": response.fetched, "body": body}
        try:
            os.makedirs(path.parent, exist_ok=True)
            replace_file(path, json.dumps(saved).encode("utf-8"))
        except OSError:
            pass  # a read-only cache only costs the resume


class SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to the host asked: a redirect elsewhere fails that entry
    (an API answer never comes from another host)."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).netloc.lower() != urlsplit(req.full_url).netloc.lower():
            shown = newurl[:200]
            raise FetchError(f"redirected to another host ({shown}) from {req.full_url}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def read_body(reply: Any, timeout: float) -> bytes:
    """The whole body within *timeout* seconds from now (a server sending a byte at a
    time cannot hold the request longer) and at most :data:`MAX_BODY` bytes."""
    deadline = time.monotonic() + timeout
    declared = ascii_number(str(reply.headers.get("Content-Length") or ""))
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = reply.read1(65536)
        if not chunk:
            if declared is not None and size < declared:
                raise http.client.IncompleteRead(b"".join(chunks), declared - size)
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_BODY:
            raise FetchError(f"response larger than {MAX_BODY // 2**20} MB from {reply.url}")
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise TimeoutError


def _retry_after(value: str | None) -> float | None:
    """``Retry-After`` as seconds (a number or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if not value.isascii() or len(value) > 64:
        return None  # a header of other characters is no delay: the default one is used
    seconds = ascii_number(value, 9)
    if seconds is not None:
        return float(seconds)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
