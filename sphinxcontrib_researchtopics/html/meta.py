"""The head of a paper page: Scholar, OpenGraph and Twitter tags, and the JSON-LD.

Every value comes from a .bib file: each is escaped as an attribute value here, and
URLs pass :func:`~..bib.links.classify_url` first.
"""

from __future__ import annotations

import re
from html import escape

from ..bib.jsonld import script_text
from ..bib.links import classify_url
from ..bib.records import Publication
from ..bib.scholar import Tag, scholar_tags, social_tags

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def meta_element(name: str, content: str) -> str:
    """``<meta name=... content=...>``; OpenGraph's ``og:*`` use ``property``."""
    attribute = "property" if name.startswith("og:") else "name"
    return f'<meta {attribute}="{escape(name)}" content="{escape(content)}" />'


def safe_url(url: str) -> str:
    """*url* if it is an http(s) URL or a path made by the builder, else "" (never
    ``javascript:``): values from a .bib file reach here already classified."""
    if not url or not _SCHEME.match(url):
        return url
    checked = classify_url(url)
    if checked is None or not checked[0].startswith(("http:", "https:")):
        return ""
    return checked[0]


def head_tags(publication: Publication, page_url: str, pdf_url: str, image: str) -> str:
    """Every tag of a paper page's head, one per line, escaped."""
    tags: list[Tag] = scholar_tags(publication, safe_url(pdf_url))
    tags += social_tags(publication, safe_url(page_url), safe_url(image))
    lines = [meta_element(name, content) for name, content in tags]
    lines.append(f'<script type="application/ld+json">{script_text(publication)}</script>')
    return "\n".join(lines) + "\n"


def feed_link(href: str, title: str) -> str:
    """The Atom feed's autodiscovery link."""
    return (
        f'<link rel="alternate" type="application/atom+xml" '
        f'title="{escape(title)}" href="{escape(href)}" />\n'
    )
