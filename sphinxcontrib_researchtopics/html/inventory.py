"""``objects.inv`` is not written again by a build that changed nothing in it.

Every shown entry is an inventory object (for intersphinx), and Sphinx re-writes the
whole inventory at the end of every HTML build, even one that read no document: at ten
copies of tugboat.bib that is 48,390 lines compressed at zlib's level 9, 0.6 s of a 2 s
no-op rebuild. The inventory is made only from the pickled environment, the project,
version and the builder's URIs, so when none of those changed since the last time it was
written, and the file is still the one written then, the builder's ``dump_inventory`` is
skipped for this build.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

logger = logging.getLogger(__name__)

#: in the doctree folder: what the last written inventory was made from
STAMP = "researchtopics-inventory.json"
INVENTORY = "objects.inv"
ENVIRONMENT = "environment.pickle"


def _file_id(path: str) -> list[int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_mtime_ns, stat.st_size, stat.st_ino]


def _stamp(app: Sphinx, builder: Builder) -> dict[str, Any]:
    """Everything the inventory's bytes depend on, as far as a rebuild can change it."""
    return {
        "builder": builder.name,
        "outdir": str(builder.outdir),
        "uri": builder.get_target_uri("a/b"),
        "project": str(app.config.project),
        "version": str(app.config.version),
        "environment": _file_id(os.path.join(builder.doctreedir, ENVIRONMENT)),
        "inventory": _file_id(os.path.join(builder.outdir, INVENTORY)),
    }


def _read_stamp(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as stream:
            return json.load(stream)
    except (OSError, ValueError):  # missing or damaged: write the inventory
        return None


def _unchanged(app: Sphinx, builder: Builder, stamp_path: str) -> bool:
    from sphinx.environment import CONFIG_OK

    if app.env.config_status != CONFIG_OK:
        return False
    now = _stamp(app, builder)
    return (
        now["environment"] is not None
        and now["inventory"] is not None
        and (_read_stamp(stamp_path) == now)
    )


def _write_stamp(app: Sphinx, builder: Builder, stamp_path: str) -> None:
    try:
        with open(stamp_path, "w", encoding="utf-8") as stream:
            json.dump(_stamp(app, builder), stream)
    except OSError:  # a read-only doctree folder: the next build writes the inventory
        pass


def on_builder_inited(app: Sphinx) -> None:
    """Wrap this builder's ``dump_inventory`` (HTML builders that have one)."""
    from sphinx.builders.html import StandaloneHTMLBuilder

    builder = app.builder
    dump: Callable[[], None] | None = getattr(builder, "dump_inventory", None)
    if not isinstance(builder, StandaloneHTMLBuilder) or dump is None:
        return
    stamp_path = os.path.join(builder.doctreedir, STAMP)

    def dump_if_changed() -> None:
        if _unchanged(app, builder, stamp_path):
            logger.info("objects.inv: unchanged, not written again")
            return
        with contextlib.suppress(OSError):  # no stale stamp if the dump fails half-way
            os.remove(stamp_path)
        dump()
        _write_stamp(app, builder, stamp_path)

    builder.dump_inventory = dump_if_changed  # type: ignore[method-assign]
