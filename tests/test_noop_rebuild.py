"""A rebuild that changes nothing loads little: the Domain's tables travel as blobs,
the inventory rows are kept beside them, and ``objects.inv`` is not written again."""

from __future__ import annotations

import os
import pickle
import zlib
from pathlib import Path
from typing import Any

import pytest
from conftest import edit, rebuild_site

from sphinxcontrib_researchtopics.sphinxext import state as rt_state
from sphinxcontrib_researchtopics.sphinxext import tables
from sphinxcontrib_researchtopics.sphinxext.domain import Shown, get_domain
from sphinxcontrib_researchtopics.sphinxext.tables import PackedTables


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return rebuild_site(tmp_path, "")


def _build(make_app: Any, site: Path, **overrides: Any) -> Any:
    """A fresh application, as each sphinx-build run is (nothing kept in memory)."""
    app = make_app("html", srcdir=site, confoverrides=overrides)
    app.build()
    return app


def _inventory(app: Any) -> tuple[list[str], int]:
    """The inventory's lines and the file's mtime."""
    path = Path(app.outdir) / "objects.inv"
    header = path.read_bytes().split(b"\n", 4)
    lines = zlib.decompress(header[4]).decode().splitlines()
    return [h.decode() for h in header[:4]] + lines, path.stat().st_mtime_ns


# -- the packed tables ------------------------------------------------------------------


def _packed() -> PackedTables:
    packed = PackedTables()
    packed.table("shown").update(
        {
            "b": {"k2": Shown("k2-a", False, True), "k1": Shown("k1-b", True, False)},
            "a": {"k1": Shown("k1-a", False, False)},
        }
    )
    packed.table("digests")["a"] = {"k1": "d1"}
    return packed


def test_tables_round_trip_as_blobs_opened_on_first_use() -> None:
    packed = pickle.loads(pickle.dumps(_packed()))
    assert packed._tables == {} and set(packed._blobs) >= {"shown", "digests"}
    assert packed.table("digests") == {"a": {"k1": "d1"}}
    assert "shown" not in packed._tables
    assert packed.table("shown")["b"]["k1"] == Shown("k1-b", True, False)


def test_inventory_rows_come_from_their_blob_without_opening_shown() -> None:
    rows = [
        ("k1", "k1", "publication", "a", "k1-a", -1),
        ("k2", "k2", "publication", "b", "k2-a", -1),
    ]
    assert _packed().inventory() == rows
    packed = pickle.loads(pickle.dumps(_packed()))
    assert packed.inventory() == rows
    assert packed.pages() == ["a", "b"]
    assert "shown" not in packed._tables


def test_a_change_to_shown_makes_the_rows_again() -> None:
    packed = pickle.loads(pickle.dumps(_packed()))
    assert len(packed.inventory()) == 2
    packed.shown_changed()
    packed.table("shown")["c"] = {"k3": Shown("k3-c", False, False)}
    assert [row[0] for row in packed.inventory()] == ["k1", "k2", "k3"]
    assert packed.pages() == ["a", "b", "c"]
    again = pickle.loads(pickle.dumps(packed))
    assert [row[0] for row in again.inventory()] == ["k1", "k2", "k3"]


def test_a_damaged_blob_is_an_empty_table_and_rows_made_from_shown() -> None:
    state = _packed().__getstate__()
    state["digests"] = b"\x80\x05garbage"
    state[tables._ROWS] = b"not a pickle"
    packed = PackedTables()
    packed.__setstate__(state)
    assert packed.table("digests") == {}
    assert [row[0] for row in packed.inventory()] == ["k1", "k2"]


def test_the_environment_holds_blobs_not_rows(site: Path, make_app: Any) -> None:
    app = _build(make_app, site)
    env = pickle.loads((Path(app.doctreedir) / "environment.pickle").read_bytes())
    packed = env.domaindata["rt"]["tables"]
    assert isinstance(packed, PackedTables) and packed._tables == {}
    assert isinstance(packed._blobs["shown"], bytes)
    assert get_domain(app.env).shown_on("recent")


# -- objects.inv --------------------------------------------------------------------------


def test_a_no_op_rebuild_writes_the_same_inventory(site: Path, make_app: Any) -> None:
    app = _build(make_app, site, researchtopics_inventory=True)
    first, _ = _inventory(app)
    assert any(line.startswith("k1 rt:publication -1 recent.html#") for line in first)
    app = _build(make_app, site, researchtopics_inventory=True)
    lines, _ = _inventory(app)
    assert lines == first
    # and the domain answered without opening the ``shown`` table
    assert "shown" not in app.env.domaindata["rt"]["tables"]._tables


def test_an_edit_writes_the_inventory_again(site: Path, make_app: Any) -> None:
    app = _build(make_app, site, researchtopics_inventory=True)
    _, before = _inventory(app)
    edit(site / "recent.rst", ".. publications::", ".. publications::\n   :keys: k1")
    app = _build(make_app, site, researchtopics_inventory=True)
    lines, mtime = _inventory(app)
    assert mtime != before
    assert [line.split()[0] for line in lines[4:] if " rt:" in line] == sorted(
        key for key in get_domain(app.env).entry_digests() if key in _shown_keys(app)
    )


def _shown_keys(app: Any) -> set[str]:
    return {key for shown in get_domain(app.env).shown_on_all().values() for key in shown}


# -- a .bib file touched but not changed --------------------------------------------------


def _touch(path: Path, seconds: int) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + seconds * 1_000_000_000))


def test_a_touched_bib_file_is_not_loaded_again_and_again(site: Path, make_app: Any) -> None:
    """Sphinx keeps the environment only when a page changed: after a ``touch`` (or a
    checkout) the recorded mtime stays old, and every later build would load the file."""
    _build(make_app, site)
    for seconds in (2, 4):
        _touch(site / "papers.bib", seconds)
        app = _build(make_app, site)
        state = rt_state.get_state(app.env)
        assert state.parse_stats.loads == 0 and not state.bib_changed


def test_a_same_size_edit_of_a_touched_file_is_seen(site: Path, make_app: Any) -> None:
    _build(make_app, site)
    bib = site / "papers.bib"
    text = bib.read_text(encoding="utf-8")
    assert "Alpha" in text
    bib.write_text(text.replace("Alpha", "Omega", 1), encoding="utf-8")
    _touch(bib, 2)
    app = _build(make_app, site)
    assert rt_state.get_state(app.env).bib_changed


def test_entries_are_left_out_of_the_inventory_by_default(site: Path, make_app: Any) -> None:
    app = _build(make_app, site)
    lines, _ = _inventory(app)
    assert not any(" rt:publication " in line for line in lines)
    assert "rt-publication" in (Path(app.outdir) / "recent.html").read_text(encoding="utf-8")
