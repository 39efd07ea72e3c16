"""Records kept pickled until used: an edit unpickles the records it shows, a list re-read
after an edit selects from its last selection, and a damaged blob costs a parse."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import edit, rebuild_site, soup

from sphinxcontrib_researchtopics.bib import load as bibdata
from sphinxcontrib_researchtopics.bib.lazy import Blob, Entries, Pending, Problems
from sphinxcontrib_researchtopics.sphinxext import state as rt_state

#: Entries no page shows: an edit elsewhere must not unpickle them.
UNSHOWN = "".join(
    f"\n@article{{d{n}, title = {{Delta {n}}}, journal = {{TIP}}, year = {{2019}}, "
    f"topics = {{delta}}}}\n"
    for n in range(6)
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return rebuild_site(tmp_path, UNSHOWN)


@pytest.fixture
def build(site: Path, make_app: Any) -> Callable[..., tuple[Any, set[str]]]:
    """A fresh application per build, with a new process's memory: (app, read)."""

    def run(**kwargs: Any) -> tuple[Any, set[str]]:
        app = make_app("html", srcdir=site, **kwargs)
        read: set[str] = set()
        app.connect("env-before-read-docs", lambda app, env, docs: read.update(docs))
        app.build()
        return app, read

    return run


def _keys(app: Any, page: str) -> list[str]:
    return [d["data-rt-key"] for d in soup(app, page).select("div.rt-publication")]


def test_an_edit_unpickles_only_the_records_it_shows(build: Any, site: Path) -> None:
    build()
    edit(site / "papers.bib", "topics = {gamma}", "topics = {gamma, beta}")
    app, read = build()
    assert read == {"topics/beta"}
    state = rt_state.get_state(app.env)
    entries = state.bibliography.entries
    assert isinstance(entries, Entries)
    assert entries.unpickled() <= 4, "records no page shows were unpickled"
    # the beta list selected from its last selection and the changed k4, not from all
    assert set(state.selections[next(iter(state.selections))]) <= {"k1", "k2", "k3", "k4"}
    assert len(entries) == 10


def test_a_list_selected_from_its_last_selection_equals_a_full_run(
    build: Any, site: Path, tmp_path: Path
) -> None:
    build()
    edit(site / "papers.bib", "topics = {gamma}", "topics = {gamma, beta}")
    edit(site / "papers.bib", "topics = {alpha, beta}", "topics = {alpha}")
    app, read = build()
    assert read == {"topics/alpha", "topics/beta", "single"}
    fresh, _ = build(freshenv=True, builddir=tmp_path / "fresh")
    for page in ("topics/alpha", "topics/beta"):
        assert _keys(app, page) == _keys(fresh, page)
    assert _keys(app, "topics/beta") == ["k3", "k4"]


def test_a_new_topic_field_runs_the_queries(build: Any, site: Path) -> None:
    """A new topic field changes entries' topics, not their digests: an unchanged entry
    may now be selected."""
    with open(site / "papers.bib", "a", encoding="utf-8") as stream:
        stream.write(
            "\n@article{t1, title = {T}, year = {2020}, topics = {delta}, tags = {beta}}\n"
        )
    build()
    edit(site / "papers.bib", "One Alpha Paper", "One Alpha Paper, Revised")  # a change too
    app, _ = build(confoverrides={"researchtopics_topic_field": "tags"})
    assert _keys(app, "topics/beta") == ["t1"]


# -- damaged blobs in a cache file that otherwise loads ------------------------------------

BIB = "@misc{a, title = {A \\frobnicate{x}}}\n\n@misc{b, title = {B}}\n"


def _damage(cache: Path, change: Callable[[bibdata.FileResult], bibdata.FileResult]) -> None:
    (path,) = [p for p in cache.glob("*.pickle") if not p.name.startswith("entries-")]
    result = pickle.loads(path.read_bytes())
    path.write_bytes(pickle.dumps(change(result)))


def _load(tmp_path: Path) -> bibdata.Bibliography:
    return bibdata.load_bibliography(["a.bib"], str(tmp_path), cache_dir=str(tmp_path / "c"))


def test_a_damaged_record_blob_is_parsed_again(tmp_path: Path) -> None:
    (tmp_path / "a.bib").write_text(BIB, encoding="utf-8")
    expected = bibdata.parse_file(str(tmp_path / "a.bib"), "topics")
    _load(tmp_path)

    def garble(result: bibdata.FileResult) -> bibdata.FileResult:
        first = result.pending[0]
        bad = Pending(b"\x80\x05garbage", first.key, first.digest, first.source, 1, 0, 0)
        return replace(result, pending=(bad, *result.pending[1:]))

    _damage(tmp_path / "c", garble)
    bibliography = _load(tmp_path)
    assert bibliography.entries["a"] == expected.entries[0]
    assert list(bibliography.entries.values()) == list(expected.entries)


def test_a_damaged_problem_blob_is_parsed_again(tmp_path: Path) -> None:
    (tmp_path / "a.bib").write_text(BIB, encoding="utf-8")
    expected = bibdata.parse_file(str(tmp_path / "a.bib"), "topics")
    assert [p.subtype for p in expected.problems] == ["latex_command"]
    _load(tmp_path)

    def garble(result: bibdata.FileResult) -> bibdata.FileResult:
        assert result.lazy_problems is not None
        groups = tuple(
            (sort, tuple(Blob(b"junk", p.subtypes) if isinstance(p, Blob) else p for p in parts))
            for sort, parts in result.lazy_problems.groups
        )
        return replace(result, lazy_problems=Problems(groups))

    _damage(tmp_path / "c", garble)
    bibliography = _load(tmp_path)
    assert bibliography.problem_record.subtypes == {"latex_command"}
    assert bibliography.problems == expected.problems


def test_values_unpickle_in_order_and_recover_a_damaged_blob(tmp_path: Path) -> None:
    (tmp_path / "a.bib").write_text(BIB, encoding="utf-8")
    expected = bibdata.parse_file(str(tmp_path / "a.bib"), "topics")
    _load(tmp_path)
    fresh = _load(tmp_path).entries
    assert isinstance(fresh, Entries) and fresh.unpickled() == 0
    assert list(fresh.values()) == list(expected.entries)
    assert fresh.unpickled() == len(fresh)  # kept: a second pass unpickles nothing

    def garble(result: bibdata.FileResult) -> bibdata.FileResult:
        last = result.pending[-1]
        bad = Pending(b"\x80\x05garbage", last.key, last.digest, last.source, 1, 0, 0)
        return replace(result, pending=(*result.pending[:-1], bad))

    _damage(tmp_path / "c", garble)
    assert list(_load(tmp_path).entries.values()) == list(expected.entries)
