# The .bib files are written by the test (bytes that do not belong in a repository).
extensions = ["sphinxcontrib_researchtopics"]
researchtopics_bibfiles = ["bom.bib", "latin1.bib", "nul.bib", "garbage.bib", "unreadable.bib"]
researchtopics_cache_dir = ""

# Sphinx 7.3 prints "[type.subtype]" after warnings only when asked (8.0+ always does)
show_warning_types = True
