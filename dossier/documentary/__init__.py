"""Stage 2, documentary: a corpus -> a :class:`~dossier.model.Documentary`.

In: the corpus and the editors' ``content/themes/*.md``, ``entities.toml``,
``events.toml`` and ``curation.toml``. Out: theme assignments with their reasons
(:mod:`.classify`, overridden by :mod:`.curation`), entity mentions (:mod:`.gazetteer`,
:mod:`.mentions`) and dated events (:mod:`.events`); :mod:`.assemble` runs them (cached
per document). :mod:`.evaluate` scores the classifier against hand labels.
"""
