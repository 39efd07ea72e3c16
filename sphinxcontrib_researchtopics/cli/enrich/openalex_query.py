"""OpenAlex URLs in the API's documented query syntax, for ``enrich`` and the author
fetchers (https://docs.openalex.org/how-to-use-the-api/api-overview).

Written here, not with pyalex: pyalex sends its own requests (through ``requests``, to
its configured URL) and has no public way to hand back a URL for another client, while
every request of ours must go through :class:`.client.Client` (cache, pacing, retries,
resume, ``mailto``).  The syntax is small: ``/works/doi:ID``, ``/authors/ID``,
``filter=name:value,name:a|b``, ``per-page``, ``cursor``, ``mailto``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote, quote_plus, urlencode

__all__ = ["MAX_OR_VALUES", "MAX_PER_PAGE", "entity_url", "filter_value", "list_url"]

#: The API's largest page, and the most alternatives one ``a|b|c`` filter may hold.
MAX_PER_PAGE = 200
MAX_OR_VALUES = 50

#: Characters that separate filters (``,``) and alternatives (``|``): never inside a value.
_SEPARATORS = re.compile(r"[,|]")


def filter_value(text: str) -> str:
    """*text* as one filter value: separators made spaces, so a title cannot add a filter."""
    return " ".join(_SEPARATORS.sub(" ", text).split())


def _with_mailto(params: list[tuple[str, str]], mailto: str) -> list[tuple[str, str]]:
    return [*params, ("mailto", mailto)] if mailto else params


def entity_url(base: str, kind: str, ident: str, mailto: str = "") -> str:
    """One entity: ``{base}/works/doi:10.1/x``, ``{base}/authors/A1``,
    ``{base}/authors/orcid:0000-...``."""
    url = f"{base}/{kind}/{quote(ident, safe=':/')}"
    params = _with_mailto([], mailto)
    return url + (f"?{urlencode(params)}" if params else "")


def list_url(
    base: str,
    kind: str,
    filters: Sequence[tuple[str, str | Sequence[str]]],
    *,
    per_page: int | None = None,
    cursor: str | None = None,
    mailto: str = "",
) -> str:
    """A list query: each filter ``name:value`` (a sequence of values: ``name:a|b|c``)."""
    parts = []
    for name, value in filters:
        values = [value] if isinstance(value, str) else list(value)
        joined = "|".join(quote_plus(filter_value(item), safe="/:") for item in values)
        parts.append(f"{name}:{joined}")
    query = f"filter={','.join(parts)}" if parts else ""
    params: list[tuple[str, str]] = []
    if per_page is not None:
        params.append(("per-page", str(max(1, min(per_page, MAX_PER_PAGE)))))
    if cursor is not None:
        params.append(("cursor", cursor))
    rest = urlencode(_with_mailto(params, mailto))
    query = "&".join(part for part in (query, rest) if part)
    return f"{base}/{kind}" + (f"?{query}" if query else "")
