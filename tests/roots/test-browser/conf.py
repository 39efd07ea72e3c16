"""The browser suite's site: every part of an entry, in one small lab site.

Its theme is chosen per build (``confoverrides={"html_theme": ...}``).
"""

project = "Browser test lab"
author = "The test lab"
copyright = "2026, The test lab"

extensions = ["sphinxcontrib_researchtopics"]
exclude_patterns = ["_build"]

html_theme = "alabaster"
html_title = "Browser test lab"

researchtopics_bibfiles = ["papers.bib"]
researchtopics_members = {
    "Zhiwei Xiong": "https://example.org/~xiong",
    "Zeyu Xiao": "",
    "Ruisheng Gao": "",
    "Ada Lovelace": "",
}
researchtopics_max_authors = 5
researchtopics_cache_dir = ""
# Badges in a dark and a light colour (the text colour is chosen for contrast), and a
# Cite panel on every entry.
researchtopics_venues = {
    "CVPR": {"url": "https://cvpr.thecvf.com/", "color": "#00369f"},
    "BMVC": {"color": "#ffd54f"},
    "TPAMI": {"color": "#7b1fa2"},
}
researchtopics_cite = "all"

# Sphinx 7.3 prints "[type.subtype]" after warnings only when asked (8.0+ always does)
show_warning_types = True
