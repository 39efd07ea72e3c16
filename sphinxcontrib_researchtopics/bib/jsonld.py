"""schema.org ``ScholarlyArticle`` data for search engines, safe inside ``<script>``."""

from __future__ import annotations

import json
from typing import Any

from .latex import to_text
from .records import Publication, plain

_TYPES = {
    "book": "Book",
    "phdthesis": "Thesis",
    "mastersthesis": "Thesis",
    "thesis": "Thesis",
    "techreport": "Report",
    "report": "Report",
}


def jsonld(publication: Publication) -> dict[str, Any]:
    """The entry as a schema.org object (only fields that are present)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": _TYPES.get(publication.entry_type, "ScholarlyArticle"),
        "identifier": publication.key,
        "name": plain(publication.title),
    }
    authors = [
        {"@type": "Person", "name": person.display}
        for person in publication.authors
        if not person.others
    ]
    if authors:
        data["author"] = authors
    if publication.year_num is not None:
        month = f"-{publication.month:02d}" if publication.month else ""
        data["datePublished"] = f"{publication.year_num}{month}"
    venue = plain(publication.venue)
    if venue:
        data["isPartOf"] = {"@type": "PublicationIssue", "name": venue}
        if publication.abbr:  # the venue badge
            data["isPartOf"]["alternateName"] = publication.abbr
    named = to_text(publication.field("award_name")).strip()
    awards = [award for award in dict.fromkeys([named, plain(publication.award)]) if award]
    if awards:  # the award badge (award_name) and its text, as the entry shows them
        data["award"] = awards
    if publication.preview.startswith(("https://", "http://")):
        data["image"] = publication.preview  # a local thumbnail's URL is the page's to know
    abstract = plain(publication.abstract)
    if abstract:
        data["abstract"] = abstract
    remote = [
        link.url for link in publication.links if not link.local and link.url.startswith("http")
    ]
    if remote:
        data["url"] = remote[0]
        if len(remote) > 1:
            data["sameAs"] = remote[1:]
    if publication.topics:
        data["keywords"] = list(publication.topics)
    return data


def script_text(publication: Publication) -> str:
    """JSON that cannot close its ``<script>`` element or start a comment."""
    text = json.dumps(jsonld(publication), ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
