extensions = ["sphinxcontrib_researchtopics"]
exclude_patterns = ["_build"]
researchtopics_bibfiles = ["seed.bib", "extra*.bib"]
researchtopics_members = {"Zhiwei Xiong": "https://example.org/xiong", "Zeyu Xiao": ""}
