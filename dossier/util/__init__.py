"""Plumbing shared by every stage, importing nothing of Dossier but the model.

In: nothing stage-specific. Out: the content-addressed cache (:mod:`.cache`), the forked
worker pool (:mod:`.workers`), progress lines (:mod:`.progress`) and the line-numbered
TOML readers with their diagnostic collector (:mod:`.toml_lines`).
"""
