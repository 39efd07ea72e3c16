extensions = ["sphinxcontrib_researchtopics"]
project = "Math Lab"
exclude_patterns = ["_build"]
researchtopics_bibfiles = ["math.bib"]
show_warning_types = True
