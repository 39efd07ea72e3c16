"""HTML-only entry parts that carry a URL or colour: thumbnails and venue badges.

Thumbnails are written here (not by docutils) so every supported docutils writes the same
``<img loading="lazy">``; the image node stays an image so Sphinx copies the file.
"""

from __future__ import annotations

import posixpath
import urllib.parse
from collections.abc import Mapping
from html import escape
from typing import Any

from docutils import nodes

from ..sphinxext.venues import Venue
from .nodes import rt_thumb_image, rt_thumb_video, rt_venue_badge


def venue_badge(inline: nodes.inline, venues: Mapping[str, Venue]) -> nodes.Element:
    """The plain badge made the HTML one (coloured and linked when configured)."""
    abbr = inline["rt_venue"]
    venue = venues.get(abbr, Venue())
    text: nodes.Node = nodes.Text(abbr)
    if venue.url:
        text = nodes.reference(abbr, abbr, refuri=venue.url)
    return rt_venue_badge(
        "", "", text, classes=inline["classes"], bg=venue.background, fg=venue.foreground
    )


def thumbnail(node: nodes.Element) -> nodes.Element:
    """The read-time preview node -> the node the HTML visitors write."""
    if node["rt_video"]:
        return rt_thumb_video(
            src=node.get("refuri", ""), filename=node.get("filename", ""), alt=node["alt"]
        )
    image = rt_thumb_image(**node.attributes)
    image["classes"] = []
    return image


def visit_thumb_image(self: Any, node: rt_thumb_image) -> None:
    uri = node["uri"]
    if uri in self.builder.images:
        uri = posixpath.join(self.builder.imgpath, urllib.parse.quote(self.builder.images[uri]))
    self.body.append(
        f'<img src="{escape(uri)}" alt="{escape(node["alt"])}" loading="lazy" decoding="async">'
    )
    raise nodes.SkipNode


def visit_thumb_video(self: Any, node: rt_thumb_video) -> None:
    src = node["src"]
    if node["filename"]:
        src = posixpath.join(self.builder.dlpath, urllib.parse.quote(node["filename"]))
    self.body.append(
        f'<video src="{escape(src)}" aria-label="{escape(node["alt"])}" '
        'muted loop autoplay playsinline preload="metadata"></video>'
    )
    raise nodes.SkipNode


def visit_venue_badge(self: Any, node: rt_venue_badge) -> None:
    attributes = {}
    if node["bg"]:  # validated #hex colours: nothing else reaches the attribute
        attributes["style"] = f"--rt-venue-bg: {node['bg']}; --rt-venue-fg: {node['fg']}"
    self.body.append(self.starttag(node, "span", "", **attributes))


def depart_venue_badge(self: Any, node: rt_venue_badge) -> None:
    self.body.append("</span>")


MEDIA_NODES: tuple[tuple[type[nodes.Element], Any, Any], ...] = (
    (rt_thumb_image, visit_thumb_image, None),
    (rt_thumb_video, visit_thumb_video, None),
    (rt_venue_badge, visit_venue_badge, depart_venue_badge),
)
