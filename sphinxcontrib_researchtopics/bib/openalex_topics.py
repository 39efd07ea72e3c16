"""OpenAlex's classification of one work: its topics, each with subfield, field and domain.

Pure (no Sphinx, no network).  ``researchtopics enrich`` records these in the data file
(:mod:`.enrich_data`) and :mod:`.topics` proposes topic pages from them.  Everything here
is read from an API response or a file a user may edit: :func:`read_topics` keeps only
well-shaped topics (ids of the documented form, short names, a score in [0, 1]) and at
most :data:`MAX_TOPICS` of them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "LEVELS",
    "MAX_TOPICS",
    "Concept",
    "WorkTopic",
    "read_topics",
    "topics_json",
    "work_topics",
]

#: A work holds at most this many topics (OpenAlex gives up to three).
MAX_TOPICS = 10
#: Names longer than this are cut.
MAX_NAME = 200
#: The levels of OpenAlex's hierarchy below the topic, with the form of their ids.
LEVELS = ("subfield", "field", "domain")

_PREFIX = "https://openalex.org/"
_TOPIC_ID = re.compile(r"^T\d{1,12}$")
_LEVEL_ID = {level: re.compile(rf"^{level}s/\d{{1,12}}$") for level in LEVELS}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Concept:
    """A subfield, field or domain: a short id (``subfields/1707``) and its name."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class WorkTopic:
    """One topic of a work: a short id (``T10036``), name, score, and the levels above."""

    id: str
    name: str
    score: float
    subfield: Concept
    field: Concept
    domain: Concept

    def ids(self) -> tuple[str, str, str, str]:
        """The topic's id and those of its subfield, field and domain, narrowest first."""
        return (self.id, self.subfield.id, self.field.id, self.domain.id)


def _short_id(value: object, pattern: re.Pattern[str]) -> str | None:
    if not isinstance(value, str) or len(value) > 80:
        return None
    short = value.removeprefix(_PREFIX)
    return short if pattern.match(short) else None


def _name(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(_CONTROL.sub(" ", value).split())[:MAX_NAME]
    return text or None


def _concept(raw: object, level: str) -> Concept | None:
    if not isinstance(raw, Mapping):
        return None
    ident = _short_id(raw.get("id"), _LEVEL_ID[level])
    name = _name(raw.get("display_name"))
    return Concept(ident, name) if ident and name else None


def read_topic(raw: object) -> WorkTopic | None:
    """One topic object (OpenAlex's, or the data file's) -> :class:`WorkTopic`, or None."""
    if not isinstance(raw, Mapping):
        return None
    ident = _short_id(raw.get("id"), _TOPIC_ID)
    name = _name(raw.get("display_name"))
    score = raw.get("score", 0.0)
    if isinstance(score, bool) or not isinstance(score, (int, float)):
        return None
    if not math.isfinite(score) or not 0.0 <= score <= 1.0:
        return None
    levels = [_concept(raw.get(level), level) for level in LEVELS]
    if ident is None or name is None or None in levels:
        return None
    subfield, field, domain = levels
    assert subfield is not None and field is not None and domain is not None
    return WorkTopic(ident, name, float(score), subfield, field, domain)


def read_topics(raw: object) -> tuple[WorkTopic, ...]:
    """A list of topic objects -> the valid ones, each once, at most :data:`MAX_TOPICS`.

    Malformed items are skipped (never raised on); only the first ``4 * MAX_TOPICS``
    items are looked at, so a huge list costs nothing.
    """
    if not isinstance(raw, (list, tuple)):
        return ()
    found: dict[str, WorkTopic] = {}
    for item in raw[: 4 * MAX_TOPICS]:
        topic = read_topic(item)
        if topic is not None and topic.id not in found:
            found[topic.id] = topic
            if len(found) == MAX_TOPICS:
                break
    return tuple(found.values())


def work_topics(work: Mapping[str, Any]) -> list[object]:
    """An OpenAlex work's ``primary_topic`` then its other ``topics``, as raw objects."""
    primary = work.get("primary_topic")
    others = work.get("topics")
    items: list[object] = [primary] if isinstance(primary, Mapping) else []
    if isinstance(others, list):
        items += others[: 4 * MAX_TOPICS]
    return items


def _concept_json(concept: Concept) -> dict[str, str]:
    return {"id": concept.id, "display_name": concept.name}


def topics_json(topics: tuple[WorkTopic, ...]) -> list[dict[str, Any]]:
    """Topics as the data file holds them (the shape :func:`read_topics` reads back)."""
    return [
        {
            "id": topic.id,
            "display_name": topic.name,
            "score": topic.score,
            "subfield": _concept_json(topic.subfield),
            "field": _concept_json(topic.field),
            "domain": _concept_json(topic.domain),
        }
        for topic in topics
    ]
