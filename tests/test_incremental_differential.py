"""After any sequence of edits, an incremental build gives what a clean build gives.

The site (tests/roots/test-incremental-diff) has topic lists, ``:filter:`` lists (an
equality and a non-equality), a ``:limit:`` list, ``group-by``, single entries, ``:pub:``
references, topic navs with counts (from the toctree and listed), paper pages, member
pages, the feed and the inventory.  Seeded random sequences of edits (entries retitled,
re-dated, re-authored, re-tagged, added, removed, renamed, duplicated, broken and fixed;
page titles and the toctree changed; files touched; config values changed) are applied
one step at a time; after each step an incremental ``sphinx-build`` (output, doctrees
and cache kept) must write the same files, byte for byte, as a clean build (``-E``, a
fresh output folder and cache) of the same sources, and warn the same.  Builds run as
real ``python -m sphinx`` processes, as users run them, the two side by side.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sphinx
from conftest import ROOTS, edit, rebuild_site, soup, tracked_build

ROOT = ROOTS / "test-incremental-diff"
CHECKOUT = Path(__file__).resolve().parents[1]
BIBS = ("papers.bib", "more.bib")
TOPICS = ("alpha", "beta", "gamma")
PEOPLE = ("Ann Aa", "Bob Bb", "Cid Cc", "Dee Dd", "Eve Ee")
VENUES = ("journal = {TIP}", "journal = {TPAMI}", "booktitle = {CVPR}", "booktitle = {ICCV}")
#: Keys that ``:pub:`` or ``publication`` name (cite.rst, single.rst).
CITED = ("k1", "k3", "k4", "m2", "k2")
#: Pages whose title an edit may change (the index's title is the project's too).
RETITLED = ("topics/alpha", "topics/beta", "years", "recent", "single", "notes", "all")

_FIELD = r"\b{name} = \{{([^{{}}]*)\}}"


# -- the builds ------------------------------------------------------------------------


@dataclass
class Build:
    """One finished build: its output files, warnings and the documents it read."""

    files: dict[str, bytes]
    warnings: list[str]
    read: set[str]
    written: set[str]
    #: Sphinx checked the toctrees (it does only in a build that updated a page)
    checked: bool


def _command(src: Path, out: Path, clean: bool, builder: str, jobs: str) -> list[str]:
    """The incremental build runs with *jobs*; the clean build it is compared with,
    with one process (``-E``)."""
    flags = ["-E"] if clean else ["-j", jobs]
    return [sys.executable, "-m", "sphinx", "-b", builder, *flags,
            "-d", str(out / "doctrees"), str(src), str(out / "html")]  # fmt: skip


def _environ(cache: Path) -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(CHECKOUT), os.environ.get("PYTHONPATH", "")]))
    return {**os.environ, "PYTHONPATH": path, "XDG_CACHE_HOME": str(cache), "NO_COLOR": "1"}


_READ = re.compile(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)$", re.M)
_WRITTEN = re.compile(r"^writing output\.\.\. \[\s*\d+%\] (\S+)$", re.M)


def _finish(process: subprocess.Popen[str], out: Path) -> Build:
    stdout, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr
    html = out / "html"
    files = {
        str(path.relative_to(html)): path.read_bytes()
        for path in sorted(html.rglob("*"))
        if path.is_file()
    }
    warnings = sorted(line for line in stderr.splitlines() if "WARNING" in line or "ERROR" in line)
    read, written = set(_READ.findall(stdout)), set(_WRITTEN.findall(stdout))
    return Build(files, warnings, read, written, "checking consistency" in stdout)


def build_both(
    src: Path, kept: Path, fresh: Path, builder: str = "html", jobs: str = "1"
) -> tuple[Build, Build]:
    """The incremental build into *kept* and a clean one into *fresh*, side by side."""
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    runs = []
    for out, clean, cache in ((kept, False, kept / "cache"), (fresh, True, fresh / "cache")):
        runs.append(
            subprocess.Popen(
                _command(src, out, clean, builder, jobs),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=_environ(cache),
                cwd=src.parent,
            )
        )
    incremental = _finish(runs[0], kept)
    clean_build = _finish(runs[1], fresh)
    return incremental, clean_build


# -- the sources and the edits -----------------------------------------------------------


@dataclass
class Site:
    """The sources being edited: every write moves the file's mtime to now."""

    src: Path
    rng: random.Random
    #: An entry broken by a syntax error: (file, broken line, original line).
    broken: list[tuple[str, str, str]] = field(default_factory=list)
    counter: int = 0

    def read(self, name: str) -> str:
        return (self.src / name).read_text(encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        path = self.src / name
        path.write_text(text, encoding="utf-8")
        now = time.time_ns()
        os.utime(path, ns=(now, now))

    def entries(self, name: str) -> list[str]:
        return [line for line in self.read(name).splitlines() if line.startswith("@")]

    def write_entries(self, name: str, lines: list[str]) -> None:
        self.write(name, "".join(f"{line}\n\n" for line in lines))

    def pick_entry(self) -> tuple[str, int, str] | None:
        """A random entry (file, index, line), or None if there are none."""
        found = [(name, i, line) for name in BIBS for i, line in enumerate(self.entries(name))]
        broken = {line for _, line, _ in self.broken}
        found = [item for item in found if item[2] not in broken]
        return self.rng.choice(found) if found else None

    def fresh_name(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"


def _set_field(line: str, name: str, value: str) -> str:
    pattern = re.compile(_FIELD.format(name=name))
    if pattern.search(line):
        return pattern.sub(lambda _: f"{name} = {{{value}}}", line, count=1)
    return line[:-1] + f", {name} = {{{value}}}}}"


def _change_entry(site: Site, change: Callable[[str], str]) -> str:
    picked = site.pick_entry()
    if picked is None:
        return "no entry"
    name, index, line = picked
    lines = site.entries(name)
    lines[index] = change(line)
    site.write_entries(name, lines)
    return f"{name}: {line} -> {lines[index]}"


def _authors(rng: random.Random) -> str:
    return " and ".join(rng.sample(PEOPLE, rng.randint(1, 3)))


def _topics(rng: random.Random) -> str:
    return ", ".join(rng.sample(TOPICS, rng.randint(0, 2)))


def _new_entry(site: Site, key: str) -> str:
    rng = site.rng
    venue = rng.choice(VENUES)
    kind = "article" if venue.startswith("journal") else "inproceedings"
    return (
        f"@{kind}{{{key}, title = {{Paper {site.fresh_name('T')}}}, author = {{{_authors(rng)}}}, "
        f"{venue}, year = {{{rng.randint(2021, 2025)}}}, topics = {{{_topics(rng)}}}}}"
    )


def edit_title(site: Site) -> str:
    title = f"Title {site.fresh_name('t')}"
    return _change_entry(site, lambda line: _set_field(line, "title", title))


def edit_year(site: Site) -> str:
    year = str(site.rng.randint(2021, 2025))
    return _change_entry(site, lambda line: _set_field(line, "year", year))


def edit_authors(site: Site) -> str:
    authors = _authors(site.rng)
    return _change_entry(site, lambda line: _set_field(line, "author", authors))


def edit_topics(site: Site) -> str:
    topics = _topics(site.rng)
    return _change_entry(site, lambda line: _set_field(line, "topics", topics))


def _insert_entry(site: Site, name: str, key: str) -> str:
    """A new entry with *key*, put at a random place in the file *name*."""
    lines = site.entries(name)
    line = _new_entry(site, key)
    lines.insert(site.rng.randint(0, len(lines)), line)
    site.write_entries(name, lines)
    return line


def add_entry(site: Site) -> str:
    name = site.rng.choice(BIBS)
    # sometimes a key a page cites and no file defines any more
    key = site.rng.choice([site.fresh_name("n"), site.rng.choice(CITED)])
    return f"{name}: + {_insert_entry(site, name, key)}"


def remove_entry(site: Site) -> str:
    picked = site.pick_entry()
    if picked is None:
        return "no entry"
    name, index, line = picked
    lines = site.entries(name)
    del lines[index]
    site.write_entries(name, lines)
    return f"{name}: - {line}"


def rename_key(site: Site) -> str:
    """Rename a key, often one that a page cites (to a new key, or to a cited one)."""

    def renamed(line: str) -> str:
        new = site.rng.choice([site.fresh_name("r"), site.rng.choice(CITED)])
        return re.sub(r"^(@\w+\{)[^,]+,", lambda m: f"{m.group(1)}{new},", line)

    return _change_entry(site, renamed)


def duplicate_key(site: Site) -> str:
    picked = site.pick_entry()
    if picked is None:
        return "no entry"
    _, _, line = picked
    key = line[line.index("{") + 1 : line.index(",")]
    target = site.rng.choice(BIBS)
    return f"{target}: + duplicate {_insert_entry(site, target, key)}"


def break_entry(site: Site) -> str:
    """A syntax error (a missing comma between two fields); :func:`fix_entry` undoes it."""
    picked = site.pick_entry()
    if picked is None:
        return "no entry"
    name, index, line = picked
    broken = line.replace("}, author", "} author", 1)
    if broken == line:
        broken = line.replace("}, year", "} year", 1)
    lines = site.entries(name)
    lines[index] = broken
    site.write_entries(name, lines)
    site.broken.append((name, broken, line))
    return f"{name}: broke {line}"


def fix_entry(site: Site) -> str:
    while site.broken:
        name, broken, line = site.broken.pop()
        lines = site.entries(name)
        if broken in lines:
            lines[lines.index(broken)] = line
            site.write_entries(name, lines)
            return f"{name}: fixed {line}"
    return "nothing broken"


def touch_bib(site: Site) -> str:
    name = site.rng.choice(BIBS)
    site.write(name, site.read(name))
    return f"touched {name}"


def retitle_page(site: Site) -> str:
    docname = site.rng.choice(RETITLED)
    name = f"{docname}.rst"
    lines = site.read(name).split("\n")
    title = f"Page {site.fresh_name('p')}"
    lines[0:2] = [title, "=" * len(title)]
    site.write(name, "\n".join(lines))
    return f"{docname}: title {title}"


def toggle_toctree(site: Site) -> str:
    """Take a page out of the index's toctree, or put it back."""
    text = site.read("index.rst")
    docname = site.rng.choice(["notes", "recent", "topics/beta"])
    line = f"   {docname}\n"
    if line in text:
        text = text.replace(line, "")
        done = f"index: - {docname}"
    else:
        text = text.rstrip("\n") + "\n" + line
        done = f"index: + {docname}"
    site.write("index.rst", text)
    return done


_GAMMA = """Gamma
=====

.. topic-nav::
   :counts:

.. publications::
   :topic: gamma
"""


def toggle_page(site: Site) -> str:
    """Add a topic page (and list it in the toctree), or delete it (and unlist it)."""
    path = site.src / "topics" / "gamma.rst"
    text = site.read("index.rst")
    if path.exists():
        path.unlink()
        site.write("index.rst", text.replace("   topics/gamma\n", ""))
        return "topics/gamma: deleted"
    site.write("topics/gamma.rst", _GAMMA)
    site.write("index.rst", text.rstrip("\n") + "\n   topics/gamma\n")
    return "topics/gamma: added"


_CONFIG = {
    "researchtopics_labels": ('{"Abstract": "Summary", "Also in": "See also"}', "{}"),
    "language": ('"de"', '"en"'),
    "researchtopics_also_in": ("False", "True"),
}


def change_config(site: Site) -> str:
    name = site.rng.choice(sorted(_CONFIG))
    text = site.read("conf.py")
    value = site.rng.choice(_CONFIG[name])
    text = re.sub(rf"^{name} = .*\n", "", text, flags=re.M) + f"{name} = {value}\n"
    site.write("conf.py", text)
    return f"conf.py: {name} = {value}"


EDITS: tuple[Callable[[Site], str], ...] = (
    edit_title, edit_year, edit_authors, edit_topics, edit_topics, add_entry, remove_entry,
    rename_key, rename_key, duplicate_key, break_entry, fix_entry, touch_bib, retitle_page,
    toggle_toctree, toggle_page, change_config,
)  # fmt: skip


# -- the comparison ---------------------------------------------------------------------

#: Sphinx's own incremental gaps, masked on both sides (nothing of this extension is in
#: them).  Sphinx re-writes only the pages it re-read, so the sidebar's global toctree
#: and "Previous/Next" links of the other pages keep the old titles and order when a
#: toctree or a title changes (sphinx-doc/sphinx#5506, open: "index.rst changes should
#: force rebuilding every html file").
_SIDEBAR = re.compile(rb'<div class="sphinxsidebar".*?<div class="clearer">', re.S)
_RELATIONS = re.compile(rb'[ \t]*<link rel="(?:next|prev)"[^>]*>\n?')


def _normal(name: str, data: bytes) -> bytes:
    if name.endswith(".html"):
        data = _SIDEBAR.sub(b"<sidebar>", data)
        return _RELATIONS.sub(b"", data)
    if name == "searchindex.js":
        # Sphinx's IndexBuilder keeps a word that every page has lost as an empty list
        # after an incremental build ("six": []); a clean build has no such word.
        start, end = data.index(b"("), data.rindex(b")")
        index = json.loads(data[start + 1 : end])
        for table in ("terms", "titleterms"):
            index[table] = {word: docs for word, docs in index[table].items() if docs != []}
        return json.dumps(index, sort_keys=True).encode()
    return data


#: Files Sphinx leaves from an earlier build: the build info it replaced when the
#: configuration changed, the search stemmer and ``translations.js`` of an earlier
#: ``language`` (Sphinx copies them, never deletes them), and a deleted
#: page's HTML and source copy (Sphinx never deletes a page's output; this extension
#: deletes the page's .bib download, so that is never excused).
_LEFT_BY_SPHINX = re.compile(
    r"^(\.buildinfo\.bak|_static/[a-z]+-stemmer\.js|_static/translations\.js)$"
)
_PAGE_FILE = re.compile(r"^(?:_sources/)?(?P<doc>.+?)(?:\.html|\.rst\.txt)$")


def _left_by_sphinx(name: str, src: Path) -> bool:
    if _LEFT_BY_SPHINX.match(name):
        return True
    page = _PAGE_FILE.match(name)
    if page is None or name.startswith(("papers/", "people/")):
        return False
    return not (src / f"{page['doc']}.rst").exists()


_DOC_WARNING = re.compile(r"/src/(?P<doc>[^:]+)\.rst:\d+: (?:WARNING|ERROR): (?P<text>.*)$")


def _excused(line: str, build: Build, src: Path) -> bool:
    """Whether the incremental *build* may lack a clean build's warning *line*.

    Sphinx warns about a page when it reads it (directives) or writes it (references):
    a page neither re-read nor re-written is not warned about again, as for any
    extension; and it checks that every page is in a toctree only in a build that
    updated a page.  The .bib files' problems are warned in every build: never excused.
    """
    if "document isn't included in any toctree" in line:  # typed from Sphinx 8.2
        return not build.checked
    found = _DOC_WARNING.search(line.replace(str(src), "/src"))
    if found is None:
        return False
    doc = found["doc"]
    if ":pub:" in found["text"] or "is cited but shown on no page" in found["text"]:
        return doc not in build.read | build.written  # resolved when the page is written
    return doc not in build.read


def differences(incremental: Build, clean: Build, src: Path) -> list[str]:
    """What the incremental build wrote or warned otherwise than the clean build."""
    found = []
    for name in sorted(incremental.files.keys() | clean.files.keys()):
        mine, theirs = incremental.files.get(name), clean.files.get(name)
        if mine is None:
            found.append(f"{name}: missing")
        elif theirs is None:
            if not _left_by_sphinx(name, src):
                found.append(f"{name}: left over")
        elif _normal(name, mine) != _normal(name, theirs):
            found.append(f"{name}: differs")
    extra = sorted(set(incremental.warnings) - set(clean.warnings))
    found.extend(f"extra warning: {line}" for line in extra)
    missing = sorted(set(clean.warnings) - set(incremental.warnings))
    found.extend(
        f"missing warning: {line}" for line in missing if not _excused(line, incremental, src)
    )
    return found


def run_sequence(
    base: Path, seed: int, steps: int, builder: str = "html", jobs: str = "1"
) -> list[str]:
    """Apply *steps* random edits; the log of edits and the first mismatch, if any."""
    src = base / "src"
    shutil.copytree(ROOT, src)
    site = Site(src, random.Random(seed))
    kept, fresh = base / "incremental", base / "clean"
    log = [f"seed {seed}"]
    incremental, clean = build_both(src, kept, fresh, builder, jobs)
    found = differences(incremental, clean, src)
    for step in range(1, steps + 1):
        if found:
            break
        count = site.rng.choice([1, 1, 2])
        for _ in range(count):
            log.append(f"step {step}: {site.rng.choice(EDITS)(site)}")
        incremental, clean = build_both(src, kept, fresh, builder, jobs)
        found = differences(incremental, clean, src)
    return log + found if found else []


#: Fixed seeds, so CI runs the same sequences: together they make every kind of edit
#: (2: a toctree edit, 62: a page deleted, 115: a member's last entry broken, ...).
#: ``RT_DIFF_SEEDS=1,2,3,...`` runs others (the seeds 1 to 130 were run while writing this).
SEEDS = [int(seed) for seed in os.environ.get("RT_DIFF_SEEDS", "2,6,10,62,115").split(",")]
STEPS = 8


@pytest.mark.parametrize("seed", SEEDS)
def test_incremental_builds_match_clean_builds(tmp_path: Path, seed: int) -> None:
    """The log of edits and the first mismatch are the failure message."""
    assert run_sequence(tmp_path, seed, STEPS) == []


#: Sphinx 7.3 pickles the doctrees of pages it read in the main process with the
#: environment, and writes such a page from that copy after parallel readers read it
#: again (sphinx-doc/sphinx#12431, fixed in 7.4): stale, whatever the extensions do.
_OLD_PARALLEL = pytest.mark.skipif(
    sphinx.version_info < (7, 4), reason="Sphinx 7.3 writes stale doctrees after -j reads"
)


@pytest.mark.parametrize(
    ("builder", "jobs", "seed"),
    [("dirhtml", "1", 115), pytest.param("html", "2", 2, marks=_OLD_PARALLEL)],
)
def test_other_builders_and_parallel_rebuilds_match_clean_builds(
    tmp_path: Path, builder: str, jobs: str, seed: int
) -> None:
    """The same for dirhtml (pages in folders) and for incremental builds with ``-j 2``
    (parallel readers merge what the rebuild decides from), one sequence each."""
    assert run_sequence(tmp_path, seed, STEPS, builder, jobs) == []


# -- the mismatches found, each reduced to its edit ----------------------------------------


def _nav_links(app: Any, docname: str) -> list[str]:
    nav = soup(app, docname).select_one("nav.rt-topic-nav")
    assert nav is not None
    return [link.get_text(" ", strip=True) for link in nav.select("a")]


def test_a_toctree_edit_rewrites_the_navs_that_list_its_pages(
    tmp_path: Path, make_app: Any
) -> None:
    """A nav without content lists its toctree's pages: taking one out of the toctree
    (index re-read, alpha not) must re-write alpha's nav without it."""
    site = rebuild_site(tmp_path, "")
    tracked_build(make_app, site)
    edit(site / "index.rst", "   topics/beta\n", "")
    app, read, written = tracked_build(make_app, site)
    assert "topics/alpha" not in read
    assert "topics/alpha" in written
    assert _nav_links(app, "topics/alpha")[:2] == ["Alpha 2", "Cite 0"]


def test_a_key_that_comes_back_rereads_the_page_that_missed_it(
    tmp_path: Path, make_app: Any
) -> None:
    """``publication:: k2`` with no k2 shows a placeholder; when a .bib edit defines k2
    again (a renamed key renamed back), the page must be re-read to show the entry."""
    site = rebuild_site(tmp_path, "")
    edit(site / "papers.bib", "@article{k2,", "@article{k2x,")
    app, _, _ = tracked_build(make_app, site)
    assert soup(app, "single").select_one("div.rt-publication.rt-missing") is not None
    edit(site / "papers.bib", "@article{k2x,", "@article{k2,")
    app, read, _ = tracked_build(make_app, site)
    assert "single" in read
    page = soup(app, "single")
    assert page.select_one("div.rt-publication.rt-missing") is None
    assert "Two Alpha Beta Paper" in page.select_one("#k2 .rt-title").get_text()


def test_deleting_a_page_rewrites_the_also_in_links_to_it(tmp_path: Path, make_app: Any) -> None:
    """A deleted page is purged, not re-read: the pages whose "Also in" names it (and
    their search index words) must be re-written all the same."""
    site = rebuild_site(tmp_path, "")
    extra = site / "extra.rst"
    extra.write_text(":orphan:\n\nExtra\n=====\n\n.. publications::\n   :topic: alpha\n")
    app, _, _ = tracked_build(make_app, site)
    also = soup(app, "topics/alpha").select_one("#k1 .rt-also-in")
    assert also is not None and "Extra" in also.get_text()
    extra.unlink()
    app, read, written = tracked_build(make_app, site)
    assert "topics/alpha" not in read
    assert "topics/alpha" in written
    assert soup(app, "topics/alpha").select_one("#k1 .rt-also-in") is None


def test_a_member_left_without_entries_has_no_bib_download(tmp_path: Path, make_app: Any) -> None:
    """A member page's .bib goes when the member's last entry does (as a document's does
    when it stops showing entries): a clean build has none, so an incremental one must not."""
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    app, _, _ = tracked_build(make_app, site)
    download = Path(app.outdir) / "_bibtex" / "people" / "ann-aa.bib"
    assert download.is_file()
    edit(site / "papers.bib", "author = {Ann Aa and Bob Bb}", "author = {Bob Bb}")
    edit(site / "papers.bib", "author = {Cid Cc and Ann Aa}", "author = {Cid Cc}")
    edit(site / "more.bib", "author = {Ann Aa}", "author = {Eve Ee}")
    app, _, _ = tracked_build(make_app, site)
    assert soup(app, "people/ann-aa").select_one("div.rt-publication") is None
    assert not download.exists()
    assert (Path(app.outdir) / "_bibtex" / "people" / "bob-bb.bib").is_file()
