"""Writing the .rst page of each input page: title, ``topic-nav`` bars, ``publications``.

Everything taken from an input page is data, never markup: text written where
reStructuredText is parsed goes through :func:`rst_text`, which escapes every character
that is not a letter, a digit or a space.  That one rule covers block starts
(``.. include::``, ``- ``, ``1. ``, ``:field:``, ``| ``, ``>>>``, adornment lines),
inline markup (``*``, `````, ``|x|``, ``_x:``, ``x_``, roles) and standalone URIs
(``javascript\\:...`` is not a link).  Text inside directive content that the extension
reads itself (nav labels) is only kept on one line.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence

from docutils.utils import column_width

from ..rst import one_line, title_text
from .model import Log, Page


def _keys_option(keys: Sequence[str]) -> list[str]:
    """``:keys:`` wrapped at 80 columns (continuation lines indented under the value)."""
    lines: list[str] = []
    current = "   :keys:"
    for index, key in enumerate(keys):
        piece = key + ("," if index < len(keys) - 1 else "")
        if len(current) + 1 + len(piece) > 80 and not current.endswith(":keys:"):
            lines.append(current)
            current = "      " + piece
        else:
            current += " " + piece
    lines.append(current)
    return lines


def rst_page(page: Page, nav: Sequence[tuple[str, str]]) -> str:
    """The .rst text of *page*, with *nav* as (label, docname) pairs."""
    title = title_text(page.text_title)
    lines = [
        f".. Imported from {one_line(page.path.name)} by researchtopics import.",
        "",
        title,
        "=" * max(column_width(title), 3),
        "",
    ]
    nav_block = [".. topic-nav::"]
    if nav:
        nav_block.append("")
        nav_block.extend(f"   {one_line(label)} <{one_line(docname)}>" for label, docname in nav)
    lines.extend(nav_block)
    lines.append("")
    if page.keys:
        lines.append(".. publications::")
        lines.extend(_keys_option(page.keys))
        lines.append("")
    lines.extend(nav_block)
    return "\n".join(lines) + "\n"


def _norm_href(href: str) -> str:
    path = re.sub(r"^[a-z]+://[^/]+", "", href.strip(), flags=re.IGNORECASE)
    path = path.split("#")[0].split("?")[0].strip("/").lower()
    for suffix in (".html", ".md", ".markdown", ".rst"):
        path = path.removesuffix(suffix)
    return path.removesuffix("/index")


def _nav_target(href: str, pages: Sequence[Page]) -> Page | None:
    """The imported page a navigation link points to: by permalink, else by path."""
    target = _norm_href(href)
    if not target:
        return None
    for page in pages:
        if page.permalink and _norm_href(page.permalink) == target:
            return page
    for page in pages:
        docname = page.docname.lower()
        if target == docname or target.endswith("/" + docname):
            return page
    if re.match(r"[a-z][a-z0-9+.-]*:", href, re.IGNORECASE):
        return None  # another site: only its full path may match
    base = target.rsplit("/", 1)[-1]
    stems = [page for page in pages if page.docname.rsplit("/", 1)[-1].lower() == base]
    return stems[0] if len(stems) == 1 else None


def resolve_nav(page: Page, pages: Sequence[Page], log: Log) -> list[tuple[str, str]]:
    """The page's navigation links as (label, docname relative to the page's folder)."""
    result: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for link in page.nav:
        found = _nav_target(link.url, pages)
        if found is None:
            log.add(
                page.source,
                link.line,
                "note",
                f"topic-nav: {link.label!r} ({link.url}) was not imported; left out of the nav",
            )
            continue
        folder = posixpath.dirname(page.docname)
        relative = posixpath.relpath(found.docname, folder or ".")
        if (link.label, relative) not in seen:
            seen.add((link.label, relative))
            result.append((link.label, relative))
    return result
