"""A local stand-in for OpenAlex, arXiv and Crossref, replaying tests/data/enrich/.

Each API lives under its own prefix: ``/openalex``, ``/arxiv``, ``/crossref``.  Tests
start it on port 0 (see tests/test_enrich_cli.py); the docs' example runs it by hand::

    python tests/enrich_server.py --port 8000

``scripts`` makes a path misbehave first (429, 500, a timeout, malformed JSON, a body
sent a byte at a time, a huge or deeply nested or truncated body, a non-ASCII
``Retry-After``, a redirect) before answering normally; ``log`` records every request.
Every response is example data.
"""

from __future__ import annotations

import argparse
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

DATA = Path(__file__).parent / "data" / "enrich"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class FixtureServer(ThreadingHTTPServer):
    """The server, with what tests look at and steer."""

    daemon_threads = True

    def __init__(self, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.log: list[str] = []
        #: decoded path -> what to do first, one item per request: an HTTP status,
        #: "timeout" (answer after ``slow`` seconds) or "malformed" (broken JSON).
        self.scripts: dict[str, list[int | str]] = {}
        self.slow = 2.0
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def env(self) -> dict[str, str]:
        """The environment variables that point the command here."""
        return {
            "RESEARCHTOPICS_OPENALEX_URL": f"{self.base}/openalex",
            "RESEARCHTOPICS_ARXIV_URL": f"{self.base}/arxiv",
            "RESEARCHTOPICS_CROSSREF_URL": f"{self.base}/crossref",
        }


class Handler(BaseHTTPRequestHandler):
    server: FixtureServer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query = parse_qs(parts.query)
        with self.server.lock:
            self.server.log.append(f"{path}?{parts.query}" if parts.query else path)
            script = self.server.scripts.get(path)
            action = script.pop(0) if script else None
        if action == "timeout":
            time.sleep(self.server.slow)
        elif action == "malformed":
            return self.send(200, b'{"id": "https://openalex.org/W1", "results": [', "json")
        elif action == "trickle":  # a 200 whose body comes one byte at a time, forever
            return self.trickle()
        elif action == "huge":  # a body past the client's size cap
            return self.send(200, b" " * (17 * 2**20) + b"{}", "json")
        elif action == "nested":  # JSON nested past the recursion limit
            return self.send(200, b"[" * 100000 + b"]" * 100000, "json")
        elif action == "truncated":  # Content-Length larger than the body sent
            return self.truncated()
        elif action == "retry-after-unicode":
            self.send_response(429)
            self.send_header("Retry-After", "²³")  # Latin-1 bytes; "²³".isdigit() is true
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        elif isinstance(action, str) and action.startswith("redirect:"):
            self.send_response(302)
            self.send_header("Location", action.removeprefix("redirect:"))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        elif isinstance(action, int):
            headers = {"Retry-After": "0"} if action == 429 else {}
            return self.send(action, b'{"error": "scripted"}', "json", headers)
        self.route(path, query)

    def route(self, path: str, query: dict[str, list[str]]) -> None:
        if path.startswith("/openalex/works/doi:"):
            doi = path.removeprefix("/openalex/works/doi:").lower()
            return self.file(DATA / "openalex" / f"{doi.replace('/', '_')}.json", "json")
        if path == "/openalex/works":
            filters = query.get("filter", [""])[0]
            match = re.search(r"title\.search:([^,]*)", filters)
            title = match.group(1) if match else ""
            found = DATA / "openalex" / f"search-{_slug(title)}.json"
            if found.exists():
                return self.file(found, "json")
            empty = {"meta": {"count": 0, "page": 1, "per_page": 10}, "results": []}
            return self.send(200, json.dumps(empty).encode(), "json")
        if path == "/arxiv/api/query":
            ident = query.get("id_list", [""])[0]
            found = DATA / "arxiv" / f"{ident}.xml"
            return self.file(found if found.exists() else DATA / "arxiv" / "empty.xml", "atom")
        if path.startswith("/crossref/works/"):
            doi = path.removeprefix("/crossref/works/").lower()
            return self.file(DATA / "crossref" / f"{doi.replace('/', '_')}.json", "json")
        self.send(404, b"Resource not found.", "text")

    def trickle(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        try:
            for _ in range(1000000):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass  # the client gave up: what the test wants

    def truncated(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b'{"results": [')
        self.wfile.flush()
        self.close_connection = True

    def file(self, path: Path, kind: str) -> None:
        if not path.is_file():
            body = b'{"error": "404", "message": "not found"}' if kind == "json" else b""
            return self.send(404, body, kind)
        self.send(200, path.read_bytes(), kind)

    def send(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None):
        types = {"json": "application/json", "atom": "application/atom+xml", "text": "text/plain"}
        self.send_response(status)
        self.send_header("Content-Type", f"{types[kind]}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def running(port: int = 0) -> Iterator[FixtureServer]:
    """A server answering in a thread until the block ends."""
    server = FixtureServer(port)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    port = parser.parse_args().port
    with running(port) as server:
        print("Example-data server (test fixtures, not the real APIs). Set:")
        for name, value in server.env().items():
            print(f"  export {name}={value}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
