"""The one way the package pauses Python's cyclic garbage collector.

Unpickling or making hundreds of thousands of long-lived objects (records, the Domain's
tables) makes the collector rescan every object made so far, again and again, for no
garbage: those objects hold no cycles to free.  Paused around such work, it runs again
as it was once the work is done, even when the work raises.
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
