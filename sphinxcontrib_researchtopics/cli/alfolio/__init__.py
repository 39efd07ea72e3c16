"""``researchtopics import SITE_DIR -o OUT``: an al-folio (Jekyll) site -> a Sphinx site.

al-folio keeps its publications in ``_bibliography/*.bib``, renders them with
jekyll-scholar on ``_pages/publications.md`` and takes its settings from ``_config.yml``
(``scholar:``, ``max_author_limit``) and ``_data/`` (``coauthors.yml``, ``venues.yml``).
This package reads those files and writes a site that shows the same entries with the
same links, badges and thumbnails; everything it cannot carry over is reported with
its file and line.  Needs PyYAML (the ``alfolio`` extra).  The modules:

- :mod:`.reading`: YAML with line numbers, front matter;
- :mod:`.page`: the publications page (title, intro text, year layout, Liquid tags);
- :mod:`.bibfiles`: the .bib files, the PDFs and previews they name;
- :mod:`.site`: members, venues, settings, the pages (through :mod:`..scaffold`);
- :mod:`.settings`: the ``_config.yml`` settings and what each becomes;
- :mod:`.command`: the command (``cli.importer`` dispatches to its ``run_site``).

Nothing is imported here: ``cli.importer`` imports :mod:`.command`, which imports
``cli.importer.model``, so importing a module of this package first works too.
"""
