extensions = ["sphinxcontrib_researchtopics"]
exclude_patterns = ["_build"]
researchtopics_bibfiles = ["papers.bib"]
researchtopics_members = {"Zhiwei Xiong": "https://example.org/xiong", "Zeyu Xiao": ""}
researchtopics_max_authors = 4
