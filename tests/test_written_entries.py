"""Entries written to HTML by a post-transform, and kept by content for later builds.

* What :mod:`~sphinxcontrib_researchtopics.html.serialize` writes is byte for byte what
  the page's translator writes for the same nodes, and its shortcut is checked.
* A later build takes each entry it can from the memo (no nodes made) and writes the
  same pages; anything the HTML depends on (here: a config value) gives new keys; a
  damaged memo is a miss.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sphinxcontrib_researchtopics.bib import load as bibdata
from sphinxcontrib_researchtopics.html import serialize
from sphinxcontrib_researchtopics.html.memo import EntryMemo
from sphinxcontrib_researchtopics.sphinxext import state
from sphinxcontrib_researchtopics.sphinxext.state import get_state

ROOTS = Path(__file__).parent / "roots"


def _pages(app: Any) -> dict[str, str]:
    out = Path(app.outdir)
    return {
        path.relative_to(out).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(out.rglob("*.html"))
    }


def _site(tmp_path: Path, root: str, name: str = "site") -> Path:
    src = tmp_path / name
    shutil.copytree(ROOTS / f"test-{root}", src)
    return src


def _build(make_app: Callable[..., Any], src: Path, **overrides: Any) -> Any:
    """A build in a new process's state, into an empty output folder."""
    bibdata._memory.clear()
    state._states.clear()
    shutil.rmtree(src / "_build", ignore_errors=True)
    app = make_app("html", srcdir=src, freshenv=True, confoverrides=overrides)
    app.build()
    return app


def _memo(app: Any) -> EntryMemo:
    memo = get_state(app.env).entry_memo
    assert isinstance(memo, EntryMemo)
    return memo


@pytest.mark.parametrize("root", ["snapshot", "reader", "expand"])
def test_written_entries_are_what_the_translator_writes(
    root: str, tmp_path: Path, make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    written = _build(make_app, _site(tmp_path, root, "a"))
    text = "".join(_pages(written).values())
    assert 'class="rt-publication"' in text
    assert "<!--rt-entry" not in text and "<!--rt-bibtex" not in text  # all put back
    monkeypatch.setattr(serialize, "WRITABLE", frozenset())  # every entry left as nodes
    translated = _build(make_app, _site(tmp_path, root, "b"))
    assert _pages(written) == _pages(translated)


def test_the_shortcut_is_checked(
    tmp_path: Path, make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _pages(_build(make_app, _site(tmp_path, "snapshot", "a")))
    monkeypatch.setattr(serialize, "_shortcut_ok", {})
    monkeypatch.setattr(
        serialize.EntryWriter,
        "_strong",
        lambda self, node, searchable: self._simple(node, "b", searchable),
    )
    app = _build(make_app, _site(tmp_path, "snapshot", "b"))
    assert _pages(app) == expected
    assert list(serialize._shortcut_ok.values()) == [False]


def test_a_later_build_takes_entries_from_the_memo(
    tmp_path: Path, make_app: Callable[..., Any]
) -> None:
    src = _site(tmp_path, "snapshot")
    cache = str(tmp_path / "cache")
    first = _build(make_app, src, researchtopics_cache_dir=cache)
    kept = _memo(first).kept
    assert kept >= 3 and _memo(first).recalled == 0
    second = _build(make_app, src, researchtopics_cache_dir=cache)
    assert _memo(second).recalled == kept
    assert _pages(second) == _pages(first)


def test_the_memo_follows_what_the_html_depends_on(
    tmp_path: Path, make_app: Callable[..., Any]
) -> None:
    src = _site(tmp_path, "snapshot")
    cache = str(tmp_path / "cache")
    _build(make_app, src, researchtopics_cache_dir=cache)
    labels = {"paper": "Full text"}
    app = _build(make_app, src, researchtopics_cache_dir=cache, researchtopics_link_labels=labels)
    assert _memo(app).recalled == 0
    assert ">Full text</a>" in _pages(app)["index.html"]
    # an edited entry is written anew; the others come from the memo
    bib = src / "snap.bib"
    text = bib.read_text(encoding="utf-8")
    title = "An Edited Book"
    assert title in text
    bib.write_text(text.replace(title, "An Edited Volume", 1), encoding="utf-8")
    again = _build(make_app, src, researchtopics_cache_dir=cache, researchtopics_link_labels=labels)
    assert _memo(again).kept == 1 and _memo(again).recalled > 0
    assert "An Edited Volume" in "".join(_pages(again).values())


def test_a_damaged_memo_is_a_miss(tmp_path: Path, make_app: Callable[..., Any]) -> None:
    src = _site(tmp_path, "snapshot")
    cache = str(tmp_path / "cache")
    first = _build(make_app, src, researchtopics_cache_dir=cache)
    kept = _memo(first).kept
    store = _memo(first).store
    index, data = Path(store.index_path), Path(store.data_path)
    good = data.read_bytes()
    damages = [
        (index, b"not a pickle"),
        (index, b"\x80\x05N."),  # a pickled None
        (data, good[: len(good) // 2]),  # truncated
        (data, good.replace(b"rt-", b"xx-")),  # changed bytes (the CRC tells)
    ]
    for path, damage in damages:
        original = path.read_bytes()
        path.write_bytes(damage)
        app = _build(make_app, src, researchtopics_cache_dir=cache)
        assert _memo(app).recalled < kept
        assert _pages(app) == _pages(first)
        path.write_bytes(original)
