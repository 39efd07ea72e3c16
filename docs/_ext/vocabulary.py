"""``.. rt-vocabulary:: NAME``: a docs table made from the package's own vocabulary table.

The config values, warning subtypes, link kinds, display-only and bookkeeping fields each
live in one table in the package; the docs pages list them through this directive, so a
new row in the code is a new row in the docs, and the two cannot drift.  The labels are the
messages of the shipped ``researchtopics.pot`` (read at docs build time) and the
languages are ``LANGUAGES``, the catalogs that ship.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

from babel import Locale
from babel.messages.pofile import read_po
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from sphinxcontrib_researchtopics.bib.links import CUSTOM_PREFIX, LINK_KINDS
from sphinxcontrib_researchtopics.bib.records import BOOKKEEPING, DISPLAY_ONLY
from sphinxcontrib_researchtopics.config import CONFIG_VALUES, WARNING_SUBTYPES, WARNING_TYPE
from sphinxcontrib_researchtopics.locale import CATALOG, LANGUAGES, LOCALE_DIR

Row = Sequence[str]


def _type_name(types: tuple[type, ...]) -> str:
    names = {list: "list", tuple: "tuple", dict: "dict", str: "str", bool: "bool", int: "int"}
    return " | ".join(
        names.get(kind, "None" if kind is type(None) else kind.__name__) for kind in types
    )


def config_rows() -> tuple[Row, list[Row]]:
    head = ("Name", "Type", "Default", "Meaning")
    return head, [
        (f":confval:`{v.name}`", _type_name(v.types), f"``{v.default!r}``", v.doc)
        for v in CONFIG_VALUES
    ]


def warning_rows() -> tuple[Row, list[Row]]:
    head = ("``suppress_warnings`` value", "meaning")
    return head, [(f"``{WARNING_TYPE}.{name}``", doc) for name, doc in WARNING_SUBTYPES.items()]


def link_rows() -> tuple[Row, list[Row]]:
    head = ("kind", "fields (the first present wins)", "label")
    rows = [
        (kind, ", ".join(f"``{name}``" for name in names), label)
        for kind, names, label in LINK_KINDS
        if names
    ]
    rows.append(("custom", f"``{CUSTOM_PREFIX}<Label>``", "<Label>"))
    return head, rows


def display_only_rows() -> tuple[Row, list[Row]]:
    return ("field",), [(f"``{name}``",) for name in sorted(DISPLAY_ONLY)]


def bookkeeping_rows() -> tuple[Row, list[Row]]:
    return ("field",), [(f"``{name}``",) for name in BOOKKEEPING]


def _place(path: str) -> str:
    """Where a message is shown, from the module that uses it."""
    if "/cli/" in path:
        return "pages ``researchtopics new`` / ``import`` write"
    if "/static/" in path or path.endswith("/finder.py"):
        return "the finder"
    return "built pages"


def _literal(text: str) -> str:
    return f"``{text}``" if text.strip() == text and "``" not in text else repr(text)


def label_rows() -> tuple[Row, list[Row]]:
    """Every message of ``researchtopics.pot``: the key a lab overrides (a plural
    message by its singular), where it shows, the translators' note."""
    with (LOCALE_DIR / f"{CATALOG}.pot").open("rb") as stream:
        template = read_po(stream)
    head = ("Label (the key)", "Shown in", "Note")
    rows: list[Row] = []
    for message in template:
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        key = _literal(str(ids[0]))
        if len(ids) > 1:
            key += f" (plural: {_literal(str(ids[1]))})"
        places = sorted({_place(path) for path, _line in message.locations})
        note = " ".join(message.auto_comments) or "\\"  # an escaped nothing: an empty cell
        rows.append((key, ", ".join(places), note))
    return head, rows


def language_rows() -> tuple[Row, list[Row]]:
    head = ("``language =``", "Language", "In its own words")
    rows: list[Row] = []
    for code in LANGUAGES:
        locale = Locale.parse(code)
        rows.append(
            (
                f'``"{code}"``',
                locale.get_display_name("en") or code,
                locale.get_display_name(code) or code,
            )
        )
    return head, rows


TABLES: dict[str, Callable[[], tuple[Row, list[Row]]]] = {
    "config": config_rows,
    "warnings": warning_rows,
    "links": link_rows,
    "display-only": display_only_rows,
    "bookkeeping": bookkeeping_rows,
    "labels": label_rows,
    "languages": language_rows,
}


class VocabularyTable(SphinxDirective):
    """A list-table (one column: a sentence) of one vocabulary, parsed as rst so roles
    work in cells."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        head, rows = TABLES[self.arguments[0]]()
        if len(head) == 1:  # one column: a sentence reads better than a table
            lines = [", ".join(row[0] for row in rows) + "."]
        else:
            lines = [".. list-table::", "   :header-rows: 1", ""]
            for row in [head, *rows]:
                lines.extend(_row_lines(row))
        container = nodes.container()
        self.state.nested_parse(
            self.content.__class__(lines, source=self.get_source_info()[0]),
            self.content_offset,
            container,
        )
        return container.children


def _row_lines(row: Iterable[str]) -> list[str]:
    cells = list(row)
    return [f"   * - {cells[0]}"] + [f"     - {cell}" for cell in cells[1:]]


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("rt-vocabulary", VocabularyTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
