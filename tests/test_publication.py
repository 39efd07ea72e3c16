"""The ``publication`` directive and entry rendering, on the seed page's six papers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import sphinx
from conftest import assert_warned, soup, warnings_of

SEED = {
    # key: (title, authors, venue, paper href, code href or None)
    "gao22": (
        "Propagating Difference Flows for Efficient Video Super-Resolution",
        "Ruisheng Gao, Zeyu Xiao, Zhiwei Xiong",
        "British Machine Vision Conference (BMVC), 2022",
        "https://bmvc2022.mpi-inf.mpg.de/0060.pdf",
        "https://github.com/RSGao/DFlow_BasicSR",
    ),
    "xu21": (
        "Stereo Video Super-Resolution via Exploiting View-Temporal Correlation",
        "Ruikang Xu, Zeyu Xiao, Mingde Yao, Yueyi Zhang, Zhiwei Xiong",
        "ACM International Conference on Multimedia (MM), 2021",
        "https://dl.acm.org/doi/10.1145/3474085.3475189",
        None,
    ),
    "xiao21": (
        "Space-Time Distillation for Video Super-Resolution",
        "Zeyu Xiao, Xueyang Fu, Jie Huang, Zhen Cheng, Zhiwei Xiong",
        "IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR), 2021",
        "https://openaccess.thecvf.com/content/CVPR2021/html/"
        "Xiao_Space-Time_Distillation_for_Video_Super-Resolution_CVPR_2021_paper",
        None,
    ),
    "xiao20": (
        "Space-Time Video Super-Resolution Using Temporal Profiles",
        "Zeyu Xiao, Zhiwei Xiong, Xueyang Fu, Dong Liu, Zheng-Jun Zha",
        "ACM International Conference on Multimedia (MM), 2020",
        "https://dl.acm.org/doi/10.1145/3394171.3413667",
        None,
    ),
    "zhang19": (
        "Two-Stream Action Recognition-Oriented Video Super-Resolution",
        "Haochen Zhang, Dong Liu, Zhiwei Xiong",
        "IEEE/CVF International Conference on Computer Vision (ICCV), 2019",
        "http://openaccess.thecvf.com/content_ICCV_2019/papers/"
        "Zhang_Two-Stream_Action_Recognition-Oriented_Video_Super-Resolution_ICCV_2019_paper.pdf",
        "https://github.com/AlanZhang1995/TwoStreamSR",
    ),
    "zhang18": (
        "Convolutional Neural Network-Based Video Super-Resolution for Action Recognition",
        "Haochen Zhang, Dong Liu, Zhiwei Xiong",
        "IEEE International Conference on Automatic Face & Gesture Recognition (FG), 2018",
        "https://ieeexplore.ieee.org/abstract/document/8373910/",
        None,
    ),
}


def seed_abstracts() -> dict[str, str]:
    """The abstracts of the hand-written seed page, whitespace-normalised."""
    path = Path(__file__).parent / "data" / "import" / "sr-video.md"
    text = path.read_text(encoding="utf-8")
    found = re.findall(r'id="(\w+)"><br>(.*?)</div>', text, re.S)
    result = {}
    for key, body in found:
        # a stray pasted fragment; and "--" is an en dash in kramdown as in LaTeX
        body = body.replace("RSGao/FDFlow_BasicSR", "").replace("--", "\u2013")
        result[key] = " ".join(body.split())
    return result


def norm(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_seed_papers_render_like_the_hand_written_page(app: Any) -> None:
    app.build()
    page = soup(app, "index")
    abstracts = seed_abstracts()
    assert len(abstracts) == 6
    for key, (title, authors, venue, paper, code) in SEED.items():
        entry = page.select_one(f"div.rt-publication#{key}")
        assert entry is not None, key
        assert entry["data-rt-key"] == key
        # the abbreviation is a badge beside the title, not part of it
        assert entry.select_one(".rt-title > strong").get_text() == title
        assert norm(entry.select_one(".rt-authors").get_text()) == authors
        assert entry.select_one(".rt-venue").get_text() == venue
        assert entry.select_one("a.rt-link.rt-link-paper")["href"] == paper
        code_link = entry.select_one("a.rt-link.rt-link-code")
        assert (code_link["href"] if code_link else None) == code
        abstract = entry.select_one("details.rt-abstract")
        assert abstract is not None and not abstract.has_attr("open")
        assert abstract.select_one("summary").get_text() == "Abstract"
        assert norm(abstract.select_one("p").get_text()) == abstracts[key]
        bibtex = entry.select_one("details.rt-bibtex")
        assert bibtex.select_one("summary").get_text() == "BibTeX"
        assert bibtex.select_one("button.rt-copy").has_attr("hidden")


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_links_row_order_labels_and_members(app: Any) -> None:
    app.build()
    entry = soup(app, "index").select_one("div.rt-publication#latex24")
    kinds = [
        next(c for c in a["class"] if c.startswith("rt-link-") and c != "rt-link")
        for a in entry.select("a.rt-link")
    ]
    assert kinds == ["rt-link-arxiv", "rt-link-doi", "rt-link-custom"]
    labels = [a.get_text() for a in entry.select("a.rt-link")]
    assert labels == ["arXiv", "DOI", "Poster Session"]
    assert entry.select_one("a.rt-link-arxiv")["href"] == "https://arxiv.org/abs/2401.00001"
    members = entry.select(".rt-member")
    assert [m.get_text() for m in members] == ["Zhiwei Xiong"]
    assert members[0].select_one("a")["href"] == "https://example.org/xiong"
    assert entry.select_one(".rt-authors sup").get_text() == "*"
    assert norm(entry.select_one(".rt-authors").get_text()).endswith("et al.")
    assert [b.get_text() for b in entry.select(".rt-badge")] == ["Oral"]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_latex_becomes_unicode_and_math(app: Any) -> None:
    app.build()
    entry = soup(app, "index").select_one("div.rt-publication#latex24")
    title = entry.select_one(".rt-title")
    text = title.get_text()
    assert text.startswith("Über")
    assert "Çheap — a" in text
    assert title.select_one("em").get_text() == "Fast"
    maths = title.select("span.math")
    # $k$ is simple math: text, no MathJax; \mathcal{O}(n) is a formula
    assert [m.get_text() for m in maths] == ["\\(\\mathcal{O}(n)\\)"]
    for math in maths:
        math.decompose()
    assert "\\" not in title.get_text() and "{" not in title.get_text()
    assert "Jörg Müller" in entry.select_one(".rt-authors").get_text()
    venue = entry.select_one(".rt-venue").get_text()
    assert venue == "IEEE Transactions on Pattern Analysis and Machine Intelligence, 2024"


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_bibtex_view_drops_display_fields(app: Any) -> None:
    app.build()
    pre = soup(app, "index").select_one("#latex24 details.rt-bibtex pre").get_text()
    assert pre.startswith("@article{latex24,")
    for field in ("title", "author", "journal", "doi", "arxiv", "note"):
        assert re.search(rf"^  {field} = ", pre, re.M), field
    for field in ("topics", "badge", "abstract"):
        assert not re.search(rf"^  {field} = ", pre, re.M), field
    # the macro is expanded, the value written back in braces
    assert "IEEE Transactions on Pattern Analysis" in pre


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_directive_badge_and_body(app: Any) -> None:
    app.build()
    page = soup(app, "index")
    single = page.select_one("div.rt-publication#gao22-2")
    assert single is not None, "the second gao22 on the page gets a unique id"
    assert [b.get_text() for b in single.select(".rt-badge")] == ["Spotlight"]
    for cite in single.select("details.rt-cite"):  # APA italicises the venue
        cite.decompose()
    assert single.select_one("em").get_text() == "best paper"
    assert "Winner of a best paper award." in single.get_text()


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_missing_key_warns_at_directive_and_shows_placeholder(app: Any) -> None:
    app.build()
    warnings = warnings_of(app)
    assert_warned(
        warnings,
        r"index\.rst:21: WARNING: publication key 'nosuchkey' is not in any \.bib"
        r" file \[researchtopics\.missing_key\]",
    )
    placeholder = soup(app, "index").select_one(".rt-missing")
    assert "nosuchkey" in placeholder.get_text()


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_local_file_links_are_published(app: Any) -> None:
    app.build()
    entry = soup(app, "image").select_one("div.rt-publication#press25")
    href = entry.select_one("a.rt-link-paper")["href"]
    assert href.startswith("_downloads/") and href.endswith("press25.pdf")
    assert (Path(app.outdir) / href).is_file()


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    freshenv=True,
    confoverrides={
        "researchtopics_abstract": "expanded",
        "researchtopics_bibtex": False,
        "researchtopics_max_authors": 2,
        "researchtopics_link_labels": {"paper": "PDF"},
    },
)
def test_config_values(app: Any) -> None:
    app.build()
    page = soup(app, "image")
    entry = page.select_one("#many20")
    assert entry.select_one("details.rt-abstract") is None  # no abstract field
    more = entry.select_one("details.rt-more-authors")
    assert more.select_one("summary").get_text() == "and 4 more"
    assert "F Six" in more.get_text()
    assert page.select_one("details.rt-bibtex") is None
    assert page.select_one("#press25 a.rt-link-paper").get_text() == "PDF"
    video = soup(app, "index").select_one("#gao22 details.rt-abstract")
    assert video.has_attr("open")


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_abstract_and_bibtex_options(app: Any) -> None:
    app.build()
    page = soup(app, "options")
    first = page.select("div.rt-publications")[0]
    assert first.select_one("details.rt-abstract").has_attr("open")
    assert first.select_one("details.rt-bibtex") is None
    second = page.select_one("div.sorted-by-title")
    assert second.select_one("details.rt-abstract") is None


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_css_and_js_are_shipped(app: Any) -> None:
    app.build()
    static = Path(app.outdir) / "_static"
    assert (static / "researchtopics.css").is_file()
    assert (static / "researchtopics.js").is_file()
    head = str(soup(app, "index").head)
    assert "researchtopics.css" in head and "researchtopics.js" in head


@pytest.mark.sphinx(
    "html", testroot="basic", freshenv=True, confoverrides={"html_static_path": ()}
)
def test_css_and_js_are_shipped_with_a_tuple_of_static_folders(app: Any) -> None:
    """Sphinx takes ``html_static_path`` as a list or a tuple; a tuple crashed the build."""
    app.build()
    assert (Path(app.outdir) / "_static" / "researchtopics.css").is_file()


def _search_terms(app: Any) -> dict[str, Any]:
    """The word index of searchindex.js (``Search.setIndex({...})``)."""
    import json

    text = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    return dict(json.loads(text[text.index("(") + 1 : text.rindex(")")])["terms"])


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
@pytest.mark.skipif(
    sphinx.version_info < (7, 4), reason="Sphinx's indexer honours no-search from 7.4"
)
def test_search_indexes_entries_but_not_bibtex_source_or_link_labels(app: Any) -> None:
    app.build()
    page = soup(app, "index")
    bibtex = page.select_one("div.rt-publication#gao22 details.rt-bibtex")
    assert "booktitle = {British" in bibtex.get_text()  # the BibTeX is shown ...
    terms = _search_terms(app)
    assert "propag" in terms and "dflow_basicsr" not in terms  # a title word; a URL
    assert "booktitl" not in terms  # ... but its field names are not searchable
    assert "code" not in terms  # nor the link row's labels


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_search_words_are_made_while_reading(app: Any) -> None:
    """Each entry's words travel in the read doctree, where ``-j`` reads in parallel;
    a missing key has none."""
    from sphinxcontrib_researchtopics.sphinxext.nodes import rt_entries

    app.build()
    doctree = app.env.get_doctree("index")
    lists = [node["words"] for node in doctree.findall(rt_entries)]
    assert all("nosuchkey" not in words for words in lists)
    single = [words["gao22"] for words in lists if list(words) == ["gao22"]]
    assert len(single) == 1  # the ``publication`` directive's, with its option's badge
    assert "Propagating Difference Flows" in single[0] and "Spotlight" in single[0]


def test_search_words_of_pages_another_builder_read(make_app: Any, tmp_path: Path) -> None:
    """Only HTML builders make the words while reading; an HTML build that reuses pages a
    LaTeX build read (one doctree folder) makes them after reading, and indexes them."""
    import shutil

    from sphinxcontrib_researchtopics.sphinxext.nodes import rt_entries

    srcdir = tmp_path / "basic"
    shutil.copytree(Path(__file__).parent / "roots" / "test-basic", srcdir)
    latex = make_app("latex", srcdir=srcdir)
    latex.build()
    doctree = latex.env.get_doctree("index")
    assert all(node["words"] == {} for node in doctree.findall(rt_entries))
    html = make_app("html", srcdir=srcdir)
    html.build()
    doctree = html.env.get_doctree("index")  # not read again: still without words
    assert all(node["words"] == {} for node in doctree.findall(rt_entries))
    assert "propag" in _search_terms(html)
