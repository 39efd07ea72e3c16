"""The link row of an entry: which fields give links, in what order, and which are safe.

URLs come from untrusted .bib files and end up in ``href``, so every value passes
:func:`classify_url`, which judges it the way a browser would read it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from urllib.parse import quote

from ..locale import N_
from .records import Link

__all__ = [
    "CUSTOM_PREFIX",
    "LINK_KINDS",
    "classify_url",
    "extract_links",
    "label_for",
    "looks_like_host",
]

#: (kind, fields where the first present wins, default label), in link-row order.
#: ``arxiv`` also reads ``eprint`` when ``archiveprefix``/``eprinttype`` is arXiv;
#: the last row stands for every ``url_<Label>`` field, labelled ``<Label>``.  The labels
#: are messages of the catalog, translated where shown (:func:`label_for`).
LINK_KINDS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("paper", ("pdf", "paper", "url"), N_("Paper")),
    ("arxiv", ("arxiv", "eprint"), N_("arXiv")),
    ("doi", ("doi",), N_("DOI")),
    ("code", ("code",), N_("Code")),
    ("project", ("project", "website", "html"), N_("Project")),
    ("dataset", ("dataset", "data"), N_("Dataset")),
    ("video", ("video",), N_("Video")),
    ("slides", ("slides",), N_("Slides")),
    ("poster", ("poster",), N_("Poster")),
    ("supp", ("supp",), N_("Supplementary")),
    ("blog", ("blog",), N_("Blog")),
    ("custom", (), ""),
)

#: A field named ``url_<Label>`` gives a custom link labelled ``<Label>``.
CUSTOM_PREFIX = "url_"

_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
#: Browsers drop these at both ends of a URL ...
_EDGE_JUNK = "".join(chr(code) for code in range(0x21))
#: ... and these anywhere in it, before they look for the scheme.
_INNER_JUNK = str.maketrans("", "", "\t\n\r")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

_PROBLEM_WIDTH = 60

# ----------------------------------------------------------------- URL safety


def _browser_clean(value: str) -> str:
    """The string a browser's URL parser actually reads (WHATWG: strip, drop tab/CR/LF)."""
    return value.strip(_EDGE_JUNK).translate(_INNER_JUNK)


def _is_dot_dot(segment: str) -> bool:
    """``..`` in any spelling a browser resolves as the parent folder."""
    return segment.lower().replace("%2e", ".") == ".."


def _is_hidden(segment: str) -> bool:
    """A hidden file or folder (``.git``, ``.env``, ``.ssh``), in any spelling: what the
    source folder holds but a published site must not (``.`` is the folder itself)."""
    name = segment.lower().replace("%2e", ".")
    return name.startswith(".") and name != "."


def _classify_local(path: str) -> tuple[str, bool] | None:
    """A scheme-less value: safe when it stays inside the source folder and names no
    hidden file or folder there (``pdf = {.git/config}`` would publish it)."""
    if path.startswith("//"):
        return None  # protocol-relative: another host
    if any(_is_dot_dot(segment) for segment in re.split(r"[/?#]", path)):
        return None
    if any(_is_hidden(segment) for segment in re.split(r"[?#]", path, maxsplit=1)[0].split("/")):
        return None
    return path, True


def classify_preview(value: str) -> tuple[str, bool] | None:
    """:func:`classify_url` for a ``preview``: an https URL or a file of the source
    folder, since every visitor's browser loads a thumbnail (no http, no mailto)."""
    safe = classify_url(value)
    if safe is None or not (safe[1] or safe[0].startswith("https:")):
        return None
    return safe


def preview_problem(key: str, value: str) -> str:
    """The ``unsafe_url`` message for a preview :func:`classify_preview` refuses."""
    return f"{key}: preview {value!r} is not an https URL or a file path"


def classify_url(value: str) -> tuple[str, bool] | None:
    """(url, is_local) for a safe link, None for anything a browser could abuse.

    Safe are http, https and mailto (scheme lower-cased) and relative paths, which
    are files of the source folder; every other scheme (``javascript:``, ``data:``,
    ``file:``, a Windows drive ``C:``) is refused, as are ``//host``, ``..``, ``\\`` and
    paths through a hidden file or folder (``.git/config``).
    """
    if not isinstance(value, str):
        return None
    url = _browser_clean(value)
    if not url or "\\" in url or _CONTROL.search(url):
        return None
    scheme = _SCHEME.match(url)
    if scheme is None:
        return _classify_local(url)
    name = scheme.group()[:-1].lower()
    rest = url[scheme.end() :]
    if name not in _SAFE_SCHEMES or not rest:
        return None
    return f"{name}:{rest}", False


# ------------------------------------------------------- hosts without a scheme

#: Endings of file names a local link may have: ``paper.pdf`` is a file, never a host.
_FILE_SUFFIXES = frozenset(
    [
        "pdf",
        "html",
        "htm",
        "xhtml",
        "php",
        "asp",
        "aspx",
        "jsp",
        "txt",
        "md",
        "rst",
        "tex",
        "bib",
        "ps",
        "eps",
        "djvu",
        "doc",
        "docx",
        "odt",
        "ppt",
        "pptx",
        "key",
        "odp",
        "xls",
        "xlsx",
        "csv",
        "tsv",
        "json",
        "xml",
        "yaml",
        "yml",
        "zip",
        "gz",
        "tgz",
        "bz2",
        "xz",
        "tar",
        "rar",
        "7z",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "webp",
        "bmp",
        "tif",
        "tiff",
        "mp4",
        "mov",
        "avi",
        "mkv",
        "webm",
        "mp3",
        "wav",
        "ogg",
        "ipynb",
        "py",
        "r",
        "m",
        "c",
        "h",
        "cc",
        "cpp",
        "js",
        "css",
        "sh",
        "bat",
        "exe",
        "dmg",
        "pkg",
        "deb",
        "rpm",
        "bin",
        "dat",
        "mat",
        "npy",
        "npz",
        "h5",
        "hdf5",
        "pkl",
        "pt",
        "ckpt",
        "onnx",
    ]
)
#: Generic top-level domains; any two-letter ending (a country) counts too.
_GENERIC_TLDS = frozenset(
    [
        "com",
        "org",
        "net",
        "edu",
        "gov",
        "mil",
        "int",
        "info",
        "biz",
        "name",
        "pro",
        "aero",
        "coop",
        "museum",
        "io",
        "ai",
        "app",
        "dev",
        "page",
        "site",
        "online",
        "tech",
        "science",
        "xyz",
        "eu",
        "asia",
        "cloud",
        "blog",
        "academy",
        "institute",
        "university",
    ]
)
_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+([A-Za-z]{2,63})\.?(?::\d+)?")


def looks_like_host(value: str) -> bool:
    """Whether a scheme-less value starts with a host name (``citeseer.nj.nec.com/x``).

    The first path segment must be dotted labels ending in a top-level domain (generic,
    or two letters) that is not a file ending; alone (no ``/`` after it) it must also
    start with ``www.`` or end in a generic domain, so ``notes.md`` stays a file.
    """
    head, slash, _ = value.partition("/")
    head = re.split(r"[?#]", head, maxsplit=1)[0]
    if len(head) > 253:  # the longest host name DNS allows
        return False
    match = _HOST.fullmatch(head)
    if match is None:
        return False
    tld = match.group(1).lower()
    if tld in _FILE_SUFFIXES:
        return False
    if head.lower().startswith("www."):
        return True
    return tld in _GENERIC_TLDS or bool(slash and len(tld) == 2)


def _no_scheme(field: str, raw: str) -> tuple[str, str, str]:
    value = _shorten(_clean_value(raw))
    message = (
        f"{field}: {value!r} looks like a web address without a scheme; it is not linked "
        f"(write 'https://{value}')"
    )
    return "url_no_scheme", field, message


# ------------------------------------------------------------ LaTeX in values

_HREF_COMMAND = re.compile(r"\\href\s*\{([^{}]*)\}\s*\{[^{}]*\}")
_URL_COMMAND = re.compile(r"\\(?:url|path)\s*\{([^{}]*)\}")
_ESCAPES = (
    ("\\textasciitilde{}", "~"),
    ("\\textasciitilde", "~"),
    ("\\~{}", "~"),
    ("$\\sim$", "~"),
    ("\\_", "_"),
    ("\\%", "%"),
    ("\\#", "#"),
    ("\\&", "&"),
    ("\\$", "$"),
    ("\\/", ""),
)


def _clean_value(raw: str) -> str:
    """A field value without its LaTeX: ``\\url{..}``, braces and escapes.

    A bare ``~`` stays: in a URL field it is the tilde of ``/~user`` paths.
    """
    if not isinstance(raw, str):
        return ""
    text = _HREF_COMMAND.sub(r"\1", raw.strip())
    text = _URL_COMMAND.sub(r"\1", text)
    for latex, char in _ESCAPES:
        if latex in text:
            text = text.replace(latex, char)
    return text.replace("{", "").replace("}", "").strip()


# ------------------------------------------------------------- arXiv and DOI

_ARXIV_PREFIX = re.compile(r"^\s*arxiv\s*:\s*", re.IGNORECASE)
_ARXIV_HOST = re.compile(r"^(?:www\.|export\.)?arxiv\.org/", re.IGNORECASE)
_DOI_PREFIX = re.compile(
    r"^\s*(?:doi\s*:\s*|(?:https?://)?(?:dx\.|www\.)?doi\.org/)", re.IGNORECASE
)
_ID_SAFE = "/.:-_+;()[]%"


def _arxiv_url(value: str) -> str:
    """An arXiv id ("2101.00001", "arXiv:hep-th/9901001") as its abstract page."""
    ident = _ARXIV_PREFIX.sub("", value)
    if _ARXIV_HOST.match(ident):
        return f"https://{ident}"
    if _SCHEME.match(ident) or ident.startswith("/"):
        return ident  # already a URL (or a local copy): classify_url judges it
    ident = ident.replace(" ", "")
    return f"https://arxiv.org/abs/{quote(ident, safe=_ID_SAFE)}"


def _resolver_url(doi: str) -> str:
    return f"https://doi.org/{quote(doi.strip(), safe=_ID_SAFE)}"


def _doi_url(value: str) -> str:
    """A DOI ("10.x/y", "doi:10.x/y", a doi.org URL) as ``https://doi.org/<doi>``.

    A value with another scheme (a publisher's page) is kept as written.
    """
    match = _DOI_PREFIX.match(value)
    if match:
        return _resolver_url(value[match.end() :])
    if _SCHEME.match(value):
        return value
    return _resolver_url(value)


def _same_doi(doi_url: str, paper_url: str) -> bool:
    """Whether the paper link already points at this DOI (DOIs ignore case)."""
    if _DOI_PREFIX.match(paper_url):
        paper_url = _doi_url(paper_url)
    return doi_url.casefold() == paper_url.casefold()


def _is_arxiv_eprint(fields: Mapping[str, str]) -> bool:
    """``eprint`` is an arXiv id only when ``archiveprefix``/``eprinttype`` says so."""
    for name in ("archiveprefix", "eprinttype"):
        if _clean_value(fields.get(name, "")).lower() == "arxiv":
            return True
    return False


# ------------------------------------------------------------------- extraction

#: (subtype, field, message) of each problem found in an entry's link fields.
Problems = list[tuple[str, str, str]]


def _shorten(value: str) -> str:
    value = value.strip()
    if len(value) <= _PROBLEM_WIDTH:
        return value
    return value[: _PROBLEM_WIDTH - 1] + "…"


def _unsafe(field: str, raw: str) -> tuple[str, str, str]:
    return "unsafe_url", field, f"{field}: unsafe URL {_shorten(raw)!r} dropped"


def _to_url(kind: str, value: str) -> str:
    """The href a cleaned field value stands for."""
    if kind == "arxiv":
        return _arxiv_url(value)
    if kind == "doi":
        return _doi_url(value)
    return value


def _candidates(kind: str, names: tuple[str, ...], fields: Mapping[str, str]) -> list[str]:
    """The fields of *kind* present in the entry, in table order."""
    present = [name for name in names if name in fields]
    if kind == "arxiv" and "eprint" in present and not _is_arxiv_eprint(fields):
        present.remove("eprint")
    return present


def _first_link(
    kind: str, names: tuple[str, ...], label: str, fields: Mapping[str, str], problems: Problems
) -> Link | None:
    """The first usable field of a row.

    Every unsafe value is reported, even one a safe field before it shadows: a
    ``javascript:`` URL in a .bib file is worth a warning wherever it stands.
    """
    link: Link | None = None
    for name in _candidates(kind, names, fields):
        value = _clean_value(fields[name])
        if not value:
            continue
        safe = classify_url(_to_url(kind, value))
        if safe is None:
            problems.append(_unsafe(name, fields[name]))
        elif safe[1] and looks_like_host(safe[0]):
            problems.append(_no_scheme(name, fields[name]))
        elif link is None:
            link = Link(kind, label, safe[0], safe[1], name)
    return link


def _custom_label(field: str) -> str:
    """``url_Poster_Session`` -> "Poster Session"; an all-lower name gets a capital."""
    label = field[len(CUSTOM_PREFIX) :].replace("_", " ").strip()
    return label[:1].upper() + label[1:] if label.islower() else label


def _custom_links(fields: Mapping[str, str], problems: Problems) -> list[Link]:
    """Every ``url_<Label>`` field, in field order."""
    links: list[Link] = []
    for name, raw in fields.items():
        if not name.lower().startswith(CUSTOM_PREFIX):
            continue
        label = _custom_label(name)
        value = _clean_value(raw)
        if not label or not value:
            continue
        safe = classify_url(value)
        if safe is None:
            problems.append(_unsafe(name, raw))
            continue
        if safe[1] and looks_like_host(safe[0]):
            problems.append(_no_scheme(name, raw))
            continue
        links.append(Link("custom", label, safe[0], safe[1], name))
    return links


def extract_links(
    fields: Mapping[str, str],
) -> tuple[tuple[Link, ...], tuple[tuple[str, str, str], ...]]:
    """The link row of an entry in :data:`LINK_KINDS` order, and the problems found.

    Problems are ``(subtype, field, message)``; each dropped unsafe value gives one.
    """
    links: list[Link] = []
    problems: Problems = []
    for kind, names, label in LINK_KINDS:
        if kind == "custom":
            links.extend(_custom_links(fields, problems))
            continue
        if not any(name in fields for name in names):  # most rows: nothing to look at
            continue
        link = _first_link(kind, names, label, fields, problems)
        if link is None:
            continue
        if kind == "doi" and any(
            old.kind == "paper" and _same_doi(link.url, old.url) for old in links
        ):
            continue
        links.append(link)
    return tuple(links), tuple(problems)


def label_for(
    link: Link, overrides: Mapping[str, str], translate: Callable[[str], str] | None = None
) -> str:
    """The label shown: ``researchtopics_link_labels`` relabels a kind; else *translate*
    (the build's labels: the lab's ``researchtopics_labels``, then the catalog) gives a
    kind's default label in the build's language.

    A custom link keeps its own label (the field's name: the lab's words) unless that
    exact label is a key.
    """
    key = link.label if link.kind == "custom" else link.kind
    label = overrides.get(key) if isinstance(overrides, Mapping) else None
    if isinstance(label, str) and label:
        return label
    if translate is None or link.kind == "custom":
        return link.label
    return translate(link.label)
