"""Which paths may be read as a .bib file: regular files only.

A FIFO named ``x.bib`` blocks a reader forever, a device never ends, a folder cannot be
read; each is found with ``os.stat`` (which never blocks) and skipped with a reason.
The commands ask :func:`cannot_write` the same about the files they will write.

Every file the package writes (caches, the environment's notes, a command's output, a
.bib it edits) is made by :func:`replace_file`: whole or not at all.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .records import Problem

__all__ = ["NOT_A_FILE", "cannot_write", "not_a_file", "not_a_file_problem", "replace_file"]

#: The warning subtype of a configured path that is not a regular file.
NOT_A_FILE = "bib_not_file"


def not_a_file(path: str | os.PathLike[str]) -> str:
    """Why *path* must not be read ("" for a regular file, or a path that does not exist:
    reading it reports that)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return ""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a FIFO (named pipe), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    return "is not a regular file"


def not_a_file_problem(path: str) -> Problem | None:
    """A located problem for a path that is not a regular file; None for one that is."""
    reason = not_a_file(path)
    return Problem(NOT_A_FILE, f"cannot read: it {reason}; skipped", path) if reason else None


def cannot_write(path: str | os.PathLike[str]) -> str:
    """Why a command cannot write the file *path* ("" when it can try), checked before
    any work, so a wrong output path stops a run before its requests, not after them."""
    reason = not_a_file(path)
    if reason:
        return f"it {reason}"
    folder = os.path.dirname(os.fspath(path)) or "."
    if not os.path.isdir(folder):
        return f"its folder {folder} does not exist"
    return ""


def replace_file(path: str | os.PathLike[str], fill: bytes | Callable[[BinaryIO], object]) -> None:
    """Make *path* from *fill* (its bytes, or a function writing them) whole or not at all.

    The bytes go to a new file beside *path*, renamed over it once complete: a reader never
    sees half a file, and Ctrl-C, a kill or a full disk leaves the old file (the new one is
    removed, whatever stopped the write, but a kill).  A symlink at *path* is replaced, not
    written through.  A regular file that existed keeps its permissions; a new file gets
    the umask's.  Raises :class:`OSError` (and whatever *fill* raises).
    """
    target = Path(path)
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{target.name}.{secrets.token_hex(6)}.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            if isinstance(fill, bytes):
                stream.write(fill)
            else:
                fill(stream)
        with contextlib.suppress(OSError):
            mode = os.lstat(target).st_mode
            if stat.S_ISREG(mode):
                os.chmod(temporary, stat.S_IMODE(mode))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
