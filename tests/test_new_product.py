"""``researchtopics new`` makes a site with the whole product on: paper pages (Scholar
tags), member pages, the feed, the finder and the Cite panel, each with a flag that
leaves it out; ``--url`` sets ``html_baseurl``; the requirements name the extras."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from sphinxcontrib_researchtopics.cli import main
from sphinxcontrib_researchtopics.cli.scaffold.features import FEATURES

LAB = Path(__file__).resolve().parents[1] / "docs" / "papers" / "lab.bib"


def _conf(site: Path) -> dict[str, object]:
    """conf.py's top-level settings, read as Python literals."""
    tree = ast.parse((site / "conf.py").read_text(encoding="utf-8"))
    return {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }


def test_new_turns_on_the_whole_product(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "mylab"
    argv = ["new", str(site), "--bib", str(LAB), "--url", "https://lab.example.org/"]
    assert main([*argv, "--members", "Zhiwei Xiong"]) == 0
    assert "No --url" not in capsys.readouterr().out
    conf = _conf(site)
    assert conf["html_baseurl"] == "https://lab.example.org/"
    assert conf["researchtopics_paper_pages"] == "papers"
    assert conf["researchtopics_member_pages"] == "people"
    assert conf["researchtopics_feed"] == "publications.atom"
    assert conf["researchtopics_cite"] == "all"
    requirements = (site / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert requirements[0] == "sphinxcontrib-researchtopics[feed,cite]"
    readme = (site / "README.md").read_text(encoding="utf-8")
    assert all(f"--no-{feature.name}" in readme for feature in FEATURES)
    assert build_main(["-W", "-q", "-b", "html", str(site), str(site / "_build" / "html")]) == 0
    out = site / "_build" / "html"
    paper = BeautifulSoup((out / "papers" / "gao22.html").read_text(), "html.parser")
    assert paper.find("meta", attrs={"name": "citation_title"}) is not None
    assert (out / "people" / "zhiwei-xiong.html").is_file()
    assert "<feed" in (out / "publications.atom").read_text(encoding="utf-8")
    page = BeautifulSoup((out / "all.html").read_text(), "html.parser")
    assert page.select_one("script.rt-finder-data") is not None
    assert page.select_one("a.rt-paper-link") is not None


def test_each_feature_can_be_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "plain"
    flags = [f"--no-{feature.name}" for feature in FEATURES]
    assert main(["new", str(site), "--bib", str(LAB), *flags]) == 0
    assert "No --url" in capsys.readouterr().out
    conf = _conf(site)
    assert "html_baseurl" not in conf
    assert conf["researchtopics_paper_pages"] is None
    assert conf["researchtopics_member_pages"] is None
    assert conf["researchtopics_feed"] is None
    assert conf["researchtopics_finder"] is False
    assert conf["researchtopics_cite"] == "single"
    assert (site / "requirements.txt").read_text().splitlines()[0] == "sphinxcontrib-researchtopics"
    assert build_main(["-W", "-q", "-b", "html", str(site), str(site / "_build" / "html")]) == 0
    out = site / "_build" / "html"
    assert not (out / "papers").exists() and not (out / "publications.atom").exists()


def test_a_url_must_be_a_web_address(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["new", str(tmp_path / "x"), "--bib", str(LAB), "--url", "javascript:alert(1)"]
    assert main(argv) == 2
    assert "--url" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_an_imported_sites_readme_names_settings_not_new_flags() -> None:
    from sphinxcontrib_researchtopics.cli.scaffold.features import Features

    lines = Features().readme_lines(flags=False)
    assert len(lines) == len(FEATURES)
    assert not any("--no-" in line for line in lines)
    assert all("turns it off" in line for line in lines)
