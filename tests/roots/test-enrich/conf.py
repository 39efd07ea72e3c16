extensions = ["sphinxcontrib_researchtopics"]
exclude_patterns = ["_build"]
researchtopics_bibfiles = ["refs.bib"]
researchtopics_enrich_data = "enrich.json"
researchtopics_abstract_source = True
show_warning_types = True
