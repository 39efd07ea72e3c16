"""Paper and member pages, made by ``html-collect-pages`` with the theme's ``page.html``.

Their bodies are the entries' usual nodes (an ``rt_entries`` placeholder, resolved by
every registered post-transform as on any page), rendered by the HTML translator, so
whatever entries show elsewhere shows here too.  Only HTML builders that write extra
pages emit this event: every other builder never sees these pages.

Sphinx writes every collected page every build; to re-write only what changed, a page
whose inputs (the entry, the pages showing it, the configuration, the templates) have
the digest recorded last time, and whose file exists, is not collected at all.  Pages no
longer planned are deleted.  The digests live in the doctree folder, per builder and
output folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from docutils import nodes
from sphinx.transforms import SphinxTransformer
from sphinx.util.docutils import new_document
from sphinx.util.osutil import relative_uri

from .. import __version__
from ..bib.grouping import heading_key
from ..bib.links import classify_url, label_for
from ..bib.order import group_publications
from ..bib.records import Publication, Segment, plain
from ..bib.scholar import is_pdf_url
from ..config import CONFIG_VALUES
from ..sphinxext.compat import current_docname
from ..sphinxext.directives import local_file_problem
from ..sphinxext.domain import get_domain
from ..sphinxext.log import get_logger
from ..sphinxext.nodes import rt_entries, rt_group
from ..sphinxext.pageplan import Member, PagePlan, builds_pages
from ..sphinxext.paperpages import get_plan
from ..sphinxext.previews import preview_source
from ..sphinxext.render import RenderOptions, rich_nodes
from ..sphinxext.resolve import page_title
from ..sphinxext.state import get_state
from .downloads import remove_empty_folders
from .meta import head_tags

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder

logger = get_logger(__name__)

#: Collected pages use the theme's ordinary page template.
TEMPLATE = "page.html"


# -- rendering ---------------------------------------------------------------------------


def download_dest(env: Any, path: str) -> str | None:
    """Where Sphinx copies a local file under ``_downloads`` (if a list page links it);
    the table is keyed by ``Path`` from Sphinx 8.2, by ``str`` before."""
    name = path.lstrip("/")
    table: dict[Any, Any] = env.dlfiles
    found = table.get(Path(name)) or table.get(name)
    return Path(found[1]).as_posix() if found else None


def _download_uri(builder: StandaloneHTMLBuilder, pagename: str, path: str) -> str | None:
    """A local file's URI from *pagename*, if Sphinx copies it."""
    dest = download_dest(builder.env, path)
    if dest is None:
        return None
    base = relative_uri(builder.get_target_uri(pagename), "_downloads")
    return f"{base}/{quote(dest)}"


def _pending(
    builder: StandaloneHTMLBuilder,
    pagename: str,
    publications: list[Publication],
    options: RenderOptions,
    taken: set[str],
) -> rt_entries:
    """An ``rt_entries`` placeholder, as a directive makes, with local links resolved."""
    pending = rt_entries(entries=[], options=options)
    for publication in publications:
        base = nodes.make_id(publication.key) or "publication"
        node_id, number = base, 1
        while node_id in taken:
            number += 1
            node_id = f"{base}-{number}"
        taken.add(node_id)
        pending["entries"].append((publication.key, node_id))
        if publication.preview and builder.config.researchtopics_thumbnails:
            thumbnail = preview_source(
                publication,
                lambda message, subtype: None,  # the list pages showing it warned already
                partial(local_file_problem, str(builder.env.srcdir)),
            )
            if thumbnail is not None:
                pending += thumbnail
        for link in publication.links:
            uri = _download_uri(builder, pagename, link.url) if link.local else None
            if uri is not None:
                label = label_for(link, options.link_labels, get_state(builder.env).labels)
                pending += nodes.reference(
                    label,
                    label,
                    refuri=uri,
                    classes=["rt-link", f"rt-link-{link.kind}"],
                    rt_key=publication.key,
                    rt_url=link.url,
                )
    return pending


def render_body(app: Sphinx, pagename: str, section: nodes.section) -> str:
    """Resolve *section* with every post-transform, as a page of *pagename*, then render."""
    builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
    env = app.env
    document = new_document(pagename)
    document.settings.env = env
    document += section
    with current_docname(env, pagename):
        transformer = SphinxTransformer(document)
        transformer.set_environment(env)
        transformer.add_transforms(app.registry.get_post_transforms())
        transformer.apply_transforms()
    # What write_doc sets for a document (``dlpath`` only exists once one was written).
    target = builder.get_target_uri(pagename)
    paths: dict[str, Any] = {
        "current_docname": pagename,
        "imgpath": relative_uri(target, "_images"),
        "dlpath": relative_uri(target, "_downloads"),
        "secnumbers": {},
        "fignumbers": {},
    }
    saved = {name: getattr(builder, name, "") for name in paths}
    for name, value in paths.items():
        setattr(builder, name, value)
    for image in document.findall(nodes.image):
        # what Sphinx's image collector sets while reading (these nodes are made later)
        if "candidates" not in image:
            uri = image["uri"]
            image["uri"] = uri if "://" in uri else uri.lstrip("/")
            image["candidates"] = {"?" if "://" in uri else "*": image["uri"]}
    try:
        builder.post_process_images(document)  # images (thumbnails) are copied as usual
        return str(builder.render_partial(document.children[0])["fragment"])
    finally:
        for name, value in saved.items():
            setattr(builder, name, value)


def _section(title: list[nodes.Node], text: str, ident: str) -> nodes.section:
    section = nodes.section(ids=[ident], classes=["rt-page"])
    section += nodes.title(text, "", *title)
    return section


def _options(app: Sphinx, abstract: str, single: bool = False) -> RenderOptions:
    """A paper page (*single*) shows a Cite panel unless Cite panels are off, and the
    BibTeX toggle whatever ``researchtopics_bibtex_field`` says (al-folio's detail pages
    do)."""
    config = app.config
    return RenderOptions(
        bibtex_field="" if single else config.researchtopics_bibtex_field or "",
        abstract=abstract,
        bibtex=bool(config.researchtopics_bibtex),
        max_authors=0,
        link_labels=config.researchtopics_link_labels,
        also_in=False,
        abstract_source=bool(config.researchtopics_abstract_source),
        cite=config.researchtopics_cite == "all"
        or (single and config.researchtopics_cite == "single"),
    )


def _absolute(app: Sphinx, pagename: str) -> str:
    base = app.config.html_baseurl
    return posixpath.join(base, app.builder.get_target_uri(pagename)) if base else ""


def _pdf_url(app: Sphinx, pagename: str, publication: Publication) -> str:
    """The paper link, when it is a PDF (absolute with ``html_baseurl``)."""
    builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
    link = next((link for link in publication.links if link.kind == "paper"), None)
    if link is None or not is_pdf_url(link.url):
        return ""
    if not link.local:
        return link.url
    dest = download_dest(builder.env, link.url)
    if dest is None:
        return ""
    if app.config.html_baseurl:
        return posixpath.join(app.config.html_baseurl, "_downloads", quote(dest))
    return _download_uri(builder, pagename, link.url) or ""


def _image(publication: Publication) -> str:
    """An absolute thumbnail URL from ``preview``/``thumbnail`` (local files: none)."""
    for name in ("thumbnail", "preview"):
        checked = classify_url(publication.field(name).strip())
        if checked is not None and checked[0].startswith(("http:", "https:")):
            return checked[0]
    return ""


def paper_context(app: Sphinx, plan: PagePlan, key: str, pagename: str) -> dict[str, Any]:
    """The page context of KEY's paper page."""
    publication = get_state(app.env).bibliography.entries[key]
    text = plain(publication.title) or publication.key
    section = _section(
        rich_nodes(publication.title or (Segment(publication.key),)),
        text,
        f"paper-{nodes.make_id(key) or 'publication'}",
    )
    options = _options(
        app, "hidden" if app.config.researchtopics_abstract == "hidden" else "expanded", True
    )
    section += _pending(app.builder, pagename, [publication], options, set())  # type: ignore[arg-type]
    shown = _shown_on(app, key, pagename)
    if shown is not None:
        section += shown
    head = head_tags(
        publication,
        _absolute(app, pagename),
        _pdf_url(app, pagename, publication),
        _image(publication),
    )
    return _context(render_body(app, pagename, section), text, head, section)


def _shown_on(app: Sphinx, key: str, pagename: str) -> nodes.Node | None:
    """Links back to every page that shows the entry."""
    showings = list(get_domain(app.env).pages_showing(key))
    if not showings:
        return None
    box = nodes.container(classes=["rt-shown-on"])
    labels = get_state(app.env).labels
    # Translators: heading of a paper page's links to the pages listing the paper
    heading = labels("Shown on")
    box += nodes.rubric(heading, heading)
    items = nodes.bullet_list()
    for docname, anchor, _single, _topical in showings:
        uri = app.builder.get_relative_uri(pagename, docname)
        title = page_title(app.env, docname)
        ref = nodes.reference(
            title, title, internal=True, refuri=f"{uri.partition('#')[0]}#{anchor}"
        )
        items += nodes.list_item("", nodes.paragraph("", "", ref))
    box += items
    return box


def member_context(app: Sphinx, plan: PagePlan, member: Member, pagename: str) -> dict[str, Any]:
    """The page context of a member's page: homepage link, entries grouped by year."""
    state = get_state(app.env)
    entries = state.bibliography.entries
    labels = state.labels
    section = _section([nodes.Text(member.name)], member.name, "member")
    checked = classify_url(member.url) if member.url else None
    if checked is not None and not checked[1]:
        # Translators: the link to a lab member's own website
        home = labels("Homepage")
        ref = nodes.reference(home, home, refuri=checked[0], classes=["rt-homepage"])
        section += nodes.paragraph("", "", ref, classes=["rt-member-homepage"])
    publications = [entries[key] for key in member.keys if key in entries]
    box = nodes.container(classes=["rt-publications", "rt-member-publications"])
    box["rt_finder"] = ""  # a long list gets the finder, as researchtopics_finder says
    if not publications:
        empty = labels("No publications.")
        box += nodes.paragraph(empty, empty, classes=["rt-empty"])
    taken: set[str] = set()
    options = _options(app, app.config.researchtopics_abstract)
    for heading, group in group_publications(publications, "year", translate=labels):
        text = str(heading)
        node = rt_group(text, text, classes=["rt-group"], level=2)
        node["ids"].append(nodes.make_id(f"year-{heading_key(heading)}"))
        box += node
        box += _pending(app.builder, pagename, group, options, taken)  # type: ignore[arg-type]
    section += box
    return _context(render_body(app, pagename, section), member.name, "", section)


def _context(body: str, title: str, metatags: str, section: nodes.section) -> dict[str, Any]:
    return {
        # MathJax is loaded only on pages that say they have math (titles often do)
        "has_maths_elements": any(True for _ in section.findall(nodes.math)),
        "title": escape(title),
        "body": body,
        "metatags": metatags,
        "toc": "",
        "display_toc": False,
        "parents": [],
        "prev": None,
        "next": None,
        "sourcename": "",
        "meta": {},
    }


# -- collecting: only what changed ----------------------------------------------------------


@dataclass(frozen=True)
class PlannedPage:
    pagename: str
    #: What the page shows, as text: its digest decides whether the page is re-written.
    inputs: str
    render: Callable[[], dict[str, Any]]


def planned_pages(app: Sphinx, plan: PagePlan) -> Iterator[PlannedPage]:
    env = app.env
    entries = get_state(env).bibliography.entries
    domain = get_domain(env)
    member_ids = tuple(member.ident for member in plan.members)
    for key, _ident in plan.paper_ids.items():
        pagename = plan.paper_page(key)
        publication = entries.get(key)
        if pagename is None or publication is None:
            continue
        showings = [
            (doc, anchor, page_title(env, doc)) for doc, anchor, *_ in domain.pages_showing(key)
        ]
        inputs = repr((publication.digest, showings, member_ids, plan.member_authors.get(key)))
        yield PlannedPage(pagename, inputs, partial(paper_context, app, plan, key, pagename))
    for member in plan.members:
        pagename = plan.member_page(member)
        if pagename is None:
            continue
        shown = [
            (key, entries[key].digest, plan.paper_page(key))
            for key in member.keys
            if key in entries
        ]
        inputs = repr((member, shown, member_ids))
        yield PlannedPage(pagename, inputs, partial(member_context, app, plan, member, pagename))


#: Sphinx's configuration values outside ``config_hash`` that the generated pages show.
PAGE_CONFIG = ("language", "project", "author", "version", "release", "root_doc")


def _site_inputs(app: Sphinx) -> str:
    """What every page depends on: configuration, tags, templates, this code's version."""
    builder: Any = app.builder
    info = getattr(builder, "build_info", None)
    templates = getattr(builder, "templates", None)
    mtime = templates.newest_template_mtime() if templates is not None else 0
    return repr(
        (
            __version__,
            getattr(info, "config_hash", ""),
            getattr(info, "tags_hash", ""),
            mtime,
            # every researchtopics_* value (those that rebuild "env" are not in config_hash)
            [(value.name, getattr(app.config, value.name, None)) for value in CONFIG_VALUES],
            # Sphinx's values that rebuild "env" and that a page shows (its labels, <html
            # lang>, the theme's words, project and version): a new language left the
            # paper and member pages in the old one
            [(name, getattr(app.config, name, None)) for name in PAGE_CONFIG],
            _navigation(app.env),
        )
    )


def _navigation(env: Any) -> str:
    """The site's navigation as the theme's sidebar shows it on every page: the toctrees
    and each document's headings.  A page deleted from a toctree, or a heading renamed,
    stayed in the sidebar of the paper and member pages while Sphinx re-wrote its own."""
    digest = hashlib.sha1(repr(sorted(env.toctree_includes.items())).encode())
    for docname in sorted(env.tocs):
        digest.update(f"\0{docname}\0{env.tocs[docname].astext()}".encode("utf-8", "replace"))
    return digest.hexdigest()


def manifest_path(app: Sphinx) -> Path:
    outdir = hashlib.sha1(os.fspath(app.outdir).encode()).hexdigest()[:10]
    return Path(app.doctreedir) / "researchtopics" / f"pages-{app.builder.name}-{outdir}.json"


def _read_manifest(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the pages whose inputs changed; stale pages removed."""
    builder: Any = app.builder
    if not builds_pages(builder):
        return
    path = manifest_path(app)
    old = _read_manifest(path)
    plan = get_plan(app.env)
    if not old and not plan.paper_ids and not plan.members:
        return
    site = _site_inputs(app)
    new: dict[str, str] = {}
    for page in planned_pages(app, plan):
        digest = hashlib.sha1((site + page.inputs).encode("utf-8")).hexdigest()
        new[page.pagename] = digest
        if old.get(page.pagename) == digest and os.path.isfile(
            builder.get_outfilename(page.pagename)
        ):
            note_for_sitemap(app, page.pagename)
            continue
        yield page.pagename, page.render(), TEMPLATE
    for pagename in sorted(set(old) - set(new)):
        _remove(builder, pagename)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(new, sort_keys=True, indent=0), encoding="utf-8")


def _remove(builder: Any, pagename: str) -> None:
    """Delete a page no longer planned (and its folders, when empty)."""
    target = Path(builder.get_outfilename(pagename))
    try:
        target.unlink()
    except FileNotFoundError:
        return
    remove_empty_folders(target.parent, Path(builder.outdir))


def note_for_sitemap(app: Sphinx, pagename: str) -> None:
    """sphinx-sitemap lists the pages written in this build: add an unchanged page too
    (its ``html-page-context`` handler is not called for a page not written)."""
    links = getattr(app, "sitemap_links", None)
    if links is None or not hasattr(links, "put"):
        return
    if getattr(app.env, "is_directory_builder", False):
        link = pagename + "/"
    else:
        link = pagename + (app.config.html_file_suffix or ".html")
    try:
        from sphinx_sitemap import is_excluded
    except ImportError:  # pragma: no cover - sitemap_links exists only with it
        return
    if not is_excluded(link, app.config.sitemap_excludes):
        links.put((link, None))
