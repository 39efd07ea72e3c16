"""``-j 2`` with every feature on: the site ``researchtopics new`` makes and the richest
test root give the same files as ``-j 1``, byte for byte, in html and dirhtml.

tests/test_parallel.py checks a site of many list pages; these sites add paper and member
pages, the feed, stats charts, Cite panels, enrichment data, the finder, .bib downloads,
objects.inv and a language other than English.  Builds run as real ``python -m sphinx``
processes, as users run them: ``-j 1`` fills a parse cache that ``-j 2`` then finds warm
(what users get), and a second ``-j 2`` starts cold.  An incremental ``-j 2`` rebuild after
a one-entry .bib edit must equal a clean build.  The paper-page warnings come in .bib
order, not in the order parallel readers happen to finish.  How a page's entries are
written (the writer's shortcut or the translator's visitors) depends on the page and its
translator alone, not on the pages the same process wrote before it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS, warnings_of

from sphinxcontrib_researchtopics.cli import main
from sphinxcontrib_researchtopics.html import writer

LAB_BIB = Path(__file__).resolve().parents[1] / "docs" / "papers" / "lab.bib"
PACKAGE = str(Path(__file__).resolve().parents[1])


def sphinx(src: Path, out: Path, builder: str, jobs: str, cache: Path, *extra: str) -> str:
    """A build of *src* into *out* (``-E`` unless *extra* says otherwise); its warnings,
    with the output folder's path taken out."""
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [PACKAGE, env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, "-q", "-j", jobs, *extra,
         "-d", str(out / ".doctrees"), str(src), str(out / builder)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stderr.replace(str(out), "OUT")


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path in the site."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def differing(one: dict[str, bytes], two: dict[str, bytes]) -> list[str]:
    """Files only one site has, and files that differ."""
    changed = [name for name in sorted(one.keys() & two.keys()) if one[name] != two[name]]
    return sorted(set(one) ^ set(two)) + changed


def lab_site(base: Path) -> Path:
    """The site ``researchtopics new`` writes: topic pages, "all" and "recent", a stats
    chart, paper and member pages, a feed, the finder, Cite panels, thumbnails."""
    site = base / "lab"
    members, url = "Zhiwei Xiong, Zeyu Xiao", "https://lab.example.org/"
    argv = ["new", str(site), "--bib", str(LAB_BIB), "--title", "Parallel Lab",
            "--members", members, "--url", url]  # fmt: skip
    assert main(argv) == 0
    return site


#: site -> (how to make its source folder, extra sphinx-build options)
SITES: dict[str, tuple[Any, tuple[str, ...]]] = {
    "new": (lab_site, ("-D", "researchtopics_inventory=1")),
    "languages-de": (
        lambda base: shutil.copytree(ROOTS / "test-languages", base / "languages"),
        ("-D", "language=de"),
    ),
}


@pytest.fixture(scope="module", params=sorted(SITES))
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    base = tmp_path_factory.mktemp(f"parallel-{request.param}")
    make, extra = SITES[request.param]
    return request.param, Path(make(base)), extra, base


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_parallel_build_is_identical(site: Any, builder: str) -> None:
    _name, src, extra, base = site
    cache = base / f"cache-{builder}"
    serial = sphinx(src, base / f"{builder}-j1", builder, "1", cache, "-E", *extra)
    warm = sphinx(src, base / f"{builder}-j2", builder, "2", cache, "-E", *extra)
    one = files(base / f"{builder}-j1" / builder)
    two = files(base / f"{builder}-j2" / builder)
    assert differing(one, two) == []
    assert sorted(serial.splitlines()) == sorted(warm.splitlines())
    assert "WARNING" not in serial
    # the features are on: pages, feed, downloads, searchable entries
    assert any(path.startswith("papers/") for path in one)
    assert any(path.startswith("people/") for path in one)
    assert "publications.atom" in one
    assert any(path.startswith("_bibtex/") and path.endswith(".bib") for path in one)
    assert "objects.inv" in one and "searchindex.js" in one
    if builder == "html":  # and -j 2 with no cache at all, as a first build
        sphinx(src, base / "cold", builder, "2", base / "cache-cold", "-E", *extra)
        assert differing(one, files(base / "cold" / builder)) == []


XU21_URL = "url = {https://dl.acm.org/doi/10.1145/3474085.3475189}"
EDITS = [
    # a title: the entry's lists, paper page, member pages, feed and .bib downloads
    ("Propagating Difference Flows", "Propagating Different Flows"),
    # a year: the entry moves in "recent", the year groups, the stats chart and the feed
    (f"year = {{2021}},\n  {XU21_URL}", f"year = {{2025}},\n  {XU21_URL}"),
]


@pytest.mark.parametrize("edit", EDITS, ids=["title", "year"])
def test_incremental_parallel_rebuild_equals_clean(tmp_path: Path, edit: tuple[str, str]) -> None:
    src = lab_site(tmp_path)
    cache = tmp_path / "cache"
    sphinx(src, tmp_path / "inc", "html", "2", cache, "-E")
    bib = src / "lab.bib"
    text = bib.read_text(encoding="utf-8")
    assert edit[0] in text
    bib.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    again = sphinx(src, tmp_path / "inc", "html", "2", cache)
    clean = sphinx(src, tmp_path / "clean", "html", "2", tmp_path / "cache-clean", "-E")
    inc, fresh = files(tmp_path / "inc" / "html"), files(tmp_path / "clean" / "html")
    assert differing(inc, fresh) == []
    assert again == clean == ""
    assert edit[1].split("\n")[0].encode() in inc["_bibtex/all.bib"]


@pytest.mark.sphinx("html", testroot="parallel-order")
def test_paper_page_warnings_in_bib_order(app: Any) -> None:
    """a.rst shows omega and z.rst alpha: the warnings follow the .bib (alpha first), not
    the pages, whose order under ``-j`` is the order parallel readers finish in."""
    app.build()
    found = [line for line in warnings_of(app) if "paper_page" in line]
    assert len(found) == 2, found
    assert "alpha: no year" in found[0] and "refs.bib:1:" in found[0]
    assert "omega: no year" in found[1] and "refs.bib:7:" in found[1]


def special_links(page: Path) -> list[str]:
    """The opening tags of the links to special.example.org on *page*."""
    text = page.read_text(encoding="utf-8")
    return [tag for tag in text.split("<a ")[1:] if "special.example.org" in tag.split(">")[0]]


@pytest.mark.sphinx("html", testroot="parallel-translator")
def test_a_translator_of_its_own_writes_every_entry(app: Any) -> None:
    """all.html is written first and shows e12 twelfth (past the entries checked): the
    translator's own links, not the shortcut's, there and on the member page."""
    app.build()
    out = Path(app.outdir)
    for page in (out / "all.html", out / "special.html", out / "people" / "jane-doe.html"):
        links = special_links(page)
        assert links and all(tag.startswith('data-special="1"') for tag in links), page


def test_a_translator_of_its_own_under_j2(tmp_path: Path) -> None:
    """special.html (the first page checked that shows e12) is written by a writer process
    under -j 2; the member page, written by the main process after it, is the same."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-parallel-translator", src)
    sphinx(src, tmp_path / "j1", "html", "1", tmp_path / "cache", "-E")
    sphinx(src, tmp_path / "j2", "html", "2", tmp_path / "cache", "-E")
    one, two = files(tmp_path / "j1" / "html"), files(tmp_path / "j2" / "html")
    assert differing(one, two) == []
    assert b'data-special="1"' in one["people/jane-doe.html"]


def entry_on(page: Path, key: str) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = soup.select_one(f'div.rt-publication[data-rt-key="{key}"]')
    assert found is not None, page
    return str(found)


def test_a_page_is_written_alone(
    tmp_path: Path, make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the shortcut is checked and found to differ (special.html: its first entry),
    only that page is written without it: the member page writes e12 (its twelfth
    entry, past the entries checked) as a build without special.html does, as a writer
    process that never wrote special.html does under -j."""
    monkeypatch.setattr(writer, "stock_visitors", lambda translator: True, raising=False)
    written: dict[str, str] = {}
    for name, exclude in (("with", []), ("without", ["special.rst"])):
        src = tmp_path / name
        shutil.copytree(ROOTS / "test-parallel-translator", src)
        app = make_app("html", srcdir=src, freshenv=True,
                       confoverrides={"exclude_patterns": ["_build", *exclude]})  # fmt: skip
        app.build()
        written[name] = entry_on(Path(app.outdir) / "people" / "jane-doe.html", "e12")
    assert written["with"] == written["without"]
