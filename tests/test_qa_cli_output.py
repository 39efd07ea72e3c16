"""What ``new``, ``import`` and the al-folio import write with ``--force`` into a folder
that holds links: only inside the output folder, each file replaced whole.

A symlink or hard link at an output path used to be written through (``conf.py ->
~/.bashrc`` was overwritten); a symlinked subfolder (``.github``, ``assets/pdf``) made
files land outside the folder.  Files are now renamed over the old ones (Ctrl-C leaves
the old file or the new one, never half of one), and a run that would write outside
the folder writes nothing.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from sphinxcontrib_researchtopics.cli import main
from sphinxcontrib_researchtopics.cli.output import OutsideFolder, check_inside, write_into

DATA = Path(__file__).parent / "data"
BIB = (
    "@article{a1,\n  title = {One},\n  author = {Jane Doe},\n  year = {2020},\n"
    "  journal = {J},\n  topics = {vision},\n}\n"
)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the output folder, with a file nothing may change."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "precious").write_text("precious\n", encoding="utf-8")
    return folder


def _no_temporary_files(folder: Path) -> None:
    assert not [path for path in folder.rglob("*.tmp")], list(folder.rglob("*"))


def test_new_force_replaces_a_symlinked_conf_py(tmp_path: Path, outside: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "conf.py").symlink_to(outside / "precious")
    bib = tmp_path / "lab.bib"
    bib.write_text(BIB, encoding="utf-8")
    assert main(["new", str(site), "--bib", str(bib), "--force", "--no-feed"]) == 0
    assert (outside / "precious").read_text(encoding="utf-8") == "precious\n"
    conf = site / "conf.py"
    assert not conf.is_symlink()
    ast.parse(conf.read_text(encoding="utf-8"))  # a whole conf.py, parsed back
    _no_temporary_files(site)
    assert build_main(["-W", "-q", "-b", "html", str(site), str(site / "_build")]) == 0
    soup = BeautifulSoup((site / "_build" / "vision.html").read_text("utf-8"), "html.parser")
    assert "One" in soup.get_text()


def test_new_force_refuses_a_symlinked_subfolder_and_writes_nothing(
    tmp_path: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / ".github").symlink_to(outside, target_is_directory=True)
    bib = tmp_path / "lab.bib"
    bib.write_text(BIB, encoding="utf-8")
    assert main(["new", str(site), "--bib", str(bib), "--force"]) == 2
    err = capsys.readouterr().err
    assert "leads outside" in err and "Traceback" not in err
    assert sorted(path.name for path in outside.iterdir()) == ["precious"]
    assert sorted(path.name for path in site.iterdir()) == [".github"]


def test_import_force_replaces_a_hard_linked_bib(tmp_path: Path, outside: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    os.link(outside / "precious", out / "publications.bib")
    assert main(["import", str(DATA / "import" / "sr-video.md"), "-o", str(out), "--force"]) == 0
    assert (outside / "precious").read_text(encoding="utf-8") == "precious\n"
    assert "@inproceedings{gao22," in (out / "publications.bib").read_text(encoding="utf-8")
    _no_temporary_files(out)


def test_alfolio_import_refuses_a_symlinked_assets_folder(
    tmp_path: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    (out / "assets").mkdir(parents=True)
    (out / "assets" / "pdf").symlink_to(outside, target_is_directory=True)
    assert main(["import", str(DATA / "alfolio-site"), "-o", str(out), "--force"]) == 2
    assert "leads outside" in capsys.readouterr().err
    assert sorted(path.name for path in outside.iterdir()) == ["precious"]
    assert sorted(path.name for path in out.iterdir()) == ["assets"]


def test_write_into_never_leaves_a_half_file(tmp_path: Path) -> None:
    """A write that fails (here: a folder in the way) leaves no temporary file behind,
    and the names the commands write are checked before the first is written."""
    (tmp_path / "conf.py").mkdir()
    with pytest.raises(OSError):
        write_into(tmp_path, "conf.py", "x = 1\n")
    _no_temporary_files(tmp_path)
    with pytest.raises(OutsideFolder):
        check_inside(tmp_path, ["../elsewhere.txt"])
    check_inside(tmp_path / "not-yet", ["a/b/c.rst"])  # a folder to be made is fine
