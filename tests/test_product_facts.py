"""One entry, every page kind, the same facts (#26).

tests/roots/test-product has everything on (paper pages, member pages, the feed, the
Cite panel, venue badges, ``researchtopics enrich`` data) and one rich entry: ``abbr``,
``award_name`` and ``award``, a ``preview``, links, an abstract, a citation count.  Its
facts are read from each place that shows it: a topic page (``publications``), a
``publication`` entry, its paper page, its member page, the Atom feed (feedparser) and
the JSON-LD of each page (json.loads), and compared.  The feed and JSON-LD carry what
their formats can: neither has a place for a local thumbnail's URL (the paper page's
``og:image`` has it), and schema.org has no citation count.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import feedparser
import pytest
from bs4 import BeautifulSoup, Tag
from conftest import ROOTS

from sphinxcontrib_researchtopics.cli import main

KEY = "xiong24"
TITLE = "Light Field Super-Resolution with Transformers"
AUTHORS = ["Zhiwei Xiong", "Jan van der Berg", "Zeyu Xiao"]
VENUE = "IEEE Transactions on Image Processing"
LINKS = [
    "https://doi.org/10.1109/TIP.2024.1234567",
    "https://github.com/example/lfsr",
    "https://example.org/lfsr/",
]
ABSTRACT = "We study light field super-resolution. It works well."
AWARD = "Best Paper Award"

#: The facts as the .bib and the enrichment data give them.
EXPECTED: dict[str, Any] = {
    "title": TITLE,
    "authors": AUTHORS,
    "venue": f"{VENUE}, 2024",
    "badge": "TIP",
    "year": "2024",
    "links": LINKS,
    "abstract": ABSTRACT,
    "award": ["Best Paper", AWARD],
    "preview": "xiong24.gif",
    "citations": "Cited by 42",
}


def _text(node: Tag | None) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def _entry_facts(page: BeautifulSoup, title: str = "") -> dict[str, Any]:
    """The facts of the entry as one HTML page shows it (*title*: the page's own heading,
    for the paper page, whose entry is under it)."""
    entry = page.select_one(f'div.rt-publication[data-rt-key="{KEY}"]')
    assert entry is not None
    preview = entry.select_one(".rt-preview img")
    abstract = entry.select_one(".rt-abstract")
    badges = [_text(badge) for badge in entry.select(".rt-badges .rt-badge")]
    return {
        "title": title or _text(entry.select_one(".rt-title")),
        "authors": [
            name.strip() for name in entry.select_one(".rt-authors").get_text("").split(",")
        ],
        "venue": _text(entry.select_one(".rt-venue")),
        "badge": _text(
            entry.select_one(".rt-heading .rt-venue-badge, .rt-title-badges .rt-venue-badge")
        ),
        "year": _text(entry.select_one(".rt-venue")).rsplit(", ", 1)[-1],
        "links": [a["href"] for a in entry.select(".rt-links a")],
        "abstract": _text(abstract.select_one("p:not(.rt-summary)")) if abstract else "",
        "award": [badge for badge in badges if not badge.startswith("Cited by")]
        + ([_text(entry.select_one(".rt-award"))] if entry.select_one(".rt-award") else []),
        "preview": Path(preview["src"]).name if preview is not None else "",
        "citations": next((b for b in badges if b.startswith("Cited by")), ""),
    }


def _jsonld(page: BeautifulSoup) -> list[dict[str, Any]]:
    found = [
        json.loads(script.string) for script in page.find_all("script", type="application/ld+json")
    ]
    return [data for data in found if data.get("identifier") == KEY]


def _jsonld_facts(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": data["name"],
        "authors": [person["name"] for person in data["author"]],
        "venue": f"{data['isPartOf']['name']}, {data['datePublished'][:4]}",
        "badge": data["isPartOf"].get("alternateName", ""),
        "year": data["datePublished"][:4],
        "links": [data["url"], *data.get("sameAs", [])],
        "abstract": data.get("abstract", ""),
        "award": data.get("award", []),
    }


def _build(source: Path, out: Path) -> Path:
    """*source* built as a user builds it (``-W``: not one warning), with this checkout's
    package."""
    argv = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(source), str(out)]
    checkout = str(Path(__file__).resolve().parents[1])
    path = os.pathsep.join(filter(None, [checkout, os.environ.get("PYTHONPATH", "")]))
    env = {**os.environ, "PYTHONPATH": path}
    done = subprocess.run(argv, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(ROOTS / "test-product", tmp_path_factory.mktemp("product") / "html")


def _page(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / f"{name}.html").read_text(encoding="utf-8"), "lxml")


def _all_kinds(
    out: Path, pages: dict[str, str], expected: dict[str, Any] = EXPECTED
) -> dict[str, dict[str, Any]]:
    """The facts each page kind shows, and each page's JSON-LD; *pages*: kind -> page."""
    kinds: dict[str, dict[str, Any]] = {}
    jsonld_expected = {name: expected[name] for name in JSONLD_FACTS}
    for kind, name in pages.items():
        page = _page(out, name)
        title = ""
        if kind == "paper page":
            title = _text(page.select_one("h1")).rstrip("¶ ").strip()
        kinds[kind] = _entry_facts(page, title)
        objects = _jsonld(page)
        assert objects, name
        for number, data in enumerate(objects):
            kinds[f"{kind}: JSON-LD {number + 1}"] = {**expected, **_jsonld_facts(data)}
            assert set(_jsonld_facts(data)) == set(jsonld_expected)
    return kinds


#: The facts schema.org's JSON-LD has a place for.
JSONLD_FACTS = ("title", "authors", "venue", "badge", "year", "links", "abstract", "award")


def test_every_page_kind_shows_the_same_facts(built: Path) -> None:
    pages = {
        "topic page": "imaging",
        "publication entry": "single",
        "paper page": f"papers/{KEY}",
        "member page": "people/zhiwei-xiong",
    }
    for kind, facts in _all_kinds(built, pages).items():
        assert facts == EXPECTED, kind


def test_the_feed_carries_the_same_facts(built: Path) -> None:
    feed = feedparser.parse((built / "publications.atom").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    (entry,) = feed.entries
    assert entry.title == TITLE
    assert [author.name for author in entry.authors] == AUTHORS
    assert entry.published.startswith("2024-05")
    assert entry.summary == ABSTRACT
    related = [link.href for link in entry.links if link.rel == "related"]
    assert related == LINKS
    alternate = [link.href for link in entry.links if link.rel == "alternate"]
    assert alternate == [f"https://facts.example.org/papers/{KEY}.html"]
    content = entry.content[0].value
    assert content == f"{VENUE} (TIP), 2024. Best Paper. {AWARD}. Cited by 42."


def _with_enrich_data(site: Path) -> None:
    """What a user does after ``researchtopics enrich``: the data file named in conf.py."""
    shutil.copyfile(ROOTS / "test-product" / "enrich.json", site / "enrich.json")
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nresearchtopics_enrich_data = "enrich.json"\n')


def test_new_shows_the_same_facts(tmp_path: Path) -> None:
    """``researchtopics new`` on the .bib: the same facts on its pages."""
    site = tmp_path / "mylab"
    bib = ROOTS / "test-product" / "facts.bib"
    argv = ["new", str(site), "--bib", str(bib), "--url", "https://facts.example.org/"]
    assert main([*argv, "--members", "Zhiwei Xiong"]) == 0
    assert (site / "img" / "xiong24.gif").is_file()  # the preview, copied beside the .bib
    _with_enrich_data(site)
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('researchtopics_venues = {"TIP": {"url": "https://example.org/tip"}}\n')
    out = _build(site, site / "_build" / "html")
    pages = {
        "topic page": "imaging",
        "all page": "all",
        "paper page": f"papers/{KEY}",
        "member page": "people/zhiwei-xiong",
    }
    for kind, facts in _all_kinds(out, pages).items():
        assert facts == EXPECTED, kind


def test_alfolio_import_shows_the_same_facts(tmp_path: Path) -> None:
    """The entry in an al-folio site, imported: the same facts on the new site's pages."""
    old = tmp_path / "old"
    (old / "_bibliography").mkdir(parents=True)
    (old / "_data").mkdir()
    (old / "assets" / "img" / "publication_preview").mkdir(parents=True)
    shutil.copyfile(
        ROOTS / "test-product" / "img" / "xiong24.gif",
        old / "assets" / "img" / "publication_preview" / "xiong24.gif",
    )
    bib = (ROOTS / "test-product" / "facts.bib").read_text(encoding="utf-8")
    bib = bib.replace("preview = {img/xiong24.gif}", "preview = {xiong24.gif}")
    (old / "_bibliography" / "papers.bib").write_text(bib, encoding="utf-8")
    (old / "_config.yml").write_text(
        "title: Facts Lab\nurl: https://facts.example.org\nscholar:\n"
        "  last_name: [Xiong]\n  first_name: [Zhiwei]\n",
        encoding="utf-8",
    )
    (old / "_data" / "venues.yml").write_text(
        '"TIP":\n  url: https://example.org/tip\n', encoding="utf-8"
    )
    site = tmp_path / "new"
    assert main(["import", str(old), "-o", str(site)]) == 0
    _with_enrich_data(site)
    out = _build(site, site / "_build" / "html")
    pages = {
        "home page": "index",
        "publications page": "publications",
        "topic page": "imaging",
        "paper page": f"papers/{KEY}",
        "member page": "people/zhiwei-xiong",
    }
    for kind, facts in _all_kinds(out, pages).items():
        assert facts == EXPECTED, kind


#: The paper as a lab's hand-written topic page types it (cli/importer reads this form).
HAND_WRITTEN = """## Imaging

**Light Field Super-Resolution with Transformers** <br>
_Zhiwei Xiong, Jan van der Berg, Zeyu Xiao_ <br>
<span><pub>IEEE Transactions on Image Processing (TIP), 2024</pub></span> <br>
[DOI](https://doi.org/10.1109/TIP.2024.1234567){:target="\\_blank"} |
[Code](https://github.com/example/lfsr){:target="\\_blank"} |
[Project](https://example.org/lfsr/){:target="\\_blank"} |
<a onclick='expandABS("xiong24")'> Abstract </a>

<div style="display: none;" class=abs id="xiong24"><br>
We study light field super-resolution. It works well.
</div>
"""


def test_page_import_shows_the_same_facts(tmp_path: Path) -> None:
    """``researchtopics import PAGE.md``: what the page typed, the same on every page kind
    (the venue as the page wrote it, "(TIP)" included; no award or thumbnail typed)."""
    (tmp_path / "imaging.md").write_text(HAND_WRITTEN, encoding="utf-8")
    site = tmp_path / "site"
    assert main(["import", str(tmp_path / "imaging.md"), "-o", str(site)]) == 0
    conf = (ROOTS / "test-product" / "conf.py").read_text(encoding="utf-8")
    conf = conf.replace('["facts.bib"]', '["publications.bib"]')
    (site / "conf.py").write_text(conf, encoding="utf-8")
    shutil.copyfile(ROOTS / "test-product" / "enrich.json", site / "enrich.json")
    (site / "index.rst").write_text("Lab\n===\n\n.. toctree::\n\n   imaging\n", encoding="utf-8")
    out = _build(site, site / "_build" / "html")
    expected = {
        **EXPECTED,
        "venue": f"{VENUE} (TIP), 2024",
        "award": [],
        "preview": "",
    }
    pages = {
        "imported page": "imaging",
        "paper page": f"papers/{KEY}",
        "member page": "people/zhiwei-xiong",
    }
    for kind, facts in _all_kinds(out, pages, expected).items():
        assert facts == expected, kind
