project = "Snapshot"
extensions = ["sphinxcontrib_researchtopics"]
exclude_patterns = ["_build"]
researchtopics_bibfiles = ["snap.bib"]
researchtopics_cache_dir = ""
researchtopics_max_authors = 4
researchtopics_members = {"Ann Member": "https://ann.example/", "Bob Member": ""}
researchtopics_link_labels = {"supp": "Supp."}

# Sphinx 7.3 prints "[type.subtype]" after warnings only when asked (8.0+ always does)
show_warning_types = True
