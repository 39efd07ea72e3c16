"""``-j 2`` gives the same site as a serial build: every page, byte for byte.

The site (tests/roots/test-perf-split) has ten pages that share one bibliography: topic
lists, a ``group-by`` list, single entries, ``:pub:`` references across pages and topic
navs with counts, so parallel readers must merge the Domain and the post-transforms must
see every page.  Builds run as real ``python -m sphinx`` processes, as users run them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent / "roots" / "test-perf-split"


def build(src: Path, out: Path, jobs: str) -> str:
    """A fresh HTML build; returns its warnings."""
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", jobs, "-E",
         "-d", str(out / ".doctrees"), str(src), str(out / "html")],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stderr


def pages(out: Path) -> dict[str, bytes]:
    html = out / "html"
    return {str(path.relative_to(html)): path.read_bytes() for path in sorted(html.rglob("*.html"))}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str, str]:
    base = tmp_path_factory.mktemp("parallel")
    src = base / "src"
    shutil.copytree(ROOT, src)
    serial, parallel = base / "serial", base / "parallel"
    warnings_serial = build(src, serial, "1")
    warnings_parallel = build(src, parallel, "2")
    return serial, parallel, warnings_serial, warnings_parallel


def test_every_page_is_identical(two_builds: tuple[Path, Path, str, str]) -> None:
    serial, parallel, _, _ = two_builds
    one, two = pages(serial), pages(parallel)
    assert len(one) >= 10
    assert sorted(one) == sorted(two)
    differ = [name for name in one if one[name] != two[name]]
    assert differ == []


def test_the_downloads_are_identical(two_builds: tuple[Path, Path, str, str]) -> None:
    serial, parallel, _, _ = two_builds
    one = {p.relative_to(serial): p.read_bytes() for p in serial.rglob("_bibtex/*.bib")}
    two = {p.relative_to(parallel): p.read_bytes() for p in parallel.rglob("_bibtex/*.bib")}
    assert one == two


def test_same_warnings(two_builds: tuple[Path, Path, str, str]) -> None:
    _, _, warnings_serial, warnings_parallel = two_builds
    assert sorted(warnings_serial.splitlines()) == sorted(warnings_parallel.splitlines())
    assert "WARNING" not in warnings_serial


def test_the_pages_show_what_they_should(two_builds: tuple[Path, Path, str, str]) -> None:
    serial, _, _, _ = two_builds
    html = serial / "html"
    everything = (html / "all.html").read_text(encoding="utf-8")
    assert everything.count('class="rt-publication"') == 240
    video = (html / "video.html").read_text(encoding="utf-8")
    assert 'aria-current="page"' in video
    assert video.count('class="rt-publication"') > 10
