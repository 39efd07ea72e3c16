"""HTML-only: an inline with an ``rt_title`` becomes a ``<span title="...">``.

The "Cited by N" badge carries the source and date of its count there; builders other
than HTML keep the plain inline (the count's text), since they have no tooltips.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform


class rt_titled(nodes.inline):
    """A ``<span>`` with a ``title`` attribute (escaped by the translator)."""


class TitledInlines(SphinxPostTransform):
    """Swap inlines that carry ``rt_title`` for :class:`rt_titled` (HTML formats only)."""

    default_priority = 199
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.inline)):
            if "rt_title" in node and not isinstance(node, rt_titled):
                titled = rt_titled(node.rawsource, "", *node.children, classes=node["classes"])
                titled["title"] = node["rt_title"]
                node.replace_self(titled)


def visit_titled(self: Any, node: rt_titled) -> None:
    self.body.append(self.starttag(node, "span", "", title=node["title"]))


def depart_titled(self: Any, node: rt_titled) -> None:
    self.body.append("</span>")
