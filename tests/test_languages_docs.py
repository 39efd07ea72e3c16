"""docs/languages.rst lists what ships: its tables are made from ``LANGUAGES`` and the
shipped ``researchtopics.pot``, and the command it documents is the one tox runs."""

from __future__ import annotations

import configparser
import sys
from pathlib import Path

from sphinxcontrib_researchtopics.locale import LANGUAGES
from sphinxcontrib_researchtopics.locale.catalogs import POT, read_catalog

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
sys.path.insert(0, str(DOCS / "_ext"))

import vocabulary  # noqa: E402

COMMAND = "python -m sphinxcontrib_researchtopics.locale.catalogs"


def _text(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def test_the_page_is_in_the_docs_and_its_tables_are_generated() -> None:
    page = _text("languages.rst")
    assert ".. rt-vocabulary:: languages\n" in page
    assert ".. rt-vocabulary:: labels\n" in page
    assert "\n   languages\n" in _text("index.rst")
    assert ".. image:: _static/languages-zh_CN.png\n   :alt: " in page
    assert (DOCS / "_static" / "languages-zh_CN.png").is_file()


def test_languages_table_is_every_shipped_catalog() -> None:
    _head, rows = vocabulary.language_rows()
    assert [row[0] for row in rows] == [f'``"{code}"``' for code in LANGUAGES]
    assert all(row[1] and row[2] for row in rows)


def test_labels_table_is_every_message_of_the_pot() -> None:
    messages = [m.id for m in read_catalog(POT) if m.id]
    _head, rows = vocabulary.label_rows()
    assert len(rows) == len(messages)
    singulars = [m if isinstance(m, str) else m[0] for m in messages]
    for row, singular in zip(rows, singulars, strict=True):
        assert row[0].startswith(f"``{singular}``")
        assert row[1]
    written = dict(zip(singulars, rows, strict=True))
    assert "researchtopics new" in written["All publications"][1]


def test_the_documented_command_is_tox_messages() -> None:
    assert f"$ {COMMAND}\n" in _text("languages.rst")
    tox = configparser.ConfigParser()
    tox.read(ROOT / "tox.ini", encoding="utf-8")
    assert tox["testenv:messages"]["commands"].strip() == COMMAND
