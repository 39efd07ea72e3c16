"""The ``researchtopics import`` command: options, the import itself, writing files.

:func:`import_pages` does the work without touching the output folder; :func:`run`
checks the arguments, prints the messages and writes the files (never over existing
ones without ``--force``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ...bib.files import not_a_file
from ..alfolio.command import is_alfolio_site, run_site
from ..output import check_inside, write_into
from ..rst import one_line
from .bibwriter import Keys, assign, bib_text
from .entries import PageParser
from .model import BIB_NAME, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, ImportResult, Log, Page
from .pages import resolve_nav, rst_page
from .reading import read_page


def _free_docname(docname: str, taken: set[str]) -> str:
    """*docname*, or ``docname-2``, ``-3`` ... if an earlier page has it (any case)."""
    name, counter = docname, 2
    while name.lower() in taken:
        name, counter = f"{docname}-{counter}", counter + 1
    return name


def import_pages(paths: Sequence[Path], sources: Sequence[str] | None = None) -> ImportResult:
    """Read *paths* (shown as *sources* in messages); the files to write, and messages.

    Output paths are relative to the output folder: ``publications.bib`` and each page's
    path relative to the inputs' common folder, with ``.rst``.  Two pages that would
    get the same output path (``topic.md`` and ``topic.markdown``) do not overwrite
    each other: the later one gets ``topic-2.rst``, with a warning.
    """
    log = Log()
    shown = list(sources) if sources is not None else [str(path) for path in paths]
    resolved = [path.resolve() for path in paths]
    common = Path(os.path.commonpath([str(path.parent) for path in resolved])) if paths else Path()
    pages: list[Page] = []
    seen: dict[Path, str] = {}
    taken: set[str] = set()
    for path, full, source in zip(paths, resolved, shown, strict=True):
        if full in seen:
            log.add(source, 0, "note", f"same file as {seen[full]}; read once")
            continue
        seen[full] = source
        text = read_page(path, source, log)
        if text is None:
            continue
        page = PageParser(source, path, text, log).parse()
        docname = full.relative_to(common).with_suffix("").as_posix()
        page.docname = _free_docname(docname, taken)
        taken.add(page.docname.lower())
        if page.docname != docname:
            log.add(
                source,
                0,
                "warning",
                f"another page is already written as {one_line(docname)}.rst; this one is "
                f"written as {one_line(page.docname)}.rst",
            )
        pages.append(page)
    keys = Keys()
    for page in pages:
        assign(page, keys, log)
    output: dict[str, str] = {}
    for page in pages:
        output[page.docname + ".rst"] = rst_page(page, resolve_nav(page, pages, log))
    bib = bib_text(list(keys.records.values()), [page.path.name for page in pages])
    order = {source: index for index, source in enumerate(shown)}
    messages = sorted(log.messages, key=lambda m: (order.get(m.path, len(order)), m.line))
    return ImportResult(bib, output, tuple(messages), len(keys.records))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``researchtopics import``."""
    parser.description = (
        "Read hand-written Jekyll/Markdown publication pages (one paper per "
        "'**Title** <br>' block, links to the other topic pages at the top) and write "
        "OUTDIR/publications.bib with every paper once, tagged with the topics of the "
        "pages it is on, and one .rst page per input page (same path relative to the "
        "inputs' common folder) listing the same papers in the same order. Everything "
        "that cannot be read is printed as FILE:LINE: level: message. Exit status: 0 "
        "all imported, 1 some entry could not be imported, 2 nothing written. "
        "Given one al-folio site folder (with _config.yml and _bibliography/) instead, "
        "it writes a complete site with the same publications (see 'Moving from al-folio')."
    )
    parser.add_argument(
        "pages", nargs="+", metavar="PAGE.md", help="Markdown topic pages, or one al-folio SITE_DIR"
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUTDIR", help="folder to write into"
    )
    parser.add_argument(
        "-f", "--force", action="store_true", help="overwrite files that already exist"
    )


def _not_a_page(path: Path) -> str:
    """Why *path* cannot be imported: a folder says what an al-folio site would have."""
    if path.is_dir():
        lacks = [
            f"no {name}"
            for name, present in (
                ("_config.yml", (path / "_config.yml").is_file()),
                ("_bibliography/", (path / "_bibliography").is_dir()),
            )
            if not present
        ]
        return f"is a folder, not a page, nor an al-folio site (it has {' and '.join(lacks)})"
    return not_a_file(path) or "no such file"


def run(args: argparse.Namespace) -> int:
    """Run the import described by *args* (see :func:`add_arguments`); the exit status."""
    sources: list[str] = list(args.pages)
    outdir = Path(args.output)
    if len(sources) == 1 and is_alfolio_site(Path(sources[0])):
        return run_site(Path(sources[0]), outdir, args.force)
    bad = [source for source in sources if not Path(source).is_file()]
    for source in bad:
        print(
            f"researchtopics import: error: {source}: {_not_a_page(Path(source))}", file=sys.stderr
        )
    if outdir.exists() and not outdir.is_dir():
        print(f"researchtopics import: error: {outdir} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    if bad:
        return EXIT_USAGE
    result = import_pages([Path(source) for source in sources], sources)
    for message in result.messages:
        print(message, file=sys.stderr)
    if not result.pages:  # an empty .bib would replace the last import's (--force)
        print(
            "researchtopics import: error: no page could be read; nothing written",
            file=sys.stderr,
        )
        return EXIT_USAGE
    files = {BIB_NAME: result.bib, **result.pages}
    existing = [name for name in files if (outdir / name).exists()]
    if existing and not args.force:
        names = ", ".join(str(outdir / name) for name in existing)
        print(
            f"researchtopics import: error: {names} already exist(s); nothing written "
            "(use --force to overwrite)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        check_inside(outdir, files)  # nothing written if one would be outside
        for name, text in files.items():
            write_into(outdir, name, text)
    except OSError as error:
        print(f"researchtopics import: error: cannot write: {error}", file=sys.stderr)
        return EXIT_USAGE
    errors = sum(message.level == "error" for message in result.messages)
    count = result.entry_count
    print(
        f"researchtopics import: {count} entr{'y' if count == 1 else 'ies'} from "
        f"{len(result.pages)} page{'s' * (len(result.pages) != 1)}"
        + (f", {errors} not imported (see the errors above)" if errors else "")
    )
    for name in files:
        print(f"  wrote {outdir / name}")
    return EXIT_PROBLEMS if errors else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """``researchtopics import`` on its own: parse *argv* and run."""
    parser = argparse.ArgumentParser(prog="researchtopics import")
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(args)
