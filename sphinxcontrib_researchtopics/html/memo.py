"""Entries as written by an earlier build, one file per page, used again when unchanged
(and the page's .bib download and its lists' finder data with them, under
:func:`download_key` and :func:`finder_key`).

Making an entry's nodes, shaping them and writing them is most of what a list costs once
its .bib is parsed.  An entry's HTML depends only on what :func:`entry_key` hashes (the
record's digest, the list's options, the entry's id, its "Also in" pages, the links to
its paper and member pages) and on what :func:`memo_signature` hashes for the whole
build (every ``researchtopics_*`` value, ``language``, the builder, the translator, the
versions of Sphinx, docutils, Pygments and citeproc-py, and this package's code).

Each page's entries are kept in one file, written whole by the process that writes the
page (under ``-j``, a writer process) once Sphinx has written it: pages are written by
one process each, so no two processes write one file, and a file holds only what its
page used in its last build.  Files are written to a temporary name and renamed, so a
build stopped at any moment leaves the old file or the new one, never a torn one; a
missing, unreadable or damaged file is a miss, never wrong HTML.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import pickle
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from ..bib.files import replace_file
from ..bib.records import Publication
from ..bib.version import code_hash
from ..config import CONFIG_VALUES
from ..sphinxext.render import RenderOptions

#: Bump when the files' layout changes.
MEMO_VERSION = "2"

#: Signatures of other configurations kept beside the current one (html and dirhtml,
#: a theme tried and put back): older ones are removed when a build starts.
KEEP_SIGNATURES = 4


def _versions() -> list[str]:
    import docutils
    import pygments
    import sphinx

    try:
        from importlib.metadata import version

        citeproc = version("citeproc-py")
    except Exception:  # not installed: no Cite panel
        citeproc = ""
    return [sphinx.__version__, docutils.__version__, pygments.__version__, citeproc]


def memo_signature(app: Any) -> str:
    """What every entry's HTML depends on besides the entry itself."""
    from sphinx.highlighting import lexers

    builder = app.builder
    config = app.config
    values = {value.name: getattr(config, value.name, None) for value in CONFIG_VALUES}
    translator = builder.get_translator_class()
    writer = f"{getattr(translator, '__module__', '')}.{getattr(translator, '__name__', '')}"
    settings = getattr(builder, "docsettings", None)
    return json.dumps(
        [
            MEMO_VERSION,
            code_hash(),
            _versions(),
            str(app.srcdir),
            builder.name,
            writer,
            bool(getattr(settings, "cloak_email_addresses", True)),
            values,
            config.language,
            config.highlight_options,
            config.html_theme,
            "bibtex" in lexers,
        ],
        sort_keys=True,
        default=repr,
    )


def entry_key(
    publication: Publication,
    options_text: str,
    node_id: str,
    others: tuple[tuple[str, str], ...],
    pages: tuple[object, ...],
) -> str:
    """The entry's key within its page: everything its written HTML depends on."""
    seed = repr((publication.key, publication.digest, options_text, node_id, others, pages))
    return hashlib.sha256(seed.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def download_key(entries: Iterable[tuple[str, str]]) -> str:
    """The key of a page's .bib download within its page: its entries' keys and digests,
    in order (the text is made from the records alone; the code is in the signature)."""
    seed = repr(("bibtex", *entries))
    return "bibtex-" + hashlib.sha256(seed.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def finder_key(entries: Iterable[tuple[str, str]], topic_titles: Mapping[str, str]) -> str:
    """The key of a list's finder data within its page: its entries' keys and digests, in
    order, and the topics' titles (read from the topic map's file, which the signature
    names but does not read); labels and members are in the signature."""
    seed = repr(("finder", sorted(topic_titles.items()), *entries))
    return "finder-" + hashlib.sha256(seed.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def options_text(options: RenderOptions) -> str:
    return repr(options)


class PageMemo:
    """The written entries of one project's pages, a file per page, loaded per page."""

    def __init__(self, folder: str, signature: str) -> None:
        self.folder = Path(folder) / "written"
        self.prefix = hashlib.sha256(signature.encode()).hexdigest()[:20]
        #: docname -> entries as loaded, and as used by this build's writing of the page.
        self.loaded: dict[str, dict[str, str]] = {}
        self.used: dict[str, dict[str, str]] = {}

    def path(self, docname: str) -> Path:
        name = hashlib.sha256(docname.encode("utf-8", "surrogatepass")).hexdigest()[:20]
        return self.folder / f"{self.prefix}-{name}.pickle"

    def _page(self, docname: str) -> dict[str, str]:
        found = self.loaded.get(docname)
        if found is None:
            found = self.loaded[docname] = read_entries(self.path(docname))
            self.used[docname] = {}
        return found

    def recall(self, docname: str, key: str) -> str | None:
        """The entry's HTML when the page's last build wrote it with the same key."""
        html = self._page(docname).get(key)
        if html is not None:
            self.used[docname][key] = html
        return html

    def keep(self, docname: str, key: str, html: str) -> None:
        self._page(docname)
        self.used[docname][key] = html

    def recall_or_make(self, docname: str, key: str, make: Callable[[], str]) -> str:
        """The text kept under *key* by the page's last build, else *make*'s, kept."""
        text = self.recall(docname, key)
        if text is None:
            text = make()
            self.keep(docname, key, text)
        return text

    def save(self, docname: str) -> None:
        """Write the page's file (once Sphinx has written the page) if what it used
        differs from what it had; forget the page either way."""
        loaded = self.loaded.pop(docname, None)
        used = self.used.pop(docname, None)
        if loaded is None or used is None or used == loaded:
            return
        write_entries(self.path(docname), used)

    def prune(self) -> None:
        """Remove the files of all but the newest few other configurations."""
        try:
            files = list(self.folder.glob("*.pickle"))
        except OSError:
            return
        newest: dict[str, float] = {}
        for path in files:
            prefix = path.name.partition("-")[0]
            with contextlib.suppress(OSError):
                newest[prefix] = max(newest.get(prefix, 0.0), path.stat().st_mtime)
        keep = {self.prefix, *sorted(newest, key=newest.__getitem__)[-KEEP_SIGNATURES:]}
        for path in files:
            if path.name.partition("-")[0] not in keep:
                with contextlib.suppress(OSError):
                    path.unlink()


def read_entries(path: Path) -> dict[str, str]:
    """A page's entries, or none for a missing, damaged or foreign file."""
    try:
        with open(path, "rb") as stream:
            data = pickle.load(stream)
    except Exception:  # unpickling bad bytes can raise nearly anything
        return {}
    if not (isinstance(data, tuple) and len(data) == 2 and data[0] == MEMO_VERSION):
        return {}
    entries = data[1]
    if not isinstance(entries, dict) or not all(
        isinstance(key, str) and isinstance(html, str) for key, html in entries.items()
    ):
        return {}
    return entries


def write_entries(path: Path, entries: dict[str, str]) -> None:
    """Write whole or not at all; a read-only or full disk only costs the memo.  Pickled
    into the file, not into one bytes object first: a page's memo is as large as its
    entries' HTML (a peak of 6 MB more for the 4,839 entries of tugboat.bib)."""
    with contextlib.suppress(OSError):
        replace_file(
            path,
            lambda stream: pickle.dump(
                (MEMO_VERSION, entries), stream, protocol=pickle.HIGHEST_PROTOCOL
            ),
        )
