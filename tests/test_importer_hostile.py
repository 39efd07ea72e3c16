"""``researchtopics import`` on hostile pages: nothing becomes markup, every step is linear.

An imported page is untrusted data.  Its heading becomes the title of an .rst page and
its entries the values of a .bib file: neither may turn into a directive, a role, a
list, a link or a docutils message.  And no line, however long or odd, may cost more
than linear time (the pathological inputs here are large enough that a quadratic step
would run for minutes).
"""

from __future__ import annotations

import html
import importlib.util
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from docutils import nodes, utils
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives
from test_importer import ENTRY, norm, records, run_import, write_page

from sphinxcontrib_researchtopics.bib.records import plain
from sphinxcontrib_researchtopics.cli import importer

# -- nothing from a page becomes markup --------------------------------------------------

#: Text that reStructuredText would read as markup if it were written as it is.
HOSTILE = [
    # directives, with and without file access
    ".. include:: ../../secret.txt",
    ".. literalinclude:: ../../secret.txt",
    ".. raw:: html",
    ".. image:: https://evil.example/x.png",
    ".. figure:: x.png",
    ".. csv-table:: x",
    ".. csv-table:: x :file: /etc/passwd",
    ".. meta:: :refresh: 0; url=https://evil.example",
    ".. _target: https://evil.example",
    ".. |x| image:: x.png",
    ".. [1] footnote",
    "..",
    ".. a comment",
    # roles and inline markup
    ":raw-html:`<script>alert(1)</script>`",
    ":file:`x` and :math:`x`",
    "*emph* **strong** ``literal`` `interpreted`",
    "|x| substitution",
    "_x: target",
    "x_ reference and `x <https://evil.example>`_",
    "[1]_ [#]_ [*]_ [CIT]_",
    "x\\ y \\\\ z",
    "ends with a colon::",
    # block starts
    "- bullet",
    "+ bullet",
    "* bullet",
    "• bullet",
    "1. enumerated",
    "#. enumerated",
    "a) enumerated",
    "(iv) enumerated",
    "IV. enumerated",
    ":orphan:",
    ":field: value",
    "-o option list",
    "--long=x option list",
    "/V option list",
    "| line block",
    ">>> print('doctest')",
    "====",
    "----",
    "~~~~~~~~",
    "::",
    # standalone URIs and addresses
    "Click javascript:alert(1) now",
    "JavaScript:alert(document.cookie)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "https://evil.example/x",
    "mail me: someone@evil.example",
    # a line break that docutils sees and str.splitlines() too
    "Title\u2028.. raw:: html",
]

#: The only nodes an imported page may produce (the directives are stubs below).
ALLOWED_NODES = {"document", "comment", "section", "title", "Text"}


def md_escape(text: str) -> str:
    """*text* as Markdown that means the text itself (every ASCII punctuation escaped)."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


class _Stub(Directive):
    """``topic-nav`` / ``publications`` as a plain parser sees them: recorded, no output."""

    has_content = True
    optional_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"keys": directives.unchanged}
    calls: ClassVar[list[tuple[str, list[str], dict[str, Any]]]] = []

    def run(self) -> list[nodes.Node]:
        self.calls.append((self.name, list(self.content), dict(self.options)))
        return []


@pytest.fixture
def doctree(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Any]]:
    """Parse .rst text with docutils as the brief's settings say; collect every message.

    ``report_level`` 5 keeps docutils quiet and filters messages out of the tree, so each
    message is recorded where the reporter makes it.
    """
    messages: list[str] = []
    original = utils.Reporter.system_message

    def record(self: utils.Reporter, level: int, message: str, *args: Any, **kwargs: Any) -> Any:
        messages.append(f"{level}: {message}")
        return original(self, level, message, *args, **kwargs)

    monkeypatch.setattr(utils.Reporter, "system_message", record)
    _Stub.calls.clear()
    for name in ("topic-nav", "publications"):
        directives.register_directive(name, _Stub)

    def parse(text: str) -> Any:
        messages.clear()
        tree = publish_doctree(
            text,
            settings_overrides={
                "report_level": 5,
                "halt_level": 5,
                "file_insertion_enabled": True,
                "raw_enabled": True,
            },
        )
        tree.messages = list(messages)
        return tree

    yield parse
    for name in ("topic-nav", "publications"):
        directives._directives.pop(name, None)


def assert_only_text(tree: Any, title: str) -> None:
    """*tree* is just the title *title*: no directive output, link or message."""
    assert tree.messages == []
    kinds = {type(node).__name__ for node in tree.findall()}
    assert kinds <= ALLOWED_NODES, kinds - ALLOWED_NODES
    # one title (docutils makes a lone section's title the document's)
    assert [node.astext() for node in tree.findall(nodes.title)] == [title]
    assert not any(
        re.match(r"\s*(javascript|vbscript|data):", str(node.get("refuri", "")), re.I)
        for node in tree.findall(nodes.Element)
    )
    calls = [name for name, _, _ in _Stub.calls]
    assert calls in (["topic-nav", "publications", "topic-nav"], ["topic-nav", "topic-nav"])


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_heading_is_only_text(
    text: str, tmp_path: Path, doctree: Callable[[str], Any]
) -> None:
    page = write_page(tmp_path, "topic.md", f"## {md_escape(text)}\n\n{ENTRY}")
    result = importer.import_pages([page])
    assert result.pages["topic.rst"].count("\n=") == 1
    assert_only_text(doctree(result.pages["topic.rst"]), norm(text))


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_entry_text_is_only_text(
    text: str, tmp_path: Path, doctree: Callable[[str], Any], capsys: pytest.CaptureFixture[str]
) -> None:
    escaped = md_escape(text)
    page = write_page(
        tmp_path,
        "topic.md",
        f"## Topic\n\n**{escaped}** <br>\n_Ann Author, {escaped}_ <br>\n"
        f"<span><pub>{escaped} (SC), 2020</pub></span> <br>\n"
        "<a onclick='expandABS(\"k1\")'> Abstract </a>\n"
        f'<div style="display: none;" class=abs id="k1"><br>\n{html.escape(text)}\n</div>\n',
    )
    code, _, _ = run_import(capsys, page, "-o", tmp_path / "out")
    assert code == 0
    rst = (tmp_path / "out" / "topic.rst").read_text(encoding="utf-8")
    assert_only_text(doctree(rst), "Topic")
    assert _Stub.calls[1][2] == {"keys": "k1"}
    entry = records(tmp_path / "out" / "publications.bib")["k1"]

    def shown(value: Any) -> str:  # TeX's typographic quotes are the one allowed change
        return plain(value).replace("\u2019", "'").replace("\u2018", "`")

    assert shown(entry.title) == norm(text)
    assert shown(entry.venue) == norm(text) + " (SC)"
    assert shown(entry.abstract) == norm(text)
    assert entry.authors[0].display == "Ann Author"


def test_nav_labels_stay_on_their_line(tmp_path: Path, doctree: Callable[[str], Any]) -> None:
    """A nav label is the extension's data, not rst: kept whole, on one line."""
    other = write_page(tmp_path, "other.md", "## Other\n\n" + ENTRY)
    page = write_page(
        tmp_path,
        "topic.md",
        "[▶ .. raw:: html \\| x\u2028y](/other) | [▶ Topic](/topic)\n\n## Topic\n\n" + ENTRY,
    )
    result = importer.import_pages([page, other])
    tree = doctree(result.pages["topic.rst"])
    assert_only_text(tree, "Topic")
    assert _Stub.calls[0][1] == [".. raw:: html | x y <other>", "Topic <topic>"]


def test_rst_text_escapes_everything_but_words() -> None:
    from sphinxcontrib_researchtopics.cli.rst import rst_text

    assert rst_text("Light Field") == "Light Field"
    assert rst_text("Super-Resolution, 2x!") == "Super\\-Resolution, 2x!"
    assert rst_text(".. raw:: html") == "\\.\\. raw\\:\\: html"
    assert rst_text("a\x00b\x1b[31m\nc") == "ab\\[31m c"


# -- two pages, one output path ----------------------------------------------------------


def test_pages_with_the_same_output_path_do_not_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = write_page(tmp_path, "topic.md", "## First\n\n" + ENTRY)
    second = write_page(
        tmp_path, "topic.markdown", "## Second\n\n" + ENTRY.replace("A Paper", "B Paper")
    )
    code, stdout, _ = run_import(capsys, first, second, "-o", tmp_path / "out")
    assert code == 0
    assert "from 2 pages" in stdout
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "publications.bib",
        "topic-2.rst",
        "topic.rst",
    ]
    assert "\nFirst\n" in (tmp_path / "out" / "topic.rst").read_text(encoding="utf-8")
    assert "\nSecond\n" in (tmp_path / "out" / "topic-2.rst").read_text(encoding="utf-8")
    result = importer.import_pages([first, second])
    clash = [m for m in result.messages if m.path == str(second) and "topic-2.rst" in m.text]
    assert len(clash) == 1 and clash[0].line == 0
    assert str(clash[0]) == (
        f"{second}: warning: another page is already written as topic.rst; this one is "
        "written as topic-2.rst"
    )


def test_pages_in_two_folders_keep_their_folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write_page(tmp_path / "a", "topic.md", "## First\n\n" + ENTRY)
    second = write_page(tmp_path / "b", "topic.markdown", "## Second\n\n" + ENTRY)
    assert sorted(importer.import_pages([first, second]).pages) == ["a/topic.rst", "b/topic.rst"]


# -- linear time -------------------------------------------------------------------------

N = 200_000


#: A generous limit when pytest-timeout is installed; without it, just finishing counts.
def _no_mark(function: Callable[..., None]) -> Callable[..., None]:
    return function


linear = pytest.mark.timeout(120) if importlib.util.find_spec("pytest_timeout") else _no_mark

PATHOLOGICAL = {
    "heading with spaces": "## " + " " * N + "x\n",
    "heading with trailing spaces": "## x" + " " * N + "\n",
    "heading of hashes and spaces": "## " + "# " * (N // 2) + "\n",
    "backticks": "## T\n\n" + ENTRY + "`" * N + "\n",
    "backtick runs": "## T\n\n" + ENTRY + "`a``" * (N // 4) + "\n",
    "strong openers": "## T\n\n" + ENTRY + "**a " * (N // 4) + "\n",
    "emphasis openers": "## T\n\n" + ENTRY + "*a _b " * (N // 6) + "\n",
    "nav items and spaces": "[▶ a](/b) " * (N // 20) + " " * (N // 2) + "x\n",
    "links without end": "## T\n\n" + ENTRY + "[a](b " * (N // 6) + "\n",
    "brackets": "## T\n\n" + ENTRY + "[a" * (N // 2) + "\n",
    "venue commas": "## T\n\n**A** <br>\n_A B, C D_ <br>\nConf" + " ," * (N // 2) + "\n",
    "venue spaces": "## T\n\n**A** <br>\n_A B, C D_ <br>\n<pub>Conf" + " " * N + "x</pub>\n",
    "title spaces": "## T\n\n**A" + " " * N + "x** <br>\n_A B, C D_ <br>\n",
    "title bold runs": "## T\n\n" + "**" * (N // 2) + "\n",
    "author line": "## T\n\n**A** <br>\n_" + "A B, " * (N // 5) + "_ <br>\n",
    "author spaces": "## T\n\n**A** <br>\n_A" + " " * N + "B_\n",
    "unclosed tags": "## T\n\n" + ENTRY + "<a" * (N // 2) + "\n",
    "unclosed divs": "## T\n\n" + ENTRY + "<div" * (N // 4) + "\n",
    "unclosed anchors": "## T\n\n" + ENTRY + "<a href=x>" * (N // 10) + "\n",
    "comment openers": "## T\n\n" + "<!--" * (N // 4) + "\n",
    "attribute lists": "## T\n\n" + ENTRY + "{:" * (N // 2) + "\n",
    "onclick word": "## T\n\n" + ENTRY.replace('expandABS("author20")', "a" * N) + "\n",
    "front matter spaces": "---\npermalink:" + " " * N + "x\n---\n## T\n",
    "rule-like": "## T\n\n" + "- " * (N // 2) + "x\n",
    "sup tags": "## T\n\n**A** <br>\n_A B, C D" + "<sup>1" * (N // 6) + "_\n",
    "same key": "## T\n\n" + "\n".join(ENTRY.replace("A Paper", f"Paper {i}") for i in range(1000)),
}


@linear
@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_input_finishes(name: str, tmp_path: Path) -> None:
    page = write_page(tmp_path, "topic.md", PATHOLOGICAL[name])
    result = importer.import_pages([page])
    assert "topic.rst" in result.pages
    assert result.bib.startswith("% Imported by")


def test_many_key_clashes_stay_valid_keys(tmp_path: Path) -> None:
    """Suffixes b..z, then numbers: never a brace or other character a key cannot hold."""
    page = write_page(tmp_path, "topic.md", PATHOLOGICAL["same key"])
    (tmp_path / "publications.bib").write_text(importer.import_pages([page]).bib)
    keys = list(records(tmp_path / "publications.bib"))
    assert len(keys) == 1000 == len(set(keys))
    assert keys[:3] == ["author20", "author20b", "author20c"]
    assert all(re.fullmatch(r"[A-Za-z0-9_\-]+", key) for key in keys)
