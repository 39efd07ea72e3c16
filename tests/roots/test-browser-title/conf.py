"""A title with HTML and an entity in it: each theme must show it as text, escaped once.

Its theme is chosen per build (``confoverrides={"html_theme": ...}``).
"""

project = 'Lab <i>x</i> & "Co" &amp; 研究室'
html_title = project
author = "The test lab"

extensions = ["sphinxcontrib_researchtopics"]
exclude_patterns = ["_build"]
html_theme = "alabaster"
researchtopics_bibfiles = ["papers.bib"]
researchtopics_cache_dir = ""
show_warning_types = True
