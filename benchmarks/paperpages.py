#!/usr/bin/env python
"""What one paper page costs, against a hand-written one-paper reStructuredText page.

* ``ours``: the 4,839-entry TUGboat site of ``run.py`` (one ``.. publications::`` page,
  furo), built with ``researchtopics_paper_pages`` off and on: the difference divided by
  the number of paper pages is the cost of one paper page;
* ``floor``: the same site without the extension, plus K hand-written pages, one per
  paper, with the same content (title, authors, venue, links, the abstract open, the
  BibTeX, the Scholar tags as ``.. meta::``): the difference divided by K is what Sphinx
  spends on one such page.

Each build is a fresh ``python -m sphinx -b html`` subprocess; the CPU time of the
process (user + system, from ``wait4``, which a loaded machine disturbs less than wall
time) and the wall time are the medians of the rounds.  Run
``python benchmarks/paperpages.py --help``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import sphinxcontrib_researchtopics  # noqa: E402
from sphinxcontrib_researchtopics.bib import load as _load  # noqa: E402

# run.py still imports the pre-split module name: give it the module it means.
sphinxcontrib_researchtopics.bibdata = _load  # type: ignore[attr-defined]

import run  # noqa: E402

from sphinxcontrib_researchtopics.bib.records import Publication  # noqa: E402
from sphinxcontrib_researchtopics.bib.scholar import scholar_tags  # noqa: E402

RESULTS = HERE / "results-paperpages.json"


def _build(site: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one fresh HTML build of *site*."""
    out = site / "_build"
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, XDG_CACHE_HOME=str(site / "_cache"), PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(site), str(out / "html")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"build of {site} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    return wall, usage.ru_utime + usage.ru_stime


def make_ours(site: Path, bibs: Sequence[Path], pages: bool) -> None:
    run.make_ours(site, bibs, None)
    if pages:
        with open(site / "conf.py", "a", encoding="utf-8") as stream:
            stream.write('researchtopics_paper_pages = "papers"\n')


def _rst_meta(pub: Publication) -> str:
    lines = [".. meta::"]
    for name, content in scholar_tags(pub):
        value = " ".join(content.split()).replace("\\", "\\\\")
        lines.append(f"   :{name}: {value}")
    return "\n".join(lines) + "\n\n" if len(lines) > 1 else ""


def paper_rst(pub: Publication) -> str:
    """One paper as a hand-written page: meta tags, heading, the entry, open abstract,
    BibTeX."""
    title = "".join(seg.text for seg in pub.title).strip() or pub.key
    title = " ".join(run.rst_escape(title).split())
    body = run.rst_entry(pub).replace(
        ".. raw:: html\n\n   <details>", ".. raw:: html\n\n   <details open>"
    )
    bibtex = "\n".join("   " + line for line in pub.bibtex.splitlines())
    return (
        _rst_meta(pub)
        + f"{title}\n{'=' * max(len(title), 4)}\n\n"
        + body
        + f".. code-block:: bibtex\n\n{bibtex}\n"
    )


def make_floor(site: Path, pubs: Sequence[Publication], count: int) -> None:
    """A plain Sphinx site: an index and *count* hand-written one-paper pages."""
    run._write(site / "conf.py", run._COMMON_CONF + "extensions = []\n")
    # Orphans, like the paper pages: in a toctree, every page's sidebar (furo's global
    # navigation) would list every other page, and the cost per page would grow with K.
    names = [f"p{index:05d}" for index in range(count)]
    run._write(site / "index.rst", "Publications\n============\n")
    for name, pub in zip(names, pubs, strict=False):
        run._write(site / "papers" / f"{name}.rst", ":orphan:\n\n" + paper_rst(pub))


def _median(builds: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(b[0] for b in builds), statistics.median(b[1] for b in builds)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bib", action="append", default=[], help="a .bib file")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--floor-pages", type=int, default=300, help="hand-written pages")
    parser.add_argument(
        "--floor-only", action="store_true", help="re-measure the floor, keep ours from the file"
    )
    args = parser.parse_args(argv)
    bibs = run.find_bibliography(args.bib, install=False)
    loaded = _load.load_bibliography([str(b) for b in bibs], "/", cache_dir="")
    pubs = run.sort_publications(list(loaded.entries.values()), run.DEFAULT_SORT)
    with tempfile.TemporaryDirectory(prefix="rt-paperpages-") as tmp:
        sites = {
            "ours-off": Path(tmp) / "ours-off",
            "ours-on": Path(tmp) / "ours-on",
            "floor-0": Path(tmp) / "floor-0",
            "floor-k": Path(tmp) / "floor-k",
        }
        make_ours(sites["ours-off"], bibs, False)
        make_ours(sites["ours-on"], bibs, True)
        make_floor(sites["floor-0"], pubs, 0)
        make_floor(sites["floor-k"], pubs, args.floor_pages)
        previous = json.loads(RESULTS.read_text()) if args.floor_only else {}
        if previous:
            del sites["ours-off"], sites["ours-on"]
        builds: dict[str, list[tuple[float, float]]] = {name: [] for name in sites}
        for round_number in range(args.rounds):
            for name, site in sites.items():
                builds[name].append(_build(site))
                print(f"round {round_number + 1} {name}: {builds[name][-1]}", flush=True)
        if previous:
            pages = previous["paper_pages"]
        else:
            pages = len(list((sites["ours-on"] / "_build" / "html" / "papers").iterdir()))
    medians = {name: _median(b) for name, b in builds.items()}
    for name in ("ours-off", "ours-on"):
        if name in previous.get("median_seconds", {}):
            seconds = previous["median_seconds"][name]
            medians[name] = (seconds["wall"], seconds["cpu"])
    ours = [
        (on - off) / pages for on, off in zip(medians["ours-on"], medians["ours-off"], strict=True)
    ]
    floor = [
        (k - zero) / args.floor_pages
        for k, zero in zip(medians["floor-k"], medians["floor-0"], strict=True)
    ]
    result = {
        "entries": len(loaded.entries),
        "paper_pages": pages,
        "floor_pages": args.floor_pages,
        "rounds": args.rounds,
        "median_seconds": {name: {"wall": w, "cpu": c} for name, (w, c) in medians.items()},
        "ms_per_paper_page": {"wall": ours[0] * 1000, "cpu": ours[1] * 1000},
        "ms_per_handwritten_page": {"wall": floor[0] * 1000, "cpu": floor[1] * 1000},
        "ratio_cpu": ours[1] / floor[1] if floor[1] else None,
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
