"""A site for imported pages: the tests copy this and index.rst into the output folder."""

extensions = ["sphinxcontrib_researchtopics"]

researchtopics_bibfiles = ["publications.bib"]

# The tests compare the text with the original page character for character; Sphinx's
# smartquotes (on by default) would show "--" as an en dash.
smartquotes = False

# Sphinx 7.3 prints "[type.subtype]" after warnings only when asked (8.0+ always does)
show_warning_types = True
