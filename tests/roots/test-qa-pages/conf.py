# `publication`, `publications` and `:pub:` on one page and across pages, for every
# builder (tests/test_qa_builds_pages.py).
extensions = ["sphinxcontrib_researchtopics"]
project = "Pages Lab"
exclude_patterns = ["_build"]
researchtopics_bibfiles = ["lab.bib"]
show_warning_types = True
