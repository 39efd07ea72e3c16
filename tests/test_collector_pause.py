"""The cyclic collector is paused while a page's entries are made, shaped and written,
and is on again once they are written, for HTML and other builders alike."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sphinxcontrib_researchtopics.bib import load as bibdata
from sphinxcontrib_researchtopics.html import memo, serialize
from sphinxcontrib_researchtopics.sphinxext import resolve, state

ROOTS = Path(__file__).parent / "roots"


@pytest.mark.parametrize("builder", ["html", "singlehtml", "text", "latex"])
def test_the_collector_is_on_after_a_build(
    builder: str, tmp_path: Path, make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    run = serialize.WriteEntries.write_all

    def write_all(self: serialize.WriteEntries) -> None:
        seen.append(gc.isenabled())  # while the entries are written: paused
        run(self)

    monkeypatch.setattr(serialize.WriteEntries, "write_all", write_all)
    src = tmp_path / "site"
    shutil.copytree(ROOTS / "test-snapshot", src)
    bibdata._memory.clear()
    state._states.clear()
    assert gc.isenabled()
    app = make_app(builder, srcdir=src, freshenv=True)
    app.build()
    assert gc.isenabled()
    assert not resolve._paused
    if builder in ("html", "singlehtml"):
        assert seen and not any(seen)
    else:
        assert not seen


def test_pause_and_resume_keep_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        resolve.pause_collector()
        resolve.resume_collector()
        assert not gc.isenabled()
    finally:
        gc.enable()
    resolve.pause_collector()
    resolve.pause_collector()  # a second pause changes nothing
    assert not gc.isenabled()
    resolve.resume_collector()
    assert gc.isenabled()
    resolve.resume_collector()  # nothing paused: nothing to do
    assert gc.isenabled()


def test_the_end_of_the_build_resumes_a_collector_left_paused(
    tmp_path: Path, make_app: Callable[..., Any]
) -> None:
    """A page whose entries were never written (an error in between) cannot leave the
    process without its collector."""
    src = tmp_path / "site"
    shutil.copytree(ROOTS / "test-snapshot", src)
    app = make_app("html", srcdir=src, freshenv=True)
    resolve.pause_collector()
    assert not gc.isenabled()
    memo.on_build_finished(app, None)
    assert gc.isenabled()
