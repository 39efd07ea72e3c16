"""The ten-times, many-page scenario: full build, no-op rebuild, one-entry edit.

The bibliography is copied N times (keys suffixed per copy, ``-c2`` ...), one page per
year (``:filter: year == Y``), all with the defaults (BibTeX view on).  The floor is the
same entries written by hand as reStructuredText, one page per year.  Each round, for
each site: a full build into an empty output folder (warm parse cache), a no-op rebuild
(the same command again), and a rebuild after editing one entry's title (ours: in the
.bib file; rst: on the page that shows it), then the full build again with ``-j 2``
into an empty output folder.  Sites alternate, who goes first rotates.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import run  # benchmarks/run.py (same folder)

_HEAD = re.compile(
    r"(?m)^([ \t]*@[ \t]*(?!(?i:string|preamble|comment)\b)[A-Za-z]+[ \t]*[{(][ \t]*)([^,\s]+)"
)
_CROSSREF = re.compile(r"(?im)^([ \t]*crossref[ \t]*=[ \t]*[{\"])([^}\"]+)")


def multiply(bib: Path, copies: int, out: Path) -> None:
    """*copies* copies of *bib* in one file, every key (and crossref) suffixed per copy."""
    text = bib.read_bytes().decode("utf-8", "replace")
    with open(out, "w", encoding="utf-8") as stream:
        for number in range(1, copies + 1):
            suffix = f"-c{number}"
            copy = _HEAD.sub(lambda m, s=suffix: m.group(1) + m.group(2) + s, text)
            copy = _CROSSREF.sub(lambda m, s=suffix: m.group(1) + m.group(2) + s, copy)
            stream.write(copy)
            stream.write("\n")


@dataclass
class Site:
    name: str
    label: str
    path: Path
    #: (file, old, new): the one-entry edit; round N makes the text "new N".
    edit: tuple[Path, str, str]
    times: dict[str, list[float]] = field(default_factory=dict)
    peaks: dict[str, list[float]] = field(default_factory=dict)

    def median(self, phase: str) -> float:
        return statistics.median(self.times[phase])

    def peak(self, phase: str) -> float:
        return statistics.median(self.peaks[phase])


def build(site: Site, out: Path, cache_home: Path, log: Path, jobs: str = "1") -> run.Build:
    """One sphinx-build run into *out* (kept: rebuilds reuse it)."""
    import os

    env = run.build_env(cache_home)
    command = [
        sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", jobs,
        "-d", str(out / ".doctrees"), str(site.path), str(out / "html"),
    ]  # fmt: skip
    with open(log, "w", encoding="utf-8") as stream:
        start = time.perf_counter()
        process = subprocess.Popen(
            run.timed(command), stdout=stream, stderr=subprocess.STDOUT, env=env
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"error: build of {site.path} failed; see {log}")
    text = log.read_text(encoding="utf-8", errors="replace")
    cpu = usage.ru_utime + usage.ru_stime
    return run.Build(seconds, cpu, run.peak_mb(text, usage.ru_maxrss), 0)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        sys.exit(f"error: {old!r} not in {path}")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_sites(work: Path, bibs: Sequence[Path], copies: int) -> tuple[list[Site], int, int]:
    """Ours and the hand-written floor, one page per year; (sites, entries, pages)."""
    sites = work / "scale-sites"
    big = work / f"x{copies}.bib"
    multiply(bibs[0], copies, big)
    for extra in bibs[1:]:
        with open(big, "a", encoding="utf-8") as stream:
            stream.write(extra.read_text(encoding="utf-8", errors="replace"))
    loaded = run.bibdata.load_bibliography([str(big)], "/", cache_dir="")
    pubs = run.sort_publications(loaded.entries.values(), run.DEFAULT_SORT)
    years = sorted({pub.year_num for pub in pubs if pub.year_num is not None})
    filters = [(str(year), f"year == {year}") for year in years]
    contents = [(str(year), [pub for pub in pubs if pub.year_num == year]) for year in years]
    run.make_ours(sites / "ours", [big], filters)
    run.make_rst(sites / "rst", [big], pubs, contents)
    # the edited entry: the first entry of the middle page with a plain title
    title, chosen = contents[len(contents) // 2]
    victim = next(pub for pub in chosen if pub.title and all(s.style == "" for s in pub.title))
    text = "".join(seg.text for seg in victim.title).strip()
    number = filters.index((title, f"year == {title}")) + 1
    bib_name = f"bib/00-{big.name}"
    raw_title = victim.field("title")
    ours = Site(
        "ours", f"ours, {copies}x, {len(filters)} pages (defaults)", sites / "ours",
        (sites / "ours" / bib_name, raw_title, raw_title + " Revised"),
    )  # fmt: skip
    rst = Site(
        "rst", f"hand-written rst, {copies}x, {len(filters)} pages", sites / "rst",
        (sites / "rst" / f"page{number:02d}.rst", f"**{run.rst_escape(text)}**",
         f"**{run.rst_escape(text)} Revised**"),
    )  # fmt: skip
    return [ours, rst], len(pubs), len(filters)


def run_scale(work: Path, bibs: Sequence[Path], copies: int, rounds: int, warm: Path) -> dict:
    sites, entries, pages = make_sites(work, bibs, copies)
    print(f"scale: {copies}x = {entries} entries on {pages} pages; warm-up ...", flush=True)
    for site in sites:
        build(site, work / "out" / f"scale-warmup-{site.name}", warm, work / "scale.log")
    for number in range(rounds):
        order = sites if number % 2 == 0 else list(reversed(sites))
        for site in order:
            out = work / "out" / f"scale-{site.name}"
            if out.exists():
                shutil.rmtree(out)
            path, old, new = site.edit
            # a new title every round: a content never built before (no cache hit)
            before = old if number == 0 else f"{new} {number}"
            after = f"{new} {number + 1}"
            phases = []
            phases.append(("full", build(site, out, warm, work / "scale.log")))
            phases.append(("no-op", build(site, out, warm, work / "scale.log")))
            _edit(path, before, after)
            phases.append(("edit", build(site, out, warm, work / "scale.log")))
            # Sphinx's -j: the same full build on two processes; the hand-written pages'
            # ratio is what Sphinx's own parallel build gives this machine and site.
            parallel = work / "out" / f"scale-{site.name}-j2"
            shutil.rmtree(parallel, ignore_errors=True)
            phases.append(("full -j 2", build(site, parallel, warm, work / "scale.log", "2")))
            for phase, result in phases:
                site.times.setdefault(phase, []).append(result.seconds)
                site.peaks.setdefault(phase, []).append(result.peak_mb)
            print(
                f"  round {number + 1}/{rounds}  {site.label:<40} "
                + "  ".join(f"{p} {r.seconds:6.2f} s {r.peak_mb:5.0f} MB" for p, r in phases),
                flush=True,
            )
    ours, rst = sites
    ratios = {
        f"{copies}x full build / rst": ours.median("full") / rst.median("full"),
        f"{copies}x peak memory / rst": ours.peak("full") / rst.peak("full"),
        f"{copies}x no-op rebuild / rst no-op": ours.median("no-op") / rst.median("no-op"),
        f"{copies}x one-entry edit / rst one-page edit": ours.median("edit") / rst.median("edit"),
        f"{copies}x full build -j 2 / -j 1": ours.median("full -j 2") / ours.median("full"),
    }
    #: Information, with no target: Sphinx's parallel build on the hand-written pages.
    reference = {
        f"{copies}x rst full build -j 2 / -j 1 (Sphinx alone)": (
            rst.median("full -j 2") / rst.median("full")
        ),
    }
    rows = [
        ["Site", "Full build (s)", "Peak memory (MB)", "No-op rebuild (s)", "One-entry edit (s)"]
    ]
    for site in sites:
        rows.append([
            site.label,
            f"{site.median('full'):.2f}",
            f"{site.peak('full'):.0f}",
            f"{site.median('no-op'):.2f}",
            f"{site.median('edit'):.2f}",
        ])  # fmt: skip
    return {
        "entries": entries,
        "pages": pages,
        "rows": rows,
        "ratios": ratios,
        "reference": reference,
        "times": {s.name: s.times for s in sites},
        "peaks": {s.name: s.peaks for s in sites},
    }
