# A translator that writes links to special.example.org otherwise than the stock one:
# every page must show what it writes, however many pages a process wrote before
# (tests/test_parallel_features.py).
from sphinx.writers.html5 import HTML5Translator

extensions = ["sphinxcontrib_researchtopics"]
project = "Translator Lab"
exclude_patterns = ["_build"]
researchtopics_bibfiles = ["refs.bib"]
researchtopics_members = {"Jane Doe": ""}
researchtopics_member_pages = "people"
researchtopics_cache_dir = ""


class Marking(HTML5Translator):
    def visit_reference(self, node):
        super().visit_reference(node)
        if "special.example.org" in node.get("refuri", ""):
            self.body[-1] = self.body[-1].replace("<a ", '<a data-special="1" ', 1)


def setup(app):
    app.set_translator("html", Marking, override=True)
