"""The API addresses ``enrich``, ``sync`` and ``new --openalex/--dblp`` ask are http(s).

urllib opens ``file:`` URLs too: ``--openalex-url file:///etc`` (or
``RESEARCHTOPICS_DBLP_URL=file:///home/me``) made the commands read local files as API
responses, and ``enrich`` tried every entry before failing.  A base address that is not
http(s) is now a usage error before any entry (``enrich``), and the client never opens
another scheme (every command).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxcontrib_researchtopics.bib.enrich_data import MAX_DATA_BYTES
from sphinxcontrib_researchtopics.cli import main

BIB = "@article{a1, title = {One}, author = {Jane Doe}, year = {2020}, doi = {10.5555/x}}\n"


def test_enrich_refuses_a_file_url_before_any_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "lab.bib"
    bib.write_text(BIB, encoding="utf-8")
    (tmp_path / "works").mkdir()
    args = ["enrich", str(bib), "--data", str(tmp_path / "e.json"), "--no-cache"]
    assert main([*args, "--openalex-url", (tmp_path).as_uri()]) == 2
    out, err = capsys.readouterr()
    assert "--openalex-url (or RESEARCHTOPICS_OPENALEX_URL)" in err and "http(s)" in err
    assert "a1" not in out
    assert not (tmp_path / "e.json").exists()


def test_sync_never_opens_a_file_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A local file laid out as DBLP's export (``pid/99/0101.bib``) is not read."""
    (tmp_path / "pid" / "99").mkdir(parents=True)
    (tmp_path / "pid" / "99" / "0101.bib").write_text(
        "@article{DBLP:journals/x/Doe20,\n  author = {Jane Doe},\n"
        "  title = {Read from a local file},\n  journal = {J},\n  year = {2020},\n}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("RESEARCHTOPICS_DBLP_URL", tmp_path.as_uri())
    bib = tmp_path / "lab.bib"
    bib.write_text(BIB, encoding="utf-8")
    assert main(["sync", str(bib), "--dblp", "99/0101", "--no-cache"]) == 1
    assert "only http(s) APIs are asked; nothing written" in capsys.readouterr().err
    assert bib.read_text(encoding="utf-8") == BIB


def test_enrich_does_not_read_a_data_file_the_build_would_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The build refuses a data file over MAX_DATA_BYTES; enrich read any size whole."""
    bib = tmp_path / "lab.bib"
    bib.write_text(BIB, encoding="utf-8")
    data = tmp_path / "enrich.json"
    with data.open("wb") as stream:  # sparse: no disk used
        stream.truncate(MAX_DATA_BYTES + 1)
    assert main(["enrich", str(bib), "--data", str(data), "--no-cache"]) == 2
    assert f"larger than {MAX_DATA_BYTES // 2**20} MB; not overwritten" in capsys.readouterr().err
    assert data.stat().st_size == MAX_DATA_BYTES + 1
