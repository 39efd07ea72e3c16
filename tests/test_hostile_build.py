"""Hostile sites (issue 12): what a source folder or conf.py can make a build publish.

Each test builds a copy of ``test-hostile-build`` in a temporary folder (symlinks and
conf.py lines are added per test), so nothing hostile is kept in the repository.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOTS, assert_warned, edit, soup, warnings_of

from sphinxcontrib_researchtopics.config import WARNING_SUBTYPES

SECRET = "top secret: must never be published"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    src = tmp_path / "site"
    shutil.copytree(ROOTS / "test-hostile-build", src)
    return src


def add_conf(site: Path, text: str) -> None:
    with (site / "conf.py").open("a", encoding="utf-8") as stream:
        stream.write("\n" + text + "\n")


def published(app: Any) -> str:
    """Every file of the output, as one text (to look for leaked content)."""
    texts = []
    for path in Path(app.outdir).rglob("*"):
        if path.is_file():
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(texts)


def links_of(app: Any, key: str, docname: str = "index") -> dict[str, str]:
    entry = soup(app, docname).select_one(f'div.rt-publication[data-rt-key="{key}"]')
    assert entry is not None
    return {a.get_text(): a["href"] for a in entry.select(".rt-links a")}


# -- 1. symlinks out of the source folder --------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the source folder, holding a secret."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    (folder / "link.pdf").write_text(SECRET, encoding="utf-8")
    return folder


def test_symlinks_out_of_the_source_folder_are_not_published(
    site: Path, outside: Path, make_app: Any
) -> None:
    (site / "papers" / "link.pdf").symlink_to(outside / "link.pdf")
    (site / "linked").symlink_to(outside, target_is_directory=True)
    if Path("/etc/passwd").is_file():
        (site / "papers" / "passwd").symlink_to("/etc/passwd")
    else:  # still a link out of the folder
        (site / "papers" / "passwd").symlink_to(outside / "secret.txt")
    app = make_app("html", srcdir=site)
    app.build()
    downloads = Path(app.outdir) / "_downloads"
    names = sorted(path.name for path in downloads.rglob("*") if path.is_file())
    assert names == ["real.pdf"]
    text = published(app)
    assert SECRET not in text
    assert "root:" not in text
    assert list(links_of(app, "leak")) == []
    assert list(links_of(app, "inside")) == ["Paper"]
    warnings = warnings_of(app)
    for line, url in ((16, "papers/link.pdf"), (17, "linked/secret.txt"), (18, "papers/passwd")):
        assert_warned(
            warnings,
            rf"refs\.bib:{line}: WARNING: leak: linked file '{url}' is outside the source "
            r"folder.*used on page index.*\[researchtopics\.outside_source\]",
        )


def test_a_preview_symlinked_out_of_the_source_folder_is_not_published(
    site: Path, outside: Path, make_app: Any
) -> None:
    """Thumbnails go through the same check as links: a ``preview`` that is a symlink
    out of the source folder is neither copied nor shown."""
    (outside / "thumb.png").write_text(SECRET, encoding="utf-8")
    (site / "papers" / "thumb.png").symlink_to(outside / "thumb.png")
    bib = site / "refs.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8") + "\n@misc{thumb,\n  title = {Thumb},\n  year = {2020},\n"
        "  preview = {papers/thumb.png},\n  topics = {things},\n}\n",
        encoding="utf-8",
    )
    (site / "index.rst").write_text(
        (site / "index.rst").read_text(encoding="utf-8") + "\n.. publication:: thumb\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=site)
    app.build()
    assert SECRET not in published(app)
    entry = soup(app).select_one('div.rt-publication[data-rt-key="thumb"]')
    assert entry is not None and entry.select_one(".rt-preview") is None
    line = bib.read_text(encoding="utf-8").splitlines().index("  preview = {papers/thumb.png},")
    assert_warned(
        warnings_of(app),
        rf"refs\.bib:{line + 1}: WARNING: thumb: preview file 'papers/thumb\.png' is outside "
        r"the source folder.*\[researchtopics\.outside_source\]",
    )


def test_a_symlink_inside_the_source_folder_is_published(site: Path, make_app: Any) -> None:
    (site / "papers" / "link.pdf").symlink_to(site / "papers" / "real.pdf")
    (site / "linked").mkdir()
    (site / "linked" / "secret.txt").write_text("harmless", encoding="utf-8")
    (site / "papers" / "passwd").write_text("harmless", encoding="utf-8")
    app = make_app("html", srcdir=site)
    app.build()
    assert list(links_of(app, "leak")) == ["Paper", "Slides", "Poster"]
    assert not [w for w in warnings_of(app) if "outside_source" in w]


def test_a_symlinked_source_folder_still_publishes_its_files(
    tmp_path: Path, site: Path, make_app: Any
) -> None:
    """The source folder itself may be a symlink: its own files are inside it."""
    alias = tmp_path / "alias"
    alias.symlink_to(site, target_is_directory=True)
    app = make_app("html", srcdir=alias)
    app.build()
    assert list(links_of(app, "inside")) == ["Paper"]


# -- 2. member URLs from conf.py ----------------------------------------------------------


def test_unsafe_member_urls_are_warned_and_not_linked(site: Path, make_app: Any) -> None:
    add_conf(
        site,
        "researchtopics_members = {'Ann Author': 'javascript:alert(1)', "
        "'Bob Builder': 'https://bob.example/'}",
    )
    app = make_app("html", srcdir=site)
    app.build()
    assert_warned(
        warnings_of(app),
        r"researchtopics_members.*Ann Author.*unsafe URL 'javascript:alert\(1\)'"
        r".*\[researchtopics\.config\]",
    )
    entry = soup(app).select_one('div.rt-publication[data-rt-key="inside"]')
    members = entry.select("p.rt-authors .rt-member")
    assert [member.get_text() for member in members] == ["Ann Author", "Bob Builder"]
    assert members[0].find("a") is None
    assert members[1].find("a")["href"] == "https://bob.example/"
    assert "javascript:" not in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


# -- 3. per-page .bib downloads ------------------------------------------------------------


def test_no_download_link_for_a_page_that_selects_nothing(site: Path, make_app: Any) -> None:
    app = make_app("html", srcdir=site)
    app.build()
    assert soup(app, "empty").select("a.rt-download-bib") == []
    assert not (Path(app.outdir) / "_bibtex" / "empty.bib").exists()
    link = soup(app, "index").select_one("a.rt-download-bib")
    assert link is not None
    assert (Path(app.outdir) / link["href"]).is_file()


def test_incremental_build_rewrites_or_removes_a_page_bib_file(site: Path, make_app: Any) -> None:
    bib = site / "_build" / "html" / "_bibtex" / "changing.bib"
    make_app("html", srcdir=site).build()
    assert "@article{inside," in bib.read_text(encoding="utf-8")
    edit(site / "changing.rst", ":keys: inside", ":keys: gone")
    make_app("html", srcdir=site).build()
    text = bib.read_text(encoding="utf-8")
    assert "@article{gone," in text and "inside" not in text
    edit(site / "changing.rst", ":keys: gone", ":topic: nothing-here")
    app = make_app("html", srcdir=site)
    app.build()
    assert not bib.exists()
    assert soup(app, "changing").select("a.rt-download-bib") == []


# -- 4. invalid option and config values --------------------------------------------------


def test_invalid_abstract_option_warns_and_falls_back(site: Path, make_app: Any) -> None:
    add_conf(site, "researchtopics_abstract = 'expanded'")
    app = make_app("html", srcdir=site)
    app.build()
    warnings = warnings_of(app)
    assert_warned(warnings, r"abstract\.rst:6: WARNING: .*'expand'.*\[researchtopics\.option\]")
    assert not [w for w in warnings if "ERROR" in w]
    details = soup(app, "abstract").select_one("#inside details.rt-abstract")
    assert details is not None
    assert details.has_attr("open")  # the configured default


def test_invalid_abstract_config_warns_and_falls_back(site: Path, make_app: Any) -> None:
    add_conf(site, "researchtopics_abstract = 'expand'")
    edit(site / "abstract.rst", ":abstract: expand", ":bibtex:")
    app = make_app("html", srcdir=site)
    app.build()
    assert_warned(
        warnings_of(app),
        r"researchtopics_abstract.*'expand'.*collapsed.*\[researchtopics\.config\]",
    )
    assert app.config.researchtopics_abstract == "collapsed"
    details = soup(app, "abstract").select_one("#inside details.rt-abstract")
    assert details is not None and not details.has_attr("open")


def test_config_values_of_the_wrong_type_warn_and_fall_back(site: Path, make_app: Any) -> None:
    add_conf(site, "researchtopics_max_authors = 'two'\nresearchtopics_bibtex = 'no'")
    app = make_app("html", srcdir=site)
    app.build()
    warnings = warnings_of(app)
    assert_warned(warnings, r"researchtopics_max_authors.*'two'.*\[researchtopics\.config\]")
    assert_warned(warnings, r"researchtopics_bibtex.*'no'.*\[researchtopics\.config\]")
    assert app.config.researchtopics_max_authors == 0
    assert app.config.researchtopics_bibtex is True
    assert soup(app).select("#inside details.rt-bibtex")


def test_config_subtype_is_declared() -> None:
    assert "config" in WARNING_SUBTYPES
    assert "outside_source" in WARNING_SUBTYPES
    docs = Path(__file__).parents[1] / "docs" / "warnings.rst"
    text = docs.read_text(encoding="utf-8")
    assert ".. _warning-config:" in text and ".. _warning-outside_source:" in text


# -- 5. warnings caused by a .bib value point at the value --------------------------------


def test_missing_local_file_warns_at_the_bib_field(site: Path, make_app: Any) -> None:
    app = make_app("html", srcdir=site)
    app.build()
    assert_warned(
        warnings_of(app),
        r"refs\.bib:27: WARNING: gone: linked file 'papers/nowhere\.pdf' not found in the "
        r"source folder \(used on page index, line \d+\) \[researchtopics\.missing_file\]",
    )
    assert list(links_of(app, "gone")) == ["Code"]


def test_link_lines_are_recorded_by_the_loader(site: Path) -> None:
    from sphinxcontrib_researchtopics.bib.load import parse_file

    result = parse_file(str(site / "refs.bib"), "topics")
    lines = {(pub.key, link.url): link.line for pub in result.entries for link in pub.links}
    assert lines[("leak", "papers/link.pdf")] == 16
    assert lines[("leak", "linked/secret.txt")] == 17
    assert lines[("gone", "papers/nowhere.pdf")] == 27


def test_hidden_files_of_the_source_folder_are_not_published(site: Path, make_app: Any) -> None:
    """A hidden file or folder is inside the source folder but never a paper's file: a
    .bib naming ``.git/config`` or ``.env`` published it (remote URLs with tokens, keys)."""
    (site / ".git").mkdir()
    (site / ".git" / "config").write_text(SECRET, encoding="utf-8")
    (site / "papers" / ".env").write_text(SECRET, encoding="utf-8")
    edit(
        site / "refs.bib",
        "  pdf = {papers/real.pdf},\n",
        "  pdf = {papers/real.pdf},\n  slides = {.git/config},\n  poster = {papers/%2eenv},\n"
        "  preview = {./papers/.env},\n",
    )
    app = make_app("html", srcdir=site)
    app.build()
    assert SECRET not in published(app)
    assert list(links_of(app, "inside")) == ["Paper"]
    warnings = warnings_of(app)
    for line, field, value in ((7, "slides", ".git/config"), (8, "poster", "papers/%2eenv")):
        url = re.escape(value)
        assert_warned(warnings, rf"refs\.bib:{line}: WARNING: inside: {field}: unsafe URL '{url}'")
    assert_warned(warnings, r"refs\.bib:9: WARNING: inside: preview '\./papers/\.env' is not an")


def test_warnings_show_control_characters_as_escapes(site: Path, make_app: Any) -> None:
    """A .bib key or value is data: a warning quoting it must not carry an ESC sequence
    (a terminal command) or a direction override to the terminal or the CI log."""
    bib = site / "refs.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8")
        + "\n@misc{evil\x1b]0;owned\x07key,\n  title = {T},\n  year = {2020},\n"
        + "  pdf = {papers/no\u202eexist.pdf},\n  topics = {things},\n}\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=site)
    app.build()
    text = app._warning.getvalue()
    assert "evil\\x1b]0;owned\\x07key" in text
    assert "no\\u202eexist.pdf" in text
    assert "\x1b]" not in text and "\u202e" not in text
