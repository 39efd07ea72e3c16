"""An Atom feed of the newest entries (feedgen), linked from every page's head.

Optional: without feedgen the option warns and no feed is made.  The file is written
only when its bytes change, so an unchanged bibliography leaves it untouched.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import mimetypes
import posixpath
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.config import Config
from sphinx.util.osutil import relative_uri

from ..bib.latex import to_text
from ..bib.links import label_for
from ..bib.order import DEFAULT_SORT, sort_publications
from ..bib.records import Publication, plain
from ..bib.scholar import clean, description
from ..config import WARNING_TYPE
from ..sphinxext.domain import get_domain
from ..sphinxext.labels import ENGLISH, Labels
from ..sphinxext.log import get_logger
from ..sphinxext.pageplan import builds_pages
from ..sphinxext.paperpages import get_plan
from ..sphinxext.render import venue_text
from ..sphinxext.state import get_state
from . import downloads
from .meta import feed_link

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = get_logger(__name__)

_SAFE_PATH = re.compile(r"^[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*$")


def feed_name(app: Sphinx) -> str | None:
    """The feed's path in the output, if a feed is wanted, possible and well named."""
    value = app.config.researchtopics_feed
    if not value or not downloads.supports(app.builder):
        return None
    name = str(value).strip().lstrip("/")
    if not _SAFE_PATH.match(name) or any(part in (".", "..") for part in name.split("/")):
        _warn(f"researchtopics_feed = {value!r} is not a relative file name: no feed")
        return None
    return name


def feedgen_available() -> bool:
    try:
        import feedgen.feed  # noqa: F401
    except ImportError:
        return False
    return True


def _warn(message: str) -> None:
    logger.warning(message, type=WARNING_TYPE, subtype="feed", once=True)


def on_builder_inited(app: Sphinx) -> None:
    """Say once, early, when a feed is configured but feedgen is missing."""
    if app.config.researchtopics_feed and not feedgen_available():
        _warn(
            "researchtopics_feed is set but feedgen is not installed "
            "(pip install 'sphinxcontrib-researchtopics[feed]'): no feed is made"
        )


def add_autodiscovery(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``<link rel="alternate" type="application/atom+xml">`` in every page's head
    (relative to the page as ``pathto(name, 1)`` makes it: the serializing builders'
    ``pathto`` takes one argument)."""
    name = feed_name(app)
    if name is None or not feedgen_available():
        return
    page = str(app.builder.get_target_uri(pagename)).partition("#")[0]
    href = relative_uri(page, name)
    title = feed_title(app)
    context["metatags"] = str(context.get("metatags") or "") + feed_link(href, title)


def feed_title(app: Sphinx) -> str:
    """ "Project publications", in the build's language."""
    labels = get_state(app.env).labels
    generic = labels("Publications")
    project = named(app.config, "project").strip()
    # a site named "Publications" (new without --title) or not named
    if not project or project.casefold() == generic.casefold():
        return generic
    # Translators: the title of the site's Atom feed; {project} is the site's name
    return labels("{project} publications").format(project=project)


@functools.cache
def _placeholders() -> Config:
    """Sphinx's own values of ``project`` and ``author`` ("Author name not set")."""
    return Config()


def named(config: Config, name: str) -> str:
    """``project`` or ``author`` as conf.py gives it; "" for none or Sphinx's placeholder,
    which names nobody."""
    value = str(getattr(config, name) or "")
    return "" if value == str(getattr(_placeholders(), name)) else value


def _date(publication: Publication) -> datetime:
    return datetime(publication.year_num or 1970, publication.month or 1, 1, tzinfo=UTC)


def newest(app: Sphinx, size: int) -> list[Publication]:
    """The *size* newest dated entries shown on the site (undated ones cannot be placed)."""
    entries = get_state(app.env).bibliography.entries
    keys: dict[str, None] = {}
    for table in get_domain(app.env).shown_on_all().values():
        keys.update(dict.fromkeys(table))
    for member in get_plan(app.env).members:
        keys.update(dict.fromkeys(member.keys))
    dated = [entries[key] for key in keys if key in entries and entries[key].year_num is not None]
    return sort_publications(dated, DEFAULT_SORT)[: max(size, 0)]


def _entry_target(app: Sphinx, name: str, key: str) -> str | None:
    """The entry's page (its paper page, else the page showing it), from the site root
    with ``html_baseurl``, else relative to the feed's own place."""
    builder: Any = app.builder
    base = app.config.html_baseurl
    page = get_plan(app.env).paper_page(key) if builds_pages(builder) else None
    anchor = ""
    if page is None:
        home = get_domain(app.env).home_of(key)
        if home is None:
            return None
        page, anchor = home.docname, f"#{home.anchor}"
    path = str(builder.get_target_uri(page)).partition("#")[0]
    if base:
        return posixpath.join(base, path) + anchor
    return (relative_uri(name, path) or path) + anchor


def _ident(app: Sphinx, text: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{app.config.project}\n{text}").urn


def build_feed(app: Sphinx, name: str) -> bytes:
    """The Atom document."""
    from feedgen.feed import FeedGenerator

    config = app.config
    base = config.html_baseurl or ""
    publications = newest(app, int(config.researchtopics_feed_size))
    generator = FeedGenerator()
    labels = get_state(app.env).labels
    title = clean(feed_title(app))
    generator.title(title)
    generator.id(posixpath.join(base, name) if base else _ident(app, name))
    # a conf.py without ``author`` (as the commands write it) names the lab by its project
    # Translators: the feed's author when the project names none
    author = clean(named(config, "author") or named(config, "project")) or labels("Unknown author")
    generator.author({"name": author})
    if base:
        generator.link(href=posixpath.join(base, name), rel="self")
        generator.link(href=base, rel="alternate")
    else:
        generator.link(
            href=relative_uri(name, app.builder.get_target_uri(config.root_doc)) or "./",
            rel="alternate",
        )
    generator.updated(_date(publications[0]) if publications else datetime(1970, 1, 1, tzinfo=UTC))
    related: dict[str, list[dict[str, str]]] = {}
    for publication in reversed(publications):  # feedgen puts the last added first
        entry = generator.add_entry()
        href = _entry_target(app, name, publication.key)
        entry.id(clean(href) if base and href else _ident(app, publication.key))
        untitled = labels("Untitled")
        entry.title(clean(plain(publication.title)) or clean(publication.key) or untitled)
        if href:
            entry.link(href=clean(href), rel="alternate")
        for person in publication.authors:
            if not person.others and clean(person.display):
                entry.author({"name": clean(person.display)})
        summary = description(publication, 2000)
        if summary:
            entry.summary(summary)
        facts = entry_facts(publication, labels)
        if facts:
            entry.content(clean(facts), type="text")
        related[entry.id()] = _related_links(publication, labels)
        entry.published(_date(publication))
        entry.updated(_date(publication))
    return _add_links(bytes(generator.atom_str(pretty=True)), related)


def _related_links(publication: Publication, labels: Labels) -> list[dict[str, str]]:
    """The paper's own links (as its entry shows them) and a remote thumbnail."""
    links = [
        {"href": clean(link.url), "rel": "related", "title": clean(label_for(link, {}, labels))}
        for link in publication.links
        if not link.local and link.url.startswith(("https://", "http://"))
    ]
    if publication.preview.startswith(("https://", "http://")):
        kind = _image_type(publication.preview)
        links.append({"href": clean(publication.preview), "rel": "enclosure", "type": kind})
    return links


def _add_links(atom: bytes, related: dict[str, list[dict[str, str]]]) -> bytes:
    """*atom* with each entry's *related* links (by entry id) before its own link:
    feedgen 1.0 writes an entry link's ``href`` only, so a ``related`` link would read as
    another ``alternate`` one.  *atom* is feedgen's own output (no DTD, no entities)."""
    from xml.dom import minidom

    document = minidom.parseString(atom)
    for entry in document.getElementsByTagName("entry"):
        ids = entry.getElementsByTagName("id")
        key = "".join(node.data for node in ids[0].childNodes if node.nodeType == node.TEXT_NODE)
        links = entry.getElementsByTagName("link")
        anchor = links[0] if links else None  # before the entry's own (alternate) link
        for attributes in related.get(key.strip() if ids else "", []):
            element = document.createElement("link")
            for name, value in attributes.items():
                element.setAttribute(name, value)
            entry.insertBefore(element, anchor)
            entry.insertBefore(document.createTextNode("\n    "), anchor)
    return bytes(document.toxml(encoding="UTF-8"))


def entry_facts(publication: Publication, labels: Labels = ENGLISH) -> str:
    """What a feed entry says besides its title, authors, date and abstract, as its entry
    on a page shows it: the venue with its badge's abbreviation and year, the award
    (badge and text), the citation count of ``researchtopics enrich``."""
    award_name = to_text(publication.field("award_name")).strip()
    parts = [venue_text(publication), award_name, plain(publication.award)]
    if publication.citations is not None:
        count = publication.citations
        cited = labels.plural("Cited by {count}", "Cited by {count}", count)
        parts.append(cited.format(count=count))
    return " ".join(f"{part.rstrip('.')}." for part in dict.fromkeys(parts) if part.strip())


def _image_type(url: str) -> str:
    suffix = url.rsplit(".", 1)[-1].lower() if "." in url.rsplit("/", 1)[-1] else ""
    return mimetypes.types_map.get(f".{suffix}", "image/png")


def _record_path(app: Sphinx) -> Path:
    """Where the name of the feed last written to this output folder is kept."""
    outdir = hashlib.sha1(str(app.outdir).encode()).hexdigest()[:10]
    return Path(app.doctreedir) / "researchtopics" / f"feed-{app.builder.name}-{outdir}.txt"


def _forget_old_feed(app: Sphinx, name: str | None) -> None:
    """Delete the feed an earlier build wrote under another name (or when the feed is
    off now): a clean build has none, and it would keep publishing old entries."""
    record = _record_path(app)
    try:
        old = record.read_text(encoding="utf-8").strip()
    except OSError:
        old = ""
    pages = {str(app.builder.get_target_uri(doc)) for doc in app.env.all_docs} if old else set()
    safe = _SAFE_PATH.match(old) and not {".", ".."}.intersection(old.split("/"))
    if old and old != name and safe and old not in pages:
        with contextlib.suppress(OSError):
            (Path(app.outdir) / old).unlink()
    if name != (old or None):
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(name or "", encoding="utf-8")


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the feed if its content changed."""
    if exception is not None or not downloads.supports(app.builder):
        return
    name = feed_name(app)
    if name is not None and not feedgen_available():
        name = None
    _forget_old_feed(app, name)
    if name is None:
        return
    data = build_feed(app, name)
    target = Path(app.outdir) / name
    try:
        if target.read_bytes() == data:
            return
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
