extensions = ["sphinxcontrib_researchtopics"]
researchtopics_bibfiles = ["refs.bib"]

# Sphinx 7.3 prints "[type.subtype]" after warnings only when asked (8.0+ always does)
show_warning_types = True
