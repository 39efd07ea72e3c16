"""Files that ``new`` and ``import`` generate, fed hostile values and parsed back.

Every value that reaches a generated file (site title, member names and URLs, .bib
paths, theme, topic titles and tags, intro text) is data: ``conf.py`` parses with
:mod:`ast` into assignments of literals only and, executed, defines the value intact;
YAML loads with ``yaml.safe_load`` into the value (a ``run:`` never holds it);
reStructuredText parses with docutils at warning level ``-W`` into the same text.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml
from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.util.docutils import docutils_namespace

from sphinxcontrib_researchtopics.bib.load import parse_file
from sphinxcontrib_researchtopics.cli.importer.model import Page
from sphinxcontrib_researchtopics.cli.importer.pages import rst_page
from sphinxcontrib_researchtopics.cli.rst import one_line
from sphinxcontrib_researchtopics.cli.scaffold import plan_site, templates

HOSTILE = [
    '"""',
    "'''",
    '"',
    "'",
    "\n",
    "\r\n",
    "\x00",
    "${{ github.token }}",
    "${{",
    "}}",
    "$(id)",
    "`id`",
    "#",
    ": ",
    "- ",
    "\\",
    "研究室",
    "e\u0301",
    "\u0301",
    "<b>&amp;",
    ".. raw:: html",
    "=====",
    "\u2028",
    "\t",
]

hostile = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(max_size=4)), min_size=1, max_size=6
).map("".join)


class _Any(Directive):
    """Stands for Sphinx's and the extension's directives in a plain docutils parse."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {
        name: directives.unchanged
        for name in ("caption", "maxdepth", "topic", "filter", "group-by", "keys", "by", "link")
    }

    def run(self) -> list[nodes.Node]:
        return []


def parse_rst(text: str) -> nodes.document:
    """*text* parsed as with ``-W``: any warning raises.  The stand-in directives are
    registered for this parse only (docutils' registry is global: a later Sphinx build
    in this process must not find them)."""
    with docutils_namespace():
        for name in ("toctree", "topic-nav", "publications", "publication-stats"):
            directives.register_directive(name, _Any)
        return _publish(text)


def _publish(text: str) -> nodes.document:
    return publish_doctree(
        text,
        settings_overrides={
            "halt_level": 2,
            "report_level": 5,
            "file_insertion_enabled": False,
            "raw_enabled": False,
        },
    )


def title_of(text: str) -> str:
    return parse_rst(text).next_node(nodes.title).astext()


def expected_text(value: str) -> str:
    return one_line(value) or "Untitled"


def conf_namespace(text: str) -> dict[str, Any]:
    """conf.py checked inert (a docstring, then assignments of literals), then run."""
    tree = ast.parse(text)
    body = tree.body
    assert isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
    for statement in body[1:]:
        assert isinstance(statement, ast.Assign), ast.dump(statement)
        ast.literal_eval(statement.value)
    namespace: dict[str, Any] = {}
    exec(compile(tree, "conf.py", "exec"), namespace)
    return namespace


def check_yaml(text: str) -> Any:
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


LAB_ENTRY = b"@article{a1, title={One}, author={Doe, Jane}, year={2020}, topics={vision}}\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=hostile, member=hostile, bibfile=hostile, theme=hostile, url=hostile)
def test_new_site_files_carry_hostile_values_intact(
    title: str, member: str, bibfile: str, theme: str, url: str, tmp_path_factory: Any
) -> None:
    folder = tmp_path_factory.mktemp("bib")
    (folder / "lab.bib").write_bytes(LAB_ENTRY)
    entries = list(parse_file(str(folder / "lab.bib"), "topics").entries)
    plan = plan_site(entries, bibfile, title, [member], theme)
    conf = plan.files["conf.py"] + templates.missing_files_py([bibfile, url])
    namespace = conf_namespace(conf)
    assert namespace["project"] == title and namespace["html_title"] == title
    assert namespace["html_theme"] == theme
    assert namespace["researchtopics_bibfiles"] == [bibfile]
    assert list(namespace["researchtopics_members"]) == [member]
    assert namespace["missing_files"] == [bibfile, url]
    workflow = check_yaml(plan.files[".github/workflows/site.yml"])
    step = next(s for s in workflow["jobs"]["build"]["steps"] if "env" in s)
    assert step["run"] == 'researchtopics check "$RESEARCHTOPICS_BIB_0"'
    assert step["env"]["RESEARCHTOPICS_BIB_0"] == templates.actions_literal(bibfile)
    value = step["env"]["RESEARCHTOPICS_BIB_0"]
    if "${{" in bibfile:  # an expression string literal: the value, quotes doubled
        assert value.startswith("${{ '") and value.endswith("' }}")
        assert value[5:-4].replace("''", "'") == bibfile
    check_yaml(plan.files[".readthedocs.yaml"])
    check_yaml(plan.files[".pre-commit-config.yaml"])
    requirements = plan.files["requirements.txt"].splitlines()
    # the whole product is on by default: the extras its feed and Cite panel need
    assert requirements[:2] == ["sphinxcontrib-researchtopics[feed,cite]", "sphinx"]
    assert len(requirements) <= 3
    assert title_of(plan.files["index.rst"]) == expected_text(title)


@settings(max_examples=40, deadline=None)
@given(title=hostile, tag=hostile, intro=hostile)
def test_rst_pages_parse_back_with_W(title: str, tag: str, intro: str) -> None:
    assert title_of(templates.topic_rst(title, tag)) == expected_text(title)
    page = templates.all_rst(title, [intro], "year", "")
    document = parse_rst(page)
    assert document.next_node(nodes.title).astext() == expected_text(title)
    paragraph = document.next_node(nodes.paragraph)
    if one_line(intro):
        assert paragraph is not None and paragraph.astext() == one_line(intro)
    index = templates.index_rst(title, [("topic", title)], intro)
    assert title_of(index) == expected_text(title)
    imported = rst_page(Page("x.md", Path("x.md"), text_title=title), [])
    if one_line(title):
        assert title_of(imported) == one_line(title)


def test_conf_title_with_triple_quotes_is_not_code() -> None:
    """The defect found: the title was pasted into conf.py's docstring."""
    title = 'Lab"""\nimport os; os.system("id")\n"""'
    conf = templates.conf_py(title, "lab.bib", ["A B"], "furo")
    assert conf_namespace(conf)["project"] == title


def test_wide_title_underline_is_wide_enough() -> None:
    """Two columns per CJK character: ``len()`` gave an underline too short (``-W`` fails)."""
    assert title_of(templates.index_rst("计算成像实验室", [])) == "计算成像实验室"


@pytest.mark.parametrize(
    ("title", "intro"), [("\\", '"""'), ("\\\\\\", "x"), ("!!!!", "x"), (",,,,", "x")]
)
def test_a_title_that_looks_like_an_overline_stays_a_title(title: str, intro: str) -> None:
    """The defect found: ``\\`` escaped is ``\\\\``, a run docutils reads as an overline."""
    page = parse_rst(templates.all_rst(title, [intro]))
    assert page.next_node(nodes.title).astext() == title
    assert page.next_node(nodes.paragraph).astext() == intro
    assert title_of(templates.topic_rst(title, "tag")) == title
    imported = rst_page(Page("x.md", Path("x.md"), text_title=title), [])
    assert title_of(imported) == title
