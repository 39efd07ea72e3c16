"""The collector is held back only as :mod:`..bib.collector` says: paused blocks give it
back as it was, and what a build freezes for reading and writing is thawed when the build
ends, whether it failed or not, and never someone else's freeze."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from sphinxcontrib_researchtopics.bib.collector import freeze, paused, thaw


@pytest.fixture(autouse=True)
def _thawed() -> Iterator[None]:
    assert gc.get_freeze_count() == 0
    yield
    gc.unfreeze()


def test_paused_gives_the_collector_back_as_it_was() -> None:
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outermost block decides
    assert gc.isenabled()
    with pytest.raises(ValueError), paused():
        raise ValueError("the work raised")
    assert gc.isenabled()


def test_freeze_leaves_a_freeze_in_force_to_its_owner() -> None:
    assert freeze() is True and gc.get_freeze_count() > 0
    assert freeze() is False  # already frozen: not ours to thaw
    thaw()
    assert gc.get_freeze_count() == 0


def test_the_owner_of_a_freeze_freezes_again() -> None:
    assert freeze() is True
    count = gc.get_freeze_count()
    made_since = [[index] for index in range(1000)]  # young objects, not yet frozen
    assert freeze(owned=True) is True
    assert gc.get_freeze_count() >= count + len(made_since)
    thaw()
    assert gc.get_freeze_count() == 0


def _note_freeze(app: Any, seen: list[int]) -> None:
    app.connect("html-page-context", lambda *args: seen.append(gc.get_freeze_count()))


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_a_build_reads_and_writes_frozen_and_ends_thawed(app: Any) -> None:
    seen: list[int] = []
    _note_freeze(app, seen)
    read: list[int] = []  # what the readers that -j forks would inherit
    app.connect("source-read", lambda *args: read.append(gc.get_freeze_count()))
    app.build()
    assert read and all(count > 0 for count in read)
    assert seen and all(count > 0 for count in seen)
    assert gc.get_freeze_count() == 0


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_a_failed_build_ends_thawed(app: Any) -> None:
    def fail(*args: Any) -> None:
        raise RuntimeError("a theme's handler broke")

    app.connect("html-page-context", fail)
    with pytest.raises(Exception, match="a theme's handler broke"):
        app.build()
    assert gc.get_freeze_count() == 0


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_a_freeze_made_before_the_build_is_left_alone(app: Any) -> None:
    gc.freeze()
    app.build()
    assert gc.get_freeze_count() > 0  # the build did not thaw what it did not freeze
