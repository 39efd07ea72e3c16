"""The ``researchtopics`` command: ``check``, ``import``, ``new``, ``enrich``, ``topics``,
``sync``.

``check`` prints each problem the way Sphinx does (``FILE:LINE: WARNING: message
[researchtopics.subtype]``) and exits with 1 when there is any, so it fits pre-commit
and CI.  ``import`` lives in :mod:`.importer` and ``new`` in :mod:`.scaffold`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from ..config import WARNING_SUBTYPES, WARNING_TYPE

__all__ = ["main"]

#: Exit codes: clean, problems found, wrong usage (argparse's own code).
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
#: Stopped by Ctrl-C, as a shell reports a command SIGINT ended.
EXIT_INTERRUPTED = 130


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


def _add_new(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from . import scaffold

    help_text = "write a complete lab site from a .bib file"
    parser = commands.add_parser("new", help=help_text, description=scaffold.__doc__)
    scaffold.add_arguments(parser)
    parser.set_defaults(run=scaffold.run)


def _add_import(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from . import importer

    help_text = "move hand-written publication pages to a .bib file and topic pages"
    parser = commands.add_parser("import", help=help_text, description=help_text)
    importer.add_arguments(parser)
    parser.set_defaults(run=importer.run)


def _add_enrich(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from .enrich import register

    register(commands)


def _add_topics(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from . import topics

    help_text = "propose topic pages from the OpenAlex topics of researchtopics enrich"
    parser = commands.add_parser("topics", help=help_text)
    topics.add_arguments(parser)


def _add_sync(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from .authors import sync

    help_text = "append the authors' new works (OpenAlex, ORCID, DBLP) to a .bib file"
    parser = commands.add_parser("sync", help=help_text)
    sync.add_arguments(parser)


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser, one subparser per command."""
    parser = argparse.ArgumentParser(
        prog="researchtopics",
        description="Tools for sphinxcontrib-researchtopics bibliographies and sites.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_check(commands)
    _add_import(commands)
    _add_new(commands)
    _add_enrich(commands)
    _add_topics(commands)
    _add_sync(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line *argv* (default: ``sys.argv[1:]``); return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        return int(args.run(args))
    except SystemExit as exit_:  # --help, --version and usage errors
        code = exit_.code
        if code is None:
            return EXIT_OK
        return code if isinstance(code, int) else EXIT_USAGE
    except KeyboardInterrupt:  # Ctrl-C: each file written is whole (cli/output.py)
        print(
            "researchtopics: interrupted; files already written are complete, the rest "
            "were not written",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
