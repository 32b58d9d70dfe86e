"""Small inline SVG charts: the documents × themes matrix and the events-per-year bars.

Pure functions returning :class:`~markupsafe.Markup`; every label is escaped. Colours come
from CSS classes (``.cell``, ``.tc-N``) so dark mode and print restyle them; numbers are
in ``<title>`` tooltips and, on the page, in an accessible table or list beside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

PALETTE_SIZE = 10  # .tc-0 … .tc-9 in site.css


def colour_class(index: int) -> str:
    return f"tc-{index % PALETTE_SIZE}" if index >= 0 else "tc-none"


def _n(x: float) -> str:
    """A coordinate: integers bare, otherwise two decimals (stable across platforms)."""
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}"


def clip(label: str, chars: int) -> str:
    return label if len(label) <= chars else label[: chars - 1].rstrip() + "…"


def percent(n: int, total: int) -> str:
    """"12%" (one decimal under 10%, "0%" for none)."""
    if not total or not n:
        return "0%"
    p = 100 * n / total
    return f"{p:.1f}%" if p < 10 else f"{p:.0f}%"


# --------------------------------------------------------------------------- matrix


@dataclass(frozen=True)
class Cell:
    n: int  # passages of the row's document in the column's theme
    total: int  # passages of the document

    @property
    def share(self) -> float:
        return self.n / self.total if self.total else 0.0


def matrix_svg(rows: Sequence[str], cols: Sequence[str], cells: Sequence[Sequence[Cell]],
               label_id: str) -> Markup:
    """Rows × columns of shaded cells; shade = share relative to the largest share."""
    label_w, cell_w, cell_h, head_h = 330, 60, 36, 170
    width = label_w + cell_w * len(cols) + 130  # room for the last slanted column label
    height = head_h + cell_h * len(rows) + 4
    top = max((c.share for row in cells for c in row), default=0.0) or 1.0
    out = [Markup('<svg class="chart matrix" viewBox="0 0 %s %s" role="img" '
                  'aria-labelledby="%s" focusable="false">') % (width, height, label_id)]
    for j, col in enumerate(cols):
        x = label_w + cell_w * j + cell_w / 2
        out.append(Markup('<text class="col-label" transform="translate(%s %s) rotate(-40)">'
                          '<title>%s</title>%s</text>') % (_n(x), head_h - 8, col, clip(col, 30)))
    for i, row in enumerate(rows):
        y = head_h + cell_h * i
        out.append(Markup('<text class="row-label" x="%s" y="%s"><title>%s</title>%s</text>')
                   % (label_w - 10, _n(y + cell_h / 2 + 4), row, clip(row, 46)))
        for j, cell in enumerate(cells[i]):
            x = label_w + cell_w * j
            level = cell.share / top
            cls = "cell" if cell.n else "cell cell-empty"
            tip = f"{row} — {cols[j]}: {cell.n} of {cell.total} passages " \
                  f"({percent(cell.n, cell.total)})"
            out.append(Markup('<rect class="%s" x="%s" y="%s" width="%s" height="%s" '
                              'style="fill-opacity:%s"><title>%s</title></rect>')
                       % (cls, x + 1, y + 1, cell_w - 2, cell_h - 2,
                          f"{0.1 + 0.9 * level:.3f}" if cell.n else "1", tip))
            if cell.n:
                txt = "cell-text on-dark" if level > 0.55 else "cell-text"
                out.append(Markup('<text class="%s" x="%s" y="%s" aria-hidden="true">%s</text>')
                           % (txt, _n(x + cell_w / 2), _n(y + cell_h / 2 + 4),
                              percent(cell.n, cell.total)))
    out.append(Markup("</svg>"))
    return Markup("\n").join(out)


# --------------------------------------------------------------------------- bars


@dataclass(frozen=True)
class Segment:
    label: str  # series name (theme title, or "No theme")
    colour: int  # palette index, -1 for the neutral colour
    n: int


def stacked_bars_svg(years: Sequence[str], stacks: Sequence[Sequence[Segment]],
                     label_id: str, unit: str = "event") -> Markup:
    """One bar per year (every year of the range, so gaps show), segments stacked."""
    n = len(years)
    left, bottom, top_pad, plot_h = 34, 28, 10, 180
    slot = max(6.0, min(60.0, 660 / max(n, 1)))
    width = left + slot * n + 10
    height = top_pad + plot_h + bottom
    peak = max((sum(s.n for s in stack) for stack in stacks), default=0) or 1
    step = 1 if peak <= 6 else 2 if peak <= 12 else 5 if peak <= 30 else 10
    peak = -(-peak // step) * step  # the top gridline is a whole step above the tallest bar
    scale = plot_h / peak
    base = top_pad + plot_h
    out = [Markup('<svg class="chart bars" viewBox="0 0 %s %s" role="img" '
                  'aria-labelledby="%s" focusable="false">') % (_n(width), height, label_id)]
    for tick in range(0, peak + 1, step):
        y = base - tick * scale
        out.append(Markup('<line class="grid" x1="%s" x2="%s" y1="%s" y2="%s"></line>'
                          '<text class="tick" x="%s" y="%s">%s</text>')
                   % (left, _n(width - 6), _n(y), _n(y), left - 6, _n(y + 4), tick))
    label_every = 1 if slot >= 34 else 2 if slot >= 18 else 5 if slot >= 8 else 10
    for i, (year, stack) in enumerate(zip(years, stacks, strict=True)):
        x = left + slot * i
        y = base
        for seg in stack:
            if not seg.n:
                continue
            h = seg.n * scale
            y -= h
            noun = unit if seg.n == 1 else unit + "s"
            out.append(Markup('<rect class="bar %s" x="%s" y="%s" width="%s" height="%s">'
                              '<title>%s: %s %s — %s</title></rect>')
                       % (colour_class(seg.colour), _n(x + slot * 0.15), _n(y),
                          _n(slot * 0.7), _n(h), year, seg.n, noun, seg.label))
        labelled = int(year) % label_every == 0 if year.isdigit() else i % label_every == 0
        if labelled:
            out.append(Markup('<text class="year" x="%s" y="%s">%s</text>')
                       % (_n(x + slot / 2), base + 18, year))
    out.append(Markup('<line class="axis" x1="%s" x2="%s" y1="%s" y2="%s"></line>')
               % (left, _n(width - 6), base, base))
    out.append(Markup("</svg>"))
    return Markup("\n").join(out)
