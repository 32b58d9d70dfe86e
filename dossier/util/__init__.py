"""Plumbing shared by every stage, importing nothing else of Dossier.

In: nothing stage-specific. Out: the content-addressed cache (:mod:`.cache`), the forked
worker pool (:mod:`.workers`), progress lines (:mod:`.progress`), diagnostics and their
collector (:mod:`.diagnostics`) and the line-numbered TOML readers (:mod:`.toml_lines`).
"""
