"""Loading the bibliography into a build and reporting its problems.

``builder-inited`` loads (or takes from the caches) every .bib file once, before parallel
readers fork, and reports each problem through Sphinx's logging with its file and line.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from sphinx.util.logging import is_suppressed_warning

from ..bib.duplicates import duplicate_problems
from ..bib.records import Problem
from ..config import WARNING_TYPE
from .domain import get_domain
from .log import get_logger
from .state import cite_style_problems, get_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = get_logger(__name__)


def warn_problem(problem: Problem) -> None:
    """One .bib problem as a located, suppressible Sphinx warning."""
    # Sphinx reads a tuple, or a string without ":", as a docname: pass "path:line",
    # and put a path without a line at the head of the message instead.
    message, location = problem.message, None
    if problem.source and problem.line:
        location = f"{problem.source}:{problem.line}"
    elif problem.source:
        message = f"{problem.source}: {message}"
    logger.warning(message, type=WARNING_TYPE, subtype=problem.subtype, location=location)


def on_builder_inited(app: Sphinx) -> None:
    """Parse (or take from the cache) every .bib file once, and report its problems.

    Files with the size and mtime the environment was built from are not even read:
    their problems are reported from the environment's copy, which is unpickled only when
    a subtype it holds is not suppressed.
    """
    state = get_state(app.env)
    state.builder = app.builder
    domain = get_domain(app.env)
    before = domain.bib_record()
    state.same_topics = before is not None and before.signature[:1] == state.signature[:1]
    problems: tuple[Problem, ...] | None = None
    if before is not None and before.holds(state.signature):
        state.bib_changed = False
        if not _all_suppressed(app, before.subtypes):
            problems = before.problems(str(app.doctreedir))
            if problems is None:  # a damaged record: the files have them
                problems = state.bibliography.problems
                domain.note_bib(state.signature, state.bibliography.problem_record)
    else:
        bibliography = state.bibliography
        domain.note_bib(state.signature, bibliography.problem_record)
        if not _all_suppressed(app, bibliography.problem_record.subtypes):
            problems = bibliography.problems
    if problems:
        report_problems(app, problems)
    wanted = app.config.researchtopics_duplicates == "warn"  # off by default: see its docs
    if wanted and not _all_suppressed(app, frozenset({"duplicate_entry"})):
        report_problems(app, tuple(duplicate_problems(state.bibliography.entries.values())))
    conf = os.path.join(str(app.confdir), "conf.py")
    for subtype, message in (*state.config_problems, *cite_style_problems(app.config)):
        logger.warning(f"{conf}: {message}", type=WARNING_TYPE, subtype=subtype)


def _all_suppressed(app: Sphinx, subtypes: frozenset[str]) -> bool:
    suppressed = app.config.suppress_warnings
    return all(is_suppressed_warning(WARNING_TYPE, subtype, suppressed) for subtype in subtypes)


def report_problems(app: Sphinx, problems: tuple[Problem, ...]) -> None:
    """Warn about each problem, skipping suppressed subtypes before any logging work
    (ten copies of tugboat.bib hold 135,000 problems: 13 s of a profile, all suppressed)."""
    suppressed = app.config.suppress_warnings
    verdicts: dict[str, bool] = {}
    for problem in problems:
        quiet = verdicts.get(problem.subtype)
        if quiet is None:
            quiet = is_suppressed_warning(WARNING_TYPE, problem.subtype, suppressed)
            verdicts[problem.subtype] = quiet
        if not quiet:
            warn_problem(problem)
