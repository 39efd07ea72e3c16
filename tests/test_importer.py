"""``researchtopics import``: hand-written Jekyll topic pages -> .bib + .rst that build.

The seed page is a real lab's page, copied verbatim to
``tests/data/import/sr-video.md``.  The reference for "the same papers" is the original page
rendered by a CommonMark parser (markdown-it), not the importer's own reading of it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import ROOTS, soup, warnings_of
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from sphinx.testing.util import _clean_up_global_state

from sphinxcontrib_researchtopics.bib.latex import to_text
from sphinxcontrib_researchtopics.bib.load import parse_file
from sphinxcontrib_researchtopics.bib.records import Publication, plain
from sphinxcontrib_researchtopics.bib.scan import parse_bib_text
from sphinxcontrib_researchtopics.cli import importer
from sphinxcontrib_researchtopics.cli.importer.venues import split_authors

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data" / "import"
SEED_COPY = DATA / "sr-video.md"
SITE = DATA / "site"
SITE_ROOT = ROOTS / "test-import"
DOCS = TESTS.parent / "docs"

SEED_KEYS = ["gao22", "xu21", "xiao21", "xiao20", "zhang19", "zhang18"]


def norm(text: str) -> str:
    return " ".join(text.split())


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


def run_import(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = importer.main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def records(path: Path) -> dict[str, Publication]:
    """The written .bib file as the extension reads it (no problem allowed)."""
    result = parse_file(str(path), "topics")
    assert result.problems == ()
    return {publication.key: publication for publication in result.entries}


def build(make_app: Callable[..., Any], srcdir: Path) -> Any:
    """Build *srcdir* (an import's output) with the test site's conf.py and index."""
    for name in ("conf.py", "index.rst"):
        shutil.copy(SITE_ROOT / name, srcdir / name)
    # A test elsewhere that builds with a bare Sphinx() leaves docutils' node registry
    # filled ("node class ... is already registered"): start from a clean one.
    _clean_up_global_state()
    app = make_app("html", srcdir=srcdir)
    app.build()
    return app


@pytest.fixture
def seed() -> Path:
    """The seed page (the verbatim copy in tests/data/import)."""
    return SEED_COPY


# -- the reference: the original page as a Markdown renderer shows it -------------------


def original_entries(path: Path) -> list[dict[str, Any]]:
    """Title, authors, venue, links and abstract of each paper of a Jekyll page."""
    text = re.sub(r"\A---\n.*?\n---\n", "", path.read_text(encoding="utf-8"), flags=re.S)
    page = BeautifulSoup(MarkdownIt("commonmark").render(text), "lxml")
    assert page.body is not None
    entries: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for element in page.body.children:
        if not isinstance(element, Tag):
            continue
        if element.name in ("hr", "h2"):
            current = None
            continue
        first = element.find(True)
        is_title = first is not None and first.name == "strong" and first.find("a") is None
        if element.name == "p" and is_title:
            assert first is not None
            current = {"title": norm(first.get_text()), "links": {}, "abstract": ""}
            entries.append(current)
        if current is None:
            continue
        if element.name == "p":
            em = element.find("em")
            if em is not None and "authors" not in current:
                current["authors"] = [norm(name) for name in em.get_text().split(",")]
            pub = element.find("pub")
            if pub is not None:
                current["venue"] = norm(pub.get_text())
            for link in element.find_all("a", href=True):
                current["links"][norm(link.get_text())] = link["href"]
        elif element.name == "div" and "abs" in (element.get("class") or []):
            current["abstract"] = norm(element.get_text())
    return entries


def built_entries(app: Any, docname: str) -> list[dict[str, Any]]:
    """The same, read from the built page's ``div.rt-publication`` elements."""
    entries = []
    for div in soup(app, docname).select("div.rt-publication"):
        abstract = div.select_one("details.rt-abstract")
        if abstract is not None:
            summary = abstract.find("summary")
            assert summary is not None
            summary.extract()
        entries.append(
            {
                "key": div.get("id"),
                "title": norm(div.select_one(".rt-title > strong").get_text()),
                "authors": [
                    norm(name) for name in div.select_one(".rt-authors").get_text().split(",")
                ],
                "venue": norm(div.select_one(".rt-venue").get_text()),
                "links": {norm(a.get_text()): a["href"] for a in div.select("a.rt-link")},
                "abstract": norm(abstract.get_text()) if abstract is not None else "",
            }
        )
    return entries


# -- the seed page ------------------------------------------------------------------------


def test_the_reference_reads_six_papers(seed: Path) -> None:
    entries = original_entries(seed)
    assert len(entries) == 6
    assert all(entry["authors"] and entry["venue"] and entry["abstract"] for entry in entries)
    assert entries[0]["links"] == {
        "Paper": "https://bmvc2022.mpi-inf.mpg.de/0060.pdf",
        "Code": "https://github.com/RSGao/DFlow_BasicSR",
    }


def test_seed_builds_the_same_six_papers(
    seed: Path, tmp_path: Path, make_app: Callable[..., Any], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    code, stdout, _ = run_import(capsys, seed, "-o", out)
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["publications.bib", "sr-video.rst"]
    assert "6 entries from 1 page" in stdout
    app = build(make_app, out)
    assert warnings_of(app) == []
    built = built_entries(app, "sr-video")
    original = original_entries(seed)
    assert [entry.pop("key") for entry in built] == SEED_KEYS
    assert [entry["title"] for entry in built] == [entry["title"] for entry in original]
    for mine, theirs in zip(built, original, strict=True):
        assert mine == theirs, theirs["title"]
    page = soup(app, "sr-video")
    assert page.select_one("h1").get_text().rstrip("¶#") == "Video"
    navs = page.select("nav.rt-topic-nav")
    assert len(navs) == 2
    for nav in navs:
        assert [(a.get_text(), a.get("aria-current")) for a in nav.select("a")] == [
            ("Video", "page")
        ]


def test_seed_page_and_messages(
    seed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_import(capsys, seed, "-o", tmp_path)
    assert code == 0
    assert (tmp_path / "sr-video.rst").read_text(encoding="utf-8") == (
        ".. Imported from sr-video.md by researchtopics import.\n"
        "\n"
        "Video\n"
        "=====\n"
        "\n"
        ".. topic-nav::\n"
        "\n"
        "   Video <sr-video>\n"
        "\n"
        ".. publications::\n"
        "   :keys: gao22, xu21, xiao21, xiao20, zhang19, zhang18\n"
        "\n"
        ".. topic-nav::\n"
        "\n"
        "   Video <sr-video>\n"
    )
    # The four sibling pages that were not imported: one note each, with its line.
    for label in ("2024 New", "Image", "Spectrum", "Light Field"):
        line = line_of(seed, f"[▶ {label}]")
        assert f"{seed}:{line}: note: topic-nav: {label!r} (" in err
    assert "warning" not in err and "error" not in err


def test_seed_bib_matches_the_hand_made_demo_bib(seed: Path, tmp_path: Path) -> None:
    """docs/papers/lab.bib was written by hand from the same page: the import agrees."""
    result = importer.import_pages([seed])
    (tmp_path / "publications.bib").write_text(result.bib, encoding="utf-8")
    mine = records(tmp_path / "publications.bib")
    demo = {p.key: p for p in parse_file(str(DOCS / "papers" / "lab.bib"), "topics").entries}
    assert list(mine) == SEED_KEYS
    for key in SEED_KEYS:
        ours, theirs = mine[key], demo[key]
        assert ours.entry_type == theirs.entry_type
        assert plain(ours.title) == plain(theirs.title)
        assert [p.display for p in ours.authors] == [p.display for p in theirs.authors]
        assert [(p.first, p.last) for p in ours.authors] == [
            (p.first, p.last) for p in theirs.authors
        ]
        assert (plain(ours.venue), ours.abbr, ours.year) == (
            plain(theirs.venue),
            theirs.abbr,
            theirs.year,
        )
        assert ours.links == theirs.links
        assert ours.topics == ("video",)
    # The demo dropped the stray first line of gao22's abstract and made "--" a dash;
    # the import keeps the text as the page showed it.
    for key in SEED_KEYS:
        ours_text, theirs_text = plain(mine[key].abstract), plain(demo[key].abstract)
        if key == "gao22":
            assert ours_text == "RSGao/FDFlow_BasicSR " + theirs_text
        elif key == "zhang19":
            assert ours_text == theirs_text.replace("\N{EN DASH}", "--")
            assert "datasets--UCF101" in ours_text
        else:
            assert ours_text == theirs_text


def test_cli_import_subcommand(
    seed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sphinxcontrib_researchtopics import cli

    assert cli.main(["import", str(seed), "-o", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "sr-video.rst").is_file()
    assert "6 entries" in capsys.readouterr().out


# -- the variants ------------------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three pages of one site (the seed and two variants), as the working directory."""
    root = tmp_path / "_pages"
    shutil.copytree(SITE, root)
    shutil.copy(SEED_COPY, root / "super-resolution" / "sr-video.md")
    monkeypatch.chdir(tmp_path)
    return root


PAGES = [
    "_pages/super-resolution/sr-video.md",
    "_pages/super-resolution/sr-image.md",
    "_pages/manipulation/denoising.md",
]


@pytest.fixture
def imported(site: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return run_import(capsys, *PAGES, "-o", "out")


def test_variants_messages(site: Path, imported: tuple[int, str, str]) -> None:
    code, stdout, err = imported
    image = site / "super-resolution" / "sr-image.md"
    denoising = site / "manipulation" / "denoising.md"
    img, den = PAGES[1], PAGES[2]
    assert code == 1  # one entry could not be imported
    assert "12 entries from 3 pages, 1 not imported" in stdout
    expected = [
        f"{img}:{line_of(image, '**Notes from a Talk**')}: error: cannot read the entry "
        "'Notes from a Talk': no author line and no venue line after the title; it is NOT imported",
        f"{img}:{line_of(image, 'This line is no author')}: warning: not understood, ignored: "
        "'This line is no author list'",
        f"{img}:{line_of(image, 'Nor is this one')}: warning: not understood, ignored: "
        "'Nor is this one'",
        f"{img}:{line_of(image, '<font color')}: warning: not understood, ignored: 'Spotlight'",
        f"{img}:{line_of(image, '<!-- **UDNet')}: note: commented-out entry skipped: 'UDNet: "
        "Up-Down Network for Compact and Efficient Feature Representation in Image "
        "Super-Resolution'",
        f"{img}:{line_of(image, '**Zoom In and Look')}: note: key 'zhang19' is already "
        f"'Two-Stream Action Recognition-Oriented Video Super-Resolution' ({PAGES[0]}:60); "
        "this entry gets the key 'zhang19b'",
        f"{img}:{line_of(image, '[Slides]')}: note: link 'Slides' is a file of the old site "
        "(/files/accv24-slides.pdf): copy it into the output folder at that path",
        f"{img}:{line_of(image, '[▶ Spectrum]')}: note: topic-nav: 'Spectrum' "
        "(/super-resolution/sr-spectrum) was not imported; left out of the nav",
        f"{den}:{line_of(denoising, '<b>Learning Steerable')}: note: 'Learning Steerable "
        "Function for Efficient Image Resampling' is listed again, as 'lerf_cvpr23': it keeps "
        f"the key 'li23' from {img}:{line_of(image, '**Learning Steerable')}",
    ]
    lines = err.splitlines()
    for message in expected:
        assert message in lines
    # Messages come file by file, in line order.
    located = [re.match(r"^(.*?):(\d+): ", line) for line in lines]
    order = [(PAGES.index(m[1]), int(m[2])) for m in located if m]
    assert order == sorted(order)
    # Nothing else is lost without a word: every warning and error is listed above.
    assert sorted(line for line in lines if ": warning: " in line or ": error: " in line) == sorted(
        message for message in expected if ": warning: " in message or ": error: " in message
    )


def test_variants_pages(site: Path, imported: tuple[int, str, str]) -> None:
    out = site.parent / "out"
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        "manipulation/denoising.rst",
        "publications.bib",
        "super-resolution/sr-image.rst",
        "super-resolution/sr-video.rst",
    ]
    image = (out / "super-resolution" / "sr-image.rst").read_text(encoding="utf-8")
    assert "   :keys: li23, chen19, xiao20, zhang19b, xiao24learning, doe24tiny\n" in image
    assert (
        image.count(
            "   Image <sr-image>\n   Video <sr-video>\n   Denoising <../manipulation/denoising>\n"
        )
        == 2
    )
    denoising = (out / "manipulation" / "denoising.rst").read_text(encoding="utf-8")
    assert "   :keys: li23, huang21\n" in denoising
    assert denoising.startswith(
        ".. Imported from denoising.md by researchtopics import.\n\nDenoising\n=========\n"
    )
    assert (
        denoising.count("   Image <../super-resolution/sr-image>\n   Denoising <denoising>\n") == 2
    )
    video = (out / "super-resolution" / "sr-video.rst").read_text(encoding="utf-8")
    assert video.count("   Image <sr-image>\n   Video <sr-video>\n") == 2


def kinds(publication: Publication) -> list[tuple[str, str, str]]:
    return [(link.kind, link.label, link.url) for link in publication.links]


def test_variants_bib(site: Path, imported: tuple[int, str, str]) -> None:
    bib = records(site.parent / "out" / "publications.bib")
    assert list(bib) == [
        *SEED_KEYS,
        "li23",
        "chen19",
        "zhang19b",
        "xiao24learning",
        "doe24tiny",
        "huang21",
    ]
    # On two pages: once, with both topics and the links of both listings.
    xiao20 = bib["xiao20"]
    assert xiao20.topics == ("video", "image")
    assert ("code", "Code", "https://github.com/zeyuxiao1997/TemporalProfile") in kinds(xiao20)
    li23 = bib["li23"]
    assert li23.topics == ("image", "denoising")
    assert [k for k, _, _ in kinds(li23)] == ["paper", "code", "project", "video", "poster"]
    assert ("video", "Video", "https://www.youtube.com/watch?v=6Sgnq2AD5yw") in kinds(li23)
    # Text is data: every special character comes back as written.
    assert plain(li23.abstract) == (
        "Image resampling is a basic technique that is widely employed in daily applications. "
        "It runs 50% faster & 3dB better than bicubic for x^2 upsampling -- see {Manga109}, $5 a "
        "C:\\data\\set #1 at ~user, R&D in the wild."
    )
    assert [seg.style for seg in li23.abstract if seg.text == "in the wild"] == ["emph"]
    chen19 = bib["chen19"]
    assert chen19.badges == ("Oral",)
    assert (
        plain(chen19.award) == "Winner of the NTIRE 2019 Challenge on Real Image Super-Resolution"
    )
    assert kinds(chen19) == [
        (
            "paper",
            "Paper",
            "http://openaccess.thecvf.com/content_CVPR_2019/papers/Chen_Camera_Lens_Super-Resolution_CVPR_2019_paper.pdf",
        ),
        ("code", "Code", "https://github.com/ngchc/CameraSR"),
        ("dataset", "Dataset", "https://github.com/ngchc/CameraSR"),
    ]
    zhang19b = bib["zhang19b"]
    assert (zhang19b.entry_type, plain(zhang19b.venue), zhang19b.abbr, zhang19b.year) == (
        "article",
        "IEEE Transactions on Image Processing (T-IP)",
        "T-IP",
        "2019",
    )
    accv = bib["xiao24learning"]
    assert [(p.display, p.marker) for p in accv.authors] == [
        ("Zeyu Xiao", "*"),
        ("Jiateng Shou", "*"),
        ("Zhiwei Xiong", "†"),
    ]
    assert (plain(accv.venue), accv.abbr, accv.year) == (
        "Asian Conference on Computer Vision (ACCV)",
        "ACCV",
        "2024",
    )
    assert [(k, label) for k, label, _ in kinds(accv)] == [
        ("paper", "Paper"),
        ("slides", "Slides"),
        ("custom", "Media Coverage"),
    ]
    assert accv.abstract == ()
    tiny = bib["doe24tiny"]
    assert tiny.entry_type == "misc"
    assert [p.display for p in tiny.authors] == ["Jane Doe", "Zhiwei Xiong", "et al."]
    assert kinds(tiny) == [("arxiv", "arXiv", "https://arxiv.org/abs/2401.00001")]
    huang21 = bib["huang21"]
    assert (huang21.entry_type, plain(huang21.venue)) == (
        "article",
        "IEEE Signal Processing Letters (SPL)",
    )
    assert huang21.topics == ("denoising",)


def test_variants_build(
    site: Path, imported: tuple[int, str, str], make_app: Callable[..., Any]
) -> None:
    out = site.parent / "out"
    (out / "files").mkdir()
    (out / "files" / "accv24-slides.pdf").write_bytes(b"%PDF-1.4\n")
    app = build(make_app, out)
    assert warnings_of(app) == []
    image = built_entries(app, "super-resolution/sr-image")
    assert [entry["key"] for entry in image] == [
        "li23",
        "chen19",
        "xiao20",
        "zhang19b",
        "xiao24learning",
        "doe24tiny",
    ]
    assert list(image[0]["links"]) == ["Paper", "Code", "Project", "Video", "Poster"]
    nav = soup(app, "manipulation/denoising").select_one("nav.rt-topic-nav")
    assert [(a.get_text(), a["href"]) for a in nav.select("a")] == [
        ("Image", "../super-resolution/sr-image.html"),
        ("Denoising", "#"),
    ]
    chen19 = soup(app, "super-resolution/sr-image").select_one("div.rt-publication#chen19")
    assert [badge.get_text() for badge in chen19.select(".rt-badge")] == ["Oral"]
    assert "Winner of the NTIRE 2019 Challenge" in chen19.get_text()


# -- errors and odd pages ----------------------------------------------------------------


def test_no_page_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        importer.main(["-o", "out"])
    assert exit_.value.code == 2
    assert "PAGE.md" in capsys.readouterr().err


def test_missing_output_option_is_a_usage_error(
    seed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        importer.main([str(seed)])
    assert exit_.value.code == 2
    assert "-o" in capsys.readouterr().err


def test_missing_page(tmp_path: Path, seed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, err = run_import(capsys, seed, tmp_path / "nope.md", "-o", tmp_path / "out")
    assert code == 2
    assert f"error: {tmp_path / 'nope.md'}: no such file" in err
    assert stdout == ""
    assert not (tmp_path / "out").exists()


def test_folder_as_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_import(capsys, tmp_path, "-o", tmp_path / "out")
    assert code == 2
    assert "is a folder, not a page" in err
    # the folder of the pages, or a site folder without _bibliography/: say what a site has
    assert "nor an al-folio site (it has no _config.yml and no _bibliography/)" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_as_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A page that exists but is no file is not reported as missing (and never read)."""
    fifo = tmp_path / "page.md"
    os.mkfifo(fifo)
    code, _, err = run_import(capsys, fifo, "-o", tmp_path / "out")
    assert code == 2
    assert f"error: {fifo}: is a FIFO (named pipe), not a file" in err
    assert "no such file" not in err


def test_output_is_a_file(tmp_path: Path, seed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "out").write_text("x")
    code, _, err = run_import(capsys, seed, "-o", tmp_path / "out")
    assert code == 2
    assert "is not a folder" in err


def test_never_overwrites_without_force(
    tmp_path: Path, seed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "sr-video.rst").write_text("my own edits\n")
    code, _, err = run_import(capsys, seed, "-o", out)
    assert code == 2
    assert "already exist" in err and "--force" in err
    assert (out / "sr-video.rst").read_text() == "my own edits\n"
    assert not (out / "publications.bib").exists()
    code, _, _ = run_import(capsys, seed, "-o", out, "--force")
    assert code == 0
    assert ":keys: gao22" in (out / "sr-video.rst").read_text()


def test_same_page_twice_is_read_once(
    tmp_path: Path, seed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, stdout, err = run_import(capsys, seed, seed, "-o", tmp_path)
    assert code == 0
    assert "6 entries from 1 page" in stdout
    assert f"{seed}: note: same file as {seed}; read once" in err


def write_page(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


ENTRY = """**A Paper** <br>
_Ann Author, Bo Writer_ <br>
<span><pub>Some Conference (SC), 2020</pub></span> <br>
[Paper](https://example.org/a.pdf) |
<a onclick='expandABS("author20")'> Abstract </a>
"""


def test_page_without_entries_or_heading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make_app: Callable[..., Any]
) -> None:
    page = write_page(tmp_path, "empty-topic.md", "Just some words.\n")
    code, _, err = run_import(capsys, page, "-o", tmp_path / "out")
    assert code == 0
    assert f"{page}:1: warning: text outside any entry ignored: 'Just some words.'" in err
    assert f"{page}: warning: no publication entries found on this page" in err
    assert (
        f"{page}: note: no '## Heading': the title is 'Empty topic', the topic 'empty-topic'" in err
    )
    rst = (tmp_path / "out" / "empty-topic.rst").read_text(encoding="utf-8")
    assert "publications::" not in rst
    app = build(make_app, tmp_path / "out")
    # The page builds; only the .bib file, which has no entry, is reported.
    assert [w for w in warnings_of(app) if "publications.bib" not in w] == []


def test_unclosed_div_and_comment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (
        "## Misc\n\n"
        + ENTRY
        + '<div style="display: none;" class=abs id="author20"><br>\nNever closed.\n\n'
        + ENTRY.replace("A Paper", "B Paper").replace("author20", "author20b")
        + "<!-- an open comment\n"
    )
    page = write_page(tmp_path, "misc.md", text)
    code, stdout, err = run_import(capsys, page, "-o", tmp_path / "out")
    assert code == 0
    assert "2 entries" in stdout
    assert f"{page}:8: warning: <div> is never closed: it ends where the next entry starts" in err
    assert f"{page}:16: warning: '<!--' is never closed; the marker is ignored" in err
    assert f"{page}:16: warning: not understood, ignored: 'an open comment'" in err
    bib = records(tmp_path / "out" / "publications.bib")
    assert plain(bib["author20"].abstract) == "Never closed."
    assert list(bib) == ["author20", "author20b"]


def test_unmatched_braces_and_non_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (
        "## Misc\n\n"
        + ENTRY
        + '<div style="display: none;" class=abs id="author20"><br>\n'
        + "A set {x and caf\xe9 }.\n</div>\n"
    )
    page = tmp_path / "latin.md"
    page.write_bytes(text.encode("latin-1"))
    code, _, err = run_import(capsys, page, "-o", tmp_path / "out")
    assert code == 0
    assert f"{page}:9: warning: file is not UTF-8; read as Latin-1" in err
    bib = records(tmp_path / "out" / "publications.bib")
    assert plain(bib["author20"].abstract) == "A set {x and café }."


def test_made_keys_and_clashes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    no_id = ENTRY.replace("""<a onclick='expandABS("author20")'> Abstract </a>\n""", "")
    text = (
        "## Misc\n\n"
        + no_id.replace("A Paper", "The Paper One")
        + "\n"
        + no_id.replace("A Paper", "Paper Two")
        + "\n"
        + no_id.replace("A Paper", "The Paper One")
        + "\n"
        + ENTRY.replace("author20", "bad key, with spaces")
    )
    page = write_page(tmp_path, "keys.md", text)
    code, _, err = run_import(capsys, page, "-o", tmp_path / "out")
    assert code == 0
    keys = list(records(tmp_path / "out" / "publications.bib"))
    # lastnameYYfirstword ("The" skipped); "Paper Two" would be author20paper too and
    # gets a suffix; "The Paper One" again (same title and year) is the same paper.
    assert keys == ["author20paper", "author20paperb", "bad_key_with_spaces"]
    assert (
        f"{page}:8: note: key 'author20paper' is already 'The Paper One' ({page}:3); "
        "this entry gets the key 'author20paperb'"
    ) in err
    assert f"{page}:13: note: 'The Paper One' is listed twice" in err
    assert f"{page}:18: note: key 'bad key, with spaces' written as 'bad_key_with_spaces'" in err
    rst = (tmp_path / "out" / "keys.rst").read_text(encoding="utf-8")
    assert "   :keys: author20paper, author20paperb, bad_key_with_spaces\n" in rst


# -- text is data ------------------------------------------------------------------------

_ALPHABET = [*"aZ09 -'`\"%&$#_~^\\{}@,.;:!?()[]<>/*|=+", "é", "中", "\n", "\t"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=40))
def test_escaped_text_reads_back_unchanged(text: str) -> None:
    value = importer.latex_escape(text)
    entries, problems = parse_bib_text(f"@misc{{k,\n  title = {{{value}}},\n}}\n", "t.bib")
    assert problems == []
    # TeX prints ' and ` as typographic quotes, and so do we: the only change allowed.
    typographic = norm(text).replace("'", "\u2019").replace("`", "\u2018")
    assert to_text(dict(entries[0].fields)["title"]) == typographic


def test_escapes() -> None:
    assert importer.latex_escape("50% & $5 #1 a_b ~u x^2 C:\\d {x}") == (
        r"50\% \& \$5 \#1 a\_b \textasciitilde{}u x\^{}2 C:\textbackslash{}d \{x\}"
    )
    assert importer.latex_escape("a--b ``q''") == "a-{}-b `{}`q'{}'"
    assert importer.latex_escape("a--b", literal_dashes=False) == "a--b"
    # BibTeX counts "\{" as a brace: a lone one is balanced by a bare brace at an end.
    assert importer.latex_escape("a } b { c") == r"{a \} b \{ c}"


# -- the docs ----------------------------------------------------------------------------


def test_docs_migration_files_are_current() -> None:
    """docs/migration.rst shows files made by docs/migration/regenerate.py: still true."""
    folder = DOCS / "migration"
    assert (folder / "sr-video.md.txt").read_bytes() == SEED_COPY.read_bytes()
    spec = importlib.util.spec_from_file_location("regenerate", folder / "regenerate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.stale() == []
    guide = (DOCS / "migration.rst").read_text(encoding="utf-8")
    for name in ("sr-video.md.txt", "import-output.txt", "sr-video.rst.txt", "publications.bib"):
        assert f".. literalinclude:: migration/{name}" in guide


def test_authors_written_last_comma_initials(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Zhang, H., Xiong, Z.-W.*": two authors (a comma inside each name), not four."""
    text = "## Misc\n\n" + ENTRY.replace(
        "_Ann Author, Bo Writer_", r"_Zhang, H., van der Berg, J. R., Xiong, Z.-W.\*_"
    ).replace("author20", "")
    page = write_page(tmp_path, "initials.md", text)
    code, _, _ = run_import(capsys, page, "-o", tmp_path / "out")
    assert code == 0
    bib = records(tmp_path / "out" / "publications.bib")
    assert list(bib) == ["zhang20paper"]
    people = bib["zhang20paper"].authors
    assert [(p.first, p.von, p.last, p.marker) for p in people] == [
        ("H.", "", "Zhang", ""),
        ("J. R.", "van der", "Berg", ""),
        ("Z.-W.", "", "Xiong", "*"),
    ]
    # A list of full names is still one name per comma.
    assert split_authors("Ann Author, Bo Writer", lambda *_: None, 1) == [
        "Ann Author",
        "Bo Writer",
    ]


def test_venue_line_starting_with_in(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """ "In *Venue (ABBR)*, 2023": the venue is "Venue (ABBR)"; a Cite panel would
    otherwise print "in In Venue"."""
    text = "## Misc\n\n" + ENTRY.replace(
        "<span><pub>Some Conference (SC), 2020</pub></span>", "In *Some Conference (SC)*, 2020"
    )
    page = write_page(tmp_path, "in.md", text)
    code, _, err = run_import(capsys, page, "-o", tmp_path / "out")
    assert code == 0, err
    entry = records(tmp_path / "out" / "publications.bib")["author20"]
    assert plain(entry.venue) == "Some Conference (SC)"
    assert entry.field("abbr") == "SC" and entry.year == "2020"


def test_abstract_in_details(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``<details><summary>Abstract</summary>...</details>`` (one line or several) is the
    abstract, as the hidden ``<div>`` is; other ``<details>`` blocks are reported."""
    one_line = ENTRY.replace(
        """<a onclick='expandABS("author20")'> Abstract </a>\n""",
        "<details><summary>Abstract</summary>The abstract of B.</details>\n",
    )
    lines = (
        ENTRY.replace("author20", "author21").replace("A Paper", "B Paper").replace("2020", "2021")
        + "<details>\n<summary> Abstract </summary>\nFirst line,\nsecond line.\n</details>\n"
    )
    other = (
        ENTRY.replace("author20", "author22").replace("A Paper", "C Paper").replace("2020", "2022")
        + "<details><summary>BibTeX</summary>@article{x}</details>\n"
    )
    page = write_page(tmp_path, "details.md", f"## Misc\n\n{one_line}\n{lines}\n{other}")
    code, _, err = run_import(capsys, page, "-o", tmp_path / "out")
    assert code == 0, err
    bib = records(tmp_path / "out" / "publications.bib")
    assert plain(bib["author20paper"].abstract) == "The abstract of B."
    assert plain(bib["author21"].abstract) == "First line, second line."
    assert plain(bib["author22"].abstract) == ""
    assert "a <details> block ignored: 'BibTeX@article{x}'" in err
    assert "not understood" not in err
