"""``researchtopics_labels`` is checked at startup: text -> text, keys that the catalog has.

A key that is no message (a typo, or a label spelled as shown in another language) would
silently change nothing: the build names it, with the closest message, as a ``config``
warning that ``suppress_warnings`` can silence.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import assert_warned, warnings_of

from sphinxcontrib_researchtopics.sphinxext.confcheck import known_messages


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    freshenv=True,
    confoverrides={
        "researchtopics_labels": {
            "Recnet": "Latest",
            "Recent": "Latest",
            3: "three",
            "Publications": 4,
        }
    },
)
def test_unknown_and_non_text_labels_are_named(app: Any) -> None:
    app.build()
    warnings = warnings_of(app)
    assert_warned(
        warnings,
        r"conf\.py: researchtopics_labels: 'Recnet' is not a label of the extension "
        r"\(did you mean 'Recent'\?\).*\[researchtopics\.config\]",
    )
    assert_warned(warnings, r"researchtopics_labels: 3: 'three': .* strings; ignored")
    assert_warned(warnings, r"researchtopics_labels: 'Publications': 4: .* strings; ignored")
    assert not [line for line in warnings if "'Recent' is not" in line]
    assert app.config.researchtopics_labels == {"Recent": "Latest"}


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    freshenv=True,
    confoverrides={
        "researchtopics_labels": {"Recnet": "Latest"},
        "suppress_warnings": ["researchtopics.config"],
    },
)
def test_the_warning_can_be_suppressed(app: Any) -> None:
    app.build()
    assert not [line for line in warnings_of(app) if "researchtopics_labels" in line]
    assert app.config.researchtopics_labels == {}  # checked all the same


def test_known_messages_are_the_catalogs_singulars() -> None:
    known = known_messages()
    assert {"All publications", "Recent"} <= known
    assert all(isinstance(message, str) and message for message in known)
