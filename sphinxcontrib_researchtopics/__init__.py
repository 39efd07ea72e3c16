"""sphinxcontrib-researchtopics: research-topic pages for lab websites, from BibTeX.

``setup()`` only registers; every piece of work lives in the module named for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .config import CONFIG_VALUES

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register config values, directives, the role, the domain, nodes and events."""
    from . import assets, directives, downloads, html, incremental, resolve, roles, state
    from .domain import ResearchTopicsDomain

    for value in CONFIG_VALUES:
        app.add_config_value(value.name, value.default, value.rebuild, value.types)  # type: ignore[arg-type]
    app.add_domain(ResearchTopicsDomain)
    app.add_directive("publication", directives.PublicationDirective)
    app.add_directive("publications", directives.PublicationsDirective)
    app.add_directive("topic-nav", directives.TopicNavDirective)
    app.add_role("pub", roles.PubRole())
    app.add_node(directives.rt_topic_nav)
    app.add_node(directives.rt_entries)
    app.add_node(directives.rt_group, html=(html.visit_group, html.depart_group))
    for node, visit, depart in html.HTML_NODES:
        app.add_node(node, html=(visit, depart))
    app.add_post_transform(resolve.ExpandEntries)
    app.add_post_transform(resolve.ResolvePlaceholders)
    app.add_post_transform(html.HtmlShapes)
    app.connect("builder-inited", state.on_builder_inited)
    app.connect("env-get-outdated", incremental.on_env_get_outdated)
    app.connect("env-before-read-docs", incremental.on_env_before_read_docs)
    app.connect("doctree-read", incremental.on_doctree_read)
    app.connect("env-updated", incremental.on_env_updated)
    app.connect("build-finished", assets.copy_static)
    app.connect("build-finished", downloads.write_bib_files)
    app.add_css_file(assets.CSS_FILE)
    app.add_js_file(assets.JS_FILE, defer="defer")
    return {
        "version": __version__,
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
