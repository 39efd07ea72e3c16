# Two undated entries shown in the reverse of their .bib order (a.rst shows the later
# one): the paper-page warnings must come in .bib order, not in the order the pages
# were read or merged (tests/test_parallel_features.py).
extensions = ["sphinxcontrib_researchtopics"]
project = "Order Lab"
exclude_patterns = ["_build"]
researchtopics_bibfiles = ["refs.bib"]
researchtopics_paper_pages = "papers"
researchtopics_cache_dir = ""

# Sphinx 7.3 prints "[type.subtype]" after warnings only when asked (8.0+ always does)
show_warning_types = True
