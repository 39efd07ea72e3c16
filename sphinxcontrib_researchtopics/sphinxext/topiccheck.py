"""Entries on no topic page: a new ``topics`` value needs a page of its own.

A site whose lists choose entries by ``:topic:`` (the topic pages ``researchtopics new``
writes) shows an entry whose topics are all new only on its other lists (All, Recent),
which a lab adding a paper does not expect.  Once every page is read, each entry whose
topics no list's ``:topic:`` names is reported, in every build (as the .bib files'
problems are), once per topic at the first such entry by key.  An entry on some topic
page may carry more tags.  A site without ``:topic:`` lists has no topic pages to miss,
and a list whose ``:filter:`` reads ``topics`` may choose any topic: then nothing is
reported.

The entries' topics are kept in the environment, so a build that changed no entry
unpickles no record: they are taken again from every entry in a first build and when
what else decides them changes (the topic field, the enrichment data, the topic map, the
package), else updated from the entries added, changed or removed, and their places
from the loaded files (an edit above an entry moves it).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..bib.lazy import Entries
from ..bib.records import Publication
from ..bib.version import code_hash
from ..config import WARNING_TYPE
from .domain import EntryTopics, get_domain
from .log import get_logger
from .state import file_stats, get_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = get_logger(__name__)

SUBTYPE = "topic_page"


def topic_signature(config: Config, confdir: str) -> str:
    """What decides the entries' topics besides their text."""
    names = (config.researchtopics_enrich_data, config.researchtopics_topic_map)
    paths = [os.path.join(confdir, name) if name else "" for name in names]
    return repr((code_hash(), config.researchtopics_topic_field, file_stats(paths)))


def _row(publication: Publication | None) -> EntryTopics | None:
    if publication is None or not publication.topics:
        return None
    topics = tuple(topic.lower() for topic in publication.topics)
    return EntryTopics(topics, publication.source, publication.line)


def _place(entries: Mapping[str, Publication], key: str) -> tuple[str, int]:
    """Where *key*'s entry is now, without unpickling it where it is still pickled."""
    if isinstance(entries, Entries):
        return entries.place(key)
    publication = entries[key]
    return publication.source, publication.line


def entry_topics(env: BuildEnvironment) -> dict[str, EntryTopics]:
    """Every entry with topics, kept up to date in the environment."""
    state = get_state(env)
    domain = get_domain(env)
    signature = topic_signature(env.config, state.confdir)
    before, table = domain.entry_topics()
    if before != signature:
        rows = ((key, _row(pub)) for key, pub in state.bibliography.entries.items())
        table = {key: row for key, row in rows if row is not None}
    elif state.changed:
        table = dict(table)
        for key, publication in state.changed.items():
            row = _row(publication)
            if row is None:
                table.pop(key, None)
            else:
                table[key] = row
        entries = state.bibliography.entries
        for key, row in table.items():  # an unchanged entry may have moved
            if key in entries:
                source, line = _place(entries, key)
                table[key] = EntryTopics(row.topics, source, line)
    else:
        return table
    domain.note_entry_topics(signature, table)
    return table


def listed_topics(env: BuildEnvironment) -> set[str] | None:
    """The topics the lists choose by, lower-cased; None when a filter may choose any."""
    listed: set[str] = set()
    for records in get_domain(env).queries().values():
        for query, _keys in records:
            if "topics" in query.filter:
                return None
            listed.update(part.strip().lower() for part in query.topic.split(",") if part.strip())
    return listed


def unlisted(table: dict[str, EntryTopics], listed: set[str]) -> dict[str, tuple[str, EntryTopics]]:
    """Each topic of the entries on no topic page (none of their topics is *listed*),
    with its first such entry by key."""
    first: dict[str, tuple[str, EntryTopics]] = {}
    for key in sorted(table):
        row = table[key]
        if listed.isdisjoint(row.topics):
            for topic in row.topics:
                first.setdefault(topic, (key, row))
    return first


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Report the topics of entries that are on no ``:topic:`` list."""
    table = entry_topics(env)
    if not table:
        return []
    listed = listed_topics(env)
    if not listed:
        return []
    for topic, (key, row) in sorted(unlisted(table, listed).items()):
        logger.warning(
            "%s is on no topic page: no publications list has :topic: %s",
            key,
            topic,
            type=WARNING_TYPE,
            subtype=SUBTYPE,
            location=f"{row.source}:{row.line}" if row.line else None,
        )
    return []
