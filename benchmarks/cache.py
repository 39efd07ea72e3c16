#!/usr/bin/env python
"""How much a cached load of a 10,000-entry file costs against its parse.

``python benchmarks/cache.py`` makes a 10,000-entry file out of a real bibliography
(TeX Live's tugboat.bib, its entries repeated under new keys until there are enough),
then times, in this process, a parse with an empty cache (which writes the cache) and a
load from that cache (the collector paused, as in a build), each the median of several
runs, and writes the ratio to ``docs/_generated/benchmark-cache.csv``.  The target: the
cached load costs under a tenth of the parse.  The tests check only what timing cannot:
that a cached load parses nothing and gives the same records.
"""

from __future__ import annotations

import argparse
import csv
import gc
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from run import OUT_DIR, find_bibliography  # noqa: E402

from sphinxcontrib_researchtopics.bib import load as bibdata  # noqa: E402

TARGET = 0.1
ENTRY_START = re.compile(r"^@(?!string|preamble|comment)(\w+)\s*\{\s*([^,\s]+)\s*,", re.I | re.M)


def bigger_bib(source: str, wanted: int) -> str:
    """*source* repeated, every entry under a new key per copy, up to *wanted* entries."""
    head = source[: ENTRY_START.search(source).start()]  # type: ignore[union-attr]
    body = source[len(head) :]
    per_copy = len(ENTRY_START.findall(body))
    copies = -(-wanted // per_copy)
    parts = [head]
    for copy in range(copies):
        parts.append(ENTRY_START.sub(lambda m, c=copy: f"@{m[1]}{{{m[2]}-copy{c},", body))
    text = "".join(parts)
    starts = [m.start() for m in ENTRY_START.finditer(text)]
    return text[: starts[wanted]] if len(starts) > wanted else text


def _load(path: Path, cache: str) -> tuple[float, bibdata.FileResult]:
    """One load of *path* with nothing in memory: (CPU seconds, result).

    The cyclic collector is paused, as a build pauses it while it loads .bib files.
    """
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        result = bibdata.load_file(str(path), "topics", cache)
        return time.process_time() - start, result
    finally:
        gc.enable()


def measure(path: Path, runs: int) -> tuple[int, float, float]:
    """(entries, median parse seconds, median cached-load seconds), CPU time."""
    work = Path(tempfile.mkdtemp(prefix="rt-cache-"))
    try:
        parses, loads, entries = [], [], 0
        for run in range(runs):
            cache = str(work / f"cache-{run}")
            parse, _ = _load(path, cache)
            load, result = _load(path, cache)
            assert not result.entries, "the cached load parsed"  # cached: still pickled
            parses.append(parse)
            loads.append(load)
            entries = len(result.entries) + len(result.pending)  # pending: still pickled
        return entries, statistics.median(parses), statistics.median(loads)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bib", action="append", default=[], help="the source .bib file")
    parser.add_argument("--entries", type=int, default=10_000, help="entries (10000)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each (5)")
    parser.add_argument("--no-install", action="store_true", help="never run apt-get")
    parser.add_argument("--output", default=str(OUT_DIR), help="where the CSV goes")
    args = parser.parse_args()
    source = find_bibliography(args.bib, not args.no_install)[0]
    text = bigger_bib(source.read_text(encoding="utf-8", errors="replace"), args.entries)
    folder = Path(tempfile.mkdtemp(prefix="rt-cache-bib-"))
    try:
        path = folder / "big.bib"
        path.write_text(text, encoding="utf-8")
        entries, parse, load = measure(path, args.runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    ratio = load / parse
    verdict = "met" if ratio < TARGET else "NOT met"
    rows = [
        ["File", "Entries", "Parse (s CPU)", "Cached load (s CPU)", "Load / parse", "Target"],
        [
            f"{source.name}, repeated",
            str(entries),
            f"{parse:.3f}",
            f"{load:.3f}",
            f"{ratio:.3f}",
            f"< {TARGET} ({verdict})",
        ],
    ]
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "benchmark-cache.csv", "w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(rows)
    for row in rows:
        print("  ".join(f"{cell:<22}" for cell in row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
