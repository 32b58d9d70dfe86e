"""Stage 3, essays: ``content/essays/*.md`` -> validated, rendered essays.

In: the editors' Markdown and the documentary (what ``[[…]]`` references may point at).
Out: :class:`~dossier.essays.render.EssaySet` (every essay parsed and checked, problems as
``path:line`` diagnostics: :mod:`.source`, reading the header with :mod:`.frontmatter` and
checking the body with :mod:`.validate` against :mod:`.targets`) and each essay's HTML and
citations (:mod:`.render`, with the ``[[…]]`` Markdown extension of :mod:`.refs`).
"""
