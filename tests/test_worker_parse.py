"""A cold parse of a large file parses half its entries in a forked second process: the
records, problems (with their lines), crossrefs and store equal a one-process parse, and
a second process that fails, dies or answers nonsense only costs its share's time."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import one_thread, record_children
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_entry_cache import REAL

from sphinxcontrib_researchtopics.bib import entrycache, worker
from sphinxcontrib_researchtopics.bib import load as bibdata

pytestmark = pytest.mark.skipif(not worker.can_fork(), reason="no second process here")


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[worker.Worker | None]:
    """Every file parses in two processes; the list collects the children started."""
    monkeypatch.setattr(entrycache, "PARALLEL_AT_LEAST", 1)
    return record_children(monkeypatch)


def parse(path: str, data: bytes, cache: Path) -> tuple[object, ...]:
    return entrycache.parse_with_store(path, "topics", data, str(cache), "v")


def expected(path: str, data: bytes) -> tuple[object, ...]:
    result = bibdata.parse_file(path, "topics", data)
    return result.entries, result.problems, result.crossrefs


@pytest.mark.parametrize("path", REAL, ids=lambda p: Path(p).parent.name + "/" + Path(p).name)
def test_two_processes_parse_as_one(
    path: str, tmp_path: Path, children: list[worker.Worker | None]
) -> None:
    data = Path(path).read_bytes()
    before = entrycache.entries_parsed
    cold = parse(path, data, tmp_path)
    entries = cold[0]
    assert isinstance(entries, tuple)
    if len(entries) > 1:
        assert children and all(child is not None for child in children)
        assert entrycache.entries_parsed - before >= len(entries)  # the child's count too
    assert cold == expected(path, data)
    warm_before = entrycache.entries_parsed
    assert parse(path, data, tmp_path) == cold  # the store holds both halves
    assert entrycache.entries_parsed == warm_before


def _bib(count: int) -> bytes:
    lines = ['@string{tp = "TPAMI"}', "@string{cv = {CVPR}}"]
    for index in range(count):
        venue = "tp" if index % 2 else "cv # { Workshops}"
        month = "{13}" if index % 7 == 0 else "mar"
        lines.append(
            f"@article{{k{index}, title = {{Title {index}}}, author = {{Ann Aa and Bob Bb}},\n"
            f"  journal = {venue}, year = {{20{index % 30:02d}}}, month = {month}}}\n"
        )
        if index % 11 == 0:
            lines.append(f"stray text {index}\n")
        if index == count // 2:
            lines.append('@string{tp = "IEEE TPAMI"}')  # later entries see the new value
    return "\n".join(lines).encode()


def test_macros_defined_in_the_parents_half_reach_the_childs(
    tmp_path: Path, children: list[worker.Worker | None]
) -> None:
    data = _bib(200)
    result = parse("/x/refs.bib", data, tmp_path)
    assert children and children[0] is not None
    assert result == expected("/x/refs.bib", data)
    entries = result[0]
    assert isinstance(entries, tuple)
    journals = {entry.key: "".join(part.text for part in entry.venue) for entry in entries}
    assert journals["k1"] == "TPAMI" and journals["k199"] == "IEEE TPAMI"
    assert journals["k198"] == "CVPR Workshops"


@pytest.mark.parametrize(
    "failure",
    ["raises", "exits", "nonsense", "wrong keys"],
)
def test_a_failing_child_costs_only_time(
    failure: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(entrycache, "PARALLEL_AT_LEAST", 1)
    one_thread(monkeypatch)
    parent = os.getpid()
    real = entrycache._parse_some

    def broken(chunks: Any, wanted: Any, path: str, topic_field: str, keep: bool) -> Any:
        if os.getpid() == parent:
            return real(chunks, wanted, path, topic_field, keep)
        if failure == "raises":
            raise RuntimeError("child broke")
        if failure == "exits":
            os._exit(3)
        if failure == "nonsense":
            return ("not", "made")
        made, count = real(chunks, wanted, path, topic_field, keep)
        return dict(list(made.items())[1:]), count

    monkeypatch.setattr(entrycache, "_parse_some", broken)
    data = _bib(60)
    before = entrycache.entries_parsed
    assert parse("/x/refs.bib", data, tmp_path) == expected("/x/refs.bib", data)
    assert entrycache.entries_parsed - before == 60  # the parent parsed the child's share


def test_one_process_when_asked_or_when_threads_run(monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        one_thread(patch)
        assert worker.available()
        child = worker.start(lambda: {"answer": 42})
        assert child is not None and child.join() == {"answer": 42}
    monkeypatch.setenv(worker.ENV_SWITCH, "1")
    assert not worker.available()
    assert worker.start(lambda: 1) is None
    monkeypatch.delenv(worker.ENV_SWITCH)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not worker.available()
    finally:
        stop.set()
        thread.join()


def test_small_files_stay_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[object] = []
    monkeypatch.setattr(worker, "start", lambda work: started.append(work))
    data = _bib(entrycache.PARALLEL_AT_LEAST - 1)
    assert parse("/x/refs.bib", data, tmp_path) == expected("/x/refs.bib", data)
    assert started == []


entry_text = st.text(
    alphabet=st.sampled_from(list('@{}"=,# \nabtxk0sring{}')), min_size=0, max_size=60
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pieces=st.lists(entry_text, min_size=2, max_size=12))
def test_generated_files_parse_the_same_in_two_processes(
    pieces: list[str], tmp_path: Path, children: list[worker.Worker | None]
) -> None:
    """Compared with one process using the store (see test_entry_cache for the full parse)."""
    body = "".join(
        f"@article{{k{i}, title = {{{p}}}, note = {p}}}\n{p}\n" for i, p in enumerate(pieces)
    )
    data = ('@string{s = "x"}\n' + body).encode()
    cache = tmp_path / str(len(children))
    two = parse("/x/refs.bib", data, cache / "two")
    assert children and children[-1] is not None
    entrycache.PARALLEL_AT_LEAST = 10**9  # restored by the fixture's monkeypatch
    try:
        assert two == parse("/x/refs.bib", data, cache / "one")
    finally:
        entrycache.PARALLEL_AT_LEAST = 1
