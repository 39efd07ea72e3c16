"""Check .bib files without building: the problems a build would warn about.

Pure (no Sphinx, no docutils, no output): it runs the build's own loader
(:func:`..bib.load.parse_files`, one database as BibTeX reads it, then
:func:`..bib.load.merge_files` across the files),
so ``researchtopics check`` and ``sphinx-build`` report the same problems.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from ..bib.duplicates import duplicate_problems
from ..bib.links import classify_preview, preview_problem
from ..bib.load import Bibliography, expand_patterns, merge_files, parse_files
from ..bib.records import Problem, Publication
from ..bib.terminal import printable
from ..config import WARNING_TYPE

__all__ = ["CheckResult", "check", "check_files", "format_problem"]


@dataclass(frozen=True)
class CheckResult:
    """What checking a set of files found."""

    bibliography: Bibliography
    #: Every problem, ordered by file (in the order given), then line.
    problems: tuple[Problem, ...]

    @property
    def files(self) -> tuple[str, ...]:
        return self.bibliography.files

    @property
    def entry_count(self) -> int:
        return len(self.bibliography.entries)


def _expand(
    paths: Iterable[str | os.PathLike[str]],
) -> tuple[list[str], list[Problem], dict[str, int]]:
    """Files (a folder means every ``.bib`` under it; globs are expanded), the problems
    of paths that match nothing, and each source's rank in the order given."""
    files: list[str] = []
    problems: list[Problem] = []
    rank: dict[str, int] = {}
    real: set[str] = set()
    for path in paths:
        pattern = os.fspath(path)
        if os.path.isdir(pattern):
            found, missing = _bib_files_under(pattern), []
            if not found:
                glob_text = os.path.join(pattern, "**", "*.bib")
                missing = [Problem("bib_missing", f"no .bib file matches {glob_text!r}")]
        else:
            found, missing = expand_patterns([pattern], "")
        for name in found:
            resolved = os.path.realpath(name)
            if resolved not in real:  # each file once, however many links lead to it
                real.add(resolved)
                files.append(name)
        problems.extend(missing)
        for source in [*found, *(problem.source for problem in missing)]:
            rank.setdefault(source, len(rank))
    return files, problems, rank


def _bib_files_under(folder: str) -> list[str]:
    """Every ``.bib`` file under *folder*, sorted, following links to folders but entering
    each real folder once: a link loop is walked once, not to the depth limit."""
    seen: set[str] = set()
    found: list[str] = []
    for root, dirs, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(root)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))  # as glob's **
        found.extend(
            os.path.normpath(os.path.join(root, name))
            for name in names
            if name.endswith(".bib") and not name.startswith(".")
        )
    return sorted(found)


def check(paths: Iterable[str | os.PathLike[str]], topic_field: str = "topics") -> CheckResult:
    """Parse *paths* as one bibliography (first file wins, crossrefs across files)."""
    files, problems, rank = _expand(paths)
    results = parse_files(files, topic_field)
    bibliography = merge_files(results, problems, topic_field)
    duplicates = duplicate_problems(bibliography.entries.values())
    previews = preview_problems(bibliography.entries.values())
    ordered = sorted(
        (*bibliography.problems, *duplicates, *previews),
        key=lambda problem: (rank.get(problem.source, len(rank)), problem.line),
    )
    return CheckResult(bibliography, tuple(ordered))


def preview_problems(entries: Iterable[Publication]) -> list[Problem]:
    """The ``unsafe_url`` warnings the build gives for ``preview`` fields (where the
    entry is shown), at the field's line: the bib layer leaves previews to the build."""
    return [
        Problem(
            "unsafe_url",
            preview_problem(pub.key, pub.preview),
            pub.source,
            pub.preview_line or pub.line,
        )
        for pub in entries
        if pub.preview and classify_preview(pub.preview) is None
    ]


def check_files(
    paths: Iterable[str | os.PathLike[str]], topic_field: str = "topics"
) -> list[Problem]:
    """Every problem a build configured with *paths* would report, in file and line order."""
    return list(check(paths, topic_field).problems)


def format_problem(problem: Problem) -> str:
    """``FILE:LINE: WARNING: message [researchtopics.subtype]``, as Sphinx writes it."""
    location = problem.source
    if location and problem.line:
        location = f"{location}:{problem.line}"
    prefix = f"{location}: " if location else ""
    return printable(f"{prefix}WARNING: {problem.message} [{WARNING_TYPE}.{problem.subtype}]")
