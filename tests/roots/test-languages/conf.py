"""Every label of the extension in one small site: topic pages with groups, links,
abstracts, "Also in", many authors, a Cite panel, stats, paper and member pages, a feed.
Built in other languages by tests/test_languages.py (``confoverrides={"language": ...}``)."""

project = "Languages Lab"
author = "The Languages Lab"
copyright = "2026, The Languages Lab"
version = release = "1.0"

extensions = ["sphinxcontrib_researchtopics"]
exclude_patterns = ["_build"]
html_theme = "alabaster"
html_baseurl = "https://lab.example.org/"

researchtopics_bibfiles = ["papers.bib"]
researchtopics_enrich_data = "enrich.json"
researchtopics_abstract_source = True
researchtopics_max_authors = 2
researchtopics_members = {
    "Zhiwei Xiong": "https://example.org/xiong",
    "熊志伟": "",
    "Zeyu Xiao": "",
}
researchtopics_paper_pages = "papers"
researchtopics_member_pages = "people"
researchtopics_feed = "publications.atom"
# The finder's strings are the browser's (tested with the finder); the lists here are short.
researchtopics_finder = False
researchtopics_cache_dir = ""
# li19 has no year on purpose (the "Undated" group)
suppress_warnings = ["researchtopics.paper_page"]

# Sphinx 7.3 prints "[type.subtype]" after warnings only when asked (8.0+ always does)
show_warning_types = True
