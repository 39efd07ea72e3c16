"""A lab's works from its authors' ids: fetched, completed from OpenAlex, merged, keyed.

Per author: one lookup (OpenAlex knows the id?) and its pages of 200 works, or one DBLP
export; then one batched OpenAlex request per 50 DBLP DOIs for abstracts, counts and
topics.  Works listed by several authors or sources, and preprints with their published
versions, become one (:func:`...bib.works.merge_works`).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field, replace

from ...bib.enrich_data import EnrichData, Sourced, check_value
from ...bib.load import default_cache_dir
from ...bib.works import Work, merge_works
from ..enrich.client import Client, FetchError, Unreachable
from ..enrich.sources import INTERVALS, base_urls
from .dblp import dblp_base, person_works
from .openalex import NotFound, OpenAlex
from .options import Author

__all__ = ["Lab", "client_of", "enrich_records", "fetch_lab"]


@dataclass
class Lab:
    """What the authors' ids gave: the merged works, the members' names, a line per author."""

    works: list[Work] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    report: list[str] = field(default_factory=list)
    #: Works fetched before merging, and how many were merged away.
    fetched: int = 0
    merged: int = 0


def client_of(args: argparse.Namespace) -> Client:
    """The enrich command's client, with its cache folder unless ``--no-cache``."""
    cache_dir = None
    if not getattr(args, "no_cache", False):
        cache_dir = getattr(args, "cache_dir", None) or os.path.join(default_cache_dir(), "enrich")
    client = Client(cache_dir=cache_dir, mailto=getattr(args, "mailto", "") or "")
    client.intervals.update(INTERVALS)
    client.intervals["dblp"] = 1.0  # DBLP asks for slow, sequential requests
    return client


def _complete(dblp_works: list[Work], openalex: OpenAlex) -> list[Work]:
    """DBLP's works with OpenAlex's abstract, count, topics, PDF and id, by DOI."""
    known = openalex.works_by_doi(work.doi for work in dblp_works if work.doi)
    completed = []
    for work in dblp_works:
        found = known.get(work.doi.lower()) if work.doi else None
        if found is not None:
            work = replace(
                work,
                abstract=found.abstract,
                citations=found.citations,
                topics=found.topics,
                pdf=found.pdf,
                openalex=found.openalex,
                data_fetched=found.fetched,
            )
        completed.append(work)
    return completed


def fetch_lab(client: Client, authors: list[Author], mailto: str = "") -> Lab | str:
    """Every author's works, merged; or the message to stop with (an unknown id, an API
    that failed after its retries): nothing is written then."""
    openalex = OpenAlex(client, base_urls({})["openalex"], mailto)
    lab = Lab()
    works: list[Work] = []
    dblp_works: list[Work] = []
    try:
        for author in authors:
            if author.source == "dblp":
                name, found = person_works(client, dblp_base(), author.ident)
                dblp_works.extend(found)
            else:
                ident = author.ident if author.source == "openalex" else f"orcid:{author.ident}"
                author_id, name = openalex.author(ident)
                found = openalex.works_of(author_id)
                works.extend(found)
            if name and name not in lab.members:
                lab.members.append(name)
            lab.report.append(f"{author}: {name or '(no name)'}, {len(found)} works")
        works.extend(_complete(dblp_works, openalex))
    except NotFound as error:
        return f"unknown author id: {error} (the API does not know it)"
    except Unreachable as error:
        return str(error)
    except FetchError as error:
        return f"the API failed: {error}"
    if openalex.skipped:
        print(
            f"{openalex.skipped} objects in OpenAlex's answers were not works: skipped",
            file=sys.stderr,
        )
    lab.fetched = len(works)
    lab.works = merge_works(works)
    lab.merged = lab.fetched - len(lab.works)
    return lab


def enrich_records(works: list[Work], keys: list[str]) -> EnrichData:
    """The enrichment data file's records: abstract, count, DOI, OpenAlex id, PDF and
    topics of each work OpenAlex answered for (each value checked again)."""
    data: EnrichData = {}
    for work, key in zip(works, keys, strict=True):
        fetched = work.data_fetched  # set when OpenAlex answered for the work
        if not fetched:
            continue
        record: dict[str, Sourced] = {}
        for name in ("abstract", "citations", "doi", "openalex", "pdf", "topics"):
            raw: object = getattr(work, name)
            if name == "topics":
                raw = list(work.topics)
            if raw is None or raw == "" or raw == []:
                continue
            value = check_value(name, raw)
            if value is not None:
                record[name] = Sourced(value, "openalex", fetched)
        if record:
            data[key] = record
    return data
