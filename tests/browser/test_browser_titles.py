"""``project`` and ``html_title`` holding HTML and an entity, in each gallery theme.

The tab title and the logo text read exactly the configured text: no element made
from it, no entity shown decoded (escaped too little) or as ``&amp;amp;`` (twice).
"""

from __future__ import annotations

import pytest
import sitekit

pytestmark = pytest.mark.browser

TITLE = 'Lab <i>x</i> & "Co" &amp; 研究室'

#: Where each theme writes the project's name as its logo text.
LOGO = {
    "furo": ".sidebar-brand-text",
    "alabaster": "h1.logo a",
    "rtd": "a.icon-home",
    "pydata": ".navbar-brand .logo__title",
    "book": ".navbar-brand .logo__title",
}


@pytest.mark.parametrize("theme", list(sitekit.THEMES))
def test_tab_title_and_logo_text_are_the_configured_text(open_title_site, theme):
    page = open_title_site(theme)
    tab = page.title()  # furo shows the site title alone on the root page
    assert tab in (TITLE, f"Publications — {TITLE}", f"Publications - {TITLE}"), tab
    logo = page.locator(LOGO[theme]).first
    assert " ".join(logo.inner_text().split()) == TITLE
    assert page.locator("i", has_text="x").count() == 0  # no element made from the title
