extensions = ["sphinxcontrib_researchtopics"]
project = "Pages Lab"
author = "The Pages Lab"
exclude_patterns = ["_build"]
researchtopics_bibfiles = ["pages.bib"]
researchtopics_members = {
    "Zhiwei Xiong": "https://example.org/xiong",
    "Zeyu Xiao": "",
    "Nobody Without-Papers": "javascript:alert(1)",
}
researchtopics_paper_pages = "papers"
researchtopics_member_pages = "people"
researchtopics_feed = "publications.atom"
researchtopics_feed_size = 5
html_baseurl = "https://lab.example.org/"

# Sphinx 7.3 prints "[type.subtype]" after warnings only when asked (8.0+ always does)
show_warning_types = True
