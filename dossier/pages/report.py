"""The build report (``report/index.html``): how passages were assigned to themes.

Per theme: passages assigned by the cue lexicon alone, passages the editors' curation
file (``content/curation.toml``) names for the theme (added, or confirmed), passages it
removes, and the total; then, for editors, every passage of the theme with its score and
the classifier's reasons as it gives them ("cue 'sanction*' ×2 +3.75") — the theme pages
say the same in plain words (:mod:`dossier.pages.why`), at most :data:`SCORED_PER_THEME`
passages a theme. When :mod:`dossier.documentary.classify` offers ``theme_report`` (the themes
engineer's Markdown table, with the cues that fired most), that table is shown instead,
rendered safely; these simple counts are the fallback.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict

from markupsafe import Markup

from dossier.documentary import classify, curation
from dossier.pages.crossref import Facts
from dossier.pages.safe_markdown import render_prose
from dossier.urls import REPORT, doc_title, theme_url

# The report lists at most this many passages (with their scores) per theme.
SCORED_PER_THEME = 1000


class ReportPage(TypedDict):
    """The build report: passages per theme, by cues and by curation, and the counts."""

    path: str
    rows: list[dict[str, object]]  # one per theme
    passages: int
    covered: int  # passages in at least one theme
    entities: int
    mentions: int
    unlisted: list[str]  # gazetteer entries no passage mentions: "Name (path:line)"
    events: int
    editorial: int  # events whose date the editors gave
    diagnostics: list[str]
    external: Markup  # classify.theme_report's table, or empty
    scores: list[dict[str, object]]  # per theme: its passages with score and reasons


def _curation(root: Path | None) -> tuple:
    if root is None:
        return ()
    try:
        entries, _ = curation.load_curation(root / "content" / "curation.toml", root)
    except Exception:  # noqa: BLE001 - the report must never break the build
        return ()
    return tuple(entries)


def _removed(facts: Facts, entries: tuple) -> dict[str, int]:
    """Theme -> passages the curation file takes out of it (stale lines are diagnostics)."""
    final = {(a.theme, a.ref.key) for a in facts.dossier.assignments}
    out: dict[str, int] = {}
    for entry in entries:
        for slug in getattr(entry, "remove", ()):
            if slug in facts.themes and (slug, entry.id) not in final:
                out[slug] = out.get(slug, 0) + 1
    return out


def _external(facts: Facts, entries: tuple) -> Markup:
    """``classify.theme_report`` as an HTML table, or empty if it is missing or fails."""
    fn = getattr(classify, "theme_report", None)
    if fn is None:
        return Markup("")
    try:
        text = fn(facts.dossier.assignments, facts.dossier.themes, entries)
    except Exception:  # noqa: BLE001 - an optional extra; fall back to our own counts
        return Markup("")
    return render_prose(str(text), tables=True) if isinstance(text, str) else Markup("")


def theme_scores(facts: Facts, slug: str) -> dict[str, object]:
    """The theme's passages in its page's order, each with its score and reasons."""
    keys = facts.theme_passages[slug]
    rows = []
    for key in keys[:SCORED_PER_THEME]:
        a = facts.theme_assignments[slug][key]
        loc = facts.passages.get(key)
        rows.append({"url": loc.url if loc else "", "id": a.ref.passage,
                     "doc": doc_title(loc.doc) if loc else a.ref.document,
                     "score": f"{a.score:g}", "curated": a.curated,
                     "reasons": list(a.reasons)})
    return {"slug": slug, "title": facts.themes[slug].title, "url": theme_url(slug),
            "rows": rows, "total": len(keys)}


def report_view(facts: Facts, root: Path | None = None) -> ReportPage:
    entries = _curation(root)
    removed = _removed(facts, entries)
    rows = []
    for slug, t in facts.themes.items():
        assigned = facts.theme_assignments[slug].values()
        curated = sum(1 for a in assigned if a.curated)
        rows.append({"slug": slug, "title": t.title, "url": theme_url(slug),
                     "cues": len(assigned) - curated, "added": curated,
                     "removed": removed.get(slug, 0), "total": len(assigned),
                     "documents": len(facts.theme_documents(slug))})
    passages = sum(facts.doc_passage_count.values())
    covered = len({k for keys in facts.theme_passages.values() for k in keys})
    diags = [str(x) for x in facts.dossier.diagnostics]
    return {
        "path": REPORT,
        "rows": rows,
        "passages": passages,
        "covered": covered,
        "entities": len(facts.entities),
        "mentions": len(facts.dossier.mentions),
        "unlisted": [f"{e.name} ({e.source}:{e.line})" for e in
                     sorted(facts.dossier.unlisted, key=lambda e: (e.name.casefold(), e.id))],
        "events": len(facts.dossier.events),
        "editorial": sum(1 for e in facts.dossier.events if e.editorial_date),
        "diagnostics": diags,
        "external": _external(facts, entries),
        "scores": [theme_scores(facts, slug) for slug in facts.themes],
    }
