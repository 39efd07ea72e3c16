# al-folio's example bibliography (MIT licence), as lab sites start from it.
extensions = ["sphinxcontrib_researchtopics"]
researchtopics_bibfiles = ["papers.bib"]
researchtopics_cache_dir = ""

# Sphinx 7.3 prints "[type.subtype]" after warnings only when asked (8.0+ always does)
show_warning_types = True
