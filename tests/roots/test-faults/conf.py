extensions = ["sphinxcontrib_researchtopics"]
researchtopics_bibfiles = ["faults.bib", "more.bib", "empty.bib", "missing.bib"]
researchtopics_cache_dir = ""
