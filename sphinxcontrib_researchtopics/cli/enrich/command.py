"""``researchtopics enrich``: options, the run over every entry, progress and the report.

Nothing is written until every entry has been looked up: an interruption, or an API that
cannot be reached, leaves the data file and the .bib files as they were (the responses
fetched so far stay cached, so the next run resumes where this one stopped).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from ...bib.enrich_data import FORMAT, MAX_DATA_BYTES, EnrichData, parse_data, write_data
from ...bib.files import cannot_write, not_a_file
from ...bib.load import default_cache_dir
from ...bib.records import Publication
from ...bib.terminal import printable
from ..check import check
from .client import Client, Unreachable
from .lookup import STATUSES, Outcome, is_known, look_up
from .sources import BASE_ENV, Sources, base_urls
from .writebib import write_fields

__all__ = ["add_arguments", "run"]

#: Exit codes: done; some entries failed; wrong usage; could not run (nothing written).
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_CANNOT_RUN = 0, 1, 2, 3
EXIT_INTERRUPTED = 130


#: Fields ``--write-bib`` adds, each only where the entry has none of the listed fields.
BIB_FIELDS = {"abstract": ("abstract",), "doi": ("doi",), "pdf": ("pdf", "paper", "url")}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``enrich`` (the parser itself is made by :mod:`..`)."""
    parser.description = (
        "Look up the works of .bib entries in OpenAlex (and arXiv and Crossref where it "
        "lacks them) and record abstracts, DOIs, OpenAlex ids, citation counts and "
        "open-access PDF links, each with its source and date, in a JSON data file that "
        "the build reads. Exit status: 0 done, 1 some entries failed, 2 wrong usage, "
        "3 could not run (nothing written), 130 interrupted."
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help=".bib files, globs or folders")
    parser.add_argument("--data", metavar="JSON", help="the data file to create or update")
    parser.add_argument(
        "--write-bib",
        action="store_true",
        help="add missing abstract, doi and pdf fields to the .bib files themselves "
        "(nothing else in them changes)",
    )
    parser.add_argument(
        "--only-missing",
        action="store_true",
        help="skip entries whose abstract and citation count are already known",
    )
    parser.add_argument(
        "--search",
        action="store_true",
        help="look up entries without a DOI or arXiv id by title and year "
        "(an ambiguous match records nothing)",
    )
    parser.add_argument("--mailto", default="", help="your e-mail, for OpenAlex's polite pool")
    for name, variable in BASE_ENV.items():
        parser.add_argument(
            f"--{name}-url",
            dest=f"{name}_url",
            metavar="URL",
            help=f"base URL of the {name} API (a mirror, a test server); default: ${variable}",
        )
    parser.add_argument(
        "--cache-dir", help="where responses are cached (default: the user cache folder)"
    )
    parser.add_argument("--no-cache", action="store_true", help="do not cache responses")
    parser.add_argument(
        "--max-age",
        type=_hours,
        default=24.0,
        metavar="HOURS",
        help="cached responses older than this are fetched again (default: 24)",
    )
    parser.add_argument(
        "--timeout", type=_seconds, default=30.0, help="seconds per request (more than 0)"
    )
    parser.add_argument(
        "--retries", type=_retries, default=4, help="retries after 429, 5xx, timeouts (0-8)"
    )
    parser.set_defaults(run=run)


def _seconds(text: str) -> float:
    """A timeout: a finite number above 0 (sockets reject the others mid-run)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above 0")
    return value


def _hours(text: str) -> float:
    """An age: a finite number of hours, 0 or more (NaN would keep every response)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of hours, 0 or more")
    return value


#: The most retries of one request: each waits twice as long as the one before, so
#: the last of 8 waits about two minutes (as long as a ``Retry-After`` is obeyed).
MAX_RETRIES = 8


def _retries(text: str) -> int:
    """A count of retries from 0 to :data:`MAX_RETRIES`."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_RETRIES:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 0 to {MAX_RETRIES}")
    return value


class Progress:
    """A bar on a terminal; one line per entry otherwise (CI logs)."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.stream, self.done = total, stream, 0
        self.bar = bool(getattr(stream, "isatty", lambda: False)())

    def step(self, outcome: Outcome) -> None:
        self.done += 1
        if self.bar:
            width = 30
            filled = width * self.done // max(self.total, 1)
            line = f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}"
            self.stream.write(f"{line} {printable(outcome.key[:30]):<30}")
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(
                printable(
                    f"[{self.done}/{self.total}] {outcome.key}: {outcome.status}"
                    + (f" - {outcome.message}" if outcome.message else "")
                )
                + "\n"
            )
        self.stream.flush()


def _error(message: str) -> None:
    print(f"researchtopics enrich: error: {message}", file=sys.stderr)


def _client(args: argparse.Namespace) -> Client:
    cache_dir = None
    if not args.no_cache:
        cache_dir = args.cache_dir or os.path.join(default_cache_dir(), "enrich")
    return Client(
        cache_dir=cache_dir,
        max_age=max(args.max_age, 0.0) * 3600,
        timeout=args.timeout,
        retries=max(args.retries, 0),
        mailto=args.mailto,
    )


def _existing(path: str | None) -> EnrichData | str:
    """The data file's records (or {} when it does not exist yet), or why it cannot be
    updated (it is not a data file: better to stop than to overwrite it)."""
    if not path or not os.path.exists(path):
        return {}
    if not_a_file(path):
        return f"{path}: it {not_a_file(path)}; not overwritten"
    if os.path.getsize(path) > MAX_DATA_BYTES:  # the build would not read it either
        return f"{path}: larger than {MAX_DATA_BYTES // 2**20} MB; not overwritten"
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return f"{path}: cannot read it as JSON ({error}); not overwritten"
    except RecursionError:
        return f"{path}: cannot read it as JSON (nested too deeply); not overwritten"
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        return f"{path}: not an enrichment data file (no format {FORMAT!r}); not overwritten"
    data, problems = parse_data(raw, path)
    for problem in problems:
        print(f"researchtopics enrich: {path}: {problem.message}", file=sys.stderr)
    return data


def _report(outcomes: Sequence[Outcome], stream: TextIO) -> None:
    counts = {status: 0 for status in STATUSES}
    for outcome in outcomes:
        counts[outcome.status] += 1
    width = max((len(printable(outcome.key)) for outcome in outcomes), default=0)
    for outcome in sorted(outcomes, key=lambda item: STATUSES.index(item.status)):
        key = printable(outcome.key)
        stream.write(f"{outcome.status:<10} {key:<{width}}  {printable(outcome.message)}\n")
    summary = ", ".join(f"{count} {status}" for status, count in counts.items())
    entries = len(outcomes)
    stream.write(
        f"researchtopics enrich: {entries} entr{'y' if entries == 1 else 'ies'}: {summary}\n"
    )


def _bib_additions(
    entries: Sequence[Publication], outcomes: Sequence[Outcome]
) -> dict[str, dict[str, tuple[int, list[tuple[str, str]]]]]:
    """Per file, per key: the fields ``--write-bib`` adds (only ones the entry lacks)."""
    by_key = {pub.key: pub for pub in entries}
    plan: dict[str, dict[str, tuple[int, list[tuple[str, str]]]]] = {}
    for outcome in outcomes:
        pub = by_key[outcome.key]
        present = {name for name, _ in pub.fields} | ({"abstract"} if pub.abstract else set())
        fields = [
            (name, str(outcome.fields[name].value))
            for name, blockers in BIB_FIELDS.items()
            if name in outcome.fields and not present.intersection(blockers)
        ]
        if fields:
            plan.setdefault(pub.source, {})[pub.key] = (pub.line, fields)
    return plan


def run(args: argparse.Namespace) -> int:
    """Look every entry up, then write the data file (and the .bib files) in one go."""
    if not args.data and not args.write_bib:
        _error("say where to write: --data FILE.json, --write-bib, or both")
        return EXIT_USAGE
    bases = base_urls({name: getattr(args, f"{name}_url") for name in BASE_ENV})
    for name, base in bases.items():
        if urlsplit(base).scheme.lower() not in ("http", "https"):
            _error(f"--{name}-url (or {BASE_ENV[name]}) {base!r}: give an http(s) address")
            return EXIT_USAGE
    client = _client(args)
    sources = Sources(client, bases, args.mailto)
    checked = check(args.files)
    if not checked.files:
        _error("no .bib file found in " + " ".join(args.files))
        return EXIT_USAGE
    existing = _existing(args.data)
    if isinstance(existing, str):
        _error(existing)
        return EXIT_USAGE
    if args.data and (reason := cannot_write(args.data)):
        _error(f"{args.data}: cannot write it: {reason}")
        return EXIT_USAGE
    entries = list(checked.bibliography.entries.values())
    progress = Progress(len(entries), sys.stderr)
    outcomes: list[Outcome] = []
    try:
        for pub in entries:
            if args.only_missing and is_known(pub, existing.get(pub.key)):
                outcome = Outcome(pub.key, "skipped", message="already known (--only-missing)")
            else:
                outcome = look_up(sources, pub, args.search)
            outcomes.append(outcome)
            progress.step(outcome)
    except Unreachable as error:
        _error(
            f"{error}. Nothing was written; the responses fetched so far are cached: "
            "run the command again to resume."
        )
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:
        _error("interrupted. Nothing was written; run the command again to resume.")
        return EXIT_INTERRUPTED
    data: EnrichData = {key: dict(fields) for key, fields in existing.items()}
    for outcome in outcomes:
        if outcome.status == "found":
            data.setdefault(outcome.key, {}).update(outcome.fields)
    if args.data:
        write_data(args.data, data)
    if args.write_bib:
        for path, additions in _bib_additions(entries, outcomes).items():
            edit = write_fields(path, additions)
            for key, names in edit.added.items():
                print(f"{path}: {key}: added {', '.join(names)}", file=sys.stderr)
            for key, reason in edit.skipped.items():
                print(f"{path}: {key}: not edited: {reason}", file=sys.stderr)
    _report(outcomes, sys.stdout)
    failed = any(outcome.status == "failed" for outcome in outcomes)
    return EXIT_FAILED if failed else EXIT_OK
