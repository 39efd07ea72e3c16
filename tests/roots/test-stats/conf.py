"""publication-stats: charts by type, topic, venue and member, and of citations."""

project = "Stats test lab"
author = "The test lab"
copyright = "2026, The test lab"
version = release = "1.0"

extensions = ["sphinxcontrib_researchtopics"]
exclude_patterns = ["_build"]

html_theme = "alabaster"

researchtopics_bibfiles = ["papers.bib"]
researchtopics_enrich_data = "enrich.json"
researchtopics_members = {
    "Zhiwei Xiong": "https://example.org/~xiong",
    "Zeyu Xiao": "",
    "José Núñez": "",
}
researchtopics_cache_dir = ""

# Sphinx 7.3 prints "[type.subtype]" after warnings only when asked (8.0+ always does)
show_warning_types = True

# Lists here choose by :topic: to test other options, not as topic pages: an entry on
# none of them is no omission.
suppress_warnings = ["researchtopics.topic_page"]
