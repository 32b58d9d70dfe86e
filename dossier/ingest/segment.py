"""Stage 3: normalised lines -> text units (paragraph candidates).

Rules, in order (each removal is logged with its reason):

1.-3. The line rules (:mod:`.line_rules`): boilerplate lines, page numbers and section
   breaks, running headers and footers go.
4. Lines are grouped into blocks at blank lines. A document is *hard-wrapped* (PDF
   extraction) when its lines are short and most do not end a sentence; then the
   lines of a block are joined into one unit, split only at a hard break (two
   trailing spaces) or a bullet glyph. Otherwise each line is its own unit, which
   also handles documents whose paragraphs are separated by single newlines.
5. A very short last line of a wrapped block whose sentence continues in the next
   block is a stray fragment from a column break and goes.
6. Units are joined back where a page or column break split a paragraph: the first
   ends mid-sentence and the next starts in lower case, or the first ends with a
   hyphen, or a running header/page number was removed between them and the next
   does not look like a heading.
7. Joining lines: a line-final hyphen before a capital or digit is a real compound
   (``Pakistan-`` + ``Russia``) and stays; before a lower-case letter it is removed
   only when the joined word is better attested than the hyphenated one, first in
   the document itself and then in the ``wordfreq`` lexicon.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from dossier.ingest.line_rules import BULLET, drop_lines
from dossier.ingest.markers import MARKER_RUN, SUPERSCRIPT_MARK
from dossier.ingest.registry import Registry
from dossier.model import Join, Line, Removal

_FOOTNOTE_LINE = re.compile(rf"^\s*[{SUPERSCRIPT_MARK}]+\s")
_TRAILING_MARKERS = re.compile(rf"(?:{MARKER_RUN})$")
_FUNCTION_END = re.compile(
    r"\b(?:the|a|an|of|for|to|in|on|with|by|at|from|as|or|and|that|which|its|their)$", re.I
)
# What ends a sentence, in the scripts a seed may be in: Latin, Arabic-script (Urdu ۔, ؟
# and ؛), Devanagari (।, ॥) and CJK (。！？); closing quotes and brackets may follow.
SENTENCE_END = ".!?:;…۔؟؛।॥。！？"
COMMAS = ",،"  # the Latin comma and the Arabic-script one
TERMINAL = re.compile(rf"[{SENTENCE_END}][\"'”’»)\]*]*$")
_NO_HEADING_END = re.compile(rf"[{SENTENCE_END}{COMMAS}][\"'”’»]*$")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass
class Unit:
    """A paragraph candidate: joined text and the raw lines it spans."""

    text: str
    line: int
    end_line: int
    bullet: bool = False
    after_removed_break: bool = False  # a running header/page number sat just before it
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class Segmented:
    units: tuple[Unit, ...]
    removals: tuple[Removal, ...]
    joins: tuple[Join, ...]
    wrapped: bool


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence, note markers after its last word set aside."""
    return bool(TERMINAL.search(_TRAILING_MARKERS.sub("", text.rstrip())))


def starts_lower(text: str) -> bool:
    if _FOOTNOTE_LINE.match(text):
        return False
    stripped = text.lstrip(" \"'“‘([")
    return bool(stripped) and stripped[0].islower()


def looks_like_heading(text: str) -> bool:
    """Short, capitalised (or in a script without case), no sentence punctuation at the
    end, few commas."""
    t = text.strip()
    words = t.split()
    if not t or len(t) > 120 or len(words) > 14:
        return False
    if ends_sentence(t) or _NO_HEADING_END.search(t) or sum(map(t.count, COMMAS)) >= 2:
        return False
    first = t.lstrip("\"'“‘«(")[:1]
    # a capital, a digit, or a letter of a script without case (Arabic, Devanagari, CJK)
    return bool(first) and (first.isupper() or first.isdigit()
                            or (first.isalpha() and not first.islower()))


def is_wrapped(lines: tuple[Line, ...]) -> bool:
    """Hard-wrapped text: short lines, most of which do not end a sentence."""
    texts = [ln.text.strip() for ln in lines if ln.text.strip()]
    if len(texts) < 6:
        return False
    median = statistics.median(len(t) for t in texts)
    open_ended = sum(1 for t in texts if not ends_sentence(t)) / len(texts)
    return median <= 100 and open_ended >= 0.5


def _vocabulary(lines: tuple[Line, ...]) -> set[str]:
    vocab: set[str] = set()
    for ln in lines:
        vocab.update(w.lower() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", ln.text))
    return vocab


def join_hyphenated(left: str, right: str, vocab: set[str]) -> tuple[str, bool]:
    """Join ``left`` ending in '-' with ``right``. Returns (text, hyphen_removed)."""
    right = right.lstrip()
    m = re.search(r"([^\W\d_]+)-$", left)
    if not m or not right or not right[0].islower():
        return left + right, False
    head = m.group(1)
    tail_m = re.match(r"[^\W\d_]+", right)
    if not tail_m:
        return left + right, False
    tail = tail_m.group(0)
    joined, hyphenated = (head + tail).lower(), f"{head}-{tail}".lower()
    if hyphenated in vocab:
        remove = False
    elif joined in vocab:
        remove = True
    else:
        # imported here: loading the lexicon takes a quarter of a second, which builds that
        # ingest nothing (nothing changed, essays only) should not pay
        from wordfreq import zipf_frequency

        remove = zipf_frequency(joined, "en") > zipf_frequency(hyphenated, "en")
    if remove:
        return left[:-1] + right, True
    return left + right, False


def _join_lines(parts: list[Line], source: str, vocab: set[str], joins: list[Join]) -> str:
    text = ""
    for ln in parts:
        piece = ln.text.strip()
        if not text:
            text = piece
        elif text.endswith("-") and piece and not text.endswith(" -"):
            before = text
            text, removed = join_hyphenated(text, piece, vocab)
            if removed:
                head = re.search(r"([^\W\d_]+)-$", before).group(1)  # type: ignore[union-attr]
                tail = re.match(r"[^\W\d_]+", piece).group(0)  # type: ignore[union-attr]
                joins.append(Join(source, ln.number - 1, (head, tail), head + tail))
        else:
            text = f"{text} {piece}"
    return text


def _split_block(block: list[Line], wrapped: bool) -> list[list[Line]]:
    """Split one blank-line-separated block into unit line groups."""
    if not wrapped:
        return [[ln] for ln in block]
    groups: list[list[Line]] = []
    current: list[Line] = []
    for i, ln in enumerate(block):
        hard_break = ln.text.endswith("  ")
        stripped = ln.text.strip()
        if current and BULLET.match(ln.text):
            groups.append(current)
            current = []
        elif (
            current
            and hard_break
            and looks_like_heading(stripped)
            and ends_sentence(current[-1].text.strip())
        ):
            groups.append(current)  # a heading glued under a paragraph
            current = []
        current.append(ln)
        if hard_break and i + 1 < len(block):
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def segment(
    lines: tuple[Line, ...], source: str, boilerplate: tuple[re.Pattern[str], ...] = ()
) -> Segmented:
    removals: list[Removal] = []
    joins: list[Join] = []
    kept = drop_lines(lines, source, boilerplate, removals)
    body_lines = tuple(ln for ln in kept if ln is not None)
    wrapped = is_wrapped(body_lines)
    vocab = _vocabulary(body_lines)
    blocks = _blocks(kept)
    units: list[Unit] = []
    for bi, (block, after_break) in enumerate(blocks):
        next_text = blocks[bi + 1][0][0].text if bi + 1 < len(blocks) else ""
        groups = _split_block(block, wrapped)
        for gi, group in enumerate(groups):
            if wrapped and gi == len(groups) - 1:
                group = _drop_stray_fragment(group, next_text, source, removals)
            bullet = bool(BULLET.match(group[0].text))
            text = _join_lines(group, source, vocab, joins)
            units.append(Unit(text=text, line=group[0].number, end_line=group[-1].number,
                              bullet=bullet, after_removed_break=after_break and gi == 0,
                              lines=list(group)))

    merged = _merge_breaks(units, source, vocab, joins, wrapped)
    return Segmented(tuple(merged), tuple(removals), tuple(joins), wrapped)


def _blocks(kept: list[Line | None]) -> list[tuple[list[Line], bool]]:
    """Blocks at blank lines, each with whether a removed break preceded it."""
    blocks: list[tuple[list[Line], bool]] = []
    current: list[Line] = []
    pending_break = False
    current_break = False
    for item in kept:
        if item is None:
            pending_break = True
            if current:
                blocks.append((current, current_break))
                current = []
            continue
        if not item.text.strip():
            if current:
                blocks.append((current, current_break))
                current = []
            continue
        if not current:
            current_break = pending_break
            pending_break = False
        current.append(item)
    if current:
        blocks.append((current, current_break))
    return blocks


def _drop_stray_fragment(group: list[Line], next_text: str, source: str,
                         removals: list[Removal]) -> list[Line]:
    """Rule 5: a last line of at most two words (25 characters) ending a wrapped block,
    when the sentence before it and the next block both run on, is a stray fragment."""
    if len(group) >= 2 and starts_lower(next_text):
        stray, prev = group[-1], group[-2].text.strip()
        words = stray.text.split()
        if len(words) <= 2 and len(stray.text.strip()) <= 25 and not ends_sentence(prev):
            removals.append(Removal(source, stray.number, stray.text.strip(),
                                    "stray fragment left by a column break"))
            return group[:-1]
    return group


_ENDS_IN_URL = re.compile(r"(?:https?://|www\.)\S+$", re.IGNORECASE)


def _hyphen_end(prev_text: str, unit: Unit, wrapped: bool) -> bool:
    """The first unit ends with a hyphen: a word cut at the break."""
    return prev_text.endswith("-")


def _lower_start(prev_text: str, unit: Unit, wrapped: bool) -> bool:
    """The next unit starts in lower case: the sentence runs on."""
    return starts_lower(unit.text)


def _open_end(prev_text: str, unit: Unit, wrapped: bool) -> bool:
    """A long first unit (over 120 characters) ends on a function word (``the``, ``of``
    …) or inside an unclosed bracket."""
    unclosed = prev_text.count("(") > prev_text.count(")")
    return bool(_FUNCTION_END.search(prev_text) or unclosed) and len(prev_text) > 120


def _cut_by_break(prev_text: str, unit: Unit, wrapped: bool) -> bool:
    """A first unit ending in a letter or digit, over 60 characters after a removed
    running header/page number (over 200 in a text that is not hard-wrapped), and a
    next unit that is not a heading. Not a first unit ending in a web address before a
    capital: an address ends a paragraph without a full stop."""
    return (
        len(prev_text) > (60 if unit.after_removed_break else 200)
        and (unit.after_removed_break or not wrapped)
        and prev_text[-1:].isalnum()
        and not looks_like_heading(unit.text)
        and not (_ENDS_IN_URL.search(prev_text) and unit.text[:1].isupper())
    )


JoinRule = Callable[[str, Unit, bool], bool]


def join_rules() -> Registry[JoinRule]:
    """Rule 6, the reasons to join a unit to the one before (any one is enough)."""
    rules: Registry[JoinRule] = Registry()
    rules.register(_hyphen_end, "hyphen_end", 40)
    rules.register(_lower_start, "lower_start", 30)
    rules.register(_open_end, "open_end", 20)
    rules.register(_cut_by_break, "cut_by_break", 10)
    return rules


JOIN_RULES = join_rules()


def _continues(prev: Unit, unit: Unit, wrapped: bool) -> bool:
    """Rule 6: ``unit`` continues ``prev`` across a page or column break. Never after a
    short heading, a finished sentence, or before a list item or a footnote."""
    if unit.bullet:
        return False
    prev_text = prev.text.rstrip()
    heading_prev = looks_like_heading(prev_text) and not prev.bullet and len(prev_text) < 60
    if heading_prev or ends_sentence(prev_text) or _FOOTNOTE_LINE.match(unit.text):
        return False
    return any(rule(prev_text, unit, wrapped) for rule in JOIN_RULES)


def _merge_breaks(
    units: list[Unit], source: str, vocab: set[str], joins: list[Join], wrapped: bool
) -> list[Unit]:
    out: list[Unit] = []
    for unit in units:
        if out and _continues(out[-1], unit, wrapped):
            prev = out[-1]
            joined = _join_lines(
                [Line(prev.end_line, prev.text.rstrip()), Line(unit.line, unit.text)], source,
                vocab, joins,
            )
            out[-1] = Unit(text=joined, line=prev.line, end_line=unit.end_line,
                           bullet=prev.bullet, after_removed_break=prev.after_removed_break,
                           lines=prev.lines + unit.lines)
            continue
        out.append(unit)
    return out
