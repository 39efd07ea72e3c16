extensions = ["sphinxcontrib_researchtopics"]
researchtopics_bibfiles = ["hostile.bib"]
researchtopics_cache_dir = ""
researchtopics_abstract = "expanded"
researchtopics_members = ["Jane Doe"]
