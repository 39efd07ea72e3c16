#!/usr/bin/env python
"""What the second process of a cold build gains and costs: one process against two.

``python benchmarks/workers.py SRCDIR [ROUNDS]`` builds SRCDIR (for example the 1x site
``sites/ours`` in the work folder that ``python benchmarks/run.py --keep`` leaves) with
an empty cache folder, alternating a build with ``RESEARCHTOPICS_WORKERS=1`` (every step
in one process) and a build with the defaults (a second process where a page has many
entries to parse and write: see ``bib/worker.py``), and prints the wall time and the CPU
time (both processes) of each build and their medians.  The two outputs are compared
byte for byte.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def build(site: Path, out: Path, one_process: bool) -> tuple[float, float]:
    """One cold build in a new process: (wall seconds, CPU seconds)."""
    cache = tempfile.mkdtemp(prefix="rt-workers-cache-")
    env = dict(os.environ, XDG_CACHE_HOME=cache, PYTHONHASHSEED="0")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as an installed package has bytecode
    env.pop("RESEARCHTOPICS_WORKERS", None)
    if one_process:
        env["RESEARCHTOPICS_WORKERS"] = "1"
    command = [
        sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "1",
        "-d", str(out / ".doctrees"), str(site), str(out / "html"),
    ]  # fmt: skip
    try:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"error: the build of {site} failed")
    return wall, usage.ru_utime + usage.ru_stime


def same_pages(first: Path, second: Path) -> bool:
    pages = sorted(path.relative_to(first) for path in first.rglob("*.html"))
    return bool(pages) and all(
        (second / page).is_file() and filecmp.cmp(first / page, second / page, shallow=False)
        for page in pages
    )


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0 if argv else 2
    site = Path(argv[0]).resolve()
    rounds = int(argv[1]) if len(argv) > 1 else 4
    work = Path(tempfile.mkdtemp(prefix="rt-workers-"))
    times: dict[str, list[tuple[float, float]]] = {"one process": [], "defaults": []}
    try:
        for number in range(rounds):
            order = [True, False] if number % 2 == 0 else [False, True]
            for one_process in order:
                label = "one process" if one_process else "defaults"
                out = work / label.replace(" ", "-")
                shutil.rmtree(out, ignore_errors=True)
                wall, cpu = build(site, out, one_process)
                times[label].append((wall, cpu))
                print(f"  round {number + 1}/{rounds}  {label:<12} {wall:6.2f} s  {cpu:6.2f} s CPU")
        same = same_pages(work / "one-process" / "html", work / "defaults" / "html")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for label, values in times.items():
        wall = statistics.median(value[0] for value in values)
        cpu = statistics.median(value[1] for value in values)
        print(f"median  {label:<12} {wall:6.2f} s  {cpu:6.2f} s CPU")
    print("pages byte for byte the same:", "yes" if same else "NO")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
