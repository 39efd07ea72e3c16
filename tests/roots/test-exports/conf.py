extensions = ["sphinxcontrib_researchtopics"]
researchtopics_bibfiles = ["refs.bib"]
