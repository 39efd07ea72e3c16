extensions = ["sphinxcontrib_researchtopics"]
exclude_patterns = ["_build"]
researchtopics_bibfiles = ["refs.bib"]
researchtopics_cache_dir = ""

# Sphinx 7.3 prints "[type.subtype]" after warnings only when asked (8.0+ always does)
show_warning_types = True
