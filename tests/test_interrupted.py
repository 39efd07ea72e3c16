"""A build stopped at any moment leaves nothing that a later build keeps.

A site is built, its .bib edited (a title, and an entry moved from one topic to another:
pages re-read, and pages only re-written for their navs' counts and "Also in" lines),
then a build is stopped with SIGINT (Ctrl-C) or SIGKILL (a CI timeout, the OOM killer)
while reading, while writing, or after writing; a normal build follows.  Its pages and
downloads must be byte for byte those of a clean build of the edited site.  Every build
is a real ``python -m sphinx`` process, stopped by a small extension of the test
(``stopper``) that signals its own process at the chosen moment.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent / "roots" / "test-perf-split"

#: Loaded in every build (so the configuration never changes between them); it stops
#: the build only when ``RT_STOP`` says where: "reading:N", "writing:N" or "after".
STOPPER = """
import os, signal

def _stop():
    os.kill(os.getpid(), getattr(signal, os.environ["RT_SIGNAL"]))

def setup(app):
    where, _, count = os.environ.get("RT_STOP", "").partition(":")
    seen = []
    def at(*args):
        seen.append(1)
        if len(seen) == int(count or 1):
            _stop()
    if where == "reading":
        app.connect("source-read", at)
    elif where == "writing":
        app.connect("html-page-context", at)
    elif where == "after":
        app.connect("build-finished", at, priority=1)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""

CONF_TAIL = """
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
extensions.append("stopper")
"""


def _site(folder: Path) -> Path:
    src = folder / "src"
    shutil.copytree(ROOT, src)
    (src / "stopper.py").write_text(STOPPER, encoding="utf-8")
    with open(src / "conf.py", "a", encoding="utf-8") as conf:
        conf.write(CONF_TAIL)
    return src


def _edit(src: Path) -> None:
    bib = src / "papers.bib"
    text = bib.read_text(encoding="utf-8")
    for old, new in (
        ("Network super-resolution diffusion prior", "Edited network super-resolution prior"),
        ("topics = {denoise, event},", "topics = {denoise, video},"),
        ("Light spatio-temporal blind field", "Edited light spatio-temporal field"),
    ):
        assert old in text, old
        text = text.replace(old, new, 1)  # the first entry, liu2014a0 (and liu2015b1)
    bib.write_text(text, encoding="utf-8")


def _build(
    src: Path, out: Path, stop: str = "", sig: str = "SIGINT", jobs: str = "1"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RT_STOP": stop, "RT_SIGNAL": sig}
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", jobs,
         "-d", str(out / ".doctrees"), str(src), str(out / "html")],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip


def _output(out: Path) -> dict[str, bytes]:
    html = out / "html"
    files = [*html.rglob("*.html"), *html.rglob("_bibtex/**/*.bib")]
    return {str(path.relative_to(html)): path.read_bytes() for path in sorted(files)}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The site built once before the edit, and a clean build of the edited site."""
    base = tmp_path_factory.mktemp("interrupted")
    before = base / "before"
    src = _site(before)
    assert _build(src, before / "out").returncode == 0
    clean = base / "clean"
    shutil.copytree(before / "src", clean / "src")
    _edit(clean / "src")
    assert _build(clean / "src", clean / "out").returncode == 0
    return before, _output(clean / "out")


@pytest.mark.parametrize("sig", ["SIGINT", "SIGKILL"])
@pytest.mark.parametrize("stop", ["reading:2", "writing:1", "writing:3", "after"])
def test_a_stopped_build_leaves_nothing_a_later_build_keeps(
    built: tuple[Path, dict[str, bytes]], tmp_path: Path, stop: str, sig: str
) -> None:
    before, clean = built
    shutil.copytree(before, tmp_path / "site", symlinks=True)
    src, out = tmp_path / "site" / "src", tmp_path / "site" / "out"
    _edit(src)
    stopped = _build(src, out, stop, sig)
    expected = -signal.SIGKILL if sig == "SIGKILL" else 2
    assert stopped.returncode == expected, stopped.stderr
    assert _build(src, out).returncode == 0
    got = _output(out)
    assert sorted(got) == sorted(clean)
    assert [name for name in clean if got[name] != clean[name]] == []


def test_an_unstopped_rebuild_drops_the_note(
    built: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    """The note of pages to write lives only until a build ends without error."""
    before, _ = built
    shutil.copytree(before, tmp_path / "site", symlinks=True)
    src, out = tmp_path / "site" / "src", tmp_path / "site" / "out"
    _edit(src)
    assert _build(src, out, "after", "SIGKILL").returncode == -signal.SIGKILL
    assert list((out / ".doctrees").glob("researchtopics-pending-*.json"))
    assert _build(src, out).returncode == 0
    assert not list((out / ".doctrees").glob("researchtopics-pending-*.json"))
