"""``enrich`` against a misbehaving server (tests/enrich_server.py, loopback only).

Each misbehaviour fails that one entry with a reason; the run goes on and the data file
is written with what succeeded.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from enrich_server import DATA, FixtureServer, serving

from sphinxcontrib_researchtopics.bib.enrich_data import load_data
from sphinxcontrib_researchtopics.cli import main
from sphinxcontrib_researchtopics.cli.enrich import client as client_module

pytest.importorskip("pyalex")

DOI_PATH = "/openalex/works/doi:10.5555/rt.example.1"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FixtureServer]:
    with serving(monkeypatch) as fixture:
        yield fixture


@pytest.fixture
def bib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(client_module, "_sleep", lambda seconds: None)
    path = tmp_path / "example.bib"
    shutil.copy(DATA / "example.bib", path)
    return path


def run(*args: str | Path) -> int:
    return main(["enrich", *map(str, args)])


@pytest.mark.parametrize(
    ("action", "reason"),
    [
        ("trickle", "timed out after 1 s"),
        ("huge", "larger than 16 MB"),
        ("nested", "nested too deeply"),
        ("truncated", "truncated response"),
        ("retry-after-unicode", "HTTP 429"),
        ("redirect:http://example.invalid/works", "redirected to another host"),
    ],
)
def test_a_misbehaving_response_fails_one_entry(
    server: FixtureServer, bib: Path, tmp_path: Path, capsys, action: str, reason: str
) -> None:
    server.scripts[DOI_PATH] = [action]
    data = tmp_path / "enrich.json"
    started = time.monotonic()
    code = run(bib, "--data", data, "--timeout", "1", "--retries", "0", "--no-cache")
    elapsed = time.monotonic() - started
    out = capsys.readouterr().out
    assert code == 1
    line = next(line for line in out.splitlines() if line.startswith("failed     ex-doi"))
    assert reason in line
    written = json.loads(data.read_text(encoding="utf-8"))["entries"]
    assert "ex-doi" not in written and "ex-crossref" in written
    if action == "trickle":  # the deadline is for the whole body, not each byte
        assert elapsed < 8
    if action.startswith("redirect:"):  # on the same host, a redirect is followed
        server.scripts[DOI_PATH] = [f"redirect:{server.base}{DOI_PATH}"]
        assert run(bib, "--data", data, "--retries", "0", "--no-cache") == 0


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100000 + "]" * 100000,
        '{"format": "researchtopics-enrich/1", "entries": '
        '{"k": {"abstract": {"value": '
        + "[" * 5000
        + "]" * 5000
        + ', "source": "openalex", "fetched": "2026-01-01"}}}}',
    ],
    ids=["nested-file", "nested-value"],
)
def test_a_nested_data_file_is_a_problem_not_an_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "enrich.json"
    path.write_text(text, encoding="utf-8")
    data, problems = load_data(path)
    assert data == {} and problems and all(p.subtype == "enrich_data" for p in problems)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_data_file_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "enrich.json"
    os.mkfifo(path)
    data, problems = load_data(path)
    assert data == {} and "FIFO" in problems[0].message


BIB = "@article{k1,\n  title = {One},\n  year = {2020},\n}\n"
ADD = {"k1": (1, [("doi", "10.5555/x.1")])}


def test_write_bib_writes_through_a_symlink(tmp_path: Path) -> None:
    from sphinxcontrib_researchtopics.cli.enrich.writebib import write_fields

    target = tmp_path / "real" / "lab.bib"
    target.parent.mkdir()
    target.write_text(BIB, encoding="utf-8")
    link = tmp_path / "lab.bib"
    link.symlink_to(target)
    edit = write_fields(str(link), ADD)
    assert edit.added == {"k1": ["doi"]}
    assert link.is_symlink() and "10.5555/x.1" in target.read_text(encoding="utf-8")


def test_write_bib_leaves_a_read_only_file(tmp_path: Path) -> None:
    from sphinxcontrib_researchtopics.cli.enrich.writebib import write_fields

    path = tmp_path / "lab.bib"
    path.write_text(BIB, encoding="utf-8")
    path.chmod(0o444)
    edit = write_fields(str(path), ADD)
    assert edit.added == {} and "read-only" in edit.skipped["k1"]
    assert path.read_text(encoding="utf-8") == BIB
