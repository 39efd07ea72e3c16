"""Each vocabulary lives in one table in the package; the docs are made from it or
tested against it here, so the code and the docs cannot drift apart."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from sphinxcontrib_researchtopics.bib.links import LINK_KINDS
from sphinxcontrib_researchtopics.bib.records import BOOKKEEPING, DISPLAY_ONLY
from sphinxcontrib_researchtopics.config import CONFIG_VALUES, WARNING_SUBTYPES

DOCS = Path(__file__).resolve().parents[1] / "docs"
PACKAGE = Path(__file__).resolve().parents[1] / "sphinxcontrib_researchtopics"
sys.path.insert(0, str(DOCS / "_ext"))

import vocabulary  # noqa: E402


def _text(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def test_every_config_value_has_its_section() -> None:
    documented = set(re.findall(r"^\.\. confval:: (\S+)$", _text("configuration.rst"), re.M))
    assert documented == {value.name for value in CONFIG_VALUES}


def test_every_warning_subtype_has_its_section() -> None:
    documented = set(re.findall(r"^\.\. _warning-(\w+):$", _text("warnings.rst"), re.M))
    assert documented == set(WARNING_SUBTYPES)


@pytest.mark.parametrize(
    ("page", "table"),
    [
        ("configuration.rst", "config"),
        ("warnings.rst", "warnings"),
        ("bibfields.rst", "links"),
        ("bibfields.rst", "display-only"),
        ("bibfields.rst", "bookkeeping"),
    ],
)
def test_the_docs_tables_are_generated(page: str, table: str) -> None:
    assert f".. rt-vocabulary:: {table}\n" in _text(page)


def test_generated_tables_hold_every_row() -> None:
    _head, config = vocabulary.config_rows()
    assert [row[0] for row in config] == [f":confval:`{v.name}`" for v in CONFIG_VALUES]
    _head, warnings = vocabulary.warning_rows()
    assert len(warnings) == len(WARNING_SUBTYPES)
    _head, links = vocabulary.link_rows()
    assert [row[0] for row in links] == [kind for kind, _names, _label in LINK_KINDS]
    _head, fields = vocabulary.display_only_rows()
    assert {row[0].strip("`") for row in fields} == DISPLAY_ONLY
    _head, bookkeeping = vocabulary.bookkeeping_rows()
    assert [row[0].strip("`") for row in bookkeeping] == list(BOOKKEEPING)


def _subtypes_used() -> set[str]:
    """Every literal ``subtype="..."`` / ``Problem("...", ...)`` in the package's code."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.keyword)
                and node.arg == "subtype"
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                found.add(node.value.value)
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "Problem"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(str(node.args[0].value))
    return found


def test_code_uses_only_declared_subtypes() -> None:
    used = _subtypes_used()
    assert used, "the scan found no subtype at all: it is broken"
    assert used <= set(WARNING_SUBTYPES), used - set(WARNING_SUBTYPES)


def test_one_version_for_the_package_the_project_and_the_changelog() -> None:
    """The version is written once (``__version__``); ``pyproject.toml`` reads it and the
    changelog's newest entry names it."""
    import re
    import tomllib

    from sphinxcontrib_researchtopics import __version__

    root = Path(__file__).resolve().parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"]["attr"].endswith("__version__")
    changelog = (root / "docs" / "changelog.rst").read_text(encoding="utf-8")
    newest = re.search(r"^(\d+\.\d+\.\d+) \(", changelog, re.MULTILINE)
    assert newest is not None and newest.group(1) == __version__
