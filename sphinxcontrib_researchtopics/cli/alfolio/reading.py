"""Reading an al-folio site's YAML and its publications page, keeping every line number.

The report names the file and line of everything that is not carried over, so YAML is
composed into nodes (which know their line) before it becomes Python values.  Only
PyYAML's safe loader is used: a site's YAML is data, never code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..importer.model import Log

#: Jekyll front matter: ``---`` lines around YAML at the very start of a file.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*$\r?\n?", re.DOTALL | re.MULTILINE)


@dataclass
class YamlDoc:
    """A YAML mapping as plain values, with the line (1-based) of each top-level key and
    of each key one level down, as ``lines[("scholar", "style")]``."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)
    #: Added to every line: the front matter's offset in its file.
    offset: int = 0

    def get(self, *path: str) -> Any:
        value: Any = self.data
        for name in path:
            value = value.get(name) if isinstance(value, dict) else None
        return value

    def line(self, *path: str) -> int:
        """The line of *path* in its file, else of its nearest parent, else 0."""
        while path:
            if path in self.lines:
                return self.lines[path] + self.offset
            path = path[:-1]
        return 0


def _key_lines(node: yaml.Node, prefix: tuple[str, ...], depth: int) -> Iterator[tuple[Any, int]]:
    if not isinstance(node, yaml.MappingNode) or depth == 0:
        return
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode):
            path = (*prefix, str(key.value))
            yield path, key.start_mark.line + 1
            yield from _key_lines(value, path, depth - 1)


def parse_yaml(text: str, source: str, log: Log, offset: int = 0) -> YamlDoc:
    """*text* as a :class:`YamlDoc`; a syntax error or a non-mapping is reported, and
    gives an empty document."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 + offset if mark is not None else 0
        problem = getattr(error, "problem", None) or "not valid YAML"
        log.add(source, line, "error", f"cannot read this YAML ({problem}); it is ignored")
        return YamlDoc()
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        if data is not None:
            log.add(source, 1 + offset, "warning", "expected a YAML mapping; ignored")
        return YamlDoc()
    lines = dict(_key_lines(node, (), 2)) if node is not None else {}
    return YamlDoc({str(k): v for k, v in data.items()}, lines, offset)


def read_text(path: Path, source: str, log: Log) -> str | None:
    """A site file as text (UTF-8, a BOM dropped); None, reported, when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        log.add(source, 0, "error", f"cannot read: {error.strerror or error}")
        return None
    text = data.decode("utf-8-sig", errors="replace")
    if "\ufffd" in text and b"\xef\xbf\xbd" not in data:
        log.add(source, 0, "warning", "not valid UTF-8; undecodable bytes were replaced")
    return text


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(front matter YAML, body, line number of the body's first line)."""
    found = _FRONT_MATTER.match(text)
    if found is None:
        return "", text, 1
    return found.group(1), text[found.end() :], text.count("\n", 0, found.end()) + 1


def string_list(value: Any) -> list[str]:
    """A YAML value that may be one string or a list of them; anything else dropped (one
    level only: aliases can make nested lists exponentially large)."""
    items = value if isinstance(value, list) else [value]
    return [
        str(item).strip()
        for item in items
        if isinstance(item, (str, int, float)) and not isinstance(item, bool) and str(item).strip()
    ]
