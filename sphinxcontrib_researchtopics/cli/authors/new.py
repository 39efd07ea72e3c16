"""``researchtopics new DIR --openalex … --orcid … --dblp …``: a site without a .bib.

The works are fetched and merged (:mod:`.fetch`), written as a .bib and an enrichment
data file (abstract, count, topics per key) into a staging folder, and then the site is
made exactly as ``new DIR --bib FILE.bib --data enrich.json`` makes it: the same code
proposes the topic pages.  Nothing is written into DIR when a fetch fails.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from ...bib.enrich_data import write_data
from ...bib.works import make_keys
from .bibout import entries_text
from .fetch import client_of, enrich_records, fetch_lab
from .options import authors_of

__all__ = ["BIB_NAME", "bib_header", "run_new"]

#: What the fetched .bib is called in the new site.
BIB_NAME = "publications.bib"


def bib_header(command: str, sources: str) -> str:
    """The comment that starts a written .bib (ids are checked: no ``@`` can be in it)."""
    return (
        f"% Written by `researchtopics {command}` from {sources}.\n"
        "% One entry per work: preprints and their published versions are merged.\n"
        "% `researchtopics sync` appends new works at the end.\n\n"
    )


def _fail(message: str, code: int = 1) -> int:
    print(f"researchtopics new: {message}", file=sys.stderr)
    return code


def run_new(args: argparse.Namespace, make_site: Callable[[argparse.Namespace], int]) -> int:
    """Fetch, stage the .bib and data file, then *make_site* (``new --bib --data``)."""
    if args.bib or args.data or args.enrich or args.no_copy:
        return _fail(
            "--openalex/--orcid/--dblp make the .bib and its data: drop --bib, "
            "--data, --enrich and --no-copy",
            2,
        )
    target = Path(args.directory)
    if target.exists() and not target.is_dir():
        return _fail(f"{target} exists and is not a folder", 2)
    if target.is_dir() and any(target.iterdir()) and not args.force:
        return _fail(f"{target} is not empty (use --force to write into it anyway)", 2)
    authors = authors_of(args)
    lab = fetch_lab(client_of(args), authors, args.mailto)
    if isinstance(lab, str):
        return _fail(f"{lab}; nothing written")
    for line in lab.report:
        print(f"  {line}")
    print(
        f"{lab.fetched} works fetched, {lab.merged} merged as duplicates: {len(lab.works)} entries"
    )
    if not lab.works:
        return _fail("the authors have no works: nothing to make a site from")
    keys = make_keys(lab.works)
    sources = ", ".join(str(author) for author in authors)
    members = [name.strip() for name in args.members.split(",") if name.strip()]
    members += [name for name in lab.members if "," not in name and name not in members]
    with tempfile.TemporaryDirectory(prefix="researchtopics-") as folder:
        bib, data = Path(folder) / BIB_NAME, Path(folder) / "enrich.json"
        bib.write_text(bib_header("new", sources) + entries_text(lab.works, keys), encoding="utf-8")
        write_data(data, enrich_records(lab.works, keys))
        staged = argparse.Namespace(**{**vars(args), "bib": str(bib), "data": str(data)})
        staged.members = ", ".join(members)
        return make_site(staged)
