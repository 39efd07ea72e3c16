"""A person's works from DBLP: its BibTeX export (``/pid/66/2811.bib``), one request.

The export is parsed by the build's own loader (:func:`...bib.load.parse_file`: linear,
never crashing on bad input) and each entry becomes a :class:`...bib.works.Work` with
the same caps as OpenAlex's answers.  Abstracts, counts and topics come later, from
OpenAlex, for the DOIs (see :mod:`.fetch`).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Mapping

from ...bib.enrich_data import extract_arxiv, extract_doi
from ...bib.links import classify_url
from ...bib.load import parse_file
from ...bib.records import Publication, plain
from ...bib.works import MAX_AUTHORS, MAX_TITLE, Work, ascii_year, clean_text
from ..enrich.client import Client
from ..enrich.sources import Malformed
from .openalex import NotFound

__all__ = ["DBLP_ENV", "DEFAULT_DBLP", "MAX_EXPORT", "dblp_base", "person_works", "work_of"]

DEFAULT_DBLP = "https://dblp.org"
#: Points the DBLP requests elsewhere (a mirror, the test server).
DBLP_ENV = "RESEARCHTOPICS_DBLP_URL"
#: A person's export larger than this is refused (the largest real ones are a few MB).
MAX_EXPORT = 32 * 1024 * 1024
#: BibTeX types kept as they are; anything else is written as ``misc``.
_TYPES = frozenset(
    {"article", "inproceedings", "incollection", "book", "proceedings", "phdthesis"}
    | {"mastersthesis", "techreport", "misc"}
)
_VENUE_FIELDS = ("journal", "booktitle", "school", "publisher", "howpublished")
#: DBLP tells homonyms apart with a number after the name ("Wei Wang 0001").
_HOMONYM = re.compile(r"\s+[0-9]{4}$", re.ASCII)


def dblp_base() -> str:
    return (os.environ.get(DBLP_ENV) or DEFAULT_DBLP).rstrip("/")


def _name(person_display: str) -> str:
    return _HOMONYM.sub("", clean_text(person_display))


def _link(value: str) -> str:
    safe = classify_url(value) if value and len(value) <= 2000 else None
    if safe is None or safe[1] or not safe[0].startswith(("http:", "https:")):
        return ""
    return safe[0]


def work_of(publication: Publication, fetched: str) -> Work | None:
    """A DBLP BibTeX entry -> :class:`Work` (None without a title)."""
    fields: Mapping[str, str] = dict(publication.fields)
    title = clean_text(plain(publication.title), MAX_TITLE).rstrip(".")
    if not title:
        return None
    authors = tuple(
        name
        for person in publication.authors[:MAX_AUTHORS]
        if not person.others and (name := _name(person.display))
    )
    venue_field = next((name for name in _VENUE_FIELDS if fields.get(name)), "")
    venue = clean_text(plain(publication.venue)) if venue_field else ""
    doi = extract_doi(fields) or ""
    arxiv = extract_arxiv(fields) or ""
    preprint = venue.casefold() == "corr" or doi.startswith("10.48550/")
    entry_type = publication.entry_type.lower()
    if preprint:
        entry_type, venue_field, venue = "misc", "howpublished", "arXiv"
    elif entry_type not in _TYPES:
        entry_type = "misc"
    return Work(
        title=title,
        authors=authors,
        year=ascii_year(fields.get("year", "")),
        month=publication.month if 1 <= publication.month <= 12 else 0,
        entry_type=entry_type,
        venue_field=venue_field if venue else "",
        venue=venue,
        doi=doi,
        arxiv=arxiv,
        url=_link(fields.get("url", "")),
        source="dblp",
        fetched=fetched,
        preprint=preprint,
    )


def person_works(client: Client, base: str, pid: str) -> tuple[str, list[Work]]:
    """(the person's name, their works): the name is the one on most of their entries."""
    response = client.get(f"{base}/pid/{pid}.bib", "dblp")
    if response.status == 404:
        raise NotFound(pid)
    if len(response.body) > MAX_EXPORT:
        raise Malformed(f"DBLP: the export of {pid} is larger than {MAX_EXPORT} bytes")
    if response.body.strip() and not response.body.lstrip().startswith((b"@", b"%")):
        raise Malformed(f"DBLP: the answer for {pid} is not BibTeX")
    result = parse_file(f"dblp:{pid}", "topics", response.body)
    works = [work for pub in result.entries if (work := work_of(pub, response.fetched))]
    names = Counter(name for work in works for name in work.authors)
    return (names.most_common(1)[0][0] if names else ""), works
