"""Per-page BibTeX files: "Download these publications as BibTeX", published with the site."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.osutil import relative_uri

from ..sphinxext.domain import get_domain
from ..sphinxext.state import get_state
from . import bibview

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

#: The folder of the output that holds the per-page .bib files.
FOLDER = "_bibtex"
LABEL = "Download these publications as BibTeX"


def supports(builder: Builder) -> bool:
    """Websites only: an e-book cannot offer a file to download."""
    return builder.format == "html" and not builder.name.startswith("epub")


def bib_uri(builder: Builder, docname: str) -> str:
    """The page's .bib file, relative to the page."""
    return relative_uri(builder.get_target_uri(docname), f"{FOLDER}/{docname}.bib")


def page_bibtex(app: Sphinx, docname: str) -> str:
    """The BibTeX of every entry the page shows, in the page's order."""
    domain = get_domain(app.env)
    entries = get_state(app.env).bibliography.entries
    texts = [entries[key].bibtex for key in domain.shown_on(docname) if key in entries]
    return "\n\n".join(texts) + "\n" if texts else ""


def _prepared(target: Path, token: str) -> Path:
    """Where a second process leaves a page's file for this build (:func:`prepare`)."""
    return target.with_name(f"{target.name}.{token}")


def prepare(app: Sphinx, docname: str, token: str) -> None:
    """The page's .bib, written by a second process while the page is written (see
    :mod:`.aside`), under a name of this build only: :func:`write_bib_files` moves it
    into place, or writes the file itself where there is none."""
    text = page_bibtex(app, docname)
    if text and token:
        target = Path(app.outdir) / FOLDER / f"{docname}.bib"
        target.parent.mkdir(parents=True, exist_ok=True)
        _prepared(target, token).write_text(text, encoding="utf-8")


def write_bib_files(app: Sphinx, exception: Exception | None) -> None:
    """Write one .bib per page that shows publications, where it may have changed, and
    delete those of pages that no longer show any (or no longer exist): an incremental
    build must not keep publishing entries a page dropped."""
    if exception is not None or not supports(app.builder):
        return
    domain = get_domain(app.env)
    state = get_state(app.env)
    folder = Path(app.outdir) / FOLDER
    kept: set[Path] = set()
    for docname in domain.pages_with_entries():
        target = folder / f"{docname}.bib"
        # A page not read shows what its file holds: a changed entry re-reads its pages.
        if docname not in state.read_docs and target.is_file():
            kept.add(target)
            continue
        prepared = _prepared(target, bibview.token())
        if bibview.token() and prepared.is_file():
            os.replace(prepared, target)
            kept.add(target)
            continue
        text = page_bibtex(app, docname)
        if not text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        kept.add(target)
    if folder.is_dir():
        for old in folder.rglob("*.bib*"):  # and files prepared for a build that failed
            if old not in kept and old.is_file():
                old.unlink()
