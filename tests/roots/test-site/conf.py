extensions = ["sphinxcontrib_researchtopics", "myst_parser"]
exclude_patterns = ["_build"]
researchtopics_bibfiles = ["papers.bib"]
researchtopics_members = ["Zhiwei Xiong"]

# Sphinx 7.3 prints "[type.subtype]" after warnings only when asked (8.0+ always does)
show_warning_types = True
