"""Works fetched from OpenAlex or DBLP: one model, duplicates merged, readable stable keys.

Pure (no network): the fetchers of ``researchtopics new --openalex/--orcid/--dblp`` and
``sync`` make :class:`Work` objects from API answers with :func:`clean_text` and
:func:`ascii_year` (API values are untrusted: sizes capped, control characters dropped,
years only from ASCII digits), and the rest happens here.  A key is
``surnameYEARword`` (``xiong2024light``); works that would share one are told apart by
letters taken from a hash of their identity (DOI, else arXiv id, else OpenAlex id), so
the keys do not depend on the order the works arrived in.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from .duplicates import Identity, groups, is_preprint, normalise_title, preferred, surname

__all__ = [
    "MAX_AUTHORS",
    "MAX_TEXT",
    "MAX_TITLE",
    "Work",
    "ascii_year",
    "clean_text",
    "identity_of_work",
    "make_keys",
    "merge_works",
    "work_identity",
]

#: Caps on what one API value may hold.
MAX_TITLE = 1000
MAX_TEXT = 300
MAX_AUTHORS = 1000
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_YEAR = re.compile(r"[0-9]{4}", re.ASCII)
_STOP_WORDS = frozenset(
    {"a", "an", "the", "on", "of", "in", "for", "and", "to", "toward", "towards"}
)


@dataclass(frozen=True)
class Work:
    """One work as a source describes it (empty: the source did not say)."""

    title: str
    authors: tuple[str, ...] = ()
    year: int | None = None
    month: int = 0
    #: The BibTeX entry type, and the field the venue goes in.
    entry_type: str = "misc"
    venue_field: str = ""
    venue: str = ""
    doi: str = ""
    arxiv: str = ""
    url: str = ""
    pdf: str = ""
    abstract: str = ""
    citations: int | None = None
    #: OpenAlex's ``primary_topic`` then ``topics`` (raw: checked when recorded).
    topics: tuple[object, ...] = ()
    openalex: str = ""
    #: "openalex" or "dblp", and the day its answer was fetched.
    source: str = ""
    fetched: str = ""
    preprint: bool = False
    #: Where the values of the enrichment fields came from (OpenAlex, for DBLP's works).
    data_fetched: str = field(default="", compare=False)


def clean_text(value: object, cap: int = MAX_TEXT) -> str:
    """An API string as one line of text: control and direction characters dropped,
    spaces collapsed, cut at *cap* characters; anything but a string is empty."""
    if not isinstance(value, str):
        return ""
    return " ".join(_CONTROL.sub(" ", value[: cap * 4]).split())[:cap]


def ascii_year(value: object) -> int | None:
    """A year from 1000 to 2999 written in ASCII digits (an int, or a string such as
    ``"2024"``); anything else (full-width digits, ``True``, ``"2024-01"``) is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1000 <= value <= 2999 else None
    if isinstance(value, str) and _YEAR.fullmatch(value.strip()):
        year = int(value.strip())
        return year if 1000 <= year <= 2999 else None
    return None


def work_identity(work: Work) -> str:
    """What names the work across runs: its DOI, else arXiv id, else OpenAlex id, else
    its title and year."""
    if work.doi:
        return f"doi:{work.doi.lower()}"
    if work.arxiv:
        return f"arxiv:{work.arxiv.lower()}"
    if work.openalex:
        return f"openalex:{work.openalex}"
    return f"title:{normalise_title(work.title)}|{work.year or ''}"


def identity_of_work(work: Work) -> Identity:
    names = frozenset(filter(None, (surname(name) for name in work.authors)))
    preprint = work.preprint or is_preprint(work.venue, work.doi, work.entry_type, bool(work.arxiv))
    return Identity(
        normalise_title(work.title), names, work.doi.lower(), work.arxiv.lower(), preprint
    )


def _merged(works: Sequence[Work], keep: int) -> Work:
    """The kept work, with what it lacks taken from the others (the preprint's arXiv id,
    an abstract, a PDF link, OpenAlex's count and topics)."""
    kept = works[keep]
    others = [work for index, work in enumerate(works) if index != keep]
    filled: dict[str, object] = {}
    for name in ("arxiv", "abstract", "pdf", "url", "openalex", "month", "venue"):
        if not getattr(kept, name):
            # a preprint's OpenAlex id and venue are not the published version's
            donors = [w for w in others if not (w.preprint and name in ("openalex", "venue"))]
            value = next((getattr(work, name) for work in donors if getattr(work, name)), None)
            if value:
                filled[name] = value
                if name == "venue":
                    donor = next(work for work in donors if work.venue == value)
                    filled["venue_field"] = donor.venue_field
                    filled["entry_type"] = donor.entry_type
    counts = [work.citations for work in works if work.citations is not None]
    if counts:
        filled["citations"] = max(counts)
    if not kept.topics:
        topics = next((work.topics for work in others if work.topics), ())
        if topics:
            filled["topics"] = topics
    if not kept.data_fetched:  # OpenAlex answered for another of the group only
        filled["data_fetched"] = next(
            (work.data_fetched for work in others if work.data_fetched), ""
        )
    return replace(kept, **filled)  # type: ignore[arg-type]


def merge_works(works: Iterable[Work]) -> list[Work]:
    """One work per group of duplicates (the published one, completed from the others);
    the order: newest first, then by identity, so it does not depend on arrival."""
    items = list(works)
    identities = [identity_of_work(work) for work in items]
    result: list[Work] = []
    grouped: set[int] = set()
    for group in groups(identities):
        grouped.update(group)
        keep = preferred(identities, group)
        members = [items[index] for index in group]
        result.append(_merged(members, group.index(keep)))
    result.extend(work for index, work in enumerate(items) if index not in grouped)
    return sorted(result, key=lambda work: (-(work.year or 0), work_identity(work)))


def _ascii_word(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode().lower())


def base_key(work: Work) -> str:
    """``surnameYEARword``: the first author's surname, the year, the title's first word
    that is not a stop word (ASCII letters and digits only)."""
    last = _ascii_word(surname(work.authors[0])) if work.authors else ""
    words = (_ascii_word(word) for word in work.title.split())
    first = next((word for word in words if word and word not in _STOP_WORDS), "")
    return f"{last or 'anon'}{work.year or 'nd'}{first[:20]}"


def _letters(identity: str, count: int) -> str:
    digest = hashlib.sha256(identity.encode("utf-8")).digest()
    return "".join(chr(ord("a") + byte % 26) for byte in digest[:count])


def make_keys(works: Sequence[Work], taken: Iterable[str] = ()) -> list[str]:
    """A key per work, none in *taken* (keys already in the .bib, compared without case).

    A base key shared by several works, or already taken, gets two letters from a hash
    of each work's identity (more when two hashes agree), never a counter."""
    used = {key.casefold() for key in taken}
    bases = [base_key(work) for work in works]
    sharing: dict[str, int] = {}
    for base in bases:
        sharing[base] = sharing.get(base, 0) + 1
    keys: list[str] = []
    for work, base in zip(works, bases, strict=True):
        key = base
        if sharing[base] > 1 or base.casefold() in used:
            identity, count = work_identity(work), 2
            key = base + _letters(identity, count)
            while key.casefold() in used:  # two hashes agree (or one identity twice)
                count += 1
                key = base + _letters(identity, min(count, 32)) + (str(count) if count > 32 else "")
        used.add(key.casefold())
        keys.append(key)
    return keys
