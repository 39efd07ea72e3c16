"""Small shims over Sphinx API differences between 7.3 and the newest release."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from copy import copy
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.builders import Builder


def builder_of(env: Any) -> Builder:
    """The running builder (``env.app`` is deprecated from Sphinx 9, ``env._app`` new)."""
    app = env.__dict__.get("_app") or env.__dict__.get("app")
    return app.builder  # type: ignore[no-any-return]


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


def post_transforms(env: Any) -> list[type]:
    """The registered post-transforms (``env._registry`` from Sphinx 8.2, through the
    application before)."""
    registry = env.__dict__.get("_registry")
    if registry is None:
        app = env.__dict__.get("_app") or env.__dict__.get("app")
        registry = app.registry
    return list(registry.get_post_transforms())
