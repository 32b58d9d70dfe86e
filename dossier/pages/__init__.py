"""Stage 4, pages: corpus, documentary and essays -> what each page shows.

In: the model objects. Out: plain data and already-escaped Markup for the templates:
:mod:`.crossref` (the cross-reference index all views read), :mod:`.blocks` (passages as
HTML), one module per kind of page (:mod:`.document`, :mod:`.themes`, :mod:`.entities`,
:mod:`.timeline`, :mod:`.report`), the page head (:mod:`.head`, :mod:`.jsonld`,
:mod:`.citation`) and the open data (:mod:`.opendata`). Nothing here writes HTML files.
"""
