"""Links the commands carry from their input into a site: only those the build publishes.

- ``new`` copied a hidden file a .bib names (``pdf = {.ssh/id_rsa}`` in a .bib saved in
  ``~/Downloads``: the folder above it is searched) into the site, and the build
  published it under ``_downloads/``.
- ``import`` wrote ``file:``, ``//host`` and ``../`` links into the .bib as they were
  (advising to copy ``../../etc/passwd`` into the site); the build then dropped them
  with ``unsafe_url`` warnings, so the imported site failed ``sphinx -W``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from sphinxcontrib_researchtopics.bib.load import parse_file
from sphinxcontrib_researchtopics.cli import main

PAGE = """\
## Video

**Paper One** <br>
_Ada Lovelace, Alan Turing_ <br>
<span><pub>Conference on Things (CoT), 2022</pub></span> <br>
[Paper](https://example.org/one.pdf) | [Blog](file:///etc/passwd) | \
[Project](//evil.example/x) | [Dataset](../../../../etc/passwd) | [Slides](slides/one.pdf)
"""


def test_new_never_copies_a_hidden_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh" / "id_rsa").write_text("SECRET KEY\n", encoding="utf-8")
    (home / "Downloads").mkdir()
    (home / "Downloads" / "paper.pdf").write_bytes(b"%PDF-1.4\n")
    bib = home / "Downloads" / "lab.bib"
    bib.write_text(
        "@article{a1, title = {One}, author = {Jane Doe}, year = {2020}, journal = {J},\n"
        "  topics = {vision}, pdf = {.ssh/id_rsa}}\n"
        "@article{a2, title = {Two}, author = {Jane Doe}, year = {2021}, journal = {J},\n"
        "  topics = {vision}, pdf = {paper.pdf}}\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    assert main(["new", str(site), "--bib", str(bib)]) == 0
    out = capsys.readouterr().out
    # the build's own rule (bib.links): listed with the .bib's problems, at its line
    assert re.search(r"lab\.bib:2: WARNING: a1: pdf: unsafe URL '\.ssh/id_rsa' dropped", out)
    assert (site / "paper.pdf").is_file()  # a paper's own file is still copied
    warnings = site / "warnings.txt"
    command = ["-q", "-w", str(warnings), "-b", "html", str(site), str(site / "_build")]
    assert build_main(command) == 0
    assert "pdf: unsafe URL '.ssh/id_rsa' dropped" in warnings.read_text(encoding="utf-8")
    published = [path.read_bytes() for path in (site / "_build").rglob("*") if path.is_file()]
    assert not (site / ".ssh").exists()
    assert not any(b"SECRET KEY" in data for data in published)


def test_import_keeps_only_links_the_build_publishes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "pages" / "video.md"
    page.parent.mkdir()
    page.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "site"
    assert main(["import", str(page), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    for label, url in (
        ("Blog", "file:///etc/passwd"),
        ("Project", "//evil.example/x"),
        ("Dataset", "../../../../etc/passwd"),
    ):
        assert f"{page}:6: warning: link {label!r} ({url}) ignored" in err, err
    advice = [line for line in err.splitlines() if "copy it into the output folder" in line]
    assert len(advice) == 1 and "slides/one.pdf" in advice[0], advice
    result = parse_file(str(out / "publications.bib"), "topics")
    assert [problem.subtype for problem in result.problems] == []
    (entry,) = result.entries
    assert entry.field("pdf") == "https://example.org/one.pdf"
    assert entry.field("slides") == "slides/one.pdf"
    assert not entry.field("blog") and not entry.field("project") and not entry.field("dataset")
    (out / "slides").mkdir()
    (out / "slides" / "one.pdf").write_bytes(b"%PDF-1.4\n")
    (out / "conf.py").write_text(
        "extensions = ['sphinxcontrib_researchtopics']\n"
        "researchtopics_bibfiles = ['publications.bib']\n",
        encoding="utf-8",
    )
    (out / "index.rst").write_text("Lab\n===\n\n.. toctree::\n\n   video\n", encoding="utf-8")
    assert build_main(["-W", "-q", "-b", "html", str(out), str(out / "_build")]) == 0
    soup = BeautifulSoup((out / "_build" / "video.html").read_text("utf-8"), "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    assert not any("passwd" in href or "evil.example" in href for href in hrefs), hrefs
