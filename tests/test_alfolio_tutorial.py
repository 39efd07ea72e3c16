"""docs/alfolio.rst works exactly as written: each ``$`` command after the install runs,
in order, in a folder holding the test al-folio site as ``my-alfolio-site``, and
succeeds; the report it shows is the report the command prints."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "alfolio.rst"
SITE = Path(__file__).parent / "data" / "alfolio-site"


def _lines() -> list[str]:
    return [line.strip() for line in PAGE.read_text(encoding="utf-8").splitlines()]


def test_alfolio_tutorial_commands_work_as_written(tmp_path: Path) -> None:
    commands = [line[2:] for line in _lines() if line.startswith("$ ")]
    assert commands[0].startswith("python -m pip install")
    assert "[alfolio]" in commands[0]
    shutil.copytree(SITE, tmp_path / "my-alfolio-site")
    # The package of this checkout, whatever folder the commands run in.
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))
    env = {**os.environ, "PYTHONPATH": path}
    outputs = []
    for command in commands[1:]:
        argv = shlex.split(command)
        if argv[0] == "python":
            argv[0] = sys.executable
        elif argv[0] == "researchtopics":
            argv = [sys.executable, "-m", "sphinxcontrib_researchtopics.cli", *argv[1:]]
        done = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        outputs.append(done.stderr)
    html = tmp_path / "lab-site" / "_build" / "html" / "publications.html"
    page = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
    assert len(page.select("div.rt-publication")) == 9
    # The report lines the page quotes are the ones the import printed.
    quoted = [line for line in _lines() if line.startswith("my-alfolio-site/")]
    assert len(quoted) == 3
    for line in quoted:
        assert line in outputs[0], line
    report = (tmp_path / "lab-site" / "import-report.txt").read_text(encoding="utf-8")
    assert report == outputs[0]
