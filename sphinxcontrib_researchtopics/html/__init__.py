"""The HTML side: ``<details>``, ``<nav>`` and entry shapes, the CSS and JS, downloads,
paper and member pages, the feed.

Made by a post-transform that runs for HTML builders only; every other builder keeps the
plain nodes of :mod:`..sphinxext`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_html(app: Sphinx) -> None:
    """HTML-only nodes and visitors, the shaping post-transform, static files, downloads."""
    from ..sphinxext.directives import rt_group
    from . import (
        aside,
        assets,
        bibview,
        downloads,
        feed,
        finder,
        inventory,
        memo,
        pagelinks,
        pages,
        serialize,
        shapes,
        titles,
    )

    app.add_node(rt_group, html=(shapes.visit_group, shapes.depart_group))
    for node, visit, depart in shapes.HTML_NODES:
        app.add_node(node, html=(visit, depart))
    app.add_post_transform(shapes.HtmlShapes)
    app.add_post_transform(serialize.WriteEntries)
    # after the state is made for the build (sphinxext's builder-inited, priority 500)
    app.connect("builder-inited", memo.on_builder_inited, priority=900)
    app.connect("build-finished", memo.on_build_finished)
    app.add_node(titles.rt_titled, html=(titles.visit_titled, titles.depart_titled))
    app.add_post_transform(titles.TitledInlines)
    app.add_post_transform(pagelinks.PageLinks)
    app.connect("html-collect-pages", pages.collect_pages)
    app.connect("html-page-context", feed.add_autodiscovery)
    app.connect("builder-inited", feed.on_builder_inited)
    app.connect("build-finished", feed.write_feed)
    app.add_node(finder.rt_finder_data, html=(finder.visit_finder_data, None))
    app.add_post_transform(finder.AddFinder)
    app.connect("config-inited", finder.check_config)
    app.connect("builder-inited", bibview.on_builder_inited)
    app.connect("build-finished", aside.on_build_finished, priority=400)  # before the views
    app.connect("build-finished", bibview.on_build_finished)
    app.connect("build-finished", assets.copy_static)
    app.connect("build-finished", downloads.write_bib_files)
    app.connect("builder-inited", inventory.on_builder_inited)
    app.add_css_file(assets.CSS_FILE)
    app.add_js_file(assets.JS_FILE, defer="defer")
    app.add_css_file(assets.FINDER_CSS_FILE)
    app.add_js_file(assets.FINDER_URL_JS_FILE, defer="defer")
    app.add_js_file(assets.FINDER_JS_FILE, defer="defer")
