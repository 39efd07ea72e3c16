"""``researchtopics topics --out FILE``: never over a file that is not a proposal.

``--out lab.bib`` (the input) or ``--out enrich.json`` (the data file: a plausible slip
for ``--data``) replaced the lab's .bib or its enrichment data with the proposal, exit 0.
An existing file is now replaced only when it is a proposal (a second run's ``--out``).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from enrich_server import DATA, FixtureServer, serving_at_once

from sphinxcontrib_researchtopics.cli import main


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FixtureServer]:
    with serving_at_once(monkeypatch) as fixture:
        yield fixture


@pytest.fixture
def lab(server: FixtureServer, tmp_path: Path) -> tuple[Path, Path]:
    bib = tmp_path / "lab.bib"
    shutil.copy(DATA / "lab.bib", bib)
    data = tmp_path / "enrich.json"
    assert main(["enrich", str(bib), "--data", str(data), "--no-cache"]) == 0
    return bib, data


@pytest.mark.parametrize("which", ["bib", "data"])
def test_out_never_replaces_the_inputs(
    which: str, lab: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    bib, data = lab
    target = bib if which == "bib" else data
    before = target.read_bytes()
    capsys.readouterr()
    assert main(["topics", str(bib), "--data", str(data), "--out", str(target)]) == 2
    assert "is not a topic proposal" in capsys.readouterr().err
    assert target.read_bytes() == before


def test_out_replaces_an_earlier_proposal(lab: tuple[Path, Path], tmp_path: Path) -> None:
    bib, data = lab
    out = tmp_path / "topics.json"
    for _ in range(2):
        assert main(["topics", str(bib), "--data", str(data), "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "researchtopics-topics/1"
