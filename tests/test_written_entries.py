"""Entries written as the page is translated, and kept per page for later builds.

* What :mod:`~sphinxcontrib_researchtopics.html.writer` writes is byte for byte what the
  translator's own walk writes for the same nodes, and its shortcut is checked.
* A later build takes each entry it can from the page's memo file and writes the same
  pages; anything the HTML depends on (a config value, ``language``) gives new keys; an
  edited entry is written anew; a damaged file is a miss; a file holds only what its
  page used; the page's .bib download comes from it too, until an entry changes.
"""

from __future__ import annotations

import json
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from sphinxcontrib_researchtopics.html import downloads, finder, memo, writer
from sphinxcontrib_researchtopics.html.state import HtmlState, html_state
from sphinxcontrib_researchtopics.sphinxext.domain import get_domain

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
    """A build as in a new process, into an empty output folder."""
    shutil.rmtree(src / "_build", ignore_errors=True)
    app = make_app("html", srcdir=src, freshenv=True, confoverrides=overrides)
    app.build()
    return app


def _cached(make_app: Callable[..., Any], src: Path) -> Callable[[], Any]:
    """Builds of *src* as in new processes, sharing a cache folder beside it."""
    cache = str(src.parent / "cache")
    return lambda: _build(make_app, src, researchtopics_cache_dir=cache)


def _calls(
    monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, note: Callable[..., Any]
) -> list[Any]:
    """What *note* makes of the arguments of each later call of *owner*.*name*, which
    still runs (its arguments must bear reading twice)."""
    calls: list[Any] = []
    real = getattr(owner, name)

    def noting(*args: Any) -> Any:
        calls.append(note(*args))
        return real(*args)

    monkeypatch.setattr(owner, name, noting)
    return calls


def _html(app: Any) -> HtmlState:
    return html_state(app.env)


@pytest.mark.parametrize("root", ["snapshot", "reader", "expand"])
def test_the_shortcut_writes_what_the_translator_writes(
    root: str, tmp_path: Path, make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    written = _build(make_app, _site(tmp_path, root, "a"), researchtopics_cache_dir="")
    assert 'class="rt-publication"' in "".join(_pages(written).values())
    monkeypatch.setattr(writer, "WRITABLE", frozenset())  # every entry by the walk
    walked = _build(make_app, _site(tmp_path, root, "b"), researchtopics_cache_dir="")
    assert _pages(written) == _pages(walked)


def test_the_shortcut_is_checked(
    tmp_path: Path, make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _pages(_build(make_app, _site(tmp_path, "snapshot", "a")))
    monkeypatch.setattr(
        writer.EntryWriter,
        "_strong",
        lambda self, node: self._simple(node, "b"),
    )
    app = _build(make_app, _site(tmp_path, "snapshot", "b"))
    assert _pages(app) == expected
    # the stock translator may take it; the pages where it wrote otherwise did not
    assert list(_html(app).shortcut_ok.values()) == [True]
    assert _html(app).differed


def test_a_later_build_takes_entries_from_the_memo(
    tmp_path: Path, make_app: Callable[..., Any]
) -> None:
    src = _site(tmp_path, "snapshot")
    cache = str(tmp_path / "cache")
    first = _build(make_app, src, researchtopics_cache_dir=cache)
    written = _html(first).written
    assert written >= 3 and _html(first).recalled == 0
    assert list((tmp_path / "cache" / "written").glob("*.pickle"))
    second = _build(make_app, src, researchtopics_cache_dir=cache)
    assert _html(second).recalled >= 3
    assert _html(second).recalled + _html(second).written == written
    assert _pages(second) == _pages(first)


@pytest.mark.parametrize(
    "change",
    [{"researchtopics_link_labels": {"paper": "Full text"}}, {"language": "de"}],
    ids=["label", "language"],
)
def test_the_memo_follows_what_the_html_depends_on(
    tmp_path: Path, make_app: Callable[..., Any], change: dict[str, Any]
) -> None:
    src = _site(tmp_path, "snapshot")
    cache = str(tmp_path / "cache")
    _build(make_app, src, researchtopics_cache_dir=cache)
    app = _build(make_app, src, researchtopics_cache_dir=cache, **change)
    assert _html(app).recalled == 0
    if "researchtopics_link_labels" in change:
        assert ">Full text</a>" in _pages(app)["index.html"]
    # an edited entry is written anew; the others come from the memo (but for those
    # never kept: math, local files, thumbnails, directive bodies)
    unkept = _html(_build(make_app, src, researchtopics_cache_dir=cache, **change)).written
    bib = src / "snap.bib"
    text = bib.read_text(encoding="utf-8")
    title = "An Edited Book"
    assert title in text
    bib.write_text(text.replace(title, "An Edited Volume", 1), encoding="utf-8")
    again = _build(make_app, src, researchtopics_cache_dir=cache, **change)
    assert _html(again).written == unkept + 1 and _html(again).recalled > 0
    assert "An Edited Volume" in "".join(_pages(again).values())


def test_a_damaged_memo_is_a_miss(tmp_path: Path, make_app: Callable[..., Any]) -> None:
    src = _site(tmp_path, "snapshot")
    cache = str(tmp_path / "cache")
    first = _build(make_app, src, researchtopics_cache_dir=cache)
    files = sorted((tmp_path / "cache" / "written").glob("*.pickle"))
    assert files
    good = {path: path.read_bytes() for path in files}
    for damage in (
        b"not a pickle",
        b"\x80\x05N.",  # a pickled None
        lambda data: data[: len(data) // 2],  # truncated
        pickle.dumps((memo.MEMO_VERSION, {1: 2})),  # the right version, the wrong shape
    ):
        for path, data in good.items():
            path.write_bytes(damage(data) if callable(damage) else damage)
        app = _build(make_app, src, researchtopics_cache_dir=cache)
        assert _html(app).recalled == 0
        assert _pages(app) == _pages(first)


def test_a_page_file_holds_only_what_the_page_used(
    tmp_path: Path, make_app: Callable[..., Any]
) -> None:
    src = _site(tmp_path, "snapshot")
    cache = str(tmp_path / "cache")
    first = _build(make_app, src, researchtopics_cache_dir=cache)
    page_memo = _html(first).memo
    assert page_memo is not None
    before = memo.read_entries(page_memo.path("index"))
    bib = src / "snap.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace("An Edited Book", "An Edited Volume", 1), encoding="utf-8")
    _build(make_app, src, researchtopics_cache_dir=cache)
    after = memo.read_entries(page_memo.path("index"))
    assert len(after) == len(before) and after != before


def test_a_later_build_takes_the_download_from_the_memo(
    tmp_path: Path, make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _site(tmp_path, "snapshot")
    build = _cached(make_app, src)
    first = build()
    download = Path(first.outdir) / "_bibtex" / "index.bib"
    expected = download.read_text(encoding="utf-8")
    assert "@" in expected
    # the downloads made from the records: the keys of each
    joined = _calls(monkeypatch, downloads, "_joined", lambda _app, keys: list(keys))
    second = build()
    assert download.read_text(encoding="utf-8") == expected
    assert joined == []
    assert _pages(second) == _pages(first)
    # an edited entry makes the page's download again, with the edit
    bib = src / "snap.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace("An Edited Book", "An Edited Volume", 1), encoding="utf-8")
    third = build()
    assert len(joined) == 1 and joined[0] == list(get_domain(third.env).shown_on("index"))
    edited = download.read_text(encoding="utf-8")
    assert "An Edited Volume" in edited and "An Edited Book" not in edited
    assert edited.replace("An Edited Volume", "An Edited Book") == expected


def _finder_json(app: Any) -> list[str]:
    text = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(text, "html.parser")
    return [script.string or "" for script in soup.select("script.rt-finder-data")]


def test_a_later_build_takes_the_finder_data_from_the_memo(
    tmp_path: Path, make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _site(tmp_path, "finder")
    build = _cached(make_app, src)
    first = build()
    expected = _finder_json(first)
    assert expected and '"2022"' in expected[0]
    # the lists whose finder data is made from the records: their entries' keys
    made = _calls(monkeypatch, finder, "finder_data", lambda pubs, *_: [p.key for p in pubs])
    second = build()
    assert made == []
    assert _pages(second) == _pages(first)
    # an entry moved to another year makes the list's data again, with the move
    bib = src / "papers.bib"
    text = bib.read_text(encoding="utf-8")
    assert text.index("year = {2022}") > text.index("{gao22,")
    bib.write_text(text.replace("year = {2022}", "year = {2019}", 1), encoding="utf-8")
    third = build()
    # the page's long list and the other page's list that shows it; no other list
    assert made and all("gao22" in keys for keys in made)
    assert json.loads(expected[0])["n"] in [len(keys) for keys in made]
    assert _finder_json(third) != expected and '"2019"' in _finder_json(third)[0]


def test_the_finder_key_follows_entries_order_and_topic_titles() -> None:
    pairs = [("a", "1"), ("b", "2")]
    key = memo.finder_key(pairs, {"video": "Video"})
    assert key.startswith("finder-") and key == memo.finder_key(list(pairs), {"video": "Video"})
    assert key != memo.finder_key(pairs[::-1], {"video": "Video"})
    assert key != memo.finder_key([("a", "1"), ("b", "3")], {"video": "Video"})
    assert key != memo.finder_key(pairs, {"video": "Videos"})
    assert key != memo.download_key(pairs)
