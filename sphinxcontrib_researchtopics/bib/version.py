"""One hash of the package's code: caches made by other code are never used.

Every store that outlives a build (parsed files, per-entry records, written pages) puts
it in its key, so an upgrade, or an edit in a checkout, is a miss, never stale output.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

#: The package folder (this module lives in its ``bib/``).
PACKAGE = Path(__file__).resolve().parent.parent


@functools.cache
def code_hash() -> str:
    """A hash of every module and static file of the package (read once per process)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix not in (".py", ".js", ".css", ".mo") or not path.is_file():
            continue
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0unreadable")
    return digest.hexdigest()[:16]
