extensions = ["sphinxcontrib_researchtopics"]
researchtopics_bibfiles = ["faults.bib", "more.bib", "empty.bib", "missing.bib"]
researchtopics_cache_dir = ""

# Sphinx 7.3 prints "[type.subtype]" after warnings only when asked (8.0+ always does)
show_warning_types = True
