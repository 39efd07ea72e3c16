"""Per-page BibTeX files: "Download these publications as BibTeX", published with the site."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util.osutil import relative_uri

from ..bib.lazy import entry_digest
from ..locale import N_
from ..sphinxext.domain import get_domain
from ..sphinxext.pageplan import builds_pages
from ..sphinxext.paperpages import get_plan
from ..sphinxext.state import get_state
from .memo import download_key
from .state import html_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

#: The folder of the output that holds the per-page .bib files.
FOLDER = "_bibtex"
#: The link's text (translated where the link is made).
LABEL = N_("Download these publications as BibTeX")


def supports(builder: Builder) -> bool:
    """Websites only: an e-book cannot offer a file to download."""
    return builder.format == "html" and not builder.name.startswith("epub")


def bib_uri(builder: Builder, docname: str) -> str:
    """The page's .bib file, relative to the page."""
    return relative_uri(builder.get_target_uri(docname), f"{FOLDER}/{docname}.bib")


def page_bibtex(app: Sphinx, docname: str) -> str:
    """The BibTeX of every entry the page shows, in the page's order."""
    domain = get_domain(app.env)
    return _joined(app, domain.shown_on(docname))


def remembered_page_bibtex(app: Sphinx, docname: str) -> str:
    """:func:`page_bibtex`, from the page's memo while its entries (keys and digests, in
    order) are the same: the writer then makes no entry's BibTeX (about 7% of a warm
    build of 48,000 entries) and leaves the records' memory untouched."""
    page_memo = html_state(app.env).memo
    if page_memo is None:
        return page_bibtex(app, docname)
    entries = get_state(app.env).bibliography.entries
    keys = [key for key in get_domain(app.env).shown_on(docname) if key in entries]
    memo_key = download_key((key, entry_digest(entries, key)) for key in keys)
    return page_memo.recall_or_make(docname, memo_key, lambda: _joined(app, keys))


def _joined(app: Sphinx, keys: Iterable[str]) -> str:
    entries = get_state(app.env).bibliography.entries
    texts = [entries[key].bibtex for key in keys if key in entries]
    return "\n\n".join(texts) + "\n" if texts else ""


def member_pages(app: Sphinx) -> dict[str, tuple[str, ...]]:
    """Member pages (made by the extension, not from documents) -> the keys they list, in
    the page's order: each page's list links to a .bib file, as a document's list does."""
    if not builds_pages(app.builder):
        return {}
    plan = get_plan(app.env)
    pages: dict[str, tuple[str, ...]] = {}
    for member in plan.members:
        pagename = plan.member_page(member)
        if pagename is not None:
            pages[pagename] = tuple(member.keys)  # grouped by year on the page, not reordered
    return pages


def write_page_file(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: the page's .bib, written with the page (by the process that
    writes the page), where its content changed; a member page's too."""
    if not supports(app.builder):
        return
    target = Path(app.outdir) / FOLDER / f"{pagename}.bib"
    if doctree is None:
        keys = member_pages(app).get(pagename)
        if keys is not None:
            _write_if_changed(target, _joined(app, keys))
        return
    if app.builder.name == "singlehtml":
        _write_if_changed(target, single_page_bibtex(app))
    elif pagename in get_domain(app.env).pages_with_entries():
        _write_if_changed(target, remembered_page_bibtex(app, pagename))


def single_page_bibtex(app: Sphinx) -> str:
    """singlehtml's one page shows every document's entries: its file holds them all
    (documents in name order, so every build joins them alike)."""
    domain = get_domain(app.env)
    keys: dict[str, None] = {}
    for docname in domain.pages_with_entries():
        keys.update(dict.fromkeys(domain.shown_on(docname)))
    return _joined(app, keys)


def _write_if_changed(target: Path, text: str) -> None:
    if not text:
        return
    try:
        if target.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def tidy_bib_files(app: Sphinx, exception: Exception | None) -> None:
    """Once the pages are written: a file for every page that shows publications (one
    deleted by hand is written again) and none for pages that no longer show any (or no
    longer exist): an incremental build must not keep publishing entries a page dropped."""
    if exception is not None or not supports(app.builder):
        return
    folder = Path(app.outdir) / FOLDER
    kept: set[Path] = set()
    single = app.builder.name == "singlehtml"
    if single and get_domain(app.env).pages_with_entries():
        kept.add(folder / f"{app.config.root_doc}.bib")  # written with the page
    for docname in [] if single else get_domain(app.env).pages_with_entries():
        target = folder / f"{docname}.bib"
        if not target.is_file():
            _write_if_changed(target, page_bibtex(app, docname))
        kept.add(target)
    for pagename, keys in member_pages(app).items():  # written with their pages, as above
        if not keys:  # a member without entries: no file, as for a page without any
            continue
        target = folder / f"{pagename}.bib"
        if not target.is_file():
            _write_if_changed(target, _joined(app, keys))
        kept.add(target)
    if folder.is_dir():
        for old in list(folder.rglob("*.bib*")):  # folders are removed on the way
            if old not in kept and old.is_file():
                old.unlink()
                remove_empty_folders(old.parent, folder)


def remove_empty_folders(start: Path, top: Path) -> None:
    """*start* and the folders above it, below *top*, that are now empty: a renamed
    ``researchtopics_member_pages`` folder left an empty ``people/`` to publish."""
    for folder in (start, *start.parents):
        if folder == top or top not in folder.parents:
            return
        try:
            folder.rmdir()
        except OSError:  # not empty (or gone): the folders above it are not empty either
            return
