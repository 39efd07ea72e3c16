"""Check .bib files without building: the problems a build would warn about.

Pure (no Sphinx, no docutils, no output): it runs the build's own loader
(:func:`.bibdata.parse_file` for each file, :func:`.bibdata.merge_files` across them),
so ``researchtopics check`` and ``sphinx-build`` report the same problems.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from .bibdata import Bibliography, expand_patterns, merge_files, parse_file
from .config import WARNING_TYPE
from .records import Problem

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


def _expand(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[str], list[Problem]]:
    """Paths as given (a folder means every ``.bib`` under it; globs are expanded)."""
    patterns: list[str] = []
    for path in paths:
        text = os.fspath(path)
        if os.path.isdir(text):
            patterns.append(os.path.join(text, "**", "*.bib"))
        else:
            patterns.append(text)
    return expand_patterns(patterns, "")


def check(paths: Iterable[str | os.PathLike[str]], topic_field: str = "topics") -> CheckResult:
    """Parse *paths* as one bibliography (first file wins, crossrefs across files)."""
    files, problems = _expand(paths)
    results = [parse_file(path, topic_field) for path in files]
    bibliography = merge_files(results, problems, topic_field)
    rank = {path: index for index, path in enumerate(files)}
    ordered = sorted(
        bibliography.problems,
        key=lambda problem: (rank.get(problem.source, -1), problem.line),
    )
    return CheckResult(bibliography, tuple(ordered))


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
    return f"{prefix}WARNING: {problem.message} [{WARNING_TYPE}.{problem.subtype}]"
