"""BibTeX views made by a second process while a page is written: the pages are byte for
byte those of a build in one process, a later build takes the views from the store
without a child, and a child that fails only costs time."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_written_entries import _build, _pages, _site

from sphinxcontrib_researchtopics.bib import worker
from sphinxcontrib_researchtopics.html import viewworker

pytestmark = pytest.mark.skipif(not worker.available(), reason="no second process here")


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[worker.Worker | None]:
    """Every page with an entry lacking a view starts a child; the list collects them."""
    started: list[worker.Worker | None] = []
    real_start = worker.start

    def start(work: Any) -> worker.Worker | None:
        started.append(real_start(work))
        return started[-1]

    monkeypatch.setattr(viewworker, "ASIDE_AT_LEAST", 1)
    monkeypatch.setattr(worker, "start", start)
    return started


def _one_process(make_app: Callable[..., Any], tmp_path: Path, root: str) -> dict[str, str]:
    os.environ[worker.ENV_SWITCH] = "1"
    try:
        return _pages(_build(make_app, _site(tmp_path, root, "one")))
    finally:
        del os.environ[worker.ENV_SWITCH]


@pytest.mark.parametrize("root", ["expand", "site", "basic"])
def test_views_made_aside_give_the_same_pages(
    root: str,
    tmp_path: Path,
    make_app: Callable[..., Any],
    children: list[worker.Worker | None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = _one_process(make_app, tmp_path / "a", root)
    assert all(child is None for child in children)  # asked for one process: no child
    children.clear()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "fresh-cache"))
    site = _site(tmp_path, root, "two")
    pages = _pages(_build(make_app, site))
    assert children and all(child is not None for child in children)
    assert pages == expected
    assert "rt-bibtex" in "".join(pages.values())
    started = len(children)
    assert _pages(_build(make_app, site)) == expected  # the views are in the store now
    assert len(children) == started


@pytest.mark.parametrize("failure", ["raises", "exits"])
def test_a_failing_child_costs_only_time(
    failure: str,
    tmp_path: Path,
    make_app: Callable[..., Any],
    children: list[worker.Worker | None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = _one_process(make_app, tmp_path / "a", "expand")
    children.clear()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "fresh-cache"))
    parent = os.getpid()
    real = viewworker._make

    def broken(views: Any, store: Any, publications: Any) -> int:
        if os.getpid() == parent:
            return real(views, store, publications)
        if failure == "exits":
            os._exit(3)
        raise RuntimeError("child broke")

    monkeypatch.setattr(viewworker, "_make", broken)
    assert _pages(_build(make_app, _site(tmp_path, "expand", "two"))) == expected
    assert children and all(child is not None for child in children)


def test_small_pages_make_their_views_at_the_end(
    tmp_path: Path, make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[object] = []
    monkeypatch.setattr(worker, "start", lambda work: started.append(work))
    pages = _pages(_build(make_app, _site(tmp_path, "expand")))
    assert "rt-bibtex" in "".join(pages.values())
    assert started == []  # a few entries: fewer than ASIDE_AT_LEAST
