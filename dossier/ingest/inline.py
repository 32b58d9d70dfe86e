"""Stage 5: inline residue in a block's text -> plain text plus typed spans.

Text extracted from converted documents keeps markup residue: Markdown emphasis
(``*Title*``, ``**strong**``), escapes (``\\$``), autolinks (``<https://…>``), ``[text](url)``
links, bare URLs, and superscript footnote markers (``word¹``). This stage turns
them into :class:`~dossier.model.Span` objects over plain text, so the renderer can
escape the text and add markup itself: the text is never interpreted as Markdown.
It also closes a space left after a hyphen in short compounds (``US- Pakistan``).
Nothing with words in it is dropped, except a link target that merely repeats
its own text (logged).
"""

from __future__ import annotations

import re
from dataclasses import replace

from dossier.ingest.markers import MARKER_RUN, marker_labels
from dossier.model import Block, Removal, Span
from dossier.urls import quote_href

_TOKEN = re.compile(
    r"(?P<esc>\\(?P<escaped>[\\$*_\[\]()#<>`]))"
    r"|\[(?P<ltext>[^\]\n]{1,2000})\]\((?P<lurl>https?://(?:[^\s()]|\([^\s()]*\))+)\)"
    r"|<(?P<auto>https?://[^\s<>]+)>"
    r"|(?P<bare>https?://[^\s<>\]\"”]+[^\s<>\]\"”.,;:)’'])"
    r"|(?<![\w*])\*\*(?P<strong>[^\s*](?:[^*\n]{0,300}?[^\s*])?)\*\*(?![\w*])"
    r"|(?<![\w*])\*(?P<em>[^\s*](?:[^*\n]{0,300}?[^\s*])?)\*(?![\w*])"
    rf"|(?<=[\w.,;:)\]”\"’])(?P<fn>{MARKER_RUN})(?=[\s.,;:)]|$)"
)
_HYPHEN_SPACE = re.compile(r"\b([A-Z][A-Za-z]{0,3})- (?=[A-Z])")


def parse_inline(text: str, source: str = "", line: int = 0) -> tuple[
    str, tuple[Span, ...], tuple[Removal, ...]
]:
    text = _HYPHEN_SPACE.sub(r"\1-", text)
    out: list[str] = []
    spans: list[Span] = []
    removals: list[Removal] = []
    pos = 0
    length = 0

    def emit(piece: str) -> tuple[int, int]:
        nonlocal length
        start = length
        out.append(piece)
        length += len(piece)
        return start, length

    for m in _TOKEN.finditer(text):
        emit(text[pos:m.start()])
        pos = m.end()
        if m.group("esc"):
            emit(m.group("escaped"))
        elif m.group("ltext") is not None:
            label, url = m.group("ltext"), m.group("lurl")
            label = label.replace("\\", "")
            start, end = emit(label)
            spans.append(Span(start, end, "link", quote_href(url)))
            if label.strip() != url:
                removals.append(
                    Removal(source, line, url, "link target, kept as the link's address"))
            else:
                removals.append(Removal(source, line, url, "link target repeating its own text"))
        elif m.group("auto"):
            start, end = emit(m.group("auto"))
            spans.append(Span(start, end, "link", quote_href(m.group("auto"))))
        elif m.group("bare"):
            start, end = emit(m.group("bare"))
            spans.append(Span(start, end, "link", quote_href(m.group("bare"))))
        elif m.group("em") or m.group("strong"):
            kind = "em" if m.group("em") else "strong"
            start, end = emit(m.group(kind))
            spans.append(Span(start, end, kind))
        elif m.group("fn"):  # one span for the notes marked at this place: "2,3"
            labels = marker_labels(m.group("fn"))
            spans.append(Span(length, length, "fnref", ",".join(labels)))
            removals.append(Removal(source, line, m.group("fn"), "footnote marker, shown as "
                                    f"a link to note{'s' * (len(labels) > 1)} "
                                    f"{', '.join(labels)}"))
    emit(text[pos:])
    return "".join(out), tuple(spans), tuple(removals)


def apply_inline(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], tuple[Removal, ...]]:
    out: list[Block] = []
    removals: list[Removal] = []
    for b in blocks:
        text, spans, rm = parse_inline(b.text, b.source, b.line)
        fields = tuple((k, parse_inline(v)[0]) for k, v in b.fields)
        credit = parse_inline(b.credit)[0] if b.credit else ""
        out.append(replace(b, text=text, spans=spans, fields=fields, credit=credit))
        removals.extend(rm)
    return tuple(out), tuple(removals)
