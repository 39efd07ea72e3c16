"""``bib.files.replace_file``, the one way the package writes a file: whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

import pytest

from sphinxcontrib_researchtopics.bib.files import replace_file


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "cache.pickle"
    target.write_bytes(b"old")

    def interrupted(stream: BinaryIO) -> None:
        stream.write(b"half of the new")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        replace_file(target, interrupted)
    assert target.read_bytes() == b"old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cache.pickle"]


def test_a_file_keeps_its_mode_and_a_new_one_gets_the_umasks(tmp_path: Path) -> None:
    kept = tmp_path / "lab.bib"
    kept.write_bytes(b"@misc{a,}")
    kept.chmod(0o640)
    replace_file(kept, b"@misc{b,}")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert kept.read_bytes() == b"@misc{b,}"
    old = os.umask(0o022)
    try:
        replace_file(tmp_path / "new" / "data.json", b"{}")  # its folder made too
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new" / "data.json").stat().st_mode) == 0o644


def test_a_symlink_is_replaced_not_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "bashrc"
    outside.write_bytes(b"mine")
    link = tmp_path / "site" / "conf.py"
    link.parent.mkdir()
    link.symlink_to(outside)
    replace_file(link, b"project = 'Lab'\n")
    assert outside.read_bytes() == b"mine"
    assert not link.is_symlink() and link.read_bytes() == b"project = 'Lab'\n"
