"""A lab's works from its authors' OpenAlex, ORCID and DBLP ids: ``researchtopics new
--openalex/--orcid/--dblp`` and ``researchtopics sync``.

:mod:`.options` (the ids, checked), :mod:`.openalex` and :mod:`.dblp` (the fetchers),
:mod:`.fetch` (a lab's works, completed and merged), :mod:`.bibout` (BibTeX written
through the serializer), :mod:`.new` and :mod:`.sync` (the commands).
"""
