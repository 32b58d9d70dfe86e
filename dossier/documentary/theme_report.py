"""A plain-text (Markdown) report of the theme assignments, for editors and the build log.

Per theme: passages assigned, how many of them by the classifier alone, curated
additions and removals, and the cues that fired most often.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from dossier.model import Assignment, Theme

TOP_CUES = 5
_CUE = re.compile(r"^(?:heading )?(?:regex )?cue '(.*)'(?: ×\d+)? [+-]")


def theme_report(assignments: Sequence[Assignment] | Any, themes: Sequence[Theme] | None = None,
                 curation: Sequence = ()) -> str:
    """Markdown table, one row per theme (in the themes' order).

    ``curation`` (the entries of :func:`dossier.documentary.curation.load_curation`) is only
    needed to count removals: a removed theme leaves no assignment behind.
    ``theme_report(documentary)`` is accepted too: its assignments and themes.
    """
    if themes is None:
        assignments, themes = assignments.assignments, assignments.themes
    removed: Counter[str] = Counter()
    for entry in curation:
        for slug in getattr(entry, "remove", ()):
            removed[slug] += 1
    rows = ["| theme | passages | by cues | curated adds | curated removes | top cues |",
            "| --- | ---: | ---: | ---: | ---: | --- |"]
    by_theme: dict[str, list[Assignment]] = {}
    for a in assignments:  # one pass, not one per theme
        by_theme.setdefault(a.theme, []).append(a)
    for theme in themes:
        mine = by_theme.get(theme.slug, [])
        added = sum(1 for a in mine if a.curated)
        cues: Counter[str] = Counter()
        for a in mine:
            for reason in a.reasons:
                m = _CUE.match(reason)
                if m and not reason.rstrip().split()[-1].startswith("-"):
                    cues[m.group(1)] += 1
        top = ", ".join(f"{c} ({n})" for c, n in sorted(cues.items(),
                                                          key=lambda kv: (-kv[1], kv[0]))
                        [:TOP_CUES])
        top = top.replace("|", "\\|")
        rows.append(f"| {theme.slug} | {len(mine)} | {len(mine) - added} | {added} | "
                    f"{removed[theme.slug]} | {top} |")
    unknown = sorted(by_theme.keys() - {t.slug for t in themes})
    for slug in unknown:
        rows.append(f"| {slug} (no such theme) | {len(by_theme[slug])} | | | | |")
    return "\n".join(rows)
