"""The files ``researchtopics new`` writes, as templates filled from plain data.

Everything that comes from the .bib or the command line is data: it reaches Python as a
``repr`` literal, reStructuredText through :func:`rst_text`, YAML only as fixed text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from pprint import pformat

from ..rst import heading, rst_text


def conf_py(
    title: str,
    bibfile: str | Sequence[str],
    members: Sequence[str] | Mapping[str, str],
    theme: str,
    finder: bool = True,
    extra: Sequence[tuple[str, str, object]] = (),
    command: str = "researchtopics new",
) -> str:
    """conf.py; *members* may map names to URLs; *extra* adds (comment, name, value)
    settings after the standard ones (values written as Python literals)."""
    urls = members if isinstance(members, Mapping) else dict.fromkeys(members, "")
    member_lines = "".join(f"    {name!r}: {url!r},\n" for name, url in urls.items())
    bibfiles = [bibfile] if isinstance(bibfile, str) else list(bibfile)
    extra_lines = "".join(
        f"\n# {comment}\n{name} = {pformat(value, sort_dicts=False)}\n"
        for comment, name, value in extra
    )
    return f'''"""Sphinx configuration of {title!r}, written by ``{command}``.

Every researchtopics_* value is described in the extension's docs (Configuration page).
"""

project = {title!r}
# Themes insert html_title as HTML: it is written here escaped.
html_title = {escape(title)!r}

extensions = ["sphinxcontrib_researchtopics"]
html_theme = {theme!r}
exclude_patterns = ["_build", "README.md", "requirements.txt"]

# -- sphinxcontrib-researchtopics -------------------------------------------------
# The .bib files to read (relative to this folder; globs work).
researchtopics_bibfiles = {bibfiles!r}

# Lab members: highlighted in every author list. Give a URL to link a name.
researchtopics_members = {{
{member_lines}}}

# Abstracts start folded; "expanded" opens them, "hidden" leaves them out.
researchtopics_abstract = "collapsed"

# A BibTeX view with a copy button on every entry.
researchtopics_bibtex = True
{extra_lines}'''


def index_rst(
    title: str,
    topics: Sequence[tuple[str, str]],
    intro: str = "",
    pages: Sequence[str] = ("all", "recent"),
    chart: str = "",
) -> str:
    """*chart*: the page (one of *pages*) a ``publication-stats`` chart links to, or ""."""
    lines = [heading(title), ""]
    lines.append(rst_text(intro) if intro else "Our publications, by research topic.")
    lines.append("")
    if chart in pages:  # a docname of ours, never text from the .bib
        by = "topic" if topics else "type"
        lines += [".. publication-stats::", f"   :by: {by}", f"   :link: {chart}", ""]
    if topics:
        lines += [".. toctree::", "   :caption: Research topics", "   :maxdepth: 1", ""]
        lines += [f"   {name}" for name, _title in topics]
        lines.append("")
    lines += [".. toctree::", "   :caption: Publications", "   :maxdepth: 1", ""]
    lines += [f"   {name}" for name in pages]
    lines.append("")
    return "\n".join(lines)


def topic_rst(title: str, tag: str) -> str:
    return "\n".join(
        [
            heading(title),
            ".. topic-nav::",
            "",
            ".. publications::",
            f"   :topic: {tag}",
            "",
            ".. topic-nav::",
            "",
        ]
    )


def all_rst(
    title: str = "All publications",
    intro: Sequence[str] = (),
    group_by: str = "year",
    filter_text: str = "",
) -> str:
    """A page listing the publications; *intro* paragraphs are written as text only."""
    lines = [heading(title)]
    for paragraph in intro:
        lines += [rst_text(paragraph), ""]
    lines.append(".. publications::")
    if filter_text:
        lines.append(f"   :filter: {filter_text}")
    if group_by and group_by != "none":
        lines.append(f"   :group-by: {group_by}")
    return "\n".join([*lines, ""])


def recent_rst(since: int) -> str:
    return "\n".join(
        [
            heading("Recent"),
            f"Publications since {since}.",
            "",
            ".. publications::",
            f"   :filter: year >= {since}",
            "",
        ]
    )


REQUIREMENTS = """sphinxcontrib-researchtopics
sphinx
{theme}
"""

READTHEDOCS = """# Read the Docs: https://docs.readthedocs.io/en/stable/config-file/v2.html
version: 2
build:
  os: ubuntu-24.04
  tools:
    python: "3.12"
sphinx:
  configuration: conf.py
  fail_on_warning: true
python:
  install:
    - requirements: requirements.txt
"""

WORKFLOW = """# Builds the site and publishes it to GitHub Pages on every push to main.
# In the repository's Settings > Pages, choose "GitHub Actions" as the source.
name: site
on:
  push:
    branches: [main]
  workflow_dispatch:
permissions:
  contents: read
  pages: write
  id-token: write
concurrency:
  group: pages
  cancel-in-progress: true
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: python -m pip install -r requirements.txt
      - run: researchtopics check {bibfile}
      - run: python -m sphinx -W -b html . _build/html
      - uses: actions/upload-pages-artifact@v3
        with:
          path: _build/html
  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

PRE_COMMIT = """# pre-commit (https://pre-commit.com): reports .bib problems before each commit.
repos:
  - repo: local
    hooks:
      - id: researchtopics-check
        name: researchtopics check
        entry: researchtopics check
        language: system
        files: \\.bib$
"""

GITIGNORE = """_build/
__pycache__/
.venv/
"""

README = """# {title}

The lab's publication site, built with Sphinx and sphinxcontrib-researchtopics from
`{bibfile}`.

- Add or edit a paper: edit `{bibfile}`; give it a `topics = {{...}}` field to place it
  on topic pages. `researchtopics check {bibfile}` reports problems with file and line.
- Build: `python -m pip install -r requirements.txt`, then
  `python -m sphinx -W -b html . _build/html` and open `_build/html/index.html`.
- Preview while writing: `pip install sphinx-autobuild`, then
  `sphinx-autobuild . _build/html --watch {bibfile}`.
- Publish: push to GitHub (`.github/workflows/site.yml` deploys to GitHub Pages) or
  import the repository on Read the Docs (`.readthedocs.yaml`).
- Settings: `conf.py` (members, abstracts, BibTeX view); see the extension's docs.
"""

MISSING_FILES = """
# These files, linked from the .bib, were not found when the site was made:
#   {files}
# Copy them into this folder (same relative path), then delete the next line so that
# a missing file is reported again.
suppress_warnings = ["researchtopics.missing_file"]
"""
