"""``researchtopics new``: problems shown before "build it", a .bib already in the site,
virtual environments kept out of the sources, a workflow that checks the real .bib."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sphinx.cmd.build import build_main

from sphinxcontrib_researchtopics.cli import main

ENTRIES = (
    "@article{a1,\n  title = {One},\n  author = {Doe, Jane},\n  year = {2020},\n"
    "  topics = {vision, env},\n}\n\n"
    "@article{a2,\n  title = {Two},\n  title = {Twice},\n  year = {²⁰²¹},\n}\n"
)


def _build(site: Path) -> int:
    return build_main(["-q", "-b", "html", str(site), str(site / "_build" / "html")])


def _check_env(site: Path) -> dict[str, str]:
    workflow = yaml.safe_load((site / ".github" / "workflows" / "site.yml").read_text())
    step = next(s for s in workflow["jobs"]["build"]["steps"] if "env" in s)
    return dict(step["env"])


def test_problems_are_printed_before_build_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "lab.bib"
    bib.write_text(ENTRIES, encoding="utf-8")
    assert main(["new", str(tmp_path / "site"), "--bib", str(bib)]) == 0
    out = capsys.readouterr().out.splitlines()
    build_at = next(n for n, line in enumerate(out) if line.startswith("Build it"))
    problems = [n for n, line in enumerate(out) if f"{bib}:" in line and "WARNING" in line]
    assert len(problems) == 2 and max(problems) < build_at, out
    assert any("the build will warn" in line for line in out[:build_at])


def test_a_bib_already_in_the_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    (site / "data").mkdir(parents=True)
    bib = site / "data" / "lab.bib"
    bib.write_text(ENTRIES.replace("²⁰²¹", "2021").replace("  title = {Twice},\n", ""))
    assert main(["new", str(site), "--bib", str(bib)]) == 0
    assert "researchtopics_bibfiles = ['data/lab.bib']" in (site / "conf.py").read_text()
    assert not (site / "lab.bib").exists()
    assert _check_env(site) == {"RESEARCHTOPICS_BIB_0": "data/lab.bib"}
    assert build_main(["-W", "-q", "-b", "html", str(site), str(site / "_build")]) == 0


def test_virtual_environments_are_not_sources(tmp_path: Path) -> None:
    site = tmp_path / "site"
    broken = "Broken\n===\n\n.. no-such-directive::\n"
    for folder in (".venv/lib/python3.11/site-packages/pkg", "venv/share", "node_modules/x"):
        (site / folder).mkdir(parents=True)
        (site / folder / "doc.rst").write_text(broken)
    bib = tmp_path / "lab.bib"
    bib.write_text(ENTRIES.replace("²⁰²¹", "2021").replace("  title = {Twice},\n", ""))
    assert main(["new", str(site), "--bib", str(bib), "--force"]) == 0
    # a topic tagged "env" does not get a name that exclude_patterns hides
    assert not (site / "env.rst").exists() and (site / "env-2.rst").exists()
    assert build_main(["-W", "-q", "-b", "html", str(site), str(site / "_build")]) == 0


def test_no_copy_outside_the_site_is_not_checked_by_the_workflow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "lab.bib"
    bib.write_text(ENTRIES, encoding="utf-8")
    site = tmp_path / "site"
    assert main(["new", str(site), "--bib", str(bib), "--no-copy"]) == 0
    workflow = yaml.safe_load((site / ".github" / "workflows" / "site.yml").read_text())
    runs = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert not any("researchtopics check" in run for run in runs)
    assert "the GitHub Pages workflow does not check it" in capsys.readouterr().out


def test_topic_pages_never_replace_existing_pages(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "vision.rst").write_text("Our vision\n==========\n\nHand-written.\n")
    bib = tmp_path / "lab.bib"
    bib.write_text(ENTRIES.replace("²⁰²¹", "2021").replace("  title = {Twice},\n", ""))
    assert main(["new", str(site), "--bib", str(bib), "--force"]) == 0
    assert "Hand-written." in (site / "vision.rst").read_text()
    assert ":topic: vision" in (site / "vision-2.rst").read_text()
