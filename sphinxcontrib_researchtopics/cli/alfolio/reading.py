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

from ...bib.files import not_a_file
from ..messages import Log

#: The largest YAML file or front matter read (bytes); a site's settings are a few kB.
MAX_YAML = 1 * 2**20
#: The largest other site file read (a .bib, the publications page).
MAX_SITE_FILE = 64 * 2**20
#: YAML with more aliases than this, or nested deeper, is not read: aliases of aliases
#: stand for exponentially many values ("billion laughs"), deep nesting overflows the stack.
MAX_ALIASES = 100
MAX_DEPTH = 50

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


def _too_large(text: str) -> str:
    """Why *text* is not read as YAML ("" when it may be): size, aliases, nesting (one
    pass over the event stream, linear in the text)."""
    if len(text) > MAX_YAML:
        return f"larger than {MAX_YAML // 2**20} MB"
    aliases = depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                return f"more than {MAX_ALIASES} aliases (*name)"
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return f"nested deeper than {MAX_DEPTH} levels"
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return ""


def parse_yaml(text: str, source: str, log: Log, offset: int = 0) -> YamlDoc:
    """*text* as a :class:`YamlDoc`; a syntax error, a non-mapping, or a document too
    large, with too many aliases or nested too deeply is reported, and gives an empty
    document."""
    try:
        loader = yaml.SafeLoader(text)  # reads the whole text: NUL and controls raise here
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1 + offset
        what = f"the character U+{error.character:04X} is not allowed in YAML"
        log.add(source, line, "error", f"cannot read this YAML ({what}); it is ignored")
        return YamlDoc()
    try:
        reason = _too_large(text)
        if reason:
            log.add(source, 1 + offset, "error", f"this YAML is {reason}; it is ignored")
            return YamlDoc()
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except RecursionError:
        log.add(source, 1 + offset, "error", "this YAML is nested too deeply; it is ignored")
        return YamlDoc()
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


def read_site_bytes(
    path: Path, source: str, site: Path | None, log: Log, limit: int = MAX_SITE_FILE
) -> bytes | None:
    """A file of the site *site*: None, reported, when it is a link out of the site, not
    a regular file (a FIFO would block), larger than *limit*, or unreadable."""
    try:
        real = path.resolve()
        inside = site is None or real.is_relative_to(site.resolve())
    except (OSError, RuntimeError) as error:  # a symlink loop
        log.add(source, 0, "error", f"cannot read: {error}")
        return None
    if not inside:
        log.add(source, 0, "error", "a symlink to a file outside the site; not read")
        return None
    reason = not_a_file(real)
    if reason:
        log.add(source, 0, "error", f"it {reason}; not read")
        return None
    try:
        with open(real, "rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        log.add(source, 0, "error", f"cannot read: {error.strerror or error}")
        return None
    if len(data) > limit:
        log.add(source, 0, "error", f"larger than {limit // 2**20} MB; not read")
        return None
    return data


def read_text(
    path: Path, source: str, log: Log, site: Path | None = None, limit: int = MAX_SITE_FILE
) -> str | None:
    """A site file as text (UTF-8, a BOM dropped); None, reported, when it cannot be read
    (or, given *site*, is outside it: see :func:`read_site_bytes`)."""
    data = read_site_bytes(path, source, site, log, limit)
    if data is None:
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


def type_name(value: Any) -> str:
    """How a YAML value is named in a message (never its repr: an aliased structure can
    stand for exponentially much text)."""
    names = {
        dict: "a mapping",
        list: "a list",
        bool: "true/false",
        type(None): "empty",
        int: "a number",
        float: "a number",
        str: "a string",
    }
    return names.get(type(value), f"a {type(value).__name__}")


def checked_strings(value: Any, where: tuple[str, int], what: str, log: Log) -> list[str]:
    """:func:`string_list`, reporting (with file and line) each item of another type
    instead of dropping it silently."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    for item in items:
        if not isinstance(item, (str, int, float)) or isinstance(item, bool):
            log.add(*where, "warning", f"{what}: {type_name(item)} is not a name; ignored")
    return string_list(value)


def checked_text(value: Any, where: tuple[str, int], what: str, log: Log) -> str:
    """A text setting: the string, or "" (reported when it is present but not text)."""
    if isinstance(value, str):
        return value
    if value is not None:
        log.add(*where, "warning", f"{what}: {type_name(value)} is not text; ignored")
    return ""
