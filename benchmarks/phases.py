#!/usr/bin/env python
"""Where one build's time goes, by Sphinx phase: a profile without a profiler's overhead.

``python benchmarks/phases.py SRCDIR OUTDIR`` runs one ``sphinx-build -b html -j 1`` in
this process (doctrees in ``OUTDIR/.dt``, pages in ``OUTDIR/html``) with a timer around
Sphinx's big steps (extension setup, loading the environment, reading, writing, the
search index, ``objects.inv``, the index page) and around every event listener, and
prints the totals, largest first. Run it twice on the same OUTDIR to time a no-op
rebuild, e.g. on the ten-times site that ``python benchmarks/run.py --scale 10`` makes.
"""

from __future__ import annotations

import collections
import functools
import sys
import time
from typing import Any

STEPS = {
    "sphinx.application.Sphinx": ("setup_extension", "_init_env", "_init_builder", "build"),
    "sphinx.builders.Builder": ("read", "write"),
    "sphinx.builders.html.StandaloneHTMLBuilder": (
        "finish", "dump_inventory", "dump_search_index", "write_genindex",
        "copy_static_files", "gen_pages_from_extensions",
    ),
}  # fmt: skip


def _timed(totals: collections.Counter[str], label: str, function: Any) -> Any:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            totals[label] += time.perf_counter() - start

    return wrapper


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    srcdir, outdir = sys.argv[1:]
    started = time.perf_counter()
    import importlib

    from sphinx.cmd.build import build_main
    from sphinx.events import EventManager

    totals: collections.Counter[str] = collections.Counter()
    totals["importing Sphinx"] = time.perf_counter() - started
    for path, names in STEPS.items():
        module, _, name = path.rpartition(".")
        owner = getattr(importlib.import_module(module), name)
        for method in names:
            if hasattr(owner, method):
                setattr(owner, method, _timed(totals, f"{name}.{method}", getattr(owner, method)))

    def emit(self: Any, name: str, *args: Any, **kwargs: Any) -> list[Any]:
        results = []
        for listener in sorted(self.listeners[name], key=lambda each: each.priority):
            handler = listener.handler
            label = f"event {name}: {handler.__module__}.{handler.__qualname__}"
            results.append(_timed(totals, label, handler)(self._app, *args))
        return results

    EventManager.emit = emit  # type: ignore[method-assign]
    status = build_main(
        ["-b", "html", "-q", "-j", "1", "-d", f"{outdir}/.dt", srcdir, f"{outdir}/html"]
    )
    totals["TOTAL (this process)"] = time.perf_counter() - started
    for label, seconds in totals.most_common():
        if seconds >= 0.001:
            print(f"{seconds:8.3f} s  {label}")
    sys.exit(status)


if __name__ == "__main__":
    main()
