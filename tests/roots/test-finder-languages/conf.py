"""A small lab site for the languages: the browser's words, CJK text, right to left.

``language`` (and the theme) are chosen per build (``confoverrides``).
"""

project = "Languages lab"
author = "The test lab"
copyright = "2026, The test lab"
version = release = "1.0"

extensions = ["sphinxcontrib_researchtopics"]
exclude_patterns = ["_build"]

html_theme = "alabaster"
html_title = "Languages lab"

researchtopics_bibfiles = ["papers.bib"]
researchtopics_members = {
    "熊志伟": "https://example.org/~xiong",
    "Zeyu Xiao": "",
}
researchtopics_venues = {"CVPR": {"color": "#00369f"}}
# A Cite panel (with its copy button) on every entry.
researchtopics_cite = "all"
researchtopics_cache_dir = ""

# Sphinx 7.3 prints "[type.subtype]" after warnings only when asked (8.0+ always does)
show_warning_types = True
