"""The ``researchtopics`` command: ``check`` .bib files, ``import`` publications.

``check`` prints each problem the way Sphinx does (``FILE:LINE: WARNING: message
[researchtopics.subtype]``) and exits with 1 when there is any, so it fits pre-commit
and CI.  ``import`` lives in :mod:`.importer`, imported only when that command runs.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from .. import __version__
from ..config import WARNING_SUBTYPES, WARNING_TYPE

__all__ = ["main"]

#: Exit codes: clean, problems found, wrong usage (argparse's own code).
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

_IMPORTER = "sphinxcontrib_researchtopics.importer"


def _subtype(value: str) -> str:
    """An ``--ignore`` value: a subtype, with or without ``researchtopics.``."""
    name = value.strip().removeprefix(f"{WARNING_TYPE}.")
    if name not in WARNING_SUBTYPES:
        known = ", ".join(sorted(WARNING_SUBTYPES))
        raise argparse.ArgumentTypeError(f"unknown subtype {value!r} (known: {known})")
    return name


def _add_check(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "check",
        help="report problems in .bib files without building",
        description=(
            "Parse .bib files as a Sphinx build would and print every problem as "
            "FILE:LINE: WARNING: message [researchtopics.subtype]. Files are read as one "
            "bibliography (a key defined twice across them is reported; crossrefs may "
            "point into another file). Exit status: 0 clean, 1 problems, 2 wrong usage."
        ),
    )
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help=".bib files, globs or folders (every .bib file under a folder)",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print the problems only, without the summary line",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        type=_subtype,
        metavar="SUBTYPE",
        help="do not report this warning subtype (repeatable), e.g. --ignore entry_type",
    )
    parser.add_argument(
        "--topic-field",
        default="topics",
        help="the field holding topic tags, as researchtopics_topic_field (default: topics)",
    )
    parser.set_defaults(run=_run_check)


def _run_check(args: argparse.Namespace) -> int:
    from .check import check, format_problem

    result = check(args.files, args.topic_field)
    ignored = set(args.ignore)
    problems = [problem for problem in result.problems if problem.subtype not in ignored]
    for problem in problems:
        print(format_problem(problem))
    if not args.quiet:
        files = len(result.files)
        summary = (
            f"{len(problems)} problem{'s' * (len(problems) != 1)}" if problems else "no problems"
        )
        print(
            f"researchtopics check: {files} file{'s' * (files != 1)}, "
            f"{result.entry_count} entr{'ies' if result.entry_count != 1 else 'y'}: {summary}",
            file=sys.stderr,
        )
    return EXIT_PROBLEMS if problems else EXIT_OK


def _load_importer() -> ModuleType | str:
    """The importer module, or why it cannot be used."""
    try:
        return importlib.import_module(_IMPORTER)
    except ImportError as error:
        if error.name == _IMPORTER:
            return "not available: this installation has no sphinxcontrib_researchtopics.importer"
        return f"not available: the importer cannot be loaded ({error})"


def _add_import(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], importer: ModuleType | None
) -> None:
    """Register ``import``; its options come from *importer* when it is loaded."""
    help_text = "import publications into a .bib file (see: researchtopics import --help)"
    parser = commands.add_parser("import", help=help_text, description=help_text)
    if importer is None:
        parser.set_defaults(run=_run_import)
        return
    importer.add_arguments(parser)
    parser.set_defaults(run=importer.run)


def _run_import(args: argparse.Namespace) -> int:
    """``import`` parsed by a parser built without the importer: load it now."""
    importer = _load_importer()
    if isinstance(importer, str):
        return _import_unavailable(importer)
    return int(importer.run(args))


def _import_unavailable(reason: str) -> int:
    print(f"researchtopics import: {reason}", file=sys.stderr)
    return EXIT_USAGE


def build_parser(importer: ModuleType | None = None) -> argparse.ArgumentParser:
    """The command-line parser; ``import`` takes its options from *importer* if given."""
    parser = argparse.ArgumentParser(
        prog="researchtopics",
        description="Tools for sphinxcontrib-researchtopics bibliographies.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_check(commands)
    _add_import(commands, importer)
    from .enrich import register as add_enrich  # researchtopics enrich (issue 18)

    add_enrich(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line *argv* (default: ``sys.argv[1:]``); return the exit status.

    The importer is imported only when the command is ``import``, so ``check`` never
    depends on it.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = next((arg for arg in arguments if not arg.startswith("-")), "")
    importer: ModuleType | None = None
    if command == "import":
        loaded = _load_importer()
        if isinstance(loaded, str):
            return _import_unavailable(loaded)
        importer = loaded
    parser = build_parser(importer)
    try:
        args = parser.parse_args(arguments)
        return int(args.run(args))
    except SystemExit as exit_:  # --help, --version and usage errors
        code = exit_.code
        if code is None:
            return EXIT_OK
        return code if isinstance(code, int) else EXIT_USAGE
