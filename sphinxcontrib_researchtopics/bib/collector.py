"""The one way the package holds Python's cyclic garbage collector back.

Unpickling or making hundreds of thousands of long-lived objects (records, the Domain's
tables) makes the collector rescan every object made so far, again and again, for no
garbage: those objects hold no cycles to free.  Paused around such work, it runs again
as it was once the work is done, even when the work raises.

What exists once the records are loaded (the records, the environment, Sphinx's own
objects) lives until the build ends: frozen (:func:`gc.freeze`) before the pages are
read, and again before they are written, the collector stops rescanning it, and the
reader and writer processes that Sphinx forks under ``-j`` no longer copy every page of
it as their first collection touches each object (the use Python's documentation gives
for :func:`gc.freeze`).  The build thaws it when it finishes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Pause the collector for the block; nested blocks leave it to the outermost one."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def freeze(owned: bool = False) -> bool:
    """Freeze every object made so far; False (nothing done) where a freeze is already in
    force that the caller did not make (*owned*): it belongs to whoever made it."""
    if gc.get_freeze_count() and not owned:
        return False
    gc.freeze()
    return True


def thaw() -> None:
    """Give what :func:`freeze` froze back to the collector (as its oldest generation)."""
    gc.unfreeze()
