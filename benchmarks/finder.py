#!/usr/bin/env python
"""The finder on the 4,839-entry TUGboat page: keystroke time in Chromium, HTML growth.

Builds ``.. publications::`` of tugboat.bib with the settings of ``benchmarks/run.py``
(furo, no BibTeX toggles) twice: with the default ``researchtopics_finder = "auto"`` (the
list has a finder) and with ``False``, and compares the two pages' HTML.  Then it opens the
page with the finder in headless Chromium (Debian's, through playwright), types into the
search box one key at a time (ending with the box cleared), and measures inside the
page each keystroke from its ``keydown`` event's time stamp (so waiting behind earlier
work counts) to the list updated and laid out (a forced layout after the finder's
``input`` handler), to the next animation frame, and to the frame after it (entries that
``content-visibility: auto`` brings on screen are rendered then).  Ticking a year filter
on and off is measured the same way, from the ``click``.  Prints the median, 95th
percentile and maximum of each, and the longest time between two frames; ``--csv``
writes the table that ``docs/performance.rst`` includes.  Exits 1 when a keystroke or
tick takes 50 ms or more to the next frame, or the HTML grows by more than 5%.

    python benchmarks/finder.py [--bib FILE] [--keys N] [--csv]
"""

from __future__ import annotations

import argparse
import csv
import functools
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHROMIUM = "/usr/bin/chromium"
TEXLIVE_BIB_DIRS = (
    "/usr/share/texlive/texmf-dist/bibtex/bib",
    "/usr/share/texmf/bibtex/bib",
    "/usr/local/texlive/texmf-dist/bibtex/bib",
)
OUT_CSV = ROOT / "docs" / "_generated" / "benchmark-finder.csv"
#: What is typed: words a reader of TUGboat looks for, with corrections.
TEXT = "metafont fonts\b\b\b\b\b\b\b\b\b\b\b\b\b\bknuth typesetting"
TARGET_MS = 50.0
GROWTH_LIMIT = 0.05

CONF = """\
project = "Benchmark"
html_theme = "furo"
html_title = "Publications"
extensions = ["sphinxcontrib_researchtopics"]
researchtopics_bibfiles = ["tugboat.bib"]
researchtopics_bibtex = False
suppress_warnings = ["researchtopics"]
"""

INSTRUMENT_JS = """() => {
  window.__rtTimes = [];
  let start = 0;
  const box = document.querySelector('.rt-finder-q');
  // From the key event's own time stamp (so time spent waiting behind earlier work
  // counts too), or a click's, to the list laid out, to the next frame, and to the frame
  // after it (content-visibility: auto renders what came on screen one frame late).
  const record = () => {
    const from = start;
    void document.body.offsetHeight;  // style and layout, as the frame will need them
    const laid = performance.now() - from;
    requestAnimationFrame(() => {
      const frame = performance.now() - from;
      requestAnimationFrame(() => {
        void document.body.offsetHeight;
        window.__rtTimes.push([laid, frame, performance.now() - from]);
      });
    });
  };
  const begin = (event) => { start = Math.min(event.timeStamp, performance.now()); };
  document.addEventListener('keydown', begin, true);
  box.addEventListener('input', record);  // after the finder's own handler
  document.addEventListener('click', begin, true);
  document.querySelector('.rt-finder-facets').addEventListener('change', record);
  // The longest gap between two frames while the test runs: work that holds the page up.
  window.__rtGaps = [];
  let last = performance.now();
  const tick = (now) => {
    window.__rtGaps.push(now - last);
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}"""


def find_tugboat(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    for base in TEXLIVE_BIB_DIRS:
        found = sorted(Path(base).glob("**/tugboat.bib")) if Path(base).is_dir() else []
        if found:
            return found[0]
    sys.exit("error: tugboat.bib not found (apt-get install texlive-bibtex-extra, or --bib FILE)")


def build(site: Path, bib: Path, finder: str) -> Path:
    """Build the one-page site; return its index.html."""
    site.mkdir(parents=True)
    (site / "tugboat.bib").write_bytes(bib.read_bytes())
    (site / "conf.py").write_text(CONF + f"researchtopics_finder = {finder}\n")
    (site / "index.rst").write_text("Publications\n============\n\n.. publications::\n")
    out = site / "_build"
    env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(site / "cache"))
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(site), str(out)],
        check=True,
        env=env,
    )
    return out / "index.html"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def measure(html_dir: Path, keys: int) -> dict[str, Any]:
    """Type into the finder and tick a filter; the times in milliseconds."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(html_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--headless"]
            )
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(url.rsplit("/", 1)[0])
                    else route.abort()
                ),
            )
            started = time.perf_counter()
            page.goto(url, timeout=120_000)
            page.wait_for_selector(".rt-finder-q")
            loaded = time.perf_counter() - started
            # As a reader would: a moment after the page has loaded (the finder prepares
            # its search text in idle time).
            page.wait_for_timeout(2000)
            entries = page.locator(".rt-publication[data-rt-key]").count()
            page.evaluate(INSTRUMENT_JS)
            box = page.locator(".rt-finder-q")
            box.focus()
            text = (TEXT * (keys // len(TEXT) + 1))[:keys]
            for char in text:
                page.keyboard.press({"\b": "Backspace", " ": "Space"}.get(char, char))
                page.wait_for_timeout(60)
            # Clearing the box shows every entry again: one keystroke (Backspace on the
            # selected text).
            page.keyboard.press("Control+a")
            page.keyboard.press("Backspace")
            page.wait_for_timeout(300)
            typed = page.evaluate("window.__rtTimes.splice(0)")
            page.locator(".rt-finder-filters > summary").click()
            values = page.locator(".rt-facet[data-rt-facet=year] input")
            ticks = min(values.count(), 10)
            for index in range(ticks):
                values.nth(index).click()
                page.wait_for_timeout(60)
                values.nth(index).click()
                page.wait_for_timeout(60)
            page.wait_for_timeout(300)
            ticked = page.evaluate("window.__rtTimes.splice(0)")
            gaps = page.evaluate("window.__rtGaps.splice(1)")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {"entries": entries, "typed": typed, "ticked": ticked, "load": loaded, "gaps": gaps}


def median(rows: Sequence[Sequence[float]], column: int) -> float:
    return statistics.median(row[column] for row in rows) if rows else float("nan")


def p95(rows: Sequence[Sequence[float]], column: int) -> float:
    """The 95th percentile (nearest rank)."""
    values = sorted(row[column] for row in rows)
    return values[max(0, -(-len(values) * 95 // 100) - 1)] if values else float("nan")


def worst(rows: Sequence[Sequence[float]], column: int) -> float:
    return max((row[column] for row in rows), default=float("nan"))


def spread(rows: Sequence[Sequence[float]], column: int) -> str:
    return (
        f"median {median(rows, column):.1f}, p95 {p95(rows, column):.1f}, "
        f"max {worst(rows, column):.1f} ms"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bib", help="the .bib file (default: TeX Live's tugboat.bib)")
    parser.add_argument("--keys", type=int, default=len(TEXT), help="keystrokes to measure")
    parser.add_argument("--csv", action="store_true", help=f"write {OUT_CSV.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    bib = find_tugboat(args.bib)
    with tempfile.TemporaryDirectory(prefix="rt-finder-bench-") as tmp:
        with_finder = build(Path(tmp) / "with", bib, '"auto"')
        without = build(Path(tmp) / "without", bib, "False")
        size_with, size_without = with_finder.stat().st_size, without.stat().st_size
        growth = size_with / size_without - 1
        result = measure(with_finder.parent, args.keys)
    typed, ticked = result["typed"], result["ticked"]
    if os.environ.get("RT_BENCH_VERBOSE"):
        for name, rows in (("typed", typed), ("ticked", ticked)):
            print(name, [tuple(round(value) for value in row) for row in rows])
    gap = max(result["gaps"], default=float("nan"))
    print(f"page: {bib.name}, {result['entries']} entries, loaded in {result['load']:.1f} s")
    print(f"HTML: {size_without:,} bytes without the finder, {size_with:,} with (+{growth:.2%})")
    print(f"keystroke to list laid out ({len(typed)} keys): {spread(typed, 0)}")
    print(f"keystroke to the next frame: {spread(typed, 1)}")
    print(f"keystroke to the frame after: {spread(typed, 2)}")
    print(f"filter ticked to list laid out ({len(ticked)} clicks): {spread(ticked, 0)}")
    print(f"filter ticked to the next frame: {spread(ticked, 1)}")
    print(f"filter ticked to the frame after: {spread(ticked, 2)}")
    print(f"longest time between two frames: {gap:.1f} ms")
    slowest = max(worst(typed, 1), worst(ticked, 1))
    rows = [
        ("Measure", "Median (ms)", "p95 (ms)", "Max (ms)"),
    ]
    for label, data in (("Keystroke", typed), ("Filter ticked", ticked)):
        for column, what in enumerate(("to list laid out", "to next frame", "to the frame after")):
            rows.append(
                (
                    f"{label} {what}",
                    f"{median(data, column):.1f}",
                    f"{p95(data, column):.1f}",
                    f"{worst(data, column):.1f}",
                )
            )
    rows += [
        ("Longest time between two frames", "", "", f"{gap:.1f}"),
        ("Entries on the page", f"{result['entries']:,}", "", ""),
        ("Keystrokes / filter clicks measured", f"{len(typed)} / {len(ticked)}", "", ""),
        ("HTML without the finder (bytes)", f"{size_without:,}", "", ""),
        ("HTML with the finder (bytes)", f"{size_with:,}", "", ""),
        ("HTML growth (at most 5%)", f"{growth:.2%}", "", ""),
        ("Machine", f"{platform.machine()}, {os.cpu_count()} CPUs, headless Chromium", "", ""),
    ]
    if args.csv:
        OUT_CSV.parent.mkdir(parents=True, exist_ok=True)
        with OUT_CSV.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
        print(f"wrote {OUT_CSV.relative_to(ROOT)}")
    return 0 if slowest < TARGET_MS and growth <= GROWTH_LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
