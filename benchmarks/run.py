#!/usr/bin/env python
"""Build one large, real bibliography three ways and compare wall time and peak memory.

The contenders, all with the furo theme, all showing the same entries:

* ``ours``: ``.. publications::`` of sphinxcontrib-researchtopics, with its parse cache
  cold (an empty cache folder for every build) and warm (the cache kept between builds,
  as on a CI or Read the Docs machine that keeps ``~/.cache``);
* ``bibtex``: sphinxcontrib-bibtex's ``.. bibliography:: :all:``;
* ``rst``: the same visible content as ``ours`` (title, authors, venue and year, note,
  links, abstracts when the file has them) written out as plain reStructuredText, the
  way a lab page is written by hand: the floor any generator is measured against.

Every build is a fresh ``python -m sphinx -b html`` subprocess into a new output folder;
the contenders alternate, round after round, and the median of the rounds is reported.
Peak memory is the subprocess's maximum resident set size (``wait4``), which includes
the parallel workers it waited for.

Then the same bibliography split over several pages (by year) is built with ``-j 1`` and
``-j auto`` to measure the parallel speedup, and the HTML of both is compared.

Results go to ``docs/_generated/benchmark*.csv`` (included by ``docs/performance.rst``)
and ``benchmarks/results.json``.  Run ``python benchmarks/run.py --help``.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import filecmp
import html
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from sphinxcontrib_researchtopics.bib import load as bibdata  # noqa: E402
from sphinxcontrib_researchtopics.bib.links import label_for  # noqa: E402
from sphinxcontrib_researchtopics.bib.order import DEFAULT_SORT, sort_publications  # noqa: E402
from sphinxcontrib_researchtopics.bib.records import Publication, Rich  # noqa: E402
from sphinxcontrib_researchtopics.sphinxext.render import venue_text  # noqa: E402

#: Where TeX Live keeps BibTeX databases (Debian's texlive-bibtex-extra, upstream TeX Live).
TEXLIVE_BIB_DIRS = (
    "/usr/share/texlive/texmf-dist/bibtex/bib",
    "/usr/share/texmf/bibtex/bib",
    "/usr/local/texlive/texmf-dist/bibtex/bib",
    "/opt/texlive/texmf-dist/bibtex/bib",
)
#: The preferred file: Nelson Beebe's TUGboat bibliography, 4,839 real entries.
PREFERRED = "tugboat.bib"
MIN_ENTRIES = 4000

OUT_DIR = ROOT / "docs" / "_generated"

#: Limits for the defaults (BibTeX view on), as ratios, (cold cache, warm cache); lower
#: is better.
TARGETS = {
    "ours / bibtex time": (0.25, 0.25),
    "ours / rst time": (0.6, 0.35),
    "ours / rst memory": (1.25, 1.25),
}
SCALE_TARGETS = {
    "full build / rst": 0.5,
    "peak memory / rst": 1.0,
    "no-op rebuild / rst no-op": 1.5,
    "one-entry edit / rst one-page edit": 2.0,
    "full build -j 2 / -j 1": 0.85,
}

# -- finding the bibliography ----------------------------------------------------------------


def count_entries(path: Path) -> int:
    """Entries in a .bib file (``@string``/``@preamble``/``@comment`` not counted)."""
    text = path.read_bytes().decode("utf-8", "replace")
    heads = re.findall(r"(?m)^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]", text)
    return sum(1 for head in heads if head.lower() not in ("string", "preamble", "comment"))


def _texlive_dirs() -> list[Path]:
    dirs = [Path(d) for d in TEXLIVE_BIB_DIRS]
    try:
        found = subprocess.run(
            ["kpsewhich", PREFERRED], capture_output=True, text=True, timeout=30
        ).stdout.strip()
        if found:
            dirs.insert(0, Path(found).parent)
    except (OSError, subprocess.SubprocessError):
        pass
    return [d for d in dirs if d.is_dir()]


def _choose(dirs: Sequence[Path]) -> list[Path]:
    candidates: dict[str, Path] = {}
    for folder in dirs:
        for path in sorted(folder.rglob("*.bib")):
            candidates.setdefault(path.name, path)
    if PREFERRED in candidates and count_entries(candidates[PREFERRED]) >= MIN_ENTRIES:
        return [candidates[PREFERRED]]
    # Several real files, largest first, until there are enough entries.
    chosen: list[Path] = []
    total = 0
    for path in sorted(candidates.values(), key=lambda p: p.stat().st_size, reverse=True):
        chosen.append(path)
        total += count_entries(path)
        if total >= MIN_ENTRIES:
            return chosen
    return []


def find_bibliography(explicit: Sequence[str], install: bool) -> list[Path]:
    """The .bib files to benchmark: given ones, else TeX Live's (installed if needed)."""
    if explicit:
        paths = [Path(p).resolve() for p in explicit]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            sys.exit(f"error: no such .bib file: {', '.join(missing)}")
        return paths
    chosen = _choose(_texlive_dirs())
    if chosen:
        return chosen
    can_install = (
        install and shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0
    )
    if can_install:
        print("No TeX Live .bib files found: installing texlive-bibtex-extra ...", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-q"], check=False, env=env)
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "--no-install-recommends", "texlive-bibtex-extra"],
            check=False,
            env=env,
        )
        chosen = _choose(_texlive_dirs())
        if chosen:
            return chosen
    sys.exit(
        "error: no large real bibliography found.\n"
        f"  Looked for TeX Live .bib files ({PREFERRED}, or several totalling {MIN_ENTRIES}+ "
        f"entries) in: {', '.join(TEXLIVE_BIB_DIRS)}.\n"
        "  Install them (Debian/Ubuntu: sudo apt-get install texlive-bibtex-extra; "
        "TeX Live: tlmgr install beebe) or pass --bib FILE [--bib FILE ...]."
    )


# -- generating the sites --------------------------------------------------------------------

_COMMON_CONF = """\
project = "Benchmark"
html_theme = "furo"
html_title = "Publications"
"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _copy_bibs(site: Path, bibs: Sequence[Path]) -> list[str]:
    names = []
    for index, bib in enumerate(bibs):
        name = f"bib/{index:02d}-{bib.name}"
        (site / "bib").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(bib, site / name)
        names.append(name)
    return names


def make_ours(
    site: Path,
    bibs: Sequence[Path],
    pages: Sequence[tuple[str, str]] | None,
    bibtex: bool = True,
) -> None:
    """``.. publications::`` on one page, or one page per (title, filter); the defaults
    unless *bibtex* is False (the BibTeX view off: the variant)."""
    names = _copy_bibs(site, bibs)
    _write(
        site / "conf.py",
        _COMMON_CONF
        + 'extensions = ["sphinxcontrib_researchtopics"]\n'
        + f"researchtopics_bibfiles = {names!r}\n"
        + ("" if bibtex else "researchtopics_bibtex = False\n")
        + 'suppress_warnings = ["researchtopics"]\n',
    )
    if pages is None:
        _write(site / "index.rst", "Publications\n============\n\n.. publications::\n")
        return
    _write(site / "index.rst", _split_index(len(pages)))
    for number, (title, expr) in enumerate(pages, 1):
        body = f".. publications::\n   :filter: {expr}\n"
        _write(site / f"page{number:02d}.rst", f"{title}\n{'=' * len(title)}\n\n{body}")


def make_bibtex(site: Path, bibs: Sequence[Path]) -> None:
    """sphinxcontrib-bibtex: ``.. bibliography:: :all:``."""
    names = _copy_bibs(site, bibs)
    _write(
        site / "conf.py",
        _COMMON_CONF
        + 'extensions = ["sphinxcontrib.bibtex"]\n'
        + f"bibtex_bibfiles = {names!r}\n"
        + 'suppress_warnings = ["bibtex"]\n'
        # pybtex stops at the first duplicate field (tugboat.bib has a few) unless it is
        # lenient; strict, sphinxcontrib-bibtex would show only the first ~980 entries.
        + "import pybtex.errors\n"
        + "pybtex.errors.set_strict_mode(False)\n",
    )
    _write(site / "index.rst", "Publications\n============\n\n.. bibliography::\n   :all:\n")


#: ``ours`` ends each list with a link to its entries as BibTeX; by hand, one file.
_DOWNLOAD = "\\ :download:`Download these publications as BibTeX <publications.bib>`\n"


def make_rst(
    site: Path,
    bibs: Sequence[Path],
    publications: Sequence[Publication],
    pages: Sequence[tuple[str, list[Publication]]] | None,
) -> None:
    """The same visible content as ``ours``, as hand-written reStructuredText."""
    _write(site / "conf.py", _COMMON_CONF + "extensions = []\n")
    with open(site / "publications.bib", "wb") as stream:
        for bib in bibs:
            stream.write(bib.read_bytes())
    if pages is None:
        text = rst_entries(publications) + _DOWNLOAD
        _write(site / "index.rst", "Publications\n============\n\n" + text)
        return
    _write(site / "index.rst", _split_index(len(pages)))
    for number, (title, pubs) in enumerate(pages, 1):
        text = rst_entries(pubs) + _DOWNLOAD
        _write(site / f"page{number:02d}.rst", f"{title}\n{'=' * len(title)}\n\n" + text)


def _split_index(count: int) -> str:
    lines = ["Publications", "============", "", ".. toctree::", ""]
    lines += [f"   page{number:02d}" for number in range(1, count + 1)]
    return "\n".join(lines) + "\n"


_RST_SPECIAL = re.compile(r"([\\`*_|])")


def rst_escape(text: str) -> str:
    return _RST_SPECIAL.sub(r"\\\1", text)


def _inline(style: str, text: str) -> str:
    core = text.strip()
    if not core or style in ("", "smallcaps"):
        return rst_escape(text)
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    if style == "quote":
        inner = f"“{rst_escape(core)}”"
    elif style == "emph":
        inner = f"\\ *{rst_escape(core)}*\\ "
    elif style == "strong":
        inner = f"\\ **{rst_escape(core)}**\\ "
    elif style == "mono":
        inner = f"\\ ``{core}``\\ "
    elif style == "math":
        inner = f"\\ :math:`{core.replace('`', chr(39))}`\\ "
    else:
        inner = rst_escape(core)
    return lead + inner + trail


def rich_rst(rich: Rich) -> str:
    return "".join(_inline(seg.style, seg.text) for seg in rich)


def _paragraph(text: str) -> str:
    """One line of body text that no block construct (list, section, comment) can take."""
    # "\ " (an escaped space, which docutils drops) first: the line cannot start a list
    # ("I. Newton, ..."), a comment or a section, and inline markup may follow at once.
    return "\\ " + text.strip() + "\n\n"


def _url(url: str) -> str:
    return re.sub(r"([\\`<>])", r"\\\1", re.sub(r"\s", "%20", url))


def rst_entry(pub: Publication) -> str:
    out = []
    title = pub.title or ()
    if not title:
        out.append(_paragraph(f"**{rst_escape(pub.key)}**"))
    elif all(seg.style == "" for seg in title):
        out.append(_paragraph(f"**{rst_escape(''.join(seg.text for seg in title).strip())}**"))
    else:
        out.append(_paragraph(rich_rst(title)))
    if pub.authors:
        names = []
        for person in pub.authors:
            name = rst_escape(person.display)
            if person.marker:
                name += f"\\ :sup:`{rst_escape(person.marker)}`"
            names.append(name)
        line = ", ".join(names)
        if pub.editors:
            line += " (eds.)" if len(pub.authors) > 1 else " (ed.)"
        out.append(_paragraph(line))
    venue = venue_text(pub)
    if venue:
        out.append(_paragraph(rst_escape(venue)))
    if pub.badges:
        out.append(_paragraph(" ".join(rst_escape(badge) for badge in pub.badges)))
    if pub.award:
        out.append(_paragraph(rich_rst(pub.award)))
    if pub.note:
        out.append(_paragraph(rich_rst(pub.note)))
    links = [
        f"`{rst_escape(label_for(link, {}))} <{_url(link.url)}>`__"
        for link in pub.links
        if not link.local
    ]
    if links:
        out.append(_paragraph(" | ".join(links)))
    if pub.abstract:
        out.append(".. raw:: html\n\n   <details><summary>Abstract</summary>\n\n")
        out.append(_paragraph(rich_rst(pub.abstract)))
        out.append(".. raw:: html\n\n   </details>\n\n")
    return "".join(out)


def rst_entries(pubs: Sequence[Publication]) -> str:
    return "".join(rst_entry(pub) for pub in pubs)


def split_by_year(
    pubs: Sequence[Publication], count: int
) -> tuple[list[tuple[str, str]], list[tuple[str, list[Publication]]]]:
    """About *count* pages of consecutive years: (title, filter) and (title, entries)."""
    years = sorted({pub.year_num for pub in pubs if pub.year_num is not None})
    per_year = {year: sum(1 for pub in pubs if pub.year_num == year) for year in years}
    target = len(pubs) / count
    bounds: list[tuple[int, int]] = []
    start, size = None, 0
    for year in years:
        start = year if start is None else start
        size += per_year[year]
        if size >= target and len(bounds) < count - 1:
            bounds.append((start, year))
            start, size = None, 0
    if start is not None:
        bounds.append((start, years[-1]))
    filters, contents = [], []
    for low, high in bounds:
        title = f"{low}-{high}" if low != high else str(low)
        filters.append((title, f"year >= {low} and year <= {high}"))
        chosen = [pub for pub in pubs if pub.year_num is not None and low <= pub.year_num <= high]
        contents.append((title, sort_publications(chosen, DEFAULT_SORT)))
    return filters, contents


# -- running builds -------------------------------------------------------------------------


@dataclass
class Build:
    seconds: float
    cpu_seconds: float
    peak_mb: float
    warnings: int


@dataclass
class Contender:
    name: str
    label: str
    site: Path
    jobs: str = "1"
    cache: str = ""  # "", "cold" or "warm"
    builds: list[Build] = field(default_factory=list)

    def median(self, attr: str) -> float:
        return statistics.median(getattr(b, attr) for b in self.builds)


#: GNU time reports the build's own peak memory.  ``wait4`` alone does not: on Linux a
#: child's maximum resident set size starts at the size of the process it was forked
#: from (this script, which holds the parsed bibliography), hiding every smaller peak.
GNU_TIME = "/usr/bin/time"
_PEAK = re.compile(r"^RT-PEAK-KB (\d+)$", re.MULTILINE)


def timed(command: list[str]) -> list[str]:
    """*command* run under GNU time when it is installed (see :data:`GNU_TIME`)."""
    if os.access(GNU_TIME, os.X_OK):
        return [GNU_TIME, "-f", "RT-PEAK-KB %M", *command]
    return command


def peak_mb(text: str, fallback_kb: float) -> float:
    found = _PEAK.findall(text)
    return (float(found[-1]) if found else fallback_kb) / 1024


def build_env(cache_home: Path) -> dict[str, str]:
    """The environment of a timed build: the given cache folder, a fixed hash seed.

    Bytecode writing is left on, as a user has it (pip compiles an installed package):
    with ``PYTHONDONTWRITEBYTECODE`` set every build would compile our modules again, a
    cost only the extension's site would pay.
    """
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home), PYTHONHASHSEED="0")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def sphinx_build(site: Path, out: Path, jobs: str, cache_home: Path, log: Path) -> Build:
    """One fresh build in a subprocess: wall time, peak RSS (with waited-for children)."""
    if out.exists():
        shutil.rmtree(out)
    env = build_env(cache_home)
    command = [
        sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", jobs,
        "-d", str(out / ".doctrees"), str(site), str(out / "html"),
    ]  # fmt: skip
    with open(log, "w", encoding="utf-8") as stream:
        start = time.perf_counter()
        process = subprocess.Popen(timed(command), stdout=stream, stderr=subprocess.STDOUT, env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    if process.returncode != 0:
        sys.exit(f"error: build of {site} failed ({process.returncode}); see {log}\n{text[-2000:]}")
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    fallback = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024
    cpu = usage.ru_utime + usage.ru_stime
    return Build(seconds, cpu, peak_mb(text, fallback), text.count("WARNING"))


def run_rounds(contenders: Sequence[Contender], rounds: int, work: Path, warm_cache: Path) -> None:
    """Alternate the contenders, rotating who goes first each round."""
    for number in range(rounds):
        shift = number % len(contenders)
        order = list(contenders[shift:]) + list(contenders[:shift])
        for contender in order:
            if contender.cache == "warm":
                cache_home = warm_cache
            else:
                cache_home = Path(tempfile.mkdtemp(prefix="cold-cache-", dir=work))
            out = work / "out" / contender.name
            build = sphinx_build(
                contender.site, out, contender.jobs, cache_home, work / f"{contender.name}.log"
            )
            if cache_home != warm_cache:
                shutil.rmtree(cache_home, ignore_errors=True)
            contender.builds.append(build)
            print(
                f"  round {number + 1}/{rounds}  {contender.label:<38} "
                f"{build.seconds:7.2f} s {build.cpu_seconds:7.2f} s CPU {build.peak_mb:6.0f} MB",
                flush=True,
            )


def same_html(first: Path, second: Path) -> tuple[int, list[str]]:
    """Compare every .html file of two output folders: (files compared, differing files)."""
    differ: list[str] = []
    count = 0
    for path in sorted(first.rglob("*.html")):
        count += 1
        other = second / path.relative_to(first)
        if not other.is_file() or not filecmp.cmp(path, other, shallow=False):
            differ.append(str(path.relative_to(first)))
    return count, differ


def visible_text(page: Path) -> str:
    """The text a reader sees in the page's main article (tags dropped, spaces collapsed)."""
    text = page.read_text(encoding="utf-8")
    start, end = text.find("<article"), text.find("</article>")
    text = text[start:end] if start >= 0 and end > start else text
    text = re.sub(r"(?s)<script\b.*?</script>", " ", text)
    # the BibTeX view (the defaults) is ours alone: the others show no BibTeX
    text = re.sub(r'(?s)<details class="rt-bibtex[^"]*">.*?</details>', " ", text)
    text = re.sub(r"</?(?:p|div|br|li|dt|dd|h\d|section|pre|table|tr|td|th)\b[^>]*>", " ", text)
    text = re.sub(r"<[^>]*>", "", text)
    return " ".join(html.unescape(text).split())


def same_visible(first: Path, second: Path) -> str:
    """Whether every page of two sites shows the same text: "yes (N pages)" or the pages."""
    differ = []
    pages = [p for p in sorted(first.glob("*.html")) if p.stem not in ("genindex", "search")]
    for page in pages:
        other = second / page.name
        if not other.is_file() or visible_text(page) != visible_text(other):
            differ.append(page.name)
    return f"yes ({len(pages)} pages)" if not differ else f"NO: {', '.join(differ[:5])}"


def count_shown(html_dir: Path, marker: str) -> int:
    """Occurrences of *marker* (one per entry: the list's own class must not match)."""
    return sum(p.read_text(encoding="utf-8").count(marker) for p in html_dir.rglob("*.html"))


# -- main -----------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bib", action="append", default=[], help="a .bib file (repeatable)")
    parser.add_argument("--rounds", type=int, default=5, help="builds of each contender (5)")
    parser.add_argument("--pages", type=int, default=8, help="pages of the split site (8)")
    parser.add_argument("--no-parallel", action="store_true", help="skip the -j comparison")
    parser.add_argument("--no-install", action="store_true", help="never run apt-get")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--scale", type=int, default=10, help="copies for the scale run (10)")
    parser.add_argument("--scale-rounds", type=int, default=3, help="rounds of it (3)")
    parser.add_argument("--output", default=str(OUT_DIR), help="where the CSV tables go")
    args = parser.parse_args(argv)

    bibs = find_bibliography(args.bib, not args.no_install)
    work = Path(tempfile.mkdtemp(prefix="rt-bench-"))
    try:
        return _run(args, bibs, work)
    finally:
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _run(args: argparse.Namespace, bibs: list[Path], work: Path) -> int:
    entries_total = sum(count_entries(b) for b in bibs)
    print(f"bibliography: {', '.join(str(b) for b in bibs)} ({entries_total} entries)")
    loaded = bibdata.load_bibliography([str(b) for b in bibs], "/", cache_dir="")
    pubs = sort_publications(loaded.entries.values(), DEFAULT_SORT)

    sites = work / "sites"
    make_ours(sites / "ours", bibs, None)
    make_ours(sites / "ours-off", bibs, None, bibtex=False)
    make_bibtex(sites / "bibtex", bibs)
    make_rst(sites / "rst", bibs, pubs, None)

    warm_cache = work / "warm-cache"
    contenders = [
        Contender(
            "ours-cold", "ours, .. publications:: (cold cache)", sites / "ours", cache="cold"
        ),
        Contender(
            "ours-warm", "ours, .. publications:: (warm cache)", sites / "ours", cache="warm"
        ),
        Contender(
            "off-cold", "ours, BibTeX view off (cold cache)", sites / "ours-off", cache="cold"
        ),
        Contender(
            "off-warm", "ours, BibTeX view off (warm cache)", sites / "ours-off", cache="warm"
        ),
        Contender("bibtex", "sphinxcontrib-bibtex, :all:", sites / "bibtex"),
        Contender("rst", "hand-written reStructuredText", sites / "rst"),
    ]
    print("warm-up (fills the warm cache and the OS file cache) ...", flush=True)
    for contender in contenders:
        if contender.cache != "cold":
            cache_home = warm_cache if contender.cache == "warm" else work / "unused-cache"
            out = work / "out" / f"warmup-{contender.name}"
            sphinx_build(contender.site, out, "1", cache_home, work / "warmup.log")
    visible = {
        "ours vs rst": same_visible(
            work / "out" / "warmup-ours-warm" / "html", work / "out" / "warmup-rst" / "html"
        )
    }
    shown: dict[str, int] = {}
    print(f"timed builds ({args.rounds} rounds, alternating) ...", flush=True)
    run_rounds(contenders, args.rounds, work, warm_cache)
    shown["ours"] = count_shown(work / "out" / "ours-warm" / "html", 'class="rt-publication"')
    shown["bibtex"] = count_shown(work / "out" / "bibtex" / "html", 'role="doc-biblioentry"')
    shown["rst"] = len(pubs)

    parallel: list[Contender] = []
    identical: dict[str, tuple[int, list[str]]] = {}
    if not args.no_parallel:
        filters, contents = split_by_year(pubs, args.pages)
        make_ours(sites / "ours-split", bibs, filters)
        make_rst(sites / "rst-split", bibs, pubs, contents)
        split, rst_split = sites / "ours-split", sites / "rst-split"
        parallel = [
            Contender("ours-split-j1", "ours, split, -j 1 (warm)", split, "1", "warm"),
            Contender("ours-split-jauto", "ours, split, -j auto (warm)", split, "auto", "warm"),
            Contender("ours-split-cold-j1", "ours, split, -j 1 (cold)", split, "1", "cold"),
            Contender(
                "ours-split-cold-jauto", "ours, split, -j auto (cold)", split, "auto", "cold"
            ),
            Contender("rst-split-j1", "hand-written rst, split, -j 1", rst_split, "1"),
            Contender("rst-split-jauto", "hand-written rst, split, -j auto", rst_split, "auto"),
        ]  # fmt: skip
        print(f"split site: {len(filters)} pages; warm-up ...", flush=True)
        sphinx_build(
            sites / "ours-split", work / "out" / "warmup", "1", warm_cache, work / "warmup.log"
        )
        print(f"timed builds ({args.rounds} rounds, alternating) ...", flush=True)
        run_rounds(parallel, args.rounds, work, warm_cache)
        for name in ("ours-split", "ours-split-cold", "rst-split"):
            identical[name] = same_html(
                work / "out" / f"{name}-j1" / "html", work / "out" / f"{name}-jauto" / "html"
            )
        shown["ours-split"] = count_shown(
            work / "out" / "ours-split-j1" / "html", 'class="rt-publication"'
        )
        visible["ours vs rst, split"] = same_visible(
            work / "out" / "ours-split-j1" / "html", work / "out" / "rst-split-j1" / "html"
        )

    scale: dict = {}
    if args.scale > 1:
        import scale as scale_module

        scale = scale_module.run_scale(work, bibs, args.scale, args.scale_rounds, warm_cache)
    report(args, bibs, entries_total, pubs, contenders, parallel, identical, shown, visible, scale)
    return 0


def _ratios(contenders: Sequence[Contender]) -> dict[str, dict[str, float]]:
    by = {c.name: c for c in contenders}
    out: dict[str, dict[str, float]] = {}
    for name in ("ours-cold", "ours-warm", "off-cold", "off-warm"):
        ours = by[name]
        out[name] = {
            "ours / bibtex time": ours.median("seconds") / by["bibtex"].median("seconds"),
            "ours / rst time": ours.median("seconds") / by["rst"].median("seconds"),
            "ours / rst memory": ours.median("peak_mb") / by["rst"].median("peak_mb"),
        }
    for cache in ("cold", "warm"):
        # what the view adds: the default build against the same build with it off
        view_on, view_off = by[f"ours-{cache}"], by[f"off-{cache}"]
        share = 1 - view_off.median("seconds") / view_on.median("seconds")
        out[f"ours-{cache}"]["BibTeX view share"] = share
    return out


def report(
    args: argparse.Namespace,
    bibs: Sequence[Path],
    entries_total: int,
    pubs: Sequence[Publication],
    contenders: Sequence[Contender],
    parallel: Sequence[Contender],
    identical: dict[str, tuple[int, list[str]]],
    shown: dict[str, int],
    visible: dict[str, str],
    scale: dict,
) -> None:
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    rst = next(c for c in contenders if c.name == "rst")
    bibtex = next(c for c in contenders if c.name == "bibtex")
    ratios = _ratios(contenders)

    rows = [[
        "Build", "Wall time (s)", "CPU time (s)", "Peak memory (MB)",
        "Time vs rst", "Time vs bibtex", "Memory vs rst",
    ]]  # fmt: skip
    for c in contenders:
        rows.append([
            c.label,
            f"{c.median('seconds'):.2f}",
            f"{c.median('cpu_seconds'):.2f}",
            f"{c.median('peak_mb'):.0f}",
            f"{c.median('seconds') / rst.median('seconds'):.2f}",
            f"{c.median('seconds') / bibtex.median('seconds'):.2f}",
            f"{c.median('peak_mb') / rst.median('peak_mb'):.2f}",
        ])  # fmt: skip
    _write_csv(out / "benchmark.csv", rows)

    target_rows = [["Target (defaults)", "Limit", "Cold cache", "Warm cache"]]
    for name, limits in TARGETS.items():
        cells = []
        for cache, limit in zip(("ours-cold", "ours-warm"), limits, strict=True):
            value = ratios[cache][name]
            cells.append(f"{value:.3f} (≤ {limit}: {'met' if value <= limit else 'NOT met'})")
        target_rows.append([f"1x: {name}", "", *cells])
    cells = [f"{ratios[f'ours-{cache}']['BibTeX view share']:.3f}" for cache in ("cold", "warm")]
    target_rows.append(["1x: BibTeX view share of the build (information)", "", *cells])
    for name, value in scale.get("ratios", {}).items():
        limit = next(lim for key, lim in SCALE_TARGETS.items() if name.endswith(key))
        verdict = f"{value:.3f} ({'met' if value <= limit else 'NOT met'})"
        target_rows.append([name, f"≤ {limit}", "", verdict])
    for name, value in scale.get("reference", {}).items():
        target_rows.append([f"{name} (information)", "", "", f"{value:.3f}"])
    _write_csv(out / "benchmark-targets.csv", target_rows)
    if scale:
        _write_csv(out / "benchmark-scale.csv", scale["rows"])

    if parallel:
        by = {c.name: c for c in parallel}
        prow = [
            [
                "Split site",
                "-j 1 (s)",
                "-j auto (s)",
                "Speedup",
                "Peak memory -j auto (MB)",
                "Same HTML",
            ]
        ]
        for name, label in (
            ("ours-split", "ours (warm cache)"),
            ("ours-split-cold", "ours (cold cache)"),
            ("rst-split", "hand-written rst"),
        ):
            serial, par = by[f"{name}-j1"], by[f"{name}-jauto"]
            files, differ = identical[name]
            prow.append([
                label,
                f"{serial.median('seconds'):.2f}",
                f"{par.median('seconds'):.2f}",
                f"{serial.median('seconds') / par.median('seconds'):.2f}x",
                f"{par.median('peak_mb'):.0f}",
                f"yes ({files} pages)" if not differ else f"NO: {', '.join(differ[:5])}",
            ])  # fmt: skip
        _write_csv(out / "benchmark-parallel.csv", prow)

    import docutils
    import pybtex
    import sphinx

    try:
        from importlib.metadata import version

        bibtex_version = version("sphinxcontrib-bibtex")
        furo_version = version("furo")
    except Exception:  # pragma: no cover
        bibtex_version = furo_version = "?"
    meta = [
        ["Item", "Value"],
        ["Date", datetime.date.today().isoformat()],
        ["Bibliography", ", ".join(b.name for b in bibs) + f" ({entries_total} entries, "
         f"{sum(b.stat().st_size for b in bibs) / 1e6:.1f} MB)"],
        ["Entries shown", ", ".join(f"{k}: {v}" for k, v in shown.items())],
        ["Same visible text", "; ".join(f"{k}: {v}" for k, v in visible.items())],
        ["Rounds", f"{args.rounds} per contender (scale run: {args.scale_rounds}), "
         "alternating; median reported"],
        ["Scale run", f"{args.scale}x: {scale.get('entries', 0)} entries on "
         f"{scale.get('pages', 0)} pages" if scale else "skipped"],
        ["Machine", f"{platform.machine()}, {os.cpu_count()} CPUs, "
         f"{platform.system()} {platform.release()}"],
        ["Python", platform.python_version()],
        ["Versions", f"Sphinx {sphinx.__version__}, docutils {docutils.__version__}, "
         f"pybtex {pybtex.__version__}, sphinxcontrib-bibtex {bibtex_version}, "
         f"furo {furo_version}"],
        ["Command", "python benchmarks/run.py " + " ".join(sys.argv[1:])],
    ]  # fmt: skip
    _write_csv(out / "benchmark-meta.csv", meta)

    raw = {
        "bibs": [str(b) for b in bibs],
        "entries": entries_total,
        "shown": shown,
        "visible": visible,
        "ratios": ratios,
        "contenders": {
            c.name: {
                "label": c.label,
                "jobs": c.jobs,
                "cache": c.cache,
                "builds": [vars(b) for b in c.builds],
            }
            for c in [*contenders, *parallel]
        },
        "identical": {k: {"files": v[0], "differ": v[1]} for k, v in identical.items()},
        "scale": {k: v for k, v in scale.items() if k != "rows"},
        "meta": dict(meta[1:]),
    }
    (HERE / "results.json").write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")

    print()
    tables = [rows, target_rows, *([prow] if parallel else []), *([scale["rows"]] if scale else [])]
    for table in tables:
        widths = [max(len(str(r[i])) for r in table) for i in range(len(table[0]))]
        for r in table:
            print("  ".join(str(cell).ljust(width) for cell, width in zip(r, widths, strict=True)))
        print()
    print(f"written: {out}/benchmark*.csv, {HERE / 'results.json'}")


def _write_csv(path: Path, rows: Sequence[Sequence[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as stream:
        csv.writer(stream, lineterminator="\n").writerows(rows)


if __name__ == "__main__":
    raise SystemExit(main())
