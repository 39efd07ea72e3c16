"""One work listed twice: a preprint beside its published version, or the same paper
under two keys.

Two entries are one work when they share a DOI, an arXiv id, or the same normalised title
(three words or more) with an author surname in common.  Grouping is linear: every DOI,
arXiv id and (title, surname) pair is a hash key naming the first entry that had it, and
entries meeting at a key are joined (union-find), so 10,000 copies of one title cost
10,000 steps, not 50 million comparisons.  Pure: ``researchtopics check``, the build
(``researchtopics_duplicates = "warn"``), ``new`` and ``sync`` share it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .enrich_data import extract_arxiv, extract_doi
from .records import Problem, Publication, plain

__all__ = [
    "Identity",
    "duplicate_problems",
    "groups",
    "identity_of_publication",
    "is_preprint",
    "normalise_title",
    "preferred",
    "reason",
    "surname",
]

#: Titles shorter than this (in words) are too common to match on ("Preface").
MIN_TITLE_WORDS = 3
#: Venues that hold preprints, as words of the venue's normalised name.
PREPRINT_VENUES = frozenset(
    {"arxiv", "corr", "biorxiv", "medrxiv", "chemrxiv", "ssrn", "preprint", "preprints"}
)
#: DOI prefixes of preprint servers: arXiv (DataCite), bioRxiv/medRxiv, SSRN, Research Square.
PREPRINT_DOI_PREFIXES = ("10.48550/", "10.1101/", "10.2139/", "10.21203/")


@dataclass(frozen=True)
class Identity:
    """What tells works apart: normalised title, author surnames, DOI, arXiv id."""

    title: str
    surnames: frozenset[str]
    doi: str = ""
    arxiv: str = ""
    preprint: bool = False


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii").casefold()


def normalise_title(text: str) -> str:
    """Letters and digits of *text*, lower case, accents dropped, one space between words."""
    return " ".join(re.findall(r"[a-z0-9]+", _ascii(text)))


def surname(name: str) -> str:
    """The last word of a displayed name, in ASCII lower case; DBLP's homonym number
    ("Wei Wang 0001") and a trailing ", Jr." are dropped."""
    words = re.findall(r"[a-z]+|[0-9]+", _ascii(name.split(",")[0] if "," in name else name))
    words = [word for word in words if not word.isdigit() and word not in ("jr", "sr")]
    return words[-1] if words else ""


def is_preprint(venue: str, doi: str, entry_type: str = "", has_arxiv: bool = False) -> bool:
    """Whether the entry is a preprint: a preprint server's venue or DOI, ``unpublished``,
    or a ``misc`` entry with an arXiv id and no venue."""
    if doi.lower().startswith(PREPRINT_DOI_PREFIXES):
        return True
    words = set(normalise_title(venue).split())
    if words & PREPRINT_VENUES:
        return True
    kind = entry_type.lower()
    return kind == "unpublished" or (kind == "misc" and has_arxiv and not venue.strip())


def identity_of_publication(publication: Publication) -> Identity:
    """A .bib entry's :class:`Identity` (title and venue as converted by the loader)."""
    fields = dict(publication.fields)
    doi = extract_doi(fields) or ""
    arxiv = extract_arxiv(fields) or ""
    names = frozenset(
        filter(None, (surname(person.last or person.display) for person in publication.authors))
    )
    venue = plain(publication.venue) or fields.get("journal", "") or fields.get("booktitle", "")
    return Identity(
        normalise_title(plain(publication.title)),
        names,
        doi.lower(),
        arxiv.lower(),
        is_preprint(venue, doi, publication.entry_type, bool(arxiv)),
    )


def _find(parent: list[int], item: int) -> int:
    root = item
    while parent[root] != root:
        root = parent[root]
    while parent[item] != root:  # path compression keeps later finds short
        parent[item], item = root, parent[item]
    return root


def groups(items: Sequence[Identity]) -> list[list[int]]:
    """Indices of *items* that are one work, groups of two or more, each in index order,
    groups ordered by their first index."""
    parent = list(range(len(items)))
    first_at: dict[tuple[str, str, str], int] = {}
    for index, item in enumerate(items):
        keys: list[tuple[str, str, str]] = []
        if item.doi:
            keys.append(("doi", item.doi, ""))
        if item.arxiv:
            keys.append(("arxiv", item.arxiv, ""))
        if item.title.count(" ") + 1 >= MIN_TITLE_WORDS:
            keys.extend(("title", item.title, name) for name in item.surnames)
        for key in keys:
            seen = first_at.setdefault(key, index)
            if seen != index:
                a, b = _find(parent, seen), _find(parent, index)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = {}
    for index in range(len(items)):
        members.setdefault(_find(parent, index), []).append(index)
    return [group for _root, group in sorted(members.items()) if len(group) > 1]


def preferred(items: Sequence[Identity], group: Sequence[int]) -> int:
    """The entry of *group* to keep: a published one (not a preprint) with a DOI first,
    then the earliest."""
    return min(group, key=lambda index: (items[index].preprint, not items[index].doi, index))


def reason(one: Identity, other: Identity) -> str:
    """Why two entries are one work, for messages."""
    if one.doi and one.doi == other.doi:
        return f"same DOI {one.doi}"
    if one.arxiv and one.arxiv == other.arxiv:
        return f"same arXiv id {one.arxiv}"
    return "same title and an author in common"


def _where(publication: Publication) -> str:
    return f"{publication.source}:{publication.line}" if publication.line else publication.source


def duplicate_problems(publications: Iterable[Publication]) -> list[Problem]:
    """A ``duplicate_entry`` problem at every entry that repeats another, naming both
    places and the entry to keep (the published one, with the preprint's arXiv id)."""
    entries = list(publications)
    items = [identity_of_publication(publication) for publication in entries]
    problems: list[Problem] = []
    for group in groups(items):
        keep = preferred(items, group)
        kept = entries[keep]
        arxiv = next((items[index].arxiv for index in group if items[index].arxiv), "")
        advice = f"keep {kept.key!r}"
        if arxiv and not items[keep].arxiv:
            advice += f" with arxiv = {{{arxiv}}}"
        first = group[0]
        for index in group[1:]:
            one, other = entries[first], entries[index]
            problems.append(
                Problem(
                    "duplicate_entry",
                    f"{other.key!r} ({_where(other)}) and {one.key!r} ({_where(one)}) are one "
                    f"work ({reason(items[first], items[index])}): {advice}",
                    other.source,
                    other.line,
                )
            )
    return problems
