"""``python -m sphinxcontrib_researchtopics.cli``: the ``researchtopics`` command."""

import sys

from . import main

sys.exit(main())
