"""Stage 3, essays: ``content/essays/*.md`` -> validated, rendered essays.

In: the editors' Markdown and the documentary (what ``[[…]]`` references may point at).
Out: :class:`~dossier.essays.render.EssaySet` (every essay parsed and checked, problems as
``path:line`` diagnostics: :mod:`.source`, reading the header with :mod:`.frontmatter` and
checking the body with :mod:`.validate` against :mod:`.targets`) and each essay's HTML and
citations (:mod:`.render`). Both parse the body with the one Markdown of :mod:`.markup`
(``extra``, ``toc``, the ``[[…]]`` extension of :mod:`.refs`, and the HTML allow-list of
:mod:`.sanitise`), so the checks see what the page shows.
"""
