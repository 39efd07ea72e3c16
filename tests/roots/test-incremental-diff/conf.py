# Every page kind whose output an incremental build must keep right after .bib and page
# edits (tests/test_incremental_differential.py writes these files itself, then edits them).
extensions = ["sphinxcontrib_researchtopics"]
project = "Diff Lab"
exclude_patterns = ["_build"]
researchtopics_bibfiles = ["papers.bib", "more.bib"]
researchtopics_members = {"Ann Aa": "https://example.org/ann", "Bob Bb": ""}
researchtopics_paper_pages = "papers"
researchtopics_member_pages = "people"
researchtopics_feed = "publications.atom"
researchtopics_inventory = True
show_warning_types = True
