"""Topics that no topic page shows: a new ``topics`` value needs a page of its own.

A site whose lists choose entries by ``:topic:`` (the topic pages ``researchtopics new``
writes) shows an entry whose topics are all new only on its other lists (All, Recent),
which a lab adding a paper does not expect.  Once every page is read, the entries added
or changed since the last build (every entry, in a first build) whose ``topics`` no
list's ``:topic:`` names are reported, once per topic, at the first such entry (by key).
An entry on some topic page may carry more tags.  A site without ``:topic:`` lists has
no topic pages to miss, and a list whose ``:filter:`` reads ``topics`` may choose any
topic: then nothing is reported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

from ..bib.records import Publication
from ..config import WARNING_TYPE
from .domain import get_domain
from .state import get_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

SUBTYPE = "topic_page"


def listed_topics(env: BuildEnvironment) -> set[str] | None:
    """The topics the lists choose by, lower-cased; None when a filter may choose any."""
    listed: set[str] = set()
    for records in get_domain(env).queries().values():
        for query, _keys in records:
            if "topics" in query.filter:
                return None
            listed.update(part.strip().lower() for part in query.topic.split(",") if part.strip())
    return listed


def unlisted(changed: dict[str, Publication | None], listed: set[str]) -> dict[str, Publication]:
    """The topics of *changed* entries on no topic page (none of their topics is in
    *listed*), each with its first such entry (by key)."""
    first: dict[str, Publication] = {}
    for key in sorted(changed):
        publication = changed[key]
        if publication is None:
            continue
        names = [topic.lower() for topic in publication.topics]
        if listed.isdisjoint(names):
            for name in names:
                first.setdefault(name, publication)
    return first


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Report the topics of changed entries that are on no ``:topic:`` list."""
    state = get_state(env)
    if not state.changed:
        return []
    listed = listed_topics(env)
    if not listed:
        return []
    for topic, publication in sorted(unlisted(state.changed, listed).items()):
        location = f"{publication.source}:{publication.line}" if publication.line else None
        logger.warning(
            "%s is on no topic page: no publications list has :topic: %s",
            publication.key,
            topic,
            type=WARNING_TYPE,
            subtype=SUBTYPE,
            location=location,
        )
    return []
