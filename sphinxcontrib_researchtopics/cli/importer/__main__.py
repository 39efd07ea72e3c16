"""``python -m sphinxcontrib_researchtopics.cli.importer``: the import command alone."""

import sys

from .command import main

sys.exit(main())
