"""Pages a build means to write, kept until it has written them.

Sphinx saves the environment once reading is done, before it writes.  A page that this
extension re-reads or re-writes because a .bib file changed (its own source did not)
would, after a build stopped while writing (Ctrl-C, a CI timeout, a kill), look up to
date to the next build, and keep its old output.  So the pages to write are noted in a
small file before the environment is saved, and the note is removed only when a build
ends without error; a build that finds a note writes its pages again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from typing import TYPE_CHECKING

from ..bib.files import replace_file
from .state import get_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def note_path(app: Sphinx) -> str:
    """The note of this builder and output folder, in the doctree folder."""
    outdir = hashlib.sha1(os.fspath(app.outdir).encode()).hexdigest()[:10]
    name = f"researchtopics-pending-{app.builder.name}-{outdir}.json"
    return os.path.join(os.fspath(app.doctreedir), name)


def read_note(path: str) -> set[str]:
    """The noted pages; none for a missing or damaged note."""
    try:
        with open(path, encoding="utf-8") as stream:
            data = json.load(stream)
    except (OSError, ValueError):
        return set()
    return {doc for doc in data if isinstance(doc, str)} if isinstance(data, list) else set()


def write_note(path: str, docnames: set[str]) -> None:
    """Write the note whole or not at all (a note cut short would be no note)."""
    with contextlib.suppress(OSError):
        replace_file(path, json.dumps(sorted(docnames)).encode("utf-8"))


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Note this build's pages (with those an earlier, stopped build left to write), and
    write the earlier ones again."""
    state = get_state(env)
    path = note_path(app)
    before = read_note(path) & env.found_docs
    now = before | ((state.read_docs | state.rewrites) & env.found_docs)
    if now != before or (before and not os.path.exists(path)):
        write_note(path, now)
    state.rewrites |= before
    return sorted(before)


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Every noted page is written: drop the note (kept when the build failed)."""
    if exception is None:
        with contextlib.suppress(OSError):
            os.remove(note_path(app))
