"""Hostile .bib input: text is escaped everywhere, only safe URLs become links.

One build of ``test-hostile`` (every hostile value in one entry), then property-based
tests that generate URLs, .bib text and whole builds.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import string
import tempfile
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinxcontrib_researchtopics.bib.links import classify_url, extract_links
from sphinxcontrib_researchtopics.bib.load import merge_files, parse_file
from sphinxcontrib_researchtopics.config import WARNING_SUBTYPES

HOSTILE = ROOTS / "test-hostile"
_COLOURS = re.compile(r"\x1b\[[0-9;]*m")
_SAFE_HREF = re.compile(r"(?:https?|mailto):", re.IGNORECASE)
_ANY_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)
_FOREIGN_TAGS = ("iframe", "img", "svg", "style", "object", "embed", "form", "input", "b", "i")


# -- helpers -------------------------------------------------------------------------------


class _TagBalance(HTMLParser):
    """Every element closed in order: what an injected ``</div>`` or tag would break."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        else:
            self.errors.append(f"</{tag}> at {self.getpos()} closes {self.stack[-3:]}")


def assert_well_formed(html: str) -> None:
    parser = _TagBalance()
    parser.feed(html)
    parser.close()
    assert not parser.errors and not parser.stack, (parser.errors, parser.stack)


def href_is_safe(value: str) -> bool:
    """http(s), mailto, or a relative reference (no scheme at all)."""
    value = value.strip()
    return bool(_SAFE_HREF.match(value)) or not _ANY_SCHEME.match(value)


def assert_no_injection(page: BeautifulSoup, allowed_inline: frozenset[str]) -> None:
    """No generated script, element, event attribute or unsafe URL in *page*."""
    for script in page.find_all("script"):
        src = script.get("src")
        if src:
            assert src.startswith("_static/") or "mathjax" in src, src
        elif script.get("type") == "application/ld+json":
            text = script.string or ""
            assert "<" not in text
            json.loads(text)
        else:
            assert (script.string or "").strip() in allowed_inline, script
    for element in page.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), (element.name, name)
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                assert href_is_safe(str(value)), (element.name, name, value)
    for entry in page.select("div.rt-publication"):
        assert not entry.find_all(_FOREIGN_TAGS), entry
        scripts = entry.find_all("script")
        assert all(script.get("type") == "application/ld+json" for script in scripts), entry


def _build(srcdir: Path, confoverrides: dict[str, Any] | None = None) -> tuple[str, str]:
    """Build *srcdir* in one application; return (index.html, warnings).

    ``SphinxTestApp.cleanup`` undoes docutils' global registrations, so later apps in
    the same process start clean.
    """
    from sphinx.testing.util import SphinxTestApp

    warnings = io.StringIO()
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        builddir=srcdir / "_build",
        freshenv=True,
        confoverrides=confoverrides or {},
        status=io.StringIO(),
        warning=warnings,
    )
    try:
        app.build()
        html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    finally:
        app.cleanup()
    return html, _COLOURS.sub("", warnings.getvalue())


@lru_cache(maxsize=1)
def _baseline_inline_scripts() -> frozenset[str]:
    """Inline scripts the theme writes on every page (built from a harmless page)."""
    with tempfile.TemporaryDirectory() as tmp:
        srcdir = Path(tmp)
        (srcdir / "conf.py").write_text(
            'extensions = ["sphinxcontrib_researchtopics"]\n'
            'researchtopics_bibfiles = ["refs.bib"]\nresearchtopics_cache_dir = ""\n'
        )
        (srcdir / "refs.bib").write_text("@misc{a, title = {Harmless $x$}}\n")
        (srcdir / "index.rst").write_text("T\n=\n\n.. publications::\n")
        html, _ = _build(srcdir)
    page = BeautifulSoup(html, "lxml")
    return frozenset(
        (script.string or "").strip()
        for script in page.find_all("script")
        if not script.get("src") and script.get("type") != "application/ld+json"
    )


# -- the hostile root ------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[BeautifulSoup, str, list[str]]:
    srcdir = tmp_path_factory.mktemp("hostile") / "src"
    shutil.copytree(HOSTILE, srcdir)
    html, warnings = _build(srcdir)
    return BeautifulSoup(html, "lxml"), html, warnings.splitlines()


_STRAIGHT = str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''")


def text_of(element: Any) -> str:
    """An element's text with Sphinx's smart quotes made straight again."""
    return str(element.get_text()).translate(_STRAIGHT)


def _entry(page: BeautifulSoup, key: str) -> Any:
    """The first entry div of *key* (keys may hold any character but space, comma, brace)."""
    return next(div for div in page.select("div.rt-publication") if div["data-rt-key"] == key)


def test_hostile_page_has_no_injection(hostile: tuple[BeautifulSoup, str, list[str]]) -> None:
    page, html, _ = hostile
    assert_well_formed(html)
    assert_no_injection(page, _baseline_inline_scripts())
    assert "alert(" not in "".join(str(s) for s in page.find_all("script") if s.get("src"))


def test_every_entry_renders(hostile: tuple[BeautifulSoup, str, list[str]]) -> None:
    page, _, _ = hostile
    keys = [div["data-rt-key"] for div in page.select("div.rt-publication")]
    # publications (3) and publication (1)
    hostile_key = 'key"><script>alert("key")</script>'
    assert sorted(keys) == sorted(["plain", "xss", hostile_key, "xss"])
    ids = [div["id"] for div in page.select("div.rt-publication")]
    assert all(re.fullmatch(r"[a-z0-9-]+", node_id) for node_id in ids), ids


def test_text_is_shown_as_text(hostile: tuple[BeautifulSoup, str, list[str]]) -> None:
    page, html, _ = hostile
    xss = _entry(page, "xss")
    title = '<script>alert("title")</script> Cross-Site & <b>Scripting</b>'
    assert text_of(xss.select_one(".rt-title")) == title
    authors = text_of(xss.select_one(".rt-authors"))
    assert '<img src=x onerror=alert("author")>' in authors
    assert '<svg onload=alert("corp")>' in authors
    assert text_of(xss.select_one(".rt-authors .rt-member")) == "Jane Doe"
    venue = text_of(xss.select_one(".rt-venue"))
    assert venue == (
        '<iframe src="javascript:alert(\'venue\')"></iframe>, 2020"><script>alert("year")</script>'
    )
    abstract = text_of(xss.select_one(".rt-abstract"))
    assert '</details></div><script>alert("abstract")</script>' in abstract
    badges = [text_of(badge) for badge in page.select(".rt-badge")]
    assert "<a href=\"javascript:alert('badge')\">Best Paper</a>" in badges
    assert "<i onmouseover=\"alert('badge')\">Oral</i>" in badges
    award = text_of(xss.select_one(".rt-award"))
    assert award.startswith('<b onmouseover=alert("award")>')
    # braces group in LaTeX: they go, the markup stays text
    assert text_of(xss.select_one(".rt-note")) == "<style>body display: none </style>"
    bibtex = xss.select_one(".rt-bibtex pre").get_text()
    assert 'title = {<script>alert("title")</script> Cross-Site \\& <b>Scripting</b>}' in bibtex
    assert "<script>alert(" not in html.replace('<script type="application/ld+json">', "")


def test_only_safe_links(hostile: tuple[BeautifulSoup, str, list[str]]) -> None:
    page, _, _ = hostile
    links = [(a["class"][:2], a["href"]) for a in _entry(page, "xss").select("a.rt-link")]
    assert links == [
        (["rt-link", "rt-link-blog"], 'https://safe.example/?q="><script>alert("blog")</script>'),
        (["rt-link", "rt-link-custom"], "mailto:lab%40example.org"),  # docutils cloaks the @
    ]
    other = _entry(page, 'key"><script>alert("key")</script>').select("a.rt-link")
    assert [a["href"] for a in other] == ["https://Example.org/Upper"]


UNSAFE_FIELDS = [
    "pdf", "code", "project", "dataset", "video", "slides", "poster", "supp", "url_Evil", "doi",
]  # fmt: skip


def test_each_dropped_url_is_a_located_warning(
    hostile: tuple[BeautifulSoup, str, list[str]],
) -> None:
    _, _, warnings = hostile
    lines = (HOSTILE / "hostile.bib").read_text(encoding="utf-8").splitlines()
    unsafe = [w for w in warnings if "[researchtopics.unsafe_url]" in w]
    for field in UNSAFE_FIELDS:
        hits = [w for w in unsafe if f"xss: {field}: unsafe URL" in w]
        assert len(hits) == 1, (field, unsafe)
        # the warning points at the field's own line
        field_line = next(n for n, line in enumerate(lines, 1) if line.startswith(f"  {field} "))
        assert re.search(rf"hostile\.bib:{field_line}: WARNING", hits[0]), hits[0]
    assert len(unsafe) == len(UNSAFE_FIELDS)
    assert all("\x01" not in w for w in warnings), "control characters are shown escaped"


# -- properties: URLs ------------------------------------------------------------------

_DANGEROUS = ["javascript", "data", "vbscript", "file", "jar", "blob", "ftp", "about", "c"]


@st.composite
def _disguised_url(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(_DANGEROUS))
    cased = "".join(
        char.upper() if upper else char
        for char, upper in zip(
            scheme,
            draw(st.lists(st.booleans(), min_size=len(scheme), max_size=len(scheme))),
            strict=True,
        )
    )
    inner = draw(st.sampled_from(["", "\t", "\n", "\r"]))
    if inner and len(cased) > 1:
        cut = draw(st.integers(1, len(cased) - 1))
        cased = cased[:cut] + inner + cased[cut:]
    lead = draw(st.text(alphabet=" \t\n\r\x00\x01\x08\x0b\x0c\x1f", max_size=4))
    rest = draw(st.sampled_from(["alert(1)", "//x.org/a", "text/html,<script>", ""]))
    return f"{lead}{cased}:{rest}"


@settings(max_examples=300, deadline=None)
@given(_disguised_url())
def test_disguised_schemes_never_link(url: str) -> None:
    assert classify_url(url) is None
    for field in ("pdf", "code", "url_Custom", "doi", "arxiv"):
        links, problems = extract_links({field: url})
        assert all(href_is_safe(link.url) for link in links), links
        if field not in ("doi", "arxiv"):  # those make ids into resolver URLs
            assert not links and [p[0] for p in problems] == ["unsafe_url"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_value_links_only_safely(value: str) -> None:
    safe = classify_url(value)
    if safe is not None:
        url, local = safe
        assert href_is_safe(url)
        assert not local or not _ANY_SCHEME.match(url)


# -- properties: generated .bib text -------------------------------------------------

_SNIPPETS = [
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
    " JaVaScRiPt:alert(1)", "\x01javascript:x", "data:text/html,<b>x</b>", "{", "}", "\\",
    "$", "$x^2$", "\\emph{", "\\url{", "\\href{javascript:alert(1)}{x}", "--", "~", "&amp;",
    "&", "#", "%", "@", "\n", " and ", "others", "\\'e", "{\\\"o}", "}}", "{{", "=", ",", '"',
    "'", "<", ">", "onload=", "\\textbf{", "</div>", "<!--", "]]>", "\\\\", "\\c", "^",
    "https://ok.example/a?b=<c>", "mailto:x@y.z", "..", "//evil.example", "\x00", "\ufeff",
]  # fmt: skip
_FIELDS = [
    "title", "author", "editor", "journal", "booktitle", "journaltitle", "year", "month",
    "date", "abstract", "note", "badge", "award", "award_name", "abbr", "topics", "keywords",
    "pdf", "url", "code", "doi", "arxiv", "eprint", "eprinttype", "url_Site", "html",
    "video", "crossref", "school", "bibtex_show", "selected",
]  # fmt: skip

_values = st.lists(
    st.one_of(
        st.sampled_from(_SNIPPETS),
        st.text(alphabet=string.ascii_letters + string.digits + " .-:/éü", max_size=10),
    ),
    max_size=5,
).map("".join)


@st.composite
def _entry_text(draw: st.DrawFn) -> str:
    entry_type = draw(st.sampled_from(["article", "inproceedings", "misc", "Weird", "string"]))
    key = draw(
        st.text(alphabet=string.ascii_letters + string.digits + "-_:\"'<>&", min_size=1, max_size=8)
    )
    lines = [f"@{entry_type}{{{key},"]
    for name in draw(st.lists(st.sampled_from(_FIELDS), max_size=6)):
        value = draw(_values)
        form = draw(st.sampled_from(["{}", '""', "bare"]))
        if form == "{}":
            shown = "{" + value + "}"
        elif form == '""':
            shown = '"' + value + '"'
        else:
            shown = value or "x"
        lines.append(f"  {name} = {shown},")
    lines.append("}")
    junk = draw(st.one_of(st.just(""), _values))
    return "\n".join(lines) + "\n" + junk + "\n"


_bib_text = st.lists(_entry_text(), min_size=1, max_size=5).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_bib_text)
def test_parsing_never_raises_and_locates_every_problem(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    result = parse_file("gen.bib", "topics", data)
    merged = merge_files([result], [], "topics")
    line_count = text.count("\n") + 1
    for problem in merged.problems:
        assert problem.subtype in WARNING_SUBTYPES
        assert problem.source == "gen.bib"
        assert 1 <= problem.line <= line_count, problem
    for publication in result.entries:
        assert publication.key and publication.key in text


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_bib_text, st.sampled_from(["collapsed", "expanded"]))
def test_generated_bibliographies_build_safely(text: str, abstract: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        srcdir = Path(tmp)
        (srcdir / "refs.bib").write_text(text, encoding="utf-8", errors="surrogatepass")
        (srcdir / "conf.py").write_text(
            'extensions = ["sphinxcontrib_researchtopics"]\n'
            'researchtopics_bibfiles = ["refs.bib"]\n'
            'researchtopics_cache_dir = ""\n'
            f"researchtopics_abstract = {abstract!r}\n"
            'researchtopics_members = ["Jane Doe"]\n'
        )
        (srcdir / "index.rst").write_text("Generated\n=========\n\n.. publications::\n")
        expected = merge_files([parse_file(str(srcdir / "refs.bib"), "topics")], [], "topics")
        html, _ = _build(srcdir)
    assert_well_formed(html)
    page = BeautifulSoup(html, "lxml")
    assert_no_injection(page, _baseline_inline_scripts())
    shown = [div["data-rt-key"] for div in page.select("div.rt-publication")]
    assert shown.count("") == 0
    assert sorted(shown) == sorted(expected.entries)
