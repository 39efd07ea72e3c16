extensions = ["sphinxcontrib_researchtopics", "myst_parser"]
exclude_patterns = ["_build"]
researchtopics_bibfiles = ["papers.bib"]
researchtopics_members = ["Zhiwei Xiong"]
