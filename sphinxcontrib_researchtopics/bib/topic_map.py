"""``researchtopics_topic_map``: a reviewed topic proposal applied to untagged entries.

Pure (no Sphinx): the build calls :func:`map_bibliography` where it merges the enrichment
data.  Entries with topics of their own keep them; the others get the proposal's slugs
(:meth:`.topics.Proposal.assign`), so ``:topic:`` selects them without a tag in the .bib.
A missing, unreadable or malformed file is a ``topic_map`` problem (a located warning),
never an error: the entries then keep what the .bib gives them.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from .enrich_data import load_data, lookup_topics
from .lazy import Problems
from .merge import Bibliography
from .openalex_topics import WorkTopic
from .records import Problem, Publication
from .topics import Proposal

__all__ = ["MAX_MAP_BYTES", "apply_proposal", "load_proposal", "map_bibliography"]

#: A proposal file larger than this is not read (100,000 keys fit in a few MB).
MAX_MAP_BYTES = 32 * 1024 * 1024


def load_proposal(path: str, root: str = "") -> tuple[Proposal, list[Problem]]:
    """Read and check a proposal file; *root*, when given, is the folder it must really
    be inside (symlinks resolved).  Problems, never exceptions."""
    empty = Proposal((), ())

    def fail(message: str) -> tuple[Proposal, list[Problem]]:
        return empty, [Problem("topic_map", message, path)]

    real = os.path.realpath(path)
    if root and os.path.commonpath([real, os.path.realpath(root)]) != os.path.realpath(root):
        return fail("the topic map is outside the configuration folder; not read")
    try:
        if os.path.getsize(real) > MAX_MAP_BYTES:
            return fail(f"the topic map is larger than {MAX_MAP_BYTES} bytes; not read")
        text = Path(real).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return fail(f"cannot read the topic map: {reason}")
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as error:
        return fail(f"the topic map is not valid JSON: {error}")
    return Proposal.from_json(raw, path)


def apply_proposal(
    entries: Mapping[str, Publication],
    proposal: Proposal,
    topics: Mapping[str, Sequence[WorkTopic]],
) -> dict[str, Publication]:
    """Every entry, those without topics given the proposal's (order kept).

    A mapped entry's digest covers its slugs and their titles, so an incremental build
    re-reads the pages whose entries moved or were renamed.
    """
    untagged = [key for key, pub in entries.items() if not pub.topics]
    assigned = proposal.assign(untagged, topics)
    titles = proposal.titles
    result: dict[str, Publication] = {}
    for key, pub in entries.items():
        slugs = assigned.get(key, ())
        if slugs:
            seed = repr((pub.digest, [(slug, titles.get(slug, "")) for slug in slugs]))
            digest = hashlib.sha1(seed.encode()).hexdigest()[:16]
            pub = replace(pub, topics=slugs, digest=digest)
        result[key] = pub
    return result


def map_bibliography(
    bibliography: Bibliography, map_name: str, data_name: str | None, confdir: str
) -> tuple[Bibliography, dict[str, str]]:
    """The bibliography with the proposal in *map_name* applied, and its slug -> title
    table (for the finder's topic facet).  The enrichment data file *data_name* is read
    only when an entry is neither tagged nor listed (a new paper to place)."""
    proposal, problems = load_proposal(os.path.join(confdir, map_name), confdir)
    entries = bibliography.entries
    listed = proposal.listed()
    topics: dict[str, tuple[WorkTopic, ...]] = {}
    to_place = set(proposal.unknown)
    if data_name and any(
        not pub.topics and (key not in listed or key in to_place) for key, pub in entries.items()
    ):
        data, _already_reported = load_data(os.path.join(confdir, data_name))
        topics = lookup_topics(data)
    record = bibliography.problem_record
    mapped = Bibliography(
        apply_proposal(entries, proposal, topics),
        Problems((*record.groups, (False, (tuple(problems),)))),
        bibliography.files,
    )
    return mapped, proposal.titles
