"""Entries and BibTeX views written by a second process while the page is written: the
pages are byte for byte those of a build in one process, the entries are kept for the
next build, and a child that fails, dies or sends nonsense only costs time."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import record_children
from test_written_entries import _build, _memo, _pages, _site

from sphinxcontrib_researchtopics.bib import load as bibdata
from sphinxcontrib_researchtopics.bib import worker
from sphinxcontrib_researchtopics.html import aside
from sphinxcontrib_researchtopics.sphinxext import state

pytestmark = pytest.mark.skipif(not worker.can_fork(), reason="no second process here")


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[worker.Worker | None]:
    """Every page with an entry the memo lacks starts a child; the list collects them."""
    monkeypatch.setattr(aside, "ENTRIES_AT_LEAST", 1)
    monkeypatch.setattr(aside, "VIEWS_AT_LEAST", 1)
    return record_children(monkeypatch)


def _output(app: Any) -> dict[str, str]:
    """The pages and the per-page BibTeX files of a build."""
    folder = Path(app.outdir) / "_bibtex"
    files = {p.relative_to(folder).as_posix(): p.read_text() for p in folder.rglob("*.bib*")}
    return {**_pages(app), **{f"_bibtex/{name}": text for name, text in files.items()}}


def _expected(
    make_app: Callable[..., Any],
    tmp_path: Path,
    root: str,
    children: list[worker.Worker | None],
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, str]:
    """The output of a build in one process; later builds then start with a new cache."""
    expected = _one_process(make_app, tmp_path / "a", root)
    assert all(child is None for child in children)  # asked for one process: no child
    children.clear()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "fresh-cache"))
    return expected


def _one_process(make_app: Callable[..., Any], tmp_path: Path, root: str) -> dict[str, str]:
    os.environ[worker.ENV_SWITCH] = "1"
    try:
        return _output(_build(make_app, _site(tmp_path, root, "one")))
    finally:
        del os.environ[worker.ENV_SWITCH]


@pytest.mark.parametrize("root", ["expand", "site", "basic", "pages"])
def test_entries_written_aside_give_the_same_pages(
    root: str,
    tmp_path: Path,
    make_app: Callable[..., Any],
    children: list[worker.Worker | None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = _expected(make_app, tmp_path, root, children, monkeypatch)
    site = _site(tmp_path, root, "two")
    taken, made_here = aside.taken, aside.made_here
    app = _build(make_app, site)
    assert aside.taken > taken  # placeholders filled with what the child wrote
    # only entries the writer leaves to the translator (here: LaTeX math) are made here
    assert aside.made_here - made_here == (1 if root == "basic" else 0)
    assert children and all(child is not None for child in children)
    assert _output(app) == expected  # pages and .bib files, and no file left prepared
    assert "rt-bibtex" in "".join(expected.values())
    assert any(name.startswith("_bibtex/") for name in expected)
    kept = _memo(app).kept
    assert kept > 0
    again = _build(make_app, site)  # the entries the child wrote were kept
    assert _memo(again).recalled == kept and _memo(again).kept == 0
    assert len(children) == len([c for c in children if c is not None])
    assert _output(again) == expected


@pytest.mark.parametrize("failure", ["raises", "exits", "nonsense", "one missing"])
def test_a_failing_child_costs_only_time(
    failure: str,
    tmp_path: Path,
    make_app: Callable[..., Any],
    children: list[worker.Worker | None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = _expected(make_app, tmp_path, "site", children, monkeypatch)
    parent = os.getpid()
    real = aside._sendable

    def broken(written: Any) -> Any:
        if os.getpid() == parent:
            return real(written)
        if failure == "exits":
            os._exit(3)
        if failure == "raises":
            raise RuntimeError("child broke")
        if failure == "nonsense":
            return {"x": "not a pair"}
        sent = real(written)
        sent.pop(next(iter(sent)))
        return sent

    monkeypatch.setattr(aside, "_sendable", broken)
    taken, made_here = aside.taken, aside.made_here
    app = _build(make_app, _site(tmp_path, "site", "two"))
    assert _output(app) == expected
    pages = len(children)
    if failure == "one missing":  # one entry per page written here, the rest taken
        assert aside.made_here - made_here == pages
    else:
        assert aside.taken == taken and aside.made_here > made_here
    assert children and all(child is not None for child in children)


def test_rebuilds_and_small_pages_stay_in_one_process(
    tmp_path: Path, make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[object] = []
    monkeypatch.setattr(worker, "start", lambda work, then=None: started.append(work))
    pages = _pages(_build(make_app, _site(tmp_path, "site")))
    assert "rt-bibtex" in "".join(pages.values())
    assert started == []  # a few entries: fewer than ENTRIES_AT_LEAST


def test_a_file_prepared_for_a_failed_build_is_not_published(
    tmp_path: Path, make_app: Callable[..., Any]
) -> None:
    site = _site(tmp_path, "site")
    app = _build(make_app, site)
    folder = Path(app.outdir) / "_bibtex"
    published = sorted(folder.rglob("*.bib"))
    assert published
    stray = published[0].with_name(published[0].name + ".0123456789abcdef")
    stray.write_text("@misc{stale, title = {left by a build that stopped}}\n")
    again = make_app("html", srcdir=site, freshenv=False)  # the same output folder
    again.build()
    assert not stray.exists()
    assert sorted(folder.rglob("*.bib")) == published


def test_parallel_writers_give_the_same_site(
    tmp_path: Path,
    make_app: Callable[..., Any],
    children: list[worker.Worker | None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``-j 2``: Sphinx's writer processes fork while a page's child may run."""
    expected = _expected(make_app, tmp_path, "perf-split", children, monkeypatch)
    site = _site(tmp_path, "perf-split", "two")
    bibdata._memory.clear()
    state._states.clear()
    app = make_app("html", srcdir=site, freshenv=True, parallel=2)
    app.build()
    assert children and all(child is not None for child in children)
    assert _output(app) == expected
