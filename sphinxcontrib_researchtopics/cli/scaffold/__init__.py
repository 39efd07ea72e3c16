"""``researchtopics new DIR --bib FILE.bib``: a complete lab site that builds at once.

It reads the .bib with the same pure layer as the build, makes one page per topic tag,
an "All publications" page and a "Recent" page, and the files that publish the site
(Read the Docs, GitHub Pages, pre-commit).  It never writes into a folder that holds
anything unless told to with ``--force``.  With ``--language`` the site is in that
language: conf.py sets it, the pages' titles are written in it.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ...bib.files import not_a_file
from ...bib.links import classify_preview
from ...bib.load import parse_file
from ...bib.people import MemberIndex
from ...bib.records import Publication
from ...bib.terminal import printable
from ...bib.topics import Proposal
from ..authors import options as author_options
from ..output import check_inside, copy_into, write_into
from . import features, proposed, templates
from .language import has_catalog, site_language, translation

__all__ = ["RESERVED_DOCNAMES", "add_arguments", "plan_site", "run"]

#: Page names Sphinx writes itself (or keeps for its own pages): never a generated page.
RESERVED_DOCNAMES = frozenset(
    {
        "search",
        "genindex",
        "py-modindex",
        "modindex",
        "searchindex",
        "objects",
        "_static",
        "_sources",
        "_images",
        "_downloads",
        "_modules",
        "404",
        "glossary",
    }
)

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True)
class Topic:
    """A topic page: its docname, title and the tag it lists."""

    docname: str
    title: str
    tag: str


def _slug(tag: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", tag.lower()).strip("-") or "topic"


def _title(tag: str) -> str:
    words = re.sub(r"[-_]+", " ", tag).split()
    return " ".join(word[:1].upper() + word[1:] for word in words) or tag


def topics_of(entries: list[Publication], taken_names: frozenset[str] = frozenset()) -> list[Topic]:
    """One page per tag, in order of first use; docnames unique and safe: never the name
    of a page written beside them (*taken_names*), nor one Sphinx reserves."""
    taken = {"index", "all", "recent", *RESERVED_DOCNAMES, *templates.EXCLUDE_PATTERNS}
    taken |= set(taken_names)  # an excluded name would be no page at all
    pages: list[Topic] = []
    for tag in dict.fromkeys(tag for pub in entries for tag in pub.topics):
        base = slug = _slug(tag)
        number = 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        pages.append(Topic(slug, _title(tag), tag))
    return pages


@dataclass(frozen=True)
class SitePlan:
    """What ``new`` writes: files by relative path, and what it has to tell."""

    files: dict[str, str]
    topics: list[Topic]
    untagged: list[str]
    #: local files the entries link, as written in their fields
    local_files: list[str]


def plan_site(
    entries: list[Publication],
    bibfile: str,
    title: str,
    members: list[str],
    theme: str,
    bib_in_site: bool = True,
    existing: frozenset[str] = frozenset(),
    extra: Sequence[tuple[str, str, object]] = (),
    wanted: features.Features | None = None,
    language: str | None = None,
) -> SitePlan:
    """The files of the site; *bib_in_site* is False when *bibfile* is outside it (the
    published workflow then has no .bib to check); no topic page takes the name of a
    document in *existing* (the folder's own pages, kept with ``--force``); *extra* adds
    (comment, name, value) settings to conf.py; *language*: Sphinx's ``language``, the
    pages' titles in it."""
    labels = translation(language)
    topics = topics_of(entries, existing)
    previews = (classify_preview(pub.preview) for pub in entries if pub.preview)
    local_files = sorted(
        {link.url for pub in entries for link in pub.links if link.local}
        | {safe[0] for safe in previews if safe is not None and safe[1]}
    )
    years = [pub.year_num for pub in entries if pub.year_num]
    since = (max(years) - 2) if years else 2000
    wanted = features.Features() if wanted is None else wanted
    files = {
        "conf.py": templates.conf_py(
            title, bibfile, members, theme, extra=[*wanted.settings(), *extra], language=language
        ),
        "index.rst": templates.index_rst(
            title, [(t.docname, t.title) for t in topics], chart="all", labels=labels
        ),
        "all.rst": templates.all_rst(labels=labels),
        "recent.rst": templates.recent_rst(since, labels),
        "requirements.txt": templates.requirements_txt(_theme_package(theme), wanted.extras()),
        ".readthedocs.yaml": templates.readthedocs_yaml(),
        ".github/workflows/site.yml": templates.workflow_yaml([bibfile] if bib_in_site else []),
        ".pre-commit-config.yaml": templates.pre_commit_yaml(),
        ".gitignore": templates.GITIGNORE,
        "README.md": templates.readme_md(title, bibfile, wanted.readme_lines()),
    }
    for topic in topics:
        files[f"{topic.docname}.rst"] = templates.topic_rst(topic.title, topic.tag)
    untagged = [pub.key for pub in entries if not pub.topics]
    return SitePlan(files, topics, untagged, local_files)


def _find_local(bib: Path, relative: str) -> Path | None:
    """A file an entry names: beside the .bib, in the folder above it (a site's source
    folder, with the .bib in ``papers/``), or where al-folio keeps PDFs and previews
    (*relative* is a local link the build keeps: no ``..``, no hidden file or folder)."""
    folder = bib.resolve().parent
    alfolio = folder.parent / "assets"
    bases = (folder, folder.parent, alfolio / "pdf", alfolio / "img" / "publication_preview")
    for base in bases:
        candidate = (base / relative).resolve()
        if candidate.is_file() and base.resolve() in candidate.parents:
            return candidate
    return None


def copy_local_files(bib: Path, target: Path, wanted: list[str]) -> tuple[list[str], list[str]]:
    """Copy the linked files that exist into *target* (same relative path); return the
    copied and the missing ones."""
    copied: list[str] = []
    missing: list[str] = []
    root = target.resolve()
    for relative in wanted:
        found = _find_local(bib, relative)
        destination = (root / relative.lstrip("/")).resolve()
        if found is None or root not in destination.parents:
            missing.append(relative)
            continue
        if found == destination:
            continue  # the .bib is inside the site and its file already in place
        copy_into(root, relative.lstrip("/"), found)
        copied.append(relative)
    return copied, missing


_THEME_PACKAGES = {
    "furo": "furo",
    "sphinx_rtd_theme": "sphinx-rtd-theme",
    "pydata_sphinx_theme": "pydata-sphinx-theme",
    "sphinx_book_theme": "sphinx-book-theme",
    "alabaster": "alabaster",
}


def _theme_package(theme: str) -> str:
    return _THEME_PACKAGES.get(theme, theme.replace("_", "-"))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", metavar="DIR", help="the folder to write the site into")
    parser.add_argument(
        "--bib", metavar="FILE.bib", help="the lab's .bib file (or the authors' ids below)"
    )
    parser.add_argument(
        "--title", default=None, help='the site\'s title (lab name; default: "Publications")'
    )
    parser.add_argument(
        "--language",
        metavar="CODE",
        default=None,
        help="the site's language, as Sphinx's language (de, fr, ja, zh_CN, ...): set in "
        "conf.py, the pages' titles written in it (English where no catalog ships)",
    )
    parser.add_argument(
        "--members", default="", help='lab members to highlight, comma-separated ("A B, C D")'
    )
    parser.add_argument("--theme", default="furo", help="the Sphinx theme (default: furo)")
    parser.add_argument(
        "--no-copy",
        action="store_true",
        help="refer to the .bib where it is instead of copying it into DIR",
    )
    parser.add_argument(
        "--force", action="store_true", help="write into DIR even if it is not empty"
    )
    features.add_arguments(parser)
    proposed.add_arguments(parser)
    author_options.add_arguments(parser)


def _fail(message: str) -> int:
    print(f"researchtopics new: {message}", file=sys.stderr)
    return EXIT_USAGE


def _unmatched(members: list[str], entries: Sequence[Publication]) -> list[str]:
    """The members no author is (matched as the build matches them)."""
    index = MemberIndex(members)
    found = {index.member_name(person) for pub in entries for person in pub.authors}
    return [name for name in members if name not in found]


def _inside(path: Path, folder: Path) -> bool:
    return folder.resolve() in path.resolve().parents


def _blocking(target: Path, source: Path) -> list[Path]:
    """What makes *target* not empty: everything but the .bib itself (and the folders that
    lead to it) and a ``.git`` folder."""
    if not target.is_dir():
        return []
    keep = {source.resolve(), *source.resolve().parents}
    return [path for path in target.iterdir() if path.name != ".git" and path.resolve() not in keep]


def _documents(target: Path) -> frozenset[str]:
    """The names of the pages already in *target* (``.rst``/``.md``, top level)."""
    return frozenset(
        path.stem for path in target.iterdir() if path.suffix in (".rst", ".md", ".txt")
    )


#: The most kept pages listed on the home page (a folder of thousands is not a site).
MAX_KEPT = 1000
#: A docname a toctree line reads as the name alone (no ``Title <name>``, no URL).
_PLAIN_DOCNAME = re.compile(r"[\w][\w.-]*(?:/[\w][\w.-]*)*")


def kept_pages(target: Path, written: Iterable[str]) -> list[str]:
    """The .rst pages of *target* that ``new`` does not write (its own, kept with
    ``--force``: pages ``import`` wrote, say), outside the folders Sphinx excludes."""
    skipped = {pattern.removeprefix("**/") for pattern in templates.EXCLUDE_PATTERNS}
    ours = {name.removesuffix(".rst") for name in written} | {"index"}
    found: list[str] = []
    for folder, folders, files in os.walk(target):
        folders[:] = sorted(name for name in folders if name not in skipped)
        for name in sorted(files):
            docname = (Path(folder) / name).relative_to(target).with_suffix("").as_posix()
            if name.endswith(".rst") and docname not in ours and _PLAIN_DOCNAME.fullmatch(docname):
                found.append(docname)
        if len(found) >= MAX_KEPT:
            break
    return found[:MAX_KEPT]


def run(args: argparse.Namespace) -> int:
    if author_options.authors_of(args):  # the .bib and its data fetched, then as --bib
        from ..authors.new import run_new

        return run_new(args, _write_site)
    if not args.bib:
        return _fail("give the lab's --bib FILE.bib, or authors: --openalex, --orcid, --dblp")
    return _write_site(args)


def _write_site(args: argparse.Namespace) -> int:
    """:func:`_run_bib`, with a folder it cannot write into (no permission, a file or a
    folder in the way) reported on one line instead of raised."""
    try:
        return _run_bib(args)
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        return _fail(f"cannot write into {args.directory}: {error.strerror or error}{where}")


def _run_bib(args: argparse.Namespace) -> int:
    from ..check import format_problem, preview_problems

    source = Path(args.bib)
    reason = not_a_file(source)
    if reason:
        return _fail(f"cannot read {args.bib}: it {reason}")
    try:
        data = source.read_bytes()
    except OSError as error:
        return _fail(f"cannot read {args.bib}: {error.strerror or error}")
    target = Path(args.directory)
    if target.exists() and not target.is_dir():
        return _fail(f"{target} exists and is not a folder")
    if _blocking(target, source) and not args.force:
        return _fail(f"{target} is not empty (use --force to write into it anyway)")
    language = site_language(args.language) if args.language is not None else None
    if args.language is not None and language is None:
        return _fail(f"--language {args.language!r}: give a language code (de, fr, zh_CN, ...)")
    labels = translation(language)
    title = args.title if args.title is not None else labels("Publications")
    wanted = features.from_args(args)
    if wanted.url and not wanted.url.startswith(("https://", "http://")):
        return _fail(f"--url {wanted.url!r}: give the site's http(s) address")
    result = parse_file(str(source), "topics", data)
    if not result.entries:
        return _fail(f"{args.bib} holds no entries")
    proposal: Proposal | str | None = None
    if proposed.wanted(args):  # topic pages proposed from OpenAlex
        proposal = proposed.propose_site(args, source, target, list(result.entries))
        if isinstance(proposal, str):
            return _fail(proposal.removeprefix("researchtopics new: "))
    target.mkdir(parents=True, exist_ok=True)
    # Every other file goes into DIR itself; linked files are checked where copied.
    check_inside(target, [".github/workflows/site.yml"])  # nothing written if outside
    in_site = _inside(source, target)
    if in_site or args.no_copy:
        bibfile = Path(os.path.relpath(source.resolve(), target.resolve())).as_posix()
    else:
        bibfile = source.name
        write_into(target, bibfile, data)
    members = [name.strip() for name in args.members.split(",") if name.strip()]
    site = None
    if isinstance(proposal, Proposal):
        site = proposed.write_site(args, target, bibfile, proposal)
    plan = plan_site(
        list(result.entries),
        bibfile,
        title,
        members,
        args.theme,
        in_site or not args.no_copy,
        _documents(target),
        site.settings if site else (),
        wanted,
        language,
    )
    if site is not None:
        pages, new = proposed.topic_pages(
            site.proposal,
            title,
            [(t.docname, t.title) for t in plan.topics],
            labels,
        )
        plan.files.update(pages)
        plan.topics.extend(Topic(docname, title, docname) for docname, title in new)
        plan.untagged[:] = proposed.still_untagged(site.proposal, plan.untagged)
    kept = kept_pages(target, plan.files)
    if kept:
        plan.files["index.rst"] += templates.kept_toctree(kept)
    copied, missing = copy_local_files(source, target, plan.local_files)
    if missing:
        plan.files["conf.py"] += templates.missing_files_py(missing)
    for relative, text in plan.files.items():
        write_into(target, relative, text)
    written = sorted(plan.files) + ([] if args.no_copy or in_site else [bibfile]) + copied
    written += list(site.written) if site else []
    print(f"researchtopics new: wrote {len(written)} files into {target}:")
    for relative in written:
        print(f"  {relative}")
    print(
        f"{len(result.entries)} entries, {len(plan.topics)} topic page"
        f"{'s' * (len(plan.topics) != 1)}"
    )
    if plan.untagged:
        print(
            f"{len(plan.untagged)} entr{'ies have' if len(plan.untagged) != 1 else 'y has'} "
            "no topic and show only on the All page: " + printable(", ".join(plan.untagged))
        )
    unmatched = _unmatched(members, result.entries)
    if unmatched:
        print(
            f"--members: {', '.join(map(repr, unmatched))} match no author in {args.bib} "
            "(their member pages list nothing): names are separated by commas, so write "
            "'Donald E. Knuth', not 'Knuth, Donald E.'"
        )
    if missing:
        print(
            f"{len(missing)} linked file{'s' * (len(missing) != 1)} not found beside the .bib "
            f"(copy {'them' if len(missing) != 1 else 'it'} into {target}, then remove the "
            "suppress_warnings line from conf.py): " + ", ".join(missing)
        )
    if not (in_site or not args.no_copy):
        print(
            f"{bibfile} is outside {target}: the GitHub Pages workflow does not check it "
            "(copy it into the site to have it checked)"
        )
    problems = [*result.problems, *preview_problems(result.entries)]
    if problems:
        count = len(problems)
        for problem in sorted(problems, key=lambda problem: problem.line):
            print(format_problem(problem))
        print(
            f"{count} problem{'s' * (count != 1)} in {args.bib} (above): the build will warn "
            "about each, and with -W it fails until they are fixed or suppressed"
        )
    print(
        "Turned on: " + ", ".join(wanted.on) + " (each has a --no-... flag; see README.md)"
        if wanted.on
        else "Every optional feature is off (README.md says how to turn each on)"
    )
    undated = [pub.key for pub in result.entries if pub.year_num is None or not pub.title]
    if undated and "paper-pages" in wanted.on:
        print(
            f"{len(undated)} entr{'ies have' if len(undated) != 1 else 'y has'} no year or no "
            "title: the build warns that Google Scholar cannot index "
            f"{'their' if len(undated) != 1 else 'its'} paper page (paper_page): "
            + printable(", ".join(undated))
        )
    if language and not has_catalog(language) and language.split("_")[0] != "en":
        print(
            f"No catalog of this extension for {language}: the pages' titles and the "
            "extension's labels are in English (researchtopics_labels in conf.py gives "
            "them the lab's own words)"
        )
    if not wanted.url:
        print(
            "No --url: set html_baseurl in conf.py to the site's address once it has one; "
            "the feed, paper pages' canonical links and sitemaps need it"
        )
    lacking = wanted.missing()
    if lacking:
        extras = ",".join(lacking)
        print(
            f"This Python lacks the [{extras}] extra the site uses: install the site's "
            f"requirements first (pip install -r {shlex.quote(str(target / 'requirements.txt'))}), "
            "or the build warns"
        )
    html = target / "_build" / "html"
    print(
        f"Build it: python -m sphinx -W -b html {shlex.quote(str(target))} {shlex.quote(str(html))}"
    )
    return EXIT_OK
