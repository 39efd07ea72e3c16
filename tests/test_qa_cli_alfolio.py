"""``import SITE_DIR``: a site whose ``papers.bib`` is saved as UTF-16 (or UTF-32).

The entries were read as the build reads them (the byte order mark names the encoding),
but the file written into the new site was the UTF-16 bytes decoded as UTF-8: NULs and
replacement characters, path fields "cannot be rewritten", and a .bib the build reads
as binary data.  The new site's .bib is now the same text as from a UTF-8 site.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sphinx.cmd.build import build_main

from sphinxcontrib_researchtopics.bib.load import parse_file
from sphinxcontrib_researchtopics.cli import main

SITE = Path(__file__).parent / "data" / "alfolio-site"
BIB = "_bibliography/papers.bib"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_a_unicode_bib_imports_as_its_utf8_text(
    encoding: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(SITE), "-o", str(tmp_path / "from-utf8")]) == 0
    utf8_report = capsys.readouterr().err.replace(str(SITE), "SITE")
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    text = (site / BIB).read_text(encoding="utf-8")
    (site / BIB).write_text(text, encoding=encoding)
    out = tmp_path / "out"
    assert main(["import", str(site), "-o", str(out)]) == 0
    assert capsys.readouterr().err.replace(str(site), "SITE") == utf8_report
    written = (out / BIB).read_bytes()
    assert b"\x00" not in written
    assert written == (tmp_path / "from-utf8" / BIB).read_bytes()
    result = parse_file(str(out / BIB), "topics")
    assert not result.problems and len(result.entries) == 9
    assert build_main(["-W", "-q", "-b", "html", str(out), str(out / "_build")]) == 0


def test_urls_the_build_would_drop_are_left_out_with_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A path field holding a URL was copied as is whatever its scheme (``javascript://``,
    an ``http://`` thumbnail): the build dropped it with ``unsafe_url`` and failed -W."""
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    text = (site / BIB).read_text(encoding="utf-8")
    text = text.replace(
        "@book{einstein1920relativity,",
        "@book{einstein1920relativity,\n  slides={javascript://%0aalert(1)},"
        "\n  poster={https://example.org/p.pdf},",
        1,
    ).replace("preview={wave-mechanics.gif}", "preview={http://example.org/w.gif}")
    (site / BIB).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["import", str(site), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{site / BIB}:7: error: einstein1920relativity: slides = " in err
    assert "preview = {http://example.org/w.gif} is not a safe URL; left out" in err
    written = parse_file(str(out / BIB), "topics").entries
    by_key = {pub.key: pub for pub in written}
    assert by_key["einstein1920relativity"].field("poster") == "https://example.org/p.pdf"
    assert not by_key["einstein1920relativity"].field("slides")
    assert main(["check", str(out / BIB)]) == 0
    assert build_main(["-W", "-q", "-b", "html", str(out), str(out / "_build")]) == 0


@pytest.mark.parametrize(
    ("name", "mangle", "line"),
    [
        ("_config.yml", lambda text: text.encode("utf-16"), 1),
        (
            "_pages/publications.md",
            lambda text: text.replace("nav: true", "nav: tr\x01ue").encode("utf-8"),
            7,
        ),
    ],
)
def test_yaml_with_characters_yaml_forbids_is_a_located_error(
    name: str, mangle: Any, line: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """PyYAML refuses NUL and control characters when the loader is made, which was
    outside the error handling: a UTF-16 ``_config.yml`` or a control character in a
    page's front matter ended the import with a traceback."""
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    (site / name).write_bytes(mangle((site / name).read_text(encoding="utf-8")))
    assert main(["import", str(site), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"{site / name}:{line}: error: cannot read this YAML (the character U+" in err
    assert "Traceback" not in err


def test_import_force_into_a_site_keeps_its_pages_in_the_toctree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``import SITE -o DIR --force`` over a folder with pages of its own (a site ``new``
    made) kept them but listed them nowhere: -W failed with "isn't included in any
    toctree"."""
    out = tmp_path / "out"
    bib = tmp_path / "lab.bib"
    bib.write_text(
        "@article{a1, title = {One}, author = {Jane Doe}, year = {2020}, journal = {J},\n"
        "  topics = {vision}}\n",
        encoding="utf-8",
    )
    assert main(["new", str(out), "--bib", str(bib)]) == 0
    assert main(["import", str(SITE), "-o", str(out), "--force"]) == 0
    capsys.readouterr()
    assert build_main(["-W", "-q", "-b", "html", str(out), str(out / "_build")]) == 0
    assert (out / "_build" / "vision.html").is_file()
