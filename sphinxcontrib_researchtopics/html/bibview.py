"""The BibTeX views (and the written entries) of a page, put into the page file after
Sphinx has written it.

Highlighted, the views are most of a large list's HTML (21 MB of 25 MB for 4,839
entries).  Sphinx holds a page's HTML several times over while writing it (the
translator's pieces, the joined body, the rendered template, its encoded bytes), so
views written inline made a default build's peak memory twice the hand-written page's.
Instead the translator writes a short marker per view, and once the build is done each
page written in it is streamed through once, markers replaced by the views made one at
a time: the file on disk is byte for byte what the inline views gave.

Entries written by :mod:`.serialize` go the same way: Sphinx makes several copies of a
page's body while writing it (the translator's parts, the template's context, the
rendered page), which for 4,839 entries is several copies of 6 MB.  Each entry's HTML is
spooled to a temporary file as it is written and the page gets a marker for it, replaced
(with the views inside it) when the page is streamed through.

Only for the builders whose page files are final when the build ends (``html``,
``dirhtml``, ``singlehtml``); epub packs its pages before that, so it keeps them inline,
as do pages written by parallel writer processes (entries) and by ``html-collect-pages``.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
import time
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..bib.records import Publication
from .highlight import fast_path_allowed, view_html
from .textstore import TextStore

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Builders whose pages stay as written until the build ends.
DEFERRING_BUILDERS = ("html", "dirhtml", "singlehtml")

#: Per build: a random token (so no page text can forge a marker), the start time, the
#: process that started it and the spool of written entries.
_build: dict[str, Any] = {"token": "", "started": 0, "pid": 0, "spool": None}

_DETAILS_OPEN = '<details class="rt-bibtex no-search"><summary>BibTeX</summary>'
_DETAILS_CLOSE = (
    '<button type="button" class="rt-copy" hidden>Copy</button>'
    '<span class="rt-copy-status" role="status" aria-live="polite"></span></details>\n'
)


def on_builder_inited(app: Sphinx) -> None:
    """A new token per build, made before parallel writers fork (they inherit it)."""
    _close_spool()
    _build["token"] = secrets.token_hex(8)
    _build["started"] = time.time_ns()
    _build["pid"] = os.getpid()


def _close_spool() -> None:
    spool = _build["spool"]
    _build["spool"] = None
    if spool is not None:
        with contextlib.suppress(OSError):
            spool.close()


def token() -> str:
    """This build's marker token (kept HTML swaps it for the current one)."""
    return str(_build["token"])


def _marker(key: str) -> str:
    return f"<!--rt-bibtex {_build['token']} {key.encode('utf-8').hex()}-->"


def toggle_html(translator: Any, text: str, location: Any) -> str:
    return _DETAILS_OPEN + view_html(translator, text, location) + _DETAILS_CLOSE


def _deferring(translator: Any) -> bool:
    """Whether this page's file is finished at the end of the build."""
    return bool(
        _build["token"]
        and translator.builder.name in DEFERRING_BUILDERS
        and getattr(translator.builder, "current_docname", None)
        in translator.builder.env.found_docs
    )


def entry_html(translator: Any, html: str) -> str:
    """An entry's written HTML, or the marker of its copy in the spool."""
    if not _deferring(translator) or os.getpid() != _build["pid"]:
        return html
    data = html.encode("utf-8")
    try:
        if _build["spool"] is None:
            _build["spool"] = tempfile.TemporaryFile()  # noqa: SIM115 - closed at the end
        spool = _build["spool"]
        offset = spool.seek(0, os.SEEK_END)
        spool.write(data)
    except OSError:
        return html
    return f"<!--rt-entry {_build['token']} {offset:x}-{len(data):x}-->"


def _spooled(place: str) -> str | None:
    offset, _, length = place.partition("-")
    spool = _build["spool"]
    try:
        spool.seek(int(offset, 16))
        data: bytes = spool.read(int(length, 16))
        return data.decode("utf-8")
    except (AttributeError, OSError, ValueError):
        return None


def visit_bibtex_view(self: Any, node: nodes.Element) -> None:
    """The entry's BibTeX toggle, or its marker where the page is finished later."""
    from ..sphinxext.state import get_state

    key = node["key"]
    # Only documents' pages are finished at the end; pages made by html-collect-pages
    # (paper and member pages) get their views at once.
    deferred = _deferring(self) and fast_path_allowed(self)
    if deferred:
        self.body.append(_marker(key))
    else:
        publication = get_state(self.builder.env).bibliography.entries.get(key)
        if publication is not None:
            self.body.append(toggle_html(self, publication.bibtex, node))
    raise nodes.SkipNode


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Put the views into every page written in this build."""
    builder: Any = app.builder
    token = _build["token"]
    if builder.name not in DEFERRING_BUILDERS or not token:
        return
    pattern = re.compile(rf"<!--rt-(bibtex|entry) {token} ([0-9a-f-]*)-->")
    since = _build["started"] - 2_000_000_000  # coarse file-system clocks
    translator = _Highlighter(app)
    encoding = app.config.html_output_encoding
    store = _store(app)
    for docname in sorted(app.env.found_docs):
        path = os.fspath(builder.get_outfilename(docname))
        try:
            if os.stat(path).st_mtime_ns < since:
                continue
            with open(path, encoding=encoding) as stream:
                text = stream.read()
        except (OSError, UnicodeDecodeError):
            continue
        if f"<!--rt-bibtex {token} " in text or f"<!--rt-entry {token} " in text:
            _rewrite(path, text, pattern, translator, encoding, store)
    if store is not None:
        store.close()
    _close_spool()


def _store(app: Sphinx) -> TextStore | None:
    """The views kept by earlier builds, where the build keeps written entries."""
    from ..sphinxext.state import get_state

    memo = get_state(app.env).entry_memo
    return memo.view_store() if memo is not None else None


class _Highlighter:
    """What :func:`view_html` needs of a translator, outside a translator."""

    def __init__(self, app: Sphinx) -> None:
        self.config = app.config
        self.highlighter = app.builder.highlighter  # type: ignore[attr-defined]
        self.app = app


def _rewrite(
    path: str,
    text: str,
    pattern: re.Pattern[str],
    translator: _Highlighter,
    encoding: str,
    store: TextStore | None,
) -> None:
    """Stream *text* to *path* with each marker replaced by its view (one at a time)."""
    from ..sphinxext.state import get_state

    entries = get_state(translator.app.env).bibliography.entries
    directory = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, errors="xmlcharrefreplace") as out:

            def view(match: re.Match[str]) -> str:
                publication = entries.get(bytes.fromhex(match.group(2)).decode("utf-8"))
                return "" if publication is None else _view(translator, publication, store)

            position = 0
            for match in pattern.finditer(text):
                out.write(text[position : match.start()])
                if match.group(1) == "entry":
                    entry = _spooled(match.group(2))
                    out.write(match.group(0) if entry is None else pattern.sub(view, entry))
                else:
                    out.write(view(match))
                position = match.end()
            out.write(text[position:])
        os.chmod(tmp, os.stat(path).st_mode & 0o777)
        os.replace(tmp, path)
    except OSError:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _view(translator: _Highlighter, publication: Publication, store: TextStore | None) -> str:
    """The entry's toggle: kept by an earlier build, or made now."""

    def make() -> str:
        return toggle_html(translator, publication.bibtex, None)

    if store is None or not publication.digest:
        return make()
    found = store.get(publication.digest)
    if found is None:
        found = make()
        store.put(publication.digest, found)
    return found
