# al-folio's example bibliography (MIT licence), as lab sites start from it.
extensions = ["sphinxcontrib_researchtopics"]
researchtopics_bibfiles = ["papers.bib"]
researchtopics_cache_dir = ""
