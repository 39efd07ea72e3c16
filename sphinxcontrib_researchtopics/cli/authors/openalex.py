"""An author's works from OpenAlex: cursor paging, 200 a page; works by DOI in batches.

Every work object is untrusted data read by :func:`read_work`: text capped and cleaned,
years from ASCII digits only, links only with a safe scheme, the abstract rebuilt from
the inverted index.  Requests go through :class:`..enrich.client.Client` (cache, pacing,
retries, ``mailto``), URLs are written by :mod:`..enrich.openalex_query`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ...bib.enrich_data import (
    abstract_from_inverted_index,
    check_value,
    extract_arxiv,
    normalise_doi,
)
from ...bib.links import classify_url
from ...bib.openalex_topics import work_topics
from ...bib.works import MAX_AUTHORS, MAX_TITLE, Work, ascii_year, clean_text
from ..enrich.client import Client
from ..enrich.openalex_query import MAX_OR_VALUES, MAX_PER_PAGE, entity_url, list_url
from ..enrich.sources import Malformed

__all__ = ["MAX_PAGES", "NotFound", "OpenAlex", "read_work"]

#: At most this many pages per author (200 works each): 20,000 works.
MAX_PAGES = 100
_WORK_ID = re.compile(r"https://openalex\.org/W[0-9]{1,15}", re.ASCII)
_AUTHOR_ID = re.compile(r"https://openalex\.org/(A[0-9]{1,15})", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-([0-9]{2})-[0-9]{2}", re.ASCII)
#: OpenAlex's work type -> (BibTeX type, venue field), when the source says no better.
_TYPES = {
    "article": ("article", "journal"),
    "review": ("article", "journal"),
    "letter": ("article", "journal"),
    "editorial": ("article", "journal"),
    "book-chapter": ("incollection", "booktitle"),
    "book": ("book", "publisher"),
    "dissertation": ("phdthesis", "school"),
    "report": ("techreport", "institution"),
}


class NotFound(Exception):
    """OpenAlex does not know the author (HTTP 404)."""


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _safe_link(value: object) -> str:
    if not isinstance(value, str) or len(value) > 2000:
        return ""
    safe = classify_url(value)
    if safe is None or safe[1] or not safe[0].startswith(("http:", "https:")):
        return ""
    return safe[0]


def _kind(raw: dict[str, Any], source: dict[str, Any], preprint: bool) -> tuple[str, str]:
    """The BibTeX type and the field the venue goes in."""
    if preprint:
        return "misc", "howpublished"
    if source.get("type") == "conference":
        return "inproceedings", "booktitle"
    kind = _TYPES.get(str(raw.get("type")), ("misc", "howpublished"))
    if kind[1] == "journal" and source.get("type") not in ("journal", None):
        return "misc", "howpublished"
    return kind


def read_work(raw: object, fetched: str) -> Work | None:
    """An OpenAlex work object -> :class:`Work`, or None when it is not one."""
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        return None
    if not _WORK_ID.fullmatch(raw["id"]):
        return None
    title = clean_text(raw.get("title") or raw.get("display_name"), MAX_TITLE)
    if not title:
        return None
    authorships = raw.get("authorships")
    authors: list[str] = []
    for item in authorships[:MAX_AUTHORS] if isinstance(authorships, list) else []:
        item = _dict(item)
        name = clean_text(_dict(item.get("author")).get("display_name")) or clean_text(
            item.get("raw_author_name")
        )
        if name:
            authors.append(name)
    date = raw.get("publication_date")
    month_match = _DATE.fullmatch(date) if isinstance(date, str) else None
    month = int(month_match.group(1)) if month_match else 0
    doi = normalise_doi(raw["doi"]) if isinstance(raw.get("doi"), str) else None
    primary = _dict(raw.get("primary_location"))
    source = _dict(primary.get("source"))
    venue = clean_text(source.get("display_name"))
    links: list[str] = []
    locations = raw.get("locations")
    for location in [primary, *(locations[:50] if isinstance(locations, list) else [])]:
        location = _dict(location)
        links.extend(_safe_link(location.get(name)) for name in ("landing_page_url", "pdf_url"))
    arxiv = extract_arxiv({"doi": doi or ""}) or next(
        (found for url in links if url and (found := extract_arxiv({"url": url}))), None
    )
    preprint = raw.get("type") == "preprint" or (
        source.get("type") == "repository" and bool(arxiv or (doi or "").startswith("10.48550/"))
    )
    entry_type, venue_field = _kind(raw, source, preprint)
    if preprint and not venue and arxiv:
        venue = "arXiv"
    best, open_access = _dict(raw.get("best_oa_location")), _dict(raw.get("open_access"))
    pdf = check_value("pdf", best.get("pdf_url") or open_access.get("oa_url") or "")
    abstract = check_value(
        "abstract", abstract_from_inverted_index(raw.get("abstract_inverted_index"))
    )
    citations = check_value("citations", raw.get("cited_by_count"))
    return Work(
        title=title,
        authors=tuple(authors),
        year=ascii_year(raw.get("publication_year")),
        month=month if 1 <= month <= 12 else 0,
        entry_type=entry_type,
        venue_field=venue_field if venue else "",
        venue=venue,
        doi=doi or "",
        arxiv=arxiv or "",
        url=_safe_link(primary.get("landing_page_url")),
        pdf=pdf if isinstance(pdf, str) else "",
        abstract=abstract if isinstance(abstract, str) else "",
        citations=citations if isinstance(citations, int) else None,
        topics=tuple(work_topics(raw)),
        openalex=raw["id"],
        source="openalex",
        fetched=fetched,
        preprint=preprint,
        data_fetched=fetched,
    )


def _json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise Malformed(f"OpenAlex: response is not JSON ({error})") from None


@dataclass
class Page:
    """One page of a list: its works, how many objects were not works, the next cursor."""

    works: list[Work]
    skipped: int
    next_cursor: str


def _page(data: object, fetched: str) -> Page:
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise Malformed("OpenAlex: not a list of results")
    works = [work for raw in data["results"] if (work := read_work(raw, fetched)) is not None]
    cursor = _dict(data.get("meta")).get("next_cursor")
    valid = isinstance(cursor, str) and 0 < len(cursor) <= 1000 and bool(data["results"])
    return Page(works, len(data["results"]) - len(works), cursor if valid else "")  # type: ignore[arg-type]


class OpenAlex:
    """The author and work queries of one run."""

    def __init__(self, client: Client, base: str, mailto: str = "") -> None:
        self.client, self.base, self.mailto = client, base, mailto
        #: objects in list answers that were not works (reported, not fatal)
        self.skipped = 0

    def author(self, ident: str) -> tuple[str, str]:
        """(OpenAlex author id, display name) of ``A…`` or ``orcid:…``; NotFound if none."""
        response = self.client.get(entity_url(self.base, "authors", ident, self.mailto), "openalex")
        if response.status == 404:
            raise NotFound(ident)
        data = _dict(_json(response.body))
        match = _AUTHOR_ID.fullmatch(str(data.get("id", "")))
        if match is None:
            raise Malformed(f"OpenAlex: {ident}: not an author object")
        return match.group(1), clean_text(data.get("display_name"))

    def works_of(self, author_id: str) -> list[Work]:
        """Every work of the author, 200 a page, following ``meta.next_cursor``."""
        works: list[Work] = []
        cursor = "*"
        for _ in range(MAX_PAGES):
            url = list_url(
                self.base,
                "works",
                [("author.id", author_id)],
                per_page=MAX_PER_PAGE,
                cursor=cursor,
                mailto=self.mailto,
            )
            response = self.client.get(url, "openalex")
            if response.status == 404:
                raise NotFound(author_id)
            page = _page(_json(response.body), response.fetched)
            works.extend(page.works)
            self.skipped += page.skipped
            if not page.next_cursor or page.next_cursor == cursor:
                break
            cursor = page.next_cursor
        return works

    def works_by_doi(self, dois: Iterable[str]) -> dict[str, Work]:
        """OpenAlex's work for each DOI it knows, asked 50 at a time (``doi:a|b|c``)."""
        wanted = sorted({doi.lower() for doi in dois if doi and not re.search(r"[\s,|]", doi)})
        found: dict[str, Work] = {}
        for start in range(0, len(wanted), MAX_OR_VALUES):
            chunk: Sequence[str] = wanted[start : start + MAX_OR_VALUES]
            url = list_url(
                self.base, "works", [("doi", chunk)], per_page=MAX_OR_VALUES, mailto=self.mailto
            )
            response = self.client.get(url, "openalex")
            if response.status == 404:
                continue
            page = _page(_json(response.body), response.fetched)
            self.skipped += page.skipped
            for work in page.works:
                if work.doi.lower() in chunk:
                    found[work.doi.lower()] = work
        return found
