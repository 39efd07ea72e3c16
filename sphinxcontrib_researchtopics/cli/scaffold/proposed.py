"""``researchtopics new --data`` / ``--enrich``: topic pages proposed from OpenAlex.

A lab with a plain .bib (no ``topics`` field) gets its topic pages in one command: the
proposal of :func:`...bib.topics.propose` becomes one page per topic (with its
``topic-nav``), and the site applies it either through ``researchtopics_topic_map``
(the proposal written beside the site's .bib, the default) or through ``topics`` fields
written into the site's copy of the .bib (``--tag-bib``).  conf.py values are written by
:func:`.templates.conf_py` (Python literals), never pasted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ...bib.files import not_a_file
from ...bib.load import parse_file
from ...bib.records import Publication
from ...bib.topics import Proposal
from ..output import copy_into
from ..topics import (
    TopicOptions,
    add_proposal_options,
    options_of,
    propose_from_data,
    tag_bib_files,
    write_proposal,
)
from . import templates
from .language import Translate

__all__ = [
    "DATA_NAME",
    "MAP_NAME",
    "ProposedSite",
    "add_arguments",
    "propose_site",
    "still_untagged",
    "topic_pages",
    "wanted",
    "write_site",
]

#: What the site's copies are called (beside its conf.py and .bib).
MAP_NAME, DATA_NAME = "topics.json", "enrich.json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--data``, ``--enrich``, ``--tag-bib`` and the proposal's bounds."""
    group = parser.add_argument_group("topic pages from OpenAlex (for a .bib without tags)")
    group.add_argument(
        "--data",
        metavar="JSON",
        help="the data file of researchtopics enrich: propose topic pages from its topics",
    )
    group.add_argument(
        "--enrich",
        action="store_true",
        help="run researchtopics enrich first (into --data, else DIR/enrich.json)",
    )
    group.add_argument(
        "--tag-bib",
        action="store_true",
        help="write topics fields into the site's copy of the .bib instead of topics.json",
    )
    add_proposal_options(group)  # type: ignore[arg-type]


def wanted(args: argparse.Namespace) -> bool:
    """Whether the command line asks for proposed topic pages."""
    return bool(getattr(args, "data", None) or getattr(args, "enrich", False))


@dataclass(frozen=True)
class ProposedSite:
    """The proposal and the conf.py settings that apply it."""

    proposal: Proposal
    #: (comment, name, value) for :func:`.templates.conf_py`'s *extra*.
    settings: tuple[tuple[str, str, object], ...]
    #: files written into the site besides the generated ones
    written: tuple[str, ...]


def _fail(message: str) -> str:
    return f"researchtopics new: {message}"


def _enrich(source: Path, data: Path) -> int:
    """Run ``researchtopics enrich`` on the lab's .bib (its exit status)."""
    from ..enrich.command import add_arguments as enrich_arguments
    from ..enrich.command import run as enrich_run

    parser = argparse.ArgumentParser(prog="researchtopics enrich")
    enrich_arguments(parser)
    return int(enrich_run(parser.parse_args([str(source), "--data", str(data)])))


def propose_site(
    args: argparse.Namespace, source: Path, target: Path, entries: Sequence[Publication]
) -> Proposal | str:
    """Enrich if asked (into *target*, created if need be) and propose; or the message to
    fail with.  Runs before anything else is written: a failure leaves *target* empty."""
    options: TopicOptions | str = options_of(args)
    if isinstance(options, str):
        return _fail(options)
    if args.tag_bib and args.no_copy:
        return _fail("--tag-bib writes into the site's copy of the .bib: drop --no-copy")
    data = Path(args.data) if args.data else target / DATA_NAME
    if args.enrich:
        data.parent.mkdir(parents=True, exist_ok=True)
        if _enrich(source, data) not in (0, 1):  # 1: some entries failed, the rest is there
            return _fail("researchtopics enrich could not run (see above)")
    if reason := not_a_file(data):
        return _fail(f"{data}: cannot read it: it {reason}")
    if not data.is_file():
        return _fail(f"{data}: no such data file (run researchtopics enrich, or use --enrich)")
    proposal, problems = propose_from_data(entries, str(data), options)
    for line in problems:
        print(line, file=sys.stderr)
    if proposal is None:
        return _fail(f"{data}: cannot use the data file (see above)")
    return proposal


def write_site(
    args: argparse.Namespace, target: Path, bibfile: str, proposal: Proposal
) -> ProposedSite:
    """Apply *proposal* in the site: tags in its copy of the .bib (``--tag-bib``), else
    topics.json and enrich.json beside it, with the conf.py settings that read them."""
    if args.tag_bib:
        copied = parse_file(str(target / bibfile), "topics")
        assigned = {key: slugs for key, slugs in proposal.listed().items() if slugs}
        _added, skipped = tag_bib_files(list(copied.entries), assigned, "topics")
        for path, reasons in skipped.items():
            for key, reason in reasons.items():
                print(f"{path}: {key}: not tagged: {reason}", file=sys.stderr)
        return ProposedSite(proposal, (), ())
    data = Path(args.data) if args.data else target / DATA_NAME
    site_data = target / DATA_NAME
    if os.path.realpath(data) != os.path.realpath(site_data):
        copy_into(target, DATA_NAME, data)
    write_proposal(target / MAP_NAME, proposal)
    settings: tuple[tuple[str, str, object], ...] = (
        (
            "Abstracts, citation counts and OpenAlex topics (researchtopics enrich).",
            "researchtopics_enrich_data",
            DATA_NAME,
        ),
        (
            "Topics proposed from OpenAlex for entries without tags (review and edit it).",
            "researchtopics_topic_map",
            MAP_NAME,
        ),
    )
    return ProposedSite(proposal, settings, (MAP_NAME, DATA_NAME))


def topic_pages(
    proposal: Proposal,
    title: str,
    existing: Sequence[tuple[str, str]] = (),
    labels: Translate = str,
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The files that add one page per proposed topic (with its ``topic-nav``) and an
    index.rst listing them after the *existing* ``(docname, title)`` pages; and the new
    ``(docname, title)`` pairs."""
    known = {docname for docname, _title in existing}
    files: dict[str, str] = {}
    new: list[tuple[str, str]] = []
    for proposed in proposal.topics:
        files[f"{proposed.slug}.rst"] = templates.topic_rst(proposed.title, proposed.slug)
        if proposed.slug not in known:
            new.append((proposed.slug, proposed.title))
    files["index.rst"] = templates.index_rst(title, [*existing, *new], chart="all", labels=labels)
    return files, new


def still_untagged(proposal: Proposal, keys: Sequence[str]) -> list[str]:
    """The *keys* no proposed topic holds (they show on the All page only)."""
    placed = {key for topic in proposal.topics for key in topic.keys}
    return [key for key in keys if key not in placed]
