"""The HTML-only nodes: made by this stage's post-transforms and entry writer, written by
the visitors registered for ``html`` only, so other builders never see them."""

from __future__ import annotations

from docutils import nodes


class rt_entry_list(nodes.General, nodes.Element):
    """A list's entries, planned (``plan``: :class:`..sphinxext.resolve.Plan`), written as
    the page is translated.  Its first child is the entries' searchable text, for the
    search index; the rest are what the list read (local links, thumbnails, a body)."""


class rt_entry(nodes.General, nodes.Element):
    """``div.rt-publication`` carrying the raw key for ``page.html#KEY``."""


class rt_details(nodes.General, nodes.Element):
    """A ``<details>`` toggle: abstract, BibTeX, Cite or the rest of a long author list."""


class rt_summary(nodes.TextElement):
    """The ``<summary>`` of an :class:`rt_details`."""


class rt_div(nodes.General, nodes.Element):
    """A ``<div>`` standing in for a paragraph that must hold a block (``<details>``)."""


class rt_span(nodes.Inline, nodes.TextElement):
    """A ``<span>`` for what was a paragraph inside the action row (the links)."""


class rt_bibtex(nodes.General, nodes.Element):
    """An entry's whole BibTeX panel (``key``), written highlighted from the record."""


class rt_cite_text(nodes.General, nodes.TextElement):
    """One style's formatted citation, copied by the button after it."""


class rt_titled(nodes.inline):
    """A ``<span>`` with a ``title`` attribute (the "Cited by N" badge's source)."""


class rt_venue_badge(nodes.General, nodes.TextElement):
    """``span.rt-venue-badge``, with the venue's colours and link."""


class rt_thumb_image(nodes.image):
    """The preview image: an ``<img>`` (a subclass, so Sphinx still copies the file)."""


class rt_thumb_video(nodes.General, nodes.Element):
    """The preview video: ``<video muted loop autoplay playsinline>``."""


class rt_finder_data(nodes.General, nodes.Element):
    """The finder's facets of one list (``publications``), written as inline JSON and kept
    in the memo of the page it is on (``docname``)."""


class rt_stats_chart(nodes.General, nodes.Element):
    """A ``publication-stats`` chart for HTML: ``stats``, ``title``, ``note`` and
    ``links`` (the finder's page URI and URL prefix, or None), written as an inline SVG
    figure with its table by ``html/chart.py``."""
