"""Topic pages from OpenAlex's classification: a proposal a lab reviews, keeps and applies.

Pure (no docutils, no Sphinx, no network): ``researchtopics topics``, ``researchtopics
new --data`` and the build (``researchtopics_topic_map``) share it.

:func:`propose` groups the entries at OpenAlex's topic or subfield level, whichever splits
this lab best, into a handful of topics of at least :data:`MIN_SIZE` entries each; every
other entry is "Other".  It is deterministic: the same keys and topics give the same
proposal, whatever the order of the mapping (ties are broken by OpenAlex id).

A :class:`Proposal` names, per topic, the OpenAlex ids it *takes*: :meth:`Proposal.assign`
places entries the proposal does not list yet (new papers) by those ids, so a reviewed
proposal stays stable as papers arrive.  :meth:`Proposal.from_json` reads a file a user
edits: everything in it is checked (types, lengths, counts).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .openalex_topics import WorkTopic
from .records import Problem

__all__ = [
    "FORMAT",
    "LEVEL_CHOICES",
    "MAX_SIZE",
    "MIN_SIZE",
    "Proposal",
    "ProposedTopic",
    "propose",
    "slugify",
]

#: The ``format`` member of a proposal file.
FORMAT = "researchtopics-topics/1"
#: The levels a proposal may group at ("auto" tries both).
LEVEL_CHOICES = ("auto", "topic", "subfield")
#: Default bounds: 4 to 8 topics of at least 3 entries each.
MIN_TOPICS, MAX_TOPICS, MIN_SIZE = 4, 8, 3
#: Caps on what a proposal file may hold.
MAX_SIZE = 100_000
_MAX_FILE_TOPICS = 500
_MAX_TAKES = 100
_MAX_KEY = 300
_MAX_TITLE = 200
_MAX_SLUG = 60
#: Slugs a topic never gets: they name the pages ``researchtopics new`` writes.
RESERVED = frozenset({"all", "index", "other", "recent", "genindex", "search"})

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TAKES = re.compile(r"^(?:T\d{1,12}|(?:subfields|fields|domains)/\d{1,12})$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class ProposedTopic:
    """One proposed topic page: its tag (slug), title, and what it holds."""

    slug: str
    title: str
    #: "topic" or "subfield": the OpenAlex level of :attr:`takes`.
    level: str
    #: The OpenAlex ids (``T10036``, ``subfields/1707``) whose works it takes.
    takes: tuple[str, ...]
    #: The entries it holds, in bibliography order.
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Proposal:
    """Topics, the entries left as "Other" and, among them, those OpenAlex does not know."""

    topics: tuple[ProposedTopic, ...]
    other: tuple[str, ...]
    unknown: tuple[str, ...] = ()
    level: str = "topic"

    @property
    def titles(self) -> dict[str, str]:
        """slug -> title."""
        return {topic.slug: topic.title for topic in self.topics}

    def listed(self) -> dict[str, tuple[str, ...]]:
        """key -> the slugs the proposal lists it under (``()`` for "Other")."""
        found: dict[str, list[str]] = {key: [] for key in self.other}
        for topic in self.topics:
            for key in topic.keys:
                found.setdefault(key, []).append(topic.slug)
        return {key: tuple(dict.fromkeys(slugs)) for key, slugs in found.items()}

    def match(self, topics: Sequence[WorkTopic]) -> str | None:
        """The slug for a work with these OpenAlex topics (primary first): the first topic
        (in the work's order) whose id, or subfield, field or domain id, a proposed topic
        takes; the first such proposed topic wins."""
        for topic in topics:
            ids = set(topic.ids())
            for proposed in self.topics:
                if ids.intersection(proposed.takes):
                    return proposed.slug
        return None

    def assign(
        self, keys: Sequence[str], topics: Mapping[str, Sequence[WorkTopic]]
    ) -> dict[str, tuple[str, ...]]:
        """key -> slugs for each of *keys*: what the proposal lists (a reviewer's choice,
        "Other" included), else what its OpenAlex topics match (a new paper, or one
        OpenAlex did not know when the proposal was made), else ``()``."""
        listed = self.listed()
        unknown = set(self.unknown)
        result: dict[str, tuple[str, ...]] = {}
        for key in keys:
            if key in listed and (listed[key] or key not in unknown):
                result[key] = listed[key]
                continue
            slug = self.match(topics.get(key, ()))
            result[key] = (slug,) if slug else ()
        return result

    def to_json(self) -> dict[str, Any]:
        """The proposal as the file holds it (read back by :meth:`from_json`)."""
        return {
            "format": FORMAT,
            "level": self.level,
            "topics": [
                {
                    "slug": topic.slug,
                    "title": topic.title,
                    "level": topic.level,
                    "takes": list(topic.takes),
                    "keys": list(topic.keys),
                }
                for topic in self.topics
            ],
            "other": list(self.other),
            "unknown": list(self.unknown),
        }

    @classmethod
    def from_json(cls, raw: object, source: str = "") -> tuple[Proposal, list[Problem]]:
        """A decoded proposal file -> the proposal, keeping every valid part; a problem
        (subtype ``topic_map``) for each part left out."""
        return _Reader(source).read(raw)


# ----------------------------------------------------------------------- reading a file


def _text(value: object, limit: int) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(_CONTROL.sub(" ", value).split())
    return text if text and len(text) <= limit else None


@dataclass
class _Reader:
    source: str
    problems: list[Problem] = field(default_factory=list)

    def problem(self, message: str) -> None:
        self.problems.append(Problem("topic_map", message, self.source))

    def keys(self, raw: object, where: str) -> tuple[str, ...]:
        if not isinstance(raw, list):
            self.problem(f"{where}: not a list of keys; ignored")
            return ()
        if len(raw) > MAX_SIZE:
            self.problem(f"{where}: more than {MAX_SIZE} keys; the rest ignored")
        keys = [_text(item, _MAX_KEY) for item in raw[:MAX_SIZE]]
        if None in keys:
            self.problem(f"{where}: {keys.count(None)} keys that are not short strings ignored")
        return tuple(dict.fromkeys(key for key in keys if key is not None))

    def topic(self, raw: object, number: int, slugs: set[str]) -> ProposedTopic | None:
        where = f"topic {number}"
        if not isinstance(raw, Mapping):
            self.problem(f"{where}: not an object; ignored")
            return None
        slug = raw.get("slug")
        if not isinstance(slug, str) or len(slug) > _MAX_SLUG or not _SLUG.match(slug):
            self.problem(f"{where}: slug {str(slug)[:60]!r} is not lower-case a-z, 0-9 and -")
            return None
        where = f"topic {slug!r}"
        if slug in slugs:
            self.problem(f"{where}: given twice; the second ignored")
            return None
        title = _text(raw.get("title", slug), _MAX_TITLE)
        if title is None:
            self.problem(f"{where}: title is not a string of 1 to {_MAX_TITLE} characters")
            title = slug
        level = raw.get("level", "topic")
        if level not in ("topic", "subfield"):
            self.problem(f"{where}: level {str(level)[:30]!r} is not topic or subfield")
            level = "topic"
        takes_raw = raw.get("takes", [])
        takes: list[str] = []
        if isinstance(takes_raw, list) and len(takes_raw) <= _MAX_TAKES:
            takes = [item for item in takes_raw if isinstance(item, str) and _TAKES.match(item)]
            if len(takes) != len(takes_raw):
                self.problem(f"{where}: takes: ids not like T10036 or subfields/1707 ignored")
        else:
            self.problem(f"{where}: takes is not a list of at most {_MAX_TAKES} ids; ignored")
        slugs.add(slug)
        keys = self.keys(raw.get("keys", []), f"{where}: keys")
        return ProposedTopic(slug, title, str(level), tuple(dict.fromkeys(takes)), keys)

    def read(self, raw: object) -> tuple[Proposal, list[Problem]]:
        empty = Proposal((), ())
        if not isinstance(raw, Mapping) or raw.get("format") != FORMAT:
            self.problem(f"not a topic proposal (expected format {FORMAT!r})")
            return empty, self.problems
        items = raw.get("topics")
        if not isinstance(items, list):
            self.problem('"topics" is not a list')
            return empty, self.problems
        if len(items) > _MAX_FILE_TOPICS:
            self.problem(f"more than {_MAX_FILE_TOPICS} topics; the rest ignored")
        slugs: set[str] = set()
        topics = [self.topic(item, n, slugs) for n, item in enumerate(items[:_MAX_FILE_TOPICS], 1)]
        other = self.keys(raw.get("other", []), "other")
        unknown = self.keys(raw.get("unknown", []), "unknown")
        level = raw.get("level") if raw.get("level") in ("topic", "subfield") else "topic"
        kept = tuple(topic for topic in topics if topic is not None)
        return Proposal(kept, other, unknown, str(level)), self.problems


# ----------------------------------------------------------------------------- proposing


def slugify(name: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A readable tag for *name*: ASCII, lower case, words joined by ``-``, at most 40
    characters (cut at a word), not in *taken* nor reserved (``-2``, ``-3``... appended)."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("&", " and "))
    base = ""
    for word in words:
        candidate = f"{base}-{word}" if base else word
        if len(candidate) > 40:
            break
        base = candidate
    base = base or (words[0][:40] if words else "topic")
    slug, number = base, 1
    while slug in taken or slug in RESERVED:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _level_ids(topics: Sequence[WorkTopic], level: str) -> list[tuple[str, str]]:
    """(id, name) at *level* of a work's topics, primary first, each once."""
    pairs = (
        (topic.id, topic.name) if level == "topic" else (topic.subfield.id, topic.subfield.name)
        for topic in topics
    )
    return list(dict.fromkeys(pairs))


def _first_in(ids: Sequence[tuple[str, str]], chosen: set[str]) -> str | None:
    return next((ident for ident, _name in ids if ident in chosen), None)


@dataclass(frozen=True)
class _Grouping:
    """One level's grouping: chosen id -> keys, in order of size (then id)."""

    level: str
    groups: tuple[tuple[str, tuple[str, ...]], ...]
    names: dict[str, str]

    @property
    def covered(self) -> int:
        return sum(len(keys) for _ident, keys in self.groups)


def _group(
    keys: Sequence[str], known: Mapping[str, Sequence[WorkTopic]], level: str, most: int, size: int
) -> _Grouping:
    """Primary first: pick the ids that are the primary of at least *size* entries, most
    first (then the id), up to *most*; then, for the entries none of them holds, ids
    that at least *size* of those entries have among their others, greedily.  Each entry
    goes to the first of its ids (primary first) that was picked; a picked id left with
    fewer than *size* entries is dropped and its entries placed again, until none is."""
    ids = {key: _level_ids(known[key], level) for key in keys if key in known}
    names = {ident: name for pairs in ids.values() for ident, name in pairs}
    primaries: Counter[str] = Counter(pairs[0][0] for pairs in ids.values() if pairs)
    chosen = [
        ident
        for ident in sorted(primaries, key=lambda ident: (-primaries[ident], ident))
        if primaries[ident] >= size
    ][:most]
    left = {key for key, pairs in ids.items() if _first_in(pairs, set(chosen)) is None}
    while len(chosen) < most and left:
        counts: Counter[str] = Counter(ident for key in left for ident, _name in ids[key])
        best = min(counts, key=lambda ident: (-counts[ident], ident), default=None)
        if best is None or counts[best] < size:
            break
        chosen.append(best)
        left = {key for key in left if best not in {ident for ident, _name in ids[key]}}
    picked = set(chosen)
    while True:
        members: dict[str, list[str]] = {ident: [] for ident in picked}
        for key in keys:
            first = _first_in(ids.get(key, []), picked)
            if first is not None:
                members[first].append(key)
        small = {ident for ident, held in members.items() if len(held) < size}
        if not small:
            break
        picked -= small
    ordered = sorted(members.items(), key=lambda item: (-len(item[1]), item[0]))
    return _Grouping(level, tuple((ident, tuple(held)) for ident, held in ordered), names)


def propose(
    keys: Sequence[str],
    topics: Mapping[str, Sequence[WorkTopic]],
    *,
    min_topics: int = MIN_TOPICS,
    max_topics: int = MAX_TOPICS,
    min_size: int = MIN_SIZE,
    level: str = "auto",
) -> Proposal:
    """A proposal for the entries *keys* (bibliography order) whose OpenAlex topics
    (primary first) are *topics*.

    Each level (topic, subfield; or *level* alone) is grouped; the level chosen is the
    one with between *min_topics* and *max_topics* groups that covers most entries (a
    level within the bounds beats one outside; then more entries covered; then the
    topic level).  Every key ends up exactly once: in one topic, or in ``other``;
    ``unknown`` lists the keys without OpenAlex topics (all in ``other``).
    """
    if level not in LEVEL_CHOICES:
        raise ValueError(f"level must be one of {', '.join(LEVEL_CHOICES)}")
    keys = list(dict.fromkeys(keys))
    most, size = max(max_topics, 0), max(min_size, 1)
    known = {key: list(topics[key]) for key in keys if topics.get(key)}
    levels = ("topic", "subfield") if level == "auto" else (level,)
    groupings = [_group(keys, known, name, most, size) for name in levels]

    def score(grouping: _Grouping) -> tuple[bool, int, int]:
        count = len(grouping.groups)
        return (min_topics <= count <= most, grouping.covered, -levels.index(grouping.level))

    best = max(groupings, key=score)
    taken: set[str] = set()
    proposed: list[ProposedTopic] = []
    for ident, held in best.groups:
        name = best.names[ident]
        slug = slugify(name, taken)
        taken.add(slug)
        proposed.append(ProposedTopic(slug, name, best.level, (ident,), held))
    placed = {key for topic in proposed for key in topic.keys}
    other = tuple(key for key in keys if key not in placed)
    unknown = tuple(key for key in keys if key not in known)
    return Proposal(tuple(proposed), other, unknown, best.level)
