"""``researchtopics topics FILE.bib --data enrich.json``: topic pages proposed from OpenAlex.

Reads the .bib files and the data file of ``researchtopics enrich`` (which records each
work's OpenAlex topics), proposes a tagging with :func:`..bib.topics.propose`, prints it
as a table, and writes it (``--out``, a reviewable JSON file the build can apply with
``researchtopics_topic_map``) or adds ``topics = {...}`` to untagged entries
(``--write-bib``, changing no other byte).  Nothing is asked of any API.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TextIO

from ..bib.enrich_data import load_data, lookup_topics
from ..bib.files import cannot_write, not_a_file, replace_file
from ..bib.records import Publication
from ..bib.terminal import printable
from ..bib.topic_map import MAX_MAP_BYTES
from ..bib.topics import FORMAT as TOPICS_FORMAT
from ..bib.topics import LEVEL_CHOICES, MAX_TOPICS, MIN_SIZE, MIN_TOPICS, Proposal, propose
from .check import check, format_problem
from .enrich.writebib import write_fields

__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "TopicOptions",
    "add_arguments",
    "print_proposal",
    "propose_from_data",
    "run",
    "tag_bib_files",
    "write_proposal",
]

#: Exit codes: done; some entries could not be tagged; wrong usage or unreadable input.
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
#: Keys shown per topic in the table.
EXAMPLES = 3


@dataclass(frozen=True)
class TopicOptions:
    """The bounds :func:`propose` takes, as the command line gives them."""

    min_topics: int = MIN_TOPICS
    max_topics: int = MAX_TOPICS
    min_size: int = MIN_SIZE
    level: str = "auto"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``topics`` (the parser itself is made by :mod:`..`)."""
    parser.description = (
        "Propose topic pages from the OpenAlex topics that researchtopics enrich recorded: "
        "a handful of topics (4 to 8 by default) of at least 3 entries each, at the OpenAlex "
        "level that splits the entries best, the rest under Other. Prints the proposal; "
        "--out writes it for review (and for researchtopics_topic_map), --write-bib adds "
        "topics fields to untagged entries. Exit status: 0 done, 1 some entries could not "
        "be tagged, 2 wrong usage or unusable input."
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help=".bib files, globs or folders")
    parser.add_argument(
        "--data", required=True, metavar="JSON", help="the data file of researchtopics enrich"
    )
    parser.add_argument("--out", metavar="JSON", help="write the proposal to this file")
    parser.add_argument(
        "--write-bib",
        action="store_true",
        help="add a topics field to each proposed entry that has none (nothing else changes)",
    )
    add_proposal_options(parser)
    parser.add_argument(
        "--topic-field",
        default="topics",
        help="the field holding topic tags, as researchtopics_topic_field (default: topics)",
    )
    parser.set_defaults(run=run)


def add_proposal_options(parser: argparse.ArgumentParser) -> None:
    """``--min``, ``--max``, ``--min-size`` and ``--level`` (``new --data`` has them too)."""
    parser.add_argument(
        "--min", dest="min_topics", type=int, default=MIN_TOPICS, help="fewest topics wanted"
    )
    parser.add_argument(
        "--max", dest="max_topics", type=int, default=MAX_TOPICS, help="most topics proposed"
    )
    parser.add_argument(
        "--min-size", type=int, default=MIN_SIZE, help="fewest entries a topic holds"
    )
    parser.add_argument(
        "--level",
        choices=LEVEL_CHOICES,
        default="auto",
        help="group at OpenAlex's topic or subfield level (default: the one that splits best)",
    )


def options_of(args: argparse.Namespace) -> TopicOptions | str:
    """The proposal options, or why they are wrong."""
    if args.min_topics < 1 or args.max_topics < args.min_topics:
        return "--min must be at least 1 and --max at least --min"
    if args.min_size < 1:
        return "--min-size must be at least 1"
    return TopicOptions(args.min_topics, args.max_topics, args.min_size, args.level)


def propose_from_data(
    entries: Sequence[Publication], data_path: str, options: TopicOptions = TopicOptions()
) -> tuple[Proposal | None, list[str]]:
    """The proposal for *entries* from the enrichment data file *data_path*, and the
    problems of that file as ``FILE: WARNING: ...`` lines.  None when the file cannot be
    used at all (missing, not JSON, not a data file)."""
    data, problems = load_data(data_path)
    lines = [format_problem(problem) for problem in problems]
    fatal = not data and any(problem.message.startswith(_FATAL) for problem in problems)
    if fatal:
        return None, lines
    proposal = propose(
        [pub.key for pub in entries],
        lookup_topics(data),
        min_topics=options.min_topics,
        max_topics=options.max_topics,
        min_size=options.min_size,
        level=options.level,
    )
    return proposal, lines


_FATAL = ("cannot read", "enrichment data is not valid JSON", "not an enrichment data file")


def print_proposal(proposal: Proposal, total: int, stream: TextIO) -> None:
    """The proposal as a table: topic (slug), title, entries, examples; then Other."""
    rows = [("topic", "title", "entries", "examples")]
    for topic in proposal.topics:
        shown = ", ".join(topic.keys[:EXAMPLES]) + (", ..." if len(topic.keys) > EXAMPLES else "")
        rows.append((topic.slug, topic.title, str(len(topic.keys)), shown))
    other = proposal.other
    shown = ", ".join(other[:EXAMPLES]) + (", ..." if len(other) > EXAMPLES else "")
    rows.append(("(other)", "Other", str(len(other)), shown))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    for row in rows:
        cells = [row[column].ljust(widths[column]) for column in range(3)]
        stream.write(printable(f"{cells[0]}  {cells[1]}  {cells[2]}  {row[3]}".rstrip()) + "\n")
    placed = total - len(other)
    stream.write(
        f"researchtopics topics: {total} entries, {len(proposal.topics)} topics at the "
        f"{proposal.level} level, {placed} placed, {len(other)} other\n"
    )
    if proposal.unknown:
        unknown = printable(", ".join(proposal.unknown))
        stream.write(f"not known to OpenAlex (tag these by hand): {unknown}\n")


def write_proposal(path: str | os.PathLike[str], proposal: Proposal) -> None:
    """The proposal as JSON (sorted members, fixed indentation), written atomically."""
    text = json.dumps(proposal.to_json(), indent=2, ensure_ascii=False) + "\n"
    replace_file(path, text.encode("utf-8"))


def tag_bib_files(
    entries: Sequence[Publication], slugs: Mapping[str, Sequence[str]], topic_field: str
) -> tuple[dict[str, dict[str, list[str]]], dict[str, dict[str, str]]]:
    """Add ``topic_field = {slug, ...}`` to each entry of *slugs* that has no tags (no
    topic field, no keywords), in its own file; per file, the keys tagged and the keys
    skipped with why."""
    plan: dict[str, dict[str, tuple[int, list[tuple[str, str]]]]] = {}
    for pub in entries:
        wanted = slugs.get(pub.key, ())
        names = {name.lower() for name, _value in pub.fields}
        if not wanted or pub.topics or topic_field.lower() in names:
            continue
        plan.setdefault(pub.source, {})[pub.key] = (pub.line, [(topic_field, ", ".join(wanted))])
    added: dict[str, dict[str, list[str]]] = {}
    skipped: dict[str, dict[str, str]] = {}
    for path, additions in plan.items():
        edit = write_fields(path, additions)
        added[path], skipped[path] = edit.added, edit.skipped
    return added, skipped


def _not_a_proposal(path: str) -> str:
    """Why the existing file *path* must not be replaced by a proposal ("" when it is one,
    or does not exist): ``--out lab.bib`` or ``--out enrich.json`` replaced the lab's .bib
    or its enrichment data."""
    if not os.path.isfile(path):
        return ""
    try:
        with open(path, "rb") as stream:
            raw = json.loads(stream.read(MAX_MAP_BYTES + 1).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        raw = None
    if isinstance(raw, dict) and raw.get("format") == TOPICS_FORMAT:
        return ""
    return f"it is not a topic proposal (format {TOPICS_FORMAT!r}); not overwritten"


def _error(message: str) -> None:
    print(f"researchtopics topics: error: {message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Propose, print, and write what was asked for."""
    options = options_of(args)
    if isinstance(options, str):
        _error(options)
        return EXIT_USAGE
    if args.out and (reason := cannot_write(args.out) or _not_a_proposal(args.out)):
        _error(f"{args.out}: cannot write it: {reason}")
        return EXIT_USAGE
    if reason := not_a_file(args.data):
        _error(f"{args.data}: cannot read it: it {reason}")
        return EXIT_USAGE
    if not os.path.isfile(args.data):
        _error(
            f"{args.data}: no such data file (make it with: researchtopics enrich FILE.bib "
            f"--data {args.data})"
        )
        return EXIT_USAGE
    checked = check(args.files, args.topic_field)
    if not checked.files:
        _error("no .bib file found in " + " ".join(args.files))
        return EXIT_USAGE
    entries = list(checked.bibliography.entries.values())
    proposal, problems = propose_from_data(entries, args.data, options)
    for line in problems:
        print(line, file=sys.stderr)
    if proposal is None:
        _error(f"{args.data}: cannot use the data file (see above)")
        return EXIT_USAGE
    print_proposal(proposal, len(entries), sys.stdout)
    if args.out:
        write_proposal(args.out, proposal)
        print(f"researchtopics topics: wrote {args.out}", file=sys.stderr)
    status = EXIT_OK
    if args.write_bib:
        assigned = {key: slugs for key, slugs in proposal.listed().items() if slugs}
        added, skipped = tag_bib_files(entries, assigned, args.topic_field)
        for path, keys in added.items():
            for key in keys:
                print(f"{path}: {key}: added {args.topic_field}", file=sys.stderr)
        for path, reasons in skipped.items():
            for key, reason in reasons.items():
                print(f"{path}: {key}: not edited: {reason}", file=sys.stderr)
                status = EXIT_FAILED
    return status
