"""Sphinx configuration of the sphinxcontrib-researchtopics documentation and demo site."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "sphinxcontrib-researchtopics"
author = "the sphinxcontrib-researchtopics authors"
copyright = "2026, the sphinxcontrib-researchtopics authors"
from sphinxcontrib_researchtopics import __version__ as release  # noqa: E402

version = ".".join(release.split(".")[:2])

extensions = [
    "sphinxcontrib_researchtopics",
    "myst_parser",
    "vocabulary",
]

source_suffix = {
    ".rst": "restructuredtext",
    ".md": "markdown",
}

# relativity.html and example_pdf.pdf are files that alfolio_papers.bib links to: they
# are published with the site (like :download:), they are not documents.
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "relativity.html", "example_pdf.pdf"]

html_theme = "furo"
html_title = "sphinxcontrib-researchtopics"

# -- sphinxcontrib-researchtopics ----------------------------------------------------

researchtopics_bibfiles = ["papers/lab.bib", "papers/alfolio_papers.bib"]

# Lab members: highlighted in every author list (and linked when a URL is given).
researchtopics_members = {
    "Zhiwei Xiong": "",
    "Zeyu Xiao": "",
    "Dong Liu": "",
    "Ruikang Xu": "",
    "Ruisheng Gao": "",
    "Mingde Yao": "",
    "Zhen Cheng": "",
}

# Venue badges (al-folio's _data/venues.yml): a link and a colour per abbreviation; the
# text colour is chosen for contrast.
researchtopics_venues = {
    "CVPR": {"url": "https://cvpr.thecvf.com/", "color": "#00369f"},
    "ICCV": {"url": "https://iccv.thecvf.com/", "color": "#1b5e20"},
    "ECCV": {"color": "#6a1b9a"},
    "BMVC": {"url": "https://www.bmvc2022.org/", "color": "#ffd54f"},
    "AAAI": {"color": "#b71c1c"},
    "MM": {"color": "#0d47a1"},
    "TPAMI": {"color": "#4e342e"},
    "TIP": {"color": "#00695c"},
    "AJP": {"url": "https://pubs.aip.org/aapt/ajp", "color": "#00369f"},
    "PhysRev": {"url": "https://journals.aps.org/", "color": "#b509ac"},
    "Ann. Phys.": {"color": "#2698ba"},
    "Vision": {"color": "#ffc107"},
}

# A page per paper (with Google Scholar's citation_* tags), a page per member, a feed.
# html_baseurl is not set: the pages then carry no canonical URL (see scholar.rst).
researchtopics_paper_pages = "papers"
researchtopics_member_pages = "people"
researchtopics_feed = "publications.atom"

# -- MyST -------------------------------------------------------------------------------

myst_enable_extensions = ["colon_fence"]
