"""Entries as written by an earlier build, kept in the cache folder and used again.

Making an entry's nodes, shaping them for HTML and writing them is most of what a list
costs once its .bib is parsed (half a default build of 4,839 entries).  The HTML of an
entry depends only on what :func:`EntryMemo.key` hashes: the record's digest, the
list's options, the entry's id, its page, its "Also in" pages, the links to its paper
and member pages, every ``researchtopics_*`` value, the builder, the translator and the
code.  So the written HTML (and the words it gives the search index) is kept by that key
in a :class:`~.textstore.TextStore` in the parse cache's folder, and an entry whose key
was written before becomes its :class:`~.shapes.rt_html` node at once.

Entries with local files, thumbnails or a ``publication`` body are never kept (their
output depends on files and nodes outside the record).  A missing, unreadable or damaged
store is a miss, never wrong HTML (see :mod:`.textstore`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..bib.load import default_cache_dir
from ..bib.records import Publication
from ..config import CONFIG_VALUES
from ..sphinxext.paperpages import builds_pages, get_plan
from ..sphinxext.render import RenderOptions
from ..sphinxext.resolve import resume_collector
from ..sphinxext.state import get_state
from . import bibview
from .shapes import rt_html
from .textstore import TextStore

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Bump when the file's layout changes.
MEMO_VERSION = "1"

#: What the per-build bibview token is replaced by in kept HTML.
_TOKEN_SLOT = "\0"


@functools.cache
def _code_version() -> str:
    """A hash of every module of the package: new code never reuses old HTML."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        with contextlib.suppress(OSError):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _versions() -> str:
    import docutils
    import pygments
    import sphinx

    try:
        from importlib.metadata import version

        citeproc = version("citeproc-py")
    except Exception:  # not installed: no Cite panel
        citeproc = ""
    return f"{sphinx.__version__} {docutils.__version__} {pygments.__version__} {citeproc}"


class EntryMemo:
    """Written entries of one build's project, loaded on first use."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        cache_dir = app.config.researchtopics_cache_dir
        self.folder = default_cache_dir() if cache_dir is None else cache_dir
        self.signature = self._signature()
        name = hashlib.sha256(f"{app.srcdir}\0{self.signature}".encode()).hexdigest()[:24]
        self._store: TextStore | None = None
        self._name = f"written-{name}"
        #: Entries taken from the memo in this build, and entries written and kept.
        self.recalled = 0
        self.kept = 0
        #: Off while entries are written for another process: it keeps them.
        self.keeping = True
        #: repr() of each list's options, made once per list, not once per entry.
        self._options: dict[int, tuple[RenderOptions, str]] = {}

    @property
    def store(self) -> TextStore:
        if self._store is None:
            self._store = TextStore(self.folder or "", self._name)
        return self._store

    def _signature(self) -> str:
        """What every entry's HTML depends on besides the entry itself."""
        from sphinx.highlighting import lexers

        app = self.app
        builder: Any = app.builder
        config = app.config
        values = {value.name: getattr(config, value.name, None) for value in CONFIG_VALUES}
        translator = getattr(builder, "get_translator_class", lambda: None)()
        writer = f"{getattr(translator, '__module__', '')}.{getattr(translator, '__name__', '')}"
        settings = getattr(builder, "docsettings", None)
        return json.dumps(
            [
                MEMO_VERSION,
                _code_version(),
                _versions(),
                builder.name,
                builder.name in bibview.DEFERRING_BUILDERS,  # views as markers, or inline
                writer,
                bool(getattr(settings, "cloak_email_addresses", True)),
                values,
                config.highlight_options,
                config.html_theme,
                "bibtex" in lexers,
            ],
            sort_keys=True,
            default=repr,
        )

    def view_store(self) -> TextStore:
        """The highlighted BibTeX views kept for this project (see :mod:`.viewstore`)."""
        from sphinx.highlighting import lexers

        seed = json.dumps(
            [
                MEMO_VERSION,
                _code_version(),
                _versions(),
                str(self.app.srcdir),
                self.app.config.highlight_options,
                "bibtex" in lexers,
            ],
            sort_keys=True,
            default=repr,
        )
        name = "views-" + hashlib.sha256(seed.encode()).hexdigest()[:24]
        return TextStore(self.folder or "", name)

    def key(
        self,
        docname: str,
        publication: Publication,
        options: RenderOptions,
        node_id: str,
        also: tuple[tuple[str, str, str], ...],
    ) -> str:
        """The entry's key: everything its written HTML depends on."""
        builder: Any = self.app.builder
        pages: tuple[object, ...] = ()
        if builds_pages(builder):
            plan = get_plan(self.app.env)
            members = tuple(
                plan.member_page(member) if member is not None else None
                for member in plan.member_authors.get(publication.key, ())
            )
            pages = (plan.paper_page(publication.key), members)
        options_text = self._options.get(id(options))
        if options_text is None or options_text[0] is not options:
            options_text = self._options[id(options)] = (options, repr(options))
        seed = repr(
            (docname, publication.key, publication.digest, options_text[1], node_id, also, pages)
        )
        return hashlib.sha256(seed.encode()).hexdigest()

    def recall(self, key: str, entry_key: str, entry_id: str) -> nodes.Element | None:
        """The entry's node when it was written before."""
        found = self.store.get(key)
        if found is None:
            return None
        size, _, rest = found.partition(":")
        if not size.isdigit() or int(size) > len(rest):
            return None
        words, html = rest[: int(size)], rest[int(size) :]
        self.recalled += 1
        html = html.replace(f"<!--rt-bibtex {_TOKEN_SLOT} ", f"<!--rt-bibtex {bibview.token()} ")
        return rt_html("", nodes.Text(words), html=html, rt_key=entry_key, rt_id=entry_id)

    def later(self, key: str, entry_key: str, entry_id: str, options: RenderOptions) -> rt_html:
        """A placeholder for an entry written by a second process (see :mod:`.aside`)."""
        return rt_html(
            "", html="", rt_key=entry_key, rt_id=entry_id, rt_later=key, rt_options=options
        )

    def aside(self, transform: Any, pendings: list[Any], plans: list[Any]) -> set[str]:
        """The memo keys of this page's entries that a second process writes."""
        from . import aside

        return aside.start(self, transform, pendings, plans)

    def keep(self, key: str, html: str, words: str) -> None:
        """Remember an entry just written (on disk at once)."""
        if not self.keeping:  # written for another process (see :mod:`.aside`)
            return
        html = html.replace(f"<!--rt-bibtex {bibview.token()} ", f"<!--rt-bibtex {_TOKEN_SLOT} ")
        self.store.put(key, f"{len(words)}:{words}{html}")
        self.kept += 1

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def on_builder_inited(app: Sphinx) -> None:
    """HTML builders keep written entries (after the state is made: connect it later)."""
    if app.builder.format == "html":
        get_state(app.env).entry_memo = EntryMemo(app)


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    resume_collector()  # a page whose entries were never written (an error) left it paused
    memo = get_state(app.env).entry_memo
    if isinstance(memo, EntryMemo):
        memo.close()
