"""Plumbing shared by every stage; imports nothing else of Dossier.

In: nothing stage-specific. Out: the content-addressed cache (:mod:`.cache`), the forked
worker pool (:mod:`.workers`), progress lines (:mod:`.progress`), problems as
``path:line`` diagnostics and their collector (:mod:`.diagnostics`), line-numbered TOML
tables (:mod:`.toml_lines`), partial dates (:mod:`.dates`), excerpts (:mod:`.text`) and
heading levels (:mod:`.headings`).
"""
