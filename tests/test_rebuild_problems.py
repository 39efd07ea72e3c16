"""What a rebuild keeps of the .bib files: their problems, warned again, read only when
needed; and publications in the inventory but not in the search index."""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import rebuild_site, warnings_of

from sphinxcontrib_researchtopics.sphinxext import state as rt_state

#: An entry whose title holds a command the converter drops (a ``latex_command`` problem).
BAD = "\n@article{bad1, title = {A \\frobnicate{Strange} Title}, journal = {TIP}, year = {2020}}\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return rebuild_site(tmp_path, BAD)


Build = Callable[..., Any]


@pytest.fixture
def build(site: Path, make_app: Any) -> Build:
    """A fresh application per build, in a fresh process's state (nothing in memory)."""

    def run(**overrides: Any) -> Any:
        app = make_app("html", srcdir=site, confoverrides=overrides)
        app.build()
        return app

    return run


def _frobnicate(app: Any) -> list[str]:
    return [w for w in warnings_of(app) if "frobnicate" in w]


def test_a_no_op_rebuild_warns_again_without_loading_the_files(build: Build) -> None:
    first = _frobnicate(build())
    assert len(first) == 1 and "papers.bib:9" in first[0]
    app = build()
    assert _frobnicate(app) == first
    assert rt_state.get_state(app.env).parse_stats.loads == 0


def test_suppressed_problems_are_not_unpickled(
    build: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(suppress_warnings=["researchtopics.latex_command"])
    calls: list[int] = []
    real = rt_state.BibRecord.problems

    def counted(self: rt_state.BibRecord, folder: str) -> Any:
        calls.append(1)
        return real(self, folder)

    monkeypatch.setattr(rt_state.BibRecord, "problems", counted)
    build(suppress_warnings=["researchtopics.latex_command"])
    assert calls == []
    app = build()  # not suppressed now: a config change, the record is read
    assert len(_frobnicate(app)) == 1


def _environment(app: Any) -> Path:
    return Path(app.doctreedir) / "environment.pickle"


@pytest.mark.parametrize("damage", [b"\x80\x05garbage", None], ids=["damaged", "missing"])
def test_a_damaged_problem_record_reloads_the_files(build: Build, damage: bytes | None) -> None:
    app = build()
    record = pickle.loads(_environment(app).read_bytes()).domaindata["rt"]["bib"]
    blob = Path(app.doctreedir) / record.blob_name
    if damage is None:
        blob.unlink()
    else:
        blob.write_bytes(damage)
    app = build()
    assert len(_frobnicate(app)) == 1, "the problems were lost"
    assert rt_state.get_state(app.env).parse_stats.loads == 1


def test_the_problems_are_one_blob_beside_the_environment(build: Build) -> None:
    """The environment names the file that holds the problems as one pickled blob (cheap
    to load, and not pickled again with every environment), never the records."""
    app = build()
    record = pickle.loads(_environment(app).read_bytes()).domaindata["rt"]["bib"]
    files = list(Path(app.doctreedir).glob(rt_state.PROBLEMS_GLOB))
    assert [path.name for path in files] == [record.blob_name]
    assert record.subtypes == frozenset({"latex_command"})


def test_publications_are_in_the_inventory_but_not_the_search_index(build: Build) -> None:
    app = build(researchtopics_inventory=True)
    out = Path(app.outdir)
    search = (out / "searchindex.js").read_text(encoding="utf-8")
    assert '"k1"' not in search and "publication" not in search
    inventory = (out / "objects.inv").read_bytes()
    body = zlib.decompress(inventory.split(b"\n", 4)[4]).decode()
    lines = [line for line in body.splitlines() if line.startswith("k1 ")]
    assert len(lines) == 1 and lines[0].startswith("k1 rt:publication -1 recent.html#")
