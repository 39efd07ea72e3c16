"""Shared fixtures: Sphinx's testing plugin, test roots, parsed HTML and warnings."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sphinx.locale
from bs4 import BeautifulSoup

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Test roots live in tests/roots/test-NAME (``@pytest.mark.sphinx(testroot=NAME)``)."""
    return ROOTS


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Each test gets its own parse cache, so no test sees another's cached files."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    yield


@pytest.fixture(autouse=True)
def _fresh_translators() -> Iterator[None]:
    """Each test starts with no message catalog loaded: a build run in the test process
    (``build_main``) leaves its language's catalogs for every later build, which Sphinx's
    test app clears only after its own builds."""
    yield
    sphinx.locale.translators.clear()


def soup(app: Any, docname: str = "index", suffix: str = ".html") -> BeautifulSoup:
    """The built page *docname* of *app*, parsed."""
    path = Path(app.outdir) / f"{docname}{suffix}"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


_COLOURS = re.compile(r"\x1b\[[0-9;]*m")


def warnings_of(app: Any) -> list[str]:
    """The warning lines of a build, without terminal colours."""
    text = _COLOURS.sub("", app._warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]


def assert_warned(warnings: list[str], pattern: str) -> None:
    """Some warning matches the regular expression *pattern* (all are shown if none)."""
    assert any(re.search(pattern, line) for line in warnings), warnings


def rebuild_site(tmp_path: Path, extra_bib: str) -> Path:
    """A copy of the ``test-rebuild`` root with *extra_bib* added to its ``papers.bib``."""
    src = tmp_path / "site"
    shutil.copytree(ROOTS / "test-rebuild", src)
    with open(src / "papers.bib", "a", encoding="utf-8") as stream:
        stream.write(extra_bib)
    return src


def tracked_build(make_app: Any, srcdir: Path) -> tuple[Any, set[str], set[str]]:
    """A fresh application's build, as each sphinx-build run is: (app, read, written)."""
    app = make_app("html", srcdir=srcdir)
    read: set[str] = set()
    written: set[str] = set()
    app.connect("env-before-read-docs", lambda app, env, docs: read.update(docs))
    app.connect("html-page-context", lambda app, page, *rest: written.add(page))
    app.build()
    return app, read, written


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in *path*, moving its mtime on so an incremental build sees the change
    (file-system clocks can be coarser than the time between two builds)."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def run_doc_commands(page: Path, cwd: Path) -> list[subprocess.CompletedProcess[str]]:
    """Run every ``$`` command of a docs *page* after its first (the install), in order,
    in *cwd*, with this checkout's package: each must succeed; their results, in order.

    ``python`` is this interpreter and ``researchtopics`` its command, whatever the PATH.
    """
    commands = [
        line.strip()[2:]
        for line in page.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("$ ")
    ]
    assert commands and commands[0].startswith("python -m pip install"), commands[:1]
    checkout = str(Path(__file__).resolve().parents[1])
    path = os.pathsep.join(filter(None, [checkout, os.environ.get("PYTHONPATH", "")]))
    env = {**os.environ, "PYTHONPATH": path}
    results = []
    for command in commands[1:]:
        argv = shlex.split(command)
        if argv[0] == "python":
            argv[0] = sys.executable
        elif argv[0] == "researchtopics":
            argv = [sys.executable, "-m", "sphinxcontrib_researchtopics.cli", *argv[1:]]
        done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        results.append(done)
    return results
