"""The code passes ruff and strict mypy, so that CI (which runs this suite) checks both.

mypy runs against the newest Sphinx only: older Sphinx releases annotate their API
otherwise (7.3's logger adapter, for one), and the package is typed for the newest.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sphinx

TOP = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=TOP, capture_output=True, text=True, timeout=600
    )


def test_ruff_finds_nothing() -> None:
    result = run("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(sphinx.version_info < (9,), reason="typed against the newest Sphinx")
def test_mypy_strict_finds_nothing(tmp_path: Path) -> None:
    result = run("mypy", "--cache-dir", str(tmp_path), "sphinxcontrib_researchtopics")
    assert result.returncode == 0, result.stdout + result.stderr
