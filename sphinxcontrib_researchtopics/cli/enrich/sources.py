"""The three APIs: where to ask (base URLs, overridable) and how to read their answers.

OpenAlex queries are written in its documented syntax (:mod:`.openalex_query`) and sent
through our own :class:`.client.Client`, which adds the cache, pacing and retries; arXiv
(Atom) and Crossref (JSON) are read here.  A response that is not in the API's documented shape
raises :class:`Malformed`: that entry fails, the run goes on.
"""

from __future__ import annotations

import html
import json
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from ...bib.dates import ascii_number
from ...bib.enrich_data import (
    abstract_from_inverted_index,
    normalise_arxiv,
    normalise_doi,
)
from ...bib.openalex_topics import work_topics
from .client import Client, FetchError
from .openalex_query import entity_url, list_url

__all__ = [
    "BASE_ENV",
    "DEFAULT_BASES",
    "Found",
    "Malformed",
    "Sources",
    "base_urls",
    "read_openalex_results",
    "read_openalex_work",
]

DEFAULT_BASES = {
    "openalex": "https://api.openalex.org",
    "arxiv": "https://export.arxiv.org",
    "crossref": "https://api.crossref.org",
}
#: Environment variables that point an API elsewhere (a mirror, a test server).
BASE_ENV = {
    "openalex": "RESEARCHTOPICS_OPENALEX_URL",
    "arxiv": "RESEARCHTOPICS_ARXIV_URL",
    "crossref": "RESEARCHTOPICS_CROSSREF_URL",
}
#: Seconds between requests to one API: arXiv asks for 3, OpenAlex allows 10 a second.
INTERVALS = {"openalex": 0.15, "arxiv": 3.0, "crossref": 0.2}

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"


class Malformed(FetchError):
    """A response that is not in the API's documented format."""


def base_urls(options: dict[str, str | None]) -> dict[str, str]:
    """Each API's base URL: the option, else the environment variable, else the default."""
    result = {}
    for name, default in DEFAULT_BASES.items():
        chosen = options.get(name) or os.environ.get(BASE_ENV[name]) or default
        result[name] = chosen.rstrip("/")
    return result


@dataclass
class Found:
    """What one API said about one work (empty strings: it did not say)."""

    source: str
    fetched: str
    abstract: str = ""
    doi: str = ""
    openalex: str = ""
    citations: int | None = None
    #: OpenAlex's ``counts_by_year`` (raw: checked when recorded).
    counts_by_year: list[object] = field(default_factory=list)
    pdf: str = ""
    title: str = ""
    year: int | None = None
    #: OpenAlex's ``primary_topic`` then ``topics`` (raw: checked when recorded).
    topics: list[object] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _json(body: bytes, what: str) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise Malformed(f"{what}: response is not JSON ({error})") from None
    except RecursionError:
        raise Malformed(f"{what}: response JSON is nested too deeply") from None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _strip_markup(text: str) -> str:
    """JATS or HTML markup -> its text (the build escapes whatever is left)."""
    text = re.sub(r"<(jats:)?title>.*?</(jats:)?title>", " ", text, flags=re.S)  # "Abstract"
    text = re.sub(r"<[^>]*>", " ", text)
    return " ".join(html.unescape(text).split())


# ---------------------------------------------------------------------------- OpenAlex


def read_openalex_work(work: object, fetched: str) -> Found:
    """An OpenAlex work object -> :class:`Found` (``abstract_inverted_index`` as text,
    ``primary_topic`` and ``topics`` kept for :func:`.enrich_data.check_value`)."""
    if not isinstance(work, dict) or not isinstance(work.get("id"), str):
        raise Malformed("OpenAlex: not a work object")
    found = Found("openalex", fetched)
    found.openalex = work["id"]
    found.doi = normalise_doi(_str(work.get("doi"))) or ""
    found.citations = _int(work.get("cited_by_count"))
    by_year = work.get("counts_by_year")  # in the work object: no request of its own
    found.counts_by_year = by_year if isinstance(by_year, list) else []
    found.abstract = abstract_from_inverted_index(work.get("abstract_inverted_index"))
    best = work.get("best_oa_location")
    open_access = work.get("open_access")
    pdf = _str(best.get("pdf_url")) if isinstance(best, dict) else ""
    if not pdf and isinstance(open_access, dict):
        pdf = _str(open_access.get("oa_url"))
    found.pdf = pdf
    found.title = _str(work.get("title") or work.get("display_name"))
    year = _int(work.get("publication_year"))
    found.year = year if year is not None and 0 < year < 10000 else None
    found.topics = work_topics(work)  # in every work object: no request of their own
    return found


def read_openalex_results(data: object, fetched: str) -> list[Found]:
    """A list response (``{"meta": ..., "results": [...]}``) -> its works."""
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise Malformed("OpenAlex: not a list of results")
    return [read_openalex_work(work, fetched) for work in data["results"]]


# ------------------------------------------------------------------------------- arXiv


def read_arxiv_feed(body: bytes, arxiv_id: str, fetched: str) -> Found | None:
    """arXiv's Atom feed -> the entry for *arxiv_id*, or None (no entry, or an error entry)."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as error:
        raise Malformed(f"arXiv: response is not Atom XML ({error})") from None
    if root.tag != f"{_ATOM}feed":
        raise Malformed("arXiv: response is not an Atom feed")
    for entry in root.findall(f"{_ATOM}entry"):
        ident = (entry.findtext(f"{_ATOM}id") or "").strip()
        if "/api/errors" in ident or normalise_arxiv(ident) != arxiv_id:
            continue
        found = Found("arxiv", fetched)
        found.abstract = " ".join((entry.findtext(f"{_ATOM}summary") or "").split())
        found.title = " ".join((entry.findtext(f"{_ATOM}title") or "").split())
        found.doi = normalise_doi(entry.findtext(f"{_ARXIV}doi") or "") or ""
        published = (entry.findtext(f"{_ATOM}published") or "")[:4]
        found.year = ascii_number(published, 4)
        for link in entry.findall(f"{_ATOM}link"):
            if link.get("title") == "pdf" or link.get("type") == "application/pdf":
                found.pdf = link.get("href", "")
                break
        return found
    return None


# ---------------------------------------------------------------------------- Crossref


def read_crossref_work(data: object, fetched: str) -> Found:
    """Crossref's ``/works/{doi}`` answer -> :class:`Found` (JATS abstract as text)."""
    if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
        raise Malformed("Crossref: no message object")
    message = data["message"]
    found = Found("crossref", fetched)
    found.doi = normalise_doi(_str(message.get("DOI"))) or ""
    found.abstract = _strip_markup(_str(message.get("abstract")))
    found.citations = _int(message.get("is-referenced-by-count"))
    titles = message.get("title")
    if isinstance(titles, list) and titles and isinstance(titles[0], str):
        found.title = titles[0]
    return found


# ----------------------------------------------------------------------------- asking


class Sources:
    """The three APIs behind one client."""

    def __init__(self, client: Client, bases: dict[str, str], mailto: str = "") -> None:
        self.client = client
        self.bases = bases
        self.mailto = mailto
        for name, interval in INTERVALS.items():
            client.intervals.setdefault(name, interval)

    def openalex_by_doi(self, doi: str) -> Found | None:
        url = entity_url(self.bases["openalex"], "works", f"doi:{doi}", self.mailto)
        response = self.client.get(url, "openalex")
        if response.status == 404:
            return None
        return read_openalex_work(_json(response.body, "OpenAlex"), response.fetched)

    def openalex_search(self, title: str, year: int | None) -> list[Found]:
        filters: list[tuple[str, str | list[str]]] = [("title.search", title)]
        if year is not None:
            filters.append(("publication_year", str(year)))
        url = list_url(self.bases["openalex"], "works", filters, per_page=10, mailto=self.mailto)
        response = self.client.get(url, "openalex")
        if response.status == 404:
            return []
        return read_openalex_results(_json(response.body, "OpenAlex"), response.fetched)

    def arxiv(self, arxiv_id: str) -> Found | None:
        query = urlencode({"id_list": arxiv_id, "max_results": 1})
        response = self.client.get(f"{self.bases['arxiv']}/api/query?{query}", "arxiv")
        if response.status == 404:
            return None
        return read_arxiv_feed(response.body, arxiv_id, response.fetched)

    def crossref(self, doi: str) -> Found | None:
        url = f"{self.bases['crossref']}/works/{quote(doi, safe='/')}"
        if self.mailto:
            url += "?" + urlencode({"mailto": self.mailto})
        response = self.client.get(url, "crossref")
        if response.status == 404:
            return None
        return read_crossref_work(_json(response.body, "Crossref"), response.fetched)
