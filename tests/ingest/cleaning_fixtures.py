"""Render a cleaning result as the text of an ``*.expected.txt`` fixture."""

from __future__ import annotations

from dossier.ingest.corpus import Cleaned
from dossier.model import Removal


def render_expected(cleaned: Cleaned, dropped: tuple[Removal, ...] = ()) -> str:
    """``dropped``: what reading a web page left out (its chrome), listed last."""
    out = []
    for b in cleaned.blocks:
        where = "" if b.section == "body" else f"[{b.section}]"
        extra = f" | credit={b.credit}" if b.credit else ""
        extra += f" | label={b.label}" if b.label else ""
        extra += f" | group={b.group}" if b.group else ""
        out.append(f"{b.kind}{where}: {b.text}{extra}")
    for r in cleaned.removals:
        out.append(f"REMOVED line {r.line} ({r.reason}): {r.text}")
    for j in cleaned.joins:
        out.append(f"JOINED {'+'.join(j.parts)} -> {j.joined}")
    for r in dropped:
        out.append(f"DROPPED line {r.line} ({r.reason}): {r.text}")
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # python tests/cleaning_fixtures.py --write
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root))
    from dossier.ingest.corpus import clean_seed
    from dossier.ingest.line_rules import load_boilerplate

    bp = load_boilerplate((root / "seeds" / "boilerplate.list").read_text(encoding="utf-8"))
    for p in sorted((root / "tests" / "fixtures" / "cleaning").glob("*.input.*")):
        cleaned, page = clean_seed(p.name, p.read_bytes().decode("utf-8"), p.name, bp)
        result = render_expected(cleaned, tuple(page.removals) if page else ())
        if "--write" in sys.argv:
            p.with_name(p.name.split(".")[0] + ".expected.txt").write_text(result, "utf-8")
        else:
            print(f"===== {p.name}\n{result}")
