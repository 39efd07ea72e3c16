# Two .bib files read as one bibliography (tests/test_qa_builds_multibib.py): a crossref
# into the other file whose parent has both a title and a booktitle, an @string of the
# first file used in the second.
extensions = ["sphinxcontrib_researchtopics"]
project = "Multibib Lab"
exclude_patterns = ["_build"]
researchtopics_bibfiles = ["a.bib", "b.bib"]
researchtopics_paper_pages = "papers"
show_warning_types = True
