"""Blocks -> safe HTML. Pure functions; no Pelican, no Jinja, no I/O.

Seed text is data. It is never read as Markdown or as a template: every
character of ``Block.text`` goes through :func:`markupsafe.escape`, and the only
markup added is what the model describes (``Span``s, block kinds, fields).
Everything returned is :class:`markupsafe.Markup`, so templates can output it
as is while still auto-escaping everything else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from dossier.ingest.citations import entry_numbers
from dossier.ingest.ids import PREFIX
from dossier.model import Block, DocMeta, Span
from dossier.urls import is_safe_url
from dossier.util.text import ELLIPSIS, excerpt

_PERMALINK_NOUN = {
    "paragraph": "paragraph",
    "list_item": "list item",
    "caption": "caption",
    "footnote": "footnote",
    "reference": "reference",
    "comment": "comment",
    "bio": "biography",
    "heading": "section",
}


@dataclass(frozen=True)
class RenderOptions:
    """What a block needs to know about its document to render itself."""

    excerpt: bool = False
    # footnote label or footnote id -> footnote block id (for fnref spans); in a document
    # without footnotes, an entry number of its numbered reference list -> the entry's id
    footnotes: Mapping[str, str] = field(default_factory=dict)
    # current passage id -> old ids that must keep working
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # passage id -> entity mentions to link: (start, end, href), offsets in Block.text
    mentions: Mapping[str, tuple[tuple[int, int, str], ...]] = field(default_factory=dict)
    # passage id -> what the documentary layer says about it (themes, events), shown after it
    notes: Mapping[str, Markup] = field(default_factory=dict)
    # passage id -> its Chicago citation (dossier.pages.head), revealed when the passage is the
    # target of the URL (its permalink was followed) and in the permalink's tooltip
    citations: Mapping[str, str] = field(default_factory=dict)
    # the lang of the text's words (DocMeta.lang): "" for English; the site's own words
    # around them (the passage number, "Cite this paragraph", the themes) stay English
    lang: str = ""


def options_for(blocks: Sequence[Block], meta: DocMeta) -> RenderOptions:
    """Build the render options of one document."""
    footnotes: dict[str, str] = {}
    for b in blocks:
        if b.kind == "footnote" and b.id:
            footnotes[b.id] = b.id
            if b.label:
                footnotes.setdefault(b.label, b.id)
    if not footnotes:  # a superscript number cites the reference entry of that number
        numbered = entry_numbers([b for b in blocks if b.kind == "reference" and b.id])
        footnotes = {str(n): rid for n, rid in sorted(numbered.items())}
    aliases: dict[str, list[str]] = {}
    for old, current in meta.aliases:
        if old and current and old != current:
            aliases.setdefault(current, []).append(old)
    return RenderOptions(
        excerpt=meta.mode == "excerpts",
        footnotes=footnotes,
        aliases={k: tuple(sorted(set(v))) for k, v in sorted(aliases.items())},
        lang=meta.lang,
    )


# --------------------------------------------------------------------------- inline


def _inside(t: Span, s: Span) -> bool:
    """``t`` nests inside ``s`` (a zero-width span sits inside if it is before ``s.end``)."""
    if s.start == s.end:
        return False
    if t.start == t.end:
        return s.start <= t.start < s.end
    return s.start <= t.start and t.end <= s.end


def _valid_spans(text: str, spans: Iterable[Span]) -> list[Span]:
    """In-range spans sorted outer-first; a span crossing another one is dropped.

    Only footnote references may be empty (a marker at a position)."""
    ordered = sorted(
        (s for s in spans
         if 0 <= s.start <= s.end <= len(text) and (s.start < s.end or s.kind == "fnref")),
        key=lambda s: (s.start, -s.end, s.kind, s.target),
    )
    kept: list[Span] = []
    for s in ordered:
        # Well nested: for every kept span, disjoint or contained.
        if all(s.start >= k.end or s.end <= k.start or _inside(s, k) for k in kept):
            kept.append(s)
    return kept


def _wrap(span: Span, inner: Markup, raw: str, opts: RenderOptions) -> Markup:
    if span.kind in ("em", "strong"):
        return Markup("<%s>%s</%s>") % (span.kind, inner, span.kind)
    if span.kind == "link":
        if is_safe_url(span.target):
            # a URL shown as itself: "ref-url" (print adds no second copy of the address)
            css = "external ref-url" if raw.startswith(("http://", "https://")) else "external"
            return Markup('<a class="%s" href="%s">%s</a>') % (css, span.target, inner)
        return inner
    if span.kind == "cite":  # an in-text citation: its reference entry, on the same page
        return Markup('<a class="cite" href="#%s">%s</a>') % (span.target, inner)
    if span.kind == "mention":
        return Markup('<a class="mention" href="%s">%s</a>') % (span.target, inner)
    if span.kind == "fnref":
        if raw.strip():  # the marker is in the text
            found = opts.footnotes.get(span.target) or opts.footnotes.get(raw.strip())
            links = [_note_link(found, raw.strip(), inner)]
        else:  # the notes marked at one place ("2" or "2,3"): one link each
            links = [_note_link(opts.footnotes.get(label), label, escape(label))
                     for label in span.target.split(",")]
        return Markup('<sup class="fnref">%s</sup>') % Markup(",").join(links)
    return inner


def _note_link(target: str | None, label: str, shown: Markup) -> Markup:
    """A note marker's link to its footnote or numbered reference entry (if it has one)."""
    if not target:
        return shown
    what = "Reference" if target.startswith(f"{PREFIX['reference']}-") else "Footnote"
    return Markup('<a href="#%s" aria-label="%s %s">%s</a>') % (target, what, label, shown)


def _render_range(text: str, spans: list[Span], start: int, end: int,
                  opts: RenderOptions) -> Markup:
    parts: list[Markup] = []
    pos = start
    i = 0
    while i < len(spans):
        s = spans[i]
        inner = [t for t in spans[i + 1:] if _inside(t, s)]
        parts.append(escape(text[pos:s.start]))
        parts.append(_wrap(s, _render_range(text, inner, s.start, s.end, opts),
                           text[s.start:s.end], opts))
        pos = s.end
        i += 1 + len(inner)
    parts.append(escape(text[pos:end]))
    return Markup("").join(parts)  # one join, not a copy of the string per span


def mention_spans(text: str, spans: Iterable[Span],
                  mentions: Iterable[tuple[int, int, str]]) -> list[Span]:
    """Mentions that can become links without breaking the text's own markup.

    A mention is skipped when it overlaps a link or an in-text citation (itself a link to
    the reference entry) or contains a footnote marker (no link
    inside a link), crosses an ``em`` (it may sit inside one or contain one), overlaps an
    earlier mention, or falls outside the text."""
    existing = _valid_spans(text, spans)
    kept: list[Span] = []
    for start, end, href in sorted(mentions):
        if not 0 <= start < end <= len(text):
            continue
        m = Span(start, end, "mention", href)  # type: ignore[arg-type]  # render-only kind
        ok = True
        for s in existing + kept:
            if s.kind == "fnref" and s.start == s.end:
                clash = start <= s.start < end
            elif s.kind in ("link", "fnref", "mention", "cite"):
                clash = start < s.end and s.start < end
            else:  # em: nested either way, or disjoint
                clash = not (end <= s.start or start >= s.end or _inside(m, s) or _inside(s, m))
            if clash:
                ok = False
                break
        if ok:
            kept.append(m)
    return kept


def render_inline(text: str, spans: Iterable[Span] = (),
                  opts: RenderOptions | None = None,
                  mentions: Iterable[tuple[int, int, str]] = ()) -> Markup:
    """Escape ``text`` and apply its spans. Crossing or out-of-range spans are ignored.

    ``mentions`` (start, end, href) become entity links where they fit, see
    :func:`mention_spans`."""
    opts = opts or RenderOptions()
    spans = list(spans)
    if mentions:
        spans += mention_spans(text, spans, mentions)
    return _render_range(text, _valid_spans(text, spans), 0, len(text), opts)


# --------------------------------------------------------------------------- blocks


def _body(block: Block, opts: RenderOptions) -> Markup:
    text, spans = block.text, block.spans
    mentions = opts.mentions.get(block.id, ()) if block.id else ()
    if opts.excerpt and block.kind != "heading":
        text, spans = excerpt(text, spans)
        if text != block.text:  # only mentions wholly inside the excerpt
            kept = len(text) - len(ELLIPSIS) - 1
            mentions = tuple(m for m in mentions if m[1] <= kept)
    return render_inline(text, spans, opts, mentions)


def _words(block: Block, opts: RenderOptions) -> Markup:
    """The block's own words (:func:`_body`), in their language when it is not English."""
    body = _body(block, opts)
    return Markup('<span lang="%s">%s</span>') % (opts.lang, body) if opts.lang else body


def _notes(block: Block, opts: RenderOptions) -> Markup:
    return opts.notes.get(block.id, Markup("")) if block.id else Markup("")


def permalink(block: Block, opts: RenderOptions | None = None) -> Markup:
    """The passage's number, ``¶ 15``, linking to the passage: it opens the passage, and
    CSS sets it in the margin (inline before the text on a narrow screen), on screen and
    in print. Its name for a screen reader is "Paragraph 15" (``¶`` is hidden from it).
    With a citation the link carries it (``data-cite``); :func:`citebox` shows it.
    Left out of the search index's text, but Pagefind's anchor text of the passage starts
    with it, which is how search results show the number."""
    if not block.id:
        return Markup("")
    noun = _PERMALINK_NOUN.get(block.kind, "passage")
    number = Markup('<span aria-hidden="true">¶</span>')
    if block.number:
        number += Markup('<span class="visually-hidden">%s</span> %d') % (
            noun.capitalize(), block.number)
    else:
        number += Markup('<span class="visually-hidden">Permalink to this %s</span>') % noun
    citation = opts.citations.get(block.id) if opts is not None else None
    if not citation:
        return Markup('<a class="permalink" href="#%s">%s</a>') % (block.id, number)
    return Markup('<a class="permalink" href="#%s" title="Link to this %s, and how to cite it"'
                  ' data-cite="%s">%s</a>') % (block.id, noun, citation, number)


def citebox(block: Block, opts: RenderOptions | None = None) -> Markup:
    """"Cite this paragraph: …" after the passage's text, with no space before it (the
    passage's last word then ends Pagefind's text of it, which gets a full stop between
    list items). Shown by CSS only while the passage is the URL's target (its number was
    followed): no JavaScript needed; ``cite.js`` adds a Copy button."""
    citation = opts.citations.get(block.id) if opts is not None and block.id else None
    if not citation:
        return Markup("")
    noun = _PERMALINK_NOUN.get(block.kind, "passage")
    return Markup(
        '<span class="citebox" data-pagefind-ignore>'
        '<span class="citebox-label">Cite this %s:</span> <span class="citebox-text">%s</span>'
        '</span>') % (noun, citation)


def _id_attr(block: Block) -> Markup:
    return Markup(' id="%s"') % block.id if block.id else Markup("")


def alias_anchors(block: Block, opts: RenderOptions) -> Markup:
    """Empty elements carrying old passage ids, so old links keep landing here."""
    olds = opts.aliases.get(block.id, ())
    return Markup("").join(Markup('<span class="alias" id="%s"></span>') % old for old in olds)


def format_reference(block: Block, opts: RenderOptions | None = None) -> Markup:
    """A reference entry as the source wrote it, word for word: its text with its inline
    spans (``*italics*``, links, in-text citation targets), then any note the cleaner
    added (an entry listed more than once in the source), marked as editorial.

    The parsed fields (authors, title, venue, year, url) are metadata for citations and
    data; they are never used to rebuild what the reader sees, so a field parsed wrongly
    cannot cut or drop the entry's words."""
    opts = opts or RenderOptions()
    out = _body(block, opts)
    for entity, char in (("&#34;", '"'), ("&#39;", "'")):
        if out.endswith(entity):  # a closing quote, written as itself: Pagefind reads the
            out = Markup(str(out)[: -len(entity)] + char)  # raw HTML, ends the entry after it
    if opts.lang:
        out = Markup('<span lang="%s">%s</span>') % (opts.lang, out)
    note = dict(block.fields).get("note", "").strip()
    if note:
        out += Markup(' <span class="ref-note">[%s]</span>') % note
    return out


def render_block(block: Block, opts: RenderOptions | None = None, heading_level: int = 2
                 ) -> Markup:
    """One block as one element (list items as ``<li>``, see :func:`render_blocks`)."""
    opts = opts or RenderOptions()
    kind = block.kind
    ida, link = _id_attr(block), permalink(block, opts)
    link = link + Markup(" ") if link else link
    box = citebox(block, opts)
    before = alias_anchors(block, opts)
    if kind == "heading":
        tag = Markup(f"h{min(max(heading_level, 2), 6)}")
        return before + Markup("<%s%s>%s%s%s</%s>") % (tag, ida, link, _words(block, opts), box,
                                                       tag)
    if kind in ("list_item", "footnote", "reference"):
        # <li>: aliases go inside (nothing but <li> may sit in a list).
        if kind == "reference":
            content = format_reference(block, opts)
        else:
            content = _words(block, opts)
        label = Markup("")
        if kind == "footnote" and block.label:
            label = Markup('<span class="fn-label">%s.</span> ') % block.label
        return Markup("<li%s>%s%s%s%s%s%s</li>") % (ida, before, link, label, content, box,
                                                    _notes(block, opts))
    if kind == "caption":
        credit = Markup("")
        if block.credit:
            credit = Markup(' <small class="credit">%s</small>') % block.credit
        return before + Markup(
            '<p class="caption"%s>%s<span class="caption-label">Image caption:</span> %s%s%s%s</p>'
        ) % (ida, link, _words(block, opts), credit, box, _notes(block, opts))
    css = {"paragraph": "", "comment": "comment", "bio": "bio"}.get(kind, "")
    cls = Markup(' class="%s"') % css if css else Markup("")
    return before + Markup("<p%s%s>%s%s%s%s</p>") % (cls, ida, link, _words(block, opts), box,
                                                      _notes(block, opts))


_LIST_TAGS = {"list_item": ("ul", ""), "footnote": ("ol", "footnotes"),
              "reference": ("ul", "references")}


def render_blocks(blocks: Iterable[Block], opts: RenderOptions | None = None,
                  heading_level: int = 2) -> Markup:
    """A run of blocks. Consecutive list items of one group become one ``<ul>``,
    consecutive footnotes one ``<ol class="footnotes">``, references one
    ``<ul class="references">``."""
    opts = opts or RenderOptions()
    out: list[Markup] = []
    items: list[Markup] = []
    run: tuple[str, int] | None = None

    def flush() -> None:
        if items and run:
            tag, css = _LIST_TAGS[run[0]]
            cls = Markup(' class="%s"') % css if css else Markup("")
            out.append(Markup("<%s%s>\n%s\n</%s>") % (
                Markup(tag), cls, Markup("\n").join(items), Markup(tag)))
        items.clear()

    for b in blocks:
        if b.kind in _LIST_TAGS:
            key = (b.kind, b.group if b.kind == "list_item" else 0)
            if key != run:
                flush()
                run = key
            items.append(render_block(b, opts))
            continue
        flush()
        run = None
        out.append(render_block(b, opts, heading_level))
    flush()
    return Markup("\n").join(out)
