"""The pure bibliography layer: .bib files -> frozen records.

Nothing here imports docutils or Sphinx (a test enforces it), so the command line, the
benchmarks and the build share one parser:

- :mod:`.scan`: lenient scanning of .bib text, one entry at a time;
- :mod:`.make`: one scanned entry -> one :class:`~.records.Publication` record;
- :mod:`.load`, :mod:`.entrycache`, :mod:`.merge`, :mod:`.lazy`: files -> a bibliography,
  the content-keyed caches, crossref;
- :mod:`.records`: the frozen records themselves;
- :mod:`.latex`: LaTeX field text -> Unicode text and math spans;
- :mod:`.people`: names, lab members and markers;
- :mod:`.links`: link kinds, labels and URL safety;
- :mod:`.filters`, :mod:`.filter_index`, :mod:`.order`, :mod:`.grouping`: the
  ``:filter:`` language and its index for ``name == literal``, sorting and grouping;
- :mod:`.jsonld`: schema.org data for an entry;
- :mod:`.enrich_data`: the ``researchtopics enrich`` data file, ids, merging into records;
- ``docs/internals.rst`` names every other module.
"""
