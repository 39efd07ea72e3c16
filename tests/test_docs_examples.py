"""The docs' command examples, run: what a page says a command prints is what it prints.

Against the local server replaying recorded API formats (tests/enrich_server.py), as the
pages' "Try it against the test server" sections describe; no test reaches the internet.
"""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import soup
from enrich_server import DATA, FixtureServer, serving_at_once
from sphinx.cmd.build import main as build_main

from sphinxcontrib_researchtopics.cli import main
from sphinxcontrib_researchtopics.sphinxext.directives import (
    PublicationDirective,
    PublicationsDirective,
    TopicNavDirective,
)
from sphinxcontrib_researchtopics.sphinxext.stats import PublicationStatsDirective

DOCS = Path(__file__).parent.parent / "docs"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FixtureServer]:
    with serving_at_once(monkeypatch) as fixture:
        yield fixture


def block_after(page: str, marker: str, nth: int = 1) -> list[str]:
    """The lines of the *nth* code block after *marker* on docs/*page*, dedented."""
    text = (DOCS / page).read_text(encoding="utf-8")
    lines = text[text.index(marker) :].splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith(".. code-block::")]
    start = starts[nth - 1] + 1
    while not lines[start].strip():
        start += 1
    block = []
    for line in lines[start:]:
        if line.strip() and not line.startswith("   "):
            break
        block.append(line[3:].rstrip())
    while block and not block[-1]:
        block.pop()
    return block


def test_enrich_report_is_what_the_command_prints(
    server: FixtureServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    command = block_after("enrich.rst", "Try it against the test server")[-1]
    assert command.startswith("$ researchtopics enrich tests/data/enrich/example.bib")
    shutil.copy(DATA / "example.bib", tmp_path / "example.bib")
    args = shlex.split(command)[2:]
    args[1] = str(tmp_path / "example.bib")
    args[args.index("--data") + 1] = str(tmp_path / "enrich.json")
    assert main(args) == 0
    printed = [line.rstrip() for line in capsys.readouterr().out.splitlines()]
    assert printed == block_after("enrich.rst", "The report it prints")


def test_authors_try_it_commands_succeed(
    server: FixtureServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each command of the authors page's "Try it" exits 0, the build's flags included."""
    commands = block_after("authors.rst", "Try it against the test server")
    new = next(line for line in commands if line.startswith("$ researchtopics new"))
    build = next(line for line in commands if line.startswith("$ python -m sphinx"))
    site = tmp_path / "mylab"
    new_args = [str(site) if arg == "/tmp/mylab" else arg for arg in shlex.split(new)[2:]]
    assert main(new_args) == 0
    build_args = shlex.split(build.replace("/tmp/mylab", str(site)))[4:]
    assert build_main(["-q", *build_args]) == 0


@pytest.mark.sphinx("html", testroot="browser", freshenv=True)
def test_every_selector_of_the_restyling_example_matches(app: Any) -> None:
    """html.rst's lab.css styles something: each rule's selector (pseudo-elements and the
    theme-mode rules aside) matches an element of a built page."""
    app.build()
    css = "\n".join(block_after("html.rst", "Add a stylesheet to your project", 2))
    selectors = [
        rule.split("{")[0].strip().split("::")[0]
        for rule in css.splitlines()
        if "{" in rule and not rule.lstrip().startswith("@") and "data-theme" not in rule
    ]
    assert len(selectors) >= 8, selectors
    pages = [soup(app, name) for name in ("index", "video", "image")]
    unmatched = [sel for sel in selectors if not any(page.select(sel) for page in pages)]
    assert not unmatched


def documented_options() -> dict[str, set[str]]:
    """directives.rst's ``rst:directive:option`` names, per ``rst:directive``."""
    found: dict[str, set[str]] = {}
    current = ""
    for line in (DOCS / "directives.rst").read_text(encoding="utf-8").splitlines():
        directive = re.match(r"\.\. rst:directive:: \.\. ([\w-]+)::", line)
        option = re.match(r"\s+\.\. rst:directive:option:: ([\w-]+)", line)
        if directive:
            current = directive.group(1)
            found[current] = set()
        elif option:
            found[current].add(option.group(1))
    return found


def test_directives_page_lists_every_option_of_every_directive() -> None:
    documented = documented_options()
    directives = {
        "publication": PublicationDirective,
        "publications": PublicationsDirective,
        "topic-nav": TopicNavDirective,
        "publication-stats": PublicationStatsDirective,
    }
    # publication-stats names the selecting options in a sentence ("with the same options")
    text = (DOCS / "directives.rst").read_text(encoding="utf-8")
    same = text[text.index("It selects entries as :rst:dir:`publications` does") :]
    same = same[: same.index("\n\n")]
    documented["publication-stats"] |= set(re.findall(r"``:([\w-]+):``", same))
    assert set(documented) == set(directives)
    for name, directive in directives.items():
        assert documented[name] == set(directive.option_spec), name
