"""docs/start.rst works exactly as written: each ``$`` command after the install runs,
in order, in a folder holding the demo's .bib as ``papers.bib``, and succeeds."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "start.rst"


def _commands() -> list[str]:
    return [
        line.strip()[2:]
        for line in PAGE.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("$ ")
    ]


def test_tutorial_commands_work_as_written(tmp_path: Path) -> None:
    commands = _commands()
    assert commands[0].startswith("python -m pip install")
    shutil.copyfile(ROOT / "docs" / "papers" / "lab.bib", tmp_path / "papers.bib")
    # ``researchtopics`` and ``python`` are the ones of this interpreter.
    scripts = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}"}
    for command in commands[1:]:
        argv = shlex.split(command)
        if argv[0] == "python":
            argv[0] = sys.executable
        elif argv[0] == "researchtopics":
            argv = [sys.executable, "-m", "sphinxcontrib_researchtopics.cli", *argv[1:]]
        done = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    html = tmp_path / "mylab" / "_build" / "html"
    assert (html / "index.html").is_file()
    index = (html / "index.html").read_text(encoding="utf-8")
    assert "Computational Imaging Lab" in index
    assert re.search(r'href="video\.html"', index)
