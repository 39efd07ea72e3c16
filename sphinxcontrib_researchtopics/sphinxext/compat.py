"""Small shims over Sphinx API differences between 7.3 and the newest release."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.builders import Builder


def builder_of(env: Any) -> Builder:
    """The running builder (``env.app`` is deprecated from Sphinx 9, ``env._app`` new)."""
    app = env.__dict__.get("_app") or env.__dict__.get("app")
    return app.builder  # type: ignore[no-any-return]
