"""Work done in a forked second process while this one goes on: a cold build parses half
of a large file's entries there, and makes the BibTeX views while the pages are written.

Machines that build sites have two cores or more, and a cold build of a large list is
work on thousands of independent entries.  A forked child inherits everything it needs
(records, macros, configuration) without pickling it, does its share, and sends back
plain picklable results through a pipe.  Any failure (no ``fork``, a single core, other
threads running, the child dying, unreadable results) gives ``None``, and the caller
does the work itself: the results are the same either way, only the wall time differs.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from collections.abc import Callable
from typing import Any

#: Set to ``"0"`` (or ``"1"``) in the environment to do all work in one process.
ENV_SWITCH = "RESEARCHTOPICS_WORKERS"


def can_fork() -> bool:
    """Whether this machine can run a forked child beside this process."""
    if not hasattr(os, "fork"):
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return cores > 1


def available() -> bool:
    """Whether a second process would run beside this one now."""
    if os.environ.get(ENV_SWITCH, "").strip() in {"0", "1"}:
        return False
    if threading.active_count() > 1:  # forking a threaded process can deadlock the child
        return False
    return can_fork()


class Worker:
    """A forked child computing ``work()``: :meth:`result` reads what it returned (the
    child may go on with its ``then`` work), :meth:`join` waits for it to end."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self.fd = fd
        self._read = False
        self._answer: Any = None

    def result(self) -> Any:
        """What ``work()`` returned, or None when the child failed before sending it."""
        if self._read:
            return self._answer
        self._read = True
        data = b""
        try:
            with os.fdopen(self.fd, "rb") as stream:
                data = stream.read()
        except OSError:
            data = b""
        try:  # a child that died half-way sent a truncated pickle, or nothing
            self._answer = pickle.loads(data) if data else None
        except Exception:
            self._answer = None
        return self._answer

    def join(self) -> Any:
        """:meth:`result`, once the child has ended."""
        answer = self.result()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        return answer


def start(work: Callable[[], Any], then: Callable[[], object] | None = None) -> Worker | None:
    """Run *work* in a forked child, then *then* (after its result is sent); None when no
    child can run here."""
    if not available():
        return None
    try:
        read_fd, write_fd = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # the child: never returns, never runs the parent's exit handlers
        code = 1
        try:
            os.close(read_fd)
            data = pickle.dumps(work(), pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_fd, "wb") as stream:
                stream.write(data)
            if then is not None:
                then()
            code = 0
        except BaseException:  # any failure, even an exit: the parent sees no result
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    return Worker(pid, read_fd)
