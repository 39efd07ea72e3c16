# The .bib files are written by the test (bytes that do not belong in a repository).
extensions = ["sphinxcontrib_researchtopics"]
researchtopics_bibfiles = ["bom.bib", "latin1.bib", "nul.bib", "garbage.bib", "unreadable.bib"]
researchtopics_cache_dir = ""
