"""The finder's marks on text with no spaces: CJK titles, authors and venues.

Its theme is chosen per build in the browser tests (``confoverrides``).
"""

project = "Finder marks lab"
author = "The test lab"
copyright = "2026, The test lab"
version = release = "1.0"

extensions = ["sphinxcontrib_researchtopics"]
exclude_patterns = ["_build"]

html_theme = "alabaster"
html_title = "Finder marks lab"

researchtopics_bibfiles = ["papers.bib"]
researchtopics_cache_dir = ""

# Sphinx 7.3 prints "[type.subtype]" after warnings only when asked (8.0+ always does)
show_warning_types = True
