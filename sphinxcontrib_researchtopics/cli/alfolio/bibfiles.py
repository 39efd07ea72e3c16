"""The site's .bib files: copied with the files their entries name, paths rewritten.

al-folio resolves a local ``pdf = {x.pdf}`` (and ``supp``, ``poster``, ``slides``) under
``assets/pdf/``, ``html`` under ``assets/html/`` and ``preview`` under
``assets/img/publication_preview/``; the extension resolves local paths against the
source folder.  So each such file is copied to the same place in the new site and the
field is rewritten to that path.  The rest of the file is kept as written (only the
fields that change are touched, and line numbers stay the same), so ``researchtopics
check`` and build warnings point at the same lines as in the old site.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from ...bib.links import classify_preview, classify_url
from ...bib.load import parse_file
from ...bib.records import Publication
from ...bib.scan import decode_bib
from ..messages import Log

#: Field -> the folder of the site al-folio reads a local value from.
PATH_FIELDS: dict[str, str] = {
    "pdf": "assets/pdf",
    "supp": "assets/pdf",
    "poster": "assets/pdf",
    "slides": "assets/pdf",
    "html": "assets/html",
    "preview": "assets/img/publication_preview",
}

#: al-folio fields with no equivalent here, and what is lost.
UNSUPPORTED_FIELDS: dict[str, str] = {
    "altmetric": "the Altmetric badge is not shown",
    "dimensions": "the Dimensions badge is not shown",
    "google_scholar_id": "the Google Scholar citation badge is not shown",
    "inspirehep_id": "the INSPIRE-HEP citation badge is not shown",
    "annotation": "the author-list popover is not shown",
}

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?:.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@dataclass
class BibResult:
    """One converted .bib file: its new text, its entries, the files to copy."""

    text: str
    entries: list[Publication]
    #: (file in the old site, path relative to the new site)
    copies: list[tuple[Path, str]] = field(default_factory=list)


def _field_pattern(name: str) -> re.Pattern[str]:
    """``name = {value},`` or ``name = "value",`` on a line of its own start."""
    return re.compile(
        rf"(?im)^([ \t]*{re.escape(name)}[ \t]*=[ \t]*)(\{{[^{{}}\n]*\}}|\"[^\"\n]*\")([ \t]*,?)"
    )


def _field_line(chunk: str, name: str, first_line: int) -> int:
    found = re.search(rf"(?im)^[ \t]*{re.escape(name)}[ \t]*=", chunk)
    return first_line + chunk.count("\n", 0, found.start()) if found else first_line


class _Converter:
    def __init__(self, site: Path, source: str, url_base: str, log: Log) -> None:
        self.site = site.resolve()
        self.source = source
        self.url_base = url_base
        self.log = log
        self.copies: list[tuple[Path, str]] = []

    def _find(self, folder: str, relative: str) -> Path | None:
        """The file *relative* under the site's *folder*, never outside it."""
        base = (self.site / folder).resolve()
        candidate = (base / relative).resolve()
        if candidate.is_file() and base in candidate.parents and self.site in base.parents:
            return candidate
        return None

    def new_value(self, pub: Publication, name: str, value: str, line: int) -> str | None:
        """The value to write for a path field (None: leave the field out)."""
        where = f"{pub.key}: {name} = {{{value}}}"
        if "://" in value:  # kept when the build shows it (an https thumbnail)
            shown = classify_preview(value) if name == "preview" else classify_url(value)
            if shown:
                return value
            self.log.add(self.source, line, "error", f"{where} is not a safe URL; left out")
            return None
        checked = classify_url(value)
        relative = value.strip().lstrip("/")
        if checked is None or not checked[1] or not relative:
            self.log.add(self.source, line, "error", f"{where} is not a safe path; left out")
            return None
        folder = PATH_FIELDS[name]
        target = posixpath.normpath(f"{folder}/{relative}")
        found = self._find(folder, relative)
        if found is not None:
            self.copies.append((found, target))
            return target
        if self.url_base:
            url = f"{self.url_base}/{target}"
            self.log.add(
                self.source,
                line,
                "warning",
                f"{where}: {folder}/{relative} is not in the site; linked to where al-folio "
                f"published it: {url}",
            )
            return url
        self.log.add(
            self.source, line, "error", f"{where}: {folder}/{relative} is not in the site; left out"
        )
        return None

    def convert(self, chunk: str, pub: Publication) -> str:
        """The entry's text with its path fields rewritten; its lost fields reported."""
        for name in PATH_FIELDS:
            value = pub.field(name).strip()
            if not value:
                continue
            line = _field_line(chunk, name, pub.line)
            new = self.new_value(pub, name, value.replace("{", "").replace("}", ""), line)
            if new == value:
                continue
            found = _field_pattern(name).search(chunk)
            if found is None:
                self.log.add(
                    self.source,
                    line,
                    "warning",
                    f"{pub.key}: cannot rewrite the {name} field as written; left as it is",
                )
                continue
            replacement = "" if new is None else f"{found.group(1)}{{{new}}}{found.group(3)}"
            chunk = chunk[: found.start()] + replacement + chunk[found.end() :]
        for name, lost in UNSUPPORTED_FIELDS.items():
            if pub.field(name):
                line = _field_line(chunk, name, pub.line)
                self.log.add(self.source, line, "warning", f"{pub.key}: {name}: {lost}")
        return chunk


def _blank_front_matter(text: str) -> str:
    """Jekyll's ``---`` lines at the top become BibTeX comments (same line count)."""
    found = _FRONT_MATTER.match(text)
    if found is None:
        return text
    lines = found.group().count("\n")
    comment = "% (al-folio's Jekyll front matter was here)\n" * lines
    return comment + text[found.end() :]


def convert_bib(data: bytes, source: str, site: Path, url_base: str, log: Log) -> BibResult:
    """Convert the bytes *data* of the .bib file *source* of the site *site* (read, inside
    the site, by the caller)."""
    result = parse_file(source, "topics", data)
    for problem in result.problems:
        log.add(problem.source or source, problem.line, "warning", problem.message)
    text = _blank_front_matter(decode_bib(data, source)[0])  # as parse_file read it
    lines = text.splitlines(keepends=True)
    entries = sorted(result.entries, key=lambda pub: pub.line)
    converter = _Converter(site, source, url_base, log)
    out: list[str] = []
    done = 0  # lines written so far
    for index, pub in enumerate(entries):
        if pub.line < 1 or pub.line <= done:
            continue
        end = entries[index + 1].line - 1 if index + 1 < len(entries) else len(lines)
        end = max(end, pub.line)
        out.append("".join(lines[done : pub.line - 1]))
        out.append(converter.convert("".join(lines[pub.line - 1 : end]), pub))
        done = end
    out.append("".join(lines[done:]))
    bibtex_show = [pub for pub in entries if pub.field("bibtex_show")]
    if bibtex_show and len(bibtex_show) < len(entries):
        first = bibtex_show[0]
        log.add(
            source,
            _field_line("".join(lines[first.line - 1 :]), "bibtex_show", first.line),
            "note",
            f"bibtex_show: these {len(bibtex_show)} entries get a BibTeX view in lists, as "
            "before, and every entry on its paper page (researchtopics_bibtex_field in conf.py)",
        )
    return BibResult("".join(out), list(result.entries), converter.copies)
