"""Writing a command's files into its output folder: whole, and only inside the folder.

``new``, ``import`` and the al-folio import write many files, some over files that exist
(``--force``).  Each is made by :func:`..bib.files.replace_file` (written beside it and
renamed over the old one), so Ctrl-C or a full disk leaves the old file or the new one,
never half of one; a symlink (or a hard link) at an output path is replaced, not
written through, so ``conf.py -> ~/.bashrc`` in a folder given to ``--force`` changes
nothing outside it;
and a path whose folder resolves outside the output folder (a symlinked subfolder) is
refused with :class:`OutsideFolder`, an :class:`OSError` the commands already report.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from ..bib.files import replace_file

__all__ = ["OutsideFolder", "check_inside", "copy_into", "write_into"]


class OutsideFolder(OSError):
    """An output path whose folder is (through a symlink) outside the output folder."""

    def __str__(self) -> str:
        return str(self.strerror)


def _check_inside(real_root: Path, folder: Path, root: Path, target: Path) -> None:
    real = folder.resolve()
    if real != real_root and real_root not in real.parents:
        raise OutsideFolder(
            0, f"{folder} leads outside {root} (a symlink?); not written", str(target)
        )


def _nearest_existing(folder: Path, root: Path) -> Path | None:
    """The nearest of *folder* and its parents up to *root* that exists, a dangling symlink
    included (None: none)."""
    while not os.path.lexists(folder):
        if folder in (root, folder.parent):
            return None
        folder = folder.parent
    return folder


def check_inside(root: Path, relatives: Iterable[str]) -> None:
    """Raise :class:`OutsideFolder` for the first of *relatives* that would be written
    outside *root*: run before writing anything, so a refused run writes nothing."""
    real_root = root.resolve()
    for relative in relatives:
        target = root / relative
        existing = _nearest_existing(target.parent, root)
        if existing is not None:
            _check_inside(real_root, existing, root, target)


def _folder_inside(root: Path, relative: str) -> Path:
    """The folder of ``root/relative``, made if missing; never one outside *root*."""
    check_inside(root, [relative])  # before making anything
    folder = (root / relative).parent
    folder.mkdir(parents=True, exist_ok=True)
    _check_inside(root.resolve(), folder, root, root / relative)
    return folder


def write_into(root: Path, relative: str, content: str | bytes) -> None:
    """Write *content* (text as UTF-8) to ``root/relative`` whole (see the module)."""
    data = content.encode("utf-8", "backslashreplace") if isinstance(content, str) else content
    folder = _folder_inside(root, relative)
    replace_file(folder / Path(relative).name, data)


def copy_into(root: Path, relative: str, source: Path) -> None:
    """Copy the file *source* to ``root/relative`` whole (see the module)."""
    folder = _folder_inside(root, relative)

    def copy(stream: BinaryIO) -> None:
        with source.open("rb") as original:
            shutil.copyfileobj(original, stream)

    replace_file(folder / Path(relative).name, copy)
