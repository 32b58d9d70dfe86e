"""Stage 1, ingest: raw seed files -> a :class:`~dossier.model.Corpus`.

In: ``seeds/*.txt`` (and saved web pages, ``*.html``), ``seeds/catalogue.toml``,
``seeds/boilerplate.list``. Out: documents of typed blocks with stable passage ids, each
block remembering its source file and line. The steps, in order: :mod:`.decode` (bytes
-> text), :mod:`.webpage` (a web page's text -> lines), :mod:`.normalize` (text -> lines),
:mod:`.marks` (Markdown block marks), :mod:`.segment` (lines -> paragraph candidates),
:mod:`.structure` and :mod:`.references` (candidates -> typed blocks), :mod:`.inline`
(text -> spans), :mod:`.ids` (stable ids),
:mod:`.citations` (in-text author–year citations -> links to their entry),
:mod:`.catalogue` (metadata); :mod:`.corpus` runs them per file (cached) and
:mod:`.accounting` proves no word was lost.
"""
