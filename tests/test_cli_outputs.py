"""The files ``enrich``, ``topics`` and ``sync`` write, and ``enrich --timeout``: a path
that cannot be written (its folder does not exist, it is a folder) or a timeout that is
not a positive number is a one-line usage error before any work, never a traceback.

The APIs are tests/enrich_server.py on a local port; no test reaches the internet.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from enrich_server import AUTHORS, DATA, FixtureServer, serving

from sphinxcontrib_researchtopics.cli import main


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FixtureServer]:
    with serving(monkeypatch) as fixture:
        yield fixture


@pytest.fixture
def bib(tmp_path: Path) -> Path:
    path = tmp_path / "example.bib"
    shutil.copy(DATA / "example.bib", path)
    return path


def _one_line_error(err: str, command: str) -> str:
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.startswith(f"researchtopics {command}")]
    assert len(lines) == 1, err
    return lines[0]


def test_enrich_data_in_a_missing_folder_stops_before_any_request(
    server: FixtureServer, bib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "nowhere" / "d.json"
    assert main(["enrich", str(bib), "--data", str(data), "--no-cache"]) == 2
    line = _one_line_error(capsys.readouterr().err, "enrich")
    assert str(data) in line
    assert server.log == []  # no lookup was wasted


@pytest.mark.parametrize("value", ["-1", "0", "nan", "inf"])
def test_enrich_timeout_must_be_a_positive_number(
    server: FixtureServer, bib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    data = tmp_path / "d.json"
    args = ["enrich", str(bib), "--data", str(data), "--no-cache", f"--timeout={value}"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "--timeout" in err, err
    assert server.log == [] and not data.exists()


@pytest.mark.parametrize(
    ("option", "value"),
    [("--retries", "-1"), ("--retries", "9"), ("--retries", "x"), ("--max-age", "-1"),
     ("--max-age", "nan"), ("--max-age", "inf")],
)  # fmt: skip
def test_enrich_retries_and_max_age_are_checked(
    server: FixtureServer,
    bib: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    option: str,
    value: str,
) -> None:
    data = tmp_path / "d.json"
    args = ["enrich", str(bib), "--data", str(data), "--no-cache", f"{option}={value}"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and option in err, err
    assert server.log == [] and not data.exists()


@pytest.mark.parametrize("where", ["missing-folder", "folder"])
def test_topics_out_that_cannot_be_written_is_a_usage_error(
    bib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    data = tmp_path / "d.json"
    data.write_text('{"format": "researchtopics-enrich/1", "entries": {}}', encoding="utf-8")
    (tmp_path / "folder").mkdir()
    out = tmp_path / "nowhere" / "t.json" if where == "missing-folder" else tmp_path / "folder"
    assert main(["topics", str(bib), "--data", str(data), "--out", str(out)]) == 2
    line = _one_line_error(capsys.readouterr().err, "topics")
    assert str(out) in line


def test_sync_data_that_cannot_be_written_leaves_the_bib_alone(
    server: FixtureServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "lab.bib"
    bib.write_text("@misc{mine, title = {Mine}, year = {2020}}\n", encoding="utf-8")
    before = bib.read_bytes()
    data = tmp_path / "nowhere" / "d.json"
    args = ["sync", str(bib), "--dblp", "99/0101", "--data", str(data), "--no-cache"]
    assert (AUTHORS / "dblp" / "99_0101.bib").exists()
    assert main(args) == 2
    line = _one_line_error(capsys.readouterr().err, "sync")
    assert str(data) in line
    assert bib.read_bytes() == before  # not half done: the .bib is not edited either
    assert server.log == []
