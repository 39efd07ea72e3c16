"""``researchtopics sync FILE.bib --openalex … --orcid … --dblp …``: append new works.

The works not in the .bib yet (by DOI, arXiv id, or title with an author in common) are
appended at the end of the file; not one existing byte changes, which the command checks
before it writes (the old text is a prefix of the new one, and the file parses to the
old keys followed by the new ones).  When the .bib holds only the preprint of a work
whose published version has appeared, nothing is added: the pair is printed with the
merged entry (the published one, under the preprint's key, with its arXiv id) to paste.
Running it again adds nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from ...bib.duplicates import Identity, groups, identity_of_publication
from ...bib.enrich_data import FORMAT, load_data, write_data
from ...bib.files import cannot_write, not_a_file, replace_file
from ...bib.load import parse_file
from ...bib.records import Publication
from ...bib.scan import parse_bib_text
from ...bib.works import Work, identity_of_work, make_keys
from . import options
from .bibout import entries_text, entry_text
from .fetch import client_of, enrich_records, fetch_lab
from .new import bib_header

__all__ = ["Plan", "add_arguments", "plan_sync", "run"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


@dataclass
class Plan:
    """What syncing does: works to add, works present (with the key they are under), and
    preprints whose published version appeared (the entry, the published work)."""

    added: list[Work] = field(default_factory=list)
    present: list[tuple[Work, str]] = field(default_factory=list)
    published: list[tuple[Publication, Work]] = field(default_factory=list)


def plan_sync(existing: list[Publication], works: list[Work]) -> Plan:
    """Sort *works* (merged already) against the entries of the .bib."""
    items: list[Identity] = [identity_of_publication(pub) for pub in existing]
    items += [identity_of_work(work) for work in works]
    count = len(existing)
    entries_of: dict[int, list[int]] = {}
    for group in groups(items):
        known = [index for index in group if index < count]
        for index in group:
            if index >= count:
                entries_of[index - count] = known
    plan = Plan()
    for number, work in enumerate(works):
        known = entries_of.get(number, [])
        if not known:
            plan.added.append(work)
            continue
        preprints_only = all(items[index].preprint for index in known)
        if preprints_only and not items[count + number].preprint:
            plan.published.append((existing[known[0]], work))
        else:
            plan.present.append((work, existing[known[0]].key))
    return plan


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Append the authors' works that the .bib does not hold yet at its end (no existing "
        "byte changes) and print what was added and what was already there. Exit status: "
        "0 done, 1 a fetch failed (nothing written), 2 wrong usage."
    )
    parser.add_argument("file", metavar="FILE.bib", help="the lab's .bib file")
    parser.add_argument(
        "--data",
        metavar="JSON",
        help="an enrichment data file to add the new works' abstracts, counts and topics to",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would be added, write nothing"
    )
    options.add_arguments(parser, required=True)
    parser.set_defaults(run=run)


def _fail(message: str, code: int) -> int:
    print(f"researchtopics sync: {message}", file=sys.stderr)
    return code


def _read_only(path: Path) -> bool:
    """Its mode says read-only (a root user, who may write anyway, leaves it too)."""
    return not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222


def _shown(work: Work) -> str:
    return f"{work.title[:100]!r} ({work.year or 'no year'})"


def run(args: argparse.Namespace) -> int:
    authors = options.authors_of(args)
    if not authors:
        return _fail("name at least one author: --openalex, --orcid or --dblp", EXIT_USAGE)
    path = Path(args.file)
    real = Path(os.path.realpath(path))  # a symlink is written through, as enrich does
    reason = not_a_file(real)  # a FIFO would block the read, a device be replaced
    if not reason and not args.dry_run and real.exists() and _read_only(real):
        reason = "is read-only"
    if reason:
        return _fail(f"cannot edit {path}: it {reason}; nothing written", EXIT_USAGE)
    try:
        data = real.read_bytes()
        text = data.decode("utf-8")
    except OSError as error:
        return _fail(f"cannot read {path}: {error.strerror or error}", EXIT_USAGE)
    except UnicodeDecodeError:
        return _fail(f"{path} is not UTF-8: not edited", EXIT_USAGE)
    if args.data and (reason := cannot_write(args.data)):
        return _fail(f"{args.data}: cannot write it: {reason}; nothing written", EXIT_USAGE)
    if args.data and Path(args.data).exists():
        records, problems = load_data(args.data)
        if problems and not records:
            return _fail(f"{args.data}: not an enrichment data file ({FORMAT}): not edited", 2)
    else:
        records = {}
    existing = list(parse_file(str(path), "topics", data).entries)
    lab = fetch_lab(client_of(args), authors, args.mailto)
    if isinstance(lab, str):
        return _fail(f"{lab}; nothing written", EXIT_FAILED)
    plan = plan_sync(existing, lab.works)
    keys = make_keys(plan.added, taken=[pub.key for pub in existing])
    for work, key in plan.present:
        print(f"  present  {key}: {_shown(work)}")
    for pub, work in plan.published:
        merged = replace(work, arxiv=work.arxiv or _arxiv(pub))
        print(
            f"  published  {pub.key} ({pub.source}:{pub.line}) is a preprint of {_shown(work)}; "
            "nothing added. To merge them, replace the entry by:"
        )
        print("    " + entry_text(merged, pub.key).rstrip("\n").replace("\n", "\n    "))
    for work, key in zip(plan.added, keys, strict=True):
        print(f"  added    {key}: {_shown(work)}")
    summary = (
        f"researchtopics sync: {path}: {len(plan.added)} added, {len(plan.present)} already "
        f"present, {len(plan.published)} published version{'s' * (len(plan.published) != 1)} "
        "of preprints in the file (not added)"
    )
    if not plan.added or args.dry_run:
        print(summary + (" (dry run: nothing written)" if args.dry_run and plan.added else ""))
        return EXIT_OK
    newline = "\r\n" if "\r\n" in text else "\n"
    sources = ", ".join(str(author) for author in authors)
    addition = ("" if not text or text.endswith("\n") else newline) + newline
    addition += bib_header("sync", sources).replace("\n", newline)
    addition += entries_text(plan.added, keys, newline)
    new_text = text + addition
    before, _ = parse_bib_text(text, str(path))
    after, _ = parse_bib_text(new_text, str(path))
    if [raw.key for raw in after] != [raw.key for raw in before] + keys:
        return _fail(f"{path}: appending would change how the file parses: not edited", 1)
    try:
        replace_file(real, new_text.encode("utf-8"))
    except OSError as error:
        return _fail(f"cannot write {path}: {error.strerror or error}; not edited", EXIT_FAILED)
    if args.data:
        records.update(enrich_records(plan.added, keys))
        write_data(args.data, records)
    print(summary)
    return EXIT_OK


def _arxiv(publication: Publication) -> str:
    return identity_of_publication(publication).arxiv
