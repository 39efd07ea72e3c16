"""Tests for the link row: the kinds table, order, arXiv/DOI forms and URL safety."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib_researchtopics.bib.links import (
    LINK_KINDS,
    classify_url,
    extract_links,
    label_for,
)
from sphinxcontrib_researchtopics.bib.records import Link


def links_of(**fields: str) -> tuple[Link, ...]:
    links, problems = extract_links(fields)
    assert problems == ()
    return links


def kinds(links: tuple[Link, ...]) -> list[str]:
    return [link.kind for link in links]


# ------------------------------------------------------------------ the table


def test_table_matches_the_contract() -> None:
    assert LINK_KINDS == (
        ("paper", ("pdf", "paper", "url"), "Paper"),
        ("arxiv", ("arxiv", "eprint"), "arXiv"),
        ("doi", ("doi",), "DOI"),
        ("code", ("code",), "Code"),
        ("project", ("project", "website", "html"), "Project"),
        ("dataset", ("dataset", "data"), "Dataset"),
        ("video", ("video",), "Video"),
        ("slides", ("slides",), "Slides"),
        ("poster", ("poster",), "Poster"),
        ("supp", ("supp",), "Supplementary"),
        ("blog", ("blog",), "Blog"),
        ("custom", (), ""),
    )


SIMPLE_ROWS = [
    (kind, name, label)
    for kind, names, label in LINK_KINDS
    if kind not in ("arxiv", "doi", "custom")
    for name in names
]


@pytest.mark.parametrize(("kind", "field", "label"), SIMPLE_ROWS)
def test_every_field_of_every_row(kind: str, field: str, label: str) -> None:
    url = f"https://example.org/{field}"
    assert links_of(**{field: url}) == (Link(kind, label, url),)


@pytest.mark.parametrize(("kind", "names", "label"), [r for r in LINK_KINDS if len(r[1]) > 1])
def test_first_present_field_wins(kind: str, names: tuple[str, ...], label: str) -> None:
    fields = {name: f"https://example.org/{name}" for name in reversed(names)}
    if kind == "arxiv":
        fields = {"eprint": "2101.00002", "archiveprefix": "arXiv", "arxiv": "2101.00001"}
    (link,) = links_of(**fields)
    assert link.kind == kind and link.label == label
    assert link.url.endswith(names[0] if kind != "arxiv" else "2101.00001")


def test_empty_field_falls_through() -> None:
    assert links_of(pdf="{}", url="https://x.org/p") == (Link("paper", "Paper", "https://x.org/p"),)


def test_all_kinds_in_table_order() -> None:
    fields = {
        "url_Talk": "https://x.org/talk",
        "blog": "https://x.org/blog",
        "supp": "supp.pdf",
        "poster": "https://x.org/poster",
        "slides": "https://x.org/slides",
        "video": "https://youtu.be/x",
        "data": "https://x.org/data",
        "html": "https://x.org/project",
        "code": "https://github.com/x/y",
        "doi": "10.1000/xyz",
        "arxiv": "2101.00001",
        "pdf": "paper.pdf",
        "url_Poster_Session": "https://x.org/session",
    }
    links = links_of(**fields)
    assert kinds(links) == [
        "paper", "arxiv", "doi", "code", "project", "dataset", "video",
        "slides", "poster", "supp", "blog", "custom", "custom",
    ]  # fmt: skip
    assert [link.label for link in links] == [
        "Paper", "arXiv", "DOI", "Code", "Project", "Dataset", "Video",
        "Slides", "Poster", "Supplementary", "Blog", "Talk", "Poster Session",
    ]  # fmt: skip


def test_non_link_fields_are_ignored() -> None:
    assert links_of(bibtex_show="{true}", title="A {URL} paper", urldate="2024-01-01") == ()


def test_local_paths_stay() -> None:
    assert links_of(pdf="{example_pdf.pdf}") == (
        Link("paper", "Paper", "example_pdf.pdf", local=True),
    )
    assert links_of(supp="/files/supp.zip") == (
        Link("supp", "Supplementary", "/files/supp.zip", local=True),
    )


# -------------------------------------------------------------- custom links


def test_custom_links_in_field_order() -> None:
    links = links_of(url_Zeta="https://z.org", url_Alpha_Beta="https://a.org")
    assert [(link.kind, link.label, link.url) for link in links] == [
        ("custom", "Zeta", "https://z.org"),
        ("custom", "Alpha Beta", "https://a.org"),
    ]


def test_custom_label_from_lower_case_field() -> None:
    (link,) = links_of(url_poster_session="https://x.org")
    assert link.label == "Poster session"


def test_bare_url_prefix_is_not_a_link() -> None:
    assert links_of(url_="https://x.org") == ()


# ------------------------------------------------------------------- LaTeX


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        (r"\url{https://github.com/a/b}", "https://github.com/a/b"),
        (r"{\url{https://github.com/a/b}}", "https://github.com/a/b"),
        (r"\href{https://github.com/a/b}{GitHub}", "https://github.com/a/b"),
        (r"https://x.org/a\_b", "https://x.org/a_b"),
        (r"https://x.org/a\%20b", "https://x.org/a%20b"),
        (r"https://x.org/a\#frag", "https://x.org/a#frag"),
        (r"https://x.org/?a=1\&b=2", "https://x.org/?a=1&b=2"),
        (r"https://x.org/~user", "https://x.org/~user"),
        (r"https://x.org/\~{}user", "https://x.org/~user"),
        (r"https://x.org/$\sim$user", "https://x.org/~user"),
        ("{https://x.org/{A}}", "https://x.org/A"),
        ("  https://x.org/a  ", "https://x.org/a"),
    ],
)
def test_latex_cleaned_from_urls(raw: str, url: str) -> None:
    assert links_of(code=raw) == (Link("code", "Code", url),)


# ------------------------------------------------------------------- arXiv


@pytest.mark.parametrize(
    ("fields", "url"),
    [
        ({"arxiv": "2101.00001"}, "https://arxiv.org/abs/2101.00001"),
        ({"arxiv": "2101.00001v2"}, "https://arxiv.org/abs/2101.00001v2"),
        ({"arxiv": "arXiv:2101.00001"}, "https://arxiv.org/abs/2101.00001"),
        ({"arxiv": "ARXIV: 2101.00001"}, "https://arxiv.org/abs/2101.00001"),
        ({"arxiv": "hep-th/9901001"}, "https://arxiv.org/abs/hep-th/9901001"),
        ({"arxiv": "https://arxiv.org/abs/2101.00001"}, "https://arxiv.org/abs/2101.00001"),
        ({"arxiv": "https://arxiv.org/pdf/2101.00001"}, "https://arxiv.org/pdf/2101.00001"),
        ({"arxiv": "arxiv.org/abs/2101.00001"}, "https://arxiv.org/abs/2101.00001"),
        ({"eprint": "2101.00001", "archiveprefix": "arXiv"}, "https://arxiv.org/abs/2101.00001"),
        ({"eprint": "2101.00001", "archiveprefix": "{arXiv}"}, "https://arxiv.org/abs/2101.00001"),
        ({"eprint": "2101.00001", "archiveprefix": "ARXIV"}, "https://arxiv.org/abs/2101.00001"),
        ({"eprint": "2101.00001", "eprinttype": "arxiv"}, "https://arxiv.org/abs/2101.00001"),
        ({"eprint": "arXiv:2101.00001", "eprinttype": "arXiv"}, "https://arxiv.org/abs/2101.00001"),
    ],
)
def test_arxiv_forms(fields: dict[str, str], url: str) -> None:
    assert links_of(**fields) == (Link("arxiv", "arXiv", url),)


@pytest.mark.parametrize(
    "fields",
    [
        {"eprint": "2101.00001"},
        {"eprint": "12345", "eprinttype": "jstor"},
        {"eprint": "12345", "archiveprefix": "hal"},
    ],
)
def test_eprint_without_arxiv_prefix_is_not_arxiv(fields: dict[str, str]) -> None:
    assert links_of(**fields) == ()


# --------------------------------------------------------------------- DOI


@pytest.mark.parametrize(
    "raw",
    [
        "10.1000/xyz.123",
        "{10.1000/xyz.123}",
        "doi:10.1000/xyz.123",
        "DOI: 10.1000/xyz.123",
        "https://doi.org/10.1000/xyz.123",
        "http://doi.org/10.1000/xyz.123",
        "http://dx.doi.org/10.1000/xyz.123",
        "https://dx.doi.org/10.1000/xyz.123",
        r"\url{https://doi.org/10.1000/xyz.123}",
    ],
)
def test_doi_forms(raw: str) -> None:
    assert links_of(doi=raw) == (Link("doi", "DOI", "https://doi.org/10.1000/xyz.123"),)


def test_doi_special_characters_are_escaped() -> None:
    (link,) = links_of(doi="10.1002/(SICI)1097-4571(199806)49:8<693::AID>3.0.CO;2-O#x")
    assert (
        link.url
        == "https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID%3E3.0.CO;2-O%23x"
    )


def test_doi_publisher_url_kept() -> None:
    url = "https://dl.acm.org/doi/10.1145/123"
    assert links_of(doi=url) == (Link("doi", "DOI", url),)


@pytest.mark.parametrize(
    "paper",
    [
        "https://doi.org/10.1000/xyz",
        "http://dx.doi.org/10.1000/xyz",
        "https://doi.org/10.1000/XYZ",
    ],
)
def test_doi_deduplicated_against_paper(paper: str) -> None:
    links = links_of(url=paper, doi="doi:10.1000/xyz")
    assert kinds(links) == ["paper"]
    assert links[0].url == paper


def test_doi_kept_when_paper_differs() -> None:
    links = links_of(url="https://x.org/paper.pdf", doi="10.1000/xyz")
    assert kinds(links) == ["paper", "doi"]


# ------------------------------------------------------------------- safety


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://x.org/a", ("https://x.org/a", False)),
        ("http://x.org/a", ("http://x.org/a", False)),
        ("HTTPS://X.org/a", ("https://X.org/a", False)),
        ("HtTp://x.org", ("http://x.org", False)),
        ("mailto:me@x.org", ("mailto:me@x.org", False)),
        ("MailTo:me@x.org", ("mailto:me@x.org", False)),
        ("files/x.pdf", ("files/x.pdf", True)),
        ("./files/x.pdf", ("./files/x.pdf", True)),
        ("/files/x.pdf", ("/files/x.pdf", True)),
        ("x.pdf", ("x.pdf", True)),
        ("files/my paper.pdf", ("files/my paper.pdf", True)),
        ("files/x.pdf#page=2", ("files/x.pdf#page=2", True)),
        ("  https://x.org/a\n", ("https://x.org/a", False)),
        ("https://x.org/a\n/b", ("https://x.org/a/b", False)),
    ],
)
def test_safe_urls(value: str, expected: tuple[str, bool]) -> None:
    assert classify_url(value) == expected


UNSAFE = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " JaVa\tScRiPt:alert(1)",
    "\x01javascript:x",
    "java\nscript:x",
    "java\rscript:x",
    "\x00\x1f javascript:x",
    "javascript:x\x00",
    "java\x01script:x",
    "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://x.org/a",
    "tel:+123",
    "chrome://settings",
    "blob:https://x.org/uuid",
    "C:/x/y.pdf",
    "c:\\x\\y.pdf",
    "//evil.example/x",
    " //evil.example/x",
    "\t//evil.example/x",
    "/\\evil.example/x",
    "\\\\evil.example\\x",
    "files\\x.pdf",
    "https://x.org\\@evil",
    "../secret.pdf",
    "files/../../secret.pdf",
    "files/..",
    "..",
    "%2e%2e/secret.pdf",
    ".%2E/secret.pdf",
    "https:",
    "",
    "   ",
]


@pytest.mark.parametrize("value", UNSAFE)
def test_unsafe_urls(value: str) -> None:
    assert classify_url(value) is None


@pytest.mark.parametrize("value", [v for v in UNSAFE if v.strip()])
def test_unsafe_values_are_dropped_and_reported(value: str) -> None:
    links, problems = extract_links({"html": value})
    assert links == ()
    assert len(problems) == 1
    subtype, field, message = problems[0]
    assert (subtype, field) == ("unsafe_url", "html")
    assert message.startswith("html: unsafe URL ")
    assert message.endswith(" dropped")


def test_problem_message_shortens_long_values() -> None:
    value = "javascript:" + "x" * 200
    _, problems = extract_links({"url_Demo": value})
    ((_, field, message),) = problems
    short = value[:59] + "…"
    assert field == "url_Demo"
    assert message == f"url_Demo: unsafe URL {short!r} dropped"


def test_unsafe_field_falls_back_to_next_field() -> None:
    links, problems = extract_links({"pdf": "javascript:x", "url": "https://x.org/p"})
    assert links == (Link("paper", "Paper", "https://x.org/p"),)
    assert problems == (("unsafe_url", "pdf", "pdf: unsafe URL 'javascript:x' dropped"),)


def test_shadowed_unsafe_field_is_still_reported() -> None:
    links, problems = extract_links({"website": "https://x.org", "html": "javascript:x"})
    assert kinds(links) == ["project"]
    assert [p[0] for p in problems] == ["unsafe_url"]


@pytest.mark.parametrize(
    "fields",
    [
        {"arxiv": "javascript:alert(1)"},
        {"doi": "javascript:alert(1)"},
        {"doi": "data:text/html,x"},
        {"url_Demo": "vbscript:x"},
    ],
)
def test_unsafe_in_special_rows(fields: dict[str, str]) -> None:
    links, problems = extract_links(fields)
    assert links == ()
    assert [p[0] for p in problems] == ["unsafe_url"]


# ------------------------------------------- property: nothing unsafe gets out

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def browser_scheme(url: str) -> str | None:
    """The scheme a browser reads: strip C0 controls and spaces, drop tab/CR/LF."""
    cleaned = "".join(ch for ch in url if ch not in "\t\n\r").strip("".join(map(chr, range(33))))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


_SCHEMEY = st.builds(
    lambda pre, scheme, sep, rest: f"{pre}{scheme}{sep}{rest}",
    st.text(alphabet="\x00\x01\x1f \t\n\r", max_size=3),
    st.sampled_from(["javascript", "JaVaScRiPt", "java\tscript", "data", "http", "HTTPS",
                     "mailto", "file", "vbscript", "c", "x-y+z.w", "ht\ntp"]),
    st.sampled_from([":", "\t:", ":\n", "://", ":/\\"]),
    st.text(max_size=20),
)  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.text(), _SCHEMEY))
def test_classify_never_returns_an_unsafe_scheme(value: str) -> None:
    result = classify_url(value)
    if result is None:
        return
    url, local = result
    scheme = browser_scheme(url)
    assert scheme in (None, "http", "https", "mailto")
    assert browser_scheme(value) == scheme  # the verdict is about what a browser sees
    assert (scheme is None) == local
    if local:
        assert not url.startswith("//")
        assert ".." not in url.replace("%2e", ".").replace("%2E", ".").split("/")
    assert "\\" not in url


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["pdf", "url", "arxiv", "eprint", "archiveprefix",
                                        "doi", "code", "html", "url_X", "eprinttype"]),
                       st.one_of(st.text(max_size=30), _SCHEMEY)))  # fmt: skip
def test_extract_links_only_yields_safe_urls(fields: dict[str, str]) -> None:
    links, problems = extract_links(fields)
    for link in links:
        assert classify_url(link.url) == (link.url, link.local)
    # a refused URL is reported as unsafe, or as a web address written without a scheme
    assert all(subtype in {"unsafe_url", "url_no_scheme"} for subtype, _, _ in problems)


def test_a_host_without_a_scheme_is_reported_not_linked() -> None:
    """The example hypothesis found once the ``url_no_scheme`` warning existed."""
    links, problems = extract_links({"code": "0.ORG"})
    assert links == ()
    assert [subtype for subtype, _, _ in problems] == ["url_no_scheme"]


# ------------------------------------------------------------------- labels


def test_label_for() -> None:
    paper = Link("paper", "Paper", "https://x.org")
    custom = Link("custom", "Talk", "https://x.org")
    assert label_for(paper, {}) == "Paper"
    assert label_for(paper, {"paper": "PDF"}) == "PDF"
    assert label_for(paper, {"Paper": "PDF"}) == "Paper"
    assert label_for(custom, {"custom": "Other"}) == "Talk"
    assert label_for(custom, {"Talk": "Recording"}) == "Recording"
    assert label_for(custom, {"talk": "Recording"}) == "Talk"
