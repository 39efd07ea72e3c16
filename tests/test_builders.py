"""Every builder the contract names gets the same content as plain nodes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import assert_warned, soup, warnings_of

TITLES = (
    "Propagating Difference Flows for Efficient Video Super-Resolution",
    "Convolutional Neural Network-Based Video Super-Resolution for Action Recognition",
)
ABSTRACT_START = "Recent years have witnessed the advancement of video super"


def text_of(app: Any, pattern: str) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(Path(app.outdir).glob(pattern)))


def own_warnings(app: Any) -> list[str]:
    """Warnings other than the test root's deliberate ones."""
    deliberate = ("nosuchkey", "missing1", "unknown99", "year + 1")
    return [w for w in warnings_of(app) if not any(d in w for d in deliberate)]


@pytest.mark.sphinx("text", testroot="basic", freshenv=True)
def test_text_builder(app: Any) -> None:
    app.build()
    text = " ".join(text_of(app, "index.txt").split())
    for title in TITLES:
        assert title in text
    assert "Ruisheng Gao, Zeyu Xiao, Zhiwei Xiong" in text
    assert "British Machine Vision Conference (BMVC), 2022" in text
    assert "Paper <https://bmvc2022.mpi-inf.mpg.de/0060.pdf>" in text
    assert "Code <https://github.com/RSGao/DFlow_BasicSR>" in text
    assert "Abstract" in text and ABSTRACT_START in text
    assert "Also in: Image" in text
    assert "Video | Image | Recent" in text.replace("**", "")
    assert own_warnings(app) == []


@pytest.mark.sphinx("latex", testroot="basic", freshenv=True)
def test_latex_builder(app: Any) -> None:
    app.build()
    tex = text_of(app, "*.tex")
    assert r"\sphinxstylestrong{Propagating Difference Flows" in tex
    assert r"\sphinxhref{https://bmvc2022.mpi-inf.mpg.de/0060.pdf}{Paper}" in tex
    assert ABSTRACT_START in tex
    assert own_warnings(app) == []


@pytest.mark.sphinx("man", testroot="basic", freshenv=True)
def test_man_builder(app: Any) -> None:
    app.build()
    man = text_of(app, "*.1")
    assert "Propagating Difference Flows" in man
    assert "https://bmvc2022.mpi\\-inf.mpg.de/0060.pdf" in man or "0060.pdf" in man
    assert own_warnings(app) == []


@pytest.mark.sphinx(
    "epub",
    testroot="basic",
    freshenv=True,
    confoverrides={"copyright": "2026, a lab", "version": "1.0"},
)
def test_epub_builder(app: Any) -> None:
    app.build()
    xhtml = text_of(app, "index.xhtml")
    for title in TITLES:
        assert title in xhtml
    assert "<details" in xhtml and ABSTRACT_START in xhtml
    assert own_warnings(app) == []


@pytest.mark.sphinx("singlehtml", testroot="basic", freshenv=True)
def test_singlehtml_builder(app: Any) -> None:
    app.build()
    page = soup(app, "index")
    keys = {d["data-rt-key"] for d in page.select("div.rt-publication[data-rt-key]")}
    assert {"gao22", "xu21", "press25", "many20"} <= keys
    also = page.select_one("#latex24 .rt-also-in a")
    # one page: the link is a fragment of it (Sphinx 7 writes "index.html#..."), to the
    # Image page's copy of the entry (renamed: the Video copy has "latex24")
    assert also.get_text() == "Image"
    assert also["href"].removeprefix("index.html") == "#latex24-3"
    assert page.find(id="latex24") is not None
    assert own_warnings(app) == []


@pytest.mark.sphinx("dirhtml", testroot="basic", freshenv=True)
def test_dirhtml_builder(app: Any) -> None:
    app.build()
    page = soup(app, "image/index")
    assert [d["data-rt-key"] for d in page.select("div.rt-publication")] == [
        "press25",
        "latex24",
        "many20",
    ]
    href = page.select_one("#press25 a.rt-link-paper")["href"]
    assert (Path(app.outdir) / "image" / href).resolve().is_file()
    assert own_warnings(app) == []


def _download(app: Any) -> tuple[Path, str]:
    """The single page's .bib download link: (its file, the file's text)."""
    links = soup(app, "index").select("a.rt-download-bib")
    assert len(links) == 1
    target = Path(app.outdir) / links[0]["href"]
    assert target.is_file(), links[0]["href"]
    return target, target.read_text(encoding="utf-8")


def test_singlehtml_download_holds_the_whole_page(tmp_path: Path, make_app: Any) -> None:
    """The one page of singlehtml links a .bib file of every entry it shows (it linked
    the root document's file, which did not exist), kept up to date by later builds;
    the other documents' files are not made (nothing links them)."""
    from conftest import ROOTS, edit

    src = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", src)
    app = make_app("singlehtml", srcdir=src)
    app.build()
    page = soup(app, "index")
    keys = {d["data-rt-key"] for d in page.select("div.rt-publication[data-rt-key]")}
    target, text = _download(app)
    assert set(re.findall(r"^@\w+\{([^,]+),", text, re.M)) == keys
    assert [p.name for p in target.parent.rglob("*.bib")] == [target.name]
    edit(src / "seed.bib", "Propagating Difference Flows", "Propagated Difference Flows")
    app = make_app("singlehtml", srcdir=src)
    app.build()
    assert "Propagated Difference Flows" in _download(app)[1]


MATH_WARNING = (
    r"math\.bib:\d+: WARNING: {key}: math {math} in {field} is shown as text \({why}\) "
    r"\[researchtopics\.latex_command\]"
)


@pytest.mark.sphinx("latex", testroot="latex-math", freshenv=True)
def test_latex_writes_only_plain_math_from_bib_files(app: Any) -> None:
    """Sphinx copies math into the .tex file as it is: only math made of known math
    commands, balanced braces and no ``%``, ``#`` or ``^^`` is math; other math
    (``\\input`` would read a file into the PDF) is text, warned at the .bib entry."""
    app.build()
    tex = text_of(app, "*.tex")
    assert r"\(\mathcal{O}(n \log n)\)" in tex
    assert r"\(\frac{1}{2}\sqrt{x_{10}}\)" in tex
    body = tex.split(r"\begin{document}")[1]
    # the entries, without their BibTeX views (highlighted code, escaped)
    entries = re.sub(r"\\begin\{sphinxVerbatim\}.*?\\end\{sphinxVerbatim\}", "", body, flags=re.S)
    for raw in (r"\input{", "^^5c", r"\def\a", "3 % comment", r"\href{", r"\style{"):
        assert raw not in entries, raw
    assert r"Leak \textbackslash{}input\{/etc/hostname\} here" in entries
    warnings = warnings_of(app)
    assert len([w for w in warnings if "is shown as text" in w]) == 7, warnings  # carets: one more
    why = r"\\input is not a math command"
    math = r"'\\\\input\{/etc/hostname\}'"
    assert_warned(warnings, MATH_WARNING.format(key="reads", math=math, field="title", why=why))
    why = r"'%' is not allowed"
    math = r"'5 \\\\% 3 % comment'"
    assert_warned(warnings, MATH_WARNING.format(key="reads", math=math, field="abstract", why=why))


@pytest.mark.sphinx("html", testroot="latex-math", freshenv=True)
def test_mathjax_gets_only_plain_math_from_bib_files(app: Any) -> None:
    """MathJax's ``\\href`` makes a link of any URL (``javascript:``), ``\\class`` and
    ``\\style`` restyle the page: such math is shown as text, not given to MathJax."""
    app.build()
    page = soup(app)
    maths = [span.get_text() for span in page.select("span.math")]
    assert r"\(\mathcal{O}(n \log n)\)" in maths
    assert not [m for m in maths if "href" in m or "class" in m or "input" in m], maths
    title = page.select_one("#links .rt-title").get_text()
    assert r"Click \href{javascript:alert(1)}{\text{here}} and" in title
    assert_warned(warnings_of(app), r"links: math .*\\href is not a math command")
    # TeX reads ^^5c as a backslash: the math is text, and warned without one
    assert "$" not in page.select_one("#carets .rt-title").get_text()
    assert_warned(warnings_of(app), r"math\.bib:\d+: WARNING: carets: math '\^\^5cinput")
