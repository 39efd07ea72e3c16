"""``researchtopics enrich``: fill in what the .bib lacks from open scholarly APIs.

:mod:`.client` (HTTP: cache, pacing, retries), :mod:`.sources` (OpenAlex, arXiv,
Crossref; :mod:`.openalex_query` writes OpenAlex's URLs), :mod:`.lookup` (one entry),
:mod:`.writebib` (``--write-bib``) and :mod:`.command` (options, the run, the report).
The build never imports this package: it reads the data file with
:mod:`...bib.enrich_data`.
"""

from __future__ import annotations

import argparse

__all__ = ["register"]

HELP = "look up abstracts, DOIs and citation counts in OpenAlex, arXiv and Crossref"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``enrich`` to the command's subcommands."""
    from .command import add_arguments

    add_arguments(commands.add_parser("enrich", help=HELP, description=HELP))
