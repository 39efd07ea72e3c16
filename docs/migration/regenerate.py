"""Regenerate the files the migration guide (docs/migration.rst) shows.

Runs ``researchtopics import sr-video.md -o topics`` on a copy of the seed page
(``sr-video.md.txt``, verbatim) in a temporary folder and keeps:

- ``import-output.txt``: the command and everything it printed,
- ``publications.bib``: the .bib file it wrote,
- ``sr-video.rst.txt``: the page it wrote (``.txt`` so Sphinx does not build it).

``python docs/migration/regenerate.py`` rewrites them; ``--check`` only compares and
exits with 1 when they are out of date (the test suite runs the check).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
COMMAND = ["sr-video.md", "-o", "topics"]


def generate() -> dict[str, str]:
    """File name (in this folder) -> the text it should hold."""
    from sphinxcontrib_researchtopics.cli import importer

    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "sr-video.md").write_bytes((HERE / "sr-video.md.txt").read_bytes())
        printed = io.StringIO()
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
                status = importer.main(COMMAND)
        finally:
            os.chdir(cwd)
        if status != 0:
            raise SystemExit(f"the import failed ({status}):\n{printed.getvalue()}")
        out = Path(tmp, "topics")
        return {
            "import-output.txt": "$ researchtopics import "
            + " ".join(COMMAND)
            + "\n"
            + printed.getvalue(),
            "publications.bib": (out / "publications.bib").read_text(encoding="utf-8"),
            "sr-video.rst.txt": (out / "sr-video.rst").read_text(encoding="utf-8"),
        }


def stale() -> list[str]:
    """The names whose committed text differs from a fresh import."""
    files = generate()
    return [
        name
        for name, text in files.items()
        if not (HERE / name).exists() or (HERE / name).read_text(encoding="utf-8") != text
    ]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        names = stale()
        for name in names:
            print(f"out of date: docs/migration/{name} (run docs/migration/regenerate.py)")
        return 1 if names else 0
    for name, text in generate().items():
        (HERE / name).write_text(text, encoding="utf-8")
        print(f"wrote docs/migration/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
