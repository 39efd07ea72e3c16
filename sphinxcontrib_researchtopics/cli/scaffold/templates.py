"""The files ``researchtopics new`` and ``import`` write, made by serializers from plain data.

Everything that comes from the .bib, an imported site or the command line is data: it
reaches ``conf.py`` only as a ``repr`` literal outside any string or comment, YAML only
through PyYAML's emitter, a GitHub Actions ``run:`` only through ``env:`` (quoted in the
shell), reStructuredText only through :func:`rst_text` (headings as wide as docutils
counts them).  The pages' own words come through *labels* (the site's language, see
:mod:`.language`): translated text is data too, written the same way.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping, Sequence
from pprint import pformat
from typing import Any

import yaml

from ..rst import heading, one_line, option_value, rst_text
from .language import Translate

#: The folders and files of a site that are never Sphinx sources.
EXCLUDE_PATTERNS = (
    "_build",
    "README.md",
    "requirements.txt",
    ".venv",
    "venv",
    "env",
    ".env",
    ".tox",
    ".nox",
    "node_modules",
    ".git",
    ".github",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    "**/site-packages",
)

_CONF_HEADER = '''"""Sphinx configuration of this site, written by ``researchtopics``.

Every researchtopics_* value is described in the extension's docs (Configuration page).
"""
'''


def _english(message: str) -> str:
    return message


def _list_lines(values: Sequence[str]) -> str:
    return "".join(f"    {value!r},\n" for value in values)


def conf_py(
    title: str,
    bibfile: str | Sequence[str],
    members: Sequence[str] | Mapping[str, object],
    theme: str,
    finder: bool = True,
    extra: Sequence[tuple[str, str, object]] = (),
    command: str = "researchtopics new",
    language: str | None = None,
) -> str:
    """conf.py; *members* may map names to URLs (or to {"url", "role"}); *extra* adds
    (comment, name, value) settings after the standard ones; *language*: Sphinx's
    ``language`` (none: not written, English).  Every value is a Python literal
    (``repr``) on its own; comments are fixed text of this module (*command* and
    *extra*'s comments are written on one line, as comments)."""
    urls = members if isinstance(members, Mapping) else dict.fromkeys(members, "")
    bibfiles = [bibfile] if isinstance(bibfile, str) else list(bibfile)
    extra_lines = "".join(
        f"\n# {one_line(comment)}\n{name} = {pformat(value, sort_dicts=False)}\n"
        for comment, name, value in extra
        if name.isidentifier()
    )
    language_lines = (
        "# The site's language: the labels of Sphinx and of the extension (Abstract, Cite,\n"
        "# group headings, months); researchtopics_labels overrides any of the latter.\n"
        f"language = {language!r}\n"
        if language
        else ""
    )
    return f"""{_CONF_HEADER}# Written by: {one_line(command)}

project = {title!r}
# The themes of the gallery write html_title as text (the extension escapes it).
html_title = {title!r}
{language_lines}
extensions = ["sphinxcontrib_researchtopics"]
html_theme = {theme!r}
# Never Sphinx sources: build output, virtual environments, tool folders.
exclude_patterns = [
{_list_lines(EXCLUDE_PATTERNS)}]

# -- sphinxcontrib-researchtopics -------------------------------------------------
# The .bib files to read (relative to this folder; globs work).
researchtopics_bibfiles = {bibfiles!r}

# Lab members: highlighted in every author list. Give a URL to link a name.
researchtopics_members = {pformat(dict(urls), sort_dicts=False)}

# Abstracts start folded; "expanded" opens them, "hidden" leaves them out.
researchtopics_abstract = "collapsed"

# A BibTeX view with a copy button on every entry.
researchtopics_bibtex = True
{extra_lines}"""


def missing_files_py(files: Sequence[str]) -> str:
    """The conf.py lines that list the linked files not found (a literal, not a comment)."""
    return f"""
# These files, linked from the .bib, were not found when the site was made (the list
# below). Copy them into this folder (same relative path), then delete the
# suppress_warnings line so that a missing file is reported again.
missing_files = {pformat(list(files))}
suppress_warnings = ["researchtopics.missing_file"]
"""


def index_rst(
    title: str,
    topics: Sequence[tuple[str, str]],
    intro: str = "",
    pages: Sequence[str] = ("all", "recent"),
    chart: str = "",
    selected: str = "",
    sort: str = "",
    labels: Translate = _english,
) -> str:
    """The home page; *chart*: the page (one of *pages*) a ``publication-stats`` chart
    links to, or ""; with *selected* (a filter), a "Selected publications" list at its
    end, as al-folio's about page shows ``selected={true}`` entries.  Toctree captions
    are plain text to Sphinx: kept on one line, not escaped."""
    lines = [heading(title), ""]
    lines.append(rst_text(intro or labels("Our publications, by research topic.")))
    lines.append("")
    if chart in pages:  # a docname of ours, never text from the .bib
        by = "topic" if topics else "type"
        lines += [".. publication-stats::", f"   :by: {by}", f"   :link: {one_line(chart)}", ""]
    if topics:
        caption = one_line(labels("Research topics"))
        lines += [".. toctree::", f"   :caption: {caption}", "   :maxdepth: 1", ""]
        lines += [f"   {one_line(name)}" for name, _title in topics]
        lines.append("")
    caption = one_line(labels("Publications"))
    lines += [".. toctree::", f"   :caption: {caption}", "   :maxdepth: 1", ""]
    lines += [f"   {one_line(name)}" for name in pages]
    lines.append("")
    if selected:
        lines += [heading(labels("Selected publications"), "-"), ".. publications::"]
        lines.append(f"   :filter: {one_line(selected)}")
        if sort:
            lines.append(f"   :sort: {one_line(sort)}")
        lines += ["   :no-finder:", ""]
    return "\n".join(lines)


def kept_toctree(docnames: Sequence[str]) -> str:
    """A toctree of the folder's own pages (kept with ``--force``), added to the home
    page so that they are in the site (``-W`` fails on a page in no toctree)."""
    lines = ["", ".. toctree::", "   :maxdepth: 1", ""]
    lines += [f"   {one_line(name)}" for name in docnames]
    return "\n".join(lines) + "\n"


def topic_rst(title: str, tag: str) -> str:
    return "\n".join(
        [
            heading(title),
            ".. topic-nav::",
            "",
            ".. publications::",
            f"   :topic: {option_value(tag)}",
            "",
            ".. topic-nav::",
            "",
        ]
    )


def all_rst(
    title: str | None = None,
    intro: Sequence[str] = (),
    group_by: str = "year",
    filter_text: str = "",
    sort: str = "",
    finder: bool = False,
    labels: Translate = _english,
) -> str:
    """A page listing the publications (*title*, else "All publications"); *intro*
    paragraphs are written as text only; *finder* gives the list the finder whatever
    its length."""
    lines = [heading(labels("All publications") if title is None else title)]
    for paragraph in intro:
        lines += [rst_text(paragraph), ""]
    lines.append(".. publications::")
    if filter_text:
        lines.append(f"   :filter: {one_line(filter_text)}")
    if group_by and group_by != "none":
        lines.append(f"   :group-by: {one_line(group_by)}")
    if sort:
        lines.append(f"   :sort: {one_line(sort)}")
    if finder:
        lines.append("   :finder:")
    return "\n".join([*lines, ""])


def recent_rst(since: int, labels: Translate = _english) -> str:
    return "\n".join(
        [
            heading(labels("Recent")),
            rst_text(labels("Publications since {year}.").format(year=int(since))),
            "",
            ".. publications::",
            f"   :filter: year >= {int(since)}",
            "",
        ]
    )


def requirements_txt(theme_package: str, extras: Sequence[str] = ()) -> str:
    """requirements.txt, with the package *extras* the site's features need (so Read the
    Docs and the Pages workflow build the same site); a theme that is not a plain package
    name is left out."""
    wanted = ",".join(extra for extra in extras if extra.isidentifier())
    lines = [
        f"sphinxcontrib-researchtopics[{wanted}]" if wanted else "sphinxcontrib-researchtopics"
    ]
    lines.append("sphinx")
    if theme_package.replace("-", "").replace("_", "").replace(".", "").isalnum():
        lines.append(theme_package)
    return "\n".join(lines) + "\n"


def _yaml(comment: Sequence[str], data: Mapping[str, Any]) -> str:
    """A YAML file: fixed comment lines, then *data* through PyYAML's safe emitter."""
    head = "".join(f"# {line}\n" for line in comment)
    body = yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=False, width=1000)
    return head + body


def readthedocs_yaml() -> str:
    return _yaml(
        ["Read the Docs: https://docs.readthedocs.io/en/stable/config-file/v2.html"],
        {
            "version": 2,
            "build": {"os": "ubuntu-24.04", "tools": {"python": "3.12"}},
            "sphinx": {"configuration": "conf.py", "fail_on_warning": True},
            "python": {"install": [{"requirements": "requirements.txt"}]},
        },
    )


def actions_literal(value: str) -> str:
    """*value* as an ``env:`` value GitHub Actions leaves as it is: a value holding
    ``${{`` is written as an expression string literal (quotes doubled), since YAML
    quoting does not stop expression expansion."""
    if "${{" not in value:
        return value
    quoted = value.replace("'", "''")
    return "${{ '" + quoted + "' }}"


def workflow_yaml(bibfiles: Sequence[str]) -> str:
    """The GitHub Pages workflow; it checks *bibfiles* (paths in the site), passed to the
    shell through ``env:`` and quoted there, never pasted into ``run:``."""
    steps: list[dict[str, Any]] = [
        {"uses": "actions/checkout@v4"},
        {"uses": "actions/setup-python@v5", "with": {"python-version": "3.12"}},
        {"run": "python -m pip install -r requirements.txt"},
    ]
    if bibfiles:
        env = {f"RESEARCHTOPICS_BIB_{n}": actions_literal(p) for n, p in enumerate(bibfiles)}
        words = " ".join(f'"${name}"' for name in env)
        steps.append({"run": f"researchtopics check {words}", "env": env})
    steps += [
        {"run": "python -m sphinx -W -b html . _build/html"},
        {"uses": "actions/upload-pages-artifact@v3", "with": {"path": "_build/html"}},
    ]
    return _yaml(
        [
            "Builds the site and publishes it to GitHub Pages on every push to main.",
            'In the repository\'s Settings > Pages, choose "GitHub Actions" as the source.',
        ],
        {
            "name": "site",
            "on": {"push": {"branches": ["main"]}, "workflow_dispatch": None},
            "permissions": {"contents": "read", "pages": "write", "id-token": "write"},
            "concurrency": {"group": "pages", "cancel-in-progress": True},
            "jobs": {
                "build": {"runs-on": "ubuntu-latest", "steps": steps},
                "deploy": {
                    "needs": "build",
                    "runs-on": "ubuntu-latest",
                    "environment": {
                        "name": "github-pages",
                        "url": "${{ steps.deployment.outputs.page_url }}",
                    },
                    "steps": [{"id": "deployment", "uses": "actions/deploy-pages@v4"}],
                },
            },
        },
    )


def pre_commit_yaml() -> str:
    return _yaml(
        ["pre-commit (https://pre-commit.com): reports .bib problems before each commit."],
        {
            "repos": [
                {
                    "repo": "local",
                    "hooks": [
                        {
                            "id": "researchtopics-check",
                            "name": "researchtopics check",
                            "entry": "researchtopics check",
                            "language": "system",
                            "files": r"\.bib$",
                        }
                    ],
                }
            ]
        },
    )


GITIGNORE = """_build/
__pycache__/
.venv/
"""


def _markdown_text(text: str) -> str:
    """*text* on one line with Markdown's markup characters backslash-escaped."""
    return "".join(
        "\\" + char if char in "\\`*_{}[]<>()#+-.!|~" else char for char in one_line(text)
    )


def readme_md(title: str, bibfile: str, features: Sequence[str] = ()) -> str:
    """README.md: the title as escaped text; commands with their words shell-quoted;
    *features*: the lines of its "What the site has" list (fixed text of this package)."""
    bib = shlex.quote(bibfile)
    shown = "`" + bib.replace("`", "'") + "`"
    return f"""# {_markdown_text(title) or "Publications"}

The lab's publication site, built with Sphinx and sphinxcontrib-researchtopics from
{shown}.

- Add or edit a paper: edit {shown}; give it a `topics = {{...}}` field to place it
  on topic pages. A new topic needs a page of its own: copy a topic page, change its
  title and `:topic:`, and name it in the index's "Research topics" toctree (the build
  warns of a paper on no topic page).
  `researchtopics check {bib.replace("`", "'")}` reports problems with file
  and line.
- Build: `python -m pip install -r requirements.txt`, then
  `python -m sphinx -W -b html . _build/html` and open `_build/html/index.html`.
- Preview while writing: `pip install sphinx-autobuild`, then
  `sphinx-autobuild . _build/html --watch {bib.replace("`", "'")}`.
- Publish: push to GitHub (`.github/workflows/site.yml` deploys to GitHub Pages) or
  import the repository on Read the Docs (`.readthedocs.yaml`).
- Settings: `conf.py` (members, abstracts, BibTeX view); see the extension's docs.
""" + (("\n## What the site has\n\n" + "\n".join(features) + "\n") if features else "")
