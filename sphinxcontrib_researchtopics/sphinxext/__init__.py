"""The Sphinx side: records -> plain docutils nodes, recorded in one Domain.

Directives and the role make plain nodes (every builder can write them); post-transforms
resolve what needs every page's data; :mod:`.incremental` decides what a .bib edit re-reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..config import CONFIG_VALUES

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_config(app: Sphinx) -> None:
    """Every ``researchtopics_*`` value, from the one table in :mod:`..config`, checked
    at startup (:mod:`.confcheck`)."""
    for value in CONFIG_VALUES:
        app.add_config_value(value.name, value.default, value.rebuild, value.types)  # type: ignore[arg-type]
    from .confcheck import check_config

    app.connect("config-inited", check_config)


def setup_sphinx(app: Sphinx) -> None:
    """Directives, the role, the Domain, the builder-independent transforms and events."""
    from . import (
        directives,
        incremental,
        loading,
        paperpages,
        pending,
        resolve,
        roles,
        stats,
        topiccheck,
    )
    from .domain import ResearchTopicsDomain
    from .labels import register_catalog
    from .nodes import rt_entries, rt_stats

    register_catalog(app)
    app.add_domain(ResearchTopicsDomain)
    app.add_directive("publication", directives.PublicationDirective)
    app.add_directive("publications", directives.PublicationsDirective)
    app.add_directive("topic-nav", directives.TopicNavDirective)
    app.add_directive("publication-stats", stats.PublicationStatsDirective)
    app.add_role("pub", roles.PubRole())
    app.add_node(rt_entries)
    app.add_node(rt_stats)
    app.add_post_transform(resolve.ExpandEntries)
    app.add_post_transform(resolve.ResolvePlaceholders)
    app.connect("builder-inited", loading.on_builder_inited)
    app.connect("env-get-outdated", incremental.on_env_get_outdated)
    app.connect("env-before-read-docs", incremental.on_env_before_read_docs)
    app.connect("doctree-read", incremental.on_doctree_read)
    app.connect("env-updated", incremental.on_env_updated)
    app.connect("env-updated", paperpages.on_env_updated)
    app.connect("env-updated", topiccheck.on_env_updated)
    app.connect("env-updated", pending.on_env_updated, priority=900)  # after the others
    app.connect("build-finished", pending.on_build_finished)
    app.connect("build-finished", incremental.on_build_finished, priority=900)  # the last
    if "write-started" in app.events.events:  # Sphinx 7.4 and newer
        app.connect("write-started", incremental.on_write_started)
    else:  # 7.3: after reading, still before the writers fork
        app.connect("env-check-consistency", incremental.on_consistency_checked)
