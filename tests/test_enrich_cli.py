"""``researchtopics enrich`` against a local server replaying the APIs' formats.

No test touches the internet: the APIs' base URLs point at tests/enrich_server.py.
"""

from __future__ import annotations

import json
import shutil
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from enrich_server import DATA, FixtureServer, serving

from sphinxcontrib_researchtopics.cli import main
from sphinxcontrib_researchtopics.cli.enrich import client as client_module
from sphinxcontrib_researchtopics.cli.enrich import lookup as lookup_module

HOSTILE = """
@article{ex-hostile,
  title = {Example Work: Hostile Values},
  year = {2020},
  doi = {10.5555/rt.example.hostile},
}
"""
MALFORMED = """
@article{ex-malformed,
  title = {Example Work: Broken Answer},
  year = {2020},
  doi = {10.5555/rt.example.malformed},
}
"""


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FixtureServer]:
    with serving(monkeypatch) as fixture:
        yield fixture


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Waiting (pacing, backoff) is recorded, not done."""
    waited: list[float] = []
    monkeypatch.setattr(client_module, "_sleep", waited.append)
    monkeypatch.setattr(client_module, "_today", lambda: "2026-11-30")
    return waited


@pytest.fixture
def bib(tmp_path: Path) -> Path:
    path = tmp_path / "example.bib"
    shutil.copy(DATA / "example.bib", path)
    return path


def enrich(*args: str | Path) -> int:
    return main(["enrich", *map(str, args)])


def records(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["entries"]


def test_a_full_run(
    server: FixtureServer, sleeps: list[float], bib: Path, tmp_path: Path, capsys
) -> None:
    data = tmp_path / "enrich.json"
    assert enrich(bib, "--data", data, "--search", "--mailto", "lab@example.org") == 0
    out, err = capsys.readouterr()
    entries = records(data)
    assert set(entries) == {"ex-doi", "ex-arxiv", "ex-crossref", "ex-search", "ex-has-abstract"}
    doi = entries["ex-doi"]
    assert doi["citations"] == {"value": 42, "source": "openalex", "fetched": "2026-11-30"}
    # OpenAlex's counts_by_year (newest first there), from the same response, oldest first
    assert doi["counts_by_year"] == {
        "value": [{"year": 2023, "cited_by_count": 12}, {"year": 2024, "cited_by_count": 30}],
        "source": "openalex",
        "fetched": "2026-11-30",
    }
    assert doi["abstract"]["value"].startswith("This abstract is example data from the test")
    assert "like every example method, is fictional;" in doi["abstract"]["value"]
    assert doi["pdf"]["value"] == "https://repository.example.org/rt-example-1.pdf"
    assert doi["openalex"]["value"] == "https://openalex.org/W9900000001"
    assert entries["ex-arxiv"]["abstract"]["source"] == "arxiv"
    assert "It spans several lines" in entries["ex-arxiv"]["abstract"]["value"]
    crossref = entries["ex-crossref"]
    assert crossref["abstract"]["source"] == "crossref"
    assert crossref["abstract"]["value"].startswith("This abstract is example data in Crossref")
    assert "Results & claims" in crossref["abstract"]["value"]  # JATS and entities undone
    assert crossref["doi"]["value"] == "10.5555/rt.example.3"
    assert entries["ex-search"]["openalex"]["value"] == "https://openalex.org/W9900000010"
    # the report: every entry, by status, then a summary line
    assert "ambiguous  ex-ambiguous" in out and "W9900000020" in out
    assert "not found  ex-missing" in out
    assert out.strip().endswith("7 entries: 5 found, 1 not found, 1 ambiguous, 0 failed, 0 skipped")
    # progress, one line per entry when stderr is not a terminal
    assert "[1/7] ex-doi: found" in err and "[7/7]" in err
    # the polite pool: mailto on OpenAlex and Crossref requests
    assert any("mailto=lab%40example.org" in line for line in server.log if "openalex" in line)


def test_the_data_file_is_stable_across_runs(
    server: FixtureServer, sleeps: list[float], bib: Path, tmp_path: Path
) -> None:
    data = tmp_path / "enrich.json"
    assert enrich(bib, "--data", data, "--search") == 0
    first = data.read_bytes()
    requests = len(server.log)
    assert enrich(bib, "--data", data, "--search") == 0
    assert data.read_bytes() == first
    assert len(server.log) == requests  # all from the cache
    assert enrich(bib, "--data", data, "--search", "--no-cache") == 0
    assert data.read_bytes() == first
    assert first.endswith(b"\n") and json.loads(first)["format"] == "researchtopics-enrich/1"


def test_ambiguous_search_records_nothing_and_without_search_titles_are_skipped(
    server: FixtureServer, sleeps: list[float], bib: Path, tmp_path: Path, capsys
) -> None:
    data = tmp_path / "enrich.json"
    assert enrich(bib, "--data", data) == 0
    out = capsys.readouterr().out
    assert "skipped    ex-search" in out and "--search" in out
    assert "ex-ambiguous" not in records(data) and "ex-search" not in records(data)
    assert not any("title.search" in line for line in server.log)


def test_resume_after_interruption(
    server: FixtureServer,
    sleeps: list[float],
    bib: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys,
) -> None:
    data = tmp_path / "enrich.json"
    real = lookup_module.look_up
    calls: list[str] = []

    def interrupted(sources, publication, search):  # Ctrl-C during the third entry
        calls.append(publication.key)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(sources, publication, search)

    monkeypatch.setattr("sphinxcontrib_researchtopics.cli.enrich.command.look_up", interrupted)
    assert enrich(bib, "--data", data, "--search") == 130
    assert "interrupted. Nothing was written" in capsys.readouterr().err
    assert not data.exists()
    asked_before = list(server.log)
    assert any("rt.example.1" in line for line in asked_before)
    monkeypatch.setattr("sphinxcontrib_researchtopics.cli.enrich.command.look_up", real)
    server.log.clear()
    assert enrich(bib, "--data", data, "--search") == 0
    assert not set(server.log) & set(asked_before)  # the first two came from the cache
    assert "ex-doi" in records(data) and "ex-crossref" in records(data)


def test_only_missing_skips_what_is_known(
    server: FixtureServer, sleeps: list[float], bib: Path, tmp_path: Path, capsys
) -> None:
    data = tmp_path / "enrich.json"
    assert enrich(bib, "--data", data, "--no-cache") == 0
    server.log.clear()
    capsys.readouterr()
    assert enrich(bib, "--data", data, "--no-cache", "--only-missing") == 0
    out = capsys.readouterr().out
    # ex-doi, ex-crossref, ex-has-abstract have a count and an abstract
    assert out.count("already known (--only-missing)") == 3
    assert not any("rt.example.1" in line for line in server.log)
    assert any("rt.example.404" in line for line in server.log)  # not found: asked again


def test_rate_limited_then_answered(
    server: FixtureServer, sleeps: list[float], bib: Path, tmp_path: Path
) -> None:
    path = "/openalex/works/doi:10.5555/rt.example.1"
    server.scripts[path] = [429, 429, 503]
    data = tmp_path / "enrich.json"
    assert enrich(bib, "--data", data, "--retries", "3") == 0
    assert records(data)["ex-doi"]["citations"]["value"] == 42
    assert sum(1 for line in server.log if line.startswith(path)) == 4
    backoffs = [s for s in sleeps if s >= 1]
    assert backoffs[:3] == [1.0, 2.0, 4.0]  # exponential


def test_server_errors_fail_the_entry_not_the_run(
    server: FixtureServer, sleeps: list[float], bib: Path, tmp_path: Path, capsys
) -> None:
    server.scripts["/openalex/works/doi:10.5555/rt.example.1"] = [500] * 10
    data = tmp_path / "enrich.json"
    assert enrich(bib, "--data", data, "--retries", "2") == 1
    out = capsys.readouterr().out
    assert "failed     ex-doi" in out and "HTTP 500" in out and "after 3 attempts" in out
    assert "ex-doi" not in records(data) and "ex-crossref" in records(data)


def test_a_failed_entry_keeps_its_old_values(
    server: FixtureServer, sleeps: list[float], bib: Path, tmp_path: Path
) -> None:
    data = tmp_path / "enrich.json"
    assert enrich(bib, "--data", data, "--no-cache") == 0
    server.scripts["/openalex/works/doi:10.5555/rt.example.1"] = [500] * 10
    assert enrich(bib, "--data", data, "--no-cache", "--retries", "0") == 1
    assert records(data)["ex-doi"]["citations"]["value"] == 42


def test_timeouts_are_retried(
    server: FixtureServer, sleeps: list[float], bib: Path, tmp_path: Path, capsys
) -> None:
    server.slow = 1.0
    path = "/openalex/works/doi:10.5555/rt.example.1"
    server.scripts[path] = ["timeout"]
    data = tmp_path / "enrich.json"
    assert enrich(bib, "--data", data, "--timeout", "0.3", "--retries", "1") == 0
    assert records(data)["ex-doi"]["citations"]["value"] == 42
    server.scripts[path] = ["timeout", "timeout"]
    code = enrich(bib, "--data", data, "--timeout", "0.3", "--retries", "1", "--no-cache")
    assert code == 1
    assert "timed out after 0.3 s" in capsys.readouterr().out


def test_malformed_json_fails_the_entry(
    server: FixtureServer, sleeps: list[float], tmp_path: Path, capsys
) -> None:
    bib = tmp_path / "broken.bib"
    bib.write_text(MALFORMED, encoding="utf-8")
    data = tmp_path / "enrich.json"
    assert enrich(bib, "--data", data) == 1
    out = capsys.readouterr().out
    assert "failed     ex-malformed" in out and "not JSON" in out
    server.scripts["/openalex/works"] = ["malformed"]
    bib.write_text(
        "@misc{ex-search, title = {A Uniquely Titled Example Work}, year = {2023}}",
        encoding="utf-8",
    )
    assert enrich(bib, "--data", data, "--search") == 1


def test_offline_is_a_clear_error_and_writes_nothing(
    sleeps: list[float], bib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("RESEARCHTOPICS_OPENALEX_URL", f"http://127.0.0.1:{port}")
    data = tmp_path / "enrich.json"
    data.write_text('{"entries": {}, "format": "researchtopics-enrich/1"}\n', encoding="utf-8")
    before = data.read_bytes()
    bib_before = bib.read_bytes()
    assert enrich(bib, "--data", data, "--write-bib") == 3
    err = capsys.readouterr().err
    assert f"cannot reach http://127.0.0.1:{port}" in err and "Nothing was written" in err
    assert data.read_bytes() == before and bib.read_bytes() == bib_before


def test_hostile_values_in_responses(
    server: FixtureServer, sleeps: list[float], tmp_path: Path, capsys
) -> None:
    bib = tmp_path / "hostile.bib"
    bib.write_text(HOSTILE, encoding="utf-8")
    data = tmp_path / "enrich.json"
    assert enrich(bib, "--data", data) == 0
    record = records(data)["ex-hostile"]
    assert "pdf" not in record  # javascript: dropped
    # counts_by_year: only items with a year (1000-9999) and a count >= 0; a year's first
    assert record["counts_by_year"]["value"] == [
        {"year": 2017, "cited_by_count": 2},
        {"year": 2021, "cited_by_count": 3},
    ]
    assert record["abstract"]["value"].startswith('<script>alert("abstract")</script>')
    assert "pdf from openalex dropped" in capsys.readouterr().out


def test_base_url_option_beats_the_environment(
    server: FixtureServer, sleeps: list[float], bib: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("RESEARCHTOPICS_OPENALEX_URL", "http://127.0.0.1:9/nowhere")
    data = tmp_path / "enrich.json"
    url = f"{server.base}/openalex"
    assert enrich(bib, "--data", data, "--openalex-url", url) == 0
    assert records(data)["ex-doi"]["citations"]["value"] == 42


def test_usage_errors(tmp_path: Path, bib: Path, capsys) -> None:
    assert enrich(bib) == 2
    assert "--data" in capsys.readouterr().err
    assert enrich(tmp_path / "none.bib", "--data", tmp_path / "d.json") == 2
    other = tmp_path / "other.json"
    other.write_text('{"something": "else"}', encoding="utf-8")
    assert enrich(bib, "--data", other) == 2
    assert "not overwritten" in capsys.readouterr().err
    assert other.read_text(encoding="utf-8") == '{"something": "else"}'


def test_enrich_needs_no_pyalex_and_writes_documented_openalex_urls(
    bib: Path, tmp_path: Path, server: FixtureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No library's private API: the OpenAlex URLs are written in the documented syntax."""
    monkeypatch.setitem(sys.modules, "pyalex", None)
    assert enrich(bib, "--data", tmp_path / "d.json", "--search") in (0, 1)
    assert (tmp_path / "d.json").exists()
    asked = [line for line in server.log if line.startswith("/openalex")]
    assert "/openalex/works/doi:10.5555/rt.example.1" in asked
    searches = [line for line in asked if line.startswith("/openalex/works?")]
    assert searches and all("filter=title.search:" in line for line in searches)
    assert all("per-page=10" in line for line in searches)


def test_a_terminal_gets_a_progress_bar() -> None:
    import io

    from sphinxcontrib_researchtopics.cli.enrich.command import Progress
    from sphinxcontrib_researchtopics.cli.enrich.lookup import Outcome

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    progress = Progress(2, stream)
    progress.step(Outcome("a", "found"))
    progress.step(Outcome("b", "failed", message="HTTP 500"))
    text = stream.getvalue()
    assert text.startswith("\r[###############...............] 1/2 a")
    assert "\r[##############################] 2/2 b" in text and text.endswith("\n")
    assert "HTTP 500" not in text  # the bar names the entry; the report says what happened
