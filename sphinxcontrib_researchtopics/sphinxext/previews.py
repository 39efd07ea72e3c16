"""The ``preview`` field: a thumbnail image or video, found and published while reading.

A local preview is made a node while the page is read, so Sphinx collects and copies the
file as it does for images and downloads; :mod:`.resolve` moves it into the entry, and
:mod:`..html` writes it as a lazy ``<img>`` or a muted looping ``<video>``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx import addnodes

from ..bib.links import classify_preview, preview_problem
from ..bib.records import Publication, plain

#: Preview files shown as a muted, looping, inline video.
VIDEO_SUFFIXES = (".mp4", ".webm")


def is_video(path: str) -> bool:
    return path.lower().partition("?")[0].endswith(VIDEO_SUFFIXES)


def preview_source(
    publication: Publication,
    warn: Callable[[str, str], None],
    file_problem: Callable[[str], tuple[str, str] | None],
) -> nodes.Element | None:
    """The preview's node (``rt_key``/``rt_preview`` set), or None after a warning.

    *file_problem* is the one check of local files (inside the source folder, symlinks
    resolved) that links go through too.
    """
    value = publication.preview
    key = publication.key
    safe = classify_preview(value)
    if safe is None:
        warn(preview_problem(key, value), "unsafe_url")
        return None
    url, local = safe
    alt = plain(publication.title) or key
    attributes: dict[str, Any] = {
        "rt_key": key,
        "rt_preview": url,
        "rt_video": is_video(url),
        "alt": alt,
    }
    if not local:
        if attributes["rt_video"]:
            return nodes.reference("", "", refuri=url, **attributes)
        return nodes.image(uri=url, **attributes)
    problem = file_problem(url)
    if problem is not None:
        subtype, what = problem
        warn(f"{key}: preview file {url!r} {what}", subtype)
        return None
    target = "/" + url.lstrip("/")
    if attributes["rt_video"]:
        return addnodes.download_reference("", "", reftarget=target, refexplicit=True, **attributes)
    return nodes.image(uri=target, **attributes)
