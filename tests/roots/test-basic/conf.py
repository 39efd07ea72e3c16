extensions = ["sphinxcontrib_researchtopics"]
exclude_patterns = ["_build"]
researchtopics_bibfiles = ["seed.bib", "extra*.bib"]
researchtopics_members = {"Zhiwei Xiong": "https://example.org/xiong", "Zeyu Xiao": ""}

# Sphinx 7.3 prints "[type.subtype]" after warnings only when asked (8.0+ always does)
show_warning_types = True
