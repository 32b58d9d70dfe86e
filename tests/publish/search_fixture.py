"""A tiny built site for the search tests: pages shaped like the theme's, marked for Pagefind.

The pages carry the attributes the real templates are asked to add (see dossier/publish/search.py):
``data-pagefind-body`` on the content, ``data-pagefind-meta="kind:..."``, passages as
elements with ids, permalinks that the index leaves out.
"""

from __future__ import annotations

import shutil
from html import escape
from pathlib import Path

from dossier.build import pelican
from dossier.publish import search
from dossier.urls import root_prefix

REPO_ROOT = Path(__file__).resolve().parents[2]
THEME_STATIC = REPO_ROOT / "theme" / "static"

# (save_as, kind, title, [(passage id, text, lang or "")])
PAGES = [
    ("documents/sanctions-and-trade/index.html", "Document", "Sanctions and trade", [
        ("p-aaa111", "The sanctions regime was a marriage of convenience between the "
                     "two governments, and neither side expected it to last.", ""),
        ("p-bbb222", "Exporters asked for clarity about licences, tariffs and shipping.", ""),
        ("p-ccc333", "پاکستان اور امریکہ کے تعلقات میں تجارت کی اہمیت", "ur"),
    ]),
    ("documents/a-single-sanction/index.html", "Document", "A single sanction", [
        ("p-ddd444", "One sanction was imposed on the shipping company in 2019.", ""),
        ("p-eee555", "Convenience stores sell greeting cards for every marriage.", ""),
    ]),
    ("themes/diplomacy/index.html", "Theme", "Diplomacy", [
        ("p-fff666", "Envoys met in Islamabad to discuss the sanctions and the tariffs.", ""),
    ]),
    ("entities/pakistan/index.html", "Entity", "Pakistan", [
        ("p-ggg777", "Pakistan (پاکستان) appears in every document of the corpus.", ""),
    ]),
]


def page_html(save_as: str, kind: str, title: str,
              passages: list[tuple[str, str, str]]) -> str:
    root = root_prefix(save_as)
    paras = "\n".join(
        f'<p id="{pid}"{f" lang={lang!r}" if lang else ""}>{escape(text)} '
        f'<a class="permalink" href="#{pid}" aria-label="Permalink">¶</a></p>'
        for pid, text, lang in passages
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{escape(title)}: Dossier</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{root}theme/css/site.css"></head>
<body>
<a class="skip-link" href="#content">Skip to content</a>
<header class="site-header"><nav class="site-nav" aria-label="Site">
<a href="{root}index.html">All documents</a></nav></header>
<main id="content" tabindex="-1"><div class="wrap">
<article data-pagefind-body data-pagefind-meta="kind:{kind}">
<h1 id="doc-title">{escape(title)}</h1>
<h2 id="sec-body">Text</h2>
{paras}
</article>
</div></main>
<footer class="site-footer">The texts are third-party material.</footer>
</body>
</html>
"""


def make_site(output: Path) -> Path:
    """Write the fixture pages and the theme's static files into ``output``; return it."""
    output.mkdir(parents=True, exist_ok=True)
    for save_as, kind, title, passages in PAGES:
        target = output / save_as
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page_html(save_as, kind, title, passages), encoding="utf-8")
    (output / "index.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Dossier</title>"
        "<link rel='icon' href='data:,'>"
        "</head><body><p>Home page: not indexed (no data-pagefind-body).</p></body></html>",
        encoding="utf-8",
    )
    shutil.copytree(THEME_STATIC, output / "theme", dirs_exist_ok=True)
    return output


def build_search(output: Path) -> search.SearchStats:
    """:func:`dossier.publish.search.build_search` on ``output`` with the project's own
    templates and settings (no site URL), as a build gives them."""
    settings = pelican.site_settings(REPO_ROOT, "")
    return search.build_search(output, pelican.site_templates(settings),
                               pelican.template_context(settings))
