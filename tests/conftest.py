"""Shared fixtures: Sphinx's testing plugin, test roots, parsed HTML and warnings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
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
    from sphinxcontrib_researchtopics.bib import load as bibdata
    from sphinxcontrib_researchtopics.sphinxext import state

    bibdata._memory.clear()
    state._states.clear()
    yield


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
