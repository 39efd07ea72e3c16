"""The plain nodes this stage leaves in doctrees: placeholders resolved after reading,
and group headings.  Every builder gets them; HTML-only nodes live in ``html/nodes.py``."""

from __future__ import annotations

from docutils import nodes


class rt_topic_nav(nodes.General, nodes.Element):
    """Placeholder for a topic bar, resolved once every page's title and count is known."""


class rt_entries(nodes.General, nodes.Element):
    """Entries to show, as ``entries`` = [(key, id)] ("" id: a missing key) and
    ``options``; :mod:`.resolve` makes their nodes after reading.

    ``words`` (key -> text) are the words each entry shows to the search index, made
    while reading: Sphinx reads pages in parallel under ``-j`` but feeds the index in the
    main process, after the post-transforms there.

    Its children are the links to local files (``rt_key``; made now so Sphinx copies
    the files) and the directive's body, which goes to the last entry.  The read
    doctree thus holds a few nodes per list, not a dozen per entry, which every read
    transform, the doctree pickle and its reloads would otherwise walk.
    """


class rt_group(nodes.rubric):
    """A ``:group-by:`` heading: a rubric everywhere, ``h2``/``h3.rt-group`` in HTML."""


class rt_stats(nodes.container):
    """A ``publication-stats`` chart: ``stats`` (:class:`..bib.stats.Stats`), ``title``,
    ``link`` (a docname or "").  Its child is the plain table of the same numbers, which
    every builder but HTML shows (a container everywhere); HTML builders draw the chart
    (``html/stats.py``)."""
