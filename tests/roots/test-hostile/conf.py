extensions = ["sphinxcontrib_researchtopics"]
researchtopics_bibfiles = ["hostile.bib"]
researchtopics_cache_dir = ""
researchtopics_abstract = "expanded"
researchtopics_members = ["Jane Doe"]

# Sphinx 7.3 prints "[type.subtype]" after warnings only when asked (8.0+ always does)
show_warning_types = True
