"""Small shims over Sphinx API differences between 7.3 and the newest release."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from copy import copy
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass


@contextmanager
def current_docname(env: Any, docname: str) -> Iterator[None]:
    """Make ``env.docname`` *docname* for a while (``current_document`` from Sphinx 8.2,
    ``temp_data`` before), as ``apply_post_transforms`` does for a real document."""
    if "current_document" in env.__dict__ or hasattr(type(env), "current_document"):
        backup = env.current_document
        new = copy(backup)
        new.docname = docname
        env.current_document = new
        try:
            yield
        finally:
            env.current_document = backup
        return
    saved = dict(env.temp_data)
    env.temp_data["docname"] = docname
    try:
        yield
    finally:
        env.temp_data = saved
