"""The HTML side: entries planned after reading and written as pages are translated,
``<details>``, ``<nav>`` and entry shapes, the CSS and JS, downloads, paper and member
pages, the feed.

Every node and post-transform here is for HTML builders only; every other builder keeps
the plain nodes of :mod:`..sphinxext`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_html(app: Sphinx) -> None:
    """HTML-only nodes and visitors, the planning post-transform, static files, downloads."""
    from ..sphinxext.nodes import rt_group, rt_topic_nav
    from . import (
        assets,
        browser_labels,
        downloads,
        entrylist,
        eventlog,
        feed,
        finder,
        pages,
        shapes,
        state,
        stats,
        titles,
    )
    from .nodes import rt_entry_list, rt_finder_data, rt_stats_chart

    app.add_node(rt_group, html=(shapes.visit_group, shapes.depart_group))
    app.add_node(rt_topic_nav, html=(shapes.visit_nav, None))
    for node, visit, depart in shapes.HTML_NODES:
        app.add_node(node, html=(visit, depart))
    app.add_node(rt_entry_list, html=(entrylist.visit_entry_list, None))
    app.add_node(rt_finder_data, html=(finder.visit_finder_data, None))
    app.add_post_transform(entrylist.PlanEntries)
    app.add_node(rt_stats_chart, html=(stats.visit_stats_chart, None))
    app.add_post_transform(stats.ChartStats)
    app.connect("builder-inited", state.on_builder_inited)
    app.connect("env-before-read-docs", eventlog.on_before_read_docs)
    app.connect("build-finished", eventlog.on_build_finished)
    # after the handlers that recall from or keep in the page's memo, which it saves
    app.connect("html-page-context", state.on_page_context, priority=800)
    app.connect("html-page-context", downloads.write_page_file)
    app.connect("html-page-context", titles.escape_titles)
    app.connect("html-collect-pages", pages.collect_pages)
    app.connect("html-page-context", feed.add_autodiscovery)
    app.connect("html-page-context", browser_labels.add_page_labels)
    app.connect("builder-inited", feed.on_builder_inited)
    app.connect("build-finished", feed.write_feed)
    app.connect("config-inited", finder.check_config)
    app.connect("config-inited", assets.add_static_path)
    app.connect("build-finished", downloads.tidy_bib_files)
    app.add_css_file(assets.CSS_FILE)
    app.add_js_file(assets.JS_FILE, defer="defer")
    app.add_css_file(assets.FINDER_CSS_FILE)
    app.add_js_file(assets.FINDER_URL_JS_FILE, defer="defer")
    app.add_js_file(assets.FINDER_MARKS_JS_FILE, defer="defer")
    app.add_js_file(assets.FINDER_JS_FILE, defer="defer")
