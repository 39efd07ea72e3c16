# The reader's entry: venue badges, thumbnails, al-folio's Markdown fields, Cite, grouping.
extensions = ["sphinxcontrib_researchtopics"]
exclude_patterns = ["_build"]
researchtopics_bibfiles = ["papers.bib"]
researchtopics_cache_dir = ""
researchtopics_members = {
    "Zhiwei Xiong": {"url": "https://example.org/xiong", "role": "PI"},
    "Zeyu Xiao": {"role": "student"},
    "Ana Alumna": "",
}
researchtopics_venues = {
    "CVPR": {"url": "https://cvpr.thecvf.com/", "color": "#00369f"},
    "AJP": {"color": "#ffd54f"},
    "BAD": {"url": "javascript:alert(1)", "color": "red; background: url(x)"},
}
researchtopics_cite = "all"
researchtopics_cite_styles = ["apa", "ieee", "no-such-style"]
researchtopics_group_names = {"article": "Journals", "status": {"accepted": "Accepted papers"}}
researchtopics_group_order = ["misc", "article", "inproceedings"]

# Sphinx 7.3 prints "[type.subtype]" after warnings only when asked (8.0+ always does)
show_warning_types = True
