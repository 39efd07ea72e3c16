"""A local stand-in for OpenAlex, arXiv, Crossref and DBLP, replaying tests/data/enrich/
and tests/data/authors/.

Each API lives under its own prefix: ``/openalex``, ``/arxiv``, ``/crossref``, ``/dblp``.
Lists of works are paged as OpenAlex pages them (``per-page``, ``cursor`` and
``meta.next_cursor``); ``max_per_page`` makes pages smaller than asked, so a small lab
spans several.  Authors ``A98000000NN`` are a synthetic lab made on the fly (see
:data:`SYNTHETIC`), for counting requests.  Tests
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
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

DATA = Path(__file__).parent / "data" / "enrich"
AUTHORS = Path(__file__).parent / "data" / "authors"
#: Synthetic authors: A98000000NN -> how many works (600 in all, one author past 200).
SYNTHETIC = {
    f"A98000000{number:02d}": count for number, count in enumerate((250, 150, 100, 50, 50), 1)
}


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
        #: The largest page served (OpenAlex's is 200); tests lower it to page a small lab.
        self.max_per_page = 200

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def env(self) -> dict[str, str]:
        """The environment variables that point the command here."""
        return {
            "RESEARCHTOPICS_OPENALEX_URL": f"{self.base}/openalex",
            "RESEARCHTOPICS_ARXIV_URL": f"{self.base}/arxiv",
            "RESEARCHTOPICS_CROSSREF_URL": f"{self.base}/crossref",
            "RESEARCHTOPICS_DBLP_URL": f"{self.base}/dblp",
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
        if path.startswith("/openalex/authors/"):
            ident = path.removeprefix("/openalex/authors/").replace(":", "_")
            if ident in SYNTHETIC:
                author = {"id": f"https://openalex.org/{ident}", "display_name": f"Synth {ident}"}
                return self.send(200, json.dumps(author).encode(), "json")
            return self.file(AUTHORS / "openalex" / f"author-{ident}.json", "json")
        if path.startswith("/dblp/pid/") and path.endswith(".bib"):
            pid = path.removeprefix("/dblp/pid/").removesuffix(".bib").replace("/", "_")
            return self.file(AUTHORS / "dblp" / f"{pid}.bib", "text")
        filters = query.get("filter", [""])[0]
        if path == "/openalex/works" and filters.startswith(("author.id:", "doi:")):
            return self.works_list(filters, query)
        if path == "/openalex/works":
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

    def works_list(self, filters: str, query: dict[str, list[str]]) -> None:
        """An author's works, or the works with any of the DOIs, paged by cursor."""
        name, _, value = filters.partition(":")
        if name == "author.id":
            if value in SYNTHETIC:
                works = synthetic_works(value, SYNTHETIC[value])
            else:
                found = AUTHORS / "openalex" / f"works-{value}.json"
                works = json.loads(found.read_text("utf-8")) if found.is_file() else []
        else:
            wanted = {doi.lower() for doi in value.split("|")}
            pool = [
                work
                for found in sorted((AUTHORS / "openalex").glob("works-*.json"))
                for work in json.loads(found.read_text("utf-8"))
            ]
            for doi in sorted(wanted):
                synthetic = re.fullmatch(r"10\.5555/rt\.synth\.([0-9]+)\.([0-9]+)", doi)
                if synthetic:
                    author = f"A98000000{int(synthetic.group(1)):02d}"
                    pool.append(synthetic_works(author, int(synthetic.group(2)) + 1)[-1])
            works = [
                work for work in pool if work["doi"].removeprefix("https://doi.org/") in wanted
            ]
            works = list({work["id"]: work for work in works}.values())
        per_page = min(int(query.get("per-page", ["25"])[0]), self.server.max_per_page)
        cursor = query.get("cursor", [None])[0]
        start = int(cursor[1:]) if cursor and cursor.startswith("c") else 0
        page = works[start : start + per_page]
        more = cursor is not None and start + per_page < len(works)
        meta = {
            "count": len(works),
            "per_page": per_page,
            "next_cursor": f"c{start + per_page}" if more else None,
        }
        self.send(200, json.dumps({"meta": meta, "results": page}).encode(), "json")

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


def synthetic_works(author: str, count: int) -> list[dict[str, object]]:
    """*count* works of a synthetic author, in OpenAlex's shape (example data)."""
    number = int(author[-2:])
    works: list[dict[str, object]] = []
    for index in range(count):
        doi = f"10.5555/rt.synth.{number}.{index}"
        title = f"Synthetic Example Work {number}-{index}"
        works.append(
            {
                "id": f"https://openalex.org/W98{number:02d}{index:05d}",
                "doi": f"https://doi.org/{doi}",
                "title": title,
                "publication_year": 2000 + index % 25,
                "type": "article",
                "authorships": [{"author": {"id": author, "display_name": f"Synth {author}"}}],
                "cited_by_count": index,
                "abstract_inverted_index": {"Synthetic": [0], "example": [1]},
            }
        )
    return works


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


@contextmanager
def serving(monkeypatch: Any) -> Iterator[FixtureServer]:
    """:func:`running`, with the commands' base URLs pointed at it (pytest's monkeypatch)."""
    with running() as server:
        for name, value in server.env().items():
            monkeypatch.setenv(name, value)
        yield server


@contextmanager
def serving_at_once(monkeypatch: Any) -> Iterator[FixtureServer]:
    """:func:`serving`, with the client's waits skipped and its date the fixtures' day."""
    from sphinxcontrib_researchtopics.cli.enrich import client

    with serving(monkeypatch) as server:
        monkeypatch.setattr(client, "_sleep", lambda seconds: None)
        monkeypatch.setattr(client, "_today", lambda: "2026-11-30")
        yield server


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
