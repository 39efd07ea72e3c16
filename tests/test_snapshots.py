"""Snapshot tests (issue 11): the output of every kind of entry, kept under tests/snapshots/.

``test-snapshot`` holds one of everything (every link kind, custom and local links,
badges, awards, author markers, members, math, crossref, editors, a missing key, an
entry without title or year, ``:pub:``, a grouped list).  Each build's output is
compared with the files kept in tests/snapshots/:

- ``html/<id>.html``: each ``div.rt-publication``, pretty-printed; ``html/_page.html``:
  what surrounds them (the grouped list with entries left out, the ``:pub:`` paragraph);
- ``text.txt``: the text builder's page;
- ``latex.tex``: the LaTeX document body (the preamble holds dates and Sphinx's setup).

Pygments' token markup is reduced to its text (a Pygments upgrade is not a change of
ours).  A mismatch fails with a unified diff.  After an intended change of the output,
rewrite the files and review them with ``git diff``::

    RT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py

The snapshots are made with the Sphinx and docutils versions in ``snapshots/VERSIONS``;
other versions write slightly different markup, so there the tests are skipped.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Any

import docutils
import pytest
import sphinx
from bs4 import BeautifulSoup, Comment, Tag
from conftest import soup

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("RT_UPDATE_SNAPSHOTS") == "1"
COMMAND = "RT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py"


def _versions() -> str:
    def major_minor(version: str) -> str:
        return ".".join(version.split(".")[:2])

    return (
        f"sphinx {major_minor(sphinx.__version__)}\ndocutils {major_minor(docutils.__version__)}\n"
    )


@pytest.fixture(autouse=True)
def _same_versions() -> None:
    path = SNAPSHOTS / "VERSIONS"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(_versions(), encoding="utf-8")
    elif path.exists() and path.read_text(encoding="utf-8") != _versions():
        pytest.skip(f"snapshots are made with {path.read_text().split()}; this is {_versions()}")


def _diff(name: str, expected: str, actual: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        f"tests/snapshots/{name} (kept)",
        f"{name} (this build)",
    )
    return "".join(lines)


def check(snapshots: dict[str, str], folder: str = "") -> None:
    """Compare (or, with RT_UPDATE_SNAPSHOTS=1, write) every snapshot; stale files fail too.

    *folder* is a folder of tests/snapshots/ that holds only these snapshots.
    """
    if folder:
        kept = {f"{folder}/{path.name}" for path in (SNAPSHOTS / folder).glob("*")}
        stale = kept - set(snapshots)
    else:
        stale = set()
    if UPDATE:
        for name in stale:
            (SNAPSHOTS / name).unlink()
        for name, text in snapshots.items():
            path = SNAPSHOTS / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return
    problems = [f"tests/snapshots/{name}: no such output any more" for name in sorted(stale)]
    for name, text in sorted(snapshots.items()):
        path = SNAPSHOTS / name
        if not path.exists():
            problems.append(f"tests/snapshots/{name}: missing")
            continue
        expected = path.read_text(encoding="utf-8")
        if expected != text:
            problems.append(_diff(name, expected, text))
    if problems:
        pytest.fail(
            "output differs from the snapshots (if intended, run "
            f"`{COMMAND}` and review `git diff tests/snapshots`):\n\n" + "\n".join(problems),
            pytrace=False,
        )


# -- HTML ----------------------------------------------------------------------------------


def _plain_highlight(tree: Tag) -> None:
    """Pygments' spans inside highlighted blocks -> their text."""
    for pre in tree.select("div.highlight pre"):
        text = pre.get_text()
        pre.clear()
        pre.append(text)


def _entry_name(entry: Tag) -> str:
    if entry.get("id"):
        return str(entry["id"])
    text = entry.get_text(" ", strip=True)
    return "missing-" + re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()


@pytest.mark.sphinx("html", testroot="snapshot", freshenv=True)
def test_html_entries(app: Any) -> None:
    app.build()
    page = soup(app)
    body = page.select_one("div.body, article, div[role=main]") or page.body
    assert body is not None
    _plain_highlight(body)
    snapshots: dict[str, str] = {}
    entries = body.select("div.rt-publication")
    assert len(entries) == 9  # every entry of the root and the missing key
    for entry in entries:
        name = f"html/{_entry_name(entry)}.html"
        assert name not in snapshots
        snapshots[name] = BeautifulSoup(str(entry), "html.parser").prettify()
    # what surrounds the entries: group headings, the download link, :pub: references
    outline = BeautifulSoup(
        "".join(str(box) for box in body.select("div.rt-publications, div.pub-roles")),
        "html.parser",
    )
    for entry in outline.select("div.rt-publication"):
        entry.replace_with(Comment(f" entry {_entry_name(entry)} "))
    snapshots["html/_page.html"] = outline.prettify()
    check(snapshots, "html")


# -- text and LaTeX ------------------------------------------------------------------------


@pytest.mark.sphinx("text", testroot="snapshot", freshenv=True)
def test_text_output(app: Any) -> None:
    app.build()
    check({"text.txt": (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")})


#: ``\PYG{token type}{text}``: the text has no braces but those of ``\PYGZob{}`` & co.
_PYGMENTS_TOKEN = re.compile(r"\\PYG\{[^{}]*\}\{((?:[^{}\\]|\\PYGZ[a-z]{2}\{\}|\\.)*)\}")


def latex_body(tex: str) -> str:
    """The document body, with Pygments' token markup reduced to its text."""
    start = tex.index("\\begin{document}")
    end = tex.index("\\end{document}") + len("\\end{document}")
    body = tex[start:end]
    while True:
        plain = _PYGMENTS_TOKEN.sub(r"\1", body)
        if plain == body:
            return body + "\n"
        body = plain


@pytest.mark.sphinx("latex", testroot="snapshot", freshenv=True)
def test_latex_output(app: Any) -> None:
    app.build()
    tex = (Path(app.outdir) / "snapshot.tex").read_text(encoding="utf-8")
    check({"latex.tex": latex_body(tex)})


def test_pygments_markup_is_reduced_to_text() -> None:
    tex = (
        "\\begin{document}\\PYG{n+nc}{@misc}\\PYG{p}{\\PYGZob{}}"
        "\\PYG{l+s}{a \\PYGZbs{}b}\\end{document}"
    )
    assert latex_body(tex) == "\\begin{document}@misc\\PYGZob{}a \\PYGZbs{}b\\end{document}\n"


# -- publication-stats ---------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="stats", freshenv=True)
def test_html_charts(app: Any) -> None:
    """Each chart's figure, byte for byte as written (the SVG is meant to be deterministic)."""
    app.build()
    snapshots: dict[str, str] = {}
    for page in ("index", "topics", "citations"):
        html = (Path(app.outdir) / f"{page}.html").read_text(encoding="utf-8")
        figures = re.findall(r'<figure class="rt-stats".*?</figure>', html, re.S)
        assert figures, page
        for number, figure in enumerate(figures):
            snapshots[f"stats/{page}-{number}.html"] = figure.replace("><", ">\n<") + "\n"
    check(snapshots, "stats")


@pytest.mark.sphinx("text", testroot="stats", freshenv=True)
def test_text_charts(app: Any) -> None:
    app.build()
    check({"stats-text.txt": (Path(app.outdir) / "topics.txt").read_text(encoding="utf-8")})
