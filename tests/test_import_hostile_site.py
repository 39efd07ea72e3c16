"""``researchtopics import`` of a hostile al-folio site (tests/data/alfolio-hostile).

Its title would end conf.py's docstring and run code; its YAML has odd types and an
alias bomb; links to a .bib outside the site, a FIFO and a folder named ``.bib`` are
added at test time.  Everything odd is reported with its file; nothing outside the site
is read; the generated files parse back with the title intact.
"""

from __future__ import annotations

import ast
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from sphinxcontrib_researchtopics.cli import main

SITE = Path(__file__).parent / "data" / "alfolio-hostile"


def plan_import(site: Path) -> Any:
    """The import plan (cli.alfolio is imported after cli.importer, as the command does)."""
    from sphinxcontrib_researchtopics.cli.alfolio.site import plan_import as plan

    return plan(site)


TITLE_START = 'Lab """ import os; os.system('


@pytest.fixture
def site(tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(SITE, copy)
    secret = tmp_path / "secret.bib"
    secret.write_text("@misc{secret, title = {Secret}, year = {2020}}\n", encoding="utf-8")
    (copy / "_bibliography" / "secret.bib").symlink_to(secret)
    outside_yaml = tmp_path / "coauthors.yml"
    outside_yaml.write_text("secret:\n  - firstname: Leak\n", encoding="utf-8")
    (copy / "_data" / "coauthors.yml").unlink()
    (copy / "_data" / "coauthors.yml").symlink_to(outside_yaml)
    (copy / "_bibliography" / "folder.bib").mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(copy / "_bibliography" / "pipe.bib")
    return copy


def test_nothing_outside_the_site_is_read_and_odd_values_are_reported(site: Path) -> None:
    plan = plan_import(site)
    report = [str(message) for message in plan.messages]
    text = "\n".join(report)
    assert "_bibliography/secret.bib: error: a symlink to a file outside the site" in text
    assert "_data/coauthors.yml: error: a symlink to a file outside the site" in text
    assert "_bibliography/folder.bib: error: it is a folder" in text
    if hasattr(os, "mkfifo"):
        assert "_bibliography/pipe.bib: error: it is a FIFO" in text
    assert "secret" not in {pub.key for pub in plan.entries}
    assert "Leak" not in plan.files["conf.py"]
    assert "_data/venues.yml:1: error: this YAML is more than 100 aliases" in text
    for expected in (
        "_config.yml:6: warning: description: a mapping is not text",
        "_config.yml:9: warning: max_author_limit: a string is not a positive number",
        "_config.yml:10: warning: scholar: last_name: a list is not a name",
        "_config.yml:10: warning: scholar: first_name: a mapping is not a name",
        "_pages/publications.md:3: warning: title: a list is not text",
        "_pages/publications.md:5: warning: years: '²⁰²⁰' is not a year",
        "_pages/publications.md:5: warning: years: a mapping is not a year",
        "_bibliography/papers.bib:11: warning: doe20: year '²⁰²⁰' is not a year",
    ):
        assert expected in text, (expected, report)


def test_odd_coauthor_records_are_reported(tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(SITE, copy)
    text = "\n".join(str(message) for message in plan_import(copy).messages)
    assert "_data/coauthors.yml:1: warning: smith: url: a number is not a web address" in text
    assert "_data/coauthors.yml:1: warning: smith: firstname: a mapping is not a name" in text
    assert "'smith': a string is not a person" in text


def test_generated_files_keep_the_hostile_title_inert(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["import", str(site), "-o", str(out)]) == 1  # errors reported
    conf = (out / "conf.py").read_text(encoding="utf-8")
    tree = ast.parse(conf)
    assert all(isinstance(node, (ast.Assign, ast.Expr)) for node in tree.body)
    values: dict[str, object] = {}
    exec(compile(tree, "conf.py", "exec"), values)
    title = values["project"]
    assert isinstance(title, str) and title.startswith(TITLE_START)
    assert "${{ github.token }}" in title and "研究室" in title and values["html_title"] == title
    workflow = yaml.safe_load((out / ".github" / "workflows" / "site.yml").read_text())
    step = next(s for s in workflow["jobs"]["build"]["steps"] if "env" in s)
    assert step["env"] == {"RESEARCHTOPICS_BIB_0": "_bibliography/papers.bib"}
    # topics named like Sphinx's own pages get other names
    assert not (out / "search.rst").exists() and not (out / "genindex.rst").exists()
    assert (out / "search-2.rst").exists() and (out / "genindex-2.rst").exists()
