"""``researchtopics import SITE_DIR -o OUT`` for an al-folio site: checks, writes, reports.

Nothing is written when a file to write exists already (unless ``--force``); the report
is printed (``FILE:LINE: level: message``, files relative to SITE_DIR) and kept as
``OUT/import-report.txt``.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from ..messages import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Message
from ..output import check_inside, copy_into, write_into

REPORT = "import-report.txt"

INSTALL_HINT = (
    "researchtopics import: error: reading an al-folio site needs PyYAML; install it with\n"
    "  python -m pip install 'sphinxcontrib-researchtopics[alfolio]'"
)


def is_alfolio_site(path: Path) -> bool:
    """A folder holding ``_config.yml`` and ``_bibliography/``: an al-folio (Jekyll) site."""
    return path.is_dir() and (path / "_config.yml").is_file() and (path / "_bibliography").is_dir()


def _error(text: str) -> int:
    print(f"researchtopics import: error: {text}", file=sys.stderr)
    return EXIT_USAGE


def run_site(site: Path, outdir: Path, force: bool = False) -> int:
    """Import the al-folio site *site* into *outdir*; the exit status."""
    try:
        from ..scaffold import kept_pages, templates
        from ..scaffold.features import Features
        from .site import plan_import
    except ImportError:
        print(INSTALL_HINT, file=sys.stderr)
        return EXIT_USAGE
    if outdir.exists() and not outdir.is_dir():
        return _error(f"{outdir} is not a folder")
    if outdir.resolve() == site.resolve() or site.resolve() in outdir.resolve().parents:
        return _error(f"{outdir} is inside the site being imported; choose another folder")
    plan = plan_import(site)
    messages = [
        Message((site / message.path).as_posix(), message.line, message.level, message.text)
        for message in plan.messages
    ]
    report = "".join(f"{message}\n" for message in messages)
    for message in messages:
        print(message, file=sys.stderr)
    names = [*plan.files, *(target for _, target in plan.copies), REPORT]
    existing = [name for name in dict.fromkeys(names) if (outdir / name).exists()]
    if existing and not force:
        shown = ", ".join(str(outdir / name) for name in existing[:5])
        more = f" and {len(existing) - 5} more" if len(existing) > 5 else ""
        return _error(f"{shown}{more} already exist(s); nothing written (use --force)")
    kept = kept_pages(outdir, plan.files) if outdir.is_dir() else []
    if kept and "index.rst" in plan.files:  # the folder's own pages, kept with --force
        plan.files["index.rst"] += templates.kept_toctree(kept)
    try:
        check_inside(outdir, names)  # nothing written if one would be outside
        for name, text in {
            **plan.files,
            REPORT: report or "Everything was carried over.\n",
        }.items():
            write_into(outdir, name, text)
        for source, name in plan.copies:
            copy_into(outdir, name, source)
    except OSError as error:
        return _error(f"cannot write: {error}")
    errors = sum(message.level == "error" for message in plan.messages)
    lost = sum(message.level != "note" for message in plan.messages)
    count = len(plan.entries)
    print(
        f"researchtopics import: {count} entr{'y' if count == 1 else 'ies'} from the al-folio "
        f"site {site}; {len(plan.copies)} file{'s' * (len(plan.copies) != 1)} copied; "
        f"{lost} thing{'s' * (lost != 1)} not carried over (see {outdir / REPORT})"
    )
    lacking = Features().missing()  # the whole product is on, as new turns it on
    if lacking:
        requirements = shlex.quote(str(outdir / "requirements.txt"))
        print(
            f"This Python lacks the [{','.join(lacking)}] extra the site uses: install the "
            f"site's requirements first (pip install -r {requirements}), or the build warns"
        )
    html = shlex.quote(str(outdir / "_build" / "html"))
    print(f"Build it: python -m sphinx -W -b html {shlex.quote(str(outdir))} {html}")
    return EXIT_PROBLEMS if errors else EXIT_OK
