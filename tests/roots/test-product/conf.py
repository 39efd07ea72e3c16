# Everything on, one rich entry: every page kind must show the same facts of it
# (tests/test_product_facts.py).
extensions = ["sphinxcontrib_researchtopics"]
project = "Facts Lab"
author = "The Facts Lab"
exclude_patterns = ["_build"]
html_baseurl = "https://facts.example.org/"
researchtopics_bibfiles = ["facts.bib"]
researchtopics_members = {"Zhiwei Xiong": {"url": "https://example.org/xiong", "role": "PI"}}
researchtopics_venues = {"TIP": {"url": "https://example.org/tip", "color": "#00369f"}}
researchtopics_enrich_data = "enrich.json"
researchtopics_paper_pages = "papers"
researchtopics_member_pages = "people"
researchtopics_feed = "publications.atom"
researchtopics_cite = "all"
researchtopics_abstract = "collapsed"

show_warning_types = True
