"""The extension starts no process of its own: ``-j`` is Sphinx's, and with ``-j 1`` a
build (cold, then warm, HTML and LaTeX) makes no child process at all."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOTS = Path(__file__).parent / "roots"
PACKAGE = Path(__file__).resolve().parents[1] / "sphinxcontrib_researchtopics"


def _record(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every way a Python process starts another, recorded and refused."""
    started: list[str] = []

    def refuse(name: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            started.append(name)
            raise AssertionError(f"{name} called during a build")

        return call

    for name in ("fork", "forkpty", "posix_spawn", "posix_spawnp", "spawnv", "spawnve", "system"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, refuse(f"os.{name}"))
    monkeypatch.setattr(subprocess.Popen, "__init__", refuse("subprocess.Popen"))
    monkeypatch.setattr(multiprocessing.Process, "start", refuse("multiprocessing"))
    return started


@pytest.mark.parametrize("builder", ["html", "latex"])
def test_a_build_with_one_job_starts_no_process(
    builder: str, tmp_path: Path, make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "site"
    shutil.copytree(ROOTS / "test-perf-split", src)  # 240 entries on ten pages
    started = _record(monkeypatch)
    for _cold_then_warm in range(2):
        shutil.rmtree(src / "_build", ignore_errors=True)
        app = make_app(builder, srcdir=src, freshenv=True, parallel=1)
        app.build()
    assert started == []
    assert list(Path(app.outdir).glob("*.html" if builder == "html" else "*.tex"))


def test_the_package_has_no_process_api() -> None:
    """No module even names one: Sphinx's ``-j`` is the parallel engine."""
    words = ("os.fork", "multiprocessing", "ProcessPoolExecutor", "subprocess")
    build = [p for p in PACKAGE.rglob("*.py") if "cli" not in p.relative_to(PACKAGE).parts]
    found = [
        f"{path.relative_to(PACKAGE)}: {word}"
        for path in build
        for word in words
        if word in path.read_text(encoding="utf-8")
    ]
    assert found == []
