"""What a build leaves when it ends, and what it spares its processes on the way.

* Below ``-vv``, no process of a ``-j`` build makes (or sends back) Sphinx's DEBUG record
  of a page's ``html-page-context``, which holds the whole page; at ``-vv`` they all do;
  the events logger gets its level back.
* The records are let go (and the collector thawed); a later build of the same
  application loads them again.
"""

from __future__ import annotations

import gc
import logging
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOTS, soup

from sphinxcontrib_researchtopics.html.eventlog import events_logger
from sphinxcontrib_researchtopics.sphinxext.state import get_state

BASIC = ROOTS / "test-basic"

#: Sphinx's record of one page's html-page-context: the page's name is the first argument.
PAGE_RECORD = re.compile(r"\[app\] emitting event: 'html-page-context'\('([^']+)'")


class PageRecords(logging.Handler):
    """The pages whose html-page-context record reached Sphinx's loggers, in this
    process or replayed from a writer process."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.pages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        found = PAGE_RECORD.match(record.getMessage())
        if found:
            self.pages.append(found.group(1))


@pytest.fixture
def page_records() -> Iterator[PageRecords]:
    """A handler that :func:`build` attaches, taken off when the test ends."""
    handler = PageRecords()
    yield handler
    logging.getLogger("sphinx").removeHandler(handler)


def build(app: Any, handler: PageRecords) -> None:
    """Attach *handler* after the app's logging setup (which drops foreign handlers)."""
    logging.getLogger("sphinx").addHandler(handler)
    app.build()


@pytest.mark.sphinx("html", testroot="basic", parallel=2, freshenv=True)
def test_j2_writers_send_back_no_page_records(app: Any, page_records: PageRecords) -> None:
    build(app, page_records)
    assert app.builder.parallel_ok
    assert (app.outdir / "options.html").is_file()
    assert page_records.pages == []
    assert events_logger().level == logging.NOTSET  # given back when the build ended


@pytest.mark.sphinx("html", testroot="basic", parallel=2, verbosity=2, freshenv=True)
def test_at_vv_every_page_is_logged(app: Any, page_records: PageRecords) -> None:
    build(app, page_records)
    # the first page is written in the main process, the others in a forked writer
    assert {"index", "options", "recent"} <= set(page_records.pages)
    assert events_logger().level == logging.NOTSET


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_a_level_set_by_someone_else_is_kept(
    make_app: Any, app_params: Any, page_records: PageRecords
) -> None:
    logger = events_logger()
    logger.setLevel(logging.DEBUG)
    try:
        build(make_app(*app_params.args, **app_params.kwargs), page_records)
        assert logger.level == logging.DEBUG
        assert "index" in page_records.pages
    finally:
        logger.setLevel(logging.NOTSET)


def test_records_are_let_go_and_loaded_again(
    tmp_path: Path, make_app: Callable[..., Any]
) -> None:
    src = tmp_path / "site"
    shutil.copytree(BASIC, src)
    app = make_app("html", srcdir=src)
    app.build()
    state = get_state(app.env)
    assert state.parse_stats.loads == 1
    assert not state.loaded and state.topical_pages is None
    assert gc.get_freeze_count() == 0
    shown = len(soup(app, "recent").select(".rt-publication"))
    assert shown > 0
    # A later build of the same application: the edited page shows its entries again.
    page = src / "recent.rst"
    page.write_text(page.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    app.build()
    assert "Edited." in soup(app, "recent").get_text()
    assert len(soup(app, "recent").select(".rt-publication")) == shown
    assert not state.loaded and state.parse_stats.loads == 2


@pytest.mark.sphinx("html", testroot="basic", parallel=2, freshenv=True)
def test_every_build_of_an_application_skips_them(
    app: Any, page_records: PageRecords
) -> None:
    build(app, page_records)
    assert app.builder.parallel_ok
    for page in ("options", "recent"):  # written again (and in a writer) in a second build
        path = app.srcdir / f"{page}.rst"
        path.write_text(path.read_text(encoding="utf-8") + "\nAgain.\n", encoding="utf-8")
    app.build()
    assert "Again." in soup(app, "recent").get_text()
    assert page_records.pages == []
    assert events_logger().level == logging.NOTSET
