"""One entry's lookup: which API to ask in which order, and what to record.

OpenAlex first (by DOI, by arXiv's DOI, or by title with ``--search``); arXiv for a
preprint's abstract and Crossref for a DOI's, where OpenAlex has none.  Every value
passes :func:`.enrich_data.check_value` before it is recorded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ...bib.enrich_data import FIELDS, Sourced, check_value, extract_arxiv, extract_doi
from ...bib.records import Publication, plain
from .client import FetchError, Unreachable
from .sources import Found, Sources

__all__ = ["STATUSES", "Outcome", "is_known", "look_up"]

#: Every outcome, in report order.
STATUSES = ("found", "not found", "ambiguous", "failed", "skipped")


@dataclass
class Outcome:
    """What became of one entry."""

    key: str
    status: str
    fields: dict[str, Sourced] = field(default_factory=dict)
    message: str = ""


def _words(title: str) -> str:
    """A title compared without case, punctuation or spacing."""
    return " ".join(re.findall(r"\w+", title.casefold()))


def is_known(publication: Publication, record: Mapping[str, Sourced] | None) -> bool:
    """Whether ``--only-missing`` may skip the entry: it has an abstract and a count."""
    if not record or "citations" not in record:
        return False
    return bool(publication.abstract) or "abstract" in record


def _record(found: list[Found]) -> tuple[dict[str, Sourced], list[str]]:
    """The first valid value of each field across the answers, and what was dropped."""
    record: dict[str, Sourced] = {}
    dropped: list[str] = []
    for answer in found:
        for name in FIELDS:
            raw = getattr(answer, name)
            if name in record or raw is None or raw == "" or raw == []:
                continue
            value = check_value(name, raw)
            if value is None:
                dropped.append(f"{name} from {answer.source} dropped ({str(raw)[:40]!r})")
                continue
            record[name] = Sourced(value, answer.source, answer.fetched)
    return record, dropped


def _search(sources: Sources, publication: Publication) -> Found | Outcome:
    title = plain(publication.title).strip()
    if not title:
        return Outcome(publication.key, "skipped", message="no title to search for")
    candidates = sources.openalex_search(title, publication.year_num)
    wanted = _words(title)
    exact = {c.openalex: c for c in candidates if _words(c.title) == wanted}
    if not exact:
        note = f" ({len(candidates)} results, none with this title)" if candidates else ""
        return Outcome(publication.key, "not found", message=f"title search{note}")
    if len(exact) > 1:
        ids = ", ".join(sorted(exact))
        return Outcome(
            publication.key,
            "ambiguous",
            message=f"title matches {len(exact)} works ({ids}): nothing recorded; add a DOI",
        )
    return next(iter(exact.values()))


def look_up(sources: Sources, publication: Publication, search: bool) -> Outcome:
    """Ask the APIs about *publication*; :class:`.client.Unreachable` propagates."""
    key = publication.key
    fields = dict(publication.fields)
    doi, arxiv = extract_doi(fields), extract_arxiv(fields)
    if not doi and not arxiv and not search:
        return Outcome(key, "skipped", message="no DOI or arXiv id (--search looks up titles)")
    found: list[Found] = []
    try:
        work: Found | None
        if doi:
            work = sources.openalex_by_doi(doi)
        elif arxiv:
            work = sources.openalex_by_doi(f"10.48550/arxiv.{arxiv}")
        else:
            searched = _search(sources, publication)
            if isinstance(searched, Outcome):
                return searched
            work = searched
        if work is not None:
            found.append(work)
            doi = doi or work.doi or None
        has_abstract = bool(publication.abstract) or any(item.abstract for item in found)
        if not has_abstract and arxiv:
            preprint = sources.arxiv(arxiv)
            if preprint is not None:
                found.append(preprint)
                doi = doi or preprint.doi or None
        has_abstract = bool(publication.abstract) or any(item.abstract for item in found)
        if doi and (work is None or not has_abstract):
            registered = sources.crossref(doi)
            if registered is not None:
                found.append(registered)
    except Unreachable:
        raise
    except FetchError as error:
        return Outcome(key, "failed", message=str(error))
    record, dropped = _record(found)
    if not record:
        return Outcome(key, "not found", message="; ".join(dropped) or "no API knows it")
    sources_used = sorted({item.source for item in record.values()})
    message = ", ".join(sorted(record)) + f" ({', '.join(sources_used)})"
    if dropped:
        message += "; " + "; ".join(dropped)
    return Outcome(key, "found", record, message)
