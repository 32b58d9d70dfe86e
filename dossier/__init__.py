"""Dossier: raw text documents in, a themed, cross-linked static site out.

The subpackages are the pipeline, in reading order; each imports only those above it
in this list, never one below:

- :mod:`dossier.util`: plumbing (cache, worker pool, progress, TOML diagnostics).
- :mod:`dossier.model`: the typed, frozen model; :mod:`dossier.urls`: the site's URL scheme.
- :mod:`dossier.ingest`: raw seed files -> a :class:`~dossier.model.Corpus`.
- :mod:`dossier.documentary`: the corpus -> a :class:`~dossier.model.Documentary`
  (themes, entities, events).
- :mod:`dossier.essays`: the editors' Markdown essays -> validated, rendered essays.
- :mod:`dossier.pages`: all of that -> the views (plain data and Markup) templates show.
- :mod:`dossier.publish`: a written site -> search index, link check, offline bundle.
- :mod:`dossier.build`: the orchestrator, the Pelican glue, incremental rebuilds, preview.
- :mod:`dossier.cli`: the command line over :mod:`dossier.build`.
"""
